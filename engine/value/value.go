package value

import (
	"context"
	"math"
	"time"

	"github.com/cockroachdb/apd/v3"
)

// Kind is the dynamic kind of a Value. The order of the constants is the
// cross-kind sort order of zql.md §2 (none < bool < numbers < string <
// symbol < record id < datetime < ... < list < object); Int, Float and
// Decimal compare by numeric value with each other.
type Kind uint8

const (
	KindNone Kind = iota
	KindBool
	KindInt
	KindFloat
	KindDecimal // SQL numeric: arbitrary precision decimal
	KindString
	KindSymbol
	KindRecordID
	KindDatetime
	KindTime   // SQL time (without time zone): microseconds since midnight
	KindTimeTZ // SQL time with time zone: a time of day and its offset (timetz.go)
	KindDuration
	KindUUID
	KindBytes
	KindRegex
	KindRange
	KindVector
	KindList
	KindTuple
	KindObject
	KindFunc     // a closure or function value; never stored
	KindSQLRange // SQL's built-in range types: a *SQLRange, sub = its RangeKind (sqlrange.go)
	KindNet      // SQL's network address types: bytes in s, sub = its NetKind (net.go)
	KindBits     // SQL's bit strings: the bit length in n, the bits in s (bits.go)
	// KindComposite is SQL's composite values (ROW(...), a table's row):
	// its fields in order, in ref as a []Value; the names and types are
	// the static Type's (composite.go).
	KindComposite
	KindGeo // SQL's geometric types: float8s in s, sub = its GeoKind (geo.go)
)

var kindNames = [...]string{
	KindNone: "none", KindBool: "bool", KindInt: "int", KindFloat: "float",
	KindDecimal: "decimal", KindString: "string", KindSymbol: "symbol",
	KindRecordID: "record", KindDatetime: "datetime", KindTime: "time", KindTimeTZ: "timetz", KindDuration: "duration",
	KindUUID: "uuid", KindBytes: "bytes", KindRegex: "regex", KindRange: "range",
	KindVector: "vector", KindList: "list", KindTuple: "tuple",
	KindObject: "object", KindFunc: "function", KindSQLRange: "sqlrange", KindNet: "net", KindBits: "bits",
	KindComposite: "composite", KindGeo: "geo",
}

// RecordKey reports whether a value of kind k may be a record key, or a
// part of a tuple key (record ids are only made of these; the key
// encoding has the final word).
func (k Kind) RecordKey() bool {
	switch k {
	case KindInt, KindFloat, KindDecimal, KindString, KindSymbol, KindUUID, KindBool, KindDatetime, KindTime, KindTimeTZ:
		return true
	}
	return false
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// IntWidth is the declared width of an integer value (zql.md §1 suffixes).
// Arithmetic is checked against the width: overflow is an error.
type IntWidth uint8

const (
	I64 IntWidth = iota // the default: unsuffixed integers are i64
	I8
	I16
	I32
	U8
	U16
	U32
	U64
)

// Value is one zerodb value. It is a small struct passed by value; the
// zero Value is none. Scalars live inline; composite values keep a pointer
// in ref. Values are immutable once built: never modify what ref points to.
type Value struct {
	kind Kind
	sub  uint8  // IntWidth for ints; 32 or 64 for floats; 1 = with time zone for datetimes; 1 = inclusive for ranges
	n    uint64 // bool (0/1), int64 bits, float64 bits, datetime microseconds since 2000-01-01 UTC, interval microseconds, time of day microseconds
	s    string // string, symbol name, bytes, regex pattern, table of a record id with an int key
	ref  any    // *Object, []Value (list, tuple), *RecordID, *apd.Decimal, *Regex, *Range, []float32, [16]byte, Func
}

// None is the none value (SQL NULL).
var None = Value{}

func (v Value) Kind() Kind   { return v.kind }
func (v Value) IsNone() bool { return v.kind == KindNone }

func Bool(b bool) Value {
	if b {
		return Value{kind: KindBool, n: 1}
	}
	return Value{kind: KindBool}
}

// Int makes an i64.
func Int(i int64) Value { return Value{kind: KindInt, n: uint64(i)} }

// IntW makes an integer of a declared width; the caller has checked the range.
func IntW(i int64, w IntWidth) Value { return Value{kind: KindInt, sub: uint8(w), n: uint64(i)} }

// Uint64 makes a u64 (values above MaxInt64 keep their bits in n).
func Uint64(u uint64) Value { return Value{kind: KindInt, sub: uint8(U64), n: u} }

// Float makes an f64.
func Float(f float64) Value { return Value{kind: KindFloat, sub: 64, n: math.Float64bits(f)} }

// Float32 makes an f32 (stored widened to float64).
func Float32(f float32) Value {
	return Value{kind: KindFloat, sub: 32, n: math.Float64bits(float64(f))}
}

// Decimal makes a SQL numeric. d must not be modified afterwards.
func Decimal(d *apd.Decimal) Value { return Value{kind: KindDecimal, ref: d} }

func String(s string) Value { return Value{kind: KindString, s: s} }
func Symbol(s string) Value { return Value{kind: KindSymbol, s: s} }
func Bytes(b []byte) Value  { return Value{kind: KindBytes, s: string(b)} }

// Datetime makes a datetime. withTZ distinguishes SQL timestamptz (true)
// from timestamp (false); ZQL datetimes are always withTZ (UTC).
func Datetime(t time.Time, withTZ bool) Value {
	var sub uint8
	if withTZ {
		sub = 1
	}
	// Out of range (PostgreSQL's: DatetimeIn checks it) the value is
	// meaningless but stays finite.
	n, _ := microsOf(t)
	if n == math.MinInt64 || n == math.MaxInt64 {
		n = 0
	}
	return Value{kind: KindDatetime, sub: sub, n: uint64(n)}
}

func UUID(u [16]byte) Value { return Value{kind: KindUUID, ref: u} }

// List makes a list. elems must not be modified afterwards.
func List(elems []Value) Value { return Value{kind: KindList, ref: elems} }

// Tuple makes a tuple. elems must not be modified afterwards.
func Tuple(elems []Value) Value { return Value{kind: KindTuple, ref: elems} }

// Tuples1 makes a one-element tuple of each of xs, which must not be
// modified afterwards. The tuples point into xs, so there is no
// allocation per tuple (a slice in an interface would be one): SQL's
// set-returning functions make one per row.
func Tuples1(xs []Value) []Value {
	out := make([]Value, len(xs))
	for i := range xs {
		out[i] = Value{kind: KindTuple, ref: (*[1]Value)(xs[i : i+1])}
	}
	return out
}

// Vector makes a vector of f32. xs must not be modified afterwards.
func Vector(xs []float32) Value { return Value{kind: KindVector, ref: xs} }

// RecordIDOf makes the record id table.@key.
//
// An integer key is held in the value itself (n, with its width in sub)
// and the table in s, so that making one allocates nothing: graph
// traversals make one per neighbour they visit.
func RecordIDOf(table string, key Value) Value {
	if key.kind == KindInt {
		return Value{kind: KindRecordID, sub: key.sub, n: key.n, s: table}
	}
	return Value{kind: KindRecordID, ref: &RecordID{Table: table, Key: key}}
}

// ObjectOf wraps an Object. o must not be modified afterwards.
func ObjectOf(o *Object) Value { return Value{kind: KindObject, ref: o} }

// RangeOf makes lo..hi (or lo..=hi when inclusive).
func RangeOf(lo, hi Value, inclusive bool) Value {
	var sub uint8
	if inclusive {
		sub = 1
	}
	return Value{kind: KindRange, sub: sub, ref: &Range{Lo: lo, Hi: hi, Inclusive: inclusive}}
}

// RegexOf wraps a compiled regex literal.
func RegexOf(r *Regex) Value { return Value{kind: KindRegex, s: r.Pattern, ref: r} }

// FuncOf wraps a callable (a closure or function value).
func FuncOf(f Func) Value { return Value{kind: KindFunc, ref: f} }

// Accessors. Each assumes the kind was checked; on another kind they
// return the zero of their result type.

func (v Value) AsBool() bool { return v.kind == KindBool && v.n == 1 }

// AsInt returns an integer's value as int64 (u64 values above MaxInt64
// wrap: check Width first when that matters).
func (v Value) AsInt() int64 { return int64(v.n) }

// AsUint64 returns the bits of a u64.
func (v Value) AsUint64() uint64  { return v.n }
func (v Value) Width() IntWidth   { return IntWidth(v.sub) }
func (v Value) FloatBits() uint8  { return v.sub }
func (v Value) AsFloat() float64  { return math.Float64frombits(v.n) }
func (v Value) AsString() string  { return v.s } // string, symbol name, bytes, regex pattern
func (v Value) HasTZ() bool       { return v.sub == 1 }
func (v Value) AsTime() time.Time { return microsTime(int64(v.n)) }

func (v Value) AsDecimal() *apd.Decimal {
	d, _ := v.ref.(*apd.Decimal)
	return d
}

func (v Value) AsUUID() [16]byte {
	u, _ := v.ref.([16]byte)
	return u
}

// AsList returns the elements of a list or tuple. Do not modify them.
func (v Value) AsList() []Value {
	switch l := v.ref.(type) {
	case []Value:
		return l
	case *[1]Value: // Tuples1
		return l[:]
	case *arrayShape:
		return l.elems
	}
	return nil
}

func (v Value) AsObject() *Object {
	o, _ := v.ref.(*Object)
	return o
}

// IntRecordID returns the table and key of a record id whose key is an
// integer that fits an int64 (ok=false for any other value): what
// AsRecordID and a look at its key give, without copying either, for the
// loops over a traversal's vertices.
func (v Value) IntRecordID() (table string, key int64, ok bool) {
	if v.kind != KindRecordID || v.ref != nil || IntWidth(v.sub) == U64 && v.n > math.MaxInt64 {
		return "", 0, false
	}
	return v.s, int64(v.n), true
}

// AsRecordID returns the table and key of a record id (zero for any
// other kind).
func (v Value) AsRecordID() RecordID {
	if v.kind != KindRecordID {
		return RecordID{}
	}
	if r, ok := v.ref.(*RecordID); ok {
		return *r
	}
	return RecordID{Table: v.s, Key: Value{kind: KindInt, sub: v.sub, n: v.n}}
}

func (v Value) AsRange() *Range {
	r, _ := v.ref.(*Range)
	return r
}

func (v Value) AsRegex() *Regex {
	r, _ := v.ref.(*Regex)
	return r
}

func (v Value) AsVector() []float32 {
	x, _ := v.ref.([]float32)
	return x
}

func (v Value) AsFunc() Func {
	f, _ := v.ref.(Func)
	return f
}

// RecordID is table.@key. Key is a symbol, string, int, uuid or (for
// composite SQL primary keys) a tuple of those.
type RecordID struct {
	Table string
	Key   Value
}

// Range is lo..hi or lo..=hi. Either bound may be none (open).
type Range struct {
	Lo, Hi    Value
	Inclusive bool
}

// Regex is a regex literal: pattern, flags and the compiled form.
type Regex struct {
	Pattern string
	Flags   string
	// Compiled is the compiled regexp; set by whoever builds the Regex.
	Compiled interface {
		MatchString(s string) bool
	}
}

// Func is a callable value. The executor implements it for closures and
// stored functions; builtins may call it (map, filter, ...).
type Func interface {
	// Arity is the number of parameters (-1 when variadic).
	Arity() int
	Call(ctx context.Context, args []Value) (Value, error)
	String() string
}

// RangeValue wraps a SQL range.
func RangeValue(r SQLRange) Value {
	return Value{kind: KindSQLRange, sub: uint8(r.Kind), ref: &r}
}

// AsSQLRange returns a KindSQLRange value's range.
func (v Value) AsSQLRange() SQLRange {
	if r, ok := v.ref.(*SQLRange); ok {
		return *r
	}
	return SQLRange{}
}
