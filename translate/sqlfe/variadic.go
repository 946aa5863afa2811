package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// variadicFixed is, for each builtin PostgreSQL declares VARIADIC, the
// number of its parameters before the variadic one: where a VARIADIC
// array must stand in a call of it.
var variadicFixed = map[string]int{
	"concat": 0, "concat_ws": 1, "format": 1, "num_nulls": 0, "num_nonnulls": 0,
	"json_build_array": 0, "json_build_object": 0, "jsonb_build_array": 0, "jsonb_build_object": 0,
	"json_extract_path": 1, "json_extract_path_text": 1, "jsonb_extract_path": 1, "jsonb_extract_path_text": 1,
}

// variadicCall translates f(a, ..., VARIADIC arr) of a builtin. zerodb's
// builtins take the variadic arguments one by one, each converted as its
// type asks at translation (concat's text of it, json_build_array's JSON
// text): the call is translated once with a stand-in element in the
// variadic place (two, key and value, for the object builders), and the
// conversion of the stand-in becomes the closure plan.Call.Spread applies
// to each element of the array at run time.
func (tr *translator) variadicCall(fc *pg.FuncCall, name string, known bool, p int, ec *exprCtx) (texpr, error) {
	fixed, ok := variadicFixed[name]
	if !ok || !known || fixed != len(fc.Args)-1 {
		// No such function, its arguments as written (unknown literals
		// too).
		args := make([]texpr, len(fc.Args))
		for i, a := range fc.Args {
			var err error
			if args[i], err = tr.argExpr(name, a, ec); err != nil {
				return texpr{}, err
			}
		}
		return texpr{}, noFunction(p, qualifiedName(fc.Funcname), args)
	}
	args, err := tr.callArgs(name, fc.Args, ec)
	if err != nil {
		return texpr{}, err
	}
	arr := args[fixed]
	if !isArray(arr.t) || arr.t.Elem == nil {
		return texpr{}, errAt(errs.DatatypeMismatch, arr.e.Pos(), "VARIADIC argument must be an array")
	}
	per := 1
	if strings.HasSuffix(name, "_build_object") {
		per = 2
	}
	probe := slices.Clone(args[:fixed])
	for range per {
		probe = append(probe, texpr{e: &plan.Local{At: at(p), Name: "element"}, t: *arr.t.Elem})
	}
	x, err := tr.builtinCall(name, qualifiedName(fc.Funcname), known, probe, p)
	if err != nil {
		return texpr{}, err
	}
	c, ok := x.e.(*plan.Call)
	if !ok || len(c.Args) != len(probe) {
		return texpr{}, unsupported(p, "VARIADIC in a call of "+name)
	}
	call := *c
	call.Args = append(slices.Clone(c.Args[:fixed]), arr.e)
	if name == "format" {
		// A NULL array is no arguments to format (to the others, a NULL
		// result).
		call.Args[fixed] = &plan.Call{At: at(p), Fn: "sql::coalesce", Args: []plan.Expr{arr.e, &plan.Const{At: at(p), V: value.List([]value.Value{})}}, SQL: true}
	}
	for _, e := range c.Args[fixed:] {
		call.Spread = append(call.Spread, &plan.Closure{At: at(p), Params: []string{"element"}, NumSlots: 1, Body: e})
	}
	x.e = &call
	return x, nil
}
