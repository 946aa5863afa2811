package pgwire

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// We frame frontend messages ourselves and only decode them with pgproto3
// message types, rather than use pgproto3.Backend.Receive, because:
//   - Receive returns flyweights that the next Receive overwrites, while
//     our reader goroutine hands messages to another goroutine: a frame
//     here owns its body;
//   - the header is checked (type, length) before any body byte is read
//     or buffered, with PostgreSQL's error messages;
//   - start-up needs to see protocol versions other than 3.0/3.2 (to
//     answer them like PostgreSQL) and to know whether unencrypted bytes
//     were pipelined after an SSLRequest (CVE-2021-23214), which
//     pgproto3's internal read-ahead buffer hides.

const (
	// maxStartupPacketLen is PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
	maxStartupPacketLen = 10000
	// smallMessageLimit is PostgreSQL's PQ_SMALL_MESSAGE_LIMIT, the cap
	// for messages that never carry statement text or data.
	smallMessageLimit = 10000
	// maxAuthMessageLen is PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH.
	maxAuthMessageLen = 65535
	// eagerBodyLen is the body size up to which the whole body is
	// allocated at once; larger bodies grow as bytes arrive so that a
	// client cannot make us allocate memory it never sends.
	eagerBodyLen = 64 << 10

	// pipelineBytes bounds how much the reader goroutine reads ahead of
	// the executing statement.
	pipelineBytes = 1 << 20
)

// frame is one frontend message, or the error that ended reading.
type frame struct {
	typ  byte
	body []byte
	err  error
}

// frontend message types.
const (
	msgBind         = 'B'
	msgClose        = 'C'
	msgDescribe     = 'D'
	msgExecute      = 'E'
	msgFunctionCall = 'F'
	msgFlush        = 'H'
	msgParse        = 'P'
	msgQuery        = 'Q'
	msgSync         = 'S'
	msgTerminate    = 'X'
	msgCopyData     = 'd'
	msgCopyDone     = 'c'
	msgCopyFail     = 'f'
	msgPassword     = 'p' // every authentication response
)

// bodyLimit returns the largest body accepted for a message type after
// authentication, or -1 for types that are not valid then.
func bodyLimit(typ byte, maxMessage int) int {
	switch typ {
	case msgQuery, msgParse, msgBind, msgFunctionCall, msgCopyData:
		return maxMessage
	case msgClose, msgDescribe, msgExecute, msgFlush, msgSync, msgTerminate, msgCopyDone, msgCopyFail:
		return min(smallMessageLimit, maxMessage)
	}
	return -1
}

// errIncomplete marks a client that closed in the middle of a message:
// gone, but maybe only half-closed and still reading, so it is worth a
// FATAL.
func errIncomplete() error {
	return errs.Wrap(errs.ProtocolViolation, io.ErrUnexpectedEOF, "incomplete message from client")
}

// readFrame reads one message whose type must have a limit (limit returns
// -1 for a type that is invalid here). acquire, when not nil, is called
// with the body length before the body is read and may refuse (the
// connection is going away).
func readFrame(br *bufio.Reader, limit func(byte) int, acquire func(int) bool) frame {
	// The header is peeked, not read into an array of ours: a buffer
	// handed to the reader behind br escapes, one allocation per message.
	hdr, err := br.Peek(5)
	if err != nil {
		if len(hdr) > 0 && errors.Is(err, io.EOF) {
			err = errIncomplete()
		}
		return frame{err: err}
	}
	typ, n := hdr[0], int64(int32(binary.BigEndian.Uint32(hdr[1:])))-4
	_, _ = br.Discard(5) // peeked: cannot fail
	maxLen := limit(typ)
	if maxLen < 0 {
		return frame{err: errs.New(errs.ProtocolViolation, "invalid frontend message type %d", typ)}
	}
	if n < 0 || n > int64(maxLen) {
		e := errs.New(errs.ProtocolViolation, "invalid message length")
		if n > 0 {
			e = e.WithDetail("Message type %q declares %d bytes; the limit is %d.", typ, n, maxLen)
		}
		return frame{err: e}
	}
	if acquire != nil && !acquire(int(n)) {
		return frame{err: errReaderStopped}
	}
	body, err := readBody(br, int(n))
	if err != nil {
		return frame{err: err}
	}
	return frame{typ: typ, body: body}
}

func readBody(br *bufio.Reader, n int) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	var body []byte
	if n <= eagerBodyLen {
		body = make([]byte, n)
		if _, err := io.ReadFull(br, body); err != nil {
			return nil, bodyErr(err)
		}
		return body, nil
	}
	body = make([]byte, 0, eagerBodyLen)
	for len(body) < n {
		if len(body) == cap(body) {
			body = slices.Grow(body, min(cap(body), n-len(body)))
		}
		m, err := br.Read(body[len(body):min(cap(body), n)])
		body = body[:len(body)+m]
		if err != nil && len(body) < n {
			return nil, bodyErr(err)
		}
	}
	return body, nil
}

func bodyErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errIncomplete()
	}
	return err
}

// errReaderStopped ends a reader that was told to stop; nobody sees it.
var errReaderStopped = errors.New("pgwire: reader stopped")

// clientGone reports whether a read error means the client can no longer
// be talking to us (EOF, reset, closed socket), as opposed to a protocol
// violation by a client that is still there.
func clientGone(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var e *errs.Error
	return !errors.As(err, &e)
}

// inbox is the queue between the reader goroutine and the connection
// goroutine. It is bounded in bytes (bodies plus a per-message overhead,
// so that floods of empty messages count too) rather than by a channel's
// capacity in messages. There is one producer and one consumer.
type inbox struct {
	mu     sync.Mutex
	frames []frame
	head   int
	used   int
	limit  int
	ready  chan struct{} // capacity 1: wakes the consumer
	freed  chan struct{} // capacity 1: wakes the producer
}

// frameOverhead is what a queued message costs besides its body.
const frameOverhead = 64

func newInbox(limit int) *inbox {
	return &inbox{limit: limit, ready: make(chan struct{}, 1), freed: make(chan struct{}, 1)}
}

// reserve makes room for a body of n bytes before it is read, waiting
// while the queue is full. A message larger than the whole limit still
// gets through on its own. While the reader waits here it cannot notice
// a hang-up; that takes a client that pipelined pipelineBytes.
func (q *inbox) reserve(n int, stop <-chan struct{}) bool {
	n += frameOverhead
	for {
		q.mu.Lock()
		if q.used == 0 || q.used+n <= q.limit {
			q.used += n
			q.mu.Unlock()
			return true
		}
		q.mu.Unlock()
		select {
		case <-q.freed:
		case <-stop:
			return false
		}
	}
}

// put queues f; a frame with a body must have been reserved.
func (q *inbox) put(f frame) {
	q.mu.Lock()
	if q.head > 0 && len(q.frames) == cap(q.frames) && q.head >= len(q.frames)/2 {
		// The consumer has taken at least half: move what is left to
		// the front instead of growing. A COPY's stream of CopyData
		// keeps the queue from ever running empty (where take resets
		// it), and the slice would otherwise grow, and be copied, with
		// every message of the COPY.
		n := copy(q.frames, q.frames[q.head:])
		clear(q.frames[n:])
		q.frames, q.head = q.frames[:n], 0
	}
	q.frames = append(q.frames, f)
	q.mu.Unlock()
	wake(q.ready)
}

// take dequeues the oldest frame, if any, without waiting.
func (q *inbox) take() (frame, bool) {
	q.mu.Lock()
	if q.head == len(q.frames) {
		q.mu.Unlock()
		return frame{}, false
	}
	f := q.frames[q.head]
	q.frames[q.head] = frame{}
	q.head++
	if q.head == len(q.frames) {
		q.frames, q.head = q.frames[:0], 0
	}
	if f.err == nil {
		q.used -= len(f.body) + frameOverhead
	}
	q.mu.Unlock()
	wake(q.freed)
	return f, true
}

func wake(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// The socket is read by whichever goroutine needs it. Between statements
// the connection goroutine reads the next message itself when nothing is
// queued: it would wait for the client anyway, and handing every message
// over from another goroutine costs two scheduler wake-ups per query.
// While a statement runs, the reader goroutine (readLoop) watches the
// socket, so that a hang-up cancels the statement and pipelined messages
// queue up in q; it is started only once a statement has run for
// a watch period (watchLoop; or at once by COPY IN, which waits for messages), so that
// short statements never wake it. Ownership of br moves under rmu:
//
//   - readIdle: the connection goroutine owns br;
//   - readStarting, readPeeking, readFraming: the reader goroutine does;
//     the connection goroutine takes br back only once q is empty, by
//     setting stopReq (and, while the reader waits for a message to
//     begin, forcing the read deadline into the past) and waiting for
//     readIdle. A message is never left half-read: the reader only stops
//     at a message boundary;
//   - readFinished: the reader queued a final frame (an error or
//     Terminate) and never gives br back.
const (
	readIdle = iota
	readStarting
	readPeeking
	readFraming
	readFinished
)

// readLoop runs on its own goroutine once the connection is
// authenticated. It waits to be started (startWatch), then watches the
// socket until told to give br back or until it has queued a final frame.
// It returns when stop is closed or after a final frame.
func (c *conn) readLoop(br *bufio.Reader, q *inbox, stop <-chan struct{}) {
	defer close(c.readerDone)
	for {
		select {
		case <-c.startReader:
		case <-stop:
			return
		}
		if !c.watch(br, q, stop) {
			return
		}
	}
}

// watch reads frames into q until asked to stop (true) or until a final
// frame (false).
func (c *conn) watch(br *bufio.Reader, q *inbox, stop <-chan struct{}) bool {
	limit := func(typ byte) int { return bodyLimit(typ, c.srv.cfg.MaxMessageSize) }
	reserve := func(n int) bool { return q.reserve(n, stop) }
	for {
		if c.setReadState(readPeeking) {
			return true
		}
		// Wait for a message to begin without consuming anything, so that
		// a forced deadline leaves br at a message boundary.
		_, _ = br.Peek(1)
		if c.setReadState(readFraming) {
			return true
		}
		f := c.readFrameSafely(br, limit, reserve)
		if errors.Is(f.err, errReaderStopped) {
			return false
		}
		gone := f.err != nil && clientGone(f.err)
		if gone {
			c.clientGone(fmt.Errorf("%w: %w", errClientGone, f.err))
		}
		final := f.err != nil || f.typ == msgTerminate
		if final {
			c.setReadState(readFinished)
		}
		q.put(f)
		switch {
		case f.err != nil && !gone:
			// A protocol violation dooms the connection, but the
			// statement already running still finishes and answers first
			// (as in PostgreSQL, which would not even have read the bad
			// message yet). Keep watching the socket so that a hang-up
			// meanwhile still cancels that statement.
			_, err := io.Copy(io.Discard, br)
			if err == nil {
				err = io.EOF
			}
			c.clientGone(fmt.Errorf("%w: %w", errClientGone, err))
			return false
		case final:
			// After Terminate the client is owed nothing, but what it
			// queued before still runs to completion, as in PostgreSQL.
			return false
		}
	}
}

// setReadState moves the reader goroutine to state s, unless the
// connection goroutine asked for br back: then the reader goes idle,
// acknowledges, and setReadState reports true.
func (c *conn) setReadState(s int) (stopped bool) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	if c.stopReq && s != readFinished {
		c.stopReq = false
		if c.deadlineForced && !c.shutdown {
			_ = c.raw.SetReadDeadline(time.Time{})
		}
		c.deadlineForced = false
		if c.running {
			// A statement started meanwhile: keep watching.
			c.rstate = s
			return false
		}
		c.rstate = readIdle
		wake(c.readerIdle)
		return true
	}
	c.rstate = s
	if s == readFinished && c.stopReq {
		c.stopReq = false
		wake(c.readerIdle)
	}
	return false
}

// startWatch starts the reader goroutine if a statement is running and
// the connection goroutine owns br.
func (c *conn) startWatch() {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	c.startWatchLocked()
}

func (c *conn) startWatchLocked() {
	if c.running && c.rstate == readIdle {
		c.rstate = readStarting
		wake(c.startReader)
	}
}

// beginWatch and endWatch bracket a statement; the server's watcher
// (watchLoop) starts the reader once the statement has run a whole watch
// period. Nothing here arms a timer: a timer per statement made the
// runtime wake a thread for the netpoller when it was set and another
// when it fired, which cost short statements more than they cost
// themselves.
func (c *conn) beginWatch() {
	c.rmu.Lock()
	c.running = true
	c.stmtSeq++
	c.rmu.Unlock()
	c.srv.watcher.statementBegun()
}

func (c *conn) endWatch() {
	c.rmu.Lock()
	c.running = false
	c.rmu.Unlock()
}

// watchTick is the watcher's look at c, once a period: a statement that
// was running at the previous look too has run at least a whole period,
// so the reader starts watching the socket. active reports whether c ran
// anything since the previous look (the watcher keeps ticking while any
// connection does).
func (c *conn) watchTick() (active bool) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	if c.running && c.stmtSeq == c.watchedSeq {
		c.startWatchLocked()
	}
	active = c.running || c.stmtSeq != c.watchedSeq
	c.watchedSeq = c.stmtSeq
	return active
}

// watchActive is watchTick's active without taking a look.
func (c *conn) watchActive() bool {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	return c.running || c.stmtSeq != c.watchedSeq
}

// forceReadDeadline unblocks every read (server shutdown).
func (c *conn) forceReadDeadline() {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	c.shutdown = true
	_ = c.raw.SetReadDeadline(time.Unix(1, 0))
}

// nextFrame returns the held frame, else the oldest queued one, else the
// next message read from the socket, waiting for it; ok is false when
// the caller should check c.ctx and call again.
func (c *conn) nextFrame() (f frame, ok bool) {
	if f, ok := c.takeFrame(); ok {
		return f, true
	}
	c.rmu.Lock()
	switch c.rstate {
	case readIdle:
		c.rmu.Unlock()
		if c.idleReady {
			if err := c.idleWait(); err != nil {
				return frame{err: err}, true
			}
		}
		if c.idleInBlock {
			if err := c.idleInTransactionWait(); err != nil {
				return frame{err: err}, true
			}
		}
		return c.readOwnFrame(), true
	case readPeeking:
		// Nothing is queued and the reader waits for the next message:
		// take br back.
		c.stopReq = true
		c.deadlineForced = true
		_ = c.raw.SetReadDeadline(time.Unix(1, 0))
	case readStarting, readFraming:
		c.stopReq = true
	}
	c.rmu.Unlock()
	select {
	case <-c.q.ready:
	case <-c.readerIdle:
	case <-c.ctx.Done():
	}
	return frame{}, false
}

// readOwnFrame reads the next message on the connection goroutine.
func (c *conn) readOwnFrame() frame {
	f := c.readFrameSafely(c.br, func(typ byte) int { return bodyLimit(typ, c.srv.cfg.MaxMessageSize) }, nil)
	if f.err != nil {
		if clientGone(f.err) {
			c.clientGone(fmt.Errorf("%w: %w", errClientGone, f.err))
		}
		// Whatever was read, the connection ends; a forced deadline
		// means shutdown.
		c.rmu.Lock()
		c.rstate = readFinished
		c.rmu.Unlock()
	}
	return f
}

// readFrameSafely turns a panic while framing into an error frame: a
// reader bug must end this connection, not the process.
func (c *conn) readFrameSafely(br *bufio.Reader, limit func(byte) int, acquire func(int) bool) (f frame) {
	defer func() {
		if r := recover(); r != nil {
			c.logPanic(r)
			f = frame{err: errs.New(errs.InternalError, "internal error while reading a message")}
		}
	}()
	return readFrame(br, limit, acquire)
}
