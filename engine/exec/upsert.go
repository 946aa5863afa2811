package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// upsert runs ON CONFLICT DO UPDATE for a proposed object whose key
// exists (stored as ob): Update computes the new object from the
// existing and the proposed (EXCLUDED) one, unless UpdateWhere rejects
// the row (skip). t is the table the row is in: the partition a
// partitioned table's row was routed to. It returns the output row.
func (it *insertIter) upsert(t *catalog.Table, key value.Value, ob []byte, proposed *value.Object) ([]value.Value, bool, error) {
	r := it.r
	old, err := value.Decode(ob)
	if err != nil {
		return nil, false, errs.From(err)
	}
	if !it.markSeen(key) {
		return nil, false, atPos(errs.New(errs.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time").
			WithHint("Ensure that no rows proposed for insertion within the same command have duplicate constrained values."), it.n.Obj.Pos())
	}
	row := []value.Value{key, old, key, value.ObjectOf(proposed)}
	sc := it.o.scope(row)
	if it.n.UpdateWhere != nil {
		ok, err := r.eval(it.n.UpdateWhere, &sc)
		if err != nil {
			return nil, false, err
		}
		if ok.Kind() != value.KindBool || !ok.AsBool() {
			return nil, true, nil
		}
	}
	nv, err := r.eval(it.n.Update, &sc)
	if err != nil {
		return nil, false, err
	}
	if nv.Kind() != value.KindObject {
		return nil, false, typeMismatch(it.n.Update.Pos(), "a record must be an object, not %s", kindName(nv))
	}
	obj := nv.AsObject()
	if len(t.Fields) > 0 {
		if err := refuseGenerated(t, obj, storedObject(old)); err != nil {
			return nil, false, atPos(err, it.n.Update.Pos())
		}
		if obj, err = r.validateRewritten(t, obj); err != nil {
			return nil, false, atPos(err, it.n.Update.Pos())
		}
	}
	if len(t.Triggers) > 0 {
		// As PostgreSQL: the conflicting row's update fires UPDATE triggers.
		if obj, err = r.beforeWrite(t, catalog.TriggerUpdate, it.n.UpdateCols, old, obj, it.n.Update.Pos()); err != nil || obj == nil {
			return nil, obj == nil && err == nil, err
		}
	}
	if err := r.checkConstraints(t, it.n.Checks, key, obj); err != nil {
		return nil, false, err
	}
	if t.PartitionOf != "" {
		if err := it.upsertStays(t, obj); err != nil {
			return nil, false, err
		}
	}
	if len(t.PrimaryKey) > 0 {
		pk, err := pkKey(t, obj)
		if err != nil {
			return nil, false, err
		}
		if !value.Equal(pk, key) {
			nv = value.ObjectOf(obj)
			if err := it.rekey(t, it.n.Update.Pos(), key, pk, old, nv); err != nil {
				return nil, false, err
			}
			it.markSeen(pk)
			if err := r.afterWrite(t, catalog.TriggerUpdate, it.n.UpdateCols, old, nv); err != nil {
				return nil, false, err
			}
			it.out[0], it.out[1] = keyOf(t, it.kt, pk, nv), nv
			return it.out[:], false, nil
		}
	}
	kb, err := it.recordKey(key, it.n.Update.Pos())
	if err != nil {
		return nil, false, err
	}
	nv = value.ObjectOf(obj)
	it.valBuf = value.Encode(it.valBuf[:0], nv)
	txn, err := r.txn()
	if err != nil {
		return nil, false, err
	}
	if err := txn.Put(kb, it.valBuf); err != nil {
		return nil, false, errs.From(err)
	}
	if r.hasDerived(t) {
		if err := r.recordChanged(t, key, old, nv, it.n.Update.Pos()); err != nil {
			return nil, false, err
		}
		r.fkNote(t, old, nv)
	}
	r.writes++
	r.countWrite(t, 0, 1, 0)
	if len(t.Triggers) > 0 {
		if err := r.afterWrite(t, catalog.TriggerUpdate, it.n.UpdateCols, old, nv); err != nil {
			return nil, false, err
		}
	}
	it.out[0], it.out[1] = keyOf(t, it.kt, key, nv), nv
	return it.out[:], false, nil
}

// markSeen records a key the statement wrote; false when it already had.
func (it *insertIter) markSeen(key value.Value) bool {
	if it.seen == nil {
		it.seen = newRowSet(it.r, 0)
	}
	one := [1]value.Value{key}
	return it.seen.add(one[:], &it.seenStore)
}

// arbiterHolder finds the record holding the arbiter index's parts of a
// proposed object: its key and stored bytes. A proposed object with a
// none part conflicts with nothing.
func (it *insertIter) arbiterHolder(key value.Value, obj *value.Object) (value.Value, []byte, bool, error) {
	r, t := it.r, it.n.Table
	if it.arbiter.Deferrable {
		// PostgreSQL refuses it as it meets a row to insert.
		return value.None, nil, false, errDeferrableArbiter()
	}
	ov := value.ObjectOf(obj)
	// A partial arbiter holds only the records its predicate covers: one
	// it does not cover conflicts with none of them.
	if ok, err := r.covers(t, it.arbiter, key, ov); err != nil || !ok {
		return value.None, nil, false, err
	}
	parts, hasNone, err := r.indexParts(nil, t, it.arbiter, key, ov)
	if err != nil || hasNone {
		return value.None, nil, false, err
	}
	ns, err := r.nsID()
	if err != nil {
		return value.None, nil, false, err
	}
	txn, err := r.txn()
	if err != nil {
		return value.None, nil, false, err
	}
	ik := keys.IndexEntryKey(nil, ns, t.Database, it.arbiter.ID, parts, nil, true)
	// As on the key (insertIter.next): wait for a transaction that
	// upserts the same value, there or not yet, and run again in a newer
	// snapshot when it changed the entry, so that concurrent upserts of
	// one value each take the conflict path rather than one failing at
	// commit.
	if err := r.lockForWrite(txn, t, ik, plan.ForNoKeyUpdate); err != nil {
		return value.None, nil, false, err
	}
	rk, ok, err := txn.Get(r.ctx, ik)
	if err != nil || !ok {
		return value.None, nil, false, kvErr(err)
	}
	recKey := append(append([]byte(nil), it.prefix...), rk...)
	// The record the entry names may have changed since the snapshot
	// (an earlier upsert of the value updated it): locked, and run again
	// when it did, as an UPDATE of it would be.
	if err := r.lockForWrite(txn, t, recKey, plan.ForNoKeyUpdate); err != nil {
		return value.None, nil, false, err
	}
	ob, ok, err := txn.Get(r.ctx, recKey)
	if err != nil {
		return value.None, nil, false, errs.From(err)
	}
	if !ok {
		return value.None, nil, false, internalf("index %q names a missing record", it.arbiter.Name)
	}
	k, err := keys.DecodeRecordKeyIn(it.prefix, recKey)
	if err != nil {
		return value.None, nil, false, err
	}
	if it.kt != nil {
		k, _ = normalizeKey(k, it.kt)
	}
	return k, ob, true, nil
}
