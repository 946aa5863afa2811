package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The hstore extension (value/hstore.go, builtin/sql_hstore.go): its
// operators and functions resolve here, as PostgreSQL resolves them:
// an unknown operand beside an hstore is hstore where the operator has
// an hstore signature for it (h - 'a=>1', h || 'b=>2', h @> 'a=>1'),
// else text (h -> 'a', h ? 'a'); an unknown function argument is text
// where a text signature exists (delete(h, 'a')).

func isHstore(x texpr) bool { return !x.unknown && x.t.Kind == value.KindString && x.t.Hstore }

// isTextArray reports an array of a string type (text[], varchar[]).
func isTextArray(x texpr) bool {
	return !x.unknown && isArray(x.t) && categoryOf(*x.t.Elem) == catString
}

// hstoreArg types x as want (hstore, text or text[]): an unknown is
// read as want, a string as text; ok is false for another type.
func (tr *translator) hstoreArg(x texpr, want value.Type) (texpr, bool, error) {
	switch {
	case x.unknown:
	case want.Hstore:
		return x, isHstore(x), nil
	case want.Array:
		if !isTextArray(x) {
			return x, false, nil
		}
	default:
		if !isText(x) {
			return x, false, nil
		}
	}
	y, err := tr.coerce(x, want)
	return y, err == nil, err
}

// hstoreBuild calls sql::fn of args typed as sig.
func (tr *translator) hstoreBuild(fn string, sig []value.Type, result value.Type, args []texpr, p int, fail func() error) (texpr, error) {
	return tr.typedCall(fn, sig, result, args, p, tr.hstoreArg, fail)
}

// typedCall calls sql::fn of args, each typed as sig has it by arg
// (hstoreArg, ltreeArg); an argument arg does not take is fail's error.
func (tr *translator) typedCall(fn string, sig []value.Type, result value.Type, args []texpr, p int, arg func(texpr, value.Type) (texpr, bool, error), fail func() error) (texpr, error) {
	if len(args) != len(sig) {
		return texpr{}, fail()
	}
	es := make([]plan.Expr, len(args))
	for i, a := range args {
		y, ok, err := arg(a, sig[i])
		if err != nil {
			return texpr{}, err
		}
		if !ok {
			return texpr{}, fail()
		}
		es[i] = y.e
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + fn, Args: es, SQL: true}, t: result}, nil
}

// hstoreOp translates an operator with an hstore operand; ok is false
// when neither operand is one, and for = and <> (the comparison's own,
// with an unknown side read as hstore) and || with a text (text's).
func (tr *translator) hstoreOp(op string, l, r texpr, p int) (texpr, bool, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	if !isHstore(l) && !isHstore(r) {
		return texpr{}, false, nil
	}
	hs, text := value.TypeHstore, value.TypeText
	fail := func() error { return noOperator(p, l, op, r) }
	build := func(fn string, rt, result value.Type) (texpr, bool, error) {
		x, err := tr.hstoreBuild(fn, []value.Type{hs, rt}, result, []texpr{l, r}, p, fail)
		return x, true, err
	}
	// keys is the right side's type of the operators taking text or
	// text[]: text[] for an array, else text.
	keys := text
	if isTextArray(r) {
		keys = textArray
	}
	switch op {
	case "->":
		if keys.Array {
			return build("slice_array", keys, textArray)
		}
		return build("fetchval", keys, text)
	case "?":
		return build("exist", text, value.TypeBool)
	case "?|":
		return build("exists_any", textArray, value.TypeBool)
	case "?&":
		return build("exists_all", textArray, value.TypeBool)
	case "@>", "@":
		return build("hs_contains", hs, value.TypeBool)
	case "<@", "~":
		return build("hs_contained", hs, value.TypeBool)
	case "||":
		if !r.unknown && !isHstore(r) || !l.unknown && !isHstore(l) {
			return texpr{}, false, nil // text's ||
		}
		return build("hs_concat", hs, hs)
	case "-":
		switch {
		case r.unknown, isHstore(r):
			return build("delete", hs, hs)
		case keys.Array:
			return build("delete", textArray, hs)
		}
		return build("delete", text, hs)
	case "=", "<>":
		return texpr{}, false, nil
	case "#<#", "#<=#", "#>#", "#>=#":
		fn := map[string]string{"#<#": "hstore_lt", "#<=#": "hstore_le", "#>#": "hstore_gt", "#>=#": "hstore_ge"}[op]
		return build(fn, hs, value.TypeBool)
	}
	return texpr{}, true, fail()
}

// hstorePrefixOp is %% and %# of an hstore; ok is false for other
// operators.
func (tr *translator) hstorePrefixOp(op string, x texpr, p int) (texpr, bool, error) {
	fn := map[string]string{"%%": "hstore_to_array", "%#": "hstore_to_matrix"}[op]
	if fn == "" {
		return texpr{}, false, nil
	}
	y, err := tr.hstoreBuild(fn, []value.Type{value.TypeHstore}, textArray, []texpr{x}, p, func() error {
		return errAt(errs.UndefinedFunction, p, "operator does not exist: %s %s", op, typeName(x)).WithHint(hintNoPrefixOperator)
	})
	return y, true, err
}

// hstoreFunctions are the extension's functions (skeys, svals and each
// are set-returning: srfSignature's).
var hstoreFunctions = map[string]bool{
	"fetchval": true, "slice_array": true, "slice": true, "exist": true, "isexists": true, "defined": true,
	"isdefined": true, "exists_any": true, "exists_all": true, "delete": true, "hs_concat": true,
	"hs_contains": true, "hs_contained": true, "tconvert": true, "hstore": true, "hstore_to_json": true,
	"hstore_to_json_loose": true, "hstore_to_jsonb": true, "hstore_to_jsonb_loose": true,
	"hstore_to_array": true, "hstore_to_matrix": true, "akeys": true, "avals": true, "hstore_cmp": true,
	"hstore_eq": true, "hstore_ne": true, "hstore_lt": true, "hstore_le": true, "hstore_gt": true, "hstore_ge": true,
}

// hstoreCall translates a call of an hstore function, and to_json and
// to_jsonb of an hstore (its casts to json and jsonb, which they use);
// ok is false for other names.
func (tr *translator) hstoreCall(name string, args []texpr, p int) (texpr, bool, error) {
	if (name == "to_json" || name == "to_jsonb") && len(args) == 1 && isHstore(args[0]) {
		name = "hstore_" + name
	}
	if !hstoreFunctions[name] {
		return texpr{}, false, nil
	}
	hs, text, boolean := value.TypeHstore, value.TypeText, value.TypeBool
	fail := func() error { return noFunction(p, name, args) }
	build := func(fn string, result value.Type, sig ...value.Type) (texpr, bool, error) {
		x, err := tr.hstoreBuild(fn, sig, result, args, p, fail)
		return x, true, err
	}
	switch name {
	case "fetchval":
		return build(name, text, hs, text)
	case "slice_array":
		return build(name, textArray, hs, textArray)
	case "slice":
		return build(name, hs, hs, textArray)
	case "exist", "isexists", "defined", "isdefined":
		return build(name, boolean, hs, text)
	case "exists_any", "exists_all":
		return build(name, boolean, hs, textArray)
	case "delete":
		if len(args) == 2 && isHstore(args[1]) {
			return build(name, hs, hs, hs)
		}
		if len(args) == 2 && isTextArray(args[1]) {
			return build(name, hs, hs, textArray)
		}
		return build(name, hs, hs, text)
	case "hs_concat":
		return build(name, hs, hs, hs)
	case "hs_contains", "hs_contained", "hstore_eq", "hstore_ne", "hstore_lt", "hstore_le", "hstore_gt", "hstore_ge":
		return build(name, boolean, hs, hs)
	case "hstore_cmp":
		return build(name, value.TypeInt4, hs, hs)
	case "tconvert":
		return build(name, hs, text, text)
	case "hstore_to_json", "hstore_to_json_loose":
		return build(name, value.TypeJSON, hs)
	case "hstore_to_jsonb", "hstore_to_jsonb_loose":
		return build(name, value.TypeJSONB, hs)
	case "hstore_to_array", "hstore_to_matrix", "akeys", "avals":
		return build(name, textArray, hs)
	case "hstore":
		switch {
		case len(args) == 1 && args[0].unknown:
			// hstore('a=>1') is the type's name: a cast.
			x, err := tr.coerce(args[0], hs)
			return x, true, err
		case len(args) == 1 && args[0].t.IsComposite():
			names := make([]value.Value, len(args[0].t.Fields))
			for i, f := range args[0].t.Fields {
				names[i] = value.String(f.Name)
			}
			if args[0].row != nil {
				args[0].row = nil
			}
			n := texpr{e: &plan.Const{At: at(p), V: value.List(names)}, t: textArray}
			return tr.hstoreBuildAs("hstore_record", []texpr{args[0], n}, p)
		case len(args) == 1:
			return build(name, hs, textArray)
		case len(args) == 2 && (isTextArray(args[0]) || isTextArray(args[1])):
			return build(name, hs, textArray, textArray)
		}
		return build(name, hs, text, text)
	}
	return texpr{}, true, fail()
}

// hstoreBuildAs calls sql::fn of args as they are.
func (tr *translator) hstoreBuildAs(fn string, args []texpr, p int) (texpr, bool, error) {
	es := make([]plan.Expr, len(args))
	for i, a := range args {
		es[i] = a.e
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + fn, Args: es, SQL: true}, t: value.TypeHstore}, true, nil
}

// hstoreCast is the extension's casts: hstore to json and jsonb, text[]
// to hstore (each its function); ok is false for other casts.
func (tr *translator) hstoreCast(x texpr, t value.Type, p int) (texpr, bool, error) {
	var fn string
	switch {
	case isHstore(x) && t.IsJSONText():
		fn = "hstore_to_json"
	case isHstore(x) && t.IsJSONB():
		fn = "hstore_to_jsonb"
	case t.Hstore && !t.Array && isTextArray(x):
		fn = "hstore"
	default:
		return texpr{}, false, nil
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + fn, Args: []plan.Expr{x.e}, SQL: true}, t: t}, true, nil
}

// hstorePopulate is populate_record(base, h) and base #= h: the row
// base with the fields h has keys for set to their values, which is
// jsonb_populate_record of the hstore as jsonb (its values strings or
// nulls, read by each field type's input as hstore's are).
func hstorePopulate(base, h *pg.Node, loc int32) *pg.FuncCall {
	j := pg.MakeFuncCallNode([]*pg.Node{pg.MakeStrNode("hstore_to_jsonb")}, []*pg.Node{h}, loc)
	return &pg.FuncCall{Funcname: []*pg.Node{pg.MakeStrNode("jsonb_populate_record")}, Args: []*pg.Node{base, j},
		Funcformat: pg.CoercionForm_COERCE_EXPLICIT_CALL, Location: loc}
}
