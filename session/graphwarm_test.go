package session

import (
	"context"
	"fmt"
	"testing"
)

// TestWarmGraphCache: a warm-up pass finds every database's adjacency
// through the catalog and stores it, so that traversals afterwards are
// served by the cache without a miss.
func TestWarmGraphCache(t *testing.T) {
	ctx := context.Background()
	db, s := openTestSession(t, Options{})
	for _, q := range graphSetup(200, 5) {
		if err := s.Query(ctx, q, discardWriter{}); err != nil {
			t.Fatal(err)
		}
	}
	c := db.exec.GraphCache
	if err := db.warmGraphOnce(ctx, c); err != nil {
		t.Fatal(err)
	}
	before := c.Stats()
	// Every vertex has 5 out-edges; in-edges vary.
	if before.Entries < 200 {
		t.Fatalf("after warming: %+v", before)
	}
	for v := range 200 {
		if err := s.Query(ctx, fmt.Sprintf("persons.@%d -> knows -> * -> knows -> * |> distinct", v), discardWriter{}); err != nil {
			t.Fatal(err)
		}
	}
	after := c.Stats()
	if after.Misses != before.Misses || after.Hits < before.Hits+200*6 {
		t.Fatalf("traversals after warming: %d misses, %d hits (before %+v)", after.Misses-before.Misses, after.Hits-before.Hits, before)
	}
}
