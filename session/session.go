package session

import (
	"context"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/sqlfe"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// maxAutocommitRetries bounds how often an autocommit statement that lost
// a serialization conflict is re-run before the 40001 reaches the client.
const maxAutocommitRetries = 8

// Session is one client connection's state. It implements pgwire.Session.
type Session struct {
	db        *DB
	user      string
	namespace *catalog.Namespace
	database  *catalog.Database

	// txn is the open transaction block (BEGIN ... COMMIT); nil in
	// autocommit mode. failed marks a block in which a statement failed:
	// everything but COMMIT/ROLLBACK is refused until it ends.
	txn    kv.Txn
	failed bool

	settings *settings
	vars     map[string]value.Value
	language Language // LangAuto unless forced by SET zerodb.language
}

// OpenSession implements pgwire.Backend. The startup database names
// "<database>" in the user's namespace or "<namespace>/<database>"; an
// empty name, or one equal to the user name that does not exist (psql's
// default), means database "main".
func (db *DB) OpenSession(ctx context.Context, p pgwire.StartupParams) (pgwire.Session, error) {
	nsName, err := db.userNamespace(ctx, p.User)
	if err != nil {
		return nil, err
	}
	dbName := p.Database
	if i := strings.IndexByte(dbName, '/'); i >= 0 {
		nsName, dbName = dbName[:i], dbName[i+1:]
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
	if err != nil && dbName == p.User && !strings.Contains(p.Database, "/") {
		d, err = db.cat.Database(ctx, txn, ns.Name, "main")
	}
	if err != nil {
		return nil, err
	}
	s := &Session{
		db:        db,
		user:      p.User,
		namespace: ns,
		database:  d,
		settings:  newSettings(p),
		vars:      make(map[string]value.Value),
	}
	return s, nil
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
	if s.txn != nil {
		s.txn.Rollback()
		s.txn = nil
	}
}

// stmtSource is one statement of a message in either language.
type stmtSource struct {
	sql  *sqlfe.Stmt
	zql  *zqlfe.Stmt
	text string
}

// Query implements pgwire.Session.
func (s *Session) Query(ctx context.Context, text string, w pgwire.ResultWriter) error {
	lang := s.language
	if lang == LangAuto || isLanguageSetting(text) {
		lang = DetectLanguage(text)
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
		stmts, err := sqlfe.Split(text)
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

// fail marks an open transaction block failed and passes err on.
func (s *Session) fail(err error) error {
	if s.txn != nil {
		s.failed = true
	}
	return err
}

func (s *Session) translate(ctx context.Context, r *resolver, src stmtSource) (*plan.Statement, error) {
	if src.zql != nil {
		return zqlfe.Translate(ctx, r, *src.zql)
	}
	return sqlfe.Translate(ctx, r, *src.sql)
}

func (s *Session) runStatement(ctx context.Context, src stmtSource, w pgwire.ResultWriter) error {
	if s.txn != nil {
		return s.runInBlock(ctx, src, w)
	}
	for attempt := 0; ; attempt++ {
		retry, err := s.runAutocommit(ctx, src, w)
		if err != nil && retry && attempt < maxAutocommitRetries && errs.Code(err) == errs.SerializationFailure {
			if werr := backoff(ctx, attempt); werr != nil {
				return werr
			}
			continue
		}
		return err
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
	r := &resolver{s: s, txn: rtxn}
	st, err := s.translate(ctx, r, src)
	if err != nil {
		return false, err
	}
	switch st.Kind {
	case plan.StmtBegin:
		txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return false, err
		}
		s.txn, s.failed = txn, false
		return false, w.Complete(st.Tag)
	case plan.StmtCommit, plan.StmtRollback:
		if err := w.Notice("WARNING", "25P01", "there is no transaction in progress"); err != nil {
			return false, err
		}
		return false, w.Complete(st.Tag)
	case plan.StmtUse:
		if err := s.use(ctx, rtxn, st.UseDatabase); err != nil {
			return false, err
		}
		return false, w.Complete("USE")
	case plan.StmtQuery, plan.StmtSet:
		tag, sent, err := s.runOne(ctx, rtxn, st, w)
		if errs.Code(err) != errs.ReadOnlySQLTransaction || sent {
			if err != nil {
				return false, err
			}
			return false, s.complete(w, tag)
		}
		// The statement wrote after all (a ZQL expression with a write
		// inside): run it again in a read-write transaction.
	}
	txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return false, err
	}
	defer txn.Rollback()
	r.txn = txn
	if changed, err := r.revalidate(ctx); err != nil {
		return false, err
	} else if changed {
		r.tables = nil
		if st, err = s.translate(ctx, r, src); err != nil {
			return false, err
		}
	}
	tag, sent, err := s.runOne(ctx, txn, st, w)
	if err != nil {
		return !sent, err
	}
	// The tag waits for the commit: a conflict found at commit time can
	// still be retried when no row has been sent.
	if err := txn.Commit(ctx); err != nil {
		return !sent, err
	}
	return false, s.complete(w, tag)
}

// complete sends the command tag ("" when the statement already did).
func (s *Session) complete(w pgwire.ResultWriter, tag string) error {
	if tag == "" {
		return nil
	}
	return w.Complete(tag)
}

// runOne runs a statement that is neither transaction control nor USE in
// txn and returns its tag.
func (s *Session) runOne(ctx context.Context, txn kv.Txn, st *plan.Statement, w pgwire.ResultWriter) (tag string, sent bool, err error) {
	if st.Kind == plan.StmtSet {
		if st.Tag == "SHOW" {
			return s.show(st, w)
		}
		tag, err := s.set(ctx, txn, st)
		return tag, false, err
	}
	return s.execute(ctx, txn, st, w)
}

// runInBlock runs one statement inside the open transaction block.
func (s *Session) runInBlock(ctx context.Context, src stmtSource, w pgwire.ResultWriter) error {
	st, err := s.translate(ctx, &resolver{s: s, txn: s.txn}, src)
	if err != nil {
		return err
	}
	if s.failed && st.Kind != plan.StmtCommit && st.Kind != plan.StmtRollback {
		return errs.New(errs.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	switch st.Kind {
	case plan.StmtBegin:
		if err := w.Notice("WARNING", errs.ActiveSQLTransaction, "there is already a transaction in progress"); err != nil {
			return err
		}
		return w.Complete("BEGIN")
	case plan.StmtCommit, plan.StmtRollback:
		block, failed := s.txn, s.failed
		s.txn, s.failed = nil, false
		if st.Kind == plan.StmtRollback || failed {
			block.Rollback()
			return w.Complete("ROLLBACK")
		}
		if err := block.Commit(ctx); err != nil {
			return err
		}
		return w.Complete("COMMIT")
	case plan.StmtUse:
		if err := s.use(ctx, s.txn, st.UseDatabase); err != nil {
			return err
		}
		return w.Complete("USE")
	}
	tag, _, err := s.runOne(ctx, s.txn, st, w)
	if err != nil {
		return err
	}
	return s.complete(w, tag)
}

func (s *Session) env(txn kv.Txn) *exec.Env {
	return &exec.Env{
		Txn:         txn,
		Namespace:   s.namespace,
		Database:    s.database,
		SessionVars: s.vars,
		Now:         time.Now(),
	}
}

// use switches the session's database ("db" or "namespace/db").
func (s *Session) use(ctx context.Context, txn kv.Txn, target string) error {
	nsName, dbName := s.namespace.Name, target
	if i := strings.IndexByte(target, '/'); i >= 0 {
		nsName, dbName = target[:i], target[i+1:]
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

// execute runs a query, write or DDL statement and sends its rows; it
// returns the command tag for the caller to send once the statement's
// effects are committed. sent reports whether any row reached the client.
func (s *Session) execute(ctx context.Context, txn kv.Txn, st *plan.Statement, w pgwire.ResultWriter) (tag string, sent bool, err error) {
	root := opt.OptimizeWith(st.Root, s.db.exec.OptimizerOptions())
	rows, err := s.db.exec.Run(ctx, s.env(txn), root)
	if err != nil {
		return "", false, err
	}
	defer rows.Close()
	out := newRowWriter(w, st)
	_, isEval := root.(*plan.Eval)
	flatten := isEval && st.ZQL
	for rows.Next() {
		row := rows.Row()
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
	if err := rows.Err(); err != nil {
		return "", out.sent, err
	}
	tag, err = out.finish()
	return tag, out.sent, err
}
