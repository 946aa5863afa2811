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
		policy := Policy(rapid.IntRange(0, 3).Draw(t, "policy"))
		tab := New[[2]uint64](budget, 32)
		stored := map[[2]uint64]bool{}
		for _, op := range rapid.SliceOfN(rapid.Uint64Range(0, 200), 1, 300).Draw(t, "ops") {
			h := (op % 97) * 0x9e3779b97f4a7c15 // both ways vary
			v := [2]uint64{h, op}
			if op%3 == 0 {
				a, b := tab.Load(h)
				for _, e := range []*Entry[[2]uint64]{a, b} {
					if e == nil {
						continue
					}
					own, asked := tab.ways(e.Val[0]), tab.ways(h)
					if !stored[e.Val] || (own[0] != asked[0] && own[0] != asked[1] && own[1] != asked[0] && own[1] != asked[1]) {
						t.Fatalf("a slot of %d holds %v, never stored there", h, e.Val)
					}
					e.Touch()
				}
				continue
			}
			same := func(old *[2]uint64) bool { return *old == v }
			tab.Store(h, v, int64(op%50)+1, same, same, policy)
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
				if a, _ := tab.Load(h); a != nil {
					a.Touch()
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
		if e := tab.slots[i].Load(); e != nil {
			sum += e.size
		}
	}
	if sum != tab.Bytes() || sum > tab.budget {
		t.Fatalf("entries hold %d bytes, Bytes says %d, budget %d", sum, tab.Bytes(), tab.budget)
	}
}
