package session

import (
	"context"
	"testing"
)

// valueCtx is a context type == cannot compare (a map field), as an
// embedded API caller may pass.
type valueCtx struct {
	context.Context
	m map[string]int
}

func TestStatementContextReuse(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.EmbeddedSession(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	parent, stop := context.WithCancel(ctx)
	defer stop()

	c1, end := s.beginStatement(parent, "one")
	end.finish()
	if c1.Err() != nil {
		t.Fatalf("an ended statement's context was cancelled: %v", c1.Err())
	}
	// A cancel (pg_cancel_backend) reaches the running statement only.
	c2, end := s.beginStatement(parent, "two")
	if c2 != c1 {
		t.Error("a statement with the same parent did not reuse the context")
	}
	s.sys.mu.Lock()
	s.sys.cancel()
	s.sys.mu.Unlock()
	end.finish()
	if c2.Err() == nil {
		t.Fatal("cancel did not reach the running statement")
	}
	c3, end := s.beginStatement(parent, "three")
	if c3.Err() != nil {
		t.Fatalf("the statement after a cancelled one starts cancelled: %v", c3.Err())
	}
	end.finish()
	// Between statements there is nothing to cancel.
	s.sys.mu.Lock()
	if s.sys.cancel != nil {
		t.Error("a cancel function is set between statements")
	}
	s.sys.mu.Unlock()

	// Another parent gets its own context, and the old one is released.
	other := valueCtx{Context: ctx, m: map[string]int{}}
	for range 2 { // twice: == on valueCtx would panic
		c4, end := s.beginStatement(other, "four")
		if c4 == c3 || c4.Err() != nil {
			t.Errorf("another parent: %v %v", c4 == c3, c4.Err())
		}
		end.finish()
	}
	if c3.Err() == nil {
		t.Error("the previous parent's context was not released")
	}
	// The parent's cancel still reaches the statement.
	c5, end := s.beginStatement(parent, "five")
	stop()
	if c5.Err() == nil {
		t.Error("the parent's cancel did not reach the statement")
	}
	end.finish()
	s.Close()
}

// With statement_timeout a statement's context has the deadline, and
// ending the statement releases it.
func TestStatementContextTimeout(t *testing.T) {
	ctx := context.Background()
	_, s := benchSession(t, "SET statement_timeout = '1h'")
	c, end := s.beginStatement(ctx, "one")
	if _, ok := c.Deadline(); !ok {
		t.Fatal("no deadline under statement_timeout")
	}
	end.finish()
	if c.Err() == nil {
		t.Fatal("the ended statement's timeout was not released")
	}
	if err := s.Query(ctx, "SET statement_timeout = 0", discardWriter{}); err != nil {
		t.Fatal(err)
	}
	c, end = s.beginStatement(ctx, "two")
	if _, ok := c.Deadline(); ok {
		t.Fatal("a deadline without statement_timeout")
	}
	end.finish()
}
