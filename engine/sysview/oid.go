package sysview

import (
	"hash/fnv"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// PostgreSQL's fixed OIDs of the objects every database has.
const (
	OIDPgCatalog         uint32 = 11
	OIDPublic            uint32 = 2200
	OIDInformationSchema uint32 = 13183 // PostgreSQL 15's
	OIDPgToast           uint32 = 99
	OIDBootstrapRole     uint32 = 10
	OIDHeapAM            uint32 = 2
	OIDBTreeAM           uint32 = catalog.OIDBTreeAM
	OIDHNSWAM            uint32 = 16000 // an extension's, as pgvector's would be
	OIDGINAM             uint32 = 2742
	OIDGiSTAM            uint32 = 783
	OIDHashAM            uint32 = 405
	OIDSPGiSTAM          uint32 = 4000
	OIDBRINAM            uint32 = 3580
	OIDDefaultCollation  uint32 = 100
	OIDDefaultTablespace uint32 = 1663
	// FirstNormalOID is where PostgreSQL starts handing out OIDs for
	// user objects; every OID derived from a catalog id is at least this.
	FirstNormalOID uint32 = 16384
)

// Kinds of object an OID derived from a catalog id names: the low three
// bits of (oid - FirstNormalOID). Tables and indexes have their own id
// sequences in the catalog, so the kind keeps their OIDs apart; one table
// id also names the table's row type and its primary key's index and
// constraint, which PostgreSQL has as objects of their own.
const (
	kindTable uint32 = iota
	_                // was a table's row type, which now has its name's OID (RowTypeOID)
	kindPKeyIndex
	kindPKeyConstraint
	kindIndex
	kindDatabase
	_ // was the array of a table's row type
	numKinds
)

// derive is the OID of the object of kind k with catalog id id. Ids beyond
// what fits wrap around; a store with half a billion tables is not a
// case psql's OIDs need to serve.
func derive(k uint32, id uint64) uint32 {
	return FirstNormalOID + uint32(id)*numKinds + k
}

// split is derive's inverse: ok is false for OIDs below FirstNormalOID.
func split(oid uint32) (k uint32, id uint64, ok bool) {
	if oid < FirstNormalOID {
		return 0, 0, false
	}
	n := oid - FirstNormalOID
	return n % numKinds, uint64(n / numKinds), true
}

// TableOID is the pg_class OID of a zerodb table.
func TableOID(tableID uint64) uint32 { return derive(kindTable, tableID) }

// RowTypeOID is the pg_type OID of a table's row type: its name's, as a
// composite type's (value.CompositeOID), which is what a whole-row
// value of the table reports without a catalog read. Renaming the
// table changes it.
func RowTypeOID(name string) uint32 { return value.CompositeOID(name) }

// rowArrayOID is the pg_type OID of the array of a table's row type.
func rowArrayOID(name string) uint32 { return value.CompositeArrayOID(name) }

// IndexOID is the pg_class OID of a secondary index.
func IndexOID(indexID uint64) uint32 { return derive(kindIndex, indexID) }

// PKeyIndexOID is the pg_class OID of a table's primary key index.
func PKeyIndexOID(tableID uint64) uint32 { return derive(kindPKeyIndex, tableID) }

// PKeyConstraintOID is the pg_constraint OID of a table's primary key.
func PKeyConstraintOID(tableID uint64) uint32 { return derive(kindPKeyConstraint, tableID) }

// DatabaseOID is the pg_database OID of a database.
func DatabaseOID(dbID uint64) uint32 { return derive(kindDatabase, dbID) }

// bootstrapRole is the superuser every store has: it has PostgreSQL's
// bootstrap role OID.
const bootstrapRole = catalog.BootstrapUser

// RoleOID is the OID of a user. Users have no catalog id, so the OID is
// the bootstrap role's for root and a hash of the name (at or above 2^31,
// clear of every derived OID) for the others: stable, and a collision
// only makes pg_get_userbyid name one of two users.
func RoleOID(name string) uint32 {
	if name == bootstrapRole {
		return OIDBootstrapRole
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32() | 1<<31
}

// TempSchemaOID is the pg_namespace OID of a session's temporary schema
// (pg_temp_N). Its catalog id does not fit derive (keys.TempDatabaseBit),
// so it is a hash of the schema's name with the top bit set, like
// RoleOID.
func TempSchemaOID(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte("pg_temp\x00" + name))
	return h.Sum32() | 1<<31
}

// ConstraintOID is the pg_constraint OID of a table's foreign key, CHECK
// or UNIQUE constraint.
// Constraints have no catalog id, so it is a hash of the table's id and
// the constraint's name with the top bit set, like RoleOID.
// ExclusionIndexOID is the pg_class OID of the index PostgreSQL would
// have for a table's EXCLUDE constraint called name (a name holds no NUL,
// so the hash input differs from every ConstraintOID's).
func ExclusionIndexOID(tableID uint64, name string) uint32 {
	return ConstraintOID(tableID, "\x00index\x00"+name)
}

// ToastOID is the pg_class OID of the toast table shown for a table
// with toast.* storage parameters (relInfo.toast).
func ToastOID(tableID uint64) uint32 { return ConstraintOID(tableID, "\x00toast") }

func ConstraintOID(tableID uint64, name string) uint32 {
	h := fnv.New32a()
	var b [8]byte
	for i := range b {
		b[i] = byte(tableID >> (8 * i))
	}
	h.Write(b[:])
	h.Write([]byte(name))
	return h.Sum32() | 1<<31
}
