package exec

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// TestOptimizerPreservesResults runs random filters (and joins, sorts and
// limits) over random tables, unoptimized and optimized, and requires the
// same rows. Tables are a SQL one keyed by an int column and a schemaless
// one whose keys mix ints and symbols; filters use SQL or ZQL semantics,
// constants, parameters (some none) and conditions on the key.
func TestOptimizerPreservesResults(t *testing.T) {
	f := newFixture(t)
	typed := f.table(&catalog.Table{Name: "typed", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "a", Type: value.TypeInt8, Optional: true},
			{Name: "b", Type: value.TypeText, Optional: true},
		}})
	loose := f.table(&catalog.Table{Name: "loose", CreatedBy: "zql"})
	opts := f.x.OptimizerOptions()
	iter := 0

	rapid.Check(t, func(rt *rapid.T) {
		iter++
		// Fresh contents for each case: delete everything, insert new rows.
		txn, err := f.store.Begin(f.ctx, kv.TxnOptions{})
		if err != nil {
			rt.Fatal(err)
		}
		defer txn.Rollback()
		env := f.env(txn)
		for _, tab := range []*catalog.Table{typed, loose} {
			if _, err := collect(f.ctx, f.x, env, &plan.Delete{Table: tab, Input: scanOf(tab), KeyCol: 0, ObjCol: 1}); err != nil {
				rt.Fatal(err)
			}
		}
		n := rapid.IntRange(0, 25).Draw(rt, "rows")
		seen := map[int64]bool{}
		for i := 0; i < n; i++ {
			id := rapid.Int64Range(-10, 10).Draw(rt, "id")
			if seen[id] {
				continue
			}
			seen[id] = true
			a := drawSmall(rt, "a")
			b := drawText(rt, "b")
			o := obj("id", ki(id), "a", k(a), "b", k(b))
			if _, err := collect(f.ctx, f.x, env, &plan.Insert{Table: typed, Input: &plan.Eval{X: ki(0)}, Obj: o}); err != nil {
				rt.Fatal(err)
			}
			var key value.Value = value.Int(id)
			if id%3 == 0 {
				key = value.Symbol(fmt.Sprintf("k%d", id+10))
			}
			lo := obj("a", k(a), "b", k(b))
			if _, err := collect(f.ctx, f.x, env, &plan.Insert{Table: loose, Input: &plan.Eval{X: ki(0)}, Key: k(key), Obj: lo}); err != nil {
				rt.Fatal(err)
			}
		}
		env.Params = []value.Value{drawSmall(rt, "p1"), drawSmall(rt, "p2")}
		sql := rapid.Bool().Draw(rt, "sql")
		tab := typed
		if rapid.Bool().Draw(rt, "loose") {
			tab = loose
		}
		g := &condGen{rt: rt, sql: sql, tab: tab}
		q, ordered := g.query()
		want, err1 := collect(f.ctx, f.x, env, q)
		oq := opt.OptimizeWith(q, opts)
		got, err2 := collect(f.ctx, f.x, env, oq)
		// The optimized plan may skip work whose errors the plain one
		// raises (a filter moved below an aggregate), never the reverse.
		if err1 == nil && err2 != nil {
			rt.Fatalf("errors differ: %v vs %v\nplan:\n%s\noptimized:\n%s", err1, err2, plan.Explain(q), plan.Explain(oq))
		}
		if err1 != nil || err2 != nil {
			return
		}
		w, o := render(want), render(got)
		if !ordered {
			w, o = sortedLines(w), sortedLines(o)
		}
		if w != o {
			rt.Fatalf("rows differ\nplan:\n%s\noptimized:\n%s\nwant:\n%s\ngot:\n%s", plan.Explain(q), plan.Explain(oq), w, o)
		}
	})
	if iter == 0 {
		t.Fatal("no cases ran")
	}
}

func sortedLines(s string) string {
	ls := strings.Split(s, "\n")
	slices.Sort(ls)
	return strings.Join(ls, "\n")
}

func drawSmall(rt *rapid.T, label string) value.Value {
	i := rapid.IntRange(-4, 5).Draw(rt, label)
	if i == 5 {
		return value.None
	}
	return value.Int(int64(i))
}

func drawText(rt *rapid.T, label string) value.Value {
	s := rapid.SampledFrom([]string{"", "x", "y", "ab", "none"}).Draw(rt, label)
	if s == "none" {
		return value.None
	}
	return value.String(s)
}

// condGen draws conditions on scan rows [key, object] (at column offset off).
type condGen struct {
	rt  *rapid.T
	sql bool
	tab *catalog.Table
}

func (g *condGen) bin(op plan.Op, l, r plan.Expr) plan.Expr {
	return &plan.Binary{Op: op, L: l, R: r, SQL: g.sql}
}

func (g *condGen) operand(off int) plan.Expr {
	switch rapid.IntRange(0, 5).Draw(g.rt, "operand") {
	case 0:
		return col(off) // the key
	case 1:
		return fld(col(off+1), "id") // the key column of the typed table
	case 2:
		return fld(col(off+1), "a")
	case 3:
		return param(rapid.IntRange(1, 2).Draw(g.rt, "param"))
	case 4:
		return k(drawSmall(g.rt, "const"))
	}
	return k(value.Float(float64(rapid.IntRange(-8, 8).Draw(g.rt, "half")) / 2))
}

func (g *condGen) atom(off int) plan.Expr {
	switch rapid.IntRange(0, 6).Draw(g.rt, "atom") {
	case 0, 1, 2, 3:
		op := rapid.SampledFrom([]plan.Op{plan.OpEq, plan.OpNe, plan.OpLt, plan.OpLe, plan.OpGt, plan.OpGe}).Draw(g.rt, "op")
		return g.bin(op, g.operand(off), g.operand(off))
	case 4:
		return g.bin(plan.OpEq, fld(col(off+1), "b"), k(drawText(g.rt, "text")))
	case 5:
		return &plan.Unary{Op: plan.OpIsNull, X: fld(col(off+1), "a"), SQL: g.sql}
	}
	return g.bin(plan.OpOr, g.atom(off), g.atom(off))
}

func (g *condGen) cond(off int) plan.Expr {
	c := g.atom(off)
	for n := rapid.IntRange(0, 2).Draw(g.rt, "conjuncts"); n > 0; n-- {
		c = g.bin(plan.OpAnd, c, g.atom(off))
	}
	return c
}

// query draws a query shape; ordered reports whether its row order is
// defined (and so must match exactly).
func (g *condGen) query() (plan.Node, bool) {
	sc := scanOf(g.tab)
	switch rapid.IntRange(0, 10).Draw(g.rt, "shape") {
	case 0:
		return &plan.Filter{Input: sc, Cond: g.cond(0)}, true
	case 8: // stacked filters, one of them not boolean (a filter keeps only true)
		inner := &plan.Filter{Input: sc, Cond: g.cond(0)}
		return &plan.Filter{Input: inner, Cond: fld(col(1), rapid.SampledFrom([]string{"a", "b", "id"}).Draw(g.rt, "nonBool"))}, true
	case 9: // filters above distinct, reverse and sort
		var in plan.Node = project(sc, col(0), fld(col(1), "a"))
		switch rapid.IntRange(0, 2).Draw(g.rt, "wrap") {
		case 0:
			in = &plan.Distinct{Input: project(sc, fld(col(1), "a"), fld(col(1), "b"))}
		case 1:
			in = &plan.Reverse{Input: in}
		case 2:
			in = &plan.Sort{Input: in, Keys: []plan.SortKey{{X: col(1)}, {X: col(0)}}}
		}
		return &plan.Filter{Input: in, Cond: g.bin(plan.OpGe, col(1), g.operand(3))}, true
	case 6: // limit over a filtered scan: the limit moves into the scan
		return &plan.Limit{Input: project(&plan.Filter{Input: sc, Cond: g.cond(0)}, col(0)),
			Count: ki(int64(rapid.IntRange(0, 4).Draw(g.rt, "limit")))}, true
	case 7: // HAVING on the group key and on an aggregate
		agg := &plan.Aggregate{Input: sc, GroupBy: []plan.Expr{fld(col(1), "a")},
			Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: g.sql}, {Func: plan.AggSum, Arg: fld(col(1), "a"), SQL: g.sql}},
			Cols: []plan.Column{{Name: "a"}, {Name: "n"}, {Name: "s"}}}
		return &plan.Filter{Input: agg, Cond: g.bin(plan.OpAnd, g.bin(plan.OpNe, col(0), g.operand(3)),
			g.bin(plan.OpGe, col(1), ki(1)))}, true
	case 1: // sort + limit (top-k), maybe on the key
		var key plan.Expr = fld(col(1), "a")
		if rapid.Bool().Draw(g.rt, "sortKey") {
			key = fld(col(1), "id")
		}
		desc := rapid.Bool().Draw(g.rt, "desc")
		s := &plan.Sort{Input: &plan.Filter{Input: sc, Cond: g.cond(0)},
			Keys: []plan.SortKey{{X: key, Desc: desc, NullsFirst: desc}, {X: col(0)}}}
		if rapid.Bool().Draw(g.rt, "singleKey") {
			s.Keys = s.Keys[:1]
			if g.tab.PrimaryKey == nil {
				s.Keys[0].X = col(0)
			}
		}
		return &plan.Limit{Input: s, Count: ki(int64(rapid.IntRange(0, 6).Draw(g.rt, "limit"))),
			Offset: ki(int64(rapid.IntRange(0, 2).Draw(g.rt, "offset")))}, len(s.Keys) == 2 || g.tab.PrimaryKey != nil || s.Keys[0].X == col(0)
	case 2: // project then filter on the projection
		p := project(sc, col(0), fld(col(1), "a"), fld(col(1), "id"))
		cond := g.bin(plan.OpGt, col(1), g.operand(0))
		if rapid.Bool().Draw(g.rt, "onKey") {
			cond = g.bin(plan.OpEq, col(0), param(1))
		}
		return &plan.Filter{Input: p, Cond: cond}, true
	case 10: // fields of a join, maybe aggregated: the scans decode only those
		kind := rapid.SampledFrom([]plan.JoinKind{plan.InnerJoin, plan.LeftJoin, plan.SemiJoin, plan.AntiJoin, plan.RightJoin, plan.FullJoin}).Draw(g.rt, "kind")
		j := &plan.Join{Kind: kind, Left: &plan.Filter{Input: sc, Cond: g.cond(0)}, Right: scanOf(g.tab),
			On: g.bin(plan.OpAnd, g.bin(plan.OpEq, fld(col(1), "a"), fld(col(3), "a")), g.cond(2))}
		out := []plan.Expr{col(0), fld(col(1), "b")}
		if kind != plan.SemiJoin && kind != plan.AntiJoin {
			out = append(out, fld(col(3), "b"), col(2))
		}
		if rapid.Bool().Draw(g.rt, "aggregate") {
			return &plan.Aggregate{Input: j, GroupBy: []plan.Expr{fld(col(1), "b")},
				Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: g.sql}, {Func: plan.AggSum, Arg: fld(col(1), "id"), SQL: g.sql}},
				Cols: []plan.Column{{Name: "b"}, {Name: "n"}, {Name: "s"}}}, true
		}
		return project(j, out...), false
	case 3, 4: // joins
		kind := rapid.SampledFrom([]plan.JoinKind{plan.InnerJoin, plan.CrossJoin, plan.LeftJoin, plan.SemiJoin, plan.AntiJoin, plan.RightJoin, plan.FullJoin}).Draw(g.rt, "kind")
		right := scanOf(g.tab)
		var on plan.Expr
		if kind != plan.CrossJoin {
			on = g.bin(plan.OpEq, fld(col(1), "a"), col(2))
			if rapid.Bool().Draw(g.rt, "onKey") {
				on = g.bin(plan.OpEq, col(2), fld(col(1), "a"))
			}
			if rapid.Bool().Draw(g.rt, "onExtra") {
				on = g.bin(plan.OpAnd, on, g.cond(2))
			}
		}
		j := &plan.Join{Kind: kind, Left: &plan.Filter{Input: sc, Cond: g.cond(0)}, Right: right, On: on}
		var top plan.Node = j
		if kind != plan.SemiJoin && kind != plan.AntiJoin && rapid.Bool().Draw(g.rt, "where") {
			top = &plan.Filter{Input: j, Cond: g.cond(rapid.SampledFrom([]int{0, 2}).Draw(g.rt, "side"))}
		} else if rapid.Bool().Draw(g.rt, "whereLeft") {
			top = &plan.Filter{Input: j, Cond: g.cond(0)}
		}
		return top, false
	}
	// A lateral join whose right side may or may not use the left row.
	right := &plan.Filter{Input: scanOf(g.tab), Cond: g.bin(plan.OpEq, col(0), fld(outerCol(1), "a"))}
	if rapid.Bool().Draw(g.rt, "uncorrelated") {
		right = &plan.Filter{Input: scanOf(g.tab), Cond: g.cond(0)}
	}
	kind := rapid.SampledFrom([]plan.JoinKind{plan.InnerJoin, plan.LeftJoin, plan.SemiJoin, plan.AntiJoin}).Draw(g.rt, "lkind")
	j := &plan.Join{Kind: kind, Lateral: true, Left: scanOf(g.tab), Right: right}
	if kind == plan.InnerJoin && rapid.Bool().Draw(g.rt, "lwhere") {
		return &plan.Filter{Input: j, Cond: g.cond(2)}, false
	}
	return j, false
}
