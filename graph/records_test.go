package graph

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
	"pgregory.net/rapid"
)

// TestCacheGetModel interleaves transactions that write and delete
// record keys, committed or rolled back, with reads through the cache in
// read-only and read-write transactions begun at different points: every
// read must equal the transaction's snapshot plus its own writes, and a
// read-write transaction whose cached read was overwritten by a later
// commit must fail to commit.
func TestCacheGetModel(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(rt *rapid.T) {
		budget := rapid.SampledFrom([]int64{2 << 10, 1 << 20}).Draw(rt, "budget")
		s, st := cachedStore(rt, budget)
		defer s.Close()
		c := st.Cache
		key := func(i int) []byte { return recordKey(i) }
		committed := map[int]string{}
		type open struct {
			txn  kv.Txn
			view map[int]string
			own  map[int]string // "" is a deletion
			rw   bool
			read bool
		}
		var txns []*open
		version := 0
		for range rapid.IntRange(1, 60).Draw(rt, "ops") {
			switch op := rapid.IntRange(0, 4).Draw(rt, "op"); {
			case op == 0 || len(txns) == 0:
				rw := rapid.Bool().Draw(rt, "rw")
				txn, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: !rw})
				if err != nil {
					rt.Fatal(err)
				}
				txns = append(txns, &open{txn: txn, view: maps.Clone(committed), own: map[int]string{}, rw: rw})
			case op == 1 || op == 2:
				o := rapid.SampledFrom(txns).Draw(rt, "reader")
				k := rapid.IntRange(0, 5).Draw(rt, "k")
				got, found, err := c.Get(ctx, o.txn, key(k))
				if err != nil {
					rt.Fatal(err)
				}
				want, ok := o.view[k]
				if found != ok || string(got) != want {
					rt.Fatalf("Get %d (rw %v) = %q %v, want %q %v", k, o.rw, got, found, want, ok)
				}
				o.read = true
			case op == 3:
				o := rapid.SampledFrom(txns).Draw(rt, "writer")
				if !o.rw {
					continue
				}
				k := rapid.IntRange(0, 5).Draw(rt, "wk")
				if rapid.Bool().Draw(rt, "delete") {
					if err := o.txn.Delete(key(k)); err != nil {
						rt.Fatal(err)
					}
					delete(o.view, k)
					o.own[k] = ""
				} else {
					version++
					v := fmt.Sprintf("v%d", version)
					if err := o.txn.Put(key(k), []byte(v)); err != nil {
						rt.Fatal(err)
					}
					o.view[k], o.own[k] = v, v
				}
			default:
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
				for k, v := range o.own {
					if v == "" {
						delete(committed, k)
					} else {
						committed[k] = v
					}
				}
			}
		}
		for _, o := range txns {
			o.txn.Rollback()
		}
	})
}

// TestCacheGetConflict: a read-write transaction whose read the cache
// served still conflicts with a later commit of that key.
func TestCacheGetConflict(t *testing.T) {
	ctx := context.Background()
	s, st := cachedStore(t, 1<<20)
	defer s.Close()
	put := func(v string) { commitRecord(t, s, recordKey(0), v) }
	put("a")
	ro, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Cache.Get(ctx, ro, recordKey(0)); err != nil { // fills
		t.Fatal(err)
	}
	ro.Rollback()
	txn, err := s.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	hits := st.Cache.Stats().Hits
	if v, _, err := st.Cache.Get(ctx, txn, recordKey(0)); err != nil || string(v) != "a" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if st.Cache.Stats().Hits == hits {
		t.Fatal("the read-write Get was not served by the cache")
	}
	put("b")
	if err := txn.Put([]byte("other"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := txn.Commit(ctx); !errors.Is(err, kv.ErrConflict) {
		t.Fatalf("Commit = %v, want a conflict", err)
	}
}

// TestCacheGetSeesCommits: a record read through the cache by a new
// snapshot after a commit changed it is the new value, while an older
// snapshot still reads the old one.
func TestCacheGetSeesCommits(t *testing.T) {
	ctx := context.Background()
	s, st := cachedStore(t, 1<<20)
	defer s.Close()
	put := func(v string) { commitRecord(t, s, recordKey(0), v) }
	read := func(txn kv.Txn, want string) {
		t.Helper()
		for range 2 { // the second read is a cache hit
			if v, _, err := st.Cache.Get(ctx, txn, recordKey(0)); err != nil || string(v) != want {
				t.Fatalf("Get = %q, %v; want %q", v, err, want)
			}
		}
	}
	put("a")
	old, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Rollback()
	read(old, "a")
	put("b")
	cur, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Rollback()
	read(cur, "b")
	read(old, "a")
}

// commitRecord commits key = v in a transaction of its own.
func commitRecord(t *testing.T, s kv.Store, key []byte, v string) {
	t.Helper()
	ctx := context.Background()
	txn, err := s.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := txn.Put(key, []byte(v)); err != nil {
		t.Fatal(err)
	}
	if err := txn.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// recordKey is the key of record i of table 3 in the tests' database.
func recordKey(i int) []byte {
	k, err := keys.RecordKey(nil, 1, 2, 3, value.Int(int64(i)))
	if err != nil {
		panic(err)
	}
	return k
}

// TestCacheGetOwnRangeDeletion: a transaction that deleted a range holding
// a cached record reads it as gone, not from the cache.
func TestCacheGetOwnRangeDeletion(t *testing.T) {
	ctx := context.Background()
	s, st := cachedStore(t, 1<<20)
	defer s.Close()
	commitRecord(t, s, recordKey(1), "a")
	ro, err := s.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Cache.Get(ctx, ro, recordKey(1)); err != nil { // fills
		t.Fatal(err)
	}
	ro.Rollback()
	txn, err := s.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	lo, hi := keys.TableSpan(1, 2, 3)
	if err := txn.DeleteRange(lo, hi); err != nil {
		t.Fatal(err)
	}
	if v, found, err := st.Cache.Get(ctx, txn, recordKey(1)); err != nil || found {
		t.Fatalf("Get after the transaction's own range deletion = %q %v, %v", v, found, err)
	}
}
