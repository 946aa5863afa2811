package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/jsonpath"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// jsonPathOf is x as a jsonpath (value.TypeJSONPath): a string constant
// is parsed here, so that a bad path fails at translation with the
// literal's position and a good one becomes its canonical text, as
// PostgreSQL's jsonpath_in does at parse time; anything else (a column,
// a parameter, a normalized literal bound later) goes through
// sql::jsonpath_in when the statement runs. Only string types cast to
// jsonpath.
func (tr *translator) jsonPathOf(x texpr, p int) (texpr, error) {
	var err error
	if x.unknown {
		if c, ok := x.e.(*plan.Const); ok && !c.V.IsNone() {
			path, err := jsonpath.Parse(c.V.AsString())
			if err != nil {
				return texpr{}, withPos(err, c.P)
			}
			return texpr{e: &plan.Const{At: c.At, V: value.String(path.String())}, t: value.TypeJSONPath}, nil
		}
		if x, err = tr.coerce(x, value.TypeText); err != nil {
			return texpr{}, err
		}
	}
	switch {
	case x.t.JSONPath:
		return x, nil
	case categoryOf(x.t) != catString:
		return texpr{}, errAt(errs.CannotCoerce, p, "cannot cast type %s to jsonpath", typeName(x))
	}
	if c, ok := x.e.(*plan.Const); ok && c.V.IsNone() {
		return texpr{e: c, t: value.TypeJSONPath}, nil
	}
	if xp := x.e.Pos(); xp > 0 {
		p = xp // a bad path is reported at the text, as PostgreSQL does
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::jsonpath_in", Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeJSONPath}, nil
}

// jsonPathOp translates jsonb's @? (jsonb_path_exists) and @@
// (jsonb_path_match) operators, silent and without vars as in
// PostgreSQL; an unknown right operand is a jsonpath. ok is false for
// other operators.
func (tr *translator) jsonPathOp(op string, l, r texpr, p int) (texpr, bool, error) {
	if op != "@?" && op != "@@" {
		return texpr{}, false, nil
	}
	l, r = tr.refresh(l), tr.refresh(r)
	var err error
	if l.unknown {
		if l, err = tr.coerce(l, value.TypeJSONB); err != nil {
			return texpr{}, true, err
		}
	}
	if !l.t.IsJSONB() || !r.unknown && !r.t.JSONPath {
		return texpr{}, true, noOperator(p, l, op, r)
	}
	if r, err = tr.jsonPathOf(r, p); err != nil {
		return texpr{}, true, err
	}
	fn := "sql::jsonb_path_exists_opr"
	if op == "@@" {
		fn = "sql::jsonb_path_match_opr"
	}
	return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: []plan.Expr{l.e, r.e}, SQL: true}, t: value.TypeBool}, true, nil
}

// noJSONPathColumn refuses a column (or domain) of type jsonpath or an
// array of it: a stored jsonpath would skip the check and normalization
// that values of the type get from a cast (COPY, binary parameters).
func noJSONPathColumn(t value.Type, p int) error {
	if t.JSONPath || t.Elem != nil && t.Elem.JSONPath {
		return unsupported(p, "columns of type jsonpath")
	}
	return nil
}

// jsonPathFunc reports the jsonb_path_ functions, whose parameters are
// (target jsonb, path jsonpath, vars jsonb default '{}', silent boolean
// default false).
func jsonPathFunc(name string) bool {
	switch name {
	case "jsonb_path_exists", "jsonb_path_match", "jsonb_path_query", "jsonb_path_query_array", "jsonb_path_query_first",
		"jsonb_path_exists_tz", "jsonb_path_match_tz", "jsonb_path_query_tz", "jsonb_path_query_array_tz", "jsonb_path_query_first_tz":
		return true
	}
	return false
}

var jsonPathParams = []string{"target", "path", "vars", "silent"}

// namedJSONPathArgs places a jsonb_path_ call's named arguments
// (silent => true), and fills in the defaults of vars and silent;
// without named arguments, the call is left as it is and the builtin
// takes the defaults.
func namedJSONPathArgs(name string, args []*pg.Node, p int) ([]*pg.Node, error) {
	return namedArgs(name, jsonPathParams, args, p, func(i int) *pg.Node {
		if i == 2 {
			return pg.MakeAConstStrNode("{}", -1)
		}
		return pg.MakeAConstStrNode("false", -1)
	})
}

// checkJSONPathArgs refuses jsonb_path_ calls whose typed arguments are
// not (jsonb, jsonpath, jsonb, boolean): PostgreSQL has no implicit cast
// from text to jsonb or jsonpath.
func checkJSONPathArgs(name string, args []texpr, p int) error {
	if !jsonPathFunc(name) {
		return nil
	}
	for i, a := range args {
		ok := true
		switch i {
		case 0, 2:
			ok = a.t.IsJSONB()
		case 1:
			ok = a.t.JSONPath
		case 3:
			ok = a.t.Kind == value.KindBool
		}
		if !ok && !a.unknown {
			return noFunction(p, name, args)
		}
	}
	return nil
}
