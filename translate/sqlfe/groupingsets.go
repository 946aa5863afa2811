package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/zerodb/zerodb/errs"
)

// GROUP BY GROUPING SETS, ROLLUP and CUBE are rewritten, before
// translation, into the UNION ALL of one ordinary grouped SELECT per
// grouping set: in the branch of a set, each grouping expression outside
// the set is NULL wherever the select list or HAVING reads it (outside
// aggregate arguments, which see the rows), grouping(...) is the constant
// bit mask of the arguments the set leaves out, and the ORDER BY, LIMIT
// and OFFSET apply to the union. The set () is an aggregate without GROUP
// BY, which gives its one row even over no rows, as PostgreSQL does.

// maxGroupingSets bounds the branches (CUBE of n expressions has 2^n).
const maxGroupingSets = 4096

// expandGroupingSets returns the UNION ALL form of s when its GROUP BY
// has grouping sets, or the query with its grouping() calls made
// constants (ok false otherwise).
func (tr *translator) expandGroupingSets(s *pg.SelectStmt) (*pg.SelectStmt, bool, error) {
	has := false
	for _, g := range s.GroupClause {
		if g.GetGroupingSet() != nil {
			has = true
		}
	}
	if !has && len(s.GroupClause) > 0 {
		// grouping() of a plain GROUP BY is 0: one branch.
		check := func(n *pg.Node) {
			if n != nil {
				walkTree(n.ProtoReflect(), func(m protoreflect.Message) bool {
					if _, ok := m.Interface().(*pg.GroupingFunc); ok {
						has = true
					}
					return !has
				})
			}
		}
		for _, rt := range s.TargetList {
			check(rt)
		}
		check(s.HavingClause)
	}
	if !has {
		return nil, false, nil
	}
	p := tr.stmt.stmtPos()
	switch {
	case len(s.DistinctClause) > 0:
		return nil, false, unsupported(p, "DISTINCT with grouping sets")
	case len(s.WindowClause) > 0:
		return nil, false, unsupported(p, "windows with grouping sets")
	case s.LockingClause != nil:
		return nil, false, unsupported(p, "FOR UPDATE with grouping sets")
	}
	windows := false
	for _, rt := range s.TargetList {
		walkTree(rt.ProtoReflect(), func(m protoreflect.Message) bool {
			if fc, ok := m.Interface().(*pg.FuncCall); ok && fc.Over != nil {
				windows = true
			}
			return !windows
		})
	}
	if windows {
		return nil, false, unsupported(p, "window functions with grouping sets")
	}
	// Ordinals in GROUP BY name select list items.
	resolve := func(n *pg.Node) *pg.Node {
		if c := n.GetAConst(); c != nil && c.GetIval() != nil {
			if i := int(c.GetIval().Ival); i >= 1 && i <= len(s.TargetList) {
				return s.TargetList[i-1].GetResTarget().Val
			}
		}
		return n
	}
	sets := [][]*pg.Node{{}}
	for _, g := range s.GroupClause {
		var alts [][]*pg.Node
		if gs := g.GetGroupingSet(); gs != nil {
			var err error
			if alts, err = groupingAlternatives(gs, resolve); err != nil {
				return nil, false, err
			}
		} else {
			alts = [][]*pg.Node{{resolve(g)}}
		}
		var next [][]*pg.Node
		for _, a := range sets {
			for _, b := range alts {
				next = append(next, append(append([]*pg.Node(nil), a...), b...))
			}
		}
		if len(next) > maxGroupingSets {
			return nil, false, errAt(errs.ProgramLimitExceeded, p, "too many grouping sets present (maximum %d)", maxGroupingSets)
		}
		sets = next
	}
	// every grouping expression, by text
	all := map[string]bool{}
	var setTexts []map[string]bool
	for _, set := range sets {
		m := map[string]bool{}
		for _, e := range set {
			t, err := predicateText(e)
			if err != nil {
				return nil, false, errAt(errs.SyntaxError, p, "cannot read a grouping expression: %v", err)
			}
			m[t], all[t] = true, true
		}
		setTexts = append(setTexts, m)
	}
	var union *pg.SelectStmt
	for i, set := range sets {
		b := proto.Clone(s).(*pg.SelectStmt)
		b.SortClause, b.LimitCount, b.LimitOffset, b.WithClause = nil, nil, nil, nil
		b.GroupClause = nil
		common := make([]bool, len(set))
		for j, e := range set {
			b.GroupClause = append(b.GroupClause, proto.Clone(e).(*pg.Node))
			t, _ := predicateText(e) // read above
			common[j] = true
			for _, m := range setTexts {
				common[j] = common[j] && m[t]
			}
		}
		if tr.commonGrouping == nil {
			tr.commonGrouping = map[*pg.SelectStmt][]bool{}
		}
		tr.commonGrouping[b] = common
		absent := map[string]bool{}
		for t := range all {
			if !setTexts[i][t] {
				absent[t] = true
			}
		}
		for _, rt := range b.TargetList {
			if r := rt.GetResTarget(); r != nil && r.Val != nil {
				if r.Name == "" {
					// Keep the column's name: a NULL would be ?column?.
					r.Name = figureColname(r.Val)
				}
				r.Val = nullGrouping(r.Val, absent, setTexts[i])
			}
		}
		if b.HavingClause != nil {
			b.HavingClause = nullGrouping(b.HavingClause, absent, setTexts[i])
		}
		if union == nil {
			union = b
			continue
		}
		union = &pg.SelectStmt{Op: pg.SetOperation_SETOP_UNION, All: true, Larg: union, Rarg: b}
	}
	out := union
	if len(sets) > 1 {
		out = &pg.SelectStmt{Op: pg.SetOperation_SETOP_UNION, All: true, Larg: union.Larg, Rarg: union.Rarg}
	}
	out.WithClause, out.LimitCount, out.LimitOffset, out.LimitOption = s.WithClause, s.LimitCount, s.LimitOffset, s.LimitOption
	// ORDER BY of the union names output columns: an expression of the
	// select list becomes its position.
	for _, sb := range s.SortClause {
		c := proto.Clone(sb).(*pg.Node)
		if by := c.GetSortBy(); by != nil {
			if t, err := predicateText(by.Node); err == nil {
				for j, rt := range s.TargetList {
					if v := rt.GetResTarget().GetVal(); v != nil {
						if vt, err := predicateText(v); err == nil && vt == t && by.Node.GetAConst() == nil {
							by.Node = &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Ival{Ival: &pg.Integer{Ival: int32(j + 1)}}, Location: -1}}}
							break
						}
					}
				}
			}
		}
		out.SortClause = append(out.SortClause, c)
	}
	return out, true, nil
}

// groupingAlternatives lists the grouping sets one GROUPING SETS, ROLLUP
// or CUBE element stands for, in PostgreSQL's order.
func groupingAlternatives(gs *pg.GroupingSet, resolve func(*pg.Node) *pg.Node) ([][]*pg.Node, error) {
	exprs := make([]*pg.Node, len(gs.Content))
	for i, c := range gs.Content {
		exprs[i] = resolve(c)
	}
	// A parenthesized list inside ROLLUP or CUBE is one unit.
	units := func() [][]*pg.Node {
		out := make([][]*pg.Node, len(gs.Content))
		for i, c := range gs.Content {
			if inner := c.GetGroupingSet(); inner != nil && inner.Kind == pg.GroupingSetKind_GROUPING_SET_SETS {
				for _, e := range inner.Content {
					out[i] = append(out[i], resolve(e))
				}
				continue
			}
			if r := c.GetRowExpr(); r != nil {
				for _, e := range r.Args {
					out[i] = append(out[i], resolve(e))
				}
				continue
			}
			out[i] = []*pg.Node{exprs[i]}
		}
		return out
	}
	switch gs.Kind {
	case pg.GroupingSetKind_GROUPING_SET_EMPTY:
		return [][]*pg.Node{{}}, nil
	case pg.GroupingSetKind_GROUPING_SET_SIMPLE:
		return [][]*pg.Node{exprs}, nil
	case pg.GroupingSetKind_GROUPING_SET_ROLLUP:
		u := units()
		var out [][]*pg.Node
		for n := len(u); n >= 0; n-- {
			var set []*pg.Node
			for _, x := range u[:n] {
				set = append(set, x...)
			}
			out = append(out, set)
		}
		return out, nil
	case pg.GroupingSetKind_GROUPING_SET_CUBE:
		u := units()
		if len(u) > 12 {
			return nil, errs.New(errs.ProgramLimitExceeded, "CUBE is limited to 12 elements")
		}
		var out [][]*pg.Node
		for mask := (1 << len(u)) - 1; mask >= 0; mask-- {
			var set []*pg.Node
			for i, x := range u {
				if mask&(1<<(len(u)-1-i)) != 0 {
					set = append(set, x...)
				}
			}
			out = append(out, set)
		}
		return out, nil
	case pg.GroupingSetKind_GROUPING_SET_SETS:
		var out [][]*pg.Node
		for _, c := range gs.Content {
			if inner := c.GetGroupingSet(); inner != nil {
				alts, err := groupingAlternatives(inner, resolve)
				if err != nil {
					return nil, err
				}
				out = append(out, alts...)
				continue
			}
			if r := c.GetRowExpr(); r != nil {
				var set []*pg.Node
				for _, e := range r.Args {
					set = append(set, resolve(e))
				}
				out = append(out, set)
				continue
			}
			out = append(out, []*pg.Node{resolve(c)})
		}
		return out, nil
	}
	return nil, errs.New(errs.FeatureNotSupported, "this grouping set")
}

// nullGrouping is n with every grouping expression absent from the set
// (by text) made NULL and grouping(...) made its constant, except inside
// aggregate calls.
func nullGrouping(n *pg.Node, absent, present map[string]bool) *pg.Node {
	n = proto.Clone(n).(*pg.Node)
	visit := func(x *pg.Node) bool {
		if x == nil {
			return false
		}
		if gf := x.GetGroupingFunc(); gf != nil {
			mask := 0
			for _, a := range gf.Args {
				mask <<= 1
				if t, err := predicateText(a); err != nil || !present[t] {
					mask |= 1
				}
			}
			x.Node = &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Ival{Ival: &pg.Integer{Ival: int32(mask)}}, Location: gf.Location}}
			return false
		}
		if fc := x.GetFuncCall(); fc != nil {
			if name, ok := funcName(fc.Funcname); ok && (isAggregate(name) || fc.Over != nil || fc.AggStar) {
				return false // aggregates read the rows, not the groups
			}
		}
		if len(absent) > 0 && x.GetAConst() == nil {
			if t, err := predicateText(x); err == nil && absent[t] {
				// NULL of the expression's own type, so that every
				// branch's column has it: (array_agg(e) FILTER (WHERE
				// false))[1] aggregates nothing and reads no group.
				agg := &pg.FuncCall{Funcname: []*pg.Node{pg.MakeStrNode("array_agg")}, Args: []*pg.Node{proto.Clone(x).(*pg.Node)},
					AggFilter: &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: false}}, Location: -1}}}, Location: -1}
				x.Node = &pg.Node_AIndirection{AIndirection: &pg.A_Indirection{
					Arg:         &pg.Node{Node: &pg.Node_FuncCall{FuncCall: agg}},
					Indirection: []*pg.Node{{Node: &pg.Node_AIndices{AIndices: &pg.A_Indices{Uidx: pg.MakeAConstIntNode(1, -1)}}}},
				}}
				return false
			}
		}
		return true
	}
	walkTree(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if node, ok := m.Interface().(*pg.Node); ok {
			return visit(node)
		}
		return true
	})
	return n
}
