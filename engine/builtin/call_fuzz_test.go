package builtin

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// FuzzCall calls every builtin with its documented examples' arguments,
// one of them replaced by a value the fuzzer makes: of the argument's
// kind and width for a sql:: function (the SQL front end casts the
// arguments to the types the function takes), of any kind for a ZQL one
// (ZQL passes values as they come). Whatever the arguments, a call
// returns a value or an error with a SQLSTATE, never a panic: the
// arguments are a client's.
func FuzzCall(f *testing.F) {
	r := NewRegistry()
	names := r.Names()
	slices.Sort(names)
	for i := range names {
		f.Add(uint16(i), uint8(0), uint8(0), int64(0), "")
		f.Add(uint16(i), uint8(1), uint8(0x11), int64(math.MinInt64), "-1")
	}
	f.Fuzz(func(t *testing.T, fi uint16, ei, mut uint8, n int64, s string) {
		name := names[int(fi)%len(names)]
		fn, _ := r.Lookup(name)
		if len(fn.Examples) == 0 {
			return
		}
		args := slices.Clone(fn.Examples[int(ei)%len(fn.Examples)].Args)
		sql := strings.HasPrefix(name, "sql::")
		if len(args) > 0 && mut != 0 {
			k := int(mut&0x0f) % len(args)
			mode := mut >> 4
			if sql {
				mode = 0
			}
			args[k] = fuzzArg(mode, args[k], n, s)
		}
		c := &Context{Ctx: context.Background(), SQL: sql, Now: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
		if _, err := fn.Call(c, args); err != nil && errs.Code(err) == "" {
			t.Fatalf("%s(%v): error without SQLSTATE: %v", name, args, err)
		}
	})
}

// fuzzArg makes an argument from n and s: mode 0 keeps orig's kind.
func fuzzArg(mode uint8, orig value.Value, n int64, s string) value.Value {
	kind := orig.Kind()
	switch mode % 8 {
	case 1:
		kind = value.KindInt
	case 2:
		kind = value.KindString
	case 3:
		return value.None
	case 4:
		if v, err := value.ParseJSONB(s); err == nil {
			return v
		}
		return value.String(s)
	case 5:
		return value.List([]value.Value{value.String(s), value.Int(n), value.None})
	case 6:
		kind = value.KindFloat
	case 7:
		kind = value.KindDecimal
	}
	switch kind {
	case value.KindInt:
		w := value.I64
		if kind == orig.Kind() {
			w = orig.Width()
		}
		switch w {
		case value.I32:
			n = int64(int32(n))
		case value.I16:
			n = int64(int16(n))
		}
		return value.IntW(n, w)
	case value.KindFloat:
		if kind == orig.Kind() && orig.FloatBits() == 32 {
			return value.Float32(math.Float32frombits(uint32(n)))
		}
		return value.Float(math.Float64frombits(uint64(n)))
	case value.KindDecimal:
		if v, err := value.ParseText(s, value.TypeNumeric); err == nil {
			return v
		}
		v, _ := value.ParseText(strconv.FormatInt(n, 10), value.TypeNumeric)
		return v
	case value.KindBool:
		return value.Bool(n&1 != 0)
	case value.KindBytes:
		return value.Bytes([]byte(s))
	case value.KindDatetime:
		if v, err := value.DatetimeFromMicros(n, orig.HasTZ()); err == nil {
			if orig.IsDate() {
				return value.DateOf(v)
			}
			return v
		}
	case value.KindTime:
		return value.TimeOfDay(int64(uint64(n) % (24 * 3600 * 1_000_000)))
	case value.KindDuration:
		return value.IntervalOf(value.Interval{Micros: n, Days: int32(n >> 32), Months: int32(n)})
	case value.KindList:
		// An array of elements of the kind of orig's first, and a NULL.
		if xs := orig.AsList(); kind == orig.Kind() && len(xs) > 0 && !xs[0].IsNone() {
			return value.List([]value.Value{fuzzArg(0, xs[0], n, s), fuzzArg(0, xs[0], n>>9, s+s), value.None})
		}
		return value.List([]value.Value{value.Int(n), value.String(s)})
	case value.KindObject:
		if v, err := value.ParseJSONB(s); err == nil && v.Kind() == value.KindObject {
			return v
		}
	case value.KindNet:
		if v, err := value.ParseNet(s, orig.Net()); err == nil {
			return v
		}
	case value.KindString:
		return value.String(s)
	}
	if kind == orig.Kind() {
		return orig // a kind it makes no values of
	}
	return value.String(s)
}
