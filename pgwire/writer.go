package pgwire

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
)

const (
	// writeBufferSize is how many bytes of results collect before a
	// write to the socket; ReadyForQuery and Flush also write.
	writeBufferSize = 32 << 10
	// maxScratch is the largest encoding buffer kept between messages.
	maxScratch = 1 << 20
	// finalWriteTimeout bounds the last words (a FATAL) to a client that
	// may not be reading.
	finalWriteTimeout = time.Second
)

// send encodes m into the write buffer. An encoding error (a value too
// large for the protocol) is returned and leaves the stream intact; a
// write error is sticky and means the client is gone.
func (c *conn) send(m pgproto3.BackendMessage) error {
	if c.werr != nil {
		return c.werr
	}
	buf, err := m.Encode(c.scratch[:0])
	if err != nil {
		return errs.Wrap(errs.ProgramLimitExceeded, err, "cannot encode message")
	}
	if _, err := c.bw.Write(buf); err != nil {
		c.writeFailed(err)
		return c.werr
	}
	if cap(buf) <= maxScratch {
		c.scratch = buf[:0]
	} else {
		c.scratch = nil
	}
	return nil
}

// flush writes the buffered messages to the socket.
func (c *conn) flush() error {
	if c.werr != nil {
		return c.werr
	}
	if err := c.bw.Flush(); err != nil {
		c.writeFailed(err)
	}
	return c.werr
}

func (c *conn) writeFailed(err error) {
	c.werr = fmt.Errorf("pgwire: writing to client: %w", err)
	// The client cannot read results any more: stop the statement.
	c.clientGone(c.werr)
}

func (c *conn) readyForQuery() error {
	status := byte('I')
	if c.sess != nil {
		status = c.sess.TxStatus()
	}
	c.rfq.TxStatus = status
	c.idleInBlock = status != 'I'
	if status == 'I' && c.notify != nil {
		// As PostgreSQL: notifications go out between transactions,
		// before the ReadyForQuery.
		listening, err := c.sendNotifications(false)
		if err != nil {
			return err
		}
		c.idleReady = listening
	}
	if err := c.send(&c.rfq); err != nil {
		return err
	}
	return c.flush()
}

// sendError sends an ErrorResponse for e with the given severity.
func (c *conn) sendError(severity string, e *errs.Error) error {
	code := e.Code
	if code == "" {
		code = errs.InternalError
	}
	pos := e.Position
	if pos < 0 || pos > math.MaxInt32 {
		pos = 0
	}
	return c.send(&pgproto3.ErrorResponse{
		Severity:            severity,
		SeverityUnlocalized: severity,
		Code:                code,
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Where:               e.Where,
		Position:            int32(pos),
	})
}

// sendFatal sends a FATAL error as the last message of the connection,
// best effort: a client that does not read must not hold us.
func (c *conn) sendFatal(e *errs.Error) {
	if c.werr != nil {
		return
	}
	_ = c.raw.SetWriteDeadline(time.Now().Add(finalWriteTimeout))
	_ = c.sendError("FATAL", e)
	_ = c.flush()
}

// resultWriter is the ResultWriter the session writes to. It is a field
// of conn so that handing it to Session.Query allocates nothing.
type resultWriter struct {
	c       *conn
	fields  []pgproto3.FieldDescription
	names   []byte
	rowDesc pgproto3.RowDescription
	dataRow pgproto3.DataRow
	cmd     pgproto3.CommandComplete
	formats []uint16 // CopyInResponse/CopyOutResponse column formats
	// inExecute is set during ExtendedSession.Execute, where Columns does
	// nothing: the extended protocol describes rows in Describe only.
	inExecute bool
}

var _ CopyResultWriter = (*resultWriter)(nil)

func (w *resultWriter) Columns(cols []Column) error {
	if w.inExecute {
		return nil
	}
	return w.rowDescription(cols, false)
}

// rowDescription sends a RowDescription with the columns' format codes,
// or zeros (the answer to Describe of a statement).
func (w *resultWriter) rowDescription(cols []Column, zeroFormats bool) error {
	// Column names go into one reused byte arena; FieldDescription wants
	// []byte and converting each string would allocate per column.
	w.names = w.names[:0]
	for _, col := range cols {
		w.names = append(w.names, col.Name...)
	}
	w.fields = w.fields[:0]
	off := 0
	for _, col := range cols {
		format := col.Format
		if zeroFormats {
			format = 0
		}
		w.fields = append(w.fields, pgproto3.FieldDescription{
			Name:                 w.names[off : off+len(col.Name) : off+len(col.Name)],
			TableOID:             col.TableOID,
			TableAttributeNumber: uint16(col.AttrNum),
			DataTypeOID:          col.TypeOID,
			DataTypeSize:         col.TypeSize,
			TypeModifier:         col.TypeModifier,
			Format:               format,
		})
		off += len(col.Name)
	}
	w.rowDesc.Fields = w.fields
	return w.c.send(&w.rowDesc)
}

func (w *resultWriter) Row(values [][]byte) error {
	// A row that fits in the write buffer is encoded straight into it:
	// rows are most of what a result writes, and encoding into the
	// scratch buffer first costs a copy and an interface call per row.
	c := w.c
	size := 4 + 2 // length and column count
	for _, v := range values {
		size += 4 + len(v)
	}
	if c.werr == nil && len(values) <= math.MaxUint16 && 1+size <= c.bw.Available() {
		buf := c.bw.AvailableBuffer()
		buf = append(buf, 'D')
		buf = binary.BigEndian.AppendUint32(buf, uint32(size))
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(values)))
		for _, v := range values {
			if v == nil {
				buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32) // NULL: length -1
				continue
			}
			buf = binary.BigEndian.AppendUint32(buf, uint32(len(v)))
			buf = append(buf, v...)
		}
		_, err := c.bw.Write(buf) // fits: never writes to the socket
		return err
	}
	w.dataRow.Values = values
	err := c.send(&w.dataRow)
	w.dataRow.Values = nil // the caller owns values again
	return err
}

func (w *resultWriter) Complete(tag string) error {
	w.cmd.CommandTag = append(w.cmd.CommandTag[:0], tag...)
	return w.c.send(&w.cmd)
}

func (w *resultWriter) Empty() error {
	return w.c.send(&pgproto3.EmptyQueryResponse{})
}

func (w *resultWriter) Notice(n errs.Notice) error {
	return w.c.send(&pgproto3.NoticeResponse{
		Severity:            n.Severity,
		SeverityUnlocalized: n.Severity,
		Code:                n.Code,
		Message:             n.Message,
		Detail:              n.Detail,
		Hint:                n.Hint,
	})
}
