package sqlfe

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// money values are integers of cents of a category of their own
// (catMoney), like pg_lsn's: they compare with each other only, and
// take PostgreSQL's operators, casts and functions alone, which this
// file turns into the builtin functions named after PostgreSQL's
// (engine/builtin/sql_money.go). Nothing at run time tells money from
// an integer, so every conversion into or out of it is one of them.

func isMoney(x texpr) bool { return x.t.Money && !x.t.Array && !x.unknown }

// moneyCall is a call of builtin fn, of money's functions, on typed
// arguments.
func moneyCall(fn string, t value.Type, p int, args ...texpr) texpr {
	es := make([]plan.Expr, len(args))
	for i, a := range args {
		es[i] = a.e
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + fn, Args: es, SQL: true}, t: t}
}

// moneyOp translates the arithmetic operators on money: money ± money,
// money * and / an integer or a double precision (numeric and real
// convert to it implicitly, as in PostgreSQL), the number * money, and
// money / money (double precision). An unknown operand of * is a
// double precision, of + - / money, as PostgreSQL resolves them. ok is
// false when neither side is money or op is another operator
// (comparisons, ||), which the ordinary translation takes.
func (tr *translator) moneyOp(op string, l, r texpr, p int) (texpr, bool, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	if !isMoney(l) && !isMoney(r) {
		return texpr{}, false, nil
	}
	switch op {
	case "+", "-", "*", "/":
	case "%", "^", "&", "|", "#", "<<", ">>":
		return texpr{}, true, noOperator(p, l, op, r)
	default:
		return texpr{}, false, nil
	}
	l0, r0 := l, r
	fail := func(err error) (texpr, bool, error) {
		if err == nil {
			err = noOperator(p, l0, op, r0)
		}
		return texpr{}, true, err
	}
	if op == "*" && !isMoney(l) {
		l, r = r, l // the number * money is money * the number
	}
	if !isMoney(l) {
		return fail(nil) // x + money, x - money, x / money
	}
	var err error
	if op == "+" || op == "-" || op == "/" && (isMoney(r) || r.unknown) {
		if r, err = tr.coerce(r, value.TypeMoney); err != nil || !isMoney(r) {
			return fail(err)
		}
		switch op {
		case "+":
			return moneyCall("cash_pl", value.TypeMoney, p, l, r), true, nil
		case "-":
			return moneyCall("cash_mi", value.TypeMoney, p, l, r), true, nil
		}
		return moneyCall("cash_div_cash", value.TypeFloat8, p, l, r), true, nil
	}
	fn := "cash_mul_"
	if op == "/" {
		fn = "cash_div_"
	}
	switch {
	case r.unknown || categoryOf(r.t) == catNumber && r.t.Kind != value.KindInt:
		fn += "flt8"
		r, err = tr.coerce(r, value.TypeFloat8)
	case categoryOf(r.t) == catNumber:
		fn += "int8"
		r, err = tr.coerce(r, value.TypeInt8)
	default:
		return fail(nil)
	}
	if err != nil {
		return fail(err)
	}
	return moneyCall(fn, value.TypeMoney, p, l, r), true, nil
}

// moneyCast converts x to or from money: numeric, integer and bigint
// become money (numeric_cash, int8_cash), money becomes numeric
// (cash_numeric) or text (cash_text); text to money is read by
// value.Convert. ok is false when neither type is money or the
// conversion is text's.
func (tr *translator) moneyCast(x texpr, t value.Type, p int) (texpr, bool, error) {
	from, to := isMoney(x), t.Money && !t.Array
	if from == to || x.unknown || categoryOf(x.t) == catString || categoryOf(t) == catString || categoryOf(x.t) == catJSON {
		return texpr{}, false, nil
	}
	var y texpr
	switch {
	case from && t.Kind == value.KindDecimal:
		y = moneyCall("cash_numeric", value.TypeNumeric, p, x)
		if t.Precision > 0 {
			// numeric(p, s): the amount's numeric, then the typmod.
			c, err := tr.cast(y, t, p)
			return c, true, err
		}
	case to && x.t.Kind == value.KindDecimal:
		y = moneyCall("numeric_cash", value.TypeMoney, p, x)
	case to && x.t.Kind == value.KindInt && categoryOf(x.t) == catNumber && (x.t.Width == value.I32 || x.t.Width == value.I64):
		y = moneyCall("int8_cash", value.TypeMoney, p, x)
	default:
		return texpr{}, true, errAt(errs.CannotCoerce, p, "cannot cast type %s to %s", typeName(x), sqlTypeName(t))
	}
	return y, true, nil
}

// moneyCastable reports the casts between money and another type that
// PostgreSQL has (all of them allowed in assignment, too).
func moneyCastable(from, to value.Type) bool {
	if from.Money == to.Money || from.Array || to.Array {
		return false
	}
	if to.Money {
		return from.Kind == value.KindDecimal || categoryOf(from) == catNumber && from.Kind == value.KindInt && (from.Width == value.I32 || from.Width == value.I64)
	}
	return to.Kind == value.KindDecimal
}

// moneySigs are the money functions SQL may name, with their parameter
// types and results. money(x) is the cast's function, of several
// signatures (moneyFunc).
var moneySigs = map[string]struct {
	params []value.Type
	result value.Type
}{
	"cash_pl":       {[]value.Type{value.TypeMoney, value.TypeMoney}, value.TypeMoney},
	"cash_mi":       {[]value.Type{value.TypeMoney, value.TypeMoney}, value.TypeMoney},
	"cash_mul_int8": {[]value.Type{value.TypeMoney, value.TypeInt8}, value.TypeMoney},
	"cash_div_int8": {[]value.Type{value.TypeMoney, value.TypeInt8}, value.TypeMoney},
	"cash_mul_flt8": {[]value.Type{value.TypeMoney, value.TypeFloat8}, value.TypeMoney},
	"cash_div_flt8": {[]value.Type{value.TypeMoney, value.TypeFloat8}, value.TypeMoney},
	"cash_div_cash": {[]value.Type{value.TypeMoney, value.TypeMoney}, value.TypeFloat8},
	"cashlarger":    {[]value.Type{value.TypeMoney, value.TypeMoney}, value.TypeMoney},
	"cashsmaller":   {[]value.Type{value.TypeMoney, value.TypeMoney}, value.TypeMoney},
	"cash_words":    {[]value.Type{value.TypeMoney}, value.TypeText},
	"cash_numeric":  {[]value.Type{value.TypeMoney}, value.TypeNumeric},
	"cash_text":     {[]value.Type{value.TypeMoney}, value.TypeText},
	"numeric_cash":  {[]value.Type{value.TypeNumeric}, value.TypeMoney},
	"int8_cash":     {[]value.Type{value.TypeInt8}, value.TypeMoney},
	"cash_sum":      {[]value.Type{value.TypeNumeric}, value.TypeMoney},
}

// moneyFunc translates a call of one of money's functions, its
// arguments converted to the parameters' types as PostgreSQL's implicit
// casts would (an integer to a double precision, not to money). ok is
// false for other functions.
func (tr *translator) moneyFunc(name string, args []texpr, p int) (texpr, bool, error) {
	if name == "money" && len(args) == 1 {
		x := tr.refresh(args[0])
		switch {
		case x.unknown:
			var err error
			if x, err = tr.coerce(x, value.TypeNumeric); err != nil {
				return texpr{}, true, err
			}
		case x.t.Kind == value.KindInt && x.t.Width == value.I16 && categoryOf(x.t) == catNumber:
			return texpr{}, true, errAt(codeAmbiguousFunction, p, "function money(smallint) is not unique").
				WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
		case isMoney(x):
			return x, true, nil
		}
		if !moneyCastable(x.t, value.TypeMoney) {
			return texpr{}, true, noFunction(p, name, args)
		}
		y, _, err := tr.moneyCast(x, value.TypeMoney, p)
		return y, true, err
	}
	sig, ok := moneySigs[name]
	if !ok {
		return texpr{}, false, nil
	}
	if len(args) != len(sig.params) {
		return texpr{}, true, noFunction(p, name, args)
	}
	conv := make([]texpr, len(args))
	for i, a := range args {
		a, want := tr.refresh(a), sig.params[i]
		fits := a.unknown || isMoney(a) == want.Money && categoryOf(a.t) == categoryOf(want) &&
			(want.Kind != value.KindInt || a.t.Kind == value.KindInt) && (want.Kind != value.KindDecimal || a.t.Kind != value.KindFloat)
		if !fits {
			return texpr{}, true, noFunction(p, name, args)
		}
		var err error
		if conv[i], err = tr.coerce(a, want); err != nil {
			return texpr{}, true, err
		}
	}
	return moneyCall(name, sig.result, p, conv...), true, nil
}

// moneyParamType is the type an untyped argument of money's functions
// takes: numeric for money(x), as PostgreSQL picks money(numeric).
func moneyParamType(name string, i int) (value.Type, bool) {
	if name == "money" {
		return value.TypeNumeric, true
	}
	if sig, ok := moneySigs[name]; ok && i < len(sig.params) {
		return sig.params[i], true
	}
	return value.Type{}, false
}

// moneySum is sum(money): the sum of the cents as numeric, which
// cash_sum makes money again (22003 past its range, as cash_pl's
// overflow is).
func moneySum(p int) aggWrap {
	return func(x texpr) texpr { return moneyCall("cash_sum", value.TypeMoney, p, x) }
}

// ownText is x as text (its cast to a string type, ||, JSON) where its
// value would not show it: a pg_lsn or a money value, whose integer
// would, and a multirange, whose list would; and an oid, whose text is
// its integer's but which JSON shows as a string, as PostgreSQL does with
// every type that is not one of its numbers.
func ownText(x texpr, p int) texpr {
	switch {
	case !x.unknown && isArray(x.t) && ownTextType(*x.t.Elem):
		// An array of them: the array of their texts.
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::array_elems_text", SQL: true,
			Args: []plan.Expr{x.e, &plan.Const{At: at(p), V: value.Int(int64(x.t.Elem.OID()))}}}, t: value.ArrayOf(value.TypeText)}
	case isMultirange(x):
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::multirange_text", Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeText}
	case isLSN(x):
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::pg_lsn_text", Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeText}
	case isMoney(x):
		return moneyCall("cash_text", value.TypeText, p, x)
	case isOid(x):
		return texpr{e: &plan.Cast{At: at(p), X: x.e, To: value.TypeText}, t: value.TypeText}
	case !x.unknown && x.t.XML:
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::xml_out", Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeText}
	}
	return x
}

// ownTextType reports the types ownText converts.
func ownTextType(t value.Type) bool {
	return !t.Array && (t.LSN || t.Money || t.IsMultirange() || isOidType(t) || t.XML)
}

// ownIntTaken reports whether builtin function name takes args as far
// as pg_lsn and money go: the numeric functions take the integers they
// are made of, which PostgreSQL's have no signature for (abs(pg_lsn) is
// 42883), so only their own functions and those of any type take one.
func ownIntTaken(name string, args []texpr) bool {
	if !slices.ContainsFunc(args, func(x texpr) bool { return isLSN(x) || isMoney(x) }) {
		return true
	}
	switch name {
	case "pg_wal_lsn_diff", "pg_lsn_text", "pg_lsn_mi", "pg_lsn_pli", "pg_lsn_mii", "pg_typeof", "num_nulls", "num_nonnulls",
		"array_append", "array_prepend", "array_position", "array_positions", "array_remove", "array_replace", "array_fill",
		"quote_literal", "quote_nullable":
		return true
	}
	return false
}
