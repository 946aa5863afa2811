package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Full text search: the functions' overloads and the operators @@ || &&
// <-> !! on tsvector and tsquery resolve here to the sql:: builtins of
// engine/builtin (sql_tsearch.go), which take every argument explicitly:
// a call without a configuration gets default_text_search_config's
// value, ts_rank without weights the default weights.

var float4Array = value.ArrayOf(value.TypeFloat4)

func isTSVector(x texpr) bool {
	return !x.unknown && x.t.Kind == value.KindString && x.t.Search == value.TSVector
}
func isTSQuery(x texpr) bool {
	return !x.unknown && x.t.Kind == value.KindString && x.t.Search == value.TSQuery
}

// isText reports a value of the string category (text, varchar, char).
func isText(x texpr) bool { return !x.unknown && categoryOf(x.t) == catString }

// searchFunctions are the text search functions resolved here; length
// is one when its argument is a tsvector.
var searchFunctions = map[string]bool{
	"to_tsvector": true, "to_tsquery": true, "plainto_tsquery": true, "phraseto_tsquery": true,
	"websearch_to_tsquery": true, "ts_rank": true, "ts_rank_cd": true, "setweight": true, "strip": true,
	"numnode": true, "querytree": true, "tsvector_to_array": true, "array_to_tsvector": true,
	"ts_delete": true, "ts_filter": true, "tsquery_phrase": true, "ts_headline": true,
	"get_current_ts_config": true,
}

// defaultConfig is default_text_search_config's value, read when the
// statement runs.
func (tr *translator) defaultConfig(p int) (texpr, error) {
	name := texpr{e: &plan.Const{At: at(p), V: value.String("default_text_search_config")}, t: value.TypeText}
	return tr.call("current_setting", []texpr{name}, p)
}

// searchArg gives argument x the type want: an unknown literal or
// parameter is read as want; otherwise x must be of want's kind (text
// for text, the same text search type, an integer, an array of text or
// of numbers). ok is false for an argument of another type.
func (tr *translator) searchArg(x texpr, want value.Type) (texpr, bool, error) {
	if x.unknown {
		y, err := tr.coerce(x, want)
		return y, err == nil, err
	}
	switch {
	case want.Search != value.NotSearch:
		return x, x.t.Kind == value.KindString && x.t.Search == want.Search, nil
	case want.JSON:
		return x, sameType(x.t, want) || want.IsJSONB() && isLoose(x.t), nil
	case want.Kind == value.KindString:
		return x, isText(x), nil
	case want.Kind == value.KindInt:
		if x.t.Kind != value.KindInt {
			return x, false, nil
		}
		y, err := tr.coerce(x, want)
		return y, err == nil, err
	case want.Array:
		if !x.t.Array || x.t.Elem == nil {
			return x, false, nil
		}
		ok := want.Elem.Kind == value.KindString && isText(texpr{t: *x.t.Elem}) ||
			want.Elem.Kind == value.KindFloat && categoryOf(*x.t.Elem) == catNumber
		if !ok {
			return x, false, nil
		}
		y, err := tr.coerce(x, want)
		return y, err == nil, err
	}
	return x, false, nil
}

// searchCall translates a call of a text search function; ok is false
// when name is not one (or, for length, its argument is no tsvector).
func (tr *translator) searchCall(name string, args []texpr, p int) (x texpr, ok bool, err error) {
	if name == "length" {
		if len(args) != 1 || !isTSVector(args[0]) {
			return texpr{}, false, nil
		}
		name = "ts_length"
	} else if !searchFunctions[name] {
		return texpr{}, false, nil
	}
	orig := args
	fail := func() (texpr, bool, error) { return texpr{}, true, noFunction(p, name, orig) }
	// sig types the arguments; cfg prepends the default configuration
	// when the call has one argument fewer than sig.
	build := func(fn string, sig []value.Type, result value.Type, cfg bool) (texpr, bool, error) {
		in := args
		if cfg && len(in) == len(sig)-1 {
			d, err := tr.defaultConfig(p)
			if err != nil {
				return texpr{}, true, err
			}
			in = append([]texpr{d}, in...)
		}
		if len(in) != len(sig) {
			return fail()
		}
		es := make([]plan.Expr, len(in))
		for i, a := range in {
			y, ok, err := tr.searchArg(a, sig[i])
			if err != nil {
				return texpr{}, true, err
			}
			if !ok {
				return fail()
			}
			es[i] = y.e
		}
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + fn, Args: es, SQL: true}, t: result}, true, nil
	}
	text, vec, query := value.TypeText, value.TypeTSVector, value.TypeTSQuery
	switch name {
	case "to_tsvector":
		if n := len(args); n > 0 && !args[n-1].unknown {
			switch doc := args[n-1].t; {
			case doc.IsJSONText():
				return build("json_doc_tsvector", []value.Type{text, value.TypeJSON}, vec, true)
			case doc.IsJSONB() || isLoose(doc):
				return build("jsonb_doc_tsvector", []value.Type{text, value.TypeJSONB}, vec, true)
			}
		}
		return build(name, []value.Type{text, text}, vec, true)
	case "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery":
		return build(name, []value.Type{text, text}, query, true)
	case "ts_rank", "ts_rank_cd":
		// (weights,) tsvector, tsquery (, normalization): three
		// arguments are weights first unless the last is a number.
		weights := len(args) == 4 || len(args) == 3 && !(categoryOf(args[2].t) == catNumber && !args[2].unknown)
		in := args
		if !weights {
			w := texpr{e: &plan.Const{At: at(p), V: value.List([]value.Value{value.Float32(0.1), value.Float32(0.2),
				value.Float32(0.4), value.Float32(1)})}, t: float4Array}
			in = append([]texpr{w}, in...)
		}
		if len(in) == 3 {
			in = append(in, texpr{e: &plan.Const{At: at(p), V: value.IntW(0, value.I32)}, t: value.TypeInt4})
		}
		args = in
		return build(name, []value.Type{float4Array, vec, query, value.TypeInt4}, value.TypeFloat4, false)
	case "setweight":
		if len(args) == 3 {
			return build(name, []value.Type{vec, text, textArray}, vec, false)
		}
		return build(name, []value.Type{vec, text}, vec, false)
	case "strip":
		return build(name, []value.Type{vec}, vec, false)
	case "ts_length":
		return build(name, []value.Type{vec}, value.TypeInt4, false)
	case "numnode":
		return build(name, []value.Type{query}, value.TypeInt4, false)
	case "querytree":
		return build(name, []value.Type{query}, text, false)
	case "tsvector_to_array":
		return build(name, []value.Type{vec}, textArray, false)
	case "array_to_tsvector":
		return build(name, []value.Type{textArray}, vec, false)
	case "ts_delete":
		if len(args) == 2 && (args[1].t.Array && !args[1].unknown) {
			return build(name, []value.Type{vec, textArray}, vec, false)
		}
		return build(name, []value.Type{vec, text}, vec, false)
	case "ts_filter":
		return build(name, []value.Type{vec, textArray}, vec, false)
	case "tsquery_phrase":
		if len(args) == 3 {
			return build(name, []value.Type{query, query, value.TypeInt4}, query, false)
		}
		return build(name, []value.Type{query, query}, query, false)
	case "ts_headline":
		// ([config,] document, query [, options]): a configuration is
		// first when the second argument is not a tsquery.
		in := args
		if len(in) >= 2 && (isTSQuery(in[1]) || len(in) == 2) {
			d, err := tr.defaultConfig(p)
			if err != nil {
				return texpr{}, true, err
			}
			in = append([]texpr{d}, in...)
		}
		if len(in) == 3 {
			in = append(in, texpr{e: &plan.Const{At: at(p), V: value.String("")}, t: text})
		}
		args = in
		return build(name, []value.Type{text, text, query, text}, text, false)
	case "get_current_ts_config":
		if len(args) != 0 {
			return fail()
		}
		// regconfig's output: the name without pg_catalog.
		d, err := tr.defaultConfig(p)
		if err != nil {
			return texpr{}, true, err
		}
		str := func(s string) texpr { return texpr{e: &plan.Const{At: at(p), V: value.String(s)}, t: text} }
		x, err := tr.call("replace", []texpr{d, str("pg_catalog."), str("")}, p)
		return x, true, err
	}
	return fail()
}

// searchOp translates the text search operators; ok is false when op on
// these operands is not one.
func (tr *translator) searchOp(op string, l, r texpr, p int) (x texpr, ok bool, err error) {
	l, r = tr.refresh(l), tr.refresh(r)
	call := func(fn string, t value.Type, args ...plan.Expr) (texpr, bool, error) {
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + fn, Args: args, SQL: true}, t: t}, true, nil
	}
	typed := func(x texpr, t value.Type) (texpr, bool) {
		y, ok, err := tr.searchArg(x, t)
		return y, ok && err == nil
	}
	switch op {
	case "@@", "@@@":
		if op == "@@" && (!l.unknown && (l.t.IsJSONB() || isLoose(l.t)) || !r.unknown && r.t.JSONPath) {
			return texpr{}, false, nil // jsonb @@ jsonpath (jsonPathOp)
		}
		// tsvector @@ tsquery either way round, an unknown literal
		// beside one of them read as the other.
		if isTSQuery(l) || l.unknown && isTSVector(r) {
			l, r = r, l
		}
		if isTSVector(l) || isTSVector(r) {
			v, vok := typed(l, value.TypeTSVector)
			q, qok := typed(r, value.TypeTSQuery)
			if !vok || !qok {
				return texpr{}, true, noOperator(p, l, op, r)
			}
			return call("ts_match_vq", value.TypeBool, v.e, q.e)
		}
		// text @@ tsquery and text @@ text: the text as to_tsvector, the
		// second text as plainto_tsquery, in the default configuration.
		d, ok := typed(l, value.TypeText)
		if !ok {
			return texpr{}, true, noOperator(p, l, op, r)
		}
		cfg, err := tr.defaultConfig(p)
		if err != nil {
			return texpr{}, true, err
		}
		doc := &plan.Call{At: at(p), Fn: "sql::to_tsvector", Args: []plan.Expr{cfg.e, d.e}, SQL: true}
		if q, ok := typed(r, value.TypeTSQuery); ok && !r.unknown {
			return call("ts_match_vq", value.TypeBool, doc, q.e)
		}
		q, ok := typed(r, value.TypeText)
		if !ok {
			return texpr{}, true, noOperator(p, l, op, r)
		}
		query := &plan.Call{At: at(p), Fn: "sql::plainto_tsquery", Args: []plan.Expr{cfg.e, q.e}, SQL: true}
		return call("ts_match_vq", value.TypeBool, doc, query)
	case "||", "&&", "<->":
		var t value.Type
		var fn string
		switch {
		case isTSVector(l) || isTSVector(r):
			t, fn = value.TypeTSVector, "tsvector_concat"
		case isTSQuery(l) || isTSQuery(r):
			t = value.TypeTSQuery
			fn = map[string]string{"||": "tsquery_or", "&&": "tsquery_and", "<->": "tsquery_phrase"}[op]
		default:
			return texpr{}, false, nil
		}
		a, aok := typed(l, t)
		b, bok := typed(r, t)
		if !aok || !bok || t.Search == value.TSVector && op != "||" {
			return texpr{}, true, noOperator(p, l, op, r)
		}
		return call(fn, t, a.e, b.e)
	}
	return texpr{}, false, nil
}

// searchNot is !! tsquery.
func (tr *translator) searchNot(x texpr, p int) (texpr, error) {
	q, ok, err := tr.searchArg(x, value.TypeTSQuery)
	if err != nil {
		return texpr{}, err
	}
	if !ok {
		return texpr{}, errAt(errs.UndefinedFunction, p, "operator does not exist: !! %s", typeName(x)).WithHint(hintNoPrefixOperator)
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::tsquery_not", Args: []plan.Expr{q.e}, SQL: true}, t: value.TypeTSQuery}, nil
}
