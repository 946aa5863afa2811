package kv

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/cockroachdb/pebble/vfs"

	"github.com/zerodb/zerodb/errs"
)

// TestCheckpoint: CHECKPOINT's store call writes the memtables to
// sstables and removes the log segments they held, and every commit is
// still there, before and after a reopen; a closed store refuses it.
func TestCheckpoint(t *testing.T) {
	ctx := context.Background()
	fs := vfs.NewMem()
	if err := fs.MkdirAll("db", 0o755); err != nil {
		t.Fatal(err)
	}
	// Within one segment, the background checkpoint (after a segment
	// switch) never runs: the flush is the checkpoint's own.
	st, err := open("db", fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	commitN(t, st, 0, 100, "v")
	flushes := st.db.Metrics().Flush.Count
	if err := st.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if m := st.db.Metrics(); m.Flush.Count == flushes || m.MemTable.Count != 1 {
		t.Fatalf("%d flushes before and %d after, %d memtables: want a flush, one (empty) memtable",
			flushes, m.Flush.Count, m.MemTable.Count)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	// Across segments: the old ones go.
	opts := Options{walSegmentSize: 64 << 10}
	if st, err = open("db", fs, opts); err != nil {
		t.Fatal(err)
	}
	st.ckptMu.Lock() // the background checkpoints wait: old segments stay
	commitN(t, st, 0, 2000, "value of a few bytes")
	segs, err := st.wal.segments()
	st.ckptMu.Unlock()
	if err != nil || len(segs) < 2 {
		t.Fatalf("segments %v, %v: want two or more before the checkpoint", segs, err)
	}
	if err := st.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if segs, err := st.wal.segments(); err != nil || len(segs) != 1 {
		t.Fatalf("segments %v, %v: want only the current one after the checkpoint", segs, err)
	}
	// A second checkpoint with nothing new to write is fine too.
	if err := st.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	checkN(t, "after the checkpoint", st, 2000, "value of a few bytes")
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Checkpoint(ctx); !errors.Is(err, ErrClosed) || errs.Code(err) != errs.AdminShutdown {
		t.Fatalf("checkpoint of a closed store: %v", err)
	}
	st, err = open("db", fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checkN(t, "reopened", st, 2000, "value of a few bytes")
}

// TestCheckpointAfterLogFailure: once the log has failed, a checkpoint
// would flush commits that are not durable; it is refused with the
// log's failure.
// The failure is logged once, at error level, for the operator who must
// restart the server.
func TestCheckpointAfterLogFailure(t *testing.T) {
	var logged lockedLog
	st, fs := openGated(t, Options{Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	fs.failSyncs.Store(true)
	for range 2 {
		var b Batch
		b.Put([]byte("k"), []byte("v"))
		if err := st.Apply(context.Background(), &b); err == nil {
			t.Fatal("a commit whose sync failed succeeded")
		}
	}
	err := st.Checkpoint(context.Background())
	checkLogFailed(t, "checkpoint", err)
	text := logged.String()
	if n := strings.Count(text, "level=ERROR"); n != 1 || !strings.Contains(text, "write-ahead log failed") {
		t.Fatalf("%d errors logged, want the log's failure once:\n%s", n, text)
	}
}

// lockedLog is a log's output that goroutines may write at once.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
