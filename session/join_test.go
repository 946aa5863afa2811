package session

import (
	"context"
	"sync"
	"testing"
)

// Sessions running hash joins at once share the executor's pools of row
// chunks: each gets its own rows (run with -race).
func TestConcurrentJoins(t *testing.T) {
	db, s := benchSession(t, joinSetup(60)...)
	const q = `SELECT c.region, count(*), sum(i.qty), sum(o.amount)
		FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id
		GROUP BY c.region ORDER BY c.region`
	want := mustQuery(t, s, q)
	ctx := context.Background()
	var wg sync.WaitGroup
	errc := make(chan string, 8)
	for range 4 {
		ss, err := db.EmbeddedSession(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				var w recorder
				if err := ss.Query(ctx, q, &w); err != nil {
					errc <- err.Error()
					return
				}
				if got := w.take(); got != want {
					errc <- got
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for got := range errc {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
