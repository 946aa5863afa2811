package pgwire

import (
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
)

// NotifySession is a Session that receives asynchronous notifications
// (LISTEN/NOTIFY). pgwire sends them, as PostgreSQL does, only between
// transactions: before a ReadyForQuery that reports an idle session, and
// while an idle session waits for the client's next message.
type NotifySession interface {
	Session
	// SetNotifyWake gives the session the function to call, from any
	// goroutine, whenever it queued a notification; wake never blocks.
	// pgwire calls it once, before the first statement.
	SetNotifyWake(wake func())
	// Notifications appends the queued notifications to dst, removing
	// them from the queue, and reports whether the session listens on
	// any channel (only then must an idle connection be woken). An
	// error ends the connection as FATAL (a listener that fell too far
	// behind: its queue overflowed and notifications were lost).
	Notifications(dst []Notification) (out []Notification, listening bool, err error)
}

// Notification is one NotificationResponse: a NOTIFY of the session
// with process ID PID.
type Notification struct {
	PID              uint32
	Channel, Payload string
}

// sendNotifications writes the session's queued notifications; flush
// sends them at once (the connection is idle: no ReadyForQuery follows).
// listening reports whether the session listens on any channel.
func (c *conn) sendNotifications(flush bool) (listening bool, err error) {
	notes, listening, err := c.notify.Notifications(c.notes[:0])
	for i := range notes {
		n := &notes[i]
		if werr := c.send(&pgproto3.NotificationResponse{PID: n.PID, Channel: n.Channel, Payload: n.Payload}); werr != nil {
			return false, werr
		}
	}
	clear(notes) // keep no payloads alive
	c.notes = notes[:0]
	if err != nil {
		return false, errs.From(err)
	}
	if flush && len(notes) > 0 {
		return listening, c.flush()
	}
	return listening, nil
}

// idleWait waits for the client's next message to begin while the
// session is idle and listens, sending notifications as they come. The
// connection goroutine waits in the network poller (br.Peek); a
// notifier wakes it by forcing the read deadline into the past
// (notifyWake), so no goroutine or timer waits on its behalf; a
// connection whose session listens on nothing never comes here, and
// pays one atomic load per ReadyForQuery (sendNotifications). Peek consumes
// nothing, so the message that follows is read whole by readOwnFrame.
func (c *conn) idleWait() error {
	for {
		c.rmu.Lock()
		c.idlePeek = true
		c.rmu.Unlock()
		// After idlePeek is set: a notification queued from now on
		// forces the deadline, one queued before is taken here.
		listening, err := c.sendNotifications(true)
		if err != nil || !listening {
			c.endIdlePeek()
			return err
		}
		_, perr := c.br.Peek(1)
		forced := c.endIdlePeek()
		if perr == nil || !forced || c.ctx.Err() != nil {
			// A message begins, or an error readOwnFrame will meet
			// again and report.
			return nil
		}
	}
}

// endIdlePeek ends idleWait's wait and reports whether a notifier forced
// the read deadline meanwhile (which it then clears, unless shutdown
// forced it for good).
func (c *conn) endIdlePeek() (forced bool) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	c.idlePeek = false
	forced, c.notifyForced = c.notifyForced, false
	if forced && !c.shutdown {
		_ = c.raw.SetReadDeadline(time.Time{})
	}
	return forced
}

// notifyWake is the session's wake function: it interrupts idleWait's
// read. Any goroutine; it does nothing while the connection is busy
// (the notifications then go out before its next ReadyForQuery).
func (c *conn) notifyWake() {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	if c.idlePeek && !c.notifyForced {
		c.notifyForced = true
		_ = c.raw.SetReadDeadline(time.Unix(1, 0))
	}
}
