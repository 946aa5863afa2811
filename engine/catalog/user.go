package catalog

import (
	"context"
	"fmt"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// BootstrapUser is the superuser every store has (PostgreSQL's bootstrap
// superuser): it can be neither dropped nor renamed, nor stop being a
// superuser.
const BootstrapUser = "root"

// Users are read at login and by role management only, so they are
// decoded on every read rather than cached.

// User finds a user (ok=false when missing).
func (c *Catalog) User(ctx context.Context, txn kv.Txn, name string) (*User, bool, error) {
	b, ok, err := txn.Get(ctx, keys.UserKey(nil, name))
	if err != nil {
		return nil, false, fmt.Errorf("catalog: read user %q: %w", name, err)
	}
	if !ok {
		return nil, false, nil
	}
	u, err := decodeUser(b)
	if err != nil {
		return nil, false, err
	}
	return u, true, nil
}

// PutUser creates or replaces a user.
func (c *Catalog) PutUser(ctx context.Context, txn kv.Txn, u *User) error {
	if u == nil {
		return errs.New(errs.InternalError, "catalog: PutUser without a user")
	}
	if err := checkName("role", u.Name); err != nil {
		return err
	}
	b, err := encodeUser(u)
	if err != nil {
		return err
	}
	if err := txn.Put(keys.UserKey(nil, u.Name), b); err != nil {
		return fmt.Errorf("catalog: write user %q: %w", u.Name, err)
	}
	return nil
}

// Users lists every user in name order.
func (c *Catalog) Users(ctx context.Context, txn kv.Txn) ([]*User, error) {
	var out []*User
	err := scanValues(ctx, txn, keys.UsersPrefix(nil), func(b []byte) error {
		u, err := decodeUser(b)
		if err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

// DropUser removes a user (42704 `role "x" does not exist` when missing).
func (c *Catalog) DropUser(ctx context.Context, txn kv.Txn, name string) error {
	key := keys.UserKey(nil, name)
	_, ok, err := txn.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("catalog: read user %q: %w", name, err)
	}
	if !ok {
		return errs.New(errs.UndefinedObject, "role %q does not exist", name)
	}
	if err := txn.Delete(key); err != nil {
		return fmt.Errorf("catalog: delete user %q: %w", name, err)
	}
	return nil
}
