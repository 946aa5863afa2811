package session

import (
	"cmp"
	"context"
	"errors"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// The session's side of package sysview: the session as current_user,
// current_setting, set_config, pg_backend_pid and pg_cancel_backend see
// it, statement timeouts and cancellation by pid.

var _ sysview.Session = (*Session)(nil)

// sysState is a session's process id and its running statement's cancel
// function, which other sessions reach through the DB's registry.
type sysState struct {
	pid uint32
	mu  sync.Mutex
	// cancel cancels the running statement (nil between statements).
	cancel context.CancelFunc
	// act is what pg_stat_activity shows of the session.
	act sysview.Activity
	// stmt is the last statement's context, derived from parent; the
	// next statement with the same parent reuses it unless something
	// cancelled it (see statementContext). Owned by the session's
	// goroutine.
	stmt struct {
		parent, ctx context.Context
		cancel      context.CancelFunc
	}
}

// sessionRegistry finds sessions by process id for pg_cancel_backend.
type sessionRegistry struct {
	mu    sync.Mutex
	byPID map[uint32]*Session
}

func (r *sessionRegistry) add(pid uint32, s *Session) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byPID == nil {
		r.byPID = make(map[uint32]*Session)
	}
	r.byPID[pid] = s
}

func (r *sessionRegistry) remove(pid uint32, s *Session) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byPID[pid] == s {
		delete(r.byPID, pid)
	}
}

// countUser is how many sessions of user are registered.
func (r *sessionRegistry) countUser(user string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.byPID {
		if s.user == user {
			n++
		}
	}
	return n
}

func (r *sessionRegistry) get(pid uint32) *Session {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byPID[pid]
}

// SetProcessID implements pgwire.ProcessIDSession.
func (s *Session) SetProcessID(pid uint32) {
	s.sys.pid = pid
	s.sys.mu.Lock()
	s.sys.act = sysview.Activity{PID: int32(pid), User: s.user, BackendStart: time.Now(), State: "idle",
		Client: s.client, UnixSocket: s.unixSocket}
	s.sys.mu.Unlock()
	s.db.sessions.add(pid, s)
	if d := s.statsDatabase(); d != nil {
		d.Sessions.Add(1)
	}
}

// unregister removes the session from the DB's registry (Close).
func (s *Session) unregister() {
	if s.sys.pid != 0 {
		s.db.sessions.remove(s.sys.pid, s)
	}
}

// beginStatement derives a running statement's context: cancellable by
// pg_cancel_backend, and ending after statement_timeout (57014
// "canceling statement due to statement timeout", which errs.From makes
// of the deadline). end.finish must be called when the statement ends.
func (s *Session) beginStatement(ctx context.Context, text string) (_ context.Context, end stmtEnd) {
	end.s = s
	if d := s.settings.statementTimeout(); d > 0 {
		ctx, end.cancelTimeout = context.WithTimeout(ctx, d)
	}
	ctx, cancel := s.statementContext(ctx)
	app := s.settings.applicationName()
	s.sys.mu.Lock()
	s.sys.cancel = cancel
	a := &s.sys.act
	a.Namespace, a.Database, a.ApplicationName, a.State = s.namespace.Name, s.database.Name, app, "active"
	a.QueryStart = time.Now()
	s.statP, s.statStart = nil, a.QueryStart
	if text != "" {
		a.Query = text
	}
	s.sys.mu.Unlock()
	return ctx, end
}

// stmtEnd ends a statement begun by beginStatement. It is a value, not a
// closure, so that a statement does not allocate one.
type stmtEnd struct {
	s             *Session
	cancelTimeout context.CancelFunc // nil without statement_timeout
}

func (e stmtEnd) finish() {
	s := e.s
	if s.txn == nil && (s.ext == nil || s.ext.rw == nil && s.ext.ro == nil) {
		// An autocommit statement's transaction has ended. (The extended
		// protocol's implicit one ends at Sync, which releases them.)
		s.endXactLocks()
	}
	s.sys.mu.Lock()
	s.sys.cancel = nil
	s.sys.act.State = "idle"
	s.sys.mu.Unlock()
	if e.cancelTimeout != nil {
		e.cancelTimeout()
	}
}

// canceledStatement makes the error of a statement whose context ended
// (statement_timeout, pg_cancel_backend) PostgreSQL's 57014 wherever the
// statement noticed it: a transaction's begin or a catalog read reports
// the context's error as it is. Other errors pass unchanged.
func canceledStatement(err error) error {
	if err == nil || !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		return err
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return err
	}
	return errs.From(err)
}

// statementContext is a cancellable context derived from parent: the
// previous statement's when it has the same parent and nothing cancelled
// it, so that a connection does not derive (and register with its
// parent) a new context for every message. Only a running statement can
// be cancelled (sys.cancel is set just while it runs), and a cancelled
// context is never handed out again.
func (s *Session) statementContext(parent context.Context) (context.Context, context.CancelFunc) {
	st := &s.sys.stmt
	// A context of a type == cannot compare (possible through the
	// embedded API) gets a new context every time.
	if st.ctx != nil && st.ctx.Err() == nil && reflect.TypeOf(parent).Comparable() && st.parent == parent {
		return st.ctx, st.cancel
	}
	s.endStatementContext()
	st.ctx, st.cancel = context.WithCancel(parent)
	st.parent = parent
	return st.ctx, st.cancel
}

// endStatementContext releases the last statement's context.
func (s *Session) endStatementContext() {
	st := &s.sys.stmt
	if st.cancel != nil {
		st.cancel()
	}
	st.parent, st.ctx, st.cancel = nil, nil, nil
}

// portalText is the source text of a portal's statement, for
// pg_stat_activity ("" when there is no such portal).
func (s *Session) portalText(name string) string {
	if s.ext == nil {
		return ""
	}
	if pt, ok := s.ext.portals[name]; ok && pt.p != nil {
		return pt.p.src.text
	}
	return ""
}

// Settings implements sysview.Session.
func (s *Session) Settings() []sysview.Setting {
	all := s.settings.all()
	out := make([]sysview.Setting, 0, len(all))
	for _, g := range all {
		row := sysview.Setting{Name: g.name, Value: g.setting(g.value), Unit: g.unit, Category: g.cat, Description: g.desc,
			Context: g.ctx.String(), Type: g.typ.vartype(), Source: s.settings.sourceOf(&g), EnumValues: g.enum, Boot: g.def, Reset: g.reset}
		if g.typ == typeInt || g.typ == typeReal {
			row.Min, row.Max = g.number(g.min), g.number(g.max)
		}
		out = append(out, row)
	}
	return out
}

// Setting implements sysview.Session: a parameter's value as SHOW and
// current_setting give it.
func (s *Session) Setting(name string) (string, bool) {
	v, g, ok := s.settings.get(name)
	if !ok {
		return "", false
	}
	return g.show(v), true
}

// SetSetting implements sysview.Session (set_config).
func (s *Session) SetSetting(ctx context.Context, name, val string, local bool) (string, error) {
	if err := s.setSetting(ctx, strings.ToLower(name), val, false, local); err != nil {
		return "", err
	}
	v, _ := s.Setting(name)
	return v, nil
}

// BackendPID implements sysview.Session.
func (s *Session) BackendPID() int32 { return int32(s.sys.pid) }

// ConnAddrs implements sysview.Session.
func (s *Session) ConnAddrs() (server, client netip.AddrPort) { return s.server, s.client }

// ServerStart implements sysview.Session.
func (s *Session) ServerStart() time.Time { return s.db.started }

// WALPosition implements sysview.Session.
func (s *Session) WALPosition() (insert, flushed uint64, ok bool) { return kv.WALPosition(s.db.store) }

// CancelBackend implements sysview.Session: PostgreSQL lets a user cancel
// its own sessions' statements, and a superuser everyone's (42501
// otherwise).
func (s *Session) CancelBackend(pid int32) (bool, error) {
	if pid <= 0 {
		return false, nil
	}
	other := s.db.sessions.get(uint32(pid))
	if other == nil {
		return false, nil
	}
	if r := s.roles.role; r != nil && !r.HasPrivsOf(other.user) {
		return false, errs.New(errs.InsufficientPrivilege, "permission denied to cancel query").
			WithDetail("Only roles with the SUPERUSER attribute may cancel queries of roles with the SUPERUSER attribute.")
	}
	other.sys.mu.Lock()
	cancel := other.sys.cancel
	other.sys.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return true, nil
}

// SeqValues implements sysview.Session: currval and lastval's memory.
func (s *Session) SeqValues() *sysview.SeqValues { return &s.seqVals }

// LargeObjects implements sysview.Session.
func (s *Session) LargeObjects() *sysview.LargeObjectDescs { return &s.largeObjects }

// Activity implements sysview.Session: every registered session, as of
// its last statement.
func (s *Session) Activity() []sysview.Activity {
	r := &s.db.sessions
	r.mu.Lock()
	sessions := make([]*Session, 0, len(r.byPID))
	for _, o := range r.byPID {
		sessions = append(sessions, o)
	}
	r.mu.Unlock()
	out := make([]sysview.Activity, 0, len(sessions))
	for _, o := range sessions {
		o.sys.mu.Lock()
		out = append(out, o.sys.act)
		o.sys.mu.Unlock()
	}
	slices.SortFunc(out, func(a, b sysview.Activity) int { return cmp.Compare(a.PID, b.PID) })
	return out
}
