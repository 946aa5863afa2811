package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
)

// alterDefaultPrivileges runs ALTER DEFAULT PRIVILEGES: for each role
// (one the current user is a member of: 42501 "must be member of role"
// otherwise, as in PostgreSQL) and each schema named, or the database
// as a whole, it grants or revokes in the entry the role's new objects
// of the kind will start from.
func (r *run) alterDefaultPrivileges(n *plan.AlterDefaultPrivileges) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	specs := n.Roles
	if len(specs) == 0 {
		specs = []plan.RoleSpec{{Current: true}}
	}
	var roles []string
	for _, role := range r.roleNames(specs) {
		if role, err = r.ownerRole(role); err != nil {
			return err
		}
		roles = append(roles, role)
	}
	grantees, err := r.grantees(n.Grant.Grantees)
	if err != nil {
		return err
	}
	type target struct {
		d        *catalog.Database
		inSchema bool
	}
	var targets []target
	for _, name := range n.Schemas {
		s, err := r.schemaNamed(name)
		if err != nil {
			return err
		}
		targets = append(targets, target{s, !s.IsSchema()})
	}
	if len(n.Schemas) == 0 {
		db, err := r.database()
		if err != nil {
			return err
		}
		targets = append(targets, target{db, false})
	}
	for _, role := range roles {
		for _, t := range targets {
			// Read again: an earlier change (of this statement too)
			// stored a new descriptor.
			s, db, err := r.fresh(t.d)
			if err != nil {
				return err
			}
			d := db
			if len(n.Schemas) > 0 && s.IsSchema() {
				d = s
			}
			err = r.x.cat.ChangeDefaultACL(r.ctx, txn, d, role, n.Kind, t.inSchema, func(p *catalog.Privileges, all catalog.ACLMode) {
				privs := n.Grant.Privs
				if n.Grant.All {
					privs = all
				}
				for _, g := range grantees {
					if n.Grant.Revoke {
						p.Revoke(g, privs, all)
					} else {
						p.Grant(g, privs, all)
					}
				}
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// fresh are schema s (the statement's database, or a schema of it) and
// its database as the statement's transaction has them now: ALTER
// DEFAULT PRIVILEGES changes their descriptors, which the session's
// copies do not show.
func (r *run) fresh(s *catalog.Database) (schema, db *catalog.Database, err error) {
	txn, err := r.txn()
	if err != nil {
		return nil, nil, err
	}
	if s.IsSchema() {
		if db, err = r.parentDatabase(txn, s); err != nil {
			return nil, nil, err
		}
		schema, err = r.x.cat.Schema(r.ctx, txn, db, s.Name)
		return schema, db, err
	}
	ns, err := r.namespaceName()
	if err != nil {
		return nil, nil, err
	}
	db, err = r.x.cat.Database(r.ctx, txn, ns, s.Name)
	return db, db, err
}

// newPrivileges are the owner and access list of an object of kind
// that the current user makes in schema s (the database for public):
// the access list ALTER DEFAULT PRIVILEGES set for its role, nil for the
// built-in default (and for a session's temporary objects).
func (r *run) newPrivileges(s *catalog.Database, kind byte) (catalog.Privileges, error) {
	p := catalog.Privileges{Owner: r.creator()}
	if t := r.env.Temp; t != nil && t.ID == s.ID {
		return p, nil
	}
	acl, err := r.defaultACL(s, r.currentUser(), kind)
	p.ACL = acl
	return p, err
}

// defaultACL is the access list role's new object of kind in schema s
// starts with (nil: the built-in default).
func (r *run) defaultACL(s *catalog.Database, role string, kind byte) ([]catalog.ACLItem, error) {
	s, db, err := r.fresh(s)
	if err != nil {
		return nil, err
	}
	return catalog.NewObjectACL(db, s, role, kind), nil
}

// defaultKindNames name the kinds of default privileges as PostgreSQL's
// descriptions of pg_default_acl entries do.
var defaultKindNames = map[byte]string{catalog.DefaultTables: "relations", catalog.DefaultSequences: "sequences",
	catalog.DefaultFunctions: "functions", catalog.DefaultSchemas: "schemas"}

// defaultACLsOf lists the default privileges of database d and its
// schemas that are role's, or that name it (DROP ROLE refuses them,
// RENAME rewrites them).
func (r *run) defaultACLsOf(d *catalog.Database, role string) ([]roleObject, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	schemas, err := r.x.cat.Schemas(r.ctx, txn, d)
	if err != nil {
		return nil, err
	}
	var out []roleObject
	for _, s := range append([]*catalog.Database{d}, schemas...) {
		renamed := false
		for _, e := range s.DefaultACLs {
			owner, held := e.Role == role, false
			for _, a := range e.ACL {
				held = held || a.Grantee == role || a.Grantor == role
			}
			if !owner && !held {
				continue
			}
			name := e.Role
			switch {
			case s.IsSchema():
				name += " in schema " + s.Name
			case e.InSchema:
				name += " in schema public"
			}
			o := roleObject{kind: "default privileges on new " + defaultKindNames[e.Kind] + " belonging to role", name: name, owner: owner}
			if !renamed {
				// One rename rewrites every entry of s.
				renamed = true
				o.rename = func(to string) error {
					return r.x.cat.RenameInDefaultACLs(r.ctx, txn, s, role, to)
				}
			} else {
				o.rename = func(string) error { return nil }
			}
			out = append(out, o)
		}
	}
	return out, nil
}
