package builtin

import (
	"github.com/zerodb/zerodb/engine/value"
)

// PostgreSQL's integer bit operators & | # ~ << >> are the functions
// int2and ... int8shr behind them: the SQL translator resolves an
// operator to the function of its operands' width, as PostgreSQL's
// operator catalog does, and the functions are callable by name too.

func bitFuncs() []*Func {
	var out []*Func
	// The integer types with bit operators, by their PostgreSQL name prefix.
	for _, w := range []struct {
		prefix string
		t      value.Type
	}{{"int2", value.TypeInt2}, {"int4", value.TypeInt4}, {"int8", value.TypeInt8}} {
		t := w.t
		res := resultOf(t)
		binary := func(op, doc string, f func(a, b int64) int64, want string, a, b int64) *Func {
			fn := sqlDef(w.prefix+op, 2, 2, doc, res, func(name string, _ *Context, args []value.Value) (value.Value, error) {
				x, y, ok := intPair(args, t, t)
				if !ok {
					return value.None, noSQLFunc(name, args)
				}
				return value.IntW(f(x, y), t.Width), nil
			}, ex(want, value.IntW(a, t.Width), value.IntW(b, t.Width)))
			fn.Params = []value.Type{t, t}
			return fn
		}
		shift := func(op, doc string, left bool, want string, a, n int64) *Func {
			fn := sqlDef(w.prefix+op, 2, 2, doc, res, func(name string, _ *Context, args []value.Value) (value.Value, error) {
				x, y, ok := intPair(args, t, value.TypeInt4)
				if !ok {
					return value.None, noSQLFunc(name, args)
				}
				return value.IntW(shiftInt(x, y, t.Width, left), t.Width), nil
			}, ex(want, value.IntW(a, t.Width), value.IntW(n, value.I32)))
			fn.Params = []value.Type{t, value.TypeInt4}
			return fn
		}
		not := sqlDef(w.prefix+"not", 1, 1, w.prefix+"not(x): the bitwise complement, operator ~.", res,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if !intArgOf(args[0], t) {
					return value.None, noSQLFunc(name, args)
				}
				return value.IntW(^args[0].AsInt(), t.Width), nil
			}, ex("-6", value.IntW(5, t.Width)))
		not.Params = []value.Type{t}
		out = append(out,
			binary("and", w.prefix+"and(a, b): bitwise and, operator &.", func(a, b int64) int64 { return a & b }, "1", 5, 3),
			binary("or", w.prefix+"or(a, b): bitwise or, operator |.", func(a, b int64) int64 { return a | b }, "7", 5, 3),
			binary("xor", w.prefix+"xor(a, b): bitwise exclusive or, operator #.", func(a, b int64) int64 { return a ^ b }, "6", 5, 3),
			not,
			shift("shl", w.prefix+"shl(a, n): a shifted left by n bits (n taken modulo the word size, as PostgreSQL on x86), operator <<.", true, "8", 1, 3),
			shift("shr", w.prefix+"shr(a, n): a shifted right by n bits, keeping the sign (n taken modulo the word size), operator >>.", false, "-4", -8, 1),
		)
	}
	return out
}

// intPair reads two integer arguments for parameters of types a and b.
func intPair(args []value.Value, a, b value.Type) (int64, int64, bool) {
	if !intArgOf(args[0], a) || !intArgOf(args[1], b) {
		return 0, 0, false
	}
	return args[0].AsInt(), args[1].AsInt(), true
}

// intArgOf reports whether v is an integer that PostgreSQL passes to a
// parameter of integer type t: of t's width or narrower (the implicit
// casts widen).
func intArgOf(v value.Value, t value.Type) bool {
	return v.Kind() == value.KindInt && numericRank(value.TypeOf(v)) <= numericRank(t)
}

// shiftInt is PostgreSQL's int2shl ... int8shr as compiled for x86: the
// shift is done in C's int (smallint and integer) or int64 (bigint),
// whose shift count the processor takes modulo 32 or 64; a smallint's
// result is then truncated to 16 bits.
func shiftInt(x, n int64, w value.IntWidth, left bool) int64 {
	if w == value.I64 {
		if left {
			return x << (uint64(n) & 63)
		}
		return x >> (uint64(n) & 63)
	}
	var r int32
	if left {
		r = int32(x) << (uint32(n) & 31)
	} else {
		r = int32(x) >> (uint32(n) & 31)
	}
	if w == value.I16 {
		return int64(int16(r))
	}
	return int64(r)
}
