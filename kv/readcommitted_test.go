package kv

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestReadCommitted runs a READ COMMITTED transaction (tx) beside
// commits of others, step by step, and checks what it reads and whether
// it commits. Steps: "stmt" (NewStatement), "get k=v" (tx reads k,
// wanting v), "track k" (a Get inside TrackReads), "put k" (tx writes
// k), "other k=v" (another transaction commits k=v), "otherdel a-b"
// (another one deletes the range [a, b)), "exists k=v" (a Get inside
// TrackExistence; "trackexists" inside TrackReads too), "otherrm k" (another transaction deletes k),
// "otherrmb k" (a batch deletes k). Keys starting with "c" are the
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
		{"a key read for its existence may be rewritten", "stmt; exists r1=1; other r1=2; put w", ""},
		{"... in TrackReads too", "stmt; trackexists r1=1; other r1=2; put w", ""},
		{"... but not deleted", "stmt; exists r1=1; put w; otherrm r1", "commit"},
		{"... by a batch either", "stmt; exists r1=1; put w; otherrmb r1", "commit"},
		{"... nor before the next statement", "stmt; exists r1=1; put w; otherrm r1; stmt", "stmt"},
		{"... nor by a range", "stmt; exists r1=1; otherdel r0-r9; put w", "commit"},
		{"another key deleted is no conflict", "stmt; exists r1=1; put w; otherrm c1", ""},
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
				case "exists", "trackexists":
					outer := func() {}
					if op == "trackexists" {
						outer = TrackReads(tx)
					}
					restore := TrackExistence(tx)
					if got := get(t, tx, k); got != v {
						t.Fatalf("step %d: %s=%s, want %s", i, k, got, v)
					}
					restore()
					outer()
				case "otherrm":
					o := begin(t, s, false)
					mustDelete(t, o, k)
					if err := o.Commit(ctx); err != nil {
						t.Fatal(err)
					}
				case "otherrmb":
					var batch Batch
					batch.Delete([]byte(k))
					if err := s.Apply(ctx, &batch); err != nil {
						t.Fatal(err)
					}
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

// TestReadCommittedViews: a statement moves the snapshot while views
// (cursors) are open; each view goes on reading the snapshot and the
// writes it was taken with, and the old snapshot lives until the last
// view of it ends, in whichever order the views and the transaction end.
func TestReadCommittedViews(t *testing.T) {
	ctx := context.Background()
	for _, order := range []string{"views first", "transaction first", "second view after the move"} {
		t.Run(order, func(t *testing.T) {
			s := openMem(t)
			load(t, s, "r1=1")
			tx := begin(t, s, false)
			defer tx.Rollback()
			SetReadCommitted(tx, true, nil)
			mustPut(t, tx, "w", "mine")
			v1, err := View(tx)
			if err != nil {
				t.Fatal(err)
			}
			v2, err := View(tx)
			if err != nil {
				t.Fatal(err)
			}
			load(t, s, "r1=2")
			if moved, err := NewStatement(tx); err != nil || !moved {
				t.Fatalf("NewStatement with open views: %v, %v", moved, err)
			}
			mustPut(t, tx, "w", "later")
			if got := get(t, tx, "r1"); got != "2" {
				t.Fatalf("the transaction reads r1=%s, want 2", got)
			}
			for _, v := range []Txn{v1, v2} {
				if got := get(t, v, "r1"); got != "1" {
					t.Fatalf("a view reads r1=%s, want 1", got)
				}
				if got := get(t, v, "w"); got != "mine" {
					t.Fatalf("a view reads w=%s, want its transaction's write before it", got)
				}
			}
			switch order {
			case "views first":
				v1.Rollback()
				if got := get(t, v2, "r1"); got != "1" {
					t.Fatalf("the other view reads r1=%s after the first ended", got)
				}
				v2.Rollback()
				if err := tx.Commit(ctx); err != nil {
					t.Fatal(err)
				}
			case "transaction first":
				v1.Rollback()
				if err := tx.Commit(ctx); err != nil {
					t.Fatal(err)
				}
			case "second view after the move":
				v3, err := View(tx)
				if err != nil {
					t.Fatal(err)
				}
				load(t, s, "r1=3")
				if moved, err := NewStatement(tx); err != nil || !moved {
					t.Fatalf("NewStatement: %v, %v", moved, err)
				}
				if got := get(t, v3, "r1") + get(t, v1, "r1") + get(t, tx, "r1"); got != "213" {
					t.Fatalf("v3, v1 and the transaction read %s, want 2, 1 and 3", got)
				}
				v1.Rollback()
				v2.Rollback()
				v3.Rollback()
				tx.Rollback()
			}
		})
	}
}

// TestReadCommittedNoLostUpdate interleaves READ COMMITTED transactions
// that increment counters (each increment a statement: NewStatement, Get,
// Put of the value plus one), commit, or roll back, in random order and
// checks the invariant the validation exists for: every counter ends up
// equal to the number of increments of it that committed. A lost update
// (an increment computed from a value another commit then overwrote,
// committed anyway) breaks it. Each transaction also tracks a read of a
// "catalog" key, which a random DDL-like commit rewrites: a transaction
// that wrote after reading it must then fail.
func TestReadCommittedNoLostUpdate(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		s := openMem(t)
		keys := []string{"k0", "k1", "k2"}
		load(t, s, "c=0", "k0=0", "k1=0", "k2=0")
		type open struct {
			tx       Txn
			pending  map[string]int // increments not yet committed
			catalogd bool           // read the catalog key
		}
		var txs []*open
		committed := map[string]int{}
		tracked := func(k []byte) bool { return len(k) > 0 && k[0] == 'c' }
		for range rapid.IntRange(1, 60).Draw(rt, "steps") {
			switch op := rapid.IntRange(0, 5).Draw(rt, "op"); {
			case op == 0 || len(txs) == 0:
				tx, err := s.Begin(ctx, TxnOptions{})
				if err != nil {
					rt.Fatal(err)
				}
				SetReadCommitted(tx, true, tracked)
				txs = append(txs, &open{tx: tx, pending: map[string]int{}})
			case op <= 2:
				o := txs[rapid.IntRange(0, len(txs)-1).Draw(rt, "tx")]
				if _, err := NewStatement(o.tx); err != nil {
					if !errors.Is(err, ErrConflict) {
						rt.Fatal(err)
					}
					o.tx.Rollback()
					txs = slices.DeleteFunc(txs, func(x *open) bool { return x == o })
					continue
				}
				if !o.catalogd {
					get(t, o.tx, "c")
					o.catalogd = true
				}
				k := keys[rapid.IntRange(0, len(keys)-1).Draw(rt, "key")]
				n, err := strconv.Atoi(get(t, o.tx, k))
				if err != nil {
					rt.Fatal(err)
				}
				mustPut(t, o.tx, k, strconv.Itoa(n+1))
				o.pending[k]++
			case op == 3:
				i := rapid.IntRange(0, len(txs)-1).Draw(rt, "tx")
				o := txs[i]
				txs = slices.Delete(txs, i, i+1)
				err := o.tx.Commit(ctx)
				if err == nil {
					for k, n := range o.pending {
						committed[k] += n
					}
				} else if !errors.Is(err, ErrConflict) {
					rt.Fatal(err)
				}
			case op == 4:
				i := rapid.IntRange(0, len(txs)-1).Draw(rt, "tx")
				txs[i].tx.Rollback()
				txs = slices.Delete(txs, i, i+1)
			default:
				load(t, s, "c="+strconv.Itoa(rapid.IntRange(1, 9).Draw(rt, "ddl")))
			}
		}
		for _, o := range txs {
			o.tx.Rollback()
		}
		check := begin(t, s, true)
		defer check.Rollback()
		for _, k := range keys {
			if got := get(t, check, k); got != strconv.Itoa(committed[k]) {
				rt.Fatalf("%s = %s after %d committed increments", k, got, committed[k])
			}
		}
	})
}
