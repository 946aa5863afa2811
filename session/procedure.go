package session

import (
	"context"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
)

// Procedures and DO blocks that end transactions. A CALL or DO that a
// client sends outside a transaction block (simple protocol, one
// statement in its message) runs non-atomically, as in PostgreSQL: the
// session opens a block for it (procBlock), and PL/pgSQL's COMMIT and
// ROLLBACK [AND CHAIN] end that block and open the next one, into which
// the rest of the procedure runs (plHost.EndTransaction). The context
// of such a run is marked nonatomic; every call that is no CALL of a
// procedure (a function, a trigger, an embedded statement other than
// CALL) runs atomic again, where COMMIT is 2D000 as in PostgreSQL.
//
// Each host's transaction is the one of the call under way; after a
// COMMIT in a procedure it called, a caller's host picks up the
// session's block again (plHost.current).

// nonatomicKey marks a context whose PL/pgSQL may end the transaction.
type nonatomicKey struct{}

func withNonatomic(ctx context.Context, on bool) context.Context {
	if nonatomic(ctx) == on {
		return ctx
	}
	return context.WithValue(ctx, nonatomicKey{}, on)
}

func nonatomic(ctx context.Context) bool {
	on, _ := ctx.Value(nonatomicKey{}).(bool)
	return on
}

// runNonatomic runs CALL or DO p outside a transaction block in a block
// of its own, which PL/pgSQL's COMMIT and ROLLBACK end and start again;
// the last one commits at the end, or rolls back on an error. Nothing
// is retried once the procedure ended a transaction.
func (s *Session) runNonatomic(ctx context.Context, p *prepared, w pgwire.ResultWriter) (retry bool, err error) {
	s.endAttempt()
	txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return false, err
	}
	s.openBlock(txn)
	s.procBlock, s.procEnded = true, false
	defer func() { s.procBlock = false }()
	tag, sent, err := s.runProcBlock(withNonatomic(ctx, true), p, w)
	committed, cerr := s.closeBlock(ctx, err == nil)
	s.settings.endBlock(committed)
	if err == nil {
		err = cerr
	}
	if err != nil {
		return !sent && !s.procEnded, err
	}
	return false, s.complete(w, tag)
}

func (s *Session) runProcBlock(ctx context.Context, p *prepared, w pgwire.ResultWriter) (tag string, sent bool, err error) {
	q, err := s.checked(ctx, s.txn, p)
	if err != nil {
		return "", false, err
	}
	return s.runOne(ctx, s.txn, q, nil, w)
}

// EndTransaction is PL/pgSQL's COMMIT and ROLLBACK [AND CHAIN]
// (plpgsql.Host).
func (h *plHost) EndTransaction(ctx context.Context, commit, chain bool) error {
	s := h.s
	if !nonatomic(ctx) || !s.procBlock || s.txn == nil {
		return errs.New(errs.InvalidTransactionTermination, "invalid transaction termination")
	}
	committed, err := s.closeBlock(ctx, commit)
	s.settings.endBlock(committed)
	s.procEnded = true
	if err != nil {
		return err
	}
	txn, err := s.db.store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	// AND CHAIN keeps the characteristics, which zerodb's blocks take
	// from the session's defaults; so does a new transaction.
	_ = chain
	s.openBlock(txn)
	h.txn = txn
	return nil
}

// current makes the host's transaction the session's block again when
// a procedure it called may have ended the one it had: in a
// non-atomic CALL's block every statement runs in the block.
func (h *plHost) current() {
	if h.s.procBlock && h.s.txn != nil {
		h.txn = h.s.txn
	}
}

// withRoutine runs a call of f with its SET clauses applied
// (Routine.Config) and, for SECURITY DEFINER, its owner as the current
// user, as PostgreSQL's fmgr_security_definer does, and puts the
// settings back after. The context is atomic unless f is a procedure.
func (s *Session) withRoutine(ctx context.Context, f *catalog.Function, run func(context.Context) error) error {
	r := f.Routine
	if r == nil {
		return run(withNonatomic(ctx, false))
	}
	ctx = withNonatomic(ctx, nonatomic(ctx) && r.Procedure && !r.SecurityDefiner && len(r.Config) == 0)
	if len(r.Config) == 0 && !r.SecurityDefiner {
		return run(ctx)
	}
	type saved struct {
		g              *setting
		value, applied string
		set            bool
	}
	var restore []saved
	defer func() {
		for i := len(restore) - 1; i >= 0; i-- {
			if r := restore[i]; r.g.value == r.applied {
				// A value the body set itself stays, as PostgreSQL's
				// plain SET overrides a SET clause (SET LOCAL's does
				// too here).
				s.settings.assign(r.g, r.value)
				r.g.set = r.set
			}
		}
		s.settings.syncTxn()
	}()
	apply := func(g *setting, val string) {
		restore = append(restore, saved{g, g.value, val, g.set})
		s.settings.assign(g, val)
	}
	if r.SecurityDefiner {
		apply(s.settings.role, f.OwnerName())
	}
	for _, c := range r.Config {
		name, val, _ := strings.Cut(c, "=")
		g, ok := s.settings.lookup(name)
		if !ok {
			if !strings.Contains(name, ".") {
				return errs.New(errs.UndefinedObject, "unrecognized configuration parameter %q", name)
			}
			g = &setting{guc: customGUC(name)}
			s.settings.byName[strings.ToLower(name)] = g
		}
		v, err := s.settings.check(g, val)
		if err != nil {
			return err
		}
		apply(g, v)
	}
	s.settings.syncTxn()
	return run(ctx)
}
