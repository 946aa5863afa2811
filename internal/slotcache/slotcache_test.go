package slotcache

import (
	"sync"
	"testing"

	"pgregory.net/rapid"
)

// TestBudget: whatever is stored, the bytes held never exceed the
// budget, Bytes is the sum of the entries present, every entry sits in
// one of its hash's buckets under its hash's tag, no key is held twice,
// and Find returns an entry of the key asked for.
func TestBudget(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		budget := rapid.Int64Range(64, 4096).Draw(t, "budget")
		policy := Policy(rapid.IntRange(0, 3).Draw(t, "policy"))
		tab := New[[2]uint64](budget, 32)
		stored := map[[2]uint64]bool{}
		for _, op := range rapid.SliceOfN(rapid.Uint64Range(0, 200), 1, 300).Draw(t, "ops") {
			h := (op % 97) * 0x9e3779b97f4a7c15 // both buckets vary
			v := [2]uint64{h, op}
			same := func(old *[2]uint64) bool { return *old == v }
			if op%3 == 0 {
				if e := tab.Find(h, same); e != nil {
					if e.Val != v || !stored[v] {
						t.Fatalf("Find(%v) = %v", v, e.Val)
					}
					e.Touch()
				}
				continue
			}
			tab.Store(h, v, int64(op%50)+1, same, same, policy)
			stored[v] = true
			if tab.Bytes() > budget {
				t.Fatalf("holds %d bytes, budget %d", tab.Bytes(), budget)
			}
			var sum int64
			held := map[[2]uint64]bool{}
			for i := range tab.slots {
				e := tab.slots[i].p.Load()
				if e == nil {
					continue
				}
				sum += e.size
				bs := tab.buckets(e.Val[0])
				if b := uint64(i) &^ (bucketWays - 1); !stored[e.Val] || held[e.Val] ||
					tab.slots[i].tag.Load() != e.Val[0] || (b != bs[0] && b != bs[1]) {
					t.Fatalf("slot %d holds %v (tag %x), stored %v, held twice %v", i, e.Val, tab.slots[i].tag.Load(), stored[e.Val], held[e.Val])
				}
				held[e.Val] = true
			}
			if sum != tab.Bytes() {
				t.Fatalf("entries hold %d bytes, Bytes says %d", sum, tab.Bytes())
			}
		}
	})
}

// TestFull: a table well under its slots' load keeps every key it is
// given (two buckets of four ways), where two single slots lost some.
func TestFull(t *testing.T) {
	const slots = 1 << 14
	tab := New[uint64](slots*64, 64)
	n := slots * 4 / 10
	for k := range uint64(n) {
		h := mix(k)
		if !tab.Store(h, k, 1, func(old *uint64) bool { return *old == k }, nil, 0) {
			t.Fatalf("store %d of %d found no empty slot", k, n)
		}
	}
	if got := tab.Entries(); got != n {
		t.Fatalf("%d entries, want %d", got, n)
	}
}

// TestConcurrent: stores and loads from many goroutines keep the byte
// count exact (go test -race).
func TestConcurrent(t *testing.T) {
	tab := New[int](1<<12, 16)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				h := uint64(i*7 + g)
				if e := tab.Find(h, func(old *int) bool { return *old == i }); e != nil {
					e.Touch()
				}
				p := Displace
				if g%2 == 0 {
					p |= Evict
				}
				tab.Store(h, i, int64(i%40+1), func(old *int) bool { return *old == i }, nil, p)
			}
		}()
	}
	wg.Wait()
	var sum int64
	for i := range tab.slots {
		if e := tab.slots[i].p.Load(); e != nil {
			sum += e.size
		}
	}
	if sum != tab.Bytes() || sum > tab.budget {
		t.Fatalf("entries hold %d bytes, Bytes says %d, budget %d", sum, tab.Bytes(), tab.budget)
	}
}

// mix is splitmix64's finalizer: hashes as good as the caches' own.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
