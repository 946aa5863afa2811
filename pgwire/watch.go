package pgwire

import (
	"sync/atomic"
	"time"
)

// watchPeriod is how often the watcher looks at the connections: a
// statement that runs between one and two periods gets its socket
// watched (a hang-up cancels it). PostgreSQL does not notice a hang-up
// during a statement at all unless client_connection_check_interval is
// set, so the period trades nothing users rely on for fewer wake-ups.
const watchPeriod = 10 * time.Millisecond

// watcher is the server's one goroutine that starts connections' reader
// goroutines during long statements (conn.watchTick). It ticks only
// while statements run or have run since its last tick, and exits when
// the server has no connections; startConn starts it again.
type watcher struct {
	// sleeping is set while the goroutine waits for a statement to
	// begin; a statement that sees it wakes the goroutine.
	sleeping atomic.Bool
	wake     chan struct{} // capacity 1
	running  bool          // the goroutine exists; guarded by Server.mu
}

// statementBegun wakes the watcher if it sleeps. It runs after the
// statement is marked running, and the watcher looks at the connections
// again after setting sleeping: one of the two sees the other.
func (w *watcher) statementBegun() {
	if w.sleeping.Load() {
		wake(w.wake)
	}
}

// startWatcherLocked starts the watcher goroutine unless it runs;
// s.mu is held.
func (s *Server) startWatcherLocked() {
	if s.watcher.running {
		return
	}
	s.watcher.running = true
	s.wg.Add(1)
	go s.watchLoop()
}

func (s *Server) watchLoop() {
	defer s.wg.Done()
	t := time.NewTicker(watchPeriod)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-s.watcher.wake:
			// A late wake-up from a statement that began while the
			// watcher was deciding to sleep; the tick decides.
			continue
		}
		active, last := s.watchTick()
		if last {
			return
		}
		if active {
			continue
		}
		t.Stop()
		s.watcher.sleeping.Store(true)
		if !s.anyWatchActive() {
			<-s.watcher.wake
		}
		s.watcher.sleeping.Store(false)
		t.Reset(watchPeriod)
	}
}

// watchTick looks at every connection (conn.watchTick). last means the
// server has no connections and the watcher ends.
func (s *Server) watchTick() (active, last bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.conns) == 0 {
		s.watcher.running = false
		return false, true
	}
	for c := range s.conns {
		if c.watchTick() {
			active = true
		}
	}
	return active, false
}

// anyWatchActive reports whether a connection ran a statement since the
// last tick, without looking on the watcher's behalf; a server without
// connections counts as active, so that the watcher ticks once more and
// ends.
func (s *Server) anyWatchActive() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.conns) == 0 {
		return true
	}
	for c := range s.conns {
		if c.watchActive() {
			return true
		}
	}
	return false
}
