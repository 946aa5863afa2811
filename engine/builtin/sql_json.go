package builtin

import (
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQL's json type: a json value is a string holding JSON text as written
// (value.TypeJSON). The builders make PostgreSQL's json text, whose
// spacing differs between them (json_build_object's `{"a" : 1}`,
// row_to_json's `{"a":1}`, json_agg's `[1, 2]`); the readers return
// members and elements as written (value's JSONText functions).
//
// How a value becomes JSON depends on its SQL type, which a value alone
// does not tell (text and a jsonb string are both strings; a json value
// is a string to copy), so the SQL translator wraps each argument in
// sql::json_frag with the mode of its type, or builds a whole row with
// sql::json_row from its columns and their modes; the builders then join
// those fragments.

// Modes of sql::json_frag and sql::json_row, which the SQL translator
// picks by type: how a value (or, after FragArray, each element of the
// SQL array) is written as JSON.
const (
	FragValue = "v" // a SQL value: numbers, booleans, strings, dates in their JSON forms
	FragJSONB = "b" // jsonb, or a schemaless field: its JSON text
	FragJSON  = "j" // json: the text as it is
	FragDate  = "d" // date: a datetime written as its day
	FragArray = "a" // a SQL array of the mode that follows
)

// appendJSONFrag writes v as JSON text in mode (see the frag* constants);
// pretty puts a top-level array's elements on lines of their own, as
// array_to_json(a, true) does.
func appendJSONFrag(buf []byte, v value.Value, mode string, pretty bool, loc *time.Location) []byte {
	if v.IsNone() {
		return append(buf, "null"...)
	}
	if strings.HasPrefix(mode, FragArray) {
		switch v.Kind() {
		case value.KindList, value.KindTuple:
			// An array of several dimensions is arrays of arrays in JSON.
			buf = append(buf, '[')
			for i, x := range value.Nested(v).AsList() {
				if i > 0 {
					buf = append(buf, ',')
					if pretty {
						buf = append(buf, "\n "...)
					}
				}
				buf = appendJSONFrag(buf, x, mode, false, loc)
			}
			return append(buf, ']')
		}
		mode = strings.TrimLeft(mode, FragArray)
	}
	switch {
	case mode == FragJSON && v.Kind() == value.KindString:
		return append(buf, v.AsString()...)
	case mode == FragJSONB:
		return value.AppendJSON(buf, v)
	case mode == FragDate && v.Kind() == value.KindDatetime:
		day, err := value.AppendText(nil, v, value.TypeDate)
		if err == nil {
			return value.AppendJSON(buf, value.String(string(day)))
		}
	}
	switch v.Kind() {
	case value.KindDatetime, value.KindTime, value.KindTimeTZ, value.KindDuration, value.KindSQLRange:
		return value.AppendJSON(buf, value.SQLJSON(v, loc))
	case value.KindUUID, value.KindBytes:
		return value.AppendJSON(buf, value.String(value.CastText(v)))

	case value.KindList, value.KindTuple:
		return appendJSONFrag(buf, v, FragArray+FragValue, pretty, loc)
	case value.KindDecimal:
		s := value.CastText(v)
		if s == "NaN" || s == "Infinity" || s == "-Infinity" {
			// Not JSON numbers: PostgreSQL's json quotes them.
			return value.AppendJSON(buf, value.String(s))
		}
		return append(buf, s...)
	}
	return value.AppendJSON(buf, v)
}

// jsonKeyText is a json object key as PostgreSQL writes it: the text of
// a scalar, dates and times in their JSON forms.
func jsonKeyText(v value.Value, loc *time.Location) string {
	switch v.Kind() {
	case value.KindDatetime, value.KindTime, value.KindTimeTZ, value.KindDuration:
		return value.SQLJSON(v, loc).AsString()
	}
	return value.CastTextIn(v, loc)
}

// jsonFragArg is a fragment argument: SQL NULL is JSON null.
func jsonFragArg(buf []byte, v value.Value) []byte {
	if v.IsNone() {
		return append(buf, "null"...)
	}
	return append(buf, v.AsString()...)
}

// jsonTextArg reads a json argument.
func jsonTextArg(name string, args []value.Value, i int) (string, error) {
	if args[i].Kind() != value.KindString {
		return "", noSQLFunc(name, args)
	}
	return args[i].AsString(), nil
}

// jsonTextDoc reads the json argument of a function that reads its
// strings (PostgreSQL's need_escapes), which refuses \u0000 anywhere.
func jsonTextDoc(name string, args []value.Value, i int) (string, error) {
	s, err := jsonTextArg(name, args, i)
	if err == nil {
		err = value.CheckJSONTextEscapes(s)
	}
	return s, err
}

// jsonTextGet is the member or element a path step names in json text:
// a key of an object, an index (negative from the end) of an array. A
// text step indexes an array only in a path (json_extract_path, #>): ->
// with text finds object members alone.
func jsonTextGet(s string, step value.Value, path bool) (string, bool) {
	switch value.JSONTextKind(s) {
	case '{':
		if step.Kind() != value.KindString {
			return "", false
		}
		ms, _ := value.JSONTextMembers(s)
		// PostgreSQL's json finds the last of duplicate keys.
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i].Key == step.AsString() {
				return ms[i].Value, true
			}
		}
	case '[':
		var idx int64
		switch step.Kind() {
		case value.KindInt:
			idx = step.AsInt()
		case value.KindString:
			if !path {
				return "", false
			}
			n, err := strconv.ParseInt(strings.TrimSpace(step.AsString()), 10, 64)
			if err != nil {
				return "", false
			}
			idx = n
		default:
			return "", false
		}
		xs, _ := value.JSONTextElements(s)
		if idx < 0 {
			idx += int64(len(xs))
		}
		if idx >= 0 && idx < int64(len(xs)) {
			return xs[idx], true
		}
	}
	return "", false
}

// jsonTextPath follows a path of keys and indexes.
func jsonTextPath(s string, path []value.Value) (string, bool) {
	for _, step := range path {
		if step.IsNone() {
			return "", false
		}
		var ok bool
		if s, ok = jsonTextGet(s, step, true); !ok {
			return "", false
		}
	}
	return s, true
}

// jsonTextResult is a json value read out of json text, as json or, for
// the _text forms, as text.
func jsonTextResult(s string, ok, asText bool) (value.Value, error) {
	switch {
	case !ok:
		return value.None, nil
	case asText:
		return value.JSONTextScalar(s)
	}
	return value.String(s), nil
}

func jsonEachText(name string, s string, text, keysOnly bool) (value.Value, error) {
	ms, ok := value.JSONTextMembers(s)
	if !ok {
		switch array := value.JSONTextKind(s) == '['; {
		case keysOnly && array:
			return value.None, errs.New(errs.InvalidParameterValue, "cannot call %s on an array", name)
		case keysOnly:
			return value.None, errs.New(errs.InvalidParameterValue, "cannot call %s on a scalar", name)
		case array:
			return value.None, errs.New(errs.InvalidParameterValue, "cannot deconstruct an array as an object")
		}
		return value.None, errs.New(errs.InvalidParameterValue, "cannot deconstruct a scalar")
	}
	out := make([]value.Value, len(ms))
	for i, m := range ms {
		switch {
		case keysOnly:
			out[i] = value.Tuple([]value.Value{value.String(m.Key)})
		case text:
			v, err := value.JSONTextScalar(m.Value)
			if err != nil {
				return value.None, err
			}
			out[i] = value.Tuple([]value.Value{value.String(m.Key), v})
		default:
			out[i] = value.Tuple([]value.Value{value.String(m.Key), value.String(m.Value)})
		}
	}
	return value.List(out), nil
}

func jsonElementsText(name string, s string, text bool) (value.Value, error) {
	xs, ok := value.JSONTextElements(s)
	if !ok {
		if value.JSONTextKind(s) == '{' {
			return value.None, errs.New(errs.InvalidParameterValue, "cannot call %s on a non-array", name)
		}
		return value.None, errs.New(errs.InvalidParameterValue, "cannot call %s on a scalar", name)
	}
	out := make([]value.Value, len(xs))
	for i, x := range xs {
		if text {
			v, err := value.JSONTextScalar(x)
			if err != nil {
				return value.None, err
			}
			out[i] = v
		} else {
			out[i] = value.String(x)
		}
	}
	return rows1(out), nil
}

func jsonFuncs() []*Func {
	jsonT := resultOf(value.TypeJSON)
	text := resultOf(value.TypeText)
	int4 := resultOf(value.TypeInt4)
	rows := resultOf(value.Any)
	names := func(ns ...string) value.Value {
		xs := make([]value.Value, len(ns))
		for i, n := range ns {
			xs[i] = vs(n)
		}
		return value.List(xs)
	}
	doc := vs(`{"a": {"b": [1,  2]}, "c" : "x", "d": null}`)
	// The readers' results: json as written, or the _text forms' text.
	readResult := func(asText bool) func([]value.Type) value.Type {
		if asText {
			return text
		}
		return jsonT
	}
	get := func(fname, doc string, asText bool, e Example) *Func {
		return sqlDef(fname, 2, 2, doc, readResult(asText), func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := jsonTextDoc(name, args, 0)
			if err != nil {
				return value.None, err
			}
			r, ok := jsonTextGet(s, args[1], false)
			return jsonTextResult(r, ok, asText)
		}, e)
	}
	path := func(fname, doc string, asText bool, e Example) *Func {
		return sqlDef(fname, 2, -1, doc, readResult(asText), func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := jsonTextDoc(name, args, 0)
			if err != nil {
				return value.None, err
			}
			steps := args[1:]
			if len(args) == 2 && (args[1].Kind() == value.KindList || args[1].Kind() == value.KindTuple) {
				steps = args[1].AsList() // #> and #>> take a text array
			}
			r, ok := jsonTextPath(s, steps)
			return jsonTextResult(r, ok, asText)
		}, e)
	}
	srf := func(name, doc string, fn func(name, s string) (value.Value, error), e Example) *Func {
		return sqlDef("srf_"+name, 1, 1, doc, rows, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := jsonTextDoc(name, args, 0)
			if err != nil {
				return value.None, err
			}
			return fn(name, s)
		}, e)
	}
	return []*Func{
		sqlDef("json_object", 1, 2, "An object of a text array's alternating keys and values, or of a keys array and a values array, as PostgreSQL writes it ({\"a\" : \"1\"}).", jsonT, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			keys, vals, err := objectPairs(name, args)
			if err != nil {
				return value.None, err
			}
			buf := []byte{'{'}
			for i, k := range keys {
				if i > 0 {
					buf = append(buf, ", "...)
				}
				buf = value.AppendJSON(buf, value.String(k))
				buf = append(buf, " : "...)
				if vals[i].IsNone() {
					buf = append(buf, "null"...)
				} else {
					buf = value.AppendJSON(buf, vals[i])
				}
			}
			return value.String(string(append(buf, '}'))), nil
		}, ex(`"{\"a\" : \"1\", \"b\" : null}"`, value.List([]value.Value{vs("a"), vs("1"), vs("b"), value.None}))),
		nonStrict(sqlDef("json_frag", 2, 3, "The JSON text of a value for json's builders; the second argument tells how its SQL type is written (v: a value, b: jsonb, j: json, a…: an array of), the third puts a top-level array's elements on lines of their own.", jsonT, func(name string, c *Context, args []value.Value) (value.Value, error) {
			if args[0].IsSQLNull() {
				return value.None, nil
			}
			loc, err := c.zone()
			if err != nil {
				return value.None, err
			}
			pretty := len(args) > 2 && args[2].Kind() == value.KindBool && args[2].AsBool()
			return value.String(string(appendJSONFrag(nil, args[0], args[1].AsString(), pretty, loc))), nil
		}, ex(`"[1,2]"`, vl(vi(1), vi(2)), vs("av")), ex(`"\"a\""`, vs("a"), vs("v")), ex(`"{\"a\": 1}"`, vobj("a", vi(1)), vs("b")))),
		nonStrict(sqlDef("json_row", 3, -1, "A row as json (row_to_json, to_json of a record): the column names, their json_frag modes, whether to put each column on a line of its own, then the columns.", jsonT, func(name string, c *Context, args []value.Value) (value.Value, error) {
			// The columns are written here, not by json_frag calls of
			// their own: a row is one buffer, where fragments were a
			// string and a call per column.
			loc, err := c.zone()
			if err != nil {
				return value.None, err
			}
			ns, err := arrayArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			modes, err := arrayArg(name, args, 1)
			if err != nil {
				return value.None, err
			}
			if len(ns) != len(args)-3 || len(modes) != len(ns) {
				return value.None, noSQLFunc(name, args)
			}
			pretty := args[2].Kind() == value.KindBool && args[2].AsBool()
			buf := make([]byte, 0, 16*len(ns))
			buf = append(buf, '{')
			for i, n := range ns {
				if i > 0 {
					buf = append(buf, ',')
					if pretty {
						buf = append(buf, "\n "...)
					}
				}
				buf = value.AppendJSON(buf, n)
				buf = append(buf, ':')
				buf = appendJSONFrag(buf, args[3+i], modes[i].AsString(), false, loc)
			}
			return value.String(string(append(buf, '}'))), nil
		}, ex(`"{\"a\":1,\"b\":null,\"c\":[1]}"`, names("a", "b", "c"), names("v", "v", "j"), value.Bool(false), vi(1), value.None, vs("[1]")))),
		nonStrict(sqlDef("json_build_object", 0, -1, "An object of alternating keys and values' JSON texts, as PostgreSQL writes it ({\"a\" : 1}).", jsonT, func(_ string, c *Context, args []value.Value) (value.Value, error) {
			if len(args)%2 != 0 {
				return value.None, errs.New(errs.InvalidParameterValue, "argument list must have even number of elements").
					WithHint("The arguments of json_build_object() must consist of alternating keys and values.")
			}
			loc, err := c.zone()
			if err != nil {
				return value.None, err
			}
			buf := []byte{'{'}
			for i := 0; i < len(args); i += 2 {
				if args[i].IsNone() {
					return value.None, errs.New(errs.InvalidParameterValue, "argument %d cannot be null", i+1).
						WithHint("Object keys should be text.")
				}
				if i > 0 {
					buf = append(buf, ", "...)
				}
				buf = value.AppendJSON(buf, value.String(jsonKeyText(args[i], loc)))
				buf = append(buf, " : "...)
				buf = jsonFragArg(buf, args[i+1])
			}
			return value.String(string(append(buf, '}'))), nil
		}, ex(`"{\"a\" : 1, \"b\" : null}"`, vs("a"), vs("1"), vs("b"), value.None))),
		nonStrict(sqlDef("json_build_array", 0, -1, "An array of the arguments' JSON texts, as PostgreSQL writes it ([1, 2]).", jsonT, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			buf := []byte{'['}
			for i, a := range args {
				if i > 0 {
					buf = append(buf, ", "...)
				}
				buf = jsonFragArg(buf, a)
			}
			return value.String(string(append(buf, ']'))), nil
		}, ex(`"[1, null]"`, vs("1"), value.None))),
		nonStrict(sqlDef("json_member", 2, 2, "A member of json_object_agg's object: the key and the value's JSON text.", text, func(_ string, c *Context, args []value.Value) (value.Value, error) {
			if args[0].IsNone() {
				return value.None, errs.New(errs.InvalidParameterValue, "field name must not be null")
			}
			loc, err := c.zone()
			if err != nil {
				return value.None, err
			}
			buf := value.AppendJSON(nil, value.String(jsonKeyText(args[0], loc)))
			buf = append(buf, " : "...)
			return value.String(string(jsonFragArg(buf, args[1]))), nil
		}, ex(`"\"a\" : 1"`, vs("a"), vs("1")), exErr(errs.InvalidParameterValue, value.None, vs("1")))),
		sqlDef("json_wrap", 4, 4, "The text between an opening and a closing text: json_agg's and json_object_agg's result from their members; with true, the members start with a line break, which the first loses.", jsonT, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			s := args[0].AsString()
			if args[3].Kind() == value.KindBool && args[3].AsBool() {
				s = strings.TrimPrefix(s, "\n ")
			}
			return value.String(args[1].AsString() + s + args[2].AsString()), nil
		}, ex(`"[1, 2]"`, vs("1, 2"), vs("["), vs("]"), value.Bool(false))),
		get("json_object_field", "The member of a json object with the key, as written (->).", false, ex(`"\"x\""`, doc, vs("c"))),
		get("json_object_field_text", "The member of a json object with the key, as text (->>).", true, ex(`"x"`, doc, vs("c"))),
		get("json_array_element", "The element of a json array (negative: from the end), as written (->).", false, ex(`"2"`, vs("[1, 2]"), vi4(-1))),
		get("json_array_element_text", "The element of a json array, as text (->>).", true, ex(`"2"`, vs("[1, 2]"), vi4(1))),
		path("json_extract_path", "The json value at the path given by the other arguments, as written.", false, ex(`"[1,  2]"`, doc, vs("a"), vs("b"))),
		path("json_extract_path_text", "The json value at the path given by the other arguments, as text.", true, ex(`"x"`, doc, vs("c"))),
		sqlDef("json_typeof", 1, 1, "The JSON type of the json value: object, array, string, number, boolean or null.", text, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := jsonTextArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			return value.String(value.JSONTextTypeof(s)), nil
		}, ex(`"object"`, doc)),
		sqlDef("json_array_length", 1, 1, "The number of elements of a json array.", int4, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := jsonTextArg(name, args, 0)
			if err != nil {
				return value.None, err
			}
			xs, ok := value.JSONTextElements(s)
			if !ok {
				if value.JSONTextKind(s) == '{' {
					return value.None, errs.New(errs.InvalidParameterValue, "cannot get array length of a non-array")
				}
				return value.None, errs.New(errs.InvalidParameterValue, "cannot get array length of a scalar")
			}
			return value.IntW(int64(len(xs)), value.I32), nil
		}, ex("2", vs("[1, [2, 3]]")), exErr(errs.InvalidParameterValue, vs("{}"))),
		sqlDef("json_strip_nulls", 1, 1, "The json value without object members that are null, written without white space.", jsonT, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := jsonTextDoc(name, args, 0)
			if err != nil {
				return value.None, err
			}
			return value.String(value.JSONTextStripNulls(s)), nil
		}, ex(`"{\"a\":{\"b\":[1,2]},\"c\":\"x\"}"`, doc)),
		srf("json_each", "json_each(json) in FROM: one (key, value) row per member, as written.", func(name, s string) (value.Value, error) {
			return jsonEachText(name, s, false, false)
		}, ex(`[["a", "1"]]`, vs(`{"a": 1}`))),
		srf("json_each_text", "json_each_text(json) in FROM: one (key, value as text) row per member.", func(name, s string) (value.Value, error) {
			return jsonEachText(name, s, true, false)
		}, ex(`[["a", "x"]]`, vs(`{"a": "x"}`))),
		srf("json_object_keys", "json_object_keys(json) in FROM: one row per key, duplicates included.", func(name, s string) (value.Value, error) {
			return jsonEachText(name, s, false, true)
		}, ex(`[["a"], ["a"]]`, vs(`{"a": 1, "a": 2}`))),
		srf("json_array_elements", "json_array_elements(json) in FROM: one row per element, as written.", func(name, s string) (value.Value, error) {
			return jsonElementsText(name, s, false)
		}, ex(`[["1"], ["[ 2 ]"]]`, vs(`[1, [ 2 ]]`))),
		srf("json_array_elements_text", "json_array_elements_text(json) in FROM: one row per element, as text.", func(name, s string) (value.Value, error) {
			return jsonElementsText(name, s, true)
		}, ex(`[["a"], [null]]`, vs(`["a", null]`))),
	}
}

// objectPairs reads json_object's and jsonb_object's arguments: one text
// array of alternating keys and values (or of two columns, key and
// value), or a one-dimensional array of keys and one of values. A NULL
// value is JSON null; a NULL key is 22004.
func objectPairs(name string, args []value.Value) (keys []string, vals []value.Value, err error) {
	for _, a := range args {
		if a.Kind() != value.KindList {
			return nil, nil, noSQLFunc(name, args)
		}
		if nd := value.ArrayNDims(a); nd > 2 || nd == 2 && len(args) == 2 {
			return nil, nil, errs.New(errs.ArraySubscriptError, "wrong number of array subscripts")
		}
	}
	var ks, vs []value.Value
	if len(args) == 1 {
		all := args[0].AsList()
		if dims, _ := value.ArrayDims(args[0]); len(dims) == 2 && dims[1] != 2 {
			return nil, nil, errs.New(errs.ArraySubscriptError, "array must have two columns")
		}
		if len(all)%2 != 0 {
			return nil, nil, errs.New(errs.ArraySubscriptError, "array must have even number of elements")
		}
		for i := 0; i < len(all); i += 2 {
			ks, vs = append(ks, all[i]), append(vs, all[i+1])
		}
	} else {
		ks, vs = args[0].AsList(), args[1].AsList()
		if len(ks) != len(vs) {
			return nil, nil, errs.New(errs.ArraySubscriptError, "mismatched array dimensions")
		}
	}
	for i, k := range ks {
		if k.IsNone() {
			return nil, nil, errs.New(errs.NullValueNotAllowed, "null value not allowed for object key")
		}
		keys = append(keys, k.AsString())
		if v := vs[i]; !v.IsNone() {
			vs[i] = value.String(v.AsString())
		}
	}
	return keys, vs, nil
}
