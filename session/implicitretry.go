package session

import (
	"context"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// runImplicitRetrying runs a message of several SQL statements in its
// implicit block (runImplicit), and runs it again after a serialization
// failure while nothing but command tags and notices was due to the
// client, which heldWriter holds back until the message ends. pg_restore
// sends an index and its CLUSTER ON, or a table and its comments, as one
// message, and its parallel workers change the same tables: a conflict
// must not fail the restore when an autocommit statement would have
// been retried. A message that controls transactions itself, copies or
// is ZQL runs once.
func (s *Session) runImplicitRetrying(ctx context.Context, srcs []stmtSource, w pgwire.ResultWriter) error {
	if s.txn != nil || !implicitRetryable(srcs) {
		return s.runImplicit(ctx, srcs, w)
	}
	hw := &heldWriter{w: w}
	err := s.runAttempts(ctx, func() (bool, error) {
		hw.held = hw.held[:0]
		err := s.runImplicit(ctx, srcs, hw)
		return !hw.passing && s.txn == nil, err
	})
	if ferr := hw.flush(); err == nil {
		err = ferr
	}
	return err
}

// implicitRetryable reports whether every statement of a message may run
// again as a whole: SQL, neither transaction control nor COPY.
func implicitRetryable(srcs []stmtSource) bool {
	for _, src := range srcs {
		if src.sql == nil {
			return false
		}
		switch src.sql.Tree().GetNode().(type) {
		case *pg.Node_TransactionStmt, *pg.Node_CopyStmt:
			return false
		}
	}
	return true
}

// heldWriter holds the command tags and notices of a message's statements
// until flush; the first result rows make it pass everything on from then
// (passing), and the message is not run again.
type heldWriter struct {
	w       pgwire.ResultWriter
	held    []heldMessage
	passing bool
}

// heldMessage is a held CommandComplete (tag), EmptyQueryResponse (empty)
// or NoticeResponse (notice).
type heldMessage struct {
	tag    string
	notice *errs.Notice
	empty  bool
}

func (h *heldWriter) flush() error {
	held := h.held
	h.held, h.passing = nil, true
	for _, m := range held {
		var err error
		switch {
		case m.notice != nil:
			err = h.w.Notice(*m.notice)
		case m.empty:
			err = h.w.Empty()
		default:
			err = h.w.Complete(m.tag)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (h *heldWriter) Columns(cols []pgwire.Column) error {
	if err := h.flush(); err != nil {
		return err
	}
	return h.w.Columns(cols)
}

func (h *heldWriter) Row(values [][]byte) error {
	if err := h.flush(); err != nil {
		return err
	}
	return h.w.Row(values)
}

func (h *heldWriter) Complete(tag string) error {
	if h.passing {
		return h.w.Complete(tag)
	}
	h.held = append(h.held, heldMessage{tag: tag})
	return nil
}

func (h *heldWriter) Empty() error {
	if h.passing {
		return h.w.Empty()
	}
	h.held = append(h.held, heldMessage{empty: true})
	return nil
}

func (h *heldWriter) Notice(n errs.Notice) error {
	if h.passing {
		return h.w.Notice(n)
	}
	h.held = append(h.held, heldMessage{notice: &n})
	return nil
}
