package value

import (
	"math"
	"time"

	"github.com/cockroachdb/apd/v3"
	"pgregory.net/rapid"
)

// Generators of values for the property tests.

var widths = []IntWidth{I64, I8, I16, I32, U8, U16, U32, U64}

func genInt() *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		w := rapid.SampledFrom(widths).Draw(t, "width")
		if w == U64 {
			return Uint64(rapid.OneOf(rapid.Uint64(), rapid.Uint64Range(0, 300)).Draw(t, "u"))
		}
		lo, hi := widthRange(w)
		i := rapid.OneOf(rapid.Int64Range(lo, hi), rapid.Int64Range(max(lo, -300), min(hi, 300)),
			rapid.SampledFrom([]int64{lo, hi, 0, -1, 1})).Draw(t, "i")
		if i < lo || i > hi {
			i = 0
		}
		return IntW(i, w)
	})
}

var specialFloats = []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 0.5, 1e300, -1e300, 5e-324, math.MaxFloat64,
	math.Inf(1), math.Inf(-1), math.NaN(), 1 << 53, 1<<53 + 2, 1 << 63, 1 << 64, 2.675, 123456789012345678}

func genFloat() *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		var f float64
		switch rapid.IntRange(0, 3).Draw(t, "how") {
		case 0:
			f = rapid.SampledFrom(specialFloats).Draw(t, "special")
		case 1:
			f = float64(rapid.Int64Range(-1000, 1000).Draw(t, "small")) / float64(rapid.SampledFrom([]int64{1, 2, 4, 10, 100, 3}).Draw(t, "div"))
		default:
			f = math.Float64frombits(rapid.Uint64().Draw(t, "bits"))
		}
		if rapid.Bool().Draw(t, "f32") {
			return Float32(float32(f))
		}
		return Float(f)
	})
}

func genDecimal() *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		switch rapid.IntRange(0, 12).Draw(t, "form") {
		case 0:
			return Decimal(&apd.Decimal{Form: apd.NaN})
		case 1:
			return Decimal(&apd.Decimal{Form: apd.Infinite, Negative: rapid.Bool().Draw(t, "neg")})
		}
		d := &apd.Decimal{Exponent: int32(rapid.IntRange(-30, 10).Draw(t, "exp"))}
		if rapid.Bool().Draw(t, "big") {
			d.Coeff.SetString(rapid.StringMatching(`[1-9][0-9]{0,40}`).Draw(t, "coeff"), 10)
		} else {
			d.Coeff.SetUint64(rapid.Uint64Range(0, 100000).Draw(t, "coeff"))
		}
		d.Negative = d.Coeff.Sign() != 0 && rapid.Bool().Draw(t, "neg")
		return Decimal(d)
	})
}

func genNumber() *rapid.Generator[Value] {
	return rapid.OneOf(genInt(), genFloat(), genDecimal())
}

func genString() *rapid.Generator[string] {
	return rapid.OneOf(rapid.String(), rapid.StringMatching(`[a-c\x00\xff]{0,5}`), rapid.SampledFrom([]string{"", "a", "a\x00", "ab", "é"}))
}

func genTime() *rapid.Generator[int64] {
	return rapid.OneOf(rapid.Int64Range(math.MinInt64+1, math.MaxInt64-1), rapid.Int64Range(-1e12, 1e12),
		rapid.SampledFrom([]int64{0, math.MinInt64, math.MaxInt64}))
}

// genDatetimeMicros draws what a datetime holds: microseconds since
// 2000-01-01 over all of PostgreSQL's range (4714-11-24 BC to 294276
// AD), midnights of any date in it, the ends of the range and of the
// nanosecond range of earlier builds, and the infinities.
func genDatetimeMicros() *rapid.Generator[int64] {
	return rapid.OneOf(
		rapid.Int64Range(minDatetime, endDatetime-1),
		rapid.Map(rapid.Int64Range(minDatetime/usPerDay, (endDatetime-1)/usPerDay), func(d int64) int64 { return d * usPerDay }),
		rapid.Int64Range(-1e12, 1e12),
		rapid.SampledFrom([]int64{0, -1, 1, minDatetime, minDatetime + 1, endDatetime - 1, endDatetime - usPerDay,
			-9223372036854775 - 946684800e6, 9223372036854775 - 946684800e6, math.MinInt64, math.MaxInt64}))
}

// genTimeOfDay draws SQL times: any of the day, and the edges.
func genTimeOfDay() *rapid.Generator[Value] {
	return rapid.Map(rapid.OneOf(rapid.Int64Range(0, usPerDay), rapid.SampledFrom([]int64{0, 1, usPerDay - 1, usPerDay})), TimeOfDay)
}

func genUUID() *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		var u [16]byte
		copy(u[:], rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "uuid"))
		if rapid.Bool().Draw(t, "small") {
			u = [16]byte{15: rapid.Byte().Draw(t, "b")}
		}
		return UUID(u)
	})
}

// genKeyScalar draws a scalar that may be a key.
func genKeyScalar() *rapid.Generator[Value] {
	return rapid.OneOf(
		rapid.Just(None),
		rapid.Map(rapid.Bool(), Bool),
		genNumber(),
		rapid.Map(genString(), String),
		rapid.Map(genString(), Symbol),
		rapid.Map(genDatetimeMicros(), func(n int64) Value { return Value{kind: KindDatetime, sub: 1, n: uint64(n)} }),
		rapid.Map(genTime(), func(n int64) Value { return Duration(time.Duration(n)) }),
		genInterval(),
		genTimeOfDay(),
		genUUID(),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 6), Bytes),
	)
}

func genKey(depth int) *rapid.Generator[Value] {
	if depth <= 0 {
		return genKeyScalar()
	}
	return rapid.OneOf(genKeyScalar(), genKeyScalar(),
		rapid.Map(rapid.SliceOfN(genKey(depth-1), 0, 4), Tuple),
		rapid.Custom(func(t *rapid.T) Value {
			return RecordIDOf(rapid.SampledFrom([]string{"a", "b", "persons"}).Draw(t, "table"), genKey(depth-1).Draw(t, "key"))
		}),
	)
}

var regexes = []struct{ p, f string }{{"^J", ""}, {"a.b", "is"}, {"[0-9]+", "m"}, {"x y", "x"}}

func genScalar() *rapid.Generator[Value] {
	return rapid.OneOf(
		genKeyScalar(),
		rapid.Map(genDatetimeMicros(), func(n int64) Value { return Value{kind: KindDatetime, n: uint64(n)} }),
		rapid.Custom(func(t *rapid.T) Value {
			r := rapid.SampledFrom(regexes).Draw(t, "re")
			re, err := NewRegex(r.p, r.f)
			if err != nil {
				panic(err)
			}
			return RegexOf(re)
		}),
		rapid.Map(rapid.SliceOfN(rapid.Float32(), 0, 5), Vector),
	)
}

func genValue(depth int) *rapid.Generator[Value] {
	if depth <= 0 {
		return genScalar()
	}
	sub := genValue(depth - 1)
	return rapid.OneOf(genScalar(), genScalar(),
		rapid.Map(rapid.SliceOfN(sub, 0, 5), List),
		rapid.Map(rapid.SliceOfN(sub, 0, 3), Tuple),
		rapid.Custom(func(t *rapid.T) Value {
			n := rapid.IntRange(0, 5).Draw(t, "fields")
			o := NewObject(n)
			for i := 0; i < n; i++ {
				o.Set(rapid.SampledFrom([]string{"a", "b", "id", "name", "", "x\x00", "long field name"}).Draw(t, "name"), sub.Draw(t, "val"))
			}
			return ObjectOf(o)
		}),
		rapid.Custom(func(t *rapid.T) Value {
			return RangeOf(sub.Draw(t, "lo"), sub.Draw(t, "hi"), rapid.Bool().Draw(t, "incl"))
		}),
		genKey(depth),
		genArray(sub),
	)
}

// genArray draws arrays of up to three dimensions, with lower bounds
// from -2 to 2, of elements drawn by elem (arrays of one dimension from
// 1 among them, which are plain lists).
func genArray(elem *rapid.Generator[Value]) *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		nd := rapid.IntRange(1, 3).Draw(t, "ndims")
		dims, lbs := make([]int, nd), make([]int, nd)
		n := 1
		for i := range dims {
			dims[i] = rapid.IntRange(1, 3).Draw(t, "dim")
			lbs[i] = rapid.IntRange(-2, 2).Draw(t, "lb")
			n *= dims[i]
		}
		return Array(rapid.SliceOfN(elem, n, n).Draw(t, "elems"), dims, lbs)
	})
}

// genJSON draws values that JSON represents faithfully (up to Equal).
func genJSON(depth int) *rapid.Generator[Value] {
	scalar := rapid.OneOf(
		rapid.Just(None),
		rapid.Map(rapid.Bool(), Bool),
		rapid.Map(rapid.Int64(), Int),
		rapid.Map(rapid.Float64().Filter(func(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }), Float),
		rapid.Map(rapid.String(), String),
		genDecimal().Filter(func(v Value) bool { return v.AsDecimal().Form == apd.Finite }),
	)
	if depth <= 0 {
		return scalar
	}
	sub := genJSON(depth - 1)
	return rapid.OneOf(scalar, scalar,
		rapid.Map(rapid.SliceOfN(sub, 0, 4), List),
		rapid.Custom(func(t *rapid.T) Value {
			n := rapid.IntRange(0, 4).Draw(t, "fields")
			o := NewObject(n)
			for i := 0; i < n; i++ {
				o.Set(rapid.String().Draw(t, "name"), sub.Draw(t, "val"))
			}
			return ObjectOf(o)
		}),
	)
}

// identical is exact structural identity: kinds, widths, float bits,
// decimal scales, time zone flags, field order.
func identical(a, b Value) bool {
	if a.kind != b.kind || a.sub != b.sub || a.s != b.s {
		return false
	}
	switch a.kind {
	case KindDecimal:
		x, y := a.AsDecimal(), b.AsDecimal()
		return x.Form == y.Form && x.Negative == y.Negative && x.Exponent == y.Exponent && x.Coeff.Cmp(&y.Coeff) == 0
	case KindUUID:
		return a.AsUUID() == b.AsUUID()
	case KindRecordID:
		x, y := a.AsRecordID(), b.AsRecordID()
		return x.Table == y.Table && identical(x.Key, y.Key)
	case KindRegex:
		return a.AsRegex().Flags == b.AsRegex().Flags
	case KindRange:
		x, y := a.AsRange(), b.AsRange()
		return x.Inclusive == y.Inclusive && identical(x.Lo, y.Lo) && identical(x.Hi, y.Hi)
	case KindVector:
		x, y := a.AsVector(), b.AsVector()
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
				return false
			}
		}
		return true
	case KindSQLRange:
		x, y := a.AsSQLRange(), b.AsSQLRange()
		bound := func(p, q RangeBound) bool { return p.Inc == q.Inc && p.Inf == q.Inf && identical(p.Val, q.Val) }
		return x.Kind == y.Kind && x.Empty == y.Empty && bound(x.Lo, y.Lo) && bound(x.Hi, y.Hi)
	case KindList, KindTuple, KindComposite:
		// A composite's fields are a []Value in ref, as a list's are.
		x, y := a.AsList(), b.AsList()
		if len(x) != len(y) || compareShapes(a, b) != 0 {
			return false
		}
		for i := range x {
			if !identical(x[i], y[i]) {
				return false
			}
		}
		return true
	case KindObject:
		x, y := a.AsObject(), b.AsObject()
		if x.Len() != y.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			if x.names[i] != y.names[i] || !identical(x.vals[i], y.vals[i]) {
				return false
			}
		}
		return true
	}
	return a.n == b.n && a.ref == b.ref // an interval's months and days are in ref
}

// genInterval draws intervals of months, days and time, with values near
// the fields' limits and spans that tie ('1 mon' and '30 days').
func genInterval() *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		small := rapid.Bool().Draw(t, "small")
		field32 := func(label string) int32 {
			if small {
				return rapid.Int32Range(-40, 40).Draw(t, label)
			}
			return rapid.OneOf(rapid.Int32(), rapid.SampledFrom([]int32{0, 1, -1, 30, -30, math.MaxInt32, math.MinInt32})).Draw(t, label)
		}
		iv := Interval{Months: field32("months"), Days: field32("days")}
		if small {
			iv.Micros = rapid.SampledFrom([]int64{0, 1, -1, usPerHour, -usPerHour, usPerDay, -usPerDay, 30 * usPerDay, usPerDay - 1}).Draw(t, "us")
		} else {
			iv.Micros = rapid.OneOf(rapid.Int64(), rapid.SampledFrom([]int64{0, math.MinInt64, math.MaxInt64})).Draw(t, "us")
		}
		return IntervalOf(iv)
	})
}
