package session

import (
	"context"
	"sync"

	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/errs"
)

// Advisory locks (pg_advisory_lock and friends): locks on numbers an
// application chooses, which Rails takes around its migrations and job
// queues take per job. They live in the server's memory, like
// PostgreSQL's, and are held by a session, either until it unlocks them
// (session level, counted: locked twice, unlocked twice) or until its
// transaction ends (transaction level). A session that would wait for a
// lock held by one that waits, directly or not, for a lock it holds
// fails at once with 40P01 instead, as PostgreSQL's deadlock check
// would.
//
// They are this node's: a cluster of zerodb nodes does not share them.

// advisoryLocks is the DB's lock table.
type advisoryLocks struct {
	mu    sync.Mutex
	locks map[sysview.AdvisoryKey]*advisoryLock
	// waiting is the lock each waiting session waits for (deadlock
	// check).
	waiting map[*Session]sysview.AdvisoryKey
}

// advisoryLock is one key's holders: each session's count of exclusive
// and of shared holds. changed is closed (and replaced) whenever a hold
// ends, waking the waiters to look again.
type advisoryLock struct {
	holders map[*Session]*advisoryHolds
	changed chan struct{}
}

type advisoryHolds struct {
	exclusive, shared, xactExclusive, xactShared int
}

func (h *advisoryHolds) none() bool {
	return h.exclusive+h.shared+h.xactExclusive+h.xactShared == 0
}

func (h *advisoryHolds) holdsExclusive() bool { return h.exclusive+h.xactExclusive > 0 }

// grantable reports whether s may take the lock in the mode asked: no
// other session holds it exclusively, nor (for an exclusive hold) at all.
func (l *advisoryLock) grantable(s *Session, shared bool) bool {
	for o, h := range l.holders {
		if o == s || h.none() {
			continue
		}
		if !shared || h.holdsExclusive() {
			return false
		}
	}
	return true
}

// AdvisoryLock implements sysview.Session.
func (s *Session) AdvisoryLock(ctx context.Context, k sysview.AdvisoryKey, m sysview.AdvisoryMode) (bool, error) {
	t := &s.db.advisory
	t.mu.Lock()
	for {
		if t.locks == nil {
			t.locks = make(map[sysview.AdvisoryKey]*advisoryLock)
			t.waiting = make(map[*Session]sysview.AdvisoryKey)
		}
		l := t.locks[k]
		if l == nil {
			l = &advisoryLock{holders: make(map[*Session]*advisoryHolds), changed: make(chan struct{})}
			t.locks[k] = l
		}
		if l.grantable(s, m.Shared) {
			h := l.holders[s]
			if h == nil {
				h = &advisoryHolds{}
				l.holders[s] = h
			}
			switch {
			case m.Xact && m.Shared:
				h.xactShared++
			case m.Xact:
				h.xactExclusive++
			case m.Shared:
				h.shared++
			default:
				h.exclusive++
			}
			if m.Xact {
				s.xactAdvisory = true
			}
			t.mu.Unlock()
			return true, nil
		}
		if m.Try {
			t.dropIfUnused(k, l)
			t.mu.Unlock()
			return false, nil
		}
		if t.wouldDeadlock(s, l) {
			t.mu.Unlock()
			return false, errs.New(errs.DeadlockDetected, "deadlock detected").
				WithDetail("Process %d waits for an advisory lock held by a process that waits for one this process holds.", s.BackendPID()).
				WithHint("See server log for query details.")
		}
		t.waiting[s] = k
		changed := l.changed
		t.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			t.mu.Lock()
			delete(t.waiting, s)
			t.dropIfUnused(k, t.locks[k])
			t.mu.Unlock()
			return false, errs.From(ctx.Err())
		}
		t.mu.Lock()
		delete(t.waiting, s)
	}
}

// wouldDeadlock reports whether a holder of l waits, directly or through
// other sessions, for a lock s holds.
func (t *advisoryLocks) wouldDeadlock(s *Session, l *advisoryLock) bool {
	seen := map[*Session]bool{}
	var waitsForS func(o *Session) bool
	waitsForS = func(o *Session) bool {
		if seen[o] {
			return false
		}
		seen[o] = true
		k, ok := t.waiting[o]
		if !ok {
			return false
		}
		for h, holds := range t.locks[k].holders {
			if holds.none() {
				continue
			}
			if h == s || waitsForS(h) {
				return true
			}
		}
		return false
	}
	for o, h := range l.holders {
		if o != s && !h.none() && waitsForS(o) {
			return true
		}
	}
	return false
}

// AdvisoryUnlock implements sysview.Session: it ends one session-level
// hold; false when s has none in that mode.
func (s *Session) AdvisoryUnlock(k sysview.AdvisoryKey, shared bool) bool {
	t := &s.db.advisory
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.locks[k]
	if l == nil || l.holders[s] == nil {
		return false
	}
	h := l.holders[s]
	n := &h.exclusive
	if shared {
		n = &h.shared
	}
	if *n == 0 {
		return false
	}
	*n--
	t.released(k, l, s)
	return true
}

// AdvisoryUnlockAll implements sysview.Session: every session-level hold
// of s ends (pg_advisory_unlock_all; also when the session ends).
func (s *Session) AdvisoryUnlockAll() {
	s.releaseAdvisory(func(h *advisoryHolds) { h.exclusive, h.shared = 0, 0 })
}

// endXactAdvisory ends the transaction-level holds of s: its
// transaction ended.
func (s *Session) endXactAdvisory() {
	if !s.xactAdvisory {
		return
	}
	s.xactAdvisory = false
	s.releaseAdvisory(func(h *advisoryHolds) { h.xactExclusive, h.xactShared = 0, 0 })
}

func (s *Session) releaseAdvisory(clear func(*advisoryHolds)) {
	t := &s.db.advisory
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, l := range t.locks {
		if h := l.holders[s]; h != nil {
			clear(h)
			t.released(k, l, s)
		}
	}
}

// released wakes the waiters of l after a hold of s ended, and forgets
// what is no longer held.
func (t *advisoryLocks) released(k sysview.AdvisoryKey, l *advisoryLock, s *Session) {
	if l.holders[s].none() {
		delete(l.holders, s)
	}
	close(l.changed)
	l.changed = make(chan struct{})
	t.dropIfUnused(k, l)
}

// dropIfUnused forgets l when nobody holds or waits for it.
func (t *advisoryLocks) dropIfUnused(k sysview.AdvisoryKey, l *advisoryLock) {
	if l == nil || len(l.holders) > 0 {
		return
	}
	for _, wk := range t.waiting {
		if wk == k {
			return
		}
	}
	delete(t.locks, k)
}
