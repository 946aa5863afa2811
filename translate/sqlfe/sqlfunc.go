package sqlfe

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Calling LANGUAGE sql functions.
//
// A statement that calls one compiles it, once per statement and use
// (a value, or rows in FROM), into a plan.Function — the executor's
// stored-function call, as for ZQL's: the arguments are evaluated once,
// into the slots of a fresh frame, and the body reads them as
// plan.Locals ($n, or the parameter's name where no column has it, as
// PostgreSQL resolves them). The body's statements are translated as
// statements of their own, seeing nothing of the caller's query; the
// last one's rows are the result: its first row's one column for a
// value, every row as a list of the columns for FROM. Earlier
// statements (and a void function's) run first, in order, in the
// caller's transaction; a body that writes makes the calling statement
// a write. A call that recurses refers back to the Function being
// compiled, and the executor bounds the depth (54001).
//
// The function is looked up through the resolver (translate.CatalogResolver),
// so a plan that calls it is translated again once it is replaced or
// dropped, as for tables.

// sqlFn is a LANGUAGE sql function compiled for one statement.
type sqlFn struct {
	pf   *plan.Function
	desc *catalog.Function
	// t is the value's type (as a value); cols the rows' columns (in
	// FROM).
	t    value.Type
	cols []srfColumn
}

type sqlFnKey struct {
	name string
	rows bool
}

// fnScope is the function whose body is being translated: its $n and
// parameter names read the slots of the function's frame, Depth frames
// out.
type fnScope struct {
	desc  *catalog.Function
	in    []catalog.FuncParam
	types []value.Type
	depth int
}

// maxBodyNesting bounds the bodies being compiled inside one another
// (a function whose body calls another, ...): recursion reuses the
// Function being compiled, so only a chain of distinct functions this
// long reaches it.
const maxBodyNesting = 100

// setFunction reports whether name is a LANGUAGE sql or plpgsql function returning
// a set (which the select list lifts into FROM, as the builtin ones).
func (tr *translator) setFunction(name string) bool {
	if _, builtin := tr.r.Function("sql::" + name); builtin {
		return false
	}
	f, ok, err := tr.userFunction(name)
	return err == nil && ok && (f.Lang() == catalog.LangSQL || f.Lang() == catalog.LangPLpgSQL) && f.Routine != nil && f.Routine.SetOf
}

// rowSetFunction reports a stored set-returning function name that
// returns rows of several columns (a table's row type, OUT or TABLE
// columns), whose rows a select list shows as composite values.
func (tr *translator) rowSetFunction(name string) bool {
	if !tr.setFunction(name) {
		return false
	}
	f, _, _ := tr.userFunction(name)
	return f.Routine.Kind == catalog.ReturnRecord || f.Routine.Kind == catalog.ReturnRow
}

// userFunction finds the stored function a call names, when no builtin
// has the name (builtins come first, as pg_catalog does in PostgreSQL's
// search path).
func (tr *translator) userFunction(name string) (*catalog.Function, bool, error) {
	if _, builtin := tr.r.Function("sql::" + name); builtin || isAggregate(name) || isOrderedSet(name) {
		return nil, false, nil
	}
	if tr.creating != nil && (tr.creating.Name == name || qualified(tr.stmtSchema, tr.creating.Name) == name) {
		// The body of a new function may call it, as in PostgreSQL,
		// which checks the body once the function is stored.
		return tr.creating, true, nil
	}
	if tr.stored > 0 && strings.IndexByte(name, '.') < 0 {
		// A stored query's bare names are public's (storedName).
		name = "public." + name
	}
	return tr.storedFunction(name)
}

// noteCall records that the statement calls stored function f, whose
// EXECUTE privilege the session checks before it runs. PostgreSQL checks
// an aggregate's support functions with its owner's rights when it is
// made: calls of the aggregate need EXECUTE on it alone.
func (tr *translator) noteCall(f *catalog.Function) {
	if tr.aggSupport == 0 && f != tr.creating && !slices.Contains(tr.routines, f) {
		tr.routines = append(tr.routines, f)
	}
}

// schemaOf names the schema other than public a function found lives in
// ("" for public).
func (tr *translator) schemaOf(f *catalog.Function) (string, error) {
	sr, ok := tr.r.(translate.SchemaResolver)
	if !ok || f == tr.creating && tr.stmtSchema == "" {
		return "", nil
	}
	if f == tr.creating {
		return tr.stmtSchema, nil
	}
	return sr.ObjectSchema(tr.ctx, f.Database)
}

// homeName is how a plan names function f for the executor: "schema.f"
// outside public, its bare name in public (exec.PL resolves it).
func (tr *translator) homeName(f *catalog.Function) (string, error) {
	schema, err := tr.schemaOf(f)
	return qualified(schema, f.Name), err
}

// bindFunction writes into a call of the query CREATE VIEW stores the
// schema other than public its bare name found f in, as bindName does
// for relations.
func (tr *translator) bindFunction(fc *pg.FuncCall, f *catalog.Function) error {
	if !tr.binding || tr.stored > 0 || len(fc.Funcname) != 1 {
		return nil
	}
	schema, err := tr.schemaOf(f)
	if err == nil && schema != "" {
		fc.Funcname = []*pg.Node{pg.MakeStrNode(schema), fc.Funcname[0]}
	}
	return err
}

// callable checks that SQL can call f.
func callable(f *catalog.Function, p int) error {
	switch f.Lang() {
	case catalog.LangSQL:
		// The body is compiled into the calling statement, which runs
		// with the caller's settings: only search_path, which zerodb
		// resolves the body's names with as the caller's, is let be.
		for _, c := range f.Routine.Config {
			if name, _, _ := strings.Cut(c, "="); name != "search_path" {
				return errAt(errs.FeatureNotSupported, p, "feature not supported: calling LANGUAGE sql function %s with SET %s: zerodb applies the SET clauses of LANGUAGE plpgsql functions only", f.Name, name)
			}
		}
		return nil
	case catalog.LangZQL:
		return errAt(errs.FeatureNotSupported, p, "feature not supported: calling the ZQL function %s from SQL", f.Name)
	}
	return errAt(errs.FeatureNotSupported, p, "feature not supported: calling LANGUAGE %s function %s", f.Lang(), f.Name)
}

// sqlFunctionCall translates a call of a stored function as a value;
// ok is false when name is no stored function.
func (tr *translator) sqlFunctionCall(fc *pg.FuncCall, name string, p int, ec *exprCtx) (texpr, bool, error) {
	f, ok, err := tr.userFunction(name)
	if err == nil && !ok {
		if schema, _, dotted := strings.Cut(name, "."); dotted {
			// schema.f of no schema: PostgreSQL's error names the schema.
			if sr, isSR := tr.r.(translate.SchemaResolver); isSR && !sr.SchemaExists(tr.ctx, schema) {
				return texpr{}, true, errAt(errs.InvalidSchemaName, p, "schema %q does not exist", schema)
			}
		}
	}
	if err != nil || !ok || f.IsAggregate() {
		// An aggregate is called as one (funcCall, windowCall).
		return texpr{}, ok && !f.IsAggregate(), err
	}
	if err := tr.notProcedureCall(fc, f, p); err != nil {
		return texpr{}, true, err
	}
	tr.noteCall(f)
	if err := tr.bindFunction(fc, f); err != nil {
		return texpr{}, true, err
	}
	if f.Lang() == catalog.LangPLpgSQL {
		x, err := tr.plpgsqlCall(fc, f, p, ec)
		if err != nil || f.Routine.SetOf || f.Routine.Kind != catalog.ReturnValue {
			return x, true, err
		}
		x, err = tr.domainResult(f, x, p)
		return x, true, err
	}
	if err := callable(f, p); err != nil {
		return texpr{}, true, err
	}
	if fc.Over != nil {
		return texpr{}, true, errAt(errs.WrongObjectType, p, "OVER specified, but %s is not a window function nor an aggregate function", name)
	}
	r := f.Routine
	switch {
	case r.SetOf:
		return texpr{}, true, srfHere(name, p)
	case r.Kind == catalog.ReturnRecord || r.Kind == catalog.ReturnRow:
		x, err := tr.compositeCall(fc, f, ec)
		return x, true, err
	}
	args, err := tr.functionArgs(fc, f, p, ec)
	if err != nil {
		return texpr{}, true, err
	}
	fn, err := tr.compileSQLFunction(f, false, p)
	if err != nil {
		return texpr{}, true, err
	}
	x, err := tr.domainResult(f, texpr{e: &plan.Apply{At: at(p), Fn: &plan.FuncRef{At: at(p), Fn: fn.pf}, Args: args}, t: fn.t}, p)
	return x, true, err
}

// domainResult is x, the value of a call of f, checked against the
// constraints of the domain f returns, as PostgreSQL checks a
// function's result (23514, 23502); x itself when f returns no domain.
func (tr *translator) domainResult(f *catalog.Function, x texpr, p int) (texpr, error) {
	if f.Routine.Returns == "" {
		return x, nil
	}
	d, isDomain, err := tr.domainDef(f.Routine.Returns)
	if err != nil || !isDomain {
		return x, err
	}
	return domainCheck(x, d.Name, false, p), nil
}

// sqlFunctionRows translates a call of a stored function in FROM: the
// expression giving its rows (lists of the columns) and the columns.
func (tr *translator) sqlFunctionRows(fc *pg.FuncCall, f *catalog.Function, p int, ec *exprCtx) (plan.Expr, []srfColumn, error) {
	if err := tr.notProcedureCall(fc, f, p); err != nil {
		return nil, nil, err
	}
	if err := tr.bindFunction(fc, f); err != nil {
		return nil, nil, err
	}
	if f.Lang() == catalog.LangPLpgSQL {
		return tr.plpgsqlRows(fc, f, p, ec)
	}
	if err := callable(f, p); err != nil {
		return nil, nil, err
	}
	args, err := tr.functionArgs(fc, f, p, ec)
	if err != nil {
		return nil, nil, err
	}
	fn, err := tr.compileSQLFunction(f, true, p)
	if err != nil {
		return nil, nil, err
	}
	return &plan.Apply{At: at(p), Fn: &plan.FuncRef{At: at(p), Fn: fn.pf}, Args: args}, fn.cols, nil
}

// functionArgs translates a call's arguments into the function's input
// parameters' order — positional ones first, then name => value — with
// the defaults of those left out, each coerced to its parameter's type
// as an implicit cast would (42883 otherwise, as PostgreSQL finds no
// function then).
func (tr *translator) functionArgs(fc *pg.FuncCall, f *catalog.Function, p int, ec *exprCtx) ([]plan.Expr, error) {
	in := f.CallArgs()
	callArgs, err := variadicArgs(fc, in, p)
	if err != nil {
		return nil, err
	}
	given := make([]*texpr, len(in))
	var all []texpr
	tooMany, named := false, false
	for i, a := range callArgs {
		if na := a.GetNamedArgExpr(); na != nil {
			named = true
			x, err := tr.argExpr(f.Name, na.Arg, ec)
			if err != nil {
				return nil, err
			}
			all = append(all, x)
			k := -1
			for j, q := range in {
				if q.Name == na.Name {
					k = j
				}
			}
			if k < 0 || given[k] != nil {
				tooMany = true
				continue
			}
			given[k] = &x
			continue
		}
		if named {
			return nil, errAt(errs.SyntaxError, p, "positional argument cannot follow named argument")
		}
		x, err := tr.argExpr(f.Name, a, ec)
		if err != nil {
			return nil, err
		}
		all = append(all, x)
		if i >= len(in) {
			tooMany = true
			continue
		}
		given[i] = &x
	}
	if tooMany {
		return nil, noRoutine(p, f, all)
	}
	out := make([]plan.Expr, len(in))
	for i, q := range in {
		if q.Type = tr.sqlParamType(f, q); q.Type == nil {
			return nil, unsupported(p, "calling a function with a parameter of type "+q.TypeName)
		}
		x := given[i]
		if x == nil {
			if q.Default == "" {
				return nil, noRoutine(p, f, all)
			}
			d, err := tr.storedExpr("default", q.Default, p, func(n *pg.Node) (plan.Expr, error) {
				x, err := tr.expr(n, &exprCtx{clause: "DEFAULT expressions"})
				if err == nil {
					x, err = tr.coerce(x, *q.Type)
				}
				return x.e, err
			})
			if err != nil {
				return nil, err
			}
			out[i] = d
			continue
		}
		if !implicitly(*x, *q.Type) {
			return nil, noRoutine(p, f, all)
		}
		y, err := tr.coerce(*x, *q.Type)
		if err != nil {
			return nil, err
		}
		out[i] = y.e
	}
	if f.IsProcedure() {
		// A procedure's OUT arguments only match the call to it.
		kept := out[:0]
		for i, q := range in {
			if q.IsIn() {
				kept = append(kept, out[i])
			}
		}
		out = kept
	}
	return out, nil
}

// variadicArgs gathers the arguments a VARIADIC parameter takes (the
// last positional ones) into an array, as PostgreSQL does; `VARIADIC
// array` passes the array itself.
func variadicArgs(fc *pg.FuncCall, in []catalog.FuncParam, p int) ([]*pg.Node, error) {
	n := len(in)
	variadic := n > 0 && in[n-1].Mode == catalog.ModeVariadic
	switch {
	case fc.FuncVariadic && !variadic:
		return nil, errAt(errs.UndefinedFunction, p, "function %s is not variadic", qualifiedName(fc.Funcname))
	case fc.FuncVariadic || !variadic || len(fc.Args) < n:
		return fc.Args, nil
	}
	for _, a := range fc.Args[n-1:] {
		if a.GetNamedArgExpr() != nil {
			return fc.Args, nil
		}
	}
	arr := &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: fc.Args[n-1:], Location: fc.Location}}}
	return append(fc.Args[:n-1:n-1], arr), nil
}

// implicitly reports whether a value of x's type is taken by a
// parameter of type to without a cast written: the implicit casts
// PostgreSQL's function resolution applies (numbers to wider ones,
// among the string types, date to timestamp), and literals of any type.
func implicitly(x texpr, to value.Type) bool {
	if x.unknown || sameType(x.t, to) || isLoose(to) {
		return true
	}
	cf, ct := categoryOf(x.t), categoryOf(to)
	switch {
	case x.t.Array != to.Array:
		return false
	case cf == catNumber && ct == catNumber:
		return numRank(x.t) <= numRank(to)
	case cf == catString && ct == catString, cf == catJSON:
		return true
	case cf == catDatetime && ct == catDatetime:
		return x.t.Date || !to.Date
	}
	return cf == ct && cf != catOther && cf != catEnum && cf != catRange
}

// compileSQLFunction compiles f for this statement, as a value (rows
// false) or as rows in FROM.
func (tr *translator) compileSQLFunction(f *catalog.Function, rows bool, p int) (*sqlFn, error) {
	key := sqlFnKey{f.Name, rows}
	if fn, ok := tr.sqlFns[key]; ok {
		return fn, nil
	}
	if tr.bodyNesting >= maxBodyNesting {
		return nil, errAt(errs.StatementTooComplex, p, "stack depth limit exceeded").
			WithHint("Function %s calls functions more than %d levels deep.", f.Name, maxBodyNesting)
	}
	in := f.InParams()
	fs := &fnScope{desc: f, in: in, types: make([]value.Type, len(in))}
	pf := &plan.Function{Name: f.Name, Params: make([]string, len(in)), NumSlots: len(in)}
	for i, q := range in {
		pf.Params[i] = q.Name
		if q.Name == "" {
			pf.Params[i] = "$" + strconv.Itoa(i+1)
		}
		if q.Type = tr.sqlParamType(f, q); q.Type == nil {
			return nil, unsupported(p, "calling a function with a parameter of type "+q.TypeName)
		}
		fs.types[i] = *q.Type
	}
	fn := &sqlFn{pf: pf, desc: f}
	var err error
	if rows {
		fn.cols, err = tr.resultColumns(f, p)
	} else {
		fn.t, err = resultType(f)
	}
	if err != nil {
		return nil, err
	}
	if tr.sqlFns == nil {
		tr.sqlFns = make(map[sqlFnKey]*sqlFn)
	}
	tr.sqlFns[key] = fn
	body, err := tr.functionBody(fs, fn, rows)
	if err != nil {
		delete(tr.sqlFns, key)
		return nil, functionError(err, f.Name, p)
	}
	pf.Body = body
	return fn, nil
}

// functionError places an error of a body, whose positions are in the
// body's text, at the call, naming the function as PostgreSQL's
// context line does.
func functionError(err error, name string, p int) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Where != "" {
		return err
	}
	c := *e
	c.Position = p
	c.Where = "SQL function \"" + name + "\""
	return &c
}

// resultType is the type of f's value.
func resultType(f *catalog.Function) (value.Type, error) {
	if f.Routine.Kind == catalog.ReturnVoid {
		return value.TypeText, nil // void's output is the empty string
	}
	if f.Result == nil {
		return value.Type{}, errs.New(errs.FeatureNotSupported, "feature not supported: functions returning %s", f.Routine.Returns)
	}
	return *f.Result, nil
}

// resultColumns are the columns of f's rows in FROM: the OUT (or TABLE)
// parameters, a table's columns, or the one value named after f.
// rowType is the composite type of the rows f returns: the named type
// or table row type it returns, or the record of its OUT parameters (a
// record whose fields its values tell when it has none).
func (tr *translator) rowType(f *catalog.Function, p int) (value.Type, error) {
	if f.Routine.Kind == catalog.ReturnRecord && len(f.OutParams()) == 0 {
		return value.CompositeType("", nil), nil
	}
	cols, err := tr.resultColumns(f, p)
	if err != nil {
		return value.Type{}, err
	}
	fields := make([]value.Field, len(cols))
	for i, c := range cols {
		fields[i] = value.Field{Name: c.name, Type: c.t}
	}
	name := ""
	if f.Routine.Kind == catalog.ReturnRow {
		name = f.Routine.Returns
	}
	return value.CompositeType(name, fields), nil
}

func (tr *translator) resultColumns(f *catalog.Function, p int) ([]srfColumn, error) {
	r := f.Routine
	switch r.Kind {
	case catalog.ReturnRecord:
		outs := f.OutParams()
		if len(outs) == 0 {
			return nil, unsupported(p, "functions returning record without OUT parameters (column definition lists)")
		}
		cols := make([]srfColumn, len(outs))
		for i, o := range outs {
			if o.Type == nil {
				return nil, unsupported(p, "functions with an OUT parameter of type "+o.TypeName)
			}
			cols[i] = srfColumn{name: o.Name, t: *o.Type}
			if o.Name == "" {
				cols[i].name = "column" + strconv.Itoa(i+1)
			}
		}
		return cols, nil
	case catalog.ReturnRow:
		rt, ok, err := tr.compositeDef(r.Returns)
		if err != nil {
			return nil, withPos(err, p)
		}
		if !ok {
			t, err := tr.r.Table(tr.ctx, r.Returns)
			if err != nil {
				return nil, withPos(err, p)
			}
			if rt, ok = tableRowType(t); !ok {
				return nil, unsupported(p, "functions returning the rows of a schemaless table")
			}
		}
		cols := make([]srfColumn, len(rt.Fields))
		for i, fd := range rt.Fields {
			cols[i] = srfColumn{name: fd.Name, t: fd.Type}
		}
		return cols, nil
	case catalog.ReturnVoid, catalog.ReturnTrigger:
		return nil, unsupported(p, "functions returning "+r.Returns+" in FROM")
	}
	t, err := resultType(f)
	if err != nil {
		return nil, err
	}
	name := f.Name
	if outs := f.OutParams(); len(outs) == 1 && outs[0].Name != "" {
		name = outs[0].Name
	}
	if t.IsComposite() {
		// PostgreSQL makes the fields the columns, which the rows of
		// this function are not.
		return nil, unsupported(p, "function "+f.Name+" returning a composite type in FROM")
	}
	return []srfColumn{{name: name, t: t}}, nil
}

// bodyStatements parses f's body into statements: the text of AS, or a
// SQL-standard body, RETURN expr (a SELECT of expr) or BEGIN ATOMIC
// ... END (its statements).
func bodyStatements(f *catalog.Function) ([]Stmt, error) {
	text := f.Source
	if f.Routine.StandardBody {
		sc, err := pg.Scan(text)
		if err != nil || len(sc.Tokens) == 0 {
			return nil, errs.New(errs.DataCorrupted, "function %s has an unreadable body", f.Name)
		}
		first, last := sc.Tokens[0], sc.Tokens[len(sc.Tokens)-1]
		switch {
		case first.Token == pg.Token_RETURN:
			text = "SELECT " + text[first.End:]
		case first.Token == pg.Token_BEGIN_P && len(sc.Tokens) >= 3 && last.Token == pg.Token_END_P:
			text = text[sc.Tokens[1].End:last.Start]
		default:
			return nil, errs.New(errs.DataCorrupted, "function %s has an unreadable body", f.Name)
		}
	}
	return Split(text)
}

// functionBody translates f's body into the expression its calls
// evaluate.
func (tr *translator) functionBody(fs *fnScope, fn *sqlFn, rows bool) (plan.Expr, error) {
	f := fs.desc
	stmts, err := bodyStatements(f)
	if err != nil {
		return nil, err
	}
	void := f.Routine.Kind == catalog.ReturnVoid
	if len(stmts) > 1 || void && len(stmts) > 0 {
		fs.depth = 1 // the statements run in a Block's frame
	}
	var run []plan.Expr
	var last *plan.Statement
	err = tr.inBody(fs, func() error {
		for i, s := range stmts {
			st, err := tr.bodyStatement(s, i == len(stmts)-1 && !void)
			if err != nil {
				return err
			}
			if i < len(stmts)-1 || void {
				run = append(run, &plan.Subquery{Node: st.Root, Mode: plan.SubList})
				continue
			}
			last = st
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var result plan.Expr
	switch {
	case void:
		result = &plan.Const{V: value.String("")}
	case last == nil || !last.ReturnsRows:
		return nil, errFinalStatement(f)
	case rows:
		node, err := tr.resultRows(f, last, fn.cols)
		if err != nil {
			return nil, err
		}
		if !f.Routine.SetOf {
			node = &plan.Limit{Input: node, Count: &plan.Const{V: value.Int(1)}}
		}
		result = &plan.Subquery{Node: node, Mode: plan.SubList}
	default:
		if len(last.Columns) != 1 {
			return nil, errs.New(errs.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", f.Routine.Returns).
				WithDetail("Final statement must return exactly one column.")
		}
		col, err := tr.resultValue(f, texpr{e: &plan.ColRef{Idx: 0, Name: last.Columns[0].Name}, t: last.Columns[0].Type}, fn.t)
		if err != nil {
			return nil, err
		}
		node := last.Root
		if _, ok := col.(*plan.ColRef); !ok {
			node = &plan.Project{Input: node, Exprs: []plan.Expr{col}, Cols: []plan.Column{{Name: f.Name, Type: fn.t}}}
		}
		result = &plan.Subquery{Node: node, Mode: plan.SubFirst}
	}
	if len(run) > 0 || fs.depth > 0 {
		result = &plan.Block{Stmts: run, Result: result}
	}
	if f.Routine.Strict && len(fs.in) > 0 {
		// NULL in, NULL (no rows) out, without running the body.
		var anyNull plan.Expr
		for i := range fs.in {
			isNull := &plan.Unary{Op: plan.OpIsNull, X: &plan.Local{Slot: i, Name: fs.in[i].Name}, SQL: true}
			if anyNull == nil {
				anyNull = isNull
			} else {
				anyNull = &plan.Binary{Op: plan.OpOr, L: anyNull, R: isNull, SQL: true}
			}
		}
		var none plan.Expr = &plan.Const{}
		if rows {
			none = &plan.Const{V: value.List(nil)}
		}
		result = &plan.If{Cond: anyNull, Then: none, Else: result}
	}
	return result, nil
}

// resultValue converts the final statement's column x to the declared
// type t, as PostgreSQL's assignment cast does (42P13 when none would).
func (tr *translator) resultValue(f *catalog.Function, x texpr, t value.Type) (plan.Expr, error) {
	if x.t.Kind == value.KindNone {
		x.t = value.TypeText // an untyped literal's column is text
	}
	if !assignable(x, t) {
		return nil, errs.New(errs.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", f.Routine.Returns).
			WithDetail("Actual return type is %s.", typeName(x))
	}
	y, err := tr.coerce(x, t)
	return y.e, err
}

// resultRows projects the final statement's rows into lists of the
// function's columns, converted to their declared types.
func (tr *translator) resultRows(f *catalog.Function, last *plan.Statement, cols []srfColumn) (plan.Node, error) {
	col := func(i int) texpr {
		return texpr{e: &plan.ColRef{Idx: i, Name: last.Columns[i].Name}, t: last.Columns[i].Type}
	}
	switch {
	case len(cols) > 1 && len(last.Columns) == 1 && last.Columns[0].Type.IsComposite() && len(last.Columns[0].Type.Fields) == len(cols):
		// SELECT ROW(...)::t of a function returning t: the row's fields
		// are the result's columns, as in PostgreSQL.
		whole := col(0)
		col = func(i int) texpr { return fieldOf(whole, i, 0) }
	case len(last.Columns) != len(cols):
		return nil, errs.New(errs.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", f.Routine.Returns).
			WithDetail("Final statement returns %d columns, not %d.", len(last.Columns), len(cols))
	}
	elems := make([]plan.Expr, len(cols))
	for i, c := range cols {
		e, err := tr.resultValue(f, col(i), c.t)
		if err != nil {
			return nil, err
		}
		elems[i] = e
	}
	return &plan.Project{Input: last.Root, Exprs: []plan.Expr{&plan.ListCons{Elems: elems}}, Cols: []plan.Column{{Name: f.Name, Type: value.Any}}}, nil
}

// bodyStatement translates one statement of a body: a query, or a write
// (with RETURNING or not).
func (tr *translator) bodyStatement(s Stmt, final bool) (*plan.Statement, error) {
	tr.stmt, tr.src = s, s.src
	switch s.tree.Node.(type) {
	case *pg.Node_SelectStmt, *pg.Node_InsertStmt, *pg.Node_UpdateStmt, *pg.Node_DeleteStmt:
	default:
		if final {
			return nil, errFinalStatement(tr.fnScope.desc)
		}
		return nil, unsupported(0, stmtKindName(s.tree)+" in a SQL function")
	}
	st, err := tr.statement(s.tree)
	if err != nil {
		return nil, err
	}
	if st.Kind == plan.StmtWrite {
		tr.bodyWrites = true
	}
	if st.LockRows != "" {
		tr.bodyWrites = true
	}
	return st, nil
}

// inBody runs translate with the translator set up for a function body:
// a statement of its own (no WITH queries, no literals of the caller's
// normalized text, no enclosing query), whose parameters are fs's.
func (tr *translator) inBody(fs *fnScope, translate func() error) error {
	saved := *tr
	tr.fnScope, tr.lits, tr.ctes, tr.topWith, tr.writes, tr.into = fs, 0, nil, nil, nil, nil
	tr.bodyNesting++
	err := translate()
	sqlFns, writes, zoned, readsTemp, noCache := tr.sqlFns, tr.bodyWrites, tr.zoned, tr.readsTemp, tr.noCache
	*tr = saved
	tr.sqlFns, tr.bodyWrites, tr.zoned, tr.readsTemp = sqlFns, writes, zoned, readsTemp
	tr.noCache = tr.noCache || noCache
	return err
}

// functionParam resolves $n, or a parameter's name, in a function body.
func (tr *translator) functionParam(n int, name string, p int) (texpr, bool, error) {
	fs := tr.fnScope
	if fs == nil {
		return texpr{}, false, nil
	}
	if name != "" {
		n = 0
		for i, q := range fs.in {
			if q.Name == name {
				n = i + 1
			}
		}
		if n == 0 {
			return texpr{}, false, nil
		}
	}
	if n < 1 || n > len(fs.in) {
		return texpr{}, true, errAt(codeUndefinedParameter, p, "there is no parameter $%d", n)
	}
	return texpr{e: &plan.Local{At: at(p), Depth: fs.depth, Slot: n - 1, Name: fs.in[n-1].Name}, t: fs.types[n-1]}, true, nil
}

// checkFunctionBody translates a new LANGUAGE sql function's body once,
// as PostgreSQL does when check_function_bodies is on, so that a missing
// table or column, or a result of the wrong type, fails CREATE FUNCTION.
func (tr *translator) checkFunctionBody(f *catalog.Function) error {
	if f.Lang() != catalog.LangSQL || !tr.checkBodies() {
		return nil
	}
	for _, q := range f.InParams() {
		if q.Type == nil {
			return nil // a parameter zerodb cannot hold: checked when called
		}
	}
	tr.creating = f
	defer func() { tr.creating = nil }()
	var err error
	switch {
	case f.Routine.SetOf || f.Routine.Kind == catalog.ReturnRecord || f.Routine.Kind == catalog.ReturnRow:
		_, err = tr.compileSQLFunction(f, true, 0)
	default:
		_, err = tr.compileSQLFunction(f, false, 0)
	}
	tr.sqlFns = nil
	var e *errs.Error
	if errors.As(err, &e) {
		return e.WithoutPos()
	}
	return err
}

// checkBodies reports the session's check_function_bodies (on when the
// resolver cannot tell).
func (tr *translator) checkBodies() bool {
	sr, ok := tr.r.(translate.SettingResolver)
	if !ok {
		return true
	}
	v, ok := sr.Setting("check_function_bodies")
	return !ok || v != "off"
}

func errFinalStatement(f *catalog.Function) error {
	return errs.New(errs.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", f.Routine.Returns).
		WithDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.")
}
