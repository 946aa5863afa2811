package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// rangeFunction translates a set-returning function in FROM:
// generate_series(start, stop) and unnest(array), which catalog queries
// (psql's \d, JDBC's key columns) walk key lists with. Both become
// plan.Unnest; a LATERAL call sees the FROM items to its left.
func (tr *translator) rangeFunction(rf *pg.RangeFunction, frag, left *scope) (plan.Node, *scope, bool, error) {
	p := tr.stmt.stmtPos()
	if rf.Ordinality || rf.IsRowsfrom || len(rf.Functions) != 1 || len(rf.Coldeflist) > 0 {
		return nil, nil, false, unsupported(p, "this function in FROM")
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 {
		return nil, nil, false, unsupported(p, "this function in FROM")
	}
	fc := items[0].GetFuncCall()
	if fc == nil {
		return nil, nil, false, unsupported(p, "this function in FROM")
	}
	p = tr.pos(fc.Location)
	name, ok := funcName(fc.Funcname)
	if !ok {
		return nil, nil, false, unsupported(p, "functions in FROM")
	}
	lateral := rf.Lateral && left != nil
	sc := frag
	if lateral {
		sc = left
	}
	ec := &exprCtx{sc: sc, clause: "functions in FROM"}
	var x plan.Expr
	var t value.Type
	switch {
	case name == "generate_series" && len(fc.Args) == 2:
		var bounds [2]texpr
		for i, a := range fc.Args {
			b, err := tr.expr(a, ec)
			if err != nil {
				return nil, nil, false, err
			}
			if b.unknown {
				b, err = tr.coerce(b, value.TypeInt4)
			} else if b.t.Kind != value.KindInt {
				err = noFunction(p, name, []texpr{b})
			}
			if err != nil {
				return nil, nil, false, err
			}
			bounds[i] = b
		}
		t = value.TypeInt4
		if bounds[0].t.Width == value.I64 || bounds[1].t.Width == value.I64 {
			t = value.TypeInt8
		}
		x = &plan.RangeCons{At: at(p), Lo: bounds[0].e, Hi: bounds[1].e, Inclusive: true}
	case name == "unnest" && len(fc.Args) == 1:
		a, err := tr.expr(fc.Args[0], ec)
		if err != nil {
			return nil, nil, false, err
		}
		if a.t.Kind != value.KindList || a.t.Elem == nil {
			return nil, nil, false, errAt(errs.UndefinedFunction, p, "function unnest(%s) does not exist", typeName(a)).WithHint(hintNoFunction)
		}
		x, t = a.e, *a.t.Elem
	default:
		return nil, nil, false, unsupported(p, "function "+name+" in FROM")
	}
	col := name
	if rf.Alias != nil {
		col = rf.Alias.Aliasname
	}
	alias := &pg.Alias{Aliasname: col}
	if rf.Alias != nil {
		alias = rf.Alias
	}
	e, err := tr.derivedEntry(alias.Aliasname, []plan.Column{{Name: col, Type: t}}, alias, p)
	if err != nil {
		return nil, nil, false, err
	}
	frag.entries = []rangeEntry{e}
	return &plan.Unnest{X: x, Col: plan.Column{Name: col, Type: t}}, frag, lateral, nil
}
