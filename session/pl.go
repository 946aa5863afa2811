package session

import (
	"context"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate/plpgsql"
	"github.com/zerodb/zerodb/translate/sqlfe"
)

// PL/pgSQL. The session is package plpgsql's Host: it translates a
// body's embedded SQL once per function and parameter types (the
// function keeps the translations, exprCache) and runs it in the calling
// statement's transaction, each run checking the tables it read as any
// prepared statement does (current).

// plHost runs PL/pgSQL for one session. A function's translations refer
// to their host, so a host outlives one call: txn and notices are those
// of the call under way (set by the caller before each run).
type plHost struct {
	s       *Session
	txn     kv.Txn
	notices exec.Noticer
	// transition are the transition tables of the trigger the host's
	// function serves (nil: none), as its statements are translated;
	// tt holds their rows for the call under way.
	transition []*catalog.Table
	tt         *exec.Transition
	// env is the environment of scalar expressions (plStmt.scalar),
	// reused from one to the next.
	env exec.Env
}

// plStmt is one embedded statement prepared for a plHost.
type plStmt struct {
	h    *plHost
	p    *prepared
	cols []plpgsql.Column
	// scalar is the expression of a SELECT of one expression without
	// FROM that reads no catalog object: evaluated directly, without
	// the catalog check and the iterators of a run (a trigger's
	// NEW.updated_at := now() runs per row).
	scalar plan.Expr
	row    [1]value.Value
}

func (h *plHost) Type(ctx context.Context, name string) (value.Type, error) {
	h.current()
	if t, ok := h.s.plTypes[name]; ok {
		return t, nil
	}
	upper := strings.ToUpper(name)
	switch {
	case strings.HasSuffix(upper, "%ROWTYPE"):
		name = name[:len(name)-len("%ROWTYPE")]
	case strings.HasSuffix(upper, "%TYPE"):
		return h.columnType(ctx, name[:len(name)-len("%TYPE")])
	}
	// A table's name is its row type (DECLARE r t%ROWTYPE, or r t), a
	// composite as SQL reads it; a schemaless table's has no fields.
	p, err := h.prepare(ctx, "SELECT NULL::"+name, nil)
	if err != nil {
		if t, terr := h.s.lookupTable(ctx, h.txn, strings.TrimSpace(name)); terr == nil && len(t.Fields) == 0 {
			return value.Type{Kind: value.KindObject, Table: t.Name}, nil
		}
		return value.Type{}, err
	}
	if len(p.st.Columns) != 1 {
		return value.Type{}, errs.New(errs.UndefinedObject, "type %q does not exist", name)
	}
	t := p.st.Columns[0].Type
	if t.IsComposite() {
		// A row type changes with its table or type (ALTER): not kept.
		return t, nil
	}
	if h.s.plTypes == nil {
		h.s.plTypes = map[string]value.Type{}
	}
	h.s.plTypes[name] = t
	return t, nil
}

// columnType is the type of table.column (a declaration's
// table.column%TYPE).
func (h *plHost) columnType(ctx context.Context, ref string) (value.Type, error) {
	table, col, ok := strings.Cut(strings.TrimSpace(ref), ".")
	if !ok {
		return value.Type{}, errs.New(errs.FeatureNotSupported, "%s%%TYPE of a variable is not supported: name a table's column", ref)
	}
	t, err := h.s.lookupTable(ctx, h.txn, table)
	if err != nil {
		return value.Type{}, err
	}
	f, _, ok := t.FieldByName(col)
	if !ok {
		return value.Type{}, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", col, table)
	}
	return f.Type, nil
}

func (h *plHost) prepare(ctx context.Context, sql string, params []value.Type) (*prepared, error) {
	h.current()
	stmts, err := sqlfe.Split(sql)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, errs.New(errs.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	st := stmts[0]
	st.ParamTypes = params
	return h.s.prepare(ctx, h.txn, stmtSource{sql: &st, text: sql, transition: h.transition})
}

func (h *plHost) Prepare(ctx context.Context, sql string, params []value.Type) (plpgsql.Prepared, error) {
	p, err := h.prepare(ctx, sql, params)
	if err != nil {
		return nil, err
	}
	switch p.st.Kind {
	case plan.StmtQuery, plan.StmtWrite, plan.StmtDDL, plan.StmtDo:
	default:
		return nil, errs.New(errs.FeatureNotSupported, "%s is not supported in PL/pgSQL", p.st.Tag)
	}
	ps := &plStmt{h: h, p: p}
	if pr, ok := p.st.Root.(*plan.Project); ok && p.st.Kind == plan.StmtQuery && len(pr.Exprs) == 1 && len(p.tables) == 0 && len(p.objects) == 0 {
		if v, ok := pr.Input.(*plan.Values); ok && len(v.Rows) == 1 && len(v.Rows[0]) == 0 {
			ps.scalar = pr.Exprs[0]
		}
	}
	if p.st.ReturnsRows {
		ps.cols = make([]plpgsql.Column, len(p.st.Columns))
		for i, c := range p.st.Columns {
			ps.cols[i] = plpgsql.Column{Name: c.Name, Type: c.Type}
		}
	}
	return ps, nil
}

func (p *plStmt) Columns() []plpgsql.Column { return p.cols }

// CallOutputs implements plpgsql.CallOutputs.
func (p *plStmt) CallOutputs() []int { return p.p.st.CallOutputs }

func (p *plStmt) Run(ctx context.Context, args []value.Value, row func([]value.Value) bool) (int, error) {
	h := p.h
	s := h.s
	h.current()
	// Only a CALL keeps the caller's right to end the transaction.
	ctx = withNonatomic(ctx, nonatomic(ctx) && p.p.st.Tag == sqlfe.TagCall)
	if p.scalar != nil {
		return p.runScalar(ctx, args, row)
	}
	q, _, err := s.current(ctx, h.txn, p.p)
	if err != nil {
		return 0, err
	}
	p.p = q
	st := q.st
	if st.Kind == plan.StmtDo {
		return 0, s.runDo(ctx, h.txn, st, h.notices)
	}
	if args, err = bindValues(st, args); err != nil {
		return 0, err
	}
	env := s.env(h.txn)
	env.Params, env.Notices, env.Transition = args, h.notices, h.tt
	if err := s.statementEnv(ctx, env, st); err != nil {
		return 0, err
	}
	rows, err := s.db.exec.Run(ctx, env, st.Root)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n, want := 0, true
	for rows.Next() {
		n++
		if want && st.ReturnsRows {
			if want = row(rows.Row()); !want && st.Kind == plan.StmtQuery {
				break
			}
		}
	}
	return n, rows.Err()
}

func (p *plStmt) runScalar(ctx context.Context, args []value.Value, row func([]value.Value) bool) (int, error) {
	h, s := p.h, p.h.s
	args, err := bindValues(p.p.st, args)
	if err != nil {
		return 0, err
	}
	env := &h.env
	*env = exec.Env{Txn: h.txn, Namespace: s.namespace, Database: s.database, SessionVars: s.vars, Now: time.Now(), Setting: s.settingFunc(),
		Session: s, Deferred: s.deferredIn(h.txn), Zone: s.settings.timeZone(), PL: s, Locks: s, Params: args, Notices: h.notices,
		Stats: &s.txnStats}
	v, err := s.db.exec.Eval(ctx, env, p.scalar)
	if err != nil {
		return 0, err
	}
	p.row[0] = v
	row(p.row[:])
	return 1, nil
}

func (h *plHost) Notice(n errs.Notice) error {
	if h.notices == nil {
		return nil
	}
	return h.notices.Notice(n)
}

func (h *plHost) Savepoint() (func() error, error) {
	h.current()
	sp, err := kv.TakeSavepoint(h.txn)
	if err != nil {
		return nil, err
	}
	d := h.s.deferredIn(h.txn)
	var mark exec.DeferredMark
	if d != nil {
		mark = d.Mark()
	}
	return func() error {
		if err := kv.RollbackTo(h.txn, sp); err != nil {
			return err
		}
		if d != nil {
			d.RollbackTo(mark)
		}
		return nil
	}, nil
}

func (h *plHost) Text(v value.Value, t value.Type) string {
	if t.Kind == value.KindNone || t.Kind == value.KindAny {
		t = value.TypeOf(v)
	}
	b, err := value.AppendTextIn(nil, v, t, h.s.settings.timeZone())
	if err != nil {
		return v.String()
	}
	return string(b)
}

// runDo runs a DO block in txn.
func (s *Session) runDo(ctx context.Context, txn kv.Txn, st *plan.Statement, notices exec.Noticer) error {
	f, err := plpgsql.Parse(st.Text)
	if err != nil {
		return err
	}
	_, err = f.Run(ctx, &plHost{s: s, txn: txn, notices: notices}, plpgsql.Call{})
	return err
}
