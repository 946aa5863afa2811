package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// createSchema runs CREATE SCHEMA: a schema of the database, or public
// again after DROP SCHEMA public.
func (it *ddlIter) createSchema(n *plan.CreateSchema) error {
	r := it.r
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	if n.Name != "public" {
		return r.createUserSchema(txn, db, n)
	}
	exists, err := r.x.cat.PublicSchema(r.ctx, txn, db)
	if err != nil {
		return err
	}
	if exists {
		if n.IfNotExists {
			return nil
		}
		return errs.New(errs.DuplicateSchema, "schema %q already exists", n.Name)
	}
	return r.x.cat.SetPublicSchema(r.ctx, txn, db, true)
}

// dropSchema runs DROP SCHEMA public: with CASCADE every object of the
// database goes first (views, then tables with their indexes, edges and
// owned sequences, then the other sequences, functions, enums and
// types), each through the DROP that names it; without, any object
// refuses it (2BP01) with PostgreSQL's list of them.
func (it *ddlIter) dropSchema(n *plan.DropSchema) error {
	r := it.r
	if n.Name != "public" {
		return r.inSchema(n.Name, n.IfExists, func() error { return it.dropSchemaObjects(n) })
	}
	return it.dropSchemaObjects(n)
}

// dropSchemaObjects drops the objects of the statement's database (public
// or a schema, see inSchema), then the schema.
func (it *ddlIter) dropSchemaObjects(n *plan.DropSchema) error {
	r := it.r
	txn, db, tables, err := r.txnTables()
	if err != nil {
		return err
	}
	cat := r.x.cat
	exists := db.IsSchema()
	if !exists {
		if exists, err = cat.PublicSchema(r.ctx, txn, db); err != nil {
			return err
		}
	}
	if !exists {
		if n.IfExists {
			return nil
		}
		return errs.New(errs.InvalidSchemaName, "schema %q does not exist", n.Name)
	}
	views, err := cat.Views(r.ctx, txn, db)
	if err != nil {
		return err
	}
	seqs, err := cat.Sequences(r.ctx, txn, db)
	if err != nil {
		return err
	}
	funcs, err := cat.Functions(r.ctx, txn, db)
	if err != nil {
		return err
	}
	enums, err := cat.Enums(r.ctx, txn, db)
	if err != nil {
		return err
	}
	types, err := cat.TypeDefs(r.ctx, txn, db)
	if err != nil {
		return err
	}
	var drops []plan.Node
	var deps []string
	var tableNames []string
	for _, v := range views {
		drops = append(drops, &plan.DropObject{Kind: "view", Name: v.Name, IfExists: true})
		deps = append(deps, "view "+v.Name)
	}
	for _, t := range tables {
		if t.MatView != nil {
			drops = append(drops, &plan.DropTable{Name: t.Name, IfExists: true, Cascade: true, MatView: true})
			deps = append(deps, "materialized view "+t.Name)
			continue
		}
		tableNames = append(tableNames, t.Name)
		deps = append(deps, "table "+t.Name)
	}
	for _, name := range tableNames {
		drops = append(drops, &plan.DropTable{Name: name, IfExists: true, Cascade: true, With: tableNames})
	}
	for _, s := range seqs {
		if s.OwnedTable != "" && slices.Contains(tableNames, s.OwnedTable) {
			continue // goes with its table
		}
		drops = append(drops, &plan.DropObject{Kind: "sequence", Name: s.Name, IfExists: true, Cascade: true})
		deps = append(deps, "sequence "+s.Name)
	}
	for _, f := range funcs {
		drops = append(drops, &plan.DropObject{Kind: "function", Name: f.Name, IfExists: true})
		deps = append(deps, "function "+f.Name)
	}
	for _, e := range enums {
		drops = append(drops, &plan.DropObject{Kind: "enum", Name: e.Name, IfExists: true})
		deps = append(deps, "type "+e.Name)
	}
	for _, t := range types {
		drops = append(drops, &plan.DropObject{Kind: "type", Name: t.Name, IfExists: true})
		deps = append(deps, "type "+t.Name)
	}
	if db.IsSchema() && n.Cascade {
		if err := r.schemaTypesUnused(txn, db, enums, types); err != nil {
			return err
		}
	}
	if len(deps) > 0 && !n.Cascade {
		for i, d := range deps {
			deps[i] = d + " depends on schema " + n.Name
		}
		return errs.New(errs.DependentObjectsStillExist, "cannot drop schema %s because other objects depend on it", n.Name).
			WithDetail("%s", strings.Join(deps, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	for _, d := range drops {
		if err := (&ddlIter{r: r, n: d}).open(outer{}); err != nil {
			return err
		}
	}
	if db.IsSchema() {
		return cat.DropSchema(r.ctx, txn, db)
	}
	return cat.SetPublicSchema(r.ctx, txn, db, false)
}

// schemaTypesUnused refuses (0A000) DROP SCHEMA ... CASCADE of schema
// sc while a column, an attribute or a domain column outside it uses one
// of its types: PostgreSQL would drop those columns, zerodb does not
// drop data silently.
func (r *run) schemaTypesUnused(txn kv.Txn, sc *catalog.Database, enums []*catalog.Enum, types []*catalog.TypeDef) error {
	spaces, err := r.typeSpaces(txn)
	if err != nil {
		return err
	}
	others := slices.DeleteFunc(spaces, func(d *catalog.Database) bool { return d.ID == sc.ID })
	names := make([]string, 0, len(enums)+len(types))
	for _, e := range enums {
		names = append(names, e.Name)
	}
	for _, t := range types {
		names = append(names, t.Name)
	}
	refuse := func(qname, user string) error {
		return errs.New(errs.FeatureNotSupported, "DROP SCHEMA ... CASCADE of a schema whose type another schema's column uses is not supported").
			WithDetail("%s depends on type %s", user, qname).WithHint("Drop or retype the column first.")
	}
	for _, name := range names {
		qname := catalog.QualifiedType(sc, name)
		users, err := r.x.cat.TypeUsers(r.ctx, txn, others, qname)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			u := users[0]
			return refuse(qname, "column "+u.Column+" of table "+catalog.QualifiedType(u.DB, u.Table.Name))
		}
		comps, attrs, err := r.x.cat.CompositeUsers(r.ctx, txn, others, qname)
		if err != nil {
			return err
		}
		if len(comps) > 0 {
			return refuse(qname, "column "+attrs[0]+" of composite type "+comps[0])
		}
		err = r.domainColumns(txn, qname, func(d *catalog.Database, t *catalog.Table, f *catalog.Field) error {
			if d.ID == sc.ID {
				return nil
			}
			return refuse(qname, "column "+f.Name+" of table "+catalog.QualifiedType(d, t.Name))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// createUserSchema makes a schema other than public of db. Only a
// superuser or the database's owner may, as PostgreSQL's CREATE privilege
// on a database is its owner's alone by default; AUTHORIZATION gives it
// to another role, which must exist.
func (r *run) createUserSchema(txn kv.Txn, db *catalog.Database, n *plan.CreateSchema) error {
	if r.role() != nil && !r.role().HasPrivsOf(db.OwnerName()) {
		return errNoPrivilege("database", db.Name)
	}
	owner := n.Owner
	if owner == "" {
		owner = r.creator()
	} else if _, err := r.existingRole(owner); err != nil {
		return err
	}
	s, err := r.x.cat.CreateSchema(r.ctx, txn, db, n.Name, owner)
	if errs.Code(err) == errs.DuplicateSchema && n.IfNotExists {
		return r.notice("schema %q already exists, skipping", n.Name)
	}
	if err != nil {
		return err
	}
	// Its owner's default privileges of schemas, as PostgreSQL's.
	acl, err := r.defaultACL(db, ownerName(owner), catalog.DefaultSchemas)
	if err != nil || acl == nil {
		return err
	}
	_, err = r.x.cat.AlterSchema(r.ctx, txn, s, s.Name, &catalog.Privileges{Owner: owner, ACL: acl})
	return err
}

// inSchema runs fn with schema name of the statement's database as the
// statement's database, as the session runs DDL on a schema's objects
// (plan.Statement.Schema): DROP SCHEMA drops a schema's objects through
// the DROPs that name them. A missing schema is 3F000, or a notice with
// ifExists. Only the schema's owner (or a superuser) may.
func (r *run) inSchema(name string, ifExists bool, fn func() error) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	s, err := r.x.cat.Schema(r.ctx, txn, db, name)
	if err != nil {
		return r.skipMissing(err, ifExists, errs.InvalidSchemaName, "schema", name)
	}
	if r.role() != nil && !r.role().HasPrivsOf(s.OwnerName()) {
		return errNotOwner("schema", name)
	}
	saved := r.env.Database
	r.env.Database = s
	defer func() { r.env.Database = saved }()
	return fn()
}

// inObjectSchema runs fn with schema name ("public": the database
// itself) as the statement's database: a view or materialized view of
// another schema that DROP ... CASCADE drops with what it reads
// (plan.DropObject.Schema), a table of a DROP TABLE of several schemas'.
// The drop checks its own privileges.
func (r *run) inObjectSchema(name string, fn func() error) error {
	s, err := r.objectSchema(name)
	if err != nil {
		return err
	}
	saved := r.env.Database
	r.env.Database = s
	defer func() { r.env.Database = saved }()
	return fn()
}

// objectSchema is schema name of the statement's database ("public":
// the database itself).
func (r *run) objectSchema(name string) (*catalog.Database, error) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, err
	}
	s := db.Base()
	switch {
	case name != "public":
		if s, err = r.x.cat.Schema(r.ctx, txn, s, name); err != nil {
			return nil, err
		}
	case db.IsSchema():
		// Base names only the database's keys; dropping or storing a
		// view checks the database itself is live.
		if s, err = r.parentDatabase(txn, db); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// parentDatabase is the database schema sc belongs to.
func (r *run) parentDatabase(txn kv.Txn, sc *catalog.Database) (*catalog.Database, error) {
	ns, err := r.namespaceName()
	if err != nil {
		return nil, err
	}
	dbs, err := r.x.cat.Databases(r.ctx, txn, ns)
	if err != nil {
		return nil, err
	}
	for _, d := range dbs {
		if d.ID == sc.Parent {
			return d, nil
		}
	}
	return nil, errs.New(errs.InvalidCatalogName, "database of schema %q does not exist", sc.Name)
}

// renameObject runs ALTER INDEX / ALTER SEQUENCE ... RENAME TO. A renamed
// sequence is named by the column defaults that take its values
// (catalog.Field.DefaultSeq), which follow it.
func (r *run) renameObject(n *plan.RenameObject) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cat := r.x.cat
	if n.Kind == "schema" {
		return r.alterUserSchema(n.Name, n.NewName, "", n.IfExists)
	}
	if n.Kind == "index" {
		return ignoreIf(cat.RenameIndex(r.ctx, txn, db, n.Name, n.NewName), n.IfExists, errs.UndefinedTable)
	}
	if n.Kind == "function" {
		return cat.RenameFunction(r.ctx, txn, db, n.Name, n.NewName)
	}
	if n.Kind == "view" {
		return r.renameView(txn, db, n)
	}
	if _, err := cat.RenameSequence(r.ctx, txn, db, n.Name, n.NewName); err != nil {
		return ignoreIf(err, n.IfExists, errs.UndefinedTable)
	}
	tables, err := cat.Tables(r.ctx, txn, db)
	if err != nil {
		return err
	}
	for _, t := range tables {
		var nt *catalog.Table
		for i, f := range t.Fields {
			if f.DefaultSeq != n.Name {
				continue
			}
			if nt == nil {
				c := *t
				c.Fields = slices.Clone(t.Fields)
				nt = &c
			}
			nt.Fields[i].DefaultSeq = n.NewName
		}
		if nt != nil {
			if err := cat.AlterTable(r.ctx, txn, db, nt); err != nil {
				return err
			}
		}
	}
	return nil
}

// renameView renames a view or one of its columns: the view is stored
// again with everything it had (query, triggers, comment, privileges).
// The translator refused the rename when another view reads this one.
func (r *run) renameView(txn kv.Txn, db *catalog.Database, n *plan.RenameObject) error {
	cat := r.x.cat
	v, err := cat.View(r.ctx, txn, db, n.Name)
	if errs.Code(err) == errs.UndefinedTable {
		if n.IfExists {
			return r.notices([]string{`relation "` + n.Name + `" does not exist, skipping`})
		}
		return errs.New(errs.UndefinedTable, "relation %q does not exist", n.Name)
	}
	if err != nil {
		return err
	}
	nv := *v
	if n.Column == "" {
		if err := cat.DropView(r.ctx, txn, db, n.Name); err != nil {
			return err
		}
		nv.Name = n.NewName
		return cat.PutView(r.ctx, txn, db, &nv, false)
	}
	// A column's name is the view's alias list's (CREATE VIEW v (a, b)),
	// made whole from the shape when the list names fewer columns.
	nv.Columns = slices.Clone(v.Columns)
	nv.Shape = slices.Clone(v.Shape)
	for i := len(nv.Columns); i < len(nv.Shape); i++ {
		nv.Columns = append(nv.Columns, nv.Shape[i].Name)
	}
	at := slices.Index(nv.Columns, n.Column)
	if at < 0 {
		return errs.New(errs.UndefinedColumn, "column %q does not exist", n.Column)
	}
	if slices.Contains(nv.Columns, n.NewName) {
		return errs.New(errs.DuplicateColumn, "column %q of relation %q already exists", n.NewName, n.Name)
	}
	nv.Columns[at] = n.NewName
	if at < len(nv.Shape) {
		nv.Shape[at].Name = n.NewName
	}
	return cat.PutView(r.ctx, txn, db, &nv, true)
}

// changeOwner runs ... OWNER TO: both the object and the role must
// exist, as in PostgreSQL (restoring a pg_dump made without --no-owner
// names the source's roles). Databases, tables, views, sequences,
// functions and types record their new owner; schemas have none.
func (r *run) changeOwner(n *plan.ChangeOwner) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cat := r.x.cat
	switch n.Kind {
	case "large object":
		return r.changeLargeObjectOwner(n)
	case "database":
		var d *catalog.Database
		if d, err = r.namedDatabase(txn, n.Name); err == nil {
			return r.changeDatabaseOwner(d, n)
		}
	case "function":
		_, err = cat.Function(r.ctx, txn, db, n.Name)
	case "schema":
		if n.Name != "public" {
			return r.alterUserSchema(n.Name, n.Name, n.Role, n.IfExists)
		}
		// public is the database owner's (pg_catalog and
		// information_schema are not the user's to give away).
		ok := false
		if n.Name == "public" {
			if ok, err = cat.PublicSchema(r.ctx, txn, db); err != nil {
				return err
			}
		}
		if !ok {
			err = errs.New(errs.InvalidSchemaName, "schema %q does not exist", n.Name)
		}
	case "sequence":
		_, err = cat.Sequence(r.ctx, txn, db, n.Name)
	case "index":
		_, _, err = cat.FindIndex(r.ctx, txn, db, n.Name)
	case "enum":
		// ALTER TYPE: an enum, or a composite type.
		if _, err = cat.Enum(r.ctx, txn, db, n.Name); err != nil {
			if t, terr := cat.TypeDef(r.ctx, txn, db, n.Name); terr == nil && t.Domain == nil && (t.Type.IsComposite() || t.Range != nil || t.MultirangeOf != "") {
				err = nil
			}
		}
	case "domain":
		_, err = cat.TypeDef(r.ctx, txn, db, n.Name)
	case "view":
		if _, err = cat.View(r.ctx, txn, db, n.Name); errs.Code(err) == errs.UndefinedTable {
			_, err = cat.Table(r.ctx, txn, db, n.Name) // pg_dump says TABLE for views too
		}
	default:
		if _, err = cat.Table(r.ctx, txn, db, n.Name); errs.Code(err) == errs.UndefinedTable {
			if _, verr := cat.View(r.ctx, txn, db, n.Name); verr == nil {
				err = nil
			} else if _, serr := cat.Sequence(r.ctx, txn, db, n.Name); serr == nil {
				err = nil
			}
		}
	}
	if err != nil {
		return ignoreIf(err, n.IfExists, errs.Code(err))
	}
	switch n.Kind {
	case "schema", "index":
		// No owner recorded (an index is its table's, as in PostgreSQL;
		// public the database owner's).
	case "enum", "domain", "function":
		return r.changeObjectOwner(n.Kind, n.Name, n.Role)
	default:
		return r.changeRelationOwner(n.Name, n.Role)
	}
	if n.Role == "" {
		return nil
	}
	_, err = r.existingRole(n.Role)
	return err
}

// alterUserSchema runs ALTER SCHEMA name RENAME TO newName and OWNER TO
// role ("" keeps the owner) on a schema other than public: its owner or a
// superuser may, and a new owner must exist.
func (r *run) alterUserSchema(name, newName, role string, ifExists bool) error {
	return r.inSchema(name, ifExists, func() error {
		txn, s, err := r.txnDatabase()
		if err != nil {
			return err
		}
		p := s.SchemaPrivileges()
		if role != "" {
			if _, err := r.existingRole(role); err != nil {
				return err
			}
			p.SetOwner(role)
		}
		if strings.HasPrefix(newName, "pg_") {
			return errs.New(errs.ReservedName, "unacceptable schema name %q", newName).
				WithDetail("The prefix \"pg_\" is reserved for system schemas.")
		}
		if _, err = r.x.cat.AlterSchema(r.ctx, txn, s, newName, p); err != nil || newName == s.Name {
			return err
		}
		// The columns, types and functions naming its types follow.
		spaces, err := r.typeSpaces(txn)
		if err != nil {
			return err
		}
		return r.x.cat.RenameTypes(r.ctx, txn, spaces, catalog.SchemaRenamer(s.Name, newName))
	})
}

// grantSchemas runs GRANT and REVOKE ON SCHEMA of the database's own
// schemas: USAGE (reaching their objects) and CREATE (making objects in
// them). Only the owner (or a member of it, or a superuser) grants.
func (r *run) grantSchemas(n *plan.Grant) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	db = db.Base()
	grantees, err := r.grantees(n.Grantees)
	if err != nil {
		return err
	}
	privs := n.Privs
	if n.All {
		privs = catalog.SchemaPrivileges
	}
	if privs&^catalog.SchemaPrivileges != 0 {
		return errs.New(errs.InvalidGrantOperation, "invalid privilege type %s for schema", (privs &^ catalog.SchemaPrivileges).Name())
	}
	for _, name := range n.Objects {
		s, err := r.x.cat.Schema(r.ctx, txn, db, name)
		if err != nil {
			return err
		}
		p := s.SchemaPrivileges()
		if r.role() != nil && !r.role().HasPrivsOf(p.OwnerName()) {
			return errNoPrivilege("schema", name)
		}
		for _, g := range grantees {
			if n.Revoke {
				p.Revoke(g, privs, catalog.SchemaPrivileges)
			} else {
				p.Grant(g, privs, catalog.SchemaPrivileges)
			}
		}
		if _, err := r.x.cat.AlterSchema(r.ctx, txn, s, s.Name, p); err != nil {
			return err
		}
	}
	return nil
}

// checkSchemaUsage checks that who may reach t's schema when it is one
// of the database's own (USAGE; public is everyone's): PostgreSQL's
// "permission denied for schema".
func (r *run) checkSchemaUsage(t *catalog.Table, who *catalog.RoleSet) error {
	if who.Superuser {
		return nil
	}
	db, err := r.database()
	if err != nil || t.Database == db.ID || t.Database == db.Parent && db.IsSchema() {
		return err
	}
	s, err := r.tableDatabase(t)
	if err != nil {
		return err
	}
	return schemaUsage(s, who)
}

// schemaUsage checks that who may reach schema s (USAGE): a superuser
// may, and anyone the database itself (public).
func schemaUsage(s *catalog.Database, who *catalog.RoleSet) error {
	if who == nil || who.Superuser || !s.IsSchema() {
		return nil
	}
	if !s.SchemaPrivileges().Has(who.Privs, catalog.PrivUsage, catalog.SchemaPrivileges) {
		return errNoPrivilege("schema", s.Name)
	}
	return nil
}

// namedDatabase finds the database DDL names: "ns/db" names one of
// another namespace, as DROP DATABASE's does.
func (r *run) namedDatabase(txn kv.Txn, name string) (*catalog.Database, error) {
	cur, err := r.namespaceName()
	if err != nil {
		return nil, err
	}
	ns, db := catalog.SplitDatabaseName(name, cur)
	return r.x.cat.Database(r.ctx, txn, ns, db)
}
