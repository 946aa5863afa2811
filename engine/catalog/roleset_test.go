package catalog

import (
	"context"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/kv"
)

// TestRoleSet: privileges pass through inheriting members only, while
// membership (SET ROLE) passes through every grant; admin options count
// through membership, and a grant of a dropped role is skipped.
func TestRoleSet(t *testing.T) {
	c, store := newCatalog(t)
	m := func(role string, admin bool) Membership { return Membership{Role: role, Grantor: "root", Admin: admin} }
	users := []*User{
		{Name: "u", MemberOf: []Membership{m("n", false), m("y", false)}},
		{Name: "n", NoInherit: true, MemberOf: []Membership{m("x", true)}},
		{Name: "y", MemberOf: []Membership{m("z", false), m("gone", false)}},
		{Name: "z", MemberOf: []Membership{m("x", false)}},
		{Name: "x", MemberOf: []Membership{m("top", false)}},
		{Name: "top"},
		{Name: "solo", NoInherit: true, MemberOf: []Membership{m("top", false)}},
	}
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		for _, u := range users {
			if err := c.PutUser(ctx, txn, u); err != nil {
				return err
			}
		}
		return nil
	})
	for _, tc := range []struct {
		user                  string
		privs, member, admins []string
	}{
		{"u", []string{"u", "n", "y", "z", "gone", "x", "top"}, []string{"u", "n", "y", "x", "z", "gone", "top"}, []string{"x"}},
		{"n", []string{"n"}, []string{"n", "x", "top"}, []string{"x"}},
		{"solo", []string{"solo"}, []string{"solo", "top"}, nil},
		{"top", []string{"top"}, []string{"top"}, nil},
	} {
		var got *RoleSet
		mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
			u, _, err := c.User(ctx, txn, tc.user)
			if err == nil {
				got, err = c.RoleSet(ctx, txn, u)
			}
			return err
		})
		if !slices.Equal(got.Privs, tc.privs) || !slices.Equal(got.Member, tc.member) || !slices.Equal(got.Admin, tc.admins) {
			t.Errorf("%s: privs %q member %q admin %q; want %q %q %q", tc.user, got.Privs, got.Member, got.Admin, tc.privs, tc.member, tc.admins)
		}
	}
	u := &RoleSet{User: &User{Name: "u"}, Privs: []string{"u", "g"}, Member: []string{"u", "g", "h"}, Admin: []string{"u", "h"}}
	if !u.HasPrivsOf("g") || u.HasPrivsOf("h") || !u.IsMemberOf("h") || u.IsAdminOf("u") || !u.IsAdminOf("h") {
		t.Errorf("RoleSet checks wrong: %+v", u)
	}
}
