package sysview

import (
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
	items := make([]value.Value, 0, len(p.ACL))
	for _, a := range p.ACL {
		if a.Privs != 0 {
			items = append(items, value.String(a.String()))
		}
	}
	return RoleOID(p.OwnerName()), value.List(items)
}

// grants lists who holds what on r, the owner's default included, as
// the access list says (grantee "" is PUBLIC).
func (r *relInfo) grants() []catalog.ACLItem {
	p := r.privileges()
	if p == nil || r.kind == 'i' {
		return nil
	}
	if p.ACL == nil {
		owner := p.OwnerName()
		return []catalog.ACLItem{{Grantee: owner, Grantor: owner, Privs: r.allPrivileges()}}
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

// privilegeArgs splits a has_*_privilege call into its role (the
// session's when not given, as PostgreSQL's two-argument forms), object
// and privileges, and reports whether the role is a superuser. The
// privileges are a comma-separated list of which any one suffices;
// allowed are the ones the object's kind has. A privilege WITH GRANT
// OPTION only an owner holds (there are no grant options): role is then
// given as holding nothing else.
func privilegeArgs(e *Env, a []value.Value, nargs int, allowed catalog.ACLMode) (role *catalog.User, obj value.Value, any catalog.ACLMode, err error) {
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
	role = &catalog.User{Name: name, Superuser: true}
	if e.Cat != nil && e.Session != nil {
		u, ok, err := e.Cat.User(e.Ctx, e.Txn, name)
		if err != nil {
			return nil, value.None, 0, err
		}
		if !ok {
			return nil, value.None, 0, errs.New(errs.UndefinedObject, "role %q does not exist", name)
		}
		role = u
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
func relationPrivilege(e *Env, role *catalog.User, obj value.Value, any catalog.ACLMode) (value.Value, error) {
	r, err := relArg(e, obj)
	if err != nil {
		return value.None, err
	}
	grantOption := any&grantOptionBit != 0
	any &^= grantOptionBit
	if any&^r.allPrivileges() != 0 {
		return value.None, errs.New(errs.InvalidParameterValue, "unrecognized privilege type: %q", (any &^ r.allPrivileges()).Name())
	}
	p := r.privileges()
	switch {
	case role.Superuser || p == nil:
		// Superusers hold everything; the catalogs are every role's to read.
		return value.Bool(!grantOption || role.Superuser), nil
	case grantOption:
		// There are no grant options: the owner's own are the only ones.
		return value.Bool(p.OwnerName() == role.Name && p.HasAny(role.Name, any, r.allPrivileges())), nil
	}
	return value.Bool(p.HasAny(role.Name, any, r.allPrivileges())), nil
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
	ok = ok || (any&catalog.PrivCreate != 0 && d.OwnerName() == role.Name)
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
	return value.None, errs.New(errs.InvalidSchemaName, "schema %q does not exist", name)
}

// hasFunctionPrivilege is has_function_privilege([role,] function,
// privileges): every role may execute every function.
func hasFunctionPrivilege(e *Env, a []value.Value) (value.Value, error) {
	_, _, _, err := privilegeArgs(e, a, 2, catalog.PrivExecute)
	return value.Bool(err == nil), err
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
	name := ""
	err = newModel(e).roles(func(o uint32, u *catalog.User) {
		if o == oid {
			name = u.Name
		}
	})
	if err == nil && name == "" {
		err = errs.New(errs.UndefinedObject, "role with OID %d does not exist", oid)
	}
	return name, err
}

// checkSequence refuses the statement's role a sequence function unless
// it holds one of anyOf on s (nextval: USAGE or UPDATE; setval: UPDATE;
// currval: SELECT or USAGE), as PostgreSQL does.
func (e *Env) checkSequence(s *catalog.Sequence, anyOf catalog.ACLMode) error {
	if e.Role == nil || s.HasAny(e.Role.Name, anyOf, catalog.SequencePrivileges) {
		return nil
	}
	return errs.New(errs.InsufficientPrivilege, "permission denied for sequence %s", s.Name)
}
