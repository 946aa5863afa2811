package exec

import (
	"math"
	"slices"

	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// aggMore is the state of SQL's string_agg, jsonb_agg and
// jsonb_object_agg, and of any aggregate with ORDER BY, whose inputs wait
// in pending until the result is asked for.
type aggMore struct {
	has     bool
	bytes   bool // string_agg of bytea
	sb      []byte
	names   []string
	pending []pendingAgg
	vr      variance
	rg      regression
}

// regression is the state of corr, covar_* and regr_*: PostgreSQL's
// float8_regr_accum (Youngs-Cramer: n, the sums of X and Y, and the
// sums of squared and crossed differences from the running means).
type regression struct {
	n, sx, sy, sxx, syy, sxy float64
}

func (rg *regression) add(y, x float64) error {
	old, oldSx, oldSy := rg.n, rg.sx, rg.sy
	rg.n++
	n := rg.n
	rg.sx += x
	rg.sy += y
	if old == 0 {
		// A first input that is infinite or NaN makes the dependent
		// sums NaN.
		if math.IsNaN(x) || math.IsInf(x, 0) {
			rg.sxx, rg.sxy = math.NaN(), math.NaN()
		}
		if math.IsNaN(y) || math.IsInf(y, 0) {
			rg.syy, rg.sxy = math.NaN(), math.NaN()
		}
		return nil
	}
	dx, dy := x*n-rg.sx, y*n-rg.sy
	scale := 1 / (n * old)
	rg.sxx += dx * dx * scale
	rg.syy += dy * dy * scale
	rg.sxy += dx * dy * scale
	// A sum that became infinite is an overflow when what it came from
	// was finite, else (an infinite input) NaN.
	finiteX := !math.IsInf(oldSx, 0) && !math.IsInf(x, 0)
	finiteY := !math.IsInf(oldSy, 0) && !math.IsInf(y, 0)
	if math.IsInf(rg.sx, 0) || math.IsInf(rg.sxx, 0) {
		if finiteX {
			return errFloatOverflow()
		}
		rg.sxx = math.NaN()
	}
	if math.IsInf(rg.sy, 0) || math.IsInf(rg.syy, 0) {
		if finiteY {
			return errFloatOverflow()
		}
		rg.syy = math.NaN()
	}
	if math.IsInf(rg.sxy, 0) {
		if finiteX && finiteY {
			return errFloatOverflow()
		}
		rg.sxy = math.NaN()
	}
	return nil
}

func errFloatOverflow() error {
	return errs.New(errs.NumericValueOutOfRange, "value out of range: overflow")
}

// result is the final function of aggregate f, as PostgreSQL's
// float8_corr, float8_covar_pop, ..., float8_regr_syy.
func (rg *regression) result(f plan.AggFunc) value.Value {
	if f == plan.AggRegrCount {
		return value.Int(int64(rg.n))
	}
	if rg.n < 1 || (f == plan.AggCovarSamp && rg.n < 2) {
		return value.None
	}
	n, sx, sy, sxx, syy, sxy := rg.n, rg.sx, rg.sy, rg.sxx, rg.syy, rg.sxy
	var r float64
	switch f {
	case plan.AggCorr:
		if sxx == 0 || syy == 0 {
			return value.None
		}
		r = sxy / math.Sqrt(sxx*syy)
	case plan.AggCovarPop:
		r = sxy / n
	case plan.AggCovarSamp:
		r = sxy / (n - 1)
	case plan.AggRegrAvgX:
		r = sx / n
	case plan.AggRegrAvgY:
		r = sy / n
	case plan.AggRegrIntercept:
		if sxx == 0 {
			return value.None
		}
		r = (sy - sx*sxy/sxx) / n
	case plan.AggRegrR2:
		if sxx == 0 {
			return value.None
		}
		if syy == 0 {
			return value.Float(1)
		}
		r = sxy * sxy / (sxx * syy)
	case plan.AggRegrSlope:
		if sxx == 0 {
			return value.None
		}
		r = sxy / sxx
	case plan.AggRegrSxx:
		r = sxx
	case plan.AggRegrSxy:
		r = sxy
	case plan.AggRegrSyy:
		r = syy
	}
	return value.Float(r)
}

// variance is the state of the variance and standard deviation
// aggregates: PostgreSQL's float8_accum (Youngs-Cramer: n, sum and the
// sum of squared differences from the running mean) over floats, and
// exact sums of the values and of their squares over integers and
// numeric.
type variance struct {
	n         int64
	float     bool
	sx, sxx   float64
	dsx, dsx2 *apd.Decimal
}

func (vr *variance) add(v value.Value) error {
	if v.Kind() == value.KindFloat {
		vr.float = true
		x := v.AsFloat()
		old := float64(vr.n)
		vr.n++
		n := float64(vr.n)
		vr.sx += x
		if old > 0 {
			tmp := x*n - vr.sx
			vr.sxx += tmp * tmp / (n * old)
			if math.IsInf(vr.sx, 0) || math.IsInf(vr.sxx, 0) {
				if !math.IsInf(x, 0) {
					return errs.New(errs.NumericValueOutOfRange, "value out of range: overflow")
				}
				vr.sxx = math.NaN()
			}
		} else if math.IsNaN(x) || math.IsInf(x, 0) {
			vr.sxx = math.NaN()
		}
		return nil
	}
	var d *apd.Decimal
	switch v.Kind() {
	case value.KindInt:
		d = apd.New(v.AsInt(), 0)
		if v.Width() == value.U64 {
			d = new(apd.Decimal)
			d.Coeff.SetUint64(v.AsUint64())
		}
	case value.KindDecimal:
		d = v.AsDecimal()
	default:
		return errs.New(errs.UndefinedFunction, "cannot compute the variance of values of type %s", kindName(v))
	}
	if vr.dsx == nil {
		vr.dsx, vr.dsx2 = new(apd.Decimal), new(apd.Decimal)
	}
	var sq apd.Decimal
	if _, err := varCtx.Mul(&sq, d, d); err != nil {
		return errs.New(errs.NumericValueOutOfRange, "value overflows numeric format")
	}
	if _, err := varCtx.Add(vr.dsx, vr.dsx, d); err != nil {
		return errs.New(errs.NumericValueOutOfRange, "value overflows numeric format")
	}
	if _, err := varCtx.Add(vr.dsx2, vr.dsx2, &sq); err != nil {
		return errs.New(errs.NumericValueOutOfRange, "value overflows numeric format")
	}
	vr.n++
	return nil
}

// varCtx keeps every digit of the sums (numeric holds at most 131072
// digits before and 16383 after the point).
var varCtx = apd.Context{Precision: 300000, MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent, Traps: apd.DefaultTraps}

func (vr *variance) result(f plan.AggFunc) (value.Value, error) {
	sample := f == plan.AggVarSamp || f == plan.AggStddevSamp
	stddev := f == plan.AggStddevSamp || f == plan.AggStddevPop
	if vr.float {
		n := float64(vr.n)
		if vr.n == 0 || (sample && vr.n == 1) {
			return value.None, nil
		}
		r := vr.sxx / n
		if sample {
			r = vr.sxx / (n - 1)
		}
		if stddev {
			r = math.Sqrt(r)
		}
		return value.Float(r), nil
	}
	if vr.dsx == nil {
		return value.None, nil
	}
	d, null, err := value.DecimalVariance(vr.n, vr.dsx, vr.dsx2, sample, stddev)
	if err != nil || null {
		return value.None, err
	}
	return value.Decimal(d), nil
}

type pendingAgg struct {
	keys  []value.Value
	v, v2 value.Value
}

// feed evaluates the aggregate's inputs on one row and adds them, unless
// its FILTER rejects the row; with ORDER BY they are kept for final.
func (acc *aggAcc) feed(r *run, sc *scope) error {
	a := acc.a
	if a.Filter != nil {
		ok, err := r.eval(a.Filter, sc)
		if err != nil {
			return err
		}
		if ok.Kind() != value.KindBool || !ok.AsBool() {
			return nil
		}
	}
	var v, v2 value.Value
	var err error
	if a.Func != plan.AggCountStar {
		if a.Arg == nil {
			return internalf("aggregate %d has no argument", a.Func)
		}
		if v, err = r.eval(a.Arg, sc); err != nil {
			return err
		}
	}
	if a.Arg2 != nil {
		if v2, err = r.eval(a.Arg2, sc); err != nil {
			return err
		}
	}
	if len(a.Order) > 0 {
		keys := make([]value.Value, len(a.Order))
		for i, k := range a.Order {
			if keys[i], err = r.eval(k.X, sc); err != nil {
				return err
			}
		}
		acc.more.pending = append(acc.more.pending, pendingAgg{keys: keys, v: v, v2: v2})
		return nil
	}
	return acc.addAt(r, v, v2)
}

// addAt adds one input, with the argument's position on its errors.
func (acc *aggAcc) addAt(r *run, v, v2 value.Value) error {
	if err := acc.add(r, v, v2); err != nil {
		pos := 0
		if acc.a.Arg != nil {
			pos = acc.a.Arg.Pos()
		}
		return atPos(err, pos)
	}
	return nil
}

// final adds the inputs ORDER BY held back, in order, and gives the result.
func (acc *aggAcc) final(r *run) (value.Value, error) {
	if p := acc.more.pending; p != nil {
		acc.more.pending = nil
		slices.SortStableFunc(p, func(x, y pendingAgg) int { return compareSortKeys(acc.a.Order, x.keys, y.keys) })
		for _, in := range p {
			if err := acc.addAt(r, in.v, in.v2); err != nil {
				return value.None, err
			}
		}
	}
	return acc.result()
}

func (acc *aggAcc) addMore(r *run, v, v2 value.Value) error {
	a, m := acc.a, &acc.more
	switch a.Func {
	case plan.AggStringAgg:
		if v.IsNone() {
			return nil
		}
		if a.Distinct && !acc.distinct(r, v) {
			return nil
		}
		if m.has && !v2.IsNone() {
			m.sb = append(m.sb, v2.AsString()...)
		}
		m.has, m.bytes = true, v.Kind() == value.KindBytes
		m.sb = append(m.sb, v.AsString()...)
	case plan.AggJSONAgg:
		if a.Distinct && !acc.distinct(r, v) {
			return nil
		}
		m.has = true
		// jsonb_agg's elements as to_jsonb makes them (a timestamptz in
		// the session time zone), at once: the result has no run.
		acc.list = append(acc.list, value.SQLJSON(v, r.zone(true)))
	case plan.AggVarSamp, plan.AggVarPop, plan.AggStddevSamp, plan.AggStddevPop:
		if v.IsNone() {
			return nil
		}
		if a.Distinct && !acc.distinct(r, v) {
			return nil
		}
		return m.vr.add(v)
	case plan.AggCorr, plan.AggCovarPop, plan.AggCovarSamp, plan.AggRegrAvgX, plan.AggRegrAvgY, plan.AggRegrCount,
		plan.AggRegrIntercept, plan.AggRegrR2, plan.AggRegrSlope, plan.AggRegrSxx, plan.AggRegrSxy, plan.AggRegrSyy:
		if v.IsSQLNull() || v2.IsSQLNull() {
			return nil
		}
		if a.Distinct && !acc.distinctPair(r, v, v2) {
			return nil
		}
		y, ok1 := value.ToFloat(v)
		x, ok2 := value.ToFloat(v2)
		if !ok1 || !ok2 {
			return internalf("aggregate %d of %s and %s", a.Func, kindName(v), kindName(v2))
		}
		return m.rg.add(y, x)
	case plan.AggJSONObjectAgg:
		if v.IsNone() {
			return errs.New(errs.InvalidParameterValue, "field name must not be null")
		}
		m.has = true
		name := v.AsString()
		if v.Kind() != value.KindString {
			name = value.CastTextIn(v, r.zone(true))
		}
		m.names = append(m.names, name)
		acc.list = append(acc.list, value.SQLJSON(v2, r.zone(true)))
	}
	return nil
}

func (acc *aggAcc) resultMore() (value.Value, error) {
	m := &acc.more
	switch acc.a.Func {
	case plan.AggVarSamp, plan.AggVarPop, plan.AggStddevSamp, plan.AggStddevPop:
		return m.vr.result(acc.a.Func)
	case plan.AggCorr, plan.AggCovarPop, plan.AggCovarSamp, plan.AggRegrAvgX, plan.AggRegrAvgY, plan.AggRegrCount,
		plan.AggRegrIntercept, plan.AggRegrR2, plan.AggRegrSlope, plan.AggRegrSxx, plan.AggRegrSxy, plan.AggRegrSyy:
		return m.rg.result(acc.a.Func), nil
	}
	if !m.has {
		return value.None, nil
	}
	switch acc.a.Func {
	case plan.AggStringAgg:
		if m.bytes {
			return value.Bytes(m.sb), nil
		}
		return value.String(string(m.sb)), nil
	case plan.AggJSONAgg:
		return value.List(acc.list), nil
	case plan.AggJSONObjectAgg:
		return value.JSONBObject(m.names, acc.list), nil
	}
	return value.None, internalf("aggregate %d not supported", acc.a.Func)
}
