package compattests

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// connect opens a pgx connection using the simple query protocol.
func connect(t *testing.T, s *server, database string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(s.url(database))
	if err != nil {
		t.Fatal(err)
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// TestKillDuringInserts kills the server with SIGKILL while a client
// streams acknowledged autocommit inserts, restarts it on the same data
// directory, and requires every acknowledged row to be there.
func TestKillDuringInserts(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	ctx := context.Background()
	conn := connect(t, s, "main")
	if _, err := conn.Exec(ctx, "CREATE TABLE events (id bigint PRIMARY KEY, payload text NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	var acked atomic.Int64 // ids 1..acked were acknowledged
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := int64(1); ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			_, err := conn.Exec(ctx, fmt.Sprintf("INSERT INTO events VALUES (%d, 'payload %d')", i, i))
			if err != nil {
				done <- err // the kill: expected
				return
			}
			acked.Store(i)
		}
	}()
	// Let a few hundred inserts through, then crash the server mid-stream.
	deadline := time.Now().Add(30 * time.Second)
	for acked.Load() < 300 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	s.kill()
	close(stop)
	<-done
	n := acked.Load()
	if n < 300 {
		t.Fatalf("only %d inserts acknowledged before the kill", n)
	}

	s2 := startServer(t, dir)
	conn2 := connect(t, s2, "main")
	var count, maxID int64
	if err := conn2.QueryRow(ctx, "SELECT count(*), max(id) FROM events").Scan(&count, &maxID); err != nil {
		t.Fatal(err)
	}
	// Every acknowledged row is there; at most the one in flight may also be.
	if count < n || maxID < n || count > n+1 {
		t.Fatalf("after the crash: %d rows, max id %d; %d were acknowledged", count, maxID, n)
	}
	rows, err := conn2.Query(ctx, "SELECT id FROM events ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := int64(1)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		if id != want {
			t.Fatalf("row %d missing after the crash (next id is %d)", want, id)
		}
		want++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestKillDuringTransfers kills the server with SIGKILL, three times,
// while four clients commit transfers between accounts concurrently
// (group commits of the log), each transfer recorded in the same
// transaction. After every restart the balances still add up, every
// acknowledged transfer is there, and at most the ones in flight when
// the server died are there besides.
func TestKillDuringTransfers(t *testing.T) {
	const (
		accounts = 50
		clients  = 4
		initial  = 1000
	)
	dir := t.TempDir()
	ctx := context.Background()
	s := startServer(t, dir)
	setup := connect(t, s, "main")
	for _, q := range []string{
		"CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)",
		"CREATE TABLE transfers (id bigint PRIMARY KEY, src int NOT NULL, dst int NOT NULL, amount bigint NOT NULL)",
		fmt.Sprintf("INSERT INTO accounts SELECT g, %d FROM generate_series(1, %d) g", initial, accounts),
	} {
		if _, err := setup.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var acked atomic.Int64 // acknowledged transfers, all rounds
	next := atomic.Int64{} // transfer ids handed out
	for round := range 3 {
		var wg sync.WaitGroup
		var inRound atomic.Int64
		for c := range clients {
			conn := connect(t, s, "main")
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					id := next.Add(1)
					src, dst := (c*7+i*13)%accounts+1, (c*11+i*17+1)%accounts+1
					if src == dst {
						dst = dst%accounts + 1
					}
					err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
						for _, q := range []string{
							fmt.Sprintf("UPDATE accounts SET balance = balance - %d WHERE id = %d", i%9+1, src),
							fmt.Sprintf("UPDATE accounts SET balance = balance + %d WHERE id = %d", i%9+1, dst),
							fmt.Sprintf("INSERT INTO transfers VALUES (%d, %d, %d, %d)", id, src, dst, i%9+1),
						} {
							if _, err := tx.Exec(ctx, q); err != nil {
								return err
							}
						}
						return nil
					})
					var pe *pgconn.PgError
					switch {
					case err == nil:
						acked.Add(1)
						inRound.Add(1)
					case errors.As(err, &pe) && pe.Code == "40001":
						// A conflict with another client: not committed.
					case errors.As(err, &pe):
						t.Errorf("transfer %d: %v", id, err)
						return
					default:
						return // the kill
					}
				}
			}()
		}
		deadline := time.Now().Add(30 * time.Second)
		for inRound.Load() < 200 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		s.kill()
		wg.Wait()
		if inRound.Load() < 200 {
			t.Fatalf("round %d: only %d transfers acknowledged before the kill", round, inRound.Load())
		}
		s = startServer(t, dir)
		conn := connect(t, s, "main")
		var total, count int64
		if err := conn.QueryRow(ctx, "SELECT sum(balance), (SELECT count(*) FROM transfers) FROM accounts").Scan(&total, &count); err != nil {
			t.Fatal(err)
		}
		if total != accounts*initial {
			t.Fatalf("round %d: balances add up to %d, not %d", round, total, accounts*initial)
		}
		if n := acked.Load(); count < n || count > n+int64(clients*(round+1)) {
			t.Fatalf("round %d: %d transfers after the crash, %d acknowledged", round, count, n)
		}
		var bad int64
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM accounts a WHERE balance <> `+fmt.Sprint(initial)+` -
			coalesce((SELECT sum(amount) FROM transfers WHERE src = a.id), 0) +
			coalesce((SELECT sum(amount) FROM transfers WHERE dst = a.id), 0)`).Scan(&bad); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Fatalf("round %d: %d accounts disagree with the recorded transfers", round, bad)
		}
	}
}

// TestKillAcrossLogSegments loads more than a log segment (64 MiB) by
// COPY, so that the server switches segments and checkpoints (flushing
// its memtables and removing the old segments) while rows keep coming,
// then kills it with SIGKILL mid-stream of acknowledged inserts and
// restarts it on the same directory: every acknowledged row is there,
// with its contents.
func TestKillAcrossLogSegments(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	ctx := context.Background()
	conn := connect(t, s, "main")
	if _, err := conn.Exec(ctx, "CREATE TABLE big (id bigint PRIMARY KEY, pad text NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	const copied = 300_000
	pad := strings.Repeat("p", 250) // ~80 MiB of log in all
	n, err := conn.CopyFrom(ctx, pgx.Identifier{"big"}, []string{"id", "pad"},
		pgx.CopyFromSlice(copied, func(i int) ([]any, error) { return []any{int64(i + 1), pad}, nil }))
	if err != nil || n != copied {
		t.Fatalf("COPY: %d rows, %v", n, err)
	}
	var acked int64
	for i := int64(copied + 1); i <= copied+200; i++ {
		if _, err := conn.Exec(ctx, fmt.Sprintf("INSERT INTO big VALUES (%d, 'x%d')", i, i)); err != nil {
			t.Fatal(err)
		}
		acked = i
	}
	s.kill()
	// The log switched segments: the one in use is not the first.
	segs, err := filepath.Glob(filepath.Join(dir, "wal", "*.wal"))
	if err != nil || len(segs) == 0 {
		t.Fatalf("log segments %v, %v", segs, err)
	}
	if last := filepath.Base(segs[len(segs)-1]); last <= "000001.wal" {
		t.Fatalf("log segments %v: the load did not switch segments", segs)
	}

	s2 := startServer(t, dir)
	conn2 := connect(t, s2, "main")
	var count, sumID, padded int64
	if err := conn2.QueryRow(ctx, "SELECT count(*), sum(id), count(*) FILTER (WHERE pad = repeat('p', 250)) FROM big").Scan(&count, &sumID, &padded); err != nil {
		t.Fatal(err)
	}
	if count != acked || sumID != acked*(acked+1)/2 || padded != copied {
		t.Fatalf("after the crash: %d rows (id sum %d, %d copied intact); want %d rows (id sum %d, %d copied)",
			count, sumID, padded, acked, acked*(acked+1)/2, copied)
	}
	var last string
	if err := conn2.QueryRow(ctx, "SELECT pad FROM big WHERE id = $1", acked).Scan(&last); err != nil || last != fmt.Sprintf("x%d", acked) {
		t.Fatalf("the last acknowledged row: %q, %v", last, err)
	}
}
