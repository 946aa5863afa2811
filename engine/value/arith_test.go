package value

import (
	"math"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

func TestArith(t *testing.T) {
	dt := Datetime(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), true)
	for _, c := range []struct {
		op   ArithOp
		a, b Value
		want Value
	}{
		// Integers keep the wider width; / truncates toward zero.
		{Add, Int(2), Int(3), Int(5)},
		{Add, IntW(100, I8), IntW(27, I8), IntW(127, I8)},
		{Add, IntW(1, I8), IntW(1, I32), IntW(2, I32)},
		{Add, IntW(200, U8), IntW(-100, I8), IntW(100, I16)},
		{Add, Uint64(math.MaxUint64 - 1), IntW(1, U8), Uint64(math.MaxUint64)},
		{Sub, Uint64(7), IntW(5, I32), Uint64(2)}, {Add, Uint64(5), IntW(-3, I32), Uint64(2)},
		{Div, Int(7), Int(2), Int(3)}, {Div, Int(-7), Int(2), Int(-3)}, {Mod, Int(-7), Int(2), Int(-1)}, {Mod, Int(7), Int(-2), Int(1)},
		{Mod, Int(math.MinInt64), Int(-1), Int(0)}, {Mul, IntW(-128, I8), IntW(1, I8), IntW(-128, I8)},
		{Pow, Int(2), Int(10), Int(1024)}, {Pow, Int(-2), Int(3), Int(-8)}, {Pow, Int(2), Int(-1), Int(0)}, {Pow, Int(-1), Int(-3), Int(-1)},
		{Pow, Int(0), Int(0), Int(1)}, {Pow, Int(2), Int(62), Int(1 << 62)}, {Pow, Int(-2), Int(63), Int(math.MinInt64)},
		{Pow, Uint64(2), Uint64(63), Uint64(1 << 63)},
		// Promotions.
		{Add, Int(1), Float(0.5), Float(1.5)}, {Mul, Int(2), Float32(1.5), Float32(3)}, {Add, Float32(1), Float(0.5), Float(1.5)},
		{Add, Int(1), mustDecimal("0.50"), mustDecimal("1.50")}, {Add, Float(0.5), mustDecimal("0.25"), Float(0.75)},
		// Floats.
		{Div, Float(1), Float(4), Float(0.25)}, {Mod, Float(7.5), Float(2), Float(1.5)}, {Pow, Float(2), Float(0.5), Float(math.Sqrt2)},
		{Add, Float(math.Inf(1)), Float(1), Float(math.Inf(1))},
		// Decimals: PostgreSQL's scales.
		{Add, mustDecimal("1.10"), mustDecimal("2.205"), mustDecimal("3.305")},
		{Sub, mustDecimal("1.10"), mustDecimal("1.10"), mustDecimal("0.00")},
		{Mul, mustDecimal("1.10"), mustDecimal("2.205"), mustDecimal("2.42550")},
		{Div, mustDecimal("1"), mustDecimal("3"), mustDecimal("0.33333333333333333333")},
		{Div, mustDecimal("10"), mustDecimal("4"), mustDecimal("2.5000000000000000")},
		{Div, mustDecimal("2"), mustDecimal("3.00000000000000000000"), mustDecimal("0.66666666666666666667")},
		{Div, mustDecimal("12345678901234567890"), mustDecimal("7"), mustDecimal("1763668414462081127")},
		{Div, mustDecimal("0.001"), mustDecimal("7"), mustDecimal("0.00014285714285714286")},
		{Div, mustDecimal("1"), mustDecimal("0.3"), mustDecimal("3.3333333333333333")},
		{Div, mustDecimal("100000"), mustDecimal("0.001"), mustDecimal("100000000.000000000000")},
		{Div, mustDecimal("0"), mustDecimal("5"), mustDecimal("0.00000000000000000000")},
		{Div, mustDecimal("-2"), mustDecimal("3"), mustDecimal("-0.66666666666666666667")},
		{Mod, mustDecimal("5.5"), mustDecimal("2"), mustDecimal("1.5")}, {Mod, mustDecimal("-7"), mustDecimal("2.5"), mustDecimal("-2.0")},
		{Pow, mustDecimal("2"), mustDecimal("3"), mustDecimal("8.0000000000000000")},
		{Pow, mustDecimal("2"), mustDecimal("0.5"), mustDecimal("1.4142135623730950")},
		{Pow, mustDecimal("1.5"), mustDecimal("2"), mustDecimal("2.2500000000000000")},
		{Pow, mustDecimal("10"), mustDecimal("20"), mustDecimal("100000000000000000000.0000000000000000")},
		{Pow, mustDecimal("0.5"), mustDecimal("10"), mustDecimal("0.0009765625000000")},
		{Pow, mustDecimal("9"), mustDecimal("0.5"), mustDecimal("3.0000000000000000")},
		{Add, mustDecimal("Infinity"), mustDecimal("1"), mustDecimal("Infinity")},
		{Sub, mustDecimal("Infinity"), mustDecimal("Infinity"), mustDecimal("NaN")},
		// Concatenation, merge, time.
		{Add, String("ab"), String("c"), String("abc")},
		{Add, List([]Value{Int(1)}), List([]Value{Int(2)}), List([]Value{Int(1), Int(2)})},
		{Add, ObjectOf(objectOf("a", Int(1), "b", Int(2))), ObjectOf(objectOf("b", Int(3), "c", Int(4))), ObjectOf(objectOf("a", Int(1), "b", Int(3), "c", Int(4)))},
		{Add, dt, Duration(time.Hour), Datetime(time.Date(2024, 5, 1, 11, 0, 0, 0, time.UTC), true)},
		{Add, Duration(time.Hour), dt, Datetime(time.Date(2024, 5, 1, 11, 0, 0, 0, time.UTC), true)},
		{Sub, dt, Duration(24 * time.Hour), Datetime(time.Date(2024, 4, 30, 10, 0, 0, 0, time.UTC), true)},
		{Sub, dt, Datetime(time.Date(2024, 4, 30, 8, 0, 0, 0, time.UTC), true), IntervalOf(Interval{Days: 1, Micros: 2 * usPerHour})},
		{Mul, Duration(time.Hour), Int(3), Duration(3 * time.Hour)}, {Div, Duration(time.Hour), Float(2), Duration(30 * time.Minute)},
		{Div, Duration(time.Hour), Duration(30 * time.Minute), Float(2)},
		{Add, None, Int(1), None}, {Mul, String("x"), None, None},
	} {
		got, err := Arith(c.op, c.a, c.b)
		if err != nil || !identical(got, c.want) {
			t.Errorf("%v %s %v = %v, %v; want %v", c.a, c.op, c.b, got, err, c.want)
		}
	}
}

func TestArithErrors(t *testing.T) {
	for _, c := range []struct {
		op   ArithOp
		a, b Value
		code string
		msg  string
	}{
		{Add, Int(math.MaxInt64), Int(1), errs.NumericValueOutOfRange, "bigint out of range"},
		{Sub, Int(math.MinInt64), Int(1), errs.NumericValueOutOfRange, "bigint out of range"},
		{Mul, Int(1 << 32), Int(1 << 31), errs.NumericValueOutOfRange, "bigint out of range"},
		{Div, Int(math.MinInt64), Int(-1), errs.NumericValueOutOfRange, "bigint out of range"},
		{Add, IntW(math.MaxInt32, I32), IntW(1, I32), errs.NumericValueOutOfRange, "integer out of range"},
		{Div, IntW(math.MinInt32, I32), IntW(-1, I32), errs.NumericValueOutOfRange, "integer out of range"},
		{Mul, IntW(-32768, I16), IntW(-1, I16), errs.NumericValueOutOfRange, "smallint out of range"},
		{Add, IntW(127, I8), IntW(1, I8), errs.NumericValueOutOfRange, "i8 out of range"},
		{Sub, IntW(0, U8), IntW(1, U8), errs.NumericValueOutOfRange, "u8 out of range"},
		{Mul, IntW(300, U16), IntW(300, U16), errs.NumericValueOutOfRange, "u16 out of range"},
		{Add, IntW(math.MaxUint32, U32), IntW(1, U32), errs.NumericValueOutOfRange, "u32 out of range"},
		{Add, Uint64(math.MaxUint64), Uint64(1), errs.NumericValueOutOfRange, "u64 out of range"},
		{Sub, Uint64(1), Uint64(2), errs.NumericValueOutOfRange, "u64 out of range"},
		{Sub, Uint64(5), IntW(7, I32), errs.NumericValueOutOfRange, "u64 out of range"},
		{Pow, Int(2), Int(63), errs.NumericValueOutOfRange, "bigint out of range"},
		{Pow, Int(3), Int(1000), errs.NumericValueOutOfRange, "bigint out of range"},
		{Div, Int(1), Int(0), errs.DivisionByZero, "division by zero"},
		{Mod, IntW(1, I32), IntW(0, I32), errs.DivisionByZero, "division by zero"},
		{Div, Float(1), Float(0), errs.DivisionByZero, "division by zero"},
		{Div, mustDecimal("1"), mustDecimal("0.0"), errs.DivisionByZero, "division by zero"},
		{Mod, mustDecimal("1"), Int(0), errs.DivisionByZero, "division by zero"},
		{Pow, Int(0), Int(-1), errs.DivisionByZero, "division by zero"},
		{Mul, Float(1e308), Float(10), errs.NumericValueOutOfRange, "value out of range: overflow"},
		{Mul, Float(1e-308), Float(1e-308), errs.NumericValueOutOfRange, "value out of range: underflow"},
		{Mul, Float32(1e38), Float32(10), errs.NumericValueOutOfRange, "value out of range: overflow"},
		{Pow, Float(0), Float(-1), "2201F", "zero raised to a negative power is undefined"},
		{Pow, Float(-8), Float(0.5), "2201F", "a negative number raised to a non-integer power yields a complex result"},
		{Pow, mustDecimal("0"), mustDecimal("-1"), "2201F", "zero raised to a negative power is undefined"},
		{Pow, mustDecimal("-8"), mustDecimal("0.5"), "2201F", "a negative number raised to a non-integer power yields a complex result"},
		{Pow, mustDecimal("10"), mustDecimal("1000000"), errs.NumericValueOutOfRange, "value overflows numeric format"},
		{Add, String("a"), Int(1), errs.UndefinedFunction, "operator does not exist: string + int"},
		{Sub, String("a"), String("b"), errs.UndefinedFunction, "operator does not exist: string - string"},
		{Add, Datetime(time.Date(294276, 12, 31, 23, 30, 0, 0, time.UTC), true), Duration(time.Hour), "22008", "timestamp out of range"},
		{Sub, Datetime(time.Date(-4713, 11, 24, 0, 30, 0, 0, time.UTC), true), Duration(time.Hour), "22008", "timestamp out of range"},
	} {
		_, err := Arith(c.op, c.a, c.b)
		e := errs.From(err)
		if err == nil || e.Code != c.code || e.Message != c.msg {
			t.Errorf("%v %s %v: %v (%s), want %s %q", c.a, c.op, c.b, err, errs.Code(err), c.code, c.msg)
		}
	}
}

func TestNegate(t *testing.T) {
	for _, c := range []struct{ in, want Value }{
		{Int(5), Int(-5)}, {IntW(-127, I8), IntW(127, I8)}, {Uint64(0), Uint64(0)}, {Float(1.5), Float(-1.5)},
		{mustDecimal("1.50"), mustDecimal("-1.50")}, {mustDecimal("0.0"), mustDecimal("0.0")}, {Duration(time.Second), Duration(-time.Second)},
		{None, None},
	} {
		got, err := Negate(c.in)
		if err != nil || !identical(got, c.want) {
			t.Errorf("Negate(%v) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []Value{Int(math.MinInt64), IntW(-128, I8), IntW(-32768, I16), Uint64(1), IntW(1, U8), String("x")} {
		if _, err := Negate(bad); err == nil {
			t.Errorf("Negate(%v) should fail", bad)
		}
	}
	if _, err := Negate(IntW(math.MinInt32, I32)); errs.From(err).Message != "integer out of range" {
		t.Errorf("Negate(min int4): %v", err)
	}
}

func TestDecimalArithErrorsAreErrs(t *testing.T) {
	huge := mustDecimal("1e99999")
	tiny := mustDecimal("1e-16000")
	for _, c := range []struct {
		op   ArithOp
		a, b Value
	}{{Mul, huge, huge}, {Pow, huge, Int(2)}, {Div, huge, tiny}} {
		_, err := Arith(c.op, c.a, c.b)
		if errs.Code(err) != errs.NumericValueOutOfRange {
			t.Errorf("%s: %v", c.op, err)
		}
		if _, ok := err.(*errs.Error); !ok {
			t.Errorf("%s: %T is not *errs.Error", c.op, err)
		}
	}
	// PostgreSQL rounds products beyond numeric's scale limit instead.
	if v, err := Arith(Mul, tiny, tiny); err != nil || DecimalScale(v.AsDecimal()) != maxDecimalScale {
		t.Errorf("tiny * tiny = %v, %v", v, err)
	}
}
