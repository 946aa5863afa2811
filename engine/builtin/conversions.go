package builtin

import (
	"encoding/base64"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// conversionFuncs convert between value types. Several are the
// constructors that value.String's literal syntax uses for values without
// a literal of their own (decimal("1.50"), bytes("aGk="),
// vector([1.0, 2.0])), so that every value reads back as ZQL.
func conversionFuncs() []*Func {
	convert := func(name string, to value.Type) fnBody {
		return func(_ *Context, args []value.Value) (value.Value, error) {
			v, err := value.ConvertExplicit(args[0], to)
			if err != nil {
				e := errs.From(err)
				return value.None, errs.New(e.Code, "%s: %s", name, e.Message)
			}
			return v, nil
		}
	}
	return []*Func{
		def("int", 1, 1, "The value as an integer (i64): a number (floats and decimals round half to even), or the text of an integer.",
			convert("int", value.TypeInt8),
			ex("42", vs("42")), ex("2", vf(2.5)), ex("-3", vf(-3.4)), exErr(errs.InvalidTextRepresentation, vs("4x"))),
		def("float", 1, 1, "The value as a float (f64): a number, or the text of a number.",
			convert("float", value.TypeFloat8),
			ex("1.5", vs("1.5")), ex("2", vi(2))),
		def("decimal", 1, 1, "The value as an exact decimal (SQL numeric): a number, or the text of a number.",
			convert("decimal", value.TypeNumeric),
			ex("1.50", vs("1.50")), ex("7", vi(7))),
		def("string", 1, 1, "The value as text: a string as it is, a symbol without its @, anything else in its text form (numbers, datetimes, uuids) or as a ZQL literal (lists, objects, record ids).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindString:
					return v, nil
				case value.KindSymbol:
					return value.String(v.AsString()), nil
				case value.KindList, value.KindTuple, value.KindObject, value.KindRecordID, value.KindRange,
					value.KindRegex, value.KindVector, value.KindFunc:
					return value.String(v.String()), nil
				default:
					return value.String(value.CastText(v)), nil
				}
			},
			ex(`"42"`, vi(42)), ex(`"red"`, vsym("red")), ex(`"persons.@ann"`, value.RecordIDOf("persons", vsym("ann"))),
			ex(`"[1, 2]"`, vl(vi(1), vi(2)))),
		def("symbol", 1, 1, "The symbol named by a string (or the symbol itself).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindSymbol:
					return v, nil
				case value.KindString:
					if v.AsString() == "" {
						return value.None, errs.New(errs.InvalidParameterValue, "symbol: a symbol needs a name")
					}
					return value.Symbol(v.AsString()), nil
				}
				return value.None, argErr("symbol", 0, "a string", args[0])
			},
			ex(`"@red"`, vs("red")), exErr(errs.InvalidParameterValue, vs(""))),
		def("bytes", 1, 1, "Bytes from their base64 text (the form bytes values are shown in), or the UTF-8 bytes of a string that is not base64.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				switch v := args[0]; v.Kind() {
				case value.KindBytes:
					return v, nil
				case value.KindString:
					if b, err := base64.StdEncoding.DecodeString(v.AsString()); err == nil {
						return value.Bytes(b), nil
					}
					return value.Bytes([]byte(v.AsString())), nil
				}
				return value.None, argErr("bytes", 0, "a string", args[0])
			},
			ex(`"aGk="`, vs("aGk=")), ex(`"aGk="`, vs("hi"))),
		def("vector", 1, 1, "A vector (f32 elements) from a list of numbers.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				xs, err := vecArg("vector", args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]float32, len(xs))
				for i, x := range xs {
					out[i] = float32(x)
				}
				return value.Vector(out), nil
			},
			ex("[1, 0.5]", vl(vi(1), vf(0.5))), exErr(errs.DatatypeMismatch, vl(vs("a")))),
		def("type_of", 1, 1, "The name of the value's type, as ZQL writes types.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				return value.String(value.TypeOf(args[0]).String()), nil
			},
			ex(`"int"`, vi(1)), ex(`"[any]"`, vl(vi(1), vi(2))), ex(`"symbol"`, vsym("a"))),
	}
}
