package pgwire

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
)

// Causes of context cancellation, visible to sessions via context.Cause.
var (
	errCancelRequest = errors.New("pgwire: statement cancelled by a cancel request")
	errClientGone    = errors.New("pgwire: client disconnected")
	errTerminated    = errors.New("pgwire: connection terminated by the server")
	errConnClosed    = errors.New("pgwire: connection closed")
)

// conn is one client connection. Its goroutine (serve) does the start-up
// and then executes messages one at a time, reading them itself between
// statements; once authenticated a second goroutine (readLoop) watches
// the socket while a statement runs (see reader.go).
type conn struct {
	srv *Server
	log *slog.Logger
	raw net.Conn // as accepted: closing it unblocks every read and write
	nc  net.Conn // raw, or the TLS connection over it
	br  *bufio.Reader
	bw  *bufio.Writer

	// ctx lives as long as the connection; statement contexts derive from
	// it, so terminate (Shutdown) cancels running statements too.
	ctx    context.Context
	cancel context.CancelCauseFunc

	// Set by Server.register before the key is sent; read-only after.
	pid    uint32
	secret []byte

	sess   Session
	ext    ExtendedSession // sess, when it runs the extended protocol
	notify NotifySession   // sess, when it takes notifications (notify.go)
	notes  []Notification  // scratch of sendNotifications
	// idleReady: the last message sent was a ReadyForQuery of an idle
	// session that listens on a channel, and no message was taken since:
	// notifications may go out while the connection waits (idleWait).
	// Only statements change what a session listens on, so the answer
	// at the ReadyForQuery holds until the next message.
	idleReady bool
	// idleInBlock: the last ReadyForQuery sent said the session is in a
	// transaction block, and no message was taken since
	// (idleInTransactionWait).
	idleInBlock bool

	// stmtMu guards the running statement's cancel function and the
	// reason the client is gone; the reader goroutine and cancel requests
	// touch them while the connection goroutine executes.
	stmtMu     sync.Mutex
	stmtCancel context.CancelCauseFunc
	gone       error

	// Owned by the connection goroutine.
	werr       error // sticky write error
	scratch    []byte
	rw         resultWriter
	rfq        pgproto3.ReadyForQuery
	skipToSync bool // after an extended-protocol error, like PostgreSQL
	q          *inbox
	// held is a frame taken from q that must be handled by the message
	// loop after all: a COPY IN reader gives back Terminate and read
	// errors, which end the connection.
	held    frame
	hasHeld bool
	// The statement running now (between call's start and end).
	stmtCtx context.Context
	// callCtx and callCancel: see statementContext.
	callCtx    context.Context
	callCancel context.CancelCauseFunc
	copyIn     *copyReader // of the running statement, if it started COPY IN
	copyOut    *copyWriter // of the running statement, if it started COPY OUT

	readerDone chan struct{} // closed when readLoop returns; nil before it starts
	stopReader chan struct{}

	// Who reads the socket (see readLoop); guarded by rmu.
	rmu            sync.Mutex
	rstate         int
	stopReq        bool          // the connection goroutine wants br back
	deadlineForced bool          // ... and forced the read deadline to get it
	running        bool          // a statement is running
	shutdown       bool          // the read deadline is forced for good
	startReader    chan struct{} // capacity 1: starts the reader goroutine
	readerIdle     chan struct{} // capacity 1: the reader gave br back
	stmtSeq        uint64        // statements begun
	watchedSeq     uint64        // stmtSeq at the watcher's previous look
	idlePeek       bool          // the connection goroutine waits in idleWait
	notifyForced   bool          // ... and a notifier forced the read deadline
}

func newConn(ctx context.Context, s *Server, nc net.Conn) *conn {
	c := &conn{
		srv: s,
		log: s.log.With("remote", nc.RemoteAddr().String()),
	}
	nc = fastSocket(nc, func() bool { return s.concurrentWake(c) })
	c.raw, c.nc = nc, nc
	c.br, c.bw = bufio.NewReader(nc), bufio.NewWriterSize(nc, writeBufferSize)
	c.ctx, c.cancel = context.WithCancelCause(ctx)
	c.rw.c = c
	return c
}

// terminate asks the connection to end (server shutdown). Safe from any
// goroutine.
func (c *conn) terminate() { c.cancel(errTerminated) }

func (c *conn) serve() {
	defer c.close()
	defer func() {
		if r := recover(); r != nil {
			c.logPanic(r)
			c.sendFatal(errs.New(errs.InternalError, "internal error"))
		}
	}()
	c.log.Debug("pgwire: connection opened")

	err := c.handshake()
	if err == nil {
		err = c.loop()
	}
	c.finish(err)
}

// finish reports why the connection ends: a protocol or server error
// goes to the client as FATAL; a vanished client only to the log.
func (c *conn) finish(err error) {
	if err == nil || errors.Is(err, errCancelDone) {
		return
	}
	var e *errs.Error
	if errors.As(err, &e) && !errors.Is(err, errClientGone) {
		if e.Code == errs.AdminShutdown {
			c.log.Debug("pgwire: connection terminated", "code", e.Code)
		} else {
			c.log.Warn("pgwire: connection ended", "code", e.Code, "err", e.Message, "detail", e.Detail)
		}
		c.sendFatal(e)
		return
	}
	c.log.Debug("pgwire: connection lost", "err", err)
}

func (c *conn) close() {
	c.cancel(errConnClosed)
	if c.stopReader != nil {
		close(c.stopReader)
	}
	// Close the accepted socket, not a TLS wrapper: tls.Conn.Close sends
	// close_notify, which could block on a client that does not read.
	_ = c.raw.Close()
	if c.readerDone != nil {
		<-c.readerDone
	}
	if c.sess != nil {
		c.closeSession()
	}
	c.srv.unregister(c)
	c.log.Debug("pgwire: connection closed")
}

func (c *conn) closeSession() {
	defer func() {
		if r := recover(); r != nil {
			c.logPanic(r)
		}
	}()
	c.sess.Close()
}

func (c *conn) logPanic(r any) {
	c.log.Error("pgwire: panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
}

// loop executes the messages of an authenticated connection until
// Terminate, an error, or server shutdown.
func (c *conn) loop() error {
	q := newInbox(pipelineBytes)
	c.q = q
	c.readerDone = make(chan struct{})
	c.stopReader = make(chan struct{})
	c.startReader = make(chan struct{}, 1)
	c.readerIdle = make(chan struct{}, 1)
	// Shutdown must also unblock a read of the connection goroutine.
	defer context.AfterFunc(c.ctx, c.forceReadDeadline)()
	go c.readLoop(c.br, q, c.stopReader)

	for {
		if c.ctx.Err() != nil {
			return errAdminShutdown()
		}
		f, ok := c.nextFrame()
		if !ok {
			continue
		}
		if f.err != nil {
			if c.ctx.Err() != nil {
				return errAdminShutdown()
			}
			return f.err
		}
		done, err := c.dispatch(f)
		if err != nil {
			if c.ctx.Err() != nil {
				return errAdminShutdown()
			}
			return err
		}
		if done {
			return nil
		}
	}
}

// takeFrame returns the held frame or else the oldest queued one, without
// waiting.
func (c *conn) takeFrame() (frame, bool) {
	if c.hasHeld {
		f := c.held
		c.held, c.hasHeld = frame{}, false
		return f, true
	}
	return c.q.take()
}

// hold gives f back to the message loop, which takes it next.
func (c *conn) hold(f frame) {
	c.held, c.hasHeld = f, true
}

func errAdminShutdown() *errs.Error {
	return errs.New(errs.AdminShutdown, "terminating connection due to administrator command")
}

// dispatch handles one message. done means the client said goodbye.
func (c *conn) dispatch(f frame) (done bool, err error) {
	c.idleReady, c.idleInBlock = false, false
	if f.typ == msgTerminate {
		return true, nil
	}
	// After an error in an extended-protocol batch everything up to the
	// next Sync is read and dropped, as PostgreSQL does.
	if c.skipToSync && f.typ != msgSync {
		return false, nil
	}
	switch f.typ {
	case msgQuery:
		return false, c.simpleQuery(f.body)
	case msgParse, msgBind, msgDescribe, msgExecute, msgClose:
		if c.ext == nil {
			return false, c.extendedRefused(f)
		}
		return false, c.extended(f)
	case msgSync:
		if err := decodeOrFatal(&pgproto3.Sync{}, f.body); err != nil {
			return false, err
		}
		return false, c.sync()
	case msgFlush:
		if err := decodeOrFatal(&pgproto3.Flush{}, f.body); err != nil {
			return false, err
		}
		return false, c.flush()
	case msgFunctionCall:
		return false, c.functionCall(f.body)
	case msgCopyData, msgCopyDone, msgCopyFail:
		// Outside COPY these are leftovers of a COPY that failed; the
		// protocol says to ignore them.
		return false, nil
	}
	// readFrame only lets the types above through.
	return false, errs.New(errs.ProtocolViolation, "invalid frontend message type %d", f.typ)
}

func decodeOrFatal(m pgproto3.FrontendMessage, body []byte) error {
	if err := m.Decode(body); err != nil {
		return errInvalidFormat(err)
	}
	return nil
}

// errInvalidFormat is PostgreSQL's error for a message whose body does
// not parse; pgproto3's description goes into the detail.
func errInvalidFormat(err error) *errs.Error {
	return errs.New(errs.ProtocolViolation, "invalid message format").
		WithDetail("%s", strings.TrimSpace(err.Error()))
}

func (c *conn) simpleQuery(body []byte) error {
	var q pgproto3.Query
	// Called directly rather than through decodeOrFatal so q stays on
	// the stack: this is the hot path.
	if err := q.Decode(body); err != nil {
		return errInvalidFormat(err)
	}
	if strings.TrimSpace(q.String) == "" {
		if err := c.rw.Empty(); err != nil {
			return err
		}
		return c.readyForQuery()
	}
	if err := c.runQuery(q.String); err != nil {
		return err
	}
	return c.readyForQuery()
}

// runQuery runs a statement batch and reports its error to the client.
// It returns an error only when the connection must end.
func (c *conn) runQuery(text string) error {
	e, err := c.call(func(ctx context.Context) error {
		return c.sess.Query(ctx, text, &c.rw)
	})
	if err != nil {
		return err
	}
	if e != nil {
		return c.sendError("ERROR", e)
	}
	return nil
}

// call runs fn, one call into the session, as the running statement: its
// context is cancelled by a CancelRequest, a hang-up or shutdown, and a
// COPY it started ends with it. stmtErr is fn's error as the client is to
// see it (an ERROR); err means the connection must end (a write error, a
// vanished client, shutdown, a FATAL error, a protocol violation read
// during COPY).
func (c *conn) call(fn func(ctx context.Context) error) (stmtErr *errs.Error, err error) {
	ctx, cancel := c.statementContext()
	if !c.beginStatement(cancel) {
		return nil, c.goneErr()
	}
	c.stmtCtx = ctx
	c.beginWatch()
	ferr := fn(ctx)
	c.endWatch()
	c.stmtCtx = nil
	c.endCopy()
	c.endStatement()

	if c.werr != nil {
		return nil, c.werr
	}
	if c.ctx.Err() != nil {
		return nil, errAdminShutdown()
	}
	if err := c.goneErr(); err != nil {
		return nil, err
	}
	if c.hasHeld && c.held.err != nil {
		// The COPY IN reader met a framing error; it ends the connection
		// (the session's error is most likely a consequence).
		return nil, c.held.err
	}
	if ferr == nil {
		return nil, nil
	}
	e := errs.From(ferr)
	if e.Code == errs.InternalError {
		c.log.Warn("pgwire: internal error", "err", ferr)
	}
	if e.Severity == "FATAL" || e.Severity == "PANIC" {
		return nil, e
	}
	return e, nil
}

// extendedRefused answers the extended query protocol for a session that
// does not run it: the message is decoded (a malformed one is still a
// protocol violation), refused, and the rest of the batch skipped until
// Sync.
func (c *conn) extendedRefused(f frame) error {
	var m pgproto3.FrontendMessage
	switch f.typ {
	case msgParse:
		m = &pgproto3.Parse{}
	case msgBind:
		m = &pgproto3.Bind{}
	case msgDescribe:
		m = &pgproto3.Describe{}
	case msgExecute:
		m = &pgproto3.Execute{}
	case msgClose:
		m = &pgproto3.Close{}
	}
	if err := decodeOrFatal(m, f.body); err != nil {
		return err
	}
	c.skipToSync = true
	return c.sendError("ERROR", errs.New(errs.FeatureNotSupported, "extended query protocol is not supported yet").
		WithHint("Use the simple query protocol (for example pgx's QueryExecModeSimpleProtocol)."))
}

// statementContext is the context of the next message's statement: the
// previous one's unless something cancelled it, so that a connection
// does not derive (and register with c.ctx) a new context for every
// message. Only a running statement can be cancelled (stmtCancel is set
// just while it runs), and a cancelled context is never handed out again;
// c.ctx's end releases the last one.
func (c *conn) statementContext() (context.Context, context.CancelCauseFunc) {
	if c.callCtx == nil || c.callCtx.Err() != nil {
		c.callCtx, c.callCancel = context.WithCancelCause(c.ctx)
	}
	return c.callCtx, c.callCancel
}

func (c *conn) beginStatement(cancel context.CancelCauseFunc) bool {
	c.stmtMu.Lock()
	defer c.stmtMu.Unlock()
	if c.gone != nil {
		return false
	}
	c.stmtCancel = cancel
	return true
}

func (c *conn) endStatement() {
	c.stmtMu.Lock()
	c.stmtCancel = nil
	c.stmtMu.Unlock()
}

// cancelStatement cancels the running statement, if any (a cancel
// request that arrives between statements is dropped, as in PostgreSQL).
func (c *conn) cancelStatement(cause error) {
	c.stmtMu.Lock()
	defer c.stmtMu.Unlock()
	if c.stmtCancel != nil {
		c.stmtCancel(cause)
	}
}

// clientGone records that the client cannot hear us any more and cancels
// the running statement; no further statement starts.
func (c *conn) clientGone(cause error) {
	c.stmtMu.Lock()
	defer c.stmtMu.Unlock()
	if c.gone == nil {
		c.gone = cause
	}
	if c.stmtCancel != nil {
		c.stmtCancel(cause)
	}
}

func (c *conn) goneErr() error {
	c.stmtMu.Lock()
	defer c.stmtMu.Unlock()
	return c.gone
}
