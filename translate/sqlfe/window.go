package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's WindowDef.frameOptions bits (nodes/parsenodes.h).
const (
	frameNonDefault           = 0x00001
	frameRange                = 0x00002
	frameRows                 = 0x00004
	frameGroups               = 0x00008
	frameBetween              = 0x00010
	frameStartUnboundedPreced = 0x00020
	frameEndUnboundedFollow   = 0x00100
	frameStartCurrentRow      = 0x00200
	frameEndCurrentRow        = 0x00400
	frameStartOffsetPreceding = 0x00800
	frameEndOffsetPreceding   = 0x01000
	frameStartOffsetFollowing = 0x02000
	frameEndOffsetFollowing   = 0x04000
	frameExcludeCurrentRow    = 0x08000
	frameExcludeGroup         = 0x10000
	frameExcludeTies          = 0x20000
	frameOffsets              = frameStartOffsetPreceding | frameEndOffsetPreceding | frameStartOffsetFollowing | frameEndOffsetFollowing
)

// winState collects the window functions of one SELECT.
type winState struct {
	funcs []plan.WindowFunc
	cols  []plan.Column
	named map[string]*pg.WindowDef // the WINDOW clause
}

// winRef stands for window function idx of the enclosing SELECT until the
// expression is rewritten over the Window node's rows (replaceWinRefs).
type winRef struct {
	plan.At
	idx int
}

func newWinState(s *pg.SelectStmt) *winState {
	w := &winState{named: make(map[string]*pg.WindowDef)}
	for _, n := range s.WindowClause {
		if d := n.GetWindowDef(); d != nil {
			w.named[d.Name] = d
		}
	}
	return w
}

// windowCall translates f(...) OVER (...).
func (tr *translator) windowCall(fc *pg.FuncCall, name string, p int, ec *exprCtx) (texpr, error) {
	switch {
	case ec.inWin:
		return texpr{}, errAt(errs.WindowingError, p, "window function calls cannot be nested")
	case ec.wins == nil:
		return texpr{}, errAt(errs.WindowingError, p, "window functions are not allowed in %s", ec.clause)
	case fc.AggDistinct:
		return texpr{}, errAt(errs.FeatureNotSupported, p, "DISTINCT is not implemented for window functions")
	case len(fc.AggOrder) > 0:
		return texpr{}, errAt(errs.FeatureNotSupported, p, "aggregate ORDER BY is not implemented for window functions")
	}
	w := ec.wins
	def, err := tr.windowDef(fc.Over, w, p)
	if err != nil {
		return texpr{}, err
	}
	argEc := &exprCtx{sc: ec.sc, clause: ec.clause, aggs: ec.aggs, inWin: true}
	wf := plan.WindowFunc{Name: name}
	var t value.Type
	var wrap aggWrap
	if isAggregate(name) || tr.isUserAggregate(name) {
		agg, at, w, err := tr.aggCall(fc, name, p, argEc)
		if err != nil {
			return texpr{}, err
		}
		wf.Name, wf.Agg, t, wrap = "", &agg, at, w
	} else {
		if fc.AggStar || fc.AggFilter != nil {
			return texpr{}, errAt(errs.WrongObjectType, p, "FILTER specified, but %s is not an aggregate function", name)
		}
		if wf.Args, t, err = tr.windowArgs(fc, name, p, argEc); err != nil {
			return texpr{}, err
		}
	}
	orderEc := &exprCtx{sc: ec.sc, clause: "window definition", aggs: ec.aggs, inWin: true}
	for _, n := range def.PartitionClause {
		x, err := tr.expr(n, orderEc)
		if err != nil {
			return texpr{}, err
		}
		if x, err = tr.resolveOutput(x); err != nil {
			return texpr{}, err
		}
		wf.Partition = append(wf.Partition, x.e)
	}
	if wf.Order, err = tr.sortKeys(def.OrderClause, orderEc); err != nil {
		return texpr{}, err
	}
	if wf.Frame, err = tr.frame(def, p, orderEc); err != nil {
		return texpr{}, err
	}
	w.funcs = append(w.funcs, wf)
	w.cols = append(w.cols, plan.Column{Name: name, Type: t})
	return wrap.apply(texpr{e: &winRef{At: at(p), idx: len(w.funcs) - 1}, t: t}), nil
}

// windowDef resolves OVER w and OVER (w ORDER BY ...) against the WINDOW
// clause.
func (tr *translator) windowDef(over *pg.WindowDef, w *winState, p int) (*pg.WindowDef, error) {
	ref := over.Refname
	if over.Name != "" {
		ref = over.Name
	}
	if ref == "" {
		return over, nil
	}
	base, ok := w.named[ref]
	if !ok {
		return nil, errAt(errs.UndefinedObject, p, "window \"%s\" does not exist", ref)
	}
	if base.Refname != "" {
		b, err := tr.windowDef(&pg.WindowDef{Refname: base.Refname, OrderClause: base.OrderClause, FrameOptions: base.FrameOptions, StartOffset: base.StartOffset, EndOffset: base.EndOffset}, w, p)
		if err != nil {
			return nil, err
		}
		base = b
	}
	if over.Name != "" {
		return base, nil
	}
	if len(over.PartitionClause) > 0 {
		return nil, errAt(errs.WindowingError, p, "cannot override PARTITION BY clause of window \"%s\"", ref)
	}
	out := &pg.WindowDef{PartitionClause: base.PartitionClause, OrderClause: base.OrderClause, FrameOptions: over.FrameOptions, StartOffset: over.StartOffset, EndOffset: over.EndOffset}
	if len(over.OrderClause) > 0 {
		if len(base.OrderClause) > 0 {
			return nil, errAt(errs.WindowingError, p, "cannot override ORDER BY clause of window \"%s\"", ref)
		}
		out.OrderClause = over.OrderClause
	}
	if base.FrameOptions&frameNonDefault != 0 {
		return nil, errAt(errs.WindowingError, p, "cannot copy window \"%s\" because it has a frame clause", ref)
	}
	return out, nil
}

// windowArgs translates the arguments of a ranking or value function and
// gives its PostgreSQL result type: bigint ranks, integer ntile, double
// precision percent_rank and cume_dist, the argument's type for lag,
// lead, first_value, last_value and nth_value.
func (tr *translator) windowArgs(fc *pg.FuncCall, name string, p int, ec *exprCtx) ([]plan.Expr, value.Type, error) {
	args := make([]texpr, len(fc.Args))
	for i, a := range fc.Args {
		x, err := tr.expr(a, ec)
		if err != nil {
			return nil, value.Type{}, err
		}
		args[i] = x
	}
	var t value.Type
	ok := false
	var err error
	intArg := func(i int) {
		if err == nil {
			if args[i], err = tr.coerce(args[i], value.TypeInt4); err == nil && categoryOf(args[i].t) != catNumber {
				ok = false
			}
		}
	}
	switch name {
	case "row_number", "rank", "dense_rank":
		t, ok = value.TypeInt8, len(args) == 0
	case "percent_rank", "cume_dist":
		t, ok = value.TypeFloat8, len(args) == 0
	case "ntile":
		t, ok = value.TypeInt4, len(args) == 1
		if ok {
			intArg(0)
		}
	case "lag", "lead":
		ok = len(args) >= 1 && len(args) <= 3
		if !ok {
			break
		}
		if len(args) > 1 {
			if intArg(1); err != nil {
				break // not overwritten below: the offset's error
			}
		}
		if len(args) == 3 {
			var ct value.Type
			if ct, err = commonType([]texpr{args[0], args[2]}, name); err == nil {
				args[0], err = tr.coerce(args[0], ct)
			}
			if err == nil {
				args[2], err = tr.coerce(args[2], ct)
			}
		} else {
			args[0], err = polymorphicArg(args[0], p)
		}
		t = args[0].t
	case "first_value", "last_value", "nth_value":
		ok = len(args) == 1 || (name == "nth_value" && len(args) == 2)
		if ok && (name == "nth_value") != (len(args) == 2) {
			ok = false
		}
		if ok {
			args[0], err = polymorphicArg(args[0], p)
			t = args[0].t
			if len(args) == 2 {
				intArg(1)
			}
		}
	}
	if err != nil {
		return nil, t, err
	}
	if !ok {
		return nil, t, noFunction(p, name, args)
	}
	es := make([]plan.Expr, len(args))
	for i, a := range args {
		es[i] = a.e
	}
	return es, t, nil
}

// polymorphicArg is the argument a window function takes as anyelement
// (lag and lead without a default, first_value, last_value, nth_value):
// an untyped literal has no type to give it, unlike the anycompatible
// arguments of lag and lead with a default, which resolve to text.
func polymorphicArg(x texpr, p int) (texpr, error) {
	if x.unknown {
		return texpr{}, errAt(errs.DatatypeMismatch, p, "could not determine polymorphic type because input has type unknown")
	}
	return x, nil
}

// sortKeys translates an ORDER BY list over the input rows.
func (tr *translator) sortKeys(list []*pg.Node, ec *exprCtx) ([]plan.SortKey, error) {
	var out []plan.SortKey
	for _, n := range list {
		sb := n.GetSortBy()
		if sb == nil {
			return nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "invalid ORDER BY")
		}
		x, err := tr.expr(sb.Node, ec)
		if err != nil {
			return nil, err
		}
		if x, err = tr.resolveOutput(x); err != nil {
			return nil, err
		}
		if err := noSortOperator(x.t, x.e.Pos()); err != nil {
			return nil, err
		}
		k := plan.SortKey{X: x.e, Desc: sb.SortbyDir == pg.SortByDir_SORTBY_DESC}
		if sb.SortbyDir == pg.SortByDir_SORTBY_USING {
			if k.Desc, err = usingDesc(sb, x, tr.pos(sb.Location)); err != nil {
				return nil, err
			}
		}
		if x.t.IsEnum() {
			k.X = enumOrdered(x.e, x.t, x.e.Pos())
		}
		k.NullsFirst = k.Desc
		switch sb.SortbyNulls {
		case pg.SortByNulls_SORTBY_NULLS_FIRST:
			k.NullsFirst = true
		case pg.SortByNulls_SORTBY_NULLS_LAST:
			k.NullsFirst = false
		}
		out = append(out, k)
	}
	return out, nil
}

// frame translates a window's frame clause; ec translates the ORDER BY
// key whose type a RANGE offset takes.
func (tr *translator) frame(def *pg.WindowDef, p int, ec *exprCtx) (plan.Frame, error) {
	f := plan.Frame{Start: plan.FrameBound{Kind: plan.UnboundedPreceding}, End: plan.FrameBound{Kind: plan.CurrentRow}}
	o := def.FrameOptions
	if o&frameNonDefault == 0 {
		return f, nil
	}
	f.Rows, f.Groups = o&frameRows != 0, o&frameGroups != 0
	switch {
	case o&frameExcludeCurrentRow != 0:
		f.Exclude = plan.ExcludeCurrentRow
	case o&frameExcludeGroup != 0:
		f.Exclude = plan.ExcludeGroup
	case o&frameExcludeTies != 0:
		f.Exclude = plan.ExcludeTies
	}
	if f.Groups && len(def.OrderClause) == 0 {
		return f, errAt(errs.WindowingError, p, "GROUPS mode requires an ORDER BY clause")
	}
	rangeOffsets := !f.Rows && !f.Groups && o&frameOffsets != 0
	var key texpr
	if rangeOffsets {
		if len(def.OrderClause) != 1 {
			return f, errAt(errs.WindowingError, p, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
		}
		var err error
		if key, err = tr.expr(def.OrderClause[0].GetSortBy().GetNode(), ec); err != nil {
			return f, err
		}
	}
	offset := func(n *pg.Node) (plan.Expr, error) {
		x, err := tr.expr(n, &exprCtx{clause: "window frame"})
		if err != nil {
			return nil, err
		}
		if rangeOffsets {
			return tr.rangeOffset(key, x)
		}
		if x, err = tr.coerce(x, value.TypeInt8); err != nil {
			return nil, err
		}
		if categoryOf(x.t) != catNumber {
			mode := "ROWS"
			if f.Groups {
				mode = "GROUPS"
			}
			return nil, errAt(errs.DatatypeMismatch, x.e.Pos(), "argument of %s must be type bigint, not type %s", mode, typeName(x))
		}
		return x.e, nil
	}
	var err error
	switch {
	case o&frameStartCurrentRow != 0:
		f.Start.Kind = plan.CurrentRow
	case o&frameStartOffsetPreceding != 0:
		f.Start.Kind = plan.OffsetPreceding
		f.Start.Offset, err = offset(def.StartOffset)
	case o&frameStartOffsetFollowing != 0:
		f.Start.Kind = plan.OffsetFollowing
		f.Start.Offset, err = offset(def.StartOffset)
	}
	if err != nil {
		return f, err
	}
	if o&frameBetween == 0 {
		return f, nil
	}
	switch {
	case o&frameEndUnboundedFollow != 0:
		f.End.Kind = plan.UnboundedFollowing
	case o&frameEndOffsetPreceding != 0:
		f.End.Kind = plan.OffsetPreceding
		f.End.Offset, err = offset(def.EndOffset)
	case o&frameEndOffsetFollowing != 0:
		f.End.Kind = plan.OffsetFollowing
		f.End.Offset, err = offset(def.EndOffset)
	}
	return f, err
}

// rangeOffset types the offset of a RANGE frame bound as PostgreSQL's
// in_range support functions take it: an integer for integer keys, the
// key's type for numeric and floats, an interval for dates, times and
// intervals.
func (tr *translator) rangeOffset(key, x texpr) (plan.Expr, error) {
	want := key.t
	switch c := categoryOf(key.t); {
	case c == catNumber && key.t.Kind == value.KindInt:
		if x.unknown || categoryOf(x.t) == catNumber && x.t.Kind == value.KindInt {
			want = value.TypeInt8
		}
	case c == catNumber && key.t.Kind == value.KindFloat:
		want = value.TypeFloat8
	case c == catNumber:
		want = value.TypeNumeric
	case c == catDatetime || c == catTime || c == catTimeTZ || c == catInterval || key.t.Kind == value.KindDuration:
		want = value.TypeInterval
	default:
		return nil, errAt(errs.FeatureNotSupported, x.e.Pos(), "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s", typeName(key))
	}
	y := x
	if x.unknown {
		var err error
		if y, err = tr.coerce(x, want); err != nil {
			return nil, err
		}
	} else if (want.Kind == value.KindDecimal || want.Kind == value.KindFloat) && categoryOf(x.t) == catNumber && numRank(x.t) < numRank(want) {
		// Narrower numbers widen implicitly (integers to numeric, ...).
		var err error
		if y, err = tr.cast(x, want, x.e.Pos()); err != nil {
			return nil, err
		}
	}
	if y.t.OID() != want.OID() && !(want.Kind == value.KindInt && y.t.Kind == value.KindInt) && !(want.Kind == value.KindFloat && y.t.Kind == value.KindFloat) {
		return nil, errAt(errs.FeatureNotSupported, x.e.Pos(), "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s and offset type %s", typeName(key), typeName(x))
	}
	return y.e, nil
}

// rewrite applies f (the grouping's rewrite) to every expression of the
// window functions: over a grouped SELECT they see the Aggregate's rows.
func (w *winState) rewrite(f func(plan.Expr) (plan.Expr, error)) error {
	var err error
	for i := range w.funcs {
		w.funcs[i] = w.funcs[i].MapExprs(func(x plan.Expr) plan.Expr {
			if err != nil {
				return x
			}
			y, e := f(x)
			if e != nil {
				err = e
				return x
			}
			return y
		})
	}
	return err
}

// apply puts the Window node over input and points the select list's and
// ORDER BY's window references at its columns.
func (w *winState) apply(input plan.Node, items []selItem, sorts []sortItem) plan.Node {
	if len(w.funcs) == 0 {
		return input
	}
	base := len(input.Columns())
	cols := append(slices.Clone(input.Columns()), w.cols...)
	for i := range items {
		items[i].x.e = w.replace(items[i].x.e, base)
	}
	for i := range sorts {
		if sorts[i].item < 0 {
			sorts[i].x.e = w.replace(sorts[i].x.e, base)
		}
	}
	return &plan.Window{Input: input, Funcs: w.funcs, Cols: cols}
}

// replace rewrites the winRefs of e into column references.
func (w *winState) replace(e plan.Expr, base int) plan.Expr {
	return rewriteExpr(e, func(x plan.Expr) (plan.Expr, bool) {
		if r, ok := x.(*winRef); ok {
			return &plan.ColRef{At: r.At, Idx: base + r.idx, Name: w.cols[r.idx].Name}, true
		}
		return nil, false
	})
}

// windowOnly reports whether name with n arguments is one of
// PostgreSQL's window functions that are nothing else (no aggregate or
// plain function has the signature), which a call without OVER names.
func windowOnly(name string, n int) bool {
	switch name {
	case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist":
		return n == 0
	case "ntile", "first_value", "last_value":
		return n == 1
	case "lag", "lead":
		return n >= 1 && n <= 3
	case "nth_value":
		return n == 2
	}
	return false
}
