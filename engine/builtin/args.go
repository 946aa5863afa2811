package builtin

import (
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

type fnBody = func(c *Context, args []value.Value) (value.Value, error)

// def makes a strict, pure function; callers adjust the other fields.
func def(name string, minArgs, maxArgs int, doc string, fn fnBody, examples ...Example) *Func {
	return &Func{Name: name, MinArgs: minArgs, MaxArgs: maxArgs, Strict: true, Pure: true, Fn: fn, Doc: doc, Examples: examples}
}

// nonStrict marks a function that sees none arguments itself.
func nonStrict(f *Func) *Func {
	f.Strict = false
	return f
}

// ex is an example whose result renders as want (JSON).
func ex(want string, args ...value.Value) Example { return Example{Args: args, Want: want} }

// exErr is an example that fails with SQLSTATE code.
func exErr(code string, args ...value.Value) Example { return Example{Args: args, Err: code} }

// Value shorthands for the examples.
func vs(s string) value.Value   { return value.String(s) }
func vi(i int64) value.Value    { return value.Int(i) }
func vi4(i int64) value.Value   { return value.IntW(i, value.I32) }
func vf(f float64) value.Value  { return value.Float(f) }
func vsym(s string) value.Value { return value.Symbol(s) }
func vl(xs ...value.Value) value.Value {
	if xs == nil {
		xs = []value.Value{}
	}
	return value.List(xs)
}

func vd(s string) value.Value {
	d, _, err := apd.NewFromString(s)
	if err != nil {
		panic(err)
	}
	return value.Decimal(d)
}

func vobj(kv ...any) value.Value {
	o := value.NewObject(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1].(value.Value))
	}
	return value.ObjectOf(o)
}

func itoa(n int) string { return strconv.Itoa(n) }

// typeName names a value's type in ZQL errors.
func typeName(v value.Value) string {
	if v.IsNone() {
		return "none"
	}
	return value.TypeOf(v).String()
}

// argErr is ZQL's type mismatch for an argument (42804).
func argErr(fn string, i int, want string, got value.Value) error {
	return errs.New(errs.DatatypeMismatch, "%s: argument %d must be %s, found %s", fn, i+1, want, typeName(got))
}

// noSQLFunc is PostgreSQL's error for a call no function matches.
func noSQLFunc(name string, args []value.Value) error {
	names := make([]string, len(args))
	for i, a := range args {
		if a.IsNone() {
			names[i] = "unknown"
		} else {
			names[i] = value.TypeOf(a).SQLName()
		}
	}
	return errs.New(errs.UndefinedFunction, "function %s(%s) does not exist", name, strings.Join(names, ", ")).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
}

func strArg(fn string, args []value.Value, i int) (string, error) {
	if args[i].Kind() != value.KindString {
		return "", argErr(fn, i, "string", args[i])
	}
	return args[i].AsString(), nil
}

// intArg reads an integer argument as int64 (a u64 above MaxInt64 is
// out of range).
func intArg(fn string, args []value.Value, i int) (int64, error) {
	v := args[i]
	if v.Kind() != value.KindInt {
		return 0, argErr(fn, i, "int", v)
	}
	if v.Width() == value.U64 && v.AsUint64() > 1<<63-1 {
		return 0, errs.New(errs.NumericValueOutOfRange, "%s: argument %d out of range", fn, i+1)
	}
	return v.AsInt(), nil
}

// listArg reads the elements of a list or tuple.
func listArg(fn string, args []value.Value, i int) ([]value.Value, error) {
	switch args[i].Kind() {
	case value.KindList, value.KindTuple:
		return args[i].AsList(), nil
	}
	return nil, argErr(fn, i, "a list", args[i])
}

func objectArg(fn string, args []value.Value, i int) (*value.Object, error) {
	if args[i].Kind() != value.KindObject {
		return nil, argErr(fn, i, "an object", args[i])
	}
	return args[i].AsObject(), nil
}

func numArg(fn string, args []value.Value, i int) (value.Value, error) {
	if !value.IsNumeric(args[i].Kind()) {
		return value.None, argErr(fn, i, "a number", args[i])
	}
	return args[i], nil
}

// sqlStrings reads SQL text arguments, failing like PostgreSQL when one
// is not text.
func sqlStrings(name string, args []value.Value, idx ...int) ([]string, error) {
	out := make([]string, len(idx))
	for k, i := range idx {
		if args[i].Kind() != value.KindString || args[i].IsHstore() {
			// An hstore has no cast to text in a call (length(h) is
			// 42883 in PostgreSQL).
			return nil, noSQLFunc(name, args)
		}
		out[k] = args[i].AsString()
	}
	return out, nil
}

// sqlStringOr reads a SQL text argument and an optional second one, def
// when it is left out (trim's characters, SIMILAR TO's escape).
func sqlStringOr(name string, args []value.Value, def string) (s, second string, err error) {
	idx := []int{0}
	if len(args) > 1 {
		idx = append(idx, 1)
	}
	ss, err := sqlStrings(name, args, idx...)
	if err != nil {
		return "", "", err
	}
	if len(ss) > 1 {
		return ss[0], ss[1], nil
	}
	return ss[0], def, nil
}

// sqlInt reads an integer SQL argument.
func sqlInt(name string, args []value.Value, i int) (int64, error) {
	v := args[i]
	if v.Kind() != value.KindInt || (v.Width() == value.U64 && v.AsUint64() > 1<<63-1) {
		return 0, noSQLFunc(name, args)
	}
	return v.AsInt(), nil
}

// sqlStringsInt reads two SQL text arguments and an integer third
// (split_part's, overlay's).
func sqlStringsInt(name string, args []value.Value) ([]string, int64, error) {
	s, err := sqlStrings(name, args, 0, 1)
	if err != nil {
		return nil, 0, err
	}
	n, err := sqlInt(name, args, 2)
	return s, n, err
}

// sqlInts is sqlInt of the first n arguments (make_date's fields).
func sqlInts(name string, args []value.Value, n int) ([]int64, error) {
	out := make([]int64, n)
	for i := range out {
		v, err := sqlInt(name, args, i)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// Common result types.
func resultOf(t value.Type) func([]value.Type) value.Type {
	return func([]value.Type) value.Type { return t }
}

// firstArgType is the type of the first argument (abs, nullif).
func firstArgType(args []value.Type) value.Type {
	if len(args) == 0 {
		return value.Any
	}
	return args[0]
}
