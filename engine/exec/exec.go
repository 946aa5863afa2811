package exec

import (
	"context"
	"hash/maphash"
	"regexp"
	"time"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/stats"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/graph"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/vector"
)

// Executor runs plans. It is safe for concurrent use; per-statement state
// lives in Env and the iterators.
type Executor struct {
	cat *catalog.Catalog
	reg *builtin.Registry

	// AssertCompiler compiles the source text of a ZQL assert predicate of
	// a schemafull field (catalog.Field.Asserts) into an expression. The
	// executor cannot parse ZQL, so the session sets this hook; when it is
	// nil, asserts are not checked.
	//
	// The compiled expression is evaluated with the field's value as
	// column 0 of the current row (what `.` compiles to) and the whole
	// object being written as column 1. When it yields a function value
	// (`assert [is_capitalized]`, `assert [|v| v > 0]`), that function is
	// called with the field's value. The assert holds when the result is
	// exactly true.
	//
	// A predicate may call the database's stored functions and use its
	// enums and named types, so it is compiled in the writing statement's
	// transaction and database (the definitions it reads join the
	// transaction's read set, so a concurrent redefinition conflicts), and
	// cached for that statement only: a later statement sees a redefined
	// function.
	AssertCompiler func(ctx context.Context, txn kv.Txn, db *catalog.Database, src string) (plan.Expr, error)

	// DefaultCompiler compiles the SQL text of field f's default
	// expression (catalog.Field.DefaultExpr) of table t into an
	// expression of no row whose value has the field's type. A default
	// may call stored functions, so it is compiled, as an assert is, in
	// the writing statement's transaction and database and cached for
	// that statement only. The executor cannot parse SQL, so the session
	// sets this hook; without it a write that needs such a default fails
	// (0A000).
	DefaultCompiler func(ctx context.Context, txn kv.Txn, db *catalog.Database, t *catalog.Table, f *catalog.Field) (plan.Expr, error)

	// IndexExprCompiler compiles the SQL text of an expression index part
	// (catalog.IndexPart.Expr), partial index predicate or generated
	// column (catalog.Field.Generated) over table t into an expression evaluated
	// with the record's row [key, object], as a CHECK constraint is. The
	// executor cannot parse SQL, so the session sets this hook; without
	// it, writing a table with an expression index fails (0A000). Index
	// expressions call only immutable builtins, so what they compile to
	// depends on nothing but the text and the table's columns.
	IndexExprCompiler func(t *catalog.Table, src string) (plan.Expr, error)

	// ViewRelations names the relations a view's stored SQL query reads,
	// for pg_depend (sysview.Env.ViewRelations); the session sets it to
	// the SQL front end's parser, which the executor cannot call.
	ViewRelations func(query string) []string
	// ZQLNames names the identifiers of a stored ZQL function's source
	// (sysview.Env.ZQLNames), set by the session to the ZQL front end's.
	ZQLNames func(source string) []string
	// ExprColumns names the columns a stored CHECK expression reads
	// (sysview.Env.ExprColumns), set by the session to the SQL front
	// end's parser.
	ExprColumns func(expr string) []string
	// ParseTypeName reads a type name for regtype input
	// (sysview.Env.ParseTypeName), set by the session to the SQL front
	// end's parser.
	ParseTypeName func(text string) (names []string, typmods, array bool, err error)
	// RuleExpr prints a table's stored expression text as PostgreSQL's
	// ruleutils does (sysview.Env.RuleExpr), set by the session to the
	// SQL front end's printer.
	RuleExpr func(t *catalog.Table, expr string, pretty bool) (string, error)

	// GraphCache serves graph traversals' expansions (graph.Cache). It
	// belongs to the store: whoever opens the store makes it, observes
	// the store's commits with it (kv.Options.OnCommit) and sets it here
	// before the first Run; nil expands from the store every time.
	GraphCache *graph.Cache

	// Stats receives the statements' counts of scans and rows for the
	// statistics views (pg_stat_all_tables, ...): whoever opens the store
	// sets it before the first Run; nil counts nothing.
	Stats *stats.Registry

	keys       keyGen
	indexExprs indexExprCache // compiled index expressions (index.go)
	vectors    *vector.Cache  // decoded vectors of every HNSW index (vectorindex.go)
	rowChunks  rowChunkPools  // hash joins' row chunks, between runs (rowtable.go)
	// workers, when set, is how many workers a parallel aggregate runs
	// instead of one per processor (tests: several on any machine).
	workers int
}

// New makes an executor over a catalog and a function registry.
func New(cat *catalog.Catalog, reg *builtin.Registry) *Executor {
	return &Executor{cat: cat, reg: reg, vectors: vector.NewCache(vectorCacheBytes)}
}

// Env is one statement's environment.
type Env struct {
	Txn       kv.Txn
	Namespace *catalog.Namespace
	Database  *catalog.Database
	// Temp is the session's temporary schema (nil while it has none): the
	// database of its temporary tables (catalog.Table.Temporary), which a
	// statement of Database may read and write too.
	Temp *catalog.Database
	// Params are $1, $2, ... (Params[0] is $1); NamedParams are $name.
	Params      []value.Value
	NamedParams map[string]value.Value
	// SessionVars are the session's `let` bindings; SetSessionVar writes here.
	SessionVars map[string]value.Value
	// Now is the statement's start time (now() is stable within it).
	Now time.Time
	// Setting reads a session setting (hnsw.ef_search); nil reads none.
	Setting func(name string) (string, bool)
	// Session is the calling session for the catalogs and functions of
	// package sysview (nil outside a session).
	Session sysview.Session
	// Deferred is the transaction block's deferred foreign key state
	// (fkdefer.go); nil outside a block, where every check runs at the
	// end of its statement.
	Deferred *Deferred
	// Notices receives the statement's notices (DROP ... IF EXISTS of
	// nothing: "... does not exist, skipping"); nil drops them.
	Notices Noticer
	// Zone is the session time zone (TimeZone) SQL writes and reads
	// timestamp with time zone in; nil is UTC. ZQL does not use it.
	Zone *time.Location
	// ReadOnly marks a statement of a read-only transaction: what writes
	// outside the kv transaction (nextval's and setval's sequence
	// allocator) refuses to run for a permanent sequence.
	ReadOnly bool
	// Locks takes the row locks of SELECT ... FOR UPDATE and the table
	// locks of LOCK TABLE; nil: such a statement fails.
	Locks Locker
	// Role is the statement's role (current_user) with its memberships
	// when it is not a superuser, whose privileges the executor checks
	// (privilege.go); nil checks none.
	Role *catalog.RoleSet
	// PL runs PL/pgSQL for the statement: the row triggers of the tables
	// it writes and the calls of plpgsql functions (trigger.go); nil:
	// writing a table with enabled triggers, or such a call, fails.
	PL PL
	// Batch, when set, makes the runs of this Env one statement for
	// triggers (COPY FROM writes its rows by a run per batch): see
	// Batch.
	Batch *Batch
	// Transition holds the transition tables of the trigger whose
	// function runs the statement (PL.FireRow): the scans of their
	// descriptors (catalog.Table.Transition) read it.
	Transition *Transition
	// Stats is the session's transaction for the statistics views
	// (counts.go): the statement counts its scans and writes in it, and
	// its writes count when it ends (so that a rollback or a retry is
	// counted as such); nil counts nothing.
	Stats *stats.Txn
	// folding marks the evaluation of a constant at plan time
	// (OptimizerOptions' Fold): what depends on the session time zone
	// fails then, and is left for run time.
	folding bool
}

// Noticer sends a notice to the client (pgwire's ResultWriter is one).
type Noticer interface {
	Notice(n errs.Notice) error
}

// Rows iterates the rows of a running plan. Row's slice is valid until the
// next call to Next.
type Rows interface {
	Next() bool
	Row() []value.Value
	Err() error
	Close()
}

// Run starts n and returns its rows; rows are produced on demand
// (streaming), so a LIMIT stops the work early. DDL nodes run before Run
// returns; writes run as the rows are pulled, so a caller must drain the
// rows of a write statement before committing.
func (e *Executor) Run(ctx context.Context, env *Env, n plan.Node) (Rows, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.From(err)
	}
	// One allocation for the statement's state and its result cursor.
	rs := &rows{}
	rs.run.init(e, ctx, env)
	r := &rs.run
	it, err := r.build(n)
	if err != nil {
		return nil, errs.From(err)
	}
	if err := it.open(outer{}); err != nil {
		it.close()
		return nil, errs.From(err)
	}
	rs.it, rs.root, rs.reusable, rs.role = it, n, reopenable(it), env.Role
	return rs, nil
}

// Rerun is Run of n again on the closed rows of an earlier Run of the
// same n (prev may be nil, or anything Run did not return): a prepared
// statement executed over and over reopens its iterators instead of
// building them anew (three allocations per point read). Only trees whose
// iterators keep nothing of a run but their node and their own buffers
// are reused; anything else, or rows still open, gets a new Run. prev
// must not be used after the call, nor any value of its run that refers
// to the run (a closure made by a ZQL expression).
func (e *Executor) Rerun(ctx context.Context, env *Env, n plan.Node, prev Rows) (Rows, error) {
	rs, ok := prev.(*rows)
	if !ok || !rs.done || !rs.reusable || rs.root != n || rs.run.x != e || rs.role != env.Role {
		return e.Run(ctx, env, n)
	}
	if err := ctx.Err(); err != nil {
		return nil, errs.From(err)
	}
	rs.run.init(e, ctx, env)
	rs.row, rs.err, rs.done = nil, nil, false
	rewind(rs.it)
	if err := rs.it.open(outer{}); err != nil {
		rs.finish()
		return nil, errs.From(err)
	}
	return rs, nil
}

// reopenable reports whether an iterator tree can serve another run
// after a reset of its run (Rerun): its iterators hold their run only by
// pointer, their plan nodes, and state that open resets.
func reopenable(it iterator) bool {
	switch it := it.(type) {
	case *projectIter:
		return reopenable(it.in)
	case *filterIter:
		return reopenable(it.in)
	case *pointScan:
		return true
	case *indexScan:
		// open recomputes its spans, probes and limit; close released
		// its iterators, which belonged to the earlier transaction.
		return true
	case *unnestIter:
		return true
	case *distinctIter:
		// open empties its set, keeping the set's memory.
		return reopenable(it.in)
	case *traverseIter:
		// open takes a new graph reader; rewind has it resolve its edge
		// tables again.
		return reopenable(it.in)
	}
	return false
}

// rewind prepares a reopenable tree for a rerun: what its iterators keep
// from one open to the next within a run belonged to the earlier run.
func rewind(it iterator) {
	switch it := it.(type) {
	case *projectIter:
		rewind(it.in)
	case *filterIter:
		rewind(it.in)
	case *distinctIter:
		rewind(it.in)
	case *traverseIter:
		it.resolved = false
		rewind(it.in)
	}
}

// Eval evaluates a scalar expression with no current row.
func (e *Executor) Eval(ctx context.Context, env *Env, x plan.Expr) (value.Value, error) {
	r := e.newRun(ctx, env)
	v, err := r.eval(x, &scope{})
	if err == nil {
		// A let binding may write (an edge, a record with foreign keys).
		err = r.finishStatement()
	}
	r.flushCounts()
	if cerr := r.closeAdjProbes(); err == nil {
		err = cerr
	}
	if err != nil {
		return value.None, errs.From(err)
	}
	return v, nil
}

// finishStatement is what the end of a statement runs after its writes:
// the overlays of WITH writes go into the transaction, then the checks
// that look at the statement's end state (the ends of written edges,
// foreign keys, deferrable unique constraints after the writes of
// cascaded actions), then the AFTER triggers.
func (r *run) finishStatement() error {
	if err := r.finishWrites(); err != nil {
		return err
	}
	if err := r.edgeChecksFinish(); err != nil {
		return err
	}
	if err := r.fkFinish(); err != nil {
		return err
	}
	if err := r.uniqueFinish(); err != nil {
		return err
	}
	return r.fireAfter()
}

// run is the state of one Run or Eval call: everything an iterator or an
// expression needs besides its own node.
type run struct {
	ctx context.Context
	x   *Executor
	env *Env
	now time.Time
	// unchecked is the scan under an UPDATE or DELETE without WHERE,
	// which needs no SELECT (privilege.go) while it is being built.
	unchecked plan.Node
	// appending is the Append whose inputs are being built: reading a
	// partitioned table needs SELECT on it, not on its partitions.
	appending *plan.Append

	// bctx is handed to builtins, one for ZQL and one for SQL calls (a
	// builtin may call back into a closure that calls another builtin, so
	// one shared Context must not change under it). Built on first use,
	// because its context carries the run: closures called back from
	// builtins find it there.
	bctx   [2]*builtin.Context
	seed   maphash.Seed
	seeded bool
	ticks  uint32
	depth  int    // closure call depth
	writes uint64 // records written so far (invalidates cached subqueries)
	// writeLocks counts the row locks the statement's writes took
	// (lockForWrite).
	writeLocks int
	// fkLocks counts the KEY SHARE locks its foreign key checks took on
	// parents (maxFKLocks).
	fkLocks int
	// tables are the descriptors looked up so far, by their names: a
	// statement reads a few, and a traversal asks for its vertex table
	// once per vertex, where a short scan beats hashing the name (and a
	// map cost allocations per run).
	tables  []*catalog.Table
	seqs    map[dbName]*catalog.Sequence // the sequences column defaults drew from
	schemas map[uint64]*catalog.Database // tableDatabase's schemas, by id
	// partCache holds the partitionings the run routed rows by, per
	// partitioned table (exec/partition.go).
	partCache map[uint64]*catalog.Partitions
	// partParents are the partitioned tables whose rows' tableoid the
	// run computed, by descriptor id (evalPartitionTableOID).
	partParents map[uint64]*catalog.Table
	// ofCache holds, per partition written to, its table's
	// partitioning, which checks the partition's bound: apart from
	// partCache, as a partition partitioned itself has both.
	ofCache map[uint64]*catalog.Partitions
	// refAbove holds, per partition written to, its ancestors that
	// foreign keys reference (referencedAncestors).
	refAbove map[uint64][]*catalog.Table

	regexps map[string]*regexp.Regexp
	subs    map[*plan.Subquery]*subState
	sub0    *subState                     // the state of the first subquery, kept out of subs
	work    map[*plan.WorkTable]*workSlot // WITH RECURSIVE working tables, while built
	keyBuf  []byte
	// adjProbes find the edges of the records the statement removes
	// (removeVertexEdges), one per table and transaction; closed when
	// the run ends (closeAdjProbes).
	adjProbes []adjProbe
	// prefetch and prefetchKey serve prefetchRecords.
	prefetch    graph.Prefetch
	prefetchKey []byte
	// fnBodies are the optimized bodies of the stored functions called.
	fnBodies map[*plan.Function]plan.Expr
	// asserts are the assert predicates compiled for this run, by source.
	asserts map[string]plan.Expr
	// domains are the SQL domains the run's writes checked, by name.
	domains map[string]*domainState
	// sys is the run's environment of the system catalogs (sysEnv), made
	// at its first use: what it reads of the catalog it keeps for the
	// statement.
	sys *sysview.Env
	// cascaded, while DROP SCHEMA ... CASCADE drops a schema's objects,
	// collects the "drop cascades to" notices of their drops, which it
	// sends as one with its own (dropSchemaObjects).
	cascaded *[]string
	// held are the "drop cascades to" notices of a DROP TABLE of
	// several tables' drops so far (plan.DropTable.Hold).
	held []string
	// defaultExprs are the default expressions compiled for this run.
	defaultExprs map[defaultKey]plan.Expr
	// indexExprs are the index expressions compiled for this run.
	indexExprs map[indexExprKey]plan.Expr
	// analyze, set while EXPLAIN ANALYZE runs its plan, counts each
	// node's rows and time (explain.go).
	analyze map[plan.Node]*nodeStats
	// fkEvents are the record writes whose foreign keys are checked at
	// the end of the statement (fkey.go).
	fkEvents []fkEvent
	// uniqueChecks are the keys of deferrable unique constraints written
	// by the statement, checked at its end (uniquedefer.go).
	uniqueChecks []uniqueCheck
	exclChecks   []exclusionCheck
	fkTables     map[dbName]*catalog.Table // the descriptors fkFinish read
	// after is the queue of AFTER triggers run at the statement's end
	// (trigger.go).
	after *afterQueue
	// edgeChecks are the written edges whose ends are checked at the end
	// of the statement, their keys in edgeCheckKeys; edgesRewritten is
	// set once the statement rewrote or removed an edge (edgecheck.go).
	// edgeChecksKept is how many failing checks an earlier pass kept.
	edgeChecks     []edgeCheck
	edgeCheckKeys  []byte
	edgesRewritten bool
	edgeChecksKept int
	// over, while a part of a statement with WITH writes runs, is the
	// overlay its writes go to; overlays are those to write into the
	// transaction at the statement's end, and cteRows the rows each
	// WITH write returned, by ID (ctewrite.go).
	over     *overlayTxn
	overlays []*overlayTxn
	cteRows  map[int][][]value.Value
	// par, in the run of a parallel aggregate's worker, is what the
	// workers share (parallel.go).
	par *parallelRun
}

func (e *Executor) newRun(ctx context.Context, env *Env) *run {
	r := &run{}
	r.init(e, ctx, env)
	return r
}

func (r *run) init(e *Executor, ctx context.Context, env *Env) {
	if env == nil {
		env = &Env{}
	}
	now := env.Now
	if now.IsZero() {
		now = time.Now()
	}
	// A rerun's run keeps the memory of its buffers (not their values).
	clear(r.tables)
	tables, prefetchKey := r.tables[:0], r.prefetchKey[:0]
	*r = run{ctx: ctx, x: e, env: env, now: now, tables: tables, prefetch: r.prefetch, prefetchKey: prefetchKey}
}

type runKey struct{}

// zone is the time zone SQL's conversions of timestamp with time zone
// use (builtin.SessionZone): nil while folding a constant.
func (r *run) zone(sql bool) *time.Location {
	return builtin.SessionZone(sql, r.env.folding, r.env.Zone)
}

// builtinCtx returns the context handed to builtin functions.
func (r *run) builtinCtx(sql bool) *builtin.Context {
	i := 0
	if sql {
		i = 1
	}
	if r.bctx[i] == nil {
		var ctx context.Context
		if o := r.bctx[1-i]; o != nil {
			ctx = o.Ctx
		} else {
			ctx = context.WithValue(r.ctx, runKey{}, r)
		}
		r.bctx[i] = &builtin.Context{Ctx: ctx, Now: r.now, SQL: sql, Zone: r.env.Zone, Folding: r.env.folding}
		if r.env.Session != nil {
			r.bctx[i].Rand = r.env.Session.Random()
		}
	}
	return r.bctx[i]
}

func (r *run) hashSeed() maphash.Seed {
	if !r.seeded {
		r.seed = maphash.MakeSeed()
		r.seeded = true
	}
	return r.seed
}

// tick is called once per row in every loop that may run long; it checks
// for cancellation (CancelRequest, statement_timeout) every 256 rows so the
// check costs next to nothing.
func (r *run) tick() error {
	r.ticks++
	if r.ticks&255 == 0 {
		if err := r.ctx.Err(); err != nil {
			return errs.From(err)
		}
	}
	return nil
}

func (r *run) txn() (kv.Txn, error) {
	if r.over != nil {
		return r.over, nil
	}
	if r.env.Txn == nil {
		return nil, errs.New(errs.InternalError, "executor: no transaction")
	}
	return r.env.Txn, nil
}

// rows adapts the root iterator to Rows.
type rows struct {
	run  run
	it   iterator
	row  []value.Value
	err  error
	done bool
	// root is the node it was built from; reusable says whether Rerun
	// may reopen it.
	root     plan.Node
	reusable bool
	// role is the Env.Role its privileges were checked for when built:
	// a rerun for another (or a changed) role builds anew.
	role *catalog.RoleSet
}

func (rs *rows) Next() bool {
	if rs.done {
		return false
	}
	if err := rs.run.tick(); err != nil {
		rs.err = err
		rs.finish()
		return false
	}
	row, err := rs.it.next()
	if err != nil {
		rs.err = errs.From(err)
		rs.finish()
		return false
	}
	if row == nil {
		if err := rs.run.finishStatement(); err != nil {
			rs.err = errs.From(err)
		}
		rs.finish()
		return false
	}
	rs.row = row
	return true
}

func (rs *rows) finish() {
	rs.done = true
	rs.row = nil
	rs.it.close()
	rs.run.flushCounts()
	if err := rs.run.closeAdjProbes(); err != nil && rs.err == nil {
		rs.err = errs.From(err)
	}
}

func (rs *rows) Row() []value.Value { return rs.row }
func (rs *rows) Err() error         { return rs.err }

func (rs *rows) Close() {
	if !rs.done {
		rs.finish()
	}
}
