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

// createTrigger translates CREATE [OR REPLACE] TRIGGER of a row or
// statement trigger. The function is looked up when the trigger fires,
// as PostgreSQL's stored trigger names its function by OID; here it
// must exist now.
func (tr *translator) createTrigger(c *pg.CreateTrigStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	if c.Isconstraint {
		return nil, unsupported(p, "CREATE CONSTRAINT TRIGGER")
	}
	if v, ok, err := tr.writtenView(c.Relation); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return tr.createViewTrigger(c, v)
	}
	t, err := tr.table(c.Relation)
	if err != nil {
		return nil, err
	}
	if c.Timing&triggerInstead != 0 {
		return nil, errAt(errs.WrongObjectType, p, "%q is a table", t.Name).WithDetail("Tables cannot have INSTEAD OF triggers.")
	}
	if c.Row && c.Events&triggerTruncate != 0 {
		return nil, errAt(errs.FeatureNotSupported, p, "TRUNCATE FOR EACH ROW triggers are not supported")
	}
	trig, err := newTrigger(c, p)
	if err != nil {
		return nil, err
	}
	for _, col := range c.Columns {
		name := col.GetString_().GetSval()
		if _, _, ok := t.FieldByName(name); !ok {
			return nil, errAt(errs.UndefinedColumn, p, "column %q of relation %q does not exist", name, t.Name)
		}
		trig.Columns = append(trig.Columns, name)
	}
	if err := transitionTables(c, &trig, p); err != nil {
		return nil, err
	}
	return tr.finishTrigger(c, &trig, &plan.CreateTrigger{Table: t.Name, Replace: c.Replace}, p)
}

// newTrigger is the trigger c declares but for its UPDATE OF columns,
// transition tables and WHEN condition.
func newTrigger(c *pg.CreateTrigStmt, p int) (catalog.Trigger, error) {
	fn, err := qualifiedFuncName(c.Funcname, p)
	if err != nil {
		return catalog.Trigger{}, err
	}
	trig := catalog.Trigger{Name: c.Trigname, Function: fn, Before: c.Timing&triggerBefore != 0,
		Instead: c.Timing&triggerInstead != 0, Statement: !c.Row, Events: uint8(c.Events)}
	for _, a := range c.Args {
		trig.Args = append(trig.Args, constText(a))
	}
	return trig, nil
}

// finishTrigger reads c's WHEN condition into trig, checks its function
// and makes the statement n of CREATE TRIGGER.
func (tr *translator) finishTrigger(c *pg.CreateTrigStmt, trig *catalog.Trigger, n *plan.CreateTrigger, p int) (*plan.Statement, error) {
	if c.WhenClause != nil {
		if err := whenRecords(c.WhenClause, trig, p); err != nil {
			return nil, err
		}
		var err error
		if trig.When, err = deparseExpr(c.WhenClause, p); err != nil {
			return nil, err
		}
	}
	if tf, ok := tr.r.(translate.TriggerResolver); ok {
		if err := tf.TriggerFunction(tr.ctx, trig.Function); err != nil {
			return nil, withPos(err, p)
		}
		// Bound as PostgreSQL binds it: a bare name found outside
		// public is kept qualified, whatever the path when it fires.
		if f, ok, err := tr.storedFunction(trig.Function); err != nil {
			return nil, err
		} else if ok {
			name, err := tr.homeName(f)
			if err != nil {
				return nil, err
			}
			trig.Function = name
		}
	}
	n.Trigger = *trig
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "CREATE TRIGGER", Root: n}, nil
}

// writtenView is the view rv names, if it names one (ok false: a
// table, or nothing).
func (tr *translator) writtenView(rv *pg.RangeVar) (*catalog.View, bool, error) {
	vr, ok := tr.r.(translate.ViewResolver)
	if !ok || rv == nil || rv.Catalogname != "" || systemSchema(rv.Schemaname) {
		return nil, false, nil
	}
	name := rv.Relname
	if rv.Schemaname != "" {
		name = rv.Schemaname + "." + name
	}
	return vr.View(tr.ctx, name)
}

// createViewTrigger translates CREATE TRIGGER of a view: INSTEAD OF row
// triggers, which make the view's INSERT, UPDATE and DELETE, and
// statement triggers, with what PostgreSQL refuses refused alike.
func (tr *translator) createViewTrigger(c *pg.CreateTrigStmt, v *catalog.View) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	instead := c.Timing&triggerInstead != 0
	switch {
	case !instead && c.Row:
		return nil, errAt(errs.WrongObjectType, p, "%q is a view", v.Name).WithDetail("Views cannot have row-level BEFORE or AFTER triggers.")
	case c.Events&triggerTruncate != 0:
		return nil, errAt(errs.WrongObjectType, p, "%q is a view", v.Name).WithDetail("Views cannot have TRUNCATE triggers.")
	case instead && !c.Row:
		return nil, errAt(errs.FeatureNotSupported, p, "INSTEAD OF triggers must be FOR EACH ROW")
	case instead && c.WhenClause != nil:
		return nil, errAt(errs.FeatureNotSupported, p, "INSTEAD OF triggers cannot have WHEN conditions")
	case instead && len(c.Columns) > 0:
		return nil, errAt(errs.FeatureNotSupported, p, "INSTEAD OF triggers cannot have column lists")
	case len(c.TransitionRels) > 0:
		return nil, errAt(errs.WrongObjectType, p, "%q is a view", v.Name).WithDetail("Triggers on views cannot have transition tables.")
	case len(c.Columns) > 0:
		return nil, unsupported(p, "UPDATE OF column lists of a view's statement triggers")
	}
	// A view's statement triggers fire around the writes its INSTEAD OF
	// triggers make, as in PostgreSQL.
	trig, err := newTrigger(c, p)
	if err != nil {
		return nil, err
	}
	return tr.finishTrigger(c, &trig, &plan.CreateTrigger{Table: v.Name, View: true, Replace: c.Replace}, p)
}

// transitionTables reads REFERENCING's transition table names into
// trig, refusing what PostgreSQL refuses, with its SQLSTATEs.
func transitionTables(c *pg.CreateTrigStmt, trig *catalog.Trigger, p int) error {
	for _, n := range c.TransitionRels {
		tt := n.GetTriggerTransition()
		if tt == nil {
			continue
		}
		events := 0
		for _, e := range []uint8{catalog.TriggerInsert, catalog.TriggerUpdate, catalog.TriggerDelete} {
			if trig.Events&e != 0 {
				events++
			}
		}
		switch {
		case !tt.IsTable:
			return errAt(errs.FeatureNotSupported, p, "ROW variable naming in the REFERENCING clause is not supported").
				WithHint("Use OLD TABLE or NEW TABLE for naming transition tables.")
		case trig.Before:
			return errAt(errs.InvalidObjectDefinition, p, "transition table name can only be specified for an AFTER trigger")
		case trig.Events&catalog.TriggerTruncate != 0:
			return errAt(errs.FeatureNotSupported, p, "TRUNCATE triggers with transition tables are not supported")
		case events != 1:
			return errAt(errs.FeatureNotSupported, p, "transition tables cannot be specified for triggers with more than one event")
		case len(trig.Columns) > 0:
			return errAt(errs.FeatureNotSupported, p, "transition tables cannot be specified for triggers with column lists")
		case tt.IsNew && trig.Events&(catalog.TriggerInsert|catalog.TriggerUpdate) == 0:
			return errAt(errs.InvalidObjectDefinition, p, "NEW TABLE can only be specified for an INSERT or UPDATE trigger")
		case tt.IsNew && trig.NewTable != "":
			return errAt(errs.InvalidObjectDefinition, p, "NEW TABLE cannot be specified multiple times")
		case tt.IsNew:
			trig.NewTable = tt.Name
		case trig.Events&(catalog.TriggerDelete|catalog.TriggerUpdate) == 0:
			return errAt(errs.InvalidObjectDefinition, p, "OLD TABLE can only be specified for a DELETE or UPDATE trigger")
		case trig.OldTable != "":
			return errAt(errs.InvalidObjectDefinition, p, "OLD TABLE cannot be specified multiple times")
		default:
			trig.OldTable = tt.Name
		}
	}
	if trig.NewTable != "" && trig.NewTable == trig.OldTable {
		return errAt(errs.InvalidObjectDefinition, p, "OLD TABLE name and NEW TABLE name cannot be the same")
	}
	return nil
}

// whenRecords refuses, as PostgreSQL does (42P17), a WHEN condition that
// reads a record its trigger does not have: NEW or OLD in a statement
// trigger's, OLD in an INSERT trigger's, NEW in a DELETE trigger's.
func whenRecords(when *pg.Node, trig *catalog.Trigger, p int) error {
	var err error
	eachColumnRef(when.ProtoReflect(), func(cr *pg.ColumnRef) {
		if len(cr.Fields) < 2 || err != nil {
			return
		}
		rec := cr.Fields[0].GetString_().GetSval()
		switch {
		case rec != "new" && rec != "old":
		case trig.Statement:
			err = errAt(errs.InvalidObjectDefinition, p, "statement trigger's WHEN condition cannot reference column values")
		case rec == "old" && trig.Events&catalog.TriggerInsert != 0:
			err = errAt(errs.InvalidObjectDefinition, p, "INSERT trigger's WHEN condition cannot reference OLD values")
		case rec == "new" && trig.Events&catalog.TriggerDelete != 0:
			err = errAt(errs.InvalidObjectDefinition, p, "DELETE trigger's WHEN condition cannot reference NEW values")
		}
	})
	return err
}

// PostgreSQL's TRIGGER_TYPE_ bits of CreateTrigStmt's Timing and Events.
const (
	triggerBefore   = 1 << 1
	triggerInstead  = 1 << 6
	triggerTruncate = 1 << 5
)

// qualifiedFuncName is the name of a trigger's function: bare in public,
// "schema.f" in a schema of the database's.
func qualifiedFuncName(names []*pg.Node, p int) (string, error) {
	if name, ok := funcName(names); ok {
		return name, nil
	}
	return "", unsupported(p, "functions in schema "+names[0].GetString_().GetSval())
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
	rv := &pg.RangeVar{Relname: names[len(names)-2]}
	if len(names) > 2 {
		rv.Schemaname = names[len(names)-3]
	}
	if v, ok, err := tr.writtenView(rv); ok || err != nil {
		if err != nil {
			return nil, withPos(err, p)
		}
		return &plan.Statement{Kind: plan.StmtDDL, Tag: "DROP TRIGGER", Root: &plan.DropTrigger{Table: v.Name, View: true, Name: trig, IfExists: d.MissingOk}}, nil
	}
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
	return tr.alterTableOf(a.Relation, n, &n.Table)
}

// plpgsqlCall translates a call of a LANGUAGE plpgsql function in an
// expression: a plan.Call of plan.PLCallPrefix + name, which the
// executor hands to the session (exec.PL) with the argument values
// (functionArgs orders them, fills in defaults and coerces them, as for
// LANGUAGE sql).
func (tr *translator) plpgsqlCall(fc *pg.FuncCall, f *catalog.Function, p int, ec *exprCtx) (texpr, error) {
	switch r := f.Routine; {
	case r.Kind == catalog.ReturnTrigger:
		return texpr{}, errAt(errs.FeatureNotSupported, p, "trigger functions can only be called as triggers")
	case r.SetOf:
		return texpr{}, srfHere(f.Name, p)
	}
	t := value.TypeText // void: PostgreSQL shows an empty value
	if f.Result != nil {
		t = *f.Result
	}
	if k := f.Routine.Kind; k == catalog.ReturnRecord || k == catalog.ReturnRow {
		// The session makes the row a composite value.
		var err error
		if t, err = tr.rowType(f, p); err != nil {
			return texpr{}, err
		}
	}
	args, err := tr.functionArgs(fc, f, p, ec)
	if err != nil {
		return texpr{}, err
	}
	tr.notePLWrites(f)
	name, err := tr.homeName(f)
	if err != nil {
		return texpr{}, err
	}
	return texpr{e: &plan.Call{At: at(p), Fn: plan.PLCallPrefix + name, Args: args, SQL: true}, t: t}, nil
}

// plpgsqlRows translates a call of a LANGUAGE plpgsql function in FROM:
// a plan.Call of plan.PLRowsPrefix + name, whose value is the list of
// the rows the function returns, and their columns.
func (tr *translator) plpgsqlRows(fc *pg.FuncCall, f *catalog.Function, p int, ec *exprCtx) (plan.Expr, []srfColumn, error) {
	if f.Routine.Kind == catalog.ReturnTrigger {
		return nil, nil, errAt(errs.FeatureNotSupported, p, "trigger functions can only be called as triggers")
	}
	args, err := tr.functionArgs(fc, f, p, ec)
	if err != nil {
		return nil, nil, err
	}
	cols, err := tr.resultColumns(f, p)
	if err != nil {
		return nil, nil, err
	}
	tr.notePLWrites(f)
	name, err := tr.homeName(f)
	if err != nil {
		return nil, nil, err
	}
	return &plan.Call{At: at(p), Fn: plan.PLRowsPrefix + name, Args: args, SQL: true}, cols, nil
}

// notePLWrites marks a statement calling a volatile PL/pgSQL function,
// which may write: it runs in a read-write transaction.
func (tr *translator) notePLWrites(f *catalog.Function) {
	if f.Routine.Volatility == 'v' {
		tr.plWrites = true
	}
}
