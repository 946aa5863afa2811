package keys

import "github.com/zerodb/zerodb/kv"

// Large objects (PostgreSQL's lo_* functions) live in their database's
// range, outside its catalog prefix:
//
//	'o' <oid>            metadata: owner, access list, comment (catalog.LargeObject)
//	'l' <oid> <page>     the object's bytes, page by page
//
// The metadata is not under 'c' on purpose: making or dropping a large
// object must not count as a schema change (IsSchema), which would send
// every cached plan of the store back to revalidation, and applications
// make large objects as they insert rows. The pages of one object are one
// contiguous range, so lo_unlink is a point delete and a range deletion,
// and a missing page is a hole that reads as zeros, as in PostgreSQL.
const (
	tagLargeObject     byte = 'o'
	tagLargeObjectData byte = 'l'
)

// LargeObjectsPrefix is the prefix of a database's large object
// metadata entries: a scan of it lists them in OID order.
func LargeObjectsPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(DatabasePrefix(buf, nsID, dbID), tagLargeObject)
}

// LargeObjectKey is the metadata entry of the large object oid.
func LargeObjectKey(buf []byte, nsID, dbID uint64, oid uint32) []byte {
	return kv.AppendUint64(LargeObjectsPrefix(buf, nsID, dbID), uint64(oid))
}

// LargeObjectDataPrefix is the prefix of every page of one large object,
// or of every page of every large object of the database when all is
// set (pg_largeobject).
func LargeObjectDataPrefix(buf []byte, nsID, dbID uint64, oid uint32, all bool) []byte {
	buf = append(DatabasePrefix(buf, nsID, dbID), tagLargeObjectData)
	if all {
		return buf
	}
	return kv.AppendUint64(buf, uint64(oid))
}

// LargeObjectPageKey is the key of page number page of the large object
// oid.
func LargeObjectPageKey(buf []byte, nsID, dbID uint64, oid uint32, page uint64) []byte {
	return kv.AppendUint64(LargeObjectDataPrefix(buf, nsID, dbID, oid, false), page)
}
