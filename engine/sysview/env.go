package sysview

import (
	"context"
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/stats"
	"github.com/zerodb/zerodb/kv"
)

// Env is what the virtual relations and catalog functions read: the
// statement's transaction and database, and the calling session.
type Env struct {
	Ctx       context.Context
	Txn       kv.Txn
	Cat       *catalog.Catalog
	Reg       *builtin.Registry
	Namespace *catalog.Namespace
	Database  *catalog.Database
	// ViewRelations names the relations a view's query reads (pg_depend
	// of views); the SQL front end parses it, which sysview cannot. Nil
	// lists no view's dependencies.
	ViewRelations func(query string) []string
	// ZQLNames names the identifiers a stored ZQL function's source
	// uses (pg_depend of functions); the ZQL front end lexes it. Nil
	// lists no function's dependencies.
	ZQLNames func(source string) []string
	// ExprColumns names the columns a table's stored CHECK expression
	// reads (information_schema.constraint_column_usage); the SQL front
	// end parses it. Nil lists none.
	ExprColumns func(expr string) []string
	// ParseTypeName reads a type name with the SQL grammar, as regtype
	// input does: its dotted parts as the grammar gives them (int is
	// pg_catalog.int4), whether it has type modifiers and whether it
	// has array bounds; the SQL front end parses it, which sysview
	// cannot. Nil fails the casts to regtype with XX000.
	ParseTypeName func(text string) (names []string, typmods, array bool, err error)
	// RuleExpr prints the stored SQL text of an expression over a
	// table's columns (a CHECK constraint's, an index expression or
	// predicate) as PostgreSQL's ruleutils prints the parsed expression,
	// with the casts its parser added; the SQL front end translates it,
	// which sysview cannot. Nil, or an error, shows the stored text.
	RuleExpr func(t *catalog.Table, expr string, pretty bool) (string, error)
	// Temp is the session's temporary schema (nil: it has none), whose
	// tables the catalogs list in a schema pg_temp_N as PostgreSQL does.
	Temp *catalog.Database
	// Session is nil outside a session (tests, internal statements): the
	// functions that need it then fail with 55000.
	Session Session
	// Role is the statement's role with its memberships when it is not
	// a superuser: the sequence functions check its privileges (nil:
	// none checked).
	Role *catalog.RoleSet
	// Stats are the server's activity counters (the pg_stat_* views);
	// nil shows zeros.
	Stats *stats.Registry
	// ReadOnly marks a read-only transaction: nextval and setval of a
	// permanent sequence fail with 25006, as in PostgreSQL (their
	// allocator writes in a transaction of its own, which the caller's
	// read-only one cannot stop).
	ReadOnly bool

	// schemas caches userSchemas.
	schemas     []*catalog.Database
	schemasRead bool
	// KeepRelations has the Env keep the relations it reads (relations)
	// for its later calls: set by the executor, whose Env serves one
	// statement, which calls the functions that read them
	// ('t'::regclass, pg_get_indexdef) once per row, while loading them
	// reads every relation of every schema. An Env that lives across
	// writes of its transaction must not keep them.
	KeepRelations bool
	// relations caches what a model's relations() loads (KeepRelations).
	relations *loadedRelations
}

// loadedRelations are the relations a model loaded, and the sequences
// among them by name.
type loadedRelations struct {
	rels []relInfo
	seqs map[string]*catalog.Sequence
	// byName finds a relation's OID by schema OID and name (RelationOID),
	// made at the first lookup.
	byName map[relName]uint32
}

// relName is a relation's schema OID and name.
type relName struct {
	nsp  uint32
	name string
}

// relationByName looks name up in schema nsp among rels (the first of the
// name, as a scan of rels finds it), through the Env's kept relations
// when it keeps them.
func (e *Env) relationByName(rels []relInfo, nsp uint32, name string) (uint32, bool) {
	c := e.relations
	if c == nil {
		for i := range rels {
			if rels[i].nsp == nsp && rels[i].name == name {
				return rels[i].oid, true
			}
		}
		return 0, false
	}
	if c.byName == nil {
		c.byName = make(map[relName]uint32, len(c.rels))
		for i := len(c.rels) - 1; i >= 0; i-- { // the first of a name wins
			c.byName[relName{c.rels[i].nsp, c.rels[i].name}] = c.rels[i].oid
		}
	}
	oid, ok := c.byName[relName{nsp, name}]
	return oid, ok
}

// ruleExpr is t's stored expression text as PostgreSQL's ruleutils
// prints it (RuleExpr); false when it cannot be, and the caller shows
// the stored text.
func (e *Env) ruleExpr(t *catalog.Table, expr string, pretty bool) (string, bool) {
	if e == nil || e.RuleExpr == nil || t == nil || expr == "" {
		return "", false
	}
	text, err := e.RuleExpr(t, expr, pretty)
	return text, err == nil
}

// baseDatabase is the database itself when Database is one of its
// schemas (DDL on a schema's objects runs with the schema as its
// database): its id and namespace, which is all lookups need.
func (e *Env) baseDatabase() *catalog.Database {
	if e.Database == nil {
		return nil
	}
	return e.Database.Base()
}

// userSchemas lists the database's schemas other than public (nil
// outside a database, and on an error, which the catalogs then show
// without them).
func (e *Env) userSchemas() []*catalog.Database {
	if e.schemasRead || e.Cat == nil || e.Database == nil {
		return e.schemas
	}
	e.schemasRead = true
	e.schemas, _ = e.Cat.Schemas(e.Ctx, e.Txn, e.baseDatabase())
	return e.schemas
}

// SchemaOID is the pg_namespace OID of a schema other than public: its
// id comes from the database id sequence, so it derives as a database's.
func SchemaOID(id uint64) uint32 { return DatabaseOID(id) }

// userSchemaByOID finds a schema of the database by its OID (nil: none).
func (e *Env) userSchemaByOID(oid uint32) *catalog.Database {
	for _, s := range e.userSchemas() {
		if SchemaOID(s.ID) == oid {
			return s
		}
	}
	return nil
}

// userSchemaByName finds a schema of the database by name (nil: none).
func (e *Env) userSchemaByName(name string) *catalog.Database {
	for _, s := range e.userSchemas() {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Session is the calling session as the catalogs and session functions
// see it. The session package implements it.
type Session interface {
	// User is the current user (current_user), the role SET ROLE chose.
	User() string
	// SessionUser is the session user (session_user), which SET ROLE
	// leaves and SET SESSION AUTHORIZATION changes.
	SessionUser() string
	// Settings lists the run-time parameters in name order (pg_settings).
	Settings() []Setting
	// Setting is one parameter's current value (current_setting).
	Setting(name string) (string, bool)
	// SetSetting changes a parameter as SET (or SET LOCAL) would and
	// returns the new value (set_config).
	SetSetting(ctx context.Context, name, value string, local bool) (string, error)
	// ConnAddrs are the connection's TCP addresses, the server's and the
	// client's (inet_server_addr and the others); invalid over a Unix
	// socket or in-process.
	ConnAddrs() (server, client netip.AddrPort)
	// BackendPID is the session's process id as the cancel key reports it.
	BackendPID() int32
	// ExportSnapshot exports the snapshot of the session's transaction
	// (pg_export_snapshot), outside a block txn's, and returns its id.
	ExportSnapshot(ctx context.Context, txn kv.Txn) (string, error)
	// TransactionID is the transaction's id (txid_current), given it
	// when assign is set and it has none; ok is false when it has none.
	TransactionID(ctx context.Context, assign bool) (id int64, ok bool, err error)
	// ServerStart is when the server opened its database
	// (pg_postmaster_start_time; zerodb reads its configuration only
	// then, so pg_conf_load_time too).
	ServerStart() time.Time
	// WALPosition is how far the store's write-ahead log goes (pg_lsn
	// positions that only grow; see kv.WALPosition): insert past the
	// last record appended, flushed past the last durable one. ok is
	// false when the store has no such log.
	WALPosition() (insert, flushed uint64, ok bool)
	// CancelBackend cancels the running statement of the session with that
	// pid (pg_cancel_backend): false when there is no such session.
	CancelBackend(pid int32) (bool, error)
	// Activity lists the server's sessions (pg_stat_activity).
	Activity() []Activity
	// SeqValues is the session's memory of the sequence values it took
	// (currval, lastval).
	SeqValues() *SeqValues
	// AdvisoryLock takes an advisory lock (pg_advisory_lock and its
	// variants), waiting for it unless m.Try, until ctx ends; false when
	// m.Try and another session holds it.
	AdvisoryLock(ctx context.Context, k AdvisoryKey, m AdvisoryMode) (bool, error)
	// AdvisoryUnlock ends one session-level hold of the lock; false when
	// the session has none in that mode.
	AdvisoryUnlock(k AdvisoryKey, shared bool) bool
	// AdvisoryUnlockAll ends every session-level hold of the session.
	AdvisoryUnlockAll()
	// Random is the session's generator of random() values, which
	// setseed seeds: a repeatable sequence per session.
	Random() *rand.Rand
	// SetSeed seeds Random from seed, in [-1, 1] (setseed).
	SetSeed(seed float64)
	// Locks lists the server's advisory and table locks, each session's
	// holds and waits (pg_locks).
	Locks() []HeldLock
	// Cursors lists the session's open SQL cursors (pg_cursors).
	Cursors() []Cursor
	// Notify queues a notification for the commit of the session's
	// transaction (pg_notify); 22023 for an empty or too long channel
	// name or a payload of 8000 bytes or more.
	Notify(channel, payload string) error
	// ListeningChannels lists the channels the session listens on, in
	// the order of their LISTENs (pg_listening_channels).
	ListeningChannels() []string
	// LargeObjects are the session's open large object descriptors,
	// which it closes (End) when its transaction ends.
	LargeObjects() *LargeObjectDescs
}

// HeldLock is a row of pg_locks: a session's hold of an advisory lock
// (Key) or a table's (Table, the descriptor's id) in one mode (as
// pg_locks names it), or its wait for one (Granted false, since
// WaitStart).
type HeldLock struct {
	Key                 AdvisoryKey
	Table               uint64
	Mode                string
	Granted             bool
	PID                 int32
	Database, Namespace string
	WaitStart           time.Time
}

// Cursor is a row of pg_cursors: an open cursor of the session.
type Cursor struct {
	Name, Statement              string
	Holdable, Binary, Scrollable bool
	Created                      time.Time
}

// AdvisoryKey names an advisory lock: one bigint, or two integers (the
// two forms are different locks, as in PostgreSQL).
type AdvisoryKey struct {
	A, B int64
	Pair bool
}

// AdvisoryMode is how a lock is asked for: shared or exclusive, held by
// the session or by its transaction, waited for or only tried.
type AdvisoryMode struct {
	Shared, Xact, Try bool
}

// Activity is a row of pg_stat_activity: a session and its statement.
type Activity struct {
	PID                      int32
	User                     string
	Namespace, Database      string
	ApplicationName          string
	State                    string // "active" or "idle"
	Query                    string // the running or last statement's text
	BackendStart, QueryStart time.Time
	// Client is the TCP peer's address, invalid otherwise; UnixSocket
	// says the peer came through a Unix socket.
	Client     netip.AddrPort
	UnixSocket bool
}

// Setting is a row of pg_settings: a run-time parameter, its value and
// what PostgreSQL's catalog says of it.
type Setting struct {
	Name, Value, Unit, Category, Description string
	Context, Type, Source                    string // pg_settings' context, vartype and source
	Min, Max                                 string // integer and real parameters
	EnumValues                               []string
	Boot, Reset                              string
}
