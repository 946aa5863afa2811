package kv

import (
	"fmt"
	"testing"
)

// TestPointReads adds keys of many sizes, past several chunks, and reads
// them back in order.
func TestPointReads(t *testing.T) {
	for _, n := range []int{0, 1, 100, 20000} {
		var p pointReads
		var want []string
		for i := 0; i < n; i++ {
			k := fmt.Sprintf("key%d", i)
			switch i % 997 {
			case 5:
				k = string(make([]byte, maxPointChunk+3)) // larger than a chunk
			case 6:
				k = ""
			}
			want = append(want, k)
			p.add([]byte(k))
		}
		got := p.appendTo(nil)
		if p.n != n || len(got) != n {
			t.Fatalf("%d keys: n = %d, appendTo gave %d", n, p.n, len(got))
		}
		for i := range got {
			if string(got[i]) != want[i] {
				t.Fatalf("%d keys: key %d = %.20q, want %.20q", n, i, got[i], want[i])
			}
		}
	}
}
