package sysview

import (
	"fmt"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// privileges are a relation's owner and access list: its own for a
// table, view or sequence, its table's for an index (whose relacl
// PostgreSQL leaves NULL).
func (r *relInfo) privileges() *catalog.Privileges {
	switch {
	case r.kind == 'v' && r.view != nil:
		return &r.view.Privileges
	case r.kind == 'S' && r.seq != nil:
		return &r.seq.Privileges
	case r.table != nil && !IsVirtual(r.table):
		return &r.table.Privileges
	}
	return nil
}

// owner is the relation's owner (pg_tables' tableowner), root for the
// catalogs.
func (r *relInfo) owner() string {
	if p := r.privileges(); p != nil {
		return p.OwnerName()
	}
	return bootstrapRole
}

// allPrivileges are every privilege of the relation's kind.
func (r *relInfo) allPrivileges() catalog.ACLMode {
	if r.kind == 'S' {
		return catalog.SequencePrivileges
	}
	return catalog.TablePrivileges
}

// relACL is pg_class's relowner and relacl of r.
func relACL(r *relInfo) (owner uint32, acl any) {
	p := r.privileges()
	if p == nil {
		return OIDBootstrapRole, nil
	}
	if r.kind == 'i' || p.ACL == nil {
		return RoleOID(p.OwnerName()), nil
	}
	return RoleOID(p.OwnerName()), aclValue(p.ACL)
}

// aclValue is an access list as the catalogs show it: aclitem[] text,
// NULL for the default (nil).
func aclValue(acl []catalog.ACLItem) any {
	if acl == nil {
		return nil
	}
	items := make([]value.Value, 0, len(acl))
	for _, a := range acl {
		if a.Privs != 0 {
			items = append(items, value.String(a.String()))
		}
	}
	return value.List(items)
}

// grants lists who holds what on r, the owner's default included, as
// the access list says (grantee "" is PUBLIC).
func (r *relInfo) grants() []catalog.ACLItem {
	p := r.privileges()
	if p == nil || r.kind == 'i' {
		return nil
	}
	if p.ACL == nil {
		return catalog.ACLDefault(p.Owner, r.allPrivileges())
	}
	return p.ACL
}

func tablePrivilegeCols() []col {
	return cols("grantor", tName, "grantee", tName, "table_catalog", tName, "table_schema", tName,
		"table_name", tName, "privilege_type", tText, "is_grantable", tText, "with_hierarchy", tText)
}

// isTablePrivileges is information_schema.table_privileges (and
// role_table_grants): one row per grantee and privilege of every table
// and view. PostgreSQL shows only those the current role takes part in;
// zerodb shows them all.
func isTablePrivileges(m *model, out *rowSet) error {
	db := m.dbName()
	m.each(func(r *relInfo) {
		if r.kind != 'r' && r.kind != 'v' && r.kind != 'm' {
			return
		}
		for _, a := range r.grants() {
			grantee := a.Grantee
			if grantee == "" {
				grantee = "PUBLIC"
			}
			grantable := "NO"
			if a.Grantee == r.privileges().OwnerName() {
				grantable = "YES"
			}
			for _, name := range a.Privs.Names() {
				hier := "NO"
				if name == "SELECT" {
					hier = "YES"
				}
				out.add(a.Grantor, grantee, db, m.nspName(r.nsp), r.name, name, grantable, hier)
			}
		}
	})
	return m.err
}

func routinePrivilegeCols() []col {
	return cols("grantor", tName, "grantee", tName, "specific_catalog", tName, "specific_schema", tName,
		"specific_name", tName, "routine_catalog", tName, "routine_schema", tName, "routine_name", tName,
		"privilege_type", tText, "is_grantable", tText)
}

// isRoutinePrivileges is information_schema.routine_privileges (and
// role_routine_grants): one row per grantee of EXECUTE on every stored
// function, PUBLIC's and the owner's by default. As table_privileges, it
// shows every grant, not only the current role's.
func isRoutinePrivileges(m *model, out *rowSet) error {
	db := m.dbName()
	return m.eachProc(func(p *procInfo) {
		if p.fn == nil {
			return
		}
		acl := p.fn.ACL
		if acl == nil {
			acl = catalog.ACLDefault(p.fn.Owner, catalog.FunctionPrivileges)
		}
		nsp := m.nspName(p.nsp)
		for _, a := range acl {
			if a.Privs&catalog.PrivExecute == 0 {
				continue
			}
			grantee := a.Grantee
			if grantee == "" {
				grantee = "PUBLIC"
			}
			out.add(a.Grantor, grantee, db, nsp, specificName(p), db, nsp, p.name, "EXECUTE", yesNo(a.Grantee == p.fn.OwnerName()))
		}
	})
}

// privilegeArgs splits a has_*_privilege call into its role (the
// session's when not given, as PostgreSQL's two-argument forms), object
// and privileges, and reports whether the role is a superuser. The
// privileges are a comma-separated list of which any one suffices;
// allowed are the ones the object's kind has. A privilege WITH GRANT
// OPTION only an owner holds (there are no grant options): role is then
// given as holding nothing else.
func privilegeArgs(e *Env, a []value.Value, nargs int, allowed catalog.ACLMode) (role *catalog.RoleSet, obj value.Value, any catalog.ACLMode, err error) {
	name := ""
	if e.Session != nil {
		name = e.Session.User()
	}
	if len(a) == nargs+1 {
		if name, err = roleArg(e, a[0]); err != nil {
			return nil, value.None, 0, err
		}
		a = a[1:]
	}
	grantOption := false
	for _, p := range strings.Split(value.CastText(a[len(a)-1]), ",") {
		p = strings.TrimSpace(strings.ToUpper(p))
		if q, ok := strings.CutSuffix(p, " WITH GRANT OPTION"); ok {
			p, grantOption = strings.TrimSpace(q), true
		}
		m := catalog.PrivilegeByName(p)
		if m == 0 || m&allowed == 0 {
			return nil, value.None, 0, errs.New(errs.InvalidParameterValue, "unrecognized privilege type: %q", p)
		}
		any |= m
	}
	if role, err = e.roleSet(name); err != nil {
		return nil, value.None, 0, err
	}
	if grantOption {
		any |= grantOptionBit
	}
	return role, a[0], any, nil
}

// grantOptionBit marks a question WITH GRANT OPTION in privilegeArgs'
// answer: no privilege has the bit.
const grantOptionBit catalog.ACLMode = 1 << 15

// hasPrivilege is has_table_privilege and has_sequence_privilege:
// ([role,] relation, privileges).
func hasPrivilege(e *Env, a []value.Value) (value.Value, error) {
	role, obj, any, err := privilegeArgs(e, a, 2, catalog.TablePrivileges|catalog.SequencePrivileges)
	if err != nil {
		return value.None, err
	}
	return relationPrivilege(e, role, obj, any)
}

// relationPrivilege answers whether role holds one of any on the
// relation obj names.
func relationPrivilege(e *Env, role *catalog.RoleSet, obj value.Value, any catalog.ACLMode) (value.Value, error) {
	r, err := relArg(e, obj)
	if err != nil {
		return value.None, err
	}
	if extra := any &^ grantOptionBit &^ r.allPrivileges(); extra != 0 {
		return value.None, errs.New(errs.InvalidParameterValue, "unrecognized privilege type: %q", extra.Name())
	}
	return holds(role, r.privileges(), any, r.allPrivileges()), nil
}

// holds answers whether role holds one of any (with grantOptionBit: WITH
// GRANT OPTION) on an object of privileges p (nil: a catalog, or a
// built-in function, every role's) whose kind's privileges are all.
func holds(role *catalog.RoleSet, p *catalog.Privileges, any, all catalog.ACLMode) value.Value {
	grantOption := any&grantOptionBit != 0
	any &^= grantOptionBit
	switch {
	case role.Superuser || p == nil:
		// Superusers hold everything; the catalogs are every role's to read.
		return value.Bool(!grantOption || role.Superuser)
	case grantOption:
		// There are no grant options: the owner's own are the only ones.
		return value.Bool(p.OwnerName() == role.Name && p.HasAny(role.Privs, any, all))
	}
	return value.Bool(p.HasAny(role.Privs, any, all))
}

// hasColumnPrivilege is has_column_privilege([role,] table, column,
// privileges): there are no column privileges, so the table's answer.
func hasColumnPrivilege(e *Env, a []value.Value) (value.Value, error) {
	role, obj, any, err := privilegeArgs(e, a, 3, catalog.PrivSelect|catalog.PrivInsert|catalog.PrivUpdate|catalog.PrivReferences)
	if err != nil {
		return value.None, err
	}
	return relationPrivilege(e, role, obj, any)
}

// hasDatabasePrivilege is has_database_privilege([role,] database,
// privileges): CONNECT and TEMPORARY for the databases of the role's
// namespace, CREATE for their owner.
func hasDatabasePrivilege(e *Env, a []value.Value) (value.Value, error) {
	role, obj, any, err := privilegeArgs(e, a, 2, catalog.PrivConnect|catalog.PrivTemporary|catalog.PrivCreate)
	if err != nil || role.Superuser || e.Cat == nil || e.Namespace == nil {
		return value.Bool(err == nil), err
	}
	dbs, err := e.Cat.Databases(e.Ctx, e.Txn, e.Namespace.Name)
	if err != nil {
		return value.None, err
	}
	var d *catalog.Database
	for _, x := range dbs {
		if (obj.Kind() == value.KindString && x.Name == obj.AsString()) || (obj.Kind() == value.KindInt && int64(DatabaseOID(x.ID)) == obj.AsInt()) {
			d = x
		}
	}
	if d == nil {
		return value.None, errs.New(errs.InvalidCatalogName, "database %q does not exist", value.CastText(obj))
	}
	ok := any&(catalog.PrivConnect|catalog.PrivTemporary) != 0 && role.Namespace == e.Namespace.Name
	ok = ok || (any&catalog.PrivCreate != 0 && role.HasPrivsOf(d.OwnerName()))
	return value.Bool(ok), nil
}

// hasSchemaPrivilege is has_schema_privilege([role,] schema,
// privileges): every role may use the schemas and create in public, as
// in PostgreSQL 15; only superusers create in the system schemas.
func hasSchemaPrivilege(e *Env, a []value.Value) (value.Value, error) {
	role, obj, any, err := privilegeArgs(e, a, 2, catalog.PrivUsage|catalog.PrivCreate)
	if err != nil {
		return value.None, err
	}
	name := value.CastText(obj)
	if obj.Kind() == value.KindInt {
		name = newModel(e).nspName(uint32(obj.AsInt()))
	}
	switch name {
	case "public":
		return value.Bool(true), nil
	case PgCatalog, InformationSchema:
		return value.Bool(role.Superuser || any&catalog.PrivUsage != 0), nil
	}
	if sc := e.userSchemaByName(name); sc != nil {
		return value.Bool(role.Superuser || sc.SchemaPrivileges().HasAny(role.Privs, any, catalog.SchemaPrivileges)), nil
	}
	return value.None, errs.New(errs.InvalidSchemaName, "schema %q does not exist", name)
}

// hasFunctionPrivilege is has_function_privilege([role,] function,
// privileges): EXECUTE as the function's access list says (PUBLIC's by
// default); the built-in functions are every role's.
func hasFunctionPrivilege(e *Env, a []value.Value) (value.Value, error) {
	role, obj, any, err := privilegeArgs(e, a, 2, catalog.PrivExecute)
	if err != nil {
		return value.None, err
	}
	p, ok, err := procArg(e, obj)
	if errs.Code(err) == errs.UndefinedFunction && obj.Kind() == value.KindString {
		err = errs.New(errs.UndefinedFunction, "function %q does not exist", obj.AsString())
	}
	if err != nil || !ok {
		return value.None, err
	}
	var priv *catalog.Privileges
	if p.fn != nil {
		priv = &p.fn.Privileges
	}
	return holds(role, priv, any, catalog.FunctionPrivileges), nil
}

// roleSet is role name with its memberships (outside a session: a
// superuser); 42704 when there is none.
func (e *Env) roleSet(name string) (*catalog.RoleSet, error) {
	if e.Cat == nil || e.Session == nil {
		return &catalog.RoleSet{User: &catalog.User{Name: name, Superuser: true}}, nil
	}
	if e.Role != nil && e.Role.Name == name {
		return e.Role, nil
	}
	u, ok, err := e.Cat.User(e.Ctx, e.Txn, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.UndefinedObject, "role %q does not exist", name)
	}
	return e.Cat.RoleSet(e.Ctx, e.Txn, u)
}

// roleArg is a role given by name or by OID.
func roleArg(e *Env, v value.Value) (string, error) {
	if v.Kind() == value.KindString {
		return v.AsString(), nil
	}
	oid, err := oidArg(v)
	if err != nil {
		return "", err
	}
	name, err := newModel(e).roleName(oid)
	if err == nil && name == "" {
		err = errs.New(errs.UndefinedObject, "role with OID %d does not exist", oid)
	}
	return name, err
}

// checkSequence refuses the statement's role a sequence function unless
// it holds one of anyOf on s (nextval: USAGE or UPDATE; setval: UPDATE;
// currval: SELECT or USAGE), as PostgreSQL does.
func (e *Env) checkSequence(s *catalog.Sequence, anyOf catalog.ACLMode) error {
	if e.Role == nil || s.HasAny(e.Role.Privs, anyOf, catalog.SequencePrivileges) {
		return nil
	}
	return errs.New(errs.InsufficientPrivilege, "permission denied for sequence %s", s.Name)
}

// currentRoles is the current user with its memberships (every role's
// for a superuser, and outside a session).
func (m *model) currentRoles() (*catalog.RoleSet, error) {
	name := ""
	if m.e.Session != nil {
		name = m.e.Session.User()
	}
	return m.e.roleSet(name)
}

// isApplicableRoles is information_schema.applicable_roles: the
// memberships of the roles whose privileges the current user has.
func isApplicableRoles(m *model, out *rowSet) error {
	me, err := m.currentRoles()
	if err != nil {
		return err
	}
	return m.roles(func(_ uint32, u *catalog.User) {
		if !me.HasPrivsOf(u.Name) {
			return
		}
		for _, g := range u.MemberOf {
			grantable := "NO"
			if g.Admin {
				grantable = "YES"
			}
			out.add(u.Name, g.Role, grantable)
		}
	})
}

// isEnabledRoles is information_schema.enabled_roles: the roles whose
// privileges the current user has.
func isEnabledRoles(m *model, out *rowSet) error {
	me, err := m.currentRoles()
	if err != nil {
		return err
	}
	return m.roles(func(_ uint32, u *catalog.User) {
		if me.HasPrivsOf(u.Name) {
			out.add(u.Name)
		}
	})
}

// pgHasRole is pg_has_role([user,] role, privilege): MEMBER asks whether
// user is role or a member of it, USAGE whether it has role's
// privileges, either WITH ADMIN OPTION (or GRANT OPTION) whether it may
// grant role. Any one of a comma-separated list suffices.
func pgHasRole(e *Env, a []value.Value) (value.Value, error) {
	name := ""
	if e.Session != nil {
		name = e.Session.User()
	}
	if len(a) == 3 {
		var err error
		if name, err = roleArg(e, a[0]); err != nil {
			return value.None, err
		}
		a = a[1:]
	}
	target, err := roleArg(e, a[0])
	if err != nil {
		return value.None, err
	}
	me, err := e.roleSet(name)
	if err != nil {
		return value.None, err
	}
	if _, err := e.roleSet(target); err != nil {
		return value.None, err
	}
	ok := false
	for _, p := range strings.Split(value.CastText(a[1]), ",") {
		p = strings.ToUpper(strings.TrimSpace(p))
		priv, admin := strings.CutSuffix(p, " WITH ADMIN OPTION")
		if !admin {
			priv, admin = strings.CutSuffix(p, " WITH GRANT OPTION")
		}
		switch {
		case priv != "MEMBER" && priv != "USAGE":
			return value.None, errs.New(errs.InvalidParameterValue, "unrecognized privilege type: %q", p)
		case admin:
			ok = ok || me.IsAdminOf(target)
		case priv == "MEMBER":
			ok = ok || me.IsMemberOf(target)
		default:
			ok = ok || me.HasPrivsOf(target)
		}
	}
	return value.Bool(ok), nil
}

// policyCmds are pg_policy's polcmd and pg_policies' cmd by command.
var policyCmds = map[string]struct {
	polcmd byte
	cmd    string
}{
	"all": {'*', "ALL"}, "select": {'r', "SELECT"}, "insert": {'a', "INSERT"},
	"update": {'w', "UPDATE"}, "delete": {'d', "DELETE"},
}

// eachPolicy calls fn for every row security policy of the database's
// tables.
func (m *model) eachPolicy(fn func(r *relInfo, p *catalog.Policy)) error {
	m.each(func(r *relInfo) {
		if r.kind == 'r' && r.table != nil {
			for i := range r.table.Policies {
				fn(r, &r.table.Policies[i])
			}
		}
	})
	return m.err
}

// nullText is s, or NULL when it is empty.
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func pgPolicy(m *model, out *rowSet) error {
	return m.eachPolicy(func(r *relInfo, p *catalog.Policy) {
		roles := []value.Value{value.Int(0)} // PUBLIC
		if len(p.Roles) > 0 {
			roles = roles[:0]
			for _, role := range p.Roles {
				roles = append(roles, value.Int(int64(RoleOID(role))))
			}
		}
		out.add(policyOID(r.table, p.Name), p.Name, r.oid, policyCmds[p.Command].polcmd, !p.Restrictive,
			value.List(roles), nullText(p.Using), nullText(p.Check))
	})
}

func pgPolicies(m *model, out *rowSet) error {
	return m.eachPolicy(func(r *relInfo, p *catalog.Policy) {
		permissive := "PERMISSIVE"
		if p.Restrictive {
			permissive = "RESTRICTIVE"
		}
		roles := []value.Value{value.String("public")}
		if len(p.Roles) > 0 {
			roles = roles[:0]
			for _, role := range p.Roles {
				roles = append(roles, value.String(role))
			}
		}
		out.add(m.nspName(r.nsp), r.name, p.Name, permissive, value.List(roles), policyCmds[p.Command].cmd,
			nullText(p.Using), nullText(p.Check))
	})
}

// rlsBypass is zerodb_rls_bypass(owner, force): whether the statement's
// role reads and writes a table of that owner without its policies
// (the row security conditions sqlfe/policy.go makes call it).
func rlsBypass(e *Env, a []value.Value) (value.Value, error) {
	r := e.Role
	if r == nil || r.Superuser {
		return value.Bool(true), nil
	}
	force := a[1].Kind() == value.KindBool && a[1].AsBool()
	return value.Bool(!force && r.HasPrivsOf(value.CastText(a[0]))), nil
}

// rlsRole is zerodb_rls_role(roles): whether a policy of roles applies
// to the statement's role (one whose privileges it has).
func rlsRole(e *Env, a []value.Value) (value.Value, error) {
	r := e.Role
	if a[0].Kind() != value.KindList {
		return value.Bool(false), nil
	}
	for _, v := range a[0].AsList() {
		if r == nil || r.HasPrivsOf(value.CastText(v)) {
			return value.Bool(true), nil
		}
	}
	return value.Bool(false), nil
}

// pgDefaultACL is pg_default_acl: ALTER DEFAULT PRIVILEGES' entries of
// the database (namespace 0, or public's) and of its schemas, read in
// the statement's transaction (the session's copy of the database may
// be older).
func pgDefaultACL(m *model, out *rowSet) error {
	e := m.e
	if e.Cat == nil || e.Database == nil || e.Namespace == nil {
		return nil
	}
	base := e.Database
	if base.IsSchema() {
		dbs, err := e.Cat.Databases(e.Ctx, e.Txn, e.Namespace.Name)
		if err != nil {
			return err
		}
		for _, d := range dbs {
			if d.ID == base.Parent {
				base = d
			}
		}
	} else {
		d, err := e.Cat.Database(e.Ctx, e.Txn, e.Namespace.Name, base.Name)
		if err != nil {
			return err
		}
		base = d
	}
	add := func(nsp uint32, d catalog.DefaultACL) {
		out.add(hashOID("defacl", fmt.Sprint(nsp, d.Role, d.Kind)), RoleOID(d.Role), nsp, d.Kind, aclValue(d.ACL))
	}
	for _, d := range base.DefaultACLs {
		nsp := uint32(0)
		if d.InSchema {
			nsp = OIDPublic
		}
		add(nsp, d)
	}
	schemas, err := e.Cat.Schemas(e.Ctx, e.Txn, base)
	if err != nil {
		return err
	}
	for _, s := range schemas {
		for _, d := range s.DefaultACLs {
			add(SchemaOID(s.ID), d)
		}
	}
	return out.err
}
