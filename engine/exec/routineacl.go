package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
)

// grantRoutines runs GRANT and REVOKE of EXECUTE on functions,
// procedures and aggregates of the statement's schema: the ones named,
// or every one of n.RoutineKind. As on tables, only the owner (a member
// of it, a superuser) grants.
func (r *run) grantRoutines(n *plan.Grant) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cat := r.x.cat
	var fns []*catalog.Function
	if n.AllInSchema {
		all, err := cat.Functions(r.ctx, txn, db)
		if err != nil {
			return err
		}
		for _, f := range all {
			if n.RoutineKind == "routine" || (n.RoutineKind == "procedure") == f.IsProcedure() {
				fns = append(fns, f)
			}
		}
	}
	for _, name := range n.Objects {
		f, err := cat.Function(r.ctx, txn, db, name)
		if err != nil {
			return err
		}
		fns = append(fns, f)
	}
	grantees, err := r.grantees(n.Grantees)
	if err != nil {
		return err
	}
	// The translation refused the privileges functions do not have.
	all := catalog.FunctionPrivileges
	privs := n.Privs
	if n.All {
		privs = all
	}
	for _, f := range fns {
		kind := "function"
		if f.IsProcedure() {
			kind = "procedure"
		}
		if r.role() != nil && !r.role().HasPrivsOf(f.OwnerName()) {
			if !f.HasAny(r.role().Privs, all, all) {
				return errNoPrivilege(kind, f.Name)
			}
			// A holder without the grant option PostgreSQL warns and
			// changes nothing (zerodb has no grant options).
			msg := "no privileges were granted for %q"
			if n.Revoke {
				msg = "no privileges could be revoked for %q"
			}
			if err := r.warning(msg, f.Name); err != nil {
				return err
			}
			continue
		}
		nf := *f
		nf.Privileges = catalog.Privileges{Owner: f.Owner, ACL: slices.Clone(f.ACL)}
		for _, g := range grantees {
			if n.Revoke {
				nf.Revoke(g, privs, all)
			} else {
				nf.Grant(g, privs, all)
			}
		}
		if err := cat.PutFunction(r.ctx, txn, db, &nf); err != nil {
			return err
		}
	}
	return nil
}

// CheckExecute refuses role (nil: a superuser) a statement that calls
// one of fns, the stored functions, procedures and aggregates its
// translation calls (plan.Statement.Routines), unless it holds EXECUTE
// on each: PostgreSQL checks them as the executor starts, before any
// row moves, whether or not a row reaches the call. The built-in
// functions are every role's.
func CheckExecute(role *catalog.RoleSet, fns []*catalog.Function) error {
	if role == nil {
		return nil
	}
	for _, f := range fns {
		if !f.Has(role.Privs, catalog.PrivExecute, catalog.FunctionPrivileges) {
			return errNoPrivilege(f.Kind(), f.Name)
		}
	}
	return nil
}

// checkTriggerFunction checks that the role making a trigger holds
// EXECUTE on its function ("schema.f", a bare name public's), which
// PostgreSQL checks then and not as the trigger fires. A missing
// function fails the DDL its own way.
func (r *run) checkTriggerFunction(name string) error {
	schema, fn, qualified := strings.Cut(name, ".")
	if !qualified {
		schema, fn = "public", name
	}
	db, err := r.schemaNamed(schema)
	if err != nil {
		return nil
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	f, err := r.x.cat.Function(r.ctx, txn, db, fn)
	if err != nil {
		return nil
	}
	return CheckExecute(r.role(), []*catalog.Function{f})
}
