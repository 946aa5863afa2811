package kv

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

func openMem(t testing.TB) Store {
	t.Helper()
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func begin(t testing.TB, s Store, readOnly bool) Txn {
	t.Helper()
	txn, err := s.Begin(context.Background(), TxnOptions{ReadOnly: readOnly})
	if err != nil {
		t.Fatal(err)
	}
	return txn
}

// load commits key=value pairs given as "k=v" strings.
func load(t testing.TB, s Store, kvs ...string) {
	t.Helper()
	var b Batch
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		b.Put([]byte(k), []byte(v))
	}
	if err := s.Apply(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
}

func mustPut(t testing.TB, txn Txn, k, v string) {
	t.Helper()
	if err := txn.Put([]byte(k), []byte(v)); err != nil {
		t.Fatal(err)
	}
}

func mustDelete(t testing.TB, txn Txn, k string) {
	t.Helper()
	if err := txn.Delete([]byte(k)); err != nil {
		t.Fatal(err)
	}
}

// get returns the value or "<none>".
func get(t testing.TB, txn Txn, k string) string {
	t.Helper()
	v, ok, err := txn.Get(context.Background(), []byte(k))
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return "<none>"
	}
	return string(v)
}

// scan returns "k=v" strings of the whole range; nil bounds are passed for
// empty strings marked with "".
func scan(t testing.TB, txn Txn, start, end *string, reverse bool) []string {
	t.Helper()
	var s, e []byte
	if start != nil {
		s = []byte(*start)
	}
	if end != nil {
		e = []byte(*end)
	}
	it := txn.Scan(context.Background(), s, e, reverse)
	defer it.Close()
	var out []string
	for it.Next() {
		out = append(out, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func str(s string) *string { return &s }

func mustCommit(t testing.TB, txn Txn) {
	t.Helper()
	if err := txn.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func isConflict(err error) bool {
	return errors.Is(err, ErrConflict) && errs.Code(err) == errs.SerializationFailure
}

func TestGet(t *testing.T) {
	s := openMem(t)
	load(t, s, "a=1", "b=2", "c=3")
	txn := begin(t, s, false)
	defer txn.Rollback()
	mustPut(t, txn, "b", "20")
	mustPut(t, txn, "d", "4")
	mustDelete(t, txn, "c")
	mustDelete(t, txn, "zz") // deleting a missing key is fine
	tests := []struct{ key, want string }{
		{"a", "1"},       // snapshot
		{"b", "20"},      // own overwrite
		{"c", "<none>"},  // own tombstone hides the snapshot
		{"d", "4"},       // own insert
		{"e", "<none>"},  // absent
		{"", "<none>"},   // empty key
		{"zz", "<none>"}, // tombstone for a key never present
	}
	for _, tt := range tests {
		if got := get(t, txn, tt.key); got != tt.want {
			t.Errorf("Get(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestPutCopiesArguments(t *testing.T) {
	s := openMem(t)
	txn := begin(t, s, false)
	k, v := []byte("key"), []byte("value")
	mustPut(t, txn, string(k), string(v))
	if err := txn.Put(k, v); err != nil {
		t.Fatal(err)
	}
	k[0], v[0] = 'X', 'X'
	if got := get(t, txn, "key"); got != "value" {
		t.Fatalf("Get = %q after caller reused its slices", got)
	}
	mustCommit(t, txn)
	if got := get(t, begin(t, s, true), "key"); got != "value" {
		t.Fatalf("committed value = %q", got)
	}
}

func TestScan(t *testing.T) {
	s := openMem(t)
	load(t, s, "a=1", "b=2", "c=3", "d=4", "e=5")
	txn := begin(t, s, false)
	defer txn.Rollback()
	mustPut(t, txn, "bb", "22") // insert between snapshot keys
	mustPut(t, txn, "c", "33")  // overwrite
	mustDelete(t, txn, "d")     // tombstone
	mustPut(t, txn, "f", "6")   // beyond the snapshot's last key
	mustPut(t, txn, "0", "0")   // before the snapshot's first key
	mustDelete(t, txn, "x")     // tombstone without a snapshot key

	all := []string{"0=0", "a=1", "b=2", "bb=22", "c=33", "e=5", "f=6"}
	tests := []struct {
		name       string
		start, end *string
		reverse    bool
		want       []string
	}{
		{"all", nil, nil, false, all},
		{"all reverse", nil, nil, true, reversed(all)},
		{"bounded", str("b"), str("e"), false, []string{"b=2", "bb=22", "c=33"}},
		{"bounded reverse", str("b"), str("e"), true, []string{"c=33", "bb=22", "b=2"}},
		{"end exclusive", str("a"), str("c"), false, []string{"a=1", "b=2", "bb=22"}},
		{"start between keys", str("ba"), nil, false, []string{"bb=22", "c=33", "e=5", "f=6"}},
		{"reverse from between", nil, str("bc"), true, []string{"bb=22", "b=2", "a=1", "0=0"}},
		{"tombstoned only", str("d"), str("e"), false, nil},
		{"tombstoned only reverse", str("d"), str("e"), true, nil},
		{"empty range", str("c"), str("c"), false, nil},
		{"inverted range", str("e"), str("a"), true, nil},
		{"past the end", str("g"), nil, false, nil},
		{"own writes only", str("f"), str("g"), true, []string{"f=6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scan(t, txn, tt.start, tt.end, tt.reverse); !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			// Skipping k keys lands where k Nexts do, through the same
			// merge of snapshot and write buffer.
			for k := 0; k <= len(tt.want)+1; k++ {
				var start, end []byte
				if tt.start != nil {
					start = []byte(*tt.start)
				}
				if tt.end != nil {
					end = []byte(*tt.end)
				}
				it := txn.Scan(context.Background(), start, end, tt.reverse)
				n := it.(Skipper).Skip(k)
				var rest []string
				for it.Next() {
					rest = append(rest, string(it.Key())+"="+string(it.Value()))
				}
				if err := it.Err(); err != nil {
					t.Fatal(err)
				}
				it.Close()
				skipped := min(k, len(tt.want))
				if n != skipped || !slices.Equal(rest, tt.want[skipped:]) {
					t.Fatalf("Skip(%d) = %d, then %v; want %d, then %v", k, n, rest, skipped, tt.want[skipped:])
				}
				// Batches of k keys hand out what k Nexts do.
				if k == 0 {
					continue
				}
				it = txn.Scan(context.Background(), start, end, tt.reverse)
				var got []string
				for {
					n := it.(Batcher).NextBatch(k, func(key, value []byte) {
						got = append(got, string(key)+"="+string(value))
					})
					if n < k {
						break
					}
				}
				if err := it.Err(); err != nil {
					t.Fatal(err)
				}
				it.Close()
				if !slices.Equal(got, tt.want) {
					t.Fatalf("NextBatch(%d) gave %v, want %v", k, got, tt.want)
				}
			}
		})
	}
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

func TestScanIgnoresWritesAfterCreation(t *testing.T) {
	s := openMem(t)
	load(t, s, "a=1", "c=3")
	txn := begin(t, s, false)
	defer txn.Rollback()
	mustPut(t, txn, "b", "2")
	it := txn.Scan(context.Background(), nil, nil, false)
	defer it.Close()
	var got []string
	for it.Next() {
		// Writing ahead of the cursor (a Halloween-style update) must not
		// feed the scan.
		mustPut(t, txn, string(it.Key())+"+", "new")
		mustDelete(t, txn, "c")
		got = append(got, string(it.Key()))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf("scan saw %v, want %v", got, want)
	}
	if got := scan(t, txn, nil, nil, false); !slices.Equal(got, []string{"a=1", "a+=new", "b=2", "b+=new", "c+=new"}) {
		t.Fatalf("second scan = %v", got)
	}
}

func TestIsolation(t *testing.T) {
	s := openMem(t)
	load(t, s, "k=old")

	t.Run("uncommitted writes are invisible", func(t *testing.T) {
		w := begin(t, s, false)
		defer w.Rollback()
		mustPut(t, w, "k", "dirty")
		mustPut(t, w, "new", "dirty")
		r := begin(t, s, false)
		defer r.Rollback()
		if got := get(t, r, "k"); got != "old" {
			t.Fatalf("saw uncommitted value %q", got)
		}
		if got := scan(t, r, nil, nil, false); !slices.Equal(got, []string{"k=old"}) {
			t.Fatalf("scan saw %v", got)
		}
	})

	t.Run("snapshot taken at Begin", func(t *testing.T) {
		r := begin(t, s, true)
		defer r.Rollback()
		// A read-write transaction that has read nothing takes a newer
		// snapshot when it reads a key committed since (TestRefresh);
		// one that read k keeps its snapshot.
		rw := begin(t, s, false)
		defer rw.Rollback()
		get(t, rw, "k")
		w := begin(t, s, false)
		mustPut(t, w, "k", "new")
		mustPut(t, w, "k2", "new")
		mustCommit(t, w)
		for _, txn := range []Txn{r, rw} {
			if got := get(t, txn, "k"); got != "old" {
				t.Fatalf("saw a commit made after Begin: %q", got)
			}
			if got := scan(t, txn, nil, nil, true); !slices.Equal(got, []string{"k=old"}) {
				t.Fatalf("scan saw a commit made after Begin: %v", got)
			}
		}
		if got := get(t, begin(t, s, true), "k"); got != "new" {
			t.Fatalf("new txn sees %q", got)
		}
	})

	t.Run("rollback discards", func(t *testing.T) {
		w := begin(t, s, false)
		mustPut(t, w, "gone", "x")
		w.Rollback()
		w.Rollback() // idempotent
		if got := get(t, begin(t, s, true), "gone"); got != "<none>" {
			t.Fatalf("rolled back write visible: %q", got)
		}
	})
}

func TestConflicts(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// read performs txn's reads; it runs before the concurrent commit.
		read func(t *testing.T, txn Txn)
		// other is what a concurrent transaction commits.
		other        []string
		wantConflict bool
	}{
		{"point read overwritten", func(t *testing.T, txn Txn) { get(t, txn, "b") }, []string{"b=x"}, true},
		{"absent key inserted", func(t *testing.T, txn Txn) { get(t, txn, "nope") }, []string{"nope=x"}, true},
		{"disjoint point", func(t *testing.T, txn Txn) { get(t, txn, "b") }, []string{"c=x"}, false},
		{"own write is no read", func(t *testing.T, txn Txn) {
			mustPut(t, txn, "b", "mine")
			get(t, txn, "b")
		}, []string{"b=x"}, false},
		{"phantom in full scan", func(t *testing.T, txn Txn) {
			scan(t, txn, str("a"), str("c"), false)
		}, []string{"bz=x"}, true},
		{"full scan misses disjoint key", func(t *testing.T, txn Txn) {
			scan(t, txn, str("a"), str("c"), false)
		}, []string{"c=x"}, false},
		{"empty scan still covers its range", func(t *testing.T, txn Txn) {
			scan(t, txn, str("m"), str("n"), false)
		}, []string{"mm=x"}, true},
		{"unbounded scan", func(t *testing.T, txn Txn) {
			scan(t, txn, str("x"), nil, true)
		}, []string{"zzz=x"}, true},
		{"early close covers walked part", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, []byte("a"), nil, false)
			it.Next() // a
			it.Next() // b
			it.Close()
		}, []string{"ab=x"}, true},
		{"early close covers the last key", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, []byte("a"), nil, false)
			it.Next() // a
			it.Next() // b
			it.Close()
		}, []string{"b=x"}, true},
		{"skip covers the keys it passed", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, []byte("a"), nil, false)
			if n := it.(Skipper).Skip(2); n != 2 { // a, b
				t.Fatalf("skipped %d keys, want 2", n)
			}
			it.Close()
		}, []string{"ab=x"}, true},
		{"batch covers the keys it passed", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, []byte("a"), nil, false)
			if n := it.(Batcher).NextBatch(2, func(_, _ []byte) {}); n != 2 { // a, b
				t.Fatalf("batched %d keys, want 2", n)
			}
			it.Close()
		}, []string{"ab=x"}, true},
		{"batch leaves the rest", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, []byte("a"), nil, false)
			it.(Batcher).NextBatch(2, func(_, _ []byte) {}) // a, b
			it.Close()
		}, []string{"bb=x"}, false},
		{"skip leaves the rest", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, []byte("a"), nil, false)
			it.(Skipper).Skip(2) // a, b
			it.Close()
		}, []string{"bb=x"}, false},
		{"early close leaves the rest", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, []byte("a"), nil, false)
			it.Next() // a
			it.Next() // b
			it.Close()
		}, []string{"b\x00=x", "bb=x", "c=x"}, false},
		{"reverse early close", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, nil, []byte("d"), true)
			it.Next() // c
			it.Next() // b
			it.Close()
		}, []string{"a=x", "ab=x"}, false},
		{"reverse early close covers walked part", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, nil, []byte("d"), true)
			it.Next() // c
			it.Next() // b
			it.Close()
		}, []string{"bb=x"}, true},
		{"never advanced reads nothing", func(t *testing.T, txn Txn) {
			txn.Scan(ctx, nil, nil, false).Close()
		}, []string{"a=x"}, false},
		{"open iterator counts at commit", func(t *testing.T, txn Txn) {
			it := txn.Scan(ctx, []byte("a"), nil, false)
			it.Next() // a; left open on purpose
		}, []string{"a=x"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openMem(t)
			load(t, s, "a=1", "b=2", "c=3")
			txn := begin(t, s, false)
			tt.read(t, txn)
			load(t, s, tt.other...) // commits through Store.Apply
			mustPut(t, txn, "out", "1")
			err := txn.Commit(ctx)
			if tt.wantConflict != isConflict(err) || (!tt.wantConflict && err != nil) {
				t.Fatalf("Commit = %v, want conflict=%v", err, tt.wantConflict)
			}
			if err != nil && err.Error() != "could not serialize access due to concurrent update" {
				t.Errorf("message = %q", err.Error())
			}
		})
	}
}

func TestConflictWithTxnCommit(t *testing.T) {
	s := openMem(t)
	load(t, s, "x=0")
	t1, t2 := begin(t, s, false), begin(t, s, false)
	get(t, t1, "x")
	get(t, t2, "x")
	mustPut(t, t1, "x", "1")
	mustPut(t, t2, "x", "2")
	mustCommit(t, t1)
	if err := t2.Commit(context.Background()); !isConflict(err) {
		t.Fatalf("lost update not detected: %v", err)
	}
	if got := get(t, begin(t, s, true), "x"); got != "1" {
		t.Fatalf("x = %q", got)
	}
	// A failed commit finishes the transaction.
	if err := t2.Put([]byte("y"), nil); !errors.Is(err, ErrTxnDone) {
		t.Fatalf("Put after failed commit: %v", err)
	}
	t2.Rollback()
}

func TestBlindWritesDoNotConflict(t *testing.T) {
	s := openMem(t)
	t1, t2 := begin(t, s, false), begin(t, s, false)
	mustPut(t, t1, "x", "1")
	mustPut(t, t2, "x", "2")
	mustCommit(t, t2)
	mustCommit(t, t1)
	if got := get(t, begin(t, s, true), "x"); got != "1" {
		t.Fatalf("x = %q, want the later commit's value", got)
	}
}

func TestReadOnly(t *testing.T) {
	s := openMem(t)
	load(t, s, "a=1")
	r := begin(t, s, true)
	for name, err := range map[string]error{
		"put":    r.Put([]byte("a"), []byte("2")),
		"delete": r.Delete([]byte("a")),
	} {
		if !errors.Is(err, ErrReadOnly) || errs.Code(err) != "25006" {
			t.Errorf("%s on read-only txn: %v (code %s)", name, err, errs.Code(err))
		}
	}
	get(t, r, "a")
	load(t, s, "a=3")
	mustCommit(t, r) // never conflicts
}

func TestFinishedTxn(t *testing.T) {
	s := openMem(t)
	txn := begin(t, s, false)
	it := txn.Scan(context.Background(), nil, nil, false)
	mustCommit(t, txn)
	ctx := context.Background()
	if _, _, err := txn.Get(ctx, []byte("a")); !errors.Is(err, ErrTxnDone) || errs.Code(err) != errs.InvalidTransactionState {
		t.Errorf("Get after Commit: %v", err)
	}
	if err := txn.Commit(ctx); !errors.Is(err, ErrTxnDone) {
		t.Errorf("second Commit: %v", err)
	}
	if it.Next() || !errors.Is(it.Err(), ErrTxnDone) {
		t.Errorf("iterator after Commit: %v", it.Err())
	}
	if err := it.Close(); err != nil {
		t.Errorf("Close of an iterator closed by Commit: %v", err)
	}
	it2 := txn.Scan(ctx, nil, nil, false)
	if it2.Next() || !errors.Is(it2.Err(), ErrTxnDone) {
		t.Errorf("Scan after Commit: %v", it2.Err())
	}
	txn.Rollback()
}

func TestContextCancellation(t *testing.T) {
	s := openMem(t)
	var kvs []string
	for i := range 500 {
		kvs = append(kvs, fmt.Sprintf("k%04d=v", i))
	}
	load(t, s, kvs...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	txn, err := s.Begin(ctx, TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	it := txn.Scan(ctx, nil, nil, false)
	n := 0
	for it.Next() {
		if n++; n == 10 {
			cancel()
		}
	}
	if !errors.Is(it.Err(), context.Canceled) || errs.Code(it.Err()) != errs.QueryCanceled {
		t.Fatalf("scan err = %v", it.Err())
	}
	if n >= 500 {
		t.Fatalf("scan ran to the end despite cancellation")
	}
	it.Close()
	if _, _, err := txn.Get(ctx, []byte("k0001")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get with cancelled ctx: %v", err)
	}
	if _, err := s.Begin(ctx, TxnOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Begin with cancelled ctx: %v", err)
	}
	if err := s.Apply(ctx, &Batch{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply with cancelled ctx: %v", err)
	}
}

func TestApplyBatchOrder(t *testing.T) {
	s := openMem(t)
	var b Batch
	b.Put([]byte("k"), []byte("1"))
	b.Delete([]byte("k"))
	b.Put([]byte("j"), []byte("1"))
	b.Put([]byte("j"), []byte("2"))
	if err := s.Apply(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	r := begin(t, s, true)
	if got := scan(t, r, nil, nil, false); !slices.Equal(got, []string{"j=2"}) {
		t.Fatalf("later op on the same key must win: %v", got)
	}
	if err := s.Apply(context.Background(), nil); err != nil {
		t.Fatalf("Apply(nil): %v", err)
	}
}

func TestDurability(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	txn := begin(t, s, false)
	mustPut(t, txn, "committed", "yes")
	mustCommit(t, txn)
	load(t, s, "applied=yes")
	lost := begin(t, s, false)
	mustPut(t, lost, "uncommitted", "no")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Begin(ctx, TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Rollback()
	if got := scan(t, r, nil, nil, false); !slices.Equal(got, []string{"applied=yes", "committed=yes"}) {
		t.Fatalf("after reopen: %v", got)
	}
}

func TestCloseWithOpenTxns(t *testing.T) {
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	load(t, s, "a=1", "b=2")
	ctx := context.Background()
	rw := begin(t, s, false)
	ro := begin(t, s, true)
	mustPut(t, rw, "c", "3")
	it := rw.Scan(ctx, nil, nil, false)
	if !it.Next() {
		t.Fatal(it.Err())
	}
	roIt := ro.Scan(ctx, nil, nil, true)
	if err := s.Close(); err != nil {
		t.Fatalf("Close with open txns and iterators: %v", err)
	}
	closed := func(err error) bool { return errors.Is(err, ErrClosed) }
	if _, _, err := ro.Get(ctx, []byte("a")); !closed(err) {
		t.Errorf("Get after Close: %v", err)
	}
	if err := rw.Put([]byte("x"), nil); !closed(err) {
		t.Errorf("Put after Close: %v", err)
	}
	if it.Next() || !closed(it.Err()) {
		t.Errorf("Next after Close: %v", it.Err())
	}
	if roIt.Next() {
		t.Errorf("Next after Close succeeded")
	}
	if err := rw.Commit(ctx); !closed(err) {
		t.Errorf("Commit after Close: %v", err)
	}
	it.Close()
	roIt.Close()
	rw.Rollback()
	ro.Rollback()
	if _, err := s.Begin(ctx, TxnOptions{}); !closed(err) {
		t.Errorf("Begin after Close: %v", err)
	}
	if err := s.Apply(ctx, new(Batch)); err != nil {
		t.Errorf("empty Apply after Close: %v", err)
	}
	var b Batch
	b.Put([]byte("k"), nil)
	if err := s.Apply(ctx, &b); !closed(err) {
		t.Errorf("Apply after Close: %v", err)
	}
}

// The synced watermark must move only over contiguous durable commits,
// whatever order their fsyncs complete in.
func TestWatermarkOutOfOrder(t *testing.T) {
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ss := s.(*store)
	ss.mu.Lock()
	for seq := uint64(1); seq <= 4; seq++ {
		ss.records = append(ss.records, commitRecord{seq: seq, keys: [][]byte{[]byte("k")}})
	}
	ss.lastSeq.Store(4)
	ss.mu.Unlock()

	done := make(chan error, 1)
	go func() { done <- ss.waitSynced(context.Background(), 3) }()

	steps := []struct {
		seq  uint64
		want uint64
	}{{3, 0}, {2, 0}, {4, 0}, {1, 4}}
	for _, st := range steps {
		ss.markSynced(st.seq)
		if got := ss.synced.Load(); got != st.want {
			t.Fatalf("after syncing %d watermark = %d, want %d", st.seq, got, st.want)
		}
		if st.want < 3 {
			select {
			case <-done:
				t.Fatalf("waiter woke at watermark %d", st.want)
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if len(ss.records) != 0 {
		t.Fatalf("records not pruned with no active txns: %d left", len(ss.records))
	}
}

func TestPruning(t *testing.T) {
	s := openMem(t)
	ss := s.(*store)
	old := begin(t, s, false) // pins everything committed after it
	for i := range 5 {
		load(t, s, fmt.Sprintf("k%d=v", i))
	}
	count := func() int {
		ss.mu.Lock()
		defer ss.mu.Unlock()
		return len(ss.records)
	}
	if n := count(); n != 5 {
		t.Fatalf("records = %d while an old txn is open, want 5", n)
	}
	old.Rollback()
	if n := count(); n != 0 {
		t.Fatalf("records = %d after the old txn ended, want 0", n)
	}
}

// TestDeleteRangeConflicts checks a committed range deletion against
// concurrent transactions, case by case: a point read or a scan inside
// the range conflicts, one outside does not, and a blind write into the
// range is ordered before or after the deletion by commit order.
func TestDeleteRangeConflicts(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		read     func(Txn) error
		conflict bool
	}{
		{"point read inside", func(tx Txn) error { _, _, err := tx.Get(ctx, []byte("t/5")); return err }, true},
		{"point read of an absent key inside", func(tx Txn) error { _, _, err := tx.Get(ctx, []byte("t/55")); return err }, true},
		{"point read outside", func(tx Txn) error { _, _, err := tx.Get(ctx, []byte("u/1")); return err }, false},
		{"scan overlapping", func(tx Txn) error {
			it := tx.Scan(ctx, []byte("s"), []byte("t/0\x00"), false)
			for it.Next() {
			}
			return it.Close()
		}, true},
		{"scan beside", func(tx Txn) error {
			it := tx.Scan(ctx, []byte("u"), []byte("v"), false)
			for it.Next() {
			}
			return it.Close()
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openMem(t)
			setup := begin(t, s, false)
			for _, k := range []string{"t/0", "t/5", "t/9", "u/1"} {
				if err := setup.Put([]byte(k), []byte("v")); err != nil {
					t.Fatal(err)
				}
			}
			if err := setup.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			reader := begin(t, s, false)
			if err := tc.read(reader); err != nil {
				t.Fatal(err)
			}
			if err := reader.Put([]byte("w"), []byte("x")); err != nil {
				t.Fatal(err)
			}
			del := begin(t, s, false)
			if err := del.DeleteRange([]byte("t/"), []byte("t0")); err != nil {
				t.Fatal(err)
			}
			if err := del.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			err := reader.Commit(ctx)
			if tc.conflict != isConflict(err) || (!tc.conflict && err != nil) {
				t.Fatalf("commit after the range deletion: %v, want conflict %v", err, tc.conflict)
			}
		})
	}

	// Blind writes: one committed before the deletion is deleted, one
	// committed after it stays.
	s := openMem(t)
	before, after := begin(t, s, false), begin(t, s, false)
	del := begin(t, s, false)
	if err := before.Put([]byte("t/1"), []byte("before")); err != nil {
		t.Fatal(err)
	}
	if err := before.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := del.DeleteRange([]byte("t/"), []byte("t0")); err != nil {
		t.Fatal(err)
	}
	if err := del.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := after.Put([]byte("t/2"), []byte("after")); err != nil {
		t.Fatal(err)
	}
	if err := after.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	r := begin(t, s, true)
	defer r.Rollback()
	it := r.Scan(ctx, []byte("t/"), []byte("t0"), false)
	var got []string
	for it.Next() {
		got = append(got, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "t/2=after" {
		t.Fatalf("after the blind writes: %v, want [t/2=after]", got)
	}
}

// TestStoreIdleCounts: the counts a commit reads to tell whether the
// store is idle but for itself (rawSyncAllowed) follow the open
// transactions, read-only ones included, and the flushes and
// compactions, which end at zero.
func TestStoreIdleCounts(t *testing.T) {
	s := openMem(t).(*store)
	a := begin(t, s, false)
	b := begin(t, s, true)
	if n := s.open.Load(); n != 2 {
		t.Fatalf("%d open, want 2", n)
	}
	mustPut(t, a, "k", "v")
	mustCommit(t, a)
	b.Rollback()
	if n := s.open.Load(); n != 0 {
		t.Fatalf("%d open after commit and rollback, want 0", n)
	}
	if err := s.db.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Compact([]byte{0}, []byte{0xff}, true); err != nil {
		t.Fatal(err)
	}
	if n := s.bgJobs.Load(); n != 0 {
		t.Fatalf("%d flushes and compactions running after they ended, want 0", n)
	}
	if s.version.Load() < 2 {
		t.Fatalf("version %d: the flush and compaction were not seen", s.version.Load())
	}
}
