package session

import (
	"context"
	"slices"
	"time"

	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/sqlfe"
)

var _ pgwire.ExtendedSession = (*Session)(nil)

// extState is the extended query protocol's part of a session: prepared
// statements and portals by name, and the batch's implicit transaction.
type extState struct {
	stmts   map[string]*extStmt
	portals map[string]*portal
	// ro and rw are the implicit transactions of the current batch
	// outside a block (nil until a statement needs one): queries run in a
	// read-only snapshot until the batch's first write or DDL opens the
	// read-write one, which the batch's later statements then use. failed
	// marks a batch in which a message failed, so that Sync rolls it back.
	ro, rw kv.Txn
	failed bool
	// spare is a closed portal whose buffers the next Bind reuses: most
	// clients bind the unnamed portal once per Sync.
	spare *portal
}

// extStmt is a statement made by Parse.
type extStmt struct {
	name string
	p    *prepared // nil for an empty query
	desc *pgwire.StatementDescription
	// paramTypes are the types Bind reads the parameter values as.
	paramTypes []value.Type
}

// portal is a bound statement, possibly running.
type portal struct {
	name    string
	stmt    *extStmt
	params  []value.Value
	formats []int16 // one per result column
	cols    []pgwire.Column

	started bool
	done    bool
	txn     kv.Txn
	p       *prepared
	rows    exec.Rows // a running query
	// doneRows are the closed rows of the portal's last query, which the next
	// execution of the same plan may reopen (exec.Executor.Rerun).
	doneRows exec.Rows
	// cur makes the portal a SQL cursor (cursor.go).
	cur *cursor
	// runCtx is the context its query runs in when that outlives one
	// statement's (cursor.go); nil: the starting Execute's.
	runCtx *portalCtx
	// view is the snapshot a query that may be suspended reads in a READ
	// COMMITTED block (startPortal); nil when it reads txn itself.
	view kv.Txn
	// statTime and statRows are what the Executes that suspended the
	// portal took and sent, for pg_stat_statements.
	statTime time.Duration
	statRows int64
	buf      [][]value.Value // the rows of a write, run to completion
	out      *rowWriter
	bw       binaryWriter
	rw       rowWriter // out's storage
	env      exec.Env  // the running statement's
}

func (s *Session) extState() *extState {
	if s.ext == nil {
		s.ext = &extState{stmts: make(map[string]*extStmt), portals: make(map[string]*portal)}
	}
	return s.ext
}

// extFail marks the batch (and an open block) failed.
func (s *Session) extFail(err error) error {
	if err == nil {
		return nil
	}
	s.extState().failed = true
	return s.fail(err)
}

// knownOID reports whether oid names a parameter type oidType maps (0
// and unknown ask the server to infer the type).
func knownOID(oid uint32) bool {
	return oid == value.OIDJSONB || value.TypeOfOID(oid).Kind != value.KindAny
}

// Prepare implements pgwire.ExtendedSession.
func (s *Session) Prepare(ctx context.Context, name, text string, paramTypes []uint32) (*pgwire.StatementDescription, error) {
	d, err := s.prepareExt(ctx, name, text, paramTypes)
	return d, s.extFail(err)
}

func (s *Session) prepareExt(ctx context.Context, name, text string, paramTypes []uint32) (*pgwire.StatementDescription, error) {
	x := s.extState()
	if name != "" {
		if _, ok := x.stmts[name]; ok {
			return nil, errs.New("42P05", "prepared statement %q already exists", name)
		}
	}
	lang, text := s.languageOf(text)
	es := &extStmt{name: name}
	if lang == LangZQL {
		if err := s.prepareZQLExt(ctx, es, text, paramTypes); err != nil {
			return nil, err
		}
		x.stmts[name] = es
		return es.desc, nil
	}
	stmts, err := sqlfe.Split(text)
	if err != nil {
		return nil, err
	}
	switch len(stmts) {
	case 0:
		es.desc = &pgwire.StatementDescription{ParamTypes: []uint32{}}
	case 1:
		st := stmts[0]
		if len(paramTypes) > 0 {
			st.ParamTypes = make([]value.Type, len(paramTypes))
			for i, oid := range paramTypes {
				if value.IsEnumOID(oid) {
					// An enum's OID names no type without the catalog:
					// the parameter takes its type from its context, as
					// one of OID 0 does (the enum, where it is compared
					// with or written to one).
					continue
				}
				st.ParamTypes[i] = value.TypeOfOID(oid)
			}
		}
		txn, done, err := s.extTranslateTxn(ctx)
		if err != nil {
			return nil, err
		}
		defer done()
		p, err := s.prepare(ctx, txn, stmtSource{sql: &st, text: text})
		if err != nil {
			return nil, err
		}
		es.p, es.paramTypes = p, p.st.ParamTypes
		desc := &pgwire.StatementDescription{ParamTypes: make([]uint32, len(p.st.ParamTypes))}
		for i, t := range p.st.ParamTypes {
			desc.ParamTypes[i] = t.OID()
			// A type the client named is described back as named
			// (varchar stays varchar, json stays json): drivers such as
			// JDBC refuse a statement whose parameter types changed.
			if i < len(paramTypes) && knownOID(paramTypes[i]) {
				desc.ParamTypes[i] = paramTypes[i]
			}
		}
		if p.st.ReturnsRows {
			desc.Columns = append([]pgwire.Column{}, p.shape.cols...)
		}
		if cols := s.fetchColumns(p.st); cols != nil {
			desc.Columns = append([]pgwire.Column{}, cols...)
		}
		es.desc = desc
	default:
		return nil, errs.New(errs.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	x.stmts[name] = es
	return es.desc, nil
}

// DescribeStatement implements pgwire.ExtendedSession.
func (s *Session) DescribeStatement(ctx context.Context, name string) (*pgwire.StatementDescription, error) {
	es, ok := s.extState().stmts[name]
	if !ok {
		return nil, s.extFail(errs.New(errs.InvalidSQLStatementName, "prepared statement %q does not exist", name))
	}
	return es.desc, nil
}

// Bind implements pgwire.ExtendedSession.
func (s *Session) Bind(ctx context.Context, portalName, statement string, paramFormats []int16, params [][]byte, resultFormats []int16) error {
	return s.extFail(s.bind(portalName, statement, paramFormats, params, resultFormats))
}

func (s *Session) bind(portalName, statement string, paramFormats []int16, params [][]byte, resultFormats []int16) error {
	x := s.extState()
	es, ok := x.stmts[statement]
	if !ok {
		return errs.New(errs.InvalidSQLStatementName, "prepared statement %q does not exist", statement)
	}
	if portalName != "" {
		if _, ok := x.portals[portalName]; ok {
			return errs.New("42P03", "cursor %q already exists", portalName)
		}
	}
	if n := len(es.desc.ParamTypes); len(params) != n {
		return errs.New(errs.ProtocolViolation, "bind message supplies %d parameters, but prepared statement \"%s\" requires %d", len(params), statement, n)
	}
	pt := x.newPortal(portalName, es)
	if es.p != nil {
		pt.params = slices.Grow(pt.params[:0], len(params))[:len(params)]
		for i, raw := range params {
			if raw == nil {
				pt.params[i] = value.None
				continue
			}
			f := int16(0)
			switch {
			case len(paramFormats) == 1:
				f = paramFormats[0]
			case len(paramFormats) > i:
				f = paramFormats[i]
			}
			t := es.paramTypes[i]
			var v value.Value
			var err error
			switch {
			case f == 1 && es.desc.ParamTypes[i] == value.OIDJSON:
				// json's binary form is its text.
				v, err = value.ParseText(string(raw), t)
			case f == 1:
				v, err = decodeBinaryParam(raw, t, i+1)
			default:
				v, err = value.ParseTextIn(string(raw), t, s.settings.timeZone())
			}
			if err != nil {
				return err
			}
			pt.params[i] = v
		}
	}
	cols := es.desc.Columns
	if es.p != nil && es.p.st.Kind == plan.StmtFetch {
		// The cursor's columns now (Parse may have come before DECLARE).
		cols = s.fetchColumns(es.p.st)
	}
	if cols == nil {
		// No rows (a write, DDL): DescribePortal answers NoData, so the
		// reused portal's column slice must not stay behind as an empty
		// row description.
		pt.cols, pt.formats = nil, nil
	} else {
		if len(resultFormats) > 1 && len(resultFormats) != len(cols) {
			return errs.New(errs.ProtocolViolation, "bind message has %d result formats but query has %d columns", len(resultFormats), len(cols))
		}
		pt.cols = append(pt.cols[:0], cols...)
		pt.formats = slices.Grow(pt.formats[:0], len(cols))[:len(cols)]
		for i := range pt.cols {
			f := int16(0)
			switch {
			case len(resultFormats) == 1:
				f = resultFormats[0]
			case len(resultFormats) > i:
				f = resultFormats[i]
			}
			if f == 1 && !binaryResultSupported(pt.cols[i].TypeOID) {
				return errs.New(errs.FeatureNotSupported, "binary format is not supported for result column %q (type OID %d)", pt.cols[i].Name, pt.cols[i].TypeOID)
			}
			pt.cols[i].Format = f
			pt.formats[i] = f
		}
	}
	if old, ok := x.portals[portalName]; ok {
		x.recycle(old)
	}
	x.portals[portalName] = pt
	return nil
}

// DescribePortal implements pgwire.ExtendedSession.
func (s *Session) DescribePortal(ctx context.Context, name string) ([]pgwire.Column, error) {
	pt, ok := s.extState().portals[name]
	if !ok {
		return nil, s.extFail(errs.New(errs.InvalidCursorName, "portal %q does not exist", name))
	}
	return pt.cols, nil
}

// CloseStatement implements pgwire.ExtendedSession.
func (s *Session) CloseStatement(ctx context.Context, name string) error {
	delete(s.extState().stmts, name)
	return nil
}

// ClosePortal implements pgwire.ExtendedSession.
func (s *Session) ClosePortal(ctx context.Context, name string) error {
	x := s.extState()
	if pt, ok := x.portals[name]; ok {
		if pt.cur != nil {
			s.closeCursor(pt)
			return nil
		}
		delete(x.portals, name)
		x.recycle(pt)
	}
	return nil
}

func (pt *portal) close() {
	if pt.rows != nil {
		pt.rows.Close()
		pt.doneRows, pt.rows = pt.rows, nil
	}
	if pt.view != nil {
		pt.view.Rollback()
		pt.view = nil
	}
	pt.buf = nil
	pt.out = nil
}

// closePortals drops every portal but keep (their transaction ended),
// except the cursors, which end their own way (cursor.go).
func (s *Session) closePortals(keep *portal) {
	if s.ext == nil {
		return
	}
	for name, pt := range s.ext.portals {
		if pt != keep && pt.cur == nil {
			delete(s.ext.portals, name)
			s.ext.recycle(pt)
		}
	}
}

// Sync implements pgwire.ExtendedSession.
func (s *Session) Sync(ctx context.Context) error {
	x := s.extState()
	failed := x.failed
	x.failed = false
	ro, rw := x.ro, x.rw
	x.ro, x.rw = nil, nil
	if s.txn == nil {
		// Outside a block the transaction ends here, and its portals.
		s.closePortals(nil)
	} else {
		for name, pt := range x.portals {
			if pt.txn != nil && pt.txn != s.txn && pt.cur == nil {
				pt.close()
				delete(x.portals, name)
			}
		}
	}
	if ro != nil {
		ro.Rollback()
	}
	var err error
	switch {
	case failed && rw != nil:
		rw.Rollback()
	case rw != nil:
		if err = s.onCommit(ctx, rw); err != nil {
			rw.Rollback()
		} else {
			err = rw.Commit(ctx)
		}
	}
	if s.txn == nil {
		// The batch's implicit transaction ended: its LISTENs and
		// notifications with it, and the locks its statements held
		// until its commit.
		s.endTransaction(!failed && err == nil)
		s.endXactLocks()
	}
	return err
}

// closeExtended ends the session's extended protocol state.
func (s *Session) closeExtended() {
	if s.ext == nil {
		return
	}
	s.closeCursors(func(*cursor) bool { return true })
	s.closePortals(nil)
	for _, txn := range []kv.Txn{s.ext.ro, s.ext.rw} {
		if txn != nil {
			txn.Rollback()
		}
	}
	s.ext.ro, s.ext.rw = nil, nil
}

// batchTxn is the transaction a statement of the batch runs in: the
// block's, or the batch's implicit one (read-only for queries until the
// batch writes).
func (s *Session) batchTxn(ctx context.Context, write bool) (kv.Txn, error) {
	if s.txn != nil {
		return s.txn, nil
	}
	x := s.extState()
	if x.rw == nil && !write {
		if x.ro == nil {
			txn, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
			if err != nil {
				return nil, err
			}
			x.ro = txn
		}
		return x.ro, nil
	}
	if x.rw == nil {
		txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			return nil, err
		}
		// PostgreSQL's implicit transaction runs at the default level:
		// READ COMMITTED unless set otherwise.
		s.isolate(txn)
		x.rw = txn
	}
	return x.rw, nil
}

// Execute implements pgwire.ExtendedSession.
func (s *Session) Execute(ctx context.Context, name string, maxRows int, w pgwire.ResultWriter) (bool, error) {
	ctx, end := s.beginStatement(ctx, s.portalText(name))
	defer end.finish()
	defer s.reportChanges(w)
	suspended, err := s.executePortal(ctx, name, maxRows, w)
	return suspended, canceledStatement(s.extFail(err))
}

func (s *Session) executePortal(ctx context.Context, name string, maxRows int, w pgwire.ResultWriter) (bool, error) {
	x := s.extState()
	pt, ok := x.portals[name]
	if !ok {
		return false, errs.New(errs.InvalidCursorName, "portal %q does not exist", name)
	}
	if pt.cur != nil && !s.failed {
		return s.executeCursor(ctx, pt, maxRows, w)
	}
	if pt.stmt.p == nil {
		return false, w.Empty()
	}
	st := pt.stmt.p.st
	if s.failed && st.Kind != plan.StmtCommit && st.Kind != plan.StmtRollback && st.Kind != plan.StmtRollbackTo {
		return false, errs.New(errs.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	if s.txn != nil {
		if err := refuseInBlock(st); err != nil {
			return false, err
		}
	}
	if pt.done {
		if st.Kind == plan.StmtQuery {
			return false, w.Complete(countTag("SELECT", 0))
		}
		return false, errs.New("55000", "portal %q cannot be run", name)
	}
	if !pt.started {
		switch st.Kind {
		case plan.StmtBegin, plan.StmtCommit, plan.StmtRollback, plan.StmtUse:
			pt.done = true
			return false, s.txnControl(ctx, pt, st, w)
		case plan.StmtSavepoint, plan.StmtRelease, plan.StmtRollbackTo:
			pt.done = true
			tag, err := s.savepointCommand(st)
			if err != nil {
				return false, err
			}
			return false, w.Complete(tag)
		case plan.StmtDeclare, plan.StmtFetch, plan.StmtCloseCursor:
			pt.done = true
			txn, err := s.batchTxn(ctx, false)
			if err != nil {
				return false, err
			}
			// A DECLARE's query is checked against the catalog as
			// any portal's statement is.
			p, _, err := s.currentRemembered(ctx, txn, pt.stmt.p)
			if err != nil {
				return false, err
			}
			tag, err := s.cursorCommand(ctx, txn, p, pt.params, w, pt)
			if err != nil {
				return false, err
			}
			return false, w.Complete(tag)
		case plan.StmtSet, plan.StmtDo:
			pt.done = true
			txn, err := s.batchTxn(ctx, st.Tag != "SHOW")
			if err != nil {
				return false, err
			}
			tag, _, err := s.runOne(ctx, txn, pt.stmt.p, pt.params, w)
			if err != nil {
				return false, err
			}
			return false, s.complete(w, tag)
		}
		if err := s.startPortalRetrying(ctx, pt, maxRows, w); err != nil {
			pt.done = true
			return false, err
		}
	} else if pt.runCtx != nil {
		pt.runCtx.set(ctx)
	}
	var types []value.Type
	if pt.p != nil {
		types = pt.p.shape.types
	}
	pt.bw.reset(w, pt.formats, pt.cols, types)
	pt.out.w = &pt.bw
	pt.out.count = 0 // the tag counts this Execute's rows, as in PostgreSQL
	sent := 0
	for maxRows <= 0 || sent < maxRows {
		var row []value.Value
		if pt.rows != nil {
			if !pt.rows.Next() {
				if err := pt.rows.Err(); err != nil {
					pt.done = true
					pt.close()
					return false, err
				}
				break
			}
			row = pt.rows.Row()
		} else {
			if len(pt.buf) == 0 {
				break
			}
			row, pt.buf = pt.buf[0], pt.buf[1:]
		}
		if !pt.p.st.ReturnsRows {
			pt.out.count++
			continue
		}
		if err := pt.out.row(row); err != nil {
			pt.done = true
			pt.close()
			return false, err
		}
		sent++
	}
	if maxRows > 0 && sent == maxRows && pt.more() {
		pt.statTime += time.Since(s.statStart)
		pt.statRows += int64(sent)
		return true, nil
	}
	tag, err := pt.out.finish()
	pt.done = true
	pt.close()
	if err != nil {
		return false, err
	}
	if pt.p != nil {
		// pg_stat_statements counts the portal once, for all its
		// Executes.
		s.statP = nil
		s.statStart = s.statStart.Add(-pt.statTime)
		s.recordStatement(pt.p, pt.statRows+tagRows(tag))
	}
	pt.statTime, pt.statRows = 0, 0
	return false, s.complete(w, tag)
}

// more reports whether a suspended portal has rows left; it may read
// ahead one row, which the next Execute then sends.
func (pt *portal) more() bool {
	if pt.rows == nil {
		return len(pt.buf) > 0
	}
	if !pt.rows.Next() {
		return pt.rows.Err() != nil
	}
	row := append([]value.Value(nil), pt.rows.Row()...)
	pt.rows = &prefixRows{first: row, rest: pt.rows}
	return true
}

// prefixRows is rows with one row read ahead put back.
type prefixRows struct {
	first   []value.Value
	started bool
	cur     []value.Value
	rest    exec.Rows
}

func (r *prefixRows) Next() bool {
	if !r.started {
		r.started = true
		r.cur = r.first
		return true
	}
	if r.rest.Next() {
		r.cur = r.rest.Row()
		return true
	}
	return false
}
func (r *prefixRows) Row() []value.Value { return r.cur }
func (r *prefixRows) Err() error         { return r.rest.Err() }
func (r *prefixRows) Close()             { r.rest.Close() }

// startPortal starts a portal's statement in the batch's transaction: a
// query streams, the rows of a write or DDL are produced at once; a DDL
// statement's notices go to w.
func (s *Session) startPortal(ctx context.Context, pt *portal, maxRows int, w pgwire.ResultWriter) error {
	txn, err := s.batchTxn(ctx, pt.stmt.p.st.Kind != plan.StmtQuery)
	if err != nil {
		return err
	}
	if txn == s.txn {
		if err := s.newStatement(); err != nil {
			return err
		}
	} else if s.readCommittedTxn(txn) {
		// A statement of the implicit transaction after the first reads
		// what committed before it.
		if _, err := kv.NewStatement(txn); err != nil {
			return err
		}
	}
	p, _, err := s.currentRemembered(ctx, txn, pt.stmt.p)
	if err != nil {
		return err
	}
	if p.st.Kind == plan.StmtQuery && s.settings.statementTimeout() > 0 {
		// The Execute's context ends with it; the query may be resumed
		// by the next one.
		pt.runCtx = newPortalCtx(ctx)
		ctx = pt.runCtx
	}
	if maxRows > 0 && txn == s.txn && p.st.Kind == plan.StmtQuery && p.st.LockRows == "" && kv.IsReadCommitted(txn) {
		// A query that may be suspended (JDBC's fetch size) reads a view
		// of the block, as a cursor does: the statements the client runs
		// meanwhile then move the block's snapshot on (kv.NewStatement
		// cannot while an iterator of the block is open), and the
		// portal goes on reading its own, as PostgreSQL's portals do.
		view, err := kv.View(txn)
		if err != nil {
			return err
		}
		pt.view = view
		if err := s.openPortal(ctx, pt, p, view, w, false); err != nil {
			pt.close()
			return err
		}
		pt.txn = txn
		return nil
	}
	// A READ COMMITTED block's write or row-locking query may run again;
	// its rows are all produced here then, before any is sent.
	return s.runAgainWhile(ctx, txn, p, func(p *prepared, whole bool) (bool, error) {
		pt.buf, pt.rows = pt.buf[:0], nil
		return false, s.openPortal(ctx, pt, p, txn, w, whole)
	})
}

// startPortalRetrying is startPortal, but a write that begins the
// extended protocol's implicit transaction (no block is open and no
// statement before it in the batch wrote) and fails with 40001 — a row
// it locked changed, a concurrent write of a key — runs again in a new
// transaction, as an autocommit statement of the simple protocol does
// (retrying). Its rows are all made before any is sent, so nothing of
// the failed run reached the client (but a notice). Without it, drivers
// that run every statement through the extended protocol (pgx, JDBC)
// saw 40001 from concurrent UPDATEs of one row, which PostgreSQL's READ
// COMMITTED implicit transaction runs one after the other.
func (s *Session) startPortalRetrying(ctx context.Context, pt *portal, maxRows int, w pgwire.ResultWriter) error {
	x := s.extState()
	first := s.txn == nil && x.rw == nil && pt.stmt.p.st.Kind != plan.StmtQuery
	return s.runAttempts(ctx, func() (bool, error) {
		if first && x.rw != nil {
			// A failed attempt's transaction: the next one starts anew.
			x.rw.Rollback()
			x.rw = nil
		}
		err := s.startPortal(ctx, pt, maxRows, w)
		return first && x.rw != nil, err
	})
}

// openPortal starts p as pt's statement in txn: a query (or a cursor's)
// streams, unless whole, the rows of a write or DDL are produced at once;
// a DDL statement's notices go to w.
func (s *Session) openPortal(ctx context.Context, pt *portal, p *prepared, txn kv.Txn, w pgwire.ResultWriter, whole bool) error {
	pt.env = exec.Env{Txn: txn, Namespace: s.namespace, Database: s.database, SessionVars: s.vars, Now: time.Now(), Setting: s.settingFunc(), Params: pt.params, Session: s, Zone: s.settings.timeZone(), PL: s, Locks: s,
		Deferred: s.deferredIn(txn), Notices: w}
	if err := s.statementEnv(ctx, &pt.env, p.st); err != nil {
		return err
	}
	prev := pt.doneRows
	pt.doneRows = nil
	if p.st.ZQL {
		// A ZQL value (a closure) may keep the run it was made in, which
		// a rerun would reset under it.
		prev = nil
	}
	rows, err := s.db.exec.Rerun(ctx, &pt.env, p.st.Root, prev)
	if err != nil {
		return err
	}
	rows = zqlRows(p.st, rows)
	pt.started, pt.txn, pt.p = true, txn, p
	pt.out = &pt.rw
	pt.out.reset(&pt.bw, p.st, resultShape{cols: pt.cols, types: p.shape.types})
	pt.out.set = s.settings
	if (p.st.Kind == plan.StmtQuery && !whole) || p.st.Kind == plan.StmtDeclare {
		pt.rows = rows
		return nil
	}
	defer rows.Close()
	for rows.Next() {
		pt.buf = append(pt.buf, append([]value.Value(nil), rows.Row()...))
	}
	return rows.Err()
}

// txnControl runs BEGIN, COMMIT, ROLLBACK and USE from a portal.
func (s *Session) txnControl(ctx context.Context, pt *portal, st *plan.Statement, w pgwire.ResultWriter) error {
	x := s.extState()
	switch st.Kind {
	case plan.StmtBegin:
		if s.txn != nil {
			if err := w.Notice(errs.Notice{Severity: "WARNING", Code: errs.ActiveSQLTransaction, Message: "there is already a transaction in progress"}); err != nil {
				return err
			}
			if err := s.applyTxnModes(ctx, st.TxnModes); err != nil {
				return err
			}
			return w.Complete("BEGIN")
		}
		// The batch's read-write transaction becomes the block (a
		// read-only one stays the batch's until Sync).
		txn, err := s.batchTxn(ctx, true)
		if err != nil {
			return err
		}
		x.rw = nil
		s.openBlock(txn)
		if err := s.applyTxnModes(ctx, st.TxnModes); err != nil {
			return err
		}
		return w.Complete(st.Tag)
	case plan.StmtCommit, plan.StmtRollback:
		if s.txn == nil {
			if err := w.Notice(errs.Notice{Severity: "WARNING", Code: "25P01", Message: "there is no transaction in progress"}); err != nil {
				return err
			}
			return w.Complete(st.Tag)
		}
		s.closePortals(pt)
		return s.endBlock(ctx, st.Kind == plan.StmtCommit, w)
	}
	txn, err := s.batchTxn(ctx, false)
	if err != nil {
		return err
	}
	if err := s.use(ctx, txn, st.UseDatabase); err != nil {
		return err
	}
	return w.Complete("USE")
}
