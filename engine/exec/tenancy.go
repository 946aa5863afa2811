package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// Namespaces are tenants: a role belongs to one (catalog.User.Namespace)
// and, unless a superuser, works in its databases only. Making and
// dropping namespaces is for superusers; databases are made by roles
// with CREATEDB in their own namespace and dropped by their owners.

// requireSuperuser refuses a statement of a non-superuser with 42501
// and message.
func (r *run) requireSuperuser(message string) error {
	me, err := r.actor()
	if err != nil {
		return err
	}
	if !me.Superuser {
		return errs.New(errs.InsufficientPrivilege, "%s", message)
	}
	return nil
}

// requireNamespace refuses a non-superuser access to a namespace other
// than its own, naming the database (as given) it asked for.
func requireNamespace(me *catalog.User, ns, database string) error {
	if me.Superuser || ns == me.Namespace || (me.Namespace == "" && ns == catalog.DefaultNamespace) {
		return nil
	}
	return errs.New(errs.InsufficientPrivilege, "permission denied for database %q", database)
}

// requireDatabaseOwner refuses DDL on database d (named so) of anyone
// but its owner (or a member of the owning role) and superusers, as
// PostgreSQL's DROP and ALTER DATABASE.
func (r *run) requireDatabaseOwner(d *catalog.Database, name string) error {
	me, err := r.actorSet()
	if err != nil {
		return err
	}
	if me.Superuser || (me.Name != "" && me.HasPrivsOf(d.OwnerName())) {
		return nil
	}
	return errs.New(errs.InsufficientPrivilege, "must be owner of database %s", name)
}

// createDatabase runs CREATE DATABASE and db::create: the creating role
// needs CREATEDB, may create only in its own namespace, and owns the
// database.
func (r *run) createDatabase(n *plan.CreateDatabase) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	ns := n.Namespace
	if ns == "" {
		if ns, err = r.namespaceName(); err != nil {
			return err
		}
	}
	me, err := r.actor()
	if err != nil {
		return err
	}
	if !me.Superuser && !me.CreateDB {
		return errs.New(errs.InsufficientPrivilege, "permission denied to create database")
	}
	if err := requireNamespace(me, ns, ns+"/"+n.Name); err != nil {
		return err
	}
	owner := me.Name
	if n.Owner != "" {
		// OWNER needs membership in the role, as PostgreSQL's.
		if owner, err = r.ownerRole(n.Owner); err != nil {
			return err
		}
	}
	d, err := r.x.cat.CreateDatabase(r.ctx, txn, ns, n.Name)
	if err == nil && owner != "" && owner != catalog.BootstrapUser {
		err = r.x.cat.SetDatabaseOwner(r.ctx, txn, d, owner)
	}
	return ignoreIf(err, n.IfNotExists, errs.DuplicateDatabase)
}

// changeDatabaseOwner runs ALTER DATABASE d OWNER TO role. A role that
// is not a superuser may give only a database it owns (or whose owning
// role it has the privileges of), to a role it is a member of.
func (r *run) changeDatabaseOwner(d *catalog.Database, n *plan.ChangeOwner) error {
	if err := r.requireDatabaseOwner(d, n.Name); err != nil {
		return err
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	role, err := r.ownerRole(n.Role)
	if err != nil {
		return err
	}
	return r.x.cat.SetDatabaseOwner(r.ctx, txn, d, role)
}

// ownerRole is the role OWNER TO names ("" the current user), which
// must exist and, for a role that is not a superuser, be one it is a
// member of (PG 15's "must be member of role").
func (r *run) ownerRole(role string) (string, error) {
	me, err := r.actorSet()
	if err != nil {
		return "", err
	}
	if role == "" {
		role = me.Name
	}
	if _, err := r.existingRole(role); err != nil {
		return "", err
	}
	if !me.IsMemberOf(role) {
		return "", errs.New(errs.InsufficientPrivilege, "must be member of role %q", role)
	}
	return role, nil
}

// roleObject is a database, table, view or sequence a role owns or
// holds privileges on (DROP ROLE's 2BP01 lists them, RENAME moves them).
type roleObject struct {
	kind, name string
	owner      bool
	// target marks a row security policy that names the role.
	target bool
	// rename stores the object with the role renamed.
	rename func(newName string) error
}

// roleObjects lists what role owns or holds privileges on, in every
// namespace and database. Roles are named, not numbered, in owners and
// access lists, so RENAME must rewrite them.
func (r *run) roleObjects(role string) ([]roleObject, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	cat := r.x.cat
	nss, err := cat.Namespaces(r.ctx, txn)
	if err != nil {
		return nil, err
	}
	var out []roleObject
	for _, ns := range nss {
		dbs, err := cat.Databases(r.ctx, txn, ns.Name)
		if err != nil {
			return nil, err
		}
		for _, d := range dbs {
			if d.OwnerName() == role {
				out = append(out, roleObject{kind: "database", name: d.Name, owner: true, rename: func(to string) error {
					return cat.SetDatabaseOwner(r.ctx, txn, d, to)
				}})
			}
			objs, err := r.relationsOf(d, role)
			if err != nil {
				return nil, err
			}
			out = append(out, objs...)
			// After the relations: a policy's rename reads its table
			// as their renames left it.
			if objs, err = r.policiesOf(d, role); err != nil {
				return nil, err
			}
			out = append(out, objs...)
			if objs, err = r.statisticsOwnedBy(d, role); err != nil {
				return nil, err
			}
			out = append(out, objs...)
			if objs, err = r.objectsOwnedIn(d, role); err != nil {
				return nil, err
			}
			out = append(out, objs...)
			if objs, err = r.largeObjectsOf(d, role); err != nil {
				return nil, err
			}
			out = append(out, objs...)
			// Last: their rename reads the descriptors the renames
			// before it stored.
			if objs, err = r.defaultACLsOf(d, role); err != nil {
				return nil, err
			}
			out = append(out, objs...)
		}
	}
	return out, nil
}

// roleIn tells whether role owns an object of privileges p, or holds or
// granted privileges on it.
func roleIn(p *catalog.Privileges, role string) (owner, held bool) {
	for _, a := range p.ACL {
		held = held || a.Grantee == role || a.Grantor == role
	}
	return p.OwnerName() == role, held
}

// relationsOf lists the tables, views and sequences of d that role owns
// or holds privileges on.
func (r *run) relationsOf(d *catalog.Database, role string) ([]roleObject, error) {
	objs, err := r.relObjects(d, "")
	if err != nil {
		return nil, err
	}
	var out []roleObject
	for _, o := range objs {
		owner, held := roleIn(o.priv, role)
		if !owner && !held {
			continue
		}
		out = append(out, roleObject{kind: o.kind, name: o.name, owner: owner, rename: func(to string) error {
			return updatePrivileges(o, func(p *catalog.Privileges, _ catalog.ACLMode) error {
				p.RenameRole(role, to)
				return nil
			})
		}})
	}
	return out, nil
}
