package pgwire

import (
	"errors"
	"os"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// IdleInTransactionSession is a Session that limits how long its client
// may leave it idle inside a transaction block, where it holds locks
// and keeps its snapshot: PostgreSQL's idle_in_transaction_session_timeout.
type IdleInTransactionSession interface {
	// IdleInTransactionTimeout is how long the connection may wait for
	// the client's next message now; 0 for no limit (outside a block,
	// or the setting is off).
	IdleInTransactionTimeout() time.Duration
}

// codeIdleInTransactionTimeout is PostgreSQL's SQLSTATE for it.
const codeIdleInTransactionTimeout = "25P03"

// idleInTransactionWait waits, before the next message is read, at most
// the session's idle-in-transaction timeout for it to begin; when none
// does the connection ends with FATAL 25P03, as in PostgreSQL. A read
// error other than the timeout is left for readOwnFrame to meet again.
func (c *conn) idleInTransactionWait() error {
	s, ok := c.sess.(IdleInTransactionSession)
	if !ok || c.br.Buffered() > 0 {
		return nil
	}
	d := s.IdleInTransactionTimeout()
	if d <= 0 {
		return nil
	}
	c.rmu.Lock()
	if c.shutdown {
		c.rmu.Unlock()
		return nil
	}
	_ = c.raw.SetReadDeadline(time.Now().Add(d))
	c.rmu.Unlock()
	_, err := c.br.Peek(1)
	c.rmu.Lock()
	if !c.shutdown {
		_ = c.raw.SetReadDeadline(time.Time{})
	}
	c.rmu.Unlock()
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) && c.ctx.Err() == nil {
		return errs.New(codeIdleInTransactionTimeout, "terminating connection due to idle-in-transaction timeout")
	}
	return nil
}
