package session

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// runAll runs one statement in an embedded session and returns the first
// column of its rows as integers.
func runAll(ctx context.Context, s *Session, q string) ([]int64, error) {
	st, err := s.PrepareStatement(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := s.Run(ctx, st, nil, nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		if r := rows.Row(); len(r) > 0 {
			out = append(out, r[0].AsInt())
		}
	}
	return out, rows.Err()
}

// TestSerialConcurrentInserts: sessions inserting into one serial table at
// once, in transaction blocks (where a 40001 would reach the client
// instead of being retried), never conflict because of the sequence, and
// every id is distinct.
func TestSerialConcurrentInserts(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s0, err := db.EmbeddedSession(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runAll(ctx, s0, "CREATE TABLE ser (id bigserial PRIMARY KEY, w int, i int)"); err != nil {
		t.Fatal(err)
	}
	const workers, blocks = 6, 40
	var mu sync.Mutex
	seen := map[int64]bool{}
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := db.EmbeddedSession(ctx, "")
			if err != nil {
				errc <- err
				return
			}
			for i := range blocks {
				var ids []int64
				for _, q := range []string{
					"BEGIN",
					fmt.Sprintf("INSERT INTO ser (w, i) VALUES (%d, %d), (%d, %d) RETURNING id", w, i, w, i),
					fmt.Sprintf("INSERT INTO ser (w, i) SELECT %d, %d RETURNING id", w, i),
					"COMMIT",
				} {
					got, err := runAll(ctx, s, q)
					if err != nil {
						errc <- fmt.Errorf("worker %d: %s: %w", w, q, err)
						return
					}
					ids = append(ids, got...)
				}
				mu.Lock()
				for _, id := range ids {
					if seen[id] {
						mu.Unlock()
						errc <- fmt.Errorf("id %d handed out twice", id)
						return
					}
					seen[id] = true
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if errs.Code(err) == errs.SerializationFailure {
			t.Fatalf("serialization failure: %v", err)
		}
		t.Fatal(err)
	}
	if len(seen) != workers*blocks*3 {
		t.Fatalf("%d ids, want %d", len(seen), workers*blocks*3)
	}
	n, err := runAll(ctx, s0, "SELECT count(DISTINCT id) FROM ser")
	if err != nil || len(n) != 1 || n[0] != workers*blocks*3 {
		t.Fatalf("count(DISTINCT id) = %v, %v", n, err)
	}
}

// TestSerialRestart: ids stay unique, and grow, when the store is closed
// and opened again (the values a node held in memory are skipped).
func TestSerialRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var last int64
	for round := range 3 {
		db, err := Open(ctx, Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		s, err := db.EmbeddedSession(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if round == 0 {
			if _, err := runAll(ctx, s, "CREATE TABLE ser (id serial PRIMARY KEY, v int)"); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 5 {
			ids, err := runAll(ctx, s, fmt.Sprintf("INSERT INTO ser (v) VALUES (%d) RETURNING id", i))
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != 1 || ids[0] <= last {
				t.Fatalf("round %d: id %v after %d", round, ids, last)
			}
			last = ids[0]
		}
		cur, err := runAll(ctx, s, "SELECT currval('ser_id_seq')")
		if err != nil || len(cur) != 1 || cur[0] != last {
			t.Fatalf("currval = %v, %v; want %d", cur, err, last)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
