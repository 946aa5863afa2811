package sqlfe

import (
	"context"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Expression index parts (CREATE INDEX ON t ((a + b), lower(c))) are
// stored as their SQL text (catalog.IndexPart.Expr) and compiled again by
// CompileIndexExpr for the executor, which evaluates them over every
// record it writes, and for the optimizer, which matches them against a
// query's expressions.

// exprIndexPart translates an index element that is an expression: the
// expression must translate over t's columns and call only immutable
// functions (42P17 otherwise, as PostgreSQL refuses).
func (tr *translator) exprIndexPart(t *catalog.Table, el *pg.IndexElem) (catalog.IndexPart, string, error) {
	p := tr.stmt.stmtPos()
	var part catalog.IndexPart
	if !t.Schemafull {
		return part, "", unsupported(p, "expression indexes on schemaless tables")
	}
	text, err := indexExprText(el.Expr)
	if err != nil {
		return part, "", errAt(errs.SyntaxError, p, "cannot store index expression: %v", err)
	}
	// Translated in place, so that errors point into the statement.
	if _, err := tr.indexExprNode(t, el.Expr); err != nil {
		return part, "", err
	}
	part.Expr = text
	eachColumnRef(el.Expr.ProtoReflect(), func(cr *pg.ColumnRef) {
		if n := len(cr.Fields); n > 0 {
			if s := cr.Fields[n-1].GetString_(); s != nil && !slices.Contains(part.Cols, s.Sval) {
				part.Cols = append(part.Cols, s.Sval)
			}
		}
	})
	return part, indexColname(el.Expr), nil
}

// indexExprText is the stored text of an index expression: deparsed, a
// function call bare and any other expression in parentheses, as
// PostgreSQL's error details show index columns.
func indexExprText(n *pg.Node) (string, error) {
	sel := &pg.SelectStmt{TargetList: []*pg.Node{pg.MakeResTargetNodeWithVal(n, 0)}}
	text, err := deparse(&pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}})
	if err != nil {
		return "", err
	}
	text = strings.TrimPrefix(text, "SELECT ")
	if !looksLikeFunction(n) {
		text = "(" + text + ")"
	}
	return text, nil
}

// renamedIndexExprs gives the stored text of t's index expressions that
// read column from, with the column renamed to to (ALTER TABLE ... RENAME
// COLUMN), by their old text.
// Partial index predicates and generation expressions (catalog.Field.
// Generated) that read the column are in the map too.
func renamedIndexExprs(t *catalog.Table, from, to string) (map[string]string, error) {
	out := map[string]string{}
	rename := func(old string, render func(*pg.Node) (string, error)) error {
		text, err := renameExprColumn(old, from, to, render)
		out[old] = text
		return err
	}
	for _, ix := range t.Indexes {
		if ix.Partial() && slices.Contains(ix.WhereCols, from) {
			if err := rename(ix.Where, predicateText); err != nil {
				return nil, err
			}
		}
		for _, p := range ix.Parts {
			if p.Expr != "" && slices.Contains(p.Cols, from) {
				if err := rename(p.Expr, indexExprText); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, g := range generatedReading(t, from) {
		f, _, _ := t.FieldByName(g)
		if err := rename(f.Generated, predicateText); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// renameExprColumn is stored expression old (index or statistics
// expression text, a predicate) with column from renamed to, rendered
// again by render.
func renameExprColumn(old, from, to string, render func(*pg.Node) (string, error)) (string, error) {
	res, err := pg.Parse("SELECT " + old)
	if err != nil || len(res.Stmts) != 1 || len(res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()) != 1 {
		return "", errs.New(errs.DataCorrupted, "stored expression %q does not parse", old)
	}
	n := res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()[0].GetResTarget().Val
	eachColumnRef(n.ProtoReflect(), func(cr *pg.ColumnRef) {
		if k := len(cr.Fields); k > 0 {
			if s := cr.Fields[k-1].GetString_(); s != nil && s.Sval == from {
				s.Sval = to
			}
		}
	})
	text, err := render(n)
	if err != nil {
		return "", errs.New(errs.InternalError, "cannot store expression: %v", err)
	}
	return text, nil
}

// looksLikeFunction is PostgreSQL's rule (ruleutils.c) for an index
// expression pg_get_indexdef shows without parentheses: what the grammar
// takes as a function call.
func looksLikeFunction(n *pg.Node) bool {
	switch x := n.Node.(type) {
	case *pg.Node_FuncCall, *pg.Node_CoalesceExpr, *pg.Node_MinMaxExpr, *pg.Node_SqlvalueFunction:
		return true
	case *pg.Node_AExpr:
		return x.AExpr.Kind == pg.A_Expr_Kind_AEXPR_NULLIF
	}
	return false
}

// indexColname is the name PostgreSQL's default index name gives an
// expression (FigureIndexColname): a function's name, a cast's operand's
// name or else its type's, "expr" for anything else.
func indexColname(n *pg.Node) string {
	switch x := n.Node.(type) {
	case *pg.Node_ColumnRef:
		if f := x.ColumnRef.Fields; len(f) > 0 && f[len(f)-1].GetString_() != nil {
			return f[len(f)-1].GetString_().Sval
		}
	case *pg.Node_FuncCall:
		if f := x.FuncCall.Funcname; len(f) > 0 {
			return f[len(f)-1].GetString_().GetSval()
		}
	case *pg.Node_TypeCast:
		if name := indexColname(x.TypeCast.Arg); name != "expr" {
			return name
		}
		if tn := x.TypeCast.TypeName; tn != nil && len(tn.Names) > 0 {
			return tn.Names[len(tn.Names)-1].GetString_().GetSval()
		}
	case *pg.Node_CoalesceExpr:
		return "coalesce"
	case *pg.Node_CaseExpr:
		return "case"
	case *pg.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg.MinMaxOp_IS_GREATEST {
			return "greatest"
		}
		return "least"
	case *pg.Node_AExpr:
		if x.AExpr.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif"
		}
	}
	return "expr"
}

// indexExpr translates a stored index expression over t's record row
// [key, object]. Its positions refer to the stored text, not to a
// statement: errors have none.
func (tr *translator) indexExpr(t *catalog.Table, text string) (plan.Expr, error) {
	return tr.storedExpr("index", text, 0, func(n *pg.Node) (plan.Expr, error) {
		return tr.indexExprNode(t, n)
	})
}

// indexExprNode translates an index expression over t's record row and
// refuses what an index may not compute.
func (tr *translator) indexExprNode(t *catalog.Table, n *pg.Node) (plan.Expr, error) {
	x, err := tr.indexExprTyped(t, n, "index expression")
	return x.e, err
}

// indexExprTyped is indexExprNode with the expression's type; what
// names the expression in errors.
func (tr *translator) indexExprTyped(t *catalog.Table, n *pg.Node, what string) (texpr, error) {
	sc := &scope{entries: []rangeEntry{{name: t.Name, table: t}}}
	tr.zoned = false
	x, err := tr.expr(n, &exprCtx{sc: sc, clause: what + "s"})
	if err != nil {
		return texpr{}, err
	}
	if err := tr.immutable(x.e, what); err != nil {
		return texpr{}, err
	}
	if tr.zoned {
		return texpr{}, errZoned(what)
	}
	return x, nil
}

// errZoned refuses an index expression or predicate that depends on the
// session time zone (a timestamptz as a date, text or timestamp, or
// taken apart), which PostgreSQL deems only stable: its entries would
// differ between the sessions writing them.
func errZoned(what string) error {
	return errs.New(errs.InvalidObjectDefinition, "functions in %s must be marked IMMUTABLE", what)
}

// immutable refuses an index expression (or predicate: what) whose value
// could change while the record does not: a call of a builtin that is
// not pure, of a stored function (not known to be immutable), or a
// subquery.
func (tr *translator) immutable(e plan.Expr, what string) error {
	var err error
	var walk func(plan.Expr) plan.Expr
	walk = func(e plan.Expr) plan.Expr {
		if err != nil {
			return e
		}
		switch x := plan.Pointer(e).(type) {
		case *plan.Call:
			if f, ok := tr.r.Function(x.Fn); !ok || !f.Pure {
				err = errs.New(errs.InvalidObjectDefinition, "functions in %s must be marked IMMUTABLE", what)
			}
		case *plan.Apply, *plan.FuncRef:
			err = errs.New(errs.InvalidObjectDefinition, "functions in %s must be marked IMMUTABLE", what)
		case *plan.Subquery:
			err = errs.New(errs.FeatureNotSupported, "cannot use subquery in %s", what)
		}
		return plan.RebuildExpr(e, walk, func(n plan.Node) plan.Node { return n })
	}
	walk(e)
	return err
}

// readsExprIndexes refuses a normalized statement's translation
// (ErrNotCacheable) when it reads table t, which has an index on an
// expression with a constant in it, (a + 1) or coalesce(x, 'none'), or a
// partial index whose predicate has one (WHERE status = 'open'): in the
// statement that constant is a parameter, a + $1, which the optimizer
// cannot match with the index, so the statement is translated with its
// literals instead.
func (tr *translator) readsExprIndexes(t *catalog.Table) error {
	if tr.lits == 0 {
		return nil
	}
	for _, ix := range t.Indexes {
		if ix.Partial() && hasConstant(ix.Where) {
			return tr.uncacheable()
		}
		for _, p := range ix.Parts {
			if p.Expr != "" && hasConstant(p.Expr) {
				return tr.uncacheable()
			}
		}
	}
	return nil
}

// hasConstant reports whether the SQL expression text has a literal.
func hasConstant(text string) bool {
	res, err := pg.Parse("SELECT " + text)
	if err != nil {
		return true
	}
	found := false
	walkTree(res.ProtoReflect(), func(m protoreflect.Message) bool {
		if _, ok := m.Interface().(*pg.A_Const); ok {
			found = true
		}
		return !found
	})
	return found
}

// CompileIndexExpr compiles the stored SQL text of an expression index
// part of t (catalog.IndexPart.Expr) into an expression over the record's
// row [key, object]: the executor's IndexExprCompiler. An index
// expression calls only immutable builtins, so it needs no catalog.
func CompileIndexExpr(reg *builtin.Registry, t *catalog.Table, text string) (plan.Expr, error) {
	tr := &translator{ctx: context.Background(), r: builtinsOnly{reg}}
	return tr.indexExpr(t, text)
}

// builtinsOnly resolves builtin functions and nothing else.
type builtinsOnly struct{ reg *builtin.Registry }

var _ translate.Resolver = builtinsOnly{}

func (b builtinsOnly) Table(_ context.Context, name string) (*catalog.Table, error) {
	return nil, errs.New(errs.FeatureNotSupported, "an index expression cannot read table %q", name)
}

func (b builtinsOnly) Function(name string) (*builtin.Func, bool) { return b.reg.Lookup(name) }

func (b builtinsOnly) HasSessionVar(string) bool { return false }
