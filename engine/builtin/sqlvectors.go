package builtin

import (
	"math"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// pgvector's SQL functions, registered as sql::<name>. The arithmetic
// follows pgvector's: sums of f32 products accumulate in f32 and the
// result is widened, so answers match pgvector's to the last digit. The
// operators <->, <=> and <#> are translated to l2_distance,
// cosine_distance and vector_negative_inner_product.

// sqlVectors reads the one or two arguments, which must be vectors of one
// dimension (pgvector's 22000 "different vector dimensions 3 and 2").
// An array, not a slice: distances run once per row of an exact scan,
// and this allocates nothing.
func sqlVectors(name string, args []value.Value) (out [2][]float32, err error) {
	if len(args) > len(out) {
		return out, noSQLFunc(name, args)
	}
	for i, a := range args {
		if a.Kind() != value.KindVector {
			return out, noSQLFunc(name, args)
		}
		out[i] = a.AsVector()
		if i > 0 && len(out[i]) != len(out[0]) {
			return out, errs.New(errs.DataException, "different vector dimensions %d and %d", len(out[0]), len(out[i]))
		}
	}
	return out, nil
}

func f32Dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func sqlVectorPair(f func(a, b []float32) float64) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		vs, err := sqlVectors(name, args)
		if err != nil {
			return value.None, err
		}
		return value.Float(f(vs[0], vs[1])), nil
	}
}

func pgL2(a, b []float32) float64 {
	var s float32
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(float64(s))
}

func pgL1(a, b []float32) float64 {
	var s float32
	for i := range a {
		s += float32(math.Abs(float64(a[i] - b[i])))
	}
	return float64(s)
}

// pgCosine is pgvector's cosine_distance: NaN for a zero vector, the
// similarity clamped to [-1, 1].
func pgCosine(a, b []float32) float64 {
	dp, na, nb := f32Dot(a, b), f32Dot(a, a), f32Dot(b, b)
	sim := float64(dp) / math.Sqrt(float64(na)*float64(nb))
	if math.IsNaN(sim) {
		return math.NaN()
	}
	return 1 - math.Max(-1, math.Min(1, sim))
}

// sqlVectorArith is elementwise +, - or * with pgvector's overflow error.
func sqlVectorArith(f func(x, y float32) float32) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		vs, err := sqlVectors(name, args)
		if err != nil {
			return value.None, err
		}
		out := make([]float32, len(vs[0]))
		for i := range out {
			out[i] = f(vs[0][i], vs[1][i])
			if math.IsInf(float64(out[i]), 0) {
				return value.None, errs.New(errs.NumericValueOutOfRange, "value out of range: overflow")
			}
		}
		return value.Vector(out), nil
	}
}

func vecOf(xs ...float32) value.Value { return value.Vector(xs) }

func sqlVectorFuncs() []*Func {
	float8 := resultOf(value.TypeFloat8)
	vec := func(args []value.Type) value.Type { return value.Type{Kind: value.KindVector} }
	a, b := vecOf(1, 2, 3), vecOf(4, 6, 3)
	return []*Func{
		sqlDef("l2_distance", 2, 2, "pgvector's Euclidean distance (the <-> operator).", float8, sqlVectorPair(pgL2),
			ex("5", a, b), exErr(errs.DataException, a, vecOf(1, 2))),
		sqlDef("cosine_distance", 2, 2, "pgvector's cosine distance, 1 − cosine similarity (the <=> operator); NaN for a zero vector.", float8, sqlVectorPair(pgCosine),
			ex("1", vecOf(1, 0), vecOf(0, 1))),
		sqlDef("inner_product", 2, 2, "pgvector's inner product.", float8,
			sqlVectorPair(func(a, b []float32) float64 { return float64(f32Dot(a, b)) }), ex("25", a, b)),
		sqlDef("vector_negative_inner_product", 2, 2, "The negative inner product (the <#> operator: smaller is nearer).", float8,
			sqlVectorPair(func(a, b []float32) float64 { return -float64(f32Dot(a, b)) }), ex("-25", a, b)),
		sqlDef("l1_distance", 2, 2, "pgvector's taxicab distance (the <+> operator).", float8, sqlVectorPair(pgL1), ex("7", a, b)),
		sqlDef("vector_dims", 1, 1, "The number of dimensions of a vector.", resultOf(value.TypeInt4),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				vs, err := sqlVectors(name, args)
				if err != nil {
					return value.None, err
				}
				return value.IntW(int64(len(vs[0])), value.I32), nil
			}, ex("3", a)),
		sqlDef("vector_norm", 1, 1, "The Euclidean norm of a vector.", float8,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				vs, err := sqlVectors(name, args)
				if err != nil {
					return value.None, err
				}
				var s float64
				for _, x := range vs[0] {
					s += float64(x) * float64(x)
				}
				return value.Float(math.Sqrt(s)), nil
			}, ex("5", vecOf(3, 4))),
		sqlDef("vector_add", 2, 2, "Elementwise sum (the + operator on vectors).", vec,
			sqlVectorArith(func(x, y float32) float32 { return x + y }), ex("[5, 8, 6]", a, b)),
		sqlDef("vector_sub", 2, 2, "Elementwise difference (the - operator on vectors).", vec,
			sqlVectorArith(func(x, y float32) float32 { return x - y }), ex("[-3, -4, 0]", a, b)),
		sqlDef("vector_mul", 2, 2, "Elementwise product (the * operator on vectors).", vec,
			sqlVectorArith(func(x, y float32) float32 { return x * y }), ex("[4, 12, 9]", a, b)),
	}
}
