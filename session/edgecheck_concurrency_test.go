package session

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// TestEdgeEndsUnderConcurrentRemoval: one session adds batches of edges
// (their ends checked at each statement's end, in one pass) while another
// removes vertices. Serializable validation must keep every
// committed edge pointing at existing records: a batch that checked a
// vertex another session removed meanwhile fails with 40001 (autocommit
// retries it) or 23503, never commits a dangling edge.
func TestEdgeEndsUnderConcurrentRemoval(t *testing.T) {
	ctx := context.Background()
	ss := memorySessions(t, 2)
	const n = 200
	var sb strings.Builder
	sb.WriteString("p::add([")
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "{id:p.@%d}", i)
	}
	sb.WriteString("]) |> count")
	for _, q := range []string{"table::create(@p)", "edge::create(@e, { from: p, to: p })", sb.String()} {
		if _, err := one(ctx, ss[0], q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	var wg sync.WaitGroup
	errc := make(chan error, 2)
	wg.Go(func() {
		for round := 0; time.Now().Before(deadline); round++ {
			sb.Reset()
			sb.WriteString("e::add([")
			for i := range 20 {
				if i > 0 {
					sb.WriteByte(',')
				}
				fmt.Fprintf(&sb, "{in:p.@%d,out:p.@%d}", (round*7+i)%n, (round*13+i*3+1)%n)
			}
			sb.WriteString("]) |> count")
			if _, err := one(ctx, ss[0], sb.String()); err != nil {
				if c := errs.Code(err); c != errs.ForeignKeyViolation && c != errs.SerializationFailure {
					errc <- fmt.Errorf("adding edges: %w", err)
					return
				}
			}
		}
	})
	wg.Go(func() {
		// Half the vertices go, one every 5 ms, for good: an edge
		// committed to one of them would stay dangling.
		for round := 0; round < n/2 && time.Now().Before(deadline); round++ {
			q := fmt.Sprintf("remove p.@%d", (round*11)%n)
			if _, err := one(ctx, ss[1], q); err != nil && errs.Code(err) != errs.SerializationFailure {
				errc <- fmt.Errorf("%s: %w", q, err)
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	// Every committed edge's ends exist.
	dangling, err := one(ctx, ss[0], "[ x in e, not (x.in in (p |> map .id)) or not (x.out in (p |> map .id)) ] |> count")
	if err != nil {
		t.Fatal(err)
	}
	if dangling.String() != "0" {
		t.Errorf("%s edges point at removed records", dangling.String())
	}
	edges, _ := one(ctx, ss[0], "e |> count")
	t.Logf("%s edges left", edges.String())
}
