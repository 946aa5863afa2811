package builtin

import (
	"github.com/zerodb/zerodb/engine/value"
)

// The SQL composite functions: what the SQL front end calls for
// composite values (value.KindComposite) where a plan operator would
// take them as a whole.

func compositeFuncs() []*Func {
	boolean := resultOf(value.TypeBool)
	row := func(xs ...value.Value) value.Value { return value.Composite(xs) }
	return []*Func{
		nonStrict(sqlDef("composite_with", 4, 4, "A composite value (of the number of fields the second argument says; NULL is a row of NULLs) with the field at the 0-based position of the third argument set to the fourth: UPDATE's SET c.f = x.", func(a []value.Type) value.Type { return firstArgType(a) },
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				n, i := args[1].AsInt(), args[2].AsInt()
				if i < 0 || i >= n || n > 1600 {
					return value.None, noSQLFunc(name, args)
				}
				xs := make([]value.Value, n)
				if !args[0].IsNone() {
					if args[0].Kind() != value.KindComposite || int64(len(args[0].AsList())) != n {
						return value.None, noSQLFunc(name, args)
					}
					copy(xs, args[0].AsList())
				}
				xs[i] = args[3]
				return value.Composite(xs), nil
			}, ex("[1, 5]", row(vi4(1), vi4(2)), vi(2), vi(1), vi4(5)), ex("[null, 5]", value.None, vi(2), vi(1), vi4(5)))),
		nonStrict(sqlDef("row_is_null", 2, 2, "IS NULL (false) and IS NOT NULL (true) of a composite value as PostgreSQL tests a row: NULL, or every field NULL, is IS NULL; not NULL with no field NULL is IS NOT NULL (a row with some NULL fields is neither).", boolean,
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				not := args[1].AsBool()
				if args[0].IsNone() {
					return value.Bool(!not), nil
				}
				for _, f := range args[0].AsList() {
					if f.IsNone() != !not {
						return value.Bool(false), nil
					}
				}
				return value.Bool(true), nil
			}, ex("true", row(value.None, value.None), value.Bool(false)), ex("false", row(vi4(1), value.None), value.Bool(true)),
			ex("true", value.None, value.Bool(false)))),
	}
}
