package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQL's bit strings, bit(n) and bit varying(n) (value/bits.go; the
// functions in engine/builtin/sql_bitstring.go). The two are one
// category: each converts to the other implicitly, so their operators
// and functions take either, and an unknown operand beside one is read
// as bit.

// isBits reports a typed bit string operand.
func isBits(x texpr) bool { return !x.unknown && x.t.Kind == value.KindBits && !x.t.Array }

// isInt4 reports a typed int2 or int4 operand, which an int4 parameter
// takes.
func isInt4(x texpr) bool {
	return !x.unknown && x.t.Kind == value.KindInt && !x.t.Array && numRank(x.t) <= 2
}

// maxBitTypmod is PostgreSQL's largest n of bit(n): MaxAttrSize in bits.
const maxBitTypmod = 10 * 1024 * 1024 * 8

// bitType is bit(n) or varbit(n) (n optional; the grammar gives bit
// without a length n = 1).
func bitType(name string, mods []int, p int) (value.Type, error) {
	t := value.TypeBit
	if name == "varbit" {
		t = value.TypeVarbit
	}
	switch len(mods) {
	case 0:
	case 1:
		switch {
		case mods[0] < 1:
			return value.Type{}, errAt(errs.InvalidParameterValue, p, "length for type %s must be at least 1", name)
		case mods[0] > maxBitTypmod:
			return value.Type{}, errAt(errs.InvalidParameterValue, p, "length for type %s cannot exceed %d", name, maxBitTypmod)
		}
		t.MaxLen = mods[0]
	default:
		return value.Type{}, errAt(errs.SyntaxError, p, "invalid type modifier")
	}
	return t, nil
}

// bitConst is a bit string constant, B'0101' or X'1F' (the parser gives
// its text with the b or x in front, which bit_in reads).
func bitConst(c *pg.A_Const_Bsval, p int) (texpr, error) {
	v, err := value.ParseBits(c.Bsval.Bsval, value.TypeBit)
	if err != nil {
		return texpr{}, withPos(err, p)
	}
	return texpr{e: &plan.Const{At: at(p), V: v}, t: value.TypeBit}, nil
}

// bitOps are the operators of bit strings and the builtins they call.
var bitOps = map[string]string{
	"&": "bitand", "|": "bitor", "#": "bitxor", "<<": "bitshiftleft", ">>": "bitshiftright", "||": "bitcat",
}

// bitStringOp translates an operator with a bit string operand; ok is false
// when neither operand is one, and for || of a bit string and a typed
// non-bit operand (text's ||, which shows the bits).
func (tr *translator) bitStringOp(op string, l, r texpr, p int) (texpr, bool, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	fn, known := bitOps[op]
	if !known || !isBits(l) && !isBits(r) {
		return texpr{}, false, nil
	}
	l0, r0 := l, r
	shift := op == "<<" || op == ">>"
	rt := value.TypeBit
	if shift {
		rt = value.TypeInt4
	}
	var err error
	if l.unknown {
		l, err = tr.coerce(l, value.TypeBit)
	}
	if err == nil && r.unknown {
		r, err = tr.coerce(r, rt)
	}
	if err != nil {
		return texpr{}, true, err
	}
	ok := isBits(l) && isBits(r)
	if shift {
		ok = isBits(l) && isInt4(r)
	}
	if !ok {
		if op == "||" {
			return texpr{}, false, nil
		}
		return texpr{}, true, noOperator(p, l0, op, r0)
	}
	x, err := tr.call(fn, []texpr{l, r}, p)
	return x, true, err
}

// bitNot translates ~ of a bit string; ok is false for other operands.
func (tr *translator) bitNot(x texpr, p int) (texpr, bool, error) {
	x = tr.refresh(x)
	if !isBits(x) {
		return texpr{}, false, nil
	}
	r, err := tr.call("bitnot", []texpr{x}, p)
	return r, true, err
}

// bitFuncs are the functions of a bit string (the first argument) that
// PostgreSQL has, the builtin each calls and the types of the other
// arguments (a bit string or int4).
var bitFuncs = map[string]struct {
	fn   string
	rest []value.Type
	opt  int // how many of rest may be left out
}{
	"length":       {"bitlength", nil, 0},
	"bit_length":   {"bitlength", nil, 0},
	"octet_length": {"bitoctetlength", nil, 0},
	"bit_count":    {"bit_bit_count", nil, 0},
	"get_bit":      {"bitgetbit", []value.Type{value.TypeInt4}, 0},
	"set_bit":      {"bitsetbit", []value.Type{value.TypeInt4, value.TypeInt4}, 0},
	"substring":    {"bitsubstr", []value.Type{value.TypeInt4, value.TypeInt4}, 1},
	"position":     {"bitposition", []value.Type{value.TypeBit}, 0},
	"overlay":      {"bitoverlay", []value.Type{value.TypeBit, value.TypeInt4, value.TypeInt4}, 1},
}

// bitCall translates the functions of bit strings; ok is false for
// other calls.
func (tr *translator) bitCall(name string, args []texpr, p int) (texpr, bool, error) {
	f, known := bitFuncs[name]
	if !known || len(args) == 0 {
		return texpr{}, false, nil
	}
	for i := range args {
		args[i] = tr.refresh(args[i])
	}
	if !isBits(args[0]) {
		return texpr{}, false, nil
	}
	if n := len(args) - 1; n > len(f.rest) || n < len(f.rest)-f.opt {
		return texpr{}, true, noFunction(p, name, args)
	}
	out := make([]texpr, len(args))
	for i, a := range args {
		t := value.TypeBit
		if i > 0 {
			t = f.rest[i-1]
		}
		if a.unknown {
			var err error
			if a, err = tr.coerce(a, t); err != nil {
				return texpr{}, true, err
			}
		}
		if t.Kind == value.KindBits && !isBits(a) || t.Kind == value.KindInt && !isInt4(a) {
			return texpr{}, true, noFunction(p, name, args)
		}
		out[i] = a
	}
	x, err := tr.call(f.fn, out, p)
	return x, true, err
}

// bitArgType is the type an unknown argument i of a bit string
// function is read as: the parameter's, when the first argument (in
// args, translated already) is a bit string.
func bitArgType(name string, args []texpr, i int) (value.Type, bool) {
	f, known := bitFuncs[name]
	if !known || i == 0 || i > len(f.rest) || !isBits(args[0]) {
		return value.Type{}, false
	}
	return f.rest[i-1], true
}

// bitIntCast reports the casts between integers and bit strings:
// int4 and int8 to and from bit (not bit varying).
func bitIntCast(from, to value.Type) bool {
	isInt := func(t value.Type) bool { return t.Kind == value.KindInt && (numRank(t) == 2 || numRank(t) == 3) }
	isBit := func(t value.Type) bool { return t.Kind == value.KindBits && !t.VarBit }
	return isInt(from) && isBit(to) || isBit(from) && isInt(to)
}

// explicitCut reports an explicit cast of x that cuts (or pads) it to
// t where an assignment fails: to varchar(n) and char(n) from a string,
// to bit(n) and varbit(n) from a string or a bit string.
func explicitCut(x texpr, t value.Type) bool {
	if t.Array && t.Elem != nil && (x.unknown || categoryOf(x.t) == catString) {
		t = *t.Elem // '{abc}'::varchar(2)[] cuts each element
	}
	if t.MaxLen <= 0 {
		return false
	}
	switch c := categoryOf(x.t); t.Kind {
	case value.KindString:
		return x.unknown || c == catString
	case value.KindBits:
		return x.unknown || c == catString || c == catBits
	}
	return false
}
