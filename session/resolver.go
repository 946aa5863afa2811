package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/kv"
)

// resolver implements translate.Resolver over the session's current
// transaction and database.
type resolver struct {
	s   *Session
	txn kv.Txn
}

func (r *resolver) Table(ctx context.Context, name string) (*catalog.Table, error) {
	return r.s.db.cat.Table(ctx, r.txn, r.s.database, name)
}

func (r *resolver) Function(name string) (*builtin.Func, bool) {
	return r.s.db.reg.Lookup(name)
}

func (r *resolver) HasSessionVar(name string) bool {
	_, ok := r.s.vars[name]
	return ok
}
