package builtin

import (
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The set-returning functions SQL calls in FROM (generate_series,
// unnest, jsonb_array_elements, jsonb_each, jsonb_object_keys) as
// sql::srf_<name>: each returns its rows as a list of tuples, one value
// per output column; the SQL translator turns them into a row source.

// maxSRFRows bounds what one call may materialize.
const maxSRFRows = 50_000_000

// rows1 makes one-column rows of xs, which must not be modified
// afterwards: each row's tuple points into xs rather than being an
// allocation of its own.
func rows1(xs []value.Value) value.Value {
	return value.List(value.Tuples1(xs))
}

// listOrNull is the list args[i], none for a NULL.
func listOrNull(name string, args []value.Value, i int) ([]value.Value, error) {
	if args[i].IsSQLNull() {
		return nil, nil
	}
	return arrayArg(name, args, i)
}

// mapRows is the rows of args[0] (a NULL: none), each made f(i, row).
func mapRows(name string, args []value.Value, f func(i int, row value.Value) value.Value) (value.Value, error) {
	xs, err := listOrNull(name, args, 0)
	if err != nil {
		return value.None, err
	}
	out := make([]value.Value, len(xs))
	for i, x := range xs {
		out[i] = f(i, x)
	}
	return value.List(out), nil
}

func tooManyRows() error {
	return errs.New(errs.ProgramLimitExceeded, "set-returning function result exceeds %d rows", maxSRFRows)
}

// srfRowCheck is checked before a set-returning function materializes
// its row n: the bound on its result, and, every 65536 rows, whether the
// statement was canceled. A call that makes millions of rows runs for
// seconds; a client that gave up on it (or statement_timeout) must stop
// it, or the rows it goes on making hold the memory, and a few such
// calls the whole server's.
func srfRowCheck(c *Context, n int) error {
	if n >= maxSRFRows {
		return tooManyRows()
	}
	if n&0xffff == 0 && n > 0 && c != nil && c.Ctx != nil {
		if err := c.Ctx.Err(); err != nil {
			return errs.From(err)
		}
	}
	return nil
}

func generateSeries(c *Context, name string, args []value.Value) (value.Value, error) {
	start, stop := args[0], args[1]
	if start.Kind() != stop.Kind() && !(start.Kind() == value.KindDecimal || stop.Kind() == value.KindDecimal) {
		// SQL's generate_series types both ends alike; a call by its
		// internal name may not.
		return value.None, noSQLFunc(name, args)
	}
	kind := start.Kind()
	if stop.Kind() == value.KindDecimal {
		kind = value.KindDecimal // an integer start steps as numeric
	}
	var out []value.Value
	switch kind {
	case value.KindInt:
		step := int64(1)
		if len(args) > 2 {
			var err error
			if step, err = sqlInt(name, args, 2); err != nil {
				return value.None, err
			}
		}
		if step == 0 {
			return value.None, errs.New(errs.InvalidParameterValue, "step size cannot equal zero")
		}
		a, b := start.AsInt(), stop.AsInt()
		w := start.Width()
		// Room for every row up front, when their number is known to
		// be small (the bound is checked as rows are made).
		if n := (b-a)/step + 1; n > 0 && n <= 1<<16 {
			out = make([]value.Value, 0, n)
		}
		for i := a; (step > 0 && i <= b) || (step < 0 && i >= b); i += step {
			if err := srfRowCheck(c, len(out)); err != nil {
				return value.None, err
			}
			out = append(out, value.IntW(i, w))
			if (step > 0 && i > b-step) || (step < 0 && i < b-step) {
				break // the next step would pass stop (or overflow)
			}
		}
	case value.KindDecimal:
		step := apd.New(1, 0)
		if len(args) > 2 {
			s := asDecimal(args[2])
			if s.Kind() != value.KindDecimal {
				return value.None, noSQLFunc(name, args)
			}
			step = s.AsDecimal()
		}
		if step.IsZero() {
			return value.None, errs.New(errs.InvalidParameterValue, "step size cannot equal zero")
		}
		first, last := asDecimal(start), asDecimal(stop)
		if first.Kind() != value.KindDecimal || last.Kind() != value.KindDecimal {
			return value.None, noSQLFunc(name, args)
		}
		cur := new(apd.Decimal).Set(first.AsDecimal())
		end := last.AsDecimal()
		for (step.Sign() > 0 && cur.Cmp(end) <= 0) || (step.Sign() < 0 && cur.Cmp(end) >= 0) {
			if err := srfRowCheck(c, len(out)); err != nil {
				return value.None, err
			}
			out = append(out, value.Decimal(new(apd.Decimal).Set(cur)))
			if _, err := apd.BaseContext.WithPrecision(1000).Add(cur, cur, step); err != nil {
				return value.None, err
			}
		}
	case value.KindDatetime:
		if len(args) < 3 || args[2].Kind() != value.KindDuration {
			return value.None, noSQLFunc(name, args)
		}
		step := args[2]
		zero := value.Compare(step, value.Duration(0))
		if zero == 0 {
			return value.None, errs.New(errs.InvalidParameterValue, "step size cannot equal zero")
		}
		// A timestamptz steps in the session time zone (a day across a
		// daylight saving change is 23 or 25 hours).
		loc, err := c.zone()
		if err != nil {
			return value.None, err
		}
		cur := start
		for (zero > 0 && value.Compare(cur, stop) <= 0) || (zero < 0 && value.Compare(cur, stop) >= 0) {
			if err := srfRowCheck(c, len(out)); err != nil {
				return value.None, err
			}
			out = append(out, cur)
			next, err := value.ArithIn(value.Add, cur, step, loc)
			if err != nil {
				return value.None, err
			}
			cur = next
		}
	default:
		return value.None, noSQLFunc(name, args)
	}
	return rows1(out), nil
}

func jsonElements(fname string, v value.Value, text bool) (value.Value, error) {
	switch v.Kind() {
	case value.KindList, value.KindTuple:
	case value.KindObject:
		return value.None, errs.New(errs.InvalidParameterValue, "cannot extract elements from an object")
	default:
		return value.None, errs.New(errs.InvalidParameterValue, "cannot extract elements from a scalar")
	}
	xs := v.AsList()
	ys := make([]value.Value, len(xs))
	for i, x := range xs {
		if text {
			ys[i] = jsonText(x)
		} else {
			ys[i] = value.JSONElement(x)
		}
	}
	return rows1(ys), nil
}

func jsonEach(fname string, v value.Value, text, keysOnly bool) (value.Value, error) {
	switch v.Kind() {
	case value.KindObject:
	case value.KindList, value.KindTuple:
		return value.None, errs.New(errs.InvalidParameterValue, "cannot call %s on an array", fname)
	default:
		if keysOnly {
			return value.None, errs.New(errs.InvalidParameterValue, "cannot call %s on a scalar", fname)
		}
		return value.None, errs.New(errs.InvalidParameterValue, "cannot call %s on a non-object", fname)
	}
	o := v.AsObject()
	out := make([]value.Value, o.Len())
	for i := range out {
		k, x := o.At(i)
		switch {
		case keysOnly:
			out[i] = value.Tuple([]value.Value{value.String(k)})
		case text:
			out[i] = value.Tuple([]value.Value{value.String(k), jsonText(x)})
		default:
			out[i] = value.Tuple([]value.Value{value.String(k), value.JSONElement(x)})
		}
	}
	return value.List(out), nil
}

func srfFuncs() []*Func {
	rows := resultOf(value.Any)
	srf := func(name string, minArgs, maxArgs int, doc string, fn func(string, *Context, []value.Value) (value.Value, error), e Example) *Func {
		return sqlDef("srf_"+name, minArgs, maxArgs, doc, rows, func(_ string, c *Context, args []value.Value) (value.Value, error) {
			return fn(name, c, args)
		}, e)
	}
	return []*Func{
		// A function returning one value, called in FROM (to_tsquery(...)
		// AS q): one row of it, NULL included.
		nonStrict(srf("scalar", 1, 1, "srf_scalar(x): the one row of a scalar function called in FROM.",
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return value.List(value.Tuples1(args[:1])), nil
			},
			ex("[[1]]", vi4(1)))),
		srf("generate_series", 2, 3, "generate_series(start, stop [, step]) in FROM: the rows start, start+step, ... up to stop (integers, numeric, timestamps with an interval step).",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				return generateSeries(c, name, args)
			},
			ex("[[1], [2], [3]]", vi4(1), vi4(3))),
		sqlDef("series_range", 2, 2, "generate_series(start, stop) of integers alone in FROM, as the integer range start..=stop, which FROM walks one row at a time.", resultOf(value.Any),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindInt || args[1].Kind() != value.KindInt {
					return value.None, noSQLFunc(name, args)
				}
				w := args[0].Width()
				return value.RangeOf(args[0], value.IntW(args[1].AsInt(), w), true), nil
			}, ex(`"1_i32..=3_i32"`, vi4(1), vi4(3))),
		srf("regexp_matches", 2, 3, "regexp_matches(text, pattern [, flags]): one row per match (every match with the g flag, else the first), each the captured substrings as text[].",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, re, global, err := regexArgs(c, name, args, 2)
				if err != nil {
					return value.None, err
				}
				n := 1
				if global {
					n = -1
				}
				var out []value.Value
				for _, m := range re.FindAllStringSubmatchIndex(s[0], n) {
					out = append(out, regexpGroups(s[0], m))
				}
				return rows1(out), nil
			}, ex(`[[["1"]], [["2"]]]`, vs("a1b2"), vs("[0-9]"), vs("g"))),
		srf("regexp_split_to_table", 2, 3, "regexp_split_to_table(text, pattern [, flags]): one row per piece of the text split at each match.",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, re, _, err := regexArgs(c, name, args, 2)
				if err != nil {
					return value.None, err
				}
				return rows1(regexpSplit(s[0], re)), nil
			}, ex(`[["a"], ["b"]]`, vs("a1b"), vs("[0-9]"))),
		srf("generate_subscripts", 2, 3, "generate_subscripts(array, dim [, reverse]): the subscripts of the array's dimension dim, in reverse order when reverse.",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if _, err := arrayArg(name, args, 0); err != nil {
					return value.None, err
				}
				dim, err := sqlInt(name, args, 1)
				if err != nil {
					return value.None, err
				}
				reverse := len(args) > 2 && args[2].Kind() == value.KindBool && args[2].AsBool()
				dims, lbs := value.ArrayDims(args[0])
				if dim < 1 || dim > int64(len(dims)) {
					return rows1(nil), nil
				}
				n, lb := dims[dim-1], lbs[dim-1]
				out := make([]value.Value, n)
				for i := range out {
					k := lb + i
					if reverse {
						k = lb + n - 1 - i
					}
					out[i] = value.IntW(int64(k), value.I32)
				}
				return rows1(out), nil
			}, ex(`[[1], [2]]`, value.List([]value.Value{vs("a"), vs("b")}), vi4(1))),
		nonStrict(srf("string_to_table", 2, 3, "string_to_table(text, delimiter [, null_string]): one row per field of the text split at the delimiter, as string_to_array splits it.",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() {
					return rows1(nil), nil
				}
				return rows1(splitText(args)), nil
			}, ex(`[["a"], ["b"]]`, vs("a,b"), vs(",")))),
		nonStrict(srf("unnest", 1, -1, "unnest(array [, array ...]) in FROM: one row per element; of several arrays, a column each, the shorter ones padded with NULL (a NULL array is empty).",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if len(args) == 1 {
					if args[0].IsNone() {
						return rows1(nil), nil
					}
					xs, err := arrayArg(name, args, 0)
					if err != nil {
						return value.None, err
					}
					return rows1(xs), nil
				}
				cols := make([][]value.Value, len(args))
				n := 0
				for i, a := range args {
					if a.IsNone() {
						continue
					}
					xs, err := arrayArg(name, args, i)
					if err != nil {
						return value.None, err
					}
					cols[i], n = xs, max(n, len(xs))
				}
				if n > maxSRFRows {
					return value.None, tooManyRows()
				}
				out := make([]value.Value, n)
				for r := range out {
					row := make([]value.Value, len(cols))
					for i, xs := range cols {
						if r < len(xs) {
							row[i] = xs[r]
						}
					}
					out[r] = value.Tuple(row)
				}
				return value.List(out), nil
			}, ex(`[[1, "a"], [2, null]]`, value.List([]value.Value{vi4(1), vi4(2)}), value.List([]value.Value{vs("a")})))),
		srf("jsonb_array_elements", 1, 1, "jsonb_array_elements(jsonb) in FROM: one row per array element.",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				return jsonElements(name, args[0], false)
			},
			ex(`[[1], ["a"]]`, value.List([]value.Value{vi(1), vs("a")}))),
		srf("jsonb_array_elements_text", 1, 1, "jsonb_array_elements_text(jsonb) in FROM: one row per array element, as text.",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				return jsonElements(name, args[0], true)
			},
			ex(`[["1"], ["a"]]`, value.List([]value.Value{vi(1), vs("a")}))),
		srf("jsonb_path_query", 2, 4, "jsonb_path_query(target, path [, vars [, silent]]) in FROM: one row per item the SQL/JSON path yields.",
			func(_ string, c *Context, args []value.Value) (value.Value, error) {
				return jsonPathQuery(c, args)
			},
			ex(`[[2], [3]]`, vobj("a", vl(vi(1), vi(2), vi(3))), vs(`$.a[*] ? (@ > 1)`))),
		srf("jsonb_path_query_tz", 2, 4, "jsonb_path_query_tz(target, path [, vars [, silent]]) in FROM: jsonb_path_query (comparing .datetime() items with and without a time zone is 0A000 in both).",
			func(_ string, c *Context, args []value.Value) (value.Value, error) {
				return jsonPathQuery(c, args)
			},
			ex(`[[1]]`, vobj("a", vi(1)), vs(`$.a`))),
		srf("jsonb_each", 1, 1, "jsonb_each(jsonb) in FROM: one (key, value) row per field.",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				return jsonEach(name, args[0], false, false)
			},
			ex(`[["a", 1]]`, vobj("a", vi(1)))),
		srf("jsonb_each_text", 1, 1, "jsonb_each_text(jsonb) in FROM: one (key, value as text) row per field.",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				return jsonEach(name, args[0], true, false)
			},
			ex(`[["a", "1"]]`, vobj("a", vi(1)))),
		srf("jsonb_object_keys", 1, 1, "jsonb_object_keys(jsonb) in FROM: one row per key.",
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				return jsonEach(name, args[0], false, true)
			},
			ex(`[["a"]]`, vobj("a", vi(1)))),
		srf("pg_options_to_table", 1, 1, "pg_options_to_table(text[]) in FROM: one (option_name, option_value) row per name=value option of a catalog's options column (pg_dump reads them).",
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				xs, err := listOrNull(name, args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, 0, len(xs))
				for _, x := range xs {
					k, v, found := strings.Cut(value.CastText(x), "=")
					opt := value.None
					if found {
						opt = value.String(v)
					}
					out = append(out, value.Tuple([]value.Value{value.String(k), opt}))
				}
				return value.List(out), nil
			}, ex(`[["fillfactor", "70"]]`, value.List([]value.Value{vs("fillfactor=70")}))),
		nonStrict(sqlDef("srf_zip", 4, -1, "The rows of several set-returning functions side by side (ROWS FROM, several in a select list): arguments are pairs of a function's column count and its rows; a function that has ended gives NULLs.", rows,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if len(args)%2 != 0 {
					return value.None, noSQLFunc(name, args)
				}
				n := 0
				lists := make([][]value.Value, len(args)/2)
				widths := make([]int, len(args)/2)
				for i := range lists {
					w, err := sqlInt(name, args, 2*i)
					if err != nil {
						return value.None, err
					}
					var xs []value.Value
					if !args[2*i+1].IsNone() { // a strict function's NULL: no rows
						if xs, err = arrayArg(name, args, 2*i+1); err != nil {
							return value.None, err
						}
					}
					lists[i], widths[i], n = xs, int(w), max(n, len(xs))
				}
				out := make([]value.Value, n)
				for r := range out {
					var row []value.Value
					for i, xs := range lists {
						if r < len(xs) {
							row = append(row, xs[r].AsList()...)
						} else {
							for range widths[i] {
								row = append(row, value.None)
							}
						}
					}
					out[r] = value.Tuple(row)
				}
				return value.List(out), nil
			}, ex("[[7, 1], [null, 2]]", vi(1), value.List([]value.Value{value.Tuple([]value.Value{vi(7)})}), vi(1), value.List([]value.Value{value.Tuple([]value.Value{vi(1)}), value.Tuple([]value.Value{vi(2)})})),
			ex("[[1, null]]", vi(1), value.List([]value.Value{value.Tuple([]value.Value{vi(1)})}), vi(1), value.None))),
		nonStrict(sqlDef("srf_composite", 1, 1, "The rows of a set-returning function of several columns as one column of composite values (such a function in a select list): a NULL stands for no rows.", rows,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				return mapRows(name, args, func(_ int, row value.Value) value.Value {
					return value.Tuple([]value.Value{value.Composite(row.AsList())})
				})
			}, ex("[[[7, 1]]]", value.List([]value.Value{value.Tuple([]value.Value{vi(7), vi(1)})})),
			ex("[]", value.None))),
		sqlDef("srf_ordinality", 1, 1, "The rows of a set-returning function, each with its 1-based position appended (WITH ORDINALITY).", rows,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				return mapRows(name, args, func(i int, row value.Value) value.Value {
					return value.Tuple(append(append([]value.Value(nil), row.AsList()...), value.Int(int64(i+1))))
				})
			}, ex("[[7, 1]]", value.List([]value.Value{value.Tuple([]value.Value{vi(7)})}))),
	}
}
