package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Sequences: CREATE/ALTER/DROP SEQUENCE, the sequences serial and
// identity columns own (made with their table, dropped with it or with
// the column, restarted by TRUNCATE ... RESTART IDENTITY), and column
// defaults that draw from a sequence. The values themselves come from
// the catalog's allocator (catalog/seqalloc.go), outside the statement's
// transaction.

func (it *ddlIter) createSequence(n *plan.CreateSequence) error {
	r := it.r
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	s := *n.Seq
	if s.Privileges, err = r.newPrivileges(db, catalog.DefaultSequences); err != nil {
		return err
	}
	if s.OwnedTable != "" {
		if err := r.checkSeqOwner(&s); err != nil {
			return err
		}
	}
	err = r.x.cat.CreateSequence(r.ctx, txn, db, &s)
	return ignoreIf(err, n.IfNotExists, errs.DuplicateTable)
}

// checkSeqOwner checks the table and column of OWNED BY.
func (r *run) checkSeqOwner(s *catalog.Sequence) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, s.OwnedTable)
	if err != nil {
		return err
	}
	if _, _, ok := t.FieldByName(s.OwnedColumn); !ok {
		return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", s.OwnedColumn, s.OwnedTable)
	}
	return nil
}

func (it *ddlIter) alterSequence(n *plan.AlterSequence) error {
	r := it.r
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cur, err := r.x.cat.Sequence(r.ctx, txn, db, n.Name)
	if err != nil {
		return ignoreIf(err, n.IfExists, errs.UndefinedTable)
	}
	s := *cur
	n.Options.Apply(&s, false)
	if s.OwnedTable != "" && n.Options.OwnedBy {
		if err := r.checkSeqOwner(&s); err != nil {
			return err
		}
	}
	return ignoreIf(r.x.cat.AlterSequence(r.ctx, txn, db, &s, n.Options.Restart, n.Options.RestartValue(&s)), false, "")
}

// dropSequence drops a sequence. One a column default draws from is
// refused (2BP01) unless cascade, which drops those defaults; one an
// identity column owns cannot be dropped but with the column.
func (r *run) dropSequence(name string, ifExists, cascade bool) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	if _, err := r.x.cat.Sequence(r.ctx, txn, db, name); err != nil {
		if errs.Code(err) == errs.UndefinedTable {
			if _, verr := r.x.cat.View(r.ctx, txn, db, name); verr == nil {
				return errs.New(errs.WrongObjectType, "%q is not a sequence", name).WithHint("Use DROP VIEW to remove a view.")
			}
			if exists, _ := r.x.cat.RelationExists(r.ctx, txn, db, name); exists {
				return errs.New(errs.WrongObjectType, "%q is not a sequence", name).WithHint("Use DROP TABLE to remove a table.")
			}
		}
		return r.skipMissing(err, ifExists, errs.UndefinedTable, "sequence", name)
	}
	if err := r.seqDependents(name, "", "", "sequence "+name, cascade); err != nil {
		return err
	}
	return ignoreIf(r.x.cat.DropSequence(r.ctx, txn, db, name), false, "")
}

// seqDependents checks the column defaults that draw from sequence seq,
// in tables other than skip, before seq is dropped (what names the
// object dropped: "sequence s", "table t"): 2BP01 unless cascade, which
// drops those defaults. A sequence an identity column owns is only
// dropped with its column. The partitions of skip, whose column (column
// of skip, or every one) goes with it, do not count.
func (r *run) seqDependents(seq, skip, column, what string, cascade bool) error {
	txn, db, tables, err := r.txnTables()
	if err != nil {
		return err
	}
	for _, t := range tables {
		if t.Name == skip {
			continue
		}
		below := false
		if skip != "" {
			if below, err = r.partitionBelow(db, t, skip); err != nil {
				return err
			}
		}
		var changed *catalog.Table
		for i := range t.Fields {
			f := &t.Fields[i]
			if f.DefaultSeq != seq || below && (column == "" || f.Name == column) {
				continue
			}
			if f.Identity != catalog.IdentityNone {
				return errs.New(errs.DependentObjectsStillExist, "cannot drop %s because column %s of table %s requires it", what, f.Name, t.Name).
					WithHint("You can drop column %s of table %s instead.", f.Name, t.Name)
			}
			if !cascade {
				return errs.New(errs.DependentObjectsStillExist, "cannot drop %s because other objects depend on it", what).
					WithDetail("default value for column %s of table %s depends on sequence %s", f.Name, t.Name, seq).
					WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
			}
			if changed == nil {
				c := *t
				c.Fields = slices.Clone(t.Fields)
				changed = &c
			}
			cf := &changed.Fields[i]
			cf.HasDefault, cf.DefaultSeq = false, ""
		}
		if changed != nil {
			if err := r.x.cat.AlterTable(r.ctx, txn, db, changed); err != nil {
				return err
			}
		}
	}
	return nil
}

// ownedSequences are the sequences the columns of table own (all of them
// when column is "").
func (r *run) ownedSequences(table, column string) ([]*catalog.Sequence, error) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, err
	}
	seqs, err := r.x.cat.Sequences(r.ctx, txn, db)
	if err != nil {
		return nil, err
	}
	var out []*catalog.Sequence
	for _, s := range seqs {
		if s.OwnedTable == table && (column == "" || s.OwnedColumn == column) {
			out = append(out, s)
		}
	}
	return out, nil
}

// dropOwnedSequences drops the sequences owned by the columns of a table
// being dropped (or by one column being dropped), as PostgreSQL's
// dependencies do; other tables' defaults drawing from them are refused
// (2BP01) unless cascade.
func (r *run) dropOwnedSequences(table, column string, cascade bool) error {
	seqs, err := r.ownedSequences(table, column)
	if err != nil || len(seqs) == 0 {
		return err
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	what := "table " + table
	if column != "" {
		what = "column " + column + " of table " + table
	}
	for _, s := range seqs {
		if err := r.seqDependents(s.Name, table, column, what, cascade); err != nil {
			return err
		}
		if err := r.x.cat.DropSequence(r.ctx, txn, db, s.Name); err != nil {
			return err
		}
	}
	return nil
}

// renameSequenceOwner follows a column rename in the OWNED BY of the
// sequences the column owns.
func (r *run) renameSequenceOwner(table, from, to string) error {
	seqs, err := r.ownedSequences(table, from)
	if err != nil || len(seqs) == 0 {
		return err
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	for _, s := range seqs {
		if err := r.x.cat.SetSequenceOwner(r.ctx, txn, db, s.Name, table, to); err != nil {
			return err
		}
	}
	return nil
}

// restartOwnedSequences restarts the sequences a table's columns own
// (TRUNCATE ... RESTART IDENTITY), in the statement's transaction.
func (r *run) restartOwnedSequences(table string) error {
	seqs, err := r.ownedSequences(table, "")
	if err != nil {
		return err
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	for _, s := range seqs {
		c := *s
		if err := r.x.cat.AlterSequence(r.ctx, txn, db, &c, true, c.Start); err != nil {
			return err
		}
	}
	return nil
}

// tableSequences picks the names of the sequences a new table's serial
// and identity columns own — table_column_seq, or with a number when
// taken — and points the columns' defaults at them. t is the executor's
// copy of the table; the returned sequences are to be created once the
// table is.
func (r *run) tableSequences(t *catalog.Table, seqs []*catalog.Sequence) ([]*catalog.Sequence, error) {
	if len(seqs) == 0 {
		return nil, nil
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, err
	}
	t.Fields = slices.Clone(t.Fields)
	taken := map[string]bool{t.Name: true}
	out := make([]*catalog.Sequence, len(seqs))
	for i, s := range seqs {
		c := *s
		if c.Privileges, err = r.newPrivileges(db, catalog.DefaultSequences); err != nil {
			return nil, err
		}
		if c.Name != catalog.SerialSequenceName(c.OwnedTable, c.OwnedColumn, 0) {
			// A name the statement gave (SEQUENCE NAME): that one or
			// an error, as in PostgreSQL.
			exists, err := r.x.cat.RelationExists(r.ctx, txn, db, c.Name)
			if err != nil {
				return nil, err
			}
			if exists || taken[c.Name] {
				return nil, errs.New(errs.DuplicateTable, "relation %q already exists", c.Name)
			}
		} else if c.Name, err = r.freeSequenceName(txn, db, &c, taken); err != nil {
			return nil, err
		}
		taken[c.Name] = true
		f, _, ok := t.FieldByName(c.OwnedColumn)
		if !ok {
			return nil, internalf("sequence of a missing column %q", c.OwnedColumn)
		}
		f.DefaultSeq = c.Name
		out[i] = &c
	}
	return out, nil
}

// freeSequenceName is the first of table_column_seq, table_column_seq1,
// ... that no relation and no name in taken has: the name PostgreSQL
// gives a serial or identity column's sequence.
func (r *run) freeSequenceName(txn kv.Txn, db *catalog.Database, c *catalog.Sequence, taken map[string]bool) (string, error) {
	for n := 0; ; n++ {
		name := catalog.SerialSequenceName(c.OwnedTable, c.OwnedColumn, n)
		if taken[name] {
			continue
		}
		exists, err := r.x.cat.RelationExists(r.ctx, txn, db, name)
		if err != nil {
			return "", err
		}
		if !exists {
			return name, nil
		}
	}
}

// createSequences makes the sequences tableSequences named.
func (r *run) createSequences(seqs []*catalog.Sequence) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	for _, s := range seqs {
		if err := r.x.cat.CreateSequence(r.ctx, txn, db, s); err != nil {
			return err
		}
	}
	return nil
}

// nextval is the next value of the named sequence, for a column default:
// like SQL's nextval, it is the session's currval and lastval after.
// The sequence is t's database's: a temporary table's serial column
// draws from a sequence of the session's temporary schema even when the
// statement's database is another.
func (r *run) nextval(t *catalog.Table, name string) (int64, error) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return 0, err
	}
	if t != nil && t.Database != db.ID {
		// A temporary table's, or a schema's: not the statement's
		// database's sequence of that name.
		if db, err = r.tableDatabase(t); err != nil {
			return 0, err
		}
	}
	key := dbName{db.ID, name}
	s := r.seqs[key]
	if s == nil {
		if s, err = r.x.cat.Sequence(r.ctx, txn, db, name); err != nil {
			return 0, err
		}
		if r.seqs == nil {
			r.seqs = make(map[dbName]*catalog.Sequence)
		}
		r.seqs[key] = s
	}
	if err := r.checkSequence(s, catalog.PrivUsage|catalog.PrivUpdate); err != nil {
		return 0, err
	}
	v, err := r.x.cat.NextVal(r.ctx, txn, db, s)
	if err != nil {
		return 0, err
	}
	if r.env.Session != nil {
		r.env.Session.SeqValues().Record(s, v)
	}
	return v, nil
}
