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

// hasPrivilege is has_table_privilege and has_sequence_privilege:
// ([role,] relation, privileges), the privileges a comma-separated list
// of which any one suffices, as PostgreSQL reads it.
func hasPrivilege(e *Env, a []value.Value) (value.Value, error) {
	role := ""
	if e.Session != nil {
		role = e.Session.User()
	}
	if len(a) == 3 {
		name, err := roleArg(e, a[0])
		if err != nil {
			return value.None, err
		}
		role, a = name, a[1:]
	}
	r, err := relArg(e, a[0])
	if err != nil {
		return value.None, err
	}
	var any catalog.ACLMode
	for _, p := range strings.Split(value.CastText(a[1]), ",") {
		p = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ToUpper(p)), " WITH GRANT OPTION"))
		m := catalog.PrivilegeByName(p)
		if m == 0 || m&r.allPrivileges() == 0 {
			return value.None, errs.New(errs.InvalidParameterValue, "unrecognized privilege type: %q", p)
		}
		any |= m
	}
	if e.Cat == nil || e.Session == nil {
		return value.Bool(true), nil
	}
	u, ok, err := e.Cat.User(e.Ctx, e.Txn, role)
	if err != nil {
		return value.None, err
	}
	if ok && u.Superuser {
		return value.Bool(true), nil
	}
	p := r.privileges()
	if p == nil {
		return value.Bool(true), nil // the catalogs: every role reads them
	}
	for m := catalog.ACLMode(1); m <= any; m <<= 1 {
		if any&m != 0 && p.Has(role, m, r.allPrivileges()) {
			return value.Bool(true), nil
		}
	}
	return value.Bool(false), nil
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
