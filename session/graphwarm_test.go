package session

import (
	"context"
	"fmt"
	"testing"
)

// TestWarmGraphCache: a warm-up pass finds every database's adjacency
// through the catalog and stores it with its vertex tables' records, so
// that traversals afterwards — step filters included — are served by
// the cache without a miss.
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
	// Every vertex has 5 out-edges (in-edges vary) and a record.
	if before.Entries < 400 {
		t.Fatalf("after warming: %+v", before)
	}
	for v := range 200 {
		// The filter reads the vertices' records: warmed too.
		if err := s.Query(ctx, fmt.Sprintf("persons.@%d -> knows -> * -> knows -> persons[.age > 60] |> distinct", v), discardWriter{}); err != nil {
			t.Fatal(err)
		}
	}
	after := c.Stats()
	if after.Misses != before.Misses || after.Hits < before.Hits+200*6 {
		t.Fatalf("traversals after warming: %d misses, %d hits (before %+v)", after.Misses-before.Misses, after.Hits-before.Hits, before)
	}
}
