package slotcache

import (
	"sync"
	"testing"

	"pgregory.net/rapid"
)

// TestBudget: whatever is stored, the bytes held never exceed the
// budget, Bytes is the sum of the entries present, and an entry found is
// one that was stored under its slot.
func TestBudget(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		budget := rapid.Int64Range(64, 4096).Draw(t, "budget")
		evict := rapid.Bool().Draw(t, "evict")
		tab := New[[2]uint64](budget, 32)
		stored := map[[2]uint64]bool{}
		for _, op := range rapid.SliceOfN(rapid.Uint64Range(0, 200), 1, 300).Draw(t, "ops") {
			h := op % 97
			v := [2]uint64{h, op}
			if op%3 == 0 {
				if e := tab.Load(h); e != nil {
					if !stored[e.Val] || e.Val[0]&tab.mask != h&tab.mask {
						t.Fatalf("slot %d holds %v, never stored there", h, e.Val)
					}
					e.Touch()
				}
				continue
			}
			tab.Store(h, v, int64(op%50)+1, func(old *[2]uint64) bool { return *old == v }, evict)
			stored[v] = true
			if tab.Bytes() > budget {
				t.Fatalf("holds %d bytes, budget %d", tab.Bytes(), budget)
			}
			var sum int64
			for i := range tab.slots {
				if e := tab.slots[i].Load(); e != nil {
					sum += e.size
				}
			}
			if sum != tab.Bytes() {
				t.Fatalf("entries hold %d bytes, Bytes says %d", sum, tab.Bytes())
			}
		}
	})
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
				if e := tab.Load(h); e != nil {
					e.Touch()
				}
				tab.Store(h, i, int64(i%40+1), nil, g%2 == 0)
			}
		}()
	}
	wg.Wait()
	var sum int64
	for i := range tab.slots {
		if e := tab.slots[i].Load(); e != nil {
			sum += e.size
		}
	}
	if sum != tab.Bytes() || sum > tab.budget {
		t.Fatalf("entries hold %d bytes, Bytes says %d, budget %d", sum, tab.Bytes(), tab.budget)
	}
}
