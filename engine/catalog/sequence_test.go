package catalog

import (
	"context"
	"math"
	"sync"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func newSeq(name string) *Sequence {
	return &Sequence{Name: name, Bits: 64, Increment: 1, Min: 1, Max: math.MaxInt64, Start: 1, Cache: 1}
}

func createSeq(t testing.TB, c *Catalog, store kv.Store, db *Database, s *Sequence) *Sequence {
	t.Helper()
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error { return c.CreateSequence(ctx, txn, db, s) })
	var got *Sequence
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		var err error
		if got, err = c.Sequence(ctx, txn, db, s.Name); err != nil {
			t.Fatal(err)
		}
	})
	return got
}

// nextVal calls NextVal in a transaction of its own, which is rolled
// back: the value must stay taken.
func nextVal(t testing.TB, c *Catalog, store kv.Store, db *Database, name string) (int64, error) {
	t.Helper()
	ctx := context.Background()
	txn, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	s, err := c.Sequence(ctx, txn, db, name)
	if err != nil {
		return 0, err
	}
	return c.NextVal(ctx, txn, db, s)
}

func TestSequenceValues(t *testing.T) {
	tests := []struct {
		name string
		seq  Sequence
		want []int64
		err  string // SQLSTATE of the call after want
	}{
		{"plain", Sequence{Bits: 64, Increment: 1, Min: 1, Max: 100, Start: 1, Cache: 1}, []int64{1, 2, 3}, ""},
		{"start", Sequence{Bits: 64, Increment: 5, Min: 1, Max: 100, Start: 10, Cache: 1}, []int64{10, 15, 20}, ""},
		{"max", Sequence{Bits: 32, Increment: 1, Min: 1, Max: 3, Start: 1, Cache: 1}, []int64{1, 2, 3}, errs.SequenceGeneratorLimit},
		{"cycle", Sequence{Bits: 16, Increment: 2, Min: 1, Max: 5, Start: 3, Cache: 1, Cycle: true}, []int64{3, 5, 1, 3, 5, 1}, ""},
		{"down", Sequence{Bits: 64, Increment: -1, Min: -2, Max: -1, Start: -1, Cache: 1}, []int64{-1, -2}, errs.SequenceGeneratorLimit},
		{"overflow", Sequence{Bits: 64, Increment: math.MaxInt64, Min: 0, Max: math.MaxInt64, Start: 0, Cache: 40}, []int64{0, math.MaxInt64}, errs.SequenceGeneratorLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, store := newCatalog(t)
			db := mainDB(t, c, store)
			s := tc.seq
			s.Name = "s"
			createSeq(t, c, store, db, &s)
			for _, w := range tc.want {
				v, err := nextVal(t, c, store, db, "s")
				if err != nil || v != w {
					t.Fatalf("nextval = %d, %v; want %d", v, err, w)
				}
			}
			if tc.err != "" {
				_, err := nextVal(t, c, store, db, "s")
				wantErr(t, err, tc.err, "")
			}
		})
	}
}

func TestSequenceValidate(t *testing.T) {
	tests := []struct {
		mod  func(*Sequence)
		code string
	}{
		{func(s *Sequence) { s.Increment = 0 }, errs.InvalidParameterValue},
		{func(s *Sequence) { s.Bits = 16; s.Max = 1 << 20 }, errs.InvalidParameterValue},
		{func(s *Sequence) { s.Min = 10; s.Max = 5 }, errs.InvalidParameterValue},
		{func(s *Sequence) { s.Start = 0 }, errs.InvalidParameterValue},
		{func(s *Sequence) { s.Cache = 0 }, errs.InvalidParameterValue},
		{func(*Sequence) {}, ""},
	}
	for _, tc := range tests {
		s := newSeq("s")
		tc.mod(s)
		wantErr(t, ValidateSequence(s), tc.code, "")
	}
}

// TestSequenceNotTransactional: values taken in a rolled-back transaction
// are not handed out again, and the state lives outside the caller's
// transaction (no read of it in the caller's read set).
func TestSequenceNotTransactional(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	createSeq(t, c, store, db, newSeq("s"))
	seen := map[int64]bool{}
	for range 100 {
		v, err := nextVal(t, c, store, db, "s")
		if err != nil {
			t.Fatal(err)
		}
		if seen[v] {
			t.Fatalf("value %d handed out twice", v)
		}
		seen[v] = true
	}
}

// TestSequenceConcurrent: transactions taking values and writing
// unrelated keys at once never conflict because of the sequence, and all
// values are distinct.
func TestSequenceConcurrent(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	createSeq(t, c, store, db, newSeq("s"))
	const workers, each = 8, 200
	var mu sync.Mutex
	seen := map[int64]bool{}
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				err := update(store, func(ctx context.Context, txn kv.Txn) error {
					s, err := c.Sequence(ctx, txn, db, "s")
					if err != nil {
						return err
					}
					v, err := c.NextVal(ctx, txn, db, s)
					if err != nil {
						return err
					}
					mu.Lock()
					dup := seen[v]
					seen[v] = true
					mu.Unlock()
					if dup {
						return errs.New(errs.InternalError, "value %d handed out twice", v)
					}
					return txn.Put([]byte{0xff, byte(w), byte(i)}, []byte{1})
				})
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
		t.Fatal(err)
	}
	if len(seen) != workers*each {
		t.Fatalf("%d values, want %d", len(seen), workers*each)
	}
}

// TestSequenceRestart: values stay unique when the store is reopened by
// a new catalog (what a node held in memory is skipped).
func TestSequenceRestart(t *testing.T) {
	dir := t.TempDir()
	seen := map[int64]bool{}
	for round := range 3 {
		store, err := kv.Open(dir, kv.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := Open(context.Background(), store)
		if err != nil {
			t.Fatal(err)
		}
		db := mainDB(t, c, store)
		if round == 0 {
			createSeq(t, c, store, db, newSeq("s"))
		}
		for range 10 {
			v, err := nextVal(t, c, store, db, "s")
			if err != nil {
				t.Fatal(err)
			}
			if seen[v] {
				t.Fatalf("round %d: value %d handed out twice", round, v)
			}
			seen[v] = true
		}
		if err := store.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSequenceUncommitted: a sequence created, or restarted, in a
// transaction not yet committed gives values inside it.
func TestSequenceUncommitted(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	var got []int64
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		s := newSeq("s")
		if err := c.CreateSequence(ctx, txn, db, s); err != nil {
			return err
		}
		for range 3 {
			v, err := c.NextVal(ctx, txn, db, s)
			if err != nil {
				return err
			}
			got = append(got, v)
		}
		return nil
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		s, err := c.Sequence(ctx, txn, db, "s")
		if err != nil {
			return err
		}
		v, err := c.NextVal(ctx, txn, db, s)
		got = append(got, v)
		if err != nil {
			return err
		}
		alt := *s
		if err := c.AlterSequence(ctx, txn, db, &alt, true, 100); err != nil {
			return err
		}
		s, err = c.Sequence(ctx, txn, db, "s")
		if err != nil {
			return err
		}
		v, err = c.NextVal(ctx, txn, db, s)
		got = append(got, v)
		return err
	})
	v, err := nextVal(t, c, store, db, "s")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, v)
	want := []int64{1, 2, 3, 4, 100, 101}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestSetVal(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	s := createSeq(t, c, store, db, newSeq("s"))
	if _, err := nextVal(t, c, store, db, "s"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	set := func(v int64, called bool) error {
		return update(store, func(ctx context.Context, txn kv.Txn) error { return c.SetVal(ctx, txn, db, s, v, called) })
	}
	if err := set(50, true); err != nil {
		t.Fatal(err)
	}
	if v, _ := nextVal(t, c, store, db, "s"); v != 51 {
		t.Fatalf("after setval(50): %d", v)
	}
	if err := set(7, false); err != nil {
		t.Fatal(err)
	}
	if v, _ := nextVal(t, c, store, db, "s"); v != 7 {
		t.Fatalf("after setval(7, false): %d", v)
	}
	wantErr(t, set(0, true), errs.NumericValueOutOfRange, "")
	_ = ctx
}

// TestSequenceProperty: whatever mix of nextval, setval, ALTER SEQUENCE
// and reopening (a new allocator), values after the last setval are
// handed out at most once and in increasing order.
func TestSequenceProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		store, err := kv.OpenMemory()
		if err != nil {
			rt.Fatal(err)
		}
		defer store.Close()
		c, err := Open(context.Background(), store)
		if err != nil {
			rt.Fatal(err)
		}
		db := mainDB(t, c, store)
		inc := rapid.Int64Range(1, 5).Draw(rt, "inc")
		cache := rapid.Int64Range(1, 50).Draw(rt, "cache")
		s := createSeq(t, c, store, db, &Sequence{Name: "s", Bits: 64, Increment: inc, Min: 1, Max: math.MaxInt64, Start: 1, Cache: cache})
		last := int64(0)
		for i, n := 0, rapid.IntRange(1, 200).Draw(rt, "n"); i < n; i++ {
			switch rapid.IntRange(0, 9).Draw(rt, "op") {
			case 9:
				// ALTER SEQUENCE ... INCREMENT n: gives back what this
				// node reserved but did not hand out.
				inc := rapid.Int64Range(1, 5).Draw(rt, "alter")
				if err := update(store, func(ctx context.Context, txn kv.Txn) error {
					cur, err := c.Sequence(ctx, txn, db, "s")
					if err != nil {
						return err
					}
					alt := *cur
					alt.Increment = inc
					return c.AlterSequence(ctx, txn, db, &alt, false, 0)
				}); err != nil {
					rt.Fatal(err)
				}
			case 0:
				c2, err := Open(context.Background(), store)
				if err != nil {
					rt.Fatal(err)
				}
				c = c2
			case 1:
				v := rapid.Int64Range(1, 1000).Draw(rt, "v")
				if err := update(store, func(ctx context.Context, txn kv.Txn) error { return c.SetVal(ctx, txn, db, s, v, true) }); err != nil {
					rt.Fatal(err)
				}
				last = v
			default:
				v, err := nextVal(t, c, store, db, "s")
				if err != nil {
					rt.Fatal(err)
				}
				if v <= last {
					rt.Fatalf("nextval %d after %d", v, last)
				}
				last = v
			}
		}
	})
}

// TestSequenceBlockGrowth: values drawn fast make the blocks grow, so a
// bulk load reserves (commits) rarely; the values stay consecutive.
func TestSequenceBlockGrowth(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	s := createSeq(t, c, store, db, newSeq("s"))
	ctx := context.Background()
	txn, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	for i := int64(1); i <= 5000; i++ {
		v, err := c.NextVal(ctx, txn, db, s)
		if err != nil || v != i {
			t.Fatalf("nextval = %d, %v; want %d", v, err, i)
		}
	}
	if size := c.seqAlloc.block(s.ID).size; size < 2048 {
		t.Errorf("block of %d values after 5000 fast nextvals", size)
	}
}
