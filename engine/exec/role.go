package exec

import (
	"regexp"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/scram"
)

// Role management follows PostgreSQL 15's user.c: its checks in its
// order, its SQLSTATEs and messages. Users live outside every database,
// so these statements read and write the store's user keys in the
// statement's transaction.

// actor is the current user (after SET ROLE) as the transaction sees
// it; outside a session (internal statements) a superuser without a
// name.
func (r *run) actor() (*catalog.User, error) {
	if r.env.Session == nil {
		return &catalog.User{Superuser: true, CanLogin: true, ConnLimit: -1}, nil
	}
	return r.existingRole(r.env.Session.User())
}

// actorSet is the actor with its memberships.
func (r *run) actorSet() (*catalog.RoleSet, error) {
	me, err := r.actor()
	if err != nil || me.Superuser {
		return &catalog.RoleSet{User: me}, err
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	return r.x.cat.RoleSet(r.ctx, txn, me)
}

// currentUser is current_user, the role the statement runs as ("" outside
// a session).
func (r *run) currentUser() string {
	if r.env.Session == nil {
		return ""
	}
	return r.env.Session.User()
}

// sessionUser is session_user, the role that SET ROLE leaves ("" outside
// a session).
func (r *run) sessionUser() string {
	if r.env.Session == nil {
		return ""
	}
	return r.env.Session.SessionUser()
}

// existingRole is the role name names (42704 when there is none).
func (r *run) existingRole(name string) (*catalog.User, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	u, ok, err := r.x.cat.User(r.ctx, txn, name)
	if err == nil && !ok {
		err = errs.New(errs.UndefinedObject, "role %q does not exist", name)
	}
	return u, err
}

// newRoleName checks a name for a new or renamed role: not reserved
// (42939), not taken (42710).
func (r *run) newRoleName(name string) error {
	if err := checkRoleName(name); err != nil {
		return err
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	_, ok, err := r.x.cat.User(r.ctx, txn, name)
	if err == nil && ok {
		err = errs.New(errs.DuplicateObject, "role %q already exists", name)
	}
	return err
}

// sameTenant refuses a CREATEROLE holder that is not a superuser the
// roles of other namespaces: a tenant's role administrator manages its
// tenant's roles only (PostgreSQL, without tenants, lets it manage all).
func sameTenant(me, u *catalog.User) error {
	if me.Superuser || me.Namespace == u.Namespace {
		return nil
	}
	return errs.New(errs.InsufficientPrivilege, "permission denied for role %q", u.Name).
		WithDetail("The role belongs to namespace %q.", u.Namespace)
}

func errPrivilege(format string, args ...any) error {
	return errs.New(errs.InsufficientPrivilege, format, args...)
}

// checkRoleName refuses the names PostgreSQL reserves for its own roles.
func checkRoleName(name string) error {
	if strings.HasPrefix(name, "pg_") {
		return errs.New(errs.ReservedName, "role name %q is reserved", name).
			WithDetail(`Role names starting with "pg_" are reserved.`)
	}
	return nil
}

// putUser stores u in the statement's transaction.
func (r *run) putUser(u *catalog.User) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	return r.x.cat.PutUser(r.ctx, txn, u)
}

func (r *run) createRole(n *plan.CreateRole) error {
	me, err := r.actor()
	if err != nil {
		return err
	}
	o := &n.Options
	switch {
	case o.Superuser != nil && *o.Superuser && !me.Superuser:
		return errPrivilege("must be superuser to create superusers")
	case !me.Superuser && !me.CreateRole:
		return errPrivilege("permission denied to create role")
	}
	if err := r.newRoleName(n.Name); err != nil {
		return err
	}
	ns, err := r.namespaceName()
	if err != nil {
		return err
	}
	u := &catalog.User{Name: n.Name, Namespace: ns, ConnLimit: -1}
	if err := r.applyRoleOptions(u, o); err != nil {
		return err
	}
	if err := r.putUser(u); err != nil {
		return err
	}
	return r.createRoleMembers(n)
}

func (r *run) alterRole(n *plan.AlterRole) error {
	name := r.roleName(n.Role)
	u, err := r.existingRole(name)
	if err != nil {
		return err
	}
	me, err := r.actor()
	if err != nil {
		return err
	}
	o := &n.Options
	switch {
	case u.Superuser || o.Superuser != nil:
		if !me.Superuser {
			return errPrivilege("must be superuser to alter superuser roles or change superuser attribute")
		}
	case !me.Superuser && !me.CreateRole:
		// Without CREATEROLE a user may change their own password only.
		onlyPassword := *o == plan.RoleOptions{SetPassword: true, Password: o.Password}
		if !onlyPassword || u.Name != me.Name {
			return errPrivilege("permission denied")
		}
	}
	if err := sameTenant(me, u); err != nil {
		return err
	}
	if o.Superuser != nil && !*o.Superuser && u.Name == catalog.BootstrapUser {
		return errs.New(errs.InvalidParameterValue, "permission denied: bootstrap user must be superuser")
	}
	if err := r.applyRoleOptions(u, o); err != nil {
		return err
	}
	return r.putUser(u)
}

// applyRoleOptions sets the attributes o gives on u.
func (r *run) applyRoleOptions(u *catalog.User, o *plan.RoleOptions) error {
	set := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	set(&u.Superuser, o.Superuser)
	set(&u.CanLogin, o.Login)
	set(&u.CreateDB, o.CreateDB)
	set(&u.CreateRole, o.CreateRole)
	if o.Inherit != nil {
		u.NoInherit = !*o.Inherit
	}
	if o.ConnLimit != nil {
		u.ConnLimit = *o.ConnLimit
	}
	if o.ValidUntil != nil {
		v, err := value.ParseTextIn(*o.ValidUntil, value.TypeTimestampTZ, r.zone(true))
		if err != nil {
			return err
		}
		us := v.DatetimeMicros()
		u.ValidUntil = &us
	}
	if !o.SetPassword {
		return nil
	}
	verifier, err := r.roleVerifier(o.Password)
	if err != nil {
		return err
	}
	u.Verifier = verifier
	return nil
}

// md5Hash is the shape of PostgreSQL's md5 password hashes.
var md5Hash = regexp.MustCompile(`^md5[0-9a-f]{32}$`)

// roleVerifier is the verifier to store for PASSWORD pw (nil: PASSWORD
// NULL). A SCRAM-SHA-256 verifier (psql's \password and pg_dumpall send
// one) is stored as it is; anything else that is not an md5 hash is a
// password, as PostgreSQL tells them apart.
func (r *run) roleVerifier(pw *string) (string, error) {
	if pw == nil {
		return "", nil
	}
	if *pw == "" {
		if r.env.Notices != nil {
			if err := r.env.Notices.Notice(errs.Notice{Severity: "NOTICE", Code: errs.SuccessfulCompletion, Message: "empty string is not a valid password, clearing password"}); err != nil {
				return "", err
			}
		}
		return "", nil
	}
	if _, err := scram.ParseVerifier(*pw); err == nil {
		return *pw, nil
	}
	if md5Hash.MatchString(*pw) {
		return "", errs.New(errs.FeatureNotSupported, "MD5 password hashes are not supported").
			WithHint("Give the password in plain text or as a SCRAM-SHA-256 verifier.")
	}
	return scram.NewVerifier(*pw)
}

func (r *run) renameRole(n *plan.RenameRole) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	u, err := r.existingRole(n.Name)
	if err != nil {
		return err
	}
	switch n.Name {
	case r.sessionUser():
		return errs.New(errs.FeatureNotSupported, "session user cannot be renamed")
	case r.currentUser():
		return errs.New(errs.FeatureNotSupported, "current user cannot be renamed")
	case catalog.BootstrapUser:
		return errs.New(errs.FeatureNotSupported, "renaming the bootstrap superuser %q is not supported", n.Name)
	}
	if err := r.newRoleName(n.NewName); err != nil {
		return err
	}
	me, err := r.actor()
	if err != nil {
		return err
	}
	switch {
	case u.Superuser && !me.Superuser:
		return errPrivilege("must be superuser to rename superusers")
	case !me.Superuser && !me.CreateRole:
		return errPrivilege("permission denied to rename role")
	}
	if err := sameTenant(me, u); err != nil {
		return err
	}
	// Owners are recorded by name: what the role owns changes hands.
	owned, err := r.roleObjects(n.Name)
	if err != nil {
		return err
	}
	for _, o := range owned {
		if err := o.rename(n.NewName); err != nil {
			return err
		}
	}
	if err := r.x.cat.DropUser(r.ctx, txn, n.Name); err != nil {
		return err
	}
	u.Name = n.NewName
	if err := r.x.cat.PutUser(r.ctx, txn, u); err != nil {
		return err
	}
	return r.renameMemberships(n.Name, n.NewName)
}

func (r *run) dropRole(n *plan.DropRole) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	me, err := r.actor()
	if err != nil {
		return err
	}
	if !me.Superuser && !me.CreateRole {
		return errPrivilege("permission denied to drop role")
	}
	for _, name := range n.Names {
		u, ok, err := r.x.cat.User(r.ctx, txn, name)
		if err != nil {
			return err
		}
		if !ok {
			if err := r.skipMissing(errs.New(errs.UndefinedObject, "role %q does not exist", name),
				n.IfExists, errs.UndefinedObject, "role", name); err != nil {
				return err
			}
			continue
		}
		switch {
		case name == r.currentUser():
			return errs.New(errs.ObjectInUse, "current user cannot be dropped")
		case name == r.sessionUser():
			return errs.New(errs.ObjectInUse, "session user cannot be dropped")
		case name == catalog.BootstrapUser:
			return errs.New(errs.DependentObjectsStillExist, "cannot drop role %s because it is required by the database system", name)
		case u.Superuser && !me.Superuser:
			return errPrivilege("must be superuser to drop superusers")
		}
		if err := sameTenant(me, u); err != nil {
			return err
		}
		owned, err := r.roleObjects(name)
		if err != nil {
			return err
		}
		if len(owned) > 0 {
			detail := make([]string, len(owned))
			for i, o := range owned {
				switch {
				case o.target:
					detail[i] = "target of " + o.kind + " " + o.name
				case o.owner:
					detail[i] = "owner of " + o.kind + " " + o.name
				default:
					detail[i] = "privileges for " + o.kind + " " + o.name
				}
			}
			return errs.New(errs.DependentObjectsStillExist, "role %q cannot be dropped because some objects depend on it", name).
				WithDetail("%s", strings.Join(detail, "\n"))
		}
		if err := r.x.cat.DropUser(r.ctx, txn, name); err != nil {
			return err
		}
		if err := r.dropMemberships(name); err != nil {
			return err
		}
	}
	return nil
}
