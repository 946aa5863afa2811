package session

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/stats"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/plpgsql"
	"github.com/zerodb/zerodb/translate/sqlfe"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// maxAutocommitRetries bounds how often an autocommit statement that lost
// a serialization conflict is re-run before the 40001 reaches the client.
const maxAutocommitRetries = 8

// Session is one client connection's state. It implements pgwire.Session.
type Session struct {
	db *DB
	// rng draws random()'s values from the seed of pcg (Random).
	rng  *rand.Rand
	pcg  *rand.PCG
	user string
	// server and client are the connection's TCP addresses (invalid
	// over a Unix socket and in-process).
	server, client netip.AddrPort
	unixSocket     bool
	// statP is the statement runOne last ran, for pg_stat_statements
	// (recordStatement), and statStart when it began.
	statP     *prepared
	statStart time.Time
	// superuser is the user's attribute at login: privilege checks of a
	// superuser's statements end at this flag.
	superuser bool
	// home is the user's namespace, the only one a user that is not a
	// superuser may open databases of.
	home      string
	roles     roleState
	namespace *catalog.Namespace
	database  *catalog.Database

	// txn is the open transaction block (BEGIN ... COMMIT); nil in
	// autocommit mode. failed marks a block in which a statement failed:
	// everything but COMMIT/ROLLBACK is refused until it ends.
	txn    kv.Txn
	failed bool
	// implicit marks the open block as the implicit one of a message of
	// several SQL statements (runImplicit): it ends with the message.
	implicit bool
	// deferred holds the block's foreign key checks put off to COMMIT
	// (exec.Deferred); nil with txn.
	deferred *exec.Deferred
	// xactAdvisory: the transaction holds advisory locks; xactLocks are
	// the row and table locks it holds (locks.go).
	xactAdvisory bool
	xactLocks    []lockTag
	// fast holds the weak table locks statements take on the fast path
	// (locks.go); fastUsed: this transaction took one (set under
	// fast.mu), strongHeld: the strong table locks it asked for.
	fast       fastLocks
	fastUsed   bool
	strongHeld int64
	// advisoryHolds counts the session-level advisory holds of s (under
	// the lock table's mutex).
	advisoryHolds int
	// savepoints are the open block's, oldest first (savepoint.go).
	savepoints []savepoint

	settings *settings
	vars     map[string]value.Value
	// plTypes are the types of PL/pgSQL declarations by name (pl.go).
	plTypes map[string]value.Type
	// procBlock: the open block is a non-atomic CALL's or DO's, which
	// its COMMIT and ROLLBACK end and begin again; procEnded: one did
	// (procedure.go).
	procBlock, procEnded bool
	// plFuncs are compiled PL/pgSQL functions and trigger conditions,
	// plCols the trigger record columns of tables (trigger.go).
	plFuncs map[plKey]*plCompiled
	plCols  map[*catalog.Table][]plpgsql.Column
	// seqVals are the sequence values the session took (currval, lastval).
	seqVals sysview.SeqValues
	// largeObjects are the large object descriptors lo_open handed out
	// in the current transaction.
	largeObjects sysview.LargeObjectDescs
	// fastpath are the statements FunctionCall messages ran, by text.
	fastpath map[string]*Statement

	// Reused from statement to statement: the row writer's buffers, the
	// environments of SQL and ZQL statements, the parameter values of cached
	// ones, and the normalized ZQL message and its plan cache key.
	out     rowWriter
	sqlEnv  exec.Env
	zqlEnv  exec.Env
	params  []value.Value
	zqlNorm zqlfe.Normalized
	zqlKey  []byte
	// settingFn is settingFunc's method value.
	settingFn func(name string) (string, bool)
	// lastRows are the closed rows of the last statement execute ran,
	// which the next run of the same plan reopens (exec.Executor.Rerun).
	lastRows exec.Rows

	// ext is the extended query protocol's state (extended.go).
	ext *extState

	sys sysState // process id and the running statement (sysview.go)

	notify notifyState // LISTEN and NOTIFY (notify.go)
	// xid is the transaction's id once it asked for one, else 0 (xid.go).
	xid int64
	// exports are the ids of the snapshots the transaction exported
	// (snapshot.go), released when it ends.
	exports []string
	// txnStats holds the transaction's row writes for the statistics
	// views until it ends (endTransaction); the statements' environments
	// point at it (exec.Env.Stats).
	txnStats stats.Txn
	// statsDB is the counters of database statsDBID (statsDatabase).
	statsDB   *stats.Database
	statsDBID uint64

	// temp is the session's temporary schema (temp.go), nil until its
	// first CREATE TEMP TABLE; tempActions is set once a temporary table
	// with an ON COMMIT action was made, so that commits of sessions
	// without one do not look.
	temp        *catalog.Database
	tempActions bool

	// queried marks a transaction block that has run a statement in the
	// executor: it can no longer become read-write (readonly.go).
	queried bool
	// path remembers how search_path resolved (schema.go).
	path pathMemo
}

// OpenSession implements pgwire.Backend. The startup database names
// "<database>" in the user's namespace or "<namespace>/<database>"; an
// empty name, or one that does not exist and is the user name (psql's
// default) or "postgres" (the database tools connect to when they are
// given none: pgcli -l, Django's test runner, pgAdmin's maintenance
// database), means database "main".
func (db *DB) OpenSession(ctx context.Context, p pgwire.StartupParams) (pgwire.Session, error) {
	u, err := db.loginUser(ctx, p.User)
	if err != nil {
		return nil, err
	}
	nsName, dbName := catalog.SplitDatabaseName(p.Database, u.Namespace)
	if err := tenantCheck(u.Superuser, u.Namespace, nsName, p.Database); err != nil {
		return nil, err
	}
	txn, err := db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer txn.Rollback()
	ns, err := db.cat.Namespace(ctx, txn, nsName)
	if err != nil {
		return nil, err
	}
	if dbName == "" {
		dbName = "main"
	}
	d, err := db.cat.Database(ctx, txn, ns.Name, dbName)
	if err != nil && (dbName == p.User || dbName == "postgres") && !strings.Contains(p.Database, "/") {
		d, err = db.cat.Database(ctx, txn, ns.Name, "main")
	}
	if err != nil {
		return nil, err
	}
	s := &Session{
		db:         db,
		user:       p.User,
		server:     p.Server,
		client:     p.Client,
		unixSocket: p.UnixSocket,
		namespace:  ns,
		database:   d,
		settings:   newSettings(p, db.server),
		vars:       make(map[string]value.Value),
		superuser:  u.Superuser,
		home:       u.Namespace,
		// The first statement reads the user again (role.go).
		roles: roleState{epoch: ^uint64(0)},
	}
	s.settings.setLoginSuperuser(u.Superuser)
	return s, nil
}

// tenantCheck refuses a user that is not a superuser a database of a
// namespace other than its home: PostgreSQL's 42501 of a database
// without CONNECT privilege.
func tenantCheck(superuser bool, home, ns, database string) error {
	if superuser || ns == home {
		return nil
	}
	return errs.New(errs.InsufficientPrivilege, "permission denied for database %q", database).
		WithDetail("User does not have CONNECT privilege.")
}

// TxStatus implements pgwire.Session.
func (s *Session) TxStatus() byte {
	switch {
	case s.txn == nil:
		return 'I'
	case s.failed:
		return 'E'
	}
	return 'T'
}

// Close implements pgwire.Session.
func (s *Session) Close() {
	s.unregister()
	s.closeNotify()
	s.closeExtended()
	s.endStatementContext()
	if s.txn != nil {
		s.txn.Rollback()
		s.txn, s.deferred = nil, nil
		// A block the client left open ends as a rollback, as in
		// PostgreSQL (its writes count as such).
		s.txnStats.End(s.statsDatabase(), false)
	}
	// Its exported snapshots go with its transaction.
	s.releaseExports()
	s.endXactLocks()
	s.leaveFastPath()
	s.AdvisoryUnlockAll()
	// The connection is gone, so its context may be too: the temporary
	// tables go in a context of their own.
	if err := s.dropTemp(context.Background()); err != nil {
		s.db.log.Warn("drop temporary tables", "err", err)
	}
	// The last statement's closed rows keep their buffers (for a rerun
	// of the same plan), which may hold a large value.
	s.lastRows = nil
}

// Query implements pgwire.Session.
func (s *Session) Query(ctx context.Context, text string, w pgwire.ResultWriter) (err error) {
	ctx, end := s.beginStatement(ctx, text)
	defer end.finish()
	defer func() { err = canceledStatement(err) }()
	defer s.reportChanges(w)
	lang, text := s.languageOf(text)
	if lang == LangZQL {
		if done, err := s.queryCachedZQL(ctx, text, w); done {
			if err != nil {
				return s.fail(err)
			}
			return nil
		}
	} else {
		if done, err := s.queryCached(ctx, text, w); done {
			if err != nil {
				return s.fail(err)
			}
			return nil
		}
	}
	var srcs []stmtSource
	switch lang {
	case LangZQL:
		stmts, err := zqlfe.Split(text)
		if err != nil {
			return s.fail(hintSQLTypo(text, err))
		}
		for i := range stmts {
			srcs = append(srcs, stmtSource{zql: &stmts[i], text: text})
		}
	default:
		// BEGIN, COMMIT, SET, several statements in one message: the
		// same texts come again and again.
		stmts, err := s.db.splits.Split(text)
		if err != nil {
			return s.fail(err)
		}
		for i := range stmts {
			srcs = append(srcs, stmtSource{sql: &stmts[i], text: text})
		}
	}
	if len(srcs) == 0 {
		return w.Empty()
	}
	if len(srcs) > 1 && lang != LangZQL {
		return s.runImplicitRetrying(ctx, srcs, w)
	}
	for i, src := range srcs {
		if err := s.runStatement(ctx, src, w); err != nil {
			if i == 0 && src.zql != nil {
				err = hintSQLTypo(text, err)
			}
			return s.fail(err)
		}
	}
	return nil
}

// runImplicit runs a message of several SQL statements as PostgreSQL
// does (protocol docs, "Multiple Statements in a Simple Query"): the
// statements outside a block run in an implicit one, which the end of the
// message commits and the first error rolls back, so that
// "INSERT ...; SELECT 1/0" leaves nothing behind. A BEGIN in the message
// makes the block a regular one, whose statements so far join it; a
// COMMIT or ROLLBACK ends a block as usual (with PostgreSQL's warning
// when the block was the implicit one), and statements after it start a
// new implicit block. ZQL messages keep one transaction per statement,
// as the language defines.
func (s *Session) runImplicit(ctx context.Context, srcs []stmtSource, w pgwire.ResultWriter) error {
	for _, src := range srcs {
		if s.txn == nil {
			txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
			if err != nil {
				return err
			}
			s.openBlock(txn)
			s.implicit = true
		}
		if err := s.runInBlock(ctx, src, w); err != nil {
			if s.implicit {
				_ = s.endImplicit(ctx, false)
				return err
			}
			return s.fail(err)
		}
	}
	if s.implicit {
		return s.endImplicit(ctx, true)
	}
	return nil
}

// endImplicit commits or rolls back the implicit block of a message.
func (s *Session) endImplicit(ctx context.Context, commit bool) error {
	s.implicit = false
	committed, err := s.closeBlock(ctx, commit)
	s.settings.endBlock(committed)
	return err
}

// fail marks an open transaction block failed and passes err on.
func (s *Session) fail(err error) error {
	if s.txn != nil {
		s.failed = true
	}
	return err
}

// queryCached runs a one-statement SQL message through the plan cache:
// the statement is normalized (its literals replaced by parameters), the
// prepared statement of its shape is looked up (or made and cached), and
// run with the literals as parameter values. done=false leaves the
// message to the ordinary path, with nothing sent and nothing run: for
// statements the cache does not take (several statements, DDL, SET, ...),
// shapes whose literals cannot be parameters, and literals that do not
// convert to their parameter's type (the ordinary path then reports the
// error exactly as it does without the cache).
func (s *Session) queryCached(ctx context.Context, text string, w pgwire.ResultWriter) (done bool, err error) {
	c := s.db.plans
	if c == nil || s.failed || len(text) > maxCachedText {
		return false, nil
	}
	n, ok := sqlfe.Normalize(text)
	if !ok {
		return false, nil
	}
	key := planKey{ns: s.database.Namespace, db: s.database.ID, text: n.Key}
	p, found := c.get(key)
	if found && p == nil {
		return false, nil
	}
	if !found {
		if p = s.prepareNormalized(ctx, &n, key); p == nil {
			return false, nil
		}
	}
	params := s.params[:0]
	for i, l := range n.Literals {
		v, err := l.Value(p.st.ParamTypes[i], s.settings.timeZone())
		if err != nil {
			return false, nil
		}
		params = append(params, v)
	}
	s.params = params
	err = s.runPrepared(ctx, p, params, w)
	clear(params) // keep no values alive
	if rt, ok := err.(retranslateError); ok {
		if errors.Is(rt.err, sqlfe.ErrNotCacheable) {
			c.put(key, nil)
		}
		return false, nil
	}
	c.runs.Add(1)
	return true, inOriginal(err, &n)
}

// prepareNormalized translates a normalized statement and caches the
// result: the prepared statement, or a negative entry when its literals
// cannot be parameters. nil sends the statement down the ordinary path.
func (s *Session) prepareNormalized(ctx context.Context, n *sqlfe.Normalized, key planKey) *prepared {
	stmts, err := sqlfe.Split(n.Text)
	if err != nil || len(stmts) != 1 {
		// The parser reads the placeholders differently from the
		// literals (a literal where the grammar wants a constant).
		s.db.plans.put(key, nil)
		return nil
	}
	stmts[0].ParamTypes = n.ParamTypes()
	src := stmtSource{sql: &stmts[0], text: n.Text, opts: sqlfe.TranslateOptions{NormalizedLiterals: len(n.Literals)}}
	txn, done, err := s.translateTxn(ctx)
	if err != nil {
		return nil
	}
	defer done()
	p, err := s.prepare(ctx, txn, src)
	switch {
	case errors.Is(err, sqlfe.ErrNotCacheable):
		s.db.plans.put(key, nil)
		return nil
	case err != nil:
		// Most likely the statement's own error (an unknown table): the
		// ordinary path reports it with the literals in place.
		return nil
	}
	switch p.st.Kind {
	case plan.StmtQuery, plan.StmtWrite:
	default:
		s.db.plans.put(key, nil)
		return nil
	}
	p.key = key
	s.db.plans.put(key, p)
	return p
}

// retranslateError carries the error of translating a cached statement
// again (its tables changed) before anything ran: the statement then
// takes the ordinary path, which reports errors with its literals in
// place.
type retranslateError struct{ err error }

func (e retranslateError) Error() string { return e.err.Error() }
func (e retranslateError) Unwrap() error { return e.err }

// inOriginal moves the position of err from the normalized statement's
// text to the client's.
func inOriginal(err error, n *sqlfe.Normalized) error {
	if err == nil {
		return nil
	}
	e := errs.From(err)
	if e.Position <= 0 {
		return err
	}
	c := *e
	c.Position = n.Position(e.Position)
	return &c
}

// runPrepared runs a prepared query or write with parameter values, in
// the transaction block or in autocommit (with retries).
func (s *Session) runPrepared(ctx context.Context, p *prepared, params []value.Value, w pgwire.ResultWriter) error {
	if s.txn != nil {
		if err := s.newStatement(); err != nil {
			return err
		}
		p, err := s.checked(ctx, s.txn, p)
		if err != nil {
			return err
		}
		tag, _, err := s.runRC(ctx, p, params, w)
		if err != nil {
			return err
		}
		return s.complete(w, tag)
	}
	return s.retrying(ctx, func() (bool, error) {
		if p.st.Kind == plan.StmtQuery {
			return s.queryAutocommit(ctx, p, params, w)
		}
		return s.writeAutocommit(ctx, p, params, w)
	})
}

// checked is currentRemembered for the execution of p in txn; the error
// of a cached statement's new translation is a retranslateError.
func (s *Session) checked(ctx context.Context, txn kv.Txn, p *prepared) (*prepared, error) {
	q, retranslated, err := s.currentRemembered(ctx, txn, p)
	if err != nil && retranslated && p.key.text != "" {
		return nil, retranslateError{err}
	}
	if err == nil && retranslated && p.key.text != "" && !reflect.DeepEqual(q.st.ParamTypes, p.st.ParamTypes) {
		// The literals were made values of the old translation's types
		// (an enum's labels before ALTER TYPE, say): the ordinary path
		// reads them again.
		return nil, retranslateError{errParamTypesChanged}
	}
	return q, err
}

// errParamTypesChanged is the retranslateError of a cached statement
// whose parameters' types changed with its tables.
var errParamTypesChanged = errors.New("the parameters' types changed")

func (s *Session) runStatement(ctx context.Context, src stmtSource, w pgwire.ResultWriter) error {
	if s.txn != nil {
		return s.runInBlock(ctx, src, w)
	}
	src, w, done, err := s.sqlSpecial(ctx, src, w)
	if done {
		return err
	}
	return s.retrying(ctx, func() (bool, error) { return s.runAutocommit(ctx, src, w) })
}

// retrying runs an autocommit statement, again after a serialization
// failure as long as nothing reached the client (retry).
//
// It runs statements outside a transaction block only, each its own
// transaction: the statement's LISTENs and notifications take effect
// when it succeeds (a failed attempt's are dropped before the next),
// unless it opened a block (BEGIN), which then owns them.
func (s *Session) retrying(ctx context.Context, run func() (retry bool, err error)) error {
	err := s.runAttempts(ctx, run)
	if s.txn == nil {
		s.endTransaction(err == nil)
	}
	return err
}

// runAttempts runs run, and again after a serialization failure while
// run says nothing reached the client (retry) and attempts are left,
// ending each failed attempt (endAttempt) and backing off in between.
func (s *Session) runAttempts(ctx context.Context, run func() (retry bool, err error)) error {
	for attempt := 0; ; attempt++ {
		retry, err := run()
		if err == nil || !retry || attempt >= maxAutocommitRetries || errs.Code(err) != errs.SerializationFailure {
			return err
		}
		s.endAttempt()
		if werr := backoff(ctx, attempt); werr != nil {
			return werr
		}
	}
}

// backoff sleeps a little before a retry: growing, so that hot keys under
// many writers still make progress.
func backoff(ctx context.Context, attempt int) error {
	d := time.Duration(1<<attempt) * 100 * time.Microsecond
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// runAutocommit runs one statement outside a transaction block. It
// translates against a read-only snapshot; queries run in that snapshot
// (read-only transactions never conflict and never wait for other
// commits), while writes and DDL run in a fresh read-write transaction in
// which every table the translation used is looked up again, so that a
// concurrent DROP or ALTER conflicts with the write. retry reports that
// nothing reached the client, so the statement may be run again after a
// serialization conflict.
func (s *Session) runAutocommit(ctx context.Context, src stmtSource, w pgwire.ResultWriter) (retry bool, err error) {
	rtxn, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return false, err
	}
	defer rtxn.Rollback()
	p, err := s.prepare(ctx, rtxn, src)
	if err != nil {
		return false, err
	}
	st := p.st
	if st.Kind == plan.StmtDo || st.Tag == sqlfe.TagCall {
		return s.runNonatomic(ctx, p, w)
	}
	switch st.Kind {
	case plan.StmtBegin:
		txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return false, err
		}
		s.openBlock(txn)
		if err := s.applyTxnModes(ctx, st.TxnModes); err != nil {
			return false, err
		}
		return false, w.Complete(st.Tag)
	case plan.StmtCommit, plan.StmtRollback:
		if err := w.Notice(errs.Notice{Severity: "WARNING", Code: "25P01", Message: "there is no transaction in progress"}); err != nil {
			return false, err
		}
		return false, w.Complete(st.Tag)
	case plan.StmtSavepoint, plan.StmtRelease, plan.StmtRollbackTo:
		_, err := s.savepointCommand(st) // 25P01: there is no block
		return false, err
	case plan.StmtUse:
		if err := s.use(ctx, rtxn, st.UseDatabase); err != nil {
			return false, err
		}
		return false, w.Complete("USE")
	case plan.StmtDeclare, plan.StmtFetch, plan.StmtCloseCursor:
		// Outside a block: WITH HOLD cursors only.
		tag, _, err := s.runOne(ctx, rtxn, p, nil, w)
		if err != nil {
			return false, err
		}
		return false, s.complete(w, tag)
	case plan.StmtQuery, plan.StmtSet:
		tag, sent, err := s.runOne(ctx, rtxn, p, nil, w)
		if errs.Code(err) != errs.ReadOnlySQLTransaction || sent {
			if err != nil {
				return false, err
			}
			return false, s.complete(w, tag)
		}
		// The statement wrote after all (a ZQL expression with a write
		// inside): run it again in a read-write transaction.
	}
	return s.writeAutocommit(ctx, p, nil, w)
}

// queryAutocommit runs a prepared query outside a transaction block in a
// read-only snapshot, or, when it turns out to write, in a read-write
// transaction.
func (s *Session) queryAutocommit(ctx context.Context, p *prepared, params []value.Value, w pgwire.ResultWriter) (retry bool, err error) {
	rtxn, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return false, err
	}
	defer rtxn.Rollback()
	q, err := s.checked(ctx, rtxn, p)
	if err != nil {
		return false, err
	}
	tag, sent, err := s.runOne(ctx, rtxn, q, params, w)
	if errs.Code(err) != errs.ReadOnlySQLTransaction || sent {
		if err != nil {
			return false, err
		}
		return false, s.complete(w, tag)
	}
	return s.writeAutocommit(ctx, q, params, w)
}

// writeAutocommit runs a prepared statement outside a transaction block
// in a fresh read-write transaction, in which it first checks the
// statement's tables, and commits. The tag waits for the commit: a
// conflict found at commit time can still be retried when no row has
// been sent.
func (s *Session) writeAutocommit(ctx context.Context, p *prepared, params []value.Value, w pgwire.ResultWriter) (retry bool, err error) {
	// A query that turned out to write runs again here: the
	// notifications (pg_notify) of its read-only run are not its.
	s.endAttempt()
	txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return false, err
	}
	defer txn.Rollback()
	p, err = s.checked(ctx, txn, p)
	if err != nil {
		return false, err
	}
	tag, sent, err := s.runOne(ctx, txn, p, params, w)
	if err != nil {
		return !sent, err
	}
	if err := s.onCommit(ctx, txn); err != nil {
		return !sent, err
	}
	if err := txn.Commit(ctx); err != nil {
		return !sent, err
	}
	return false, s.complete(w, tag)
}

// complete sends the command tag ("" when the statement already did).
func (s *Session) complete(w pgwire.ResultWriter, tag string) error {
	if p := s.statP; p != nil {
		s.statP = nil
		s.recordStatement(p, tagRows(tag))
	}
	if tag == "" {
		return nil
	}
	return w.Complete(tag)
}

// recordStatement counts a completed run of p (complete: the statement
// runOne last ran, statP) in pg_stat_statements, with the time since
// statStart: the message's start, or the previous statement's end in a
// message of several.
func (s *Session) recordStatement(p *prepared, rows int64) {
	if s.db.exec.Stats == nil {
		return
	}
	now := time.Now()
	k := p.statKey()
	s.db.exec.Stats.Queries.Record(stats.QueryKey{User: s.user, Database: s.database.ID, ID: k.id},
		k.text, now.Sub(s.statStart), rows)
	s.statStart = now
}

// tagRows is the row count a command tag ends with (SELECT 3, INSERT 0
// 3), 0 for a tag without one.
func tagRows(tag string) int64 {
	i := strings.LastIndexByte(tag, ' ')
	if i < 0 {
		return 0
	}
	n, err := strconv.ParseInt(tag[i+1:], 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// runInBlock runs one statement inside the open transaction block.
func (s *Session) runInBlock(ctx context.Context, src stmtSource, w pgwire.ResultWriter) error {
	src, w, done, err := s.sqlSpecial(ctx, src, w)
	if done {
		return err
	}
	// A conflict found as the statement starts fails it, unless it ends
	// the block or goes back to a savepoint (which the commit, or the
	// next statement, then judges again).
	stmtErr := s.newStatement()
	p, err := s.prepare(ctx, s.txn, src)
	if err != nil {
		return err
	}
	st := p.st
	if stmtErr != nil && st.Kind != plan.StmtCommit && st.Kind != plan.StmtRollback && st.Kind != plan.StmtRollbackTo {
		return stmtErr
	}
	if s.failed && st.Kind != plan.StmtCommit && st.Kind != plan.StmtRollback && st.Kind != plan.StmtRollbackTo {
		return errs.New(errs.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	if err := refuseInBlock(st); err != nil {
		return err
	}
	switch st.Kind {
	case plan.StmtSavepoint, plan.StmtRelease, plan.StmtRollbackTo:
		if s.implicit {
			// A savepoint could outlive the error that ends the block.
			return noBlockError(st)
		}
		tag, err := s.savepointCommand(st)
		if err != nil {
			return err
		}
		return w.Complete(tag)
	case plan.StmtBegin:
		// As in PostgreSQL, a BEGIN inside a block still sets its modes.
		if s.implicit {
			s.implicit = false // the message's statements so far join the block
		} else if err := w.Notice(errs.Notice{Severity: "WARNING", Code: errs.ActiveSQLTransaction, Message: "there is already a transaction in progress"}); err != nil {
			return err
		}
		if err := s.applyTxnModes(ctx, st.TxnModes); err != nil {
			return err
		}
		return w.Complete("BEGIN")
	case plan.StmtCommit, plan.StmtRollback:
		if s.implicit {
			s.implicit = false
			if err := w.Notice(errs.Notice{Severity: "WARNING", Code: errs.NoActiveSQLTransaction, Message: "there is no transaction in progress"}); err != nil {
				return err
			}
		}
		return s.endBlock(ctx, st.Kind == plan.StmtCommit, w)
	case plan.StmtUse:
		if err := s.use(ctx, s.txn, st.UseDatabase); err != nil {
			return err
		}
		return w.Complete("USE")
	}
	tag, _, err := s.runRC(ctx, p, nil, w)
	if err != nil {
		return err
	}
	return s.complete(w, tag)
}

func (s *Session) env(txn kv.Txn) *exec.Env {
	env := s.envFor(txn)
	return &env
}

// envFor is the environment of a statement of the session in txn.
func (s *Session) envFor(txn kv.Txn) exec.Env {
	return exec.Env{
		Txn:         txn,
		Namespace:   s.namespace,
		Database:    s.database,
		Temp:        s.visibleTemp(),
		SessionVars: s.vars,
		Now:         time.Now(),
		Setting:     s.settingFunc(),
		Session:     s,
		Deferred:    s.deferredIn(txn),
		Zone:        s.settings.timeZone(),
		PL:          s,
		Locks:       s,
		Stats:       &s.txnStats,
	}
}

// deferredIn is the block's deferred foreign key state for a statement
// that runs in txn: nil unless txn is the open block.
func (s *Session) deferredIn(txn kv.Txn) *exec.Deferred {
	if s.txn == nil || txn != s.txn {
		return nil
	}
	return s.deferred
}

// use switches the session's database ("db" or "namespace/db").
func (s *Session) use(ctx context.Context, txn kv.Txn, target string) error {
	nsName, dbName := catalog.SplitDatabaseName(target, s.namespace.Name)
	if err := tenantCheck(s.superuser, s.home, nsName, target); err != nil {
		return err
	}
	ns, err := s.db.cat.Namespace(ctx, txn, nsName)
	if err != nil {
		return err
	}
	d, err := s.db.cat.Database(ctx, txn, ns.Name, dbName)
	if err != nil {
		return err
	}
	s.namespace, s.database = ns, d
	return nil
}

// execute runs a prepared query, write or DDL statement with params as
// its parameter values and sends its rows; it returns the command tag for
// the caller to send once the statement's effects are committed. sent
// reports whether any row reached the client.
func (s *Session) execute(ctx context.Context, txn kv.Txn, p *prepared, params []value.Value, w pgwire.ResultWriter) (tag string, sent bool, err error) {
	st := p.st
	root := st.Root
	var env *exec.Env
	if st.ZQL {
		// The session's, as SQL's: a ZQL value that refers to its run,
		// and so to this environment (a closure), outlives its statement
		// only in a session variable, which only a let or import
		// statement sets, and neither runs here (see Rerun below).
		env = &s.zqlEnv
		*env = s.envFor(txn)
	} else {
		env = &s.sqlEnv
		*env = exec.Env{Txn: txn, Namespace: s.namespace, Database: s.database, SessionVars: s.vars, Now: time.Now(), Setting: s.settingFunc(), Session: s, PL: s, Locks: s,
			Deferred: s.deferredIn(txn), Zone: s.settings.timeZone()}
	}
	if err := s.statementEnv(ctx, env, st); err != nil {
		return "", false, err
	}
	out := &s.out
	out.reset(w, st, p.shape)
	out.set = s.settings
	defer out.reset(nil, nil, resultShape{}) // keep no references
	// A notice reaches the client at once: the statement is then not
	// retried after a conflict, which would send it again.
	env.Params, env.Notices = params, out
	// The last statement's closed rows: the same plan (from the plan
	// cache) reopens them. A ZQL value that refers to its run (a
	// closure) outlives its statement only in a session variable, which
	// only a let or import statement sets, and neither runs here.
	prev := s.lastRows
	s.lastRows = nil
	rows, err := s.db.exec.Rerun(ctx, env, root, prev)
	if err != nil {
		return "", false, err
	}
	defer func() {
		rows.Close()
		s.lastRows = rows
	}()
	_, isEval := root.(*plan.Eval)
	flatten := isEval && st.ZQL
	var it exec.Rows = rows
	if st.ReturnsRows && s.mayRunAgain(txn, st) {
		// A statement that may run again (runRC) sends no row before
		// all are made.
		if it, err = madeRows(rows); err != nil {
			return "", false, err
		}
	}
	for it.Next() {
		row := it.Row()
		if !st.ReturnsRows {
			out.count++
			continue
		}
		if flatten && row[0].Kind() == value.KindList {
			for _, v := range row[0].AsList() {
				if err := out.row([]value.Value{v}); err != nil {
					return "", out.sent, err
				}
			}
			continue
		}
		if err := out.row(row); err != nil {
			return "", out.sent, err
		}
	}
	if err := it.Err(); err != nil {
		return "", out.sent, err
	}
	tag, err = out.finish()
	return tag, out.sent, err
}

// madeRows reads all of rows (which the caller still closes) into rows
// of their own.
func madeRows(rows exec.Rows) (exec.Rows, error) {
	var made sliceRows
	for rows.Next() {
		made.rows = append(made.rows, slices.Clone(rows.Row()))
	}
	return &made, rows.Err()
}

// sliceRows are rows read ahead (madeRows).
type sliceRows struct {
	rows [][]value.Value
	cur  []value.Value
}

func (r *sliceRows) Next() bool {
	if len(r.rows) == 0 {
		return false
	}
	r.cur, r.rows = r.rows[0], r.rows[1:]
	return true
}
func (r *sliceRows) Row() []value.Value { return r.cur }
func (r *sliceRows) Err() error         { return nil }
func (r *sliceRows) Close()             {}

// openBlock makes txn the session's transaction block (BEGIN).
func (s *Session) openBlock(txn kv.Txn) {
	s.txn, s.failed, s.deferred, s.savepoints, s.queried = txn, false, &exec.Deferred{}, nil, false
	s.isolate(txn)
}

// closeBlock ends the transaction block: it commits when commit is set
// and no statement failed, else rolls back. A commit first runs the
// foreign key checks deferred to it; when one fails the block is rolled
// back and its error returned, as in PostgreSQL.
func (s *Session) closeBlock(ctx context.Context, commit bool) (committed bool, err error) {
	block, failed, deferred := s.txn, s.failed, s.deferred
	s.txn, s.failed, s.deferred, s.savepoints = nil, false, nil, nil
	defer s.endXactLocks()
	defer s.rolesBlockEnded()
	defer func() { s.endTransaction(committed) }()
	if !commit || failed {
		_ = s.endCursors(ctx, false)
		block.Rollback()
		return false, nil
	}
	if deferred.Pending() {
		env := s.env(block)
		env.Deferred = deferred
		if err := s.db.exec.CheckDeferred(ctx, env); err != nil {
			_ = s.endCursors(ctx, false)
			block.Rollback()
			return false, err
		}
	}
	// The block's WITH HOLD cursors read the rest of their rows now;
	// its other cursors end (their reads join the block's read set).
	if err := s.endCursors(ctx, true); err != nil {
		block.Rollback()
		return false, err
	}
	if err := s.onCommit(ctx, block); err != nil {
		block.Rollback()
		return false, err
	}
	if err := block.Commit(ctx); err != nil {
		_ = s.endCursors(ctx, false)
		return false, err
	}
	s.keepCursors()
	return true, nil
}

// endBlock is COMMIT or ROLLBACK of the open block for a client: the
// tag says what happened, and the block's SET LOCAL settings end with it.
func (s *Session) endBlock(ctx context.Context, commit bool, w pgwire.ResultWriter) error {
	committed, err := s.closeBlock(ctx, commit)
	s.settings.endBlock(committed)
	if err != nil {
		return err
	}
	if committed {
		return w.Complete("COMMIT")
	}
	return w.Complete("ROLLBACK")
}
