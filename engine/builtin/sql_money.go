package builtin

import (
	"math"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// moneyFuncs are money's functions and the ones behind its operators and
// casts, named as PostgreSQL's (cash_pl, numeric_cash, ...). The SQL
// front end calls them with arguments of the types their names say (the
// integers as int8, the floats as float8), since a money value is an
// integer of cents that nothing else tells from one.
func moneyFuncs() []*Func {
	money, f8 := value.TypeMoney, value.TypeFloat8
	m := func(c int64) value.Value { return value.Money(c) }
	two := func(fn func(a, b int64) (int64, error)) func(string, *Context, []value.Value) (value.Value, error) {
		return func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			r, err := fn(args[0].AsInt(), args[1].AsInt())
			return value.Money(r), err
		}
	}
	floatOp := func(div bool) func(string, *Context, []value.Value) (value.Value, error) {
		return func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			c, f := float64(args[0].AsInt()), args[1].AsFloat()
			if div {
				if f == 0 {
					return value.None, errs.New(errs.DivisionByZero, "division by zero")
				}
				c /= f
			} else {
				c *= f
			}
			r, err := value.MoneyOfFloat(c)
			return value.Money(r), err
		}
	}
	fns := []*Func{
		sqlDef("cash_pl", 2, 2, "money + money.", resultOf(money),
			two(func(a, b int64) (int64, error) { return value.MoneyAdd(a, b, false) }),
			ex(`300`, m(100), m(200)), exErr(errs.NumericValueOutOfRange, m(math.MaxInt64), m(1))),
		sqlDef("cash_mi", 2, 2, "money - money.", resultOf(money),
			two(func(a, b int64) (int64, error) { return value.MoneyAdd(a, b, true) }),
			ex(`-100`, m(100), m(200)), exErr(errs.NumericValueOutOfRange, m(math.MinInt64), m(1))),
		sqlDef("cash_mul_int8", 2, 2, "money * integer.", resultOf(money), two(value.MoneyMulInt),
			ex(`-300`, m(100), vi(-3)), exErr(errs.NumericValueOutOfRange, m(math.MaxInt64), vi(2))),
		sqlDef("cash_div_int8", 2, 2, "money / integer, truncated toward zero.", resultOf(money), two(value.MoneyDivInt),
			ex(`33`, m(100), vi(3)), exErr(errs.DivisionByZero, m(1), vi(0))),
		sqlDef("cash_mul_flt8", 2, 2, "money * double precision, rounded to cents.", resultOf(money), floatOp(false),
			ex(`150`, m(100), vf(1.5))),
		sqlDef("cash_div_flt8", 2, 2, "money / double precision, rounded to cents.", resultOf(money), floatOp(true),
			ex(`67`, m(100), vf(1.5)), exErr(errs.DivisionByZero, m(1), vf(0))),
		sqlDef("cash_div_cash", 2, 2, "money / money: their ratio (double precision).", resultOf(f8),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				if args[1].AsInt() == 0 {
					return value.None, errs.New(errs.DivisionByZero, "division by zero")
				}
				return value.Float(float64(args[0].AsInt()) / float64(args[1].AsInt())), nil
			}, ex(`0.5`, m(100), m(200)), exErr(errs.DivisionByZero, m(1), m(0))),
		sqlDef("cashlarger", 2, 2, "The larger of two amounts of money.", resultOf(money),
			two(func(a, b int64) (int64, error) { return max(a, b), nil }), ex(`200`, m(100), m(200))),
		sqlDef("cashsmaller", 2, 2, "The smaller of two amounts of money.", resultOf(money),
			two(func(a, b int64) (int64, error) { return min(a, b), nil }), ex(`100`, m(100), m(200))),
		sqlDef("cash_numeric", 1, 1, "money as numeric: the amount with two decimals.", resultOf(value.TypeNumeric),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return value.Decimal(value.MoneyNumeric(args[0].AsInt())), nil
			}, ex(`12.30`, m(1230))),
		sqlDef("numeric_cash", 1, 1, "numeric as money: rounded to cents.", resultOf(money),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				r, err := value.MoneyOfNumeric(args[0].AsDecimal())
				return value.Money(r), err
			}, ex(`1235`, vd("12.345"))),
		sqlDef("int8_cash", 1, 1, "An integer amount as money.", resultOf(money),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				r, err := value.MoneyOfInt(args[0].AsInt())
				return value.Money(r), err
			}, ex(`1200`, vi(12)), exErr(errs.NumericValueOutOfRange, vi(math.MaxInt64))),
		sqlDef("cash_sum", 1, 1, "The money a sum of cents (numeric) makes: sum(money)'s result.", resultOf(money),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				n, err := args[0].AsDecimal().Int64()
				if err != nil {
					return value.None, value.ErrMoneyOutOfRange()
				}
				return value.Money(n), nil
			}, ex(`12`, value.Decimal(value.MoneyNumeric(1200)))),
		sqlDef("cash_text", 1, 1, "money as text: $1,234.56.", resultOf(value.TypeText),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return value.String(string(value.AppendMoney(nil, args[0].AsInt()))), nil
			}, ex(`"-$1,234.50"`, m(-123450))),
		sqlDef("cash_words", 1, 1, "The amount in words: One dollar and zero cents.", resultOf(value.TypeText),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return value.String(value.MoneyWords(args[0].AsInt())), nil
			}, ex(`"One dollar and five cents"`, m(105))),
	}
	for _, f := range fns {
		f.Strict, f.Pure = true, true
	}
	return fns
}
