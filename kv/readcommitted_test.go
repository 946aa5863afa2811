package kv

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestReadCommitted runs a READ COMMITTED transaction (tx) beside
// commits of others, step by step, and checks what it reads and whether
// it commits. Steps: "stmt" (NewStatement), "get k=v" (tx reads k,
// wanting v), "track k" (a Get inside TrackReads), "put k" (tx writes
// k), "other k=v" (another transaction commits k=v), "otherdel a-b"
// (another one deletes the range [a, b)). Keys starting with "c" are the
// tracked keyspace (the catalog's role).
func TestReadCommitted(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		steps    string
		conflict string // "" (commits), "stmt" (the last NewStatement fails) or "commit"
	}{
		{"an untracked read changed after it is no conflict", "stmt; get r1=1; other r1=2; put w", ""},
		{"each statement sees the commits before it", "stmt; get r1=1; other r1=2; stmt; get r1=2; put w", ""},
		{"a written key changed after its statement's snapshot fails the commit", "stmt; put r1; other r1=2", "commit"},
		{"... or the next statement", "stmt; put r1; other r1=2; stmt", "stmt"},
		{"a key written after a newer snapshot is validated from there", "stmt; put w; other r1=2; stmt; get r1=2; put r1", ""},
		{"a tracked keyspace read changed fails the commit", "stmt; get c1=1; other c1=2; put w", "commit"},
		{"... or the next statement", "stmt; get c1=1; other c1=2; put w; stmt", "stmt"},
		{"a read in TrackReads changed fails the commit", "stmt; track r1=1; other r1=2; put w", "commit"},
		{"a range deleted over a written key", "stmt; put r1; otherdel r0-r9", "commit"},
		{"a range deleted over a tracked read", "stmt; get c1=1; otherdel c0-c9; put w", "commit"},
		{"a range deleted elsewhere", "stmt; put r1; otherdel x0-x9", ""},
		{"a read-only transaction commits whatever changed", "stmt; get c1=1; other c1=2; stmt; get c1=2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openMem(t)
			load(t, s, "c1=1", "r1=1")
			tx := begin(t, s, false)
			defer tx.Rollback()
			SetReadCommitted(tx, true, func(k []byte) bool { return len(k) > 0 && k[0] == 'c' })
			if !IsReadCommitted(tx) {
				t.Fatal("not READ COMMITTED")
			}
			steps := strings.Split(tc.steps, "; ")
			for i, step := range steps {
				op, arg, _ := strings.Cut(step, " ")
				k, v, _ := strings.Cut(arg, "=")
				switch op {
				case "stmt":
					_, err := NewStatement(tx)
					if tc.conflict == "stmt" && i == len(steps)-1 {
						if !errors.Is(err, ErrConflict) {
							t.Fatalf("NewStatement: %v, want a conflict", err)
						}
						return
					}
					if err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
				case "get":
					if got := get(t, tx, k); got != v {
						t.Fatalf("step %d: %s=%s, want %s", i, k, got, v)
					}
				case "track":
					restore := TrackReads(tx)
					if got := get(t, tx, k); got != v {
						t.Fatalf("step %d: %s=%s, want %s", i, k, got, v)
					}
					restore()
				case "put":
					mustPut(t, tx, k, "x")
				case "other":
					load(t, s, arg)
				case "otherdel":
					a, b, _ := strings.Cut(arg, "-")
					var batch Batch
					batch.DeleteRange([]byte(a), []byte(b))
					if err := s.Apply(ctx, &batch); err != nil {
						t.Fatal(err)
					}
				}
			}
			err := tx.Commit(ctx)
			if got := errors.Is(err, ErrConflict); got != (tc.conflict == "commit") || (err != nil && !got) {
				t.Fatalf("commit: %v, want conflict %v", err, tc.conflict == "commit")
			}
		})
	}
}

// TestReadCommittedCursor: a statement cannot move the snapshot while an
// iterator is open on it (a cursor's), and says so.
func TestReadCommittedCursor(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	load(t, s, "r1=1")
	tx := begin(t, s, false)
	defer tx.Rollback()
	SetReadCommitted(tx, true, nil)
	it := tx.Scan(ctx, []byte("a"), []byte("z"), false)
	load(t, s, "r1=2")
	if moved, err := NewStatement(tx); err != nil || moved {
		t.Fatalf("NewStatement with an open iterator: %v, %v", moved, err)
	}
	if got := get(t, tx, "r1"); got != "1" {
		t.Fatalf("r1=%s under the old snapshot", got)
	}
	_ = it.Close()
	if moved, err := NewStatement(tx); err != nil || !moved {
		t.Fatalf("NewStatement: %v, %v", moved, err)
	}
	if got := get(t, tx, "r1"); got != "2" {
		t.Fatalf("r1=%s, want 2", got)
	}
}
