package builtin

import (
	"github.com/zerodb/zerodb/engine/jsonpath"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The SQL/JSON path functions (jsonb_path_exists, _match, _query,
// _query_array, _query_first, their _tz forms) and the functions behind
// jsonb's @? and @@ operators. The language is engine/jsonpath's; a
// jsonpath value is its canonical text, parsed once per statement.

// maxJSONPaths bounds the paths a statement remembers (paths read from
// a column may all differ).
const maxJSONPaths = 256

// jsonPath parses a jsonpath argument, remembered for the statement.
func (c *Context) jsonPath(v value.Value) (*jsonpath.Path, error) {
	if v.Kind() != value.KindString {
		return nil, errs.New(errs.DatatypeMismatch, "jsonpath expected, got %s", value.TypeOf(v).SQLName())
	}
	text := v.AsString()
	if c != nil {
		if p, ok := c.jsonPaths[text]; ok {
			return p, nil
		}
	}
	p, err := jsonpath.Parse(text)
	if err != nil {
		return nil, err
	}
	if c != nil && len(c.jsonPaths) < maxJSONPaths {
		if c.jsonPaths == nil {
			c.jsonPaths = make(map[string]*jsonpath.Path)
		}
		c.jsonPaths[text] = p
	}
	return p, nil
}

// jsonPathCall reads the arguments (target, path [, vars [, silent]])
// of a jsonb_path_ function; the operators have no vars and are silent,
// the functions' vars default to {} and silent to false.
func jsonPathCall(c *Context, args []value.Value, operator bool) (*jsonpath.Path, value.Value, jsonpath.Env, error) {
	p, err := c.jsonPath(args[1])
	if err != nil {
		return nil, value.None, jsonpath.Env{}, err
	}
	env := jsonpath.Env{Silent: operator}
	if c != nil {
		env.Ctx = c.Ctx
	}
	if !operator {
		env.Vars, env.HasVars = value.JSONBObject(nil, nil), true
		if len(args) > 2 {
			env.Vars = args[2]
		}
		env.Silent = len(args) > 3 && args[3].AsBool()
	}
	return p, args[0], env, nil
}

func jsonPathFuncs() []*Func {
	boolean := resultOf(value.TypeBool)
	jsonb := resultOf(value.TypeJSONB)
	params := []value.Type{value.TypeJSONB, value.TypeJSONPath, value.TypeJSONB, value.TypeBool}
	doc := vobj("a", vl(vi(1), vi(2), vi(3)))
	vars := vobj("min", vi(1))
	fn := func(name string, min int, doc string, result func([]value.Type) value.Type,
		eval func(*jsonpath.Path, value.Value, jsonpath.Env) (value.Value, error), examples ...Example) *Func {
		f := sqlDef(name, min, 4, doc, result, func(_ string, c *Context, args []value.Value) (value.Value, error) {
			p, target, env, err := jsonPathCall(c, args, false)
			if err != nil {
				return value.None, err
			}
			return eval(p, target, env)
		}, examples...)
		f.Params = params
		return f
	}
	queryFirst := func(p *jsonpath.Path, target value.Value, env jsonpath.Env) (value.Value, error) {
		xs, err := jsonpath.Query(p, target, env)
		if err != nil || len(xs) == 0 {
			return value.None, err
		}
		return xs[0], nil
	}
	// The operators' functions: no vars, silent.
	opr := func(name, doc string, eval func(*jsonpath.Path, value.Value, jsonpath.Env) (value.Value, error), e Example) *Func {
		return sqlDef(name, 2, 2, doc, boolean, func(_ string, c *Context, args []value.Value) (value.Value, error) {
			p, target, env, err := jsonPathCall(c, args, true)
			if err != nil {
				return value.None, err
			}
			return eval(p, target, env)
		}, e)
	}
	var out []*Func
	for _, suffix := range []string{"", "_tz"} {
		tz := ""
		if suffix != "" {
			tz = " The _tz form is the same function: comparing a .datetime() item with a time zone to one without, which needs the session time zone there, is 0A000 in both."
		}
		out = append(out,
			fn("jsonb_path_exists"+suffix, 2, "Whether the SQL/JSON path yields an item for the jsonb value (vars: the $name variables; silent: errors give NULL)."+tz, boolean, jsonpath.Exists,
				ex("true", doc, vs(`$.a[*] ? (@ > $min)`), vars), exErr("2203A", doc, vs(`strict $.b`), vobj())),
			fn("jsonb_path_match", 2, "The single boolean the SQL/JSON path predicate yields for the jsonb value."+tz, boolean, jsonpath.Match,
				ex("true", doc, vs(`exists($.a[*] ? (@ == 2))`))),
			fn("jsonb_path_query_array", 2, "The items the SQL/JSON path yields for the jsonb value, as a jsonb array."+tz, jsonb, queryArray,
				ex("[2, 3]", doc, vs(`$.a[*] ? (@ > 1)`))),
			fn("jsonb_path_query_first", 2, "The first item the SQL/JSON path yields for the jsonb value, or NULL."+tz, jsonb, queryFirst,
				ex("2", doc, vs(`$.a[1]`))),
		)
	}
	out = append(out,
		sqlDef("jsonpath_in", 1, 1, "The text as a jsonpath: checked and in PostgreSQL's canonical form (what a cast to jsonpath gives).", resultOf(value.TypeJSONPath),
			func(_ string, c *Context, args []value.Value) (value.Value, error) {
				p, err := c.jsonPath(args[0])
				if err != nil {
					return value.None, err
				}
				return value.String(p.String()), nil
			}, ex(`"$.\"a\"[*]?(@ > 2)"`, vs(`$.a[*] ? (@>2)`)), exErr("42601", vs(`$.a[`))),
		opr("jsonb_path_exists_opr", "jsonb @? jsonpath: jsonb_path_exists without vars, silent.", jsonpath.Exists,
			ex("true", doc, vs(`$.a[*] ? (@ > 2)`))),
		opr("jsonb_path_match_opr", "jsonb @@ jsonpath: jsonb_path_match without vars, silent.", jsonpath.Match,
			ex("true", doc, vs(`$.a[0] == 1`))),
	)
	return out
}

// queryArray is jsonb_path_query_array.
func queryArray(p *jsonpath.Path, target value.Value, env jsonpath.Env) (value.Value, error) {
	xs, err := jsonpath.Query(p, target, env)
	if err != nil {
		return value.None, err
	}
	if xs == nil {
		xs = []value.Value{}
	}
	return value.List(xs), nil
}

// jsonPathZQLFuncs are the SQL/JSON path functions as ZQL sees them,
// json::path_query, json::path_exists and json::path_match: (document,
// path [, vars]), lax unless the path says strict, errors not
// suppressed.
func jsonPathZQLFuncs() []*Func {
	zql := func(name, doc string, eval func(*jsonpath.Path, value.Value, jsonpath.Env) (value.Value, error), examples ...Example) *Func {
		return def("json::"+name, 2, 3, doc, func(c *Context, args []value.Value) (value.Value, error) {
			p, target, env, err := jsonPathCall(c, args, false)
			if err != nil {
				return value.None, err
			}
			return eval(p, target, env)
		}, examples...)
	}
	doc := vobj("a", vl(vi(1), vi(2), vi(3)), "b", vobj("c", vs("x")))
	return []*Func{
		zql("path_query", "The items a SQL/JSON path (PostgreSQL's jsonpath language, see the SQL reference) yields for a document, as a list; the optional third argument is an object of the path's $name variables.", queryArray,
			ex("[2, 3]", doc, vs(`$.a[*] ? (@ > $min)`), vobj("min", vi(1))), ex(`["x"]`, doc, vs(`$.**.c`)),
			exErr("2203A", doc, vs(`strict $.z`)), exErr("42601", doc, vs(`$.a[`))),
		zql("path_exists", "Whether a SQL/JSON path yields any item for a document.", jsonpath.Exists,
			ex("true", doc, vs(`$.a ? (@ == 2)`)), ex("false", doc, vs(`$.z`))),
		zql("path_match", "The single boolean a SQL/JSON path predicate yields for a document (none when it is unknown).", jsonpath.Match,
			ex("true", doc, vs(`$.b.c starts with "x"`)), exErr("22038", doc, vs(`$.a[*]`))),
	}
}

// jsonPathQuery is jsonb_path_query's rows (sql::srf_jsonb_path_query).
func jsonPathQuery(c *Context, args []value.Value) (value.Value, error) {
	p, target, env, err := jsonPathCall(c, args, false)
	if err != nil {
		return value.None, err
	}
	xs, err := jsonpath.Query(p, target, env)
	if err != nil {
		return value.None, err
	}
	return rows1(xs), nil
}
