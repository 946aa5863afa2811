package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/stats"
)

// The statistics views' counts (package stats): iterators count in
// fields of their own per row and add them to the run's stats.Statement
// as they close; the statement's end adds those to the registry once.

// flushCounts hands the statement's counts to the executor's registry.
func (r *run) flushCounts() {
	if r.counts.Empty() {
		return
	}
	var db uint64
	if d := r.env.Database; d != nil {
		db = d.ID
	}
	r.counts.Flush(r.x.Stats, db, r.env.Stats)
}

// countScan adds scans of a table's records, and the records they read:
// a sequential scan's, or with a key span an index scan of the primary
// key (which is how PostgreSQL would read it).
func (r *run) countScan(n *plan.Scan, scans, read int64) {
	if n.Span == nil || n.Span.Point == nil && n.Span.Lo == nil && n.Span.Hi == nil {
		e := r.counts.Entry(n.Table.ID, 0)
		e.Scans += scans
		e.Read += read
		return
	}
	e := r.counts.Entry(n.Table.ID, stats.PKeyIndex)
	e.Scans += scans
	e.Read += read
	e.Fetched += read
}

// countIndexScan adds scans of a secondary index, the entries they read
// and the records they fetched.
func (r *run) countIndexScan(t *catalog.Table, ix *catalog.Index, scans, read, fetched int64) {
	e := r.counts.Entry(t.ID, ix.ID)
	e.Scans += scans
	e.Read += read
	e.Fetched += fetched
}

// countTruncate counts the emptying of t: its rows are gone once the
// transaction commits. It comes before the statement's writes of t (a
// REFRESH writes the view's rows after emptying it).
func (r *run) countTruncate(t *catalog.Table) {
	r.counts.Entry(t.ID, 0).Truncated = true
}

// countWrite counts a record of t inserted, updated or deleted.
func (r *run) countWrite(t *catalog.Table, ins, upd, del int64) {
	e := r.counts.Entry(t.ID, 0)
	e.Ins += ins
	e.Upd += upd
	e.Del += del
}
