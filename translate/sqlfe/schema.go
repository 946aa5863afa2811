package sqlfe

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Schemas other than public (docs/sql.md, "Schemas"). A FROM item or a
// write names a table of one as "schema.table" to the Resolver, which
// also resolves bare names along search_path. DDL on a schema's tables
// — creating, altering, indexing, truncating or dropping them — runs
// with the schema as the statement's database (plan.Statement.Schema),
// as a temporary table's DDL runs in the temporary schema; ddlTarget
// finds which schema that is before the statement is translated, and
// while it is, bare names inside it (the table's own name, which much of
// the DDL translation looks up again) find that schema's tables first
// (translate.SchemaResolver.TargetSchema).

// systemSchema reports whether schema is one of the system's, which hold
// no user objects.
func systemSchema(schema string) bool {
	switch schema {
	case "pg_catalog", "information_schema", "pg_toast":
		return true
	}
	return false
}

// ddlName is a relation a DDL statement creates or changes, as written.
type ddlName struct {
	schema, name string
	temp         bool // CREATE TEMP, or a name in pg_temp
}

// ddlNames lists the relations DDL statement n creates (creates) or acts
// on; nil for statements that name none or are not handled by schema.
func ddlNames(n *pg.Node) (names []ddlName, creates bool) {
	fromRV := func(rv *pg.RangeVar) {
		if rv != nil {
			names = append(names, ddlName{schema: rv.Schemaname, name: rv.Relname, temp: rv.Relpersistence == "t" || rv.Schemaname == tempSchema})
		}
	}
	// fromList reads a name as DROP lists it: [schema,] name.
	fromList := func(items []*pg.Node) {
		switch len(items) {
		case 1:
			names = append(names, ddlName{name: items[0].GetString_().GetSval()})
		case 2:
			s := items[0].GetString_().GetSval()
			names = append(names, ddlName{schema: s, name: items[1].GetString_().GetSval(), temp: s == tempSchema})
		}
	}
	switch x := n.Node.(type) {
	case *pg.Node_CreateStmt:
		fromRV(x.CreateStmt.Relation)
		return names, true
	case *pg.Node_CreateTableAsStmt:
		if x.CreateTableAsStmt.Objtype == pg.ObjectType_OBJECT_TABLE {
			fromRV(x.CreateTableAsStmt.GetInto().GetRel())
		}
		return names, true
	case *pg.Node_SelectStmt:
		if into := x.SelectStmt.GetIntoClause(); into != nil {
			fromRV(into.GetRel())
		}
		return names, true
	case *pg.Node_CreateSeqStmt:
		fromRV(x.CreateSeqStmt.Sequence)
		return names, true
	case *pg.Node_AlterSeqStmt:
		fromRV(x.AlterSeqStmt.Sequence)
	case *pg.Node_AlterTableStmt:
		fromRV(x.AlterTableStmt.Relation)
	case *pg.Node_AlterObjectSchemaStmt:
		if x.AlterObjectSchemaStmt.ObjectType == pg.ObjectType_OBJECT_STATISTIC_EXT {
			fromList(x.AlterObjectSchemaStmt.Object.GetList().GetItems())
		} else if _, fn := alterTags[x.AlterObjectSchemaStmt.ObjectType]; !fn {
			fromRV(x.AlterObjectSchemaStmt.Relation) // nil for types and domains
		}
	case *pg.Node_IndexStmt:
		fromRV(x.IndexStmt.Relation)
	case *pg.Node_RefreshMatViewStmt:
		fromRV(x.RefreshMatViewStmt.Relation)
	case *pg.Node_CreateTrigStmt:
		fromRV(x.CreateTrigStmt.Relation)
	case *pg.Node_CreatePolicyStmt:
		fromRV(x.CreatePolicyStmt.Table)
	case *pg.Node_CreateStatsStmt:
		// A statistics object is in its table's schema.
		if rels := x.CreateStatsStmt.Relations; len(rels) == 1 {
			fromRV(rels[0].GetRangeVar())
		}
	case *pg.Node_AlterStatsStmt:
		fromList(x.AlterStatsStmt.Defnames)
	case *pg.Node_AlterOwnerStmt:
		if x.AlterOwnerStmt.ObjectType == pg.ObjectType_OBJECT_STATISTIC_EXT {
			fromList(x.AlterOwnerStmt.Object.GetList().GetItems())
		}
	case *pg.Node_CommentStmt:
		items := x.CommentStmt.Object.GetList().GetItems()
		switch x.CommentStmt.Objtype {
		case pg.ObjectType_OBJECT_STATISTIC_EXT, pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_VIEW,
			pg.ObjectType_OBJECT_MATVIEW, pg.ObjectType_OBJECT_INDEX, pg.ObjectType_OBJECT_SEQUENCE:
			fromList(items)
		case pg.ObjectType_OBJECT_COLUMN:
			// [schema.]table.column: the column's table.
			if len(items) > 1 {
				fromList(items[:len(items)-1])
			}
		}
	case *pg.Node_AlterPolicyStmt:
		fromRV(x.AlterPolicyStmt.Table)
	case *pg.Node_RenameStmt:
		switch x.RenameStmt.RenameType {
		case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_COLUMN, pg.ObjectType_OBJECT_INDEX, pg.ObjectType_OBJECT_SEQUENCE,
			pg.ObjectType_OBJECT_TRIGGER, pg.ObjectType_OBJECT_POLICY, pg.ObjectType_OBJECT_VIEW, pg.ObjectType_OBJECT_MATVIEW:
			fromRV(x.RenameStmt.Relation)
		case pg.ObjectType_OBJECT_STATISTIC_EXT:
			fromList(x.RenameStmt.Object.GetList().GetItems())
		}
	case *pg.Node_TruncateStmt:
		for _, r := range x.TruncateStmt.Relations {
			fromRV(r.GetRangeVar())
		}
	case *pg.Node_ClusterStmt:
		if x.ClusterStmt.Relation != nil {
			fromRV(x.ClusterStmt.Relation)
		}
	case *pg.Node_ReindexStmt:
		if x.ReindexStmt.Relation != nil {
			fromRV(x.ReindexStmt.Relation)
		}
	case *pg.Node_GrantStmt:
		g := x.GrantStmt
		switch {
		case g.Targtype == pg.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA && routineObject(g.Objtype):
			for _, o := range g.Objects {
				names = append(names, ddlName{schema: o.GetString_().GetSval(), name: "*"})
			}
		case g.Objtype != pg.ObjectType_OBJECT_TABLE && g.Objtype != pg.ObjectType_OBJECT_SEQUENCE:
		case g.Targtype == pg.GrantTargetType_ACL_TARGET_OBJECT:
			for _, o := range g.Objects {
				fromRV(o.GetRangeVar())
			}
		case g.Targtype == pg.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA:
			for _, o := range g.Objects {
				names = append(names, ddlName{schema: o.GetString_().GetSval(), name: "*"})
			}
		}
	case *pg.Node_DropStmt:
		switch x.DropStmt.RemoveType {
		case pg.ObjectType_OBJECT_TRIGGER, pg.ObjectType_OBJECT_POLICY:
			// [schema.]table.name: the trigger's or policy's table.
			for _, o := range x.DropStmt.Objects {
				if items := o.GetList().GetItems(); len(items) > 1 {
					fromList(items[:len(items)-1])
				}
			}
		case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_INDEX, pg.ObjectType_OBJECT_SEQUENCE, pg.ObjectType_OBJECT_VIEW,
			pg.ObjectType_OBJECT_MATVIEW, pg.ObjectType_OBJECT_STATISTIC_EXT:
			for _, o := range x.DropStmt.Objects {
				fromList(o.GetList().GetItems())
			}
		}
	}
	return names, false
}

// ddlTarget finds the schema other than public whose tables DDL
// statement n creates or changes (schema, "" for public and for
// temporary tables) and the schema its bare names should find first
// while it translates (target: schema, or "public" for a statement that
// names public's tables so). Several schemas in one statement are 0A000.
func (tr *translator) ddlTarget(n *pg.Node) (schema, target string, err error) {
	sr, ok := tr.r.(translate.SchemaResolver)
	if !ok {
		return "", "", nil
	}
	names, creates := ddlNames(n)
	first, several := true, false
	schemas := make([]string, 0, len(names)) // each name's
	for _, d := range names {
		if d.temp {
			return "", "", nil // markTemp's
		}
		s := d.schema
		switch {
		case systemSchema(s):
			if creates {
				return "", "", errCreateInSystem(s, d.name)
			}
			continue // the executor finds no such table
		case s != "":
		case creates:
			if s, err = sr.CreationSchema(tr.ctx); err != nil {
				return "", "", err
			}
		default:
			t, err := tr.r.Table(tr.ctx, d.name)
			if err != nil {
				if vs, ok, err := tr.viewSchema(sr, d.name); ok || err != nil {
					if err != nil {
						return "", "", err
					}
					if vs == tempSchema {
						return "", "", nil // a temporary view: the statement marks it
					}
					s = vs
					break
				}
				// Missing (or an index, which the executor finds in the
				// creation schema): the executor reports it.
				if s, err = sr.CreationSchema(tr.ctx); err != nil {
					return "", "", err
				}
				break
			}
			if s, err = sr.TableSchema(tr.ctx, t); err != nil {
				return "", "", err
			}
			if s == tempSchema {
				return "", "", nil // markTemp's
			}
		}
		if s == "public" {
			s = ""
		}
		schemas = append(schemas, s)
		several = several || !first && s != schema
		first, schema = false, s
		if d.schema != "" {
			target = d.schema
		}
	}
	if several {
		if ds := n.GetDropStmt(); ds != nil && len(schemas) == len(ds.Objects) &&
			(ds.RemoveType == pg.ObjectType_OBJECT_INDEX || ds.RemoveType == pg.ObjectType_OBJECT_SEQUENCE ||
				ds.RemoveType == pg.ObjectType_OBJECT_VIEW || ds.RemoveType == pg.ObjectType_OBJECT_MATVIEW) {
			// Each is dropped in its own schema (plan.DropObject.Schema),
			// the statement runs in public's.
			tr.nameSchemas = schemas
			return "", "", nil
		}
		if ds := n.GetDropStmt(); ds != nil && ds.RemoveType == pg.ObjectType_OBJECT_TABLE && len(schemas) == len(ds.Objects) {
			// Each table is dropped in its own schema (dropTable), the
			// statement runs in public's.
			tr.nameSchemas = schemas
			return "", "", nil
		}
		if g := n.GetGrantStmt(); g != nil && len(schemas) == len(g.Objects) &&
			(g.Objtype == pg.ObjectType_OBJECT_TABLE || g.Objtype == pg.ObjectType_OBJECT_SEQUENCE) {
			// One Grant per schema (grant), the statement in public's.
			tr.nameSchemas = schemas
			return "", "", nil
		}
		if n.GetTruncateStmt() != nil {
			// One Truncate per schema (truncate), the statement in
			// public's.
			return "", "", nil
		}
		return "", "", unsupported(tr.stmt.stmtPos(), "a statement on tables of several schemas")
	}
	if schema != "" {
		target = schema
	}
	return schema, target, nil
}

// skipMissingSchema is the statement of DROP ... IF EXISTS or ALTER ...
// IF EXISTS of relations whose schema does not exist: nothing to do but
// PostgreSQL's notices (nil for any other statement, or when one of its
// relations' schemas exists).
func (tr *translator) skipMissingSchema(n *pg.Node) *plan.Statement {
	var tag string
	drop := false
	switch x := n.Node.(type) {
	case *pg.Node_DropStmt:
		if w := relationWords(x.DropStmt.RemoveType); x.DropStmt.MissingOk && w != "" {
			tag, drop = "DROP "+w, true
		}
	case *pg.Node_AlterTableStmt:
		if w := relationWords(x.AlterTableStmt.Objtype); x.AlterTableStmt.MissingOk && w != "" {
			tag = "ALTER " + w
		}
	case *pg.Node_RenameStmt:
		r := x.RenameStmt
		kind := r.RenameType
		if kind == pg.ObjectType_OBJECT_COLUMN {
			kind = r.RelationType
		}
		if w := relationWords(kind); r.MissingOk && w != "" {
			tag = "ALTER " + w
		}
	case *pg.Node_AlterSeqStmt:
		if x.AlterSeqStmt.MissingOk {
			tag = "ALTER SEQUENCE"
		}
	}
	sr, ok := tr.r.(translate.SchemaResolver)
	if tag == "" || !ok {
		return nil
	}
	names, _ := ddlNames(n)
	if len(names) == 0 {
		return nil
	}
	skip := &plan.Skip{}
	for _, d := range names {
		if d.schema == "" || d.temp || d.schema == "public" || systemSchema(d.schema) || sr.SchemaExists(tr.ctx, d.schema) {
			return nil
		}
		if drop {
			skip.Notices = append(skip.Notices, fmt.Sprintf("schema %q does not exist, skipping", d.schema))
		} else {
			skip.Notices = append(skip.Notices, fmt.Sprintf("relation %q does not exist, skipping", d.name))
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: skip}
}

// dropInSystemSchema answers a DROP of relations named in pg_catalog or
// information_schema as PostgreSQL does: one of their relations is 42501
// (a system catalog), a name that is none is missing (42P01, 42704 for
// an index), and with IF EXISTS each missing one is a notice. It returns
// nil, nil for any other statement and for names outside those schemas.
func (tr *translator) dropInSystemSchema(n *pg.Node) (*plan.Statement, error) {
	ds := n.GetDropStmt()
	if ds == nil {
		return nil, nil
	}
	w := relationWords(ds.RemoveType)
	names, _ := ddlNames(n)
	if w == "" || len(names) == 0 {
		return nil, nil
	}
	kind := strings.ToLower(w)
	skip := &plan.Skip{}
	for _, d := range names {
		if d.temp || !systemSchema(d.schema) {
			return nil, nil
		}
		if _, err := tr.r.Table(tr.ctx, d.schema+"."+d.name); err == nil {
			return nil, errAt(errs.InsufficientPrivilege, tr.stmt.stmtPos(), "permission denied: %q is a system catalog", d.name)
		}
		if !ds.MissingOk {
			code := errs.UndefinedTable
			if ds.RemoveType == pg.ObjectType_OBJECT_INDEX {
				code = errs.UndefinedObject
			}
			return nil, errs.New(code, "%s %q does not exist", kind, d.name)
		}
		skip.Notices = append(skip.Notices, fmt.Sprintf("%s %q does not exist, skipping", kind, d.name))
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "DROP " + w, Root: skip}, nil
}

// relationWords is how a statement's tag names a kind of relation ("" for
// other objects).
func relationWords(t pg.ObjectType) string {
	switch t {
	case pg.ObjectType_OBJECT_TABLE:
		return "TABLE"
	case pg.ObjectType_OBJECT_INDEX:
		return "INDEX"
	case pg.ObjectType_OBJECT_SEQUENCE:
		return "SEQUENCE"
	case pg.ObjectType_OBJECT_VIEW:
		return "VIEW"
	case pg.ObjectType_OBJECT_MATVIEW:
		return "MATERIALIZED VIEW"
	}
	return ""
}

// viewSchema is the schema of the view a bare name finds ("" for
// public; ok=false when it finds none).
func (tr *translator) viewSchema(sr translate.SchemaResolver, name string) (schema string, ok bool, err error) {
	vr, isVR := tr.r.(translate.ViewResolver)
	if !isVR {
		return "", false, nil
	}
	v, ok, err := vr.View(tr.ctx, name)
	if err != nil || !ok {
		return "", false, err
	}
	schema, err = sr.ObjectSchema(tr.ctx, v.Database)
	return schema, err == nil, err
}

// withTarget translates DDL statement n with ddlTarget's schema as its
// target: the statement runs in it (plan.Statement.Schema), and bare
// names find its tables first meanwhile.
func (tr *translator) withTarget(n *pg.Node, translateIt func() (*plan.Statement, error)) (*plan.Statement, error) {
	if st, err := tr.dropInSystemSchema(n); st != nil || err != nil {
		return st, err
	}
	if st := tr.skipMissingSchema(n); st != nil {
		return st, nil
	}
	schema, target, err := tr.ddlTarget(n)
	if err != nil {
		return nil, err
	}
	if target != "" {
		sr := tr.r.(translate.SchemaResolver)
		sr.TargetSchema(target)
		defer sr.TargetSchema("")
	}
	tr.stmtSchema = schema
	defer func() { tr.stmtSchema, tr.nameSchemas = "", nil }()
	st, err := translateIt()
	if err == nil && st != nil && schema != "" {
		// DDL, or CREATE TABLE AS / SELECT INTO, which writes the table
		// it makes.
		st.Schema = schema
	}
	return st, err
}

// errCreateInSystem is PostgreSQL's refusal of a relation to create in a
// system schema.
func errCreateInSystem(schema, name string) *errs.Error {
	return errs.New(errs.InsufficientPrivilege, "permission denied to create \"%s.%s\"", schema, name).
		WithDetail("System catalog modifications are currently disallowed.")
}

// checkRelationSchema refuses a relation name in another database
// (a.b.c) and in a system schema, for a relation to create or change.
func (tr *translator) checkRelationSchema(rv *pg.RangeVar) error {
	p := tr.pos(rv.Location)
	switch {
	case rv.Catalogname != "":
		return unsupported(p, "cross-database references")
	case systemSchema(rv.Schemaname):
		return withPos(errCreateInSystem(rv.Schemaname, rv.Relname), p)
	}
	return tr.inStatementSchema(rv.Schemaname, p)
}

// inStatementSchema checks that a table named with schema (maybe "")
// lies in the schema the statement runs in, where the executor will look
// it up by its bare name: a table of another schema is 0A000 (a foreign
// key to a table of another schema, say), a system or missing schema
// 3F000.
func (tr *translator) inStatementSchema(schema string, p int) error {
	switch schema {
	case "", tempSchema:
		return nil
	case "public":
		schema = ""
	}
	if schema == tr.stmtSchema {
		return nil
	}
	if schema == "" || !systemSchema(schema) {
		if sr, ok := tr.r.(translate.SchemaResolver); ok && (schema == "" || sr.SchemaExists(tr.ctx, schema)) {
			return unsupported(p, "a statement on tables of several schemas")
		}
	}
	return errAt(errs.InvalidSchemaName, p, "schema %q does not exist", schema)
}

// missingSchema is PostgreSQL's 3F000 for a schema a statement names
// that the database does not have; nil for any other (the bare name's
// "", public and the system schemas, which always exist).
func (tr *translator) missingSchema(schema string) *errs.Error {
	if schema == "" || schema == "public" || systemSchema(schema) {
		return nil
	}
	if sr, ok := tr.r.(translate.SchemaResolver); ok && !sr.SchemaExists(tr.ctx, schema) {
		return errs.New(errs.InvalidSchemaName, "schema %q does not exist", schema)
	}
	return nil
}

// onlyPublic refuses an object in a schema other than public that zerodb
// does not keep there yet (types, comments on functions) (0A000 naming the kind; 3F000
// when there is no such schema); public and pg_temp pass.
func (tr *translator) onlyPublic(kind, schema string, p int) error {
	if schema == "" || schema == "public" || schema == tempSchema {
		return nil
	}
	if sr, ok := tr.r.(translate.SchemaResolver); !ok || systemSchema(schema) || !sr.SchemaExists(tr.ctx, schema) {
		return errAt(errs.InvalidSchemaName, p, "schema %q does not exist", schema)
	}
	return errAt(errs.FeatureNotSupported, p, "feature not supported: %s in schema %q", kind, schema).
		WithHint("Tables, views, materialized views, sequences and functions live in schemas other than public so far.")
}
