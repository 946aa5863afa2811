package catalog

import (
	"slices"
	"strings"
)

// ACLMode is a set of PostgreSQL privileges (AclMode's bits, in its
// order).
type ACLMode uint16

// The privileges, as PostgreSQL numbers them.
const (
	PrivInsert ACLMode = 1 << iota
	PrivSelect
	PrivUpdate
	PrivDelete
	PrivTruncate
	PrivReferences
	PrivTrigger
	PrivExecute
	PrivUsage
	PrivCreate
	PrivTemporary
	PrivConnect
)

// aclLetters are the privileges' letters in aclitem text, bit by bit.
const aclLetters = "arwdDxtXUCTc"

// TablePrivileges are every privilege of a table, view or materialized
// view; SequencePrivileges every one of a sequence.
const (
	TablePrivileges    = PrivInsert | PrivSelect | PrivUpdate | PrivDelete | PrivTruncate | PrivReferences | PrivTrigger
	SequencePrivileges = PrivSelect | PrivUpdate | PrivUsage
	// SchemaPrivileges are every privilege of a schema.
	SchemaPrivileges = PrivUsage | PrivCreate
	// FunctionPrivileges are every privilege of a function, procedure
	// or aggregate.
	FunctionPrivileges = PrivExecute
)

// publicDefault is what PUBLIC holds of an object whose privileges of
// its kind are all while its access list is the default (nil), as
// PostgreSQL's acldefault says: EXECUTE of functions, nothing of
// tables, sequences, schemas and large objects.
func publicDefault(all ACLMode) ACLMode {
	if all == FunctionPrivileges {
		return PrivExecute
	}
	return 0
}

// ACLDefault is the access list nil stands for on an object of owner
// whose privileges of its kind are all (PostgreSQL's acldefault):
// PUBLIC's entry first when it has one, then the owner's.
func ACLDefault(owner string, all ACLMode) []ACLItem {
	owner = ownerName(owner)
	acl := []ACLItem{{Grantee: owner, Grantor: owner, Privs: all}}
	if pub := publicDefault(all); pub != 0 {
		acl = append([]ACLItem{{Grantor: owner, Privs: pub}}, acl...)
	}
	return acl
}

// String is the mode's letters as aclitem text has them ("arwdDxt").
func (m ACLMode) String() string {
	var b strings.Builder
	for i := range len(aclLetters) {
		if m&(1<<i) != 0 {
			b.WriteByte(aclLetters[i])
		}
	}
	return b.String()
}

// privNames are the privileges' SQL names, bit by bit.
var privNames = [...]string{"INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER",
	"EXECUTE", "USAGE", "CREATE", "TEMPORARY", "CONNECT"}

// PrivilegeByName is the privilege of a SQL name ("select"), 0 for none.
func PrivilegeByName(name string) ACLMode {
	for i, n := range privNames {
		if strings.EqualFold(n, name) || (i == 10 && strings.EqualFold(name, "temp")) {
			return 1 << i
		}
	}
	return 0
}

// Name is the SQL name of the mode's lowest privilege.
func (m ACLMode) Name() string {
	for i, n := range privNames {
		if m&(1<<i) != 0 {
			return n
		}
	}
	return ""
}

// Names are the SQL names of the mode's privileges, in PostgreSQL's
// order.
func (m ACLMode) Names() []string {
	var out []string
	for i, n := range privNames {
		if m&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// ACLItem is one entry of an access list: what Grantee ("" for PUBLIC)
// was granted by Grantor.
type ACLItem struct {
	Grantee string  `json:"grantee,omitempty"`
	Grantor string  `json:"grantor"`
	Privs   ACLMode `json:"privs"`
}

// String is PostgreSQL's aclitem text: grantee=privs/grantor, with an
// empty grantee for PUBLIC.
func (a ACLItem) String() string {
	return aclName(a.Grantee) + "=" + a.Privs.String() + "/" + aclName(a.Grantor)
}

// aclName quotes a role name in aclitem text as PostgreSQL's putid does.
func aclName(name string) string {
	plain := name != ""
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r >= 0x80) {
			plain = false
		}
	}
	if plain || name == "" {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Privileges are an object's owner and access list, PostgreSQL's
// relowner and relacl. Objects made before zerodb had owners have none:
// root owns them.
type Privileges struct {
	Owner string `json:"owner,omitempty"`
	// ACL nil is the default: the owner has every privilege, nobody
	// else any (PostgreSQL's NULL relacl). Once granted or revoked it
	// lists every holder, the owner included.
	ACL []ACLItem `json:"acl,omitempty"`
}

// OwnerName is the object's owner.
func (p *Privileges) OwnerName() string { return ownerName(p.Owner) }

// SetOwner makes role the owner, moving the old owner's entry of the
// access list to it, as ALTER ... OWNER TO does in PostgreSQL.
func (p *Privileges) SetOwner(role string) {
	old := p.OwnerName()
	for i := range p.ACL {
		if p.ACL[i].Grantee == old {
			p.ACL[i].Grantee = role
		}
		if p.ACL[i].Grantor == old {
			p.ACL[i].Grantor = role
		}
	}
	p.Owner = role
	if role == BootstrapUser {
		p.Owner = ""
	}
	p.merge()
}

// merge joins the entries of one grantee and grantor into one, as
// PostgreSQL's aclnewowner does when a rename makes two alike.
func (p *Privileges) merge() {
	var out []ACLItem
	for _, a := range p.ACL {
		i := slices.IndexFunc(out, func(b ACLItem) bool { return b.Grantee == a.Grantee && b.Grantor == a.Grantor })
		if i < 0 {
			out = append(out, a)
		} else {
			out[i].Privs |= a.Privs
		}
	}
	if p.ACL != nil {
		p.ACL = out
	}
}

// RenameRole renames a role in the owner and the access list.
func (p *Privileges) RenameRole(from, to string) {
	if p.OwnerName() == from {
		p.Owner = to
	}
	for i := range p.ACL {
		if p.ACL[i].Grantee == from {
			p.ACL[i].Grantee = to
		}
		if p.ACL[i].Grantor == from {
			p.ACL[i].Grantor = to
		}
	}
	p.merge()
}

// Has reports whether a role whose privileges are those of roles (a
// RoleSet's Privs; not a superuser: they have everything) holds every
// privilege of need, directly, through PUBLIC or through the roles it
// inherits from. all is every privilege of the object's kind, which its
// owner has by default (and PUBLIC EXECUTE of a function's).
func (p *Privileges) Has(roles []string, need, all ACLMode) bool {
	if p.ACL == nil {
		return need&^publicDefault(all) == 0 || slices.Contains(roles, p.OwnerName()) && need&^all == 0
	}
	var have ACLMode
	for _, a := range p.ACL {
		if a.Grantee == "" || slices.Contains(roles, a.Grantee) {
			have |= a.Privs
		}
	}
	return need&^have == 0
}

// Grant adds privs for grantee ("" PUBLIC), granted by the owner (a
// superuser's grant counts as the owner's, as in PostgreSQL).
func (p *Privileges) Grant(grantee string, privs, all ACLMode) {
	p.materialize(all)
	owner := p.OwnerName()
	for i := range p.ACL {
		if p.ACL[i].Grantee == grantee && p.ACL[i].Grantor == owner {
			p.ACL[i].Privs |= privs
			return
		}
	}
	p.ACL = append(p.ACL, ACLItem{Grantee: grantee, Grantor: owner, Privs: privs})
}

// Revoke takes privs from grantee ("" PUBLIC); an entry left with none
// goes.
func (p *Privileges) Revoke(grantee string, privs, all ACLMode) {
	p.materialize(all)
	out := p.ACL[:0]
	for _, a := range p.ACL {
		if a.Grantee == grantee {
			a.Privs &^= privs
		}
		if a.Privs != 0 {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		// An empty list is not the default (which a stored empty list
		// would read back as): the owner revoked its own too.
		owner := p.OwnerName()
		out = append(out, ACLItem{Grantee: owner, Grantor: owner})
	}
	p.ACL = out
}

// materialize turns the default access list into an explicit one.
func (p *Privileges) materialize(all ACLMode) {
	if p.ACL == nil {
		p.ACL = ACLDefault(p.Owner, all)
	}
}

// HasAny reports whether roles hold at least one privilege of anyOf.
func (p *Privileges) HasAny(roles []string, anyOf, all ACLMode) bool {
	for m := ACLMode(1); m != 0 && m <= anyOf; m <<= 1 {
		if anyOf&m != 0 && p.Has(roles, m, all) {
			return true
		}
	}
	return false
}
