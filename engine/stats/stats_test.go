package stats

import (
	"math"
	"testing"
	"time"
)

// counts is a table's counters as plain numbers, for comparisons.
type counts struct {
	seqScan, seqRead, idxScan, idxFetch, ins, upd, del, live, mod int64
}

func snapshot(t *Table) counts {
	return counts{t.SeqScan.Load(), t.SeqTupRead.Load(), t.IdxScan.Load(), t.IdxTupFetch.Load(),
		t.Ins.Load(), t.Upd.Load(), t.Del.Load(), t.LiveDelta.Load(), t.ModSinceAnalyze.Load()}
}

func TestStatementFlush(t *testing.T) {
	const db = 7
	for _, tc := range []struct {
		name   string
		count  func(s *Statement)
		end    func(x *Txn, d *Database) // nil: no transaction (writes count as committed)
		want   counts
		commit int64
		rb     int64
	}{
		{
			name: "seq scan",
			count: func(s *Statement) {
				e := s.Entry(1, 0)
				e.Scans, e.Read = 1, 10
			},
			want: counts{seqScan: 1, seqRead: 10},
		},
		{
			name: "primary key and secondary index",
			count: func(s *Statement) {
				e := s.Entry(1, PKeyIndex)
				e.Scans, e.Read, e.Fetched = 2, 2, 2
				e = s.Entry(1, 99)
				e.Scans, e.Read, e.Fetched = 1, 5, 3
			},
			want: counts{idxScan: 3, idxFetch: 5},
		},
		{
			name:  "writes without a transaction",
			count: func(s *Statement) { s.Entry(1, 0).Ins = 3 },
			want:  counts{ins: 3, live: 3, mod: 3},
		},
		{
			name: "committed writes",
			count: func(s *Statement) {
				e := s.Entry(1, 0)
				e.Ins, e.Upd, e.Del = 3, 1, 1
			},
			end:    func(x *Txn, d *Database) { x.End(d, true) },
			want:   counts{ins: 3, upd: 1, del: 1, live: 2, mod: 5},
			commit: 1,
		},
		{
			name:  "rolled-back writes count, but not as live",
			count: func(s *Statement) { s.Entry(1, 0).Ins = 3 },
			end:   func(x *Txn, d *Database) { x.End(d, false) },
			want:  counts{ins: 3},
			rb:    1,
		},
		{
			name:  "a discarded attempt counts nothing",
			count: func(s *Statement) { s.Entry(1, 0).Ins = 3 },
			end:   func(x *Txn, _ *Database) { x.Discard() },
		},
		{
			name: "more tables than the inline entries",
			count: func(s *Statement) {
				for id := uint64(1); id <= 6; id++ {
					s.Entry(id, 0).Scans++
				}
				s.Entry(1, 0).Scans++
			},
			want: counts{seqScan: 2},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := New()
			var s Statement
			tc.count(&s)
			var x *Txn
			if tc.end != nil {
				x = &Txn{}
			}
			s.Flush(g, db, x)
			if !s.Empty() {
				t.Fatal("a flushed statement keeps its counts")
			}
			d := g.Database(db)
			if tc.end != nil {
				tc.end(x, d)
			}
			got := counts{}
			if tb := g.LookupTable(1); tb != nil {
				got = snapshot(tb)
			}
			if got != tc.want {
				t.Errorf("table counters %+v, want %+v", got, tc.want)
			}
			if c, r := d.XactCommit.Load(), d.XactRollback.Load(); c != tc.commit || r != tc.rb {
				t.Errorf("commits %d, rollbacks %d; want %d, %d", c, r, tc.commit, tc.rb)
			}
			if got, want := d.TupInserted.Load(), tc.want.ins; got != want {
				t.Errorf("tup_inserted %d, want %d", got, want)
			}
		})
	}
}

func TestReset(t *testing.T) {
	g := New()
	var s Statement
	s.Entry(1, 0).Scans = 1
	s.Entry(1, 5).Scans = 1
	s.Flush(g, 1, nil)
	s.Entry(2, 0).Scans = 1
	s.Flush(g, 2, nil) // another database's table
	if _, ok := g.Database(1).StatsReset(); ok {
		t.Fatal("stats_reset set before any reset")
	}
	now := time.Unix(1000, 0)
	g.Reset(1, now)
	if n := g.LookupTable(1).SeqScan.Load(); n != 0 {
		t.Errorf("seq_scan %d after reset", n)
	}
	if n := g.LookupIndex(5).Scan.Load(); n != 0 {
		t.Errorf("idx_scan %d after reset", n)
	}
	if n := g.LookupTable(2).SeqScan.Load(); n != 1 {
		t.Errorf("another database's table: seq_scan %d after reset, want 1", n)
	}
	if at, ok := g.Database(1).StatsReset(); !ok || !at.Equal(now) {
		t.Errorf("stats_reset %v %v, want %v", at, ok, now)
	}
}

// TestStatementNoAlloc: counting and flushing a statement's few tables
// allocates nothing once their counters exist.
func TestStatementNoAlloc(t *testing.T) {
	g := New()
	var x Txn
	run := func() {
		var s Statement
		e := s.Entry(1, PKeyIndex)
		e.Scans, e.Read, e.Fetched = 1, 1, 1
		s.Entry(2, 0).Ins = 1
		s.Flush(g, 1, &x)
		x.End(g.Database(1), true)
	}
	run()
	if n := testing.AllocsPerRun(100, run); n != 0 {
		t.Errorf("%v allocations per statement", n)
	}
}

func TestTruncate(t *testing.T) {
	// The table had 10 rows at its last ANALYZE, 2 inserted since.
	for _, tc := range []struct {
		name      string
		stmts     []Entry // each flushed as a statement of one transaction
		committed bool
		want      int64
	}{
		{"rolled back", []Entry{{Truncated: true}, {Ins: 3}}, false, 12},
		{"committed", []Entry{{Ins: 1}, {Truncated: true}, {Ins: 3}}, true, 3},
		{"REFRESH: emptied, then written in one statement", []Entry{{Truncated: true, Ins: 4}}, true, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := New()
			tb := g.Table(1, 1, 1)
			tb.LiveDelta.Store(2)
			var s Statement
			var x Txn
			for _, e := range tc.stmts {
				e.Table = 1
				s.Add(e)
				s.Flush(g, 1, &x)
			}
			x.End(nil, tc.committed)
			if n := tb.LiveRows(10); n != tc.want {
				t.Fatalf("n_live_tup %d, want %d", n, tc.want)
			}
			tb.Analyzed(time.Unix(1, 0))
			if n := tb.LiveRows(7); n != 7 {
				t.Fatalf("n_live_tup %d after ANALYZE counted 7, want 7", n)
			}
		})
	}
}

func TestForget(t *testing.T) {
	g := New()
	var s Statement
	// Tables 1 and 2 of database 1; table 3 in temporary schema 9.
	for _, e := range []Entry{
		{Table: 1, Home: 1, Scans: 1}, {Table: 1, Home: 1, Index: 11, Scans: 1},
		{Table: 2, Home: 1, Scans: 1}, {Table: 2, Home: 1, Index: 21, Scans: 1},
		{Table: 3, Home: 9, Scans: 1}, {Table: 3, Home: 9, Index: 31, Scans: 1},
	} {
		s.Add(e)
	}
	s.Flush(g, 1, nil)
	g.ForgetTable(1)
	g.ForgetIndex(21)
	g.ForgetHome(9)
	for _, tc := range []struct {
		name string
		got  bool
		want bool
	}{
		{"table 1", g.LookupTable(1) != nil, false},
		{"index 11 of table 1", g.LookupIndex(11) != nil, false},
		{"table 2", g.LookupTable(2) != nil, true},
		{"index 21", g.LookupIndex(21) != nil, false},
		{"temporary table 3", g.LookupTable(3) != nil, false},
		{"its index 31", g.LookupIndex(31) != nil, false},
		{"database 1", g.LookupDatabase(1) != nil, true},
	} {
		if tc.got != tc.want {
			t.Errorf("%s kept: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestQueries(t *testing.T) {
	q := newQueries()
	k := QueryKey{User: "ann", Database: 1, ID: QueryID("SELECT $1")}
	for _, ms := range []int{2, 4, 4, 4, 5, 5, 7, 9} {
		q.Record(k, "SELECT $1", time.Duration(ms)*time.Millisecond, 1)
	}
	q.Record(QueryKey{User: "bob", Database: 1, ID: k.ID}, "SELECT $1", time.Millisecond, 3)
	all := q.All()
	if len(all) != 2 {
		t.Fatalf("%d entries, want one per role", len(all))
	}
	var ann QueryStats
	for _, s := range all {
		if s.Key.User == "ann" {
			ann = s
		}
	}
	if ann.Calls != 8 || ann.Rows != 8 || ann.Total != 40 || ann.Min != 2 || ann.Max != 9 || ann.Mean != 5 || math.Abs(ann.Std-2) > 1e-9 {
		t.Fatalf("counters %+v, want 8 calls, 8 rows, 40 ms, min 2, max 9, mean 5, stddev 2", ann)
	}
	q.Reset(func(k QueryKey) bool { return k.User == "bob" }, time.Now())
	if n := len(q.All()); n != 1 {
		t.Fatalf("after resetting bob's: %d entries", n)
	}
	q.max = 40
	for i := range 100 {
		q.Record(QueryKey{User: "ann", Database: 1, ID: int64(i)}, "q", time.Millisecond, 0)
	}
	if dealloc, _ := q.Info(); dealloc == 0 || len(q.All()) > 40 {
		t.Fatalf("past max: %d entries, %d evictions", len(q.All()), dealloc)
	}
	if got := q.m[k]; got == nil {
		t.Fatal("the most called statement was evicted")
	}
	q.Reset(nil, time.Now())
	if dealloc, at := q.Info(); dealloc != 0 || at.IsZero() || len(q.All()) != 0 {
		t.Fatal("Reset(nil) left counters")
	}
}
