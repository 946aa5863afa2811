package sqlfe

import (
	"context"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The catalog keeps a table's CHECK expressions, index expressions and
// index predicates as the deparsed text of what the statement wrote.
// PostgreSQL keeps the analyzed tree instead, and its ruleutils prints
// what the parser made of it: the type each constant took ('x'::text),
// the implicit casts operator resolution put on operands ((0)::numeric,
// (vc)::text), IN as = ANY (ARRAY[...]), BETWEEN as two comparisons,
// LIKE as ~~, and a pair of parentheses around every operator unless
// pretty. pg_dump, psql's \d and schema diff tools read that text, so
// RuleExpr prints the stored text the same way, at the time it is shown:
// descriptors of older builds need nothing new, and a renamed column or
// a changed type shows as it is now.
//
// The types come from the translator: each operand is translated over
// the table's columns as the writes translate it, and what PostgreSQL's
// operator resolution adds on top (which cross-type operators it has) is
// resolveCasts'. An expression with a construct the printer does not
// know fails, and callers show the stored text.

// RuleExpr prints the stored SQL text of an expression over t's columns
// as PostgreSQL's deparse_expression prints the parsed expression (not
// pretty: every operator in parentheses; pretty: only where needed).
func RuleExpr(reg *builtin.Registry, t *catalog.Table, text string, pretty bool) (string, error) {
	res, err := pg.Parse("SELECT " + text)
	if err != nil || len(res.Stmts) != 1 {
		return "", fmt.Errorf("stored expression %q does not parse", text)
	}
	tl := res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()
	if len(tl) != 1 {
		return "", fmt.Errorf("stored expression %q does not parse", text)
	}
	src, err := newSource("SELECT " + text)
	if err != nil {
		return "", err
	}
	tr := &translator{ctx: context.Background(), r: builtinsOnly{reg}, src: src}
	p := &rulePrinter{tr: tr, pretty: pretty,
		ec: &exprCtx{sc: &scope{entries: []rangeEntry{{name: t.Name, table: t}}}, clause: "check constraints"}}
	x, err := p.expr(tl[0].GetResTarget().Val)
	if err != nil {
		return "", err
	}
	return x.text, nil
}

// pair prints an operator's two operands as they are (operands also
// coerces them to a common type).
func (p *rulePrinter) pair(left, right *pg.Node) (l, r ruleNode, err error) {
	if l, err = p.expr(left); err != nil {
		return ruleNode{}, ruleNode{}, err
	}
	if r, err = p.expr(right); err != nil {
		return ruleNode{}, ruleNode{}, err
	}
	return l, r, nil
}

// coercedList prints each of nodes as a value of type t, parenthesized
// as an operand of parent: AND's and OR's arguments, an array's
// elements, COALESCE's arguments.
func (p *rulePrinter) coercedList(nodes []*pg.Node, t value.Type, parent ruleParent) ([]string, error) {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		x, err := p.expr(n)
		if err != nil {
			return nil, err
		}
		if x, err = p.coerce(x, t); err != nil {
			return nil, err
		}
		out[i] = p.paren(x, parent)
	}
	return out, nil
}

// ruleKind is what ruleutils' isSimpleNode asks of a node to decide
// whether pretty printing parenthesizes it.
type ruleKind uint8

const (
	ruleSimple  ruleKind = iota // columns, constants, function calls, casts
	ruleOp                      // a binary operator (OpExpr)
	ruleTest                    // IS NULL, IS TRUE, IS DISTINCT FROM
	ruleBool                    // AND, OR, NOT
	ruleArrayOp                 // = ANY (...), <> ALL (...): never simple
)

// ruleNode is a printed subexpression.
type ruleNode struct {
	text string
	t    value.Type
	kind ruleKind
	op   string          // ruleOp: the operator
	bop  pg.BoolExprType // ruleBool: which
	// c is set for a constant; unknown for a quoted literal or NULL
	// whose type the context decides.
	c       *plan.Const
	unknown bool
}

// ruleParent is the kind of node a subexpression is printed in, for
// pretty printing's parentheses.
type ruleParent struct {
	kind     ruleKind
	op       string
	bop      pg.BoolExprType
	cast     bool // a cast (FuncExpr of a coercion, RelabelType)
	function bool // a function call, COALESCE, ARRAY[...] and the like
	first    bool // the node is the parent operator's left operand
}

type rulePrinter struct {
	tr     *translator
	ec     *exprCtx
	pretty bool
}

// typeOf is the type the translator gives n.
func (p *rulePrinter) typeOf(n *pg.Node) (texpr, error) {
	return p.tr.expr(n, p.ec)
}

func (p *rulePrinter) expr(n *pg.Node) (ruleNode, error) {
	switch x := n.Node.(type) {
	case *pg.Node_ColumnRef:
		if len(x.ColumnRef.Fields) != 1 || x.ColumnRef.Fields[0].GetString_() == nil {
			return ruleNode{}, errUnprintable(n)
		}
		te, err := p.typeOf(n)
		if err != nil {
			return ruleNode{}, err
		}
		return ruleNode{text: builtin.QuoteIdent(x.ColumnRef.Fields[0].GetString_().Sval), t: te.t}, nil
	case *pg.Node_AConst:
		te, err := p.typeOf(n)
		if err != nil {
			return ruleNode{}, err
		}
		c, ok := te.e.(*plan.Const)
		if !ok {
			return ruleNode{}, errUnprintable(n)
		}
		if te.unknown {
			if c.V.IsSQLNull() {
				return ruleNode{text: "NULL", c: c, unknown: true}, nil
			}
			return ruleNode{text: quoteRuleLiteral(c.V.AsString()), c: c, unknown: true}, nil
		}
		text, err := ruleConst(c.V, te.t)
		if err != nil {
			return ruleNode{}, err
		}
		return ruleNode{text: text, t: te.t, c: c}, nil
	case *pg.Node_AExpr:
		return p.aExpr(n, x.AExpr)
	case *pg.Node_BoolExpr:
		return p.boolExpr(x.BoolExpr)
	case *pg.Node_NullTest:
		arg, err := p.expr(x.NullTest.Arg)
		if err != nil {
			return ruleNode{}, err
		}
		test := " IS NULL"
		if x.NullTest.Nulltesttype == pg.NullTestType_IS_NOT_NULL {
			test = " IS NOT NULL"
		}
		return p.wrap(ruleNode{kind: ruleTest, t: value.TypeBool},
			p.paren(arg, ruleParent{kind: ruleTest})+test), nil
	case *pg.Node_BooleanTest:
		arg, err := p.expr(x.BooleanTest.Arg)
		if err != nil {
			return ruleNode{}, err
		}
		if arg.unknown {
			if arg, err = p.coerce(arg, value.TypeBool); err != nil {
				return ruleNode{}, err
			}
		}
		tests := map[pg.BoolTestType]string{
			pg.BoolTestType_IS_TRUE: " IS TRUE", pg.BoolTestType_IS_NOT_TRUE: " IS NOT TRUE",
			pg.BoolTestType_IS_FALSE: " IS FALSE", pg.BoolTestType_IS_NOT_FALSE: " IS NOT FALSE",
			pg.BoolTestType_IS_UNKNOWN: " IS UNKNOWN", pg.BoolTestType_IS_NOT_UNKNOWN: " IS NOT UNKNOWN",
		}
		test, ok := tests[x.BooleanTest.Booltesttype]
		if !ok {
			return ruleNode{}, errUnprintable(n)
		}
		return p.wrap(ruleNode{kind: ruleTest, t: value.TypeBool},
			p.paren(arg, ruleParent{kind: ruleTest})+test), nil
	case *pg.Node_TypeCast:
		if names := x.TypeCast.TypeName.GetNames(); len(names) > 0 && names[len(names)-1].GetString_().GetSval() == "regconfig" &&
			x.TypeCast.Arg.GetAConst().GetSval() != nil {
			// zerodb has no regconfig values: a configuration's name
			// is its text, which shows as PostgreSQL shows the
			// constant.
			return ruleNode{text: quoteRuleLiteral(x.TypeCast.Arg.GetAConst().GetSval().Sval) + "::regconfig", t: value.TypeText}, nil
		}
		te, err := p.typeOf(n)
		if err != nil {
			return ruleNode{}, err
		}
		arg, err := p.expr(x.TypeCast.Arg)
		if err != nil {
			return ruleNode{}, err
		}
		return p.coerce(arg, te.t)
	case *pg.Node_FuncCall:
		return p.funcCall(n, x.FuncCall)
	case *pg.Node_CoalesceExpr:
		return p.variadic(n, "COALESCE", x.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		name := "GREATEST"
		if x.MinMaxExpr.Op == pg.MinMaxOp_IS_LEAST {
			name = "LEAST"
		}
		return p.variadic(n, name, x.MinMaxExpr.Args)
	case *pg.Node_SqlvalueFunction:
		te, err := p.typeOf(n)
		if err != nil {
			return ruleNode{}, err
		}
		kw := sqlValueKeyword(x.SqlvalueFunction)
		if kw == "" {
			// current_user and its kin: ruleutils prints every SQL
			// value function as its keyword.
			kw = strings.ToUpper(sqlValueFunctionName(x.SqlvalueFunction.Op))
		}
		if kw != "" {
			return ruleNode{text: kw, t: te.t}, nil
		}
	case *pg.Node_AArrayExpr:
		te, err := p.typeOf(n)
		if err != nil || te.t.Elem == nil {
			return ruleNode{}, errUnprintable(n)
		}
		return p.array(x.AArrayExpr.Elements, *te.t.Elem, te.t)
	}
	return ruleNode{}, errUnprintable(n)
}

func errUnprintable(n *pg.Node) error {
	return errs.New(errs.FeatureNotSupported, "ruleutils printing of %T", n.Node)
}

// wrap gives node the text inner, in the parentheses an operator prints
// around itself when not pretty.
func (p *rulePrinter) wrap(node ruleNode, inner string) ruleNode {
	node.text = inner
	if !p.pretty {
		node.text = "(" + inner + ")"
	}
	return node
}

// paren is x printed as an operand of parent: pretty printing
// parenthesizes it where ruleutils' isSimpleNode says it is not simple;
// otherwise the node has its own parentheses already.
func (p *rulePrinter) paren(x ruleNode, parent ruleParent) string {
	if !p.pretty || ruleSimpleIn(x, parent) {
		return x.text
	}
	return "(" + x.text + ")"
}

// ruleSimpleIn is ruleutils' isSimpleNode for the nodes the printer
// makes.
func ruleSimpleIn(x ruleNode, parent ruleParent) bool {
	switch x.kind {
	case ruleSimple:
		return true
	case ruleOp:
		if parent.kind == ruleOp {
			lo, hi := strings.Contains("+-", x.op), strings.Contains("*/%", x.op)
			plo, phi := strings.Contains("+-", parent.op), strings.Contains("*/%", parent.op)
			if len(x.op) != 1 || len(parent.op) != 1 || !(lo || hi) || !(plo || phi) {
				return false
			}
			if hi && plo {
				return true
			}
			if lo && phi {
				return false
			}
			return parent.first
		}
		return parent.kind == ruleBool || parent.function
	case ruleTest:
		return parent.kind == ruleBool || parent.function
	case ruleBool:
		if parent.kind == ruleBool {
			switch x.bop {
			case pg.BoolExprType_NOT_EXPR, pg.BoolExprType_AND_EXPR:
				return parent.bop == pg.BoolExprType_AND_EXPR || parent.bop == pg.BoolExprType_OR_EXPR
			case pg.BoolExprType_OR_EXPR:
				return parent.bop == pg.BoolExprType_OR_EXPR
			}
			return false
		}
		return parent.function
	}
	return false
}

func (p *rulePrinter) boolExpr(b *pg.BoolExpr) (ruleNode, error) {
	node := ruleNode{kind: ruleBool, bop: b.Boolop, t: value.TypeBool}
	parent := ruleParent{kind: ruleBool, bop: b.Boolop}
	args, err := p.coercedList(b.Args, value.TypeBool, parent)
	if err != nil {
		return ruleNode{}, err
	}
	switch b.Boolop {
	case pg.BoolExprType_AND_EXPR:
		return p.wrap(node, strings.Join(args, " AND ")), nil
	case pg.BoolExprType_OR_EXPR:
		return p.wrap(node, strings.Join(args, " OR ")), nil
	case pg.BoolExprType_NOT_EXPR:
		if len(args) == 1 {
			return p.wrap(node, "NOT "+args[0]), nil
		}
	}
	return ruleNode{}, errs.New(errs.FeatureNotSupported, "ruleutils printing of boolean operator %v", b.Boolop)
}

func (p *rulePrinter) aExpr(n *pg.Node, a *pg.A_Expr) (ruleNode, error) {
	op := opName(a.Name)
	ok := len(a.Name) == 1 && op != ""
	switch a.Kind {
	case pg.A_Expr_Kind_AEXPR_OP, pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE:
		if !ok {
			break
		}
		if a.Lexpr == nil {
			return p.prefixOp(n, op, a.Rexpr)
		}
		l, r, err := p.pair(a.Lexpr, a.Rexpr)
		if err != nil {
			return ruleNode{}, err
		}
		te, err := p.typeOf(n)
		if err != nil {
			return ruleNode{}, err
		}
		return p.binary(op, l, r, te.t)
	case pg.A_Expr_Kind_AEXPR_SIMILAR:
		// x SIMILAR TO p is x ~ similar_to_escape(p) to the parser.
		if !ok {
			break
		}
		l, r, err := p.pair(a.Lexpr, a.Rexpr)
		if err != nil {
			return ruleNode{}, err
		}
		return p.binary(op, l, r, value.TypeBool)
	case pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, r, err := p.operands(a.Lexpr, a.Rexpr, "=")
		if err != nil {
			return ruleNode{}, err
		}
		what := " IS DISTINCT FROM "
		if a.Kind == pg.A_Expr_Kind_AEXPR_NOT_DISTINCT {
			what = " IS NOT DISTINCT FROM "
		}
		parent := ruleParent{kind: ruleTest}
		return p.wrap(ruleNode{kind: ruleTest, t: value.TypeBool}, p.paren(l, parent)+what+p.paren(r, parent)), nil
	case pg.A_Expr_Kind_AEXPR_NULLIF:
		l, r, err := p.operands(a.Lexpr, a.Rexpr, "=")
		if err != nil {
			return ruleNode{}, err
		}
		parent := ruleParent{function: true}
		return ruleNode{text: "NULLIF(" + p.paren(l, parent) + ", " + p.paren(r, parent) + ")", t: l.t}, nil
	case pg.A_Expr_Kind_AEXPR_IN:
		return p.in(a, op)
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		// The parser makes BETWEEN two comparisons, x >= a AND x <= b
		// (NOT BETWEEN: x < a OR x > b).
		bounds := a.Rexpr.GetList().GetItems()
		if len(bounds) != 2 {
			break
		}
		lo, hi, join, bop := ">=", "<=", " AND ", pg.BoolExprType_AND_EXPR
		if a.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN {
			lo, hi, join, bop = "<", ">", " OR ", pg.BoolExprType_OR_EXPR
		}
		parent := ruleParent{kind: ruleBool, bop: bop}
		var parts []string
		for i, op := range []string{lo, hi} {
			x, err := p.comparison(op, a.Lexpr, bounds[i])
			if err != nil {
				return ruleNode{}, err
			}
			parts = append(parts, p.paren(x, parent))
		}
		return p.wrap(ruleNode{kind: ruleBool, bop: bop, t: value.TypeBool}, strings.Join(parts, join)), nil
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		if !ok {
			break
		}
		l, r, err := p.pair(a.Lexpr, a.Rexpr)
		if err != nil {
			return ruleNode{}, err
		}
		if r.unknown && !l.unknown {
			// x = ANY ('{a,b}'): the literal is an array of x's type
			// (of text when x is a varchar).
			et := withoutModifiers(l.t)
			if isVarchar(et) {
				et = value.TypeText
				if l, err = p.coerce(l, et); err != nil {
					return ruleNode{}, err
				}
			}
			if r, err = p.coerce(r, value.ArrayOf(et)); err != nil {
				return ruleNode{}, err
			}
		}
		if r.t.Elem == nil {
			break
		}
		if l.unknown {
			if l, err = p.coerce(l, *r.t.Elem); err != nil {
				return ruleNode{}, err
			}
		}
		return p.scalarArrayOp(op, a.Kind == pg.A_Expr_Kind_AEXPR_OP_ANY, l, r), nil
	}
	return ruleNode{}, errUnprintable(n)
}

// operands prints two operands compared with op, with the casts the
// operator's resolution puts on them.
func (p *rulePrinter) operands(ln, rn *pg.Node, op string) (ruleNode, ruleNode, error) {
	l, err := p.expr(ln)
	if err != nil {
		return ruleNode{}, ruleNode{}, err
	}
	r, err := p.expr(rn)
	if err != nil {
		return ruleNode{}, ruleNode{}, err
	}
	lt, rt := resolveCasts(op, l, r)
	if l, err = p.coerce(l, lt); err != nil {
		return ruleNode{}, ruleNode{}, err
	}
	r, err = p.coerce(r, rt)
	return l, r, err
}

// comparison prints l op r, a comparison the parser made (BETWEEN's).
func (p *rulePrinter) comparison(op string, ln, rn *pg.Node) (ruleNode, error) {
	l, r, err := p.operands(ln, rn, op)
	if err != nil {
		return ruleNode{}, err
	}
	parent := ruleParent{kind: ruleOp, op: op}
	first := parent
	first.first = true
	return p.wrap(ruleNode{kind: ruleOp, op: op, t: value.TypeBool}, p.paren(l, first)+" "+op+" "+p.paren(r, parent)), nil
}

func (p *rulePrinter) binary(op string, l, r ruleNode, result value.Type) (ruleNode, error) {
	lt, rt := resolveCasts(op, l, r)
	var err error
	if l, err = p.coerce(l, lt); err != nil {
		return ruleNode{}, err
	}
	if r, err = p.coerce(r, rt); err != nil {
		return ruleNode{}, err
	}
	parent := ruleParent{kind: ruleOp, op: op}
	first := parent
	first.first = true
	return p.wrap(ruleNode{kind: ruleOp, op: op, t: result}, p.paren(l, first)+" "+op+" "+p.paren(r, parent)), nil
}

func (p *rulePrinter) prefixOp(n *pg.Node, op string, arg *pg.Node) (ruleNode, error) {
	x, err := p.expr(arg)
	if err != nil {
		return ruleNode{}, err
	}
	te, err := p.typeOf(n)
	if err != nil {
		return ruleNode{}, err
	}
	if x.unknown {
		if x, err = p.coerce(x, te.t); err != nil {
			return ruleNode{}, err
		}
	}
	return p.wrap(ruleNode{kind: ruleOp, op: op, t: te.t}, op+" "+p.paren(x, ruleParent{kind: ruleOp, op: op})), nil
}

// in prints x IN (a, b) as the parser makes it of constants: x = ANY
// (ARRAY[a, b]), the array of the type common to x and the list; NOT IN
// is <> ALL.
func (p *rulePrinter) in(a *pg.A_Expr, op string) (ruleNode, error) {
	items := a.Rexpr.GetList().GetItems()
	if len(items) == 0 {
		return ruleNode{}, errs.New(errs.FeatureNotSupported, "ruleutils printing of an empty IN list")
	}
	for _, it := range items {
		if it.GetAConst() == nil && it.GetTypeCast().GetArg().GetAConst() == nil {
			// PostgreSQL makes x = a OR x = b of a list with
			// non-constants; not printed here.
			return ruleNode{}, errs.New(errs.FeatureNotSupported, "ruleutils printing of IN with expressions")
		}
	}
	x, err := p.expr(a.Lexpr)
	if err != nil {
		return ruleNode{}, err
	}
	if len(items) == 1 {
		// x IN (a) is x = a to the parser.
		r, err := p.expr(items[0])
		if err != nil {
			return ruleNode{}, err
		}
		return p.binary(op, x, r, value.TypeBool)
	}
	if x.unknown {
		return ruleNode{}, errs.New(errs.FeatureNotSupported, "ruleutils printing of IN of an unknown literal")
	}
	// The array is of the type common to x and the list
	// (select_common_type: the widest integer, numeric over integers,
	// double precision over both), and x meets it as = meets them.
	common := withoutModifiers(x.t)
	elems := make([]ruleNode, len(items))
	for i, it := range items {
		if elems[i], err = p.expr(it); err != nil {
			return ruleNode{}, err
		}
		e := elems[i]
		switch {
		case e.unknown || ruleSameType(e.t, common):
		case numberClass(e.t) == 'i' && numberClass(common) == 'i':
			if numRank(e.t) > numRank(common) {
				common = e.t
			}
		default:
			common, _ = resolveCasts("=", ruleNode{t: common}, e)
		}
	}
	arrayType := value.ArrayOf(common)
	parts := make([]string, len(elems))
	parent := ruleParent{function: true}
	for i, e := range elems {
		if e, err = p.coerce(e, common); err != nil {
			return ruleNode{}, err
		}
		parts[i] = p.paren(e, parent)
	}
	arr := ruleNode{text: "ARRAY[" + strings.Join(parts, ", ") + "]", t: arrayType}
	if lt, _ := resolveCasts("=", x, ruleNode{t: common}); !isVarchar(common) {
		if x, err = p.coerce(x, lt); err != nil {
			return ruleNode{}, err
		}
	}
	if isVarchar(common) {
		// varchar has no operators of its own: text's take both
		// sides, the array cast as a whole.
		if x, err = p.coerce(x, value.TypeText); err != nil {
			return ruleNode{}, err
		}
		if arr, err = p.coerce(arr, value.ArrayOf(value.TypeText)); err != nil {
			return ruleNode{}, err
		}
	}
	if op == "<>" {
		return p.scalarArrayOp("<>", false, x, arr), nil
	}
	return p.scalarArrayOp("=", true, x, arr), nil
}

func (p *rulePrinter) scalarArrayOp(op string, any bool, l, r ruleNode) ruleNode {
	quant := " ALL ("
	if any {
		quant = " ANY ("
	}
	parent := ruleParent{kind: ruleTest}
	return p.wrap(ruleNode{kind: ruleArrayOp, t: value.TypeBool}, p.paren(l, parent)+" "+op+quant+p.paren(r, parent)+")")
}

func (p *rulePrinter) array(items []*pg.Node, elem, t value.Type) (ruleNode, error) {
	parts, err := p.coercedList(items, elem, ruleParent{function: true})
	if err != nil {
		return ruleNode{}, err
	}
	return ruleNode{text: "ARRAY[" + strings.Join(parts, ", ") + "]", t: t}, nil
}

// variadic prints COALESCE, GREATEST and LEAST, whose arguments take
// the type common to them all.
func (p *rulePrinter) variadic(n *pg.Node, name string, args []*pg.Node) (ruleNode, error) {
	te, err := p.typeOf(n)
	if err != nil {
		return ruleNode{}, err
	}
	parts, err := p.coercedList(args, te.t, ruleParent{function: true})
	if err != nil {
		return ruleNode{}, err
	}
	return ruleNode{text: name + "(" + strings.Join(parts, ", ") + ")", t: te.t}, nil
}

// funcCall prints a plain function call. Its arguments show the casts
// to the parameters' types where the printer knows them: a quoted
// literal and a varchar are text to the string functions that take
// them.
func (p *rulePrinter) funcCall(n *pg.Node, f *pg.FuncCall) (ruleNode, error) {
	if f.AggStar || f.AggDistinct || f.Over != nil || f.AggFilter != nil || len(f.AggOrder) > 0 || f.FuncVariadic {
		return ruleNode{}, errUnprintable(n)
	}
	te, err := p.typeOf(n)
	if err != nil {
		return ruleNode{}, err
	}
	name := f.Funcname[len(f.Funcname)-1].GetString_().GetSval()
	if len(f.Funcname) > 2 || len(f.Funcname) == 2 && f.Funcname[0].GetString_().GetSval() != "pg_catalog" || name == "" {
		return ruleNode{}, errUnprintable(n)
	}
	parts := make([]string, len(f.Args))
	parent := ruleParent{function: true}
	args := make([]ruleNode, len(f.Args))
	for i, a := range f.Args {
		if a.GetNamedArgExpr() != nil {
			return ruleNode{}, errUnprintable(n)
		}
		if args[i], err = p.expr(a); err != nil {
			return ruleNode{}, err
		}
	}
	mathType, math := mathArgType(name, args)
	for i, x := range args {
		switch {
		case math && numberClass(x.t) != 0:
			if x, err = p.coerce(x, mathType); err != nil {
				return ruleNode{}, err
			}
		case x.unknown:
			if x, err = p.unknownArg(name, i, len(f.Args), x); err != nil {
				return ruleNode{}, err
			}
		case isVarchar(x.t):
			if x, err = p.coerce(x, value.TypeText); err != nil {
				return ruleNode{}, err
			}
		}
		parts[i] = p.paren(x, parent)
		if args[i].unknown {
			// The SQL syntax forms hide implicit casts, but not the
			// type a literal took.
			args[i] = x
		}
	}
	if f.Funcformat == pg.CoercionForm_COERCE_SQL_SYNTAX && name == "timezone" && len(parts) == 2 {
		// x AT TIME ZONE z, parenthesized even when pretty.
		return ruleNode{text: "(" + parts[1] + " AT TIME ZONE " + parts[0] + ")", t: te.t}, nil
	}
	text := builtin.QuoteIdent(name) + "(" + strings.Join(parts, ", ") + ")"
	if f.Funcformat == pg.CoercionForm_COERCE_SQL_SYNTAX {
		var ok bool
		if text, ok = sqlSyntaxCall(name, args); !ok {
			return ruleNode{}, errUnprintable(n)
		}
	}
	return ruleNode{text: text, t: te.t}, nil
}

// sqlSyntaxCall is a call the grammar made of SQL's own syntax as
// ruleutils' get_func_sql_syntax writes it back (false: not one it
// knows): TRIM(BOTH FROM t), POSITION((s) IN (t)), EXTRACT(year FROM
// d), their arguments without implicit casts; similar_to_escape, of
// SIMILAR TO, is an ordinary call.
func sqlSyntaxCall(name string, args []ruleNode) (string, bool) {
	switch name {
	case "similar_to_escape":
		texts := make([]string, len(args))
		for i, a := range args {
			texts[i] = a.text
		}
		return name + "(" + strings.Join(texts, ", ") + ")", true
	case "btrim", "ltrim", "rtrim":
		if len(args) < 1 || len(args) > 2 {
			return "", false
		}
		where := map[string]string{"btrim": "BOTH", "ltrim": "LEADING", "rtrim": "TRAILING"}[name]
		text := "TRIM(" + where
		if len(args) == 2 {
			text += " " + args[1].text
		}
		return text + " FROM " + args[0].text + ")", true
	case "position":
		if len(args) != 2 {
			return "", false
		}
		return "POSITION((" + args[1].text + ") IN (" + args[0].text + "))", true
	case "extract":
		// The field is a constant of the grammar's, printed as an
		// identifier.
		if len(args) != 2 || args[0].c == nil {
			return "", false
		}
		return "EXTRACT(" + builtin.QuoteIdent(args[0].c.V.AsString()) + " FROM " + args[1].text + ")", true
	}
	return "", false
}

// mathFuncs are the math functions PostgreSQL has of double precision
// and numeric but of no integer type (true: of double precision only):
// an integer argument takes double precision, the preferred number
// type, unless a numeric one makes them numeric.
var mathFuncs = map[string]bool{"round": false, "trunc": false, "ceil": false, "ceiling": false, "floor": false,
	"sqrt": false, "exp": false, "ln": false, "log": false, "log10": false, "power": false, "pow": false, "sign": false,
	"cbrt": true, "degrees": true, "radians": true, "sin": true, "cos": true, "tan": true, "asin": true, "acos": true,
	"atan": true, "atan2": true, "sinh": true, "cosh": true, "tanh": true}

// mathArgType is the type the number arguments of the math function
// name take (false: name is none, or its arguments are no plain
// numbers, or round(numeric, int) and trunc(numeric, int), whose
// second argument stays an integer).
func mathArgType(name string, args []ruleNode) (value.Type, bool) {
	floatOnly, ok := mathFuncs[name]
	if !ok || (name == "round" || name == "trunc" || name == "log") && len(args) != 1 {
		return value.Type{}, false
	}
	t := value.TypeFloat8
	for _, a := range args {
		switch numberClass(a.t) {
		case 0:
			return value.Type{}, false
		case 'n':
			if !floatOnly {
				t = value.TypeNumeric
			}
		}
	}
	return t, true
}

// unknownArg is the unknown literal x as the i-th of n arguments of the
// function name, typed as the translator types it (funccall's
// choice): by the function's signature, else as text.
func (p *rulePrinter) unknownArg(name string, i, n int, x ruleNode) (ruleNode, error) {
	if typedByTimeArgs(name) || enumFunc(name) || polyArrayRole(name, i, n) != 0 {
		return ruleNode{}, errs.New(errs.FeatureNotSupported, "ruleutils printing of %s's untyped arguments", name)
	}
	switch {
	case name == "to_tsvector" || name == "to_tsquery" || name == "plainto_tsquery" ||
		name == "phraseto_tsquery" || name == "websearch_to_tsquery":
		if i == 0 && n == 2 && !x.c.V.IsSQLNull() {
			// The text search configuration they take first
			// (to_tsvector('english', body)) is a regconfig, a
			// type zerodb has no value of.
			return ruleNode{text: quoteRuleLiteral(x.c.V.AsString()) + "::regconfig"}, nil
		}
		return p.coerce(x, value.TypeText)
	case searchFunctions[name]:
		return ruleNode{}, errs.New(errs.FeatureNotSupported, "ruleutils printing of %s's untyped arguments", name)
	}
	t, ok := paramType(name, i, n)
	if !ok {
		if f, found := p.tr.r.Function("sql::" + name); found && i < len(f.Params) {
			t, ok = f.Params[i], true
		}
	}
	if !ok {
		t = unknownArgType(name)
	}
	return p.coerce(x, t)
}

// coerce is x as a value of type t: an unknown literal becomes a
// constant of t, anything else of another type gets the cast ruleutils
// prints, (x)::t.
func (p *rulePrinter) coerce(x ruleNode, t value.Type) (ruleNode, error) {
	if x.unknown {
		if x.c.V.IsSQLNull() {
			return ruleNode{text: "NULL::" + t.SQLName(), t: t, c: x.c}, nil
		}
		if t.Kind == value.KindDatetime && t.WithTZ || t.Kind == value.KindTimeTZ {
			// PostgreSQL reads the literal once, in the creating
			// session's time zone; zerodb reads it at each use, in
			// the writer's (nothing zoned is folded into a plan), so
			// it shows the literal as written.
			return ruleNode{text: quoteRuleLiteral(x.c.V.AsString()) + "::" + t.SQLName(), t: t}, nil
		}
		v, err := value.Convert(x.c.V, t)
		if err != nil {
			return ruleNode{}, err
		}
		text, err := ruleConst(v, t)
		if err != nil {
			return ruleNode{}, err
		}
		return ruleNode{text: text, t: t, c: &plan.Const{V: v}}, nil
	}
	if ruleSameType(x.t, t) {
		return x, nil
	}
	name := t.SQLName()
	if p.pretty {
		return ruleNode{text: p.paren(x, ruleParent{cast: true}) + "::" + name, t: t}, nil
	}
	return ruleNode{text: "(" + x.text + ")::" + name, t: t}, nil
}

// ruleSameType reports whether a value of a needs no cast to be one of b:
// the same type, and the same modifiers unless b has none (a column's
// varchar(10) is a varchar operand as it is).
func ruleSameType(a, b value.Type) bool {
	a.Optional, b.Optional = false, false
	if a.OID() != b.OID() {
		return false
	}
	return a.SQLName() == b.SQLName() || withoutModifiers(b).SQLName() == b.SQLName()
}

// ruleConst is get_const_expr's text of the constant v of type t.
func ruleConst(v value.Value, t value.Type) (string, error) {
	if v.IsSQLNull() {
		return "NULL::" + t.SQLName(), nil
	}
	if builtin.PlainNumber(t) {
		return builtin.NumberConstSQL(v, t)
	}
	if t.OID() == value.OIDBool {
		if v.AsBool() {
			return "true", nil
		}
		return "false", nil
	}
	b, err := value.AppendText(nil, v, t)
	if err != nil {
		return "", err
	}
	return quoteRuleLiteral(string(b)) + "::" + t.SQLName(), nil
}

// quoteRuleLiteral is ruleutils' simple_quote_literal with
// standard_conforming_strings on: quotes doubled, nothing else escaped.
func quoteRuleLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// isVarchar reports a character varying type, which has no operators of
// its own (text's take it, through a binary-compatible cast).
func isVarchar(t value.Type) bool {
	return t.Kind == value.KindString && t.OID() == value.OIDVarchar
}

// withoutModifiers is t as an operator's or array's operand type: the
// modifiers of a column's type (numeric(10,2), varchar(5)) do not carry.
func withoutModifiers(t value.Type) value.Type {
	t.Optional = false
	switch t.Kind {
	case value.KindDecimal:
		t.Precision, t.Scale = 0, 0
	case value.KindString:
		if t.MaxLen > 0 && !t.BPChar {
			t.Varchar = true
		}
		t.MaxLen = 0
	case value.KindDatetime, value.KindTime, value.KindTimeTZ:
		t.TimePrec = 0
	}
	return t
}

// numberClass groups the number types by the operators PostgreSQL has
// between them: every integer width with every other, real with double
// precision; across classes the operand of the lower one is cast.
func numberClass(t value.Type) byte {
	switch t.OID() {
	case value.OIDInt2, value.OIDInt4, value.OIDInt8:
		return 'i'
	case value.OIDNumeric:
		return 'n'
	case value.OIDFloat4, value.OIDFloat8:
		return 'f'
	}
	return 0
}

// resolveCasts gives the types the operands of l op r take, as
// PostgreSQL's operator resolution picks the operator for the common
// cases: an unknown literal takes the other operand's type (text for
// LIKE and the jsonb key operators), varchar operands become text, and
// numbers of different classes meet in numeric or double precision.
// Other operands keep their types.
func resolveCasts(op string, l, r ruleNode) (value.Type, value.Type) {
	lt, rt := l.t, r.t
	isString := func(x ruleNode) bool { return x.unknown || x.t.Kind == value.KindString }
	switch {
	case l.unknown && r.unknown:
		return value.TypeText, value.TypeText
	case op == "||" && isString(l) && isString(r):
		// textcat: name, char and varchar operands are cast to text.
		return value.TypeText, value.TypeText
	case l.unknown:
		lt = unknownOperand(op, r.t)
	case r.unknown:
		rt = unknownOperand(op, l.t)
	}
	stringy := func(t value.Type) bool { return t.Kind == value.KindString && t.OID() == value.OIDText || isVarchar(t) }
	if (isVarchar(lt) || isVarchar(rt)) && stringy(lt) && stringy(rt) {
		return value.TypeText, value.TypeText
	}
	switch lc, rc := numberClass(lt), numberClass(rt); {
	case lc == 'i' && rc == 'i' && !crossIntOps[op]:
		// The other integer operators (%, &, |, #) take one width:
		// the narrower operand widens.
		if numRank(lt) < numRank(rt) {
			lt = rt
		} else {
			rt = lt
		}
	case lc == 0 || rc == 0 || lc == rc:
	case lc == 'f' || rc == 'f':
		if lc != 'f' {
			lt = value.TypeFloat8
		}
		if rc != 'f' {
			rt = value.TypeFloat8
		}
	default: // an integer and a numeric
		lt, rt = value.TypeNumeric, value.TypeNumeric
	}
	return lt, rt
}

// crossIntOps are the operators PostgreSQL has between integers of
// different widths (int48eq, int24pl, ...).
var crossIntOps = map[string]bool{"=": true, "<>": true, "<": true, ">": true, "<=": true, ">=": true,
	"+": true, "-": true, "*": true, "/": true}

// unknownOperand is the type an unknown literal takes against an operand
// of type other.
func unknownOperand(op string, other value.Type) value.Type {
	switch op {
	case "~~", "!~~", "~~*", "!~~*", "~", "!~", "~*", "!~*":
		if other.Kind == value.KindString && !other.BPChar {
			return value.TypeText
		}
	case "?", "->>", "->":
		if other.OID() == value.OIDJSONB || other.OID() == value.OIDJSON {
			return value.TypeText
		}
	case "?|", "?&", "#>", "#>>", "#-":
		if other.OID() == value.OIDJSONB || other.OID() == value.OIDJSON {
			return value.ArrayOf(value.TypeText)
		}
	}
	if isVarchar(other) {
		return value.TypeText
	}
	return withoutModifiers(other)
}
