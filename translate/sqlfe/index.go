package sqlfe

import (
	"fmt"
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

// Command tags of index DDL.
const (
	TagCreateIndex = "CREATE INDEX"
	TagDropIndex   = "DROP INDEX"
)

// createIndex translates CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON t
// [USING btree|hnsw] (col [DESC], (doc->>'k'), ...) [WITH (...)]. A key
// part is a column or a path into a jsonb column (-> steps, the last
// maybe ->>, or a ::text cast); other expressions are 0A000.
func (tr *translator) createIndex(s *pg.IndexStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	rv := s.Relation
	if rv == nil {
		return nil, errAt(errs.SyntaxError, p, "missing table name")
	}
	if err := tr.inStatementSchema(rv.Schemaname, tr.pos(rv.Location)); err != nil {
		return nil, err
	}
	t, err := tr.r.Table(tr.ctx, qualified(rv.Schemaname, rv.Relname))
	if err != nil {
		return nil, errs.From(err)
	}
	if err := checkTablespace(s.TableSpace); err != nil {
		return nil, err
	}
	ix := catalog.Index{Name: s.Idxname, Unique: s.Unique, Kind: catalog.IndexBTree, NullsNotDistinct: s.NullsNotDistinct}
	if err := orderedMethod(&ix, s); err != nil {
		return nil, err
	}
	if len(s.IndexIncludingParams) > 0 {
		if am := strings.ToLower(s.AccessMethod); am != "" && am != "btree" && am != catalog.MethodGiST && am != catalog.MethodSPGiST {
			return nil, errs.New(errs.FeatureNotSupported, "access method %q does not support included columns", am)
		}
		if ix.Include, err = tr.includeColumns(t, s.IndexIncludingParams, p); err != nil {
			return nil, err
		}
	}
	if ok, err := trgmIndex(&ix, s, t, p); ok || err != nil {
		if err != nil {
			return nil, err
		}
	} else {
		switch strings.ToLower(s.AccessMethod) {
		case "", "btree":
		case "hnsw":
			ix.Kind = catalog.IndexHNSW
			if s.Unique {
				return nil, errAt(errs.FeatureNotSupported, p, "access method \"hnsw\" does not support unique indexes")
			}
		case "gin":
			ix.Kind = catalog.IndexGIN
			if s.Unique {
				return nil, errAt(errs.FeatureNotSupported, p, "access method \"gin\" does not support unique indexes")
			}
		case catalog.MethodHash, catalog.MethodBRIN, catalog.MethodGiST, catalog.MethodSPGiST:
			// orderedMethod set ix.Method. gist_hstore_ops serves what
			// gin_hstore_ops does: the same entries, shown as a gist
			// index. (An ltree column's gist index is an ordered one,
			// which serves ltree's comparisons and <@.)
			if hstoreGist(s, t) {
				ix.Kind = catalog.IndexGIN
			}
		default:
			return nil, errAt(errs.UndefinedObject, p, "access method %q does not exist", s.AccessMethod)
		}
	}
	var names []string
	for _, n := range s.IndexParams {
		el := n.GetIndexElem()
		if el == nil {
			return nil, errAt(errs.SyntaxError, p, "invalid index element")
		}
		if err := methodElem(ix.Method, el, t); err != nil {
			return nil, err
		}
		part, name, err := tr.indexPart(t, el)
		if err != nil {
			return nil, err
		}
		if ix.Kind == catalog.IndexHNSW {
			if part.Expr != "" {
				return nil, unsupported(p, "expressions in an hnsw index")
			}
			if err := hnswOptions(&ix, el); err != nil {
				return nil, errAt(errs.UndefinedObject, p, "%s", err.Error())
			}
		}
		ix.Parts = append(ix.Parts, part)
		names = append(names, name)
	}
	if ix.Kind == catalog.IndexGIN && ix.Method == "" && len(ix.Parts) == 1 && ix.Parts[0].Expr == "" && len(ix.Parts[0].Path) == 1 {
		if f, _, ok := t.FieldByName(ix.Parts[0].Path[0]); ok {
			if err := ginOpclass(s.IndexParams[0].GetIndexElem(), f.Type, p); err != nil {
				return nil, err
			}
		}
	}
	if err := ix.SetGINEntries(t); err != nil {
		return nil, errs.From(err).WithPos(p)
	}
	if s.WhereClause != nil {
		if ix.Where, ix.WhereCols, err = tr.indexPredicate(t, s.WhereClause); err != nil {
			return nil, err
		}
	}
	if ix.Kind == catalog.IndexHNSW {
		for _, o := range s.Options {
			d := o.GetDefElem()
			if d == nil {
				continue
			}
			if ix.Options == nil {
				ix.Options = map[string]string{}
			}
			ix.Options[d.Defname] = defElemText(d)
		}
	} else if err := indexRelOptions(&ix, s.Options); err != nil {
		return nil, err
	}
	names = indexColumnNames(append(names, ix.Include...))
	ci := &plan.CreateIndex{Table: t.Name, Index: ix, IfNotExists: s.IfNotExists, Only: !s.Relation.Inh}
	if ix.Name == "" {
		// PostgreSQL's ChooseRelationName: table, columns, suffix, and a
		// number when the name is taken (the executor tries them).
		ci.Index.Name = defaultIndexName(t.Name, names, "idx")
		ci.AutoName = true
	}
	return &plan.Statement{Kind: plan.StmtDDL, Root: ci, Tag: TagCreateIndex}, nil
}

// orderedMethod gives ix, made by CREATE INDEX s, the access method s
// names when it is one zerodb lays out as an ordered index (hash, brin,
// gist, spgist: catalog.Index.Method), with PostgreSQL's refusals of
// what the method does not support, in its order.
func orderedMethod(ix *catalog.Index, s *pg.IndexStmt) error {
	am := strings.ToLower(s.AccessMethod)
	switch am {
	case catalog.MethodHash, catalog.MethodBRIN, catalog.MethodGiST, catalog.MethodSPGiST:
	default:
		return nil
	}
	switch {
	case s.Unique:
		return errs.New(errs.FeatureNotSupported, "access method %q does not support unique indexes", am)
	case len(s.IndexIncludingParams) > 0 && (am == catalog.MethodHash || am == catalog.MethodBRIN):
		return errs.New(errs.FeatureNotSupported, "access method %q does not support included columns", am)
	case len(s.IndexParams) > 1 && (am == catalog.MethodHash || am == catalog.MethodSPGiST):
		return errs.New(errs.FeatureNotSupported, "access method %q does not support multicolumn indexes", am)
	}
	ix.Method = am
	return nil
}

// methodElem refuses an index element under an access method other
// than btree (method, as catalog.Index.Method has it) as PostgreSQL's
// ComputeIndexAttrs does: ordering options, which the method has no
// order for, and a column of a type it has no default operator class
// for (methodHasClass) unless the element names one (accepted and not
// kept, as a btree's).
func methodElem(method string, el *pg.IndexElem, t *catalog.Table) error {
	switch {
	case method == "":
		return nil
	case el.Ordering != pg.SortByDir_SORTBY_DEFAULT:
		return errs.New(errs.FeatureNotSupported, "access method %q does not support ASC/DESC options", method)
	case el.NullsOrdering != pg.SortByNulls_SORTBY_NULLS_DEFAULT:
		return errs.New(errs.FeatureNotSupported, "access method %q does not support NULLS FIRST/LAST options", method)
	}
	f, _, ok := t.FieldByName(el.Name)
	if el.Name == "" || !ok || !t.Schemafull {
		return nil
	}
	if len(el.Opclass) == 0 && !methodHasClass(method, f.Type) {
		return errs.New(errs.UndefinedObject, "data type %s has no default operator class for access method %q", f.Type.SQLName(), method).
			WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
	}
	if categoryOf(f.Type) == catGeo {
		// zerodb keeps no order of the geometric types to lay such an
		// index out by.
		return errs.New(errs.FeatureNotSupported, "feature not supported: a %s index of type %s", method, f.Type.SQLName())
	}
	return nil
}

// methodHasClass reports whether PostgreSQL 15 has a default operator
// class of access method method for type t (gist's scalar ones are
// btree_gist's, spgist's of text and inet its own).
func methodHasClass(method string, t value.Type) bool {
	c := categoryOf(t)
	switch c {
	case catJSONText, catXML, catTSQuery, catJSONPath:
		return false
	case catGeo:
		switch g := t.Geo; method {
		case catalog.MethodBRIN:
			return g == value.GeoBox
		case catalog.MethodGiST:
			return g == value.GeoBox || g == value.GeoPoint || g == value.GeoCircle || g == value.GeoPolygon
		case catalog.MethodSPGiST:
			return g == value.GeoBox || g == value.GeoPoint || g == value.GeoPolygon
		}
		return false
	}
	switch method {
	case catalog.MethodHash:
		return c != catTSVector
	case catalog.MethodBRIN:
		return c != catTSVector && c != catArray && c != catJSON && c != catBool && c != catMultirange
	case catalog.MethodGiST:
		return c != catArray && c != catJSON
	case catalog.MethodSPGiST:
		return c == catRange || c == catString || c == catInet
	}
	return true
}

// indexColumnNames are an index's column names as its default name
// joins them: PostgreSQL's ChooseIndexColumnNames names the included
// columns too, and numbers repeated names (t_expr_expr1_idx).
func indexColumnNames(names []string) []string {
	for i := range names {
		base := names[i]
		for n := 1; slices.Contains(names[:i], names[i]); n++ {
			names[i] = base + strconv.Itoa(n)
		}
	}
	return names
}

// defaultIndexName is PostgreSQL's default name of an index: the table,
// the key columns ("expr" for an expression) and a suffix, cut to 63
// bytes.
func defaultIndexName(table string, cols []string, suffix string) string {
	name := table + "_" + strings.Join(cols, "_") + "_" + suffix
	if len(name) > 63 {
		name = name[:63]
	}
	return name
}

// indexPart translates one index element into a key part and the name
// PostgreSQL's default index name uses for it.
func (tr *translator) indexPart(t *catalog.Table, el *pg.IndexElem) (catalog.IndexPart, string, error) {
	var part catalog.IndexPart
	name := "expr"
	isJSON := func(col string) bool {
		f, _, found := t.FieldByName(col)
		return found && t.Schemafull && (f.Type.IsJSONText() || f.Type.XML && !f.Type.Array)
	}
	isTimestamptz := func(col string) bool {
		f, _, found := t.FieldByName(col)
		return found && t.Schemafull && f.Type.Kind == value.KindDatetime && f.Type.WithTZ
	}
	switch {
	case el.Name != "":
		if f, _, found := t.FieldByName(el.Name); found && t.Schemafull && (isJSON(el.Name) || f.Type.Kind == value.KindGeo || categoryOf(f.Type) == catXML) {
			return part, "", noBtreeClass(f.Type, tr.stmt.stmtPos())
		}
		part.Path = []string{el.Name}
		name = el.Name
	case el.Expr != nil:
		path, asText, ok := jsonPath(el.Expr)
		if !ok || isJSON(path[0]) || asText && len(path) == 1 && isTimestamptz(path[0]) {
			// A json column is text: ->> of it is an expression, where
			// a path into a jsonb document is read from the record. So
			// is a timestamptz column as text, whose text depends on the
			// session time zone (refused there).
			return tr.exprPart(t, el)
		}
		part.Path, part.AsText = path, asText
		if len(path) == 1 {
			name = path[0]
		}
	default:
		return part, "", errAt(errs.SyntaxError, tr.stmt.stmtPos(), "invalid index element")
	}
	if !t.Schemafull && part.Path[0] == "doc" {
		// A schemaless table's doc column is the whole object.
		part.Path = part.Path[1:]
		if len(part.Path) == 0 {
			return part, "", unsupported(tr.stmt.stmtPos(), "an index on the whole document")
		}
		if name == "doc" {
			name = part.Path[0]
		}
	}
	if !t.Schemafull && part.Path[0] == "id" && len(part.Path) == 1 {
		return part, "", errAt(errs.InvalidParameterValue, tr.stmt.stmtPos(), "the id of a record is its key; it needs no index")
	}
	if t.Schemafull {
		if _, _, ok := t.FieldByName(part.Path[0]); !ok {
			return part, "", errAt(errs.UndefinedColumn, tr.stmt.stmtPos(), "column %q does not exist", part.Path[0])
		}
	}
	if el.Ordering == pg.SortByDir_SORTBY_DESC {
		part.Desc = true
	}
	if el.NullsOrdering != pg.SortByNulls_SORTBY_NULLS_DEFAULT {
		return part, "", unsupported(tr.stmt.stmtPos(), "NULLS FIRST/LAST in an index")
	}
	return part, name, nil
}

// exprPart is indexPart for an expression other than a column or a
// jsonb path.
func (tr *translator) exprPart(t *catalog.Table, el *pg.IndexElem) (catalog.IndexPart, string, error) {
	part, name, err := tr.exprIndexPart(t, el)
	if err != nil {
		return part, "", err
	}
	if el.Ordering == pg.SortByDir_SORTBY_DESC {
		part.Desc = true
	}
	if el.NullsOrdering != pg.SortByNulls_SORTBY_NULLS_DEFAULT {
		return part, "", unsupported(tr.stmt.stmtPos(), "NULLS FIRST/LAST in an index")
	}
	return part, name, nil
}

// jsonPath recognizes col, col->'a'->>'b' and (expr)::text.
func jsonPath(n *pg.Node) (path []string, asText, ok bool) {
	switch x := n.Node.(type) {
	case *pg.Node_ColumnRef:
		fs := x.ColumnRef.Fields
		if len(fs) != 1 || fs[0].GetString_() == nil {
			return nil, false, false
		}
		return []string{fs[0].GetString_().GetSval()}, false, true
	case *pg.Node_TypeCast:
		tn := x.TypeCast.TypeName
		if tn == nil || len(tn.Names) == 0 {
			return nil, false, false
		}
		if ty := tn.Names[len(tn.Names)-1].GetString_().GetSval(); ty != "text" || len(tn.Typmods) > 0 {
			return nil, false, false
		}
		p, t, ok := jsonPath(x.TypeCast.Arg)
		if !ok || t {
			return nil, false, false
		}
		return p, true, true
	case *pg.Node_AExpr:
		a := x.AExpr
		if a.Kind != pg.A_Expr_Kind_AEXPR_OP || len(a.Name) != 1 || a.Lexpr == nil || a.Rexpr == nil {
			return nil, false, false
		}
		op := a.Name[0].GetString_().GetSval()
		if op != "->" && op != "->>" {
			return nil, false, false
		}
		k := a.Rexpr.GetAConst()
		if k == nil || k.GetSval() == nil {
			return nil, false, false
		}
		p, t, ok := jsonPath(a.Lexpr)
		if !ok || t {
			return nil, false, false
		}
		return append(p, k.GetSval().Sval), op == "->>", true
	}
	return nil, false, false
}

// hnswOptions reads the operator class of a vector index column
// (vector_l2_ops, vector_cosine_ops, vector_ip_ops) into the metric.
func hnswOptions(ix *catalog.Index, el *pg.IndexElem) error {
	if len(el.Opclass) == 0 {
		return nil
	}
	op := el.Opclass[len(el.Opclass)-1].GetString_().GetSval()
	metric := map[string]string{"vector_l2_ops": "l2", "vector_cosine_ops": "cosine", "vector_ip_ops": "ip"}[op]
	if metric == "" {
		return errs.New(errs.UndefinedObject, "operator class %q does not exist for access method \"hnsw\"", op)
	}
	if ix.Options == nil {
		ix.Options = map[string]string{}
	}
	ix.Options["metric"] = metric
	return nil
}

func defElemText(d *pg.DefElem) string {
	if d.Arg == nil {
		return "true"
	}
	if c := d.Arg.GetAConst(); c != nil {
		switch {
		case c.GetIval() != nil:
			return value.Int(int64(c.GetIval().Ival)).String()
		case c.GetSval() != nil:
			return c.GetSval().Sval
		case c.GetFval() != nil:
			return c.GetFval().Fval
		}
	}
	if s := d.Arg.GetString_(); s != nil {
		return s.Sval
	}
	if i := d.Arg.GetInteger(); i != nil {
		return value.Int(int64(i.Ival)).String()
	}
	if f := d.Arg.GetFloat(); f != nil {
		return f.Fval
	}
	if tn := d.Arg.GetTypeName(); tn != nil && len(tn.Names) > 0 {
		// A bare word (WITH (opt = word)) parses as a type name.
		return tn.Names[len(tn.Names)-1].GetString_().GetSval()
	}
	return ""
}

// dropIndex translates DROP INDEX [IF EXISTS] name [, ...]: all or
// none, each index in its own schema when they are of several.
func (tr *translator) dropIndex(ds *pg.DropStmt) (*plan.Statement, error) {
	if ds.Concurrent {
		return nil, unsupported(tr.stmt.stmtPos(), "DROP INDEX CONCURRENTLY")
	}
	var drops []plan.Node
	var names []string
	for i, o := range ds.Objects {
		items := o.GetList().GetItems()
		var name string
		switch len(items) {
		case 1:
			name = items[0].GetString_().GetSval()
		case 2:
			if tr.nameSchemas == nil {
				if err := tr.inStatementSchema(items[0].GetString_().GetSval(), tr.stmt.stmtPos()); err != nil {
					return nil, err
				}
			}
			name = items[1].GetString_().GetSval()
		default:
			return nil, unsupported(tr.stmt.stmtPos(), "cross-database references")
		}
		drops = append(drops, &plan.DropObject{Kind: "index", Name: name, IfExists: ds.MissingOk, Schema: tr.nameSchema(i), Named: tr.nameSchemas != nil})
		names = append(names, name)
	}
	return allOf(TagDropIndex, drops, names), nil
}

// nameSchema is the plan's Schema of the i-th object a statement on
// objects of several schemas names (ddlTarget's nameSchemas; "public"
// for the database's), "" in any other statement: the statement's.
func (tr *translator) nameSchema(i int) string {
	switch {
	case tr.nameSchemas == nil:
		return ""
	case tr.nameSchemas[i] == "":
		return "public"
	}
	return tr.nameSchemas[i]
}

// uniqueConstraint turns a UNIQUE constraint of CREATE TABLE (a column's
// or the table's) into a unique index of the new table, named as
// PostgreSQL names it (table_col_key) unless the constraint is named.
func (tr *translator) uniqueConstraint(t *catalog.Table, c *pg.Constraint, column string) error {
	cols := []string{column}
	if column == "" {
		cols = cols[:0]
		for _, k := range c.Keys {
			cols = append(cols, k.GetString_().GetSval())
		}
	}
	if c.Indexname != "" {
		return unsupported(tr.pos(c.Location), "ADD CONSTRAINT ... UNIQUE USING INDEX")
	}
	ix := catalog.Index{Name: c.Conname, Kind: catalog.IndexBTree, Unique: true, Constraint: true,
		Deferrable: c.Deferrable, InitiallyDeferred: c.Initdeferred, NullsNotDistinct: c.NullsNotDistinct}
	if err := indexRelOptions(&ix, c.Options); err != nil {
		return err
	}
	for _, col := range cols {
		if f, _, ok := t.FieldByName(col); ok && f.Type.Kind == value.KindGeo {
			return noBtreeClass(f.Type, tr.pos(c.Location))
		}
		ix.Parts = append(ix.Parts, catalog.IndexPart{Path: []string{col}})
	}
	ix.Include = constraintInclude(c)
	if ix.Name == "" {
		ix.Name = defaultIndexName(t.Name, indexColumnNames(append(slices.Clone(cols), ix.Include...)), "key")
	}
	t.Indexes = append(t.Indexes, ix)
	return nil
}

// checkIndexColumns verifies that the columns of CREATE TABLE's unique
// and primary key constraints exist, INCLUDE's too (42703, as
// PostgreSQL says it).
func (tr *translator) checkIndexColumns(t *catalog.Table, p int) error {
	check := func(cols []string) error {
		for _, c := range cols {
			if _, _, ok := t.FieldByName(c); !ok {
				return errAt(errs.UndefinedColumn, p, "column %q named in key does not exist", c)
			}
		}
		return nil
	}
	for _, ix := range t.Indexes {
		for _, part := range ix.Parts {
			if err := check(part.Path[:1]); err != nil {
				return err
			}
			if f, _, _ := t.FieldByName(part.Path[0]); len(part.Path) == 1 && f.Type.Kind == value.KindGeo && ix.Kind == catalog.IndexBTree {
				return noBtreeClass(f.Type, p)
			}
		}
		if err := check(ix.Include); err != nil {
			return err
		}
	}
	return check(t.PKeyInclude)
}

// constraintInclude is the INCLUDE (cols) of a UNIQUE or PRIMARY KEY
// constraint.
func constraintInclude(c *pg.Constraint) []string {
	var cols []string
	for _, n := range c.Including {
		cols = append(cols, n.GetString_().GetSval())
	}
	return cols
}

// includeColumns reads CREATE INDEX's INCLUDE (cols): columns of t
// alone, as PostgreSQL takes them there (no expression, order,
// collation or operator class).
func (tr *translator) includeColumns(t *catalog.Table, params []*pg.Node, p int) ([]string, error) {
	if !t.Schemafull {
		return nil, unsupported(p, "INCLUDE on a schemaless table")
	}
	var cols []string
	for _, n := range params {
		el := n.GetIndexElem()
		switch {
		// PostgreSQL's errors here have no position.
		case el == nil:
			return nil, errs.New(errs.SyntaxError, "invalid index element")
		case el.Name == "":
			return nil, errs.New(errs.FeatureNotSupported, "expressions are not supported in included columns")
		case len(el.Collation) > 0:
			return nil, errs.New(errs.InvalidObjectDefinition, "including column does not support a collation")
		case len(el.Opclass) > 0:
			return nil, errs.New(errs.InvalidObjectDefinition, "including column does not support an operator class")
		case el.Ordering != pg.SortByDir_SORTBY_DEFAULT:
			return nil, errs.New(errs.InvalidObjectDefinition, "including column does not support ASC/DESC options")
		case el.NullsOrdering != pg.SortByNulls_SORTBY_NULLS_DEFAULT:
			return nil, errs.New(errs.InvalidObjectDefinition, "including column does not support NULLS FIRST/LAST options")
		}
		if _, _, ok := t.FieldByName(el.Name); !ok {
			return nil, errs.New(errs.UndefinedColumn, "column %q does not exist", el.Name)
		}
		cols = append(cols, el.Name)
	}
	return cols, nil
}

// analyze translates ANALYZE [VERBOSE] [table [(cols)], ...]: it
// refreshes the statistics of the tables and their indexes, each in its
// own schema (one plan.Analyze per schema), or of every table of the
// database and its schemas (VACUUM is vacuum's). The system catalogs'
// relations have nothing to refresh.
func (tr *translator) analyze(s *pg.VacuumStmt) (*plan.Statement, error) {
	var nodes []plan.Node
	var names []string
	for _, r := range s.Rels {
		rv := r.GetVacuumRelation().GetRelation()
		if rv == nil {
			continue
		}
		t, err := tr.utilityTable(rv)
		if err != nil {
			return nil, err
		}
		schema := "public"
		if sr, ok := tr.r.(translate.SchemaResolver); ok {
			if systemSchema(rv.Schemaname) {
				continue
			}
			if schema, err = sr.TableSchema(tr.ctx, t); err != nil {
				return nil, err
			}
			switch schema {
			case "":
				schema = "public"
			case tempSchema:
				// The session's own: the statement runs in public, its
				// temporary tables are found by their bare names.
				schema = ""
			}
		}
		i := slices.IndexFunc(nodes, func(n plan.Node) bool { return n.(*plan.Analyze).Schema == schema })
		if i < 0 {
			i = len(nodes)
			nodes, names = append(nodes, &plan.Analyze{Schema: schema}), append(names, schema)
		}
		if a := nodes[i].(*plan.Analyze); !slices.Contains(a.Tables, t.Name) {
			a.Tables = append(a.Tables, t.Name)
		}
	}
	if len(nodes) == 0 {
		if len(s.Rels) > 0 {
			return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAnalyze, Root: &plan.Values{}}, nil
		}
		nodes, names = []plan.Node{&plan.Analyze{}}, []string{"analyze"}
	}
	return allOf(TagAnalyze, nodes, names), nil
}

// ginOpclasses are PostgreSQL's gin operator classes (pg_trgm's aside:
// trgmOpclasses), each with the column types it accepts.
var ginOpclasses = map[string]func(value.Type) bool{
	"array_ops":      func(t value.Type) bool { return t.Array },
	"jsonb_ops":      value.Type.IsJSONB,
	"jsonb_path_ops": value.Type.IsJSONB,
	"tsvector_ops":   func(t value.Type) bool { return t.Search == value.TSVector && !t.Array },
	"gin_hstore_ops": func(t value.Type) bool { return t.Hstore && !t.Array },
}

// ginOpclass checks the operator class of a gin index's column of type
// ct, if it names one, as PostgreSQL does.
func ginOpclass(el *pg.IndexElem, ct value.Type, p int) error {
	if el == nil || len(el.Opclass) == 0 {
		return nil
	}
	name := el.Opclass[len(el.Opclass)-1].GetString_().GetSval()
	accepts, ok := ginOpclasses[name]
	if !ok {
		return errAt(errs.UndefinedObject, p, "operator class %q does not exist for access method \"gin\"", name)
	}
	if !accepts(ct) {
		return errAt(errs.DatatypeMismatch, p, "operator class %q does not accept data type %s", name, sqlTypeName(ct))
	}
	return nil
}

// hstoreGist reports CREATE INDEX ... USING gist on one hstore column,
// of the default operator class or gist_hstore_ops (its siglen taken
// and ignored).
func hstoreGist(s *pg.IndexStmt, t *catalog.Table) bool {
	if strings.ToLower(s.AccessMethod) != "gist" || len(s.IndexParams) != 1 || s.Unique {
		return false
	}
	el := s.IndexParams[0].GetIndexElem()
	if el == nil || el.Name == "" {
		return false
	}
	if len(el.Opclass) > 0 && el.Opclass[len(el.Opclass)-1].GetString_().GetSval() != "gist_hstore_ops" {
		return false
	}
	f, _, ok := t.FieldByName(el.Name)
	return ok && f.Type.Hstore && !f.Type.Array
}

// trgmOpclasses are pg_trgm's operator classes by access method.
var trgmOpclasses = map[string]string{"gin_trgm_ops": "gin", "gist_trgm_ops": "gist"}

// trgmIndex makes ix the catalog entry of an index of pg_trgm's
// operator classes (catalog.IndexTrgm) when s's elements have them:
// each the same class, of s's access method, on a string column or an
// expression. ok=false: s is no such index.
func trgmIndex(ix *catalog.Index, s *pg.IndexStmt, t *catalog.Table, p int) (bool, error) {
	am := strings.ToLower(s.AccessMethod)
	if am == "" {
		am = "btree"
	}
	opclass := ""
	for _, n := range s.IndexParams {
		el := n.GetIndexElem()
		if el == nil || len(el.Opclass) == 0 {
			continue
		}
		name := el.Opclass[len(el.Opclass)-1].GetString_().GetSval()
		method, ok := trgmOpclasses[name]
		switch {
		case !ok:
			continue
		case method != am:
			return true, errs.New(errs.UndefinedObject, "operator class %q does not exist for access method %q", name, am)
		case el.Name != "" && t.Schemafull:
			if f, _, found := t.FieldByName(el.Name); found && (categoryOf(f.Type) != catString || f.Type.Array) {
				return true, errs.New(errs.DatatypeMismatch, "operator class %q does not accept data type %s", name, f.Type.SQLName())
			}
		}
		for _, o := range el.Opclassopts {
			d := o.GetDefElem()
			if d == nil || d.Defname != "siglen" || am != "gist" {
				return true, errs.New(errs.InvalidParameterValue, "unrecognized parameter %q", d.GetDefname())
			}
			siglen := defElemText(d)
			if i := d.GetArg().GetInteger(); i != nil {
				siglen = strconv.Itoa(int(i.Ival))
			}
			name += fmt.Sprintf(" (siglen='%s')", siglen)
		}
		if opclass != "" && opclass != name {
			return true, unsupported(p, "an index of several operator classes")
		}
		opclass = name
	}
	if opclass == "" {
		return false, nil
	}
	if s.Unique {
		return true, errs.New(errs.FeatureNotSupported, "access method %q does not support unique indexes", am)
	}
	ix.Kind = catalog.IndexTrgm
	ix.Method = "" // the kind's Options say gist
	ix.Options = map[string]string{catalog.IndexTrgmMethod: am, catalog.IndexTrgmOpclass: opclass}
	return true, nil
}
