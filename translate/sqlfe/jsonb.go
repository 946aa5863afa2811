package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

var textArray = value.ArrayOf(value.TypeText)

// docOp translates the array and jsonb operators (@> <@ && || on arrays;
// #> #>> @> <@ ? ?| ?& - #- || on jsonb) into calls of their builtins;
// ok is false for any other operator or operand types.
func (tr *translator) docOp(op string, l, r texpr, p int) (texpr, bool, error) {
	if x, ok, err := tr.arrayOp(op, l, r, p); ok {
		return x, true, err
	}
	switch op {
	case "#>", "#>>", "@>", "<@", "?", "?|", "?&", "#-", "-", "||":
	default:
		return texpr{}, false, nil
	}
	l, r = tr.refresh(l), tr.refresh(r)
	if (op == "#>" || op == "#>>") && !l.unknown && categoryOf(l.t) == catJSONText {
		// json's path operators: json_extract_path(_text) of a text array.
		var err error
		if r.unknown {
			if r, err = tr.coerce(r, textArray); err != nil {
				return texpr{}, true, err
			}
		}
		if !sameType(r.t, textArray) {
			return texpr{}, true, noOperator(p, l, op, r)
		}
		fn, t := "sql::json_extract_path", value.TypeJSON
		if op == "#>>" {
			fn, t = fn+"_text", value.TypeText
		}
		return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: []plan.Expr{l.e, r.e}, SQL: true}, t: t}, true, nil
	}
	jl, jr := !l.unknown && l.t.IsJSONB(), !r.unknown && r.t.IsJSONB()
	switch op {
	case "-", "||":
		if !jl && !(op == "||" && jr) {
			return texpr{}, false, nil
		}
	default:
		if !jl && !jr && !(l.unknown && r.unknown) {
			return texpr{}, false, nil
		}
	}
	var err error
	coerce := func(x *texpr, t value.Type) {
		if err == nil && x.unknown {
			*x, err = tr.coerce(*x, t)
		}
	}
	coerce(&l, value.TypeJSONB)
	var fn string
	t := value.TypeJSONB
	switch op {
	case "#>", "#>>", "#-":
		coerce(&r, textArray)
		fn = map[string]string{"#>": "sql::jsonb_path_get", "#>>": "sql::jsonb_path_get_text", "#-": "sql::jsonb_delete_path"}[op]
		if op == "#>>" {
			t = value.TypeText
		}
		if err == nil && !sameType(r.t, textArray) {
			return texpr{}, true, noOperator(p, l, op, r)
		}
	case "@>", "<@":
		coerce(&r, value.TypeJSONB)
		fn, t = "sql::jsonb_contains", value.TypeBool
		if op == "<@" {
			l, r = r, l
		}
	case "?":
		coerce(&r, value.TypeText)
		fn, t = "sql::jsonb_exists", value.TypeBool
		if err == nil && categoryOf(r.t) != catString {
			return texpr{}, true, noOperator(p, l, op, r)
		}
	case "?|", "?&":
		coerce(&r, textArray)
		fn, t = "sql::jsonb_exists_any", value.TypeBool
		if op == "?&" {
			fn = "sql::jsonb_exists_all"
		}
	case "-":
		coerce(&r, value.TypeText)
		fn = "sql::jsonb_delete"
		if c := categoryOf(r.t); err == nil && c != catString && c != catNumber && !sameType(r.t, textArray) {
			return texpr{}, true, noOperator(p, l, op, r)
		}
	case "||":
		coerce(&r, value.TypeJSONB)
		if err == nil && (!l.t.IsJSONB() || !r.t.IsJSONB()) {
			return texpr{}, false, nil
		}
		fn = "sql::jsonb_concat"
	}
	if err != nil {
		return texpr{}, true, err
	}
	if op != "-" && op != "||" && (!l.t.IsJSONB() || (op == "@>" || op == "<@") && !r.t.IsJSONB()) {
		return texpr{}, true, noOperator(p, l, op, r)
	}
	return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: []plan.Expr{l.e, r.e}, SQL: true}, t: t}, true, nil
}

// paramType is the type an unknown literal takes as argument i of the
// SQL function name (of n arguments), where it is not text.
func paramType(name string, i, n int) (value.Type, bool) {
	if t, ok := moneyParamType(name, i); ok {
		return t, true
	}
	if t, ok := numericParamType(name, i, n); ok {
		return t, true
	}
	switch name {
	case "jsonb_object", "json_object":
		return textArray, true
	case "array_fill":
		if i > 0 {
			return value.ArrayOf(value.TypeInt4), true
		}
	case "jsonb_set", "jsonb_insert", "jsonb_set_lax":
		switch i {
		case 0, 2:
			return value.TypeJSONB, true
		case 1:
			return textArray, true
		case 3:
			return value.TypeBool, true
		}
	case "jsonb_extract_path", "jsonb_extract_path_text", "jsonb_typeof", "jsonb_array_length", "jsonb_strip_nulls", "jsonb_pretty":
		if i == 0 {
			return value.TypeJSONB, true
		}
	case "json_typeof", "json_array_length", "json_strip_nulls", "json_extract_path", "json_extract_path_text":
		if i == 0 {
			return value.TypeJSON, true
		}
	case "date_trunc", "date_part", "extract":
		if i == 1 {
			return value.TypeTimestamp, true
		}
	case "age":
		return value.TypeTimestampTZ, true
	case "justify_days", "justify_hours", "justify_interval":
		return value.TypeInterval, true
	case "make_interval", "make_time":
		if i == 6 || name == "make_time" && i == 2 {
			return value.TypeFloat8, true
		}
		return value.TypeInt4, true
	case "to_char":
		if i == 0 {
			return value.TypeTimestamp, true
		}
	case "array_length", "array_upper", "array_lower":
		if i == 1 {
			return value.TypeInt4, true
		}
	}
	return value.Type{}, false
}
