package session

import (
	"context"
	"slices"

	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/sqlfe"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// This file is the session's entry point for the embedded Go API
// (package zerodb at the module root): the same prepare (translate,
// optimize), revalidate and execute steps the wire uses, with values in
// and out instead of PostgreSQL text or binary formats.

// EmbeddedSession opens a session for an embedding program: the root
// user's namespace ("default") and the named database ("" means main).
// It does not authenticate; the program owns the data directory.
func (db *DB) EmbeddedSession(ctx context.Context, database string) (*Session, error) {
	if database == "" {
		database = "main"
	}
	txn, err := db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer txn.Rollback()
	ns, err := db.cat.Namespace(ctx, txn, "default")
	if err != nil {
		return nil, err
	}
	d, err := db.cat.Database(ctx, txn, ns.Name, database)
	if err != nil {
		return nil, err
	}
	return &Session{
		db:        db,
		user:      RootUser,
		superuser: true,
		home:      ns.Name,
		namespace: ns,
		database:  d,
		settings:  newSettings(pgwire.StartupParams{User: RootUser, Database: database}, db.server),
		vars:      make(map[string]value.Value),
	}, nil
}

// Statement is one statement prepared for the Go API: translated and
// optimized once, its tables looked up again at every run.
type Statement struct {
	p *prepared // nil for an empty statement
}

// ZQL reports whether the statement is ZQL (its rows are single values).
func (st *Statement) ZQL() bool { return st.p != nil && st.p.st.ZQL }

// ChangesSession reports whether running the statement changes the
// session beyond a transaction: USE, SET, ZQL let and import, and DDL of
// temporary tables (a pooled session must not hand them to its next
// user).
func (st *Statement) ChangesSession() bool {
	return st.p != nil && (st.p.st.Kind == plan.StmtUse || st.p.st.Kind == plan.StmtSet && st.p.st.Tag != "SHOW" || st.p.st.Temp)
}

// NumParams is the number of positional parameters ($1 ... $n).
func (st *Statement) NumParams() int {
	if st.p == nil {
		return 0
	}
	return len(st.p.st.ParamTypes)
}

// Columns are the result columns (nil when the statement returns no rows;
// a ZQL result is one column named result).
func (st *Statement) Columns() []plan.Column {
	if st.p == nil || !st.p.st.ReturnsRows {
		return nil
	}
	if st.p.st.ZQL {
		return []plan.Column{{Name: zqlResultColumn.Name, Type: value.Any}}
	}
	return st.p.st.Columns
}

// PrepareStatement prepares one statement of either language, chosen as
// for a wire message (DetectLanguage, or the zerodb.language setting).
func (s *Session) PrepareStatement(ctx context.Context, text string) (*Statement, error) {
	lang, text := s.languageOf(text)
	var src stmtSource
	var n int
	if lang == LangZQL {
		stmts, err := zqlfe.Split(text)
		if err != nil {
			return nil, hintSQLTypo(text, err)
		}
		if n = len(stmts); n == 1 {
			src = stmtSource{zql: &stmts[0], text: text}
		}
	} else {
		stmts, err := sqlfe.Split(text)
		if err != nil {
			return nil, err
		}
		if n = len(stmts); n == 1 {
			src = stmtSource{sql: &stmts[0], text: text}
		}
	}
	switch {
	case n == 0:
		return &Statement{}, nil
	case n > 1:
		return nil, errs.New(errs.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	txn, done, err := s.translateTxn(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	p, err := s.prepare(ctx, txn, src)
	if err != nil {
		return nil, err
	}
	return &Statement{p: p}, nil
}

// Rows are the results of one run of a statement. A query streams from
// its snapshot (read-only outside a block) until Close; a write or DDL
// outside a block has run and committed before Run returns, and its rows
// are buffered.
type Rows struct {
	s    *Session
	st   *plan.Statement
	cols []plan.Column

	rows exec.Rows       // a streaming query
	buf  [][]value.Value // rows produced at once
	cur  []value.Value
	own  kv.Txn // the read-only snapshot a streaming query owns
	// retry re-runs an autocommit query as a write when it wrote after all
	// (a ZQL expression calling a writing function) before any row.
	retry func() (*Rows, error)

	count  int
	tag    string
	err    error
	done   bool
	closed bool
}

// Columns are the statement's result columns.
func (r *Rows) Columns() []plan.Column { return r.cols }

// Next advances to the next row; false at the end or on an error (Err).
func (r *Rows) Next() bool {
	if r.done {
		return false
	}
	if r.rows != nil {
		if r.rows.Next() {
			r.cur = r.rows.Row()
			r.count++
			return true
		}
		err := r.rows.Err()
		if err != nil && r.count == 0 && r.retry != nil && errs.Code(err) == errs.ReadOnlySQLTransaction {
			r.release()
			r.s.endAttempt() // the read-only run's; the write runs again
			nr, rerr := r.retry()
			if rerr != nil {
				return r.finish(rerr)
			}
			*r = *nr
			return r.Next()
		}
		return r.finish(err)
	}
	if len(r.buf) > 0 {
		r.cur, r.buf = r.buf[0], r.buf[1:]
		r.count++
		return true
	}
	return r.finish(nil)
}

func (r *Rows) finish(err error) bool {
	r.done, r.cur = true, nil
	if err != nil {
		r.err = r.s.fail(err)
	} else if r.tag == "" {
		r.tag = tagOf(r.st, r.count)
	}
	r.release()
	if r.s.txn == nil {
		// An autocommit statement ended: its notifications (pg_notify)
		// go out unless it failed.
		r.s.endTransaction(err == nil)
	}
	return false
}

// Row is the current row; valid until the next call of Next.
func (r *Rows) Row() []value.Value { return r.cur }

// Err is the error that ended the rows, if any.
func (r *Rows) Err() error { return r.err }

// Tag is the command tag ("SELECT 3", "INSERT 0 1", "CREATE TABLE", ...)
// once the rows are done.
func (r *Rows) Tag() string { return r.tag }

// Close ends the rows early (or after the end) and releases the snapshot.
func (r *Rows) Close() {
	if r.closed {
		return
	}
	ended := !r.done
	r.closed, r.done, r.cur = true, true, nil
	r.release()
	if ended && r.s != nil && r.s.txn == nil {
		// A query closed early still ran in its own transaction.
		r.s.endTransaction(true)
	}
}

func (r *Rows) release() {
	if r.rows != nil {
		r.rows.Close()
		r.rows = nil
	}
	if r.own != nil {
		r.own.Rollback()
		r.own = nil
	}
	r.buf = nil
	if r.s != nil && r.s.txn == nil {
		// An autocommit statement's transaction has ended.
		r.s.endXactLocks()
	}
}

// tagOf is the command tag of a statement that yielded n rows.
func tagOf(st *plan.Statement, n int) string {
	var out rowWriter
	out.reset(discardWriter{}, st, resultShape{})
	out.count = n
	tag, _ := out.finish()
	return tag
}

// discardWriter is a pgwire.ResultWriter that sends nothing.
type discardWriter struct{}

func (discardWriter) Columns([]pgwire.Column) error { return nil }
func (discardWriter) Row([][]byte) error            { return nil }
func (discardWriter) Complete(string) error         { return nil }
func (discardWriter) Empty() error                  { return nil }
func (discardWriter) Notice(errs.Notice) error      { return nil }

// textRows collects the text rows a statement sends (SHOW).
type textRows struct {
	discardWriter
	rows [][]value.Value
}

func (t *textRows) Row(vals [][]byte) error {
	row := make([]value.Value, len(vals))
	for i, v := range vals {
		if v != nil {
			row[i] = value.String(string(v))
		}
	}
	t.rows = append(t.rows, row)
	return nil
}

// InTransaction reports whether a transaction block is open.
func (s *Session) InTransaction() bool { return s.txn != nil }

// Run runs a prepared statement with positional and named parameter
// values, as one autocommit statement (retried after a serialization
// conflict while nothing has been returned) or inside the open block.
// SQL parameter values are converted to the types the translation
// inferred; ZQL takes values as they are.
func (s *Session) Run(ctx context.Context, stmt *Statement, params []value.Value, named map[string]value.Value) (*Rows, error) {
	r, err := s.run(ctx, stmt, params, named)
	if err != nil {
		return nil, s.fail(err)
	}
	return r, nil
}

func (s *Session) run(ctx context.Context, stmt *Statement, params []value.Value, named map[string]value.Value) (*Rows, error) {
	p := stmt.p
	if p == nil {
		return &Rows{s: s, done: true}, nil
	}
	st := p.st
	if s.failed && st.Kind != plan.StmtCommit && st.Kind != plan.StmtRollback && st.Kind != plan.StmtRollbackTo {
		return nil, errs.New(errs.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	params, err := bindValues(st, params)
	if err != nil {
		return nil, err
	}
	done := func(tag string, rows [][]value.Value) *Rows {
		return &Rows{s: s, st: st, cols: stmt.Columns(), buf: rows, tag: tag}
	}
	switch st.Kind {
	case plan.StmtSavepoint, plan.StmtRelease, plan.StmtRollbackTo:
		tag, err := s.savepointCommand(st)
		if err != nil {
			return nil, err
		}
		return done(tag, nil), nil
	case plan.StmtBegin:
		if s.txn != nil {
			return nil, errs.New(errs.ActiveSQLTransaction, "there is already a transaction in progress")
		}
		txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return nil, err
		}
		s.openBlock(txn)
		if err := s.applyTxnModes(ctx, st.TxnModes); err != nil {
			return nil, err
		}
		return done(st.Tag, nil), nil
	case plan.StmtCommit, plan.StmtRollback:
		if s.txn == nil {
			return nil, errs.New("25P01", "there is no transaction in progress")
		}
		committed, err := s.closeBlock(ctx, st.Kind == plan.StmtCommit)
		if err != nil {
			return nil, err
		}
		if !committed {
			return done("ROLLBACK", nil), nil
		}
		return done("COMMIT", nil), nil
	case plan.StmtUse, plan.StmtSet, plan.StmtDo:
		return s.runUtility(ctx, stmt)
	case plan.StmtDeclare, plan.StmtFetch, plan.StmtCloseCursor:
		// Rows hands out typed values; a FETCH renders text for the wire.
		return nil, errs.New(errs.FeatureNotSupported, "SQL cursors are not supported through the Go API: its Rows stream a query's rows")
	}
	if s.txn != nil {
		if err := s.newStatement(); err != nil {
			return nil, err
		}
		return s.streamRC(ctx, p, params, named)
	}
	if st.Kind == plan.StmtQuery {
		rtxn, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		r, err := s.stream(ctx, rtxn, rtxn, p, params, named)
		if err != nil {
			rtxn.Rollback()
			if errs.Code(err) != errs.ReadOnlySQLTransaction {
				return nil, err
			}
			return s.runWrite(ctx, stmt, params, named)
		}
		r.retry = func() (*Rows, error) { return s.runWrite(ctx, stmt, params, named) }
		return r, nil
	}
	return s.runWrite(ctx, stmt, params, named)
}

// runUtility runs USE, SET, SHOW, ZQL let and DO.
func (s *Session) runUtility(ctx context.Context, stmt *Statement) (*Rows, error) {
	st := stmt.p.st
	txn := s.txn
	if txn == nil {
		var err error
		txn, err = s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: st.Kind == plan.StmtUse || st.Tag == "SHOW"})
		if err != nil {
			return nil, err
		}
		defer txn.Rollback()
	}
	if st.Kind == plan.StmtUse {
		if err := s.use(ctx, txn, st.UseDatabase); err != nil {
			return nil, err
		}
		return &Rows{s: s, st: st, tag: "USE"}, nil
	}
	var w textRows
	tag, _, err := s.runOne(ctx, txn, stmt.p, nil, &w)
	if err == nil && txn != s.txn && st.Tag != "SHOW" {
		if err = s.onCommit(ctx, txn); err == nil {
			err = txn.Commit(ctx)
		}
	}
	if txn != s.txn {
		// A NOTIFY outside a block is its own transaction.
		s.endTransaction(err == nil)
	}
	if err != nil {
		return nil, err
	}
	cols := stmt.Columns()
	if st.Tag == "SHOW" && len(w.rows) > 0 {
		cols = make([]plan.Column, len(w.rows[0]))
		for i := range cols {
			cols[i] = plan.Column{Name: "setting", Type: value.TypeText}
		}
		if len(cols) == 3 {
			cols[0].Name, cols[2].Name = "name", "description"
		}
	}
	return &Rows{s: s, st: st, cols: cols, buf: w.rows, tag: tag}, nil
}

// stream starts p in txn (own: a snapshot the rows release at the end).
func (s *Session) stream(ctx context.Context, txn, own kv.Txn, p *prepared, params []value.Value, named map[string]value.Value) (*Rows, error) {
	p, _, err := s.current(ctx, txn, p)
	if err != nil {
		return nil, err
	}
	env := s.env(txn)
	env.Params, env.NamedParams = params, named
	if err := s.statementEnv(ctx, env, p.st); err != nil {
		return nil, err
	}
	rows, err := s.db.exec.Run(ctx, env, p.st.Root)
	if err != nil {
		return nil, err
	}
	r := &Rows{s: s, st: p.st, rows: zqlRows(p.st, rows), own: own}
	r.cols = (&Statement{p: p}).Columns()
	if !p.st.ReturnsRows {
		// Only the count matters: run it through now so that the tag and
		// any error are known.
		n := 0
		for rows.Next() {
			n++
		}
		err := rows.Err()
		r.release()
		if err != nil {
			return nil, err
		}
		r.done, r.tag = true, tagOf(p.st, n)
	}
	return r, nil
}

// streamRC is stream in the open block, run again as runRC runs a
// statement; the rows of one that may run again are read before the
// caller gets them.
func (s *Session) streamRC(ctx context.Context, p *prepared, params []value.Value, named map[string]value.Value) (*Rows, error) {
	var r *Rows
	err := s.runAgainWhile(ctx, s.txn, p, func(p *prepared, whole bool) (bool, error) {
		var err error
		if r, err = s.stream(ctx, s.txn, nil, p, params, named); err != nil || !whole || r.done {
			return false, err
		}
		var buf [][]value.Value
		for r.Next() {
			buf = append(buf, slices.Clone(r.Row()))
		}
		if err := r.Err(); err != nil {
			return false, err
		}
		r = &Rows{s: s, st: r.st, cols: r.cols, buf: buf, tag: r.tag}
		return false, nil
	})
	return r, err
}

// runWrite runs p outside a block in a read-write transaction, retried
// after a serialization conflict, and buffers its rows.
func (s *Session) runWrite(ctx context.Context, stmt *Statement, params []value.Value, named map[string]value.Value) (*Rows, error) {
	var out *Rows
	err := s.retrying(ctx, func() (bool, error) {
		txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return false, err
		}
		defer txn.Rollback()
		r, err := s.stream(ctx, txn, nil, stmt.p, params, named)
		if err != nil {
			return true, err
		}
		var buf [][]value.Value
		for r.Next() {
			buf = append(buf, append([]value.Value(nil), r.Row()...))
		}
		if err := r.Err(); err != nil {
			return true, err
		}
		if err := s.onCommit(ctx, txn); err != nil {
			return true, err
		}
		if err := txn.Commit(ctx); err != nil {
			return true, err
		}
		out = &Rows{s: s, st: r.st, cols: r.cols, buf: buf, tag: r.tag}
		return false, nil
	})
	return out, err
}

// bindValues converts SQL parameter values to the types the translation
// gave the parameters (ZQL values are untyped until run time).
func bindValues(st *plan.Statement, params []value.Value) ([]value.Value, error) {
	if n := len(st.ParamTypes); len(params) < n {
		return nil, errs.New(errs.ProtocolViolation, "the statement needs %d parameters, %d were given", n, len(params))
	}
	if st.ZQL {
		return params, nil
	}
	var out []value.Value
	for i, t := range st.ParamTypes {
		v := params[i]
		if v.IsNone() || t.Kind == value.KindAny && !t.JSON {
			continue
		}
		c, err := value.Convert(v, t)
		if err != nil {
			return nil, errs.From(err).WithDetail("parameter $%d", i+1)
		}
		if out == nil {
			out = append([]value.Value(nil), params...)
		}
		out[i] = c
	}
	if out == nil {
		return params, nil
	}
	return out, nil
}
