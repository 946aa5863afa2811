package builtin

import (
	"math/bits"
	"slices"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The functions and operators of SQL's bit strings, named as
// PostgreSQL's own (value/bits.go holds the type). The SQL front end
// checks argument types and turns the operators (&, |, #, ~, <<, >>,
// ||) and length, get_bit, substring, ... of a bit string into calls of
// these; called directly with other arguments they are 42883.

func bitStringFuncs() []*Func {
	bit, varbit := resultOf(value.TypeBit), resultOf(value.TypeVarbit)
	int4, int8 := resultOf(value.TypeInt4), resultOf(value.TypeInt8)
	b101, b11 := vbits("101"), vbits("11")
	bitwise := func(name string, op byte, doc string, e ...Example) *Func {
		return sqlDef(name, 2, 2, doc, bit, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if err := bitsArgs(name, args, 0, 1); err != nil {
				return value.None, err
			}
			return value.BitwiseBits(op, args[0], args[1])
		}, e...)
	}
	shift := func(name string, sign int64, doc string, e Example) *Func {
		return sqlDef(name, 2, 2, doc, bit, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			n, err := bitsAndInt(name, args)
			if err != nil {
				return value.None, err
			}
			return value.ShiftBits(args[0], sign*n), nil
		}, e)
	}
	// length is a function of one bit string.
	length := func(name, doc string, result func([]value.Type) value.Type, fn func(v value.Value) value.Value, e Example) *Func {
		return sqlDef(name, 1, 1, doc, result, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if err := bitsArgs(name, args, 0); err != nil {
				return value.None, err
			}
			return fn(args[0]), nil
		}, e)
	}
	return []*Func{
		bitwise("bitand", '&', "bit & bit: bitwise AND of two bit strings of one length.", ex(`"001"`, b101, vbits("011")), exErr(errs.StringDataLengthMismatch, b101, b11)),
		bitwise("bitor", '|', "bit | bit: bitwise OR of two bit strings of one length.", ex(`"111"`, b101, vbits("011"))),
		bitwise("bitxor", '#', "bit # bit: bitwise XOR of two bit strings of one length.", ex(`"110"`, b101, vbits("011"))),
		length("bitnot", "~ bit: the bit string with each bit flipped.", bit, value.NotBits, ex(`"010"`, b101)),
		shift("bitshiftleft", 1, "bit << int4: the bits moved left, zeros in from the right; the length stays.", ex(`"100"`, b101, vi4(2))),
		shift("bitshiftright", -1, "bit >> int4: the bits moved right, zeros in from the left; the length stays.", ex(`"010"`, b101, vi4(1))),
		sqlDef("bitcat", 2, 2, "bit varying || bit varying: the bit strings one after the other.", varbit,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if err := bitsArgs(name, args, 0, 1); err != nil {
					return value.None, err
				}
				return value.ConcatBits(args[0], args[1]), nil
			}, ex(`"10111"`, b101, b11)),
		length("bitlength", "length(bit), bit_length(bit): the number of bits.", int4, func(v value.Value) value.Value {
			return value.IntW(int64(v.BitLen()), value.I32)
		}, ex("3", b101)),
		length("bitoctetlength", "octet_length(bit): the number of bytes the bits fill.", int4, func(v value.Value) value.Value {
			return value.IntW(int64(len(v.AsBits())), value.I32)
		}, ex("1", b101)),
		length("bit_bit_count", "bit_count(bit): the number of 1 bits.", int8, func(v value.Value) value.Value {
			return value.Int(int64(value.BitCount(v)))
		}, ex("2", b101)),
		sqlDef("bit_count", 1, 1, "bit_count(bytea): the number of 1 bits (bit_count(bit) is bit_bit_count).", int8,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindBytes {
					return value.None, noSQLFunc(name, args)
				}
				n := 0
				for _, b := range []byte(args[0].AsString()) {
					n += bits.OnesCount8(b)
				}
				return value.Int(int64(n)), nil
			}, ex("9", value.Bytes([]byte{0xff, 0x01})), exErr(errs.UndefinedFunction, vs("a"))),
		byteaAccess("get_byte", "get_byte(bytea, n): the byte at 0-based offset n, as an integer.", false, false,
			ex("52", value.Bytes([]byte{0x12, 0x34}), vi4(1)), exErr(errs.ArraySubscriptError, value.Bytes([]byte{0x12}), vi4(1))),
		byteaAccess("set_byte", "set_byte(bytea, n, v): the bytes with the byte at offset n set to v (its low 8 bits).", false, true,
			ex(`"/zQ="`, value.Bytes([]byte{0x12, 0x34}), vi4(0), vi4(255))),
		byteaAccess("get_bit", "get_bit(bytea, n): bit n of the bytes, counting each byte's bits from its least significant (get_bit(bit, n) is bitgetbit).", true, false,
			ex("1", value.Bytes([]byte{0x12}), vi4(1)), exErr(errs.ArraySubscriptError, value.Bytes([]byte{0x12}), vi4(8))),
		byteaAccess("set_bit", "set_bit(bytea, n, v): the bytes with bit n set to v, 0 or 1 (set_bit(bit, n, v) is bitsetbit).", true, true,
			ex(`"Ew=="`, value.Bytes([]byte{0x12}), vi4(0), vi4(1)), exErr(errs.InvalidParameterValue, value.Bytes([]byte{0x12}), vi4(0), vi4(2))),
		sqlDef("bitgetbit", 2, 2, "get_bit(bit, n): the bit at 0-based index n, from the left.", int4,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				n, err := bitsAndInt(name, args)
				if err != nil {
					return value.None, err
				}
				if err := bitIndex(args[0], n); err != nil {
					return value.None, err
				}
				return value.IntW(int64(args[0].Bit(int(n))), value.I32), nil
			}, ex("1", b101, vi4(2)), exErr(errs.ArraySubscriptError, b101, vi4(3))),
		sqlDef("bitsetbit", 3, 3, "set_bit(bit, n, b): the bit string with the bit at 0-based index n set to b (0 or 1).", bit,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				n, err := bitsAndInt(name, args)
				if err != nil {
					return value.None, err
				}
				b, err := sqlInt(name, args, 2)
				if err != nil {
					return value.None, err
				}
				if err := bitIndex(args[0], n); err != nil {
					return value.None, err
				}
				if b != 0 && b != 1 {
					return value.None, errs.New(errs.InvalidParameterValue, "new bit must be 0 or 1")
				}
				return value.SetBit(args[0], int(n), byte(b)), nil
			}, ex(`"111"`, b101, vi4(1), vi4(1)), exErr(errs.InvalidParameterValue, b101, vi4(1), vi4(2))),
		sqlDef("bitsubstr", 2, 3, "substring(bit FROM start [FOR count]): count bits (default: to the end) from 1-based position start.", bit,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				from, err := bitsAndInt(name, args)
				if err != nil {
					return value.None, err
				}
				count := int64(0)
				if len(args) > 2 {
					if count, err = sqlInt(name, args, 2); err != nil {
						return value.None, err
					}
				}
				lo, hi, err := substrRange(int64(args[0].BitLen()), from, count, len(args) > 2)
				if err != nil {
					return value.None, err
				}
				return value.SubBits(args[0], int(lo), int(hi)), nil
			}, ex(`"01"`, b101, vi4(2), vi4(2)), ex(`"1"`, b101, vi4(3)), exErr(codeSubstringError, b101, vi4(1), vi4(-1))),
		sqlDef("bitposition", 2, 2, "position(sub IN bit): the 1-based position of bit string sub in the bit string, 0 when absent.", int4,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if err := bitsArgs(name, args, 0, 1); err != nil {
					return value.None, err
				}
				return value.IntW(int64(bitPosition(args[0], args[1])), value.I32), nil
			}, ex("2", b101, vbits("01"))),
		sqlDef("bitoverlay", 3, 4, "overlay(bit PLACING sub FROM start [FOR count]): count bits (default: sub's length) from 1-based start replaced by sub.", bit,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if err := bitsArgs(name, args, 0, 1); err != nil {
					return value.None, err
				}
				start, err := sqlInt(name, args, 2)
				if err != nil {
					return value.None, err
				}
				count := int64(args[1].BitLen())
				if len(args) > 3 {
					if count, err = sqlInt(name, args, 3); err != nil {
						return value.None, err
					}
				}
				v := args[0]
				head, tail, err := overlayRange(int64(v.BitLen()), start, count)
				if err != nil {
					return value.None, err
				}
				return value.ConcatBits(value.ConcatBits(value.SubBits(v, 0, int(head)), args[1]), value.SubBits(v, int(tail), v.BitLen())), nil
			}, ex(`"10111"`, vbits("10101"), b11, vi4(4)), exErr(codeSubstringError, b101, b11, vi4(0))),
	}
}

// vbits is a bit string of binary digits, for the examples.
func vbits(s string) value.Value {
	v, err := value.ParseBits(s, value.TypeBit)
	if err != nil {
		panic(err)
	}
	return v
}

// bitsArgs checks that the arguments at the indexes are bit strings.
func bitsArgs(name string, args []value.Value, idx ...int) error {
	for _, i := range idx {
		if args[i].Kind() != value.KindBits {
			return noSQLFunc(name, args)
		}
	}
	return nil
}

// bitsAndInt checks a bit string and an integer, and returns the latter.
func bitsAndInt(name string, args []value.Value) (int64, error) {
	if err := bitsArgs(name, args, 0); err != nil {
		return 0, err
	}
	return sqlInt(name, args, 1)
}

// bitIndex checks a 0-based bit index, as bitgetbit and bitsetbit do.
func bitIndex(v value.Value, n int64) error {
	if n < 0 || n >= int64(v.BitLen()) {
		return errs.New(errs.ArraySubscriptError, "bit index %d out of valid range (0..%d)", n, v.BitLen()-1)
	}
	return nil
}

// bitPosition is PostgreSQL's bitposition: 0 when either is too short,
// 1 for an empty sub.
func bitPosition(v, sub value.Value) int {
	n, m := v.BitLen(), sub.BitLen()
	if n == 0 || m > n {
		return 0
	}
	if m == 0 {
		return 1
	}
	for i := 0; i+m <= n; i++ {
		if value.Equal(value.SubBits(v, i, i+m), sub) {
			return i + 1
		}
	}
	return 0
}

// byteaAccess is get_byte/set_byte (bit: get_bit/set_bit) of bytea, with
// PostgreSQL's errors: 2202E for an offset outside the value, 22023 for
// a new bit other than 0 or 1.
func byteaAccess(name, doc string, bit, set bool, examples ...Example) *Func {
	n, result := 2, resultOf(value.TypeInt4)
	if set {
		n, result = 3, resultOf(value.TypeBytea)
	}
	f := sqlDef(name, n, n, doc, result, func(name string, _ *Context, args []value.Value) (value.Value, error) {
		if args[0].Kind() != value.KindBytes {
			return value.None, noSQLFunc(name, args)
		}
		b := []byte(args[0].AsString())
		i, err := sqlInt(name, args, 1)
		if err != nil {
			return value.None, err
		}
		size := int64(len(b))
		if bit {
			size *= 8
		}
		if i < 0 || i >= size {
			return value.None, errs.New(errs.ArraySubscriptError, "index %d out of valid range, 0..%d", i, size-1)
		}
		at, shift := i, uint(0)
		if bit {
			at, shift = i/8, uint(i%8)
		}
		if !set {
			if bit {
				return value.IntW(int64(b[at]>>shift&1), value.I32), nil
			}
			return value.IntW(int64(b[at]), value.I32), nil
		}
		v, err := sqlInt(name, args, 2)
		if err != nil {
			return value.None, err
		}
		out := slices.Clone(b)
		switch {
		case !bit:
			out[at] = byte(v)
		case v == 0:
			out[at] &^= 1 << shift
		case v == 1:
			out[at] |= 1 << shift
		default:
			return value.None, errs.New(errs.InvalidParameterValue, "new bit must be 0 or 1")
		}
		return value.Bytes(out), nil
	}, examples...)
	// An untyped literal argument is read as bytea, as PostgreSQL
	// resolves get_byte('\x12', 0).
	f.Params = []value.Type{value.TypeBytea, value.TypeInt4, value.TypeInt4}[:n]
	return f
}
