package exec

import (
	"bytes"
	"slices"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// truncate empties the tables of a TRUNCATE. All are looked up before
// any is emptied, so a missing one changes nothing.
func (it *ddlIter) truncate(n *plan.Truncate) error {
	r := it.r
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	tables := make([]*catalog.Table, len(n.Tables))
	all := append(slices.Clone(n.Tables), n.Also...) // what the statement empties
	for i, name := range n.Tables {
		if tables[i], err = r.x.cat.Table(r.ctx, txn, db, name); err != nil {
			return err
		}
		if r.tracksAdjacency(tables[i]) {
			return errs.New(errs.FeatureNotSupported, "TRUNCATE of table %q, which has graph edges, is not supported", name)
		}
		if err := fkTruncate(tables[i], all); err != nil {
			return err
		}
		if err := r.fkTruncatePartition(tables[i], all); err != nil {
			return err
		}
	}
	if err := r.notices(n.Notices); err != nil {
		return err
	}
	if tables, err = r.withPartitions(tables); err != nil {
		return err
	}
	// As PostgreSQL: every table's BEFORE TRUNCATE triggers run before
	// any table is emptied, the AFTER ones at the statement's end.
	for _, t := range tables {
		if err := r.statementTriggers(t, nil, catalog.TriggerTruncate); err != nil {
			return err
		}
	}
	for _, t := range tables {
		if err := r.x.cat.TruncateTable(r.ctx, txn, db, t); err != nil {
			return err
		}
		r.countTruncate(t)
		if n.RestartIdentity {
			if err := r.restartOwnedSequences(t.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// txnDatabase is the statement's transaction and database, which every
// catalog change needs.
func (r *run) txnDatabase() (kv.Txn, *catalog.Database, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, nil, err
	}
	db, err := r.database()
	if err != nil {
		return nil, nil, err
	}
	return txn, db, nil
}

// tempDatabase is the session's temporary schema, for a temporary table
// the statement reads or writes.
func (r *run) tempDatabase() (*catalog.Database, error) {
	if r.env.Temp == nil {
		// A plan may only name a temporary table of its own session
		// (the session revalidates plans per session), so this is a
		// bug, not a user error.
		return nil, internalf("temporary table without a temporary schema")
	}
	return r.env.Temp, nil
}

// dbName names an object by its database (or schema) and name: the key
// of the per-run caches of descriptors found by name, which tables of
// several schemas may share.
type dbName struct {
	db   uint64
	name string
}

// tableDatabase is the database t lives in, for what t names by name
// there (its sequences, the tables of its foreign keys): the statement's
// database, the temporary schema, or a schema of the statement's
// database (CREATE SCHEMA).
func (r *run) tableDatabase(t *catalog.Table) (*catalog.Database, error) {
	if t == nil {
		return r.database()
	}
	return r.databaseByID(t.Database)
}

// databaseByID is the statement's database, its temporary schema or a
// schema of its database whose id is id.
func (r *run) databaseByID(id uint64) (*catalog.Database, error) {
	db, err := r.database()
	if err != nil || id == db.ID {
		return db, err
	}
	if keys.IsTempDatabase(id) {
		return r.tempDatabase()
	}
	if s := r.schemas[id]; s != nil {
		return s, nil
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	// DDL in a schema (inSchema, plan.Statement.Schema) may reach a
	// table of the database itself.
	parent := db.Base()
	var s *catalog.Database
	if id == parent.ID {
		// The database itself: whole, for DDL that checks it is there.
		s, err = r.parentDatabase(txn, db)
	} else {
		s, err = r.x.cat.SchemaByID(r.ctx, txn, parent, id)
	}
	if err != nil {
		return nil, err
	}
	if r.schemas == nil {
		r.schemas = make(map[uint64]*catalog.Database)
	}
	r.schemas[id] = s
	return s, nil
}

// txnTables is txnDatabase and the descriptors of all the database's
// tables.
func (r *run) txnTables() (kv.Txn, *catalog.Database, []*catalog.Table, error) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, nil, nil, err
	}
	tables, err := r.x.cat.Tables(r.ctx, txn, db)
	if err != nil {
		return nil, nil, nil, err
	}
	return txn, db, tables, nil
}

// tablesIn is the statement's transaction and the tables of d (the
// database, or a schema of it).
func (r *run) tablesIn(d *catalog.Database) (kv.Txn, []*catalog.Table, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, nil, err
	}
	tables, err := r.x.cat.Tables(r.ctx, txn, d)
	if err != nil {
		return nil, nil, err
	}
	return txn, tables, nil
}

// txnTable is txnDatabase and the descriptor of the table named name in
// it, as DDL on one table starts.
func (r *run) txnTable(name string) (kv.Txn, *catalog.Database, *catalog.Table, error) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, nil, nil, err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, name)
	if err != nil {
		return nil, nil, nil, err
	}
	return txn, db, t, nil
}

// addPrimaryKey makes n.Key the primary key of a table that has none:
// each record moves from its generated key to the key its columns give
// (PostgreSQL's errors: 23502 when a column holds NULL, 23505 when two
// records share a key), and the key columns become NOT NULL. It all
// happens in the statement's transaction, so a failure changes nothing.
//
// One sequential pass: a scan of the whole table is opened (it sees the
// table as it was), the table's key range is deleted with one kv range
// deletion, and every record is written under its new key as the scan
// yields it. Nothing but this statement's own writes can be in the range
// then, so a duplicate is a key written before: while the new keys
// ascend (pgbench_accounts re-keyed by aid) none can be, and the writes
// append to the write buffer's sorted tail; from the first key out of
// order on, each is looked up in the buffer (a Get of a key under our
// own range deletion never reaches the store and is not a read). The
// scan's read of the whole table makes a concurrent insert into it a
// serialization conflict rather than a record lost to the deletion.
func (it *ddlIter) addPrimaryKey(n *plan.AddPrimaryKey) error {
	r := it.r
	txn, db, t, err := r.txnTable(n.Table)
	if err != nil {
		return err
	}
	if len(t.PrimaryKey) > 0 {
		return errs.New(errs.InvalidTableDefinition, "multiple primary keys for table %q are not allowed", t.Name)
	}
	if !t.Schemafull {
		return errs.New(errs.FeatureNotSupported, "table %q has no columns to key by: a schemaless table is keyed by its id", t.Name)
	}
	nt := *t
	nt.Fields = slices.Clone(t.Fields)
	nt.PrimaryKey = slices.Clone(n.Key)
	nt.PKeyOptions, nt.PKeyClustered, nt.PKeyInclude = n.Options, false, n.Include
	nt.NamePKey(n.Name)
	for _, col := range n.Key {
		f, _, ok := nt.FieldByName(col)
		if !ok {
			return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", col, t.Name)
		}
		f.Optional = false
	}
	kt := keyType(&nt)
	keyFor := func(enc []byte, ov value.Value) (value.Value, error) {
		pk, ok := value.None, false
		var err error
		if ov.IsNone() {
			// Only the key columns are needed: no decoding of the rest.
			if pk, ok, err = keyColumns(enc, nt.PrimaryKey); err != nil {
				return value.None, errs.From(err)
			}
		}
		if !ok {
			if ov.IsNone() {
				if ov, err = decodeObject(t, enc); err != nil {
					return value.None, err
				}
			}
			if pk, err = pkKey(&nt, ov.AsObject()); err != nil {
				if errs.Code(err) == errs.NotNullViolation {
					return value.None, errs.New(errs.NotNullViolation, "column %q of relation %q contains null values", nullColumn(&nt, ov.AsObject()), t.Name)
				}
				return value.None, err
			}
		}
		nk, ok := normalizeKey(pk, kt)
		if !ok {
			return value.None, typeMismatch(0, "%s is not a valid key for table %q", pk.String(), t.Name)
		}
		return nk, nil
	}
	duplicate := func(nk value.Value) error {
		return errs.New(errs.UniqueViolation, "could not create unique index %q", t.PKeyConstraint()).
			WithDetail("Key (%s)=(%s) is duplicated.", strings.Join(nt.PrimaryKey, ", "), pkText(&nt, nk))
	}
	if err := r.rekey(txn, t, &nt, keyFor, duplicate); err != nil {
		return err
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}

// dropPrimaryKey drops t's primary key constraint. The key is where the
// records are stored, so each moves to a generated key, as in a table
// created without one (rekey); the key columns stay NOT NULL, as
// PostgreSQL leaves them. A foreign key referencing the key refuses it
// (2BP01), as one refuses dropping a unique constraint it relies on.
func (r *run) dropPrimaryKey(txn kv.Txn, db *catalog.Database, t *catalog.Table) error {
	name := t.PKeyConstraint()
	if t.Partitioned != nil || t.PartitionOf != "" {
		return errs.New(errs.FeatureNotSupported, "dropping the primary key constraint %q of partitioned table or partition %q is not supported", name, t.Name)
	}
	if err := r.fkColumnsInUse(t, t.PrimaryKey, "constraint "+name+" on table "+t.Name, name); err != nil {
		return err
	}
	nt := *t
	nt.PrimaryKey, nt.PKeyName, nt.PKeyOptions, nt.PKeyInclude = nil, "", nil, nil
	nt.PKeyClustered, nt.PKeyReplicaIdentity = false, false
	now := time.Now()
	keyFor := func([]byte, value.Value) (value.Value, error) { return r.x.keys.next(now), nil }
	duplicate := func(nk value.Value) error {
		return internalf("generated key %s of table %q given twice", nk.String(), t.Name)
	}
	if err := r.rekey(txn, t, &nt, keyFor, duplicate); err != nil {
		return err
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}

// rekey moves every record of t to the key keyFor gives it, nt being the
// table's new definition; duplicate makes the error for a key given
// twice. keyFor gets the encoded record and, when the table has indexes
// or other derived data to move as well, the decoded one (else None).
// See addPrimaryKey for how one pass suffices.
func (r *run) rekey(txn kv.Txn, t, nt *catalog.Table, keyFor func(enc []byte, ov value.Value) (value.Value, error), duplicate func(nk value.Value) error) error {
	prefix, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	db, err := r.database()
	if err != nil {
		return err
	}
	// An edge names its endpoints by record id, which is the key.
	gs, ge := keys.Span(keys.GraphPrefix(nil, db.Namespace, db.ID, t.ID))
	adj := txn.Scan(r.ctx, gs, ge, false)
	linked := adj.Next()
	err = adj.Err()
	adj.Close()
	if err != nil {
		return errs.From(err)
	}
	if linked {
		return errs.New(errs.FeatureNotSupported, "changing the primary key of table %q, whose records are vertices of edges, is not supported", t.Name)
	}
	derived := r.hasDerived(t)
	start, end := keys.Span(prefix)
	iter := txn.Scan(r.ctx, start, end, false)
	defer iter.Close()
	if err := txn.DeleteRange(start, end); err != nil {
		return errs.From(err)
	}
	var newKey, lastKey []byte
	ascending := true
	for iter.Next() {
		if err := r.tick(); err != nil {
			return err
		}
		ov := value.None
		if derived {
			if ov, err = decodeObject(t, iter.Value()); err != nil {
				return err
			}
		}
		nk, err := keyFor(iter.Value(), ov)
		if err != nil {
			return err
		}
		if newKey, err = value.AppendKey(append(newKey[:0], prefix...), nk); err != nil {
			return err
		}
		if ascending && lastKey != nil && bytes.Compare(newKey, lastKey) <= 0 {
			ascending = false
		}
		if ascending {
			lastKey = append(lastKey[:0], newKey...)
		} else {
			_, exists, err := txn.Get(r.ctx, newKey)
			if err != nil {
				return errs.From(err)
			}
			if exists {
				return duplicate(nk)
			}
		}
		if err := txn.Put(newKey, iter.Value()); err != nil {
			return errs.From(err)
		}
		if derived {
			_, _, _, oldKey, err := keys.DecodeRecordKey(iter.Key())
			if err != nil {
				return err
			}
			if err := r.recordChanged(t, oldKey, ov, value.None, 0); err != nil {
				return err
			}
			if err := r.recordChanged(nt, nk, value.None, ov, 0); err != nil {
				return err
			}
		}
	}
	if err := iter.Err(); err != nil {
		return errs.From(err)
	}
	return nil
}

// decodeObject decodes a stored record of t, which must be an object.
func decodeObject(t *catalog.Table, enc []byte) (value.Value, error) {
	ov, err := decodeRecord(enc)
	if err != nil {
		return value.None, err
	}
	if ov.Kind() != value.KindObject {
		return value.None, errs.New(errs.DataCorrupted, "record of table %q is not an object", t.Name)
	}
	return ov, nil
}

// keyColumns is what pkKey gives for the encoded record b, reading only
// the key columns; ok is false when one is missing or null (or b is not
// an object), which the caller reports from the decoded record.
func keyColumns(b []byte, cols []string) (value.Value, bool, error) {
	if len(cols) == 1 {
		v, ok, err := value.DecodeField(b, cols[0])
		return v, ok && !v.IsNone(), err
	}
	parts := make([]value.Value, len(cols))
	for i, col := range cols {
		v, ok, err := value.DecodeField(b, col)
		if err != nil || !ok || v.IsNone() {
			return value.None, false, err
		}
		parts[i] = v
	}
	return value.Tuple(parts), true, nil
}

// nullColumn is the first key column of t that obj lacks.
func nullColumn(t *catalog.Table, obj *value.Object) string {
	for _, col := range t.PrimaryKey {
		if v, _ := obj.Get(col); v.IsNone() {
			return col
		}
	}
	return t.PrimaryKey[0]
}
