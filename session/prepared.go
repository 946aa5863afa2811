package session

import (
	"context"
	"sync/atomic"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/stats"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/sqlfe"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// stmtSource is one statement of a message in either language.
type stmtSource struct {
	sql  *sqlfe.Stmt
	zql  *zqlfe.Stmt
	text string
	// opts are the SQL translation's options (a normalized statement's
	// literals).
	opts sqlfe.TranslateOptions
	// transition are the transition tables a trigger's statement sees
	// (catalog.Table.TransitionOf), found by name before any table.
	transition []*catalog.Table
}

// prepared is a statement translated and optimized once, to be run any
// number of times with parameter values: "prepare" is translate and
// optimize (prepare), "execute" is check the catalog in the executing
// transaction (current), bind the values and run (run). The plan cache
// holds prepared statements of normalized simple-protocol statements;
// the extended protocol's Parse/Bind/Execute will use the same steps.
//
// A prepared statement never changes once made, so sessions may share it
// and run it concurrently: the optimizer copies what it rewrites and the
// executor keeps its state out of the plan. A statement whose tables
// changed is translated again into a new prepared statement.
type prepared struct {
	src stmtSource
	// st is the translation, its Root optimized; st.ParamTypes are the
	// types of the parameter values run expects.
	st *plan.Statement
	// tables are the descriptors the translation resolved, by name;
	// objects the stored functions, enums and named types.
	tables  []tableRef
	objects []objectRef
	// listed: the translation listed catalog objects (not cacheable).
	listed bool
	// shape is how the rows go to the client.
	shape resultShape
	// key is the plan cache entry the statement belongs to (text "": none).
	key planKey
	// lastCheck is the last schema version (and database) p passed
	// current's check in (currentRemembered).
	lastCheck atomic.Pointer[checkStamp]
	// stat is the statement's pg_stat_statements text and id, once
	// computed (statKey).
	stat atomic.Pointer[statKey]
}

type statKey struct {
	text string
	id   int64
}

// statKey is the statement's text as pg_stat_statements shows it, and
// its id: the statement alone (not the rest of its message), with the
// constants of a SELECT, INSERT, UPDATE or DELETE as $n (a plan-cached
// statement has them so already), so that statements differing only in
// them share a row, as in PostgreSQL.
func (p *prepared) statKey() *statKey {
	if k := p.stat.Load(); k != nil {
		return k
	}
	var text string
	switch {
	case p.src.sql != nil:
		text = p.src.sql.Text()
		if p.src.opts.NormalizedLiterals == 0 {
			if n, ok := sqlfe.Normalize(text); ok {
				text = n.Text
			}
		}
	case p.src.zql != nil:
		text = p.src.zql.Source()
	default:
		text = p.src.text
	}
	k := &statKey{text: text, id: stats.QueryID(text)}
	p.stat.Store(k)
	return k
}

type tableRef struct {
	name string
	t    *catalog.Table
}

// prepare translates src against txn's catalog and optimizes the plan.
func (s *Session) prepare(ctx context.Context, txn kv.Txn, src stmtSource) (*prepared, error) {
	r := &resolver{s: s, txn: txn, transition: src.transition}
	var st *plan.Statement
	var err error
	if src.zql != nil {
		st, err = zqlfe.Translate(ctx, r, *src.zql)
	} else {
		st, err = sqlfe.TranslateWith(ctx, r, *src.sql, src.opts)
	}
	if err != nil {
		return nil, err
	}
	if st.Root != nil {
		st.Root = opt.OptimizeWith(st.Root, s.db.optOpts)
	}
	return &prepared{src: src, st: st, tables: r.tables, objects: r.objs.deps, listed: r.objs.listed, shape: shapeOf(st)}, nil
}

// translateTxn is the transaction a statement is translated in outside
// its execution: the block's, or a read-only snapshot of its own (done
// ends it).
func (s *Session) translateTxn(ctx context.Context) (txn kv.Txn, done func(), err error) {
	if s.txn != nil {
		return s.txn, func() {}, nil
	}
	rtxn, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	return rtxn, rtxn.Rollback, nil
}

// current returns p when every table it was translated against is still
// the one txn sees (looking them up puts the descriptors into txn's read
// set, so that a concurrent DROP or ALTER conflicts with a write), else
// a fresh translation in txn, which replaces p in the plan cache.
// retranslated reports the latter: its errors come from translating the
// statement again.
func (s *Session) current(ctx context.Context, txn kv.Txn, p *prepared) (q *prepared, retranslated bool, err error) {
	changed := false
	for _, tr := range p.tables {
		t, err := s.lookupTable(ctx, txn, tr.name)
		if err != nil && errs.Code(err) != errs.UndefinedTable {
			return nil, false, err
		}
		// The catalog cache hands out one pointer per stored version of a
		// descriptor; a different pointer (a new version, or an eviction)
		// costs at most a fresh translation. A table that is gone is the
		// translation's to report.
		if t != tr.t {
			changed = true
			break
		}
	}
	if !changed && len(p.objects) > 0 {
		if changed, err = s.objectsChanged(ctx, txn, p.objects); err != nil {
			return nil, false, err
		}
	}
	if !changed {
		return p, false, nil
	}
	q, err = s.prepare(ctx, txn, p.src)
	if err != nil {
		return nil, true, err
	}
	if p.key.text != "" && s.db.plans != nil {
		q.key = p.key
		s.db.plans.put(q.key, q)
	}
	return q, true, nil
}

// runOne runs a prepared statement that is neither transaction control
// nor USE in txn, with params as its parameter values, and returns the
// command tag for the caller to send once the statement's effects are
// committed. sent reports whether any row reached the client.
func (s *Session) runOne(ctx context.Context, txn kv.Txn, p *prepared, params []value.Value, w pgwire.ResultWriter) (tag string, sent bool, err error) {
	s.statP = p
	st := p.st
	if st.Kind == plan.StmtSet {
		if st.Tag == "SHOW" {
			return s.show(st, w)
		}
		if st.TxnModes != nil && st.SettingName == "transaction" && s.txn == nil {
			// As PostgreSQL: the statement's own transaction is all the
			// modes would apply to.
			if err := w.Notice(errs.Notice{Severity: "WARNING", Code: errs.NoActiveSQLTransaction, Message: "SET TRANSACTION can only be used in transaction blocks"}); err != nil {
				return "", false, err
			}
		}
		tag, err := s.set(ctx, txn, st)
		return tag, false, err
	}
	if st.Kind == plan.StmtCopyFrom || st.Kind == plan.StmtCopyTo {
		return s.copy(ctx, txn, p, w)
	}
	if st.Kind == plan.StmtDo {
		// Its statements check the session's modes (read-only) each.
		return st.Tag, false, s.runDo(ctx, txn, st, w)
	}
	if st.Kind == plan.StmtDeclare || st.Kind == plan.StmtFetch || st.Kind == plan.StmtCloseCursor {
		tag, err := s.cursorCommand(ctx, txn, p, params, w, nil)
		return tag, false, err
	}
	if _, ok := st.Root.(*plan.SetConstraints); ok && s.deferredIn(txn) == nil {
		// As PostgreSQL: a warning, and nothing to do.
		return st.Tag, false, w.Notice(errs.Notice{Severity: "WARNING", Code: "25P01", Message: "SET CONSTRAINTS can only be used in transaction blocks"})
	}
	return s.execute(ctx, txn, p, params, w)
}
