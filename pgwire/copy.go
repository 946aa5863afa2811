package pgwire

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
)

// COPY. COPY IN runs on the connection goroutine like everything else:
// the session's Read takes the client's messages from the same queue the
// message loop reads (conn.q), started at once when the queue is empty
// (startWatch), so the reader goroutine's read-ahead and its flow
// control work unchanged, and a CancelRequest or a hang-up reaches a
// Read that waits through the statement's context.

// connectionFailure is PostgreSQL's ERRCODE_CONNECTION_FAILURE.
const connectionFailure = "08006"

// CopyIn implements CopyResultWriter.
func (w *resultWriter) CopyIn(binary bool, columnFormats []int16) (io.Reader, error) {
	c := w.c
	if c.stmtCtx == nil {
		return nil, errs.New(errs.InternalError, "COPY IN outside a statement")
	}
	m := pgproto3.CopyInResponse{OverallFormat: formatByte(binary), ColumnFormatCodes: w.copyFormats(columnFormats)}
	if err := c.send(&m); err != nil {
		return nil, err
	}
	// The client sends its data only once it has seen the response.
	if err := c.flush(); err != nil {
		return nil, err
	}
	r := &copyReader{c: c, ctx: c.stmtCtx}
	c.endCopy() // a COPY before it in the same Query is over
	c.copyIn = r
	return r, nil
}

// CopyOut implements CopyResultWriter.
func (w *resultWriter) CopyOut(binary bool, columnFormats []int16) (CopyWriter, error) {
	c := w.c
	if c.stmtCtx == nil {
		return nil, errs.New(errs.InternalError, "COPY OUT outside a statement")
	}
	m := pgproto3.CopyOutResponse{OverallFormat: formatByte(binary), ColumnFormatCodes: w.copyFormats(columnFormats)}
	if err := c.send(&m); err != nil {
		return nil, err
	}
	cw := &copyWriter{c: c, ctx: c.stmtCtx}
	c.endCopy()
	c.copyOut = cw
	return cw, nil
}

// ParameterStatus implements CopyResultWriter.
func (w *resultWriter) ParameterStatus(name, value string) error {
	return w.c.send(&pgproto3.ParameterStatus{Name: name, Value: value})
}

func formatByte(binary bool) byte {
	if binary {
		return 1
	}
	return 0
}

func (w *resultWriter) copyFormats(formats []int16) []uint16 {
	w.formats = w.formats[:0]
	for _, f := range formats {
		w.formats = append(w.formats, uint16(f))
	}
	return w.formats
}

// endCopy ends the COPY of the running statement: its reader and writer
// refuse to work from now on.
func (c *conn) endCopy() {
	if c.copyIn != nil {
		c.copyIn.ended = true
		c.copyIn = nil
	}
	if c.copyOut != nil {
		c.copyOut.ended = true
		c.copyOut = nil
	}
}

var errCopyEnded = errs.New(errs.InternalError, "COPY used after its statement ended")

// copyReader is the io.Reader of COPY FROM STDIN. It is used on the
// connection goroutine, inside the session call that started it.
type copyReader struct {
	c     *conn
	ctx   context.Context // the statement's
	ended bool
	buf   []byte // unread rest of the current CopyData
	err   error  // sticky: io.EOF after CopyDone, or why the copy failed
}

func (r *copyReader) Read(p []byte) (int, error) {
	if r.ended {
		return 0, errCopyEnded
	}
	if r.err != nil {
		return 0, r.err
	}
	if r.ctx.Err() != nil {
		r.err = stmtCancelled(r.ctx)
		return 0, r.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	for len(r.buf) == 0 {
		f, ok := r.c.takeFrame()
		if !ok {
			r.c.startWatch()
			select {
			case <-r.c.q.ready:
			case <-r.ctx.Done():
				r.err = stmtCancelled(r.ctx)
				return 0, r.err
			}
			continue
		}
		if r.err = r.message(f); r.err != nil {
			return 0, r.err
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// message takes one message during COPY IN: CopyData fills buf, and the
// rest ends the copy with an error or io.EOF.
func (r *copyReader) message(f frame) error {
	if f.err != nil {
		// The message loop still has to see it: it ends the connection.
		r.c.hold(f)
		var e *errs.Error
		if !clientGone(f.err) && errors.As(f.err, &e) {
			return e
		}
		// The same error as when the hang-up cancels the context first
		// (the reader goroutine does that just before it queues f).
		return errClientLost()
	}
	switch f.typ {
	case msgCopyData:
		r.buf = f.body
		return nil
	case msgCopyDone:
		return io.EOF
	case msgCopyFail:
		var m pgproto3.CopyFail
		if err := m.Decode(f.body); err != nil {
			return errInvalidFormat(err)
		}
		return errs.New(errs.QueryCanceled, "COPY from stdin failed: %s", m.Message)
	case msgFlush, msgSync:
		// Ignored during COPY IN for the convenience of clients that
		// send them without knowing that the statement was a COPY.
		return nil
	case msgTerminate:
		// PostgreSQL would consume it and then see the client go; here
		// the reader goroutine has stopped at it, so the loop must see it.
		r.c.hold(f)
	}
	return errs.New(errs.ProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", f.typ)
}

// stmtCancelled is the error of a statement whose context ended, as
// PostgreSQL words it.
func stmtCancelled(ctx context.Context) error {
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, errCancelRequest):
		return errs.New(errs.QueryCanceled, "canceling statement due to user request")
	case errors.Is(cause, errClientGone):
		return errClientLost()
	}
	return errAdminShutdown()
}

func errClientLost() *errs.Error {
	return errs.New(connectionFailure, "connection to client lost")
}

// copyWriter is the CopyWriter of COPY TO STDOUT.
type copyWriter struct {
	c     *conn
	ctx   context.Context // the statement's
	ended bool
	done  bool
}

func (w *copyWriter) Write(p []byte) (int, error) {
	if w.ended || w.done {
		return 0, errCopyEnded
	}
	if w.ctx.Err() != nil {
		return 0, stmtCancelled(w.ctx)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if err := w.c.sendCopyData(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (w *copyWriter) Done() error {
	if w.ended || w.done {
		return errCopyEnded
	}
	w.done = true
	return w.c.send(&pgproto3.CopyDone{})
}

// sendCopyData buffers a CopyData message without copying p twice (the
// pgproto3 encoder would copy it into the scratch buffer first).
func (c *conn) sendCopyData(p []byte) error {
	if c.werr != nil {
		return c.werr
	}
	if len(p) > math.MaxInt32-4 {
		return errs.New(errs.ProgramLimitExceeded, "COPY data message too large")
	}
	hdr := append(c.scratch[:0], 'd', 0, 0, 0, 0)
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(p)+4))
	c.scratch = hdr[:0]
	if _, err := c.bw.Write(hdr); err != nil {
		c.writeFailed(err)
		return c.werr
	}
	if _, err := c.bw.Write(p); err != nil {
		c.writeFailed(err)
		return c.werr
	}
	return nil
}
