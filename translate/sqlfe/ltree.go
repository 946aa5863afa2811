package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// The ltree extension (value/ltree.go, builtin/sql_ltree.go): its
// operators and functions resolve here. An unknown operand beside an
// ltree is read as the type the operator takes there (an ltree for @>,
// <@ and ||, an lquery for ~, an ltxtquery for @).

func isLtreeOf(x texpr, k value.LtreeKind) bool {
	return !x.unknown && x.t.Kind == value.KindString && x.t.Ltree == k && !x.t.Array
}

// ltreeArg types x as want (an ltree type, text, int4 or an array of
// lquery): an unknown is read as want.
func (tr *translator) ltreeArg(x texpr, want value.Type) (texpr, bool, error) {
	switch {
	case x.unknown:
	case want.Array:
		if !isArray(x.t) || x.t.Elem.Ltree != want.Elem.Ltree {
			return x, false, nil
		}
		return x, true, nil
	case want.Ltree != value.NotLtree:
		return x, isLtreeOf(x, want.Ltree), nil
	case want.Kind == value.KindInt:
		if x.t.Kind != value.KindInt || numRank(x.t) > 2 {
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

// ltreeBuild calls sql::fn of args typed as sig.
func (tr *translator) ltreeBuild(fn string, sig []value.Type, result value.Type, args []texpr, p int, fail func() error) (texpr, error) {
	return tr.typedCall(fn, sig, result, args, p, tr.ltreeArg, fail)
}

// ltreeOp translates the ltree operators; ok is false when no operand is
// of an ltree type, and for the comparisons (ltree's own order, the
// string order of its text).
func (tr *translator) ltreeOp(op string, l, r texpr, p int) (texpr, bool, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	lt, lq, ltxt := value.TypeLtree, value.TypeLquery, value.TypeLtxtquery
	anyOf := func(k value.LtreeKind) bool { return isLtreeOf(l, k) || isLtreeOf(r, k) }
	if isLtreeArray(l) || isLtreeArray(r) {
		return tr.ltreeArrayOp(op, l, r, p)
	}
	if !anyOf(value.LtreePath) && !anyOf(value.LtreeLquery) && !anyOf(value.LtreeLtxtquery) {
		return texpr{}, false, nil
	}
	fail := func() error { return noOperator(p, l, op, r) }
	build := func(fn string, a, b texpr, sa, sb value.Type) (texpr, bool, error) {
		x, err := tr.ltreeBuild(fn, []value.Type{sa, sb}, value.TypeBool, []texpr{a, b}, p, fail)
		return x, true, err
	}
	switch op {
	case "@>":
		x, ok, err := build("ltree_isparent", l, r, lt, lt)
		return ltreeDescendants(x, r, p, err), ok, err
	case "<@":
		x, ok, err := build("ltree_risparent", l, r, lt, lt)
		return ltreeDescendants(x, l, p, err), ok, err
	case "~":
		if isLtreeOf(l, value.LtreeLquery) {
			return build("ltq_regex", r, l, lt, lq)
		}
		return build("ltq_regex", l, r, lt, lq)
	case "?":
		return build("lt_q_regex", l, r, lt, value.ArrayOf(lq))
	case "@":
		if isLtreeOf(l, value.LtreeLtxtquery) {
			return build("ltxtq_exec", r, l, lt, ltxt)
		}
		return build("ltxtq_exec", l, r, lt, ltxt)
	case "||":
		// ltree || text and text || ltree read the text as an ltree.
		a, b := l, r
		if isText(a) && !isLtreeOf(a, value.LtreePath) {
			if a, err := tr.call("text2ltree", []texpr{a}, p); err == nil {
				l = a
			}
		}
		if isText(b) && !isLtreeOf(b, value.LtreePath) {
			if b, err := tr.call("text2ltree", []texpr{b}, p); err == nil {
				r = b
			}
		}
		x, err := tr.ltreeBuild("ltree_addltree", []value.Type{lt, lt}, lt, []texpr{l, r}, p, fail)
		return x, true, err
	case "=", "<>", "<", "<=", ">", ">=":
		return texpr{}, false, nil
	}
	return texpr{}, true, fail()
}

// ltreeFunctions are the extension's functions resolved here.
var ltreeFunctions = map[string]bool{
	"subltree": true, "subpath": true, "nlevel": true, "index": true, "text2ltree": true, "ltree2text": true,
	"lca": true, "ltree_isparent": true, "ltree_risparent": true, "ltree_addltree": true, "ltq_regex": true,
	"lt_q_regex": true, "ltxtq_exec": true,
}

// ltreeCall translates a call of an ltree function; ok is false for
// other names.
func (tr *translator) ltreeCall(name string, args []texpr, p int) (texpr, bool, error) {
	if !ltreeFunctions[name] {
		return texpr{}, false, nil
	}
	lt, i4, text := value.TypeLtree, value.TypeInt4, value.TypeText
	fail := func() error { return noFunction(p, name, args) }
	build := func(result value.Type, sig ...value.Type) (texpr, bool, error) {
		x, err := tr.ltreeBuild(name, sig, result, args, p, fail)
		return x, true, err
	}
	switch name {
	case "subltree":
		return build(lt, lt, i4, i4)
	case "subpath":
		if len(args) == 2 {
			return build(lt, lt, i4)
		}
		return build(lt, lt, i4, i4)
	case "nlevel":
		return build(i4, lt)
	case "index":
		if len(args) == 3 {
			return build(i4, lt, lt, i4)
		}
		return build(i4, lt, lt)
	case "text2ltree":
		return build(lt, text)
	case "ltree2text":
		return build(text, lt)
	case "lca":
		if len(args) == 1 && !args[0].unknown && isArray(args[0].t) {
			return build(lt, value.ArrayOf(lt))
		}
		if len(args) < 2 || len(args) > 8 {
			return texpr{}, true, fail()
		}
		sig := make([]value.Type, len(args))
		for i := range sig {
			sig[i] = lt
		}
		return build(lt, sig...)
	case "ltree_isparent", "ltree_risparent":
		return build(value.TypeBool, lt, lt)
	case "ltree_addltree":
		return build(lt, lt, lt)
	case "ltq_regex":
		return build(value.TypeBool, lt, value.TypeLquery)
	case "lt_q_regex":
		return build(value.TypeBool, lt, value.ArrayOf(value.TypeLquery))
	case "ltxtq_exec":
		return build(value.TypeBool, lt, value.TypeLtxtquery)
	}
	return texpr{}, true, fail()
}

// ltreeDescendants adds to x, the test that column col is q or below
// it, the range that holds exactly such paths in ltree's order, col >=
// q AND col < ltree_upper(q), which an ordered index on col serves (a
// dot sorts before every label character, and '/' right after the dot).
func ltreeDescendants(x texpr, col texpr, p int, err error) texpr {
	call, ok := x.e.(*plan.Call)
	if err != nil || !ok || !refsRow(col.e) || len(call.Args) != 2 {
		return x
	}
	c, q := call.Args[0], call.Args[1]
	if call.Fn == "sql::ltree_isparent" {
		c, q = q, c
	}
	upper := &plan.Call{At: at(p), Fn: "sql::ltree_upper", Args: []plan.Expr{q}, SQL: true}
	x.e = and([]plan.Expr{x.e,
		&plan.Binary{At: at(p), Op: plan.OpGe, L: c, R: q, SQL: true},
		&plan.Binary{At: at(p), Op: plan.OpLt, L: c, R: upper, SQL: true}})
	return x
}

// isLtreeArray reports an ltree[].
func isLtreeArray(x texpr) bool {
	return !x.unknown && isArray(x.t) && x.t.Elem.Ltree == value.LtreePath
}

// ltreeArrayOp translates the operators of an ltree[] and a path or a
// query (either way round): true when an element satisfies the
// operator. ok is false for other operators (an array's own).
func (tr *translator) ltreeArrayOp(op string, l, r texpr, p int) (texpr, bool, error) {
	lt, lts := value.TypeLtree, value.ArrayOf(value.TypeLtree)
	arrLeft := isLtreeArray(l)
	arr, other := l, r
	if !arrLeft {
		arr, other = r, l
	}
	var fn string
	var ot value.Type
	result := value.TypeBool
	if extract, ok := map[string]string{"?@>": "_ltree_extract_isparent", "?<@": "_ltree_extract_risparent",
		"?~": "_ltq_extract_regex", "?@": "_ltxtq_extract_exec"}[op]; ok && arrLeft {
		fn, result = extract, lt
		ot = map[string]value.Type{"?@>": lt, "?<@": lt, "?~": value.TypeLquery, "?@": value.TypeLtxtquery}[op]
	}
	switch {
	case fn != "":
	case op == "@>" && arrLeft, op == "<@" && !arrLeft:
		fn, ot = "_ltree_isparent", lt
	case op == "<@" && arrLeft, op == "@>" && !arrLeft:
		fn, ot = "_ltree_risparent", lt
	case op == "~":
		fn, ot = "_ltq_regex", value.TypeLquery
	case op == "?" && arrLeft:
		fn, ot = "_lt_q_regex", value.ArrayOf(value.TypeLquery)
	case op == "@":
		fn, ot = "_ltxtq_exec", value.TypeLtxtquery
	default:
		return texpr{}, false, nil
	}
	if other.unknown || !isArray(other.t) || ot.Array {
		x, err := tr.ltreeBuild(fn, []value.Type{lts, ot}, result, []texpr{arr, other}, p, func() error { return noOperator(p, l, op, r) })
		return x, true, err
	}
	return texpr{}, false, nil
}
