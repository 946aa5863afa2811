package builtin

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The SQL jsonb functions and the functions behind the jsonb operators
// (#> #>> @> <@ ? ?| ?& - #- ||), with PostgreSQL's semantics. A jsonb
// value is a value of any kind; objects keep jsonb's key order.

// jsonText is the text ->> and #>> give: a string itself, anything else
// its JSON.
func jsonText(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindNone:
		return value.None
	case value.KindString:
		return v
	}
	return value.String(string(value.AppendJSON(nil, v)))
}

// jsonStep follows one path element: a key of an object, a (possibly
// negative) index of an array.
func jsonStep(v value.Value, key string) (value.Value, bool) {
	switch v.Kind() {
	case value.KindObject:
		return v.AsObject().Get(key)
	case value.KindList, value.KindTuple:
		i, err := strconv.Atoi(strings.TrimSpace(key))
		if err != nil {
			return value.None, false
		}
		xs := v.AsList()
		if i < 0 {
			i += len(xs)
		}
		if i < 0 || i >= len(xs) {
			return value.None, false
		}
		return xs[i], true
	}
	return value.None, false
}

func pathStrings(name string, args []value.Value, i int) ([]string, error) {
	xs, err := arrayArg(name, args, i)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(xs))
	for k, x := range xs {
		if x.IsNone() {
			return nil, nil // a NULL path element: the result is NULL
		}
		out[k] = value.CastText(x)
	}
	return out, nil
}

func jsonPathGet(v value.Value, path []string) value.Value {
	for _, k := range path {
		var ok bool
		if v, ok = jsonStep(v, k); !ok {
			return value.None
		}
	}
	if len(path) == 0 {
		return v
	}
	return value.JSONElement(v)
}

// jsonContains is jsonb's @>: objects contain objects whose every pair
// they contain, arrays contain arrays whose every element one of theirs
// contains (and a scalar at the top), scalars contain equal scalars.
func jsonContains(a, b value.Value, top bool) bool {
	switch a.Kind() {
	case value.KindObject:
		if b.Kind() != value.KindObject {
			return false
		}
		bo, ao := b.AsObject(), a.AsObject()
		for i := 0; i < bo.Len(); i++ {
			k, bv := bo.At(i)
			av, ok := ao.Get(k)
			if !ok || !jsonContains(av, bv, false) {
				return false
			}
		}
		return true
	case value.KindList, value.KindTuple:
		var want []value.Value
		switch b.Kind() {
		case value.KindList, value.KindTuple:
			want = b.AsList()
		case value.KindObject:
			return false
		default:
			if !top {
				return false
			}
			want = []value.Value{b}
		}
		for _, w := range want {
			found := false
			for _, x := range a.AsList() {
				if jsonContains(x, w, false) {
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
	switch b.Kind() {
	case value.KindObject, value.KindList, value.KindTuple:
		return false
	}
	return value.Compare(a, b) == 0 && a.Kind() == b.Kind() || (a.IsNone() && b.IsNone()) || numbersEqual(a, b)
}

func numbersEqual(a, b value.Value) bool {
	num := func(v value.Value) bool {
		k := v.Kind()
		return k == value.KindInt || k == value.KindFloat || k == value.KindDecimal
	}
	return num(a) && num(b) && value.Compare(a, b) == 0
}

// jsonExists is jsonb's ?: a key of an object, a string element of an
// array, or the string itself.
func jsonExists(v value.Value, key string) bool {
	switch v.Kind() {
	case value.KindObject:
		_, ok := v.AsObject().Get(key)
		return ok
	case value.KindList, value.KindTuple:
		for _, x := range v.AsList() {
			if x.Kind() == value.KindString && x.AsString() == key {
				return true
			}
		}
		return false
	case value.KindString:
		return v.AsString() == key
	}
	return false
}

func jsonDeleteKey(v value.Value, key string) value.Value {
	switch v.Kind() {
	case value.KindObject:
		o := v.AsObject().Clone()
		o.Delete(key)
		return value.ObjectOf(o)
	case value.KindList, value.KindTuple:
		out := []value.Value{}
		for _, x := range v.AsList() {
			if x.Kind() != value.KindString || x.AsString() != key {
				out = append(out, x)
			}
		}
		return value.List(out)
	}
	return v
}

// jsonSetPath replaces (or with create, adds) the value at path; insert
// puts a new array element before (after) the path's instead.
func jsonSetPath(v value.Value, path []string, nv value.Value, create, insert, after bool) (value.Value, error) {
	if len(path) == 0 {
		return v, nil
	}
	k, rest := path[0], path[1:]
	switch v.Kind() {
	case value.KindObject:
		o := v.AsObject()
		cur, ok := o.Get(k)
		if len(rest) > 0 {
			if !ok {
				return v, nil
			}
			c, err := jsonSetPath(cur, rest, nv, create, insert, after)
			if err != nil {
				return value.None, err
			}
			o = o.Clone()
			o.Set(k, c)
			return value.ObjectOf(o), nil
		}
		if insert && ok {
			return value.None, errs.New(errs.InvalidParameterValue, "cannot replace existing key").
				WithHint("Try using the function jsonb_set to replace key value.")
		}
		if !ok && !create && !insert {
			return v, nil
		}
		names := append([]string(nil), o.Names()...)
		vals := make([]value.Value, 0, len(names)+1)
		for i := range names {
			_, x := o.At(i)
			vals = append(vals, x)
		}
		return value.JSONBObject(append(names, k), append(vals, nv)), nil
	case value.KindList, value.KindTuple:
		xs := v.AsList()
		i, err := strconv.Atoi(strings.TrimSpace(k))
		if err != nil {
			return value.None, errs.New(errs.InvalidTextRepresentation, "path element at position %d is not an integer: \"%s\"", 1, k)
		}
		if i < 0 {
			i += len(xs)
		}
		if len(rest) > 0 {
			if i < 0 || i >= len(xs) {
				return v, nil
			}
			c, err := jsonSetPath(xs[i], rest, nv, create, insert, after)
			if err != nil {
				return value.None, err
			}
			out := append([]value.Value(nil), xs...)
			out[i] = c
			return value.List(out), nil
		}
		if insert {
			if after {
				i++
			}
			i = min(max(i, 0), len(xs))
			out := append(append(append([]value.Value(nil), xs[:i]...), nv), xs[i:]...)
			return value.List(out), nil
		}
		switch {
		case i >= 0 && i < len(xs):
			out := append([]value.Value(nil), xs...)
			out[i] = nv
			return value.List(out), nil
		case !create:
			return v, nil
		case i < 0:
			return value.List(append([]value.Value{nv}, xs...)), nil
		}
		return value.List(append(append([]value.Value(nil), xs...), nv)), nil
	}
	return v, nil
}

func jsonDeletePath(v value.Value, path []string) value.Value {
	if len(path) == 0 {
		return v
	}
	k, rest := path[0], path[1:]
	switch v.Kind() {
	case value.KindObject:
		o := v.AsObject()
		cur, ok := o.Get(k)
		if !ok {
			return v
		}
		o = o.Clone()
		if len(rest) == 0 {
			o.Delete(k)
		} else {
			o.Set(k, jsonDeletePath(cur, rest))
		}
		return value.ObjectOf(o)
	case value.KindList, value.KindTuple:
		xs := v.AsList()
		i, err := strconv.Atoi(strings.TrimSpace(k))
		if err != nil {
			return v
		}
		if i < 0 {
			i += len(xs)
		}
		if i < 0 || i >= len(xs) {
			return v
		}
		out := append([]value.Value(nil), xs...)
		if len(rest) == 0 {
			return value.List(append(out[:i], out[i+1:]...))
		}
		out[i] = jsonDeletePath(xs[i], rest)
		return value.List(out)
	}
	return v
}

func jsonConcat(a, b value.Value) value.Value {
	isList := func(v value.Value) bool { return v.Kind() == value.KindList || v.Kind() == value.KindTuple }
	switch {
	case a.Kind() == value.KindObject && b.Kind() == value.KindObject:
		ao, bo := a.AsObject(), b.AsObject()
		names := make([]string, 0, ao.Len()+bo.Len())
		vals := make([]value.Value, 0, cap(names))
		for _, o := range []*value.Object{ao, bo} {
			for i := 0; i < o.Len(); i++ {
				k, v := o.At(i)
				names, vals = append(names, k), append(vals, v)
			}
		}
		return value.JSONBObject(names, vals)
	case isList(a) && isList(b):
		return value.List(append(append([]value.Value(nil), a.AsList()...), b.AsList()...))
	case isList(a):
		return value.List(append(append([]value.Value(nil), a.AsList()...), b))
	case isList(b):
		return value.List(append([]value.Value{a}, b.AsList()...))
	}
	return value.List([]value.Value{a, b})
}

func jsonStripNulls(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindObject:
		o := v.AsObject()
		var names []string
		var vals []value.Value
		for i := 0; i < o.Len(); i++ {
			k, x := o.At(i)
			if x.IsNone() {
				continue
			}
			names, vals = append(names, k), append(vals, jsonStripNulls(x))
		}
		return value.JSONBObject(names, vals)
	case value.KindList, value.KindTuple:
		xs := v.AsList()
		out := make([]value.Value, len(xs))
		for i, x := range xs {
			out[i] = jsonStripNulls(x)
		}
		return value.List(out)
	}
	return v
}

// jsonPretty renders v the way jsonb_pretty does: four-space indents.
func jsonPretty(b *strings.Builder, v value.Value, indent int) {
	pad := func(n int) { b.WriteString(strings.Repeat("    ", n)) }
	switch v.Kind() {
	case value.KindObject:
		o := v.AsObject()
		if o.Len() == 0 {
			b.WriteString("{\n")
			pad(indent)
			b.WriteString("}")
			return
		}
		b.WriteString("{\n")
		for i := 0; i < o.Len(); i++ {
			k, x := o.At(i)
			pad(indent + 1)
			b.Write(value.AppendJSON(nil, value.String(k)))
			b.WriteString(": ")
			jsonPretty(b, x, indent+1)
			if i < o.Len()-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		pad(indent)
		b.WriteString("}")
	case value.KindList, value.KindTuple:
		xs := v.AsList()
		if len(xs) == 0 {
			b.WriteString("[\n")
			pad(indent)
			b.WriteString("]")
			return
		}
		b.WriteString("[\n")
		for i, x := range xs {
			pad(indent + 1)
			jsonPretty(b, x, indent+1)
			if i < len(xs)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		pad(indent)
		b.WriteString("]")
	default:
		b.Write(value.AppendJSON(nil, v))
	}
}

func jsonbFuncs() []*Func {
	jsonb := resultOf(value.TypeJSONB)
	text := resultOf(value.TypeText)
	boolean := resultOf(value.TypeBool)
	int4 := resultOf(value.TypeInt4)
	obj := func(kv ...any) value.Value { return vobj(kv...) }
	arr := func(xs ...value.Value) value.Value { return value.List(xs) }
	path := func(ks ...string) value.Value {
		xs := make([]value.Value, len(ks))
		for i, k := range ks {
			xs[i] = vs(k)
		}
		return value.List(xs)
	}
	doc := obj("a", obj("b", arr(vi(1), vi(2))), "c", vs("x"))
	pathFn := func(fname, doc string, res func([]value.Type) value.Type, asText bool, e Example) *Func {
		return sqlDef(fname, 2, 2, doc, res, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			p, err := pathStrings(name, args, 1)
			if err != nil || p == nil {
				return value.None, err
			}
			v := jsonPathGet(args[0], p)
			if asText {
				return jsonText(v), nil
			}
			return v, nil
		}, e)
	}
	variadicPath := func(fname, doc string, res func([]value.Type) value.Type, asText bool, e Example) *Func {
		return sqlDef(fname, 1, -1, doc, res, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			p := make([]string, len(args)-1)
			for i, a := range args[1:] {
				p[i] = value.CastText(a)
			}
			v := jsonPathGet(args[0], p)
			if asText {
				return jsonText(v), nil
			}
			return v, nil
		}, e)
	}
	keysFn := func(fname, doc string, all bool, e Example) *Func {
		return sqlDef(fname, 2, 2, doc, boolean, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			xs, err := arrayArg(name, args, 1)
			if err != nil {
				return value.None, err
			}
			for _, x := range xs {
				if x.IsNone() {
					continue
				}
				if jsonExists(args[0], x.AsString()) != all {
					return value.Bool(!all), nil
				}
			}
			return value.Bool(all), nil
		}, e)
	}
	return []*Func{
		pathFn("jsonb_path_get", "The value at a path of keys and array indexes (#>).", jsonb, false, ex("2", doc, path("a", "b", "1"))),
		pathFn("jsonb_path_get_text", "The value at a path as text (#>>).", text, true, ex(`"x"`, doc, path("c"))),
		variadicPath("jsonb_extract_path", "The value at the path given by the other arguments.", jsonb, false, ex("[1, 2]", doc, vs("a"), vs("b"))),
		variadicPath("jsonb_extract_path_text", "The value at the path given by the other arguments, as text.", text, true, ex(`"x"`, doc, vs("c"))),
		sqlDef("jsonb_contains", 2, 2, "Whether the first value contains the second (@>).", boolean, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(jsonContains(args[0], args[1], true)), nil
		}, ex("true", doc, obj("c", vs("x"))), ex("false", doc, obj("c", vs("y")))),
		sqlDef("jsonb_gin_key", 1, 1, "jsonb_gin_key(jsonb): the gin index entry every document containing the value has (\"\" for every record); the optimizer's, for index scans.", text, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.String(JSONGINContainsKey(args[0])), nil
		}, ex(`"p1:a=sx"`, obj("a", vs("x")))),
		sqlDef("jsonb_gin_exists_key", 1, 1, "jsonb_gin_exists_key(text): the gin index entry of the documents with the key at their top level; the optimizer's, for index scans.", text, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.String(JSONGINExistsKey(args[0].AsString())), nil
		}, ex(`"ka"`, vs("a"))),
		sqlDef("jsonb_exists", 2, 2, "Whether the string is a key of the object, an element of the array or the string itself (?).", boolean, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(jsonExists(args[0], args[1].AsString())), nil
		}, ex("true", doc, vs("a"))),
		keysFn("jsonb_exists_any", "Whether any of the strings exists (?|).", false, ex("true", doc, path("z", "a"))),
		keysFn("jsonb_exists_all", "Whether all of the strings exist (?&).", true, ex("false", doc, path("z", "a"))),
		sqlDef("jsonb_delete", 2, 2, "The value without a key, the string elements equal to it, an array index, or every key of a text array (-).", jsonb, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			v, k := args[0], args[1]
			switch v.Kind() {
			case value.KindObject, value.KindList, value.KindTuple:
			default:
				return value.None, errs.New(errs.InvalidParameterValue, "cannot delete from scalar")
			}
			switch k.Kind() {
			case value.KindString:
				return jsonDeleteKey(v, k.AsString()), nil
			case value.KindInt:
				switch v.Kind() {
				case value.KindList, value.KindTuple:
					return jsonDeletePath(v, []string{strconv.FormatInt(k.AsInt(), 10)}), nil
				case value.KindObject:
					return value.None, errs.New(errs.InvalidParameterValue, "cannot delete from object using integer index")
				}
				return value.None, errs.New(errs.InvalidParameterValue, "cannot delete from scalar")
			case value.KindList, value.KindTuple:
				for _, x := range k.AsList() {
					if !x.IsNone() {
						v = jsonDeleteKey(v, x.AsString())
					}
				}
				return v, nil
			}
			return value.None, noSQLFunc(name, args)
		}, ex(`{"c": "x"}`, doc, vs("a"))),
		sqlDef("jsonb_delete_path", 2, 2, "The value without the element at a path (#-).", jsonb, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			return deletePathArgs(name, args)
		}, ex(`{"a": {"b": [1]}, "c": "x"}`, doc, path("a", "b", "1"))),
		sqlDef("jsonb_concat", 2, 2, "Objects merged (the right side wins), arrays concatenated, a scalar added to an array (||).", jsonb, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return jsonConcat(args[0], args[1]), nil
		}, ex("[1, 2, 3]", arr(vi(1)), arr(vi(2), vi(3))), ex(`{"a": 2}`, obj("a", vi(1)), obj("a", vi(2)))),
		nonStrict(sqlDef("jsonb_build_object", 0, -1, "An object of alternating keys and values.", jsonb, func(_ string, c *Context, args []value.Value) (value.Value, error) {
			if len(args)%2 != 0 {
				return value.None, errs.New(errs.InvalidParameterValue, "argument list must have even number of elements").
					WithHint("The arguments of jsonb_build_object() must consist of alternating keys and values.")
			}
			loc, err := c.zone()
			if err != nil {
				return value.None, err
			}
			names := make([]string, 0, len(args)/2)
			vals := make([]value.Value, 0, len(args)/2)
			for i := 0; i < len(args); i += 2 {
				if args[i].IsNone() {
					return value.None, errs.New(errs.InvalidParameterValue, "argument %d: key must not be null", i+1)
				}
				names, vals = append(names, value.CastTextIn(args[i], loc)), append(vals, value.SQLJSON(args[i+1], loc))
			}
			return value.JSONBObject(names, vals), nil
		}, ex(`{"a": 1, "b": null}`, vs("a"), vi(1), vs("b"), value.None))),
		nonStrict(sqlDef("jsonb_build_array", 0, -1, "An array of the arguments.", jsonb, func(_ string, c *Context, args []value.Value) (value.Value, error) {
			loc, err := c.zone()
			if err != nil {
				return value.None, err
			}
			return value.SQLJSON(value.List(append([]value.Value{}, args...)), loc), nil
		}, ex(`[1, "a", null]`, vi(1), vs("a"), value.None))),
		sqlDef("jsonb_set", 3, 4, "The value with the element at a path replaced (or added when create_if_missing, the default).", jsonb, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if err := notScalar(args[0], "cannot set path in scalar"); err != nil {
				return value.None, err
			}
			p, err := pathStrings(name, args, 1)
			if err != nil || p == nil {
				return value.None, err
			}
			create := len(args) < 4 || args[3].AsBool()
			return jsonSetPath(args[0], p, args[2], create, false, false)
		}, ex(`{"a": {"b": [1, 9]}, "c": "x"}`, doc, path("a", "b", "1"), vi(9))),
		sqlDef("jsonb_object", 1, 2, "An object of a text array's alternating keys and values, or of a keys array and a values array; the values are strings, a NULL one null.", jsonb, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			keys, vals, err := objectPairs(name, args)
			if err != nil {
				return value.None, err
			}
			for i, v := range vals {
				if v.IsNone() {
					vals[i] = value.JSONNull
				}
			}
			return value.JSONBObject(keys, vals), nil
		}, ex(`{"a": "3", "b": null}`, value.List([]value.Value{vs("a"), vs("1"), vs("b"), value.None, vs("a"), vs("3")}))),
		nonStrict(sqlDef("jsonb_set_lax", 3, 5, "jsonb_set, with a SQL NULL new value treated as null_value_treatment says: use_json_null (the default), delete_key, return_target or raise_exception.", jsonb, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			const badTreatment = `null_value_treatment must be "delete_key", "return_target", "use_json_null", or "raise_exception"`
			if len(args) > 4 && args[4].IsSQLNull() {
				return value.None, errs.New(errs.InvalidParameterValue, badTreatment)
			}
			if args[0].IsSQLNull() || args[1].IsSQLNull() || len(args) > 3 && args[3].IsSQLNull() {
				return value.None, nil
			}
			create := len(args) < 4 || args[3].AsBool()
			newValue := args[2]
			if newValue.IsSQLNull() {
				treatment := "use_json_null"
				if len(args) > 4 {
					treatment = args[4].AsString()
				}
				switch treatment {
				case "raise_exception":
					return value.None, errs.New(errs.NullValueNotAllowed, "JSON value must not be null").
						WithDetail(`Exception was raised because null_value_treatment is "raise_exception".`).
						WithHint("To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.")
				case "use_json_null":
					newValue = value.JSONNull
				case "delete_key":
					return deletePathArgs(name, args)
				case "return_target":
					return args[0], nil
				default:
					return value.None, errs.New(errs.InvalidParameterValue, badTreatment)
				}
			}
			if err := notScalar(args[0], "cannot set path in scalar"); err != nil {
				return value.None, err
			}
			p, err := pathStrings(name, args, 1)
			if err != nil || p == nil {
				return value.None, err
			}
			return jsonSetPath(args[0], p, newValue, create, false, false)
		}, ex(`{"a": {"b": [1, null]}, "c": "x"}`, doc, path("a", "b", "1"), value.None))),
		sqlDef("jsonb_insert", 3, 4, "The value with a new array element before (after, with insert_after) the one at a path, or a new key.", jsonb, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			if err := notScalar(args[0], "cannot set path in scalar"); err != nil {
				return value.None, err
			}
			p, err := pathStrings(name, args, 1)
			if err != nil || p == nil {
				return value.None, err
			}
			after := len(args) > 3 && args[3].AsBool()
			return jsonSetPath(args[0], p, args[2], true, true, after)
		}, ex(`{"a": {"b": [0, 1, 2]}, "c": "x"}`, doc, path("a", "b", "0"), vi(0))),
		sqlDef("jsonb_sort_key", 1, 1, "A value whose order is jsonb's: the key of jsonb comparisons and ORDER BY.", resultOf(value.Type{Kind: value.KindAny}), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return jsonbSortKey(args[0], true), nil
		}, ex(`[1, "a"]`, vs("a")), ex("[-1]", arr())),
		nonStrict(sqlDef("jsonb_distinct", 2, 2, "IS DISTINCT FROM of jsonb values: SQL NULL is distinct from everything but itself, jsonb's null included.", boolean, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			a, b := args[0], args[1]
			if a.IsSQLNull() || b.IsSQLNull() {
				return value.Bool(a.IsSQLNull() != b.IsSQLNull()), nil
			}
			return value.Bool(a.IsJSONNull() != b.IsJSONNull() || !value.Equal(a, b)), nil
		}, ex("true", value.JSONNull, value.None), ex("false", value.JSONNull, value.JSONNull), ex("false", value.None, value.None))),
		nonStrict(sqlDef("jsonb_scalar", 3, 3, "The jsonb value when it is a scalar of the JSON type the second argument names (number or boolean), for a cast to the SQL type the third names; anything else is 22023, as PostgreSQL's jsonb casts to numbers and boolean.", jsonb, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			v := args[0]
			if v.IsSQLNull() {
				return value.None, nil
			}
			got := value.JSONTypeName(v)
			if got == args[1].AsString() {
				return v, nil
			}
			if got == "number" {
				got = "numeric" // PostgreSQL's word in this message
			}
			return value.None, errs.New(errs.InvalidParameterValue, "cannot cast jsonb %s to type %s", got, args[2].AsString())
		}, ex("1", vi(1), vs("number"), vs("integer")), exErr("22023", vs("1"), vs("number"), vs("integer")),
			exErr("22023", value.JSONNull, vs("boolean"), vs("boolean")), exErr("22023", vi(1), vs("boolean"), vs("boolean")))),
		nonStrict(sqlDef("jsonb_populate_check", 3, 3, "The jsonb value, when it may be populated from: an object (the third argument record or element) or an array (array); NULL passes. Anything else is PostgreSQL's 22023 for the function the second argument names (json(b)_populate_record and _recordset).", jsonb, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			v, fn := args[0], args[1].AsString()
			if v.IsSQLNull() {
				return v, nil
			}
			got := value.JSONTypeName(v)
			switch args[2].AsString() {
			case "array":
				if got != "array" {
					return value.None, errs.New(errs.InvalidParameterValue, "cannot call %s on a non-array", fn)
				}
			case "element":
				if got != "object" {
					return value.None, errs.New(errs.InvalidParameterValue, "argument of %s must be an array of objects", fn)
				}
			default:
				switch got {
				case "object":
				case "array":
					return value.None, errs.New(errs.InvalidParameterValue, "cannot call populate_composite on an array")
				default:
					return value.None, errs.New(errs.InvalidParameterValue, "cannot call populate_composite on a scalar")
				}
			}
			return v, nil
		}, ex(`{"a": 1}`, obj("a", vi(1)), vs("jsonb_populate_record"), vs("record")),
			exErr("22023", vi(1), vs("jsonb_populate_record"), vs("record")),
			exErr("22023", arr(vi(1)), vs("jsonb_populate_record"), vs("record")),
			exErr("22023", obj("a", vi(1)), vs("jsonb_populate_recordset"), vs("array")),
			exErr("22023", vi(1), vs("jsonb_populate_recordset"), vs("element")))),
		sqlDef("jsonb_typeof", 1, 1, "The JSON type of the value: object, array, string, number, boolean or null.", text, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.String(value.JSONTypeName(args[0])), nil
		}, ex(`"object"`, doc)),
		sqlDef("jsonb_array_length", 1, 1, "The number of elements of an array.", int4, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			switch args[0].Kind() {
			case value.KindList, value.KindTuple:
				return value.IntW(int64(len(args[0].AsList())), value.I32), nil
			case value.KindObject:
				return value.None, errs.New(errs.InvalidParameterValue, "cannot get array length of a non-array")
			}
			return value.None, errs.New(errs.InvalidParameterValue, "cannot get array length of a scalar")
		}, ex("2", arr(vi(1), vi(2)))),
		sqlDef("jsonb_strip_nulls", 1, 1, "The value without object fields that are null.", jsonb, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return jsonStripNulls(args[0]), nil
		}, ex(`{"a": 1}`, obj("a", vi(1), "b", value.None))),
		sqlDef("to_jsonb", 1, 1, "The value as jsonb.", jsonb, func(_ string, c *Context, args []value.Value) (value.Value, error) {
			loc, err := c.zone()
			if err != nil {
				return value.None, err
			}
			return value.SQLJSON(args[0], loc), nil
		}, ex(`"a"`, vs("a"))),
		sqlDef("jsonb_pretty", 1, 1, "The value as indented JSON text.", text, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			var b strings.Builder
			jsonPretty(&b, args[0], 0)
			return value.String(b.String()), nil
		}, ex(`"[\n    1\n]"`, arr(vi(1)))),
	}
}

// notScalar is the check of the jsonb path writers: only an object or an
// array has paths (a jsonb null is a scalar too).
func notScalar(v value.Value, msg string) error {
	switch v.Kind() {
	case value.KindObject, value.KindList, value.KindTuple:
		return nil
	}
	return errs.New(errs.InvalidParameterValue, "%s", msg)
}

// deletePathArgs is #- of args[0] and the text array path args[1].
func deletePathArgs(name string, args []value.Value) (value.Value, error) {
	if err := notScalar(args[0], "cannot delete path in scalar"); err != nil {
		return value.None, err
	}
	p, err := pathStrings(name, args, 1)
	if err != nil || p == nil {
		return value.None, err
	}
	return jsonDeletePath(args[0], p), nil
}
