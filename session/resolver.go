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
	// tables records every table the translation resolved, so the plan can
	// be checked against another transaction (Session.current).
	tables []tableRef
	// objs resolves and records stored functions, enums and named types.
	objs catalogObjects
}

func (r *resolver) Table(ctx context.Context, name string) (*catalog.Table, error) {
	t, err := r.s.db.cat.Table(ctx, r.txn, r.s.database, name)
	if err != nil {
		return nil, err
	}
	for _, tr := range r.tables {
		if tr.name == name {
			return t, nil
		}
	}
	r.tables = append(r.tables, tableRef{name: name, t: t})
	return t, nil
}

func (r *resolver) Function(name string) (*builtin.Func, bool) {
	return r.s.db.reg.Lookup(name)
}

func (r *resolver) HasSessionVar(name string) bool {
	_, ok := r.s.vars[name]
	return ok
}
