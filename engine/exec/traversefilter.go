package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// The step filters of a traversal: a candidate edge or vertex passes when
// its record satisfies the step's filter, or, with an index semi-join
// (plan.StepIndex), when its key is among the keys the index's spans hold
// (read once, no record) and its record satisfies what the spans leave
// over.

// maxStepKeys bounds the keys a step's semi-join holds in memory: past
// it the step evaluates its filter per candidate, as without the index.
const maxStepKeys = 1 << 18

// stepKeys is the key set of one semi-join of a step.
type stepKeys struct {
	keys  map[string]struct{}
	built bool
	// writes is run.writes when the set was read: a record the statement
	// wrote since may have changed its index entries.
	writes uint64
	off    bool   // too many keys: the filter is evaluated instead
	buf    []byte // the candidate's encoded key
}

// stepSets are the semi-join sets of a step's edges and vertices.
type stepSets struct {
	edges, vertices stepKeys
}

// resetSets forgets the sets whose spans depend on the outer row, as the
// traversal is reopened for another one.
func (s *graphStep) resetSets() {
	if s.EdgeIndex != nil && !fixedSpans(s.EdgeIndex) {
		s.sets.edges = stepKeys{buf: s.sets.edges.buf}
	}
	if s.VertexIndex != nil && !fixedSpans(s.VertexIndex) {
		s.sets.vertices = stepKeys{buf: s.sets.vertices.buf}
	}
}

// fixedSpans reports whether a semi-join's spans are the same for every
// outer row: constants and parameters only.
func fixedSpans(x *plan.StepIndex) bool {
	fixed := func(e plan.Expr) bool {
		switch e.(type) {
		case nil, *plan.Const, *plan.Param:
			return true
		}
		return false
	}
	for _, s := range x.Spans {
		if !fixed(s.Lo) || !fixed(s.Hi) {
			return false
		}
		for _, e := range s.Eq {
			if !fixed(e) {
				return false
			}
		}
	}
	return true
}

// inSet looks candidate id up in the semi-join set of x, building the set
// on first use (again after the statement wrote records); usable is false when the set cannot answer (too many
// keys, or id is not a record of x's table) and the filter must.
func (r *run) inSet(ks *stepKeys, x *plan.StepIndex, o outer, id value.Value) (in, usable bool, err error) {
	if !ks.built || ks.writes != r.writes {
		sc := o.scope(nil)
		keys, ok, err := r.indexKeysMax(x.Table, &plan.IndexIntersect{Index: x.Index, Spans: x.Spans}, x.SQLNulls, &sc, maxStepKeys)
		if err != nil {
			return false, false, err
		}
		ks.keys, ks.off, ks.built, ks.writes = keys, !ok, true, r.writes
	}
	rid := id.AsRecordID()
	if ks.off || id.Kind() != value.KindRecordID || rid.Table != x.Table.Name {
		return false, false, nil
	}
	k, ok := normalizeKey(rid.Key, keyType(x.Table))
	if !ok {
		return false, false, nil
	}
	if ks.buf, err = value.AppendKey(ks.buf[:0], k); err != nil {
		return false, false, nil
	}
	_, in = ks.keys[string(ks.buf)]
	return in, true, nil
}

// bySemiJoin decides a step filter cond on the record id through the
// step's index key set x (nil: none) when it can: done reports that pass
// is the answer; otherwise rest is what remains to check on the record
// (cond, or only x's residual when the key set holds id).
func (r *run) bySemiJoin(ks *stepKeys, x *plan.StepIndex, o outer, id value.Value, cond plan.Expr) (done, pass bool, rest plan.Expr, err error) {
	if x == nil {
		return false, false, cond, nil
	}
	in, usable, err := r.inSet(ks, x, o, id)
	if err != nil || !usable {
		return err != nil, false, cond, err
	}
	if !in || x.Residual == nil {
		return true, in, nil, nil
	}
	return false, false, x.Residual, nil
}

// edgePasses applies a step's edge filter to the edge eid.
func (r *run) edgePasses(s *graphStep, o outer, eid value.Value) (bool, error) {
	if s.EdgeFilter == nil {
		return true, nil
	}
	done, pass, cond, err := r.bySemiJoin(&s.sets.edges, s.EdgeIndex, o, eid, s.EdgeFilter)
	if done || err != nil {
		return pass, err
	}
	ev, err := r.edgeView(eid)
	if err != nil {
		return false, err
	}
	return r.holds(s, cond, o, ev)
}

// vertexPasses applies a step's vertex restriction (tables, filter).
func (r *run) vertexPasses(s *graphStep, o outer, v value.Value) (bool, error) {
	if len(s.Tables) > 0 && !slices.Contains(s.Tables, v.AsRecordID().Table) {
		return false, nil
	}
	if s.VertexFilter == nil {
		return true, nil
	}
	done, pass, cond, err := r.bySemiJoin(&s.sets.vertices, s.VertexIndex, o, v, s.VertexFilter)
	if done || err != nil {
		return pass, err
	}
	return r.holds(s, cond, o, v)
}
