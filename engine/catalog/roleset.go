package catalog

import (
	"context"
	"slices"

	"github.com/zerodb/zerodb/kv"
)

// RoleSet is a role as privilege checks see it: the role and the roles
// it reaches through memberships, read once (per statement, or per
// session until a role changes) so that a check is a scan of a short
// list, never a walk of the catalog.
type RoleSet struct {
	*User
	// Privs are the roles whose privileges it has, itself first: with
	// INHERIT every role it is a member of through members that inherit
	// too (PostgreSQL's has_privs_of_role).
	Privs []string
	// Member are the roles it is a member of, directly or not, itself
	// first, inheriting or not (is_member_of_role: SET ROLE, OWNER TO).
	Member []string
	// Admin are the roles it may grant: those a role of Member holds
	// WITH ADMIN OPTION (is_admin_of_role).
	Admin []string
}

// HasPrivsOf reports whether the set has role's privileges (a superuser
// has every role's).
func (s *RoleSet) HasPrivsOf(role string) bool {
	return s.Superuser || slices.Contains(s.Privs, role)
}

// IsMemberOf reports whether the set's role is role or a member of it
// (a superuser is a member of every role).
func (s *RoleSet) IsMemberOf(role string) bool {
	return s.Superuser || slices.Contains(s.Member, role)
}

// IsAdminOf reports whether the set's role may grant role: a superuser,
// or a member of a role that holds it WITH ADMIN OPTION. As in
// PostgreSQL 15, a role is not the admin of itself.
func (s *RoleSet) IsAdminOf(role string) bool {
	return s.Superuser || (role != s.Name && slices.Contains(s.Admin, role))
}

// RoleSet reads the memberships of u. A granted role that no longer
// exists is listed but leads nowhere (DROP ROLE removes its grants).
func (c *Catalog) RoleSet(ctx context.Context, txn kv.Txn, u *User) (*RoleSet, error) {
	s := &RoleSet{User: u, Member: []string{u.Name}}
	users := map[string]*User{u.Name: u}
	// Breadth first over every membership: each role is read once.
	for i := 0; i < len(s.Member); i++ {
		m := users[s.Member[i]]
		if m == nil {
			var ok bool
			var err error
			if m, ok, err = c.User(ctx, txn, s.Member[i]); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
			users[m.Name] = m
		}
		for _, g := range m.MemberOf {
			if !slices.Contains(s.Member, g.Role) {
				s.Member = append(s.Member, g.Role)
			}
			if g.Admin && !slices.Contains(s.Admin, g.Role) {
				s.Admin = append(s.Admin, g.Role)
			}
		}
	}
	// Privileges pass only through roles that inherit.
	s.Privs = []string{u.Name}
	for i := 0; i < len(s.Privs); i++ {
		m := users[s.Privs[i]]
		if m == nil || m.NoInherit {
			continue
		}
		for _, g := range m.MemberOf {
			if !slices.Contains(s.Privs, g.Role) {
				s.Privs = append(s.Privs, g.Role)
			}
		}
	}
	return s, nil
}
