package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// targetKind is how a written column reaches the record.
type targetKind uint8

const (
	tField targetKind = iota // a field of a schemafull table's object
	tKey                     // the id column of a keyed table (hasKeyColumn): the record key
	tDoc                     // a schemaless table's doc: the whole object
	tLoose                   // any other name on a schemaless table: a field of the object
)

// target is a column an INSERT or UPDATE writes.
type target struct {
	name  string
	t     value.Type
	kind  targetKind
	field *catalog.Field
	p     int
	// fields marks a composite column that UPDATE's SET sets field by
	// field (SET c.x = 1, c.y = 2).
	fields bool
}

// writeTarget resolves the table of INSERT, UPDATE and DELETE. Its scan
// row (and the write's output row) is [key, object] with the entry at 0.
func (tr *translator) writeTarget(rv *pg.RangeVar) (*catalog.Table, rangeEntry, error) {
	return tr.writeTargetOf(rv, 0)
}

// writeTargetOf is writeTarget of INSERT, UPDATE or DELETE (event): a
// view with INSTEAD OF triggers of event is the target too (viewTarget).
func (tr *translator) writeTargetOf(rv *pg.RangeVar, event uint8) (*catalog.Table, rangeEntry, error) {
	if rv == nil {
		return nil, rangeEntry{}, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "missing table name")
	}
	if event != 0 {
		if t, ok, err := tr.viewTarget(rv, event); ok || err != nil {
			if err != nil {
				return nil, rangeEntry{}, err
			}
			e := rangeEntry{name: t.Name, table: t, pos: tr.pos(rv.Location)}
			if rv.Alias != nil {
				e.name = rv.Alias.Aliasname
			}
			return t, e, nil
		}
	}
	t, err := tr.table(rv)
	if err != nil {
		return nil, rangeEntry{}, err
	}
	if err := notMatView(t); err != nil {
		return nil, rangeEntry{}, err
	}
	if t.Partitioned != nil && !rv.Inh && event != catalog.TriggerInsert {
		return nil, rangeEntry{}, unsupported(tr.pos(rv.Location), "UPDATE ONLY and DELETE ONLY of a partitioned table")
	}
	e := rangeEntry{name: t.Name, table: t, pos: tr.pos(rv.Location)}
	if rv.Alias != nil {
		e.name = rv.Alias.Aliasname
	}
	return t, e, nil
}

func (tr *translator) columnTarget(t *catalog.Table, name string, p int) (target, error) {
	if name == "id" && hasKeyColumn(t) {
		return target{name: name, t: value.TypeText, kind: tKey, p: p}, nil
	}
	if !t.Schemafull {
		switch name {
		case "doc":
			return target{name: name, t: value.TypeJSONB, kind: tDoc, p: p}, nil
		}
		return target{name: name, t: value.Any, kind: tLoose, p: p}, nil
	}
	f, _, ok := t.FieldByName(name)
	if !ok {
		return target{}, errAt(errs.UndefinedColumn, p, "column %q of relation %q does not exist", name, t.Name)
	}
	ty := f.Type
	ty.Optional = false
	return target{name: name, t: ty, kind: tField, field: f, p: p}, nil
}

// assign converts a value for column tg with PostgreSQL's assignment
// coercion.
func (tr *translator) assign(x texpr, tg target) (plan.Expr, error) {
	if !assignable(x, tg.t) {
		return nil, errAt(errs.DatatypeMismatch, x.e.Pos(), "column %q is of type %s but expression is of type %s", tg.name, sqlTypeName(tg.t), typeName(x)).
			WithHint("You will need to rewrite or cast the expression.")
	}
	y, err := tr.coerce(x, tg.t)
	if err != nil {
		return nil, err
	}
	if c, ok := y.e.(*plan.Cast); ok && y.e != x.e {
		// An assignment cast: a text too long for varchar(n) is an
		// error (22001), not cut as by an explicit cast.
		a := *c
		a.Assign = true
		return &a, nil
	}
	return y.e, nil
}

// defaultExpr is the value an explicit DEFAULT stands for.
func (tr *translator) defaultExpr(tg target, p int) (plan.Expr, error) {
	if f := tg.field; f != nil && f.HasDefault {
		if f.DefaultSeq != "" {
			return &plan.Call{At: at(p), Fn: "sql::nextval", Args: []plan.Expr{&plan.Const{At: at(p), V: value.String(f.DefaultSeq)}}, SQL: true}, nil
		}
		if f.DefaultExpr != "" {
			return tr.storedDefault(f)
		}
		if f.DefaultFunc != "" {
			return &plan.Call{At: at(p), Fn: f.DefaultFunc, SQL: true}, nil
		}
		return &plan.Const{At: at(p), V: f.DefaultValue}, nil
	}
	return &plan.Const{At: at(p)}, nil
}

// insertIdentity applies the rules of identity columns to the columns
// an INSERT gives values (DEFAULT in every row is not one): a GENERATED
// ALWAYS column refuses them (428C9) unless OVERRIDING SYSTEM VALUE;
// OVERRIDING USER VALUE drops the values of every identity column, which
// then take their default. A stored generated column refuses values
// whatever the OVERRIDING clause (428C9): the executor computes it.
func insertIdentity(o pg.OverridingKind, used []target, vals []plan.Expr) ([]target, []plan.Expr, error) {
	for _, tg := range used {
		if tg.field != nil && tg.field.Generated != "" {
			return nil, nil, errs.New(errs.GeneratedAlways, "cannot insert a non-DEFAULT value into column %q", tg.name).
				WithDetail("Column %q is a generated column.", tg.name)
		}
	}
	switch o {
	case pg.OverridingKind_OVERRIDING_SYSTEM_VALUE:
		return used, vals, nil
	case pg.OverridingKind_OVERRIDING_USER_VALUE:
		var u []target
		var v []plan.Expr
		for i, tg := range used {
			if tg.field == nil || tg.field.Identity == catalog.IdentityNone {
				u, v = append(u, tg), append(v, vals[i])
			}
		}
		return u, v, nil
	}
	for _, tg := range used {
		if tg.field != nil && tg.field.Identity == catalog.IdentityAlways {
			return nil, nil, errs.New(errs.GeneratedAlways, "cannot insert a non-DEFAULT value into column %q", tg.name).
				WithDetail("Column %q is an identity column defined as GENERATED ALWAYS.", tg.name).
				WithHint("Use OVERRIDING SYSTEM VALUE to override.")
		}
	}
	return used, vals, nil
}

// updateIdentity refuses an UPDATE of a GENERATED ALWAYS identity column
// or of a stored generated column to anything but DEFAULT (428C9).
func updateIdentity(tg target) error {
	if tg.field != nil && tg.field.Generated != "" {
		return errs.New(errs.GeneratedAlways, "column %q can only be updated to DEFAULT", tg.name).
			WithDetail("Column %q is a generated column.", tg.name)
	}
	if tg.field != nil && tg.field.Identity == catalog.IdentityAlways {
		return errs.New(errs.GeneratedAlways, "column %q can only be updated to DEFAULT", tg.name).
			WithDetail("Column %q is an identity column defined as GENERATED ALWAYS.", tg.name)
	}
	return nil
}

// insertStmt translates INSERT. The input yields one row per record with
// the values already converted to the column types; Obj builds the record
// from it. Columns the statement does not list are left out of the
// object, so the executor applies their defaults.
func (tr *translator) insertStmt(ins *pg.InsertStmt) (*plan.Statement, error) {
	switch {
	case ins.WithClause != nil:
		pop, err := tr.with(ins.WithClause)
		if err != nil {
			return nil, err
		}
		defer pop()
	}
	t, entry, err := tr.writeTargetOf(ins.Relation, catalog.TriggerInsert)
	if err != nil {
		return nil, err
	}
	if t.InsteadOf && ins.OnConflictClause != nil {
		return nil, unsupported(entry.pos, "ON CONFLICT on a view")
	}
	targets, explicit, err := tr.insertTargets(t, ins.Cols, entry.pos)
	if err != nil {
		return nil, err
	}

	var input plan.Node
	var used []target
	var vals []plan.Expr
	sel := ins.SelectStmt.GetSelectStmt()
	switch {
	case ins.SelectStmt == nil: // DEFAULT VALUES
		input = &plan.Values{Rows: [][]plan.Expr{{}}}
	case sel != nil && len(sel.ValuesLists) > 0 && plainValues(sel):
		input, used, vals, err = tr.insertValues(sel.ValuesLists, targets, explicit)
	default:
		input, used, vals, err = tr.insertSelect(ins.SelectStmt, targets, explicit)
	}
	if err != nil {
		return nil, err
	}
	if used, vals, err = insertIdentity(ins.Override, used, vals); err != nil {
		return nil, err
	}

	w := &plan.Insert{Table: t, Input: input, Mode: plan.InsertNew, RowSecurity: t.RowSecurity}
	w.Key, w.Obj = recordCons(used, vals, nil)
	if w.Checks, err = tr.writeChecks(t, entry, policyInsert); err != nil {
		return nil, err
	}
	if oc := ins.OnConflictClause; oc != nil {
		if t.RowSecurity {
			return nil, unsupported(tr.stmt.stmtPos(), "ON CONFLICT on a table with row level security")
		}
		if err := tr.onConflict(oc, t, w); err != nil {
			return nil, err
		}
		w.Mode = plan.InsertIgnore
		if oc.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
			if err := tr.doUpdate(oc, t, entry, w); err != nil {
				return nil, err
			}
		}
	}
	return tr.writeStatement(TagInsert, w, ins.ReturningList, entry)
}

// plainValues reports a VALUES list without clauses of its own, the case
// INSERT translates row by row.
func plainValues(s *pg.SelectStmt) bool {
	return len(s.SortClause) == 0 && s.LimitCount == nil && s.LimitOffset == nil && s.WithClause == nil
}

func (tr *translator) insertTargets(t *catalog.Table, cols []*pg.Node, p int) ([]target, bool, error) {
	if len(cols) == 0 {
		if !t.Schemafull {
			id, _ := tr.columnTarget(t, "id", p)
			doc, _ := tr.columnTarget(t, "doc", p)
			return []target{id, doc}, false, nil
		}
		out := make([]target, 0, len(t.Fields)+1)
		if hasKeyColumn(t) {
			id, _ := tr.columnTarget(t, "id", p)
			out = append(out, id)
		}
		for i := range t.Fields {
			tg, _ := tr.columnTarget(t, t.Fields[i].Name, p)
			out = append(out, tg)
		}
		return out, false, nil
	}
	out := make([]target, 0, len(cols))
	for _, c := range cols {
		rt := c.GetResTarget()
		if rt == nil {
			return nil, false, errAt(errs.SyntaxError, p, "invalid column list")
		}
		cp := tr.pos(rt.Location)
		if len(rt.Indirection) > 0 {
			return nil, false, unsupported(cp, "assignment to subscripts and fields")
		}
		tg, err := tr.columnTarget(t, rt.Name, cp)
		if err != nil {
			return nil, false, err
		}
		for _, o := range out {
			if o.name == tg.name {
				return nil, false, errAt(codeDuplicateColumn, cp, "column %q specified more than once", tg.name)
			}
		}
		out = append(out, tg)
	}
	return out, true, nil
}

// fitTargets checks the number of values against the target columns.
// Without a column list, fewer values fill the first columns.
func (tr *translator) fitTargets(targets []target, explicit bool, n int, extraPos func(i int) int) ([]target, error) {
	switch {
	case n > len(targets):
		return nil, errAt(errs.SyntaxError, extraPos(len(targets)), "INSERT has more expressions than target columns")
	case n < len(targets) && explicit:
		return nil, errAt(errs.SyntaxError, targets[n].p, "INSERT has more target columns than expressions")
	}
	return targets[:n], nil
}

// insertValues builds the Values input of INSERT ... VALUES. A column
// that is DEFAULT in every row is left out (the executor fills it in);
// elsewhere DEFAULT stands for the column's default value.
func (tr *translator) insertValues(lists []*pg.Node, targets []target, explicit bool) (plan.Node, []target, []plan.Expr, error) {
	rows, err := tr.valuesRows(lists, &exprCtx{clause: "VALUES"}, true)
	if err != nil {
		return nil, nil, nil, err
	}
	first := lists[0].GetList().GetItems()
	targets, err = tr.fitTargets(targets, explicit, len(rows[0]), func(i int) int { return tr.nodePos(first[i]) })
	if err != nil {
		return nil, nil, nil, err
	}
	keep := make([]int, 0, len(targets))
	for j := range targets {
		for _, row := range rows {
			if row[j].e != nil {
				keep = append(keep, j)
				break
			}
		}
	}
	vals := &plan.Values{Rows: make([][]plan.Expr, len(rows)), Cols: make([]plan.Column, len(keep))}
	used := make([]target, len(keep))
	refs := make([]plan.Expr, len(keep))
	for k, j := range keep {
		used[k] = targets[j]
		vals.Cols[k] = plan.Column{Name: targets[j].name, Type: targets[j].t}
		refs[k] = &plan.ColRef{Idx: k, Name: targets[j].name}
	}
	for i, row := range rows {
		out := make([]plan.Expr, len(keep))
		for k, j := range keep {
			if row[j].e == nil {
				if out[k], err = tr.defaultExpr(targets[j], tr.nodePos(lists[i].GetList().GetItems()[j])); err != nil {
					return nil, nil, nil, err
				}
				continue
			}
			if out[k], err = tr.assign(row[j], targets[j]); err != nil {
				return nil, nil, nil, err
			}
		}
		vals.Rows[i] = out
	}
	return vals, used, refs, nil
}

// insertSelect translates INSERT ... SELECT: the query's columns are
// converted to the target columns when the record is built.
func (tr *translator) insertSelect(n *pg.Node, targets []target, explicit bool) (plan.Node, []target, []plan.Expr, error) {
	sel := n.GetSelectStmt()
	if sel == nil {
		return nil, nil, nil, unsupported(tr.stmt.stmtPos(), "this INSERT source")
	}
	node, cols, err := tr.selectStmt(sel)
	if err != nil {
		return nil, nil, nil, err
	}
	targets, err = tr.fitTargets(targets, explicit, len(cols), func(i int) int {
		if i < len(sel.TargetList) {
			return tr.nodePos(sel.TargetList[i])
		}
		return tr.stmt.stmtPos()
	})
	if err != nil {
		return nil, nil, nil, err
	}
	if ro := tr.raws[node]; ro != nil {
		// An untyped literal of the query's select list is read as its
		// column's type (PostgreSQL leaves INSERT's SELECT's unknowns
		// unresolved): INSERT INTO t (d) SELECT '2024-01-01' writes a
		// date, not text into a date column.
		cols = append([]plan.Column(nil), cols...)
		for j, tg := range targets {
			if ro.raws[j] == nil || isLoose(tg.t) || sortsOrGroups(sel, j, cols[j].Name) {
				continue
			}
			x, err := tr.coerce(*ro.raws[j], tg.t)
			if err != nil {
				return nil, nil, nil, err
			}
			ro.proj.Exprs[j], ro.proj.Cols[j].Type, cols[j].Type = x.e, tg.t, tg.t
		}
	}
	vals := make([]plan.Expr, len(targets))
	for j, tg := range targets {
		p := tg.p
		if j < len(sel.TargetList) {
			p = tr.nodePos(sel.TargetList[j])
		}
		x := texpr{e: &plan.ColRef{At: at(p), Idx: j, Name: cols[j].Name}, t: cols[j].Type}
		if vals[j], err = tr.assign(x, tg); err != nil {
			return nil, nil, nil, err
		}
	}
	return node, targets, vals, nil
}

// sortsOrGroups reports whether a query's DISTINCT, GROUP BY or ORDER BY
// uses select-list item j (by position or by its name), which resolves
// an untyped literal there to text, as in PostgreSQL.
func sortsOrGroups(sel *pg.SelectStmt, j int, name string) bool {
	if len(sel.DistinctClause) > 0 {
		return true
	}
	keys := append([]*pg.Node(nil), sel.GroupClause...)
	for _, n := range sel.SortClause {
		keys = append(keys, n.GetSortBy().GetNode())
	}
	for _, k := range keys {
		if c := k.GetAConst(); c != nil && c.GetIval() != nil && int(c.GetIval().Ival) == j+1 {
			return true
		}
		if cr := k.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_().GetSval() == name {
			return true
		}
	}
	return false
}

// recordCons builds a record from values for the targets: for a
// schemafull table an object of the fields; for a schemaless one the key
// comes from id, doc is the object and other names are fields added to
// (or set in) it. base is the object being updated (nil for INSERT).
func recordCons(targets []target, vals []plan.Expr, base plan.Expr) (key, obj plan.Expr) {
	cons := &plan.ObjectCons{Spread: base}
	for i, tg := range targets {
		switch tg.kind {
		case tKey:
			key = vals[i]
		case tDoc:
			cons.Spread = vals[i]
		default:
			cons.Names = append(cons.Names, tg.name)
			cons.Vals = append(cons.Vals, vals[i])
		}
	}
	if len(cons.Names) == 0 && cons.Spread != nil && cons.Spread != base {
		return key, cons.Spread
	}
	if cons.Names == nil {
		cons.Names, cons.Vals = []string{}, []plan.Expr{}
	}
	return key, cons
}

// onConflict translates ON CONFLICT's target into the arbiter of w: the
// primary key ("") or a unique index, named by its columns (in any
// order) or, ON CONSTRAINT, by its name. DO NOTHING without a target
// skips a conflict on any of them.
func (tr *translator) onConflict(oc *pg.OnConflictClause, t *catalog.Table, w *plan.Insert) error {
	p := tr.pos(oc.Location)
	inf := oc.Infer
	if inf == nil {
		if oc.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
			return errAt(errs.SyntaxError, p, "ON CONFLICT DO UPDATE requires inference specification or constraint name").
				WithHint("For example, ON CONFLICT (column_name).")
		}
		w.AnyConflict = true
		return nil
	}
	// where is the inference's index predicate (ON CONFLICT (cols) WHERE
	// pred): a partial unique index is the arbiter only when pred implies
	// its own predicate.
	where := ""
	if inf.WhereClause != nil {
		var err error
		if where, _, err = tr.indexPredicate(t, inf.WhereClause); err != nil {
			return err
		}
		if tr.lits > 0 {
			// The statement's literals are parameters here, which
			// match no stored predicate: translate it with them.
			return tr.uncacheable()
		}
	}
	if inf.Conname != "" {
		if len(t.PrimaryKey) > 0 && inf.Conname == t.PKeyConstraint() {
			return nil
		}
		if ix, ok := t.IndexByName(inf.Conname); ok && ix.Unique && ix.Kind == catalog.IndexBTree {
			w.Arbiter = ix.Name
			return nil
		}
		if i := slices.IndexFunc(t.Exclusions, func(ex catalog.Exclusion) bool { return ex.Name == inf.Conname }); i >= 0 && t.Exclusions[i].Deferrable {
			// PostgreSQL's refusal (its executor's, as a row comes).
			return errs.New(errs.ObjectNotInPrerequisite, "ON CONFLICT does not support deferrable unique constraints/exclusion constraints as arbiters")
		}
		return errs.New(errs.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", inf.Conname, t.Name)
	}
	// cols are the target's columns, and its expressions as an expression
	// index part stores them.
	cols := make([]string, 0, len(inf.IndexElems))
	for _, e := range inf.IndexElems {
		ie := e.GetIndexElem()
		if ie != nil && ie.Name == "" && ie.Expr != nil {
			if _, _, isPath := jsonPath(ie.Expr); !isPath {
				part, _, err := tr.exprIndexPart(t, ie)
				if err != nil {
					return err
				}
				cols = append(cols, part.Expr)
				continue
			}
		}
		if ie == nil || ie.Name == "" {
			return unsupported(p, "ON CONFLICT on expressions")
		}
		if _, _, ok := t.FieldByName(ie.Name); !ok && t.Schemafull {
			return errAt(errs.UndefinedColumn, tr.pos(inf.Location), "column \"%s\" does not exist", ie.Name)
		}
		cols = append(cols, ie.Name)
	}
	if sameColumns(cols, t.PrimaryKey) {
		return nil
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if !ix.Unique || ix.Kind != catalog.IndexBTree || len(ix.Parts) != len(cols) {
			continue
		}
		if ix.Partial() && (where == "" || !impliesPredicate(where, ix.Where)) {
			continue
		}
		parts := make([]string, 0, len(ix.Parts))
		for _, part := range ix.Parts {
			switch {
			case part.Expr != "":
				parts = append(parts, part.Expr)
			case len(part.Path) == 1 && !part.AsText:
				parts = append(parts, part.Path[0])
			}
		}
		if sameColumns(cols, parts) {
			w.Arbiter = ix.Name
			return nil
		}
	}
	return errs.New(errs.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
}

// sameColumns reports whether a and b hold the same column names (a
// list that repeats one matches its set, as PostgreSQL's inference does).
func sameColumns(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	in := func(x string, l []string) bool {
		for _, y := range l {
			if x == y {
				return true
			}
		}
		return false
	}
	for _, x := range a {
		if !in(x, b) {
			return false
		}
	}
	for _, y := range b {
		if !in(y, a) {
			return false
		}
	}
	return true
}

// writeStatement finishes INSERT, UPDATE and DELETE: RETURNING becomes a
// Project over the write node, whose rows are [key, object] of the
// records written.
func (tr *translator) writeStatement(tag string, w plan.Node, returning []*pg.Node, e rangeEntry) (*plan.Statement, error) {
	return tr.writeStatementFrom(tag, w, returning, e, nil)
}

// writeStatementFrom is writeStatement for an UPDATE ... FROM or DELETE
// ... USING whose write node yields its input row after [key, object]
// (WithInput): RETURNING sees the FROM items (fsc) there, at offset 4 of
// the row (the input row is [key, old object, FROM items...]).
func (tr *translator) writeStatementFrom(tag string, w plan.Node, returning []*pg.Node, e rangeEntry, fsc *scope) (*plan.Statement, error) {
	st := &plan.Statement{Kind: plan.StmtWrite, Root: w, Tag: tag}
	if len(returning) == 0 {
		return st, nil
	}
	switch w := w.(type) {
	case *plan.Insert:
		w.Returning = true
	case *plan.Update:
		w.Returning = true
	case *plan.Delete:
		w.Returning = true
	}
	e.off = 0
	sc := &scope{entries: []rangeEntry{e}}
	if fsc != nil {
		if err := sc.adopt(fsc, 4); err != nil {
			return nil, err
		}
	}
	items, err := tr.targetList(returning, &exprCtx{sc: sc, clause: "RETURNING"})
	if err != nil {
		return nil, err
	}
	proj := &plan.Project{Input: w, Exprs: make([]plan.Expr, len(items)), Cols: make([]plan.Column, len(items))}
	for i, it := range items {
		proj.Exprs[i] = it.x.e
		proj.Cols[i] = plan.Column{Name: it.name, Type: it.x.t, TableID: it.x.tableID, AttrNum: it.x.attr}
	}
	st.Root, st.Columns, st.ReturnsRows = proj, proj.Cols, true
	return st, nil
}

// scanWhere is the input of UPDATE and DELETE: the table's records that
// satisfy WHERE, joined with the items of UPDATE ... FROM or DELETE ...
// USING (each record at most once, as in PostgreSQL).
//
// fsc is the scope of the FROM (USING) items alone, whose row starts at
// offset 2 of the input's.
//
// cmds are the row security policies' commands the records must pass:
// UPDATE's or DELETE's, and SELECT's too when the statement reads them.
func (tr *translator) scanWhere(t *catalog.Table, e rangeEntry, from []*pg.Node, where *pg.Node, cmds ...string) (n plan.Node, sc, fsc *scope, err error) {
	alias := ""
	if e.name != t.Name {
		alias = e.name
	}
	if n, err = tr.rowSecurityScan(&plan.Scan{Table: t, Alias: alias}, e.pos, cmds...); err != nil {
		return nil, nil, nil, err
	}
	if t.InsteadOf {
		if len(from) > 0 {
			return nil, nil, nil, unsupported(e.pos, "UPDATE ... FROM and DELETE ... USING of a view")
		}
		n = tr.insteadInput
	}
	sc = &scope{entries: []rangeEntry{e}, lvl: &level{}}
	if len(from) > 0 {
		var fn plan.Node
		fn, fsc, err = tr.fromClause(from, nil, sc.lvl)
		if err != nil {
			return nil, nil, nil, err
		}
		if err := sc.adopt(fsc, 2); err != nil {
			return nil, nil, nil, err
		}
		n = &plan.Join{Kind: plan.CrossJoin, Left: n, Right: fn}
	}
	if where != nil {
		if where.GetCurrentOfExpr() != nil {
			return nil, nil, nil, unsupported(tr.stmt.stmtPos(), "WHERE CURRENT OF")
		}
		if n, err = tr.where(n, sc, where); err != nil {
			return nil, nil, nil, err
		}
	}
	if len(from) > 0 {
		// The joins keep the target's rows together (it is their left
		// side): the first match of each record is the one written.
		n = &plan.DistinctOn{Input: n, Keys: []plan.Expr{e.keyRef(0)}}
	}
	return n, sc, fsc, nil
}

// updateStmt translates UPDATE: the new object is the old one with the
// assigned columns replaced.
func (tr *translator) updateStmt(u *pg.UpdateStmt) (*plan.Statement, error) {
	if st, ok, err := tr.inheritedWrite(u.Relation, u.WithClause != nil, u.ReturningList, func(rv *pg.RangeVar, returning []*pg.Node) (*plan.Statement, error) {
		return tr.updateStmt(&pg.UpdateStmt{Relation: rv, TargetList: u.TargetList, WhereClause: u.WhereClause,
			FromClause: u.FromClause, ReturningList: returning})
	}); ok {
		return st, err
	}
	switch {
	case u.WithClause != nil:
		pop, err := tr.with(u.WithClause)
		if err != nil {
			return nil, err
		}
		defer pop()
	}
	t, entry, err := tr.writeTargetOf(u.Relation, catalog.TriggerUpdate)
	if err != nil {
		return nil, err
	}
	if err := tr.readsExprIndexes(t); err != nil {
		return nil, err
	}
	input, sc, fsc, err := tr.scanWhere(t, entry, u.FromClause, u.WhereClause, policyCommands(policyUpdate, u.WhereClause, u.ReturningList)...)
	if err != nil {
		return nil, err
	}
	ec := &exprCtx{sc: sc, clause: "UPDATE"}
	targets := make([]target, 0, len(u.TargetList))
	vals := make([]plan.Expr, 0, len(u.TargetList))
	for _, n := range u.TargetList {
		rt := n.GetResTarget()
		if rt == nil {
			return nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "invalid SET list")
		}
		p := tr.pos(rt.Location)
		if len(rt.Indirection) > 0 {
			if err := tr.setField(t, rt, ec, &targets, &vals); err != nil {
				return nil, err
			}
			continue
		}
		if rt.Val.GetMultiAssignRef() != nil {
			return nil, unsupported(p, "multiple-column assignment")
		}
		tg, err := tr.columnTarget(t, rt.Name, p)
		if err != nil {
			return nil, err
		}
		if tg.kind == tKey {
			return nil, unsupported(p, "changing the id of a record")
		}
		if slices.ContainsFunc(targets, func(o target) bool { return o.name == tg.name }) {
			return nil, errAt(errs.SyntaxError, p, "multiple assignments to same column %q", tg.name)
		}
		var v plan.Expr
		if d := rt.Val.GetSetToDefault(); d != nil {
			var err error
			if v, err = tr.defaultExpr(tg, tr.pos(d.Location)); err != nil {
				return nil, err
			}
		} else {
			if err := updateIdentity(tg); err != nil {
				return nil, err
			}
			x, err := tr.expr(rt.Val, ec)
			if err != nil {
				return nil, err
			}
			if v, err = tr.assign(x, tg); err != nil {
				return nil, err
			}
		}
		targets = append(targets, tg)
		vals = append(vals, v)
	}
	_, set := recordCons(targets, vals, entry.objRef(0))
	w := &plan.Update{Table: t, Input: input, KeyCol: 0, ObjCol: 1, Set: set, SetCols: targetNames(targets), RowSecurity: t.RowSecurity}
	if w.Checks, err = tr.writeChecks(t, entry, policyUpdate); err != nil {
		return nil, err
	}
	w.WithInput = fsc != nil && len(u.ReturningList) > 0
	return tr.writeStatementFrom(TagUpdate, w, u.ReturningList, entry, fsc)
}

func (tr *translator) deleteStmt(d *pg.DeleteStmt) (*plan.Statement, error) {
	if st, ok, err := tr.inheritedWrite(d.Relation, d.WithClause != nil, d.ReturningList, func(rv *pg.RangeVar, returning []*pg.Node) (*plan.Statement, error) {
		return tr.deleteStmt(&pg.DeleteStmt{Relation: rv, UsingClause: d.UsingClause, WhereClause: d.WhereClause,
			ReturningList: returning})
	}); ok {
		return st, err
	}
	switch {
	case d.WithClause != nil:
		pop, err := tr.with(d.WithClause)
		if err != nil {
			return nil, err
		}
		defer pop()
	}
	t, entry, err := tr.writeTargetOf(d.Relation, catalog.TriggerDelete)
	if err != nil {
		return nil, err
	}
	if err := tr.readsExprIndexes(t); err != nil {
		return nil, err
	}
	input, _, fsc, err := tr.scanWhere(t, entry, d.UsingClause, d.WhereClause, policyCommands(policyDelete, d.WhereClause, d.ReturningList)...)
	if err != nil {
		return nil, err
	}
	w := &plan.Delete{Table: t, Input: input, KeyCol: 0, ObjCol: 1, WithInput: fsc != nil && len(d.ReturningList) > 0, RowSecurity: t.RowSecurity}
	return tr.writeStatementFrom(TagDelete, w, d.ReturningList, entry, fsc)
}
