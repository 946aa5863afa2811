package exec

import (
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// The DDL of large objects (GRANT ... ON LARGE OBJECT, ALTER LARGE
// OBJECT ... OWNER TO, COMMENT ON LARGE OBJECT): each reads the object's
// metadata in the statement's transaction, checks ownership as
// PostgreSQL does and writes the metadata back. The objects' data and
// the lo_* functions are sysview's (sysview/largeobject.go).

// largeObject reads the large object a statement names by its OID text,
// requiring the current role to own it unless it only grants (grant
// checks as GRANT on a table does).
func (r *run) largeObject(oidText string) (*catalog.LargeObject, *catalog.Database, error) {
	oid, err := strconv.ParseUint(oidText, 10, 32)
	if err != nil {
		return nil, nil, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type oid: %q", oidText)
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, nil, err
	}
	lo, err := r.x.cat.LargeObject(r.ctx, txn, db, uint32(oid))
	if err != nil {
		return nil, nil, err
	}
	if rs := r.role(); rs != nil && !rs.HasPrivsOf(lo.OwnerName()) {
		return nil, nil, errNotOwner("large object", oidText)
	}
	return lo, db, nil
}

// putLargeObject writes a large object's changed metadata.
func (r *run) putLargeObject(db *catalog.Database, lo *catalog.LargeObject) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	return r.x.cat.PutLargeObject(txn, db, lo)
}

func (r *run) commentLargeObject(n *plan.Comment) error {
	lo, db, err := r.largeObject(n.Table)
	if err != nil {
		return err
	}
	lo.Comment = n.Text
	return r.putLargeObject(db, lo)
}

func (r *run) changeLargeObjectOwner(n *plan.ChangeOwner) error {
	lo, db, err := r.largeObject(n.Name)
	if err != nil {
		return err
	}
	role, err := r.ownerRole(n.Role)
	if err != nil {
		return err
	}
	lo.SetOwner(role)
	return r.putLargeObject(db, lo)
}

// grantLargeObjects runs GRANT and REVOKE of SELECT and UPDATE on large
// objects; as on tables, only the owner (a member of it, a superuser)
// grants, for there is no WITH GRANT OPTION.
func (r *run) grantLargeObjects(n *plan.Grant) error {
	grantees, err := r.grantees(n.Grantees)
	if err != nil {
		return err
	}
	all := catalog.LargeObjectPrivileges
	privs := n.Privs
	if n.All {
		privs = all
	}
	if privs&^all != 0 {
		return errs.New(errs.InvalidGrantOperation, "invalid privilege type %s for large object", (privs &^ all).Name())
	}
	for _, o := range n.Objects {
		lo, db, err := r.largeObject(o)
		if errs.Code(err) == errs.InsufficientPrivilege {
			err = errNoPrivilege("large object", o)
		}
		if err != nil {
			return err
		}
		for _, g := range grantees {
			if n.Revoke {
				lo.Revoke(g, privs, all)
			} else {
				lo.Grant(g, privs, all)
			}
		}
		if err := r.putLargeObject(db, lo); err != nil {
			return err
		}
	}
	return nil
}

// largeObjectsOf lists the large objects of d that role owns or holds
// privileges on (DROP ROLE refuses them, RENAME rewrites them).
func (r *run) largeObjectsOf(d *catalog.Database, role string) ([]roleObject, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	los, err := r.x.cat.LargeObjects(r.ctx, txn, d)
	if err != nil {
		return nil, err
	}
	var out []roleObject
	for _, lo := range los {
		owner, held := roleIn(&lo.Privileges, role)
		if !owner && !held {
			continue
		}
		out = append(out, roleObject{kind: "large object", name: strconv.FormatUint(uint64(lo.OID), 10), owner: owner, rename: func(to string) error {
			lo.RenameRole(role, to)
			return r.x.cat.PutLargeObject(txn, d, lo)
		}})
	}
	return out, nil
}
