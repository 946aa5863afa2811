package sqlfe

import (
	"cmp"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// ALTER TABLE | VIEW | MATERIALIZED VIEW | SEQUENCE | FUNCTION ... SET
// SCHEMA. The executor moves the object (plan.MoveObject); what names
// it in stored query text — views, whose names CREATE VIEW bound into
// their text — is rewritten here to name it where it went, as
// PostgreSQL's views, bound by oid, follow it. The statement runs in the
// object's schema (ddlTarget's, withTarget), as other DDL on it does.

// moveKinds are the statements moveObject translates: their command
// tag and the kind plan.MoveObject names.
var moveKinds = map[pg.ObjectType][2]string{
	pg.ObjectType_OBJECT_TABLE:     {"ALTER TABLE", "table"},
	pg.ObjectType_OBJECT_VIEW:      {"ALTER VIEW", "view"},
	pg.ObjectType_OBJECT_MATVIEW:   {"ALTER MATERIALIZED VIEW", "materialized view"},
	pg.ObjectType_OBJECT_SEQUENCE:  {"ALTER SEQUENCE", "sequence"},
	pg.ObjectType_OBJECT_FUNCTION:  {"ALTER FUNCTION", "function"},
	pg.ObjectType_OBJECT_PROCEDURE: {"ALTER PROCEDURE", "function"},
	pg.ObjectType_OBJECT_ROUTINE:   {"ALTER ROUTINE", "function"},
	// An aggregate is a function of the catalog's.
	pg.ObjectType_OBJECT_AGGREGATE: {"ALTER AGGREGATE", "function"},
}

// moveObject translates ALTER ... SET SCHEMA of a relation or a
// function.
func (tr *translator) moveObject(s *pg.AlterObjectSchemaStmt, to string) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	k := moveKinds[s.ObjectType]
	var from, name string
	var err error
	if k[1] == "function" {
		if from, name, err = tr.functionTarget(s.Object.GetObjectWithArgs().GetObjname(), false); err != nil {
			return nil, err
		}
	} else {
		rv := s.Relation
		if name, err = tr.alterName(rv); err != nil {
			return nil, err
		}
		if rv.Schemaname == tempSchema || rv.Schemaname == "" && tr.isTemp(name) {
			return nil, errAt(errs.FeatureNotSupported, p, "cannot move objects into or out of temporary schemas")
		}
		from = tr.stmtSchema
	}
	nodes := []plan.Node{&plan.MoveObject{Kind: k[1], Name: name, Schema: to, IfExists: s.MissingOk}}
	names := []string{name}
	if vr, ok := tr.r.(translate.ViewResolver); ok && cmp.Or(from, "public") != to {
		rewrite := func(query string) (string, bool, error) {
			if k[1] == "function" {
				return moveFunctionIn(query, from, name, to, tr.isBuiltin(name))
			}
			return moveRelationIn(query, from, name, to)
		}
		if nodes, names, err = tr.rewrittenViews(vr, nodes, names, rewrite); err != nil {
			return nil, withPos(err, p)
		}
		mats, err := vr.MatViews(tr.ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range mats {
			if _, changed, err := rewrite(m.Table.MatView.Query); err != nil || changed {
				return nil, unsupported(p, "moving an object a materialized view's query names (materialized view "+qualified(m.Schema, m.Table.Name)+")")
			}
		}
	}
	st := allOf(k[0], nodes, names)
	st.Schema = from
	return st, nil
}

// rewrittenViews appends to nodes (and their result names to names)
// the CREATE OR REPLACE VIEW of every view of the database whose stored
// query rewrite changes. A query that no longer parses is left as it
// is; a rewrite's 0A000 refuses the statement.
func (tr *translator) rewrittenViews(vr translate.ViewResolver, nodes []plan.Node, names []string, rewrite func(query string) (string, bool, error)) ([]plan.Node, []string, error) {
	views, err := vr.Views(tr.ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, sv := range views {
		text, changed, err := rewrite(sv.View.Query)
		if errs.Code(err) == errs.FeatureNotSupported {
			return nil, nil, err
		}
		if err != nil || !changed {
			continue
		}
		v := *sv.View
		v.Query = text
		nodes = append(nodes, &plan.CreateView{View: &v, Replace: true, Schema: cmp.Or(sv.Schema, "public")})
		names = append(names, v.Name)
	}
	return nodes, names, nil
}

// isBuiltin reports whether name is a builtin function's, which a bare
// call finds before any stored function of that name.
func (tr *translator) isBuiltin(name string) bool {
	_, ok := tr.r.Function("sql::" + name)
	return ok || isAggregate(name)
}

// moveRelationIn rewrites a stored query's names of relation name of
// schema from ("" for public, which a bare name in a view names) as
// names of schema to ("public" for the database's). A bare name that a
// WITH query of that name may be read as is 0A000: which one the text
// means is not known here.
func moveRelationIn(query, from, name, to string) (string, bool, error) {
	if !schemaNameOK(to) {
		return "", false, nil
	}
	var ctes []string
	fromName := cmp.Or(from, "public")
	text, changed, err := rewriteQuery(query, func(m protoreflect.Message) bool {
		switch n := m.Interface().(type) {
		case *pg.CommonTableExpr:
			ctes = append(ctes, n.Ctename)
		case *pg.RangeVar:
			if n.Relname != name || n.Catalogname != "" || !(n.Schemaname == fromName || from == "" && n.Schemaname == "") {
				return false
			}
			n.Schemaname = ""
			if to != "public" {
				n.Schemaname = to
			}
			return true
		case *pg.ColumnRef:
			if len(n.Fields) == 3 && n.Fields[0].GetString_().GetSval() == fromName && n.Fields[1].GetString_().GetSval() == name {
				n.Fields[0] = pg.MakeStrNode(to)
				return true
			}
		}
		return false
	})
	if changed && from == "" && slices.Contains(ctes, name) {
		return "", false, errs.New(errs.FeatureNotSupported, "feature not supported: moving relation %q that a view names beside a WITH query of that name", name)
	}
	return text, changed, err
}

// moveFunctionIn rewrites a stored query's calls of function name of
// schema from as calls of it in schema to (a bare call is public's,
// unless builtin: a builtin of that name is what it calls).
func moveFunctionIn(query, from, name, to string, builtin bool) (string, bool, error) {
	if !schemaNameOK(to) {
		return "", false, nil
	}
	fromName := cmp.Or(from, "public")
	return rewriteQuery(query, func(m protoreflect.Message) bool {
		fc, ok := m.Interface().(*pg.FuncCall)
		if !ok {
			return false
		}
		switch names := fc.Funcname; {
		case len(names) == 1 && from == "" && !builtin && names[0].GetString_().GetSval() == name,
			len(names) == 2 && names[0].GetString_().GetSval() == fromName && names[1].GetString_().GetSval() == name:
			fc.Funcname = []*pg.Node{pg.MakeStrNode(name)}
			if to != "public" || builtin {
				fc.Funcname = []*pg.Node{pg.MakeStrNode(to), pg.MakeStrNode(name)}
			}
			return true
		}
		return false
	})
}

// schemaNameOK reports whether a rewrite may write schema name to into
// a query: no schema has an empty name or one holding a NUL.
func schemaNameOK(to string) bool {
	return to != "" && !strings.ContainsRune(to, 0)
}
