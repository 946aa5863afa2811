package catalog

import (
	"strings"
	"testing"
)

func aclText(p *Privileges) string {
	if p.ACL == nil {
		return "NULL"
	}
	var items []string
	for _, a := range p.ACL {
		items = append(items, a.String())
	}
	return "{" + strings.Join(items, ",") + "}"
}

// TestPrivileges walks an access list through grants, revokes, a new
// owner and a renamed role, with PostgreSQL's aclitem text and answers.
func TestPrivileges(t *testing.T) {
	p := &Privileges{Owner: "alice"}
	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"default", func() {}, "NULL"},
		{"grant", func() { p.Grant("bob", PrivSelect|PrivInsert, TablePrivileges) }, "{alice=arwdDxt/alice,bob=ar/alice}"},
		{"grant more", func() { p.Grant("bob", PrivUpdate, TablePrivileges) }, "{alice=arwdDxt/alice,bob=arw/alice}"},
		{"public", func() { p.Grant("", PrivSelect, TablePrivileges) }, "{alice=arwdDxt/alice,bob=arw/alice,=r/alice}"},
		{"revoke", func() { p.Revoke("bob", PrivInsert|PrivUpdate, TablePrivileges) }, "{alice=arwdDxt/alice,bob=r/alice,=r/alice}"},
		{"revoke all", func() { p.Revoke("bob", TablePrivileges, TablePrivileges) }, "{alice=arwdDxt/alice,=r/alice}"},
		{"owner", func() { p.Grant("carol", PrivDelete, TablePrivileges); p.SetOwner("carol") }, "{carol=arwdDxt/carol,=r/carol}"},
		{"rename", func() { p.RenameRole("carol", "Dee Dee") }, `{"Dee Dee"=arwdDxt/"Dee Dee",=r/"Dee Dee"}`},
		{"root", func() { p.SetOwner(BootstrapUser) }, "{root=arwdDxt/root,=r/root}"},
		{"owner revokes own", func() { p.Revoke("root", TablePrivileges, TablePrivileges); p.Revoke("", PrivSelect, TablePrivileges) }, "{root=/root}"},
	}
	for _, s := range steps {
		s.do()
		if got := aclText(p); got != s.want {
			t.Fatalf("%s: %s, want %s", s.name, got, s.want)
		}
	}
	if p.Owner != "" || p.Has([]string{"root"}, PrivSelect, TablePrivileges) {
		t.Errorf("root's own revoke: owner %q, has select %v", p.Owner, p.Has([]string{"root"}, PrivSelect, TablePrivileges))
	}
	d := &Privileges{}
	for _, c := range []struct {
		role string
		need ACLMode
		want bool
	}{
		{"root", PrivSelect | PrivTruncate, true},
		{"bob", PrivSelect, false},
		{"root", PrivUsage, false}, // not a table privilege
	} {
		if got := d.Has([]string{c.role}, c.need, TablePrivileges); got != c.want {
			t.Errorf("default: Has(%s, %s) = %v", c.role, c.need, got)
		}
	}
	s := &Privileges{}
	s.Grant("bob", PrivUsage, SequencePrivileges)
	if got := aclText(s); got != "{root=rwU/root,bob=U/root}" || !s.HasAny([]string{"bob"}, PrivUsage|PrivUpdate, SequencePrivileges) || s.HasAny([]string{"bob"}, PrivUpdate, SequencePrivileges) {
		t.Errorf("sequence: %s", got)
	}
}

// TestUserDescriptor: a user stored before roles had attributes (root)
// reads back able to log in without a connection limit, and the
// attributes round-trip.
func TestUserDescriptor(t *testing.T) {
	old, err := encodeDesc(descUser, struct {
		Name      string `json:"name"`
		Verifier  string `json:"verifier"`
		Superuser bool   `json:"superuser"`
	}{"root", "v", true})
	if err != nil {
		t.Fatal(err)
	}
	u, err := decodeUser(old)
	if err != nil {
		t.Fatal(err)
	}
	if !u.CanLogin || u.ConnLimit != -1 || u.ValidUntil != nil || !u.Superuser {
		t.Errorf("old root: %+v", u)
	}
	until := int64(12345)
	in := &User{Name: "app", Verifier: "v", Namespace: "acme", CanLogin: false, CreateDB: true, CreateRole: true, NoInherit: true, ConnLimit: 0, ValidUntil: &until}
	b, err := encodeUser(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decodeUser(b)
	if err != nil {
		t.Fatal(err)
	}
	if out.CanLogin || !out.CreateDB || !out.CreateRole || !out.NoInherit || out.ConnLimit != 0 || out.ValidUntil == nil || *out.ValidUntil != until {
		t.Errorf("round trip: %+v", out)
	}
}
