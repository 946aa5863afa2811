package session

import (
	"bytes"
	"context"
	"sort"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// A session runs as its current user: the session user
// (session_authorization: the login user, or whom a superuser's SET
// SESSION AUTHORIZATION chose) unless SET ROLE chose another. Both are
// settings, so a block's rollback and SET LOCAL's end undo them as any
// setting.
//
// The session knows whether its current user is a superuser, and for
// one that is not, the user with its memberships as the executor checks
// its privileges (exec.Env.Role, a catalog.RoleSet). Both are read again
// after any commit that changed a role (the DB's role epoch, which the
// store's commit hook advances), when the current user changes, and in a
// block that changed roles itself, so a superuser's statement costs one
// atomic load and two compares, and ALTER ROLE ... NOSUPERUSER or REVOKE
// of a role takes effect in the user's sessions at their next statement.

// roleState is a session's view of its current user.
type roleState struct {
	epoch uint64           // the DB's role epoch it was read at
	name  string           // the current user it was read for
	role  *catalog.RoleSet // nil for a superuser
	// read are the roles read at epoch by name (nil for a superuser):
	// a connection that switches roles per request (SET LOCAL ROLE)
	// reads each once.
	read map[string]*catalog.RoleSet
	// block marks a transaction block that changed roles: its
	// statements read the roles in it, uncommitted as they are, and its
	// end forgets what they read.
	block bool
}

// rolesCommitted is the store's commit hook's part for roles: a commit
// that writes a user key advances the role epoch.
func (db *DB) rolesCommitted(keyset [][]byte) {
	prefix := keys.UsersPrefix(nil)
	i := sort.Search(len(keyset), func(i int) bool { return bytes.Compare(keyset[i], prefix) >= 0 })
	if i < len(keyset) && bytes.HasPrefix(keyset[i], prefix) {
		db.roleEpoch.Add(1)
	}
}

// User implements sysview.Session: current_user.
func (s *Session) User() string {
	if r := s.settings.role.value; r != "none" {
		return r
	}
	return s.settings.sessionAuth.value
}

// SessionUser implements sysview.Session: session_user.
func (s *Session) SessionUser() string { return s.settings.sessionAuth.value }

// roleEnv sets the statement's role: nil for a superuser.
func (s *Session) roleEnv(ctx context.Context, env *exec.Env, st *plan.Statement) error {
	cur := s.User()
	if epoch := s.db.roleEpoch.Load(); epoch != s.roles.epoch || s.roles.block {
		clear(s.roles.read)
		s.roles.epoch, s.roles.name = epoch, ""
	}
	if cur != s.roles.name {
		set, ok := s.roles.read[cur]
		if !ok {
			var err error
			if set, err = s.readRole(ctx, env, cur); err != nil {
				return err
			}
			if s.roles.read == nil {
				s.roles.read = make(map[string]*catalog.RoleSet)
			}
			s.roles.read[cur] = set
		}
		s.roles.role, s.roles.name, s.superuser = set, cur, set == nil
		s.settings.setSuperuser(set == nil)
	}
	env.Role = s.roles.role
	if changesRoles(st) {
		// Read again after it; in a block, until the block ends.
		s.roles.epoch = 0
		s.roles.block = s.txn != nil
	}
	return nil
}

// readRole reads role name with its memberships in the statement's
// transaction: nil for a superuser.
func (s *Session) readRole(ctx context.Context, env *exec.Env, name string) (*catalog.RoleSet, error) {
	u, ok, err := s.db.cat.User(ctx, env.Txn, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		// Dropped while connected: no privileges at all.
		u = &catalog.User{Name: name, Namespace: s.home}
	}
	if u.Superuser {
		return nil, nil
	}
	return s.db.cat.RoleSet(ctx, env.Txn, u)
}

// changesRoles reports whether st changes roles or memberships.
func changesRoles(st *plan.Statement) bool {
	if st == nil {
		return false
	}
	switch st.Root.(type) {
	case *plan.CreateRole, *plan.AlterRole, *plan.RenameRole, *plan.DropRole, *plan.GrantRole:
		return true
	}
	return false
}

// rolesBlockEnded forgets what a block that changed roles read of them.
func (s *Session) rolesBlockEnded() {
	if s.roles.block {
		s.roles.block, s.roles.epoch = false, 0
	}
}

// setRole runs SET [LOCAL] ROLE and SET SESSION AUTHORIZATION (g is the
// role or session_authorization setting), their RESETs and set_config
// of them, with PostgreSQL 15's checks: the role exists (22023), SET
// ROLE takes a role the session user is a member of (any, for a
// superuser; 42501 otherwise), and SET SESSION AUTHORIZATION needs an
// authenticated user that is a superuser, unless it names that user.
// SET SESSION AUTHORIZATION also ends a SET ROLE.
func (s *Session) setRole(ctx context.Context, g *setting, val string, toDefault, local bool) error {
	if toDefault {
		val = g.reset
	}
	auth := g == s.settings.sessionAuth
	if auth || val != "none" {
		if err := s.checkSetRole(ctx, auth, val); err != nil {
			return err
		}
	}
	s.applySetting(g, val, local)
	if auth {
		s.applySetting(s.settings.role, "none", local)
	}
	return nil
}

// checkSetRole checks that the session may become role val (auth: as
// its session user), in its block's transaction or in one of its own.
func (s *Session) checkSetRole(ctx context.Context, auth bool, val string) error {
	txn := s.txn
	if txn == nil {
		t, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
		if err != nil {
			return err
		}
		defer t.Rollback()
		txn = t
	}
	cat := s.db.cat
	target, ok, err := cat.User(ctx, txn, val)
	if err != nil {
		return err
	}
	if !ok {
		return errs.New(errs.InvalidParameterValue, "role %q does not exist", val)
	}
	if auth {
		if val == s.user {
			return nil
		}
		login, ok, err := cat.User(ctx, txn, s.user)
		if err != nil {
			return err
		}
		if !ok || !login.Superuser {
			return errs.New(errs.InsufficientPrivilege, "permission denied to set session authorization")
		}
		return nil
	}
	su, ok, err := cat.User(ctx, txn, s.SessionUser())
	if err != nil {
		return err
	}
	if !ok {
		return errs.New(errs.InsufficientPrivilege, "permission denied to set role %q", target.Name)
	}
	set, err := cat.RoleSet(ctx, txn, su)
	if err != nil {
		return err
	}
	if !set.IsMemberOf(target.Name) {
		return errs.New(errs.InsufficientPrivilege, "permission denied to set role %q", target.Name)
	}
	return nil
}

// superuserNow reports whether the current user is a superuser. roleEnv
// notes it as each statement runs, but SET ROLE, RESET ROLE and SET
// SESSION AUTHORIZATION change the user between statements, and a
// superuser parameter set right after one must see the new user.
func (s *Session) superuserNow(ctx context.Context) (bool, error) {
	cur := s.User()
	if cur == s.roles.name || (s.roles.name == "" && cur == s.user) {
		s.settings.setSuperuser(s.superuser)
		return s.superuser, nil
	}
	txn := s.txn
	if txn == nil {
		t, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
		if err != nil {
			return false, err
		}
		defer t.Rollback()
		txn = t
	}
	u, ok, err := s.db.cat.User(ctx, txn, cur)
	if err != nil {
		return false, err
	}
	// is_superuser shows it now; roleEnv notes the user when the next
	// statement runs.
	su := ok && u.Superuser
	s.settings.setSuperuser(su)
	return su, nil
}
