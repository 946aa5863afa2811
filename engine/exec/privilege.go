package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/errs"
)

// Privileges are checked where the executor builds a node that reads or
// writes a table (a scan, an index scan, a write, TRUNCATE), before any
// row moves, so that every way in — SQL, ZQL, views, functions,
// triggers, COPY, cached and prepared plans — takes the one check. The
// plan's descriptors are the executing transaction's (plans are
// revalidated per execution), so a REVOKE holds from its commit on.
// Env.Role is nil for superusers: their statements pay one nil test.

// role is the statement's role whose privileges are checked; nil for a
// superuser, and in internal runs without an environment.
func (r *run) role() *catalog.RoleSet {
	if r.env == nil {
		return nil
	}
	return r.env.Role
}

// creator is the owner of what the statement creates: the current user
// ("" is root).
func (r *run) creator() string {
	u := r.currentUser()
	if u == catalog.BootstrapUser {
		return ""
	}
	return u
}

func errNoPrivilege(kind, name string) error {
	return errs.New(errs.InsufficientPrivilege, "permission denied for %s %s", kind, name)
}

func errNotOwner(kind, name string) error {
	return errs.New(errs.InsufficientPrivilege, "must be owner of %s %s", kind, name)
}

// relKind is how PostgreSQL names a table's kind in privilege errors.
func relKind(t *catalog.Table) string {
	if t.MatView != nil {
		return "materialized view"
	}
	return "table"
}

// checkTable checks that the statement's role holds need on t; views
// are the chain of views the scan was expanded from, outermost first:
// the role needs SELECT on the first, each view's owner on the next,
// and the last view's owner need on t, as PostgreSQL checks a view's
// tables with its owner's rights.
func (r *run) checkTable(t *catalog.Table, need catalog.ACLMode, views []*catalog.View) error {
	role := r.role()
	if role == nil || t.Temporary() || sysview.IsVirtual(t) {
		// The catalogs are every role's to read (pg_authid checks its
		// reader itself), a session's temporary tables its own.
		return nil
	}
	who := role
	for _, v := range views {
		if !who.Superuser && !v.Privileges.Has(who.Privs, catalog.PrivSelect, catalog.TablePrivileges) {
			return errNoPrivilege("view", v.Name)
		}
		if v.SecurityInvoker {
			// Read with the rights of who reads the view.
			continue
		}
		var err error
		if who, err = r.roleSet(v.OwnerName()); err != nil {
			return err
		}
	}
	if !who.Superuser && !t.Privileges.Has(who.Privs, need, catalog.TablePrivileges) {
		return errNoPrivilege(relKind(t), t.Name)
	}
	return r.checkSchemaUsage(t, who)
}

// checkRead checks a read of table t through views: SELECT on it
// (unless priv is false: an UPDATE or DELETE without WHERE reads it),
// its row security (applied: the plan applies its policies), and takes
// the read's ACCESS SHARE lock.
func (r *run) checkRead(t *catalog.Table, applied bool, views []*catalog.View, priv bool) error {
	if priv {
		if err := r.checkTable(t, catalog.PrivSelect, views); err != nil {
			return err
		}
	}
	if err := r.checkRowSecurity(t, applied, views); err != nil {
		return err
	}
	return r.lockTableFor(t, plan.AccessShareLock)
}

// checkTableAny checks that the statement's role holds one of anyOf on t
// (LOCK TABLE's check).
func (r *run) checkTableAny(t *catalog.Table, anyOf catalog.ACLMode) error {
	role := r.role()
	if role == nil || t.Temporary() || sysview.IsVirtual(t) || t.HasAny(role.Privs, anyOf, catalog.TablePrivileges) {
		return nil
	}
	return errNoPrivilege(relKind(t), t.Name)
}

// lockTablePrivileges are the privileges one of which LOCK TABLE in mode
// needs, as PostgreSQL checks them (LockTableAclCheck).
func lockTablePrivileges(mode plan.TableLockMode) catalog.ACLMode {
	switch mode {
	case plan.AccessShareLock:
		return catalog.PrivSelect
	case plan.RowExclusiveLock:
		return catalog.PrivInsert | catalog.PrivUpdate | catalog.PrivDelete | catalog.PrivTruncate
	}
	return catalog.PrivUpdate | catalog.PrivDelete | catalog.PrivTruncate
}

// roleSet is role name with its memberships, as the statement's
// transaction has them (a view owner's, whose rights read the view's
// tables). A dropped role has no privileges.
func (r *run) roleSet(name string) (*catalog.RoleSet, error) {
	if role := r.role(); role != nil && role.Name == name {
		return role, nil
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	u, ok, err := r.x.cat.User(r.ctx, txn, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return &catalog.RoleSet{User: &catalog.User{Name: name}}, nil
	}
	return r.x.cat.RoleSet(r.ctx, txn, u)
}

// checkSequence checks that the statement's role holds one of anyOf on
// sequence s (a column default's nextval: USAGE or UPDATE).
func (r *run) checkSequence(s *catalog.Sequence, anyOf catalog.ACLMode) error {
	if r.role() == nil || s.HasAny(r.role().Privs, anyOf, catalog.SequencePrivileges) {
		return nil
	}
	return errNoPrivilege("sequence", s.Name)
}

// beginWrite checks write n of table t (checkWrite) and takes its ROW
// EXCLUSIVE lock.
func (r *run) beginWrite(n plan.Node, t *catalog.Table) error {
	if err := r.checkWrite(n); err != nil {
		return err
	}
	return r.lockTableFor(t, plan.RowExclusiveLock)
}

// checkWrite checks a write's privileges: INSERT, UPDATE or DELETE on
// its table, and UPDATE too for an insert that may update.
func (r *run) checkWrite(n plan.Node) error {
	if r.role() == nil {
		return nil
	}
	var (
		t                  *catalog.Table
		need               catalog.ACLMode
		returning, applied bool
	)
	switch n := n.(type) {
	case *plan.Insert:
		if n.Prepare != nil {
			return nil // CREATE TABLE AS and REFRESH: the DDL's checks
		}
		t, need, returning, applied = n.Table, catalog.PrivInsert, n.Returning, n.RowSecurity
		if n.Mode == plan.InsertUpdate || n.Mode == plan.InsertReplace {
			need |= catalog.PrivUpdate
		}
	case *plan.Update:
		t, need, returning, applied = n.Table, catalog.PrivUpdate, n.Returning, n.RowSecurity
	case *plan.Delete:
		t, need, returning, applied = n.Table, catalog.PrivDelete, n.Returning, n.RowSecurity
	default:
		return nil
	}
	if returning {
		need |= catalog.PrivSelect
	}
	if err := r.checkTable(t, need, nil); err != nil {
		return err
	}
	return r.checkRowSecurity(t, applied, nil)
}

// unfilteredScanOf reports whether in is a scan of all of t's records
// with no condition: UPDATE and DELETE without WHERE, which read
// nothing a role without SELECT may not learn (PostgreSQL asks SELECT
// only of the columns a WHERE or SET reads).
func unfilteredScanOf(in plan.Node, t *catalog.Table) bool {
	if a, ok := in.(*plan.Append); ok && a.Parent.ID == t.ID {
		// A partitioned table's: every partition read whole.
		for _, p := range a.Inputs {
			if s, ok := p.(*plan.Scan); !ok || !unfilteredScanOf(s, s.Table) {
				return false
			}
		}
		return true
	}
	s, ok := in.(*plan.Scan)
	return ok && s.Table.ID == t.ID && s.Filter == nil && s.Span == nil && s.Limit == nil
}

// buildWriteInput builds the input of an UPDATE or DELETE of t: a scan
// of every record of t is no read the role needs SELECT for.
func (r *run) buildWriteInput(in plan.Node, t *catalog.Table) (iterator, error) {
	if r.role() != nil && unfilteredScanOf(in, t) {
		r.unchecked = in
		defer func() { r.unchecked = nil }()
	}
	return r.build(in)
}

// relation is a table, view or sequence of the statement's database by
// name, as the catalogs' relations share one name space; nil when there
// is none (the DDL then fails its own way).
func (r *run) relation(name string) (kind string, p *catalog.Privileges) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return "", nil
	}
	if t, err := r.x.cat.Table(r.ctx, txn, db, name); err == nil {
		if t.Temporary() {
			return "", nil
		}
		return relKind(t), &t.Privileges
	}
	if v, err := r.x.cat.View(r.ctx, txn, db, name); err == nil {
		return "view", &v.Privileges
	}
	if s, err := r.x.cat.Sequence(r.ctx, txn, db, name); err == nil {
		return "sequence", &s.Privileges
	}
	return "", nil
}

// requireOwner refuses DDL on relation name unless the statement's role
// owns it or has the owner's privileges, as a member of the owning role
// (PostgreSQL's 42501 "must be owner of table t").
func (r *run) requireOwner(name string) error {
	kind, p := r.relation(name)
	if p == nil || r.role().HasPrivsOf(p.OwnerName()) {
		return nil
	}
	return errNotOwner(kind, name)
}

// requireOwnerOfIndex is requireOwner of an index's table.
func (r *run) requireOwnerOfIndex(name string) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	t, _, err := r.x.cat.FindIndex(r.ctx, txn, db, name)
	if err != nil || t.Temporary() || r.role().HasPrivsOf(t.OwnerName()) {
		return nil
	}
	return errNotOwner("index", name)
}

// checkDDL checks that a role that is not a superuser may run DDL n:
// changing, replacing or dropping an object needs its owner, TRUNCATE
// the TRUNCATE privilege. What creates a new object needs nothing (it
// will be the role's), as PostgreSQL 15's public schema.
func (r *run) checkDDL(n plan.Node) error {
	if r.role() == nil {
		return nil
	}
	switch n := n.(type) {
	case *plan.DropTable:
		return r.requireOwner(n.Name)
	case *plan.AttachPartition:
		if err := r.requireOwner(n.Parent); err != nil {
			return err
		}
		return r.requireOwner(n.Name)
	case *plan.AlterInherit:
		if err := r.requireOwner(n.Parent); err != nil {
			return err
		}
		return r.requireOwner(n.Child)
	case *plan.DropObject:
		switch n.Kind {
		case "table", "edge", "view", "sequence":
			return r.requireOwner(n.Name)
		case "index":
			return r.requireOwnerOfIndex(n.Name)
		case "function", "enum", "type", "domain":
			return r.requireObjectOwner(n.Kind, n.Name)
		}
	case *plan.AlterTable:
		return r.requireOwner(n.Name)
	case *plan.CreateIndex:
		return r.requireOwner(n.Table)
	case *plan.CreateVectorIndex:
		return r.requireOwner(n.Table)
	case *plan.AddPrimaryKey:
		return r.requireOwner(n.Table)
	case *plan.AddForeignKey:
		if err := r.requireOwner(n.Table); err != nil {
			return err
		}
		txn, db, err := r.txnDatabase()
		if err != nil {
			return err
		}
		if n.FK.RefSchema != "" {
			if db, err = r.schemaNamed(n.FK.RefSchema); err != nil {
				return err
			}
		}
		if ref, err := r.x.cat.Table(r.ctx, txn, db, n.FK.RefTable); err == nil {
			return r.checkTable(ref, catalog.PrivReferences, nil)
		}
	case *plan.DropConstraint:
		return r.requireOwner(n.Table)
	case *plan.AddCheck:
		return r.requireOwner(n.Table)
	case *plan.ValidateConstraint:
		return r.requireOwner(n.Table)
	case *plan.RenameObject:
		if n.Kind == "schema" {
			return nil // inSchema's check
		}
		if n.Kind == "index" {
			return r.requireOwnerOfIndex(n.Name)
		}
		if n.Kind == "function" {
			return r.requireObjectOwner("function", n.Name)
		}
		return r.requireOwner(n.Name)
	case *plan.ChangeOwner:
		switch n.Kind {
		case "database", "schema", "large object":
			return nil // their own checks
		case "index":
			return r.requireOwnerOfIndex(n.Name)
		case "function", "enum", "domain":
			return r.requireObjectOwner(n.Kind, n.Name)
		}
		return r.requireOwner(n.Name)
	case *plan.SetViewOptions:
		return r.requireOwner(n.View)
	case *plan.SetRelOptions:
		if err := r.requireOwner(n.Name); err != nil {
			return err
		}
		return r.requireOwnerOfIndex(n.Name)
	case *plan.Cluster:
		if n.Table == "" {
			return nil
		}
		return r.requireOwner(n.Table)
	case *plan.Reindex:
		switch n.Kind {
		case "table":
			return r.requireOwner(n.Name)
		case "index":
			return r.requireOwnerOfIndex(n.Name)
		}
		return nil
	case *plan.Comment:
		if n.Function != "" {
			return r.requireObjectOwner("function", n.Function)
		}
		switch n.Kind {
		case "index":
			return r.requireOwnerOfIndex(n.Table)
		case "schema", "database", "large object":
			return nil // comment's own check
		case "type", "domain":
			return r.requireObjectOwner("type", n.Table)
		}
		return r.requireOwner(n.Table)
	case *plan.AlterSequence:
		return r.requireOwner(n.Name)
	case *plan.RefreshMatView:
		return r.requireOwner(n.Name)
	case *plan.CreateTrigger:
		if err := r.requireOwner(n.Table); err != nil {
			return err
		}
		return r.checkTriggerFunction(n.Trigger.Function)
	case *plan.DropTrigger:
		return r.requireOwner(n.Table)
	case *plan.EnableTrigger:
		return r.requireOwner(n.Table)
	case *plan.SetRowSecurity:
		return r.requireOwner(n.Table)
	case *plan.CreatePolicy:
		return r.requireOwner(n.Table)
	case *plan.AlterPolicy:
		return r.requireOwner(n.Table)
	case *plan.DropPolicy:
		return r.requireOwner(n.Table)
	case *plan.CreateStatistics:
		return r.requireOwner(n.Table)
	case *plan.CreateView:
		if n.Replace {
			return r.requireOwner(n.View.Name)
		}
	case *plan.CreateFunction:
		return r.requireObjectOwner("function", n.Function.Name)
	case *plan.AlterEnum:
		return r.requireObjectOwner("type", n.Name)
	case *plan.CreateType:
		if n.Replace {
			return r.requireObjectOwner("type", n.Type.Name)
		}
	case *plan.AlterDomain:
		return r.requireObjectOwner("domain", n.Domain.Name)
	case *plan.MoveType:
		return r.requireObjectOwner("type", n.Name)
	case *plan.MoveObject:
		if n.Kind == "function" {
			return r.requireObjectOwner("function", n.Name)
		}
		return r.requireOwner(n.Name)
	case *plan.CreateSchema:
		if n.Name != "public" {
			return nil // createUserSchema's check
		}
		return r.requirePublicOwner()
	case *plan.DropSchema:
		if n.Name != "public" {
			return nil // inSchema's check
		}
		return r.requirePublicOwner()
	case *plan.Truncate:
		txn, db, err := r.txnDatabase()
		if err != nil {
			return err
		}
		for _, name := range n.Tables {
			if t, err := r.x.cat.Table(r.ctx, txn, db, name); err == nil {
				if err := r.checkTable(t, catalog.PrivTruncate, nil); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// relObject is a table (or materialized view), view or sequence of a
// database with its privileges, and how to store them changed on a copy
// of its descriptor (decoded descriptors are shared).
type relObject struct {
	kind, name string
	priv       *catalog.Privileges
	all        catalog.ACLMode
	store      func(catalog.Privileges) error
}

// relObjects lists the relations of d: the one named, or every one when
// name is "".
func (r *run) relObjects(d *catalog.Database, name string) ([]relObject, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	cat := r.x.cat
	var out []relObject
	var tables []*catalog.Table
	var views []*catalog.View
	var seqs []*catalog.Sequence
	if name == "" {
		if tables, err = cat.Tables(r.ctx, txn, d); err != nil {
			return nil, err
		}
		if views, err = cat.Views(r.ctx, txn, d); err != nil {
			return nil, err
		}
		if seqs, err = cat.Sequences(r.ctx, txn, d); err != nil {
			return nil, err
		}
	} else if t, err := cat.Table(r.ctx, txn, d, name); err == nil {
		tables = append(tables, t)
	} else if v, err := cat.View(r.ctx, txn, d, name); err == nil {
		views = append(views, v)
	} else if s, err := cat.Sequence(r.ctx, txn, d, name); err == nil {
		seqs = append(seqs, s)
	}
	for _, t := range tables {
		out = append(out, relObject{relKind(t), t.Name, &t.Privileges, catalog.TablePrivileges, func(p catalog.Privileges) error {
			nt := *t
			nt.Privileges = p
			return cat.AlterTable(r.ctx, txn, d, &nt)
		}})
	}
	for _, v := range views {
		out = append(out, relObject{"view", v.Name, &v.Privileges, catalog.TablePrivileges, func(p catalog.Privileges) error {
			nv := *v
			nv.Privileges = p
			return cat.PutView(r.ctx, txn, d, &nv, true)
		}})
	}
	for _, s := range seqs {
		out = append(out, relObject{"sequence", s.Name, &s.Privileges, catalog.SequencePrivileges, func(p catalog.Privileges) error {
			ns := *s
			ns.Privileges = p
			return cat.AlterSequence(r.ctx, txn, d, &ns, false, 0)
		}})
	}
	return out, nil
}

// updatePrivileges changes the owner or access list of relation o with
// change, on a copy.
func updatePrivileges(o relObject, change func(p *catalog.Privileges, all catalog.ACLMode) error) error {
	p := catalog.Privileges{Owner: o.priv.Owner, ACL: slices.Clone(o.priv.ACL)}
	if err := change(&p, o.all); err != nil {
		return err
	}
	return o.store(p)
}

// relObjectNamed is relation name of the statement's database (42P01
// when there is none).
func (r *run) relObjectNamed(name string) (relObject, error) {
	db, err := r.database()
	if err != nil {
		return relObject{}, err
	}
	objs, err := r.relObjects(db, name)
	if err != nil {
		return relObject{}, err
	}
	if len(objs) == 0 {
		return relObject{}, errs.New(errs.UndefinedTable, "relation %q does not exist", name)
	}
	return objs[0], nil
}

// changeRelationOwner runs ALTER TABLE / VIEW / SEQUENCE / MATERIALIZED
// VIEW ... OWNER TO role.
func (r *run) changeRelationOwner(name, role string) error {
	role, err := r.ownerRole(role)
	if err != nil {
		return err
	}
	o, err := r.relObjectNamed(name)
	if err != nil {
		return err
	}
	return updatePrivileges(o, func(p *catalog.Privileges, _ catalog.ACLMode) error {
		p.SetOwner(role)
		return nil
	})
}

// grant runs GRANT and REVOKE on tables, views and sequences. Only the
// owner grants (a superuser or a member of the owning role: their grant
// counts as the owner's): there is no WITH GRANT OPTION.
func (r *run) grant(n *plan.Grant) error {
	if n.Routines {
		return r.grantRoutines(n)
	}
	if n.Schemas {
		return r.grantSchemas(n)
	}
	if n.LargeObjects {
		return r.grantLargeObjects(n)
	}
	db, err := r.database()
	if err != nil {
		return err
	}
	var objs []relObject
	if n.AllInSchema {
		all, err := r.relObjects(db, "")
		if err != nil {
			return err
		}
		for _, o := range all {
			if (o.kind == "sequence") == n.Sequences {
				objs = append(objs, o)
			}
		}
	}
	for _, name := range n.Objects {
		o, err := r.relObjectNamed(name)
		if err != nil {
			return err
		}
		objs = append(objs, o)
	}
	grantees, err := r.grantees(n.Grantees)
	if err != nil {
		return err
	}
	for _, o := range objs {
		err := updatePrivileges(o, func(p *catalog.Privileges, all catalog.ACLMode) error {
			kind := "table"
			if o.kind == "sequence" {
				kind = "sequence"
			}
			if n.Sequences && kind != "sequence" {
				return errs.New(errs.WrongObjectType, "%q is not a sequence", o.name)
			}
			if r.role() != nil && !r.role().HasPrivsOf(p.OwnerName()) {
				return errNoPrivilege(kind, o.name)
			}
			privs := n.Privs
			if n.All {
				privs = all
			}
			if privs&^all != 0 {
				return errs.New(errs.InvalidGrantOperation, "invalid privilege type %s for %s", (privs &^ all).Name(), kind)
			}
			for _, g := range grantees {
				if n.Revoke {
					p.Revoke(g, privs, all)
				} else {
					p.Grant(g, privs, all)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// grantees are the roles GRANT and REVOKE name ("" is PUBLIC), each of
// which must exist.
func (r *run) grantees(specs []plan.RoleSpec) ([]string, error) {
	names := r.roleNames(specs)
	for _, g := range names {
		if g == "" {
			continue
		}
		if _, err := r.existingRole(g); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// checkGraph checks a graph walk or edge write: SELECT on every edge
// table a walk may take (every one of the database for a step without
// an edge table) and on the vertex tables its steps name (every table
// when a step filters vertices of any table); INSERT, or DELETE, on the
// edge table LinkEdges writes when it exists (else the role makes it).
func (r *run) checkGraph(n plan.Node) error {
	if r.role() == nil {
		return nil
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	var all []*catalog.Table
	check := func(name string, need catalog.ACLMode, edgesOnly bool) error {
		if name != "" {
			t, err := r.x.cat.Table(r.ctx, txn, db, name)
			if err != nil {
				return nil // the walk finds nothing, or fails its own way
			}
			if err := r.checkTable(t, need, nil); err != nil {
				return err
			}
			return r.checkRowSecurity(t, false, nil)
		}
		if all == nil {
			if all, err = r.x.cat.Tables(r.ctx, txn, db); err != nil {
				return err
			}
		}
		for _, t := range all {
			if t.Edge != nil || !edgesOnly {
				if err := r.checkTable(t, need, nil); err != nil {
					return err
				}
				if err := r.checkRowSecurity(t, false, nil); err != nil {
					return err
				}
			}
		}
		return nil
	}
	switch n := n.(type) {
	case *plan.Traverse:
		for _, s := range n.Steps {
			if err := check(s.Edge, catalog.PrivSelect, true); err != nil {
				return err
			}
			for _, v := range s.Tables {
				if err := check(v, catalog.PrivSelect, false); err != nil {
					return err
				}
			}
			if s.VertexFilter != nil && len(s.Tables) == 0 {
				if err := check("", catalog.PrivSelect, false); err != nil {
					return err
				}
			}
		}
	case *plan.ShortestPath:
		return check(n.Edge, catalog.PrivSelect, true)
	case *plan.LinkEdges:
		need := catalog.PrivInsert
		if n.Remove {
			need = catalog.PrivDelete
		}
		return check(n.Edge, need, true)
	}
	return nil
}

// requireObjectOwner refuses DDL on a function, enum or named type (a
// domain) unless the statement's role owns it; a missing one fails the
// DDL's own way.
func (r *run) requireObjectOwner(kind, name string) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cat := r.x.cat
	owner := ""
	switch kind {
	case "function":
		f, err := cat.Function(r.ctx, txn, db, name)
		if err != nil {
			return nil
		}
		owner = f.OwnerName()
	default:
		if e, err := cat.Enum(r.ctx, txn, db, name); err == nil {
			owner = e.OwnerName()
		} else if t, err := cat.TypeDef(r.ctx, txn, db, name); err == nil {
			owner = t.OwnerName()
		} else {
			return nil
		}
	}
	if r.role().HasPrivsOf(owner) {
		return nil
	}
	if kind == "enum" {
		kind = "type"
	}
	return errNotOwner(kind, name)
}

// changeObjectOwner runs ALTER FUNCTION / TYPE / DOMAIN ... OWNER TO.
func (r *run) changeObjectOwner(kind, name, role string) error {
	role, err := r.ownerRole(role)
	if err != nil {
		return err
	}
	db, err := r.database()
	if err != nil {
		return err
	}
	return r.setObjectOwner(db, kind, name, role)
}

// setObjectOwner gives function, enum or named type name of d a new
// owner; kind "function" names a function, any other a type.
func (r *run) setObjectOwner(d *catalog.Database, kind, name, role string) error {
	if role == catalog.BootstrapUser {
		role = ""
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	cat := r.x.cat
	if kind == "function" {
		f, err := cat.Function(r.ctx, txn, d, name)
		if err != nil {
			return err
		}
		nf := *f
		nf.Privileges = catalog.Privileges{Owner: f.Owner, ACL: slices.Clone(f.ACL)}
		nf.SetOwner(ownerName(role))
		return cat.PutFunction(r.ctx, txn, d, &nf)
	}
	if e, err := cat.Enum(r.ctx, txn, d, name); err == nil {
		ne := *e
		ne.Owner = role
		return cat.AlterEnum(r.ctx, txn, d, nil, name, &ne) // no column's type changes
	}
	t, err := cat.TypeDef(r.ctx, txn, d, name)
	if err != nil {
		return err
	}
	nt := *t
	nt.Owner = role
	if err := cat.PutTypeDef(r.ctx, txn, d, &nt); err != nil || t.Range == nil {
		return err
	}
	// A range type's multirange is its owner's too.
	return r.setObjectOwner(d, kind, t.Range.Multirange, role)
}

// objectsOwnedIn lists the functions, enums and named types of d that
// role owns.
func (r *run) objectsOwnedIn(d *catalog.Database, role string) ([]roleObject, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	cat := r.x.cat
	var out []roleObject
	add := func(kind, name, owner string) {
		if ownerName(owner) == role {
			out = append(out, roleObject{kind: kind, name: name, owner: true, rename: func(to string) error {
				return r.setObjectOwner(d, kind, name, to)
			}})
		}
	}
	fns, err := cat.Functions(r.ctx, txn, d)
	if err != nil {
		return nil, err
	}
	for _, f := range fns {
		owner, held := roleIn(&f.Privileges, role)
		if !owner && !held {
			continue
		}
		// PostgreSQL 15 names aggregates and procedures functions too.
		out = append(out, roleObject{kind: "function", name: f.Signature(), owner: owner, rename: func(to string) error {
			nf := *f
			nf.Privileges = catalog.Privileges{Owner: f.Owner, ACL: slices.Clone(f.ACL)}
			nf.RenameRole(role, to)
			return cat.PutFunction(r.ctx, txn, d, &nf)
		}})
	}
	enums, err := cat.Enums(r.ctx, txn, d)
	if err != nil {
		return nil, err
	}
	for _, e := range enums {
		add("type", e.Name, e.Owner)
	}
	types, err := cat.TypeDefs(r.ctx, txn, d)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		add("type", t.Name, t.Owner)
	}
	return out, nil
}

// ownerName is an owner field's role ("" is root).
func ownerName(owner string) string {
	if owner == "" {
		return catalog.BootstrapUser
	}
	return owner
}

// requirePublicOwner checks that the role may create or drop schema
// public: DROP SCHEMA public CASCADE empties the database, and public is
// the database owner's (PostgreSQL 15's pg_database_owner).
func (r *run) requirePublicOwner() error {
	if d := r.env.Database; d != nil && !r.role().HasPrivsOf(d.OwnerName()) {
		return errNotOwner("schema", "public")
	}
	return nil
}
