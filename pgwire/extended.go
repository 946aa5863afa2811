package pgwire

import (
	"context"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
)

// The extended query protocol. Each message is one call into the
// ExtendedSession and answers with one message (ParseComplete,
// BindComplete, ...) or an ErrorResponse, after which the batch is
// skipped until Sync (conn.dispatch). Answers collect in the write
// buffer: they go out at Sync (ReadyForQuery), Flush, a COPY IN, or when
// the buffer fills, so a pipelined batch costs one write.

// extended handles Parse, Bind, Describe, Execute and Close.
func (c *conn) extended(f frame) error {
	switch f.typ {
	case msgParse:
		return c.parse(f.body)
	case msgBind:
		return c.bind(f.body)
	case msgDescribe:
		return c.describe(f.body)
	case msgExecute:
		return c.execute(f.body)
	case msgClose:
		return c.closeMessage(f.body)
	}
	return errs.New(errs.ProtocolViolation, "invalid frontend message type %d", f.typ)
}

// answer ends an extended-protocol message: a connection error is
// returned, a statement error is sent and starts the skip to Sync, and
// otherwise ok (if any) is sent.
func (c *conn) answer(stmtErr *errs.Error, err error, ok pgproto3.BackendMessage) error {
	if err != nil {
		return err
	}
	if stmtErr != nil {
		return c.refuse(stmtErr)
	}
	if ok == nil {
		return nil
	}
	return c.send(ok)
}

// refuse sends e as an ERROR and skips the rest of the batch.
func (c *conn) refuse(e *errs.Error) error {
	c.skipToSync = true
	return c.sendError("ERROR", e)
}

func (c *conn) parse(body []byte) error {
	var m pgproto3.Parse
	if err := m.Decode(body); err != nil { // not decodeOrFatal: m stays on the stack
		return errInvalidFormat(err)
	}
	e, err := c.call(func(ctx context.Context) error {
		_, err := c.ext.Prepare(ctx, m.Name, m.Query, m.ParameterOIDs)
		return err
	})
	return c.answer(e, err, &pgproto3.ParseComplete{})
}

func (c *conn) bind(body []byte) error {
	var m pgproto3.Bind
	if err := m.Decode(body); err != nil { // not decodeOrFatal: m stays on the stack
		return errInvalidFormat(err)
	}
	if e := checkFormats(m.ParameterFormatCodes, len(m.Parameters), m.ResultFormatCodes); e != nil {
		return c.refuse(e)
	}
	e, err := c.call(func(ctx context.Context) error {
		return c.ext.Bind(ctx, m.DestinationPortal, m.PreparedStatement, m.ParameterFormatCodes, m.Parameters, m.ResultFormatCodes)
	})
	return c.answer(e, err, &pgproto3.BindComplete{})
}

// checkFormats checks a Bind's format codes as PostgreSQL does before it
// looks at the statement: 0 codes (all text), 1 (for every parameter) or
// one per parameter, each 0 (text) or 1 (binary). Result format codes are
// checked for their values only; whether their number fits the columns is
// the session's to check.
func checkFormats(paramFormats []int16, nParams int, resultFormats []int16) *errs.Error {
	if len(paramFormats) > 1 && len(paramFormats) != nParams {
		return errs.New(errs.ProtocolViolation, "bind message has %d parameter formats but %d parameters", len(paramFormats), nParams)
	}
	// With one code and no parameters the code applies to nothing, and
	// PostgreSQL does not look at it.
	if nParams > 0 {
		for _, f := range paramFormats {
			if f != 0 && f != 1 {
				return errs.New(errs.InvalidParameterValue, "unsupported format code: %d", f)
			}
		}
	}
	for _, f := range resultFormats {
		if f != 0 && f != 1 {
			return errs.New(errs.InvalidParameterValue, "unsupported format code: %d", f)
		}
	}
	return nil
}

func (c *conn) describe(body []byte) error {
	var m pgproto3.Describe
	if err := m.Decode(body); err != nil { // not decodeOrFatal: m stays on the stack
		return errInvalidFormat(err)
	}
	switch m.ObjectType {
	case 'S':
		var d *StatementDescription
		e, err := c.call(func(ctx context.Context) error {
			var err error
			d, err = c.ext.DescribeStatement(ctx, m.Name)
			return err
		})
		if err != nil || e != nil {
			return c.answer(e, err, nil)
		}
		if d == nil {
			d = &StatementDescription{}
		}
		if err := c.send(&pgproto3.ParameterDescription{ParameterOIDs: d.ParamTypes}); err != nil {
			return err
		}
		return c.describeColumns(d.Columns, true)
	case 'P':
		var cols []Column
		e, err := c.call(func(ctx context.Context) error {
			var err error
			cols, err = c.ext.DescribePortal(ctx, m.Name)
			return err
		})
		if err != nil || e != nil {
			return c.answer(e, err, nil)
		}
		return c.describeColumns(cols, false)
	}
	return c.refuse(errs.New(errs.ProtocolViolation, "invalid DESCRIBE message subtype %d", m.ObjectType))
}

// describeColumns sends a RowDescription, or NoData for nil columns.
// Describe of a statement has zero format codes: Bind chooses them.
func (c *conn) describeColumns(cols []Column, zeroFormats bool) error {
	if cols == nil {
		return c.send(&pgproto3.NoData{})
	}
	return c.rw.rowDescription(cols, zeroFormats)
}

func (c *conn) execute(body []byte) error {
	var m pgproto3.Execute
	if err := m.Decode(body); err != nil { // not decodeOrFatal: m stays on the stack
		return errInvalidFormat(err)
	}
	// PostgreSQL reads the row limit as a signed integer; 0 or less
	// means all rows.
	maxRows := max(int(int32(m.MaxRows)), 0)
	var suspended bool
	c.rw.inExecute = true
	e, err := c.call(func(ctx context.Context) error {
		var err error
		suspended, err = c.ext.Execute(ctx, m.Portal, maxRows, &c.rw)
		return err
	})
	c.rw.inExecute = false
	if err != nil || e != nil || !suspended {
		return c.answer(e, err, nil)
	}
	return c.send(&pgproto3.PortalSuspended{})
}

func (c *conn) closeMessage(body []byte) error {
	var m pgproto3.Close
	if err := m.Decode(body); err != nil { // not decodeOrFatal: m stays on the stack
		return errInvalidFormat(err)
	}
	var fn func(context.Context, string) error
	switch m.ObjectType {
	case 'S':
		fn = c.ext.CloseStatement
	case 'P':
		fn = c.ext.ClosePortal
	default:
		return c.refuse(errs.New(errs.ProtocolViolation, "invalid CLOSE message subtype %d", m.ObjectType))
	}
	e, err := c.call(func(ctx context.Context) error { return fn(ctx, m.Name) })
	return c.answer(e, err, &pgproto3.CloseComplete{})
}

// sync ends a batch: the session ends its implicit transaction (also
// after an error), an error of that is reported, and ReadyForQuery goes
// out with everything buffered before it.
func (c *conn) sync() error {
	c.skipToSync = false
	if c.ext != nil {
		e, err := c.call(c.ext.Sync)
		if err != nil {
			return err
		}
		if e != nil {
			if err := c.sendError("ERROR", e); err != nil {
				return err
			}
		}
	}
	return c.readyForQuery()
}
