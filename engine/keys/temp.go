package keys

import "github.com/zerodb/zerodb/kv"

// Temporary tables (SQL CREATE TEMP TABLE) live in a database range of
// their own per session: the session's temporary schema (PostgreSQL's
// pg_temp_N). Its id has TempDatabaseBit set, an id the catalog's id
// sequence never reaches, so that
//
//   - everything of one session's temporary tables — descriptors,
//     records, index entries, sequence state — is one contiguous range
//     (DatabaseSpan) that ending the session drops in one deletion;
//   - every temporary range of a namespace sorts after all of its
//     permanent databases (TempSpan), so a restart removes what a crash
//     left behind with one range deletion per namespace;
//   - a key tells by its bytes alone that it is session-local
//     (IsTempKey): the cluster layer, which will replicate batches, must
//     keep such keys on the node that wrote them and never ship them.

// TempDatabaseBit marks the id of a session's temporary schema.
const TempDatabaseBit uint64 = 1 << 63

// TempDatabaseID is the id of the n-th temporary schema of a process.
func TempDatabaseID(n uint64) uint64 { return TempDatabaseBit | n }

// IsTempDatabase reports whether a database id is a temporary schema's.
func IsTempDatabase(id uint64) bool { return id&TempDatabaseBit != 0 }

// TempSpan is the range of every temporary schema of a namespace: from
// the first temporary id to the end of the namespace.
func TempSpan(nsID uint64) (start, end []byte) {
	return DatabasePrefix(nil, nsID, TempDatabaseBit), kv.PrefixEnd(NamespacePrefix(nil, nsID))
}

// IsTempKey reports whether key lies in some session's temporary schema.
func IsTempKey(key []byte) bool {
	const head = 1 + 1 + 8 // version, 'd', namespace id
	if len(key) < head+8 || key[0] != Version || key[1] != tagDatabase {
		return false
	}
	// kv.AppendUint64 is big-endian: the top bit is the first byte's.
	return key[head]&0x80 != 0
}
