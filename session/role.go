package session

import (
	"bytes"
	"context"
	"sort"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/keys"
)

// A session knows whether its user is a superuser, and for one that is
// not, the user as the executor checks its privileges (exec.Env.Role).
// Both are read again after any commit that changed a role (the DB's
// role epoch, which the store's commit hook advances), so a superuser's
// statement costs one atomic load and compare, and ALTER ROLE ...
// NOSUPERUSER takes effect in the user's sessions at their next
// statement.

// roleState is a session's view of its user.
type roleState struct {
	epoch uint64        // the DB's role epoch it was read at
	role  *catalog.User // nil for a superuser
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

// roleEnv sets the statement's role: nil for a superuser.
func (s *Session) roleEnv(ctx context.Context, env *exec.Env) error {
	if epoch := s.db.roleEpoch.Load(); epoch != s.roles.epoch {
		u, ok, err := s.db.cat.User(ctx, env.Txn, s.user)
		if err != nil {
			return err
		}
		if !ok {
			// Dropped while connected: no privileges at all.
			u = &catalog.User{Name: s.user, Namespace: s.home}
		}
		s.superuser, s.roles.epoch = u.Superuser, epoch
		s.roles.role = nil
		if !u.Superuser {
			s.roles.role = u
		}
		s.settings.setSuperuser(u.Superuser)
	}
	env.Role = s.roles.role
	return nil
}
