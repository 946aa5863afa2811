package catalog

import (
	"context"
	"fmt"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// ALTER TABLE / VIEW / SEQUENCE / FUNCTION ... SET SCHEMA. Everything of
// a schema is keyed under the schema's id (schema.go), so a relation
// moving to another schema moves its keys: the descriptor, and for a
// table its records and index entries, for a sequence its state. Ids
// are the store's (nextID), so the same ids are free in the other
// schema's range and stay the relation's: its OIDs, and what refers to
// it by id, do not change. Moving a table costs a copy of its data, as
// PostgreSQL's SET TABLESPACE does, rather than PostgreSQL's catalog
// update; one DDL statement rarely moves a large table, and keeping the
// one-range-per-schema layout keeps DROP SCHEMA one range deletion.

// moveChunk is how many keys moveRange reads before writing them.
const moveChunk = 4096

// moveRange moves every key under prefix from to the same suffix under
// prefix to, with its value, inside txn, in chunks so that a large table
// does not sit in memory; the old range is then deleted in one range
// deletion.
func moveRange(ctx context.Context, txn kv.Txn, from, to []byte) error {
	start, end := keys.Span(from)
	type entry struct{ k, v []byte }
	buf := make([]entry, 0, moveChunk)
	for next := start; next != nil; {
		it := txn.Scan(ctx, next, end, false)
		buf, next = buf[:0], nil
		for it.Next() {
			k := it.Key()
			buf = append(buf, entry{append(append([]byte(nil), to...), k[len(from):]...), append([]byte(nil), it.Value()...)})
			if len(buf) == moveChunk {
				next = append(append([]byte(nil), k...), 0) // the key after k
				break
			}
		}
		err := it.Err()
		if cerr := it.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("catalog: move %s: %w", keys.Pretty(from), err)
		}
		for _, e := range buf {
			if err := txn.Put(e.k, e.v); err != nil {
				return fmt.Errorf("catalog: move %s: %w", keys.Pretty(from), err)
			}
		}
	}
	return clearRange(ctx, txn, start, end)
}

// errExistsIn is PostgreSQL's refusal of a move onto a name the target
// schema has.
func errExistsIn(name string, to *Database) error {
	return errs.New(errs.DuplicateTable, "relation %q already exists in schema %q", name, QualifiedSchema(to))
}

// checkMoveNameFree refuses a relation name that schema to has taken
// (42P07, naming the schema).
func (c *Catalog) checkMoveNameFree(ctx context.Context, txn kv.Txn, to *Database, name string) error {
	if err := c.checkRelationNameFree(ctx, txn, to, name); err != nil {
		if errs.Code(err) == errs.DuplicateTable {
			return errExistsIn(name, to)
		}
		return err
	}
	return nil
}

// checkMove checks that both schemas of a move are there, and that
// objects may be made in to (public may be gone: 3F000).
func (c *Catalog) checkMove(ctx context.Context, txn kv.Txn, from, to *Database) error {
	if err := c.checkLive(ctx, txn, from); err != nil {
		return err
	}
	if err := c.checkLive(ctx, txn, to); err != nil {
		return err
	}
	return c.checkSchema(ctx, txn, to)
}

// MoveTable moves table (or materialized view) name of from to schema
// to, with its records, its indexes and the sequences its columns own,
// and returns it as stored there. The relation's names — its own, its
// indexes', its primary key's and its sequences' — must be free in to
// (42P07). What names the table from elsewhere (foreign keys, views) is
// the caller's.
func (c *Catalog) MoveTable(ctx context.Context, txn kv.Txn, from, to *Database, name string) (*Table, error) {
	if err := c.checkMove(ctx, txn, from, to); err != nil {
		return nil, err
	}
	t, err := c.Table(ctx, txn, from, name)
	if err != nil {
		return nil, err
	}
	seqs, err := c.Sequences(ctx, txn, from)
	if err != nil {
		return nil, err
	}
	names := []string{t.Name}
	if len(t.PrimaryKey) > 0 {
		names = append(names, t.PKeyConstraint())
	}
	for i := range t.Indexes {
		names = append(names, t.Indexes[i].Name)
	}
	var owned []*Sequence
	for _, s := range seqs {
		if s.OwnedTable == t.Name {
			owned = append(owned, s)
			names = append(names, s.Name)
		}
	}
	for _, n := range names {
		if err := c.checkMoveNameFree(ctx, txn, to, n); err != nil {
			return nil, err
		}
	}
	if err := txn.Delete(keys.TableKey(nil, from.Namespace, from.ID, t.Name)); err != nil {
		return nil, fmt.Errorf("catalog: move table %q: %w", t.Name, err)
	}
	moved := *t
	moved.Database = to.ID
	if err := c.putTable(txn, to, &moved); err != nil {
		return nil, err
	}
	if err := moveRange(ctx, txn, keys.TablePrefix(nil, from.Namespace, from.ID, t.ID), keys.TablePrefix(nil, to.Namespace, to.ID, t.ID)); err != nil {
		return nil, err
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		f, g := keys.IndexPrefix(nil, from.Namespace, from.ID, ix.ID), keys.IndexPrefix(nil, to.Namespace, to.ID, ix.ID)
		if ix.Kind == IndexHNSW {
			f, g = keys.VectorIndexPrefix(nil, from.Namespace, from.ID, ix.ID), keys.VectorIndexPrefix(nil, to.Namespace, to.ID, ix.ID)
		}
		if err := moveRange(ctx, txn, f, g); err != nil {
			return nil, err
		}
	}
	for _, s := range owned {
		if err := c.moveSequence(ctx, txn, from, to, s); err != nil {
			return nil, err
		}
	}
	return &moved, nil
}

// MoveSequence moves sequence name of from to schema to with its state
// (42P07 when to has a relation of that name). A sequence a column owns
// moves with its table only, as in PostgreSQL (0A000).
func (c *Catalog) MoveSequence(ctx context.Context, txn kv.Txn, from, to *Database, name string) error {
	if err := c.checkMove(ctx, txn, from, to); err != nil {
		return err
	}
	s, err := c.Sequence(ctx, txn, from, name)
	if err != nil {
		return err
	}
	if s.OwnedTable != "" {
		return errs.New(errs.FeatureNotSupported, "cannot move an owned sequence into another schema").
			WithDetail("Sequence %q is linked to table %q.", s.Name, s.OwnedTable)
	}
	if err := c.checkMoveNameFree(ctx, txn, to, s.Name); err != nil {
		return err
	}
	return c.moveSequence(ctx, txn, from, to, s)
}

// moveSequence moves s's descriptor and state from from to to. Its
// Version advances, so that a node's block of values reserved under the
// old key is given up and the next reservation reads the moved state.
func (c *Catalog) moveSequence(ctx context.Context, txn kv.Txn, from, to *Database, s *Sequence) error {
	if err := c.giveBack(ctx, txn, from, s); err != nil {
		return err
	}
	st, err := readSeqState(ctx, txn, from, s)
	if err != nil {
		return err
	}
	if err := txn.Delete(keys.SequenceDescKey(nil, from.Namespace, from.ID, s.Name)); err != nil {
		return fmt.Errorf("catalog: move sequence %q: %w", s.Name, err)
	}
	if err := txn.Delete(keys.SequenceValueKey(nil, from.Namespace, from.ID, s.ID)); err != nil {
		return fmt.Errorf("catalog: move sequence %q: %w", s.Name, err)
	}
	moved := *s
	moved.Database, moved.Version = to.ID, s.Version+1
	if err := c.putSequence(txn, to, &moved); err != nil {
		return err
	}
	return writeSeqState(txn, to, s.ID, st)
}

// MoveView moves view name of from to schema to (42P07 when to has a
// relation of that name). Its stored query is left as it is: its bare
// names are public's wherever the view lives.
func (c *Catalog) MoveView(ctx context.Context, txn kv.Txn, from, to *Database, name string) error {
	if err := c.checkMove(ctx, txn, from, to); err != nil {
		return err
	}
	v, err := c.View(ctx, txn, from, name)
	if err != nil {
		return err
	}
	if err := c.checkMoveNameFree(ctx, txn, to, name); err != nil {
		return err
	}
	if err := c.DropView(ctx, txn, from, name); err != nil {
		return err
	}
	moved := *v
	return c.PutView(ctx, txn, to, &moved, false)
}

// MoveFunction moves function name of from to schema to (42723 when to
// has a function of that name: one function per name).
func (c *Catalog) MoveFunction(ctx context.Context, txn kv.Txn, from, to *Database, name string) error {
	if err := c.checkMove(ctx, txn, from, to); err != nil {
		return err
	}
	f, err := c.Function(ctx, txn, from, name)
	if err != nil {
		return err
	}
	if _, err := c.Function(ctx, txn, to, name); err == nil {
		return errs.New(errs.DuplicateFunction, "function %s already exists in schema %q", name, QualifiedSchema(to))
	} else if errs.Code(err) != errs.UndefinedFunction {
		return err
	}
	if err := c.DropFunction(ctx, txn, from, name); err != nil {
		return err
	}
	moved := *f
	return c.PutFunction(ctx, txn, to, &moved)
}
