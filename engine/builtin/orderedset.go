package builtin

import (
	"math"
	"strconv"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The final steps of the ordered-set aggregates (see sqlfe's
// orderedset.go): each gets the group's values sorted, NULLs left out.

func orderedSetFuncs() []*Func {
	float8 := resultOf(value.TypeFloat8)
	arr := func(xs ...value.Value) value.Value { return value.List(xs) }
	return []*Func{
		nonStrict(sqlDef("percentile_cont_sorted", 2, 2, "percentile_cont(f) WITHIN GROUP (ORDER BY x) of the sorted values: the value at fraction f, interpolated between the two nearest (an array of fractions gives an array).", float8,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				return percentiles(name, args, func(xs []value.Value, f float64) (value.Value, error) {
					pos := f * float64(len(xs)-1)
					lo, hi := math.Floor(pos), math.Ceil(pos)
					a, err := floatOf(name, xs[int(lo)])
					if err != nil {
						return value.None, err
					}
					b, err := floatOf(name, xs[int(hi)])
					if err != nil {
						return value.None, err
					}
					return value.Float(a + (pos-lo)*(b-a)), nil
				})
			}, ex("2.5", vf(0.5), arr(vi4(1), vi4(2), vi4(3), vi4(4))))),
		nonStrict(sqlDef("percentile_disc_sorted", 2, 2, "percentile_disc(f) WITHIN GROUP (ORDER BY x) of the sorted values: the first value at or past fraction f.", elemOfSecond,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				return percentiles(name, args, func(xs []value.Value, f float64) (value.Value, error) {
					i := int(math.Ceil(f*float64(len(xs)))) - 1
					return xs[max(i, 0)], nil
				})
			}, ex("2", vf(0.5), arr(vi4(1), vi4(2), vi4(3), vi4(4))))),
		nonStrict(sqlDef("mode_sorted", 1, 1, "mode() WITHIN GROUP (ORDER BY x) of the sorted values: the most frequent, the first of them in sort order on a tie.", func(args []value.Type) value.Type { return elemOf(args[0]) },
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() {
					return value.None, nil
				}
				xs, err := arrayArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				best, bestN := value.None, 0
				for i := 0; i < len(xs); {
					j := i + 1
					for j < len(xs) && value.Compare(xs[j], xs[i]) == 0 {
						j++
					}
					if j-i > bestN {
						best, bestN = xs[i], j-i
					}
					i = j
				}
				return best, nil
			}, ex("2", arr(vi4(1), vi4(2), vi4(2), vi4(3))))),
	}
}

func elemOfSecond(args []value.Type) value.Type {
	if len(args) < 2 {
		return value.Any
	}
	if args[0].Array {
		return value.ArrayOf(elemOf(args[1]))
	}
	return elemOf(args[1])
}

// percentiles applies pick to the sorted values (args[1]) at the
// fraction args[0], or at each of an array of fractions; no values or a
// NULL fraction give NULL.
func percentiles(name string, args []value.Value, pick func(xs []value.Value, f float64) (value.Value, error)) (value.Value, error) {
	if args[0].IsNone() || args[1].IsNone() {
		return value.None, nil
	}
	xs, err := arrayArg(name, args, 1)
	if err != nil {
		return value.None, err
	}
	one := func(fv value.Value) (value.Value, error) {
		if fv.IsNone() {
			return value.None, nil
		}
		f, err := floatOf(name, fv)
		if err != nil {
			return value.None, err
		}
		if f < 0 || f > 1 || math.IsNaN(f) {
			return value.None, errs.New(errs.NumericValueOutOfRange, "percentile value %s is not between 0 and 1", strconv.FormatFloat(f, 'g', -1, 64))
		}
		if len(xs) == 0 {
			return value.None, nil
		}
		return pick(xs, f)
	}
	if args[0].Kind() != value.KindList {
		return one(args[0])
	}
	if len(xs) == 0 {
		return value.None, nil
	}
	fs := args[0].AsList()
	out := make([]value.Value, len(fs))
	for i, fv := range fs {
		if out[i], err = one(fv); err != nil {
			return value.None, err
		}
	}
	return value.List(out), nil
}

// floatOf is a number as a float64.
func floatOf(name string, v value.Value) (float64, error) {
	switch v.Kind() {
	case value.KindFloat:
		return v.AsFloat(), nil
	case value.KindInt:
		return float64(v.AsInt()), nil
	case value.KindDecimal:
		f, err := v.AsDecimal().Float64()
		return f, err
	}
	return 0, errs.New(errs.DatatypeMismatch, "%s: %s is not a number", name, value.TypeOf(v).SQLName())
}
