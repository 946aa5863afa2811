package sqlfe

import (
	"cmp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Command tags of CREATE TABLE AS and materialized views. CREATE TABLE
// AS, SELECT INTO and CREATE MATERIALIZED VIEW that write rows report
// "SELECT n", as PostgreSQL does; these are the tags of those that write
// none (WITH NO DATA, IF NOT EXISTS of a taken name).
const (
	TagCreateTableAs     = "CREATE TABLE AS"
	TagCreateMatView     = "CREATE MATERIALIZED VIEW"
	TagRefreshMatView    = "REFRESH MATERIALIZED VIEW"
	TagDropMatView       = "DROP MATERIALIZED VIEW"
	codeObjectNotInState = "55000"
)

// createTableAs translates CREATE TABLE AS and CREATE MATERIALIZED VIEW.
func (tr *translator) createTableAs(cs *pg.CreateTableAsStmt) (*plan.Statement, error) {
	sel := cs.Query.GetSelectStmt()
	if sel == nil {
		return nil, unsupported(tr.stmt.stmtPos(), "CREATE TABLE AS of a statement other than SELECT")
	}
	switch cs.Objtype {
	case pg.ObjectType_OBJECT_TABLE:
		// The query's data-modifying WITH queries run first, as those
		// of a SELECT INTO (withWrites); WITH NO DATA runs none.
		tr.topWith, tr.writes = sel.WithClause, nil
		st, err := tr.intoTable(cs.Into, sel, cs.IfNotExists, false)
		if err != nil || len(tr.writes) == 0 || st.Kind != plan.StmtWrite {
			return st, err
		}
		st.Root = &plan.WithWrites{Writes: tr.writes, Input: st.Root}
		return st, nil
	case pg.ObjectType_OBJECT_MATVIEW:
		for _, c := range sel.GetWithClause().GetCtes() {
			if c.GetCommonTableExpr().GetCtequery().GetSelectStmt() == nil {
				return nil, errAt(errs.FeatureNotSupported, tr.stmt.stmtPos(), "materialized views must not use data-modifying statements in WITH")
			}
		}
		// Made in its schema, its query bound as a view's (createView):
		// in a copy, as parse trees are shared.
		schema, err := tr.creationSchemaOf(cs.Into.GetRel())
		if err != nil {
			return nil, err
		}
		tr.binding = true
		st, err := tr.intoTable(cs.Into, proto.Clone(sel).(*pg.SelectStmt), cs.IfNotExists, true)
		tr.binding = false
		if err == nil && schema != "" {
			st.Schema = schema
		}
		return st, err
	}
	return nil, unsupported(tr.stmt.stmtPos(), stmtKindName(&pg.Node{Node: &pg.Node_CreateTableAsStmt{CreateTableAsStmt: cs}}))
}

// selectInto finds the INTO clause of a top-level SELECT: its own, or
// that of the leftmost query of a set operation (PostgreSQL's place for
// it); nil when there is none.
func selectInto(s *pg.SelectStmt) *pg.IntoClause {
	for s.Op != pg.SetOperation_SETOP_NONE && s.Larg != nil {
		s = s.Larg
	}
	return s.IntoClause
}

// intoTable translates a query whose rows make a new table (CREATE TABLE
// AS, SELECT INTO) or materialized view: the table's columns are the
// query's, named by the INTO clause's column list where it has one, of
// the query's types (untyped literals are text), without constraints.
// The statement creates the table and inserts the rows (plan.Insert's
// Prepare), reporting "SELECT n".
func (tr *translator) intoTable(into *pg.IntoClause, sel *pg.SelectStmt, ifNotExists, matview bool) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	if tr.lits > 0 {
		// DDL gains nothing from the plan cache.
		return nil, tr.uncacheable()
	}
	if into == nil || into.Rel == nil {
		return nil, errAt(errs.SyntaxError, p, "missing table name")
	}
	rv := into.Rel
	rp := tr.pos(rv.Location)
	if !matview {
		// A materialized view's schema is createTableAs's.
		if err := tr.checkRelationSchema(rv); err != nil {
			return nil, err
		}
	}
	temp, onCommit, err := tr.createPersistence(rv, into.OnCommit)
	if err != nil {
		return nil, err
	}
	switch {
	case temp && matview:
		return nil, errAt(errs.FeatureNotSupported, rp, "materialized views must not use temporary tables or views")
	case into.AccessMethod != "":
		return nil, unsupported(p, "USING "+into.AccessMethod)
	}
	if err := checkTablespace(into.TableSpaceName); err != nil {
		return nil, err
	}
	tag := TagCreateTableAs
	if matview {
		tag = TagCreateMatView
	}
	if ifNotExists {
		name := rv.Relname
		switch {
		case temp:
			name = qualified(tempSchema, name) // a permanent table of the name does not count
		case matview && rv.Schemaname != "":
			name = qualified(rv.Schemaname, name)
		case matview:
			// Where it would be made: the first schema of the path.
			if sr, ok := tr.r.(translate.SchemaResolver); ok {
				schema, err := sr.CreationSchema(tr.ctx)
				if err != nil {
					return nil, err
				}
				name = qualified(cmp.Or(schema, "public"), name)
			}
		}
		taken, err := tr.relationExists(name)
		if err != nil {
			return nil, err
		}
		if taken {
			// As PostgreSQL: nothing is translated or run.
			return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.Values{}}, nil
		}
	}
	tr.into, tr.shapeOnly = into, into.SkipData
	node, cols, err := tr.selectStmt(sel)
	if err != nil {
		return nil, err
	}
	if matview && tr.readsTemp {
		return nil, errAt(errs.FeatureNotSupported, p, "materialized views must not use temporary tables or views")
	}
	if matview && len(tr.params) > 0 {
		return nil, errAt(errs.FeatureNotSupported, p, "materialized views may not be defined using bound parameters")
	}
	if len(into.ColNames) > len(cols) {
		return nil, errAt(errs.SyntaxError, p, "too many column names were specified")
	}
	t := &catalog.Table{Name: rv.Relname, Schemafull: true, CreatedBy: "sql", Fields: make([]catalog.Field, len(cols)), OnCommit: onCommit}
	for i, c := range cols {
		name := c.Name
		if i < len(into.ColNames) {
			name = into.ColNames[i].GetString_().GetSval()
		}
		if _, _, dup := t.FieldByName(name); dup {
			return nil, errAt(codeDuplicateColumn, p, "column %q specified more than once", name)
		}
		ty, err := columnTypeOf(c.Type, name, p)
		if err != nil {
			return nil, err
		}
		t.Fields[i] = catalog.Field{Name: name, Type: ty, Optional: true}
	}
	if matview {
		text, err := deparse(&pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}})
		if err != nil {
			return nil, errAt(errs.InternalError, p, "sqlfe: deparse materialized view query: %v", err)
		}
		t.MatView = &catalog.MatView{Query: text, Populated: !into.SkipData}
	}
	if t.RelOptions, err = tableRelOptions(into.Options, false, p); err != nil {
		return nil, err
	}
	create := &plan.CreateTable{Table: t, IfNotExists: ifNotExists}
	if into.SkipData {
		// WITH NO DATA: the query is only translated, for its columns.
		return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: create, Temp: temp}, nil
	}
	w, err := tr.insertRows(t, node, cols)
	if err != nil {
		return nil, err
	}
	w.Prepare = create
	return &plan.Statement{Kind: plan.StmtWrite, Tag: TagSelect, Root: w, Temp: temp}, nil
}

// insertRows is the Insert of a query's rows, column by column, into
// the fields of t.
func (tr *translator) insertRows(t *catalog.Table, node plan.Node, cols []plan.Column) (*plan.Insert, error) {
	targets := make([]target, len(t.Fields))
	vals := make([]plan.Expr, len(t.Fields))
	for i := range t.Fields {
		f := &t.Fields[i]
		ty := f.Type
		ty.Optional = false
		targets[i] = target{name: f.Name, t: ty, kind: tField, field: f, p: tr.stmt.stmtPos()}
		x := texpr{e: &plan.ColRef{Idx: i, Name: cols[i].Name}, t: cols[i].Type}
		var err error
		if vals[i], err = tr.assign(x, targets[i]); err != nil {
			return nil, err
		}
	}
	w := &plan.Insert{Table: t, Input: node, Mode: plan.InsertNew}
	w.Key, w.Obj = recordCons(targets, vals, nil)
	return w, nil
}

// columnTypeOf is the type of a column made from a query's column of
// type t: the same, with its modifiers (numeric(p,s), varchar(n)), but
// jsonb for a schemaless table's loosely typed fields. An anonymous
// record is no column type (42P16, as in PostgreSQL).
func columnTypeOf(t value.Type, name string, p int) (value.Type, error) {
	t.Optional = false
	switch {
	case t.Kind == value.KindAny:
		return value.TypeJSONB, nil
	case hasComposite(t) && t.OID() == value.OIDRecord || t.Array && t.Elem.IsComposite() && t.Elem.Name == "":
		return value.Type{}, errAt(errs.InvalidTableDefinition, p, "column %q has pseudo-type %s", name, t.SQLName())
	case t.RegOID == value.OIDChar:
		// The catalogs' "char" codes: zerodb has no such column type.
		return value.TypeText, nil
	case t.RegOID != 0:
		// regclass and its kind are computed names, not storable values.
		name := strings.TrimSuffix(strings.TrimPrefix(regOutFunc(t), "sql::"), "out")
		if name == "" {
			name = "oid alias types"
		}
		return value.Type{}, unsupported(p, "columns of type "+name)
	}
	return t, nil
}

// relationExists reports whether name is taken by a table, a view or a
// sequence of the current database (an index name is found when the
// catalog refuses it).
func (tr *translator) relationExists(name string) (bool, error) {
	_, err := tr.r.Table(tr.ctx, name)
	switch {
	case err == nil:
		return true, nil
	case errs.Code(err) != errs.UndefinedTable:
		return false, err
	}
	if vr, ok := tr.r.(translate.ViewResolver); ok {
		_, found, err := vr.View(tr.ctx, name)
		return found, err
	}
	return false, nil
}
