package builtin

import (
	"regexp"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The hstore extension's functions (value/hstore.go holds the type).
// The SQL front end resolves their overloads and the operators over
// them (translate/sqlfe/hstore.go) and types their arguments; where
// PostgreSQL has one name for several signatures (delete, hstore) the
// function tells them apart by its arguments' values: a list is a
// text[], an hstore value an hstore.

// hstoreArg reads an hstore argument's pairs (text is read as hstore
// text, as an unknown literal would be).
func hstoreArg(name string, args []value.Value, i int) ([]value.HPair, error) {
	v := args[i]
	if v.Kind() != value.KindString {
		return nil, noSQLFunc(name, args)
	}
	if v.IsHstore() {
		return value.HstorePairs(v), nil
	}
	h, err := value.ParseHstore(v.AsString())
	if err != nil {
		return nil, err
	}
	return value.HstorePairs(h), nil
}

// hstoreKeys reads a text[] argument of keys; NULL elements are left
// out, as PostgreSQL's functions skip them.
func hstoreKeys(name string, args []value.Value, i int) ([]string, error) {
	xs, err := arrayArg(name, args, i)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if !x.IsSQLNull() {
			out = append(out, value.CastText(x))
		}
	}
	return out, nil
}

func hstoreVal(p value.HPair) value.Value {
	if p.Null {
		return value.None
	}
	return value.String(p.Val)
}

func errHstoreNullKey() error {
	return errs.New(errs.NullValueNotAllowed, "null value not allowed for hstore key")
}

// hstoreFromArrays is hstore(text[], text[]): values NULL for a NULL
// array of them.
func hstoreFromArrays(keys, vals value.Value) (value.Value, error) {
	if value.ArrayNDims(keys) > 1 || !vals.IsSQLNull() && value.ArrayNDims(vals) > 1 {
		return value.None, errs.New(errs.ArraySubscriptError, "wrong number of array subscripts")
	}
	ks := keys.AsList()
	var vs []value.Value
	if !vals.IsSQLNull() {
		vs = vals.AsList()
		kd, kl := value.ArrayDims(keys)
		vd, vl := value.ArrayDims(vals)
		if len(ks) != len(vs) || len(kd) > 0 && len(vd) > 0 && kl[0] != vl[0] {
			return value.None, errs.New(errs.ArraySubscriptError, "arrays must have same bounds")
		}
	}
	pairs := make([]value.HPair, len(ks))
	for i, k := range ks {
		if k.IsSQLNull() {
			return value.None, errHstoreNullKey()
		}
		pairs[i] = value.HPair{Key: value.CastText(k), Null: true}
		if vs != nil && !vs[i].IsSQLNull() {
			pairs[i].Val, pairs[i].Null = value.CastText(vs[i]), false
		}
	}
	return value.Hstore(pairs), nil
}

// hstoreFromArray is hstore(text[]): alternate keys and values, or a
// two-column matrix of them.
func hstoreFromArray(a value.Value) (value.Value, error) {
	xs := a.AsList()
	dims, _ := value.ArrayDims(a)
	switch len(dims) {
	case 0:
	case 1:
		if len(xs)%2 != 0 {
			return value.None, errs.New(errs.ArraySubscriptError, "array must have even number of elements")
		}
	case 2:
		if dims[1] != 2 {
			return value.None, errs.New(errs.ArraySubscriptError, "array must have two columns")
		}
	default:
		return value.None, errs.New(errs.ArraySubscriptError, "wrong number of array subscripts")
	}
	pairs := make([]value.HPair, len(xs)/2)
	for i := range pairs {
		k, v := xs[2*i], xs[2*i+1]
		if k.IsSQLNull() {
			return value.None, errHstoreNullKey()
		}
		pairs[i] = value.HPair{Key: value.CastText(k), Null: v.IsSQLNull()}
		if !v.IsSQLNull() {
			pairs[i].Val = value.CastText(v)
		}
	}
	return value.Hstore(pairs), nil
}

// jsonNumber is what hstore_to_json_loose takes for a JSON number
// (PostgreSQL's IsValidJsonNumber).
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// hstoreJSON is hstore_to_json's text: values as strings, or loose as
// numbers and booleans (t and f) where they read as one.
func hstoreJSON(pairs []value.HPair, loose bool) string {
	b := []byte{'{'}
	for i, p := range pairs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(value.AppendJSON(b, value.String(p.Key)), ": "...)
		switch {
		case p.Null:
			b = append(b, "null"...)
		case loose && p.Val == "t":
			b = append(b, "true"...)
		case loose && p.Val == "f":
			b = append(b, "false"...)
		case loose && jsonNumber.MatchString(p.Val):
			b = append(b, p.Val...)
		default:
			b = value.AppendJSON(b, value.String(p.Val))
		}
	}
	return string(append(b, '}'))
}

func hstoreFuncs() []*Func {
	hs := value.TypeHstore
	text, boolean, texts := value.TypeText, value.TypeBool, value.ArrayOf(value.TypeText)
	h := func(s string) value.Value {
		v, err := value.ParseHstore(s)
		if err != nil {
			panic(err)
		}
		return v
	}
	ab := h(`a=>1, b=>NULL`)
	srf := func(name string, minArgs, maxArgs int, doc string, fn func(string, *Context, []value.Value) (value.Value, error), e Example) *Func {
		return sqlDef("srf_"+name, minArgs, maxArgs, doc, resultOf(value.Any), func(_ string, c *Context, args []value.Value) (value.Value, error) {
			return fn(name, c, args)
		}, e)
	}
	// keyTest is exist, defined and their old names.
	keyTest := func(defined bool) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			pairs, err := hstoreArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			k, err := sqlStrings(name, args, 1)
			if err != nil {
				return value.None, err
			}
			i, ok := value.FindHKey(pairs, k[0])
			return value.Bool(ok && (!defined || !pairs[i].Null)), nil
		}
	}
	// keysTest is ?| (any) and ?& (all).
	keysTest := func(all bool) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			pairs, err := hstoreArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			keys, err := hstoreKeys(name, args, 1)
			if err != nil {
				return value.None, err
			}
			for _, k := range keys {
				if _, ok := value.FindHKey(pairs, k); ok != all {
					return value.Bool(!all), nil
				}
			}
			return value.Bool(all), nil
		}
	}
	contains := func(flip bool) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			a, b := 0, 1
			if flip {
				a, b = 1, 0
			}
			big, err := hstoreArg(name, args, a)
			if err != nil {
				return value.None, err
			}
			small, err := hstoreArg(name, args, b)
			if err != nil {
				return value.None, err
			}
			for _, p := range small {
				i, ok := value.FindHKey(big, p.Key)
				if !ok || big[i].Null != p.Null || big[i].Val != p.Val {
					return value.Bool(false), nil
				}
			}
			return value.Bool(true), nil
		}
	}
	toList := func(pick func(value.HPair) []value.Value) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			pairs, err := hstoreArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			out := make([]value.Value, 0, len(pairs))
			for _, p := range pairs {
				out = append(out, pick(p)...)
			}
			return value.List(out), nil
		}
	}
	toJSON := func(loose, jsonb bool) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			pairs, err := hstoreArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			s := hstoreJSON(pairs, loose)
			if jsonb {
				return value.ParseJSONB(s)
			}
			return value.String(s), nil
		}
	}
	cmpFn := func(fn string, doc string, result value.Type, f func(int) value.Value) *Func {
		return sqlDef(fn, 2, 2, doc, resultOf(result),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if _, err := hstoreArg(name, args, 0); err != nil {
					return value.None, err
				}
				if _, err := hstoreArg(name, args, 1); err != nil {
					return value.None, err
				}
				return f(value.Compare(args[0], args[1])), nil
			}, ex(`-1`, h("a=>1"), h("b=>1")))
	}
	fns := []*Func{
		withParams(sqlDef("fetchval", 2, 2, "fetchval(hstore, text): the key's value (hstore -> text); NULL when it is missing or NULL.", resultOf(text),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				k, err := sqlStrings(name, args, 1)
				if err != nil {
					return value.None, err
				}
				if i, ok := value.FindHKey(pairs, k[0]); ok {
					return hstoreVal(pairs[i]), nil
				}
				return value.None, nil
			}, ex(`"1"`, ab, vs("a")), ex(`null`, ab, vs("c"))), []value.Type{hs, text}),
		withParams(sqlDef("slice_array", 2, 2, "slice_array(hstore, text[]): the keys' values (hstore -> text[]), NULL for a missing key.", resultOf(texts),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				xs, err := arrayArg(name, args, 1)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, len(xs))
				for j, x := range xs {
					if x.IsSQLNull() {
						continue
					}
					if i, ok := value.FindHKey(pairs, value.CastText(x)); ok {
						out[j] = hstoreVal(pairs[i])
					}
				}
				return value.SameShape(args[1], out), nil
			}, ex(`["1", null]`, ab, vl(vs("a"), vs("c")))), []value.Type{hs, texts}),
		withParams(sqlDef("slice", 2, 2, "slice(hstore, text[]): the hstore of the keys given only.", resultOf(hs),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				keys, err := hstoreKeys(name, args, 1)
				if err != nil {
					return value.None, err
				}
				var out []value.HPair
				for _, k := range keys {
					if i, ok := value.FindHKey(pairs, k); ok {
						out = append(out, pairs[i])
					}
				}
				return value.Hstore(out), nil
			}, ex(`"\"a\"=>\"1\""`, ab, vl(vs("a"), vs("c")))), []value.Type{hs, texts}),
		withParams(sqlDef("exist", 2, 2, "exist(hstore, text): whether the key is there (hstore ? text).", resultOf(boolean), keyTest(false),
			ex(`true`, ab, vs("b"))), []value.Type{hs, text}),
		withParams(sqlDef("isexists", 2, 2, "isexists(hstore, text): exist's old name.", resultOf(boolean), keyTest(false),
			ex(`true`, ab, vs("b"))), []value.Type{hs, text}),
		withParams(sqlDef("defined", 2, 2, "defined(hstore, text): whether the key is there with a value that is not NULL.", resultOf(boolean), keyTest(true),
			ex(`false`, ab, vs("b"))), []value.Type{hs, text}),
		withParams(sqlDef("isdefined", 2, 2, "isdefined(hstore, text): defined's old name.", resultOf(boolean), keyTest(true),
			ex(`false`, ab, vs("b"))), []value.Type{hs, text}),
		withParams(sqlDef("exists_any", 2, 2, "exists_any(hstore, text[]): whether any of the keys is there (hstore ?| text[]).", resultOf(boolean), keysTest(false),
			ex(`true`, ab, vl(vs("b"), vs("c")))), []value.Type{hs, texts}),
		withParams(sqlDef("exists_all", 2, 2, "exists_all(hstore, text[]): whether all of the keys are there (hstore ?& text[]).", resultOf(boolean), keysTest(true),
			ex(`false`, ab, vl(vs("b"), vs("c")))), []value.Type{hs, texts}),
		sqlDef("delete", 2, 2, "delete(hstore, text | text[] | hstore): the hstore without the key, the keys, or the pairs equal to the second hstore's (hstore - ...).", resultOf(hs),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				drop := map[string]bool{}
				switch x := args[1]; {
				case x.Kind() == value.KindList:
					keys, err := hstoreKeys(name, args, 1)
					if err != nil {
						return value.None, err
					}
					for _, k := range keys {
						drop[k] = true
					}
				case x.IsHstore():
					other := value.HstorePairs(x)
					for _, p := range pairs {
						if i, ok := value.FindHKey(other, p.Key); ok && other[i] == p {
							drop[p.Key] = true
						}
					}
				case x.Kind() == value.KindString:
					drop[x.AsString()] = true
				default:
					return value.None, noSQLFunc(name, args)
				}
				out := pairs[:0]
				for _, p := range pairs {
					if !drop[p.Key] {
						out = append(out, p)
					}
				}
				return value.HstoreSorted(out), nil
			}, ex(`"\"b\"=>NULL"`, ab, vs("a")), ex(`""`, ab, vl(vs("a"), vs("b"))), ex(`"\"b\"=>NULL"`, ab, h("a=>1, b=>2"))),
		sqlDef("hs_concat", 2, 2, "hs_concat(hstore, hstore): the pairs of both, the second's value for a key in both (hstore || hstore).", resultOf(hs),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				a, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				b, err := hstoreArg(name, args, 1)
				if err != nil {
					return value.None, err
				}
				return value.Hstore(append(b, a...)), nil
			}, ex(`"\"a\"=>\"2\", \"b\"=>NULL"`, ab, h("a=>2"))),
		sqlDef("hs_contains", 2, 2, "hs_contains(hstore, hstore): whether the first has every pair of the second (hstore @> hstore).", resultOf(boolean), contains(false),
			ex(`true`, ab, h("b=>NULL"))),
		sqlDef("hs_contained", 2, 2, "hs_contained(hstore, hstore): whether the second has every pair of the first (hstore <@ hstore).", resultOf(boolean), contains(true),
			ex(`false`, ab, h("b=>NULL"))),
		nonStrict(sqlDef("hstore", 1, 2, "hstore(key, value), hstore(text[]), hstore(keys text[], values text[]), hstore(record): an hstore of one pair (NULL for a NULL key), of alternate keys and values or a two-column matrix of them, of two arrays (values NULL for a NULL array), or of a row's columns.", resultOf(hs),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsSQLNull() {
					return value.None, nil
				}
				if len(args) == 1 {
					switch args[0].Kind() {
					case value.KindList:
						return hstoreFromArray(args[0])
					}
					return value.None, noSQLFunc(name, args)
				}
				if args[0].Kind() == value.KindList {
					if !args[1].IsSQLNull() && args[1].Kind() != value.KindList {
						return value.None, noSQLFunc(name, args)
					}
					return hstoreFromArrays(args[0], args[1])
				}
				p := value.HPair{Key: value.CastText(args[0]), Null: args[1].IsSQLNull()}
				if !p.Null {
					p.Val = value.CastText(args[1])
				}
				return value.HstoreSorted([]value.HPair{p}), nil
			}, ex(`"\"a\"=>\"1\""`, vs("a"), vs("1")), ex(`"\"a\"=>NULL"`, vs("a"), value.None),
			ex(`"\"a\"=>\"1\", \"b\"=>NULL"`, vl(vs("b"), value.None, vs("a"), vs("1"))),
			ex(`"\"a\"=>\"1\""`, vl(vs("a")), vl(vs("1"))), exErr(errs.ArraySubscriptError, vl(vs("a"))))),
		sqlDef("hstore_record", 2, 2, "hstore_record(record, names text[]): hstore(record): each column's name (from names, the record type's) and value as text.", resultOf(hs),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindComposite {
					return value.None, noSQLFunc(name, args)
				}
				names, err := arrayArg(name, args, 1)
				if err != nil {
					return value.None, err
				}
				loc, err := c.zone()
				if err != nil {
					return value.None, err
				}
				vals := args[0].AsList()
				pairs := make([]value.HPair, 0, len(vals))
				for i, x := range vals {
					if i >= len(names) {
						break
					}
					p := value.HPair{Key: value.CastText(names[i]), Null: x.IsSQLNull()}
					if !p.Null {
						p.Val = value.CastTextIn(x, loc)
					}
					pairs = append(pairs, p)
				}
				return value.Hstore(pairs), nil
			}, ex(`"\"a\"=>\"1\", \"b\"=>NULL"`, value.Composite([]value.Value{vi4(1), value.None}), vl(vs("a"), vs("b")))),
		nonStrict(sqlDef("tconvert", 2, 2, "tconvert(key, value): hstore(text, text)'s old name.", resultOf(hs),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsSQLNull() {
					return value.None, nil
				}
				p := value.HPair{Key: value.CastText(args[0]), Null: args[1].IsSQLNull()}
				if !p.Null {
					p.Val = value.CastText(args[1])
				}
				return value.HstoreSorted([]value.HPair{p}), nil
			}, ex(`"\"a\"=>\"1\""`, vs("a"), vs("1")))),
		sqlDef("hstore_to_json", 1, 1, "hstore_to_json(hstore): a json object of the pairs, every value a string or null (the cast hstore::json).", resultOf(value.TypeJSON), toJSON(false, false),
			ex(`"{\"a\": \"1\", \"b\": null}"`, ab)),
		sqlDef("hstore_to_json_loose", 1, 1, "hstore_to_json_loose(hstore): hstore_to_json, values that read as JSON numbers as numbers, t and f as booleans.", resultOf(value.TypeJSON), toJSON(true, false),
			ex(`"{\"a\": 1, \"b\": null}"`, ab)),
		sqlDef("hstore_to_jsonb", 1, 1, "hstore_to_jsonb(hstore): a jsonb object of the pairs, every value a string or null (the cast hstore::jsonb).", resultOf(value.TypeJSONB), toJSON(false, true),
			ex(`{"a": "1", "b": null}`, ab)),
		sqlDef("hstore_to_jsonb_loose", 1, 1, "hstore_to_jsonb_loose(hstore): hstore_to_jsonb, values that read as JSON numbers as numbers, t and f as booleans.", resultOf(value.TypeJSONB), toJSON(true, true),
			ex(`{"a": 1, "b": null}`, ab)),
		sqlDef("hstore_to_array", 1, 1, "hstore_to_array(hstore): keys and values alternating (%% hstore).", resultOf(texts),
			toList(func(p value.HPair) []value.Value { return []value.Value{value.String(p.Key), hstoreVal(p)} }),
			ex(`["a", "1", "b", null]`, ab)),
		sqlDef("hstore_to_matrix", 1, 1, "hstore_to_matrix(hstore): a two-column matrix of keys and values (%# hstore).", resultOf(texts),
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, 0, 2*len(pairs))
				for _, p := range pairs {
					out = append(out, value.String(p.Key), hstoreVal(p))
				}
				return value.Array(out, []int{len(pairs), 2}, nil), nil
			}, ex(`[["a", "1"], ["b", null]]`, ab)),
		sqlDef("akeys", 1, 1, "akeys(hstore): the keys as an array.", resultOf(texts),
			toList(func(p value.HPair) []value.Value { return []value.Value{value.String(p.Key)} }), ex(`["a", "b"]`, ab)),
		sqlDef("avals", 1, 1, "avals(hstore): the values as an array.", resultOf(texts),
			toList(func(p value.HPair) []value.Value { return []value.Value{hstoreVal(p)} }), ex(`["1", null]`, ab)),
		srf("skeys", 1, 1, "skeys(hstore) in FROM: one row per key.",
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, len(pairs))
				for i, p := range pairs {
					out[i] = value.String(p.Key)
				}
				return rows1(out), nil
			}, ex(`[["a"], ["b"]]`, ab)),
		srf("svals", 1, 1, "svals(hstore) in FROM: one row per value.",
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, len(pairs))
				for i, p := range pairs {
					out[i] = hstoreVal(p)
				}
				return rows1(out), nil
			}, ex(`[["1"], [null]]`, ab)),
		srf("each", 1, 1, "each(hstore) in FROM: one (key, value) row per pair.",
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]value.Value, len(pairs))
				for i, p := range pairs {
					out[i] = value.Tuple([]value.Value{value.String(p.Key), hstoreVal(p)})
				}
				return value.List(out), nil
			}, ex(`[["a", "1"], ["b", null]]`, ab)),
		cmpFn("hstore_cmp", "hstore_cmp(hstore, hstore): -1, 0 or 1 as the first sorts before, with or after the second (btree_hstore_ops).", value.TypeInt4,
			func(c int) value.Value { return value.IntW(int64(c), value.I32) }),
	}
	for _, c := range []struct {
		name, op string
		f        func(int) bool
	}{
		{"hstore_eq", "=", func(c int) bool { return c == 0 }},
		{"hstore_ne", "<>", func(c int) bool { return c != 0 }},
		{"hstore_lt", "#<#", func(c int) bool { return c < 0 }},
		{"hstore_le", "#<=#", func(c int) bool { return c <= 0 }},
		{"hstore_gt", "#>#", func(c int) bool { return c > 0 }},
		{"hstore_ge", "#>=#", func(c int) bool { return c >= 0 }},
	} {
		f := cmpFn(c.name, c.name+"(hstore, hstore): hstore "+c.op+" hstore, in hstore's order.", boolean,
			func(n int) value.Value { return value.Bool(c.f(n)) })
		want := "false"
		if c.f(-1) {
			want = "true"
		}
		f.Examples = []Example{ex(want, h("a=>1"), h("b=>1"))}
		fns = append(fns, f)
	}
	return fns
}
