package compattests

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestJobQueueSkipLocked runs a job queue's workers through pgx, as
// river, Oban or pg-boss do: each takes the next pending job with FOR
// UPDATE SKIP LOCKED in a CTE and marks it done in one transaction
// block. Every job must be done exactly once, and no worker's
// transaction may fail because another took a job it passed over.
func TestJobQueueSkipLocked(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	conn := pgxConnect(ctx, t, s.url("main"))
	const jobs, workers = 400, 4
	for _, q := range []string{
		"CREATE TABLE q (id int PRIMARY KEY, status text NOT NULL, worker int)",
		"INSERT INTO q SELECT g, 'pending' FROM generate_series(1, 400) g",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := pgx.Connect(ctx, s.url("main"))
			if err != nil {
				errc <- err
				return
			}
			defer c.Close(ctx)
			for {
				tx, err := c.Begin(ctx)
				if err != nil {
					errc <- err
					return
				}
				var id int
				err = tx.QueryRow(ctx, `WITH next AS (SELECT id FROM q WHERE status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
					UPDATE q SET status = 'done', worker = $1 FROM next WHERE q.id = next.id RETURNING q.id`, w).Scan(&id)
				if errors.Is(err, pgx.ErrNoRows) {
					_ = tx.Rollback(ctx)
					return // the queue is empty
				}
				if err == nil {
					err = tx.Commit(ctx)
				} else {
					_ = tx.Rollback(ctx)
				}
				if err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Errorf("a worker failed: %v", err)
	}
	var done, distinct int
	if err := conn.QueryRow(ctx, "SELECT count(*) FILTER (WHERE status = 'done'), count(DISTINCT id) FROM q").Scan(&done, &distinct); err != nil {
		t.Fatal(err)
	}
	if done != jobs || distinct != jobs {
		t.Errorf("%d of %d jobs done (%d distinct)", done, jobs, distinct)
	}
}
