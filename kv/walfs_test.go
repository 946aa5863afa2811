package kv

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWALZeroFilledSurvivesCrash commits across several zero-fill chunks,
// copies the data directory while the store is open (what a crash leaves:
// the WAL's records followed by zeros) and opens the copy; then closes
// and reopens the original. Every acknowledged commit must be there.
func TestWALZeroFilledSurvivesCrash(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	value := strings.Repeat("v", 1000)
	const n = 2500 // about 2.5 MiB of WAL: crosses two fill boundaries
	for i := range n {
		txn := begin(t, s, false)
		mustPut(t, txn, fmt.Sprintf("k%05d", i), value)
		if err := txn.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}

	filled := false
	logs, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	for _, l := range logs {
		if fi, err := os.Stat(l); err == nil && fi.Size() > 0 && fi.Size()%walFillChunk == 0 {
			filled = true
		}
	}
	if !filled {
		t.Fatalf("no WAL file was zero-filled to a chunk boundary: %v", logs)
	}

	crash := t.TempDir()
	copyDir(t, dir, crash)
	check := func(name, d string) {
		s, err := Open(d, Options{})
		if err != nil {
			t.Fatalf("%s: open: %v", name, err)
		}
		defer s.Close()
		ro := begin(t, s, true)
		defer ro.Rollback()
		for i := range n {
			if got := get(t, ro, fmt.Sprintf("k%05d", i)); got != value {
				t.Fatalf("%s: k%05d lost (%d bytes)", name, i, len(got))
			}
		}
	}
	check("crash image", crash)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	check("reopened", dir)
	// Twice: the second open replays the WALs the first one left.
	check("reopened again", dir)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, err := os.Open(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(filepath.Join(to, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		dst.Close()
	}
}
