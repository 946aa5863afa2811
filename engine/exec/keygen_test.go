package exec

import (
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"pgregory.net/rapid"
)

// TestKeyGenFill: keys taken a block at a time (fill) and one at a time
// (next), in any mix and with the clock moving either way, are 26
// Crockford characters and strictly ascending in the order they were
// taken.
func TestKeyGenFill(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var g keyGen
		base := time.UnixMilli(1_700_000_000_000)
		var last string
		steps := rapid.IntRange(1, 20).Draw(rt, "steps")
		for s := 0; s < steps; s++ {
			now := base.Add(time.Duration(rapid.IntRange(-3, 3).Draw(rt, "ms")) * time.Millisecond)
			var got []value.Value
			if n := rapid.IntRange(0, 300).Draw(rt, "block"); n > 0 {
				got = make([]value.Value, n)
				g.fill(now, got)
			} else {
				got = []value.Value{g.next(now)}
			}
			for _, k := range got {
				s := k.AsString()
				if k.Kind() != value.KindSymbol || len(s) != ulidLen {
					rt.Fatalf("key %v is not a %d-character symbol", k, ulidLen)
				}
				for i := 0; i < len(s); i++ {
					if strings.IndexByte(crockford, s[i]) < 0 {
						rt.Fatalf("key %q has %q outside the alphabet", s, s[i])
					}
				}
				if s <= last {
					rt.Fatalf("key %q after %q", s, last)
				}
				last = s
			}
		}
	})
}
