package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Command tags of view DDL.
const (
	TagCreateView = "CREATE VIEW"
	TagDropView   = "DROP VIEW"
)

// createView translates CREATE [OR REPLACE] VIEW: the query is translated
// now (for its errors and column names) and stored as deparsed text, to
// be translated again wherever the view is used.
func (tr *translator) createView(vs *pg.ViewStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	switch {
	case vs.View == nil:
		return nil, errAt(errs.SyntaxError, p, "missing view name")
	case vs.WithCheckOption != pg.ViewCheckOption_NO_CHECK_OPTION:
		return nil, unsupported(p, "WITH CHECK OPTION")
	case vs.View.Relpersistence == "t":
		return nil, unsupported(p, "temporary views")
	}
	if err := tr.onlyPublic("views", vs.View.Schemaname, tr.pos(vs.View.Location)); err != nil {
		return nil, err
	}
	sel := vs.Query.GetSelectStmt()
	if sel == nil {
		return nil, unsupported(p, "this view query")
	}
	tr.shapeOnly = true
	_, cols, err := tr.selectIn(sel, nil, nil)
	if err != nil {
		return nil, err
	}
	if tr.readsTemp {
		// PostgreSQL makes such a view temporary itself; a view of the
		// database must not name what other sessions cannot see.
		return nil, unsupported(p, "views of temporary tables")
	}
	if len(vs.Aliases) > len(cols) {
		return nil, errAt(errs.SyntaxError, p, "CREATE VIEW specifies more column names than columns")
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	for i, a := range vs.Aliases {
		names[i] = a.GetString_().GetSval()
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return nil, errAt(codeDuplicateColumn, p, "column %q specified more than once", n)
		}
		seen[n] = true
	}
	text, err := deparse(vs.Query)
	if err != nil {
		return nil, errAt(errs.InternalError, p, "sqlfe: deparse view query: %v", err)
	}
	v := &catalog.View{Name: vs.View.Relname, Query: text}
	if len(vs.Aliases) > 0 {
		v.Columns = names
	}
	for i, c := range cols {
		v.Shape = append(v.Shape, catalog.ViewColumn{Name: names[i], Type: c.Type})
	}
	return &plan.Statement{Kind: plan.StmtDDL, Root: &plan.CreateView{View: v, Replace: vs.Replace}, Tag: TagCreateView}, nil
}

// dropView translates DROP VIEW; several views are dropped all or none.
func (tr *translator) dropView(ds *pg.DropStmt) (*plan.Statement, error) {
	var drops []plan.Node
	var names []string
	for _, o := range ds.Objects {
		name, err := tr.dropName(o, "views")
		if err != nil {
			return nil, err
		}
		if err := tr.dropKind(name, "view"); err != nil {
			return nil, err
		}
		drops = append(drops, &plan.DropObject{Kind: "view", Name: name, IfExists: ds.MissingOk})
		names = append(names, name)
	}
	views, viewNames, err := tr.cascadeViews(dropping{relations: names}, "view "+names[0], ds.Behavior == pg.DropBehavior_DROP_CASCADE)
	if err != nil {
		return nil, err
	}
	return dropAll(TagDropView, append(views, drops...), append(viewNames, names...)), nil
}

// viewRef expands a reference to a view, when rv names one: its query is
// translated as a subquery in FROM that sees nothing of the statement (no
// outer query, no WITH queries).
func (tr *translator) viewRef(rv *pg.RangeVar) (plan.Node, []plan.Column, bool, error) {
	vr, ok := tr.r.(translate.ViewResolver)
	if !ok || rv.Catalogname != "" || (rv.Schemaname != "" && rv.Schemaname != "public") {
		return nil, nil, false, nil
	}
	v, ok, err := vr.View(tr.ctx, rv.Relname)
	if err != nil || !ok {
		return nil, nil, false, err
	}
	if tr.lits > 0 {
		// A cached plan would outlive a replaced or dropped view.
		return nil, nil, true, tr.uncacheable()
	}
	p := tr.pos(rv.Location)
	for _, name := range tr.expanding {
		if name == v.Name {
			// CREATE OR REPLACE VIEW v AS ... FROM v stores a query that
			// reads itself.
			return nil, nil, true, errAt(codeInvalidObjectDefinition, p, "infinite recursion detected in rules for relation %q", v.Name)
		}
	}
	tr.expanding, tr.views = append(tr.expanding, v.Name), append(tr.views, v)
	tr.stored++
	defer func() {
		tr.expanding, tr.views, tr.stored = tr.expanding[:len(tr.expanding)-1], tr.views[:len(tr.views)-1], tr.stored-1
	}()
	res, err := pg.Parse(v.Query)
	if err != nil || len(res.Stmts) != 1 || res.Stmts[0].Stmt.GetSelectStmt() == nil {
		return nil, nil, true, errAt(errs.DataCorrupted, p, "view %q has an unreadable query", v.Name)
	}
	saved := tr.ctes
	tr.ctes = nil
	node, cols, err := tr.selectIn(res.Stmts[0].Stmt.GetSelectStmt(), nil, nil)
	tr.ctes = saved
	if err != nil {
		return nil, nil, true, withPos(err, p)
	}
	if len(v.Columns) > 0 {
		cols = append([]plan.Column(nil), cols...)
		for i, n := range v.Columns {
			if i < len(cols) {
				cols[i].Name = n
			}
		}
		node = &plan.Project{Input: node, Exprs: colRefs(cols), Cols: cols}
	}
	return node, cols, true, nil
}

// deparse prints a parse tree back as SQL. The deparser checks the tree's
// version, which pg_query_go exports only on the trees it parses.
func deparse(n *pg.Node) (string, error) {
	probe, err := pg.Parse("SELECT")
	if err != nil {
		return "", err
	}
	return pg.Deparse(&pg.ParseResult{Version: probe.Version, Stmts: []*pg.RawStmt{{Stmt: n}}})
}

// dropName is the relation a DROP names: name or public.name.
func (tr *translator) dropName(o *pg.Node, kind string) (string, error) {
	items := o.GetList().GetItems()
	if len(items) == 2 {
		schema, p := items[0].GetString_().GetSval(), tr.stmt.stmtPos()
		if kind == "tables" {
			if err := tr.inStatementSchema(schema, p); err != nil {
				return "", err
			}
		} else if err := tr.onlyPublic(kind, schema, p); err != nil {
			return "", err
		}
	}
	if len(items) == 0 || len(items) > 2 {
		return "", unsupported(tr.stmt.stmtPos(), "cross-database references")
	}
	return items[len(items)-1].GetString_().GetSval(), nil
}

// viewTarget resolves the view rv names as the target of an INSERT,
// UPDATE or DELETE (event), which its INSTEAD OF triggers make: a
// descriptor of its columns and triggers (catalog.Table.InsteadOf), and
// its rows as a scan of a table yields them ([NULL, object], in
// tr.insteadInput) for UPDATE's and DELETE's WHERE. ok is false when rv
// names no view. zerodb does not write views by itself: a view without
// such a trigger is 0A000, as a view PostgreSQL cannot update
// automatically is.
func (tr *translator) viewTarget(rv *pg.RangeVar, event uint8) (*catalog.Table, bool, error) {
	v, ok, err := tr.writtenView(rv)
	if err != nil || !ok {
		return nil, false, err
	}
	p := tr.pos(rv.Location)
	has := false
	for i := range v.Triggers {
		if tg := &v.Triggers[i]; tg.Instead && tg.Events&event != 0 && !tg.Disabled {
			has = true
		}
	}
	if !has {
		verb, hint := "insert into", "inserting into the view, provide an INSTEAD OF INSERT trigger"
		switch event {
		case catalog.TriggerUpdate:
			verb, hint = "update", "updating the view, provide an INSTEAD OF UPDATE trigger"
		case catalog.TriggerDelete:
			verb, hint = "delete from", "deleting from the view, provide an INSTEAD OF DELETE trigger"
		}
		return nil, true, errAt(errs.FeatureNotSupported, p, "cannot %s view %q", verb, v.Name).
			WithDetail("zerodb does not update views automatically.").WithHint("To enable %s.", hint)
	}
	node, cols, _, err := tr.viewRef(&pg.RangeVar{Relname: v.Name, Location: rv.Location})
	if err != nil {
		return nil, true, err
	}
	t := &catalog.Table{Name: v.Name, Schemafull: true, CreatedBy: "sql", InsteadOf: true, Triggers: v.Triggers}
	obj := &plan.ObjectCons{Names: make([]string, len(cols)), Vals: make([]plan.Expr, len(cols))}
	for i, c := range cols {
		t.Fields = append(t.Fields, catalog.Field{Name: c.Name, Type: c.Type})
		obj.Names[i], obj.Vals[i] = c.Name, &plan.ColRef{Idx: i, Name: c.Name}
	}
	tr.insteadInput = &plan.Project{Input: node, Exprs: []plan.Expr{&plan.Const{V: value.None}, obj},
		Cols: []plan.Column{{Name: "key", Type: value.Any}, {Name: v.Name, Type: value.Any}}}
	return t, true, nil
}
