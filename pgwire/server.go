package pgwire

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("pgwire: server closed")

// Server accepts PostgreSQL wire protocol connections and runs them
// against a Backend. Its methods are safe for concurrent use.
type Server struct {
	cfg     Config
	backend Backend
	log     *slog.Logger
	// mockKey salts the fake SCRAM exchanges of unknown users. It lives
	// as long as the server so an unknown user always gets the same salt,
	// as a real one would.
	mockKey []byte

	mu        sync.Mutex
	closed    bool
	listeners map[net.Listener]struct{}
	conns     map[*conn]struct{}
	keys      map[uint32]*conn // BackendKeyData process ID -> connection
	wg        sync.WaitGroup   // connection goroutines and the watcher's
	watcher   watcher
	// The last connection woken by the network poller, and when
	// (concurrentWake).
	lastWaker atomic.Pointer[conn]
	lastWake  atomic.Int64
}

// NewServer returns a server that runs connections against backend. A nil
// logger discards logs.
func NewServer(cfg Config, backend Backend, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key) // never fails since Go 1.24
	return &Server{
		cfg:       cfg.withDefaults(),
		backend:   backend,
		log:       logger,
		mockKey:   key,
		listeners: make(map[net.Listener]struct{}),
		conns:     make(map[*conn]struct{}),
		keys:      make(map[uint32]*conn),
		watcher:   watcher{wake: make(chan struct{}, 1)},
	}
}

// Serve accepts connections on l until ctx is cancelled or Shutdown is
// called, and closes l before returning. It returns ErrServerClosed after
// Shutdown and ctx.Err() after cancellation. Connections it accepted
// derive from ctx: cancelling it terminates them like Shutdown does, but
// only Shutdown waits for them to finish. Serve may run on several
// listeners at once.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
		_ = l.Close()
	}()
	stop := context.AfterFunc(ctx, func() { _ = l.Close() })
	defer stop()

	var backoff time.Duration
	for {
		nc, err := l.Accept()
		if err != nil {
			if s.isClosed() {
				return ErrServerClosed
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if errors.Is(err, net.ErrClosed) {
				return fmt.Errorf("pgwire: accept: %w", err)
			}
			// Most other accept errors (EMFILE, ECONNABORTED) pass; back
			// off instead of spinning or giving up on the listener.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			s.log.Warn("pgwire: accept failed", "err", err, "retry_in", backoff)
			t := time.NewTimer(backoff)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			}
			continue
		}
		backoff = 0
		s.startConn(ctx, nc)
	}
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *Server) startConn(ctx context.Context, nc net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		_ = nc.Close()
		return
	}
	c := newConn(ctx, s, nc)
	s.conns[c] = struct{}{}
	s.startWatcherLocked()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		c.serve()
	}()
}

// Shutdown stops accepting, cancels running statements, terminates every
// connection (FATAL 57P01, as PostgreSQL's fast shutdown does) and waits
// for the connection goroutines to end. When ctx ends first it closes
// the remaining sockets outright and returns ctx.Err(); a session that
// ignores its context can still hold its goroutine after that.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	for l := range s.listeners {
		_ = l.Close()
	}
	for c := range s.conns {
		c.terminate()
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for c := range s.conns {
			_ = c.raw.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}

// register gives c a unique BackendKeyData identity.
func (s *Server) register(c *conn) {
	var b [8]byte
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		_, _ = rand.Read(b[:])
		// Positive like a real PID: some clients print it as signed.
		pid := binary.BigEndian.Uint32(b[:4]) &^ (1 << 31)
		if pid == 0 || s.keys[pid] != nil {
			continue
		}
		c.pid, c.secret = pid, b[4:8:8]
		s.keys[pid] = c
		return
	}
}

func (s *Server) unregister(c *conn) {
	// A closed connection must not stay reachable (with its session and
	// what that holds) as the last one woken until another is.
	s.lastWaker.CompareAndSwap(c, nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if len(s.conns) == 0 {
		// A sleeping watcher wakes to end.
		wake(s.watcher.wake)
	}
	if c.pid != 0 && s.keys[c.pid] == c {
		delete(s.keys, c.pid)
	}
}

// cancel handles a CancelRequest. Like PostgreSQL it tells the requester
// nothing, whether or not the key matched.
func (s *Server) cancel(pid uint32, secret []byte) {
	s.mu.Lock()
	c := s.keys[pid]
	s.mu.Unlock()
	if c == nil {
		// Usually a cancel that lost the race with the end of its
		// connection.
		s.log.Debug("pgwire: cancel request for no connection", "pid", pid)
		return
	}
	if subtle.ConstantTimeCompare(c.secret, secret) != 1 {
		s.log.Warn("pgwire: cancel request with a wrong secret", "pid", pid)
		return
	}
	s.log.Debug("pgwire: cancel request", "pid", pid)
	c.cancelStatement(errCancelRequest)
}

// concurrentWakeWindow is how recently another connection must have
// been woken by the network poller for concurrentWake to see clients
// keeping several connections busy.
const concurrentWakeWindow = time.Millisecond

// concurrentWake records that c was just woken by the network poller and
// reports whether another connection was, within concurrentWakeWindow.
func (s *Server) concurrentWake(c *conn) bool {
	now := time.Now().UnixNano()
	prev := s.lastWaker.Swap(c)
	then := s.lastWake.Swap(now)
	return prev != nil && prev != c && now-then < int64(concurrentWakeWindow)
}
