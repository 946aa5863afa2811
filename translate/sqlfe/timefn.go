package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func isTimestamp(x texpr) bool {
	return !x.unknown && x.t.Kind == value.KindDatetime && !x.t.Date && !x.t.WithTZ
}

func isDate(x texpr) bool { return !x.unknown && x.t.Kind == value.KindDatetime && x.t.Date }

func isTime(x texpr) bool { return !x.unknown && x.t.Kind == value.KindTime }

func isTimeTZ(x texpr) bool { return !x.unknown && x.t.Kind == value.KindTimeTZ }

// timeTZOperands types the operands of an operator with a timetz on one
// side as PostgreSQL resolves it: timetz - unknown takes an interval,
// timetz + unknown is ambiguous (timetz + interval, timetz + date), and
// a time beside a timetz becomes a timetz, by time's implicit cast (in
// the session time zone).
func (tr *translator) timeTZOperands(op string, l, r texpr, p int) (texpr, texpr, error) {
	var err error
	if op == "+" && (l.unknown || r.unknown) {
		return l, r, notUnique(p, typeName(l)+" + "+typeName(r))
	}
	for _, x := range []*texpr{&l, &r} {
		switch {
		case x.unknown && (op == "+" || op == "-"):
			*x, err = tr.coerce(*x, value.TypeInterval)
		case isTime(*x):
			*x, err = tr.cast(*x, value.TypeTimeTZ, p)
		}
		if err != nil {
			return l, r, err
		}
	}
	return l, r, nil
}

// timeOperands types the operands of an operator with a time on one
// side as PostgreSQL resolves it: time + unknown takes an interval,
// time - unknown a time; date + time is a timestamp (value.Arith), and
// where no operator of time fits (timestamp + time, time * 2, time <
// interval) the time becomes an interval, its implicit cast.
func (tr *translator) timeOperands(op string, l, r texpr, p int) (texpr, texpr, error) {
	if isTimeTZ(l) || isTimeTZ(r) {
		return tr.timeTZOperands(op, l, r, p)
	}
	if !isTime(l) && !isTime(r) {
		return l, r, nil
	}
	var err error
	for _, x := range []*texpr{&l, &r} {
		if x.unknown && (op == "+" || op == "-") {
			t := value.TypeTime
			if op == "+" {
				t = value.TypeInterval
			}
			if *x, err = tr.coerce(*x, t); err != nil {
				return l, r, err
			}
		}
	}
	other := func(x texpr) category {
		if x.t.Kind == value.KindDatetime && x.t.Date && op == "+" {
			return catOther // date + time is an operator of its own
		}
		return categoryOf(x.t)
	}
	co, timeLeft := other(r), isTime(l)
	if !timeLeft {
		co = other(l)
	}
	switch {
	case co == catTime && op == "+":
		return l, r, notUnique(p, "time without time zone + time without time zone")
	case co == catInterval && (op == "+" || op == "-" && timeLeft):
		return l, r, nil // time ± interval, interval + time
	}
	lt, rt := value.TypeInterval, r.t
	if !timeLeft {
		lt, rt = l.t, value.TypeInterval
	}
	arithOps := map[string]plan.Op{"+": plan.OpAdd, "-": plan.OpSub, "*": plan.OpMul, "/": plan.OpDiv}
	if aop, ok := arithOps[op]; ok {
		if _, ok := arithResult(aop, lt, rt); !ok || co == catJSON {
			return l, r, nil
		}
	} else if co != catInterval || !slices.Contains([]string{"=", "<>", "<", "<=", ">", ">="}, op) {
		return l, r, nil
	}
	for _, x := range []*texpr{&l, &r} {
		if isTime(*x) {
			if *x, err = tr.cast(*x, value.TypeInterval, p); err != nil {
				return l, r, err
			}
		}
	}
	return l, r, nil
}

// dateOp translates the date operators PostgreSQL has besides those of
// timestamps: date ± integer is a date, date - date the days between; a
// date with an interval is first a timestamp. ok is false when neither
// side is a date.
func (tr *translator) dateOp(op string, l, r texpr, p int) (texpr, texpr, texpr, bool, error) {
	if (op != "+" && op != "-") || (!isDate(l) && !isDate(r)) {
		return texpr{}, l, r, false, nil
	}
	var err error
	if l.unknown {
		l, err = tr.coerce(l, value.TypeDate)
	}
	if r.unknown {
		if op == "-" {
			r, err = tr.coerce(r, value.TypeDate)
		} else {
			r, err = tr.coerce(r, value.TypeInt4)
		}
	}
	if err != nil {
		return texpr{}, l, r, true, err
	}
	call := func(fn string, t value.Type, args ...plan.Expr) (texpr, texpr, texpr, bool, error) {
		return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: args, SQL: true}, t: t}, l, r, true, nil
	}
	isInt := func(x texpr) bool { return x.t.Kind == value.KindInt }
	switch {
	case isDate(l) && isDate(r) && op == "-":
		return call("sql::date_diff_days", value.TypeInt4, l.e, r.e)
	case isDate(l) && isInt(r):
		n := r.e
		if op == "-" {
			n = &plan.Unary{At: at(p), Op: plan.OpNeg, X: n, SQL: true}
		}
		return call("sql::date_add_days", value.TypeDate, l.e, n)
	case isInt(l) && isDate(r) && op == "+":
		return call("sql::date_add_days", value.TypeDate, r.e, l.e)
	}
	// A date with an interval (or a timestamp) computes as a timestamp;
	// date + time and date + timetz are operators of their own.
	for _, x := range []*texpr{&l, &r} {
		if isDate(*x) && !(op == "+" && (isTime(l) || isTime(r) || isTimeTZ(l) || isTimeTZ(r))) {
			if *x, err = tr.cast(*x, value.TypeTimestamp, p); err != nil {
				return texpr{}, l, r, true, err
			}
		}
	}
	return texpr{}, l, r, false, nil
}

// typedByTimeArgs reports the functions whose untyped arguments timeArgs
// types, from the other arguments, rather than the call's default.
func typedByTimeArgs(name string) bool { return name == "date_bin" || name == "isfinite" }

// timeArgs adjusts the arguments of the date/time functions the way
// PostgreSQL's overloads take them: date_trunc of a date truncates a
// timestamptz, and so does date_trunc with a zone, date_bin's moments
// share a type.
func (tr *translator) timeArgs(name string, args []texpr, p int) error {
	if i := len(args) - 1; (name == "date_trunc" || name == "isfinite") && i >= 0 && isTime(args[i]) {
		// PostgreSQL has these of intervals, which a time casts to
		// implicitly (date_trunc('hour', time '12:34') is an interval).
		x, err := tr.cast(args[i], value.TypeInterval, p)
		if err != nil {
			return err
		}
		args[i] = x
	}
	switch {
	case name == "date_trunc" && (len(args) == 2 && isDate(args[1]) ||
		len(args) == 3 && (args[1].unknown || args[1].t.Kind == value.KindDatetime && !args[1].t.WithTZ)):
		x, err := tr.coerce(args[1], value.TypeTimestampTZ)
		if !args[1].unknown {
			x, err = tr.cast(args[1], value.TypeTimestampTZ, p)
		}
		if err != nil {
			return err
		}
		args[1] = x
	case name == "isfinite" && len(args) == 1 && args[0].unknown:
		// date, timestamp, timestamptz and interval are all candidates.
		return errAt(codeAmbiguousFunction, p, "function isfinite(unknown) is not unique").
			WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
	case name == "date_bin" && len(args) == 3:
		return tr.dateBinArgs(args, p)
	}
	return nil
}

// dateBinArgs types date_bin(stride, source, origin) as PostgreSQL
// resolves it: the stride an interval, and the two moments timestamptz
// when one is, timestamps when one is, else timestamptz (the preferred
// type, for dates and unknown literals).
func (tr *translator) dateBinArgs(args []texpr, p int) error {
	for i, a := range args {
		want := value.KindDatetime
		if i == 0 {
			want = value.KindDuration
		}
		if !a.unknown && a.t.Kind != want {
			return noFunction(p, "date_bin", args)
		}
	}
	var err error
	if args[0].unknown {
		if args[0], err = tr.coerce(args[0], value.TypeInterval); err != nil {
			return err
		}
	}
	t := value.TypeTimestampTZ
	if !args[1].t.WithTZ && !args[2].t.WithTZ && (isTimestamp(args[1]) || isTimestamp(args[2])) {
		t = value.TypeTimestamp
	}
	for i := 1; i < 3; i++ {
		a := args[i]
		switch {
		case a.unknown:
			a, err = tr.coerce(a, t)
		case a.t.Kind == value.KindDatetime && (a.t.WithTZ != t.WithTZ || a.t.Date):
			a, err = tr.cast(a, t, p)
		}
		if err != nil {
			return err
		}
		args[i] = a
	}
	return nil
}

// intervalType is interval with PostgreSQL's type modifiers (intervaltypmodin):
// a field range (interval day to second) and a seconds' precision
// (interval(3), interval second(3)), which pg_query gives as the range
// mask and the precision.
func intervalType(mods []int, p int) (value.Type, error) {
	t := value.TypeInterval
	if len(mods) == 0 {
		return t, nil
	}
	if len(mods) > 2 {
		return value.Type{}, errAt(errs.InvalidParameterValue, p, "invalid INTERVAL type modifier")
	}
	const (
		day, hour, minute, second = value.IntervalDay, value.IntervalHour, value.IntervalMinute, value.IntervalSecond
	)
	rng, prec := mods[0], value.IntervalFullPrecision
	switch rng {
	case value.IntervalYear, value.IntervalMonth, day, hour, minute, second,
		value.IntervalYear | value.IntervalMonth, day | hour, day | hour | minute, day | hour | minute | second,
		hour | minute, hour | minute | second, minute | second, value.IntervalFullRange:
	default:
		return value.Type{}, errAt(errs.InvalidParameterValue, p, "invalid INTERVAL type modifier")
	}
	if len(mods) == 2 {
		prec = min(mods[1], 6) // PostgreSQL warns and reduces a larger one
		if prec < 0 {
			return value.Type{}, errAt(errs.InvalidParameterValue, p, "INTERVAL(%d) precision must not be negative", mods[1])
		}
	}
	t.IntervalTypmod = value.IntervalTypmod(rng, prec)
	return t, nil
}

// makeIntervalParams are make_interval's parameter names, in order.
var makeIntervalParams = [...]string{"years", "months", "weeks", "days", "hours", "mins", "secs"}

// namedIntervalArgs puts make_interval's named arguments (days => 10) in
// their places, after the positional ones, and gives the parameters not
// passed their default, 0. Without named arguments args is returned as
// it is.
func namedIntervalArgs(args []*pg.Node, p int) ([]*pg.Node, error) {
	return namedArgs("make_interval", makeIntervalParams[:], args, p, func(int) *pg.Node { return pg.MakeAConstIntNode(0, -1) })
}

// namedArgs puts a function's named arguments (name => value) in the
// places of its parameters params, after the positional ones, and gives
// the parameters not passed def(i), their default. Without named
// arguments args is returned as it is.
func namedArgs(fn string, params []string, args []*pg.Node, p int, def func(i int) *pg.Node) ([]*pg.Node, error) {
	named := false
	for _, a := range args {
		named = named || a.GetNamedArgExpr() != nil
	}
	if !named {
		return args, nil
	}
	slots := make([]*pg.Node, len(params))
	pos, seenNamed := 0, false
	for _, a := range args {
		na := a.GetNamedArgExpr()
		if na == nil {
			if seenNamed {
				return nil, errAt(errs.SyntaxError, p, "positional argument cannot follow named argument")
			}
			if pos == len(slots) {
				return nil, errAt(errs.UndefinedFunction, p, "function %s with %d arguments does not exist", fn, len(args))
			}
			slots[pos] = a
			pos++
			continue
		}
		seenNamed = true
		i := 0
		for i < len(params) && params[i] != na.Name {
			i++
		}
		if i == len(params) || slots[i] != nil {
			return nil, errAt(errs.UndefinedFunction, p, "function %s(%s => ...) does not exist", fn, na.Name).WithHint(hintNoFunction)
		}
		slots[i] = na.Arg
	}
	for i := range slots {
		if slots[i] == nil {
			slots[i] = def(i)
		}
	}
	return slots, nil
}
