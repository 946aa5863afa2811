package exec

import (
	"bytes"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Foreign keys.
//
// A write of a table that has foreign keys, or that other tables'
// foreign keys reference, queues an fkEvent (the record before and after
// the write). The queue is worked off when the statement's rows are
// drained (rows.Next), as PostgreSQL fires its RI triggers at the end of
// the statement: so a statement may insert a child before its parent, or
// swap keys, and only the end state counts. Cascaded writes queue
// events of their own, worked off in the same loop.
//
// Checking the referencing side (an inserted or updated child) reads the
// referenced record by key: one Get of the parent's record (the key is
// its primary key) or of its unique index entry. Checking the referenced
// side (a deleted parent, or an updated referenced key) must find the
// children holding the old key: through an ordered index of the child
// whose leading parts are the foreign key's columns when there is one,
// otherwise by scanning the child table (PostgreSQL does the same; give
// the referencing columns an index when parents are deleted often).
//
// Known differences from PostgreSQL: rows written by cascaded actions
// are not checked against the child's CHECK constraints, and the check
// of a child row does not first ask whether the row was rewritten again
// later in the same statement.

const (
	codeInvalidForeignKey = "42830"
	codeDependentObjects  = "2BP01"
)

// fkEvent is one record write of a table with foreign keys on either
// side: old is the record before (none for an insert), new after (none
// for a delete).
type fkEvent struct {
	t        *catalog.Table
	old, new value.Value
	// leaf is the partition written when t is a referenced ancestor of
	// it (fkAncestorsChanged): errors name it, as PostgreSQL's do.
	leaf *catalog.Table
}

// hasFKs reports whether writes of t queue fkEvents.
func hasFKs(t *catalog.Table) bool {
	return len(t.ForeignKeys) > 0 || len(t.ReferencedBy) > 0
}

// fkNote queues the check of a record write.
func (r *run) fkNote(t *catalog.Table, old, new value.Value) {
	if hasFKs(t) || r.referencedAbove(t) {
		r.fkEvents = append(r.fkEvents, fkEvent{t: t, old: old, new: new})
	}
}

// fkFinish works off the queued events: the end of the statement.
func (r *run) fkFinish() error {
	if len(r.fkEvents) == 0 {
		return nil
	}
	if txn, err := r.txn(); err == nil {
		// A parent a child was checked against, and the children a
		// parent's change was checked against, must stay as read until
		// commit, also in a READ COMMITTED transaction.
		defer kv.TrackReads(txn)()
	}
	// The descriptors of the other side, read once for the whole queue
	// (nothing the events do changes a descriptor).
	r.fkTables = make(map[dbName]*catalog.Table)
	defer func() { r.fkTables = nil }()
	parents, err := r.fkLookupParents()
	if err != nil {
		return err
	}
	for i := 0; i < len(r.fkEvents); i++ {
		if err := r.tick(); err != nil {
			return err
		}
		ev := r.fkEvents[i]
		if !ev.old.IsNone() && len(ev.t.ReferencedBy) > 0 {
			if err := r.fkParentChanged(ev); err != nil {
				return err
			}
		}
		if !ev.old.IsNone() && ev.t.PartitionOf != "" {
			if err := r.fkAncestorsChanged(ev); err != nil {
				return err
			}
		}
		if !ev.new.IsNone() {
			for k := range ev.t.ForeignKeys {
				fk := &ev.t.ForeignKeys[k]
				if r.deferChild(ev.t, fk, ev.old, ev.new) {
					continue
				}
				known, ok := parents[fkCheckAt{i, k}]
				if err := r.fkCheckChild(ev.t, fk, ev.old, ev.new, known, ok); err != nil {
					return err
				}
			}
		}
	}
	r.fkEvents = r.fkEvents[:0]
	return nil
}

// fkTable is the table a foreign key end of self names (name: bare in
// self's schema, or catalog.ForeignName) in the statement's
// transaction; self when it names self (a self-referencing key).
func (r *run) fkTable(self *catalog.Table, name string) (*catalog.Table, error) {
	if self != nil && name == self.Name {
		return self, nil
	}
	db, bare, err := r.fkDatabase(self, name)
	if err != nil {
		return nil, err
	}
	key := dbName{db.ID, bare}
	if t, ok := r.fkTables[key]; ok {
		return t, nil
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, bare)
	if err == nil && r.fkTables != nil {
		r.fkTables[key] = t
	}
	return t, err
}

// fkDatabase is the database or schema, and the bare name, of the table
// a foreign key end of self names (self nil: the statement's database).
func (r *run) fkDatabase(self *catalog.Table, name string) (*catalog.Database, string, error) {
	if id, bare, ok := catalog.SplitForeignName(name); ok {
		db, err := r.databaseByID(id)
		return db, bare, err
	}
	db, err := r.tableDatabase(self)
	return db, name, err
}

// fkLookup is fkTable for DDL, which changes the table it finds: read
// from the catalog (never fkTable's memory), with its database.
func (r *run) fkLookup(self *catalog.Table, name string) (*catalog.Database, *catalog.Table, error) {
	db, bare, err := r.fkDatabase(self, name)
	if err != nil {
		return nil, nil, err
	}
	txn, err := r.txn()
	if err != nil {
		return nil, nil, err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, bare)
	return db, t, err
}

// fkValues is obj's values of cols; ok is false when one is null (MATCH
// SIMPLE: such a row is not checked).
func fkValues(obj value.Value, cols []string) ([]value.Value, bool) {
	vs := make([]value.Value, len(cols))
	for i, c := range cols {
		v, _ := obj.AsObject().Get(c)
		if v.IsSQLNull() {
			return nil, false
		}
		vs[i] = v
	}
	return vs, true
}

// sameKeys reports whether two lists of key values are equal as keys
// (what an index would find).
func sameKeys(a, b []value.Value) bool {
	for i := range a {
		x, err1 := value.AppendKey(nil, a[i])
		y, err2 := value.AppendKey(nil, b[i])
		if err1 != nil || err2 != nil || string(x) != string(y) {
			return false
		}
	}
	return true
}

// changesUniqueKey reports whether an update of a record of t from old
// to new changes the columns of a unique index that a foreign key may
// reference: PostgreSQL's UPDATE then locks the row FOR UPDATE, which
// waits for the KEY SHARE of the transactions that wrote children
// (fkLockParent), rather than FOR NO KEY UPDATE. Old values with a NULL
// are referenced by no child.
func changesUniqueKey(t *catalog.Table, old, new value.Value) bool {
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if !ix.Immediate() || ix.Partial() {
			continue
		}
		cols := plainParts(ix)
		if cols == nil {
			continue
		}
		ov, ok := fkValues(old, cols)
		if !ok {
			continue
		}
		if nv, ok := fkValues(new, cols); !ok || !sameKeys(ov, nv) {
			return true
		}
	}
	return false
}

// fkCheckChild checks that the referenced record of a written child row
// exists (23503 otherwise). An update that kept the key is not checked.
//
// looked says the parent was looked up already (fkLookupParents), has
// what that found.
func (r *run) fkCheckChild(t *catalog.Table, fk *catalog.ForeignKey, old, new value.Value, has, looked bool) error {
	if err := fkCheckMatchFull(t, fk, new); err != nil {
		return err
	}
	vals, ok := fkValues(new, fk.Columns)
	if !ok {
		return nil
	}
	if !old.IsNone() {
		if ov, ok := fkValues(old, fk.Columns); ok && sameKeys(ov, vals) {
			return nil
		}
	}
	if !looked {
		parent, err := r.fkTable(t, fk.RefTable)
		if err != nil {
			return err
		}
		if has, err = r.fkParentHas(parent, fk.RefColumns, vals); err != nil {
			return err
		}
	}
	if has {
		return nil
	}
	return fkMissing(t, fk, vals)
}

// fkCheckAt names a child check of the queue: the event's index and the
// foreign key's in its table.
type fkCheckAt struct{ event, fk int }

// fkLookupParents looks up the parents the queue's child checks need, in
// one pass in key order (kv.Exister) instead of a Get each, when the
// queue holds inserts only: then working it off runs child checks alone,
// which write nothing, so what the lookup finds stays true until each
// check runs. Checks it cannot answer are left out (fkCheckChild then
// reads as before).
func (r *run) fkLookupParents() (map[fkCheckAt]bool, error) {
	if len(r.fkEvents) < 2 {
		// One row (an OLTP insert): its check reads its parent itself,
		// without building the key twice.
		return nil, nil
	}
	var at []fkCheckAt
	var ks [][]byte
	var parents []*catalog.Table // ks[j]'s table
	for i, ev := range r.fkEvents {
		if !ev.old.IsNone() {
			return nil, nil
		}
		for k := range ev.t.ForeignKeys {
			fk := &ev.t.ForeignKeys[k]
			if r.env.Deferred.deferred(fk) {
				continue
			}
			vals, ok := fkValues(ev.new, fk.Columns)
			if !ok {
				continue
			}
			parent, err := r.fkTable(ev.t, fk.RefTable)
			if err != nil {
				return nil, err
			}
			if parent, err = r.fkLeaf(parent, fk.RefColumns, vals); err != nil || parent == nil {
				if err != nil {
					return nil, err
				}
				continue // no partition takes it: fkCheckChild says so
			}
			key, ok, err := r.fkParentKey(parent, fk.RefColumns, vals)
			if err != nil {
				return nil, err
			}
			// A parent by a unique index is left to fkCheckChild, which
			// reads the entry's record key to lock the record.
			if ok && sameSet(fk.RefColumns, parent.PrimaryKey) {
				at, ks = append(at, fkCheckAt{i, k}), append(ks, key)
				parents = append(parents, parent)
			}
		}
	}
	if len(ks) < 2 {
		return nil, nil
	}
	found, err := r.existing(ks)
	if err != nil {
		return nil, err
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	out := make(map[fkCheckAt]bool, len(at))
	for j, a := range at {
		if found[j] {
			if j > 0 && bytes.Equal(ks[j], ks[j-1]) {
				// Children of one parent often come in a row: its
				// lock is taken once.
				found[j] = found[j-1]
			} else if found[j], err = r.fkLockParent(txn, parents[j], ks[j], false); err != nil {
				return nil, err
			}
		}
		out[a] = found[j]
	}
	return out, nil
}

// existing reports which of ks, parents' keys, exist in the statement's
// transaction: kv.Exister's one pass in key order when the transaction
// has it. Each is a read of the key's existence (kv.TrackExistence).
func (r *run) existing(ks [][]byte) ([]bool, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	found := make([]bool, len(ks))
	defer kv.TrackExistence(txn)()
	if ex, ok := txn.(kv.Exister); ok {
		err = ex.Exists(r.ctx, ks, found)
	} else {
		for i, k := range ks {
			if _, found[i], err = txn.Get(r.ctx, k); err != nil {
				break
			}
		}
	}
	return found, kvErr(err)
}

// fkCheckMatchFull refuses a written row of a MATCH FULL key with some
// but not all of its columns NULL, even when an update kept them as they
// were (a row left so by NOT VALID), as PostgreSQL does.
func fkCheckMatchFull(t *catalog.Table, fk *catalog.ForeignKey, new value.Value) error {
	if !fk.MatchFull || new.Kind() != value.KindObject || !mixedNulls(new, fk.Columns) {
		return nil
	}
	return fkMixedNulls(t, fk)
}

// mixedNulls reports whether the record obj has some but not all of cols
// NULL.
func mixedNulls(obj value.Value, cols []string) bool {
	nulls := 0
	for _, c := range cols {
		if v, _ := obj.AsObject().Get(c); v.IsSQLNull() {
			nulls++
		}
	}
	return nulls > 0 && nulls < len(cols)
}

func fkMixedNulls(t *catalog.Table, fk *catalog.ForeignKey) error {
	return errs.New(errs.ForeignKeyViolation, "insert or update on table %q violates foreign key constraint %q", t.Name, fk.Name).
		WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.")
}

// fkStillReferenced is 23503 for a referenced key still in child; a
// partition's key inherited from its table is the table's, which
// PostgreSQL names.
func (r *run) fkStillReferenced(parent, child *catalog.Table, fk *catalog.ForeignKey, vals []value.Value) error {
	for child.PartitionOf != "" {
		up, err := r.fkTable(child, child.PartitionOf)
		if err != nil || !slices.ContainsFunc(up.ForeignKeys, func(x catalog.ForeignKey) bool { return x.Name == fk.Name }) {
			break
		}
		child = up
	}
	return errs.New(errs.ForeignKeyViolation, "update or delete on table %q violates foreign key constraint %q on table %q", parent.Name, fk.Name, child.Name).
		WithDetail("Key (%s)=(%s) is still referenced from table %q.", strings.Join(fk.RefColumns, ", "), keyTexts(vals, parent, fk.RefColumns), child.Name)
}

func fkMissing(t *catalog.Table, fk *catalog.ForeignKey, vals []value.Value) error {
	return errs.New(errs.ForeignKeyViolation, "insert or update on table %q violates foreign key constraint %q", t.Name, fk.Name).
		WithDetail("Key (%s)=(%s) is not present in table %q.", strings.Join(fk.Columns, ", "), keyTexts(vals, t, fk.Columns), catalog.RefBaseName(fk.RefTable))
}

// keyTexts are the values of t's columns cols, as keyText shows them.
func keyTexts(vals []value.Value, t *catalog.Table, cols []string) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		typ := value.Any
		if i < len(cols) {
			typ = columnType(t, cols[i])
		}
		parts[i] = keyText(v, typ)
	}
	return strings.Join(parts, ", ")
}

// convertTo converts v to the type of column col of t (a child's int4
// to the parent's int8 key), reporting false when it cannot be: then no
// record of t can hold it.
func convertTo(t *catalog.Table, col string, v value.Value) (value.Value, bool) {
	f, _, ok := t.FieldByName(col)
	if !ok {
		return v, true
	}
	c, err := value.Convert(v, f.Type)
	return c, err == nil
}

// fkParentHas reports whether t has a record whose cols hold vals, cols
// being its primary key or the parts of one of its unique indexes; a
// partitioned t has it in the partition the values route to.
func (r *run) fkParentHas(t *catalog.Table, cols []string, vals []value.Value) (bool, error) {
	t, err := r.fkLeaf(t, cols, vals)
	if err != nil || t == nil {
		return false, err
	}
	key, ok, err := r.fkParentKey(t, cols, vals)
	if err != nil || !ok {
		return false, err
	}
	txn, err := r.txn()
	if err != nil {
		return false, err
	}
	restore := kv.TrackExistence(txn)
	v, ok, err := txn.Get(r.ctx, key)
	restore()
	if err != nil || !ok {
		return false, kvErr(err)
	}
	if !sameSet(cols, t.PrimaryKey) {
		// A unique index entry's key: the record's row lock is its
		// record key's, the table's prefix and the entry's value.
		rk, err := r.tablePrefix(nil, t)
		if err != nil {
			return false, err
		}
		// A record rewritten since the snapshot may hold another value
		// now: fkLockParent then says the statement must run again.
		return r.fkLockParent(txn, t, append(rk, v...), true)
	}
	return r.fkLockParent(txn, t, key, false)
}

// fkParentKey is the key whose existence tells whether t has a record
// whose cols hold vals (fkParentHas): the record's key when cols are the
// primary key, else the entry's of the unique index on them. ok is false
// when no record can hold vals (one does not convert to its column's
// type).
func (r *run) fkParentKey(t *catalog.Table, cols []string, vals []value.Value) (key []byte, ok bool, err error) {
	conv := make([]value.Value, len(vals))
	for i := range vals {
		v, ok := convertTo(t, cols[i], vals[i])
		if !ok {
			return nil, false, nil
		}
		conv[i] = v
	}
	at := func(col string) value.Value { return conv[slices.Index(cols, col)] }
	if sameSet(cols, t.PrimaryKey) {
		var pk value.Value
		if len(t.PrimaryKey) == 1 {
			pk = at(t.PrimaryKey[0])
		} else {
			parts := make([]value.Value, len(t.PrimaryKey))
			for i, c := range t.PrimaryKey {
				parts[i] = at(c)
			}
			pk = value.Tuple(parts)
		}
		nk, ok := normalizeKey(pk, keyType(t))
		if !ok {
			return nil, false, nil
		}
		kb, err := r.tablePrefix(nil, t)
		if err != nil {
			return nil, false, err
		}
		if kb, err = value.AppendKey(kb, nk); err != nil {
			return nil, false, nil
		}
		return kb, true, nil
	}
	ix := uniqueIndexOn(t, cols)
	if ix == nil {
		return nil, false, internalf("no unique index of %q on (%s)", t.Name, strings.Join(cols, ", "))
	}
	ns, err := r.nsID()
	if err != nil {
		return nil, false, err
	}
	var parts []byte
	for i := range ix.Parts {
		parts = keys.AppendIndexPart(parts, at(ix.Parts[i].Path[0]), ix.Parts[i].Desc)
	}
	return keys.IndexEntryKey(nil, ns, t.Database, ix.ID, parts, nil, true), true, nil
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// plainParts is the column names of an ordered index's parts, nil when a
// part is not a plain column.
func plainParts(ix *catalog.Index) []string {
	if ix.Kind != catalog.IndexBTree {
		return nil
	}
	cols := make([]string, len(ix.Parts))
	for i, p := range ix.Parts {
		if len(p.Path) != 1 || p.AsText {
			return nil
		}
		cols[i] = p.Path[0]
	}
	return cols
}

// uniqueIndexOn is the unique ordered index of t on exactly cols (in any
// order), or nil. A partial index does not count: it leaves records out;
// nor does a deferrable one, which may hold duplicates.
func uniqueIndexOn(t *catalog.Table, cols []string) *catalog.Index {
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if ix.Immediate() && !ix.Partial() && sameSet(plainParts(ix), cols) {
			return ix
		}
	}
	return nil
}

// fkParentChanged enforces the foreign keys referencing ev.t for a
// deleted record or an updated referenced key.
func (r *run) fkParentChanged(ev fkEvent) error {
	for _, name := range ev.t.ReferencedBy {
		child, err := r.fkTable(ev.t, name)
		if err != nil {
			return err
		}
		self := catalog.RelName(child.Database, ev.t)
		for k := range child.ForeignKeys {
			fk := &child.ForeignKeys[k]
			if fk.RefTable != self {
				continue
			}
			if err := r.fkParentRow(ev, child, fk); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *run) fkParentRow(ev fkEvent, child *catalog.Table, fk *catalog.ForeignKey) error {
	oldVals, ok := fkValues(ev.old, fk.RefColumns)
	if !ok {
		return nil
	}
	// newVals are the referenced columns after an update (a NULL among
	// them is cascaded as NULL); nil for a delete.
	var newVals []value.Value
	action := fk.Delete()
	if updated := !ev.new.IsNone(); updated {
		if nv, ok := fkValues(ev.new, fk.RefColumns); ok && sameKeys(oldVals, nv) {
			return nil
		}
		newVals, action = make([]value.Value, len(fk.RefColumns)), fk.Update()
		for i, c := range fk.RefColumns {
			newVals[i], _ = ev.new.AsObject().Get(c)
		}
	}
	if action == catalog.FKNoAction && r.env.Deferred.deferred(fk) {
		r.env.Deferred.add(child, fk, oldVals, true)
		return nil
	}
	if action == catalog.FKNoAction {
		// Another record may hold the key by now (NO ACTION looks at the
		// end state; RESTRICT does not).
		if has, err := r.fkParentHas(ev.t, fk.RefColumns, oldVals); err != nil || has {
			return err
		}
	}
	rows, err := r.fkChildren(child, fk, oldVals, action == catalog.FKNoAction || action == catalog.FKRestrict)
	if err != nil || len(rows) == 0 {
		return err
	}
	switch action {
	case catalog.FKNoAction, catalog.FKRestrict:
		if ev.leaf != nil {
			return r.fkStillReferenced(ev.leaf, child, fk, oldVals)
		}
		return r.fkStillReferenced(ev.t, child, fk, oldVals)
	}
	for _, row := range rows {
		if err := r.tick(); err != nil {
			return err
		}
		if action == catalog.FKCascade && newVals == nil {
			if err := r.fkDeleteRow(child, row[0], row[1]); err != nil {
				return err
			}
			continue
		}
		obj := row[1].AsObject().Clone()
		for i, c := range fk.Columns {
			switch action {
			case catalog.FKCascade:
				if newVals == nil {
					obj.Set(c, value.None)
				} else {
					obj.Set(c, newVals[i])
				}
			case catalog.FKSetNull:
				obj.Set(c, value.None)
			case catalog.FKSetDefault:
				f, _, ok := child.FieldByName(c)
				v := value.None
				if ok && f.HasDefault {
					if v, err = r.fieldDefault(child, f); err != nil {
						return err
					}
				}
				obj.Set(c, v)
			}
		}
		if err := r.fkRewriteRow(child, row[0], row[1], obj); err != nil {
			return err
		}
	}
	return nil
}

// fkChildren returns the [key, record] rows of child whose fk columns
// hold vals (the referenced columns' values), through an index on the
// columns when child has one. first stops at the first row found.
func (r *run) fkChildren(child *catalog.Table, fk *catalog.ForeignKey, vals []value.Value, first bool) ([][2]value.Value, error) {
	conv := make([]value.Value, len(vals))
	for i := range vals {
		v, ok := convertTo(child, fk.Columns[i], vals[i])
		if !ok {
			return nil, nil
		}
		conv[i] = v
	}
	var out [][2]value.Value
	err := r.recordsWith(child, fk.Columns, conv, func(k, obj value.Value) (bool, error) {
		out = append(out, [2]value.Value{k, obj})
		return first, nil
	})
	return out, err
}

// recordsWithBatch is how many index entries recordsWith reads before
// it reads their records.
const recordsWithBatch = 64

// recordsWith hands visit the records of t whose columns cols hold vals
// (of the columns' types), found through an ordered index whose leading
// parts are cols when t has one, else by a scan of t, until visit says
// stop.
func (r *run) recordsWith(t *catalog.Table, cols []string, vals []value.Value, visit func(key, obj value.Value) (stop bool, err error)) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	prefix, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	kt := keyType(t)
	if ix := leadingIndex(t, cols); ix != nil && len(cols) > 0 {
		ns, err := r.nsID()
		if err != nil {
			return err
		}
		p := keys.IndexPrefix(nil, ns, t.Database, ix.ID)
		for i := range cols {
			part := &ix.Parts[i]
			p = keys.AppendIndexPart(p, vals[slices.Index(cols, part.Path[0])], part.Desc)
		}
		return r.indexRecords(txn, prefix, kt, p, prefixEnd(p), false, visit)
	}
	it := txn.Scan(r.ctx, prefix, prefixEnd(prefix), false)
	defer it.Close()
	for it.Next() {
		if err := r.tick(); err != nil {
			return err
		}
		obj, err := decodeRecord(it.Value())
		if err != nil {
			return err
		}
		if obj.Kind() != value.KindObject {
			continue
		}
		have, ok := fkValues(obj, cols)
		if !ok || !sameKeys(have, vals) {
			continue
		}
		k, err := keys.DecodeRecordKeyIn(prefix, it.Key())
		if err != nil {
			return err
		}
		if kt != nil {
			k, _ = normalizeKey(k, kt)
		}
		if stop, err := visit(k, obj); stop || err != nil {
			return err
		}
	}
	return kvErr(it.Err())
}

// indexRecords visits the records of t (whose records are under prefix,
// keyed as kt says) of the index entries in [from, end), in the entries'
// order (reversed when reverse), until visit stops.
func (r *run) indexRecords(txn kv.Txn, prefix []byte, kt *value.Type, from, end []byte, reverse bool, visit func(key, obj value.Value) (stop bool, err error)) error {
	// The index entries are read a batch at a time and the scan
	// closed before the records are read (as the index scans do),
	// so that a visit stopping at the first record reads few.
	var rks [][]byte
	for {
		rks = rks[:0]
		var last []byte
		it := txn.Scan(r.ctx, from, end, reverse)
		for len(rks) < recordsWithBatch && it.Next() {
			rks = append(rks, append(slices.Clip(prefix), it.Value()...))
			last = append(last[:0], it.Key()...)
		}
		if err := it.Err(); err != nil {
			it.Close()
			return errs.From(err)
		}
		if err := it.Close(); err != nil {
			return errs.From(err)
		}
		for _, rk := range rks {
			if err := r.tick(); err != nil {
				return err
			}
			b, ok, err := txn.Get(r.ctx, rk)
			if err != nil {
				return errs.From(err)
			}
			if !ok {
				continue
			}
			k, err := keys.DecodeRecordKeyIn(prefix, rk)
			if err != nil {
				return err
			}
			if kt != nil {
				k, _ = normalizeKey(k, kt)
			}
			obj, err := decodeRecord(b)
			if err != nil {
				return err
			}
			if stop, err := visit(k, obj); stop || err != nil {
				return err
			}
		}
		switch {
		case len(rks) < recordsWithBatch:
			return nil
		case reverse:
			end = slices.Clone(last)
		default:
			from = append(slices.Clone(last), 0)
		}
	}
}

// leadingIndex is a full ordered index of t whose leading parts are
// exactly cols (in any order), or nil.
func leadingIndex(t *catalog.Table, cols []string) *catalog.Index {
	for i := range t.Indexes {
		if ix := &t.Indexes[i]; leadsWith(ix, cols) {
			return ix
		}
	}
	return nil
}

// leadsWith reports whether ix is a full ordered index whose leading
// parts are the plain columns cols, in any order (any full ordered
// index, for none).
func leadsWith(ix *catalog.Index, cols []string) bool {
	if ix.Kind != catalog.IndexBTree || ix.Partial() || len(ix.Parts) < len(cols) {
		return false
	}
	if len(cols) == 0 {
		return true
	}
	lead := make([]string, len(cols))
	for j := range cols {
		p := ix.Parts[j]
		if len(p.Path) != 1 || p.AsText {
			return false
		}
		lead[j] = p.Path[0]
	}
	return sameSet(lead, cols)
}

// fkDeleteRow deletes a record of t for ON DELETE CASCADE.
func (r *run) fkDeleteRow(t *catalog.Table, key, obj value.Value) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	kb, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	if kb, err = value.AppendKey(kb, key); err != nil {
		return errs.From(err)
	}
	if _, ok, err := txn.Get(r.ctx, kb); err != nil || !ok {
		return kvErr(err) // !ok: deleted already by this statement
	}
	if err := txn.Delete(kb); err != nil {
		return errs.From(err)
	}
	r.writes++
	r.countWrite(t, 0, 0, 1)
	r.fkNote(t, obj, value.None)
	return r.recordChanged(t, key, obj, value.None, 0)
}

// fkRewriteRow writes the record of t changed by a cascaded ON UPDATE or
// a SET NULL / SET DEFAULT action, moving it when its primary key
// changed.
func (r *run) fkRewriteRow(t *catalog.Table, key, old value.Value, obj *value.Object) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	obj, err = r.validateRewritten(t, obj)
	if err != nil {
		return err
	}
	nv := value.ObjectOf(obj)
	prefix, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	okb, err := value.AppendKey(slices.Clip(prefix), key)
	if err != nil {
		return errs.From(err)
	}
	newKey := key
	if len(t.PrimaryKey) > 0 {
		pk, err := pkKey(t, obj)
		if err != nil {
			return err
		}
		if nk, ok := normalizeKey(pk, keyType(t)); ok {
			newKey = nk
		}
	}
	nkb, err := value.AppendKey(slices.Clip(prefix), newKey)
	if err != nil {
		return errs.From(err)
	}
	origOld := old
	if string(nkb) != string(okb) {
		if _, exists, err := txn.Get(r.ctx, nkb); err != nil {
			return errs.From(err)
		} else if exists {
			return duplicateKey(t, newKey)
		}
		if err := txn.Delete(okb); err != nil {
			return errs.From(err)
		}
		if err := r.recordChanged(t, key, old, value.None, 0); err != nil {
			return err
		}
		old = value.None
	}
	if err := txn.Put(nkb, value.Encode(nil, nv)); err != nil {
		return errs.From(err)
	}
	r.writes++
	r.countWrite(t, 0, 1, 0)
	if err := r.recordChanged(t, newKey, old, nv, 0); err != nil {
		return err
	}
	// A moved record's event still pairs the old record with the new one:
	// an update of its key, not a delete and an insert.
	r.fkNote(t, origOld, nv)
	return nil
}

// kvErr is err as the project's error, keeping nil an untyped nil (a
// nil *errs.Error in an error interface is not nil).
func kvErr(err error) error {
	if err == nil {
		return nil
	}
	return errs.From(err)
}
