package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
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
	// Each drop names its object as PostgreSQL's messages do: qualified
	// by a schema other than public (not on the search path when it is
	// dropped), a function with its argument types.
	type drop struct {
		node plan.Node
		what string
		// rank orders the messages: tables, views, sequences, types,
		// functions (PostgreSQL lists objects as they were made; tables
		// first is the usual order), where drops go views first.
		rank int
		// users are the columns elsewhere of a type's (schemaTypeUsers).
		users []string
	}
	qualified := func(name string) string {
		if db.IsSchema() {
			return builtin.QuoteIdent(db.Name) + "." + builtin.QuoteIdent(name)
		}
		return builtin.QuoteIdent(name)
	}
	var drops []drop
	var tableNames []string
	for _, v := range views {
		drops = append(drops, drop{node: &plan.DropObject{Kind: "view", Name: v.Name, IfExists: true}, what: "view " + qualified(v.Name), rank: 1})
	}
	for _, t := range tables {
		if t.MatView != nil {
			drops = append(drops, drop{node: &plan.DropTable{Name: t.Name, IfExists: true, Cascade: true, MatView: true}, what: "materialized view " + qualified(t.Name)})
			continue
		}
		tableNames = append(tableNames, t.Name)
	}
	for _, name := range tableNames {
		drops = append(drops, drop{node: &plan.DropTable{Name: name, IfExists: true, Cascade: true, With: tableNames}, what: "table " + qualified(name)})
	}
	for _, s := range seqs {
		if s.OwnedTable != "" && slices.Contains(tableNames, s.OwnedTable) {
			continue // goes with its table
		}
		drops = append(drops, drop{node: &plan.DropObject{Kind: "sequence", Name: s.Name, IfExists: true, Cascade: true}, what: "sequence " + qualified(s.Name), rank: 2})
	}
	for _, f := range funcs {
		what := "function "
		if f.IsProcedure() {
			what = "procedure "
		}
		sig := f.Signature()
		drops = append(drops, drop{node: &plan.DropObject{Kind: "function", Name: f.Name, IfExists: true}, what: what + qualified(f.Name) + sig[len(f.Name):], rank: 4})
	}
	typeNames := make([]string, 0, len(enums)+len(types))
	for _, e := range enums {
		drops = append(drops, drop{node: &plan.DropObject{Kind: "enum", Name: e.Name, IfExists: true}, what: "type " + qualified(e.Name), rank: 3})
		typeNames = append(typeNames, e.Name)
	}
	for _, t := range types {
		drops = append(drops, drop{node: &plan.DropObject{Kind: "type", Name: t.Name, IfExists: true}, what: "type " + qualified(t.Name), rank: 3})
		typeNames = append(typeNames, t.Name)
	}
	if db.IsSchema() {
		users, err := r.schemaTypeUsers(txn, db, typeNames)
		if err != nil {
			return err
		}
		for i := range drops {
			if dr, ok := drops[i].node.(*plan.DropObject); ok && (dr.Kind == "enum" || dr.Kind == "type") {
				drops[i].users = users[dr.Name]
				if n.Cascade && len(drops[i].users) > 0 {
					// PostgreSQL would drop those columns; zerodb does
					// not drop data silently.
					return errs.New(errs.FeatureNotSupported, "DROP SCHEMA ... CASCADE of a schema whose type another schema's column uses is not supported").
						WithDetail("%s", drops[i].users[0]).WithHint("Drop or retype the column first.")
				}
			}
		}
	}
	byRank := func(ds []drop) []drop {
		return slices.SortedStableFunc(slices.Values(ds), func(a, b drop) int { return a.rank - b.rank })
	}
	if len(drops) > 0 && !n.Cascade {
		var deps []string
		for _, d := range byRank(drops) {
			deps = append(append(deps, d.what+" depends on schema "+n.Name), d.users...)
		}
		return errs.New(errs.DependentObjectsStillExist, "cannot drop schema %s because other objects depend on it", n.Name).
			WithDetail("%s", strings.Join(deps, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	// Each object's line, then what its drop cascaded to (foreign keys
	// of other schemas' tables, ...), then the other schemas' views the
	// statement dropped first (plan.DropSchema.Notices).
	saved := r.cascaded
	for i := range drops {
		// users, empty under CASCADE, now holds what the drop cascaded to.
		r.cascaded = &drops[i].users
		if err := (&ddlIter{r: r, n: drops[i].node}).open(outer{}); err != nil {
			r.cascaded = saved
			return err
		}
	}
	r.cascaded = saved
	var msgs []string
	for _, d := range byRank(drops) {
		msgs = append(append(msgs, "drop cascades to "+d.what), d.users...)
	}
	if err := r.cascades(append(msgs, n.Notices...)); err != nil {
		return err
	}
	if db.IsSchema() {
		return cat.DropSchema(r.ctx, txn, db)
	}
	return cat.SetPublicSchema(r.ctx, txn, db, false)
}

// schemaTypeUsers lists, by type name, as PostgreSQL's DETAIL lines, the
// columns, composite type attributes and domain columns outside schema
// sc that use one of its types names.
func (r *run) schemaTypeUsers(txn kv.Txn, sc *catalog.Database, names []string) (map[string][]string, error) {
	spaces, err := r.typeSpaces(txn)
	if err != nil {
		return nil, err
	}
	others := slices.DeleteFunc(spaces, func(d *catalog.Database) bool { return d.ID == sc.ID })
	out := map[string][]string{}
	for _, name := range names {
		qname := catalog.QualifiedType(sc, name)
		uses := func(user string) { out[name] = append(out[name], user+" depends on type "+qname) }
		users, err := r.x.cat.TypeUsers(r.ctx, txn, others, qname)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			uses("column " + u.Column + " of table " + catalog.QualifiedType(u.DB, u.Table.Name))
		}
		comps, attrs, err := r.x.cat.CompositeUsers(r.ctx, txn, others, qname)
		if err != nil {
			return nil, err
		}
		for i := range comps {
			uses("column " + attrs[i] + " of composite type " + comps[i])
		}
		err = r.domainColumns(txn, qname, func(d *catalog.Database, t *catalog.Table, f *catalog.Field) error {
			if d.ID != sc.ID {
				uses("column " + f.Name + " of table " + catalog.QualifiedType(d, t.Name))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
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
