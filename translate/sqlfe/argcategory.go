package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// Some builtins find out what their arguments are only as they run, so a
// call PostgreSQL's resolution refuses (lower of an integer) would fail
// only once a row reached it: a query of an empty table, or one whose
// rows a WHERE removes, would answer. argsFit refuses such calls as the
// statement is translated, for the functions whose every PostgreSQL
// signature takes text (or numbers) where a scalar of another category
// is given.

// textFirst are functions whose first argument is text in every
// PostgreSQL signature.
var textFirst = map[string]bool{
	"initcap": true, "lpad": true, "rpad": true, "replace": true, "split_part": true,
	"strpos": true, "reverse": true, "left": true, "right": true, "repeat": true,
	"translate": true, "ascii": true, "starts_with": true, "ltrim": true, "rtrim": true,
	"btrim": true, "regexp_replace": true, "regexp_match": true, "regexp_matches": true,
	"regexp_split_to_array": true, "regexp_split_to_table": true,
	// lower and upper also take ranges and multiranges, which are no
	// scalar of the categories below.
	"lower": true, "upper": true,
}

// numericAll are functions whose arguments are all numbers in every
// PostgreSQL signature.
var numericAll = map[string]bool{
	"abs": true, "sqrt": true, "cbrt": true, "exp": true, "ln": true, "log": true, "log10": true,
	"floor": true, "ceil": true, "ceiling": true, "round": true, "sign": true, "power": true,
	"pow": true, "mod": true, "div": true, "gcd": true, "lcm": true, "factorial": true,
	"degrees": true, "radians": true, "sin": true, "cos": true, "tan": true,
}

// foreignScalar reports whether a is a typed value of a scalar category
// that no implicit cast brings to text or to a number.
func foreignScalar(a texpr, want category) bool {
	if a.unknown || a.t.Array {
		return false
	}
	if c, ok := plan.Pointer(a.e).(*plan.Const); ok && c.V.IsNone() {
		return false // NULL, typed only as the call's argument
	}
	switch c := categoryOf(a.t); c {
	case catBool, catDatetime, catTime, catTimeTZ, catInterval, catUUID:
		return true
	case catNumber:
		return want == catString
	case catString:
		// An untyped literal of a math function is a number already
		// (numericParamType), or PostgreSQL finds no one signature
		// for it either (mod('7', '3')).
		return want == catNumber
	}
	return false
}

// argsFit is 42883 for a call of a function above with an argument of a
// category none of its signatures takes.
func argsFit(name string, args []texpr, p int) error {
	switch {
	case textFirst[name] && len(args) > 0 && foreignScalar(args[0], catString):
		return noFunction(p, name, args)
	case numericAll[name]:
		for _, a := range args {
			if foreignScalar(a, catNumber) {
				return noFunction(p, name, args)
			}
		}
	}
	return nil
}

// numericParamType is the type PostgreSQL's resolution reads an untyped
// literal argument i (of n) of a math function as: double precision, the
// numeric category's preferred type, when a signature takes it (sqrt('4')
// is 2); numeric for round(x, n), trunc(x, n), log(b, x) and div, whose
// only signatures with those arguments are numeric's.
func numericParamType(name string, i, n int) (value.Type, bool) {
	switch name {
	case "round", "trunc":
		switch {
		case n == 1 && name == "trunc":
			// trunc(macaddr) too: PostgreSQL finds it not unique.
			return value.Type{}, false
		case n == 1:
			return value.TypeFloat8, true
		case i == 0:
			return value.TypeNumeric, true
		}
		return value.TypeInt4, true
	case "log":
		if n == 2 {
			return value.TypeNumeric, true
		}
		return value.TypeFloat8, true
	case "div":
		return value.TypeNumeric, true
	case "factorial":
		return value.TypeInt8, true
	case "abs", "sqrt", "cbrt", "exp", "ln", "log10", "floor", "ceil", "ceiling", "sign",
		"power", "pow", "degrees", "radians", "sin", "cos", "tan", "atan2":
		return value.TypeFloat8, true
	}
	return value.Type{}, false
}
