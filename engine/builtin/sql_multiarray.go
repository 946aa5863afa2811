package builtin

import (
	"slices"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Arrays of several dimensions (value.Array): subscripts, slices,
// assignment and stacking, with PostgreSQL's bounds and errors. The
// element-wise functions (unnest, @>, array_to_string, ANY) read any
// array's elements flattened, as PostgreSQL's do, through AsList.

// errTooManyDims is PostgreSQL's MAXDIM error.
func errTooManyDims(n int) error {
	return errs.New(errs.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", n, value.MaxArrayDims)
}

// errNotOneDim is array_append's and array_prepend's refusal of an
// array of several dimensions.
func errNotOneDim() error {
	return errs.New(errs.DataException, "argument must be empty or one-dimensional array")
}

// lowerBound is a one-dimensional array's lower bound (1 when empty).
func lowerBound(v value.Value) int {
	if _, lbs := value.ArrayDims(v); len(lbs) > 0 {
		return lbs[0]
	}
	return 1
}

// arraySubscript is a[i][j]...: the element at the subscripts, NULL
// when one is NULL, out of the bounds, or they are not as many as the
// dimensions.
func arraySubscript(v value.Value, subs []value.Value) value.Value {
	dims, lbs := value.ArrayDims(v)
	if len(subs) != len(dims) {
		return value.None
	}
	off := 0
	for d, s := range subs {
		if s.IsNone() {
			return value.None
		}
		k := s.AsInt() - int64(lbs[d])
		if k < 0 || k >= int64(dims[d]) {
			return value.None
		}
		off = off*dims[d] + int(k)
	}
	return v.AsList()[off]
}

// sliceArray is the part of v from lo to hi in each dimension (already
// clamped to its bounds, as many as v has dimensions): an array whose
// lower bounds are 1, as array_get_slice makes.
func sliceArray(v value.Value, lo, hi []int) value.Value {
	dims, lbs := value.ArrayDims(v)
	xs := v.AsList()
	out := make([]int, len(dims))
	n := 1
	for d := range dims {
		if lo[d] > hi[d] {
			return value.List([]value.Value{})
		}
		out[d] = hi[d] - lo[d] + 1
		n *= out[d]
	}
	elems := make([]value.Value, 0, n)
	var walk func(d, off int)
	walk = func(d, off int) {
		for i := lo[d] - lbs[d]; i <= hi[d]-lbs[d]; i++ {
			if d == len(dims)-1 {
				elems = append(elems, xs[off*dims[d]+i])
			} else {
				walk(d+1, off*dims[d]+i)
			}
		}
	}
	walk(0, 0)
	return value.Array(elems, out, nil)
}

// arraySlice is a[lo:hi][lo:hi]...: bounds in pairs, a NULL bound the
// dimension's end; dimensions after the last pair are taken whole, and
// more pairs than dimensions give the empty array.
func arraySlice(v value.Value, bounds []value.Value) value.Value {
	dims, lbs := value.ArrayDims(v)
	if len(bounds)/2 > len(dims) {
		return value.List([]value.Value{})
	}
	lo, hi := make([]int, len(dims)), make([]int, len(dims))
	for d := range dims {
		lo[d], hi[d] = lbs[d], lbs[d]+dims[d]-1
		if 2*d+1 >= len(bounds) {
			continue
		}
		if b := bounds[2*d]; !b.IsNone() {
			lo[d] = int(max(b.AsInt(), int64(lo[d])))
		}
		if b := bounds[2*d+1]; !b.IsNone() {
			hi[d] = int(min(b.AsInt(), int64(hi[d])))
		}
	}
	return sliceArray(v, lo, hi)
}

// arraySet is v with the element at the subscripts set to x (UPDATE's
// SET a[i][j] = x, array_set_element): an empty or NULL array becomes
// one of that element at those subscripts, a one-dimensional one grows
// with NULLs to reach a subscript past either end, and an array of more
// dimensions takes only subscripts within its bounds.
func arraySet(v, x value.Value, subs []value.Value) (value.Value, error) {
	idx := make([]int, len(subs))
	for d, s := range subs {
		if s.IsNone() {
			return value.None, errs.New(errs.NullValueNotAllowed, "array subscript in assignment must not be null")
		}
		idx[d] = int(s.AsInt())
	}
	dims, lbs := value.ArrayDims(v)
	switch {
	case len(idx) > value.MaxArrayDims:
		return value.None, errTooManyDims(len(idx))
	case len(dims) == 0:
		ones := make([]int, len(idx))
		for i := range ones {
			ones[i] = 1
		}
		return value.Array([]value.Value{x}, ones, idx), nil
	case len(idx) != len(dims):
		return value.None, errs.New(errs.ArraySubscriptError, "wrong number of array subscripts")
	}
	xs := v.AsList()
	if len(dims) == 1 {
		lb, i := lbs[0], idx[0]
		from, to := min(lb, i), max(lb+len(xs)-1, i)
		if int64(to)-int64(from) >= maxSRFRows {
			return value.None, errs.New(errs.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxSRFRows)
		}
		out := make([]value.Value, to-from+1)
		copy(out[lb-from:], xs)
		out[i-from] = x
		return value.Array(out, []int{len(out)}, []int{from}), nil
	}
	off := 0
	for d, i := range idx {
		k := i - lbs[d]
		if k < 0 || k >= dims[d] {
			return value.None, errs.New(errs.ArraySubscriptError, "array subscript out of range")
		}
		off = off*dims[d] + k
	}
	out := append([]value.Value(nil), xs...)
	out[off] = x
	return value.SameShape(v, out), nil
}

// stackArrays makes one array of subs, each the element of a new first
// dimension: ARRAY[ARRAY[1,2], ARRAY[3,4]] (accumulate false) and
// array_agg or ARRAY(subquery) of arrays (accumulate true), with their
// errors for NULL, empty and unlike sub-arrays.
func stackArrays(subs []value.Value, accumulate bool) (value.Value, error) {
	mismatch := func() error {
		if accumulate {
			return errs.New(errs.ArraySubscriptError, "cannot accumulate arrays of different dimensionality")
		}
		return errs.New(errs.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions")
	}
	var dims, lbs []int
	var elems []value.Value
	empty, full := false, 0
	for _, s := range subs {
		if s.IsNone() && accumulate {
			return value.None, errs.New(errs.NullValueNotAllowed, "cannot accumulate null arrays")
		}
		d, l := value.ArrayDims(s)
		if len(d) == 0 {
			if accumulate {
				return value.None, errs.New(errs.ArraySubscriptError, "cannot accumulate empty arrays")
			}
			empty = true
			continue
		}
		if full == 0 {
			dims, lbs = d, l
			if len(d)+1 > value.MaxArrayDims {
				return value.None, errTooManyDims(len(d) + 1)
			}
		} else if !slices.Equal(d, dims) || !slices.Equal(l, lbs) {
			return value.None, mismatch()
		}
		full++
		elems = append(elems, s.AsList()...)
	}
	switch {
	case full == 0:
		return value.List([]value.Value{}), nil
	case empty:
		return value.None, mismatch()
	}
	return value.Array(elems, append([]int{full}, dims...), append([]int{1}, lbs...)), nil
}

// catArrays is array_cat (a || b of arrays): arrays of as many
// dimensions join along the first, and one of a dimension fewer is an
// element of the first dimension of the other, at its start or end.
func catArrays(a, b value.Value) (value.Value, error) {
	da, la := value.ArrayDims(a)
	db, lb := value.ArrayDims(b)
	switch {
	case len(da) == 0:
		return b, nil
	case len(db) == 0:
		return a, nil
	}
	incompatible := func(detail string, args ...any) error {
		return errs.New(errs.ArraySubscriptError, "cannot concatenate incompatible arrays").WithDetail(detail, args...)
	}
	var dims, lbs []int
	switch len(da) - len(db) {
	case 0:
		if !slices.Equal(da[1:], db[1:]) || !slices.Equal(la[1:], lb[1:]) {
			return value.None, incompatible("Arrays with differing element dimensions are not compatible for concatenation.")
		}
		dims, lbs = append([]int{da[0] + db[0]}, da[1:]...), la
	case -1:
		if !slices.Equal(da, db[1:]) || !slices.Equal(la, lb[1:]) {
			return value.None, incompatible("Arrays with differing dimensions are not compatible for concatenation.")
		}
		dims, lbs = append([]int{db[0] + 1}, db[1:]...), lb
	case 1:
		if !slices.Equal(db, da[1:]) || !slices.Equal(lb, la[1:]) {
			return value.None, incompatible("Arrays with differing dimensions are not compatible for concatenation.")
		}
		dims, lbs = append([]int{da[0] + 1}, da[1:]...), la
	default:
		return value.None, incompatible("Arrays of %d and %d dimensions are not compatible for concatenation.", len(da), len(db))
	}
	elems := append(append(make([]value.Value, 0, len(a.AsList())+len(b.AsList())), a.AsList()...), b.AsList()...)
	return value.Array(elems, dims, lbs), nil
}

// nullOrInts checks that args from i on are integers or NULL (the
// subscripts of a[i][j]).
func nullOrInts(name string, args []value.Value, i int) error {
	for k := i; k < len(args); k++ {
		if !args[k].IsNone() {
			if _, err := sqlInt(name, args, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// errNoMultiDimSearch is array_position's and array_positions' refusal
// of an array of several dimensions, as PostgreSQL's.
func errNoMultiDimSearch() error {
	return errs.New(errs.FeatureNotSupported, "searching for elements in multidimensional arrays is not supported")
}

// arrayFill is array_fill(value, dims [, lbs]) of arguments checked
// not to be NULL arrays.
func arrayFill(name string, args []value.Value) (value.Value, error) {
	var dims, lbs []int
	for i := 1; i < len(args); i++ {
		xs, err := arrayArg(name, args, i)
		if err != nil {
			return value.None, err
		}
		if value.ArrayNDims(args[i]) > 1 {
			return value.None, errs.New(errs.ArraySubscriptError, "wrong number of array subscripts").
				WithDetail("Dimension array must be one dimensional.")
		}
		ns := make([]int, len(xs))
		for k, x := range xs {
			if x.IsNone() {
				return value.None, errs.New(errs.NullValueNotAllowed, "dimension values cannot be null")
			}
			ns[k] = int(x.AsInt())
		}
		if i == 1 {
			dims = ns
		} else {
			lbs = ns
		}
	}
	switch {
	case len(dims) > value.MaxArrayDims:
		return value.None, errTooManyDims(len(dims))
	case lbs != nil && len(lbs) != len(dims):
		return value.None, errs.New(errs.ArraySubscriptError, "wrong number of array subscripts").
			WithDetail("Low bound array has different size than dimensions array.")
	}
	n := int64(1)
	for _, d := range dims {
		if d < 0 || n*int64(d) > maxSRFRows {
			return value.None, errs.New(codeProgramLimit, "array size exceeds the maximum allowed (%d)", maxSRFRows)
		}
		n *= int64(d)
	}
	if len(dims) == 0 || n == 0 {
		return value.List([]value.Value{}), nil
	}
	out := make([]value.Value, n)
	for i := range out {
		out[i] = args[0]
	}
	return value.Array(out, dims, lbs), nil
}

// arraySetSlice is v with the slice at bounds (lo, hi pairs; NULL for
// the array's own) replaced by the first elements of src, in storage
// order (UPDATE's SET a[1:2] = src, array_set_slice): a NULL or empty v
// becomes an array of the slice's bounds, a one-dimensional one grows
// with NULLs to take it, one of more dimensions takes slices within its
// bounds only.
func arraySetSlice(v, src value.Value, bounds []value.Value) (value.Value, error) {
	n := len(bounds) / 2
	dims, lbs := value.ArrayDims(v)
	if n > value.MaxArrayDims {
		return value.None, errTooManyDims(n)
	}
	empty := len(dims) == 0
	if !empty && len(dims) < n {
		return value.None, errs.New(errs.ArraySubscriptError, "wrong number of array subscripts")
	}
	if empty {
		dims, lbs = make([]int, n), make([]int, n)
	}
	lo, hi := make([]int, len(dims)), make([]int, len(dims))
	for d := range dims {
		lo[d], hi[d] = lbs[d], lbs[d]+dims[d]-1
		if d >= n {
			continue
		}
		l, h := bounds[2*d], bounds[2*d+1]
		if empty && (l.IsNone() || h.IsNone()) {
			return value.None, errs.New(errs.ArraySubscriptError, "array slice subscript must provide both boundaries").
				WithDetail("When assigning to a slice of an empty array value, slice boundaries must be fully specified.")
		}
		if !l.IsNone() {
			lo[d] = int(l.AsInt())
		}
		if !h.IsNone() {
			hi[d] = int(h.AsInt())
		}
		if hi[d] < lo[d] {
			return value.None, errs.New(errs.ArraySubscriptError, "upper bound cannot be less than lower bound")
		}
	}
	count := 1
	for d := range lo {
		count *= hi[d] - lo[d] + 1
	}
	from := src.AsList()
	if len(from) < count {
		return value.None, errs.New(errs.ArraySubscriptError, "source array too small")
	}
	if empty {
		out := make([]int, len(lo))
		for d := range lo {
			out[d] = hi[d] - lo[d] + 1
		}
		return value.Array(append([]value.Value(nil), from[:count]...), out, lo), nil
	}
	xs := v.AsList()
	if len(dims) == 1 {
		first, last := min(lbs[0], lo[0]), max(lbs[0]+dims[0]-1, hi[0])
		if int64(last)-int64(first) >= maxSRFRows {
			return value.None, errs.New(errs.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxSRFRows)
		}
		out := make([]value.Value, last-first+1)
		copy(out[lbs[0]-first:], xs)
		copy(out[lo[0]-first:], from[:count])
		return value.Array(out, []int{len(out)}, []int{first}), nil
	}
	for d := range dims {
		if lo[d] < lbs[d] || hi[d] > lbs[d]+dims[d]-1 {
			return value.None, errs.New(errs.ArraySubscriptError, "array subscript out of range")
		}
	}
	out := append([]value.Value(nil), xs...)
	k := 0
	var walk func(d, off int)
	walk = func(d, off int) {
		for i := lo[d] - lbs[d]; i <= hi[d]-lbs[d]; i++ {
			if d == len(dims)-1 {
				out[off*dims[d]+i] = from[k]
				k++
			} else {
				walk(d+1, off*dims[d]+i)
			}
		}
	}
	walk(0, 0)
	return value.SameShape(v, out), nil
}
