package builtin

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The SQL array functions: arrays are lists, subscripts start at 1, and
// a subscript outside the array gives NULL, as in PostgreSQL.

func arrayArg(name string, args []value.Value, i int) ([]value.Value, error) {
	switch args[i].Kind() {
	case value.KindList, value.KindTuple:
		return args[i].AsList(), nil
	}
	return nil, noSQLFunc(name, args)
}

// elemOrFirst is the element type of an array argument type.
func elemOf(t value.Type) value.Type {
	if t.Elem != nil {
		return *t.Elem
	}
	return value.Any
}

func firstArray(args []value.Type) value.Type {
	for _, a := range args {
		if a.Array {
			return a
		}
	}
	return firstArgType(args)
}

// arrayElemType checks the arguments of array_text and array_elems_text
// (an array, its element type's OID) and gives that type.
func arrayElemType(name string, args []value.Value) (value.Type, error) {
	if _, err := arrayArg(name, args, 0); err != nil {
		return value.Type{}, err
	}
	oid, err := sqlInt(name, args, 1)
	if err != nil {
		return value.Type{}, err
	}
	return value.TypeOfOID(uint32(oid)), nil
}

func arrayFuncs() []*Func {
	int4 := resultOf(value.TypeInt4)
	text := resultOf(value.TypeText)
	boolean := resultOf(value.TypeBool)
	arr := func(xs ...value.Value) value.Value { return value.List(xs) }
	one, two, three := vi4(1), vi4(2), vi4(3)

	arrayText := sqlDef("array_text", 2, 2, "An array's text as PostgreSQL prints it ({1,2}, {x,\"y z\"}, {t,f}): the cast of an array to text, the arrays format and concat show; the second argument is the element type's OID.", text,
		func(name string, _ *Context, args []value.Value) (value.Value, error) {
			elem, err := arrayElemType(name, args)
			if err != nil {
				return value.None, err
			}
			b, err := value.AppendText(nil, args[0], value.ArrayOf(elem))
			if err != nil {
				return value.None, err
			}
			return value.String(string(b)), nil
		}, ex(`"{1,2}"`, arr(one, two), vi4(int64(value.OIDInt4))))

	elemsText := sqlDef("array_elems_text", 2, 2, "An array's elements as their text (text[]), the second argument being their type's OID: the cast to text[] and the JSON of arrays whose values do not show their text (money[], pg_lsn[], multiranges).", resultOf(value.ArrayOf(value.TypeText)),
		func(name string, _ *Context, args []value.Value) (value.Value, error) {
			t, err := arrayElemType(name, args)
			if err != nil {
				return value.None, err
			}
			xs := args[0].AsList()
			out := make([]value.Value, len(xs))
			for i, x := range xs {
				if x.IsSQLNull() {
					continue
				}
				b, err := value.AppendText(nil, x, t)
				if err != nil {
					return value.None, err
				}
				out[i] = value.String(string(b))
			}
			return value.SameShape(args[0], out), nil
		}, ex(`["$1.00"]`, arr(vi(100)), vi4(int64(value.OIDMoney))))
	subscript := nonStrict(sqlDef("array_subscript", 2, 1+value.MaxArrayDims, "The element at 1-based subscripts, one per dimension (a[i], a[i][j]); NULL outside the array or for another number of subscripts.",
		func(args []value.Type) value.Type { return elemOf(args[0]) },
		func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[0].IsNone() {
				return value.None, nil
			}
			if _, err := arrayArg(name, args, 0); err != nil {
				return value.None, err
			}
			if err := nullOrInts(name, args, 1); err != nil {
				return value.None, err
			}
			return arraySubscript(args[0], args[1:]), nil
		}, ex("2", arr(one, two), two), ex("null", arr(one), three),
		ex("3", value.Array([]value.Value{one, two, three, vi4(4)}, []int{2, 2}, nil), two, one)))
	slice := nonStrict(sqlDef("array_slice", 3, 1+2*value.MaxArrayDims, "The elements from lower to upper subscript in each dimension (a[lo:hi], a[lo:hi][lo:hi]); a NULL bound is the dimension's end.",
		firstArgType,
		func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[0].IsNone() {
				return value.None, nil
			}
			if _, err := arrayArg(name, args, 0); err != nil {
				return value.None, err
			}
			if err := nullOrInts(name, args, 1); err != nil {
				return value.None, err
			}
			return arraySlice(args[0], args[1:]), nil
		}, ex("[2, 3]", arr(one, two, three), two, value.None)))
	set := nonStrict(sqlDef("array_set", 3, 2+value.MaxArrayDims, "array_set(a, x, i [, j ...]): the array with the element at the subscripts set to x (UPDATE's SET a[i] = x); a one-dimensional array grows with NULLs to reach the subscript.",
		firstArgType,
		func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if !args[0].IsNone() {
				if _, err := arrayArg(name, args, 0); err != nil {
					return value.None, err
				}
			}
			if err := nullOrInts(name, args, 2); err != nil {
				return value.None, err
			}
			return arraySet(args[0], args[1], args[2:])
		}, ex("[1, 9]", arr(one, two), vi4(9), two), ex("[9]", value.None, vi4(9), one)))
	dimFn := func(fname, doc string, f func(n, lb int) int, exs ...Example) *Func {
		return sqlDef(fname, 2, 2, doc, int4, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			xs, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			d, err := sqlInt(name, args, 1)
			if err != nil {
				return value.None, err
			}
			dims, lbs := value.ArrayDims(args[0])
			if d < 1 || d > int64(len(dims)) || len(xs) == 0 {
				return value.None, nil
			}
			return value.IntW(int64(f(dims[d-1], lbs[d-1])), value.I32), nil
		}, exs...)
	}
	anyAll := func(fname, doc string, all bool, exs ...Example) *Func {
		return nonStrict(sqlDef(fname, 3, 3, doc, boolean, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[2].IsNone() {
				return value.None, nil
			}
			xs, err := arrayArg(name, args, 2)
			if err != nil {
				return value.None, err
			}
			op, x := args[0].AsString(), args[1]
			sawNull := false
			for _, y := range xs {
				if x.IsNone() || y.IsNone() {
					sawNull = true
					continue
				}
				if compareBy(op, value.Compare(x, y)) != all {
					return value.Bool(!all), nil
				}
			}
			if sawNull {
				return value.None, nil
			}
			return value.Bool(all), nil
		}, exs...))
	}
	return []*Func{
		arrayText,
		elemsText,
		subscript, slice, set,
		nonStrict(sqlDef("array_set_slice", 4, 2+2*value.MaxArrayDims, "array_set_slice(a, src, lo, hi [, lo, hi ...]): the array with the slice replaced by src's first elements (UPDATE's SET a[lo:hi] = src); a one-dimensional array grows with NULLs to take it.",
			firstArgType,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				for i := range 2 {
					if !args[i].IsNone() {
						if _, err := arrayArg(name, args, i); err != nil {
							return value.None, err
						}
					}
				}
				if err := nullOrInts(name, args, 2); err != nil {
					return value.None, err
				}
				if args[1].IsNone() {
					return args[0], nil
				}
				return arraySetSlice(args[0], args[1], args[2:])
			}, ex("[1, 8, 9]", arr(one, two, three), arr(vi4(8), vi4(9)), two, three), ex("[1, 2, null, 9]", arr(one, two), arr(vi4(9)), vi4(4), vi4(4)),
			exErr(errs.ArraySubscriptError, arr(one, two), arr(vi4(9)), one, two))),
		nonStrict(sqlDef("array_stack", 1, -1, "ARRAY[a, b, ...] of arrays: one array of a dimension more, whose first holds the arguments (alike in dimensions; NULLs and empty arrays only when all are).", firstArgType,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				for i, a := range args {
					if !a.IsNone() {
						if _, err := arrayArg(name, args, i); err != nil {
							return value.None, err
						}
					}
				}
				return stackArrays(args, false)
			}, ex("[[1, 2], [3, 4]]", arr(one, two), arr(three, vi4(4))), exErr(errs.ArraySubscriptError, arr(one), arr(one, two)))),
		sqlDef("array_accum", 1, 1, "array_agg and ARRAY(subquery) of arrays: the list of arrays as one array of a dimension more (none NULL or empty, all alike in dimensions).", func(ts []value.Type) value.Type { return elemOf(ts[0]) },
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				subs, err := arrayArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				for _, s := range subs {
					if k := s.Kind(); k != value.KindList && k != value.KindTuple && k != value.KindNone {
						return value.None, noSQLFunc(name, args)
					}
				}
				return stackArrays(subs, true)
			}, ex("[[1, 2], [3, 4]]", value.List([]value.Value{arr(one, two), arr(three, vi4(4))})),
			exErr(errs.NullValueNotAllowed, value.List([]value.Value{arr(one), value.None}))),
		anyAll("array_any", "x op ANY (array): whether the comparison holds for some element (NULL when unknown).", false,
			ex("true", vs("="), two, arr(one, two)), ex("null", vs("="), three, arr(one, value.None))),
		anyAll("array_all", "x op ALL (array): whether the comparison holds for every element (NULL when unknown).", true,
			ex("true", vs(">"), three, arr(one, two)), ex("false", vs("<"), two, arr(one, two))),
		dimFn("array_length", "The length of the array in a dimension (NULL for an empty array or a dimension it has not).", func(n, _ int) int { return n },
			ex("3", arr(one, two, three), one), ex("null", arr(), one), ex("2", value.Array([]value.Value{one, two, three, one, two, three}, []int{3, 2}, nil), two)),
		dimFn("array_upper", "The upper bound of a dimension.", func(n, lb int) int { return lb + n - 1 }, ex("2", arr(one, two), one)),
		dimFn("array_lower", "The lower bound of a dimension.", func(_, lb int) int { return lb }, ex("1", arr(one, two), one),
			ex("0", value.Array([]value.Value{one, two}, []int{2}, []int{0}), one)),
		sqlDef("cardinality", 1, 1, "The number of elements of the array.", int4, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			xs, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			return value.IntW(int64(len(xs)), value.I32), nil
		}, ex("2", arr(one, two))),
		sqlDef("array_dims", 1, 1, "The array's dimensions as text, [lower:upper] each; NULL for an empty array.", text, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			xs, err := arrayArg(name, args, 0)
			if err != nil || len(xs) == 0 {
				return value.None, err
			}
			dims, lbs := value.ArrayDims(args[0])
			return value.String(string(value.AppendArrayDims(nil, dims, lbs))), nil
		}, ex(`"[1:2]"`, arr(one, two)), ex("null", arr()), ex(`"[0:0][1:2]"`, value.Array([]value.Value{one, two}, []int{1, 2}, []int{0, 1}))),
		sqlDef("array_ndims", 1, 1, "The number of the array's dimensions; NULL for an empty array.", int4, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			xs, err := arrayArg(name, args, 0)
			if err != nil || len(xs) == 0 {
				return value.None, err
			}
			return value.IntW(int64(value.ArrayNDims(args[0])), value.I32), nil
		}, ex("1", arr(one, two)), ex("null", arr()), ex("2", value.Array([]value.Value{one, two}, []int{1, 2}, nil))),
		nonStrict(sqlDef("array_append", 2, 2, "The array with an element added at the end.", firstArray, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			var xs []value.Value
			if !args[0].IsNone() {
				var err error
				if xs, err = arrayArg(name, args, 0); err != nil {
					return value.None, err
				}
				if value.ArrayNDims(args[0]) > 1 {
					return value.None, errNotOneDim()
				}
			}
			out := append(append([]value.Value(nil), xs...), args[1])
			return value.Array(out, []int{len(out)}, []int{lowerBound(args[0])}), nil
		}, ex("[1, 2]", arr(one), two))),
		nonStrict(sqlDef("array_prepend", 2, 2, "The array with an element added at the start.", firstArray, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			var xs []value.Value
			if !args[1].IsNone() {
				var err error
				if xs, err = arrayArg(name, args, 1); err != nil {
					return value.None, err
				}
				if value.ArrayNDims(args[1]) > 1 {
					return value.None, errNotOneDim()
				}
			}
			out := append([]value.Value{args[0]}, xs...)
			return value.Array(out, []int{len(out)}, []int{lowerBound(args[1])}), nil
		}, ex("[1, 2]", one, arr(two)))),
		nonStrict(sqlDef("array_cat", 2, 2, "The concatenation of two arrays.", firstArray, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			for i := range args {
				if args[i].IsNone() {
					return args[1-i], nil
				}
				if _, err := arrayArg(name, args, i); err != nil {
					return value.None, err
				}
			}
			return catArrays(args[0], args[1])
		}, ex("[1, 2, 3]", arr(one), arr(two, three)))),
		nonStrict(sqlDef("array_position", 2, 3, "The subscript of the first element IS NOT DISTINCT FROM the value, from an optional start.", int4, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[0].IsNone() {
				return value.None, nil
			}
			xs, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			if value.ArrayNDims(args[0]) > 1 {
				return value.None, errNoMultiDimSearch()
			}
			lb := int64(lowerBound(args[0]))
			start := lb
			if len(args) > 2 {
				if args[2].IsNone() {
					return value.None, errs.New(errs.NullValueNotAllowed, "initial position must not be null")
				}
				if start, err = sqlInt(name, args, 2); err != nil {
					return value.None, err
				}
			}
			for i := max(start-lb, 0); i < int64(len(xs)); i++ {
				if value.Compare(xs[i], args[1]) == 0 {
					return value.IntW(i+lb, value.I32), nil
				}
			}
			return value.None, nil
		}, ex("2", arr(one, two, two), two), ex("3", arr(one, two, two), two, three))),
		nonStrict(sqlDef("array_positions", 2, 2, "The subscripts of the elements IS NOT DISTINCT FROM the value, in order.", resultOf(value.ArrayOf(value.TypeInt4)), func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[0].IsNone() {
				return value.None, nil
			}
			xs, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			if value.ArrayNDims(args[0]) > 1 {
				return value.None, errNoMultiDimSearch()
			}
			lb := lowerBound(args[0])
			out := []value.Value{}
			for i, x := range xs {
				if value.Compare(x, args[1]) == 0 {
					out = append(out, value.IntW(int64(i+lb), value.I32))
				}
			}
			return value.List(out), nil
		}, ex("[2, 4]", value.List([]value.Value{vi4(1), vi4(2), vi4(3), vi4(2)}), vi4(2)))),
		nonStrict(sqlDef("array_fill", 2, 3, "array_fill(value, dims [, lower bounds]): an array of the dimensions' lengths (from the lower bounds, 1 when not given) holding copies of the value.", func(ts []value.Type) value.Type {
			return value.ArrayOf(ts[0])
		}, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			for _, a := range args[1:] {
				if a.IsSQLNull() {
					return value.None, errs.New(errs.NullValueNotAllowed, "dimension array or low bound array cannot be null")
				}
			}
			return arrayFill(name, args)
		}, ex("[7, 7, 7]", vi(7), value.List([]value.Value{vi(3)})))),
		sqlDef("trim_array", 2, 2, "The array without its last n elements.", firstArray, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			xs, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			n, err := sqlInt(name, args, 1)
			if err != nil {
				return value.None, err
			}
			dims, lbs := value.ArrayDims(args[0])
			if len(xs) == 0 {
				dims = []int{0}
			}
			if n < 0 || n > int64(dims[0]) {
				return value.None, errs.New(errs.ArraySubscriptError, "number of elements to trim must be between 0 and %d", dims[0])
			}
			if len(xs) == 0 {
				return args[0], nil
			}
			// The slice of all but the last n of the first dimension,
			// from 1 as slices are.
			lo, hi := slices.Clone(lbs), make([]int, len(dims))
			for d := range dims {
				hi[d] = lbs[d] + dims[d] - 1
			}
			hi[0] -= int(n)
			return sliceArray(args[0], lo, hi), nil
		}, ex("[1, 2]", value.List([]value.Value{vi4(1), vi4(2), vi4(3)}), vi4(1))),
		nonStrict(sqlDef("num_nulls", 1, -1, "The number of NULL arguments.", int4, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.IntW(int64(countNulls(args)), value.I32), nil
		}, ex("1", vi4(1), value.None))),
		nonStrict(sqlDef("num_nonnulls", 1, -1, "The number of arguments that are not NULL.", int4, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.IntW(int64(len(args)-countNulls(args)), value.I32), nil
		}, ex("2", vi4(1), value.None, vi4(2)))),
		nonStrict(sqlDef("array_remove", 2, 2, "The array without the elements IS NOT DISTINCT FROM the value.", firstArray, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[0].IsNone() {
				return value.None, nil
			}
			xs, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			if value.ArrayNDims(args[0]) > 1 {
				return value.None, errs.New(errs.FeatureNotSupported, "removing elements from multidimensional arrays is not supported")
			}
			out := []value.Value{}
			for _, x := range xs {
				if value.Compare(x, args[1]) != 0 {
					out = append(out, x)
				}
			}
			return value.Array(out, []int{len(out)}, []int{lowerBound(args[0])}), nil
		}, ex("[1, 3]", arr(one, two, three), two))),
		nonStrict(sqlDef("array_replace", 3, 3, "The array with each element IS NOT DISTINCT FROM the second argument replaced by the third.", firstArray, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[0].IsNone() {
				return value.None, nil
			}
			xs, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			out := make([]value.Value, len(xs))
			for i, x := range xs {
				out[i] = x
				if x.IsNone() == args[1].IsNone() && (x.IsNone() || value.Compare(x, args[1]) == 0) {
					out[i] = args[2]
				}
			}
			return value.SameShape(args[0], out), nil
		}, ex("[9, 2, 9]", arr(one, two, one), one, vi4(9)))),
		nonStrict(sqlDef("array_to_string", 2, 3, "The elements joined by a delimiter; NULLs are skipped or replaced by the third argument.", text, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if args[0].IsNone() || args[1].IsNone() {
				return value.None, nil
			}
			xs, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			var parts []string
			for _, x := range xs {
				switch {
				case !x.IsNone():
					parts = append(parts, value.CastText(x))
				case len(args) > 2 && !args[2].IsNone():
					parts = append(parts, args[2].AsString())
				}
			}
			return value.String(strings.Join(parts, args[1].AsString())), nil
		}, ex(`"1,2"`, arr(one, value.None, two), vs(",")), ex(`"1,*,2"`, arr(one, value.None, two), vs(","), vs("*")))),
		nonStrict(sqlDef("string_to_array", 2, 3, "The text split at a delimiter (each character when it is NULL); fields equal to the third argument are NULL.",
			resultOf(value.ArrayOf(value.TypeText)), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() {
					return value.None, nil
				}
				return value.List(splitText(args)), nil
			}, ex(`["a", "b"]`, vs("a,b"), vs(",")))),
		sqlDef("array_contains", 2, 2, "Whether the first array holds every element of the second (@>).", boolean, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			a, b, err := twoArrays(name, args)
			if err != nil {
				return value.None, err
			}
			return value.Bool(containsAll(a, b)), nil
		}, ex("true", arr(one, two), arr(two)), ex("false", arr(one), arr(one, three))),
		sqlDef("array_overlap", 2, 2, "Whether the arrays have an element in common (&&).", boolean, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			a, b, err := twoArrays(name, args)
			if err != nil {
				return value.None, err
			}
			for _, y := range b {
				if !y.IsNone() && containsAll(a, []value.Value{y}) {
					return value.Bool(true), nil
				}
			}
			return value.Bool(false), nil
		}, ex("true", arr(one, two), arr(two, three))),
		sqlDef("array_gin_keys", 2, 2, "array_gin_keys(anyarray, text): the gin index entries one of which every array the operator (@>, &&, <@ or =) is true for with the array has (\"\" for every record); the optimizer's, for index scans.",
			resultOf(value.ArrayOf(value.TypeText)), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				keys, err := ArrayGINKeys(args[1].AsString(), args[0])
				if err != nil {
					return value.None, err
				}
				return stringList(keys), nil
			}, ex(`["empty"]`, arr(), vs("=")), ex(`[]`, arr(one, value.None), vs("@>")), exErr(errs.InvalidParameterValue, arr(one), vs("?"))),
	}
}

func twoArrays(name string, args []value.Value) ([]value.Value, []value.Value, error) {
	a, err := arrayArg(name, args, 0)
	if err != nil {
		return nil, nil, err
	}
	b, err := arrayArg(name, args, 1)
	return a, b, err
}

// containsAll reports whether every element of b equals an element of a
// (NULLs equal nothing).
func containsAll(a, b []value.Value) bool {
	for _, y := range b {
		if y.IsNone() {
			return false
		}
		found := false
		for _, x := range a {
			if !x.IsNone() && value.Compare(x, y) == 0 {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// compareBy applies a comparison operator to a value.Compare result.
func compareBy(op string, c int) bool {
	switch op {
	case "=":
		return c == 0
	case "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

// countNulls counts the SQL NULLs among args.
func countNulls(args []value.Value) int {
	n := 0
	for _, a := range args {
		if a.IsSQLNull() {
			n++
		}
	}
	return n
}

// splitText is string_to_array's and string_to_table's split of args[0]
// (not NULL) at delimiter args[1] (each character when it is NULL; the
// whole text when it is empty), fields equal to args[2] NULL.
func splitText(args []value.Value) []value.Value {
	s := args[0].AsString()
	var parts []string
	switch {
	case s == "":
		parts = nil
	case args[1].IsNone():
		for _, r := range s {
			parts = append(parts, string(r))
		}
	case args[1].AsString() == "":
		parts = []string{s}
	default:
		parts = strings.Split(s, args[1].AsString())
	}
	out := make([]value.Value, len(parts))
	for i, p := range parts {
		if len(args) > 2 && !args[2].IsNone() && p == args[2].AsString() {
			out[i] = value.None
		} else {
			out[i] = value.String(p)
		}
	}
	return out
}
