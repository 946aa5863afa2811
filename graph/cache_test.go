package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"unsafe"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/internal/slotcache"
	"github.com/zerodb/zerodb/kv"
	"pgregory.net/rapid"
)

// fataler is what the helpers need of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

// readOnlyReader begins a read-only transaction of s and returns st's
// Reader in it, and done, which closes both.
func readOnlyReader(t fataler, s kv.Store, st Store) (r *Reader, done func()) {
	t.Helper()
	ctx := context.Background()
	txn, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	r = st.Reader(ctx, txn)
	return r, func() {
		r.Close()
		txn.Rollback()
	}
}

// cachedStore opens a memory store whose commits the returned cache
// observes.
func cachedStore(t fataler, budget int64) (kv.Store, Store) {
	t.Helper()
	c := NewCache(budget)
	s, err := kv.OpenMemoryWith(kv.Options{OnCommit: c.Committed})
	if err != nil {
		t.Fatal(err)
	}
	return s, Store{NS: 1, DB: 2, Cache: c}
}

// tedge is an edge of the cache tests: edge table 7 or 8.
type tedge struct{ table, key, from, to int }

func (e tedge) edge() *Edge {
	ed := edgeOf(refEdge{e.key, e.from, e.to})
	ed.Table = uint64(e.table)
	ed.ID = value.RecordIDOf(fmt.Sprintf("e%d", e.table), value.Int(int64(e.key)))
	return ed
}

// tgraph is the reference: the edges by (table, key).
type tgraph map[[2]int]tedge

func (g tgraph) succ(v int, d Dir, table int) []int {
	var out []int
	for _, e := range g {
		if table != 0 && e.table != table {
			continue
		}
		if (d == Out || d == Both) && e.from == v {
			out = append(out, e.to)
		}
		if (d == In || d == Both) && e.to == v {
			out = append(out, e.from)
		}
	}
	slices.Sort(out)
	return out
}

// neighbours expands v through Neighbours and, as a second opinion that
// must agree, AppendNeighbours (which then reads the cache's entry that
// the first filled or used).
func neighbours(rd *Reader, v int, d Dir, table int) ([]int, error) {
	var got []int
	vx := Vertex{Table: 3, Key: value.Int(int64(v))}
	err := rd.Neighbours(vx, d, uint64(table), func(_, o value.Value, _ Dir) (bool, error) {
		got = append(got, idx(o))
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	appended, err := rd.AppendNeighbours(nil, vx, d, uint64(table))
	if err != nil {
		return nil, err
	}
	var again []int
	for _, o := range appended {
		again = append(again, idx(o))
	}
	if !slices.Equal(got, again) {
		return nil, fmt.Errorf("expand %d %v table %d: Neighbours %v, AppendNeighbours %v", v, d, table, got, again)
	}
	slices.Sort(got)
	return got, nil
}

func expandSorted(t fataler, rd *Reader, v int, d Dir, table int) []int {
	t.Helper()
	got, err := neighbours(rd, v, d, table)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func commitEdges(t fataler, s kv.Store, st Store, link, unlink []tedge) {
	t.Helper()
	ctx := context.Background()
	txn, err := s.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range unlink {
		if err := st.Unlink(txn, e.edge()); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range link {
		if err := st.Link(txn, e.edge()); err != nil {
			t.Fatal(err)
		}
	}
	if err := txn.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestCacheNeverStale: an entry filled by an older snapshot serves a
// newer one only while no commit changed its vertex; a snapshot taken
// before a commit keeps seeing the old neighbours from the cache after a
// newer snapshot filled it with the new ones, and the other way round.
func TestCacheNeverStale(t *testing.T) {
	ctx := context.Background()
	s, st := cachedStore(t, 1<<20)
	defer s.Close()
	commitEdges(t, s, st, []tedge{{7, 1, 1, 2}, {7, 2, 1, 3}, {7, 3, 5, 6}}, nil)

	begin := func(ro bool) (kv.Txn, *Reader) {
		txn, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(txn.Rollback)
		return txn, st.Reader(ctx, txn)
	}
	check := func(name string, rd *Reader, v int, d Dir, table int, want ...int) {
		t.Helper()
		if got := expandSorted(t, rd, v, d, table); !slices.Equal(got, want) {
			t.Fatalf("%s: expand %d %v table %d = %v, want %v", name, v, d, table, got, want)
		}
	}

	_, old := begin(true)
	_, oldRW := begin(false)
	check("old", old, 1, Out, 7, 2, 3)
	check("old", old, 1, Out, 0, 2, 3)
	check("old", old, 5, Out, 7, 6)
	before := st.Cache.Stats()
	check("old again", old, 1, Out, 7, 2, 3)
	check("old rw", oldRW, 1, Out, 7, 2, 3)
	// Two expansions, each read twice (neighbours asks AppendNeighbours too).
	if hits := st.Cache.Stats().Hits - before.Hits; hits != 4 {
		t.Fatalf("re-expanding a vertex: %d cache hits, want 4", hits)
	}

	// A commit at vertex 1 (its edge table 7; expansions over every edge
	// table too) and, through vertex 4, an In entry of vertex 2.
	commitEdges(t, s, st, []tedge{{7, 4, 1, 4}, {7, 5, 4, 2}}, []tedge{{7, 2, 1, 3}})
	_, cur := begin(true)
	check("new", cur, 1, Out, 7, 2, 4)
	check("new", cur, 1, Out, 0, 2, 4)
	check("new", cur, 2, In, 7, 1, 4)
	check("new, untouched vertex", cur, 5, Out, 7, 6)
	check("old after new filled", old, 1, Out, 7, 2, 3)
	check("old after new filled", old, 1, Out, 0, 2, 3)
	check("old after new filled", old, 2, In, 7, 1)
	check("old rw after new filled", oldRW, 1, Out, 7, 2, 3)
	check("new after old filled", cur, 1, Out, 7, 2, 4)
	check("new after old filled", cur, 2, In, 7, 1, 4)

	// Own writes bypass the cache, in the written vertex only.
	txn, rw := begin(false)
	if err := st.Link(txn, tedge{7, 6, 5, 1}.edge()); err != nil {
		t.Fatal(err)
	}
	check("own write", rw, 5, Out, 7, 1, 6)
	check("own write, other vertex", rw, 1, Out, 7, 2, 4)
	check("others do not see it", cur, 5, Out, 7, 6)
}

// TestCachedReadConflicts: a read-write transaction served by the cache
// still conflicts with a concurrent commit at a vertex it expanded.
func TestCachedReadConflicts(t *testing.T) {
	ctx := context.Background()
	s, st := cachedStore(t, 1<<20)
	defer s.Close()
	commitEdges(t, s, st, []tedge{{7, 1, 1, 2}}, nil)
	warm, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	expandSorted(t, st.Reader(ctx, warm), 1, Out, 7)
	warm.Rollback()

	txn, err := s.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	before := st.Cache.Stats().Hits
	expandSorted(t, st.Reader(ctx, txn), 1, Out, 7)
	if st.Cache.Stats().Hits == before {
		t.Fatal("the read-write expansion was not served by the cache")
	}
	commitEdges(t, s, st, []tedge{{7, 9, 1, 5}}, nil)
	if err := st.Link(txn, tedge{7, 10, 3, 1}.edge()); err != nil {
		t.Fatal(err)
	}
	if err := txn.Commit(ctx); !errors.Is(err, kv.ErrConflict) {
		t.Fatalf("Commit = %v, want a conflict", err)
	}
}

// TestCacheModel interleaves transactions that insert and delete edges
// and remove vertices (with all their edges), committed or rolled back,
// with expansions in read-only and read-write transactions begun at
// different points; every expansion must equal the reference for its
// transaction's snapshot plus its own writes. Small budgets make the
// cache evict.
func TestCacheModel(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(rt *rapid.T) {
		budget := rapid.SampledFrom([]int64{2 << 10, 16 << 10, 1 << 20}).Draw(rt, "budget")
		s, st := cachedStore(rt, budget)
		defer s.Close()
		n := rapid.IntRange(1, 6).Draw(rt, "vertices")
		committed := tgraph{}
		type open struct {
			txn  kv.Txn
			rd   *Reader
			view tgraph // its snapshot plus its own writes
			rw   bool
			read bool // expanded something (a read-write one may then conflict)
			own  tgraph
			gone [][2]int
		}
		var txns []*open
		nextKey := 0
		for range rapid.IntRange(1, 60).Draw(rt, "ops") {
			switch op := rapid.IntRange(0, 6).Draw(rt, "op"); {
			case op == 6:
				// A warm-up pass from the latest committed state, while
				// older snapshots stay open.
				if _, err := st.Warm(ctx, s); err != nil {
					rt.Fatal(err)
				}
			case op == 0 || len(txns) == 0:
				rw := rapid.Bool().Draw(rt, "rw")
				txn, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: !rw})
				if err != nil {
					rt.Fatal(err)
				}
				txns = append(txns, &open{txn: txn, rd: st.Reader(ctx, txn), view: maps.Clone(committed), rw: rw, own: tgraph{}})
			case op <= 2:
				o := rapid.SampledFrom(txns).Draw(rt, "reader")
				v := rapid.IntRange(0, n-1).Draw(rt, "v")
				d := rapid.SampledFrom([]Dir{Out, In, Both}).Draw(rt, "dir")
				table := rapid.SampledFrom([]int{0, 7, 8}).Draw(rt, "table")
				if got, want := expandSorted(rt, o.rd, v, d, table), o.view.succ(v, d, table); !slices.Equal(got, want) {
					rt.Fatalf("expand %d %v table %d (rw %v) = %v, want %v", v, d, table, o.rw, got, want)
				}
				o.read = true
			case op == 3:
				o := rapid.SampledFrom(txns).Draw(rt, "writer")
				if !o.rw {
					continue
				}
				var doomed []tedge
				if victim := rapid.IntRange(-1, n-1).Draw(rt, "remove vertex"); victim >= 0 {
					for _, e := range o.view {
						if e.from == victim || e.to == victim {
							doomed = append(doomed, e)
						}
					}
				} else if len(o.view) > 0 && rapid.Bool().Draw(rt, "unlink") {
					ks := slices.SortedFunc(maps.Keys(o.view), func(a, b [2]int) int { return a[1] - b[1] })
					doomed = append(doomed, o.view[rapid.SampledFrom(ks).Draw(rt, "victim")])
				} else {
					nextKey++
					e := tedge{rapid.SampledFrom([]int{7, 8}).Draw(rt, "etable"), nextKey, rapid.IntRange(0, n-1).Draw(rt, "from"), rapid.IntRange(0, n-1).Draw(rt, "to")}
					if err := st.Link(o.txn, e.edge()); err != nil {
						rt.Fatal(err)
					}
					o.view[[2]int{e.table, e.key}], o.own[[2]int{e.table, e.key}] = e, e
				}
				for _, e := range doomed {
					k := [2]int{e.table, e.key}
					if err := st.Unlink(o.txn, e.edge()); err != nil {
						rt.Fatal(err)
					}
					delete(o.view, k)
					delete(o.own, k)
					o.gone = append(o.gone, k)
				}
			case op == 4 || op == 5:
				i := rapid.IntRange(0, len(txns)-1).Draw(rt, "finish")
				o := txns[i]
				txns = slices.Delete(txns, i, i+1)
				if !o.rw || rapid.IntRange(0, 3).Draw(rt, "rollback") == 0 {
					o.txn.Rollback()
					continue
				}
				err := o.txn.Commit(ctx)
				if errors.Is(err, kv.ErrConflict) && o.read {
					continue
				}
				if err != nil {
					rt.Fatal(err)
				}
				for _, k := range o.gone {
					delete(committed, k)
				}
				maps.Copy(committed, o.own)
			}
		}
		for _, o := range txns {
			o.txn.Rollback()
		}
	})
}

// TestCacheConcurrent runs writers and readers on several goroutines: a
// read-only snapshot's expansions must agree with each other (the same
// vertex twice) and with a scan of the store that bypasses the cache.
func TestCacheConcurrent(t *testing.T) {
	ctx := context.Background()
	s, st := cachedStore(t, 16<<10)
	defer s.Close()
	plain := Store{NS: st.NS, DB: st.DB}
	const n = 8
	var wg sync.WaitGroup
	// Room for one error per goroutine, each of which stops at its first.
	errc := make(chan error, 5)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				e := tedge{7, w*1000 + i, (i * 7) % n, (i*3 + w) % n}
				txn, err := s.Begin(ctx, kv.TxnOptions{})
				if err != nil {
					errc <- err
					return
				}
				if err := st.Link(txn, e.edge()); err != nil {
					errc <- err
					return
				}
				if i%3 == 0 && i > 0 {
					old := tedge{7, w*1000 + i - 1, ((i - 1) * 7) % n, ((i-1)*3 + w) % n}
					if err := st.Unlink(txn, old.edge()); err != nil {
						errc <- err
						return
					}
				}
				if err := txn.Commit(ctx); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 150 {
				txn, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
				if err != nil {
					errc <- err
					return
				}
				v := i % n
				cached, ref := st.Reader(ctx, txn), plain.Reader(ctx, txn)
				var got [4][]int
				for j, x := range [...]struct {
					rd    *Reader
					d     Dir
					table int
				}{{cached, Both, 0}, {cached, Out, 7}, {ref, Both, 0}, {ref, Out, 7}} {
					if got[j], err = neighbours(x.rd, v, x.d, x.table); err != nil {
						errc <- err
						return
					}
				}
				if !slices.Equal(got[0], got[2]) || !slices.Equal(got[1], got[3]) {
					errc <- fmt.Errorf("vertex %d: cached %v / %v, store %v / %v", v, got[0], got[1], got[2], got[3])
					return
				}
				_ = cached.Close()
				_ = ref.Close()
				txn.Rollback()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
}

// TestCacheRangeDeletion: a commit deleting a key range (DROP DATABASE
// deletes its adjacency that way) is reported without its keys, so no
// entry read before it may serve a snapshot after it.
func TestCacheRangeDeletion(t *testing.T) {
	ctx := context.Background()
	s, st := cachedStore(t, 1<<20)
	defer s.Close()
	commitEdges(t, s, st, []tedge{{7, 1, 1, 2}}, nil)
	read := func() []int {
		rd, done := readOnlyReader(t, s, st)
		defer done()
		return expandSorted(t, rd, 1, Out, 7)
	}
	if got := read(); !slices.Equal(got, []int{2}) {
		t.Fatalf("before: %v", got)
	}
	read() // served by the cache now
	txn, err := s.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := keys.GraphSpan(st.NS, st.DB)
	if err := txn.DeleteRange(lo, hi); err != nil {
		t.Fatal(err)
	}
	if err := txn.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := read(); len(got) != 0 {
		t.Fatalf("after the range deletion: %v, want none", got)
	}
}

// TestCacheWarm: a warm-up pass stores the adjacency of the database so
// that expansions hit without reading the store, gives the same answers,
// stops at the budget, and never serves what a later commit changed.
func TestCacheWarm(t *testing.T) {
	ctx := context.Background()
	s, st := cachedStore(t, 1<<20)
	defer s.Close()
	var edges []tedge
	for i := range 200 {
		edges = append(edges, tedge{7 + i%2, i, i % 50, (i * 7) % 50})
	}
	commitEdges(t, s, st, edges, nil)
	ref := tgraph{}
	for _, e := range edges {
		ref[[2]int{e.table, e.key}] = e
	}
	prefixes := map[[3]int]bool{}
	for _, e := range edges {
		prefixes[[3]int{e.from, int(Out), e.table}] = true
		prefixes[[3]int{e.to, int(In), e.table}] = true
	}
	res, err := st.Warm(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	// The warm pass skips a prefix whose two slots other prefixes took.
	if res.Full || res.Entries < len(prefixes)*9/10 || res.Bytes != st.Cache.Stats().Bytes {
		t.Fatalf("Warm = %+v (of %d prefixes), cache %+v", res, len(prefixes), st.Cache.Stats())
	}
	// expandAll expands every vertex, direction and edge table and
	// returns how many expansions the cache served.
	expandAll := func(name string) uint64 {
		t.Helper()
		rd, done := readOnlyReader(t, s, st)
		defer done()
		before := st.Cache.Stats()
		for v := range 50 {
			for _, d := range []Dir{Out, In} {
				for _, table := range []int{7, 8} {
					if got, want := expandSorted(t, rd, v, d, table), ref.succ(v, d, table); !slices.Equal(got, want) {
						t.Fatalf("%s: expand %d %v %d = %v, want %v", name, v, d, table, got, want)
					}
				}
			}
		}
		return st.Cache.Stats().Hits - before.Hits
	}
	// An empty prefix's expansion may take the slot of a warmed one.
	if hits := expandAll("warm"); hits < uint64(res.Entries)*9/10 {
		t.Fatalf("%d hits after warming %d entries", hits, res.Entries)
	}

	commitEdges(t, s, st, []tedge{{7, 1000, 3, 4}}, []tedge{edges[0]})
	ref[[2]int{7, 1000}] = tedge{7, 1000, 3, 4}
	delete(ref, [2]int{edges[0].table, edges[0].key})
	expandAll("after a commit")
	if res, err := st.Warm(ctx, s); err != nil || res.Full {
		t.Fatalf("second Warm = %+v, %v", res, err)
	}
	expandAll("warm again")

	small, sst := cachedStore(t, 4<<10)
	defer small.Close()
	commitEdges(t, small, sst, edges, nil)
	if res, err := sst.Warm(ctx, small); err != nil || !res.Full || sst.Cache.Stats().Bytes > 4<<10 {
		t.Fatalf("Warm into a small cache = %+v, %v; cache %+v", res, err, sst.Cache.Stats())
	}
}

// TestCacheWarmAfterLoad: after a bulk load, warmed once partway (the
// server's warmer may run between two batches) and once at its end, a
// graph of 10000 vertices and 100000 edges in a cache at the server's
// load (a third of the slots taken) serves every expansion, in both
// directions, from the cache: no vertex is left out by its slots being
// taken or by the stale entry of the partway warm-up.
func TestCacheWarmAfterLoad(t *testing.T) {
	ctx := context.Background()
	const n = 10000
	// 64Ki slots for 20000 prefixes.
	s, st := cachedStore(t, 16<<20)
	defer s.Close()
	for lo := 0; lo < n; lo += 1000 {
		commitEdges(t, s, st, tenEach(lo, lo+1000, n), nil)
		if lo == n/2 {
			if _, err := st.Warm(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	res, err := st.Warm(ctx, s)
	if err != nil || res.Full {
		t.Fatalf("Warm = %+v, %v", res, err)
	}
	rd, done := readOnlyReader(t, s, st)
	defer done()
	before := st.Cache.Stats()
	var dst []value.Value
	edges := 0
	for v := range n {
		for _, d := range []Dir{Out, In} {
			if dst, err = rd.AppendNeighbours(dst[:0], Vertex{Table: 3, Key: value.Int(int64(v))}, d, 7); err != nil {
				t.Fatal(err)
			}
			edges += len(dst)
		}
	}
	after := st.Cache.Stats()
	if misses := after.Misses - before.Misses; misses != 0 || edges != 2*10*n {
		t.Fatalf("%d misses, %d hits, %d edge ends after warming (%+v)", misses, after.Hits-before.Hits, edges, res)
	}
}

// TestNeighbourList: an entry's neighbour list gives the same ids as its
// values, and is left out when the other ends are not all i64-keyed
// records of one table.
func TestNeighbourList(t *testing.T) {
	rid := func(table string, k value.Value) value.Value { return value.RecordIDOf(table, k) }
	edge := rid("knows", value.String("01m8b9swbq3d920m3yemenmr83"))
	for _, tc := range []struct {
		name   string
		others []value.Value
		listed bool
	}{
		{"one table, int keys", []value.Value{rid("p", value.Int(5)), rid("p", value.Int(-3)), rid("p", value.Int(1<<62)), rid("p", value.Int(0))}, true},
		{"one neighbour", []value.Value{rid("persons", value.Int(7))}, true},
		{"two tables", []value.Value{rid("p", value.Int(1)), rid("q", value.Int(2))}, false},
		{"string key", []value.Value{rid("p", value.Int(1)), rid("p", value.String("x"))}, false},
		{"u64 key", []value.Value{rid("p", value.Uint64(1<<63))}, false},
		{"i32 key", []value.Value{rid("p", value.IntW(3, value.I32))}, false},
		{"none", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var data []byte
			for _, o := range tc.others {
				data = appendCached(data, encodeEntry(nil, edge, o))
			}
			list := appendNeighbourList([]byte("prefix"), data)[len("prefix"):]
			if got := len(list) > 0; got != tc.listed {
				t.Fatalf("listed = %v, want %v", got, tc.listed)
			}
			if !tc.listed {
				return
			}
			var table string
			got, err := appendListed(nil, list, &table)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.others) {
				t.Fatalf("got %d ids, want %d", len(got), len(tc.others))
			}
			for i := range got {
				if value.Compare(got[i], tc.others[i]) != 0 || got[i].String() != tc.others[i].String() {
					t.Errorf("id %d = %s, want %s", i, got[i].String(), tc.others[i].String())
				}
			}
		})
	}
}

// TestCacheEntrySize: the table's entry of a cacheEntry fills a size
// class of 128 bytes (see inlineBytes).
func TestCacheEntrySize(t *testing.T) {
	if got := unsafe.Sizeof(slotcache.Entry[cacheEntry]{}); got != 128 {
		t.Fatalf("slotcache.Entry[cacheEntry] is %d bytes, want 128: adjust inlineBytes", got)
	}
}

// TestCacheEntryLayout: an entry gives back its prefix, neighbours and
// data whichever part of them fits inline.
func TestCacheEntryLayout(t *testing.T) {
	b := func(n int, c byte) []byte { return bytes.Repeat([]byte{c}, n) }
	for _, tc := range []struct{ k, n, d int }{
		{0, 0, 0}, {10, 0, 20}, {20, 30, 17}, {20, 30, 18}, {20, 47, 100}, {20, 48, 5}, {100, 0, 0}, {30, 0, 37}, {30, 0, 38},
	} {
		e := makeCacheEntry(7, b(tc.k, 'k'), b(tc.n, 'n'), b(tc.d, 'd'))
		if !bytes.Equal(e.prefix(), b(tc.k, 'k')) || !bytes.Equal(e.neighbours(), b(tc.n, 'n')) || !bytes.Equal(e.data(), b(tc.d, 'd')) || e.at != 7 {
			t.Errorf("%+v: prefix %q neighbours %q data %q", tc, e.prefix(), e.neighbours(), e.data())
		}
	}
}
