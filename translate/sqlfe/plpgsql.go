package sqlfe

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// doStmt translates DO [LANGUAGE plpgsql] '...': the session runs the
// block with package plpgsql, which reads the statement's text itself.
func (tr *translator) doStmt(d *pg.DoStmt) (*plan.Statement, error) {
	for _, a := range d.Args {
		de := a.GetDefElem()
		if de == nil || de.Defname != "language" {
			continue
		}
		if lang := strings.ToLower(defElemText(de)); lang != "plpgsql" {
			if lang == "sql" || lang == "zql" {
				return nil, errAt(errs.FeatureNotSupported, tr.stmt.stmtPos(), "language %q does not support inline code execution", lang)
			}
			return nil, errAt(errs.UndefinedObject, tr.stmt.stmtPos(), "language %q does not exist", lang)
		}
	}
	return &plan.Statement{Kind: plan.StmtDo, Tag: "DO", Text: tr.stmt.Text()}, nil
}

// createTrigger translates CREATE [OR REPLACE] TRIGGER of a row trigger.
// The function is looked up when the trigger fires, as PostgreSQL's
// stored trigger names its function by OID; here it must exist now.
func (tr *translator) createTrigger(c *pg.CreateTrigStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	switch {
	case c.Isconstraint:
		return nil, unsupported(p, "CREATE CONSTRAINT TRIGGER")
	case c.Events&triggerTruncate != 0:
		return nil, unsupported(p, "TRUNCATE triggers")
	case !c.Row:
		return nil, unsupported(p, "statement-level triggers (FOR EACH STATEMENT)")
	case c.Timing&triggerInstead != 0:
		return nil, unsupported(p, "INSTEAD OF triggers")
	case len(c.TransitionRels) > 0:
		return nil, unsupported(p, "transition tables (REFERENCING)")
	}
	t, err := tr.table(c.Relation)
	if err != nil {
		return nil, err
	}
	fn, err := qualifiedFuncName(c.Funcname, p)
	if err != nil {
		return nil, err
	}
	trig := catalog.Trigger{Name: c.Trigname, Function: fn, Before: c.Timing&triggerBefore != 0, Events: uint8(c.Events)}
	for _, col := range c.Columns {
		name := col.GetString_().GetSval()
		if _, _, ok := t.FieldByName(name); !ok {
			return nil, errAt(errs.UndefinedColumn, p, "column %q of relation %q does not exist", name, t.Name)
		}
		trig.Columns = append(trig.Columns, name)
	}
	for _, a := range c.Args {
		trig.Args = append(trig.Args, constText(a))
	}
	if c.WhenClause != nil {
		if trig.When, err = deparseExpr(c.WhenClause, p); err != nil {
			return nil, err
		}
	}
	if tf, ok := tr.r.(translate.TriggerResolver); ok {
		if err := tf.TriggerFunction(tr.ctx, fn); err != nil {
			return nil, withPos(err, p)
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "CREATE TRIGGER", Root: &plan.CreateTrigger{Table: t.Name, Trigger: trig, Replace: c.Replace}}, nil
}

// PostgreSQL's TRIGGER_TYPE_ bits of CreateTrigStmt's Timing and Events.
const (
	triggerBefore   = 1 << 1
	triggerInstead  = 1 << 6
	triggerTruncate = 1 << 5
)

// qualifiedFuncName is a function name of the public schema.
func qualifiedFuncName(names []*pg.Node, p int) (string, error) {
	switch len(names) {
	case 1:
		return names[0].GetString_().GetSval(), nil
	case 2:
		if s := names[0].GetString_().GetSval(); s == "public" {
			return names[1].GetString_().GetSval(), nil
		}
	}
	return "", unsupported(p, "functions outside the schema public")
}

// constText is a trigger argument's text: the parser gives strings and
// numbers alike.
func constText(n *pg.Node) string {
	if s := n.GetString_(); s != nil {
		return s.Sval
	}
	if c := n.GetAConst(); c != nil {
		switch {
		case c.GetSval() != nil:
			return c.GetSval().Sval
		case c.GetIval() != nil:
			return strconv.Itoa(int(c.GetIval().Ival))
		case c.GetFval() != nil:
			return c.GetFval().Fval
		}
	}
	return ""
}

// dropTrigger translates DROP TRIGGER [IF EXISTS] name ON table.
func (tr *translator) dropTrigger(d *pg.DropStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	if len(d.Objects) != 1 {
		return nil, unsupported(p, "dropping several triggers at once")
	}
	var names []string
	for _, n := range d.Objects[0].GetList().GetItems() {
		names = append(names, n.GetString_().GetSval())
	}
	if len(names) < 2 {
		return nil, errAt(errs.SyntaxError, p, "DROP TRIGGER needs ON table")
	}
	trig := names[len(names)-1]
	table := strings.Join(names[:len(names)-1], ".")
	if t, err := tr.r.Table(tr.ctx, table); err == nil {
		table = t.Name
	} else if errs.Code(err) != errs.UndefinedTable || !d.MissingOk {
		return nil, withPos(err, p)
	}
	// A missing table with IF EXISTS is the executor's notice.
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "DROP TRIGGER", Root: &plan.DropTrigger{Table: table, Name: trig, IfExists: d.MissingOk}}, nil
}

// enableTrigger translates ALTER TABLE t {ENABLE|DISABLE} TRIGGER
// {name|ALL|USER} (ok is false for other ALTER TABLE statements).
func (tr *translator) enableTrigger(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	if len(a.Cmds) != 1 {
		return nil, false, nil
	}
	cmd := a.Cmds[0].GetAlterTableCmd()
	if cmd == nil {
		return nil, false, nil
	}
	n := &plan.EnableTrigger{}
	switch cmd.Subtype {
	case pg.AlterTableType_AT_EnableTrig, pg.AlterTableType_AT_EnableAlwaysTrig:
		n.Name, n.Enable = cmd.Name, true
	case pg.AlterTableType_AT_DisableTrig:
		n.Name = cmd.Name
	case pg.AlterTableType_AT_EnableTrigAll, pg.AlterTableType_AT_EnableTrigUser:
		n.Enable = true
	case pg.AlterTableType_AT_DisableTrigAll, pg.AlterTableType_AT_DisableTrigUser:
	default:
		return nil, false, nil
	}
	t, err := tr.table(a.Relation)
	if err != nil {
		return nil, true, err
	}
	n.Table = t.Name
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER TABLE", Root: n}, true, nil
}

// plpgsqlFunction finds the stored LANGUAGE plpgsql function a call of
// name calls (ok false: none, or a builtin of the name, which wins as
// pg_catalog comes first on PostgreSQL's search path).
func (tr *translator) plpgsqlFunction(name string) (*catalog.Function, bool, error) {
	if _, builtin := tr.r.Function("sql::" + name); builtin {
		return nil, false, nil
	}
	f, found, err := tr.storedFunction(name)
	if err != nil || !found || f.Lang() != catalog.LangPLpgSQL {
		return nil, false, err
	}
	if f.Routine == nil {
		return nil, false, errs.New(errs.InternalError, "function %s has no declaration", name)
	}
	if f.Routine.Kind == catalog.ReturnTrigger {
		return nil, false, errs.New(errs.FeatureNotSupported, "trigger functions can only be called as triggers")
	}
	if f.Routine.Volatility == 'v' {
		// A volatile function may write: the statement runs read-write.
		tr.plWrites = true
	}
	return f, true, nil
}

// plpgsqlArgs checks a call's arguments against f's and coerces them to
// their types.
func (tr *translator) plpgsqlArgs(f *catalog.Function, args []texpr, named bool, p int) ([]plan.Expr, error) {
	in := f.InParams()
	switch {
	case named:
		return nil, unsupported(p, "named arguments in calls of PL/pgSQL functions")
	case len(args) > len(in) || len(args) < len(in) && in[len(args)].Default == "":
		return nil, errAt(errs.UndefinedFunction, p, "function %s does not take %d arguments", f.Signature(), len(args))
	case len(args) < len(in):
		return nil, unsupported(p, "omitting arguments of a PL/pgSQL function (defaults)")
	}
	es := make([]plan.Expr, len(args))
	for i, x := range args {
		if t := in[i].Type; t != nil {
			var err error
			if x, err = tr.coerce(x, *t); err != nil {
				return nil, err
			}
		}
		es[i] = x.e
	}
	return es, nil
}

// plpgsqlCall translates a call of a stored LANGUAGE plpgsql function in
// an expression (handled is false for any other name): a plan.Call of
// plan.PLCallPrefix + name, which the executor hands to the session
// (exec.PL) with the argument values.
func (tr *translator) plpgsqlCall(name string, callArgs []*pg.Node, p int, ec *exprCtx) (_ texpr, handled bool, _ error) {
	f, ok, err := tr.plpgsqlFunction(name)
	if err != nil {
		return texpr{}, true, withPos(err, p)
	}
	if !ok {
		return texpr{}, false, nil
	}
	switch r := f.Routine; {
	case r.SetOf:
		return texpr{}, true, unsupported(p, "set-returning PL/pgSQL functions outside FROM")
	case r.Kind == catalog.ReturnRecord || r.Kind == catalog.ReturnRow:
		return texpr{}, true, unsupported(p, "PL/pgSQL functions returning records outside FROM")
	}
	args := make([]texpr, len(callArgs))
	named := false
	for i, a := range callArgs {
		named = named || a.GetNamedArgExpr() != nil
		if args[i], err = tr.argExpr(name, a, ec); err != nil {
			return texpr{}, true, err
		}
	}
	es, err := tr.plpgsqlArgs(f, args, named, p)
	if err != nil {
		return texpr{}, true, err
	}
	t := value.TypeText // void: PostgreSQL shows an empty value
	if f.Result != nil {
		t = *f.Result
	}
	return texpr{e: &plan.Call{At: plan.At{P: p}, Fn: plan.PLCallPrefix + name, Args: es, SQL: true}, t: t}, true, nil
}

// plpgsqlRows translates a call of a LANGUAGE plpgsql function in FROM
// (ok false for any other function): a plan.Call of plan.PLRowsPrefix +
// name yielding its rows, and their columns.
func (tr *translator) plpgsqlRows(name string, fc *pg.FuncCall, args []texpr, p int) (*plan.Call, []srfColumn, bool, error) {
	f, ok, err := tr.plpgsqlFunction(name)
	if err != nil {
		return nil, nil, true, withPos(err, p)
	}
	if !ok {
		return nil, nil, false, nil
	}
	named := false
	for _, a := range fc.Args {
		named = named || a.GetNamedArgExpr() != nil
	}
	es, err := tr.plpgsqlArgs(f, args, named, p)
	if err != nil {
		return nil, nil, true, err
	}
	var cols []srfColumn
	switch r := f.Routine; {
	case len(f.OutParams()) > 0:
		for _, o := range f.OutParams() {
			c := srfColumn{name: o.Name, t: value.Any}
			if o.Type != nil {
				c.t = *o.Type
			}
			cols = append(cols, c)
		}
	case r.Kind == catalog.ReturnRow:
		t, err := tr.r.Table(tr.ctx, r.Returns)
		if err != nil {
			return nil, nil, true, withPos(err, p)
		}
		for _, fl := range t.Fields {
			cols = append(cols, srfColumn{name: fl.Name, t: fl.Type})
		}
	case r.Kind == catalog.ReturnRecord:
		return nil, nil, true, unsupported(p, "column definition lists (a function returning record)")
	default:
		c := srfColumn{name: name, t: value.TypeText}
		if f.Result != nil {
			c.t = *f.Result
		}
		cols = []srfColumn{c}
	}
	return &plan.Call{At: at(p), Fn: plan.PLRowsPrefix + name, Args: es, SQL: true}, cols, true, nil
}
