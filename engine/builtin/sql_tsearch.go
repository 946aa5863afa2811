package builtin

import (
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/tsearch"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's full text search functions over engine/tsearch. A
// tsvector or tsquery argument is its canonical text (value.TSVector,
// value.TSQuery), which each call parses; a configuration is its name
// (the SQL translator passes default_text_search_config's value when a
// call names none).

func tsvectorArg(name string, v value.Value) (tsearch.Vector, error) {
	if v.Kind() != value.KindString {
		return nil, noSQLFunc(name, []value.Value{v})
	}
	return tsearch.ParseVector(v.AsString())
}

func tsqueryArg(name string, v value.Value) (tsearch.Query, error) {
	if v.Kind() != value.KindString {
		return tsearch.Query{}, noSQLFunc(name, []value.Value{v})
	}
	return tsearch.ParseQuery(v.AsString(), tsearch.SyntaxStandard, nil)
}

func configArg(name string, v value.Value) (*tsearch.Config, error) {
	if v.Kind() != value.KindString {
		return nil, noSQLFunc(name, []value.Value{v})
	}
	return tsearch.LookupConfig(v.AsString())
}

func vectorValue(v tsearch.Vector) value.Value { return value.String(v.String()) }
func queryValue(q tsearch.Query) value.Value   { return value.String(q.String()) }

// textList reads a text[] argument; nulls are an error unless skipNulls.
func textList(name string, v value.Value, skipNulls bool, nullMsg string) ([]string, error) {
	if v.Kind() != value.KindList && v.Kind() != value.KindTuple {
		return nil, noSQLFunc(name, []value.Value{v})
	}
	var out []string
	for _, x := range v.AsList() {
		if x.IsNone() {
			if skipNulls {
				continue
			}
			return nil, errs.New(errs.NullValueNotAllowed, "%s", nullMsg)
		}
		if x.Kind() != value.KindString {
			return nil, noSQLFunc(name, []value.Value{v})
		}
		out = append(out, x.AsString())
	}
	return out, nil
}

// weightArg reads a "char" weight letter.
func weightArg(s string) (tsearch.Weight, error) {
	if len(s) == 1 {
		if w, ok := tsearch.ParseWeight(s[0]); ok {
			return w, nil
		}
	}
	c := 0
	if s != "" {
		c = int(s[0])
	}
	return 0, errs.New(errs.InternalError, "unrecognized weight: %d", c)
}

func tsvectorResult([]value.Type) value.Type { return value.TypeTSVector }
func tsqueryResult([]value.Type) value.Type  { return value.TypeTSQuery }

func tsFuncs() []*Func {
	toQuery := func(fn string, syn tsearch.Syntax, op tsearch.Op, doc, arg, want string) *Func {
		return sqlDef(fn, 2, 2, doc, tsqueryResult, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			cfg, err := configArg(name, args[0])
			if err != nil {
				return value.None, err
			}
			if args[1].Kind() != value.KindString {
				return value.None, noSQLFunc(name, args)
			}
			q, err := tsearch.ParseQuery(args[1].AsString(), syn, cfg.QueryMorph(op))
			if err != nil {
				return value.None, err
			}
			return queryValue(q), nil
		}, ex(want, vs("english"), vs(arg)))
	}
	rank := func(fn string, f func([4]float32, tsearch.Vector, tsearch.Query, int) float32, doc, want string) *Func {
		return sqlDef(fn, 4, 4, doc, resultOf(value.TypeFloat4), func(name string, _ *Context, args []value.Value) (value.Value, error) {
			var ws []float32
			if args[0].Kind() != value.KindList && args[0].Kind() != value.KindTuple {
				return value.None, noSQLFunc(name, args)
			}
			for _, x := range args[0].AsList() {
				if x.IsNone() {
					return value.None, errs.New(errs.NullValueNotAllowed, "array of weight must not contain nulls")
				}
				ws = append(ws, float32(x.AsFloat()))
			}
			w, err := tsearch.Weights(ws)
			if err != nil {
				return value.None, err
			}
			v, err := tsvectorArg(name, args[1])
			if err != nil {
				return value.None, err
			}
			q, err := tsqueryArg(name, args[2])
			if err != nil {
				return value.None, err
			}
			return value.Float32(f(w, v, q, int(args[3].AsInt()))), nil
		}, ex(want, vl(value.Float32(0.1), value.Float32(0.2), value.Float32(0.4), value.Float32(1)),
			vs("'cat':2 'fat':1"), vs("'cat'"), vi4(0)))
	}
	vecFn := func(fn string, n int, doc string, result func([]value.Type) value.Type, f func(name string, v tsearch.Vector, args []value.Value) (value.Value, error), exs ...Example) *Func {
		return sqlDef(fn, n, n, doc, result, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			v, err := tsvectorArg(name, args[0])
			if err != nil {
				return value.None, err
			}
			return f(name, v, args)
		}, exs...)
	}
	queryFn := func(fn string, n int, doc string, result func([]value.Type) value.Type, f func(name string, qs []tsearch.Query, args []value.Value) (value.Value, error), exs ...Example) *Func {
		return sqlDef(fn, n, n+1, doc, result, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			qs := make([]tsearch.Query, n)
			for i := range qs {
				q, err := tsqueryArg(name, args[i])
				if err != nil {
					return value.None, err
				}
				qs[i] = q
			}
			return f(name, qs, args)
		}, exs...)
	}
	return []*Func{
		sqlDef("to_tsvector", 2, 2, "to_tsvector(config, text): the text's words normalized by the configuration (simple or english), with their positions.",
			tsvectorResult, func(name string, _ *Context, args []value.Value) (value.Value, error) {
				cfg, err := configArg(name, args[0])
				if err != nil {
					return value.None, err
				}
				if args[1].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				return vectorValue(cfg.ToVector(args[1].AsString())), nil
			}, ex(`"'cat':3 'fat':2 'rat':5"`, vs("english"), vs("The fat cats and rats")),
			exErr(errs.UndefinedObject, vs("klingon"), vs("x"))),
		jsonDoc("json_doc_tsvector", "json_doc_tsvector(config, json): to_tsvector of a json document: its string values as written, positions numbered on with a gap after each string that has words.",
			func(doc value.Value, each func(string)) error {
				if doc.Kind() != value.KindString {
					return noSQLFunc("to_tsvector", []value.Value{doc})
				}
				return jsonTextStrings(doc.AsString(), each)
			}, ex(`"'cat':5 'dog':7 'fat':4 'rat':2"`, vs("english"), vs(`{"b": "the rat", "a": "fat cat", "b": "dogs"}`))),
		jsonDoc("jsonb_doc_tsvector", "jsonb_doc_tsvector(config, jsonb): to_tsvector of a jsonb document: its string values in jsonb's order, positions numbered on with a gap after each string that has words.",
			func(doc value.Value, each func(string)) error {
				jsonbStrings(doc, each)
				return nil
			}, ex(`"'cat':2 'dog':7 'fat':1 'rat':5"`, vs("english"), vobj("a", vs("fat cat"), "b", vs("the rat"), "d", vl(vs("dog"), vs(""))))),
		toQuery("to_tsquery", tsearch.SyntaxStandard, tsearch.OpPhrase,
			"to_tsquery(config, query): a tsquery whose operands are normalized by the configuration (stop words removed).",
			"The & Fat & Rats", `"'fat' & 'rat'"`),
		toQuery("plainto_tsquery", tsearch.SyntaxPlain, tsearch.OpAnd,
			"plainto_tsquery(config, text): the text's words ANDed.", "The Fat Rats", `"'fat' & 'rat'"`),
		toQuery("phraseto_tsquery", tsearch.SyntaxPlain, tsearch.OpPhrase,
			"phraseto_tsquery(config, text): the text's words as a phrase (<->, stop words counted in the distances).", "The Fat Rats", `"'fat' <-> 'rat'"`),
		toQuery("websearch_to_tsquery", tsearch.SyntaxWeb, tsearch.OpPhrase,
			`websearch_to_tsquery(config, text): a web search's syntax: words ANDed, "quoted phrases", or, -negation.`, "The Fat Rats", `"'fat' & 'rat'"`),
		sqlDef("ts_match_vq", 2, 2, "ts_match_vq(tsvector, tsquery): tsvector @@ tsquery.", resultOf(value.TypeBool),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				v, err := tsvectorArg(name, args[0])
				if err != nil {
					return value.None, err
				}
				q, err := tsqueryArg(name, args[1])
				if err != nil {
					return value.None, err
				}
				return value.Bool(tsearch.Match(v, q)), nil
			}, ex("true", vs("'cat':2 'fat':1"), vs("fat <-> cat"))),
		rank("ts_rank", tsearch.Rank, "ts_rank(weights, tsvector, tsquery, normalization): the frequency rank, as PostgreSQL's.", "0.06079271"),
		rank("ts_rank_cd", tsearch.RankCD, "ts_rank_cd(weights, tsvector, tsquery, normalization): the cover density rank, as PostgreSQL's.", "0.1"),
		nonStrict(sqlDef("setweight", 2, 3, "setweight(tsvector, weight [, lexemes]): the positions (of the lexemes named) given the weight A, B, C or D.", tsvectorResult,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsNone() || args[1].IsNone() || len(args) == 3 && args[2].IsNone() {
					return value.None, nil
				}
				v, err := tsvectorArg(name, args[0])
				if err != nil {
					return value.None, err
				}
				w, err := weightArg(args[1].AsString())
				if err != nil {
					return value.None, err
				}
				var only []string
				if len(args) == 3 {
					if only, err = textList(name, args[2], false, "lexeme array may not contain nulls"); err != nil {
						return value.None, err
					}
				}
				for i := range v {
					if only != nil && !slices.Contains(only, v[i].Word) {
						continue
					}
					for j := range v[i].Pos {
						v[i].Pos[j].Weight = w
					}
				}
				return vectorValue(v), nil
			}, ex(`"'cat':2A 'fat':1A"`, vs("'cat':2 'fat':1"), vs("A")))),
		vecFn("strip", 1, "strip(tsvector): the lexemes without positions.", tsvectorResult,
			func(_ string, v tsearch.Vector, _ []value.Value) (value.Value, error) {
				for i := range v {
					v[i].Pos = nil
				}
				return vectorValue(v), nil
			}, ex(`"'cat' 'fat'"`, vs("'cat':2 'fat':1"))),
		vecFn("ts_length", 1, "ts_length(tsvector): length(tsvector), the number of lexemes.", resultOf(value.TypeInt4),
			func(_ string, v tsearch.Vector, _ []value.Value) (value.Value, error) {
				return value.IntW(int64(len(v)), value.I32), nil
			}, ex("2", vs("'cat':2 'fat':1"))),
		vecFn("tsvector_to_array", 1, "tsvector_to_array(tsvector): the lexemes as a text array.", resultOf(value.ArrayOf(value.TypeText)),
			func(_ string, v tsearch.Vector, _ []value.Value) (value.Value, error) {
				out := make([]value.Value, len(v))
				for i, l := range v {
					out[i] = value.String(l.Word)
				}
				return value.List(out), nil
			}, ex(`["cat", "fat"]`, vs("'cat':2 'fat':1"))),
		sqlDef("array_to_tsvector", 1, 1, "array_to_tsvector(text[]): a tsvector of the lexemes, without positions.", tsvectorResult,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				ws, err := textList(name, args[0], false, "lexeme array may not contain nulls")
				if err != nil {
					return value.None, err
				}
				v := make(tsearch.Vector, 0, len(ws))
				for _, w := range ws {
					if w == "" {
						return value.None, errs.New(errs.ZeroLengthCharacterString, "lexeme array may not contain empty strings")
					}
					v = append(v, tsearch.Lexeme{Word: w})
				}
				return vectorValue(tsearch.Normalize(v)), nil
			}, ex(`"'cat' 'fat'"`, vl(vs("fat"), vs("cat"), vs("fat")))),
		vecFn("ts_delete", 2, "ts_delete(tsvector, lexeme or lexemes): the vector without them.", tsvectorResult,
			func(name string, v tsearch.Vector, args []value.Value) (value.Value, error) {
				var del []string
				if args[1].Kind() == value.KindString {
					del = []string{args[1].AsString()}
				} else {
					var err error
					if del, err = textList(name, args[1], true, ""); err != nil {
						return value.None, err
					}
				}
				v = slices.DeleteFunc(v, func(l tsearch.Lexeme) bool { return slices.Contains(del, l.Word) })
				return vectorValue(v), nil
			}, ex(`"'fat':1"`, vs("'cat':2 'fat':1"), vs("cat"))),
		vecFn("ts_filter", 2, "ts_filter(tsvector, weights): the positions of the weights given, lexemes left without any dropped.", tsvectorResult,
			func(name string, v tsearch.Vector, args []value.Value) (value.Value, error) {
				ws, err := textList(name, args[1], false, "weight array may not contain nulls")
				if err != nil {
					return value.None, err
				}
				var keep [4]bool
				for _, s := range ws {
					w, ok := tsearch.Weight(0), len(s) == 1
					if ok {
						w, ok = tsearch.ParseWeight(s[0])
					}
					if !ok {
						return value.None, errs.New(errs.InvalidParameterValue, "unrecognized weight: \"%s\"", s)
					}
					keep[w] = true
				}
				out := v[:0]
				for _, l := range v {
					l.Pos = slices.DeleteFunc(l.Pos, func(p tsearch.Pos) bool { return !keep[p.Weight] })
					if len(l.Pos) > 0 {
						out = append(out, l)
					}
				}
				return vectorValue(out), nil
			}, ex(`"'cat':2A"`, vs("'cat':2A 'fat':1"), vl(vs("a")))),
		sqlDef("tsvector_concat", 2, 2, "tsvector_concat(a, b): a || b, b's positions after a's last.", tsvectorResult,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				a, err := tsvectorArg(name, args[0])
				if err != nil {
					return value.None, err
				}
				b, err := tsvectorArg(name, args[1])
				if err != nil {
					return value.None, err
				}
				return vectorValue(tsearch.Concat(a, b)), nil
			}, ex(`"'a':1 'b':2"`, vs("a:1"), vs("b:1"))),
		queryFn("numnode", 1, "numnode(tsquery): the number of operands and operators.", resultOf(value.TypeInt4),
			func(_ string, qs []tsearch.Query, _ []value.Value) (value.Value, error) {
				return value.IntW(int64(qs[0].NumNodes()), value.I32), nil
			}, ex("3", vs("a & b"))),
		queryFn("querytree", 1, "querytree(tsquery): the part of the query an index can use (no NOT; T when nothing is left).", resultOf(value.TypeText),
			func(_ string, qs []tsearch.Query, _ []value.Value) (value.Value, error) {
				return value.String(qs[0].Tree()), nil
			}, ex(`"'a'"`, vs("a & !b"))),
		queryFn("tsquery_gin_key", 1, "tsquery_gin_key(tsquery): the lexeme a gin index reads for the query (\"\" for every record); the optimizer's, for index scans.", resultOf(value.TypeText),
			func(_ string, qs []tsearch.Query, _ []value.Value) (value.Value, error) {
				return value.String(qs[0].IndexKey()), nil
			}, ex(`"supernova"`, vs("supernova & star & !x")), ex(`"cat"`, vs("(fat | rat) & cat")), ex(`""`, vs("a | b"))),
		queryFn("tsquery_and", 2, "tsquery_and(a, b): a && b.", tsqueryResult,
			func(_ string, qs []tsearch.Query, _ []value.Value) (value.Value, error) {
				return queryValue(tsearch.Combine(tsearch.OpAnd, qs[0], qs[1], 0)), nil
			}, ex(`"'a' & 'b'"`, vs("a"), vs("b"))),
		queryFn("tsquery_or", 2, "tsquery_or(a, b): a || b.", tsqueryResult,
			func(_ string, qs []tsearch.Query, _ []value.Value) (value.Value, error) {
				return queryValue(tsearch.Combine(tsearch.OpOr, qs[0], qs[1], 0)), nil
			}, ex(`"'a' | 'b'"`, vs("a"), vs("b"))),
		queryFn("tsquery_not", 1, "tsquery_not(q): !! q.", tsqueryResult,
			func(_ string, qs []tsearch.Query, _ []value.Value) (value.Value, error) {
				return queryValue(tsearch.Negate(qs[0])), nil
			}, ex(`"!'a'"`, vs("a"))),
		queryFn("tsquery_phrase", 2, "tsquery_phrase(a, b [, distance]): a <-> b, or a <N> b.", tsqueryResult,
			func(_ string, qs []tsearch.Query, args []value.Value) (value.Value, error) {
				d := int64(1)
				if len(args) == 3 {
					d = args[2].AsInt()
					if d < 0 || d > tsearch.MaxPos+1 {
						return value.None, errs.New(errs.InvalidParameterValue, "distance in phrase operator must be an integer value between zero and %d inclusive", tsearch.MaxPos+1)
					}
				}
				return queryValue(tsearch.Combine(tsearch.OpPhrase, qs[0], qs[1], uint16(d))), nil
			}, ex(`"'a' <-> 'b'"`, vs("a"), vs("b"))),
		sqlDef("ts_headline", 4, 4, "ts_headline(config, document, tsquery, options): the document's best fragment with the query's words marked.",
			resultOf(value.TypeText), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				cfg, err := configArg(name, args[0])
				if err != nil {
					return value.None, err
				}
				q, err := tsqueryArg(name, args[2])
				if err != nil {
					return value.None, err
				}
				opts, err := tsearch.ParseHeadlineOptions(args[3].AsString())
				if err != nil {
					return value.None, err
				}
				return value.String(cfg.Headline(args[1].AsString(), q, opts)), nil
			}, ex(`"The <b>fat</b> <b>cats</b>"`, vs("english"), vs("The fat cats"), vs("'fat' & 'cat'"), vs(""))),
	}
}

// jsonDoc makes a to_tsvector of a JSON document whose string values
// strings yields in order: each string's words, numbered on from the
// last, and a position left out after each string that has words, so
// that no phrase matches across two strings (PostgreSQL's numbering).
func jsonDoc(fn, doc string, walk func(doc value.Value, each func(string)) error, e Example) *Func {
	return sqlDef(fn, 2, 2, doc, tsvectorResult, func(name string, _ *Context, args []value.Value) (value.Value, error) {
		cfg, err := configArg(name, args[0])
		if err != nil {
			return value.None, err
		}
		var ws []tsearch.Word
		pos := 0
		err = walk(args[1], func(s string) {
			n := len(ws)
			if ws, pos = cfg.AppendWords(ws, s, pos); len(ws) > n {
				pos++
			}
		})
		if err != nil {
			return value.None, err
		}
		return vectorValue(tsearch.FromWords(ws, 0)), nil
	}, e)
}

// jsonbStrings yields the string values of a jsonb value in its order.
func jsonbStrings(v value.Value, each func(string)) {
	switch v.Kind() {
	case value.KindString:
		each(v.AsString())
	case value.KindList, value.KindTuple:
		for _, x := range v.AsList() {
			jsonbStrings(x, each)
		}
	case value.KindObject:
		o := v.AsObject()
		for i := 0; i < o.Len(); i++ {
			_, x := o.At(i)
			jsonbStrings(x, each)
		}
	}
}

// jsonTextStrings yields the string values (not the keys) of JSON text
// in the order written, repeated keys included, as json keeps them.
func jsonTextStrings(text string, each func(string)) error {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	// The open containers: an array, or an object expecting a key or
	// a value.
	const (
		inArray = iota
		wantKey
		wantValue
	)
	var stack []uint8
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1] == wantValue {
			stack[n-1] = wantKey
		}
	}
	for {
		t, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type json")
		}
		switch t := t.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, wantKey)
			case '[':
				stack = append(stack, inArray)
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1] == wantKey {
				stack[n-1] = wantValue
				continue
			}
			each(t)
			valueDone()
		default:
			valueDone()
		}
	}
}
