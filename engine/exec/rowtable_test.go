package exec

import (
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
