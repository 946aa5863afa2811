package catalog

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// LargeObjectPage is the size of a large object's pages: PostgreSQL's
// LOBLKSIZE. A bigger page would mean fewer keys per object, but the
// clients' I/O (libpq's 8 KiB lo_read/lo_write, JDBC's 4 KiB) already
// comes in whole multiples of 2 KiB, so an aligned write replaces pages
// without reading them either way, and a page per 2 KiB keeps
// pg_largeobject's rows (loid, pageno, data) PostgreSQL's exactly and a
// small write into a big object a rewrite of 2 KiB, not more. The
// per-key cost (about 30 bytes of key per page) is under 2%.
const LargeObjectPage = 2048

// MaxLargeObjectSize is PostgreSQL's MAX_LARGE_OBJECT_SIZE (4 TB).
const MaxLargeObjectSize = int64(1<<31-1) * LargeObjectPage

// LargeObjectPrivileges are every privilege of a large object.
const LargeObjectPrivileges = PrivSelect | PrivUpdate

// firstLargeObjectOID is where lo_create(0) starts handing out OIDs:
// PostgreSQL's FirstNormalObjectId.
const firstLargeObjectOID = 16384

// LargeObject is the metadata of a large object (a row of
// pg_largeobject_metadata, and its pg_description comment).
type LargeObject struct {
	OID uint32 `json:"-"`
	Privileges
	Comment string `json:"comment,omitempty"`
}

func largeObjectKey(db *Database, oid uint32) []byte {
	b := db.Base()
	return keys.LargeObjectKey(nil, b.Namespace, b.ID, oid)
}

func decodeLargeObject(oid uint32, b []byte) (*LargeObject, error) {
	lo := &LargeObject{OID: oid}
	if err := json.Unmarshal(b, lo); err != nil {
		return nil, errs.Wrap(errs.DataCorrupted, err, fmt.Sprintf("catalog: large object %d", oid))
	}
	return lo, nil
}

// LargeObject reads the metadata of the large object oid of db: 42704
// when there is none. In a READ COMMITTED transaction the read joins the
// read set as an existence check, so that a transaction writing into an
// object that another one unlinks meanwhile fails its commit instead of
// leaving pages without an object.
func (c *Catalog) LargeObject(ctx context.Context, txn kv.Txn, db *Database, oid uint32) (*LargeObject, error) {
	restore := kv.TrackExistence(txn)
	b, ok, err := txn.Get(ctx, largeObjectKey(db, oid))
	restore()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.UndefinedObject, "large object %d does not exist", oid)
	}
	return decodeLargeObject(oid, b)
}

// LargeObjects lists the large objects of db in OID order.
func (c *Catalog) LargeObjects(ctx context.Context, txn kv.Txn, db *Database) ([]*LargeObject, error) {
	b := db.Base()
	start, end := keys.Span(keys.LargeObjectsPrefix(nil, b.Namespace, b.ID))
	it := txn.Scan(ctx, start, end, false)
	defer it.Close()
	var out []*LargeObject
	for it.Next() {
		k := it.Key()
		lo, err := decodeLargeObject(uint32(binary.BigEndian.Uint64(k[len(k)-8:])), it.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, lo)
	}
	return out, it.Err()
}

// PutLargeObject writes the metadata of a large object (ALTER LARGE
// OBJECT, GRANT, COMMENT ON).
func (c *Catalog) PutLargeObject(txn kv.Txn, db *Database, lo *LargeObject) error {
	b, err := json.Marshal(lo)
	if err != nil {
		return err
	}
	return txn.Put(largeObjectKey(db, lo.OID), b)
}

// CreateLargeObject makes an empty large object owned by owner: of OID
// oid, or of the next free OID when oid is 0. OIDs come from a
// store-wide sequence in transactions of their own, as PostgreSQL's are
// not transactional either (a rolled-back lo_create leaves a gap, and
// sessions importing at once do not fail each other on one key); one
// taken by an explicit lo_create(n) is skipped.
func (c *Catalog) CreateLargeObject(ctx context.Context, txn kv.Txn, db *Database, oid uint32, owner string) (uint32, error) {
	if oid == 0 {
		// A read-only transaction fails before it takes an OID: the
		// session runs an autocommit SELECT lo_create(0) read-only first
		// and again read-write when it writes, which would leave a gap.
		if err := kv.RequireReadWrite(txn); err != nil {
			return 0, err
		}
		var err error
		if oid, err = c.freeLargeObjectOID(ctx, txn, db); err != nil {
			return 0, err
		}
	} else {
		_, taken, err := txn.Get(ctx, largeObjectKey(db, oid))
		if err != nil {
			return 0, err
		}
		if taken {
			return 0, errs.New(errs.UniqueViolation, `duplicate key value violates unique constraint "pg_largeobject_metadata_oid_index"`).
				WithDetail("Key (oid)=(%d) already exists.", oid)
		}
	}
	lo := &LargeObject{OID: oid}
	lo.SetOwner(owner)
	return oid, c.PutLargeObject(txn, db, lo)
}

// freeLargeObjectOID takes OIDs from the store-wide sequence until one
// no large object of db has.
func (c *Catalog) freeLargeObjectOID(ctx context.Context, txn kv.Txn, db *Database) (uint32, error) {
	for {
		n, err := c.ReserveIDs(ctx, "largeobject", 1)
		if err != nil {
			return 0, err
		}
		oid := uint32(firstLargeObjectOID - 1 + n) // wraps around as PostgreSQL's counter does
		if oid < firstLargeObjectOID {
			continue // and skips the low OIDs
		}
		_, taken, err := txn.Get(ctx, largeObjectKey(db, oid))
		if err != nil || !taken {
			return oid, err
		}
	}
}

// DropLargeObject removes a large object and its pages.
func (c *Catalog) DropLargeObject(txn kv.Txn, db *Database, oid uint32) error {
	if err := txn.Delete(largeObjectKey(db, oid)); err != nil {
		return err
	}
	start, end := keys.Span(largeObjectData(db, oid))
	return txn.DeleteRange(start, end)
}

func largeObjectData(db *Database, oid uint32) []byte {
	b := db.Base()
	return keys.LargeObjectDataPrefix(nil, b.Namespace, b.ID, oid, false)
}

func pageKey(prefix []byte, page uint64) []byte {
	return kv.AppendUint64(prefix[:len(prefix):len(prefix)], page)
}

// LargeObjectSize is the size of a large object: the end of its last
// page (pages are stored as written, so a page's data may be short; a
// missing page is a hole of zeros).
func (c *Catalog) LargeObjectSize(ctx context.Context, txn kv.Txn, db *Database, oid uint32) (int64, error) {
	prefix := largeObjectData(db, oid)
	start, end := keys.Span(prefix)
	it := txn.Scan(ctx, start, end, true)
	defer it.Close()
	if !it.Next() {
		return 0, it.Err()
	}
	page := binary.BigEndian.Uint64(it.Key()[len(prefix):])
	return int64(page)*LargeObjectPage + int64(len(it.Value())), nil
}

// ReadLargeObject reads up to n bytes of a large object from off: fewer
// at its end, holes as zeros.
func (c *Catalog) ReadLargeObject(ctx context.Context, txn kv.Txn, db *Database, oid uint32, off, n int64) ([]byte, error) {
	size, err := c.LargeObjectSize(ctx, txn, db, oid)
	if err != nil || off >= size || n <= 0 {
		return []byte{}, err
	}
	n = min(n, size-off)
	out := make([]byte, n)
	prefix := largeObjectData(db, oid)
	first, last := uint64(off/LargeObjectPage), uint64((off+n-1)/LargeObjectPage)
	it := txn.Scan(ctx, pageKey(prefix, first), pageKey(prefix, last+1), false)
	defer it.Close()
	for it.Next() {
		pageStart := int64(binary.BigEndian.Uint64(it.Key()[len(prefix):])) * LargeObjectPage
		data := it.Value()
		// The part of this page that lies in [off, off+n).
		from := max(off, pageStart)
		to := min(off+n, pageStart+int64(len(data)))
		if from < to {
			copy(out[from-off:], data[from-pageStart:to-pageStart])
		}
	}
	return out, it.Err()
}

// WriteLargeObject writes data into a large object at off, reading only
// the pages it covers in part.
func (c *Catalog) WriteLargeObject(ctx context.Context, txn kv.Txn, db *Database, oid uint32, off int64, data []byte) error {
	if off < 0 || off+int64(len(data)) > MaxLargeObjectSize {
		return errs.New(errs.InvalidParameterValue, "invalid large object write request size: %d", len(data))
	}
	prefix := largeObjectData(db, oid)
	for len(data) > 0 {
		page := off / LargeObjectPage
		in := off % LargeObjectPage
		n := min(int64(len(data)), LargeObjectPage-in)
		key := pageKey(prefix, uint64(page))
		var buf []byte
		if in != 0 || n != LargeObjectPage {
			old, ok, err := txn.Get(ctx, key)
			if err != nil {
				return err
			}
			if ok {
				buf = append(buf, old...)
			}
		}
		if need := int(in + n); len(buf) < need {
			buf = append(buf, make([]byte, need-len(buf))...)
		}
		copy(buf[in:], data[:n])
		if err := txn.Put(key, buf); err != nil {
			return err
		}
		data, off = data[n:], off+n
	}
	return nil
}

// TruncateLargeObject makes a large object n bytes long, cutting its
// pages or extending it with a hole, as PostgreSQL's inv_truncate: the
// page holding offset n keeps n's remainder of bytes (an empty page when
// n is a page boundary, which marks the size), later pages go.
func (c *Catalog) TruncateLargeObject(ctx context.Context, txn kv.Txn, db *Database, oid uint32, n int64) error {
	if n < 0 || n > MaxLargeObjectSize {
		return errs.New(errs.InvalidParameterValue, "invalid large object truncation target: %d", n)
	}
	prefix := largeObjectData(db, oid)
	page, in := uint64(n/LargeObjectPage), int(n%LargeObjectPage)
	key := pageKey(prefix, page)
	old, ok, err := txn.Get(ctx, key)
	if err != nil {
		return err
	}
	buf := make([]byte, in)
	if ok {
		copy(buf, old)
	}
	if err := txn.Put(key, buf); err != nil {
		return err
	}
	_, end := keys.Span(prefix)
	return txn.DeleteRange(pageKey(prefix, page+1), end)
}

// LargeObjectPages calls fn with every page of every large object of db
// in OID and page order (pg_largeobject).
func (c *Catalog) LargeObjectPages(ctx context.Context, txn kv.Txn, db *Database, fn func(oid uint32, page uint64, data []byte)) error {
	b := db.Base()
	prefix := keys.LargeObjectDataPrefix(nil, b.Namespace, b.ID, 0, true)
	start, end := keys.Span(prefix)
	it := txn.Scan(ctx, start, end, false)
	defer it.Close()
	for it.Next() {
		k := it.Key()[len(prefix):]
		if len(k) != 16 {
			return errs.New(errs.DataCorrupted, "catalog: bad large object page key")
		}
		fn(uint32(binary.BigEndian.Uint64(k)), binary.BigEndian.Uint64(k[8:]), it.Value())
	}
	return it.Err()
}
