package sqlfe

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// rangeEntry is an item of a FROM clause (or the target of a write). A
// table's Scan contributes two columns to the row: the record key at off
// and the record's object at off+1. A derived table (a subquery, VALUES,
// a CTE, a table with column aliases, an aliased join) contributes the
// columns of its node; cols says how its names read them.
type rangeEntry struct {
	name  string         // the alias, else the table name: what qualifies its columns
	table *catalog.Table // nil for a derived table
	// renamed is the table of an entry whose columns an alias list
	// renamed (table is then nil and cols the renamed columns).
	renamed *catalog.Table
	cols    []scol // a derived table's columns, relative to off
	// merged names the columns that a USING or NATURAL join merged into
	// one: an unqualified name finds the merged column instead.
	merged map[string]bool
	off    int
	pos    int
	// tableOID marks the read of a table with inheritance children
	// (plan.Append.Tables), whose rows carry the tableoid column third.
	tableOID bool
}

// scol is a named column whose expression reads a row relative to the
// start of the row source that defines it (ColRefs at Depth 0 from Idx 0);
// relocate places it.
type scol struct {
	name string
	x    texpr
}

// scope is the set of FROM items whose columns an expression may name.
// parent is the enclosing query level: a subquery's outer query, or the
// left side of a LATERAL item, whose row is one Depth further out.
type scope struct {
	entries []rangeEntry
	// using are the merged columns of USING and NATURAL joins (relative to
	// the scope's row); star, when set, is the order of `*` (PostgreSQL
	// puts merged columns first).
	using  []scol
	star   []scol
	parent *scope
	// lvl is shared by the scopes of one query level (its FROM items'
	// own scopes included).
	lvl *level
	// grouped, set on a grouped query's scope as its subqueries see it,
	// maps a column of the input row to the grouped row (its group key).
	grouped func(texpr) (texpr, error)
	// flat says parent reads the same row (a subquery pulled up into a
	// semi-join sees its own FROM items first, then the outer query's, in
	// one combined row).
	flat bool
}

// level is what the translation learns about one query level.
type level struct {
	// correlated records that a name was resolved in an enclosing level:
	// the query reads its outer row.
	correlated bool
}

// baseTable is the table whose records the entry reads, nil for a
// derived table.
func (e *rangeEntry) baseTable() *catalog.Table {
	if e.table != nil {
		return e.table
	}
	return e.renamed
}

func (e *rangeEntry) keyRef(p int) *plan.ColRef { return e.keyRefAt(p, 0) }

func (e *rangeEntry) objRef(p int) *plan.ColRef { return e.objRefAt(p, 0) }

func (e *rangeEntry) keyRefAt(p, depth int) *plan.ColRef {
	return &plan.ColRef{At: at(p), Idx: e.off, Depth: depth, Name: e.name + ".key"}
}

func (e *rangeEntry) objRefAt(p, depth int) *plan.ColRef {
	return &plan.ColRef{At: at(p), Idx: e.off + 1, Depth: depth, Name: e.name}
}

// column reads column c of the entry, if the entry has it. definite is
// false for the catch-all fields of a schemaless table.
//
// A schemafull table's columns are fields of the stored object (primary
// key columns included). A schemaless table shows `id` (the record key as
// text) and `doc` (the whole object, jsonb), and any other name reads
// that field of the object, typed jsonb.
func (e *rangeEntry) column(c string, p int) (x texpr, definite, ok bool) {
	return e.columnAt(c, p, 0)
}

// duplicate reports a derived table with two columns named c.
func (e *rangeEntry) duplicate(c string) bool {
	n := 0
	for _, col := range e.cols {
		if col.name == c {
			n++
		}
	}
	return n > 1
}

// columnAt is column for a row depth levels out.
func (e *rangeEntry) columnAt(c string, p, depth int) (x texpr, definite, ok bool) {
	t := e.table
	if t == nil {
		for _, col := range e.cols {
			if col.name == c {
				return relocated(col.x, e.off, depth, p), true, true
			}
		}
		return texpr{}, false, false
	}
	if c == "id" && hasKeyColumn(t) {
		return texpr{e: &plan.Cast{At: at(p), X: e.keyRefAt(p, depth), To: value.TypeText}, t: value.TypeText, tableID: t.ID, attr: 1}, true, true
	}
	if t.Schemafull {
		f, i, found := t.FieldByName(c)
		if !found && c == "tableoid" {
			// PostgreSQL's system column: the OID of the row's table,
			// which pg_dump reads of every catalog (the sysview
			// function derives it from the descriptor's id).
			if e.tableOID {
				return texpr{e: &plan.ColRef{At: at(p), Idx: e.off + 2, Depth: depth, Name: e.name + ".tableoid"}, t: value.TypeInt8}, true, true
			}
			if t.Partitioned != nil {
				// Through a partitioned table, the row's partition's.
				return texpr{e: &plan.Call{At: at(p), Fn: plan.PartitionTableOID, SQL: true, Args: []plan.Expr{
					&plan.Const{At: at(p), V: value.Int(int64(t.ID))}, &plan.Const{At: at(p), V: value.Int(int64(t.Database))},
					&plan.Const{At: at(p), V: value.String(t.Name)}, e.objRefAt(p, depth)}}, t: value.TypeInt8}, true, true
			}
			return texpr{e: &plan.Call{At: at(p), Fn: "sql::zerodb.tableoid", SQL: true,
				Args: []plan.Expr{&plan.Const{At: at(p), V: value.Int(int64(t.ID))}}}, t: value.TypeInt8}, true, true
		}
		if !found {
			return texpr{}, false, false
		}
		ty := f.Type
		ty.Optional = false
		return texpr{e: &plan.Field{At: at(p), X: e.objRefAt(p, depth), Name: c}, t: ty, tableID: t.ID, attr: int16(i + 1)}, true, true
	}
	switch c {
	case "doc":
		return texpr{e: e.objRefAt(p, depth), t: value.TypeJSONB, tableID: t.ID, attr: 2}, true, true
	}
	return texpr{e: &plan.Field{At: at(p), X: e.objRefAt(p, depth), Name: c}, t: value.Any}, false, true
}

// columns lists the entry's columns for `*`.
func (e *rangeEntry) columns(p int) ([]texpr, []string) { return e.columnsAt(p, 0) }

// columnsAt is columns for a row depth levels out (a whole-row
// reference to an outer query's FROM item).
func (e *rangeEntry) columnsAt(p, depth int) ([]texpr, []string) {
	t := e.table
	if t == nil {
		xs := make([]texpr, len(e.cols))
		names := make([]string, len(e.cols))
		for i, c := range e.cols {
			xs[i], names[i] = relocated(c.x, e.off, depth, p), c.name
		}
		return xs, names
	}
	if !t.Schemafull {
		id, _, _ := e.columnAt("id", p, depth)
		doc, _, _ := e.columnAt("doc", p, depth)
		return []texpr{id, doc}, []string{"id", "doc"}
	}
	xs := make([]texpr, 0, len(t.Fields)+1)
	names := make([]string, 0, len(t.Fields)+1)
	if hasKeyColumn(t) {
		id, _, _ := e.columnAt("id", p, depth)
		xs, names = append(xs, id), append(names, "id")
	}
	for i := range t.Fields {
		x, _, _ := e.columnAt(t.Fields[i].Name, p, depth)
		xs, names = append(xs, x), append(names, t.Fields[i].Name)
	}
	return xs, names
}

// rowType is the table whose row type the entry's whole row has: a
// table's, also under an alias or renamed columns (as in PostgreSQL);
// nil for derived tables and functions in FROM, whose rows are records.
func (e *rangeEntry) rowType() *catalog.Table {
	t := e.table
	if t == nil {
		t = e.renamed
	}
	if t == nil || t.ID == 0 || !t.Schemafull {
		return nil
	}
	return t
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

// findEntry looks a qualifier up at this level and then outwards; depth
// is the number of levels out it was found.
func (s *scope) findEntry(name string) (*rangeEntry, int, *scope) {
	depth := 0
	for l := s; l != nil; l = l.parent {
		if e := l.lookupEntry(name); e != nil {
			s.markCorrelated(l)
			return e, depth, l
		}
		if !l.flat {
			depth++
		}
	}
	return nil, 0, nil
}

// groupedAt places a column of a grouped level, found depth levels out,
// as its group key.
func groupedAt(l *scope, x texpr, depth, p int) (texpr, error) {
	x, err := l.grouped(x)
	if err != nil {
		return texpr{}, err
	}
	return relocated(x, 0, depth, p), nil
}

// markCorrelated records on each level crossed on the way to found that
// its query reads an outer row.
func (s *scope) markCorrelated(found *scope) {
	for l := s; l != nil && l != found; l = l.parent {
		if !l.flat && l.lvl != nil {
			l.lvl.correlated = true
		}
	}
}

// missingEntry is the error for a qualifier naming no FROM item; naming
// an aliased table by its table name gets PostgreSQL's hint.
func (s *scope) missingEntry(name string, p int) error {
	for l := s; l != nil; l = l.parent {
		for _, e := range l.entries {
			if e.table != nil && e.table.Name == name && e.name != name {
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
			if len(names) == 1 && len(cr.Fields) == 2 {
				// t.* as a value: t's whole row.
				r, ok, err := tr.wholeRow(names[0], sc, p)
				if !ok {
					return texpr{}, sc.missingEntry(names[0], p)
				}
				if err != nil {
					return texpr{}, err
				}
				return rowTexpr(r, p), nil
			}
			return texpr{}, errAt(errs.SyntaxError, p, "row expansion via \"*\" is not supported here")
		default:
			return texpr{}, unsupported(p, "this column reference")
		}
	}
	switch len(names) {
	case 1:
		return tr.unqualified(names[0], sc, p)
	case 3:
		// schema.table.column: FROM items are known by their tables'
		// names (or aliases), whatever their schemas.
		if systemSchema(names[0]) {
			return texpr{}, errAt(errs.InvalidSchemaName, p, "schema %q does not exist", names[0])
		}
		names = names[1:]
	case 2:
	default:
		return texpr{}, errAt(errs.SyntaxError, p, "improper qualified name (too many dotted names): %s", strings.Join(names, "."))
	}
	e, depth, l := sc.findEntry(names[0])
	if e == nil && tr.fnScope != nil && names[0] == tr.fnScope.desc.Name {
		// function.parameter
		if x, ok, err := tr.functionParam(0, names[1], p); ok {
			return x, err
		}
	}
	if e == nil {
		if x, ok, err := tr.functionParam(0, names[0], p); ok && err == nil && x.t.IsComposite() {
			return tr.fieldSelect(x, names[1], p) // param.field of a composite parameter
		}
		return texpr{}, sc.missingEntry(names[0], p)
	}
	if e.duplicate(names[1]) {
		return texpr{}, errAt(errs.AmbiguousColumn, p, "column reference %q is ambiguous", names[1])
	}
	if l.grouped != nil && depth > 0 {
		x, _, ok := e.columnAt(names[1], p, 0)
		if !ok {
			return texpr{}, errAt(errs.UndefinedColumn, p, "column %s.%s does not exist", names[0], names[1])
		}
		return groupedAt(l, x, depth, p)
	}
	x, _, ok := e.columnAt(names[1], p, depth)
	if !ok {
		return texpr{}, errAt(errs.UndefinedColumn, p, "column %s.%s does not exist", names[0], names[1])
	}
	return x, nil
}

func (tr *translator) unqualified(c string, sc *scope, p int) (texpr, error) {
	depth := 0
	for l := sc; l != nil; l = l.parent {
		d := depth
		if l.grouped != nil {
			d = 0
		}
		x, ok, err := l.unqualifiedHere(c, p, d)
		if ok && err == nil && l.grouped != nil && depth > 0 {
			sc.markCorrelated(l)
			return groupedAt(l, x, depth, p)
		}
		if err != nil {
			return texpr{}, err
		}
		if ok {
			sc.markCorrelated(l)
			return x, nil
		}
		if !l.flat {
			depth++
		}
	}
	if x, ok, err := tr.functionParam(0, c, p); ok {
		return x, err // a parameter of the function whose body this is
	}
	if r, ok, err := tr.wholeRow(c, sc, p); ok {
		if err != nil {
			return texpr{}, err
		}
		return rowTexpr(r, p), nil
	}
	return texpr{}, errAt(errs.UndefinedColumn, p, "column %q does not exist", c)
}

// unqualifiedHere looks an unqualified name up at one level.
func (s *scope) unqualifiedHere(c string, p, depth int) (texpr, bool, error) {
	var found, loose texpr
	nFound, nLoose := 0, 0
	for _, u := range s.using {
		if u.name == c {
			found = relocated(u.x, 0, depth, p)
			nFound++
		}
	}
	for i := range s.entries {
		if s.entries[i].merged[c] {
			continue
		}
		if s.entries[i].duplicate(c) {
			nFound++
		}
		x, definite, ok := s.entries[i].columnAt(c, p, depth)
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
	switch {
	case nFound == 1:
		return found, true, nil
	case nFound > 1, nLoose > 1 && nFound == 0:
		return texpr{}, false, errAt(errs.AmbiguousColumn, p, "column reference %q is ambiguous", c)
	case nLoose == 1:
		return loose, true, nil
	}
	return texpr{}, false, nil
}

// starCols lists the columns `*` expands to, relative to the scope's row.
func (s *scope) starCols(p int) []scol {
	if s.star != nil {
		out := make([]scol, len(s.star))
		for i, c := range s.star {
			out[i] = scol{name: c.name, x: relocated(c.x, 0, 0, p)}
		}
		return out
	}
	var out []scol
	for i := range s.entries {
		if isSRFAlias(s.entries[i].name) {
			continue // the select list's functions, not a FROM item of the query
		}
		xs, names := s.entries[i].columns(p)
		for j := range xs {
			out = append(out, scol{name: names[j], x: xs[j]})
		}
	}
	return out
}

// liftedSRF reports the FROM item liftSRF made of the select list's
// set-returning functions, whose columns * does not show.
func (s *scope) liftedSRF() bool {
	for _, e := range s.entries {
		if !isSRFAlias(e.name) {
			return false
		}
	}
	return len(s.entries) > 0
}

// relocated places an expression written relative to a row source at
// row offset off and depth levels out, with position p.
func relocated(x texpr, off, depth, p int) texpr {
	x.e = relocate(x.e, off, depth, p)
	return x
}

func relocate(e plan.Expr, off, depth, p int) plan.Expr {
	switch x := e.(type) {
	case *plan.ColRef:
		c := *x
		c.Idx += off
		c.Depth += depth
		c.P = p
		return &c
	case *plan.Field:
		c := *x
		c.X, c.P = relocate(x.X, off, depth, p), p
		return &c
	case *plan.Cast:
		c := *x
		c.X, c.P = relocate(x.X, off, depth, p), p
		return &c
	case *plan.Call:
		c := *x
		c.Args = make([]plan.Expr, len(x.Args))
		for i, a := range x.Args {
			c.Args[i] = relocate(a, off, depth, p)
		}
		c.P = p
		return &c
	}
	return e
}

// table resolves a RangeVar through the Resolver.
func (tr *translator) table(rv *pg.RangeVar) (*catalog.Table, error) {
	p := tr.pos(rv.Location)
	if rv.Catalogname != "" {
		return nil, unsupported(p, "cross-database references")
	}
	name, err := relationName(rv, p)
	if err != nil {
		return nil, err
	}
	t, err := tr.r.Table(tr.ctx, tr.storedName(name))
	if err != nil {
		return nil, withPos(err, p)
	}
	if tr.binding && tr.stored == 0 && rv.Schemaname == "" {
		if sr, ok := tr.r.(translate.SchemaResolver); ok {
			schema, err := sr.TableSchema(tr.ctx, t)
			if err != nil {
				return nil, err
			}
			tr.bindName(rv, schema)
		}
	}
	if t.Temporary() {
		tr.readsTemp = true
	}
	return t, nil
}
