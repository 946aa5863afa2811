package exec

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/kv"
)

// TestOverlayMatchesModel: an overlay over a transaction reads like a map
// holding the transaction's keys with the overlay's writes applied —
// Get, forward and reverse scans of any range, and a seek — and
// applyTo leaves the transaction holding the same.
func TestOverlayMatchesModel(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		store, err := kv.OpenMemory()
		if err != nil {
			rt.Fatal(err)
		}
		defer store.Close()
		txn, err := store.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			rt.Fatal(err)
		}
		defer txn.Rollback()
		key := rapid.Custom(func(t *rapid.T) string { return fmt.Sprintf("k%02d", rapid.IntRange(0, 30).Draw(t, "k")) })
		model := map[string]string{}
		for _, k := range rapid.SliceOfN(key, 0, 15).Draw(rt, "base") {
			model[k] = "base-" + k
			if err := txn.Put([]byte(k), []byte(model[k])); err != nil {
				rt.Fatal(err)
			}
		}
		ov := newOverlay(txn)
		for i, n := 0, rapid.IntRange(0, 30).Draw(rt, "ops"); i < n; i++ {
			k := key.Draw(rt, "key")
			if rapid.Bool().Draw(rt, "delete") {
				delete(model, k)
				_ = ov.Delete([]byte(k))
			} else {
				model[k] = fmt.Sprintf("ov%d-%s", i, k)
				_ = ov.Put([]byte(k), []byte(model[k]))
			}
		}
		probe := key.Draw(rt, "probe")
		got, ok, err := ov.Get(ctx, []byte(probe))
		if want, wok := model[probe]; err != nil || ok != wok || string(got) != want {
			rt.Fatalf("Get(%s) = %q %v %v, want %q %v", probe, got, ok, err, want, wok)
		}
		lo, hi := key.Draw(rt, "lo"), key.Draw(rt, "hi")
		if hi < lo {
			lo, hi = hi, lo
		}
		want := []string{}
		for k := range model {
			if k >= lo && k < hi {
				want = append(want, k+"="+model[k])
			}
		}
		slices.Sort(want)
		if got := drainKV(rt, ov.Scan(ctx, []byte(lo), []byte(hi), false)); !slices.Equal(got, want) {
			rt.Fatalf("Scan [%s, %s) = %v, want %v", lo, hi, got, want)
		}
		slices.Reverse(want)
		if got := drainKV(rt, ov.Scan(ctx, []byte(lo), []byte(hi), true)); !slices.Equal(got, want) {
			rt.Fatalf("reverse Scan [%s, %s) = %v, want %v", lo, hi, got, want)
		}
		it := ov.Scan(ctx, []byte("k"), []byte("l"), false)
		it.(kv.Seeker).Seek([]byte(lo), []byte(hi))
		slices.Reverse(want)
		if got := drainKV(rt, it); !slices.Equal(got, want) {
			rt.Fatalf("Seek [%s, %s) = %v, want %v", lo, hi, got, want)
		}
		if err := ov.applyTo(txn, map[string]bool{}); err != nil {
			rt.Fatal(err)
		}
		all := drainKV(rt, txn.Scan(ctx, []byte("k"), []byte("l"), false))
		wantAll := []string{}
		for k, v := range model {
			wantAll = append(wantAll, k+"="+v)
		}
		slices.Sort(wantAll)
		if !slices.Equal(all, wantAll) {
			rt.Fatalf("after applyTo: %v, want %v", all, wantAll)
		}
	})
}

func drainKV(t *rapid.T, it kv.Iterator) []string {
	defer it.Close()
	out := []string{}
	for it.Next() {
		out = append(out, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOverlayRefusesKeysWrittenTwice: two parts of one statement writing
// the same key is an error, not a silent last-writer-wins.
func TestOverlayRefusesKeysWrittenTwice(t *testing.T) {
	ctx := context.Background()
	store, err := kv.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	txn, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	a, b := newOverlay(txn), newOverlay(txn)
	_ = a.Put([]byte("x"), []byte("1"))
	_ = b.Delete([]byte("x"))
	written := map[string]bool{}
	if err := a.applyTo(txn, written); err != nil {
		t.Fatal(err)
	}
	wantCode(t, b.applyTo(txn, written), "0A000")
}
