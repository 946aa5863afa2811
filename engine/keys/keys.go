package keys

import (
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Version is the first byte of every key: the layout's format version.
const Version byte = 0x01

// Tags of the first level under Version.
const (
	tagSystem   byte = 's'
	tagDatabase byte = 'd'
)

// Tags of system keys.
const (
	sysFormat    byte = 'f'
	sysSequence  byte = 'q'
	sysUser      byte = 'u'
	sysNamespace byte = 'n'
	sysDatabase  byte = 'b'
)

// Tags inside a database's range. Their byte order is the order of the
// parts of a database's range; 'c' sorting first keeps a database's
// (small) catalog at the front, next to its directory entry's id.
const (
	tagCatalog byte = 'c'
	tagGraph   byte = 'g'
	tagIndex   byte = 'i'
	tagRecord  byte = 'r'
	tagVector  byte = 'v'
	tagSeqVal  byte = 'q'
)

// Tags of catalog entries inside a database.
const (
	catTable    byte = 't'
	catFunction byte = 'f'
	catEnum     byte = 'm'
	catType     byte = 'y'
	catView     byte = 'w'
	catSequence byte = 's'
	catNoPublic byte = 'p'
	catSchema   byte = 'n'
)

// Every function below appends to buf and returns the extended slice, so
// a caller on a hot path can reuse one buffer; nil is always fine.

// SystemPrefix is the prefix of system keys.
func SystemPrefix(buf []byte) []byte { return append(buf, Version, tagSystem) }

// FormatVersionKey holds the catalog's format version, so that a later
// binary can recognize and migrate an older store.
func FormatVersionKey(buf []byte) []byte { return append(SystemPrefix(buf), sysFormat) }

// SequenceKey holds the last id handed out by the named id sequence.
func SequenceKey(buf []byte, name string) []byte {
	return kv.AppendString(append(SystemPrefix(buf), sysSequence), name)
}

// UsersPrefix is the prefix of every user key.
func UsersPrefix(buf []byte) []byte { return append(SystemPrefix(buf), sysUser) }

// UserKey is the key of a user, by name.
func UserKey(buf []byte, name string) []byte {
	return kv.AppendString(UsersPrefix(buf), name)
}

// NamespacesPrefix is the prefix of every namespace key.
func NamespacesPrefix(buf []byte) []byte { return append(SystemPrefix(buf), sysNamespace) }

// NamespaceKey is the key of a namespace, by name.
func NamespaceKey(buf []byte, name string) []byte {
	return kv.AppendString(NamespacesPrefix(buf), name)
}

// DatabaseNamesPrefix is the prefix of the name entries of a namespace's
// databases: a scan of it lists them in name order.
func DatabaseNamesPrefix(buf []byte, nsID uint64) []byte {
	return kv.AppendUint64(append(SystemPrefix(buf), sysDatabase), nsID)
}

// DatabaseNameKey is the name entry of a database in its namespace.
func DatabaseNameKey(buf []byte, nsID uint64, name string) []byte {
	return kv.AppendString(DatabaseNamesPrefix(buf, nsID), name)
}

// NamespacePrefix is the prefix of every key of every database of a
// namespace (not of the namespace's own entries, which are system keys).
func NamespacePrefix(buf []byte, nsID uint64) []byte {
	return kv.AppendUint64(append(buf, Version, tagDatabase), nsID)
}

// DatabasePrefix is the prefix of every key of one database.
func DatabasePrefix(buf []byte, nsID, dbID uint64) []byte {
	return kv.AppendUint64(NamespacePrefix(buf, nsID), dbID)
}

// CatalogPrefix is the prefix of a database's catalog entries.
func CatalogPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(DatabasePrefix(buf, nsID, dbID), tagCatalog)
}

// TablesPrefix is the prefix of a database's table descriptors: a scan of
// it lists the tables in name order.
func TablesPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(CatalogPrefix(buf, nsID, dbID), catTable)
}

// TableKey is the descriptor key of a table, by name.
func TableKey(buf []byte, nsID, dbID uint64, name string) []byte {
	return kv.AppendString(TablesPrefix(buf, nsID, dbID), name)
}

// FunctionsPrefix is the prefix of a database's stored function
// descriptors (ZQL `function`): a scan of it lists them in name order.
func FunctionsPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(CatalogPrefix(buf, nsID, dbID), catFunction)
}

// FunctionKey is the descriptor key of a stored function, by name.
func FunctionKey(buf []byte, nsID, dbID uint64, name string) []byte {
	return kv.AppendString(FunctionsPrefix(buf, nsID, dbID), name)
}

// EnumsPrefix is the prefix of a database's enum descriptors
// (enum::create): a scan of it lists them in name order.
func EnumsPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(CatalogPrefix(buf, nsID, dbID), catEnum)
}

// EnumKey is the descriptor key of an enum, by name.
func EnumKey(buf []byte, nsID, dbID uint64, name string) []byte {
	return kv.AppendString(EnumsPrefix(buf, nsID, dbID), name)
}

// TypesPrefix is the prefix of a database's named type descriptors
// (type::create): a scan of it lists them in name order.
func TypesPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(CatalogPrefix(buf, nsID, dbID), catType)
}

// TypeKey is the descriptor key of a named type, by name.
func TypeKey(buf []byte, nsID, dbID uint64, name string) []byte {
	return kv.AppendString(TypesPrefix(buf, nsID, dbID), name)
}

// SequencesPrefix is the prefix of a database's SQL sequence descriptors
// (CREATE SEQUENCE), in name order.
func SequencesPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(CatalogPrefix(buf, nsID, dbID), catSequence)
}

// SequenceDescKey is the descriptor key of a SQL sequence, by name.
func SequenceDescKey(buf []byte, nsID, dbID uint64, name string) []byte {
	return kv.AppendString(SequencesPrefix(buf, nsID, dbID), name)
}

// NoPublicKey marks a database whose schema public was dropped (DROP
// SCHEMA public): present until CREATE SCHEMA public.
func NoPublicKey(buf []byte, nsID, dbID uint64) []byte {
	return append(CatalogPrefix(buf, nsID, dbID), catNoPublic)
}

// SchemasPrefix is the prefix of a database's schema directory (CREATE
// SCHEMA of a schema other than public): a scan lists them in name order.
// A schema's objects live in a range of their own, under the schema's
// id (DatabasePrefix), as a temporary schema's do.
func SchemasPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(CatalogPrefix(buf, nsID, dbID), catSchema)
}

// SchemaNameKey is the directory entry of a schema of a database, by name.
func SchemaNameKey(buf []byte, nsID, dbID uint64, name string) []byte {
	return kv.AppendString(SchemasPrefix(buf, nsID, dbID), name)
}

// SequenceValueKey holds the state of a SQL sequence (by its id): the
// last value reserved and whether it was handed out. It lies outside the
// catalog prefix on purpose: reserving values writes it often and must
// not count as a schema change (IsSchema).
func SequenceValueKey(buf []byte, nsID, dbID, seqID uint64) []byte {
	return kv.AppendUint64(append(DatabasePrefix(buf, nsID, dbID), tagSeqVal), seqID)
}

// TablePrefix is the prefix of every record of a table.
func TablePrefix(buf []byte, nsID, dbID, tableID uint64) []byte {
	buf = append(DatabasePrefix(buf, nsID, dbID), tagRecord)
	return kv.AppendUint64(buf, tableID)
}

// IsRecordKey reports whether key lies under some table's TablePrefix (a
// record's key), by its tags alone: what an observer of every written key
// (the adjacency and record cache) needs to tell records from the rest.
func IsRecordKey(key []byte) bool {
	const head = 1 + 1 + 8 + 8 // version, 'd', namespace id, database id
	return len(key) > head+1+8 && key[0] == Version && key[1] == tagDatabase && key[head] == tagRecord
}

// RecordKey is the key of one record.
func RecordKey(buf []byte, nsID, dbID, tableID uint64, key value.Value) ([]byte, error) {
	return value.AppendKey(TablePrefix(buf, nsID, dbID, tableID), key)
}

// Span returns the range [start, end) of every key that starts with
// prefix, for Scan and range deletion.
func Span(prefix []byte) (start, end []byte) { return prefix, kv.PrefixEnd(prefix) }

// DatabaseSpan is the range of every key of one database.
func DatabaseSpan(nsID, dbID uint64) (start, end []byte) {
	return Span(DatabasePrefix(nil, nsID, dbID))
}

// TableSpan is the range of every record of one table.
func TableSpan(nsID, dbID, tableID uint64) (start, end []byte) {
	return Span(TablePrefix(nil, nsID, dbID, tableID))
}

// DecodeRecordKey splits a record key into its parts. An error (XX001)
// means key is not a record key.
func DecodeRecordKey(key []byte) (nsID, dbID, tableID uint64, k value.Value, err error) {
	rest, ok := cutPrefix(key, Version, tagDatabase)
	if !ok {
		return 0, 0, 0, value.None, notA("record", key)
	}
	if nsID, rest, err = kv.DecodeUint64(rest); err != nil {
		return 0, 0, 0, value.None, errs.Wrap(errs.DataCorrupted, err, "keys: record key")
	}
	if dbID, rest, err = kv.DecodeUint64(rest); err != nil {
		return 0, 0, 0, value.None, errs.Wrap(errs.DataCorrupted, err, "keys: record key")
	}
	if rest, ok = cutPrefix(rest, tagRecord); !ok {
		return 0, 0, 0, value.None, notA("record", key)
	}
	if tableID, rest, err = kv.DecodeUint64(rest); err != nil {
		return 0, 0, 0, value.None, errs.Wrap(errs.DataCorrupted, err, "keys: record key")
	}
	if k, rest, err = value.DecodeKey(rest); err != nil {
		return 0, 0, 0, value.None, errs.Wrap(errs.DataCorrupted, err, "keys: record key")
	}
	if len(rest) != 0 {
		return 0, 0, 0, value.None, notA("record", key)
	}
	return nsID, dbID, tableID, k, nil
}

// DecodeRecordKeyIn decodes the key value of a record key known to start
// with a table's prefix (the executor's scans know it): cheaper than
// DecodeRecordKey on the hot path.
func DecodeRecordKeyIn(tablePrefix, key []byte) (value.Value, error) {
	if len(key) < len(tablePrefix) || string(key[:len(tablePrefix)]) != string(tablePrefix) {
		return value.None, notA("record", key)
	}
	k, rest, err := value.DecodeKey(key[len(tablePrefix):])
	if err != nil {
		return value.None, errs.Wrap(errs.DataCorrupted, err, "keys: record key")
	}
	if len(rest) != 0 {
		return value.None, notA("record", key)
	}
	return k, nil
}

func cutPrefix(b []byte, tags ...byte) ([]byte, bool) {
	if len(b) < len(tags) {
		return b, false
	}
	for i, t := range tags {
		if b[i] != t {
			return b, false
		}
	}
	return b[len(tags):], true
}

func notA(what string, key []byte) error {
	return errs.New(errs.DataCorrupted, "keys: %s is not a %s key", Pretty(key), what)
}

// IndexPrefix is the prefix of every entry of one ordered secondary index
// of a database: 'i' <index id>. The entries below it are laid out by
// the executor (encoded key parts, then the record key when the index is
// not unique).
func IndexPrefix(buf []byte, nsID, dbID, indexID uint64) []byte {
	return kv.AppendUint64(append(DatabasePrefix(buf, nsID, dbID), tagIndex), indexID)
}

// IndexSpan is the range of every entry of one ordered secondary index.
func IndexSpan(nsID, dbID, indexID uint64) (start, end []byte) {
	return Span(IndexPrefix(nil, nsID, dbID, indexID))
}

// IsCatalogKey reports whether key is a system entry (users, namespaces,
// databases) or one of a database's catalog entries (descriptors), as
// against its data (records, index entries, adjacency, vectors): the
// keys whose reads a READ COMMITTED transaction keeps validating
// (kv.SetReadCommitted), since rows written in a table's layout must not
// outlive a concurrent change of it.
func IsCatalogKey(key []byte) bool {
	const head = 1 + 1 + 8 + 8 // version, 'd', namespace id, database id
	if len(key) < 2 || key[0] != Version {
		return false
	}
	return key[1] == tagSystem || (key[1] == tagDatabase && len(key) > head && key[head] == tagCatalog)
}
