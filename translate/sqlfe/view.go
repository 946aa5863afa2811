package sqlfe

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

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
// be translated again wherever the view is used. A view in a schema
// other than public runs as DDL in that schema (plan.Statement.Schema).
//
// PostgreSQL binds a view's names when it is made; zerodb keeps the text,
// so the names are bound into it: every relation a bare name finds
// outside public is written schema-qualified (bindName), and the bare
// names left are public's wherever the view is read (storedName), so
// neither the reader's search_path nor a table made later in an earlier
// schema of the path changes what the view reads. Qualifying the text
// rather than keeping a schema id per name keeps the stored query the
// SQL that pg_get_viewdef, pg_dump and the dependency checks read; the
// price is that renaming a schema must rewrite the views naming it.
func (tr *translator) createView(vs *pg.ViewStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	switch {
	case vs.View == nil:
		return nil, errAt(errs.SyntaxError, p, "missing view name")
	case vs.WithCheckOption != pg.ViewCheckOption_NO_CHECK_OPTION:
		return nil, unsupported(p, "WITH CHECK OPTION")
	}
	temp, _, err := tr.createPersistence(vs.View, pg.OnCommitAction_ONCOMMIT_NOOP)
	if err != nil {
		return nil, err
	}
	schema := ""
	if !temp {
		if schema, err = tr.creationSchemaOf(vs.View); err != nil {
			return nil, err
		}
	}
	// The query is bound in a copy: parse trees are shared by the
	// sessions translating the same text, whose search paths differ.
	query := proto.Clone(vs.Query).(*pg.Node)
	sel := query.GetSelectStmt()
	if sel == nil {
		return nil, unsupported(p, "this view query")
	}
	tr.shapeOnly, tr.binding = true, true
	_, cols, err := tr.selectIn(sel, nil, nil)
	tr.binding = false
	if err != nil {
		return nil, err
	}
	notice := ""
	if tr.readsTemp && vs.View.Relpersistence != "t" {
		// As PostgreSQL: a view of the database must not name what
		// other sessions cannot see.
		if schema != "" || vs.View.Schemaname == "public" {
			return nil, errAt(errs.InvalidTableDefinition, p, "cannot create temporary relation in non-temporary schema")
		}
		temp, notice = true, fmt.Sprintf("view %q will be a temporary view", vs.View.Relname)
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
	text, err := deparse(query)
	if err != nil {
		return nil, errAt(errs.InternalError, p, "sqlfe: deparse view query: %v", err)
	}
	v := &catalog.View{Name: vs.View.Relname, Query: text}
	if err := viewOptions(v, vs.Options, p); err != nil {
		return nil, err
	}
	if len(vs.Aliases) > 0 {
		v.Columns = names
	}
	for i, c := range cols {
		v.Shape = append(v.Shape, catalog.ViewColumn{Name: names[i], Type: c.Type})
	}
	return &plan.Statement{Kind: plan.StmtDDL, Root: &plan.CreateView{View: v, Replace: vs.Replace, Notice: notice}, Tag: TagCreateView, Schema: schema, Temp: temp}, nil
}

// alterViewOptions translates ALTER VIEW v SET (...) and RESET (...) of
// the options CREATE VIEW takes (viewOptions); ok is false for other
// ALTER commands.
func (tr *translator) alterViewOptions(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	if a.Objtype != pg.ObjectType_OBJECT_VIEW || len(a.Cmds) == 0 {
		return nil, false, nil
	}
	p := tr.stmt.stmtPos()
	n := &plan.SetViewOptions{IfExists: a.MissingOk}
	for _, c := range a.Cmds {
		cmd := c.GetAlterTableCmd()
		opts := cmd.GetDef().GetList().GetItems()
		var set catalog.View
		switch cmd.GetSubtype() {
		case pg.AlterTableType_AT_SetRelOptions:
			if err := viewOptions(&set, opts, p); err != nil {
				return nil, true, err
			}
		case pg.AlterTableType_AT_ResetRelOptions:
			// RESET takes names only: each option goes back to false.
			for _, o := range opts {
				if err := viewOption(o.GetDefElem().GetDefname(), p); err != nil {
					return nil, true, err
				}
			}
		default:
			return nil, false, nil
		}
		for _, o := range opts {
			switch o.GetDefElem().GetDefname() {
			case "security_invoker":
				n.SetInvoker, n.Invoker = true, set.SecurityInvoker
			case "security_barrier":
				n.SetBarrier, n.Barrier = true, set.SecurityBarrier
			}
		}
	}
	name, err := tr.alterName(a.Relation)
	if err != nil {
		return nil, true, err
	}
	n.View = name
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER VIEW", Root: n}, true, nil
}

// viewOption refuses a view option zerodb does not know or keep.
func viewOption(name string, p int) error {
	switch name {
	case "security_invoker", "security_barrier":
		return nil
	case "check_option":
		return unsupported(p, "WITH CHECK OPTION")
	}
	return errAt(errs.InvalidParameterValue, p, "unrecognized parameter %q", name)
}

// viewOptions sets v's WITH (...) options: security_invoker and
// security_barrier, booleans as PostgreSQL reads them (a bare name is
// true); check_option is WITH CHECK OPTION, which zerodb lacks.
func viewOptions(v *catalog.View, opts []*pg.Node, p int) error {
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		if err := viewOption(d.Defname, p); err != nil {
			return err
		}
		var on bool
		switch strings.ToLower(defElemText(d)) {
		case "true", "on", "1", "yes", "t", "y":
			on = true
		case "false", "off", "0", "no", "f", "n":
		default:
			return errAt(errs.InvalidParameterValue, p, "invalid value for boolean option %q: %s", d.Defname, defElemText(d))
		}
		if d.Defname == "security_invoker" {
			v.SecurityInvoker = on
		} else {
			v.SecurityBarrier = on
		}
	}
	return nil
}

// creationSchemaOf is the schema other than public an object named rv
// is made in ("" for public): rv's own, or the first existing schema of
// search_path; a system schema is 42501, a missing one 3F000.
func (tr *translator) creationSchemaOf(rv *pg.RangeVar) (string, error) {
	if rv == nil {
		return "", nil // the caller's syntax error
	}
	p := tr.pos(rv.Location)
	schema := rv.Schemaname
	switch {
	case rv.Catalogname != "":
		return "", unsupported(p, "cross-database references")
	case systemSchema(schema):
		return "", withPos(errCreateInSystem(schema, rv.Relname), p)
	case schema == "public":
		return "", nil
	}
	sr, ok := tr.r.(translate.SchemaResolver)
	switch {
	case !ok && schema == "":
		return "", nil
	case !ok:
		return "", errAt(errs.InvalidSchemaName, p, "schema %q does not exist", schema)
	case schema == "":
		return sr.CreationSchema(tr.ctx)
	case !sr.SchemaExists(tr.ctx, schema):
		return "", errAt(errs.InvalidSchemaName, p, "schema %q does not exist", schema)
	}
	return schema, nil
}

// bindName writes into rv, a bare name of the query CREATE VIEW stores,
// the schema other than public it found its relation in (schema; "" for
// public, which stays bare). Names inside the views it expands are
// theirs, already bound.
func (tr *translator) bindName(rv *pg.RangeVar, schema string) {
	// A temporary table is bound as pg_temp.t: only a temporary view
	// reads one.
	if tr.binding && tr.stored == 0 && rv.Schemaname == "" && schema != "" {
		rv.Schemaname = schema
	}
}

// storedName is the name a stored query's bare relation name is looked
// up by: public's, "public.x", as it was bound when the view was made
// (bindName), except a system catalog's, which a bare name finds first.
func (tr *translator) storedName(name string) string {
	if tr.stored == 0 || strings.IndexByte(name, '.') >= 0 {
		return name
	}
	if t, err := tr.r.Table(tr.ctx, name); err == nil && t.ID >= virtualRelationIDs {
		return name
	}
	return "public." + name
}

// dropView translates DROP VIEW; several views are dropped all or none.
func (tr *translator) dropView(ds *pg.DropStmt) (*plan.Statement, error) {
	if tr.nameSchemas != nil {
		return tr.dropRelationsOfSchemas(ds, "view", TagDropView, func(name, schema string) plan.Node {
			return &plan.DropObject{Kind: "view", Name: name, IfExists: ds.MissingOk, Schema: schema, Named: true}
		})
	}
	var drops []plan.Node
	var names []string
	temps := 0
	for _, o := range ds.Objects {
		name, temp, err := tr.dropTempName(o, tr.isTempView)
		if err != nil {
			return nil, err
		}
		if err := tr.dropKind(name, "view"); err != nil {
			return nil, err
		}
		if temp {
			temps++
		}
		drops = append(drops, &plan.DropObject{Kind: "view", Name: name, IfExists: ds.MissingOk})
		names = append(names, name)
	}
	if temps > 0 {
		// Temporary views: only other temporary views may read them,
		// and those go with the session.
		if temps < len(drops) {
			return nil, unsupported(tr.stmt.stmtPos(), "a statement on both temporary and permanent views")
		}
		st := allOf(TagDropView, drops, names)
		st.Temp = true
		return st, nil
	}
	views, viewNames, notices, err := tr.cascadeViews(dropping{relations: names}, "view "+qualified(tr.stmtSchema, names[0]), ds.Behavior == pg.DropBehavior_DROP_CASCADE)
	if err != nil {
		return nil, err
	}
	notifyCascaded(drops[len(drops)-1], notices)
	return allOf(TagDropView, append(views, drops...), append(viewNames, names...)), nil
}

// dropRelationsOfSchemas is DROP VIEW or DROP MATERIALIZED VIEW (kind)
// of relations of several schemas (ddlTarget's nameSchemas): the
// statement runs in public, each relation is dropped in its own schema
// (drop's node, given its name and schema), and the views reading any of
// them are 2BP01 or, with CASCADE, dropped first.
func (tr *translator) dropRelationsOfSchemas(ds *pg.DropStmt, kind, tag string, drop func(name, schema string) plan.Node) (*plan.Statement, error) {
	sr := tr.r.(translate.SchemaResolver)
	defer sr.TargetSchema("")
	drops := make([]plan.Node, len(ds.Objects))
	names := make([]string, len(ds.Objects))
	full := make([]string, len(ds.Objects)) // schema.name
	for i, o := range ds.Objects {
		items := o.GetList().GetItems()
		name, schema := items[len(items)-1].GetString_().GetSval(), tr.nameSchema(i)
		if err := tr.missingSchema(schema); err != nil && !ds.MissingOk {
			return nil, err.WithPos(tr.stmt.stmtPos())
		}
		sr.TargetSchema(schema) // the bare name finds the schema's relation
		if err := tr.dropKind(name, kind); err != nil {
			return nil, err
		}
		drops[i] = drop(name, schema)
		names[i], full[i] = name, schema+"."+name
	}
	sr.TargetSchema("")
	first := full[0] // public's bare, as PostgreSQL names it
	if tr.nameSchema(0) == "public" {
		first = names[0]
	}
	views, viewNames, notices, err := tr.cascadeViews(dropping{relations: full}, kind+" "+first, ds.Behavior == pg.DropBehavior_DROP_CASCADE)
	if err != nil {
		return nil, err
	}
	notifyCascaded(drops[len(drops)-1], notices)
	return allOf(tag, append(views, drops...), append(viewNames, names...)), nil
}

// isTempView reports whether a bare name finds a temporary view of the
// session (which comes before the database's views).
func (tr *translator) isTempView(name string) bool {
	vr, ok := tr.r.(translate.ViewResolver)
	if !ok {
		return false
	}
	v, found, err := vr.View(tr.ctx, name)
	return err == nil && found && v.Temporary()
}

// viewRef expands a reference to a view, when rv names one: its query is
// translated as a subquery in FROM that sees nothing of the statement (no
// outer query, no WITH queries).
func (tr *translator) viewRef(rv *pg.RangeVar) (plan.Node, []plan.Column, bool, error) {
	vr, ok := tr.r.(translate.ViewResolver)
	if !ok || rv.Catalogname != "" || systemSchema(rv.Schemaname) {
		return nil, nil, false, nil
	}
	name := rv.Relname
	if rv.Schemaname != "" {
		name = rv.Schemaname + "." + name
	}
	v, ok, err := vr.View(tr.ctx, tr.storedName(name))
	if err != nil || !ok {
		return nil, nil, false, err
	}
	if v.Temporary() {
		tr.readsTemp = true // a view of it is temporary too
	}
	if tr.binding && tr.stored == 0 && rv.Schemaname == "" {
		if sr, ok := tr.r.(translate.SchemaResolver); ok {
			schema, err := sr.ObjectSchema(tr.ctx, v.Database)
			if err != nil {
				return nil, nil, true, err
			}
			tr.bindName(rv, schema)
		}
	}
	if tr.lits > 0 {
		// A cached plan would outlive a replaced or dropped view.
		return nil, nil, true, tr.uncacheable()
	}
	p := tr.pos(rv.Location)
	for _, w := range tr.views {
		if w.Database == v.Database && w.Name == v.Name {
			// CREATE OR REPLACE VIEW v AS ... FROM v stores a query that
			// reads itself.
			return nil, nil, true, errAt(codeInvalidObjectDefinition, p, "infinite recursion detected in rules for relation %q", v.Name)
		}
	}
	tr.views = append(tr.views, v)
	tr.stored++
	defer func() {
		tr.views, tr.stored = tr.views[:len(tr.views)-1], tr.stored-1
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

// dropName is the relation a DROP names: name, or schema.name of the
// schema the statement runs in (ddlTarget's).
func (tr *translator) dropName(o *pg.Node) (string, error) {
	items := o.GetList().GetItems()
	if len(items) == 2 {
		if err := tr.inStatementSchema(items[0].GetString_().GetSval(), tr.stmt.stmtPos()); err != nil {
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
	node, cols, _, err := tr.viewRef(&pg.RangeVar{Schemaname: rv.Schemaname, Relname: rv.Relname, Location: rv.Location})
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

// renameSchema translates ALTER SCHEMA old RENAME TO new. The views that
// name the schema in their stored queries (CREATE VIEW binds names into
// the text) are stored again naming it new, after the rename, as
// PostgreSQL's views, bound to the relations themselves, follow it.
func (tr *translator) renameSchema(old, new string) (*plan.Statement, error) {
	nodes := []plan.Node{&plan.RenameObject{Kind: "schema", Name: old, NewName: new}}
	names := []string{old}
	if vr, ok := tr.r.(translate.ViewResolver); ok {
		views, err := vr.Views(tr.ctx)
		if err != nil {
			return nil, err
		}
		for _, sv := range views {
			text, changed, err := renameSchemaIn(sv.View.Query, old, new)
			if err != nil || !changed {
				continue // a query that no longer parses is left as it is
			}
			schema := sv.Schema
			switch schema {
			case "":
				schema = "public"
			case old:
				schema = new
			}
			v := *sv.View
			v.Query = text
			nodes = append(nodes, &plan.CreateView{View: &v, Replace: true, Schema: schema})
			names = append(names, v.Name)
		}
		mats, err := vr.MatViews(tr.ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range mats {
			if _, changed, err := renameSchemaIn(m.Table.MatView.Query, old, new); err == nil && changed {
				return nil, unsupported(tr.stmt.stmtPos(), "renaming a schema a materialized view's query names (materialized view "+qualified(m.Schema, m.Table.Name)+")")
			}
		}
	}
	st := allOf("ALTER SCHEMA", nodes, names)
	return st, nil
}

// renameSchemaIn rewrites a stored query's relation, type and function
// names qualified with schema old to new.
func renameSchemaIn(query, old, new string) (string, bool, error) {
	if strings.ContainsRune(new, 0) {
		return "", false, nil // no name holds one: nothing names it
	}
	// renameIn renames the schema of a name of two parts (new "", as
	// a RangeVar's, leaves it bare).
	renameIn := func(names []*pg.Node) ([]*pg.Node, bool) {
		if len(names) != 2 || names[0].GetString_().GetSval() != old {
			return names, false
		}
		if new == "" {
			return names[1:], true
		}
		return []*pg.Node{pg.MakeStrNode(new), names[1]}, true
	}
	return rewriteQuery(query, func(m protoreflect.Message) (changed bool) {
		switch n := m.Interface().(type) {
		case *pg.RangeVar:
			if n.Schemaname == old {
				n.Schemaname, changed = new, true
			}
		case *pg.TypeName:
			n.Names, changed = renameIn(n.Names)
		case *pg.FuncCall:
			n.Funcname, changed = renameIn(n.Funcname)
		}
		return changed
	})
}

// rewriteQuery rewrites the nodes of a stored query that change says it
// changed, and deparses it again (changed false: it changed none, or
// does not parse).
func rewriteQuery(query string, change func(protoreflect.Message) bool) (string, bool, error) {
	res, err := pg.Parse(query)
	if err != nil || len(res.Stmts) != 1 {
		return "", false, err
	}
	changed := false
	walkTree(res.ProtoReflect(), func(m protoreflect.Message) bool {
		changed = change(m) || changed
		return true
	})
	if !changed {
		return "", false, nil
	}
	text, err := deparse(res.Stmts[0].Stmt)
	return text, err == nil, err
}
