package session

import (
	"context"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate/sqlfe"
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
	// transition are the transition tables of the trigger whose
	// function's statement is translated (stmtSource.transition).
	transition []*catalog.Table
	// target is the schema whose tables bare names find first while DDL
	// on its objects translates (translate.SchemaResolver.TargetSchema).
	target string
}

func (r *resolver) Table(ctx context.Context, name string) (*catalog.Table, error) {
	for _, t := range r.transition {
		if t.Name == name {
			// Read from the firing statement's rows: nothing to
			// revalidate.
			return t, nil
		}
	}
	if vt, ok, err := virtualTable(name); ok {
		// Virtual relations are computed when scanned: nothing to
		// revalidate.
		return vt, err
	}
	if r.target != "" && strings.IndexByte(name, '.') < 0 {
		if t, err := r.s.lookupTable(ctx, r.txn, r.target+"."+name); err == nil {
			return r.record(r.target+"."+name, t), nil
		}
	}
	// public.pg_x: the database's table, not pg_catalog's relation;
	// pg_temp.t and a bare name may be a temporary table (temp.go).
	t, err := r.s.lookupTable(ctx, r.txn, name)
	if errs.Code(err) == errs.UndefinedTable {
		// SELECT ... FROM a sequence: computed when scanned, like the
		// virtual relations, so nothing to revalidate.
		if s, serr := r.s.lookupSequence(ctx, r.txn, name); serr == nil {
			return sysview.SequenceRelation(s), nil
		}
	}
	if err != nil {
		return nil, err
	}
	return r.record(name, t), nil
}

// record notes that name resolved to t, for revalidation (current).
func (r *resolver) record(name string, t *catalog.Table) *catalog.Table {
	for _, tr := range r.tables {
		if tr.name == name {
			return t
		}
	}
	r.tables = append(r.tables, tableRef{name: name, t: t})
	return t
}

func (r *resolver) Function(name string) (*builtin.Func, bool) {
	if f, ok := r.s.db.reg.Lookup(name); ok {
		return f, true
	}
	return sysFunction(name)
}

func (r *resolver) HasSessionVar(name string) bool {
	_, ok := r.s.vars[name]
	return ok
}

// TableChecks compiles t's CHECK constraints, SQL text, for a ZQL write
// (translate.CheckResolver).
func (r *resolver) TableChecks(ctx context.Context, t *catalog.Table) ([]plan.Check, error) {
	return sqlfe.TableChecks(ctx, r, t)
}
