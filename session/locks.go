package session

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/errs"
)

// The server's lock table: the locks sessions hold in its memory, as
// PostgreSQL holds its heavyweight locks in shared memory. Two kinds
// share it, so that one wait-for graph finds every deadlock:
//
//   - advisory locks (pg_advisory_lock and friends): locks on numbers an
//     application chooses, which Rails takes around its migrations and
//     job queues take per job. A session holds one either until it
//     unlocks it (session level, counted: locked twice, unlocked twice)
//     or until its transaction ends (transaction level);
//   - table locks, in PostgreSQL's eight modes and their conflicts,
//     held until the transaction ends: LOCK TABLE's, and those
//     statements take as PostgreSQL's do (ACCESS SHARE to read a table,
//     ROW SHARE for SELECT ... FOR UPDATE and its kin, ROW EXCLUSIVE to
//     write), so that a LOCK TABLE keeps out what it conflicts with.
//     The statements' modes are weak (they conflict only with SHARE and
//     stronger), and are taken on a fast path as PostgreSQL's fast-path
//     locks are: while no session holds or awaits a strong table lock
//     (strong), a weak one is only noted in the session's own list
//     (fastLocks), under the session's mutex, not the table's. A session
//     asking for a strong lock first counts itself in strong, which
//     turns the fast path off, then moves every session's fast locks
//     into the table (transferFast), so that it sees them, waits for
//     them and finds deadlocks through them;
//   - row locks (SELECT ... FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE,
//     FOR KEY SHARE, and UPDATE's and DELETE's): a record's, named by
//     its kv key, held until the transaction ends, in PostgreSQL's four
//     strengths and their conflicts. PostgreSQL marks a locked row in
//     the row itself; here the lock table holds an entry per locked row
//     (entries are reused, see freeLocks). They make writers of one row
//     wait for each other, which READ COMMITTED needs to lose no update
//     without failing (a statement runs again on the row's new
//     version), and let SKIP LOCKED pass over what another holds.
//
// A session that would wait for a lock held by one that waits, directly
// or not, for a lock it holds fails at once with 40P01 instead, as
// PostgreSQL's deadlock check would.
//
// They are this node's: a cluster of zerodb nodes does not share them.

// lockTag names a lock: an advisory key, a table (its descriptor's id),
// or a record's kv key (row).
type lockTag struct {
	advisory sysview.AdvisoryKey
	table    uint64
	row      string
}

// xact reports whether the lock is a transaction's (a table's or a
// row's), not an advisory one.
func (k lockTag) xact() bool { return k.table != 0 || k.row != "" }

// lockTable is the DB's lock table.
type lockTable struct {
	// strong counts the strong table locks (those that conflict with a
	// weak mode: SHARE and stronger) that sessions hold or wait for;
	// while it is 0, weak table locks take the fast path.
	strong atomic.Int64
	mu     sync.Mutex
	locks  map[lockTag]*heldLock
	// fastSessions are the sessions that took fast-path locks (from
	// their first one to their end): transferFast visits them.
	fastSessions map[*Session]struct{}
	// waiting is what each waiting session waits for (deadlock check,
	// pg_locks).
	waiting map[*Session]lockWait
	// freeLocks and freeHolds are entries no longer in use, kept for the
	// next locks: every UPDATE and DELETE takes a row lock per row, which
	// would otherwise allocate them afresh each time.
	freeLocks []*heldLock
	freeHolds []*lockHolds
}

// maxFreeLocks bounds the entries a lock table keeps for reuse.
const maxFreeLocks = 1024

// lockWait is a session's wait for a lock.
type lockWait struct {
	tag   lockTag
	req   lockRequest
	since time.Time
}

// heldLock is one tag's holders: what each session holds of it. changed
// is closed (and dropped) whenever a hold ends, waking the waiters to
// look again; it is made only when a session waits.
type heldLock struct {
	holders map[*Session]*lockHolds
	changed chan struct{}
}

// lockHolds is what one session holds of one lock: counts of advisory
// holds, or the strengths of a row lock (a bit per plan.LockStrength).
type lockHolds struct {
	exclusive, shared, xactExclusive, xactShared int
	rowStrengths                                 uint8
	tableModes                                   uint16 // a bit per plan.TableLockMode
}

func (h *lockHolds) none() bool {
	return h.exclusive+h.shared+h.xactExclusive+h.xactShared == 0 && h.rowStrengths == 0 && h.tableModes == 0
}

func (h *lockHolds) holdsExclusive() bool { return h.exclusive+h.xactExclusive > 0 }

// conflictsWithRow reports whether h holds a row lock strength that
// conflicts with s.
func (h *lockHolds) conflictsWithRow(s plan.LockStrength) bool {
	for m := plan.ForKeyShare; m <= plan.ForUpdate; m++ {
		if h.rowStrengths&(1<<m) != 0 && m.Conflicts(s) {
			return true
		}
	}
	return false
}

// lockRequest is what a session asks of a lock.
type lockRequest struct {
	advisory  sysview.AdvisoryMode
	row       bool
	strength  plan.LockStrength
	tableMode plan.TableLockMode // a table lock's mode; 0 for the others
}

// grantable reports whether s may take l as asked: no other session holds
// a conflicting mode.
func (l *heldLock) grantable(s *Session, req lockRequest) bool {
	for o, h := range l.holders {
		if o == s || h.none() {
			continue
		}
		switch {
		case req.tableMode != 0:
			for m := plan.AccessShareLock; m <= plan.AccessExclusiveLock; m++ {
				if h.tableModes&(1<<m) != 0 && m.Conflicts(req.tableMode) {
					return false
				}
			}
		case req.row:
			if h.conflictsWithRow(req.strength) {
				return false
			}
		case !req.advisory.Shared || h.holdsExclusive():
			return false
		}
	}
	return true
}

// newLock is an entry for a lock nobody holds yet.
func (t *lockTable) newLock() *heldLock {
	if n := len(t.freeLocks); n > 0 {
		l := t.freeLocks[n-1]
		t.freeLocks = t.freeLocks[:n-1]
		return l
	}
	return &heldLock{holders: make(map[*Session]*lockHolds, 1)}
}

// holds is what s holds of l (in table t), an empty entry made when
// it holds nothing yet.
func (s *Session) holds(t *lockTable, l *heldLock) *lockHolds {
	h := l.holders[s]
	if h == nil {
		if n := len(t.freeHolds); n > 0 {
			h = t.freeHolds[n-1]
			t.freeHolds = t.freeHolds[:n-1]
		} else {
			h = &lockHolds{}
		}
		l.holders[s] = h
	}
	return h
}

// grant records that s holds l (in table t) as asked.
func (s *Session) grant(t *lockTable, l *heldLock, tag lockTag, req lockRequest) {
	h := s.holds(t, l)
	m := req.advisory
	switch {
	case req.tableMode != 0:
		if h.tableModes == 0 {
			s.xactLocks = append(s.xactLocks, tag)
		}
		h.tableModes |= 1 << req.tableMode
	case req.row:
		if h.rowStrengths == 0 {
			s.xactLocks = append(s.xactLocks, tag)
		}
		h.rowStrengths |= 1 << req.strength
	case m.Xact && m.Shared:
		h.xactShared++
	case m.Xact:
		h.xactExclusive++
	case m.Shared:
		h.shared++
		s.advisoryHolds++
	default:
		h.exclusive++
		s.advisoryHolds++
	}
	if m.Xact {
		s.xactAdvisory = true
	}
}

// lock takes the lock tag as req asks, waiting while another session
// holds it in a conflicting mode unless try is set (then false). what
// names the lock in a deadlock's detail: a format of the relation rel,
// unless rel is "" (made only then: locks are taken per written row).
func (s *Session) lock(ctx context.Context, tag lockTag, req lockRequest, try bool, what, rel string) (bool, error) {
	ok, _, err := s.lockWaited(ctx, tag, req, try, what, rel)
	return ok, err
}

// lockWaited is lock, also reporting whether it waited.
func (s *Session) lockWaited(ctx context.Context, tag lockTag, req lockRequest, try bool, what, rel string) (ok, waited bool, err error) {
	t := &s.db.locks
	// lock_timeout bounds the whole wait, from its start (a nil channel
	// when there is none: never ready).
	var timedOut <-chan time.Time
	var start time.Time // when s joined the queue of tag's waiters
	t.mu.Lock()
	for {
		if t.locks == nil {
			t.locks = make(map[lockTag]*heldLock)
			t.waiting = make(map[*Session]lockWait)
		}
		l := t.locks[tag]
		if l == nil {
			l = t.newLock()
			t.locks[tag] = l
		}
		if l.grantable(s, req) && !t.queuedBehind(s, tag, req, start) {
			s.grant(t, l, tag, req)
			t.mu.Unlock()
			return true, waited, nil
		}
		if try {
			t.dropIfUnused(tag, l)
			t.mu.Unlock()
			return false, false, nil
		}
		if t.wouldDeadlock(s, l) {
			t.wake(tag) // those queued behind s
			t.dropIfUnused(tag, l)
			t.mu.Unlock()
			if d := s.statsDatabase(); d != nil {
				d.Deadlocks.Add(1)
			}
			if rel != "" {
				what = fmt.Sprintf(what, rel)
			}
			return false, waited, errs.New(errs.DeadlockDetected, "deadlock detected").
				WithDetail("Process %d waits for %s held by a process that waits for a lock this process holds.", s.BackendPID(), what).
				WithHint("See server log for query details.")
		}
		if start.IsZero() {
			start = time.Now()
		}
		t.waiting[s] = lockWait{tag: tag, req: req, since: start}
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		changed := l.changed
		t.mu.Unlock()
		if timedOut == nil {
			if d := s.settings.lockTimeout(); d > 0 {
				tm := time.NewTimer(d)
				defer tm.Stop()
				timedOut = tm.C
			}
		}
		waited = true
		select {
		case <-changed:
		case <-timedOut:
			err = errs.New(errs.LockNotAvailable, "canceling statement due to lock timeout")
		case <-ctx.Done():
			err = errs.From(ctx.Err())
		}
		if err != nil {
			t.mu.Lock()
			delete(t.waiting, s)
			t.wake(tag)
			t.dropIfUnused(tag, t.locks[tag])
			t.mu.Unlock()
			return false, true, err
		}
		t.mu.Lock()
		delete(t.waiting, s)
	}
}

// queuedBehind reports whether s, asking for tag's table lock as req
// does, waits behind an earlier waiter whose mode conflicts with req
// (start: when s began to wait; zero: it has not), as PostgreSQL queues
// its lock requests: a stream of statements then does not keep a
// waiting LOCK TABLE out for ever. Only a session that holds no lock
// queues so: nobody waits for it, so its place in the queue closes no
// cycle that the deadlock check (which follows holders) would miss.
// PostgreSQL lets the others through too when the queue would deadlock.
func (t *lockTable) queuedBehind(s *Session, tag lockTag, req lockRequest, start time.Time) bool {
	if req.tableMode == 0 || len(t.waiting) == 0 || !s.holdsNoLock() {
		return false
	}
	for o, w := range t.waiting {
		if o != s && w.tag == tag && w.req.tableMode != 0 && (start.IsZero() || w.since.Before(start)) &&
			w.req.tableMode.Conflicts(req.tableMode) {
			return true
		}
	}
	return false
}

// holdsNoLock reports whether s holds no lock of the lock table, nor
// one of its fast path (under t.mu, by s's own goroutine).
func (s *Session) holdsNoLock() bool {
	return len(s.xactLocks) == 0 && !s.fastUsed && !s.xactAdvisory && s.advisoryHolds == 0 && s.strongHeld == 0
}

// wake wakes the waiters of tag's lock: one ahead of them in its queue
// left it.
func (t *lockTable) wake(tag lockTag) {
	if l := t.locks[tag]; l != nil && l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// AdvisoryLock implements sysview.Session.
func (s *Session) AdvisoryLock(ctx context.Context, k sysview.AdvisoryKey, m sysview.AdvisoryMode) (bool, error) {
	return s.lock(ctx, lockTag{advisory: k}, lockRequest{advisory: m}, m.Try, "an advisory lock", "")
}

// LockRow implements exec.Locker.
func (s *Session) LockRow(ctx context.Context, t *catalog.Table, key []byte, strength plan.LockStrength, wait plan.LockWait) (ok, waited bool, err error) {
	ok, waited, err = s.lockWaited(ctx, lockTag{row: string(key)}, lockRequest{row: true, strength: strength}, wait != plan.LockBlock,
		"a row lock in relation \"%s\"", t.Name)
	if err == nil && !ok && wait == plan.LockNoWait {
		return false, false, errs.New(errs.LockNotAvailable, "could not obtain lock on row in relation \"%s\"", t.Name)
	}
	return ok, waited, err
}

// LockTable implements exec.Locker.
func (s *Session) LockTable(ctx context.Context, t *catalog.Table, mode plan.TableLockMode, noWait bool) (bool, error) {
	if weakMode(mode) && s.fastLock(t.ID, mode) {
		return false, nil
	}
	if strongMode(mode) {
		// Counted until the transaction ends (endXactLocks), even when
		// the request fails: the fast path stays off a little longer.
		s.strongHeld++
		s.db.locks.strong.Add(1)
		s.db.locks.transferFast()
	}
	ok, waited, err := s.lockWaited(ctx, lockTag{table: t.ID}, lockRequest{tableMode: mode}, noWait, "a lock on relation \"%s\"", t.Name)
	if err == nil && !ok {
		return false, errs.New(errs.LockNotAvailable, "could not obtain lock on relation \"%s\"", t.Name)
	}
	return waited, err
}

// weakMode reports the table lock modes of the fast path: the ones
// statements take, which conflict with none of themselves.
func weakMode(m plan.TableLockMode) bool { return m <= plan.RowExclusiveLock }

// strongMode reports the table lock modes that conflict with a weak
// one: taking them turns the fast path off.
func strongMode(m plan.TableLockMode) bool { return m >= plan.ShareLock }

// fastLocks are a session's weak table locks of the fast path: a table
// and the modes held, a bit per plan.TableLockMode. moved are the tags
// of those transferFast moved into the lock table, for endXactLocks.
type fastLocks struct {
	mu    sync.Mutex
	holds []fastLock
	moved []lockTag
	// joined: the session is one of the lock table's fastSessions.
	joined atomic.Bool
}

type fastLock struct {
	table uint64
	modes uint16
}

// fastLock notes that s holds table's lock in weak mode m, unless some
// session holds or waits for a strong table lock (false: take it in the
// lock table).
func (s *Session) fastLock(table uint64, m plan.TableLockMode) bool {
	t := &s.db.locks
	if t.strong.Load() != 0 {
		return false
	}
	if !s.fast.joined.Load() {
		// Before the first note: a transferFast from then on visits s.
		// (Atomic: a parallel plan's workers may build scans.)
		t.mu.Lock()
		if t.fastSessions == nil {
			t.fastSessions = make(map[*Session]struct{})
		}
		t.fastSessions[s] = struct{}{}
		t.mu.Unlock()
		s.fast.joined.Store(true)
	}
	f := &s.fast
	f.mu.Lock()
	defer f.mu.Unlock()
	// Checked again under f.mu: a strong locker counts itself before it
	// takes f.mu to move the notes, so either it sees this note or this
	// sees its count.
	if t.strong.Load() != 0 {
		return false
	}
	s.fastUsed = true
	for i := range f.holds {
		if f.holds[i].table == table {
			f.holds[i].modes |= 1 << m
			return true
		}
	}
	f.holds = append(f.holds, fastLock{table: table, modes: 1 << m})
	return true
}

// transferFast moves every session's fast-path locks into the lock
// table, where a strong locker sees them (strong is already counted: no
// new ones are noted meanwhile).
func (t *lockTable) transferFast() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.locks == nil {
		t.locks = make(map[lockTag]*heldLock)
		t.waiting = make(map[*Session]lockWait)
	}
	for o := range t.fastSessions {
		f := &o.fast
		f.mu.Lock()
		for _, h := range f.holds {
			tag := lockTag{table: h.table}
			l := t.locks[tag]
			if l == nil {
				l = t.newLock()
				t.locks[tag] = l
			}
			o.holds(t, l).tableModes |= h.modes
			f.moved = append(f.moved, tag)
		}
		f.holds = f.holds[:0]
		f.mu.Unlock()
	}
}

// wouldDeadlock reports whether a holder of l waits, directly or through
// other sessions, for a lock s holds.
func (t *lockTable) wouldDeadlock(s *Session, l *heldLock) bool {
	seen := map[*Session]bool{}
	var waitsForS func(o *Session) bool
	waitsForS = func(o *Session) bool {
		if seen[o] {
			return false
		}
		seen[o] = true
		w, ok := t.waiting[o]
		if !ok {
			return false
		}
		for h, holds := range t.locks[w.tag].holders {
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
	t := &s.db.locks
	t.mu.Lock()
	defer t.mu.Unlock()
	tag := lockTag{advisory: k}
	l := t.locks[tag]
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
	s.advisoryHolds--
	t.released(tag, l, s)
	return true
}

// AdvisoryUnlockAll implements sysview.Session: every session-level hold
// of s ends (pg_advisory_unlock_all; also when the session ends).
func (s *Session) AdvisoryUnlockAll() {
	t := &s.db.locks
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, l := range t.locks {
		if h := l.holders[s]; h != nil && !k.xact() {
			h.exclusive, h.shared = 0, 0
			t.released(k, l, s)
		}
	}
	s.advisoryHolds = 0
}

// endXactLocks ends the transaction-level holds of s, advisory and row
// locks: its transaction ended.
func (s *Session) endXactLocks() {
	t := &s.db.locks
	if s.fastUsed || s.strongHeld > 0 {
		s.fastUsed = false
		f := &s.fast
		f.mu.Lock()
		clear(f.holds)
		f.holds = f.holds[:0]
		// What transferFast moved is in the lock table now.
		s.xactLocks = append(s.xactLocks, f.moved...)
		f.moved = f.moved[:0]
		f.mu.Unlock()
	}
	if !s.xactAdvisory && len(s.xactLocks) == 0 {
		s.endStrong() // a request that failed
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if s.xactAdvisory {
		s.xactAdvisory = false
		for k, l := range t.locks {
			if h := l.holders[s]; h != nil && !k.xact() {
				h.xactExclusive, h.xactShared = 0, 0
				t.released(k, l, s)
			}
		}
	}
	// Row and table locks are the session's for the whole transaction:
	// its own list finds them without walking the table.
	for _, k := range s.xactLocks {
		if l := t.locks[k]; l != nil {
			if h := l.holders[s]; h != nil {
				h.rowStrengths, h.tableModes = 0, 0
				t.released(k, l, s)
			}
		}
	}
	clear(s.xactLocks)
	s.xactLocks = s.xactLocks[:0]
	// The fast path turns on again only once the strong locks have
	// been released.
	s.endStrong()
}

// endStrong uncounts the strong table locks s asked for.
func (s *Session) endStrong() {
	if s.strongHeld > 0 {
		s.db.locks.strong.Add(-s.strongHeld)
		s.strongHeld = 0
	}
}

// leaveFastPath forgets s in the lock table's fast-path sessions: it
// ended (its locks were released first).
func (s *Session) leaveFastPath() {
	if !s.fast.joined.Load() {
		return
	}
	t := &s.db.locks
	t.mu.Lock()
	delete(t.fastSessions, s)
	t.mu.Unlock()
	s.fast.joined.Store(false)
}

// released wakes the waiters of l after a hold of s ended, and forgets
// what is no longer held.
func (t *lockTable) released(k lockTag, l *heldLock, s *Session) {
	if h := l.holders[s]; h.none() {
		delete(l.holders, s)
		if len(t.freeHolds) < maxFreeLocks {
			t.freeHolds = append(t.freeHolds, h)
		}
	}
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
	t.dropIfUnused(k, l)
}

// dropIfUnused forgets l when nobody holds or waits for it.
func (t *lockTable) dropIfUnused(k lockTag, l *heldLock) {
	if l == nil || len(l.holders) > 0 {
		return
	}
	for _, w := range t.waiting {
		if w.tag == k {
			return
		}
	}
	delete(t.locks, k)
	if len(t.freeLocks) < maxFreeLocks && l.changed == nil {
		t.freeLocks = append(t.freeLocks, l)
	}
}

// Locks implements sysview.Session: every session's holds of advisory
// and table locks, a row per mode held, and its wait for one. Row locks
// are left out, as PostgreSQL keeps them in the rows.
func (s *Session) Locks() []sysview.HeldLock {
	t := &s.db.locks
	type entry struct {
		o *Session
		l sysview.HeldLock
	}
	var es []entry
	t.mu.Lock()
	for o := range t.fastSessions {
		o.fast.mu.Lock()
		for _, h := range o.fast.holds {
			modes := h.modes
			if l := t.locks[lockTag{table: h.table}]; l != nil && l.holders[o] != nil {
				// Held in the table too (taken while the fast path was
				// off): listed from there.
				modes &^= l.holders[o].tableModes
			}
			for m := plan.AccessShareLock; m <= plan.RowExclusiveLock; m++ {
				if modes&(1<<m) != 0 {
					es = append(es, entry{o, sysview.HeldLock{Table: h.table, Mode: m.String(), Granted: true}})
				}
			}
		}
		o.fast.mu.Unlock()
	}
	for k, l := range t.locks {
		if k.row != "" {
			continue
		}
		for o, h := range l.holders {
			for m := plan.AccessShareLock; m <= plan.AccessExclusiveLock; m++ {
				if h.tableModes&(1<<m) != 0 {
					es = append(es, entry{o, sysview.HeldLock{Table: k.table, Mode: m.String(), Granted: true}})
				}
			}
			if h.exclusive+h.xactExclusive > 0 {
				es = append(es, entry{o, sysview.HeldLock{Key: k.advisory, Mode: advisoryMode(false), Granted: true}})
			}
			if h.shared+h.xactShared > 0 {
				es = append(es, entry{o, sysview.HeldLock{Key: k.advisory, Mode: advisoryMode(true), Granted: true}})
			}
		}
	}
	for o, w := range t.waiting {
		switch {
		case w.tag.table != 0:
			es = append(es, entry{o, sysview.HeldLock{Table: w.tag.table, Mode: w.req.tableMode.String(), WaitStart: w.since}})
		case w.tag.row == "":
			es = append(es, entry{o, sysview.HeldLock{Key: w.tag.advisory, Mode: advisoryMode(w.req.advisory.Shared), WaitStart: w.since}})
		}
	}
	t.mu.Unlock()
	out := make([]sysview.HeldLock, len(es))
	for i, e := range es {
		// Each session's own lock guards what pg_stat_activity shows
		// of it; it is not taken under the lock table's.
		e.o.sys.mu.Lock()
		act := e.o.sys.act
		e.o.sys.mu.Unlock()
		e.l.PID, e.l.Database, e.l.Namespace = act.PID, act.Database, act.Namespace
		out[i] = e.l
	}
	slices.SortFunc(out, func(a, b sysview.HeldLock) int {
		return cmp.Or(cmp.Compare(a.PID, b.PID), cmp.Compare(a.Table, b.Table),
			cmp.Compare(a.Key.A, b.Key.A), cmp.Compare(a.Key.B, b.Key.B), cmp.Compare(a.Mode, b.Mode))
	})
	return out
}

// advisoryMode is an advisory lock's mode as pg_locks names it.
func advisoryMode(shared bool) string {
	if shared {
		return "ShareLock"
	}
	return "ExclusiveLock"
}
