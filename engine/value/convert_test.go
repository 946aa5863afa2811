package value

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

func TestConvert(t *testing.T) {
	varchar3 := Type{Kind: KindString, MaxLen: 3}
	num52 := Type{Kind: KindDecimal, Precision: 5, Scale: 2}
	for _, c := range []struct {
		v    Value
		typ  Type
		want Value
	}{
		{IntW(5, I32), TypeInt8, Int(5)}, {Int(5), TypeInt2, IntW(5, I16)},
		{Float(2.5), TypeInt4, IntW(2, I32)}, {Float(3.5), TypeInt4, IntW(4, I32)}, {Float(-2.5), TypeInt8, Int(-2)},
		{mustDecimal("2.5"), TypeInt4, IntW(3, I32)}, {mustDecimal("-2.5"), TypeInt4, IntW(-3, I32)},
		{Bool(true), TypeInt4, IntW(1, I32)}, {String(" 42 "), TypeInt4, IntW(42, I32)},
		{Int(3), TypeFloat8, Float(3)}, {Float(0.1), TypeFloat4, Float32(0.1)}, {mustDecimal("1.5"), TypeFloat8, Float(1.5)},
		{String("1e3"), TypeFloat8, Float(1000)},
		{Int(7), TypeNumeric, mustDecimal("7")}, {Float(0.1), TypeNumeric, mustDecimal("0.1")},
		{Float(1.0 / 3), TypeNumeric, mustDecimal("0.333333333333333")}, {Float32(1.0 / 3), TypeNumeric, mustDecimal("0.333333")},
		{Float(1e20), TypeNumeric, mustDecimal("100000000000000000000")}, {Float(math.Inf(1)), TypeNumeric, mustDecimal("Infinity")},
		{mustDecimal("123.456"), num52, mustDecimal("123.46")}, {String("1.5"), num52, mustDecimal("1.50")},
		{Int(42), TypeText, String("42")}, {Bool(true), TypeText, String("true")}, {Float(1e100), TypeText, String("1e+100")},
		{Symbol("red"), TypeText, String("red")}, {mustDecimal("1.50"), TypeText, String("1.50")},
		{ObjectOf(objectOf("a", Int(1))), TypeText, String(`{"a": 1}`)}, {String("abc  "), varchar3, String("abc")},
		{RecordIDOf("p", Symbol("x")), TypeText, String("p.@x")},
		{String(`{"b":1,"a":2}`), TypeJSONB, ObjectOf(objectOf("a", Int(2), "b", Int(1)))}, {Int(1), TypeJSONB, Int(1)},
		{String("t"), TypeBool, Bool(true)}, {IntW(0, I32), TypeBool, Bool(false)},
		{String("2024-05-01 10:00:00"), TypeTimestampTZ, Datetime(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), true)},
		{Datetime(time.Unix(7, 0), true), TypeTimestamp, Datetime(time.Unix(7, 0), false)},
		{String("1 hour"), TypeInterval, Duration(time.Hour)},
		{String("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), TypeUUID, UUID([16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11})},
		{String(`\x0102`), TypeBytea, Bytes([]byte{1, 2})}, {String("x"), Type{Kind: KindSymbol}, Symbol("x")},
		{List([]Value{Int(1), Int(2)}), Type{Kind: KindVector, Dims: 2}, Vector([]float32{1, 2})},
		{None, TypeInt4, None},
	} {
		got, err := Convert(c.v, c.typ)
		if err != nil || !identical(got, c.want) {
			t.Errorf("Convert(%v, %s) = %v, %v; want %v", c.v, c.typ.SQLName(), got, err, c.want)
		}
	}
	if got, err := ConvertExplicit(String("abcd"), varchar3); err != nil || got.AsString() != "abc" {
		t.Errorf("explicit varchar cast: %v %v", got, err)
	}
	for _, c := range []struct {
		v    Value
		typ  Type
		code string
		msg  string
	}{
		{Int(1 << 40), TypeInt4, errs.NumericValueOutOfRange, "integer out of range"},
		{Float(1e10), TypeInt4, errs.NumericValueOutOfRange, "integer out of range"},
		{Float(math.NaN()), TypeInt8, errs.NumericValueOutOfRange, "bigint out of range"},
		{mustDecimal("NaN"), TypeInt4, errs.FeatureNotSupported, "cannot convert NaN to integer"},
		{mustDecimal("Infinity"), TypeInt2, errs.FeatureNotSupported, "cannot convert infinity to smallint"},
		{Bool(true), TypeInt8, errs.CannotCoerce, "cannot cast type boolean to bigint"},
		{Bool(true), TypeNumeric, errs.CannotCoerce, "cannot cast type boolean to numeric"},
		{Float(1e300), TypeFloat4, errs.NumericValueOutOfRange, "value out of range: overflow"},
		{mustDecimal("1e400"), TypeFloat8, errs.NumericValueOutOfRange, `"1` + strings.Repeat("0", 400) + `" is out of range for type double precision`},
		{String("abcd"), Type{Kind: KindString, MaxLen: 3}, errs.StringDataRightTruncation, "value too long for type character varying(3)"},
		{mustDecimal("1000"), num52, errs.NumericValueOutOfRange, "numeric field overflow"},
		{String("x"), TypeInt4, errs.InvalidTextRepresentation, `invalid input syntax for type integer: "x"`},
		{String("{"), TypeJSONB, errs.InvalidTextRepresentation, "invalid input syntax for type json"},
		{Int(1), TypeUUID, errs.CannotCoerce, "cannot cast type bigint to uuid"},
		{UUID([16]byte{}), TypeInt4, errs.CannotCoerce, "cannot cast type uuid to integer"},
	} {
		_, err := Convert(c.v, c.typ)
		e := errs.From(err)
		if err == nil || e.Code != c.code || e.Message != c.msg {
			t.Errorf("Convert(%v, %s) = %v (%s), want %s %q", c.v, c.typ.SQLName(), err, errs.Code(err), c.code, c.msg)
		}
	}
}

func TestCheck(t *testing.T) {
	optInt := Type{Kind: KindInt, Optional: true}
	strList := Type{Kind: KindList, Elem: &Type{Kind: KindString}}
	person := Type{Kind: KindObject, Fields: []Field{
		{Name: "name", Type: Type{Kind: KindString}},
		{Name: "age", Type: Type{Kind: KindInt, Optional: true}},
		{Name: "score", Type: Type{Kind: KindFloat}},
	}}
	for _, c := range []struct {
		v    Value
		typ  Type
		want Value
	}{
		{Int(5), Type{Kind: KindInt}, Int(5)}, {Int(5), Type{Kind: KindInt, Width: U8}, IntW(5, U8)},
		{Int(5), Type{Kind: KindFloat}, Float(5)}, {Int(5), Type{Kind: KindFloat, FloatBits: 32}, Float32(5)},
		{Float32(0.1), Type{Kind: KindFloat}, Float(0.1)}, {Float(0.5), Type{Kind: KindFloat, FloatBits: 32}, Float32(0.5)},
		{mustDecimal("0.1"), Type{Kind: KindFloat}, Float(0.1)}, {Float(0.1), TypeNumeric, mustDecimal("0.1")},
		{Int(3), TypeNumeric, mustDecimal("3")}, {None, optInt, None}, {Value{}, Any, None},
		{String("abc"), Type{Kind: KindString, MaxLen: 3}, String("abc")},
		{String(`{"b":1,  "a":2}`), TypeJSON, String(`{"b":1,  "a":2}`)},
		{ObjectOf(objectOf("a", Int(1))), TypeJSON, String(`{"a": 1}`)},
		{List([]Value{String("a")}), strList, List([]Value{String("a")})},
		{List([]Value{Int(1), Int(2)}), Type{Kind: KindVector, Dims: 2}, Vector([]float32{1, 2})},
		{Datetime(time.Unix(1, 0), false), Type{Kind: KindDatetime, WithTZ: true}, Datetime(time.Unix(1, 0), true)},
		{RecordIDOf("cities", Symbol("x")), Type{Kind: KindRecordID, Table: "cities"}, RecordIDOf("cities", Symbol("x"))},
		{ObjectOf(objectOf("name", String("Ann"), "score", Int(3))), person, ObjectOf(objectOf("name", String("Ann"), "score", Float(3)))},
		{Tuple([]Value{Int(1), String("a")}), Type{Kind: KindTuple, Fields: []Field{{Type: Type{Kind: KindFloat}}, {Type: TypeText}}}, Tuple([]Value{Float(1), String("a")})},
	} {
		got, err := Check(c.v, c.typ)
		if err != nil || !identical(got, c.want) {
			t.Errorf("Check(%v, %s) = %v, %v; want %v", c.v, c.typ, got, err, c.want)
		}
	}
	for _, c := range []struct {
		v    Value
		typ  Type
		code string
		msg  string
	}{
		{String("5"), Type{Kind: KindInt}, errs.DatatypeMismatch, "expected int, found string"},
		{Float(1), Type{Kind: KindInt}, errs.DatatypeMismatch, "expected int, found float"},
		{None, Type{Kind: KindInt}, errs.DatatypeMismatch, "expected int, found none"},
		{Int(300), Type{Kind: KindInt, Width: U8}, errs.NumericValueOutOfRange, "value 300 out of range for type u8"},
		{Symbol("a"), Type{Kind: KindString}, errs.DatatypeMismatch, "expected string, found symbol"},
		{String(`{"a" 1}`), TypeJSON, errs.InvalidTextRepresentation, "invalid input syntax for type json"},
		{List([]Value{Int(1)}), strList, errs.DatatypeMismatch, "expected string, found int"},
		{RecordIDOf("persons", Int(1)), Type{Kind: KindRecordID, Table: "cities"}, errs.DatatypeMismatch, "expected record(cities), found record(persons)"},
		{List([]Value{Int(1)}), Type{Kind: KindVector, Dims: 2}, errs.DataException, "expected 2 dimensions, not 1"},
		{ObjectOf(objectOf("name", String("A"), "score", Float(1), "x", Int(1))), person, errs.UndefinedColumn, "unknown field x"},
		{ObjectOf(objectOf("score", Float(1))), person, errs.NotNullViolation, "missing required field name of type string"},
		{ObjectOf(objectOf("name", Int(1), "score", Float(1))), person, errs.DatatypeMismatch, "field name: expected string, found int"},
		{mustDecimal("3.14159265358979323846"), Type{Kind: KindFloat}, errs.DatatypeMismatch, `expected float, found decimal decimal("3.14159265358979323846") that a float cannot hold exactly`},
	} {
		_, err := Check(c.v, c.typ)
		e := errs.From(err)
		if err == nil || e.Code != c.code || e.Message != c.msg {
			t.Errorf("Check(%v, %s) = %v (%s), want %s %q", c.v, c.typ, err, errs.Code(err), c.code, c.msg)
		}
	}
}

func TestTypeNames(t *testing.T) {
	str := Type{Kind: KindString}
	for _, c := range []struct {
		typ     Type
		zql, pg string
	}{
		{Type{Kind: KindInt}, "int", "bigint"}, {TypeInt4, "i32", "integer"}, {TypeInt2, "i16", "smallint"},
		{Type{Kind: KindInt, Width: U8}, "u8", "smallint"}, {TypeFloat8, "float", "double precision"}, {TypeFloat4, "f32", "real"},
		{TypeNumeric, "decimal", "numeric"}, {Type{Kind: KindDecimal, Precision: 10, Scale: 2}, "decimal", "numeric(10,2)"},
		{TypeText, "string", "text"}, {Type{Kind: KindString, MaxLen: 20, Optional: true}, "string?", "character varying(20)"},
		{TypeTimestamp, "datetime", "timestamp without time zone"}, {TypeTimestampTZ, "datetime", "timestamp with time zone"},
		{TypeInterval, "duration", "interval"}, {TypeUUID, "uuid", "uuid"}, {TypeBytea, "bytes", "bytea"}, {TypeBool, "bool", "boolean"},
		{TypeJSONB, "json", "jsonb"}, {Any, "any", "jsonb"}, {Type{Kind: KindSymbol}, "symbol", "jsonb"},
		{Type{Kind: KindList, Elem: &str}, "[string]", "jsonb"}, {Type{Kind: KindList}, "[any]", "jsonb"},
		{Type{Kind: KindRecordID, Table: "cities", Optional: true}, "record(cities)?", "jsonb"},
		{Type{Kind: KindObject, Fields: []Field{{Name: "name", Type: str}, {Name: "age", Type: Type{Kind: KindInt, Optional: true}}}}, "{ name: string, age: int? }", "jsonb"},
		{Type{Kind: KindTuple, Fields: []Field{{Type: TypeInt8}, {Type: str}}}, "(int, string)", "jsonb"},
		{Type{Kind: KindVector, Dims: 3}, "vector(3)", "vector(3)"}, {Type{Kind: KindSymbol, Name: "color"}, "color", "jsonb"},
	} {
		if got := c.typ.String(); got != c.zql {
			t.Errorf("String() = %q, want %q", got, c.zql)
		}
		if got := c.typ.SQLName(); got != c.pg {
			t.Errorf("SQLName() = %q, want %q", got, c.pg)
		}
	}
}

func TestValueString(t *testing.T) {
	re, _ := NewRegex("^J", "i")
	for _, c := range []struct {
		v    Value
		want string
	}{
		{None, "none"}, {Bool(false), "false"}, {Int(-3), "-3"}, {IntW(7, U8), "7_u8"}, {Uint64(math.MaxUint64), "18446744073709551615_u64"},
		{Float(1), "1.0"}, {Float(0.1), "0.1"}, {Float(1e21), "1e+21"}, {Float32(2), "2.0_f32"}, {Float(math.NaN()), "NaN"},
		{mustDecimal("1.50"), `decimal("1.50")`}, {String("a\"b\n\x01"), `"a\"b\n\u{1}"`}, {Symbol("red"), "@red"}, {Symbol("a b"), "@`a b`"},
		{Symbol("0x1f"), "@0x1f"}, {RecordIDOf("persons", Symbol("john")), "persons.@john"}, {RecordIDOf("persons", Int(42)), "persons.@42"},
		{RecordIDOf("t", Tuple([]Value{Int(1), String("a")})), `t.@(1, "a")`},
		{List([]Value{Int(1), String("a")}), `[1, "a"]`}, {Tuple([]Value{Int(1)}), "(1,)"},
		{ObjectOf(objectOf("name", String("Ann"), "long name", Int(3))), `{ name: "Ann", "long name": 3 }`}, {ObjectOf(NewObject(0)), "{}"},
		{RangeOf(Int(1), Int(10), true), "1..=10"}, {RangeOf(Int(1), None, false), "1.."}, {RegexOf(re), "!/^J/i"},
		{Datetime(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), true), `datetime("2024-05-01T10:00:00Z")`},
		{Duration(90 * time.Minute), `duration("1h30m0s")`}, {Bytes([]byte("hi")), `bytes("aGk=")`},
		{Vector([]float32{1, 0.5}), "vector([1.0_f32, 0.5_f32])"},
	} {
		if got := c.v.String(); got != c.want {
			t.Errorf("String() = %s, want %s", got, c.want)
		}
	}
}

func TestTypeOf(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want string
	}{
		{IntW(1, I32), "i32"}, {Float32(1), "f32"}, {RecordIDOf("p", Int(1)), "record(p)"}, {Vector(make([]float32, 3)), "vector(3)"},
		{List(nil), "[any]"}, {ObjectOf(NewObject(0)), "object"}, {Datetime(time.Unix(0, 0), false), "datetime"},
	} {
		if got := TypeOf(c.v).String(); got != c.want {
			t.Errorf("TypeOf(%v) = %s, want %s", c.v, got, c.want)
		}
	}
	if TypeOf(Datetime(time.Unix(0, 0), true)).SQLName() != "timestamp with time zone" {
		t.Error("TypeOf keeps the time zone flag")
	}
}

// TestConvertOid checks PostgreSQL's conversions to oid: oidin for text,
// int4's cast (the same four bytes: negatives wrap) and int8's (range
// checked).
func TestConvertOid(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want Value
		code string
		msg  string
	}{
		{v: IntW(5, I32), want: Int(5)},
		{v: IntW(-1, I32), want: Int(4294967295)},
		{v: IntW(-1, I16), want: Int(4294967295)},
		{v: IntW(math.MinInt32, I32), want: Int(2147483648)},
		{v: Int(4294967295), want: Int(4294967295)},
		{v: Int(4294967296), code: errs.NumericValueOutOfRange, msg: "OID out of range"},
		{v: Int(-1), code: errs.NumericValueOutOfRange, msg: "OID out of range"},
		{v: String(" 12 "), want: Int(12)},
		{v: String("-1"), want: Int(4294967295)},
		{v: String("-2147483648"), want: Int(2147483648)},
		{v: String("-2147483649"), code: errs.NumericValueOutOfRange, msg: `value "-2147483649" is out of range for type oid`},
		{v: String("4294967296"), code: errs.NumericValueOutOfRange, msg: `value "4294967296" is out of range for type oid`},
		{v: String("1.5"), code: errs.InvalidTextRepresentation, msg: `invalid input syntax for type oid: "1.5"`},
	} {
		got, err := Convert(c.v, TypeOid)
		if c.code != "" {
			if e := errs.From(err); err == nil || e.Code != c.code || e.Message != c.msg {
				t.Errorf("Convert(%v, oid) = %v, %v; want %s %q", c.v, got, err, c.code, c.msg)
			}
			continue
		}
		if err != nil || !identical(got, c.want) {
			t.Errorf("Convert(%v, oid) = %v, %v; want %v", c.v, got, err, c.want)
		}
	}
	if a := ArrayOf(TypeOid); a.OID() != ArrayOf(TypeInt8).OID() {
		t.Errorf("ArrayOf(oid) is %s, want bigint[]", a.SQLName())
	}
}
