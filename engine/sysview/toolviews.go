package sysview

import (
	"time"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// pg_catalog views GUI tools and migration tools read: the extensions
// one may create, the time zones, the planner's statistics and the
// roles as PostgreSQL's older views show them.

// pgAvailableExtensions lists the extensions zerodb builds in: every one
// is installed (CREATE EXTENSION has nothing to install), so its
// installed version is its version.
func pgAvailableExtensions(_ *model, out *rowSet) error {
	for _, e := range builtin.Extensions() {
		out.add(e.Name, e.Version, e.Version, e.Comment)
	}
	return nil
}

// pgAvailableExtensionVersions lists the one version of each extension
// zerodb has (PostgreSQL lists every version its update scripts reach).
func pgAvailableExtensionVersions(_ *model, out *rowSet) error {
	for _, e := range builtin.Extensions() {
		var schema any
		if !e.Relocatable {
			schema = PgCatalog
		}
		out.add(e.Name, e.Version, true, true, e.Trusted, e.Relocatable, schema, nil, e.Comment)
	}
	return nil
}

// pgTimezoneNames lists the IANA zones of the zone database Go embeds,
// which the TimeZone setting and AT TIME ZONE read, with their
// abbreviation and offset now.
func pgTimezoneNames(_ *model, out *rowSet) error {
	now := time.Now()
	for _, name := range value.ZoneNames() {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue // a name the database lists but cannot load: none to show
		}
		t := now.In(loc)
		abbrev, east := t.Zone()
		out.add(name, abbrev, value.Duration(time.Duration(east)*time.Second), t.IsDST())
	}
	return nil
}

// pgTimezoneAbbrevs lists the zone abbreviations date/time input takes.
func pgTimezoneAbbrevs(_ *model, out *rowSet) error {
	for _, a := range value.ZoneAbbrevs() {
		out.add(a.Abbrev, value.Duration(time.Duration(a.East)*time.Second), a.DST)
	}
	return nil
}

// pgGroup lists the roles that cannot log in, with their members.
func pgGroup(m *model, out *rowSet) error {
	members := make(map[string][]value.Value)
	var groups []*catalog.User
	err := m.roles(func(oid uint32, u *catalog.User) {
		for _, g := range u.MemberOf {
			members[g.Role] = append(members[g.Role], value.Int(int64(oid)))
		}
		if !u.CanLogin {
			groups = append(groups, u)
		}
	})
	if err != nil {
		return err
	}
	for _, g := range groups {
		list := members[g.Name]
		if list == nil {
			list = []value.Value{}
		}
		out.add(g.Name, RoleOID(g.Name), value.List(list))
	}
	return nil
}

// pgShadow is pg_user with the passwords (SCRAM secrets), readable by
// superusers only as in PostgreSQL.
func pgShadow(m *model, out *rowSet) error {
	if !m.superuser() {
		return errs.New(errs.InsufficientPrivilege, "permission denied for view pg_shadow")
	}
	return loginRoles(m, out, verifier)
}

// loginRoles adds the rows of pg_user or pg_shadow: the roles that can
// log in, with the password column passwd makes.
func loginRoles(m *model, out *rowSet, passwd func(u *catalog.User) any) error {
	return m.roles(func(oid uint32, u *catalog.User) {
		if u.CanLogin {
			out.add(u.Name, oid, u.CreateDB, u.Superuser, false,
				u.Superuser, passwd(u), validUntil(u), nil)
		}
	})
}

// verifier is a role's stored password, its SCRAM secret (NULL: none).
func verifier(u *catalog.User) any {
	if u.Verifier == "" {
		return nil
	}
	return u.Verifier
}
