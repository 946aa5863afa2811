package sqlfe

import (
	"fmt"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Command tags of the utility statements pgbench -i sends.
const (
	TagTruncate   = "TRUNCATE TABLE"
	TagVacuum     = "VACUUM"
	TagAnalyze    = "ANALYZE"
	TagAlterTable = "ALTER TABLE"
	TagCopy       = "COPY"
)

// utility translates the maintenance statements a bulk load sends:
// TRUNCATE, VACUUM and ANALYZE (accepted; there are no statistics to
// gather and no dead tuples to reclaim, so they only check their tables
// exist), ALTER TABLE ... ADD PRIMARY KEY, and COPY. ok=false leaves n
// to the caller.
func (tr *translator) utility(n *pg.Node) (st *plan.Statement, ok bool, err error) {
	switch x := n.Node.(type) {
	case *pg.Node_TruncateStmt:
		st, err = tr.truncate(x.TruncateStmt)
		return st, true, err
	case *pg.Node_VacuumStmt:
		st, err = tr.vacuum(x.VacuumStmt)
		return st, true, err
	case *pg.Node_AlterTableStmt:
		return tr.addPrimaryKey(x.AlterTableStmt)
	case *pg.Node_CopyStmt:
		st, err = tr.copyStmt(x.CopyStmt)
		return st, true, err
	case *pg.Node_AlterOwnerStmt:
		switch x.AlterOwnerStmt.ObjectType {
		case pg.ObjectType_OBJECT_SCHEMA, pg.ObjectType_OBJECT_DATABASE, pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_AGGREGATE,
			pg.ObjectType_OBJECT_PROCEDURE, pg.ObjectType_OBJECT_ROUTINE:
		default:
			return nil, false, nil
		}
		st, err = alterOwner(x.AlterOwnerStmt)
		return st, true, err
	case *pg.Node_LockStmt:
		st, err = tr.lock(x.LockStmt)
		return st, true, err
	case *pg.Node_CommentStmt:
		st, err = tr.comment(x.CommentStmt)
		return st, true, err
	case *pg.Node_CreatedbStmt:
		st, err = createDatabase(x.CreatedbStmt)
		return st, true, err
	case *pg.Node_DropdbStmt:
		st, err = dropDatabase(x.DropdbStmt)
		return st, true, err
	case *pg.Node_CreateSchemaStmt:
		st, err = tr.createSchema(x.CreateSchemaStmt)
		return st, true, err
	case *pg.Node_CreateExtensionStmt:
		// With IF NOT EXISTS the extension is there already (zerodb's
		// always are), and PostgreSQL skips before reading VERSION.
		if v := extensionVersion(x.CreateExtensionStmt.Options); v != "" && !x.CreateExtensionStmt.IfNotExists {
			if e, ok := builtinExtension(x.CreateExtensionStmt.Extname); ok && v != e.Version {
				return nil, true, errs.New(errs.InvalidParameterValue, "extension %q has no installation script nor update path for version %q", e.Name, v)
			}
		}
		st, err = tr.extension(x.CreateExtensionStmt.Extname, "CREATE EXTENSION")
		return st, true, err
	case *pg.Node_AlterExtensionStmt:
		st, err = alterExtension(x.AlterExtensionStmt)
		return st, true, err
	case *pg.Node_DropStmt:
		if x.DropStmt.RemoveType == pg.ObjectType_OBJECT_SCHEMA {
			st, err = tr.dropSchema(x.DropStmt)
			return st, true, err
		}
		if x.DropStmt.RemoveType != pg.ObjectType_OBJECT_EXTENSION {
			return nil, false, nil
		}
		for _, o := range x.DropStmt.Objects {
			if st, err = tr.extension(o.GetString_().GetSval(), "DROP EXTENSION"); err != nil {
				return nil, true, err
			}
		}
		return st, true, nil
	}
	return nil, false, nil
}

// truncate translates TRUNCATE; with CASCADE the tables whose foreign
// keys reference a truncated table are truncated too, transitively.
// Tables of several schemas are one plan.Truncate per schema, in one
// statement (allOf), each told the others' tables (Also) for its
// foreign key checks.
func (tr *translator) truncate(ts *pg.TruncateStmt) (*plan.Statement, error) {
	var nodes []*plan.Truncate
	var ids []uint64 // each node's schema's catalog id
	var queue []*catalog.Table
	// add adds t to its schema's Truncate; cascaded is PostgreSQL's
	// notice for a table only CASCADE reaches.
	add := func(t *catalog.Table, cascaded bool) error {
		i := slices.Index(ids, t.Database)
		if i < 0 {
			schema, err := tr.truncateSchema(t)
			if err != nil {
				return err
			}
			i = len(nodes)
			nodes = append(nodes, &plan.Truncate{RestartIdentity: ts.RestartSeqs, Schema: schema})
			ids = append(ids, t.Database)
		}
		if !slices.Contains(nodes[i].Tables, t.Name) {
			nodes[i].Tables = append(nodes[i].Tables, t.Name)
			queue = append(queue, t)
			if cascaded {
				nodes[0].Notices = append(nodes[0].Notices, `truncate cascades to table "`+t.Name+`"`)
			}
		}
		return nil
	}
	for _, r := range ts.Relations {
		t, err := tr.utilityTable(r.GetRangeVar())
		if err != nil {
			return nil, err
		}
		if t.MatView != nil {
			return nil, errs.New(errs.WrongObjectType, "%q is not a table", t.Name)
		}
		if err := add(t, false); err != nil {
			return nil, err
		}
		if len(t.Children) > 0 && r.GetRangeVar().GetInh() {
			// Not ONLY: the inheritance children are emptied too.
			ds, err := translate.Descendants(tr.ctx, tr.r, t)
			if err != nil {
				return nil, err
			}
			for _, d := range ds {
				if err := add(d, false); err != nil {
					return nil, err
				}
			}
		}
	}
	for len(queue) > 0 && ts.Behavior == pg.DropBehavior_DROP_CASCADE {
		t := queue[0]
		queue = queue[1:]
		for _, ref := range t.ReferencedBy {
			child, err := tr.referencingTable(t, ref)
			if err != nil {
				return nil, err
			}
			if err := add(child, true); err != nil {
				return nil, err
			}
		}
	}
	if len(nodes) == 1 {
		return &plan.Statement{Kind: plan.StmtDDL, Tag: TagTruncate, Root: nodes[0]}, nil
	}
	all := make([]plan.Node, len(nodes))
	names := make([]string, len(nodes))
	for i, n := range nodes {
		for j, o := range nodes {
			if j != i {
				for _, name := range o.Tables {
					n.Also = append(n.Also, catalog.ForeignName(ids[j], name))
				}
			}
		}
		all[i], names[i] = n, "truncate"
	}
	return allOf(TagTruncate, all, names), nil
}

// truncateSchema is the plan.Truncate.Schema of table t: "" for the
// statement's schema (and a temporary table, which the statement
// finds), its schema's name otherwise ("public" for the database's).
func (tr *translator) truncateSchema(t *catalog.Table) (string, error) {
	sr, ok := tr.r.(translate.SchemaResolver)
	if !ok {
		return "", nil
	}
	schema, err := sr.TableSchema(tr.ctx, t)
	switch {
	case err != nil:
		return "", err
	case schema == tr.stmtSchema || schema == tempSchema:
		return "", nil
	case schema == "":
		return "public", nil
	}
	return schema, nil
}

// referencingTable is the table whose foreign key ref (an entry of
// t.ReferencedBy: a bare name of t's schema or a catalog.ForeignName)
// references t.
func (tr *translator) referencingTable(t *catalog.Table, ref string) (*catalog.Table, error) {
	id, name, foreign := catalog.SplitForeignName(ref)
	if !foreign {
		id = t.Database
	}
	sr, ok := tr.r.(translate.SchemaResolver)
	if !ok && foreign {
		return nil, unsupported(tr.stmt.stmtPos(), "TRUNCATE ... CASCADE of a table a table of another schema references")
	}
	if ok {
		schema, err := sr.ObjectSchema(tr.ctx, id)
		if err != nil {
			return nil, err
		}
		if schema == "" {
			schema = "public"
		}
		if schema != tempSchema {
			name = schema + "." + name
		}
	}
	child, err := tr.r.Table(tr.ctx, name)
	if err != nil {
		return nil, errs.From(err)
	}
	return child, nil
}

// vacuum accepts VACUUM and ANALYZE: it only checks that the named tables
// exist (42P01 as PostgreSQL), then does nothing.
func (tr *translator) vacuum(vs *pg.VacuumStmt) (*plan.Statement, error) {
	tag := TagAnalyze
	if vs.IsVacuumcmd {
		tag = TagVacuum
	}
	for _, r := range vs.Rels {
		rv := r.GetVacuumRelation().GetRelation()
		if rv == nil {
			continue
		}
		if _, err := tr.utilityTable(rv); err != nil {
			return nil, err
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.Values{}}, nil
}

// utilityTable finds a table TRUNCATE, VACUUM or ANALYZE names: in a
// missing schema it is 3F000, as PostgreSQL looks the schema up first
// there. PostgreSQL's errors here have no position.
func (tr *translator) utilityTable(rv *pg.RangeVar) (*catalog.Table, error) {
	if err := tr.missingSchema(rv.Schemaname); err != nil {
		return nil, err
	}
	t, err := tr.table(rv)
	if err != nil {
		return nil, errs.From(err).WithoutPos()
	}
	return t, nil
}

// alterOwner translates ALTER SCHEMA s OWNER TO role, which every
// pg_dump without --no-owner writes for public, ALTER DATABASE d OWNER
// TO role, which pg_dump --create writes, and ALTER FUNCTION f(...) OWNER
// TO role, which it writes for a stored function: the object and the role
// must exist, as for the other objects' owners (plan.ChangeOwner).
func alterOwner(a *pg.AlterOwnerStmt) (*plan.Statement, error) {
	role := ""
	switch spec := a.Newowner; spec.GetRoletype() {
	case pg.RoleSpecType_ROLESPEC_CSTRING:
		role = spec.Rolename
	case pg.RoleSpecType_ROLESPEC_PUBLIC:
		return nil, errs.New(errs.ReservedName, "role name \"public\" is reserved")
	}
	name := a.Object.GetString_().GetSval()
	kind, tag, schema := "schema", "ALTER SCHEMA", ""
	switch a.ObjectType {
	case pg.ObjectType_OBJECT_DATABASE:
		kind, tag = "database", "ALTER DATABASE"
	case pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_AGGREGATE, pg.ObjectType_OBJECT_PROCEDURE, pg.ObjectType_OBJECT_ROUTINE:
		// A stored function is known by its name alone (zerodb has no
		// overloading): the argument types pg_dump adds are not read.
		objname := a.Object.GetObjectWithArgs().GetObjname()
		if len(objname) == 0 {
			return nil, errs.New(errs.SyntaxError, "ALTER FUNCTION needs a function name")
		}
		name = objname[len(objname)-1].GetString_().GetSval()
		kind, tag = "function", alterTags[a.ObjectType]
		if len(objname) == 2 {
			// A schema's function changes owner in its schema.
			if s := objname[0].GetString_().GetSval(); s != "public" && !systemSchema(s) {
				schema = s
			}
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Schema: schema, Root: &plan.ChangeOwner{Kind: kind, Name: name, Role: role}}, nil
}

// lock translates LOCK TABLE t, ... [IN mode MODE] [NOWAIT] (the mode's
// number is PostgreSQL's, ACCESS EXCLUSIVE by default). The session's
// lock table holds it until the transaction ends, against other LOCK
// TABLEs: reads and writes take no table locks in zerodb (see
// docs/sql.md), which leaves pg_dump's ACCESS SHARE, taken on every
// table it dumps, nothing to wait for.
func (tr *translator) lock(ls *pg.LockStmt) (*plan.Statement, error) {
	mode := plan.TableLockMode(ls.Mode)
	if mode < plan.AccessShareLock || mode > plan.AccessExclusiveLock {
		return nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "unknown lock mode %d", ls.Mode)
	}
	n := &plan.LockTable{Mode: mode, NoWait: ls.Nowait}
	for _, r := range ls.Relations {
		t, err := tr.table(r.GetRangeVar())
		if err != nil {
			return nil, err
		}
		n.Tables = append(n.Tables, t)
		if len(t.Children) > 0 && r.GetRangeVar().GetInh() {
			// Not ONLY: a parent's inheritance children are locked too.
			ds, err := translate.Descendants(tr.ctx, tr.r, t)
			if err != nil {
				return nil, err
			}
			n.Tables = append(n.Tables, ds...)
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "LOCK TABLE", Root: n}, nil
}

// addPrimaryKey translates ALTER TABLE t ADD [CONSTRAINT name] PRIMARY
// KEY (cols); other ALTER TABLE commands are left to the caller.
func (tr *translator) addPrimaryKey(as *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	if len(as.Cmds) != 1 || as.Objtype != pg.ObjectType_OBJECT_TABLE {
		return nil, false, nil
	}
	cmd := as.Cmds[0].GetAlterTableCmd()
	con := cmd.GetDef().GetConstraint()
	if cmd.GetSubtype() != pg.AlterTableType_AT_AddConstraint || con == nil || con.Contype != pg.ConstrType_CONSTR_PRIMARY {
		return nil, false, nil
	}
	t, err := tr.table(as.Relation)
	if err != nil {
		return nil, true, err
	}
	p := tr.pos(con.Location)
	switch {
	case con.Indexname != "":
		return nil, true, unsupported(p, "index options of a primary key")
	}
	if err := checkTablespace(con.Indexspace); err != nil {
		return nil, true, err
	}
	n := &plan.AddPrimaryKey{Table: t.Name, Name: con.Conname, Include: constraintInclude(con)}
	for _, col := range n.Include {
		if _, _, ok := t.FieldByName(col); !ok {
			return nil, true, errAt(errs.UndefinedColumn, p, "column %q does not exist", col)
		}
	}
	if con.Conname != "" && t.ConstraintOrIndex(con.Conname) {
		return nil, true, errAt(errs.DuplicateTable, p, "relation %q already exists", con.Conname)
	}
	if n.Options, err = pkeyRelOptions(con.Options); err != nil {
		return nil, true, err
	}
	for _, k := range con.Keys {
		col := k.GetString_().GetSval()
		if _, _, ok := t.FieldByName(col); !ok && t.Schemafull {
			return nil, true, errAt(errs.UndefinedColumn, p, "column %q of relation %q does not exist", col, t.Name)
		}
		n.Key = append(n.Key, col)
	}
	if slices.ContainsFunc(t.Indexes, func(ix catalog.Index) bool { return ix.Primary }) {
		return nil, true, errAt(errs.InvalidTableDefinition, p, "multiple primary keys for table %q are not allowed", t.Name)
	}
	if con.Deferrable {
		return tr.addDeferrablePK(t, n.Key, con, n, p)
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterTable, Root: n}, true, nil
}

// addDeferrablePK translates ALTER TABLE t ADD PRIMARY KEY (cols)
// DEFERRABLE (pg_dump's way of restoring one): the columns become NOT
// NULL and the constraint's index is built (deferrablePK), in one
// statement.
func (tr *translator) addDeferrablePK(t *catalog.Table, cols []string, con *pg.Constraint, add *plan.AddPrimaryKey, p int) (*plan.Statement, bool, error) {
	if len(t.PrimaryKey) > 0 {
		return nil, true, errAt(errs.InvalidTableDefinition, p, "multiple primary keys for table %q are not allowed", t.Name)
	}
	if !t.Schemafull || t.Partitioned != nil || t.PartitionOf != "" {
		return nil, true, unsupported(p, "DEFERRABLE primary keys of schemaless or partitioned tables")
	}
	alter := &plan.AlterTable{Name: t.Name}
	for _, c := range cols {
		alter.Actions = append(alter.Actions, plan.AlterAction{Kind: plan.AlterSetNotNull, Column: c})
	}
	ix := deferrablePK(t.Name, cols, con)
	ix.RelOptions, ix.Include = add.Options, add.Include
	if t.ConstraintOrIndex(ix.Name) {
		return nil, true, errAt(errs.DuplicateTable, p, "relation %q already exists", ix.Name)
	}
	nodes := []plan.Node{alter, &plan.CreateIndex{Table: t.Name, Index: ix, AutoName: con.Conname == ""}}
	return allOf(TagAlterTable, nodes, []string{t.Name, ix.Name}), true, nil
}

// extension translates CREATE EXTENSION and DROP EXTENSION of an
// extension zerodb builds in (builtin.Extensions): its functions are
// always there, so there is nothing to do. Any other is 0A000.
func (tr *translator) extension(name, tag string) (*plan.Statement, error) {
	var names []string
	for _, e := range builtin.Extensions() {
		if e.Name == name {
			return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.Values{}}, nil
		}
		names = append(names, e.Name)
	}
	return nil, errAt(errs.FeatureNotSupported, tr.stmt.stmtPos(), "extension %q is not available", name).
		WithHint("zerodb builds in %s; other extensions cannot be installed.", strings.Join(names, ", "))
}

// builtinExtension is the extension zerodb builds in of that name.
func builtinExtension(name string) (builtin.Extension, bool) {
	for _, e := range builtin.Extensions() {
		if e.Name == name {
			return e, true
		}
	}
	return builtin.Extension{}, false
}

// extensionVersion is the VERSION (new_version) of CREATE or ALTER
// EXTENSION's options, "" when there is none.
func extensionVersion(opts []*pg.Node) string {
	for _, o := range opts {
		if d := o.GetDefElem(); d != nil && d.Defname == "new_version" {
			return defElemText(d)
		}
	}
	return ""
}

// alterExtension translates ALTER EXTENSION ... UPDATE [TO version]: a
// built-in extension is always at its one version, which PostgreSQL
// answers with a notice and no change; another version has no update
// path (22023).
func alterExtension(s *pg.AlterExtensionStmt) (*plan.Statement, error) {
	e, ok := builtinExtension(s.Extname)
	if !ok {
		return nil, errs.New(errs.UndefinedObject, "extension %q does not exist", s.Extname)
	}
	if v := extensionVersion(s.Options); v != "" && v != e.Version {
		return nil, errs.New(errs.InvalidParameterValue, "extension %q has no update path from version %q to version %q", e.Name, e.Version, v)
	}
	notice := fmt.Sprintf("version %q of extension %q is already installed", e.Version, e.Name)
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER EXTENSION", Root: &plan.Skip{Notices: []string{notice}}}, nil
}

// commentExtension translates COMMENT ON EXTENSION of an extension zerodb
// builds in: its comment is its own description, the one pg_dump writes,
// which is accepted and changes nothing; another text is 0A000, an
// unknown extension 42704.
func (tr *translator) commentExtension(name, text string) (*plan.Statement, error) {
	e, ok := builtinExtension(name)
	switch {
	case !ok:
		return nil, errAt(errs.UndefinedObject, tr.stmt.stmtPos(), "extension %q does not exist", name)
	case text != e.Comment:
		return nil, unsupported(tr.stmt.stmtPos(), "COMMENT ON EXTENSION with a comment other than the extension's own")
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: &plan.Values{}}, nil
}

// createSchema translates CREATE SCHEMA: public again (migration tools
// such as Prisma's start with CREATE SCHEMA IF NOT EXISTS "public", and
// reset a database with DROP SCHEMA public CASCADE; CREATE SCHEMA
// public), or a schema of the database's own (schema.go; pg_ names are
// reserved). The executor decides whether it exists (42P06 when it does,
// unless IF NOT EXISTS).
func (tr *translator) createSchema(cs *pg.CreateSchemaStmt) (*plan.Statement, error) {
	name, owner := cs.Schemaname, ""
	if cs.Authrole != nil {
		switch cs.Authrole.Roletype {
		case pg.RoleSpecType_ROLESPEC_CSTRING:
			owner = cs.Authrole.Rolename
		case pg.RoleSpecType_ROLESPEC_PUBLIC:
			return nil, errs.New(errs.ReservedName, "role name \"public\" is reserved")
		}
		if name == "" {
			name = owner // CREATE SCHEMA AUTHORIZATION r names it r
		}
	}
	if strings.HasPrefix(name, "pg_") {
		return nil, errs.New(errs.ReservedName, "unacceptable schema name %q", name).
			WithDetail("The prefix \"pg_\" is reserved for system schemas.")
	}
	if len(cs.SchemaElts) > 0 {
		return nil, unsupported(tr.stmt.stmtPos(), "CREATE SCHEMA with schema elements")
	}
	if name == "information_schema" {
		if !cs.IfNotExists {
			return nil, errs.New(errs.DuplicateSchema, "schema %q already exists", name)
		}
		return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateSchema, Root: &plan.Values{}}, nil
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateSchema, Root: &plan.CreateSchema{Name: name, IfNotExists: cs.IfNotExists, Owner: owner}}, nil
}

// Command tags of schema DDL.
const (
	TagCreateSchema = "CREATE SCHEMA"
	TagDropSchema   = "DROP SCHEMA"
)

// dropSchema translates DROP SCHEMA [IF EXISTS] name, ... [CASCADE]:
// all of them or none, each a schema of the database or its public one
// (see catalog.PublicSchema). pg_catalog and information_schema are the
// system's (2BP01, and 0A000 for the latter, which PostgreSQL would let
// go).
func (tr *translator) dropSchema(ds *pg.DropStmt) (*plan.Statement, error) {
	cascade := ds.Behavior == pg.DropBehavior_DROP_CASCADE
	drops := make([]plan.Node, len(ds.Objects))
	names := make([]string, len(ds.Objects))
	for i, o := range ds.Objects {
		name := o.GetString_().GetSval()
		switch name {
		case "pg_catalog", "pg_toast":
			return nil, errs.New(errs.DependentObjectsStillExist, "cannot drop schema %s because it is required by the database system", name)
		case "information_schema":
			return nil, unsupported(tr.stmt.stmtPos(), "DROP SCHEMA information_schema")
		}
		drops[i], names[i] = &plan.DropSchema{Name: name, IfExists: ds.MissingOk, Cascade: cascade}, name
	}
	if !ds.MissingOk && len(names) > 1 {
		// PostgreSQL finds every schema before it looks at what they
		// hold: a missing one is 3F000 even after one that holds objects.
		for _, name := range names {
			if err := tr.missingSchema(name); err != nil {
				return nil, err
			}
		}
	}
	if !cascade {
		// A schema other views read holds what they read: the executor
		// refuses it, listing what it holds.
		return allOf(TagDropSchema, drops, names), nil
	}
	// Views of other schemas that read the schemas' relations go first
	// (their own go with them).
	views, viewNames, notices, err := tr.cascadeViews(dropping{schemas: names}, "schema "+names[0], true)
	if err != nil {
		return nil, err
	}
	// The first schema's notice lists them, as PostgreSQL's one notice
	// for the statement does.
	drops[0].(*plan.DropSchema).Notices = notices
	return allOf(TagDropSchema, append(views, drops...), append(viewNames, names...)), nil
}

// comment translates COMMENT ON TABLE t and COMMENT ON COLUMN t.c (IS
// NULL or an empty string removes the comment).
func (tr *translator) comment(c *pg.CommentStmt) (*plan.Statement, error) {
	var names []string
	for _, it := range c.Object.GetList().GetItems() {
		names = append(names, it.GetString_().GetSval())
	}
	n := &plan.Comment{Text: c.Comment}
	// schema is the schema a relation or column is named in (""
	// when bare), which the statement runs in (ddlTarget).
	var schema string
	switch c.Objtype {
	case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_MATVIEW, pg.ObjectType_OBJECT_VIEW,
		pg.ObjectType_OBJECT_INDEX, pg.ObjectType_OBJECT_SEQUENCE, pg.ObjectType_OBJECT_COLUMN:
		rel := names // [schema.]relation
		if c.Objtype == pg.ObjectType_OBJECT_COLUMN && len(rel) > 0 {
			rel = rel[:len(rel)-1]
		}
		if len(rel) > 1 {
			schema = rel[len(rel)-2]
		}
		if err := tr.missingSchema(schema); err != nil {
			return nil, err.WithPos(tr.stmt.stmtPos())
		}
	}
	switch {
	case c.Objtype == pg.ObjectType_OBJECT_SCHEMA && c.Comment == "" && c.Object.GetString_().GetSval() == "public":
		// pg_dump removes the comment PostgreSQL's public schema is
		// made with when the dumped one has none, as zerodb's never has:
		// no comment is what zerodb's public has already.
		return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: &plan.Values{}}, nil
	case c.Objtype == pg.ObjectType_OBJECT_DATABASE:
		n.Table, n.Kind = c.Object.GetString_().GetSval(), "database"
		return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: n}, nil
	case c.Objtype == pg.ObjectType_OBJECT_LARGEOBJECT:
		return tr.commentLargeObject(c, n)
	case c.Objtype == pg.ObjectType_OBJECT_EXTENSION:
		return tr.commentExtension(c.Object.GetString_().GetSval(), c.Comment)
	case c.Objtype == pg.ObjectType_OBJECT_SCHEMA && c.Object.GetString_() != nil:
		switch name := c.Object.GetString_().GetSval(); name {
		case "public", "pg_catalog", "information_schema":
			return nil, unsupported(tr.stmt.stmtPos(), "COMMENT ON SCHEMA "+name)
		default:
			n.Table, n.Kind = name, "schema"
		}
		return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: n}, nil
	case (c.Objtype == pg.ObjectType_OBJECT_TABLE || c.Objtype == pg.ObjectType_OBJECT_MATVIEW) && len(names) >= 1:
		n.Table = names[len(names)-1]
	case (c.Objtype == pg.ObjectType_OBJECT_VIEW || c.Objtype == pg.ObjectType_OBJECT_INDEX || c.Objtype == pg.ObjectType_OBJECT_SEQUENCE) && len(names) >= 1:
		n.Table, n.Kind = names[len(names)-1], strings.ToLower(strings.TrimPrefix(c.Objtype.String(), "OBJECT_"))
		// The executor finds the object in the statement's schema
		// (ddlTarget's; 42P01 when it is missing).
		return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: n}, nil
	case c.Objtype == pg.ObjectType_OBJECT_TYPE || c.Objtype == pg.ObjectType_OBJECT_DOMAIN:
		// A type of a schema: the executor finds it there (42704).
		schema, name, err := tr.typeTarget(c.Object.GetTypeName().GetNames(), false)
		if err != nil {
			return nil, err
		}
		n.Table, n.Kind = name, strings.ToLower(strings.TrimPrefix(c.Objtype.String(), "OBJECT_"))
		return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Schema: schema, Root: n}, nil
	case c.Objtype == pg.ObjectType_OBJECT_TABCONSTRAINT && len(names) >= 2:
		return tr.commentOnTable(n, "constraint", names)
	case c.Objtype == pg.ObjectType_OBJECT_TRIGGER && len(names) >= 2:
		return tr.commentOnTable(n, "trigger", names)
	case c.Objtype == pg.ObjectType_OBJECT_POLICY && len(names) >= 2:
		return tr.commentOnTable(n, "policy", names)
	case c.Objtype == pg.ObjectType_OBJECT_DOMCONSTRAINT:
		return nil, unsupported(tr.stmt.stmtPos(), "COMMENT ON CONSTRAINT ... ON DOMAIN")
	case c.Objtype == pg.ObjectType_OBJECT_COLUMN && len(names) >= 2:
		n.Table, n.Column = names[len(names)-2], names[len(names)-1]
	case c.Objtype == pg.ObjectType_OBJECT_FUNCTION || c.Objtype == pg.ObjectType_OBJECT_AGGREGATE:
		// A function is known by its name alone (no overloading).
		name, err := tr.functionName(c.Object.GetObjectWithArgs().GetObjname())
		if err != nil {
			return nil, err
		}
		if _, ok, err := tr.storedFunction(name); err != nil || !ok {
			if err == nil {
				err = errs.New(errs.UndefinedFunction, "function %s does not exist", name)
			}
			return nil, err
		}
		n.Function = name
		return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: n}, nil
	default:
		return nil, unsupported(tr.stmt.stmtPos(), "COMMENT ON "+strings.TrimPrefix(c.Objtype.String(), "OBJECT_"))
	}
	if _, err := tr.r.Table(tr.ctx, n.Table); err != nil {
		if vr, ok := tr.r.(translate.ViewResolver); ok && errs.Code(err) == errs.UndefinedTable {
			if _, found, verr := vr.View(tr.ctx, qualified(schema, n.Table)); verr == nil && found {
				return nil, errs.New(errs.WrongObjectType, "%q is not a table", n.Table)
			}
		}
		return nil, errs.From(err)
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: n}, nil
}

// commentOnTable translates COMMENT ON CONSTRAINT, TRIGGER or POLICY
// (kind) x ON [schema.]t: the statement runs in the table's schema,
// where the executor finds the table (42P01) and its x (42704).
func (tr *translator) commentOnTable(n *plan.Comment, kind string, names []string) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	n.Kind, n.Table, n.Column = kind, names[len(names)-2], names[len(names)-1]
	st := &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: n}
	sr, ok := tr.r.(translate.SchemaResolver)
	switch {
	case len(names) > 3:
		return nil, errAt(errs.SyntaxError, p, "improper qualified name (too many dotted names): %s", strings.Join(names[:len(names)-1], "."))
	case !ok:
	case len(names) == 3:
		schema, err := tr.creationSchemaOf(&pg.RangeVar{Schemaname: names[0], Relname: n.Table, Location: -1})
		if err != nil {
			return nil, err
		}
		st.Schema = schema
	default:
		t, err := tr.r.Table(tr.ctx, n.Table)
		if err != nil {
			return nil, errs.From(err)
		}
		if st.Schema, err = sr.TableSchema(tr.ctx, t); err != nil {
			return nil, err
		}
		if st.Schema == tempSchema {
			return nil, unsupported(p, "COMMENT ON "+strings.ToUpper(kind)+" of a temporary table")
		}
	}
	return st, nil
}

// Command tags of database DDL.
const (
	TagCreateDatabase = "CREATE DATABASE"
	TagDropDatabase   = "DROP DATABASE"
)

// createDatabase translates CREATE DATABASE name [options]: a database of
// the session's namespace (Django's test runner and Rails' db:create make
// theirs this way). A new database is empty, as one made from template0
// or the untouched template1; OWNER names its owner; the options that
// only name a template, a connection limit or a locale zerodb's C
// collation and UTF-8 encoding serve are accepted; another encoding is
// 0A000.
func createDatabase(c *pg.CreatedbStmt) (*plan.Statement, error) {
	n := &plan.CreateDatabase{Name: c.Dbname}
	for _, o := range c.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch strings.ToLower(d.Defname) {
		case "encoding":
			if enc := strings.ToUpper(strings.ReplaceAll(defElemText(d), "-", "")); enc != "UTF8" && enc != "UNICODE" {
				return nil, errs.New(errs.FeatureNotSupported, "encoding %q is not supported: zerodb stores UTF8", defElemText(d))
			}
		case "owner":
			if d.Arg != nil {
				n.Owner = defElemText(d)
			}
		case "template", "connection_limit", "is_template", "allow_connections", "tablespace",
			"locale", "lc_collate", "lc_ctype", "locale_provider", "icu_locale", "collation_version", "strategy", "oid":
		default:
			return nil, errs.New(errs.SyntaxError, "option %q not recognized", d.Defname)
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateDatabase, Root: n}, nil
}

// dropDatabase translates DROP DATABASE [IF EXISTS] name [WITH (FORCE)].
func dropDatabase(d *pg.DropdbStmt) (*plan.Statement, error) {
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagDropDatabase, Root: &plan.DropObject{Kind: "database", Name: d.Dbname, IfExists: d.MissingOk}}, nil
}
