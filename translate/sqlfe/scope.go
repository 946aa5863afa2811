package sqlfe

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// rangeEntry is a table of a FROM clause (or the target of a write). Its
// Scan contributes two columns to the row: the record key at off and the
// record's object at off+1.
type rangeEntry struct {
	name  string // the alias, else the table name: what qualifies its columns
	table *catalog.Table
	off   int
	pos   int
}

// scope is the set of tables whose columns an expression may name.
type scope struct {
	entries []rangeEntry
}

func (e *rangeEntry) keyRef(p int) *plan.ColRef {
	return &plan.ColRef{At: at(p), Idx: e.off, Name: e.name + ".key"}
}

func (e *rangeEntry) objRef(p int) *plan.ColRef {
	return &plan.ColRef{At: at(p), Idx: e.off + 1, Name: e.name}
}

// column reads column c of the entry, if the entry has it. definite is
// false for the catch-all fields of a schemaless table.
//
// A schemafull table's columns are fields of the stored object (primary
// key columns included). A schemaless table shows `id` (the record key as
// text) and `doc` (the whole object, jsonb), and any other name reads
// that field of the object, typed jsonb.
func (e *rangeEntry) column(c string, p int) (x texpr, definite, ok bool) {
	t := e.table
	if c == "id" && hasKeyColumn(t) {
		return texpr{e: &plan.Cast{At: at(p), X: e.keyRef(p), To: value.TypeText}, t: value.TypeText, tableID: t.ID, attr: 1}, true, true
	}
	if t.Schemafull {
		f, i, found := t.FieldByName(c)
		if !found {
			return texpr{}, false, false
		}
		ty := f.Type
		ty.Optional = false
		return texpr{e: &plan.Field{At: at(p), X: e.objRef(p), Name: c}, t: ty, tableID: t.ID, attr: int16(i + 1)}, true, true
	}
	switch c {
	case "doc":
		return texpr{e: e.objRef(p), t: value.TypeJSONB, tableID: t.ID, attr: 2}, true, true
	}
	return texpr{e: &plan.Field{At: at(p), X: e.objRef(p), Name: c}, t: value.Any}, false, true
}

// columns lists the entry's columns for `*`.
func (e *rangeEntry) columns(p int) ([]texpr, []string) {
	t := e.table
	if !t.Schemafull {
		id, _, _ := e.column("id", p)
		doc, _, _ := e.column("doc", p)
		return []texpr{id, doc}, []string{"id", "doc"}
	}
	xs := make([]texpr, 0, len(t.Fields)+1)
	names := make([]string, 0, len(t.Fields)+1)
	if hasKeyColumn(t) {
		id, _, _ := e.column("id", p)
		xs, names = append(xs, id), append(names, "id")
	}
	for i := range t.Fields {
		x, _, _ := e.column(t.Fields[i].Name, p)
		xs, names = append(xs, x), append(names, t.Fields[i].Name)
	}
	return xs, names
}

// hasKeyColumn reports whether SQL shows the record key as a column `id`
// (text): for schemaless tables, and for schemafull tables made in ZQL
// that have no primary key and no field of that name, whose records are
// addressed by key (t.@k) rather than by a column.
func hasKeyColumn(t *catalog.Table) bool {
	if !t.Schemafull {
		return true
	}
	if t.CreatedBy != "zql" || len(t.PrimaryKey) > 0 {
		return false
	}
	_, _, found := t.FieldByName("id")
	return !found
}

func (s *scope) lookupEntry(name string) *rangeEntry {
	if s == nil {
		return nil
	}
	for i := range s.entries {
		if s.entries[i].name == name {
			return &s.entries[i]
		}
	}
	return nil
}

// missingEntry is the error for a qualifier naming no FROM item; naming
// an aliased table by its table name gets PostgreSQL's hint.
func (s *scope) missingEntry(name string, p int) error {
	if s != nil {
		for _, e := range s.entries {
			if e.table.Name == name && e.name != name {
				return errAt(errs.UndefinedTable, p, "invalid reference to FROM-clause entry for table %q", name).
					WithHint("Perhaps you meant to reference the table alias %q.", e.name)
			}
		}
	}
	return errAt(errs.UndefinedTable, p, "missing FROM-clause entry for table %q", name)
}

// columnRef resolves a column reference. An unqualified name is looked up
// first among the tables' real columns (ambiguous when several have it)
// and only then among the catch-all fields of schemaless tables, so that
// joining a schemaless table does not make every other column ambiguous.
func (tr *translator) columnRef(cr *pg.ColumnRef, sc *scope) (texpr, error) {
	p := tr.pos(cr.Location)
	names := make([]string, 0, len(cr.Fields))
	for _, f := range cr.Fields {
		switch x := f.Node.(type) {
		case *pg.Node_String_:
			names = append(names, x.String_.Sval)
		case *pg.Node_AStar:
			return texpr{}, errAt(errs.SyntaxError, p, "row expansion via \"*\" is not supported here")
		default:
			return texpr{}, unsupported(p, "this column reference")
		}
	}
	switch len(names) {
	case 1:
		return tr.unqualified(names[0], sc, p)
	case 3:
		if names[0] != "public" {
			return texpr{}, errAt(errs.InvalidSchemaName, p, "schema %q does not exist", names[0])
		}
		names = names[1:]
	case 2:
	default:
		return texpr{}, errAt(errs.SyntaxError, p, "improper qualified name (too many dotted names): %s", strings.Join(names, "."))
	}
	e := sc.lookupEntry(names[0])
	if e == nil {
		return texpr{}, sc.missingEntry(names[0], p)
	}
	x, _, ok := e.column(names[1], p)
	if !ok {
		return texpr{}, errAt(errs.UndefinedColumn, p, "column %s.%s does not exist", names[0], names[1])
	}
	return x, nil
}

func (tr *translator) unqualified(c string, sc *scope, p int) (texpr, error) {
	var found, loose texpr
	nFound, nLoose := 0, 0
	if sc != nil {
		for i := range sc.entries {
			x, definite, ok := sc.entries[i].column(c, p)
			switch {
			case !ok:
			case definite:
				found = x
				nFound++
			default:
				loose = x
				nLoose++
			}
		}
	}
	switch {
	case nFound == 1:
		return found, nil
	case nFound > 1:
		return texpr{}, errAt(errs.AmbiguousColumn, p, "column reference %q is ambiguous", c)
	case nLoose == 1:
		return loose, nil
	case nLoose > 1:
		return texpr{}, errAt(errs.AmbiguousColumn, p, "column reference %q is ambiguous", c)
	}
	return texpr{}, errAt(errs.UndefinedColumn, p, "column %q does not exist", c)
}

// table resolves a RangeVar through the Resolver.
func (tr *translator) table(rv *pg.RangeVar) (*catalog.Table, error) {
	p := tr.pos(rv.Location)
	if rv.Catalogname != "" {
		return nil, unsupported(p, "cross-database references")
	}
	if rv.Schemaname != "" && rv.Schemaname != "public" {
		return nil, errAt(errs.InvalidSchemaName, p, "schema %q does not exist", rv.Schemaname)
	}
	t, err := tr.r.Table(tr.ctx, rv.Relname)
	if err != nil {
		return nil, withPos(err, p)
	}
	return t, nil
}

// fromClause builds the row source of a FROM list: its items cross-joined
// left to right (the optimizer turns WHERE conditions into join keys).
func (tr *translator) fromClause(items []*pg.Node) (plan.Node, *scope, error) {
	if len(items) == 0 {
		// SELECT without FROM reads one empty row.
		return &plan.Values{Rows: [][]plan.Expr{{}}}, &scope{}, nil
	}
	var node plan.Node
	sc := &scope{}
	for _, it := range items {
		var n plan.Node
		var entries []rangeEntry
		var err error
		lateral := false
		if rf := it.GetRangeFunction(); rf != nil {
			n, entries, lateral, err = tr.rangeFunction(rf, sc)
		} else {
			n, entries, err = tr.fromItem(it)
		}
		if err != nil {
			return nil, nil, err
		}
		if err := sc.add(entries, 2*len(sc.entries)); err != nil {
			return nil, nil, err
		}
		if node == nil {
			node = n
		} else {
			node = &plan.Join{Kind: plan.CrossJoin, Left: node, Right: n, Lateral: lateral}
		}
	}
	return node, sc, nil
}

// add appends entries (whose offsets are relative to their own row) at
// row offset off, rejecting a name used twice.
func (s *scope) add(entries []rangeEntry, off int) error {
	for _, e := range entries {
		if s.lookupEntry(e.name) != nil {
			return errAt(codeDuplicateAlias, e.pos, "table name %q specified more than once", e.name)
		}
		e.off += off
		s.entries = append(s.entries, e)
	}
	return nil
}

func (tr *translator) fromItem(n *pg.Node) (plan.Node, []rangeEntry, error) {
	switch x := n.Node.(type) {
	case *pg.Node_RangeVar:
		rv := x.RangeVar
		t, err := tr.table(rv)
		if err != nil {
			return nil, nil, err
		}
		name, alias := t.Name, ""
		if rv.Alias != nil {
			if len(rv.Alias.Colnames) > 0 {
				return nil, nil, unsupported(tr.pos(rv.Location), "column aliases in FROM")
			}
			name, alias = rv.Alias.Aliasname, rv.Alias.Aliasname
		}
		return &plan.Scan{Table: t, Alias: alias}, []rangeEntry{{name: name, table: t, pos: tr.pos(rv.Location)}}, nil
	case *pg.Node_JoinExpr:
		return tr.join(x.JoinExpr)
	case *pg.Node_RangeSubselect:
		return nil, nil, unsupported(tr.stmt.stmtPos(), "subqueries in FROM")
	case *pg.Node_RangeFunction:
		n, entries, _, err := tr.rangeFunction(x.RangeFunction, nil)
		return n, entries, err
	}
	return nil, nil, unsupported(tr.stmt.stmtPos(), "this FROM item")
}

func (tr *translator) join(j *pg.JoinExpr) (plan.Node, []rangeEntry, error) {
	if j.IsNatural {
		return nil, nil, unsupported(tr.stmt.stmtPos(), "NATURAL JOIN")
	}
	if len(j.UsingClause) > 0 {
		return nil, nil, unsupported(tr.stmt.stmtPos(), "JOIN ... USING")
	}
	if j.Alias != nil {
		return nil, nil, unsupported(tr.stmt.stmtPos(), "aliases of joins")
	}
	left, le, err := tr.fromItem(j.Larg)
	if err != nil {
		return nil, nil, err
	}
	right, re, err := tr.fromItem(j.Rarg)
	if err != nil {
		return nil, nil, err
	}
	sc := &scope{}
	if err := sc.add(le, 0); err != nil {
		return nil, nil, err
	}
	if err := sc.add(re, 2*len(le)); err != nil {
		return nil, nil, err
	}
	var kind plan.JoinKind
	switch j.Jointype {
	case pg.JoinType_JOIN_INNER:
		kind = plan.InnerJoin
		if j.Quals == nil {
			kind = plan.CrossJoin
		}
	case pg.JoinType_JOIN_LEFT:
		kind = plan.LeftJoin
	case pg.JoinType_JOIN_RIGHT:
		kind = plan.RightJoin
	case pg.JoinType_JOIN_FULL:
		kind = plan.FullJoin
	default:
		return nil, nil, unsupported(tr.stmt.stmtPos(), "this kind of join")
	}
	out := &plan.Join{Kind: kind, Left: left, Right: right}
	if j.Quals != nil {
		on, err := tr.condition(j.Quals, &exprCtx{sc: sc, clause: "JOIN conditions"}, "JOIN/ON")
		if err != nil {
			return nil, nil, err
		}
		out.On = on
	}
	return out, sc.entries, nil
}
