package catalog

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Names of the objects every store starts with.
const (
	DefaultNamespace = "default"
	DefaultDatabase  = "main"
)

// FormatVersion is the catalog format this binary writes. Open refuses a
// store written by a newer format and is where migrations from older ones
// go.
//
// 2: datetimes are stored (records, index keys) as microseconds since
// 2000-01-01 instead of nanoseconds since 1970, so that they cover
// PostgreSQL's years. A store of format 1 would read its datetimes
// wrongly; zerodb was not released then, so it is refused rather than
// migrated.
const FormatVersion uint64 = 2

// Id sequences, stored under keys.SequenceKey. Ids are never reused, so
// record keys of a dropped table can never be mistaken for a new table's.
const (
	seqNamespace = "namespace"
	seqDatabase  = "database"
	seqTable     = "table"
	seqIndex     = "index"
)

// SeqTransactionIDs is the id sequence of transaction ids
// (txid_current): the session reserves them in blocks (ReserveIDs).
const SeqTransactionIDs = "transaction"

// defaultCacheSize is the number of descriptors per cache generation.
const defaultCacheSize = 4096

// SQLSTATEs without a constant in errs.
const (
	invalidName     = "42602" // invalid_name
	duplicateColumn = "42701" // duplicate_column
	invalidByteSeq  = "22021" // character_not_in_repertoire
)

// Catalog reads and writes schema objects inside the caller's kv
// transaction, so DDL commits or rolls back with it. It caches decoded
// descriptors (see descCache for why that cannot serve a stale one); it is
// safe for concurrent use. Descriptors it returns are shared and must not
// be modified.
type Catalog struct {
	store      kv.Store
	namespaces *descCache[*Namespace]
	databases  *descCache[*Database]
	tables     *descCache[*Table]
	functions  *descCache[*Function]
	enums      *descCache[*Enum]
	typeDefs   *descCache[*TypeDef]
	sequences  *descCache[*Sequence]
	// seqAlloc hands out sequence values from blocks reserved ahead
	// (seqalloc.go).
	seqAlloc seqAllocator
	// byName: Table's lookups per schema version, and View's misses.
	byName versionedTables
	// seqByName: Sequence's lookups per schema version.
	seqByName versioned[*Sequence]
	// schemaByName remembers schema lookups by name, misses (nil)
	// included: resolving a bare table name looks for the schema of the
	// search path's "$user", which rarely exists.
	schemaByName versioned[*Database]
}

// Open opens the catalog of store and bootstraps a fresh store: namespace
// "default" (strong) holding database "main". It does not create users.
func Open(ctx context.Context, store kv.Store) (*Catalog, error) {
	c := &Catalog{
		store:      store,
		namespaces: newDescCache[*Namespace](defaultCacheSize),
		databases:  newDescCache[*Database](defaultCacheSize),
		tables:     newDescCache[*Table](defaultCacheSize),
		functions:  newDescCache[*Function](defaultCacheSize),
		enums:      newDescCache[*Enum](defaultCacheSize),
		typeDefs:   newDescCache[*TypeDef](defaultCacheSize),
		sequences:  newDescCache[*Sequence](defaultCacheSize),
	}
	// Two processes bootstrapping one store (a cluster's nodes starting
	// together) conflict on the format key; the loser retries and then
	// finds the store bootstrapped.
	const attempts = 5
	for i := 1; ; i++ {
		err := c.bootstrap(ctx)
		if err == nil {
			return c, nil
		}
		if i == attempts || errs.Code(err) != errs.SerializationFailure {
			return nil, fmt.Errorf("catalog: bootstrap: %w", err)
		}
	}
}

func (c *Catalog) bootstrap(ctx context.Context) error {
	txn, err := c.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer txn.Rollback()
	b, ok, err := txn.Get(ctx, keys.FormatVersionKey(nil))
	if err != nil {
		return err
	}
	if ok {
		if len(b) != 8 {
			return errs.New(errs.DataCorrupted, "catalog: corrupt format version (%d bytes)", len(b))
		}
		switch v := binary.BigEndian.Uint64(b); {
		case v == FormatVersion:
			return nil
		case v > FormatVersion:
			return errs.New(errs.FeatureNotSupported,
				"catalog: store has format version %d; this binary supports up to %d", v, FormatVersion)
		case v == 1:
			return errs.New(errs.FeatureNotSupported,
				"catalog: store has format version 1, whose datetimes this binary would misread; it supports format %d only: dump the data with the build that wrote it and load it into a new data directory", FormatVersion)
		default:
			// Migrations from older formats will go here.
			return errs.New(errs.DataCorrupted, "catalog: unknown format version %d", v)
		}
	}
	if _, err := c.CreateNamespace(ctx, txn, DefaultNamespace, Strong); err != nil {
		return err
	}
	if _, err := c.CreateDatabase(ctx, txn, DefaultNamespace, DefaultDatabase); err != nil {
		return err
	}
	if err := txn.Put(keys.FormatVersionKey(nil), binary.BigEndian.AppendUint64(nil, FormatVersion)); err != nil {
		return err
	}
	return txn.Commit(ctx)
}

// nextID hands out the next id of a sequence. The read and write of the
// sequence key put concurrent DDL of the same kind in conflict; kv's
// serializable validation then aborts one of them with 40001, which is
// acceptable because DDL is rare.
func nextID(ctx context.Context, txn kv.Txn, seq string) (uint64, error) {
	key := keys.SequenceKey(nil, seq)
	b, ok, err := txn.Get(ctx, key)
	if err != nil {
		return 0, fmt.Errorf("catalog: read sequence %s: %w", seq, err)
	}
	var last uint64
	if ok {
		if len(b) != 8 {
			return 0, errs.New(errs.DataCorrupted, "catalog: corrupt sequence %s (%d bytes)", seq, len(b))
		}
		last = binary.BigEndian.Uint64(b)
	}
	id := last + 1
	if err := txn.Put(key, binary.BigEndian.AppendUint64(nil, id)); err != nil {
		return 0, fmt.Errorf("catalog: write sequence %s: %w", seq, err)
	}
	return id, nil
}

// ReserveIDs takes n ids of the store-wide id sequence seq in a
// transaction of its own and returns the first: the caller may hand out
// first .. first+n-1, and no later reservation, after a restart too,
// hands out any of them.
func (c *Catalog) ReserveIDs(ctx context.Context, seq string, n uint64) (uint64, error) {
	for attempt := 0; ; attempt++ {
		own, err := c.store.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return 0, err
		}
		first, err := nextID(ctx, own, seq)
		if err == nil && n > 1 {
			err = own.Put(keys.SequenceKey(nil, seq), binary.BigEndian.AppendUint64(nil, first+n-1))
		}
		if err == nil {
			err = own.Commit(ctx)
		}
		own.Rollback()
		if err == nil {
			return first, nil
		}
		if errs.Code(err) != errs.SerializationFailure || attempt >= maxIDRetries {
			return 0, err
		}
	}
}

// objectID is the id of a new table, sequence or index of db, from the
// id sequence seq. A temporary schema's objects take theirs in a
// transaction of their own, as PostgreSQL's OIDs are not transactional:
// every CREATE in the caller's transaction reads and writes the one
// sequence key, so sessions making temporary tables at once — ETL jobs
// that have nothing else in common — would fail each other's
// transactions with 40001. The ids must still be unique store-wide
// (sequence values are handed out by id, OIDs derive from ids); a
// rolled-back CREATE leaves a gap, as in PostgreSQL.
func (c *Catalog) objectID(ctx context.Context, txn kv.Txn, db *Database, seq string) (uint64, error) {
	if !db.Temporary() {
		return nextID(ctx, txn, seq)
	}
	for attempt := 0; ; attempt++ {
		own, err := c.store.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return 0, err
		}
		id, err := nextID(ctx, own, seq)
		if err == nil {
			err = own.Commit(ctx)
		}
		own.Rollback()
		if err == nil {
			return id, nil
		}
		if errs.Code(err) != errs.SerializationFailure || attempt >= maxIDRetries {
			return 0, err
		}
	}
}

// maxIDRetries bounds objectID's retries of a conflicting reservation.
const maxIDRetries = 16

// clearRange deletes every key in [start, end) inside txn: one kv range
// deletion, so DROP and TRUNCATE cost the same for any size of table and
// read nothing (a concurrent writer into the range is ordered before
// them, not a conflict).
func clearRange(ctx context.Context, txn kv.Txn, start, end []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := txn.DeleteRange(start, end); err != nil {
		return fmt.Errorf("catalog: delete %s: %w", keys.Pretty(start), err)
	}
	return nil
}

// scanValues calls fn with the value of every key in the prefix, in key
// order. The slice passed to fn is valid only during the call.
func scanValues(ctx context.Context, txn kv.Txn, prefix []byte, fn func(v []byte) error) error {
	start, end := keys.Span(prefix)
	it := txn.Scan(ctx, start, end, false)
	for it.Next() {
		if err := fn(it.Value()); err != nil {
			it.Close()
			return err
		}
	}
	err := it.Err()
	if cerr := it.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("catalog: scan %s: %w", keys.Pretty(prefix), err)
	}
	return nil
}

// checkName rejects names that no front end can produce and that would
// make unreadable error messages.
// checkPathName is checkName for a namespace or database: a session names
// a database of another namespace "namespace/db" (SplitDatabaseName), so
// a '/' in either name would make it one that cannot be used, connected to
// or destroyed.
func checkPathName(kind, name string) error {
	if strings.ContainsRune(name, '/') {
		return errs.New(invalidName, "%s name %q must not contain \"/\"", kind, name).
			WithDetail("\"namespace/database\" names a database of another namespace.")
	}
	return checkName(kind, name)
}

func checkName(kind, name string) error {
	if name == "" {
		return errs.New(invalidName, "%s name must not be empty", kind)
	}
	return checkUTF8(name)
}

// checkUTF8 rejects text that is not valid UTF-8, as PostgreSQL does for
// all input. Descriptors are JSON, which would silently replace the bad
// bytes, so a name could no longer be found under its own key.
func checkUTF8(texts ...string) error {
	for _, s := range texts {
		if !utf8.ValidString(s) {
			return errs.New(invalidByteSeq, "invalid byte sequence for encoding \"UTF8\": %q", s)
		}
	}
	return nil
}
