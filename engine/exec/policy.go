package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// Row security: the SQL front end turns a table's policies into
// conditions of the plans that read and write it (sqlfe/policy.go) and
// marks those nodes; the DDL here keeps the policies with the table's
// descriptor, and checkRowSecurity refuses the reads and writes that
// did not take them for a role subject to them.

// policyDDL runs ALTER TABLE ... ROW LEVEL SECURITY and CREATE, ALTER
// and DROP POLICY, each a rewrite of the table's descriptor (the owner
// check is checkDDL's).
func (r *run) policyDDL(n plan.Node) error {
	var table string
	switch n := n.(type) {
	case *plan.SetRowSecurity:
		table = n.Table
	case *plan.CreatePolicy:
		table = n.Table
	case *plan.AlterPolicy:
		table = n.Table
	case *plan.DropPolicy:
		table = n.Table
	}
	txn, db, t, err := r.txnTable(table)
	if d, ok := n.(*plan.DropPolicy); ok && err != nil {
		return r.skipMissing(err, d.IfExists, errs.UndefinedTable, "relation", table)
	}
	if err != nil {
		return err
	}
	nt := *t
	nt.Policies = slices.Clone(t.Policies)
	i := -1
	name := ""
	switch n := n.(type) {
	case *plan.CreatePolicy:
		name = n.Policy.Name
	case *plan.AlterPolicy:
		name = n.Name
	case *plan.DropPolicy:
		name = n.Name
	}
	if name != "" {
		i = slices.IndexFunc(nt.Policies, func(p catalog.Policy) bool { return p.Name == name })
	}
	missing := errs.New(errs.UndefinedObject, "policy %q for table %q does not exist", name, t.Name)
	switch n := n.(type) {
	case *plan.SetRowSecurity:
		if n.Enable != nil {
			nt.RowSecurity = *n.Enable
		}
		if n.Force != nil {
			nt.ForceRowSecurity = *n.Force
		}
	case *plan.CreatePolicy:
		if i >= 0 {
			return errs.New(errs.DuplicateObject, "policy %q for table %q already exists", name, t.Name)
		}
		if err := r.policyRolesExist(n.Policy.Roles); err != nil {
			return err
		}
		nt.Policies = append(nt.Policies, n.Policy)
		slices.SortFunc(nt.Policies, func(a, b catalog.Policy) int { return strings.Compare(a.Name, b.Name) })
	case *plan.AlterPolicy:
		if i < 0 {
			return missing
		}
		p := &nt.Policies[i]
		if n.NewName != "" {
			if slices.ContainsFunc(nt.Policies, func(p catalog.Policy) bool { return p.Name == n.NewName }) {
				return errs.New(errs.DuplicateObject, "policy %q for table %q already exists", n.NewName, t.Name)
			}
			p.Name = n.NewName
			slices.SortFunc(nt.Policies, func(a, b catalog.Policy) int { return strings.Compare(a.Name, b.Name) })
			break
		}
		if n.Using != nil && p.Command == "insert" {
			return errs.New(errs.SyntaxError, "only WITH CHECK expression allowed for INSERT")
		}
		if n.Check != nil && (p.Command == "select" || p.Command == "delete") {
			return errs.New(errs.SyntaxError, "WITH CHECK cannot be applied to SELECT or DELETE")
		}
		if n.SetRoles {
			if err := r.policyRolesExist(n.Roles); err != nil {
				return err
			}
			p.Roles = n.Roles
		}
		if n.Using != nil {
			p.Using = *n.Using
		}
		if n.Check != nil {
			p.Check = *n.Check
		}
	case *plan.DropPolicy:
		if i < 0 {
			return r.skipMissing(missing, n.IfExists, errs.UndefinedObject, "policy", name+`" for relation "`+t.Name)
		}
		nt.Policies = slices.Delete(nt.Policies, i, i+1)
	}
	if len(nt.Policies) == 0 {
		nt.Policies = nil
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}

func (r *run) policyRolesExist(roles []string) error {
	for _, role := range roles {
		if _, err := r.existingRole(role); err != nil {
			return err
		}
	}
	return nil
}

// bypassesRowSecurity reports whether who (nil: a superuser) reads and
// writes t without its policies: a table without row security, a
// superuser, and the owner (or a member with its privileges) unless
// FORCE ROW LEVEL SECURITY.
func bypassesRowSecurity(t *catalog.Table, who *catalog.RoleSet) bool {
	return !t.RowSecurity || who == nil || who.Superuser || (!t.ForceRowSecurity && who.HasPrivsOf(t.OwnerName()))
}

// checkRowSecurity refuses the statement's role a read or write of t
// that did not take t's policies (applied: the front end put them on the
// node) when the role is subject to them; views are the views a scan
// was expanded from, whose last owner's rights read t.
//
// With row_security off (pg_dump's setting) a role subject to the
// policies is refused any read or write of t, as in PostgreSQL: what it
// would see is not the whole table.
func (r *run) checkRowSecurity(t *catalog.Table, applied bool, views []*catalog.View) error {
	role := r.role()
	if role == nil || !t.RowSecurity || t.Temporary() {
		return nil
	}
	who := role
	for i := len(views) - 1; i >= 0; i-- {
		// The last view that is not security_invoker reads t with its
		// owner's rights; with none, the statement's role does.
		if !views[i].SecurityInvoker {
			var err error
			if who, err = r.roleSet(views[i].OwnerName()); err != nil {
				return err
			}
			break
		}
	}
	if bypassesRowSecurity(t, who) {
		return nil
	}
	if r.env.Setting != nil {
		if v, ok := r.env.Setting("row_security"); ok && v == "off" {
			return errs.New(errs.InsufficientPrivilege, "query would be affected by row-level security policy for table %q", t.Name)
		}
	}
	if applied {
		return nil
	}
	return errs.New(errs.FeatureNotSupported, "row level security of table %q is applied to SQL reads and writes only", t.Name).
		WithHint("ZQL, graph walks, vector searches and reads through views are not filtered by policies; they fail for roles the policies apply to.")
}

// policiesOf lists the row security policies of d's tables that name
// role (DROP ROLE refuses them, RENAME renames the role in them).
func (r *run) policiesOf(d *catalog.Database, role string) ([]roleObject, error) {
	txn, tables, err := r.tablesIn(d)
	if err != nil {
		return nil, err
	}
	var out []roleObject
	for _, t := range tables {
		for _, p := range t.Policies {
			if !slices.Contains(p.Roles, role) {
				continue
			}
			name, table := p.Name, t.Name
			out = append(out, roleObject{kind: "policy", name: name + " on table " + table, target: true, rename: func(to string) error {
				t, err := r.x.cat.Table(r.ctx, txn, d, table)
				if err != nil {
					return err
				}
				nt := *t
				nt.Policies = slices.Clone(t.Policies)
				for i := range nt.Policies {
					if nt.Policies[i].Name == name {
						roles := slices.Clone(nt.Policies[i].Roles)
						for j := range roles {
							if roles[j] == role {
								roles[j] = to
							}
						}
						nt.Policies[i].Roles = roles
					}
				}
				return r.x.cat.AlterTable(r.ctx, txn, d, &nt)
			}})
		}
	}
	return out, nil
}
