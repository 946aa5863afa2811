package graph

import (
	"context"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
	"pgregory.net/rapid"
)

func vid(i int) value.Value { return value.RecordIDOf("v", value.Int(int64(i))) }

type refEdge struct{ key, from, to int }

// refGraph is the reference model: a plain edge list.
type refGraph map[int]refEdge

func (g refGraph) succ(v int, d Dir) []int {
	var out []int
	for _, e := range g {
		if (d == Out || d == Both) && e.from == v {
			out = append(out, e.to)
		}
		if (d == In || d == Both) && e.to == v {
			out = append(out, e.from)
		}
	}
	return out
}

// dist is the BFS distance of every vertex reachable from s.
func (g refGraph) dist(s int, d Dir) map[int]int {
	dist := map[int]int{s: 0}
	q := []int{s}
	for len(q) > 0 {
		u := q[0]
		q = q[1:]
		for _, w := range g.succ(u, d) {
			if _, ok := dist[w]; !ok {
				dist[w] = dist[u] + 1
				q = append(q, w)
			}
		}
	}
	return dist
}

func edgeOf(e refEdge) *Edge {
	return &Edge{
		Table: 7, Key: value.Int(int64(e.key)), ID: value.RecordIDOf("e", value.Int(int64(e.key))),
		From: Vertex{Table: 3, Key: value.Int(int64(e.from))}, To: Vertex{Table: 3, Key: value.Int(int64(e.to))},
		FromID: vid(e.from), ToID: vid(e.to),
	}
}

func expander(rd *Reader, d Dir) Expander {
	return func(v value.Value, fn func(value.Value) (bool, error)) error {
		return rd.Expand(Vertex{Table: 3, Key: v.AsRecordID().Key}, d, 7, func(_, o value.Value, _ Dir) (bool, error) {
			return fn(o)
		})
	}
}

func idx(v value.Value) int { return int(v.AsRecordID().Key.AsInt()) }

// TestAdjacencyModel: after random edge inserts and deletes, expansions
// (alone, and through one Reader kept across the writes), bounded BFS and
// shortest paths agree with a plain edge list.
func TestAdjacencyModel(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(rt *rapid.T) {
		s, err := kv.OpenMemory()
		if err != nil {
			rt.Fatal(err)
		}
		defer s.Close()
		txn, err := s.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			rt.Fatal(err)
		}
		defer txn.Rollback()
		st := Store{NS: 1, DB: 2}
		rd := st.Reader(ctx, txn)
		defer rd.Close()
		n := rapid.IntRange(1, 8).Draw(rt, "vertices")
		g := refGraph{}
		expandWith := func(rt *rapid.T, v int, d Dir, reader bool) {
			var got []int
			visit := func(_, o value.Value, _ Dir) (bool, error) {
				got = append(got, idx(o))
				return true, nil
			}
			vx := Vertex{Table: 3, Key: value.Int(int64(v))}
			var err error
			if reader {
				err = rd.Expand(vx, d, 7, visit)
			} else {
				err = st.Expand(ctx, txn, vx, d, 7, visit)
			}
			if err != nil {
				rt.Fatal(err)
			}
			want := g.succ(v, d)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				rt.Fatalf("expand %d %v (reader %v): got %v want %v", v, d, reader, got, want)
			}
		}
		for op := range rapid.IntRange(0, 40).Draw(rt, "ops") {
			if rapid.IntRange(0, 3).Draw(rt, "peek") == 0 {
				expandWith(rt, rapid.IntRange(0, n-1).Draw(rt, "peeked"), Both, true)
			}
			if len(g) > 0 && rapid.IntRange(0, 3).Draw(rt, "delete") == 0 {
				keys := make([]int, 0, len(g))
				for k := range g {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				k := rapid.SampledFrom(keys).Draw(rt, "victim")
				if err := st.Unlink(txn, edgeOf(g[k])); err != nil {
					rt.Fatal(err)
				}
				delete(g, k)
				continue
			}
			e := refEdge{op, rapid.IntRange(0, n-1).Draw(rt, "from"), rapid.IntRange(0, n-1).Draw(rt, "to")}
			g[op] = e
			if err := st.Link(txn, edgeOf(e)); err != nil {
				rt.Fatal(err)
			}
		}
		for v := range n {
			for _, d := range []Dir{Out, In, Both} {
				expandWith(rt, v, d, false)
				expandWith(rt, v, d, true)
			}
			has, err := st.HasEdges(ctx, txn, Vertex{Table: 3, Key: value.Int(int64(v))})
			if err != nil {
				rt.Fatal(err)
			}
			if has != (len(g.succ(v, Both)) > 0) {
				rt.Fatalf("HasEdges(%d) = %v", v, has)
			}
		}
		d := rapid.SampledFrom([]Dir{Out, In, Both}).Draw(rt, "dir")
		start := rapid.IntRange(0, n-1).Draw(rt, "start")
		lo := rapid.IntRange(0, 3).Draw(rt, "min")
		hi := rapid.IntRange(-1, 4).Draw(rt, "max")
		b := NewBFS(vid(start), lo, hi, expander(rd, d))
		var got []int
		for {
			v, ok, err := b.Next(ctx)
			if err != nil {
				rt.Fatal(err)
			}
			if !ok {
				break
			}
			got = append(got, idx(v))
		}
		var want []int
		for v, dv := range g.dist(start, d) {
			if dv >= lo && (hi < 0 || dv <= hi) {
				want = append(want, v)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			rt.Fatalf("bfs from %d %v {%d..%d}: got %v want %v", start, d, lo, hi, got, want)
		}
		to := rapid.IntRange(0, n-1).Draw(rt, "to")
		path, ok, err := ShortestPath(ctx, vid(start), vid(to), expander(rd, Out), expander(rd, In), -1)
		if err != nil {
			rt.Fatal(err)
		}
		dist, reach := g.dist(start, Out)[to]
		if ok != reach {
			rt.Fatalf("path %d→%d found=%v, reachable=%v", start, to, ok, reach)
		}
		if !ok {
			return
		}
		if len(path) != dist+1 || idx(path[0]) != start || idx(path[len(path)-1]) != to {
			rt.Fatalf("path %d→%d = %v, distance %d", start, to, path, dist)
		}
		for i := 1; i < len(path); i++ {
			if !slices.Contains(g.succ(idx(path[i-1]), Out), idx(path[i])) {
				rt.Fatalf("path %v: no edge %v→%v", path, path[i-1], path[i])
			}
		}
	})
}

func TestBFSStopsEarly(t *testing.T) {
	calls := 0
	// An infinite chain: a LIMIT-style consumer must stop it.
	b := NewBFS(vid(0), 1, -1, func(v value.Value, fn func(value.Value) (bool, error)) error {
		calls++
		_, err := fn(vid(idx(v) + 1))
		return err
	})
	for i := 1; i <= 3; i++ {
		v, ok, err := b.Next(context.Background())
		if err != nil || !ok || idx(v) != i {
			t.Fatalf("step %d: %v %v %v", i, v, ok, err)
		}
	}
	if calls != 3 {
		t.Fatalf("expanded %d vertices for 3 results", calls)
	}
}

// FuzzEntry: decoding any stored adjacency value fails cleanly or yields
// two record ids; encoded entries always decode.
func FuzzEntry(f *testing.F) {
	f.Add(encodeEntry(nil, value.RecordIDOf("e", value.Int(1)), vid(2)))
	f.Add([]byte{})
	f.Add(value.Encode(nil, value.Int(3)))
	f.Fuzz(func(t *testing.T, b []byte) {
		eid, err := EntryEdge(b)
		if err == nil && eid.Kind() != value.KindRecordID {
			t.Fatalf("edge id %v", eid)
		}
		eid, other, err := decodeEntry(b, true, false)
		if err == nil && (eid.Kind() != value.KindRecordID || other.Kind() != value.KindRecordID) {
			t.Fatalf("entry %v %v", eid, other)
		}
		// Decoding in place (a cache entry) agrees with decoding a copy.
		se, so, serr := decodeEntry(slices.Clone(b), true, true)
		if (serr == nil) != (err == nil) || err == nil && (!value.Equal(se, eid) || !value.Equal(so, other)) {
			t.Fatalf("stable decoding %v %v %v, copied %v %v %v", se, so, serr, eid, other, err)
		}
		if err == nil {
			again := encodeEntry(nil, eid, other)
			if e2, o2, err := decodeEntry(again, true, false); err != nil || !value.Equal(e2, eid) || !value.Equal(o2, other) {
				t.Fatalf("re-encoded entry %v %v: %v %v %v", eid, other, e2, o2, err)
			}
		}
	})
}
