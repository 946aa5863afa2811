package builtin

import (
	"math"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// vecArg reads a vector or a list of numbers as float64s.
func vecArg(fn string, args []value.Value, i int) ([]float64, error) {
	switch v := args[i]; v.Kind() {
	case value.KindVector:
		xs := v.AsVector()
		out := make([]float64, len(xs))
		for k, x := range xs {
			out[k] = float64(x)
		}
		return out, nil
	case value.KindList, value.KindTuple:
		xs := v.AsList()
		out := make([]float64, len(xs))
		for k, x := range xs {
			f, ok := value.ToFloat(x)
			if !ok {
				return nil, argErr(fn, i, "a vector or a list of numbers", v)
			}
			out[k] = f
		}
		return out, nil
	}
	return nil, argErr(fn, i, "a vector or a list of numbers", args[i])
}

// vecPair reads two vectors of the same dimension.
func vecPair(fn string, args []value.Value) (a, b []float64, err error) {
	if a, err = vecArg(fn, args, 0); err != nil {
		return nil, nil, err
	}
	if b, err = vecArg(fn, args, 1); err != nil {
		return nil, nil, err
	}
	if len(a) != len(b) {
		return nil, nil, errs.New(errs.DataException, "different vector dimensions %d and %d", len(a), len(b))
	}
	return a, b, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func l2(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}

// cosineDistance is 1 − cosine similarity; NaN when either vector is zero
// (as pgvector).
func cosineDistance(a, b []float64) float64 {
	na, nb := math.Sqrt(dot(a, a)), math.Sqrt(dot(b, b))
	if na == 0 || nb == 0 {
		return math.NaN()
	}
	sim := dot(a, b) / (na * nb)
	return 1 - math.Max(-1, math.Min(1, sim))
}

func pairFn(name string, f func(a, b []float64) float64) fnBody {
	return func(_ *Context, args []value.Value) (value.Value, error) {
		a, b, err := vecPair(name, args)
		if err != nil {
			return value.None, err
		}
		return value.Float(f(a, b)), nil
	}
}

func vectorFuncs() []*Func {
	v12 := vl(vi(1), vi(2))
	v34 := vl(vi(3), vi(4))
	return []*Func{
		def("distance", 2, 3, "The distance between two vectors (or lists of numbers) under a metric: @l2 (Euclidean, the default), @cosine (1 − cosine similarity) or @dot (the negative dot product, so that smaller is nearer).",
			func(_ *Context, args []value.Value) (value.Value, error) {
				a, b, err := vecPair("distance", args)
				if err != nil {
					return value.None, err
				}
				metric := "l2"
				if len(args) > 2 {
					m := args[2]
					if m.Kind() != value.KindSymbol && m.Kind() != value.KindString {
						return value.None, argErr("distance", 2, "@l2, @cosine or @dot", m)
					}
					metric = m.AsString()
				}
				switch metric {
				case "l2":
					return value.Float(l2(a, b)), nil
				case "cosine":
					return value.Float(cosineDistance(a, b)), nil
				case "dot":
					return value.Float(-dot(a, b)), nil
				}
				return value.None, errs.New(errs.InvalidParameterValue, "distance: unknown metric %q (use @l2, @cosine or @dot)", metric)
			},
			ex("2.8284271247461903", v12, v34), ex("-11", v12, v34, vsym("dot")), exErr(errs.DataException, v12, vl(vi(1)))),
		def("cosine", 2, 2, "The cosine distance: 1 − cosine similarity (0 for the same direction, 2 for opposite ones; NaN for a zero vector).",
			pairFn("cosine", cosineDistance), ex("1", vl(vi(1), vi(0)), vl(vi(0), vi(1))), ex("2", vl(vi(3), vi(4)), vl(vi(-3), vi(-4)))),
		def("l2", 2, 2, "The Euclidean distance.", pairFn("l2", l2), ex("5", vl(vi(0), vi(0)), v34)),
		def("dot", 2, 2, "The dot (inner) product.", pairFn("dot", dot), ex("11", v12, v34)),
		def("norm", 1, 1, "The Euclidean length of a vector.",
			func(_ *Context, args []value.Value) (value.Value, error) {
				a, err := vecArg("norm", args, 0)
				if err != nil {
					return value.None, err
				}
				return value.Float(math.Sqrt(dot(a, a))), nil
			},
			ex("5", v34)),
	}
}
