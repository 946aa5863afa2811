package catalog

import (
	"cmp"
	"context"
	"slices"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/kv"
)

// ALTER DEFAULT PRIVILEGES: the access list a role's new objects of a
// kind start from, PostgreSQL's pg_default_acl. An entry of a database
// that is not InSchema replaces the built-in default (DefaultACL) of
// every schema's objects; one of a schema (or an InSchema one of the
// database, for public) adds to it. The entries live in the database's
// and the schemas' descriptors, so a schema's go with it.

// The kinds of objects default privileges are kept for, as
// pg_default_acl.defaclobjtype names them.
const (
	DefaultTables    byte = 'r'
	DefaultSequences byte = 'S'
	DefaultFunctions byte = 'f'
	DefaultSchemas   byte = 'n'
)

// DefaultACL is one entry of pg_default_acl: the access list new
// objects of Kind made by Role get.
type DefaultACL struct {
	Role string `json:"role"`
	Kind byte   `json:"kind"`
	// InSchema marks a database's entry for its schema public (ALTER
	// DEFAULT PRIVILEGES IN SCHEMA public).
	InSchema bool      `json:"in_schema,omitempty"`
	ACL      []ACLItem `json:"acl"`
}

// KindPrivileges are every privilege of the objects of a default
// privileges kind.
func KindPrivileges(kind byte) ACLMode {
	switch kind {
	case DefaultSequences:
		return SequencePrivileges
	case DefaultFunctions:
		return FunctionPrivileges
	case DefaultSchemas:
		return SchemaPrivileges
	}
	return TablePrivileges
}

// DefaultACLOf is d's entry for role, kind and inSchema; nil when there
// is none.
func (d *Database) DefaultACLOf(role string, kind byte, inSchema bool) *DefaultACL {
	for i := range d.DefaultACLs {
		e := &d.DefaultACLs[i]
		if e.Role == role && e.Kind == kind && e.InSchema == inSchema {
			return e
		}
	}
	return nil
}

// ChangeDefaultACL applies change to d's entry for role, kind and
// inSchema (a copy: decoded descriptors are shared) and stores d: a
// database's entry for every schema starts from the built-in default
// and goes when it is that again, a schema's starts empty and goes
// when it is empty.
func (c *Catalog) ChangeDefaultACL(ctx context.Context, txn kv.Txn, d *Database, role string, kind byte, inSchema bool, change func(*Privileges, ACLMode)) error {
	schemaLevel := inSchema || d.IsSchema()
	all := KindPrivileges(kind)
	p := Privileges{Owner: role, ACL: []ACLItem{}}
	if e := d.DefaultACLOf(role, kind, inSchema); e != nil {
		p.ACL = slices.Clone(e.ACL)
	} else if !schemaLevel {
		p.ACL = ACLDefault(role, all)
	}
	change(&p, all)
	var acl []ACLItem
	for _, a := range p.ACL {
		if a.Privs != 0 {
			acl = append(acl, a)
		}
	}
	// PostgreSQL sorts the entries by grantee, PUBLIC's first.
	slices.SortStableFunc(acl, func(a, b ACLItem) int {
		return cmp.Compare(min(len(a.Grantee), 1), min(len(b.Grantee), 1))
	})
	nd := *d
	nd.DefaultACLs = slices.DeleteFunc(slices.Clone(d.DefaultACLs), func(e DefaultACL) bool {
		return e.Role == role && e.Kind == kind && e.InSchema == inSchema
	})
	keep := len(acl) > 0
	if !schemaLevel {
		keep = !sameACL(acl, ACLDefault(role, all))
		if acl == nil {
			acl = []ACLItem{} // the owner revoked its own too
		}
	}
	if keep {
		nd.DefaultACLs = append(nd.DefaultACLs, DefaultACL{Role: role, Kind: kind, InSchema: inSchema, ACL: acl})
	}
	if d.IsSchema() {
		if err := c.checkLive(ctx, txn, d); err != nil {
			return err
		}
		return c.putSchema(txn, &nd)
	}
	return c.putDatabase(ctx, txn, &nd)
}

// NewObjectACL is the access list a new object of kind made by role in
// schema s (of database db; s is db for public) starts with: db's entry
// for every schema or else the built-in default, with the schema's
// entry added; nil when that is the built-in default.
func NewObjectACL(db, s *Database, role string, kind byte) []ACLItem {
	global := db.DefaultACLOf(role, kind, false)
	local := s.DefaultACLOf(role, kind, !s.IsSchema())
	if global == nil && local == nil {
		return nil
	}
	all := KindPrivileges(kind)
	p := Privileges{Owner: role, ACL: ACLDefault(role, all)}
	if global != nil {
		p.ACL = slices.Clone(global.ACL)
	}
	if local != nil {
		for _, a := range local.ACL {
			i := slices.IndexFunc(p.ACL, func(b ACLItem) bool { return b.Grantee == a.Grantee && b.Grantor == a.Grantor })
			if i < 0 {
				p.ACL = append(p.ACL, a)
			} else {
				p.ACL[i].Privs |= a.Privs
			}
		}
	}
	if sameACL(p.ACL, ACLDefault(role, all)) {
		return nil
	}
	if len(p.ACL) == 0 {
		// An empty list is not the default: the owner's entry, empty.
		p.ACL = []ACLItem{{Grantee: role, Grantor: role}}
	}
	return p.ACL
}

// RenameInDefaultACLs renames role from to to in the default privileges
// of d (a database or a schema), read again in txn: other renames of
// the statement may have stored d meanwhile.
func (c *Catalog) RenameInDefaultACLs(ctx context.Context, txn kv.Txn, d *Database, from, to string) error {
	key := keys.DatabaseNameKey(nil, d.Namespace, d.Name)
	if d.IsSchema() {
		key = keys.SchemaNameKey(nil, d.Namespace, d.Parent, d.Name)
	}
	b, ok, err := txn.Get(ctx, key)
	if err != nil || !ok {
		return err
	}
	cur, err := decodeDatabase(b)
	if err != nil {
		return err
	}
	nd := *cur
	nd.DefaultACLs = slices.Clone(cur.DefaultACLs)
	for i := range nd.DefaultACLs {
		e := &nd.DefaultACLs[i]
		p := Privileges{Owner: e.Role, ACL: slices.Clone(e.ACL)}
		p.RenameRole(from, to)
		e.Role, e.ACL = p.OwnerName(), p.ACL
	}
	if nd.IsSchema() {
		return c.putSchema(txn, &nd)
	}
	return c.putDatabase(ctx, txn, &nd)
}

// sameACL reports whether access lists a and b hold the same entries,
// in whatever order (PostgreSQL sorts them before it compares).
func sameACL(a, b []ACLItem) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
