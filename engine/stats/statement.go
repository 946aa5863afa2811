package stats

// PKeyIndex is the Entry.Index of a table's primary key index.
const PKeyIndex = ^uint64(0)

// Entry is what one statement did to one relation: a table (Index 0:
// its sequential scans and writes) or one of its indexes (Index: the
// secondary index's id, or PKeyIndex).
type Entry struct {
	Table, Index uint64
	// Home is the catalog database of the table (Registry.Table).
	Home uint64
	// Scans are scans started; Read the rows (index entries) read;
	// Fetched the records an index scan fetched.
	Scans, Read, Fetched int64
	Ins, Upd, Del        int64
	// Truncated: the statement emptied the table (TRUNCATE, REFRESH
	// MATERIALIZED VIEW) before the writes counted above.
	Truncated bool
}

// Statement collects one statement's counts by relation: the first few
// relations take no allocation. Flushing early is harmless (the counts
// only add up), so the statements of a session share their
// transaction's (Txn.Statement): a statement that runs another (a
// PL/pgSQL function's) may flush both.
type Statement struct {
	n    int
	buf  [4]Entry
	more []Entry
}

// Entry is the statement's entry for index of table, added when it has
// none. The pointer is valid until the next call.
func (s *Statement) Entry(table, index uint64) *Entry {
	for i := 0; i < s.n; i++ {
		if e := &s.buf[i]; e.Table == table && e.Index == index {
			return e
		}
	}
	for i := range s.more {
		if e := &s.more[i]; e.Table == table && e.Index == index {
			return e
		}
	}
	if s.n < len(s.buf) {
		s.buf[s.n] = Entry{Table: table, Index: index}
		s.n++
		return &s.buf[s.n-1]
	}
	s.more = append(s.more, Entry{Table: table, Index: index})
	return &s.more[len(s.more)-1]
}

// Add adds a's counts to the statement's entry of a's relation. A nil
// statement counts nothing.
func (s *Statement) Add(a Entry) {
	if s == nil {
		return
	}
	e := s.Entry(a.Table, a.Index)
	e.Home = a.Home
	e.Scans += a.Scans
	e.Read += a.Read
	e.Fetched += a.Fetched
	e.Ins += a.Ins
	e.Upd += a.Upd
	e.Del += a.Del
	e.Truncated = e.Truncated || a.Truncated
}

// Empty reports whether nothing was counted.
func (s *Statement) Empty() bool { return s.n == 0 }

// Flush adds the statement's counts to g, for tables of database db,
// and forgets them: reads at once, writes to txn (nil: at once, as
// committed — a statement outside any session's transaction).
func (s *Statement) Flush(g *Registry, db uint64, txn *Txn) {
	if g == nil {
		s.n, s.more = 0, s.more[:0]
		return
	}
	for i := 0; i < s.n; i++ {
		s.buf[i].flush(g, db, txn)
	}
	for i := range s.more {
		s.more[i].flush(g, db, txn)
	}
	s.n, s.more = 0, s.more[:0]
}

func (e *Entry) flush(g *Registry, db uint64, txn *Txn) {
	t := g.Table(db, e.Home, e.Table)
	d := t.db
	switch e.Index {
	case 0:
		if e.Scans != 0 || e.Read != 0 {
			t.SeqScan.Add(e.Scans)
			t.SeqTupRead.Add(e.Read)
			d.TupReturned.Add(e.Read)
		}
		if e.Ins != 0 || e.Upd != 0 || e.Del != 0 || e.Truncated {
			w := pendingWrite{t: t, truncated: e.Truncated, ins: e.Ins, upd: e.Upd, del: e.Del, live: e.Ins - e.Del}
			if txn == nil {
				w.apply(true)
			} else {
				txn.add(w)
			}
		}
		return
	case PKeyIndex:
		e.flushIndex(t, &t.PKey)
	default:
		e.flushIndex(t, g.Index(db, e.Home, e.Table, e.Index))
	}
}

func (e *Entry) flushIndex(t *Table, x *Index) {
	x.Scan.Add(e.Scans)
	x.TupRead.Add(e.Read)
	x.TupFetch.Add(e.Fetched)
	t.IdxScan.Add(e.Scans)
	t.IdxTupFetch.Add(e.Fetched)
	t.db.TupReturned.Add(e.Read)
	t.db.TupFetched.Add(e.Fetched)
}

// Txn holds a transaction's writes until it ends: the rows written count
// either way, as in PostgreSQL, but only a commit changes what the
// tables hold (n_live_tup). A session keeps one and reuses it.
type Txn struct {
	// DB is the database its statements count in (pg_stat_database's
	// row): the session's, which sets it, whatever schema or temporary
	// schema a statement's DDL runs in.
	DB     uint64
	writes []pendingWrite
	stmt   Statement
}

// Statement is where the transaction's statements count before they
// flush: one for all, reused, so that a statement allocates none.
func (x *Txn) Statement() *Statement { return &x.stmt }

type pendingWrite struct {
	t             *Table
	ins, upd, del int64
	// truncated: the transaction emptied the table; live is what its
	// writes since then add to the rows.
	truncated bool
	live      int64
}

func (x *Txn) add(n pendingWrite) {
	for i := range x.writes {
		if w := &x.writes[i]; w.t == n.t {
			w.ins, w.upd, w.del = w.ins+n.ins, w.upd+n.upd, w.del+n.del
			if n.truncated {
				w.truncated, w.live = true, n.live
			} else {
				w.live += n.live
			}
			return
		}
	}
	x.writes = append(x.writes, n)
}

// End ends the transaction: its writes are counted, and it is counted
// as a commit or rollback of database d (nil: not counted).
func (x *Txn) End(d *Database, committed bool) {
	for i := range x.writes {
		x.writes[i].apply(committed)
	}
	x.Discard()
	switch {
	case d == nil:
	case committed:
		d.XactCommit.Add(1)
	default:
		d.XactRollback.Add(1)
	}
}

// Discard forgets the transaction's writes uncounted: an attempt the
// session runs again (a serialization failure's retry) did not happen
// for the client.
func (x *Txn) Discard() {
	clear(x.writes)
	x.writes = x.writes[:0]
}

func (w *pendingWrite) apply(committed bool) {
	t := w.t
	t.Ins.Add(w.ins)
	t.Upd.Add(w.upd)
	t.Del.Add(w.del)
	t.db.TupInserted.Add(w.ins)
	t.db.TupUpdated.Add(w.upd)
	t.db.TupDeleted.Add(w.del)
	if !committed {
		return
	}
	if w.truncated {
		t.emptied.Store(true)
		t.LiveDelta.Store(w.live)
	} else {
		t.LiveDelta.Add(w.live)
	}
	t.ModSinceAnalyze.Add(w.ins + w.upd + w.del)
	t.InsCommitted.Add(w.ins)
}
