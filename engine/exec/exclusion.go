package exec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// EXCLUDE constraints.
//
// A record written to a table with an EXCLUDE constraint is compared with
// the stored records that could conflict, as it is written, so that a
// statement writing two conflicting records fails as PostgreSQL's does
// (its check runs as each index entry is inserted). The candidates are
// the records with the same values in the columns of elements WITH =,
// through an ordered index leading with them when the table has one,
// otherwise every record. A constraint keeps no entries of its own; with
// an index of its columns that ends with the range column of an element
// WITH && or -|- (CREATE INDEX ... USING gist (room, during), laid out
// as an ordered index) the candidates narrow to those whose lower bound
// can match (rangedIndex, rangedRecords).

// checkExclusion fails (23P01) when a stored record of t other than the
// written one (key, obj) conflicts with it under the EXCLUDE constraint c.
// held says the stored records satisfy c among themselves (not so while
// ADD CONSTRAINT checks them), which rangedRecords may rely on.
func (r *run) checkExclusion(t *catalog.Table, c *plan.Check, key value.Value, obj *value.Object, held bool) error {
	ex := c.Exclusion
	row := [4]value.Value{value.None, value.None, key, value.ObjectOf(obj)}
	if ex.Applies != nil {
		sc := scope{row: row[2:]}
		v, err := r.eval(ex.Applies, &sc)
		if err != nil || !isTrue(v) {
			return err
		}
	}
	if txn, err := r.txn(); err == nil {
		// The records read must stay as read until commit, also in a
		// READ COMMITTED transaction: a concurrent write of a
		// conflicting record then fails one of the two commits.
		defer kv.TrackReads(txn)()
	}
	var conflict value.Value
	visit := func(k, stored value.Value) (bool, error) {
		if !key.IsNone() && value.Equal(k, key) {
			// The record itself, as it was before an UPDATE.
			return false, nil
		}
		row[0], row[1] = k, stored
		sc := scope{row: row[:]}
		v, err := r.eval(ex.Conflict, &sc)
		if err != nil || !isTrue(v) {
			return false, err
		}
		conflict = stored
		return true, nil
	}
	var err error
	if ix := rangedIndex(t, ex); ix != nil {
		err = r.rangedRecords(t, ix, ex, row[3], held, visit)
	} else if len(ex.Equal) > 0 {
		vals, ok := fkValues(row[3], ex.Equal)
		if !ok {
			// NULL = anything is not true: nothing conflicts.
			return nil
		}
		err = r.recordsWith(t, ex.Equal, vals, visit)
	} else {
		err = r.recordsWith(t, nil, nil, visit)
	}
	if err != nil || conflict.IsNone() {
		return err
	}
	written, err := r.exclusionKey(ex, key, row[3])
	if err != nil {
		return err
	}
	existing, err := r.exclusionKey(ex, value.None, conflict)
	if err != nil {
		return err
	}
	return errs.New(errs.ExclusionViolation, "conflicting key value violates exclusion constraint %q", c.Name).
		WithDetail("Key (%s)=(%s) conflicts with existing key (%s)=(%s).", ex.Columns, written, ex.Columns, existing)
}

// rangedIndex is a full ordered index of t whose parts are the Equal
// columns of ex (in any order) and then its Ranged column, ascending:
// a gist index (room, during) of the constraint's columns. Nil when ex
// has no Ranged element or t no such index.
func rangedIndex(t *catalog.Table, ex *plan.ExclusionCheck) *catalog.Index {
	if ex.Ranged == nil {
		return nil
	}
	n := len(ex.Equal)
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if len(ix.Parts) <= n {
			continue
		}
		if p := ix.Parts[n]; len(p.Path) != 1 || p.Path[0] != ex.Ranged.Column || p.Desc || p.Expr != "" {
			continue
		}
		if leadsWith(ix, ex.Equal) {
			return ix
		}
	}
	return nil
}

// rangedRecords visits the records of t that may conflict with the
// written object obj under ex through ix (rangedIndex): those with obj's
// values in the Equal columns and a range whose lower bound can make the
// Ranged operator hold (value.RangeIndexBound). A NULL among them
// conflicts with nothing.
//
// When the constraint is `Equal columns WITH =, range WITH &&` alone,
// immediate and without WHERE, and held, the stored ranges of one group
// overlap none of each other, so in the order of their lower bounds
// their upper bounds ascend too: read backwards from the bound, the
// first range strictly left of the written one (<<) has only such ranges
// before it, and the reading stops there. A booking among many then
// reads the few around it, where PostgreSQL descends its GiST index.
func (r *run) rangedRecords(t *catalog.Table, ix *catalog.Index, ex *plan.ExclusionCheck, obj value.Value, held bool, visit func(key, obj value.Value) (bool, error)) error {
	vals, ok := fkValues(obj, append(slices.Clip(ex.Equal), ex.Ranged.Column))
	if !ok {
		return nil
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	prefix, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	ns, err := r.nsID()
	if err != nil {
		return err
	}
	p := keys.IndexPrefix(nil, ns, t.Database, ix.ID)
	for _, part := range ix.Parts[:len(ex.Equal)] {
		p = keys.AppendIndexPart(p, vals[slices.Index(ex.Equal, part.Path[0])], part.Desc)
	}
	end := prefixEnd(p)
	if b, ok := value.RangeIndexBound(ex.Ranged.Op, vals[len(ex.Equal)], ex.Ranged.Kind, false); ok {
		end = keys.AppendIndexPart(slices.Clip(p), b, false)
		if value.RangeIndexHiInclusive(ex.Ranged.Op) {
			end = prefixEnd(end)
		}
	}
	q := vals[len(ex.Equal)]
	sorted := held && ex.Ranged.Op == "&&" && ex.Applies == nil && !ex.Deferrable && len(ex.Elems) == len(ex.Equal)+1 && q.Kind() == value.KindSQLRange
	if !sorted {
		return r.indexRecords(txn, prefix, keyType(t), p, end, false, visit)
	}
	col := ex.Ranged.Column
	return r.indexRecords(txn, prefix, keyType(t), p, end, true, func(k, stored value.Value) (bool, error) {
		if stored.Kind() == value.KindObject {
			if v, _ := stored.AsObject().Get(col); v.Kind() == value.KindSQLRange && value.RangeBefore(v.AsSQLRange(), q.AsSQLRange()) {
				return true, nil
			}
		}
		return visit(k, stored)
	})
}

// exclusionCheck is a deferrable EXCLUDE constraint's check of the
// record of t with key, waiting for the end of the statement or COMMIT;
// c was compiled for t.
type exclusionCheck struct {
	t   *catalog.Table
	c   *plan.Check
	key value.Value
}

// noteExclusion queues the check of a record about to be written to t
// under the deferrable EXCLUDE constraint c: for COMMIT when c waits for
// it in the block, else for the end of the statement. The check finds
// the record by its key, which is its primary key's (sqlfe refuses such
// a constraint on a table without one; one that lost its primary key
// since checks at once, stricter than PostgreSQL, never laxer).
func (r *run) noteExclusion(t *catalog.Table, c *plan.Check, key value.Value, obj *value.Object) error {
	if key.IsNone() && len(t.PrimaryKey) == 0 {
		return r.checkExclusion(t, c, key, obj, true)
	}
	if key.IsNone() {
		k, err := pkKey(t, obj)
		if err != nil {
			return err
		}
		key = k
	}
	x := exclusionCheck{t: t, c: c, key: key}
	ex := c.Exclusion
	if d := r.env.Deferred; d.waits(c.Name, ex.Deferrable, ex.InitiallyDeferred) {
		id, err := value.AppendKey([]byte("\x01"+t.Name+"\x00"+c.Name+"\x00"), key)
		if err != nil {
			id = nil // kept without deduplication, as add does
		}
		d.queue(deferredCheck{fk: c.Name, excl: &x, id: string(id)})
		return nil
	}
	r.exclChecks = append(r.exclChecks, x)
	return nil
}

// recheckExclusion runs a deferrable EXCLUDE constraint's check on the
// record as it is now: deleted since, it conflicts with nothing; changed
// since, its new version is the one that must not conflict.
func (r *run) recheckExclusion(x *exclusionCheck) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	k, err := r.tablePrefix(nil, x.t)
	if err != nil {
		return err
	}
	if k, err = value.AppendKey(k, x.key); err != nil {
		return errs.From(err)
	}
	b, ok, err := txn.Get(r.ctx, k)
	if err != nil {
		return errs.From(err)
	}
	if !ok {
		return nil
	}
	obj, err := decodeRecord(b)
	if err != nil || obj.Kind() != value.KindObject {
		return err
	}
	return r.checkExclusion(x.t, x.c, x.key, obj.AsObject(), true)
}

// exclusionKey is the text of a record's element values, as the detail
// of an exclusion violation shows them.
func (r *run) exclusionKey(ex *plan.ExclusionCheck, key, obj value.Value) (string, error) {
	row := [2]value.Value{key, obj}
	sc := scope{row: row[:]}
	parts := make([]string, len(ex.Elems))
	for i, e := range ex.Elems {
		v, err := r.eval(e, &sc)
		if err != nil {
			return "", err
		}
		parts[i] = keyText(v, ex.Types[i])
		if ex.Types[i].Kind != value.KindAny {
			// The element's type writes its text (a range as
			// [1,5), not as Any's JSON).
			if b, err := value.AppendText(nil, v, ex.Types[i]); err == nil {
				parts[i] = string(b)
			}
		}
	}
	return strings.Join(parts, ", "), nil
}

// addExclusion runs ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE: no two
// records of t may conflict (23P01, naming a pair, as PostgreSQL's index
// build does) before the constraint is stored with the table.
func (r *run) addExclusion(txn kv.Txn, db *catalog.Database, t *catalog.Table, n *plan.AddCheck) error {
	if t.ConstraintOrIndex(n.Exclusion.Name) {
		return errs.New(errs.DuplicateTable, "relation %q already exists", n.Exclusion.Name)
	}
	err := r.eachRecord(t, func(key, obj value.Value) error {
		if obj.Kind() != value.KindObject {
			return nil
		}
		return r.checkExclusion(t, &n.Validate, key, obj.AsObject(), false)
	})
	if err != nil {
		if e, ok := err.(*errs.Error); ok && e.Code == errs.ExclusionViolation {
			c := *e
			c.Message = fmt.Sprintf("could not create exclusion constraint %q", n.Exclusion.Name)
			c.Detail = strings.Replace(c.Detail, " conflicts with existing key ", " conflicts with key ", 1)
			return &c
		}
		return err
	}
	nt := *t
	nt.Exclusions = append(slices.Clone(t.Exclusions), *n.Exclusion)
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}
