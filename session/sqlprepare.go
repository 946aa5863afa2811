package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/sqlfe"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// SQL's PREPARE, EXECUTE and DEALLOCATE work on the named statements of
// the extended protocol (extended.go), as PostgreSQL's share one name
// space: PREPARE is a Parse, EXECUTE a Bind with the arguments as text
// and an Execute to completion, DEALLOCATE a Close. pg_dump prepares the
// queries it repeats per object this way.

// preparedCommand reports whether src is one of them.
func preparedCommand(src stmtSource) (*sqlfe.PreparedCommand, error) {
	if src.sql == nil {
		return nil, nil
	}
	return src.sql.PreparedCommand()
}

// runPreparedCommand runs PREPARE, EXECUTE or DEALLOCATE, in the open
// block if there is one.
func (s *Session) runPreparedCommand(ctx context.Context, c *sqlfe.PreparedCommand, w pgwire.ResultWriter) error {
	if s.failed {
		return errs.New(errs.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	x := s.extState()
	switch c.Kind {
	case "PREPARE":
		oids := make([]uint32, len(c.ParamTypes))
		for i, t := range c.ParamTypes {
			oids[i] = t.OID()
		}
		if _, err := s.prepareExt(ctx, c.Name, c.Query, oids); err != nil {
			return err
		}
		return w.Complete("PREPARE")
	case "DEALLOCATE":
		if c.Name == "" {
			clear(x.stmts)
			return w.Complete("DEALLOCATE ALL")
		}
		if _, ok := x.stmts[c.Name]; !ok {
			return errs.New(errs.InvalidSQLStatementName, "prepared statement %q does not exist", c.Name)
		}
		delete(x.stmts, c.Name)
		return w.Complete("DEALLOCATE")
	}
	es, ok := x.stmts[c.Name]
	if !ok {
		return errs.New(errs.InvalidSQLStatementName, "prepared statement %q does not exist", c.Name)
	}
	if es.p == nil {
		return errs.New(errs.FeatureNotSupported, "EXECUTE of a prepared statement that is empty or ZQL")
	}
	p := es.p
	if len(c.Args) != len(es.paramTypes) {
		return errs.New(errs.SyntaxError, "wrong number of parameters for prepared statement %q", c.Name).
			WithDetail("Expected %d parameters but got %d.", len(es.paramTypes), len(c.Args))
	}
	params, err := s.executeArgs(ctx, c, es.paramTypes)
	if err != nil {
		return err
	}
	for i, a := range c.Args {
		if a == nil {
			continue
		}
		v, err := value.ParseTextIn(*a, es.paramTypes[i], s.settings.timeZone())
		if err != nil {
			return err
		}
		params[i] = v
	}
	if c.Explain() {
		var err error
		if p, err = s.prepareExplainExecute(ctx, c, es); err != nil {
			return err
		}
	}
	if s.txn == nil {
		// As runAutocommit: a query in a read-only snapshot, a write in
		// a read-write transaction from the start (a write tried read-only
		// first would have drawn its sequence values twice).
		if p.st.Kind == plan.StmtQuery {
			return s.retrying(ctx, func() (bool, error) { return s.queryAutocommit(ctx, p, params, w) })
		}
		return s.retrying(ctx, func() (bool, error) { return s.writeAutocommit(ctx, p, params, w) })
	}
	if err := s.newStatement(); err != nil {
		return err
	}
	q, err := s.checked(ctx, s.txn, p)
	if err != nil {
		return err
	}
	tag, _, err := s.runRC(ctx, q, params, w)
	if err != nil {
		return err
	}
	return s.complete(w, tag)
}

// executeArgs are the values of EXECUTE's arguments that are
// expressions, evaluated by a SELECT run as any statement of the session
// and cast to their parameters' types where theirs differ (an OID alias,
// the integer of an oid parameter, is taken as it is); the others are
// left NULL.
func (s *Session) executeArgs(ctx context.Context, c *sqlfe.PreparedCommand, types []value.Type) ([]value.Value, error) {
	params := make([]value.Value, len(c.Args))
	text := c.ArgsQuery(nil)
	if text == "" {
		return params, nil
	}
	p, err := s.prepareArgsQuery(ctx, text)
	if err != nil {
		return nil, err
	}
	oidType := value.TypeOid
	casts := make([]*value.Type, len(c.Exprs))
	cast := false
	col := 0
	for i, e := range c.Exprs {
		if e == "" {
			continue
		}
		got := p.st.Columns[col].Type
		col++
		switch t := types[i]; {
		case t.Kind == value.KindInt && got.RegOID != 0 && got.RegOID != value.OIDRecord && got.RegOID != value.OIDChar:
			// A reg* value is its name in a result column: as oid, the
			// number an oid parameter (a bigint here) takes.
			casts[i], cast = &oidType, true
		case t.Kind == value.KindNone || got.OID() == t.OID():
		case !sqlfe.Assignable(got, t):
			return nil, errs.New(errs.DatatypeMismatch, "parameter $%d of type %s cannot be coerced to the expected type %s", i+1, got.SQLName(), t.SQLName()).
				WithHint("You will need to rewrite or cast the expression.")
		default:
			casts[i], cast = &t, true
		}
	}
	if cast {
		if p, err = s.prepareArgsQuery(ctx, c.ArgsQuery(casts)); err != nil {
			return nil, err
		}
	}
	rows, err := s.run(ctx, &Statement{p: p}, nil, nil)
	if err != nil {
		return nil, errs.From(err).WithoutPos()
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, errs.From(err).WithoutPos()
		}
		return nil, errs.New(errs.InternalError, "EXECUTE's arguments gave no row")
	}
	vals := rows.Row()
	for i, e := range c.Exprs {
		if e != "" {
			params[i], vals = vals[0], vals[1:]
		}
	}
	return params, nil
}

// prepareArgsQuery prepares executeArgs' SELECT.
func (s *Session) prepareArgsQuery(ctx context.Context, text string) (*prepared, error) {
	stmts, err := sqlfe.Split(text)
	if err != nil {
		return nil, err
	}
	txn, done, err := s.translateTxn(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	p, err := s.prepare(ctx, txn, stmtSource{sql: &stmts[0], text: text})
	if err != nil {
		// Its position would point into the SELECT, not the EXECUTE.
		return nil, errs.From(err).WithoutPos()
	}
	return p, nil
}

// prepareExplainExecute plans EXPLAIN EXECUTE: the EXPLAIN of the
// prepared statement's query, its parameters of the statement's types.
func (s *Session) prepareExplainExecute(ctx context.Context, c *sqlfe.PreparedCommand, es *extStmt) (*prepared, error) {
	if es.p.src.sql == nil {
		return nil, errs.New(errs.FeatureNotSupported, "EXPLAIN EXECUTE of a ZQL statement")
	}
	text, err := c.ExplainText(es.p.src.text)
	if err != nil {
		return nil, err
	}
	stmts, err := sqlfe.Split(text)
	if err != nil {
		return nil, err
	}
	st := stmts[0]
	st.ParamTypes = es.paramTypes
	txn, done, err := s.extTranslateTxn(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return s.prepare(ctx, txn, stmtSource{sql: &st, text: text})
}

// zqlFunctionSource turns SQL's CREATE FUNCTION name(...) ... LANGUAGE zql
// AS 'source', which pg_dump writes for a stored ZQL function, into the
// ZQL statement it carries; ok is false for other statements. The source
// must be one ZQL statement defining that very function.
func zqlFunctionSource(src stmtSource) (_ stmtSource, ok bool, err error) {
	if src.sql == nil {
		return src, false, nil
	}
	name, body, ok, err := src.sql.ZQLFunction()
	if !ok || err != nil {
		return src, ok, err
	}
	stmts, err := zqlfe.Split(body)
	if err != nil {
		return src, true, err
	}
	if len(stmts) == 1 {
		if n, isFn := stmts[0].DefinedFunction(); isFn && n == name {
			return stmtSource{zql: &stmts[0], text: body}, true, nil
		}
	}
	return src, true, errs.New(errs.InvalidFunctionDefinition, "the source of LANGUAGE zql function %q must be its ZQL definition, function %s(...) { ... }", name, name)
}

// createFunctionWriter reports a ZQL function definition run for SQL's
// CREATE FUNCTION as that statement: its tag, and not the ZQL result.
type createFunctionWriter struct{ pgwire.ResultWriter }

func (createFunctionWriter) Columns([]pgwire.Column) error { return nil }
func (createFunctionWriter) Row([][]byte) error            { return nil }
func (w createFunctionWriter) Complete(string) error {
	return w.ResultWriter.Complete("CREATE FUNCTION")
}

// sqlSpecial runs the SQL statements the session handles before any
// translation (PREPARE, EXECUTE, DEALLOCATE), and turns CREATE FUNCTION
// ... LANGUAGE zql into its ZQL statement; done reports that src ran.
func (s *Session) sqlSpecial(ctx context.Context, src stmtSource, w pgwire.ResultWriter) (_ stmtSource, _ pgwire.ResultWriter, done bool, err error) {
	c, err := preparedCommand(src)
	if err != nil {
		return src, w, true, err
	}
	if c != nil {
		return src, w, true, s.runPreparedCommand(ctx, c, w)
	}
	zsrc, ok, err := zqlFunctionSource(src)
	if err != nil {
		return src, w, true, err
	}
	if ok {
		return zsrc, createFunctionWriter{w}, false, nil
	}
	return src, w, false, nil
}
