package pgwire

import (
	"context"
	"encoding/binary"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/errs"
)

// FunctionCallSession is a Session that runs the protocol's FunctionCall
// message ("fast-path"), by which libpq's lo_* functions (psql's
// \lo_import and \lo_export, pg_dump's large objects) and JDBC's
// LargeObjectManager call server functions by pg_proc OID. pgwire
// decodes the message and checks its format codes; the session finds
// the function (42883), checks the number of arguments (08P01) and runs
// the call as a statement: inside the open block, or as a transaction
// of its own. Sessions that do not implement it get 0A000.
type FunctionCallSession interface {
	Session
	// FunctionCall calls the function whose pg_proc OID is oid with args,
	// each in the format argFormats gives (PostgreSQL's rules for 0, 1 or
	// n codes, already checked; nil is NULL), and returns its result in
	// resultFormat (0 text, 1 binary; nil is NULL).
	FunctionCall(ctx context.Context, oid uint32, argFormats []int16, args [][]byte, resultFormat int16) ([]byte, error)
}

// functionCall is a decoded FunctionCall message.
type functionCall struct {
	oid          uint32
	argFormats   []int16
	args         [][]byte
	resultFormat int16
}

// maxFunctionArgs is PostgreSQL's FUNC_MAX_ARGS: no function takes more,
// so a message claiming more is refused before anything is allocated
// for them.
const maxFunctionArgs = 100

// decodeFunctionCall decodes a FunctionCall body as PostgreSQL's
// HandleFunctionRequest reads it, with its errors: a truncated or
// trailing body is 08P01, as are format counts that fit neither 0, 1
// nor the arguments; a format code other than 0 or 1 is 22023. The
// arguments alias body.
func decodeFunctionCall(body []byte) (functionCall, *errs.Error) {
	var fc functionCall
	r := msgReader{b: body}
	fc.oid = uint32(r.int32())
	nFormats := int(r.int16())
	if nFormats < 0 || nFormats > maxFunctionArgs {
		return fc, errs.New(errs.ProtocolViolation, "invalid number of argument formats: %d", nFormats)
	}
	for range nFormats {
		fc.argFormats = append(fc.argFormats, r.int16())
	}
	nArgs := int(r.int16())
	if nArgs < 0 || nArgs > maxFunctionArgs {
		return fc, errs.New(errs.ProtocolViolation, "invalid number of arguments: %d", nArgs)
	}
	for range nArgs {
		n := r.int32()
		switch {
		case n == -1:
			fc.args = append(fc.args, nil)
		case n < -1:
			return fc, errs.New(errs.ProtocolViolation, "invalid argument size %d in function call message", n)
		default:
			fc.args = append(fc.args, r.bytes(int(n)))
		}
		if r.short {
			break
		}
	}
	fc.resultFormat = r.int16()
	switch {
	case r.short:
		return fc, errs.New(errs.ProtocolViolation, "insufficient data left in message")
	case len(r.b) != 0:
		return fc, errs.New(errs.ProtocolViolation, "invalid message format")
	case nFormats > 1 && nFormats != nArgs:
		return fc, errs.New(errs.ProtocolViolation, "function call message contains %d argument formats but %d arguments", nFormats, nArgs)
	}
	if e := checkFormats(fc.argFormats, nArgs, []int16{fc.resultFormat}); e != nil {
		return fc, e
	}
	return fc, nil
}

// msgReader reads big-endian fields off a message body; reading past
// its end sets short and yields zeros.
type msgReader struct {
	b     []byte
	short bool
}

func (r *msgReader) take(n int) []byte {
	if n > len(r.b) {
		r.short, r.b = true, nil
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *msgReader) int16() int16 {
	b := r.take(2)
	if b == nil {
		return 0
	}
	return int16(binary.BigEndian.Uint16(b))
}

func (r *msgReader) int32() int32 {
	b := r.take(4)
	if b == nil {
		return 0
	}
	return int32(binary.BigEndian.Uint32(b))
}

func (r *msgReader) bytes(n int) []byte {
	b := r.take(n)
	if b == nil && !r.short {
		return []byte{} // an empty argument, not NULL
	}
	return b
}

// functionCall runs a FunctionCall message: a cycle of its own, which
// ends in ReadyForQuery whatever happens, as PostgreSQL's does.
func (c *conn) functionCall(body []byte) error {
	fs, ok := c.sess.(FunctionCallSession)
	if !ok {
		if err := decodeOrFatal(&pgproto3.FunctionCall{}, body); err != nil {
			return err
		}
		return c.answerFunctionCall(nil, errs.New(errs.FeatureNotSupported, "fast-path function calls are not supported"))
	}
	fc, e := decodeFunctionCall(body)
	if e != nil {
		return c.answerFunctionCall(nil, e)
	}
	var result []byte
	e, err := c.call(func(ctx context.Context) error {
		var err error
		result, err = fs.FunctionCall(ctx, fc.oid, fc.argFormats, fc.args, fc.resultFormat)
		return err
	})
	if err != nil {
		return err
	}
	return c.answerFunctionCall(result, e)
}

// answerFunctionCall sends a FunctionCallResponse, or the error e, and
// ReadyForQuery.
func (c *conn) answerFunctionCall(result []byte, e *errs.Error) error {
	var err error
	if e != nil {
		err = c.sendError("ERROR", e)
	} else {
		err = c.send(&pgproto3.FunctionCallResponse{Result: result})
	}
	if err != nil {
		return err
	}
	return c.readyForQuery()
}
