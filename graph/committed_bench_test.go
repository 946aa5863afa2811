package graph

import (
	"testing"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
)

// BenchmarkCommitted is the cache's share of a bulk load's commit: one
// op marks the record keys of a 1,000,000-row commit (what a COPY of that
// many rows reports) in a cache of the server's default size.
func BenchmarkCommitted(b *testing.B) {
	c := NewCache(0)
	written := make([][]byte, 1000000)
	for i := range written {
		k, err := value.AppendKey(keys.TablePrefix(nil, 1, 2, 3), value.Int(int64(i)))
		if err != nil {
			b.Fatal(err)
		}
		written[i] = k
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Committed(uint64(i+1), written, false)
	}
}
