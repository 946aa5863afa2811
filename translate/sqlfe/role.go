package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// Command tags of role management.
const (
	TagCreateRole = "CREATE ROLE"
	TagAlterRole  = "ALTER ROLE"
	TagDropRole   = "DROP ROLE"
)

// roleStmt translates CREATE, ALTER and DROP ROLE (and USER, GROUP;
// renameStmt has ALTER ROLE ... RENAME), GRANT and REVOKE of roles, and
// ALTER GROUP ... ADD|DROP USER; ok=false leaves n to the caller.
func (tr *translator) roleStmt(n *pg.Node) (st *plan.Statement, ok bool, err error) {
	p := tr.stmt.stmtPos()
	switch x := n.Node.(type) {
	case *pg.Node_CreateRoleStmt:
		c := x.CreateRoleStmt
		cr := &plan.CreateRole{Name: c.Role}
		o, err := tr.roleOptions(c.Options, cr)
		if err != nil {
			return nil, true, err
		}
		if o.Login == nil && c.StmtType == pg.RoleStmtType_ROLESTMT_USER {
			login := true
			o.Login = &login
		}
		cr.Options = o
		return roleDDL(TagCreateRole, cr), true, nil
	case *pg.Node_AlterRoleStmt:
		a := x.AlterRoleStmt
		role, err := roleSpec(a.Role)
		if err != nil {
			return nil, true, err
		}
		if a.Action < 0 || slices.ContainsFunc(a.Options, func(o *pg.Node) bool { return o.GetDefElem().GetDefname() == "rolemembers" }) {
			// ALTER GROUP g ADD|DROP USER u, ...: its one option lists
			// the users.
			g := &plan.GrantRole{Revoke: a.Action < 0, Roles: []plan.RoleSpec{role}}
			for _, o := range a.Options {
				specs, err := roleSpecs(o.GetDefElem().GetArg().GetList().GetItems())
				if err != nil {
					return nil, true, err
				}
				g.Members = append(g.Members, specs...)
			}
			return roleDDL(TagAlterRole, g), true, nil
		}
		o, err := tr.roleOptions(a.Options, nil)
		if err != nil {
			return nil, true, err
		}
		return roleDDL(TagAlterRole, &plan.AlterRole{Role: role, Options: o}), true, nil
	case *pg.Node_DropRoleStmt:
		d := &plan.DropRole{IfExists: x.DropRoleStmt.MissingOk}
		for _, r := range x.DropRoleStmt.Roles {
			spec, err := roleSpec(r.GetRoleSpec())
			if err != nil {
				return nil, true, err
			}
			if spec.Name == "" {
				return nil, true, errAt(errs.InvalidParameterValue, tr.pos(r.GetRoleSpec().GetLocation()),
					"cannot use special role specifier in DROP ROLE")
			}
			d.Names = append(d.Names, spec.Name)
		}
		return roleDDL(TagDropRole, d), true, nil
	case *pg.Node_GrantStmt:
		st, err := tr.grant(x.GrantStmt)
		return st, true, err
	case *pg.Node_AlterDefaultPrivilegesStmt:
		st, err := tr.alterDefaultPrivileges(x.AlterDefaultPrivilegesStmt)
		return st, true, err
	case *pg.Node_GrantRoleStmt:
		st, err := tr.grantRole(x.GrantRoleStmt)
		return st, true, err
	case *pg.Node_AlterRoleSetStmt:
		return nil, true, unsupported(p, "ALTER ROLE ... SET (per-role settings)")
	}
	return nil, false, nil
}

func roleDDL(tag string, n plan.Node) *plan.Statement {
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: n}
}

// roleSpec is the role a RoleSpec names: by name, or CURRENT_USER,
// CURRENT_ROLE and SESSION_USER, which the executor resolves.
func roleSpec(r *pg.RoleSpec) (plan.RoleSpec, error) {
	switch r.GetRoletype() {
	case pg.RoleSpecType_ROLESPEC_CSTRING:
		return plan.RoleSpec{Name: r.Rolename}, nil
	case pg.RoleSpecType_ROLESPEC_PUBLIC:
		return plan.RoleSpec{}, errs.New(errs.UndefinedObject, "role \"public\" does not exist")
	case pg.RoleSpecType_ROLESPEC_SESSION_USER:
		return plan.RoleSpec{Session: true}, nil
	}
	return plan.RoleSpec{Current: true}, nil
}

// roleSpecs are the roles a list of RoleSpecs names.
func roleSpecs(list []*pg.Node) ([]plan.RoleSpec, error) {
	out := make([]plan.RoleSpec, 0, len(list))
	for _, n := range list {
		spec, err := roleSpec(n.GetRoleSpec())
		if err != nil {
			return nil, err
		}
		out = append(out, spec)
	}
	return out, nil
}

// roleOptions reads CREATE and ALTER ROLE's options as PostgreSQL's
// grammar names them.
// The memberships CREATE ROLE names go to c (nil: ALTER ROLE).
func (tr *translator) roleOptions(opts []*pg.Node, c *plan.CreateRole) (plan.RoleOptions, error) {
	var o plan.RoleOptions
	err := tr.eachOption(opts, func(d *pg.DefElem, p int) error {
		flag := func() *bool {
			b := d.Arg.GetBoolean().GetBoolval()
			return &b
		}
		switch d.Defname {
		case "superuser":
			o.Superuser = flag()
		case "canlogin":
			o.Login = flag()
		case "createdb":
			o.CreateDB = flag()
		case "createrole":
			o.CreateRole = flag()
		case "inherit":
			o.Inherit = flag()
		case "isreplication", "bypassrls":
			// NOREPLICATION and NOBYPASSRLS are what every role here is
			// (pg_dumpall writes them for every role).
			if *flag() {
				what := "REPLICATION"
				if d.Defname == "bypassrls" {
					what = "BYPASSRLS"
				}
				return unsupported(p, "the "+what+" role attribute")
			}
		case "password":
			o.SetPassword = true
			if s := d.Arg.GetString_(); s != nil {
				pw := s.Sval
				o.Password = &pw
			}
		case "connectionlimit":
			v, err := defInt(d.Arg)
			if err != nil {
				return errAt(errs.SyntaxError, p, "CONNECTION LIMIT requires a numeric value")
			}
			if v < -1 {
				return errAt(errs.InvalidParameterValue, p, "invalid connection limit: %d", v)
			}
			lim := int32(v)
			o.ConnLimit = &lim
		case "validUntil":
			s := d.Arg.GetString_().GetSval()
			o.ValidUntil = &s
		case "sysid":
			// PostgreSQL ignores SYSID with a notice; so does zerodb,
			// without one.
			if c == nil {
				return errAt(errs.SyntaxError, p, "syntax error at or near \"SYSID\"")
			}
		case "addroleto", "rolemembers", "adminmembers":
			names, err := roleSpecs(d.Arg.GetList().GetItems())
			if err != nil {
				return err
			}
			switch {
			case c == nil:
				return errAt(errs.SyntaxError, p, "unrecognized role option %q", d.Defname)
			case d.Defname == "addroleto":
				c.InRoles = names
			case d.Defname == "rolemembers":
				c.Members = names
			default:
				c.Admins = names
			}
		default:
			return errAt(errs.SyntaxError, p, "unrecognized role option %q", d.Defname)
		}
		return nil
	})
	return o, err
}

// grantRole translates GRANT role TO role and REVOKE role FROM role.
func (tr *translator) grantRole(g *pg.GrantRoleStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	tag := "GRANT ROLE"
	if !g.IsGrant {
		tag = "REVOKE ROLE"
	}
	n := &plan.GrantRole{Revoke: !g.IsGrant}
	for _, o := range g.Opt {
		d := o.GetDefElem()
		if d.GetDefname() != "admin" {
			// WITH INHERIT and WITH SET are PostgreSQL 16's.
			return nil, errAt(errs.SyntaxError, tr.pos(d.GetLocation()), "syntax error at or near %q", strings.ToUpper(d.GetDefname()))
		}
		// GRANT's WITH ADMIN OPTION is true, REVOKE's ADMIN OPTION FOR
		// false: either way the admin option is what changes.
		n.Admin = true
	}
	if g.Grantor != nil {
		grantor, err := roleSpec(g.Grantor)
		if err != nil {
			return nil, err
		}
		if !grantor.Current {
			// zerodb records the current user as the grantor always.
			return nil, unsupported(p, "GRANTED BY a role other than CURRENT_USER")
		}
	}
	for _, r := range g.GrantedRoles {
		ap := r.GetAccessPriv()
		if ap.GetPrivName() == "" || len(ap.GetCols()) > 0 {
			return nil, errAt(errs.InvalidGrantOperation, p, "column names cannot be included in GRANT/REVOKE ROLE")
		}
		n.Roles = append(n.Roles, plan.RoleSpec{Name: ap.GetPrivName()})
	}
	members, err := roleSpecs(g.GranteeRoles)
	if err != nil {
		return nil, err
	}
	n.Members = members
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: n}, nil
}

// grant translates GRANT and REVOKE of privileges on tables, views,
// sequences, schemas, functions (grantRoutines) and large objects.
// Those on schema public and on databases, which pg_dump writes, change
// nothing (a namespace's roles reach its databases, and every role may
// create in public, as in PostgreSQL 15) and are accepted; on the rest
// they are 0A000.
func (tr *translator) grant(g *pg.GrantStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	tag := "GRANT"
	if !g.IsGrant {
		tag = "REVOKE"
	}
	switch {
	case g.GrantOption:
		return nil, unsupported(p, "WITH GRANT OPTION and GRANT OPTION FOR")
	case g.Grantor != nil:
		return nil, unsupported(p, "GRANTED BY")
	}
	n := &plan.Grant{Revoke: !g.IsGrant, Sequences: g.Objtype == pg.ObjectType_OBJECT_SEQUENCE, All: len(g.Privileges) == 0}
	switch g.Objtype {
	case pg.ObjectType_OBJECT_SCHEMA:
		// public's grants are accepted and change nothing (every role
		// may use and create in it, PostgreSQL 14's default); the
		// database's own schemas keep theirs.
		for _, o := range g.Objects {
			if name := o.GetString_().GetSval(); name != "public" {
				if systemSchema(name) {
					return nil, errAt(errs.InvalidSchemaName, p, "schema %q does not exist", name)
				}
				n.Objects = append(n.Objects, name)
			}
		}
		if len(n.Objects) == 0 {
			return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.Values{}}, nil
		}
		n.Schemas = true
		return tr.grantPrivileges(g, n, tag)
	case pg.ObjectType_OBJECT_DATABASE:
		return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: &plan.Values{}}, nil
	case pg.ObjectType_OBJECT_LARGEOBJECT:
		return tr.grantLargeObjects(g, n, tag)
	case pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_PROCEDURE, pg.ObjectType_OBJECT_ROUTINE:
		return tr.grantRoutines(g, n, tag)
	case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_SEQUENCE:
	default:
		return nil, unsupported(p, tag+" on "+strings.ToLower(strings.TrimPrefix(g.Objtype.String(), "OBJECT_"))+"s")
	}
	if tr.nameSchemas != nil {
		return tr.grantInSchemas(g, n, tag)
	}
	switch g.Targtype {
	case pg.GrantTargetType_ACL_TARGET_OBJECT:
		for _, o := range g.Objects {
			name, err := tr.alterName(o.GetRangeVar())
			if err != nil {
				return nil, err
			}
			n.Objects = append(n.Objects, name)
		}
	case pg.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA:
		// The statement runs in the schema (ddlTarget).
		for _, o := range g.Objects {
			if err := tr.inStatementSchema(o.GetString_().GetSval(), p); err != nil {
				return nil, err
			}
		}
		n.AllInSchema = true
	default:
		return nil, unsupported(p, tag+" of default privileges")
	}
	return tr.grantPrivileges(g, n, tag)
}

// grantInSchemas is GRANT or REVOKE on tables or sequences (or ALL
// TABLES | SEQUENCES IN SCHEMA) of several schemas, n its privileges
// and grantees: one Grant per schema (ddlTarget's nameSchemas), in one
// statement.
func (tr *translator) grantInSchemas(g *pg.GrantStmt, n *plan.Grant, tag string) (*plan.Statement, error) {
	st, err := tr.grantPrivileges(g, n, tag)
	if err != nil {
		return nil, err
	}
	var nodes []plan.Node
	var names []string
	for i, o := range g.Objects {
		schema := tr.nameSchemas[i]
		if schema == "" {
			schema = "public"
		}
		name := "*"
		if g.Targtype == pg.GrantTargetType_ACL_TARGET_OBJECT {
			rv := o.GetRangeVar()
			if rv.Catalogname != "" {
				return nil, unsupported(tr.pos(rv.Location), "cross-database references")
			}
			name = rv.Relname
		}
		if err := tr.missingSchema(schema); err != nil {
			return nil, err.WithPos(tr.stmt.stmtPos())
		}
		j := slices.Index(names, schema)
		if j < 0 {
			one := *n
			one.Objects, one.Schema, one.AllInSchema = nil, schema, name == "*"
			j, nodes, names = len(nodes), append(nodes, &one), append(names, schema)
		}
		if one := nodes[j].(*plan.Grant); name != "*" && !slices.Contains(one.Objects, name) {
			one.Objects = append(one.Objects, name)
		}
	}
	st.Root = allOf(tag, nodes, names).Root
	return st, nil
}

// grantPrivileges reads GRANT's privileges and grantees into n.
func (tr *translator) grantPrivileges(g *pg.GrantStmt, n *plan.Grant, tag string) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	for _, a := range g.Privileges {
		ap := a.GetAccessPriv()
		if len(ap.GetCols()) > 0 {
			return nil, unsupported(p, "column privileges")
		}
		m := catalog.PrivilegeByName(ap.GetPrivName())
		if m == 0 {
			return nil, errAt(errs.SyntaxError, p, "unrecognized privilege type %q", ap.GetPrivName())
		}
		n.Privs |= m
	}
	for _, r := range g.Grantees {
		spec := r.GetRoleSpec()
		if spec.GetRoletype() == pg.RoleSpecType_ROLESPEC_PUBLIC {
			n.Grantees = append(n.Grantees, plan.RoleSpec{})
			continue
		}
		role, err := roleSpec(spec)
		if err != nil {
			return nil, err
		}
		n.Grantees = append(n.Grantees, role)
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: n}, nil
}
