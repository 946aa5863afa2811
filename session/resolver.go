package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// resolver implements translate.Resolver over the session's current
// transaction and database.
type resolver struct {
	s   *Session
	txn kv.Txn
	// tables records every table the translation resolved, so the plan can
	// be checked against another transaction (revalidate).
	tables map[string]*catalog.Table
}

func (r *resolver) Table(ctx context.Context, name string) (*catalog.Table, error) {
	t, err := r.s.db.cat.Table(ctx, r.txn, r.s.database, name)
	if err != nil {
		return nil, err
	}
	if r.tables == nil {
		r.tables = make(map[string]*catalog.Table, 2)
	}
	r.tables[name] = t
	return t, nil
}

// revalidate looks every recorded table up again in r.txn (putting the
// descriptors in its read set) and reports whether any changed since the
// translation, in which case the statement must be translated again.
func (r *resolver) revalidate(ctx context.Context) (changed bool, err error) {
	for name, old := range r.tables {
		t, err := r.s.db.cat.Table(ctx, r.txn, r.s.database, name)
		if err != nil {
			if errs.Code(err) == errs.UndefinedTable {
				return true, nil
			}
			return false, err
		}
		// The catalog cache hands out one pointer per stored version of a
		// descriptor; a different pointer (a new version, or an eviction)
		// costs at most a fresh translation.
		if t != old {
			return true, nil
		}
	}
	return false, nil
}
func (r *resolver) Function(name string) (*builtin.Func, bool) {
	return r.s.db.reg.Lookup(name)
}

func (r *resolver) HasSessionVar(name string) bool {
	_, ok := r.s.vars[name]
	return ok
}
