package builtin

import (
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The functions behind SQL's enum order. An enum's values are symbols
// named by their labels, so ZQL's total order would sort them by name;
// SQL sorts them in declaration order. The SQL front end passes the
// enum's labels, in order, as the last argument (it knows them from the
// enum's type at translation, and plans are translated again whenever
// ALTER TYPE changes them).

func enumFuncs() []*Func {
	labels := vl(vs("sad"), vs("ok"), vs("happy"))
	return []*Func{
		sqlDef("enum_sort_key", 2, 2, "The position of an enum value among its labels (the second argument, in order): the key of enum comparisons and ORDER BY.", resultOf(value.TypeInt8), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			i, err := enumPos(args[0], args[1])
			return value.Int(int64(i)), err
		}, ex("2", vsym("happy"), labels)),
		sqlDef("enum_label", 2, 2, "The enum value at a position among its labels (the second argument): enum_sort_key's inverse.", resultOf(value.Type{Kind: value.KindSymbol}), func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[0].Kind() != value.KindInt || args[1].Kind() != value.KindList {
				return value.None, noSQLFunc(name, args) // called by name
			}
			ls := args[1].AsList()
			i := args[0].AsInt()
			if i < 0 || i >= int64(len(ls)) {
				return value.None, errs.New(errs.InvalidParameterValue, "enum position %d out of range", i)
			}
			return value.Symbol(ls[i].AsString()), nil
		}, ex(`"@ok"`, vi(1), labels)),
		nonStrict(sqlDef("enum_range_between", 3, 3, "enum_range(a, b): the labels (third argument) from a to b in order; a NULL end is the first or last label.", resultOf(value.Any), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			ls := args[2].AsList()
			lo, hi := 0, len(ls)-1
			var err error
			if !args[0].IsNone() {
				if lo, err = enumPos(args[0], args[2]); err != nil {
					return value.None, err
				}
			}
			if !args[1].IsNone() {
				if hi, err = enumPos(args[1], args[2]); err != nil {
					return value.None, err
				}
			}
			out := []value.Value{}
			for i := lo; i <= hi; i++ {
				out = append(out, value.Symbol(ls[i].AsString()))
			}
			return value.List(out), nil
		}, ex(`["@sad", "@ok"]`, value.None, vsym("ok"), labels))),
	}
}

// enumPos is the position of v's label among labels (22P02 when it is
// none of them: a value stored before its label was renamed away).
func enumPos(v, labels value.Value) (int, error) {
	s := v.AsString()
	for i, l := range labels.AsList() {
		if l.AsString() == s {
			return i, nil
		}
	}
	return 0, errs.New(errs.InvalidTextRepresentation, "invalid internal value for enum: %q", s)
}
