package sqlfe

import (
	"math"
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// aggState collects the aggregates of one SELECT.
type aggState struct {
	aggs []plan.Agg
	cols []plan.Column
}

// aggRef stands for aggregate idx of the enclosing SELECT until the
// expression is rewritten over the Aggregate node's rows (grouping.rewrite
// replaces every aggRef; none reaches the plan).
type aggRef struct {
	plan.At
	idx int
}

// isAggregate reports whether name is a built-in aggregate other than
// the ordered-set ones (isOrderedSet).
func isAggregate(name string) bool {
	kind, ordered := builtin.SQLFunctionKind(name)
	return kind == 'a' && !ordered
}

// aggregate translates an aggregate call with PostgreSQL's result types:
// count is bigint; sum of smallint/integer is bigint, of bigint and
// numeric numeric, of real/double themselves; avg of integers and numeric
// is numeric, of floats double precision; min/max keep the argument's
// type. FILTER, DISTINCT and ORDER BY inside the call go with it.
func (tr *translator) aggregate(fc *pg.FuncCall, name string, p int, ec *exprCtx) (texpr, error) {
	switch {
	case ec.inAgg:
		return texpr{}, errAt(errs.GroupingError, p, "aggregate function calls cannot be nested")
	case ec.aggs == nil:
		return texpr{}, errAt(errs.GroupingError, p, "aggregate functions are not allowed in %s", ec.clause)
	case fc.AggWithinGroup:
		return texpr{}, unsupported(p, "WITHIN GROUP")
	case fc.FuncVariadic:
		return texpr{}, unsupported(p, "VARIADIC")
	}
	agg, t, wrap, err := tr.aggCall(fc, name, p, &exprCtx{sc: ec.sc, clause: ec.clause, inAgg: true})
	if err != nil {
		return texpr{}, err
	}
	a := ec.aggs
	for i := range a.aggs {
		if aggEqual(&a.aggs[i], &agg) {
			return wrap.apply(texpr{e: &aggRef{At: at(p), idx: i}, t: t}), nil
		}
	}
	a.aggs = append(a.aggs, agg)
	a.cols = append(a.cols, plan.Column{Name: name, Type: t})
	return wrap.apply(texpr{e: &aggRef{At: at(p), idx: len(a.aggs) - 1}, t: t}), nil
}

// aggCall translates the arguments, FILTER and ORDER BY of an aggregate
// call (also of an aggregate used as a window function) in ec.
func (tr *translator) aggCall(fc *pg.FuncCall, name string, p int, ec *exprCtx) (plan.Agg, value.Type, aggWrap, error) {
	var wrap aggWrap
	agg := plan.Agg{Distinct: fc.AggDistinct, SQL: true}
	var t value.Type
	// distinctKey orders a DISTINCT aggregate's input when its Arg is not
	// the value itself (json_agg's is the value's JSON text).
	var distinctKey plan.Expr
	if f, user, err := tr.userAggregate(name); err != nil {
		return agg, t, nil, err
	} else if user {
		if agg, t, wrap, err = tr.userAggCall(fc, f, p, ec); err != nil {
			return agg, t, nil, err
		}
	} else if fc.AggStar {
		if name != "count" || len(fc.Args) > 0 {
			return agg, t, nil, errAt(errs.UndefinedFunction, p, "function %s(*) does not exist", name).WithHint(hintNoFunction)
		}
		agg.Func, t = plan.AggCountStar, value.TypeInt8
	} else {
		args := make([]texpr, len(fc.Args))
		for i, a := range fc.Args {
			x, err := tr.argExpr(name, a, ec)
			if err != nil {
				return agg, t, nil, err
			}
			if x.unknown && name == "array_agg" {
				// array_agg(anynonarray) and array_agg(anyarray) both
				// take an untyped literal.
				return agg, t, nil, errAt(codeAmbiguousFunction, p, "function array_agg(unknown) is not unique").
					WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
			}
			want := value.TypeText // an unknown literal is text, PostgreSQL's preference
			if name == "bool_and" || name == "bool_or" || name == "every" {
				want = value.TypeBool
			}
			if name == "xmlagg" {
				want = value.TypeXML
			}
			if _, regr := plan.RegrAggs()[name]; regr {
				want = value.TypeFloat8
			}
			if x.unknown {
				if x, err = tr.coerce(x, want); err != nil {
					return agg, t, nil, err
				}
			}
			if fc.AggDistinct {
				if err := noEqualityOperator(x.t, x.e.Pos()); err != nil {
					return agg, t, nil, err
				}
			}
			args[i] = x
		}
		var ok bool
		args, err := tr.enumsAsLabels(name, args, p)
		if err != nil {
			return agg, t, nil, err
		}
		switch name {
		case "json_agg", "json_object_agg":
			if agg, distinctKey, wrap, err = tr.jsonAgg(agg, name, args, p); err != nil {
				return agg, t, nil, err
			}
			t, ok = value.TypeJSON, true
		case "jsonb_agg", "jsonb_object_agg":
			last := len(args) - 1
			if last >= 0 {
				if args[last], err = tr.jsonbArg(args[last], p); err != nil {
					return agg, t, nil, err
				}
			}
		}
		if err := noRow(args, p); err != nil && !ok && name != "count" && name != "array_agg" {
			return agg, t, nil, err
		}
		if (name == "min" || name == "max") && len(args) == 1 && args[0].t.IsEnum() {
			// The least or greatest position, and the label there.
			et := args[0].t
			args[0] = texpr{e: enumOrdered(args[0].e, et, p), t: value.TypeInt8}
			wrap = func(x texpr) texpr { return texpr{e: enumAt(x.e, et, p), t: et} }
		}
		if !ok {
			var rw aggWrap
			if agg, t, rw, ok, err = tr.rangeAggregate(agg, name, args, p); err != nil {
				return agg, t, nil, err
			}
			if ok {
				wrap = rw
			}
		}
		if !ok {
			if agg, t, ok, err = tr.aggFunc(agg, name, args); err != nil {
				return agg, t, nil, err
			}
			if ok && name == "sum" && isMoney(args[0]) {
				wrap = moneySum(p)
			}
			if ok && name == "xmlagg" {
				t = value.TypeXML
				wrap = func(x texpr) texpr {
					return texpr{e: &plan.Call{At: at(p), Fn: "sql::xmlagg_final", Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeXML}
				}
			}
			if ok && name == "array_agg" && isArray(args[0].t) {
				wrap = func(x texpr) texpr {
					return texpr{e: &plan.Call{At: at(p), Fn: "sql::array_accum", Args: []plan.Expr{x.e}, SQL: true}, t: x.t}
				}
			}
		}
		if !ok {
			return agg, t, nil, noFunction(p, name, args)
		}
	}
	if fc.AggFilter != nil {
		cond, err := tr.condition(fc.AggFilter, &exprCtx{sc: ec.sc, clause: "FILTER", inAgg: true}, "FILTER")
		if err != nil {
			return agg, t, nil, err
		}
		agg.Filter = cond
	}
	order, err := tr.sortKeys(fc.AggOrder, ec)
	if err != nil {
		return agg, t, nil, err
	}
	for _, k := range order {
		if agg.Distinct && !exprEqual(k.X, agg.Arg) && !exprEqual(enumUnordered(k.X), agg.Arg) {
			return agg, t, nil, errAt(errs.InvalidColumnReference, k.X.Pos(), "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list")
		}
	}
	agg.Order = order
	if agg.Distinct && agg.Order == nil && (agg.Func == plan.AggList || agg.Func == plan.AggStringAgg || agg.Func == plan.AggJSONAgg) {
		// PostgreSQL sorts a DISTINCT aggregate's input to drop duplicates:
		// the values arrive in ascending order.
		agg.Order = []plan.SortKey{{X: agg.Arg}}
		if distinctKey != nil {
			agg.Order[0].X = distinctKey
		}
	}
	return agg, t, wrap, nil
}

// aggFunc picks the aggregate function and result type for the
// arguments; false when PostgreSQL has none.
func (tr *translator) aggFunc(agg plan.Agg, name string, args []texpr) (plan.Agg, value.Type, bool, error) {
	var t value.Type
	switch name {
	case "string_agg":
		if len(args) != 2 {
			return agg, t, false, nil
		}
		x, d := args[0], args[1]
		c := categoryOf(x.t)
		if c == catBytes {
			t = value.TypeBytea
		} else if c == catString {
			t = value.TypeText
		} else {
			return agg, t, false, nil
		}
		var err error
		if d, err = tr.coerce(d, t); err != nil || categoryOf(d.t) != c {
			return agg, t, false, err
		}
		agg.Func, agg.Arg, agg.Arg2 = plan.AggStringAgg, x.e, d.e
		return agg, t, true, nil
	case "jsonb_object_agg":
		if len(args) != 2 {
			return agg, t, false, nil
		}
		agg.Func, agg.Arg, agg.Arg2 = plan.AggJSONObjectAgg, args[0].e, args[1].e
		return agg, value.TypeJSONB, true, nil
	}
	if f, regr := plan.RegrAggs()[name]; regr {
		// (double precision Y, double precision X): numbers only.
		if len(args) != 2 || categoryOf(args[0].t) != catNumber || categoryOf(args[1].t) != catNumber || isOid(args[0]) || isOid(args[1]) {
			return agg, t, false, nil
		}
		var err error
		for i := range args {
			if args[i], err = tr.coerce(args[i], value.TypeFloat8); err != nil {
				return agg, t, false, err
			}
		}
		t = value.TypeFloat8
		if f == plan.AggRegrCount {
			t = value.TypeInt8
		}
		agg.Func, agg.Arg, agg.Arg2 = f, args[0].e, args[1].e
		return agg, t, true, nil
	}
	if len(args) != 1 {
		return agg, t, false, nil
	}
	x := args[0]
	if isTime(x) && (name == "sum" || name == "avg") {
		// sum and avg of times are of intervals, by time's implicit cast.
		var err error
		if x, err = tr.cast(x, value.TypeInterval, x.e.Pos()); err != nil {
			return agg, t, false, err
		}
	}
	agg.Arg = x.e
	ok := true
	switch name {
	case "count":
		agg.Func, t = plan.AggCount, value.TypeInt8
	case "sum":
		agg.Func = plan.AggSum
		t, ok = sumType(x.t)
	case "avg":
		agg.Func = plan.AggAvg
		t, ok = avgType(x.t)
	case "min", "max":
		// PostgreSQL has no min or max of json, xml, the range types, bit
		// strings, the geometric types, hstore or ltree.
		c := categoryOf(x.t)
		agg.Func, t, ok = plan.AggMin, baseType(x.t), c != catJSONText && c != catXML && c != catRange && c != catMultirange && c != catBits && c != catGeo && c != catHstore && c != catLtree
		if name == "max" {
			agg.Func = plan.AggMax
		}
		if x.t.BPChar {
			// The result is one of the char(n) values, which PostgreSQL
			// shows as stored: padded to n (its typmod says -1, ours n).
			t.MaxLen = x.t.MaxLen
		}
	case "bool_and", "every", "bool_or":
		agg.Func, t, ok = plan.AggBoolAnd, value.TypeBool, categoryOf(x.t) == catBool
		if name == "bool_or" {
			agg.Func = plan.AggBoolOr
		}
	case "bit_and", "bit_or", "bit_xor":
		// Of integers and of bit strings: of the argument's type (bit
		// for either bit string type, as PostgreSQL's).
		agg.Func = map[string]plan.AggFunc{"bit_and": plan.AggBitAnd, "bit_or": plan.AggBitOr, "bit_xor": plan.AggBitXor}[name]
		t, ok = baseType(x.t), x.t.Kind == value.KindInt && categoryOf(x.t) == catNumber && !isOid(x) || isBits(x)
		if isBits(x) {
			t = value.TypeBit
		}
	case "jsonb_agg":
		agg.Func, t = plan.AggJSONAgg, value.TypeJSONB
	case "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop":
		agg.Func = map[string]plan.AggFunc{
			"stddev": plan.AggStddevSamp, "stddev_samp": plan.AggStddevSamp, "stddev_pop": plan.AggStddevPop,
			"variance": plan.AggVarSamp, "var_samp": plan.AggVarSamp, "var_pop": plan.AggVarPop,
		}[name]
		t, ok = varianceType(x.t)
	case "xmlagg":
		// The array of the values, which xmlagg_final concatenates
		// (aggCall's wrap).
		agg.Func, t, ok = plan.AggList, value.ArrayOf(value.TypeXML), categoryOf(x.t) == catXML && !x.t.Array
	case "array_agg":
		elem := baseType(x.t)
		agg.Func, t, ok = plan.AggList, value.ArrayOf(elem), value.ArrayOf(elem).OID() != value.OIDJSONB
		if isArray(elem) {
			// array_agg(anyarray): the list of arrays, which aggCall
			// stacks into an array of a dimension more.
			t, ok = elem, true
		}
	default:
		ok = false
	}
	return agg, t, ok, nil
}

// aggEqual reports two aggregate calls that compute the same value.
func aggEqual(a, b *plan.Agg) bool {
	if a.Func != b.Func || a.Distinct != b.Distinct || len(a.Order) != len(b.Order) ||
		!exprEqual(a.Arg, b.Arg) || !exprEqual(a.Arg2, b.Arg2) || !exprEqual(a.Filter, b.Filter) {
		return false
	}
	for i := range a.Order {
		x, y := a.Order[i], b.Order[i]
		if x.Desc != y.Desc || x.NullsFirst != y.NullsFirst || !exprEqual(x.X, y.X) {
			return false
		}
	}
	return true
}

func sumType(t value.Type) (value.Type, bool) {
	if isOidType(t) {
		return value.Type{}, false
	}
	switch categoryOf(t) {
	case catJSON:
		return value.Any, true
	case catInterval:
		return value.TypeInterval, true
	case catMoney:
		return value.TypeNumeric, true // of the cents, made money by moneySum
	case catNumber:
		switch numRank(t) {
		case 1, 2:
			return value.TypeInt8, true
		case 3, 4:
			return value.TypeNumeric, true
		}
		return baseType(t), true
	}
	return value.Type{}, false
}

func avgType(t value.Type) (value.Type, bool) {
	if isOidType(t) {
		return value.Type{}, false
	}
	switch categoryOf(t) {
	case catJSON:
		return value.Any, true
	case catInterval:
		return value.TypeInterval, true
	case catNumber:
		if numRank(t) <= 4 {
			return value.TypeNumeric, true
		}
		return value.TypeFloat8, true
	}
	return value.Type{}, false
}

// varianceType is the result type of PostgreSQL's variance and standard
// deviation aggregates: numeric over integers and numeric, double
// precision over real and double precision.
func varianceType(t value.Type) (value.Type, bool) {
	if categoryOf(t) != catNumber || isOidType(t) {
		return value.Type{}, false
	}
	if numRank(t) <= 4 {
		return value.TypeNumeric, true
	}
	return value.TypeFloat8, true
}

// grouping rewrites expressions of a grouped SELECT over the rows of its
// Aggregate node: group keys first, then aggregates.
type grouping struct {
	keys []plan.Expr
	// depKeys are the keys a functional dependency rests on: all, except
	// in a branch of GROUPING SETS, where only those of every set count.
	depKeys []plan.Expr
	aggs    *aggState
	sc      *scope
	tr      *translator
}

// rewrite replaces each subexpression equal to a group key by a reference
// to that key and each aggRef by a reference to the aggregate; a column
// reference left over is PostgreSQL's grouping error.
func (g *grouping) rewrite(e plan.Expr) (plan.Expr, error) {
	if e == nil {
		return nil, nil
	}
	for i, k := range g.keys {
		if g.tr.equal(e, k) {
			return &plan.ColRef{At: at(e.Pos()), Idx: i, Name: refName(k)}, nil
		}
	}
	var err error
	switch x := e.(type) {
	case *aggRef:
		return &plan.ColRef{At: x.At, Idx: len(g.keys) + x.idx, Name: g.aggs.cols[x.idx].Name}, nil
	case *plan.Const, *plan.Param, *winRef:
		return e, nil
	case *plan.Subquery:
		info := g.tr.correlatedSubs[x]
		if info == nil {
			return e, nil
		}
		// Translated again, the subquery reads the grouped row: each
		// outer column it names must be a group key.
		gs := *g.sc
		gs.grouped = func(x texpr) (texpr, error) {
			var err error
			x.e, err = g.rewrite(x.e)
			return x, err
		}
		y, err := g.tr.sublink(info.sl, &exprCtx{sc: &gs, clause: info.clause})
		return y.e, err
	case *plan.ColRef:
		if x.Depth == 0 {
			return nil, g.ungrouped(x.Idx, "", x.P)
		}
		return e, nil
	case *plan.Field:
		if c, ok := x.X.(*plan.ColRef); ok && c.Depth == 0 {
			if t := g.dependent(c.Idx); t != nil {
				return g.anyValue(x, t), nil
			}
			return nil, g.ungrouped(c.Idx, x.Name, x.P)
		}
		out := *x
		out.X, err = g.rewrite(x.X)
		return &out, err
	}
	// Every other expression is rebuilt over its rewritten children, so
	// a new kind of expression (an ARRAY constructor, a row, ...) needs
	// no case here.
	out := plan.RebuildExpr(e, func(c plan.Expr) plan.Expr {
		if err != nil {
			return c
		}
		var y plan.Expr
		y, err = g.rewrite(c)
		return y
	}, func(n plan.Node) plan.Node { return n })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// dependent returns the table whose records' objects are column idx of
// the input row when the query groups by the table's whole primary key:
// each of its columns is then functionally dependent on the group keys
// and may be named outside an aggregate (PostgreSQL's
// check_functional_grouping). Only a primary key counts, not a unique
// index, and only a table read directly in FROM (with or without column
// aliases), not a view or a subquery; nil otherwise.
func (g *grouping) dependent(idx int) *catalog.Table {
	for i := range g.sc.entries {
		e := &g.sc.entries[i]
		t := e.baseTable()
		if t == nil || idx != e.off+1 || !t.Schemafull || len(t.PrimaryKey) == 0 {
			continue
		}
		for _, c := range t.PrimaryKey {
			pk := &plan.Field{X: &plan.ColRef{Idx: idx}, Name: c}
			if !slices.ContainsFunc(g.depKeys, func(k plan.Expr) bool { return exprEqual(k, pk) }) {
				return nil
			}
		}
		return t
	}
	return nil
}

// anyValue reads column f of t, functionally dependent on the group
// keys, in the grouped row: as an aggregate that keeps the group's
// first value (every row of the group has the same).
func (g *grouping) anyValue(f *plan.Field, t *catalog.Table) plan.Expr {
	agg := plan.Agg{Func: plan.AggAnyValue, Arg: f, SQL: true}
	a := g.aggs
	i := slices.IndexFunc(a.aggs, func(b plan.Agg) bool { return aggEqual(&b, &agg) })
	if i < 0 {
		ty := value.Any
		if fd, _, ok := t.FieldByName(f.Name); ok {
			ty = fd.Type
			ty.Optional = false
		}
		a.aggs = append(a.aggs, agg)
		a.cols = append(a.cols, plan.Column{Name: f.Name, Type: ty})
		i = len(a.aggs) - 1
	}
	return &plan.ColRef{At: f.At, Idx: len(g.keys) + i, Name: f.Name}
}

func refName(e plan.Expr) string {
	switch x := e.(type) {
	case *plan.Field:
		return x.Name
	case *plan.ColRef:
		return x.Name
	}
	return ""
}

func (g *grouping) ungrouped(idx int, field string, p int) error {
	for _, e := range g.sc.entries {
		if e.table == nil {
			for _, c := range e.cols {
				x := relocate(c.x.e, e.off, 0, 0)
				if f, ok := x.(*plan.Field); ok && f.Name == field {
					x = f.X
				} else if field != "" {
					continue
				}
				if r, ok := x.(*plan.ColRef); ok && r.Idx == idx {
					return errAt(errs.GroupingError, p, "column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function", e.name, c.name)
				}
			}
			continue
		}
		if idx != e.off && idx != e.off+1 {
			continue
		}
		col := field
		switch {
		case col != "":
		case idx == e.off && !hasKeyColumn(e.table):
			// A table without a key column of its own: only its whole
			// row reads the record key.
			col = "*"
		case idx == e.off:
			col = "id"
		default:
			col = "doc"
		}
		return errAt(errs.GroupingError, p, "column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function", e.name, col)
	}
	return errAt(errs.GroupingError, p, "column must appear in the GROUP BY clause or be used in an aggregate function")
}

// containsAgg reports whether e uses an aggregate.
func containsAgg(e plan.Expr) bool {
	switch x := e.(type) {
	case *aggRef:
		return true
	case *plan.Field:
		return containsAgg(x.X)
	case *plan.Index:
		return containsAgg(x.X) || containsAgg(x.I)
	case *plan.Cast:
		return containsAgg(x.X)
	case *plan.Unary:
		return containsAgg(x.X)
	case *plan.Binary:
		return containsAgg(x.L) || containsAgg(x.R)
	case *plan.If:
		return containsAgg(x.Cond) || containsAgg(x.Then) || (x.Else != nil && containsAgg(x.Else))
	case *plan.Call:
		for _, a := range x.Args {
			if containsAgg(a) {
				return true
			}
		}
	}
	return false
}

// equal is exprEqual for matching an expression with a group key or a
// select-list item. Of a normalized statement's literals only their
// parameters are known: when two expressions would be equal if their
// literals and constants were, the translation cannot be shared.
func (tr *translator) equal(a, b plan.Expr) bool {
	if exprEqual(a, b) {
		return true
	}
	if tr.lits > 0 && eqExpr(a, b, tr.constLike) {
		tr.noCache = true
	}
	return false
}

// constLike reports a constant or a normalized literal's parameter; the
// second result tells which.
func (tr *translator) constLike(e plan.Expr) (ok, param bool) {
	if _, lit := tr.literal(e); lit {
		return true, true
	}
	_, ok = e.(*plan.Const)
	return ok, false
}

// exprEqual compares two translated expressions structurally, ignoring
// positions: GROUP BY a + 1 matches SELECT a + 1, and ORDER BY matches
// DISTINCT's select list.
func exprEqual(a, b plan.Expr) bool { return eqExpr(a, b, nil) }

// eqExpr is exprEqual, except that with a non-nil wild it also takes two
// constant-like leaves as equal when at least one is a parameter.
func eqExpr(a, b plan.Expr, wild func(plan.Expr) (ok, param bool)) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if wild != nil {
		la, pa := wild(a)
		lb, pb := wild(b)
		if la && lb && (pa || pb) {
			return true
		}
	}
	exprEqual := func(a, b plan.Expr) bool { return eqExpr(a, b, wild) }
	switch x := a.(type) {
	case *plan.Const:
		y, ok := b.(*plan.Const)
		return ok && constEqual(x.V, y.V)
	case *plan.ColRef:
		y, ok := b.(*plan.ColRef)
		return ok && x.Idx == y.Idx && x.Depth == y.Depth
	case *plan.Param:
		y, ok := b.(*plan.Param)
		return ok && x.N == y.N && x.Name == y.Name
	case *plan.Field:
		y, ok := b.(*plan.Field)
		return ok && x.Name == y.Name && exprEqual(x.X, y.X)
	case *plan.Index:
		y, ok := b.(*plan.Index)
		return ok && exprEqual(x.X, y.X) && exprEqual(x.I, y.I)
	case *plan.Cast:
		y, ok := b.(*plan.Cast)
		return ok && x.Check == y.Check && sameType(x.To, y.To) && exprEqual(x.X, y.X)
	case *plan.Unary:
		y, ok := b.(*plan.Unary)
		return ok && x.Op == y.Op && x.SQL == y.SQL && exprEqual(x.X, y.X)
	case *plan.Binary:
		y, ok := b.(*plan.Binary)
		return ok && x.Op == y.Op && x.SQL == y.SQL && exprEqual(x.L, y.L) && exprEqual(x.R, y.R)
	case *plan.If:
		y, ok := b.(*plan.If)
		return ok && exprEqual(x.Cond, y.Cond) && exprEqual(x.Then, y.Then) && exprEqual(x.Else, y.Else)
	case *plan.Call:
		y, ok := b.(*plan.Call)
		if !ok || x.Fn != y.Fn || x.SQL != y.SQL || len(x.Args) != len(y.Args) || len(x.Spread) != len(y.Spread) {
			return false
		}
		for i := range x.Args {
			if !exprEqual(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	case *plan.Apply:
		y, ok := b.(*plan.Apply)
		return ok && exprEqual(x.Fn, y.Fn) && slices.EqualFunc(x.Args, y.Args, exprEqual)
	case *plan.FuncRef:
		// A statement compiles each function once: the same Function is
		// the same function.
		y, ok := b.(*plan.FuncRef)
		return ok && x.Fn == y.Fn
	case *plan.ListCons:
		y, ok := b.(*plan.ListCons)
		return ok && slices.EqualFunc(x.Elems, y.Elems, exprEqual)
	case *plan.TupleCons:
		y, ok := b.(*plan.TupleCons)
		return ok && x.Composite == y.Composite && slices.EqualFunc(x.Elems, y.Elems, exprEqual)
	case *aggRef:
		y, ok := b.(*aggRef)
		return ok && x.idx == y.idx
	}
	return false
}

// constEqual compares constants by kind and exact value (1 and 1.0 differ
// here: they are different expressions).
func constEqual(a, b value.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case value.KindNone:
		return true
	case value.KindBool:
		return a.AsBool() == b.AsBool()
	case value.KindInt:
		return a.Width() == b.Width() && a.AsInt() == b.AsInt()
	case value.KindFloat:
		return a.FloatBits() == b.FloatBits() && math.Float64bits(a.AsFloat()) == math.Float64bits(b.AsFloat())
	case value.KindDecimal:
		da, db := a.AsDecimal(), b.AsDecimal()
		return da != nil && db != nil && da.Cmp(db) == 0 && da.Exponent == db.Exponent
	case value.KindString, value.KindBytes, value.KindSymbol:
		return a.AsString() == b.AsString()
	case value.KindDatetime:
		return a.HasTZ() == b.HasTZ() && a.AsTime().Equal(b.AsTime())
	case value.KindDuration:
		return a.AsInterval() == b.AsInterval()
	case value.KindTime:
		return a.AsTimeOfDay() == b.AsTimeOfDay()
	case value.KindTimeTZ:
		return value.Equal(a, b) // the time and the offset
	case value.KindUUID:
		return a.AsUUID() == b.AsUUID()
	case value.KindList, value.KindTuple:
		// jsonb arrays and SQL arrays: the same elements, each exactly.
		return slices.EqualFunc(a.AsList(), b.AsList(), constEqual)
	case value.KindObject:
		// jsonb objects: the same keys in the same (normalized) order.
		x, y := a.AsObject(), b.AsObject()
		if x.Len() != y.Len() {
			return false
		}
		for i := range x.Len() {
			kx, vx := x.At(i)
			ky, vy := y.At(i)
			if kx != ky || !constEqual(vx, vy) {
				return false
			}
		}
		return true
	}
	return false
}
