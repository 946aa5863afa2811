package sqlfe

import (
	"cmp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Types, enums and domains in schemas other than public. A schema's
// type is stored in the schema under its own name, and named
// "schema.name" wherever a copy of it goes — a column's enum or
// composite type (value.Type.Name), a domain column's Field.Domain, a
// cast's domain check, a function's parameter — so that types of one
// name in two schemas are two types with two OIDs
// (catalog.QualifiedType); public's keep their bare names, as before
// schemas. A type name in a column or cast is looked up as PostgreSQL
// does: "schema.name" in that schema, a bare name along search_path
// (the session's resolver). DDL on a schema's type runs with the schema
// as the statement's database (plan.Statement.Schema), as a schema's
// function's does.

// typeTarget is schemaTarget of the type or domain a CREATE (creates),
// ALTER or DROP names.
func (tr *translator) typeTarget(names []*pg.Node, creates bool) (schema, name string, err error) {
	return tr.schemaTarget(names, creates, tr.foundTypeSchema)
}

// foundTypeSchema is the schema of the enum or named type a bare name
// finds along search_path ("" for public, and when it finds none: the
// executor reports it missing).
func (tr *translator) foundTypeSchema(sr translate.SchemaResolver, name string) (string, error) {
	cr, ok := tr.r.(translate.CatalogResolver)
	if !ok {
		return "", nil
	}
	if e, ok, err := cr.Enum(tr.ctx, name); err != nil || ok {
		if err != nil {
			return "", err
		}
		return sr.ObjectSchema(tr.ctx, e.Database)
	}
	t, ok, err := cr.TypeDef(tr.ctx, name)
	if err != nil || !ok {
		return "", err
	}
	return sr.ObjectSchema(tr.ctx, t.Database)
}

// typeRef is the name columns and casts give the type name of database
// or schema databaseID (catalog.QualifiedType): "schema.name" outside
// public.
func (tr *translator) typeRef(databaseID uint64, name string) (string, error) {
	sr, ok := tr.r.(translate.SchemaResolver)
	if !ok {
		return name, nil
	}
	schema, err := sr.ObjectSchema(tr.ctx, databaseID)
	return qualified(schema, name), err
}

// enumOf is e's type as a column or cast holds it: named by typeRef.
func (tr *translator) enumOf(e *catalog.Enum) (catalog.Enum, error) {
	en := *e
	var err error
	en.Name, err = tr.typeRef(e.Database, e.Name)
	return en, err
}

// typeSchemaExists checks the schema of a qualified type name: 3F000
// when the database has no such schema, as PostgreSQL's lookup says.
func (tr *translator) typeSchemaExists(schema string, p int) error {
	if systemSchema(schema) || tr.r == nil {
		return nil // no user types there: the type is missing
	}
	if sr, ok := tr.r.(translate.SchemaResolver); ok && sr.SchemaExists(tr.ctx, schema) {
		return nil
	}
	return errAt(errs.InvalidSchemaName, p, "schema %q does not exist", schema)
}

// bindType writes into a bare type name of the query CREATE VIEW stores
// the schema other than public it found the type in (ref, the type's
// catalog.QualifiedType name), as bindName does for relations: the view
// keeps its types whatever the reader's search_path.
func (tr *translator) bindType(tn *pg.TypeName, ref string) {
	if !tr.binding || tr.stored > 0 || len(tn.Names) != 1 {
		return
	}
	if schema, _, ok := strings.Cut(ref, "."); ok {
		tn.Names = []*pg.Node{pg.MakeStrNode(schema), tn.Names[0]}
	}
}

// setSchema translates ALTER ... SET SCHEMA: of a type or a domain, which
// moves with every column, type and function naming it (the executor)
// and the views whose stored queries name it (moveTypeIn); of relations
// and functions moveObject's; of other objects 0A000.
func (tr *translator) setSchema(s *pg.AlterObjectSchemaStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	tag := "ALTER TYPE"
	switch s.ObjectType {
	case pg.ObjectType_OBJECT_TYPE:
	case pg.ObjectType_OBJECT_DOMAIN:
		tag = "ALTER DOMAIN"
	default:
		if _, ok := moveKinds[s.ObjectType]; !ok {
			return nil, unsupported(p, "ALTER ... SET SCHEMA of "+strings.ToLower(strings.TrimPrefix(s.ObjectType.String(), "OBJECT_"))+"s (tables, views, materialized views, sequences, functions, types and domains move)")
		}
	}
	to := s.Newschema
	switch {
	case to == "public":
	case to == tempSchema:
		return nil, errAt(errs.FeatureNotSupported, p, "cannot move objects into or out of temporary schemas")
	case systemSchema(to):
		return nil, errAt(errs.FeatureNotSupported, p, "cannot move objects into or out of system schemas")
	default:
		if sr, ok := tr.r.(translate.SchemaResolver); !ok || !sr.SchemaExists(tr.ctx, to) {
			return nil, errAt(errs.InvalidSchemaName, p, "schema %q does not exist", to)
		}
	}
	if tag == "ALTER TYPE" && s.ObjectType != pg.ObjectType_OBJECT_TYPE {
		return tr.moveObject(s, to)
	}
	from, name, err := tr.typeTarget(s.Object.GetList().GetItems(), false)
	if err != nil {
		return nil, err
	}
	nodes := []plan.Node{&plan.MoveType{Name: name, Schema: to, Domain: tag == "ALTER DOMAIN"}}
	names := []string{name}
	if vr, ok := tr.r.(translate.ViewResolver); ok && cmp.Or(from, "public") != to {
		var err error
		nodes, names, err = tr.rewrittenViews(vr, nodes, names, func(query string) (string, bool, error) {
			return moveTypeIn(query, from, name, to)
		})
		if err != nil {
			return nil, err
		}
	}
	st := allOf(tag, nodes, names)
	st.Schema = from
	return st, nil
}

// moveTypeIn rewrites a stored query's names of type name of schema
// from ("" for public, which a bare name in a view names) as names of
// schema to ("public" for the database's).
func moveTypeIn(query, from, name, to string) (string, bool, error) {
	return rewriteQuery(query, func(m protoreflect.Message) bool {
		tn, ok := m.Interface().(*pg.TypeName)
		if !ok {
			return false
		}
		switch names := tn.Names; {
		case len(names) == 1 && from == "" && names[0].GetString_().GetSval() == name,
			len(names) == 2 && names[0].GetString_().GetSval() == cmp.Or(from, "public") && names[1].GetString_().GetSval() == name:
			tn.Names = []*pg.Node{pg.MakeStrNode(name)}
			if to != "public" {
				tn.Names = []*pg.Node{pg.MakeStrNode(to), pg.MakeStrNode(name)}
			}
			return true
		}
		return false
	})
}
