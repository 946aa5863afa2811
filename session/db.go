package session

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/stats"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/graph"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/scram"
	"github.com/zerodb/zerodb/translate/sqlfe"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// Options configure a DB.
type Options struct {
	// Dir is the data directory (Pebble on disk); ignored when Memory.
	Dir string
	// Memory keeps everything in memory (tests, --memory).
	Memory bool
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// PlanCacheSize bounds the number of statement shapes whose plans
	// the sessions share (see planCache): 0 means DefaultPlanCacheSize,
	// a negative size turns the plan cache off.
	PlanCacheSize int
	// HostFunctions are the embedding program's functions, which ZQL
	// scripts bring into scope with `import name` (registered as host
	// functions; the registry is read-only once the DB is open).
	HostFunctions []*builtin.Func
	// GraphCacheBytes is the memory budget of the adjacency cache graph
	// traversals share (graph.Cache): 0 means graph.DefaultCacheBytes, a
	// negative budget turns the cache off.
	GraphCacheBytes int64
	// BlockCacheBytes is the store's cache of decompressed table blocks
	// (kv.Options.CacheSize): 0 means the store's default, 256 MiB.
	BlockCacheBytes int64
	// ServerSettings are the values of server-wide (postmaster)
	// parameters the server runs with, by name: port, listen_addresses,
	// unix_socket_directories. SHOW and pg_settings show them in place of
	// PostgreSQL's defaults, with the source "command line".
	ServerSettings map[string]string
}

// DB is one open zerodb database: the store, its catalog, the function
// registry and the executor, shared by every session.
type DB struct {
	store   kv.Store
	cat     *catalog.Catalog
	reg     *builtin.Registry
	exec    *exec.Executor
	optOpts opt.Options
	plans   *planCache   // nil: off
	splits  *sqlfe.Cache // parse trees of the messages the plan cache does not take; nil: off
	log     *slog.Logger

	// server are Options.ServerSettings by the catalog's spelling, checked.
	server map[string]string

	sessions sessionRegistry // by process id, for pg_cancel_backend
	// roleEpoch counts the commits that changed a role (role.go).
	roleEpoch atomic.Uint64
	locks     lockTable // advisory, table and row locks (locks.go)
	notify    notifyHub // LISTEN's listeners (notify.go)
	// tempSeq numbers the sessions' temporary schemas (temp.go): unique
	// in the process, and the store holds none of an earlier process's.
	tempSeq atomic.Uint64
	xids    xidAllocator // txid_current's (xid.go)
	// snapshots are the sessions' exported snapshots (snapshot.go).
	snapshots snapshotRegistry
	// started is when Open opened the database: the server's start
	// (pg_postmaster_start_time).
	started time.Time

	// stopBackground stops the goroutines Open started (the graph cache
	// warmer), and background is done when they have returned.
	stopBackground context.CancelFunc
	background     chan struct{}
}

// Open opens (creating and bootstrapping when new) a database.
func Open(ctx context.Context, opts Options) (*DB, error) {
	var (
		store kv.Store
		err   error
	)
	// Commits of schema keys version what read-only snapshots see of the
	// schema, so that a prepared statement need not look its tables up
	// again in a snapshot of the version it was checked at.
	// The adjacency cache learns from every commit which vertices' edges
	// changed, so it lives exactly as long as the store.
	// The store logs the failure of its write-ahead log (after which it
	// refuses commits until a restart), failed checkpoints and Pebble's
	// fatal errors: an operator must see them.
	kvOpts := kv.Options{Watched: keys.IsSchema, Logger: opts.Logger, CacheSize: opts.BlockCacheBytes}
	var gcache *graph.Cache
	if opts.GraphCacheBytes >= 0 {
		gcache = graph.NewCache(opts.GraphCacheBytes)
	}
	// The DB does not exist yet: the hook finds it through dbp.
	var dbp atomic.Pointer[DB]
	kvOpts.OnCommit = func(seq uint64, keys [][]byte, ranges bool) {
		if gcache != nil {
			gcache.Committed(seq, keys, ranges)
		}
		if db := dbp.Load(); db != nil {
			db.rolesCommitted(keys)
		}
	}
	if opts.Memory {
		store, err = kv.OpenMemoryWith(kvOpts)
	} else {
		store, err = kv.Open(opts.Dir, kvOpts)
	}
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	server, err := serverSettings(opts.ServerSettings)
	if err != nil {
		store.Close()
		return nil, err
	}
	cat, err := catalog.Open(ctx, store)
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("open catalog: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	reg := builtin.NewRegistry()
	for _, f := range opts.HostFunctions {
		reg.RegisterHost(f)
	}
	ex := exec.New(cat, reg)
	ex.GraphCache = gcache
	ex.Stats = stats.New()
	db := &DB{store: store, cat: cat, reg: reg, exec: ex, optOpts: ex.OptimizerOptions(), log: log, started: time.Now(), server: server}
	dbp.Store(db)
	// Temporary tables of the sessions of a process that stopped without
	// dropping them (a crash) must never be seen: no session's temporary
	// schema could name them, but their keys would stay forever.
	if err := db.removeTempSchemas(ctx); err != nil {
		store.Close()
		return nil, fmt.Errorf("remove temporary tables: %w", err)
	}
	// Asserts are ZQL source text stored in the catalog; the executor cannot
	// parse ZQL, so it asks the ZQL front end, in the writing statement's
	// transaction and database: a predicate may call stored functions and
	// use enums and named types.
	ex.AssertCompiler = func(ctx context.Context, txn kv.Txn, d *catalog.Database, src string) (plan.Expr, error) {
		r := &predicateResolver{reg: reg, catalogObjects: catalogObjects{db: db, txn: txn, database: d}}
		return zqlfe.CompilePredicate(ctx, r, src)
	}
	// Column defaults other than constants, sequences and calls without
	// arguments are SQL text stored with the column (DEFAULT now() +
	// interval '1 day'); the executor cannot parse SQL, so it asks the SQL
	// front end, in the writing statement's transaction and database, as
	// for an assert: a default may call stored functions.
	ex.DefaultCompiler = func(ctx context.Context, txn kv.Txn, d *catalog.Database, t *catalog.Table, f *catalog.Field) (plan.Expr, error) {
		r := &defaultResolver{predicateResolver{reg: reg, catalogObjects: catalogObjects{db: db, txn: txn, database: d}}}
		return sqlfe.CompileDefault(ctx, r, t, f)
	}
	// Index expressions are SQL text stored with the index; they call only
	// immutable builtins, so they compile with no transaction.
	ex.IndexExprCompiler = func(t *catalog.Table, src string) (plan.Expr, error) {
		return sqlfe.CompileIndexExpr(reg, t, src)
	}
	ex.ViewRelations = sqlfe.QueryRelations
	ex.ZQLNames = zqlfe.Identifiers
	ex.ExprColumns = sqlfe.ExprColumns
	ex.ParseTypeName = newTypeNameCache(sqlfe.TypeName).typeName
	ex.RuleExpr = func(t *catalog.Table, expr string, pretty bool) (string, error) {
		return sqlfe.RuleExpr(reg, t, expr, pretty)
	}
	var bg context.Context
	bg, db.stopBackground = context.WithCancel(context.Background())
	db.background = make(chan struct{})
	go func() {
		defer close(db.background)
		if gcache != nil {
			db.warmGraphCache(bg, gcache)
		}
	}()
	size := opts.PlanCacheSize
	if size == 0 {
		size = DefaultPlanCacheSize
	}
	if size > 0 {
		db.plans = newPlanCache(size)
		db.splits = sqlfe.NewCache(min(size, maxCachedSplits))
	}
	return db, nil
}

// predicateResolver resolves the names of an assert predicate or a
// column default: builtin and stored functions, enums and named types,
// never tables or session variables (either is part of a table's schema
// and must mean the same in every session).
type predicateResolver struct {
	reg *builtin.Registry
	catalogObjects
}

// Table reports a missing table as missing (the name may be an enum's,
// as in color.@red) and refuses an existing one.
func (r *predicateResolver) Table(ctx context.Context, name string) (*catalog.Table, error) {
	if _, err := r.db.cat.Table(ctx, r.txn, r.database, name); err != nil {
		return nil, err
	}
	return nil, errs.New(errs.FeatureNotSupported, "an assert predicate or a column default cannot read table %q", name)
}

func (r *predicateResolver) Function(name string) (*builtin.Func, bool) { return r.reg.Lookup(name) }

func (r *predicateResolver) HasSessionVar(string) bool { return false }

// defaultResolver resolves a column default's names as predicateResolver
// does an assert's, and also the functions of the writing session's
// environment, which a default may call: nextval, current_user,
// current_setting.
type defaultResolver struct{ predicateResolver }

func (r *defaultResolver) Function(name string) (*builtin.Func, bool) {
	if f, ok := r.reg.Lookup(name); ok {
		return f, true
	}
	return sysFunction(name)
}

// Close stops the background work and closes the store.
func (db *DB) Close() error {
	db.stopBackground()
	<-db.background
	// Sessions still open lose their temporary tables now, as their
	// connections do; a failure leaves them to the next start.
	if err := db.removeTempSchemas(context.Background()); err != nil {
		db.log.Warn("remove temporary tables", "err", err)
	}
	return db.store.Close()
}

// RootUser is the name of the superuser every database has.
const RootUser = catalog.BootstrapUser

// EnsureRootUser makes sure the root user exists. When password is set it
// becomes root's password; when it is empty and root does not exist yet, a
// random password is generated and returned (generated=true) so that the
// caller can print it once. Only the SCRAM verifier is stored.
func (db *DB) EnsureRootUser(ctx context.Context, password string) (generatedPassword string, err error) {
	txn, err := db.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return "", err
	}
	defer txn.Rollback()
	u, exists, err := db.cat.User(ctx, txn, RootUser)
	if err != nil {
		return "", err
	}
	if exists && password == "" {
		return "", nil
	}
	if password == "" {
		password, err = randomPassword()
		if err != nil {
			return "", err
		}
		generatedPassword = password
	}
	verifier, err := scram.NewVerifier(password)
	if err != nil {
		return "", err
	}
	if !exists {
		u = &catalog.User{Name: RootUser, Namespace: "default", Superuser: true, CanLogin: true,
			CreateDB: true, CreateRole: true, ConnLimit: -1}
	}
	u.Verifier = verifier
	if err := db.cat.PutUser(ctx, txn, u); err != nil {
		return "", err
	}
	if err := txn.Commit(ctx); err != nil {
		return "", err
	}
	return generatedPassword, nil
}

// SCRAMVerifier implements pgwire.Backend. A role without a password,
// or whose VALID UNTIL has passed, has none: its login fails as a wrong
// password does, as in PostgreSQL.
func (db *DB) SCRAMVerifier(ctx context.Context, user string) (string, bool, error) {
	txn, err := db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return "", false, err
	}
	defer txn.Rollback()
	u, ok, err := db.cat.User(ctx, txn, user)
	if err != nil || !ok || u.Verifier == "" || u.PasswordExpired(time.Now()) {
		return "", false, err
	}
	return u.Verifier, true, nil
}

// loginUser is the authenticated user a new session runs as, after
// PostgreSQL's checks at the start of a session: the role may log in
// (28000) and has fewer sessions than its connection limit (53300;
// superusers have none).
func (db *DB) loginUser(ctx context.Context, user string) (*catalog.User, error) {
	txn, err := db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer txn.Rollback()
	u, ok, err := db.cat.User(ctx, txn, user)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.InvalidAuthorization, "role %q does not exist", user)
	}
	if !u.CanLogin {
		return nil, errs.New(errs.InvalidAuthorization, "role %q is not permitted to log in", user)
	}
	if u.ConnLimit >= 0 && !u.Superuser && db.sessions.countUser(user) >= int(u.ConnLimit) {
		return nil, errs.New(errs.TooManyConnections, "too many connections for role %q", user)
	}
	if u.Namespace == "" {
		u.Namespace = "default"
	}
	return u, nil
}
