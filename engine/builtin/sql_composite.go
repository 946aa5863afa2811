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
