package session

import (
	"context"
	"testing"
	"time"
)

// TestClockLiteralsReadEachTime: a typed literal that reads the clock
// (timestamptz 'now') must not be kept by the simple protocol's plan
// cache, which is shared by every session: each statement reads it
// again, as PostgreSQL does. The literal form and the cast form both.
func TestClockLiteralsReadEachTime(t *testing.T) {
	ctx := context.Background()
	ss := memorySessions(t, 2)
	for _, q := range []string{"SELECT timestamptz 'now'", "SELECT 'now'::timestamptz", "SELECT timestamp 'now'"} {
		var seen []string
		for _, s := range []*Session{ss[0], ss[0], ss[1]} {
			var w textRows
			if err := s.Query(ctx, q, &w); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if len(w.rows) != 1 {
				t.Fatalf("%s: %d rows", q, len(w.rows))
			}
			seen = append(seen, w.rows[0][0].String())
			time.Sleep(2 * time.Millisecond)
		}
		for i := 1; i < len(seen); i++ {
			if seen[i] == seen[i-1] {
				t.Errorf("%s read the clock once: %v", q, seen)
				break
			}
		}
	}
}
