package exec

import (
	"fmt"
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// Role membership follows PostgreSQL 15's AddRoleMems and DelRoleMems:
// their checks in their order, SQLSTATEs and messages. A membership is
// stored with its member (catalog.User.MemberOf), whose descriptor the
// privilege checks read; DROP and RENAME of a role rewrite the members
// that name it.

// grantRole runs GRANT and REVOKE of roles and ALTER GROUP ... ADD|DROP
// USER. The members are looked up first, then each role is changed in
// turn, as PostgreSQL does.
func (r *run) grantRole(n *plan.GrantRole) error {
	members := r.roleNames(n.Members)
	for _, m := range members {
		if _, err := r.existingRole(m); err != nil {
			return err
		}
	}
	for _, role := range r.roleNames(n.Roles) {
		if _, err := r.existingRole(role); err != nil {
			return err
		}
		var err error
		if n.Revoke {
			err = r.delRoleMembers(role, members, n.Admin)
		} else {
			err = r.addRoleMembers(role, members, n.Admin)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// roleName is the role spec names: CURRENT_USER and SESSION_USER are
// the session's (root outside a session, whose statements run as a
// superuser).
func (r *run) roleName(spec plan.RoleSpec) string {
	name := spec.Name
	switch {
	case spec.Current:
		name = r.currentUser()
	case spec.Session:
		name = r.sessionUser()
	default:
		return name
	}
	if name == "" {
		return catalog.BootstrapUser
	}
	return name
}

func (r *run) roleNames(specs []plan.RoleSpec) []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = r.roleName(s)
	}
	return out
}

// adminRole is role if the current user may change its members: a
// superuser for a superuser role, else one with CREATEROLE (of the
// role's namespace) or ADMIN OPTION on the role.
func (r *run) adminRole(role string) (*catalog.User, error) {
	u, err := r.existingRole(role)
	if err != nil {
		return nil, err
	}
	me, err := r.actorSet()
	switch {
	case err != nil:
		return nil, err
	case me.Superuser:
		return u, nil
	case u.Superuser:
		return nil, errPrivilege("must be superuser to alter superusers")
	case me.IsAdminOf(role):
		return u, nil
	case !me.CreateRole:
		return nil, errPrivilege("must have admin option on role %q", role)
	}
	return u, sameTenant(me.User, u)
}

// addRoleMembers makes members members of role (admin: WITH ADMIN
// OPTION), granted by the current user.
func (r *run) addRoleMembers(role string, members []string, admin bool) error {
	if len(members) == 0 {
		return nil
	}
	granted, err := r.adminRole(role)
	if err != nil {
		return err
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	// What role is a member of; new members do not change it.
	in, err := r.x.cat.RoleSet(r.ctx, txn, granted)
	if err != nil {
		return err
	}
	for _, name := range members {
		// Refuse loops, a role's membership in itself among them: role
		// must not already be a member of the new member (superusers
		// or not).
		if slices.Contains(in.Member, name) {
			return errs.New(errs.InvalidGrantOperation, "role %q is a member of role %q", role, name)
		}
		m, err := r.existingRole(name)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(m.MemberOf, func(g catalog.Membership) bool { return g.Role == role })
		if i >= 0 && (!admin || m.MemberOf[i].Admin) {
			if err := r.notice("role %q is already a member of role %q", name, role); err != nil {
				return err
			}
			continue
		}
		nm := *m
		nm.MemberOf = slices.Clone(m.MemberOf)
		g := catalog.Membership{Role: role, Grantor: r.grantor(), Admin: admin}
		if i >= 0 {
			nm.MemberOf[i] = g
		} else {
			nm.MemberOf = append(nm.MemberOf, g)
		}
		if err := r.putUser(&nm); err != nil {
			return err
		}
	}
	return nil
}

// delRoleMembers ends the memberships of members in role, or with
// adminOnly their admin option.
func (r *run) delRoleMembers(role string, members []string, adminOnly bool) error {
	if len(members) == 0 {
		return nil
	}
	if _, err := r.adminRole(role); err != nil {
		return err
	}
	for _, name := range members {
		m, err := r.existingRole(name)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(m.MemberOf, func(g catalog.Membership) bool { return g.Role == role })
		if i < 0 {
			if err := r.warning("role %q is not a member of role %q", name, role); err != nil {
				return err
			}
			continue
		}
		nm := *m
		nm.MemberOf = slices.Clone(m.MemberOf)
		if adminOnly {
			nm.MemberOf[i].Admin = false
		} else {
			nm.MemberOf = slices.Delete(nm.MemberOf, i, i+1)
		}
		if err := r.putUser(&nm); err != nil {
			return err
		}
	}
	return nil
}

// grantor is who grants a membership: the current user (root outside a
// session).
func (r *run) grantor() string {
	if u := r.currentUser(); u != "" {
		return u
	}
	return catalog.BootstrapUser
}

// createRoleMembers gives a new role the memberships CREATE ROLE names:
// IN ROLE first, then ADMIN, then ROLE, as PostgreSQL adds them.
func (r *run) createRoleMembers(n *plan.CreateRole) error {
	name := n.Name
	for _, in := range r.roleNames(n.InRoles) {
		if _, err := r.existingRole(in); err != nil {
			return err
		}
		if err := r.addRoleMembers(in, []string{name}, false); err != nil {
			return err
		}
	}
	for _, add := range []struct {
		members []string
		admin   bool
	}{{r.roleNames(n.Admins), true}, {r.roleNames(n.Members), false}} {
		for _, m := range add.members {
			if _, err := r.existingRole(m); err != nil {
				return err
			}
		}
		if err := r.addRoleMembers(name, add.members, add.admin); err != nil {
			return err
		}
	}
	return nil
}

// renameMemberships rewrites the memberships that name role from (as the
// granted role or its grantor) to name it to.
func (r *run) renameMemberships(from, to string) error {
	return r.rewriteMemberships(func(g *catalog.Membership) bool {
		if g.Grantor == from {
			g.Grantor = to
		}
		if g.Role == from {
			g.Role = to
		}
		return true
	})
}

// dropMemberships removes every membership in role (DROP ROLE; its own
// go with its descriptor).
func (r *run) dropMemberships(role string) error {
	return r.rewriteMemberships(func(g *catalog.Membership) bool { return g.Role != role })
}

// rewriteMemberships passes every membership of every role through
// keep, which may change it; those it refuses go. Only the roles whose
// memberships changed are stored again.
func (r *run) rewriteMemberships(keep func(*catalog.Membership) bool) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	users, err := r.x.cat.Users(r.ctx, txn)
	if err != nil {
		return err
	}
	for _, u := range users {
		var out []catalog.Membership
		changed := false
		for _, g := range u.MemberOf {
			ng := g
			if !keep(&ng) {
				changed = true
				continue
			}
			changed = changed || ng != g
			out = append(out, ng)
		}
		if !changed {
			continue
		}
		nu := *u
		nu.MemberOf = out
		if err := r.putUser(&nu); err != nil {
			return err
		}
	}
	return nil
}

// notice and warning send a message of that level (none outside a
// session).
func (r *run) notice(format string, args ...any) error {
	return r.message("NOTICE", format, args...)
}

func (r *run) warning(format string, args ...any) error {
	return r.message("WARNING", format, args...)
}

func (r *run) message(level, format string, args ...any) error {
	if r.env.Notices == nil {
		return nil
	}
	return r.env.Notices.Notice(errs.Notice{Severity: level, Code: errs.SuccessfulCompletion, Message: fmt.Sprintf(format, args...)})
}
