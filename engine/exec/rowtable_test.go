package exec

import (
	"fmt"
	"sync"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

func TestRowTable(t *testing.T) {
	var tab rowTable
	for _, tc := range []struct{ w, n int }{
		{2, 0}, {2, 3}, {2, 1000}, // grows the first chunk, then whole ones
		{2, 300}, // reused chunks after reset
		{3, 600}, // a new width drops them
		{0, 700}, // rows without columns still count
	} {
		tab.reset(tc.w)
		row := make([]value.Value, tc.w)
		for i := range tc.n {
			for c := range row {
				row[c] = value.Int(int64(i*10 + c))
			}
			tab.add(row)
		}
		if tab.len() != tc.n {
			t.Fatalf("w=%d: len %d, want %d", tc.w, tab.len(), tc.n)
		}
		for i := range tc.n {
			got := tab.row(i)
			if len(got) != tc.w || cap(got) != tc.w {
				t.Fatalf("w=%d: row %d has len %d cap %d", tc.w, i, len(got), cap(got))
			}
			for c, v := range got {
				if v.AsInt() != int64(i*10+c) {
					t.Fatalf("w=%d: row %d column %d is %v", tc.w, i, c, v)
				}
			}
		}
	}
}

func TestRowTableAddCols(t *testing.T) {
	var tab rowTable
	for _, tc := range []struct {
		cols []int
		n    int
	}{
		{[]int{2, 0}, 3}, {[]int{1}, 700}, {[]int{}, 300}, {[]int{0, 1, 2}, 600},
	} {
		tab.reset(len(tc.cols) + 1)
		row := make([]value.Value, 3)
		for i := range tc.n {
			for c := range row {
				row[c] = value.Int(int64(i*10 + c))
			}
			tab.addCols(row, tc.cols, []value.Value{value.Int(int64(-i))})
		}
		if tab.len() != tc.n {
			t.Fatalf("cols %v: len %d, want %d", tc.cols, tab.len(), tc.n)
		}
		for i := range tc.n {
			got := tab.row(i)
			if len(got) != len(tc.cols)+1 || got[len(tc.cols)].AsInt() != int64(-i) {
				t.Fatalf("cols %v: row %d is %v", tc.cols, i, got)
			}
			for k, c := range tc.cols {
				if got[k].AsInt() != int64(i*10+c) {
					t.Fatalf("cols %v: row %d column %d is %v", tc.cols, i, k, got[k])
				}
			}
		}
	}
}

// Released chunks come back from the pools cleared and serve other
// tables of the same width, also from other goroutines (run with -race).
func TestRowTablePooled(t *testing.T) {
	var pools rowChunkPools
	fill := func(tab *rowTable, w, n, seed int) {
		tab.reset(w)
		row := make([]value.Value, w)
		for i := range n {
			for c := range row {
				row[c] = value.Int(int64(seed + i*10 + c))
			}
			tab.add(row)
		}
	}
	check := func(tab *rowTable, w, n, seed int) error {
		if tab.len() != n {
			return fmt.Errorf("len %d, want %d", tab.len(), n)
		}
		for i := range n {
			for c, v := range tab.row(i) {
				if v.AsInt() != int64(seed+i*10+c) {
					return fmt.Errorf("row %d column %d is %v", i, c, v)
				}
			}
		}
		return nil
	}
	a := rowTable{pools: &pools}
	fill(&a, 3, 1000, 0)
	chunks := a.chunks[1:]
	a.release()
	if a.len() != 0 || len(a.chunks) != 1 {
		t.Fatalf("after release: len %d, %d chunks", a.len(), len(a.chunks))
	}
	for _, c := range chunks {
		for _, v := range c {
			if !v.IsNone() {
				t.Fatalf("a released chunk keeps %v", v)
			}
		}
	}
	b := rowTable{pools: &pools}
	fill(&b, 3, 600, 7)
	if err := check(&b, 3, 600, 7); err != nil {
		t.Fatal(err)
	}
	b.release()

	var wg sync.WaitGroup
	errc := make(chan error, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tab := rowTable{pools: &pools}
			for round := range 20 {
				w, n := 1+(g+round)%3, 300+round*50
				fill(&tab, w, n, g*100000+round)
				if err := check(&tab, w, n, g*100000+round); err != nil {
					errc <- err
					return
				}
				tab.release()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
}
