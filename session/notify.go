package session

import (
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// LISTEN, UNLISTEN and NOTIFY, with PostgreSQL's semantics: a
// transaction's LISTENs, UNLISTENs and notifications take effect when it
// commits and vanish when it rolls back (a ROLLBACK TO drops those made
// after the savepoint); the notifications of one transaction go out in
// the order they were made, with duplicates (same channel and payload)
// folded into the first; every session of the same database listening on
// the channel gets them, the notifier included, with the notifier's
// process id. pgwire sends them between the listener's transactions
// (pgwire.NotifySession).
//
// Unlike PostgreSQL, there is no shared queue that a notifier could find
// full: each listener has its own, bounded by maxNotifyQueueBytes. A
// listener that falls that far behind (one that stays in a transaction,
// or a client that does not read) loses what is queued and its
// connection ends with 54000 at its next chance to receive them: it knows
// it missed notifications and can reconnect and catch up, and neither
// the notifiers nor the other listeners notice it.
//
// The registry is this node's: a cluster's other nodes do not see it.

const (
	// maxNotifyPayload is PostgreSQL's limit (NOTIFY_PAYLOAD_MAX_LENGTH
	// less its terminating zero byte).
	maxNotifyPayload = 7999
	// maxChannelName is NAMEDATALEN-1, as for every PostgreSQL name.
	maxChannelName = 63
	// maxNotifyQueueBytes bounds one listener's undelivered
	// notifications: their channels and payloads plus notifyOverhead
	// each (16 MiB: two thousand payloads of the largest size, or some
	// two hundred thousand small ones).
	maxNotifyQueueBytes = 16 << 20
	notifyOverhead      = 64
)

// listenKey is a channel of one database.
type listenKey struct {
	ns, db  uint64
	channel string
}

// notifyHub is the DB's registry of listeners.
type notifyHub struct {
	mu        sync.Mutex
	listeners map[listenKey]map[*Session]struct{}
}

// notice is a notification of a database's channel.
type notice struct {
	key     listenKey
	pid     uint32
	payload string
}

// notifyState is a session's part: its listens and its transaction's
// pending actions, owned by the session's goroutine, and the queue of
// notifications for it, which notifiers fill.
type notifyState struct {
	// listens are the committed LISTENs, in order (pg_listening_channels).
	listens []listenKey
	// pending are the open transaction's LISTENs, UNLISTENs and
	// notifications, in order; seen folds duplicate notifications.
	pending []notifyAction
	seen    map[notice]struct{}
	// wake is pgwire's (SetNotifyWake); nil in an embedded session,
	// which cannot receive notifications.
	wake func()

	// queued is set while queue is not empty or overflowed: pgwire asks
	// after every statement, which then costs one atomic load.
	queued   atomic.Bool
	mu       sync.Mutex
	queue    []notice
	bytes    int
	overflow int // notifications lost to the bound
}

// notifyAction is one LISTEN (listen), UNLISTEN (unlisten; an empty
// channel for UNLISTEN *) or notification of the open transaction.
type notifyAction struct {
	listen, unlisten bool
	n                notice
}

var _ pgwire.NotifySession = (*Session)(nil)

// SetNotifyWake implements pgwire.NotifySession.
func (s *Session) SetNotifyWake(wake func()) { s.notify.wake = wake }

// Notifications implements pgwire.NotifySession: the queued
// notifications of the channels the session still listens on.
func (s *Session) Notifications(dst []pgwire.Notification) ([]pgwire.Notification, bool, error) {
	st := &s.notify
	listening := len(st.listens) > 0
	if !st.queued.Load() {
		return dst, listening, nil
	}
	st.mu.Lock()
	q, lost := st.queue, st.overflow
	st.queue, st.bytes = nil, 0
	st.queued.Store(lost > 0)
	st.mu.Unlock()
	if lost > 0 {
		return dst, false, errs.New(errs.ProgramLimitExceeded, "terminating connection because too many notifications were queued for it").
			WithDetail("%d notifications were not delivered: more than %d bytes of notifications waited for this session.", lost, maxNotifyQueueBytes).
			WithHint("Receive notifications promptly: do not stay in a transaction while listening. Reconnect and LISTEN again.")
	}
	for _, n := range q {
		// An UNLISTEN committed after the notification was queued
		// still stops it, as in PostgreSQL.
		if slices.Contains(st.listens, n.key) {
			dst = append(dst, pgwire.Notification{PID: n.pid, Channel: n.key.channel, Payload: n.payload})
		}
	}
	return dst, listening, nil
}

// listen runs LISTEN, UNLISTEN (channel "" is UNLISTEN *) and NOTIFY
// (tag says which): they join the open transaction's pending actions.
func (s *Session) listen(tag, channel, payload string) error {
	switch tag {
	case "LISTEN":
		if s.notify.wake == nil {
			return errs.New(errs.FeatureNotSupported, "LISTEN needs a client connection: this session cannot receive notifications")
		}
		s.notify.pending = append(s.notify.pending, notifyAction{listen: true, n: notice{key: s.listenKey(truncateName(channel))}})
	case "UNLISTEN":
		s.notify.pending = append(s.notify.pending, notifyAction{unlisten: true, n: notice{key: s.listenKey(truncateName(channel))}})
	default:
		return s.Notify(truncateName(channel), payload)
	}
	return nil
}

// Notify implements sysview.Session (pg_notify; NOTIFY).
func (s *Session) Notify(channel, payload string) error {
	switch {
	case channel == "":
		return errs.New(errs.InvalidParameterValue, "channel name cannot be empty")
	case len(channel) > maxChannelName:
		return errs.New(errs.InvalidParameterValue, "channel name too long")
	case len(payload) > maxNotifyPayload:
		return errs.New(errs.InvalidParameterValue, "payload string too long")
	}
	st := &s.notify
	n := notice{key: s.listenKey(channel), pid: s.sys.pid, payload: payload}
	if _, dup := st.seen[n]; dup {
		return nil
	}
	if st.seen == nil {
		st.seen = make(map[notice]struct{})
	}
	st.seen[n] = struct{}{}
	st.pending = append(st.pending, notifyAction{n: n})
	return nil
}

// ListeningChannels implements sysview.Session (pg_listening_channels).
func (s *Session) ListeningChannels() []string {
	out := make([]string, 0, len(s.notify.listens))
	for _, k := range s.notify.listens {
		out = append(out, k.channel)
	}
	return out
}

func (s *Session) listenKey(channel string) listenKey {
	return listenKey{ns: s.database.Namespace, db: s.database.ID, channel: channel}
}

// truncateName cuts an identifier to maxChannelName bytes, as
// PostgreSQL's parser does (pg_query does not).
func truncateName(name string) string {
	if len(name) <= maxChannelName {
		return name
	}
	n := maxChannelName
	for n > 0 && !utf8.RuneStart(name[n]) {
		n--
	}
	return name[:n]
}

// notifyMark is how many pending actions a savepoint saw.
func (s *Session) notifyMark() int { return len(s.notify.pending) }

// notifyRollbackTo drops the pending actions made after mark (ROLLBACK
// TO).
func (s *Session) notifyRollbackTo(mark int) {
	st := &s.notify
	if mark >= len(st.pending) {
		return
	}
	clear(st.pending[mark:])
	st.pending = st.pending[:mark]
	clear(st.seen)
	for _, a := range st.pending {
		if !a.listen && !a.unlisten {
			st.seen[a.n] = struct{}{}
		}
	}
}

// endNotify ends the transaction's pending actions: a commit applies the
// LISTENs and UNLISTENs in order and then sends the notifications; else
// they are dropped. Cheap when there are none.
func (s *Session) endNotify(committed bool) {
	st := &s.notify
	if len(st.pending) == 0 {
		return
	}
	pending := st.pending
	st.pending = nil
	clear(st.seen)
	if !committed {
		return
	}
	h := &s.db.notify
	var woken []*Session
	var wakes []func()
	h.mu.Lock()
	for _, a := range pending {
		switch {
		case a.listen:
			if !slices.Contains(st.listens, a.n.key) {
				st.listens = append(st.listens, a.n.key)
				h.add(a.n.key, s)
			}
		case a.unlisten:
			st.listens = slices.DeleteFunc(st.listens, func(k listenKey) bool {
				if a.n.key.channel != "" && k != a.n.key {
					return false
				}
				h.remove(k, s)
				return true
			})
		default:
			for l := range h.listeners[a.n.key] {
				if l.enqueue(a.n) && !slices.Contains(woken, l) {
					woken = append(woken, l)
					if l.notify.wake != nil {
						wakes = append(wakes, l.notify.wake)
					}
				}
			}
		}
	}
	h.mu.Unlock()
	// Woken outside the hub's lock: a wake takes the connection's.
	for _, w := range wakes {
		w()
	}
}

// enqueue queues n for s (the hub's lock is held, which keeps s
// registered); true when s should be woken.
func (s *Session) enqueue(n notice) bool {
	st := &s.notify
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.overflow > 0 {
		st.overflow++
		return false
	}
	size := len(n.key.channel) + len(n.payload) + notifyOverhead
	if st.bytes+size > maxNotifyQueueBytes {
		// The connection ends (Notifications); what it has queued
		// goes with it.
		st.overflow = len(st.queue) + 1
		st.queue, st.bytes = nil, 0
		st.queued.Store(true)
		return true
	}
	st.queue = append(st.queue, n)
	st.bytes += size
	st.queued.Store(true)
	return true
}

// closeNotify ends the session's listens (its connection closed) and
// drops its pending actions and queue.
func (s *Session) closeNotify() {
	st := &s.notify
	st.pending = nil
	clear(st.seen)
	if len(st.listens) > 0 {
		h := &s.db.notify
		h.mu.Lock()
		for _, k := range st.listens {
			h.remove(k, s)
		}
		h.mu.Unlock()
		st.listens = nil
	}
	st.mu.Lock()
	st.queue, st.bytes = nil, 0
	st.mu.Unlock()
}

func (h *notifyHub) add(k listenKey, s *Session) {
	if h.listeners == nil {
		h.listeners = make(map[listenKey]map[*Session]struct{})
	}
	m := h.listeners[k]
	if m == nil {
		m = make(map[*Session]struct{})
		h.listeners[k] = m
	}
	m[s] = struct{}{}
}

func (h *notifyHub) remove(k listenKey, s *Session) {
	m := h.listeners[k]
	delete(m, s)
	if len(m) == 0 {
		delete(h.listeners, k)
	}
}

// listenerCount is the number of (session, channel) listens registered
// (tests: a closed session leaves none behind).
func (h *notifyHub) listenerCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.listeners {
		n += len(m)
	}
	return n
}
