package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// json(b)_populate_record(base, j) is base with the fields j names set
// from j; json(b)_populate_recordset(base, j) is that for each object of
// the array j. Both are rewritten into SQL that builds the row:
//
//	CASE WHEN o IS NULL THEN base
//	ELSE ROW(CASE WHEN o ? 'f' THEN <f of o as text> ELSE (base).f::text END, ...)::T END
//
// over o, j as jsonb checked by sql::jsonb_populate_check (PostgreSQL's
// errors for a scalar or an array where an object belongs). The row cast
// reads each field's text as its type, as PostgreSQL's populate_record
// reads a JSON scalar: "1.5" into an integer is 22P02. A JSON array
// becomes an array's text, an object a composite field's.

// populateFunction reports the populate functions; set for the ones
// returning a set.
func populateFunction(name string) (set, ok bool) {
	switch name {
	case "jsonb_populate_record", "json_populate_record":
		return false, true
	case "jsonb_populate_recordset", "json_populate_recordset":
		return true, true
	}
	return false, false
}

// populateRowType is the row type of a populate function's base: 42804
// when it is not a row, 0A000 when the row's fields are unknown.
func (tr *translator) populateRowType(name string, fc *pg.FuncCall, ec *exprCtx) (value.Type, error) {
	p := tr.pos(fc.Location)
	if len(fc.Args) != 2 {
		return value.Type{}, errAt(errs.UndefinedFunction, p, "function %s with %d arguments does not exist", name, len(fc.Args)).WithHint(hintNoFunction)
	}
	base, err := tr.expr(fc.Args[0], ec)
	if err != nil {
		return value.Type{}, err
	}
	if !base.t.IsComposite() {
		return value.Type{}, errAt(errs.DatatypeMismatch, p, "first argument of %s must be a row type", name)
	}
	if len(base.t.Fields) == 0 || base.t.Name == "" {
		return value.Type{}, errAt(errs.FeatureNotSupported, p, "could not determine row type for result of %s", name).
			WithHint("Provide a non-null record argument, or call the function in the FROM clause using a column definition list.")
	}
	return base.t, nil
}

// populateRow is the select of one populated row, as column "?row", from
// the objects a FROM item gives as column "?o" (one row of j for a
// record, the elements of j for a recordset).
func populateRow(name string, set bool, fc *pg.FuncCall, t value.Type) *pg.SelectStmt {
	loc := fc.Location
	base, j := fc.Args[0], fc.Args[1]
	const objCol, src = "?o", "?populate"
	o := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(src), pg.MakeStrNode(objCol)}, loc)
	call := func(fn string, args ...*pg.Node) *pg.Node {
		return pg.MakeFuncCallNode([]*pg.Node{pg.MakeStrNode(fn)}, args, loc)
	}
	op := func(name string, l, r *pg.Node) *pg.Node {
		return pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode(name)}, l, r, loc)
	}
	str := func(s string) *pg.Node { return pg.MakeAConstStrNode(s, loc) }
	cast := func(x *pg.Node, t *pg.TypeName) *pg.Node {
		return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: x, TypeName: t, Location: loc}}}
	}
	caseWhen := func(cond, then, els *pg.Node) *pg.Node {
		return &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
			Args: []*pg.Node{pg.MakeCaseWhenNode(cond, then, loc)}, Defresult: els, Location: loc}}}
	}
	textOf := func(x *pg.Node) *pg.Node { return cast(x, typeNamed("text")) }
	isType := func(x *pg.Node, jt string) *pg.Node { return op("=", call("jsonb_typeof", x), str(jt)) }

	fields := make([]*pg.Node, len(t.Fields))
	for i, f := range t.Fields {
		v := op("->", o, str(f.Name))
		var s *pg.Node
		switch {
		case f.Type.JSON:
			s = textOf(v)
		case f.Type.Array:
			elems := &pg.SelectStmt{LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg.SetOperation_SETOP_NONE,
				TargetList: []*pg.Node{pg.MakeResTargetNodeWithVal(call("jsonb_array_elements_text", v), loc)}}
			arr := &pg.Node{Node: &pg.Node_SubLink{SubLink: &pg.SubLink{SubLinkType: pg.SubLinkType_ARRAY_SUBLINK,
				Subselect: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: elems}}, Location: loc}}}
			s = caseWhen(isType(v, "array"), textOf(arr), op("->>", o, str(f.Name)))
		case f.Type.IsComposite() && f.Type.Name != "":
			nested := call("jsonb_populate_record", cast(&pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}, typeNamed(f.Type.Name)), v)
			s = caseWhen(isType(v, "object"), textOf(nested), op("->>", o, str(f.Name)))
		default:
			s = op("->>", o, str(f.Name))
		}
		fromBase := textOf(&pg.Node{Node: &pg.Node_AIndirection{AIndirection: &pg.A_Indirection{Arg: base, Indirection: []*pg.Node{pg.MakeStrNode(f.Name)}}}})
		fields[i] = caseWhen(op("?", o, str(f.Name)), s, fromBase)
	}
	row := cast(&pg.Node{Node: &pg.Node_RowExpr{RowExpr: &pg.RowExpr{Args: fields, RowFormat: pg.CoercionForm_COERCE_EXPLICIT_CALL, Location: loc}}},
		typeNamed(t.Name))
	isNull := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: o, Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}}

	// The objects: j itself, or each element of the array j.
	asJSONB := cast(j, typeNamed("jsonb"))
	objects := &pg.SelectStmt{LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg.SetOperation_SETOP_NONE}
	if set {
		const elem = "?element"
		array := call("jsonb_populate_check", asJSONB, str(name), str("array"))
		objects.FromClause = []*pg.Node{{Node: &pg.Node_RangeFunction{RangeFunction: &pg.RangeFunction{
			Functions: []*pg.Node{pg.MakeListNode([]*pg.Node{call("jsonb_array_elements", array), {}})},
			Alias:     &pg.Alias{Aliasname: elem, Colnames: []*pg.Node{pg.MakeStrNode("value")}},
		}}}}
		asJSONB = pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(elem), pg.MakeStrNode("value")}, loc)
		objects.TargetList = []*pg.Node{pg.MakeResTargetNodeWithNameAndVal(objCol, call("jsonb_populate_check", asJSONB, str(name), str("element")), loc)}
	} else {
		objects.TargetList = []*pg.Node{pg.MakeResTargetNodeWithNameAndVal(objCol, call("jsonb_populate_check", asJSONB, str(name), str("record")), loc)}
	}
	return &pg.SelectStmt{
		LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg.SetOperation_SETOP_NONE,
		TargetList: []*pg.Node{pg.MakeResTargetNodeWithNameAndVal("?row", caseWhen(isNull, base, row), loc)},
		FromClause: []*pg.Node{{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
			Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: objects}},
			Alias:    &pg.Alias{Aliasname: src},
		}}}},
	}
}

// populateExpr translates json(b)_populate_record(base, j) as a value:
// the scalar subquery of its row.
func (tr *translator) populateExpr(name string, fc *pg.FuncCall, ec *exprCtx) (texpr, error) {
	t, err := tr.populateRowType(name, fc, ec)
	if err != nil {
		return texpr{}, err
	}
	sel := populateRow(name, false, fc, t)
	return tr.expr(&pg.Node{Node: &pg.Node_SubLink{SubLink: &pg.SubLink{SubLinkType: pg.SubLinkType_EXPR_SUBLINK,
		Subselect: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}, Location: fc.Location}}}, ec)
}

// populateSubselect rewrites a populate function in FROM into the
// LATERAL subquery of its rows, whose columns are the row type's fields,
// or, moved there from a select list (compositeSRFs), the one column of
// the rows as composites. ok is false for any other FROM function.
func (tr *translator) populateSubselect(rf *pg.RangeFunction, sc *scope) (*pg.RangeSubselect, bool, error) {
	if len(rf.Functions) == 0 {
		return nil, false, nil
	}
	var fc *pg.FuncCall
	var name string
	var set bool
	for _, f := range rf.Functions {
		items := f.GetList().GetItems()
		if len(items) == 0 || items[0].GetFuncCall() == nil {
			continue
		}
		n, _ := funcName(items[0].GetFuncCall().Funcname)
		if s, ok := populateFunction(n); ok {
			fc, name, set = items[0].GetFuncCall(), n, s
			break
		}
	}
	if fc == nil {
		return nil, false, nil
	}
	p := tr.pos(fc.Location)
	if len(rf.Functions) > 1 || rf.Ordinality || len(rf.Coldeflist) > 0 {
		return nil, true, unsupported(p, name+" in ROWS FROM, WITH ORDINALITY or with a column definition list")
	}
	t, err := tr.populateRowType(name, fc, &exprCtx{sc: sc, clause: "functions in FROM"})
	if err != nil {
		return nil, true, err
	}
	rows := populateRow(name, set, fc, t)
	alias := rf.Alias
	if alias == nil {
		alias = &pg.Alias{Aliasname: name}
	}
	if !tr.compositeSRFs[fc] {
		// The fields as columns.
		x := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode("?rows"), pg.MakeStrNode("?row")}, fc.Location)
		cols := make([]*pg.Node, len(t.Fields))
		for i, f := range t.Fields {
			field := &pg.Node{Node: &pg.Node_AIndirection{AIndirection: &pg.A_Indirection{Arg: x, Indirection: []*pg.Node{pg.MakeStrNode(f.Name)}}}}
			cols[i] = pg.MakeResTargetNodeWithNameAndVal(f.Name, field, fc.Location)
		}
		rows = &pg.SelectStmt{
			LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg.SetOperation_SETOP_NONE,
			TargetList: cols,
			FromClause: []*pg.Node{{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
				Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: rows}},
				Alias:    &pg.Alias{Aliasname: "?rows"},
			}}}},
		}
	}
	return &pg.RangeSubselect{Lateral: true, Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: rows}}, Alias: alias}, true, nil
}
