package compattests

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
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
