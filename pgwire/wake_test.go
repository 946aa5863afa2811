package pgwire

import (
	"testing"
	"time"
)

// TestConcurrentWake: a connection woken right after another one means
// several are busy; the same connection again, or another one after a
// pause, does not.
func TestConcurrentWake(t *testing.T) {
	s := NewServer(Config{}, nil, nil)
	a, b := &conn{srv: s}, &conn{srv: s}
	steps := []struct {
		c     *conn
		pause time.Duration
		want  bool
	}{
		{a, 0, false},                        // the first wake-up
		{a, 0, false},                        // one busy connection
		{b, 0, true},                         // a second one right after
		{a, 0, true},                         // and back
		{b, 2 * concurrentWakeWindow, false}, // after a pause
		{b, 0, false},
	}
	for i, st := range steps {
		time.Sleep(st.pause)
		if got := s.concurrentWake(st.c); got != st.want {
			t.Errorf("step %d: concurrentWake = %v, want %v", i, got, st.want)
		}
	}
}

// TestUnregisterForgetsWaker: a closed connection is not kept reachable
// (with its session and the values that holds) as the last one woken;
// another connection's place is left alone.
func TestUnregisterForgetsWaker(t *testing.T) {
	s := NewServer(Config{}, nil, nil)
	a, b := &conn{srv: s}, &conn{srv: s}
	s.concurrentWake(a)
	s.unregister(b)
	if s.lastWaker.Load() != a {
		t.Fatal("closing another connection forgot the last waker")
	}
	s.unregister(a)
	if s.lastWaker.Load() != nil {
		t.Fatal("a closed connection is still the last waker")
	}
}
