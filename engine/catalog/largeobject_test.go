package catalog

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// TestLargeObjectPages checks reads, writes and truncation against a
// plain byte slice, across page boundaries and holes.
func TestLargeObjectPages(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	const P = LargeObjectPage
	fill := func(n int, b byte) []byte { return bytes.Repeat([]byte{b}, n) }
	type op struct {
		write    []byte // written at off, unless truncate
		off      int64
		truncate bool
	}
	tests := []struct {
		name string
		ops  []op
	}{
		{"empty", nil},
		{"one short page", []op{{write: []byte("hello"), off: 0}}},
		{"aligned pages", []op{{write: fill(4*P, 'a'), off: 0}}},
		{"straddling write", []op{{write: fill(3*P, 'a')}, {write: fill(P+10, 'b'), off: P - 5}}},
		{"hole before data", []op{{write: []byte("x"), off: 5*P + 3}}},
		{"overwrite inside", []op{{write: fill(100, 'a')}, {write: []byte("zz"), off: 50}}},
		{"truncate shorter", []op{{write: fill(3*P+7, 'a')}, {off: P + 1, truncate: true}}},
		{"truncate to a boundary", []op{{write: fill(3*P, 'a')}, {off: 2 * P, truncate: true}}},
		{"truncate longer", []op{{write: []byte("abc")}, {off: 2*P + 9, truncate: true}}},
		{"truncate to zero", []op{{write: fill(P, 'a')}, {off: 0, truncate: true}}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			oid := uint32(100 + i)
			var want []byte
			mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
				if _, err := c.CreateLargeObject(ctx, txn, db, oid, "root"); err != nil {
					return err
				}
				for _, o := range tt.ops {
					if o.truncate {
						if int(o.off) <= len(want) {
							want = want[:o.off]
						} else {
							want = append(want, make([]byte, int(o.off)-len(want))...)
						}
						if err := c.TruncateLargeObject(ctx, txn, db, oid, o.off); err != nil {
							return err
						}
						continue
					}
					if end := int(o.off) + len(o.write); end > len(want) {
						want = append(want, make([]byte, end-len(want))...)
					}
					copy(want[o.off:], o.write)
					if err := c.WriteLargeObject(ctx, txn, db, oid, o.off, o.write); err != nil {
						return err
					}
				}
				return nil
			})
			view(t, store, func(ctx context.Context, txn kv.Txn) {
				size, err := c.LargeObjectSize(ctx, txn, db, oid)
				if err != nil || size != int64(len(want)) {
					t.Fatalf("size %d, %v; want %d", size, err, len(want))
				}
				for _, r := range [][2]int64{{0, size + 10}, {1, P}, {P - 1, 3}, {size, 5}} {
					got, err := c.ReadLargeObject(ctx, txn, db, oid, r[0], r[1])
					if err != nil {
						t.Fatal(err)
					}
					from, to := min(r[0], size), min(r[0]+r[1], size)
					if !bytes.Equal(got, want[from:to]) {
						t.Fatalf("read %v: got %d bytes, want %d", r, len(got), to-from)
					}
				}
			})
		})
	}
}

// TestLargeObjectLifecycle checks OIDs, duplicates, rollback and unlink.
func TestLargeObjectLifecycle(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	var first uint32
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) (err error) {
		first, err = c.CreateLargeObject(ctx, txn, db, 0, "root")
		return err
	})
	if first != firstLargeObjectOID {
		t.Fatalf("first OID %d, want %d", first, firstLargeObjectOID)
	}
	// An explicit OID that lo_create(0) would take next is skipped.
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateLargeObject(ctx, txn, db, first+1, "root")
		return err
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		oid, err := c.CreateLargeObject(ctx, txn, db, 0, "root")
		if err == nil && oid != first+2 {
			t.Errorf("OID %d, want %d", oid, first+2)
		}
		return err
	})
	err := update(store, func(ctx context.Context, txn kv.Txn) error {
		_, err := c.CreateLargeObject(ctx, txn, db, first, "root")
		return err
	})
	wantErr(t, err, errs.UniqueViolation, "")
	// A rolled-back create and write leave nothing.
	errRollback := errors.New("rollback")
	err = update(store, func(ctx context.Context, txn kv.Txn) error {
		if _, err := c.CreateLargeObject(ctx, txn, db, 7, "root"); err != nil {
			return err
		}
		if err := c.WriteLargeObject(ctx, txn, db, 7, 0, []byte("data")); err != nil {
			return err
		}
		return errRollback
	})
	if err != errRollback {
		t.Fatal(err)
	}
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		_, err := c.LargeObject(ctx, txn, db, 7)
		wantErr(t, err, errs.UndefinedObject, "large object 7 does not exist")
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		return c.WriteLargeObject(ctx, txn, db, first, 0, bytes.Repeat([]byte{1}, 3*LargeObjectPage))
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error { return c.DropLargeObject(txn, db, first) })
	b := db.Base()
	start, end := keys.Span(keys.LargeObjectDataPrefix(nil, b.Namespace, b.ID, first, false))
	if n := countRange(t, store, start, end); n != 0 {
		t.Fatalf("%d pages left after unlink", n)
	}
	view(t, store, func(ctx context.Context, txn kv.Txn) {
		los, err := c.LargeObjects(ctx, txn, db)
		if err != nil || len(los) != 2 || los[0].OID != first+1 {
			t.Fatalf("LargeObjects = %v, %v", los, err)
		}
	})
}
