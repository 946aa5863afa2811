package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/stats"
)

// The statistics views' counts (package stats): iterators count in
// fields of their own per row and add them to the statement's
// stats.Statement as they close; the statement's end adds those to the
// registry once. The stats.Statement is the session transaction's
// (Env.Stats), shared by the statements it runs: the run holds no state
// of its own for it, and a statement allocates nothing to count.

// counts is where the run counts: nil outside a session, and in a
// parallel aggregate's workers, which run at once (the records of the
// scan they share are counted by the statement's scan, sharedScan).
func (r *run) counts() *stats.Statement {
	if r.env.Stats == nil || r.par != nil {
		return nil
	}
	return r.env.Stats.Statement()
}

// flushCounts hands the statement's counts to the executor's registry.
func (r *run) flushCounts() {
	s := r.counts()
	if s == nil || s.Empty() {
		return
	}
	s.Flush(r.x.Stats, r.env.Stats.DB, r.env.Stats)
}

// countScan adds scans of a table's records, and the records they read:
// a sequential scan's, or with a key span an index scan of the primary
// key (which is how PostgreSQL would read it).
func (r *run) countScan(n *plan.Scan, scans, read int64) {
	if n.Span == nil || n.Span.Point == nil && n.Span.Lo == nil && n.Span.Hi == nil {
		r.counts().Add(stats.Entry{Table: n.Table.ID, Home: n.Table.Database, Scans: scans, Read: read})
		return
	}
	r.counts().Add(stats.Entry{Table: n.Table.ID, Home: n.Table.Database, Index: stats.PKeyIndex, Scans: scans, Read: read, Fetched: read})
}

// countIndexScan adds scans of a secondary index, the entries they read
// and the records they fetched.
func (r *run) countIndexScan(t *catalog.Table, ix *catalog.Index, scans, read, fetched int64) {
	r.counts().Add(stats.Entry{Table: t.ID, Home: t.Database, Index: ix.ID, Scans: scans, Read: read, Fetched: fetched})
}

// countTruncate counts the emptying of t: its rows are gone once the
// transaction commits. It comes before the statement's writes of t (a
// REFRESH writes the view's rows after emptying it).
func (r *run) countTruncate(t *catalog.Table) {
	r.counts().Add(stats.Entry{Table: t.ID, Home: t.Database, Truncated: true})
}

// countWrite counts a record of t inserted, updated or deleted.
func (r *run) countWrite(t *catalog.Table, ins, upd, del int64) {
	r.counts().Add(stats.Entry{Table: t.ID, Home: t.Database, Ins: ins, Upd: upd, Del: del})
}

// forgetTable drops the counters of table name of db, which the
// statement is about to drop (a DROP rolled back later loses them). It
// returns what to call once the drop succeeded.
func (r *run) forgetTable(db *catalog.Database, name string) func() {
	g := r.x.Stats
	if g == nil {
		return func() {}
	}
	txn, err := r.txn()
	if err != nil {
		return func() {}
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, name)
	if err != nil {
		return func() {}
	}
	return func() { g.ForgetTable(t.ID) }
}
