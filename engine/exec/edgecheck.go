package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/graph"
	"github.com/zerodb/zerodb/kv"
)

// Edge end checks.
//
// The two ends of a written edge must be existing records (edgeOf).
// Reading each end's record as the edge is written is a random read per
// end, most of what loading a graph cost. Instead each written edge
// queues a check, and the statement's checks run at its end, as its
// foreign keys do (fkey.go), with all their keys looked up in one pass
// in key order (kv.Exister): ends near each other cost a step of one
// iterator. So, as for foreign keys, the statement's end state counts:
// a statement may add an edge before its vertex, and an edge that is
// gone again at the end (with its vertex: removeVertexEdges) is not
// checked. When one edge is written more than once, its last write's
// ends are the ones checked.

// edgeCheck is one queued check: the edge record's key and its ends'
// record keys are spans of run.edgeCheckKeys.
type edgeCheck struct {
	table          *catalog.Table
	edge, from, to keySpan
	fromID, toID   value.Value
}

type keySpan struct{ lo, hi int }

// queueEdgeCheck queues the check of e's ends, written into edge table t
// as ids (in, out: for the error).
func (r *run) queueEdgeCheck(t *catalog.Table, e *graph.Edge, ids [2]value.Value) error {
	db, err := r.database()
	if err != nil {
		return err
	}
	c := edgeCheck{table: t, fromID: ids[0], toID: ids[1]}
	for _, k := range [...]struct {
		span  *keySpan
		table uint64
		key   value.Value
	}{{&c.edge, t.ID, e.Key}, {&c.from, e.From.Table, e.From.Key}, {&c.to, e.To.Table, e.To.Key}} {
		lo := len(r.edgeCheckKeys)
		b, err := keys.RecordKey(r.edgeCheckKeys, db.Namespace, db.ID, k.table, k.key)
		if err != nil {
			return errs.From(err)
		}
		r.edgeCheckKeys = b
		*k.span = keySpan{lo, len(b)}
	}
	r.edgeChecks = append(r.edgeChecks, c)
	if len(r.edgeChecks) >= r.edgeChecksKept+edgeCheckBatch {
		return r.runEdgeChecks(false)
	}
	return nil
}

// edgeCheckBatch bounds the queue: a statement writing more edges runs
// the checks queued so far and keeps only those that fail (a later part
// of the statement may still add the vertex), so the queue's memory does
// not grow with the statement. A check that passes stays passed: its
// vertex can only go with its edges.
const edgeCheckBatch = 1 << 16

// edgeChecksFinish runs the queued checks: the end of the statement.
func (r *run) edgeChecksFinish() error {
	return r.runEdgeChecks(true)
}

// runEdgeChecks runs the queued checks. At the end of the statement
// (final) the first that fails is the error; before it, the failing ones
// stay queued and the rest go.
func (r *run) runEdgeChecks(final bool) error {
	cs := r.edgeChecks
	if len(cs) == 0 {
		return nil
	}
	if txn, err := r.txn(); err == nil {
		defer kv.TrackReads(txn)() // an edge's ends must stay until commit (fkFinish)
	}
	slab := r.edgeCheckKeys
	rewritten := r.edgesRewritten
	r.edgeChecks, r.edgeCheckKeys = nil, nil
	if final {
		r.edgesRewritten, r.edgeChecksKept = false, 0
	}
	at := func(s keySpan) []byte { return slab[s.lo:s.hi:s.hi] }
	ks := make([][]byte, 0, 3*len(cs))
	for _, c := range cs {
		ks = append(ks, at(c.edge), at(c.from), at(c.to))
	}
	found, err := r.existing(ks)
	if err != nil {
		return err
	}
	// An edge written again in the statement counts with its last ends.
	var last map[string]int
	if rewritten {
		last = make(map[string]int, len(cs))
		for i := range cs {
			last[string(ks[3*i])] = i
		}
	}
	var kept []edgeCheck
	var keptKeys []byte
	for i, c := range cs {
		if !found[3*i] || last != nil && last[string(ks[3*i])] != i || found[3*i+1] && found[3*i+2] {
			continue
		}
		if final {
			if !found[3*i+1] {
				return missingVertex(c.table, c.fromID, "in")
			}
			return missingVertex(c.table, c.toID, "out")
		}
		for _, sp := range []*keySpan{&c.edge, &c.from, &c.to} {
			lo := len(keptKeys)
			keptKeys = append(keptKeys, at(*sp)...)
			*sp = keySpan{lo, len(keptKeys)}
		}
		kept = append(kept, c)
	}
	if !final {
		r.edgeChecks, r.edgeCheckKeys, r.edgeChecksKept = kept, keptKeys, len(kept)
	}
	return nil
}

// missingVertex is the error for an edge whose end in field does not
// exist.
func missingVertex(t *catalog.Table, id value.Value, field string) error {
	return errs.New(errs.ForeignKeyViolation, "edge table %q: vertex %s in field %q does not exist", t.Name, id.String(), field)
}
