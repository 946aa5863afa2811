package session

import (
	"context"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// FunctionCall implements pgwire.FunctionCallSession: the protocol's
// fast-path call of a function by its pg_proc OID, as libpq's lo_*
// functions make them. The call runs as the statement
// "SELECT pg_catalog.f($1, ...)" through the embedded entry points, so
// it takes part in the open block (its errors fail it) or is an
// autocommit transaction of its own, and reaches the function the way
// SQL does, privileges and read-only checks included.
func (s *Session) FunctionCall(ctx context.Context, oid uint32, argFormats []int16, args [][]byte, resultFormat int16) ([]byte, error) {
	name, ok := sysview.FunctionByOID(oid)
	f, found := sysview.LookupFunc(name)
	if !ok || !found {
		return nil, errs.New(errs.UndefinedFunction, "function with OID %d does not exist", oid)
	}
	if len(args) < f.MinArgs || len(args) > f.MaxArgs {
		return nil, errs.New(errs.ProtocolViolation, "function call message contains %d arguments but function requires %d", len(args), f.MinArgs)
	}
	types := f.ParamTypes()
	params := make([]value.Value, len(args))
	var text strings.Builder
	text.WriteString("SELECT pg_catalog." + name + "(")
	for i, raw := range args {
		if i > 0 {
			text.WriteString(", ")
		}
		text.WriteString("$" + strconv.Itoa(i+1))
		t := value.TypeText
		if i < len(types) {
			t = types[i]
		}
		v, err := fastpathArg(raw, formatOf(argFormats, i), t, i)
		if err != nil {
			return nil, err
		}
		params[i] = v
	}
	text.WriteString(")")
	// pg_dump and lo_export call loread once per 8 KiB: the statement is
	// translated once per session (Run revalidates it as the Go API's
	// statements are).
	stmt := s.fastpath[text.String()]
	if stmt == nil {
		var err error
		if stmt, err = s.PrepareStatement(ctx, text.String()); err != nil {
			return nil, s.fail(err)
		}
		if s.fastpath == nil {
			s.fastpath = make(map[string]*Statement)
		}
		s.fastpath[text.String()] = stmt
	}
	rows, err := s.Run(ctx, stmt, params, nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	result := value.None
	if rows.Next() {
		result = rows.Row()[0]
	}
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if result.IsNone() {
		return nil, nil
	}
	return fastpathResult(result, f.Result, sysview.FunctionResultOID(f), resultFormat)
}

// formatOf is argument i's format code under the protocol's rules: none
// is text, one is every argument's.
func formatOf(formats []int16, i int) int16 {
	switch len(formats) {
	case 0:
		return 0
	case 1:
		return formats[0]
	}
	return formats[i]
}

// fastpathArg decodes one argument of a FunctionCall as a parameter of
// type t.
func fastpathArg(raw []byte, format int16, t value.Type, i int) (value.Value, error) {
	switch {
	case raw == nil:
		return value.None, nil
	case format == 0:
		return value.Convert(value.String(string(raw)), t)
	case t.Kind == value.KindInt && len(raw) == 4 && t.Width == value.I64:
		// An OID (zerodb's bigint) comes in PostgreSQL's 4 bytes, unsigned.
		return value.Int(int64(uint32(raw[0])<<24 | uint32(raw[1])<<16 | uint32(raw[2])<<8 | uint32(raw[3]))), nil
	}
	return decodeBinaryParam(raw, t, i+1)
}

// fastpathResult encodes a FunctionCall's result: text as PostgreSQL
// prints it, or binary in the layout of the function's PostgreSQL result
// type pgOID (bytea and text as their bytes, void as nothing).
func fastpathResult(v value.Value, t value.Type, pgOID uint32, format int16) ([]byte, error) {
	if pgOID == 2278 { // void
		return []byte{}, nil
	}
	if format == 1 && (v.Kind() == value.KindBytes || v.Kind() == value.KindString) {
		return []byte(v.AsString()), nil
	}
	text, err := value.AppendText(nil, v, t)
	if err != nil || format == 0 {
		return text, err
	}
	if pgOID == value.OIDOid {
		pgOID = value.OIDInt4 // the same 4 bytes, for every OID below 2^32
	}
	return textToBinary(nil, text, pgOID)
}
