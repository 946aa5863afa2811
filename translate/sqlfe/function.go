package sqlfe

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
	"github.com/zerodb/zerodb/translate/plpgsql"
)

// Functions defined in SQL: CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql
// or plpgsql stores a catalog.Function (engine/catalog/routine.go says
// what it holds); DROP FUNCTION removes it. LANGUAGE zql is the session's
// (ZQLFunction). A plpgsql body is stored as written: its interpreter
// reads it.

// The command tags.
const (
	TagCreateFunction  = "CREATE FUNCTION"
	TagDropFunction    = "DROP FUNCTION"
	TagCreateProcedure = "CREATE PROCEDURE"
	TagDropProcedure   = "DROP PROCEDURE"
	TagDropRoutine     = "DROP ROUTINE"
)

// procAttributes are the CREATE FUNCTION options a procedure may not
// have (PostgreSQL: 42P13 "invalid attribute in procedure definition").
var procAttributes = map[string]bool{"volatility": true, "strict": true, "leakproof": true, "parallel": true, "cost": true, "rows": true}

// createFunction translates CREATE [OR REPLACE] FUNCTION in LANGUAGE sql
// or plpgsql.
func (tr *translator) createFunction(cf *pg.CreateFunctionStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	schema, name, err := tr.functionTarget(cf.Funcname, true)
	if err != nil {
		return nil, err
	}
	// The body is checked as the function's: a call of schema.name in
	// it is the function being made (userFunction).
	tr.stmtSchema = schema
	f := &catalog.Function{Name: name, Routine: &catalog.Routine{Volatility: 'v', Parallel: 'u'}}
	r := f.Routine
	var as []*pg.Node
	seen := map[string]bool{}
	for _, o := range cf.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			f.Language = d.Arg.GetString_().GetSval()
		case "as":
			as = d.Arg.GetList().GetItems()
		default:
			if err := tr.routineAttribute(r, d, seen, cf.IsProcedure, "CREATE FUNCTION"); err != nil {
				return nil, err
			}
		}
	}
	switch {
	case f.Language == "" && cf.SqlBody != nil:
		f.Language = catalog.LangSQL
	case f.Language == "":
		return nil, errAt(errs.InvalidFunctionDefinition, p, "no language specified")
	case f.Language == "c" || f.Language == "internal":
		return nil, unsupported(p, "functions in LANGUAGE "+f.Language)
	case f.Language != catalog.LangSQL && f.Language != catalog.LangPLpgSQL:
		return nil, errAt(errs.UndefinedObject, p, "language %q does not exist", f.Language)
	}
	switch {
	case cf.SqlBody != nil && f.Language != catalog.LangSQL:
		return nil, errAt(errs.InvalidFunctionDefinition, p, "inline SQL function body only valid for language SQL")
	case cf.SqlBody != nil && len(as) > 0:
		return nil, errAt(errs.InvalidFunctionDefinition, p, "duplicate function body specified")
	case cf.SqlBody != nil:
		r.StandardBody = true
		if f.Source, err = tr.standardBody(); err != nil {
			return nil, err
		}
	case len(as) == 0:
		return nil, errAt(errs.InvalidFunctionDefinition, p, "no function body specified")
	case len(as) > 1 || as[0].GetString_() == nil:
		return nil, errAt(errs.InvalidFunctionDefinition, p, "only one AS item needed for language %q", f.Language)
	default:
		f.Source = as[0].GetString_().GetSval()
	}
	if err := tr.functionParams(f, cf.Parameters); err != nil {
		return nil, err
	}
	r.Procedure = cf.IsProcedure
	if err := tr.functionResult(f, cf.ReturnType); err != nil {
		return nil, err
	}
	if f.Language == catalog.LangPLpgSQL && tr.checkBodies() {
		// PostgreSQL's validator parses the body unless
		// check_function_bodies is off (pg_dump's scripts turn it off);
		// what zerodb cannot run fails here too, with 0A000.
		if _, err := plpgsql.Compile(f); err != nil {
			return nil, withPos(err, p)
		}
	}
	if r.Cost == 0 {
		r.Cost = 100
	}
	switch {
	case r.Rows != 0 && !r.SetOf:
		return nil, errAt(errs.InvalidParameterValue, p, "ROWS is not applicable when function does not return a set")
	case r.Rows == 0 && r.SetOf:
		r.Rows = 1000
	}
	if tr.builtinName(name) {
		// Builtins come first (pg_catalog is first in the search
		// path), and without overloading that is every call.
		return nil, errAt(errs.FeatureNotSupported, p, "feature not supported: a function named %s: zerodb has a builtin function of that name, which calls would always reach", name).
			WithHint("Give the function another name.")
	}
	if err := tr.checkFunctionBody(f); err != nil {
		return nil, err
	}
	tag := TagCreateFunction
	if r.Procedure {
		tag = TagCreateProcedure
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Schema: schema,
		Root: &plan.CreateFunction{Function: f, SQL: true, Replace: cf.Replace}}, nil
}

// routineAttribute reads one attribute of CREATE FUNCTION or ALTER
// FUNCTION (stmt names it in the 0A000 of an unknown one) into r, with
// PostgreSQL's checks; seen holds the attributes read so far.
func (tr *translator) routineAttribute(r *catalog.Routine, d *pg.DefElem, seen map[string]bool, procedure bool, stmt string) error {
	dp := tr.pos(d.Location)
	if seen[d.Defname] && d.Defname != "set" {
		return errAt(errs.SyntaxError, dp, "conflicting or redundant options")
	}
	seen[d.Defname] = true
	if procedure && procAttributes[d.Defname] {
		return errAt(errs.InvalidFunctionDefinition, dp, "invalid attribute in procedure definition")
	}
	var err error
	switch d.Defname {
	case "volatility":
		r.Volatility = d.Arg.GetString_().GetSval()[0]
	case "strict":
		r.Strict = d.Arg.GetBoolean().GetBoolval()
	case "security":
		r.SecurityDefiner = d.Arg.GetBoolean().GetBoolval()
	case "leakproof":
		r.Leakproof = d.Arg.GetBoolean().GetBoolval()
	case "parallel":
		switch d.Arg.GetString_().GetSval() {
		case "safe":
			r.Parallel = 's'
		case "restricted":
			r.Parallel = 'r'
		case "unsafe":
			r.Parallel = 'u'
		default:
			return errAt(errs.InvalidParameterValue, dp, "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE")
		}
	case "cost", "rows":
		v, err := defFloat(d.Arg)
		if err != nil || v <= 0 {
			return errs.New(errs.InvalidParameterValue, "%s must be positive", strings.ToUpper(d.Defname))
		}
		if d.Defname == "cost" {
			r.Cost = v
		} else {
			r.Rows = v
		}
	case "set":
		r.Config, err = tr.routineConfig(r.Config, d.Arg.GetVariableSetStmt(), dp)
	default:
		err = unsupported(dp, stmt+" option "+strings.ToUpper(d.Defname))
	}
	return err
}

// builtinName reports whether a builtin function has name: builtins
// come first (pg_catalog is first in the search path), and without
// overloading a function or aggregate of that name could not be called.
func (tr *translator) builtinName(name string) bool {
	return tr.isBuiltin(name) || isOrderedSet(name) || liftable(name)
}

// functionTarget is schemaTarget of the function a CREATE (creates) or
// DROP names.
func (tr *translator) functionTarget(names []*pg.Node, creates bool) (schema, name string, err error) {
	return tr.schemaTarget(names, creates, func(_ translate.SchemaResolver, name string) (string, error) {
		f, found, err := tr.storedFunction(name)
		if err != nil || !found {
			return "", err
		}
		return tr.schemaOf(f)
	})
}

// schemaTarget is the schema other than public ("" for public) and the
// name of the object (a function, a type) a CREATE (creates), ALTER or
// DROP names: a schema's own, else where a CREATE makes it (the first
// schema of search_path) or the schema of the object a bare name finds
// (found's; "" when it finds none, which the executor reports). A
// system schema is 42501 for a CREATE, a missing one 3F000, a name of
// three parts 0A000.
func (tr *translator) schemaTarget(names []*pg.Node, creates bool, found func(translate.SchemaResolver, string) (string, error)) (schema, name string, err error) {
	switch len(names) {
	case 1:
		name = names[0].GetString_().GetSval()
		sr, ok := tr.r.(translate.SchemaResolver)
		switch {
		case !ok:
		case creates:
			schema, err = sr.CreationSchema(tr.ctx)
		default:
			schema, err = found(sr, name)
		}
		return schema, name, err
	case 2:
		schema, name = names[0].GetString_().GetSval(), names[1].GetString_().GetSval()
		if !creates && schema == "pg_catalog" {
			return "", name, nil // the executor finds no such object
		}
		schema, err = tr.creationSchemaOf(&pg.RangeVar{Schemaname: schema, Relname: name, Location: -1})
		return schema, name, err
	case 3:
		return "", "", unsupported(tr.stmt.stmtPos(), "cross-database references")
	}
	return "", "", errAt(errs.SyntaxError, tr.stmt.stmtPos(), "improper qualified name (too many dotted names): %s", qualifiedName(names))
}

// functionName is the function COMMENT ON FUNCTION names: its schema
// must be public (functionTarget finds the others' for DDL).
func (tr *translator) functionName(names []*pg.Node) (string, error) {
	return tr.publicName(names, "comments on functions", func() error {
		return errAt(errs.SyntaxError, tr.stmt.stmtPos(), "improper qualified name (too many dotted names): %s", qualifiedName(names))
	})
}

// publicName is the unqualified name of an object of schema public that
// a name of one or two parts names (for another schema: 0A000 naming
// kind, 3F000 when it does not exist); tooMany makes the error for more
// parts.
func (tr *translator) publicName(names []*pg.Node, kind string, tooMany func() error) (string, error) {
	switch len(names) {
	case 1:
		return names[0].GetString_().GetSval(), nil
	case 2:
		if s := names[0].GetString_().GetSval(); s != "public" {
			return "", tr.onlyPublic(kind, s, tr.stmt.stmtPos())
		}
		return names[1].GetString_().GetSval(), nil
	}
	return "", tooMany()
}

func defFloat(n *pg.Node) (float64, error) {
	switch {
	case n.GetInteger() != nil:
		return float64(n.GetInteger().Ival), nil
	case n.GetFloat() != nil:
		return strconv.ParseFloat(n.GetFloat().Fval, 64)
	}
	return 0, errs.New(errs.SyntaxError, "not a number")
}

// standardBody is the text of a SQL-standard body (RETURN expr, or BEGIN
// ATOMIC ... END) as written: from the first RETURN or BEGIN token of the
// statement to its end. Neither can come earlier in CREATE FUNCTION:
// RETURNS is a token of its own.
func (tr *translator) standardBody() (string, error) {
	text := tr.stmt.Text()
	sc, err := pg.Scan(text)
	if err != nil {
		return "", errAt(errs.SyntaxError, tr.stmt.stmtPos(), "%v", err)
	}
	for _, t := range sc.Tokens {
		if t.Token == pg.Token_RETURN || t.Token == pg.Token_BEGIN_P {
			return strings.TrimRight(strings.TrimSpace(text[t.Start:]), ";"), nil
		}
	}
	return "", errAt(errs.InvalidFunctionDefinition, tr.stmt.stmtPos(), "no function body specified")
}

// functionParams reads the parameters, with PostgreSQL's rules for
// defaults and modes.
func (tr *translator) functionParams(f *catalog.Function, params []*pg.Node) error {
	const p = 0 // PostgreSQL's errors here have no position
	seenDefault, seenVariadic := false, false
	for _, n := range params {
		fp := n.GetFunctionParameter()
		if fp == nil {
			continue
		}
		prm := catalog.FuncParam{Name: fp.Name, Mode: catalog.ModeIn}
		if m, ok := paramModes[fp.Mode]; ok {
			prm.Mode = m
		}
		if seenVariadic && prm.IsIn() {
			return errAt(errs.InvalidFunctionDefinition, p, "VARIADIC parameter must be the last input parameter")
		}
		seenVariadic = seenVariadic || prm.Mode == catalog.ModeVariadic
		t, name, err := tr.paramType(fp.ArgType)
		if err != nil {
			return err
		}
		prm.Type, prm.TypeName = t, name
		if prm.Mode == catalog.ModeVariadic && (t == nil || t.Kind != value.KindList) {
			return errAt(errs.InvalidFunctionDefinition, p, "VARIADIC parameter must be an array")
		}
		if fp.Defexpr != nil {
			if !prm.IsIn() {
				return errAt(errs.InvalidFunctionDefinition, p, "only input parameters can have default values")
			}
			if prm.Default, err = deparseExpr(fp.Defexpr, p); err != nil {
				return err
			}
			if fp.Defexpr.GetAConst().GetSval() != nil {
				// PostgreSQL keeps a string default coerced to the
				// parameter's type, and prints it so: 'x'::text.
				prm.Default += "::" + prm.TypeName
			}
			seenDefault = true
		} else if seenDefault && prm.IsIn() {
			return errAt(errs.InvalidFunctionDefinition, p, "input parameters after one with a default value must also have defaults")
		}
		for _, q := range f.Params {
			if prm.Name != "" && q.Name == prm.Name && (prm.IsIn() == q.IsIn() || prm.Mode == catalog.ModeInOut || q.Mode == catalog.ModeInOut) {
				return errAt(errs.InvalidFunctionDefinition, p, "parameter name %q used more than once", prm.Name)
			}
		}
		f.Params = append(f.Params, prm)
	}
	return nil
}

// paramModes are the parser's parameter modes other than IN (and
// none, which is IN too) as pg_proc.proargmodes spells them.
var paramModes = map[pg.FunctionParameterMode]byte{
	pg.FunctionParameterMode_FUNC_PARAM_OUT:      catalog.ModeOut,
	pg.FunctionParameterMode_FUNC_PARAM_INOUT:    catalog.ModeInOut,
	pg.FunctionParameterMode_FUNC_PARAM_VARIADIC: catalog.ModeVariadic,
	pg.FunctionParameterMode_FUNC_PARAM_TABLE:    catalog.ModeTable,
}

// Pseudo-types a SQL-defined function may declare that zerodb has no
// value type for (FuncParam.Type nil).
var pseudoTypes = map[string]bool{"record": true, "void": true, "trigger": true, "event_trigger": true}

// paramType resolves a parameter's or result's type: its value.Type (nil
// for a pseudo-type or a table's row type) and its name as format_type
// prints it. A type modifier is dropped, as PostgreSQL does for
// functions' types.
func (tr *translator) paramType(tn *pg.TypeName) (*value.Type, string, error) {
	if tn == nil {
		return nil, "", errAt(errs.SyntaxError, tr.stmt.stmtPos(), "missing type name")
	}
	if tn.PctType {
		return nil, "", unsupported(tr.pos(tn.Location), "%TYPE in a function's declaration")
	}
	plain := &pg.TypeName{Names: tn.Names, ArrayBounds: tn.ArrayBounds, Typemod: -1, Location: tn.Location}
	last := typeNameString(plain)
	if len(tn.ArrayBounds) == 0 && pseudoTypes[last] {
		return nil, last, nil
	}
	t, err := tr.typeName(plain)
	if err == nil && t.IsComposite() && len(tn.ArrayBounds) == 0 {
		if _, terr := tr.r.Table(tr.ctx, last); terr == nil {
			return nil, last, nil // a table's row type: the function's rows are the table's
		}
	}
	if err == nil {
		name := t.SQLName()
		if tr.typeDomain != "" {
			name = tr.typeDomain
		}
		if t.IsEnum() && t.Name != "" {
			name = t.Name
		}
		if len(tn.ArrayBounds) > 0 && !strings.HasSuffix(name, "[]") {
			name += "[]"
		}
		return &t, name, nil
	}
	if errs.Code(err) == errs.UndefinedObject && len(tn.ArrayBounds) == 0 && last != "" {
		if _, terr := tr.r.Table(tr.ctx, last); terr == nil {
			return nil, last, nil
		}
	}
	return nil, "", err
}

// functionResult reads RETURNS: a type, SETOF a type, TABLE(...) (the
// parser made its columns ModeTable parameters), or nothing, when OUT
// parameters give the result.
func (tr *translator) functionResult(f *catalog.Function, rt *pg.TypeName) error {
	r := f.Routine
	p := tr.stmt.stmtPos()
	outs := f.OutParams()
	if rt == nil {
		switch {
		case len(outs) == 0 && r.Procedure:
			r.Returns, r.Kind = "void", catalog.ReturnVoid
		case len(outs) == 0:
			return errAt(errs.InvalidFunctionDefinition, p, "function result type must be specified")
		case len(outs) == 1:
			f.Result, r.Returns = outs[0].Type, outs[0].TypeName
		default:
			r.Returns, r.Kind = "record", catalog.ReturnRecord
		}
		return nil
	}
	r.SetOf = rt.Setof
	t, name, err := tr.paramType(&pg.TypeName{Names: rt.Names, ArrayBounds: rt.ArrayBounds, Typemod: -1, Location: rt.Location})
	if err != nil {
		return err
	}
	r.Returns = name
	if t != nil && t.IsComposite() {
		// A composite type's rows, as a table's: its fields are the
		// columns of the body's last statement, or of the row a
		// PL/pgSQL function returns.
		t = nil
	}
	tableCols := false
	for _, o := range outs {
		tableCols = tableCols || o.Mode == catalog.ModeTable
	}
	switch {
	case tableCols:
		// RETURNS TABLE: the parser names the one column's type, or
		// record for several.
		if len(outs) > 1 {
			t, r.Returns = nil, "record"
		}
	case len(outs) > 1 && name != "record":
		return errAt(errs.InvalidFunctionDefinition, p, "function result type must be record because of OUT parameters")
	case len(outs) == 1 && name != outs[0].TypeName:
		return errAt(errs.InvalidFunctionDefinition, p, "function result type must be %s because of OUT parameters", outs[0].TypeName)
	}
	switch {
	case t != nil:
		f.Result = t
	case name == "void":
		r.Kind = catalog.ReturnVoid
	case name == "trigger" || name == "event_trigger":
		if len(f.InParams()) > 0 {
			return errAt(errs.InvalidFunctionDefinition, p, "trigger functions cannot have declared arguments")
		}
		r.Kind = catalog.ReturnTrigger
	case name == "record":
		r.Kind = catalog.ReturnRecord
	default:
		r.Kind = catalog.ReturnRow
	}
	if f.Language == catalog.LangSQL && r.Kind == catalog.ReturnTrigger {
		return errAt(errs.InvalidFunctionDefinition, p, "SQL functions cannot return type %s", name)
	}
	return nil
}

// dropFunction translates DROP FUNCTION | PROCEDURE | ROUTINE |
// AGGREGATE [IF EXISTS] name[(argtypes)], ... [CASCADE | RESTRICT].
// With argument types they must be the function's (there is one
// function per name); a procedure's may leave out its OUT parameters,
// as in PostgreSQL 14. DROP FUNCTION drops no aggregate or procedure,
// DROP PROCEDURE only a procedure, DROP AGGREGATE only an aggregate
// (42809); DROP ROUTINE any but an aggregate.
func (tr *translator) dropFunction(ds *pg.DropStmt) (*plan.Statement, error) {
	agg := ds.RemoveType == pg.ObjectType_OBJECT_AGGREGATE
	tag, what := TagDropFunction, "function"
	switch ds.RemoveType {
	case pg.ObjectType_OBJECT_AGGREGATE:
		tag, what = TagDropAggregate, "aggregate"
	case pg.ObjectType_OBJECT_PROCEDURE:
		tag, what = TagDropProcedure, "procedure"
	case pg.ObjectType_OBJECT_ROUTINE:
		tag, what = TagDropRoutine, "routine"
	}
	var drops []plan.Node
	var names []string
	cascade := ds.Behavior == pg.DropBehavior_DROP_CASCADE
	for _, o := range ds.Objects {
		var notices []string
		ow := o.GetObjectWithArgs()
		schema, name, err := tr.functionTarget(ow.GetObjname(), false)
		if err != nil {
			return nil, err
		}
		f, found, err := tr.storedFunction(qualified(schema, name))
		if err != nil {
			return nil, err
		}
		if !found && ow.ArgsUnspecified && !ds.MissingOk {
			return nil, errs.New(errs.UndefinedFunction, "could not find a %s named %q", what, name)
		}
		missing := "" // IF EXISTS's notice, PostgreSQL's
		if !found && !agg {
			sig, err := tr.objectSignature(qualifiedName(ow.Objname), ow)
			if err != nil {
				return nil, err
			}
			if !ds.MissingOk {
				return nil, errs.New(errs.UndefinedFunction, "%s %s does not exist", what, sig)
			}
			missing = what + " " + sig + " does not exist, skipping"
		}
		if !ow.ArgsUnspecified && (found || agg && !ds.MissingOk) {
			sig, err := tr.objectSignature(name, ow)
			if err != nil {
				return nil, err
			}
			if !found || !f.HasSignature(sig) {
				if agg && len(ow.Objargs) == 0 {
					sig = name + "(*)"
				}
				if !ds.MissingOk {
					return nil, errs.New(errs.UndefinedFunction, "%s %s does not exist", what, sig)
				}
				continue
			}
		}
		if found {
			if err := droppedKind(f, ds.RemoveType); err != nil {
				return nil, err
			}
			// Views calling it go too (CASCADE) or keep it (2BP01).
			what := f.Kind() + " " + qualified(schema, f.Signature())
			views, vnames, vnotices, err := tr.cascadeViews(dropping{functions: []string{cmp.Or(schema, "public") + "." + name}}, what, cascade)
			if err != nil {
				return nil, err
			}
			drops, names = append(drops, views...), append(names, vnames...)
			notices = append(notices, vnotices...)
			// Column defaults calling it lose their default (CASCADE) or
			// keep it (2BP01).
			defs, users, err := tr.cascadeDefaults(schema, name, what, cascade)
			if err != nil {
				return nil, err
			}
			drops = append(drops, defs...)
			for _, u := range users {
				names = append(names, u.table.Name+"."+u.field)
				notices = append(notices, "drop cascades to "+u.String())
			}
		}
		drops = append(drops, &plan.DropObject{Kind: "function", Missing: missing, Name: name, IfExists: ds.MissingOk,
			Cascade: cascade, CheckUse: true, Schema: cmp.Or(schema, "public"), Notices: notices})
		names = append(names, name)
	}
	if len(drops) == 0 {
		return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.Values{}}, nil
	}
	return allOf(tag, drops, names), nil
}

// objectSignature is name(argtypes) of a DROP's or ALTER's function,
// as PostgreSQL's messages show it.
func (tr *translator) objectSignature(name string, ow *pg.ObjectWithArgs) (string, error) {
	var types []string
	for _, a := range ow.Objargs {
		_, t, err := tr.paramType(a.GetTypeName())
		if err != nil {
			return "", err
		}
		types = append(types, t)
	}
	return name + "(" + strings.Join(types, ", ") + ")", nil
}

// droppedKind checks that f is of the kind a DROP or ALTER of kind
// names (OBJECT_FUNCTION, _PROCEDURE, _AGGREGATE or _ROUTINE), with
// PostgreSQL's 42809 otherwise.
func droppedKind(f *catalog.Function, kind pg.ObjectType) error {
	switch {
	case kind == pg.ObjectType_OBJECT_AGGREGATE && !f.IsAggregate():
		return errs.New(errs.WrongObjectType, "function %s is not an aggregate", f.Signature())
	case kind == pg.ObjectType_OBJECT_FUNCTION && f.IsAggregate():
		return errs.New(errs.WrongObjectType, "%s is an aggregate function", f.Signature()).WithHint("Use DROP AGGREGATE to drop aggregate functions.")
	case kind == pg.ObjectType_OBJECT_PROCEDURE && !f.IsProcedure():
		return errs.New(errs.WrongObjectType, "%s is not a procedure", f.Signature())
	case kind == pg.ObjectType_OBJECT_FUNCTION && f.IsProcedure():
		return errs.New(errs.WrongObjectType, "%s is not a function", f.Signature())
	}
	return nil
}

// storedFunction finds a stored function of the current database through
// the resolver, which records it (or its absence) as a dependency of the
// translation.
func (tr *translator) storedFunction(name string) (*catalog.Function, bool, error) {
	cr, ok := tr.r.(translate.CatalogResolver)
	if !ok {
		return nil, false, nil
	}
	return cr.StoredFunction(tr.ctx, name)
}

// routineConfig applies one SET or RESET clause of CREATE FUNCTION or
// ALTER FUNCTION to config, a function's settings as pg_proc.proconfig
// keeps them ("name=value", one per name, in the order first set, the
// name as PostgreSQL spells it): SET name {TO | =} value, SET name FROM
// CURRENT (the session's value now), SET name TO DEFAULT and RESET name
// (the name's out), RESET ALL. The value is checked as SET would take
// it (SettingChecker): an unknown parameter is 42704, a bad value 22023.
func (tr *translator) routineConfig(config []string, s *pg.VariableSetStmt, p int) ([]string, error) {
	if s == nil {
		return config, nil
	}
	if s.Kind == pg.VariableSetKind_VAR_RESET_ALL {
		return nil, nil
	}
	name := s.Name
	switch strings.ToLower(name) {
	case "role", "session_authorization", "transaction_isolation", "transaction_read_only", "transaction_deferrable":
		return nil, errAt(errs.FeatureNotSupported, p, "SET %s in a function's definition is not supported", name)
	}
	config = slices.DeleteFunc(config, func(c string) bool {
		n, _, _ := strings.Cut(c, "=")
		return strings.EqualFold(n, name)
	})
	var val string
	switch s.Kind {
	case pg.VariableSetKind_VAR_SET_VALUE:
		v, err := tr.settingValue(s.Args)
		if err != nil {
			return nil, err
		}
		val = v
	case pg.VariableSetKind_VAR_SET_CURRENT:
		if sr, ok := tr.r.(translate.SettingResolver); ok {
			val, _ = sr.Setting(name)
		}
	case pg.VariableSetKind_VAR_SET_DEFAULT, pg.VariableSetKind_VAR_RESET:
		return config, nil
	default:
		return nil, unsupported(p, "this SET clause of a function")
	}
	if sc, ok := tr.r.(translate.SettingChecker); ok {
		canonical, err := sc.CheckSetting(name, val)
		if err != nil {
			return nil, err
		}
		name = canonical
	}
	return append(config, name+"="+val), nil
}
