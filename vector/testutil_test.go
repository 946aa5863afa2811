package vector

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

var testPrefix = []byte("\x01test-index/")

// clustered returns n vectors of dims around nClusters centres (fixed
// seed), the kind of data embeddings look like more than uniform noise.
func clustered(seed uint64, n, dims, nClusters int) [][]float32 {
	data, _ := clusteredSet(seed, n, 0, dims, nClusters)
	return data
}

// clusteredSet returns data and queries drawn around the same centres.
func clusteredSet(seed uint64, n, nq, dims, nClusters int) (data, queries [][]float32) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	centres := make([][]float32, nClusters)
	for i := range centres {
		centres[i] = make([]float32, dims)
		for j := range centres[i] {
			centres[i][j] = float32(r.Float64()*2 - 1)
		}
	}
	draw := func(n int) [][]float32 {
		out := make([][]float32, n)
		for i := range out {
			c := centres[r.IntN(nClusters)]
			v := make([]float32, dims)
			for j := range v {
				v[j] = c[j] + float32(r.NormFloat64()*0.15)
			}
			out[i] = v
		}
		return out
	}
	data = draw(n)
	return data, draw(nq)
}

func memStore(t testing.TB) kv.Store {
	t.Helper()
	st, err := kv.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// inTxn runs f in a read-write transaction and commits, retrying
// serialization failures.
func inTxn(t testing.TB, st kv.Store, f func(kv.Txn) error) {
	t.Helper()
	if err := retry(st, f); err != nil {
		t.Fatal(err)
	}
}

func retry(st kv.Store, f func(kv.Txn) error) error {
	ctx := context.Background()
	for attempt := 0; ; attempt++ {
		txn, err := st.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return err
		}
		if err = f(txn); err == nil {
			err = txn.Commit(ctx)
		}
		txn.Rollback()
		if errs.Code(err) == errs.SerializationFailure && attempt < 100 {
			continue
		}
		return err
	}
}

func readTxn(t testing.TB, st kv.Store) kv.Txn {
	t.Helper()
	txn, err := st.Begin(context.Background(), kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(txn.Rollback)
	return txn
}

func create(t testing.TB, st kv.Store, cfg Config, opts Options) *Index {
	t.Helper()
	var ix *Index
	inTxn(t, st, func(txn kv.Txn) (err error) {
		ix, err = Create(context.Background(), txn, testPrefix, cfg, opts)
		return err
	})
	return ix
}

// load inserts vecs with ids 1..n, batch inserts per transaction.
func load(t testing.TB, st kv.Store, ix *Index, vecs [][]float32, batch int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < len(vecs); i += batch {
		inTxn(t, st, func(txn kv.Txn) error {
			for j := i; j < min(i+batch, len(vecs)); j++ {
				if err := ix.Insert(ctx, txn, uint64(j+1), vecs[j]); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// exactOf is the reference answer: Exact over the vectors still present.
func exactOf(t testing.TB, m Metric, vecs map[uint64][]float32, q []float32, k int, filter Filter) []Result {
	t.Helper()
	src := &SliceSource{}
	for id, v := range vecs {
		src.IDs = append(src.IDs, id)
		src.Vecs = append(src.Vecs, v)
	}
	res, err := Exact(src, m, q, k, filter)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func idsOf(rs []Result) []uint64 {
	out := make([]uint64, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// checkIndex verifies every invariant of the stored graph: links point to
// live nodes of the right gen and level, lists are within capacity,
// reverse links mirror the lists exactly, the level directory lists the
// nodes of level ≥ 1, and the entry point is a node of the top level.
func checkIndex(t testing.TB, st kv.Store, ix *Index) {
	t.Helper()
	ctx := context.Background()
	txn := readTxn(t, st)
	type node struct {
		gen   uint64
		level int
	}
	nodes := map[uint64]node{}
	lists := map[listID][]link{}
	reverse := map[string]uint64{}
	levels := map[uint64]int{}
	var ent *entry
	it := txn.Scan(ctx, ix.prefix, kv.PrefixEnd(ix.prefix), false)
	defer it.Close()
	for it.Next() {
		k, v := it.Key()[len(ix.prefix):], it.Value()
		switch k[0] {
		case tagConfig:
		case tagEntry:
			e, err := decodeEntry(v)
			if err != nil {
				t.Fatal(err)
			}
			ent = &e
		case tagNode:
			id, _, _ := kv.DecodeUint64(k[1:])
			gen, level, err := ix.decodeNodeHeader(v)
			if err != nil {
				t.Fatal(err)
			}
			nodes[id] = node{gen, level}
		case tagList:
			id, rest, _ := kv.DecodeUint64(k[1:])
			ls, err := decodeLinks(nil, v)
			if err != nil || len(ls) == 0 {
				t.Fatalf("list of %d: %v (empty lists must be deleted)", id, err)
			}
			lists[listID{id, int(rest[0])}] = ls
		case tagReverse:
			reverse[string(k[1:])] = uint64(v[0]) | uint64(v[1])<<8 | uint64(v[2])<<16 | uint64(v[3])<<24 |
				uint64(v[4])<<32 | uint64(v[5])<<40 | uint64(v[6])<<48 | uint64(v[7])<<56
		case tagLevel:
			id, _, _ := kv.DecodeUint64(k[2:])
			levels[id] = int(k[1])
		default:
			t.Fatalf("unknown key %q", k)
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	top := -1
	for id, n := range nodes {
		top = max(top, n.level)
		if n.level > 0 && levels[id] != n.level {
			t.Fatalf("node %d of level %d missing from the level directory", id, n.level)
		}
	}
	if len(levels) != func() int {
		c := 0
		for _, n := range nodes {
			if n.level > 0 {
				c++
			}
		}
		return c
	}() {
		t.Fatalf("level directory has %d entries", len(levels))
	}
	if (ent == nil) != (len(nodes) == 0) {
		t.Fatalf("entry %v with %d nodes", ent, len(nodes))
	}
	if ent != nil {
		n, ok := nodes[ent.id]
		if !ok || n.gen != ent.gen || n.level != ent.level || ent.level != top {
			t.Fatalf("entry %+v: node %+v, top level %d", *ent, n, top)
		}
	}
	seen := 0
	for lid, ls := range lists {
		src, ok := nodes[lid.id]
		if !ok || src.level < lid.layer {
			t.Fatalf("list %+v of a missing node", lid)
		}
		if len(ls) > ix.maxLinks(lid.layer) {
			t.Fatalf("list %+v has %d links", lid, len(ls))
		}
		dup := map[uint64]bool{}
		for _, l := range ls {
			n, ok := nodes[l.id]
			if !ok || n.gen != l.gen || n.level < lid.layer || l.id == lid.id || dup[l.id] {
				t.Fatalf("list %+v: bad link %+v (node %+v, present %v)", lid, l, n, ok)
			}
			dup[l.id] = true
			rk := ix.reverseKey(nil, l.id, lid.layer, lid.id)[len(ix.prefix)+1:]
			if g, ok := reverse[string(rk)]; !ok || g != src.gen {
				t.Fatalf("link %d→%d on layer %d has no reverse link", lid.id, l.id, lid.layer)
			}
			seen++
		}
	}
	if seen != len(reverse) {
		t.Fatalf("%d reverse links for %d links", len(reverse), seen)
	}
	lastUnreachable = 0
	if ent != nil {
		reach := map[uint64]bool{ent.id: true}
		todo := []uint64{ent.id}
		for len(todo) > 0 {
			id := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			for _, l := range lists[listID{id, 0}] {
				if !reach[l.id] {
					reach[l.id] = true
					todo = append(todo, l.id)
				}
			}
		}
		lastUnreachable = len(nodes) - len(reach)
	}
}

// lastUnreachable is the number of nodes the last checkIndex found
// unreachable from the entry point on layer 0.
var lastUnreachable int

func sameResults(t testing.TB, got, want []Result, tol float64) error {
	t.Helper()
	if len(got) != len(want) {
		return fmt.Errorf("got %d results %v, want %d %v", len(got), idsOf(got), len(want), idsOf(want))
	}
	for i := range got {
		if got[i].ID != want[i].ID {
			// Equal distances may order differently only if rounding
			// made them differ; accept a swap within tolerance.
			if math.Abs(got[i].Distance-want[i].Distance) > tol {
				return fmt.Errorf("result %d: got %v, want %v", i, got, want)
			}
		}
		if d := math.Abs(got[i].Distance - want[i].Distance); d > tol*max(1, math.Abs(want[i].Distance)) {
			return fmt.Errorf("result %d distance: got %v, want %v", i, got[i].Distance, want[i].Distance)
		}
	}
	return nil
}

func isCode(err error, code string) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Code == code
}
