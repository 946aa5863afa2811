package exec

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// joinFixture has people(k, {name, city}) and cities(k, {name}).
func joinFixture(t *testing.T) (*fixture, *catalog.Table, *catalog.Table) {
	f := newFixture(t)
	people := f.table(&catalog.Table{Name: "people", CreatedBy: "zql"})
	cities := f.table(&catalog.Table{Name: "cities", CreatedBy: "zql"})
	f.mustInsert(cities,
		ksym("ber"), obj("name", ks("Berlin")),
		ksym("par"), obj("name", ks("Paris")),
		ksym("rom"), obj("name", ks("Rome")),
	)
	f.mustInsert(people,
		ksym("ann"), obj("name", ks("Ann"), "city", ksym("par")),
		ksym("bob"), obj("name", ks("Bob"), "city", ksym("ber")),
		ksym("cy"), obj("name", ks("Cy"), "city", ksym("par")),
		ksym("dee"), obj("name", ks("Dee")),
	)
	return f, people, cities
}

func TestJoins(t *testing.T) {
	f, people, cities := joinFixture(t)
	// people.city = cities.key on the combined row [pk, pobj, ck, cobj].
	on := sbin(plan.OpEq, fld(col(1), "city"), col(2))
	out := func(j plan.Node) plan.Node {
		cols := j.Columns()
		if len(cols) == 2 {
			return project(j, fld(col(1), "name"))
		}
		return project(j, fld(col(1), "name"), fld(col(3), "name"))
	}
	cases := []struct {
		kind plan.JoinKind
		want string
	}{
		{plan.InnerJoin, "\"Ann\" | \"Paris\"\n\"Bob\" | \"Berlin\"\n\"Cy\" | \"Paris\"\n"},
		{plan.LeftJoin, "\"Ann\" | \"Paris\"\n\"Bob\" | \"Berlin\"\n\"Cy\" | \"Paris\"\n\"Dee\" | null\n"},
		{plan.RightJoin, "\"Bob\" | \"Berlin\"\n\"Ann\" | \"Paris\"\n\"Cy\" | \"Paris\"\nnull | \"Rome\"\n"},
		{plan.FullJoin, "\"Ann\" | \"Paris\"\n\"Bob\" | \"Berlin\"\n\"Cy\" | \"Paris\"\n\"Dee\" | null\nnull | \"Rome\"\n"},
		{plan.SemiJoin, "\"Ann\"\n\"Bob\"\n\"Cy\"\n"},
		{plan.AntiJoin, "\"Dee\"\n"},
	}
	for _, c := range cases {
		for _, m := range []plan.JoinMethod{plan.NestedLoop, plan.HashJoin} {
			j := &plan.Join{Kind: c.kind, Method: m, Left: scanOf(people), Right: scanOf(cities), On: on}
			if m == plan.HashJoin {
				j.On = nil
				j.LeftKeys = []plan.Expr{fld(col(1), "city")}
				j.RightKeys = []plan.Expr{col(0)}
			}
			rows := f.mustQuery(out(j))
			got := render(rows)
			if c.kind == plan.RightJoin || c.kind == plan.FullJoin {
				// Matched rows come in left order, unmatched right rows last;
				// compare as sets of lines.
				got, c.want = sortLines(got), sortLines(c.want)
			}
			if got != c.want {
				t.Errorf("kind %d method %d:\n%s\nwant:\n%s", c.kind, m, got, c.want)
			}
		}
	}
	// Cross join counts.
	cross := &plan.Join{Kind: plan.CrossJoin, Left: scanOf(people), Right: scanOf(cities)}
	if n := len(f.mustQuery(cross)); n != 12 {
		t.Errorf("cross join: %d rows", n)
	}
}

func sortLines(s string) string {
	ls := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i := range ls {
		for j := i + 1; j < len(ls); j++ {
			if ls[j] < ls[i] {
				ls[i], ls[j] = ls[j], ls[i]
			}
		}
	}
	return strings.Join(ls, "\n") + "\n"
}

func TestHashJoinNullKeys(t *testing.T) {
	f := newFixture(t)
	l := values(row(k(value.None), ki(1)), row(ki(2), ki(2)))
	r := values(row(k(value.None)), row(ki(2)))
	for _, nullEq := range []bool{false, true} {
		j := &plan.Join{Kind: plan.InnerJoin, Method: plan.HashJoin, Left: l, Right: r,
			LeftKeys: []plan.Expr{col(0)}, RightKeys: []plan.Expr{col(0)}, NullEqual: nullEq}
		rows := f.mustQuery(project(j, col(1)))
		want := "2\n"
		if nullEq {
			want = "1\n2\n"
		}
		if got := render(rows); got != want {
			t.Errorf("NullEqual=%v: %q, want %q", nullEq, got, want)
		}
	}
}

func TestLateralJoin(t *testing.T) {
	f, people, cities := joinFixture(t)
	// [ {p: p.name, c: c.name} : p in people, c in cities.@(p.city) ]:
	// the right side is a point get keyed by the left row.
	right := &plan.Scan{Table: cities, Span: &plan.KeySpan{Point: fld(outerCol(1), "city")}}
	j := &plan.Join{Kind: plan.LeftJoin, Lateral: true, Left: scanOf(people), Right: right}
	wantRows(t, f.mustQuery(project(j, fld(col(1), "name"), fld(col(3), "name"))), `
"Ann" | "Paris"
"Bob" | "Berlin"
"Cy" | "Paris"
"Dee" | null
`)
	// Unnest of a range bound by the outer row: [x * 10 : n in [1, 3], x in 1..=n].
	left := values(row(ki(1)), row(ki(3)))
	un := &plan.Unnest{X: &plan.RangeCons{Lo: ki(1), Hi: outerCol(0), Inclusive: true}, Col: plan.Column{Name: "x"}}
	j = &plan.Join{Kind: plan.InnerJoin, Lateral: true, Left: left, Right: un}
	wantRows(t, f.mustQuery(project(j, col(0), zbin(plan.OpMul, col(1), ki(10)))), `
1 | 10
3 | 10
3 | 20
3 | 30
`)
}

func TestAggregates(t *testing.T) {
	f := newFixture(t)
	in := values(
		row(ks("a"), k(value.IntW(1, value.I32)), k(value.IntW(10, value.I64)), k(value.Float(1.5))),
		row(ks("b"), k(value.IntW(2, value.I32)), k(value.IntW(20, value.I64)), k(value.None)),
		row(ks("a"), k(value.IntW(4, value.I32)), k(value.None), k(value.Float(2.5))),
		row(ks("a"), k(value.IntW(4, value.I32)), k(value.IntW(5, value.I64)), k(value.Float(2))),
	)
	aggs := func(sql bool) []plan.Agg {
		return []plan.Agg{
			{Func: plan.AggCountStar, SQL: sql},
			{Func: plan.AggCount, Arg: col(2), SQL: sql},
			{Func: plan.AggSum, Arg: col(1), SQL: sql},
			{Func: plan.AggSum, Arg: col(2), SQL: sql},
			{Func: plan.AggAvg, Arg: col(1), SQL: sql},
			{Func: plan.AggAvg, Arg: col(3), SQL: sql},
			{Func: plan.AggMin, Arg: col(1), SQL: sql},
			{Func: plan.AggMax, Arg: col(3), SQL: sql},
			{Func: plan.AggList, Arg: col(1), Distinct: true, SQL: sql},
			{Func: plan.AggSum, Arg: col(1), Distinct: true, SQL: sql},
		}
	}
	// SQL: sum(int4) is int8, sum(int8) numeric, avg(int) numeric with
	// PostgreSQL's scale.
	rows := f.mustQuery(&plan.Aggregate{Input: in, GroupBy: []plan.Expr{col(0)}, Aggs: aggs(true)})
	wantRows(t, rows, `
"a" | 3 | 2 | 9 | 15 | 3.0000000000000000 | 2 | 1 | 2.5 | [1, 4] | 5
"b" | 1 | 1 | 2 | 20 | 2.0000000000000000 | null | 2 | null | [2] | 2
`)
	if v := rows[0][4]; v.Kind() != value.KindDecimal {
		t.Errorf("SQL sum(int8) is %s, want decimal", v.Kind())
	}
	if v := rows[0][3]; v.Kind() != value.KindInt || v.Width() != value.I64 {
		t.Errorf("SQL sum(int4) is %s/%d, want int8", v.Kind(), v.Width())
	}
	// ZQL: sums of ints stay ints, avg is a float.
	rows = f.mustQuery(&plan.Aggregate{Input: in, GroupBy: []plan.Expr{col(0)}, Aggs: aggs(false)})
	wantRows(t, rows, `
"a" | 3 | 2 | 9 | 15 | 3 | 2 | 1 | 2.5 | [1, 4] | 5
"b" | 1 | 1 | 2 | 20 | 2 | null | 2 | null | [2] | 2
`)
	if v := rows[0][5]; v.Kind() != value.KindFloat {
		t.Errorf("ZQL avg is %s, want float", v.Kind())
	}
	// No input: one row; SQL sums are NULL, ZQL sums 0, counts 0.
	empty := &plan.Filter{Input: in, Cond: k(value.Bool(false))}
	wantRows(t, f.mustQuery(&plan.Aggregate{Input: empty, Aggs: aggs(true)}),
		"0 | 0 | null | null | null | null | null | null | null | null\n")
	wantRows(t, f.mustQuery(&plan.Aggregate{Input: empty, Aggs: aggs(false)}),
		"0 | 0 | 0 | 0 | null | null | null | null | [] | 0\n")
	// Grouped aggregate over no input: no rows.
	wantRows(t, f.mustQuery(&plan.Aggregate{Input: empty, GroupBy: []plan.Expr{col(0)}, Aggs: aggs(true)}), "")
	// PostgreSQL's avg scale: avg(1, 2) = 1.5000000000000000, avg of big numbers.
	avg := func(vals ...int64) string {
		var rs [][]plan.Expr
		for _, v := range vals {
			rs = append(rs, row(ki(v)))
		}
		r := f.mustQuery(&plan.Aggregate{Input: values(rs...), Aggs: []plan.Agg{{Func: plan.AggAvg, Arg: col(0), SQL: true}}})
		b, err := value.AppendText(nil, r[0][0], value.TypeNumeric)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct {
		in   []int64
		want string
	}{
		{[]int64{1, 2}, "1.5000000000000000"},
		{[]int64{1000000, 2000000}, "1500000.000000000000"},
		{[]int64{1, 2, 2}, "1.6666666666666667"},
		{[]int64{-1, -2}, "-1.5000000000000000"},
		{[]int64{0, 0}, "0.00000000000000000000"},
		{[]int64{123456789012, 1}, "61728394506.50000000"},
	} {
		if got := avg(c.in...); got != c.want {
			t.Errorf("avg%v = %s, want %s", c.in, got, c.want)
		}
	}
	// ZQL int overflow in sum is 22003; SQL int8 sum overflows into numeric.
	big := values(row(ki(1<<62)), row(ki(1<<62)), row(ki(1<<62)))
	_, err := f.query(&plan.Aggregate{Input: big, Aggs: []plan.Agg{{Func: plan.AggSum, Arg: col(0)}}})
	wantCode(t, err, errs.NumericValueOutOfRange)
	rows = f.mustQuery(&plan.Aggregate{Input: big, Aggs: []plan.Agg{{Func: plan.AggSum, Arg: col(0), SQL: true}}})
	wantRows(t, rows, "13835058055282163712\n")
}

func TestSortTopKLimit(t *testing.T) {
	f := newFixture(t)
	var rs [][]plan.Expr
	for i := range 100 {
		v := plan.Expr(ki(int64((i * 37) % 100)))
		if i%10 == 3 {
			v = k(value.None)
		}
		rs = append(rs, row(v, ki(int64(i))))
	}
	in := values(rs...)
	full := f.mustQuery(&plan.Sort{Input: in, Keys: []plan.SortKey{{X: col(0), Desc: true, NullsFirst: true}}})
	if !full[0][0].IsNone() || !full[9][0].IsNone() || full[10][0].IsNone() {
		t.Fatalf("NULLS FIRST descending: %s", render(full[:12]))
	}
	for i := 11; i < len(full); i++ {
		if value.Compare(full[i-1][0], full[i][0]) < 0 {
			t.Fatalf("not descending at %d", i)
		}
	}
	for _, lim := range []int64{0, 1, 5, 15, 200} {
		top := f.mustQuery(&plan.Sort{Input: in, Keys: []plan.SortKey{{X: col(0), Desc: true, NullsFirst: true}}, Limit: ki(lim)})
		n := min(int(lim), len(full))
		if render(top) != render(full[:n]) {
			t.Errorf("top-%d differs from the full sort", lim)
		}
	}
	// Stability: equal keys keep input order.
	st := f.mustQuery(&plan.Sort{Input: in, Keys: []plan.SortKey{{X: zbin(plan.OpMod, col(1), ki(2))}}, Limit: ki(3)})
	wantRows(t, st, "0 | 0\n74 | 2\n48 | 4\n")
	// Nulls last ascending (PostgreSQL's default).
	asc := f.mustQuery(&plan.Sort{Input: in, Keys: []plan.SortKey{{X: col(0)}}})
	if !asc[99][0].IsNone() || asc[0][0].IsNone() {
		t.Errorf("nulls are not last ascending")
	}
	// Limit and offset.
	lim := f.mustQuery(&plan.Limit{Input: in, Count: ki(3), Offset: ki(98)})
	wantRows(t, lim, "26 | 98\n63 | 99\n")
	_, err := f.query(&plan.Limit{Input: in, Count: ki(-1)})
	wantCode(t, err, "2201W")
	// Distinct and reverse.
	d := f.mustQuery(&plan.Distinct{Input: values(row(ki(1)), row(k(value.Float(1))), row(ki(2)), row(ki(1)))})
	wantRows(t, d, "1\n2\n")
	r := f.mustQuery(&plan.Reverse{Input: values(row(ki(1)), row(ki(2)), row(ki(3)))})
	wantRows(t, r, "3\n2\n1\n")
}

func TestExpressions(t *testing.T) {
	f := newFixture(t)
	null := k(value.None)
	tr, fa := k(value.Bool(true)), k(value.Bool(false))
	cases := []struct {
		x    plan.Expr
		want string
	}{
		// SQL three-valued logic.
		{sbin(plan.OpAnd, null, fa), "false"},
		{sbin(plan.OpAnd, null, tr), "null"},
		{sbin(plan.OpOr, null, tr), "true"},
		{sbin(plan.OpOr, null, fa), "null"},
		{sbin(plan.OpEq, null, null), "null"},
		{&plan.Unary{Op: plan.OpNot, X: null, SQL: true}, "null"},
		{&plan.Unary{Op: plan.OpIsNull, X: null}, "true"},
		// ZQL total comparison.
		{zbin(plan.OpEq, null, null), "true"},
		{zbin(plan.OpLt, null, ki(1)), "true"},
		{zbin(plan.OpEq, ki(1), k(value.Float(1))), "true"},
		{zbin(plan.OpLt, ki(5), ks("a")), "true"},
		// Short-circuit: the right side would fail.
		{zbin(plan.OpAnd, fa, zbin(plan.OpDiv, ki(1), ki(0))), "false"},
		{zbin(plan.OpOr, tr, ki(7)), "true"},
		// Arithmetic, concat, like.
		{zbin(plan.OpAdd, ki(2), ki(3)), "5"},
		{zbin(plan.OpDiv, ki(7), ki(2)), "3"},
		{sbin(plan.OpConcat, ks("a"), ki(1)), `"a1"`},
		{sbin(plan.OpConcat, ks("a"), null), "null"},
		{sbin(plan.OpLike, ks("hello"), ks("h%o")), "true"},
		{sbin(plan.OpLike, ks("hello"), ks("h_llo")), "true"},
		{sbin(plan.OpLike, ks("h%llo"), ks(`h\%llo`)), "true"},
		{sbin(plan.OpLike, ks("hello"), ks(`h\%llo`)), "false"},
		{sbin(plan.OpILike, ks("HeLLo"), ks("%ll%")), "true"},
		{sbin(plan.OpLike, ks("abc"), ks("%b")), "false"},
		// contains / in / matches.
		{zbin(plan.OpContains, &plan.ListCons{Elems: []plan.Expr{ki(1), ki(2)}}, k(value.Float(2))), "true"},
		{zbin(plan.OpContains, ks("hello"), ks("ell")), "true"},
		{zbin(plan.OpContains, &plan.RangeCons{Lo: ki(18), Hi: ki(30)}, ki(30)), "false"},
		{zbin(plan.OpContains, &plan.RangeCons{Lo: ki(18), Hi: ki(30), Inclusive: true}, ki(30)), "true"},
		{zbin(plan.OpIn, ks("a"), obj("a", ki(1))), "true"},
		{zbin(plan.OpMatches, ks("John"), ks("^J")), "true"},
		// Index, field, objects, spread.
		{&plan.Index{X: &plan.ListCons{Elems: []plan.Expr{ki(1), ki(2), ki(3)}}, I: ki(-1)}, "3"},
		{&plan.Index{X: &plan.ListCons{Elems: []plan.Expr{ki(1)}}, I: ki(5)}, "null"},
		{fld(obj("a", ki(1)), "b"), "null"},
		{fld(null, "b"), "null"},
		{&plan.ObjectCons{Spread: obj("a", ki(1), "b", ki(2)), Names: []string{"b", "c"}, Vals: []plan.Expr{ki(3), ki(4)}}, `{"a": 1, "b": 3, "c": 4}`},
		{&plan.TupleCons{Elems: []plan.Expr{ki(1), ks("x")}}, `[1, "x"]`},
		{&plan.RecordIDCons{Table: "t", Key: ksym("a")}, `"t.@a"`},
		{&plan.If{Cond: null, Then: ki(1), Else: ki(2)}, "2"},
		{&plan.If{Cond: tr, Then: ki(1)}, "1"},
		{&plan.Cast{X: ks("42"), To: value.TypeInt4}, "42"},
		// Parameters and session variables.
		{param(1), `"p1"`},
		{&plan.Param{Name: "who"}, `"named"`},
		{&plan.SessionVar{Name: "limit"}, "10"},
	}
	for _, c := range cases {
		txn, _ := f.store.Begin(f.ctx, kvOpts)
		env := f.env(txn, value.String("p1"))
		env.NamedParams = map[string]value.Value{"who": value.String("named")}
		env.SessionVars = map[string]value.Value{"limit": value.Int(10)}
		v, err := f.x.Eval(f.ctx, env, c.x)
		txn.Rollback()
		if err != nil {
			t.Errorf("%s: %v", plan.ExplainExpr(c.x), err)
			continue
		}
		if got := string(value.AppendJSON(nil, v)); got != c.want {
			t.Errorf("%s = %s, want %s", plan.ExplainExpr(c.x), got, c.want)
		}
	}
}

func TestExpressionErrors(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		x    plan.Expr
		code string
		pos  int
	}{
		{&plan.Binary{At: plan.At{P: 7}, Op: plan.OpDiv, L: ki(1), R: ki(0)}, errs.DivisionByZero, 7},
		{&plan.Binary{At: plan.At{P: 3}, Op: plan.OpAnd, L: ki(1), R: k(value.Bool(true))}, errs.DatatypeMismatch, 3},
		{&plan.Binary{At: plan.At{P: 3}, Op: plan.OpAnd, L: k(value.Bool(true)), R: &plan.Const{At: plan.At{P: 12}, V: value.String("x")}}, errs.DatatypeMismatch, 12},
		{&plan.Unary{At: plan.At{P: 2}, Op: plan.OpNot, X: ki(1)}, errs.DatatypeMismatch, 2},
		{&plan.Call{At: plan.At{P: 4}, Fn: "no_such_fn"}, errs.UndefinedFunction, 4},
		{&plan.Param{At: plan.At{P: 9}, N: 3}, "42P02", 9},
		{&plan.Binary{At: plan.At{P: 5}, Op: plan.OpLike, L: ks("a"), R: ks(`a\`), SQL: true}, errs.InvalidEscapeSequence, 5},
		{&plan.Cast{At: plan.At{P: 6}, X: ks("x"), To: value.TypeInt4}, errs.InvalidTextRepresentation, 6},
		{&plan.Apply{At: plan.At{P: 8}, Fn: ki(1)}, errs.DatatypeMismatch, 8},
		{&plan.Match{At: plan.At{P: 1}, X: ki(5), Arms: []plan.MatchArm{{Pattern: plan.PatLiteral{V: value.Int(1)}, Body: ki(1)}}}, errs.CaseNotFound, 1},
	}
	for _, c := range cases {
		_, err := f.x.Eval(f.ctx, f.env(nil), c.x)
		e := wantCode(t, err, c.code)
		if e.Position != c.pos {
			t.Errorf("%s: position %d, want %d", plan.ExplainExpr(c.x), e.Position, c.pos)
		}
	}
}

func TestClosuresBlocksMatch(t *testing.T) {
	f := newFixture(t)
	f.reg.Register(&builtin.Func{Name: "test_map", MinArgs: 2, MaxArgs: 2, Fn: func(c *builtin.Context, args []value.Value) (value.Value, error) {
		fn := args[1].AsFunc()
		var out []value.Value
		for _, x := range args[0].AsList() {
			v, err := fn.Call(c.Ctx, []value.Value{x})
			if err != nil {
				return value.None, err
			}
			out = append(out, v)
		}
		return value.List(out), nil
	}})
	// { let k = 10; test_map([1, 2, 3], |x| x * k) }
	blk := &plan.Block{NumSlots: 1,
		Stmts: []plan.Expr{&plan.Let{Slot: 0, X: ki(10)}},
		Result: &plan.Call{Fn: "test_map", Args: []plan.Expr{
			&plan.ListCons{Elems: []plan.Expr{ki(1), ki(2), ki(3)}},
			&plan.Closure{Params: []string{"x"}, NumSlots: 1, Body: zbin(plan.OpMul, &plan.Local{Slot: 0}, &plan.Local{Depth: 1, Slot: 0})},
		}},
	}
	evalJSON(t, f, blk, "[10, 20, 30]")

	// A recursive function through a slot: { let fact = |n| if n <= 1 { 1 } else { n * fact(n - 1) }; fact(10) }
	fact := &plan.Closure{Params: []string{"n"}, NumSlots: 1, Body: &plan.If{
		Cond: zbin(plan.OpLe, &plan.Local{Slot: 0}, ki(1)),
		Then: ki(1),
		Else: zbin(plan.OpMul, &plan.Local{Slot: 0}, &plan.Apply{Fn: &plan.Local{Depth: 1, Slot: 0},
			Args: []plan.Expr{zbin(plan.OpSub, &plan.Local{Slot: 0}, ki(1))}}),
	}}
	rec := &plan.Block{NumSlots: 1, Stmts: []plan.Expr{&plan.Let{Slot: 0, X: fact}},
		Result: &plan.Apply{Fn: &plan.Local{Slot: 0}, Args: []plan.Expr{ki(10)}}}
	evalJSON(t, f, rec, "3628800")
	// Runaway recursion fails cleanly.
	inf := &plan.Closure{Params: []string{"n"}, NumSlots: 1, Body: &plan.Apply{Fn: &plan.Local{Depth: 1, Slot: 0}, Args: []plan.Expr{&plan.Local{Slot: 0}}}}
	_, err := f.x.Eval(f.ctx, f.env(nil), &plan.Block{NumSlots: 1, Stmts: []plan.Expr{&plan.Let{Slot: 0, X: inf}},
		Result: &plan.Apply{Fn: &plan.Local{Slot: 0}, Args: []plan.Expr{ki(1)}}})
	wantCode(t, err, "54001")

	// match with every kind of pattern.
	m := func(x plan.Expr) *plan.Match {
		return &plan.Match{X: x, NumSlots: 2, Arms: []plan.MatchArm{
			{Pattern: plan.PatLiteral{V: value.Int(0)}, Body: ks("zero")},
			{Pattern: plan.PatRange{Lo: value.Int(1), Hi: value.Int(9), Inclusive: true}, Body: ks("small")},
			{Pattern: &plan.PatList{}, Body: ks("empty")},
			{Pattern: plan.PatList{Elems: []plan.Pattern{plan.PatBind{Slot: 0}}, RestSlot: -1}, Body: &plan.Local{Slot: 0}},
			{Pattern: plan.PatList{Elems: []plan.Pattern{plan.PatBind{Slot: 0}}, HasRest: true, RestSlot: 1},
				Guard: zbin(plan.OpGt, &plan.Local{Slot: 0}, ki(100)), Body: ks("big head")},
			{Pattern: plan.PatList{Elems: []plan.Pattern{plan.PatBind{Slot: 0}}, HasRest: true, RestSlot: 1}, Body: &plan.Local{Slot: 1}},
			{Pattern: plan.PatObject{Names: []string{"kind"}, Pats: []plan.Pattern{plan.PatLiteral{V: value.Symbol("dog")}}}, Body: ks("dog")},
			{Pattern: plan.PatBind{Slot: 0, Inner: plan.PatLiteral{V: value.Symbol("red")}}, Body: &plan.Local{Slot: 0}},
			{Pattern: plan.PatWildcard{}, Body: ks("other")},
		}}
	}
	list := func(es ...int64) plan.Expr {
		l := &plan.ListCons{}
		for _, e := range es {
			l.Elems = append(l.Elems, ki(e))
		}
		return l
	}
	for _, c := range []struct {
		x    plan.Expr
		want string
	}{
		{ki(0), `"zero"`}, {ki(9), `"small"`}, {ki(10), `"other"`}, {k(value.Float(3)), `"small"`},
		{list(), `"empty"`}, {list(7), "7"}, {list(500, 1), `"big head"`}, {list(1, 2, 3), "[2, 3]"},
		{obj("kind", ksym("dog"), "x", ki(1)), `"dog"`}, {obj("kind", ksym("cat")), `"other"`},
		{ksym("red"), `"@red"`}, {ks("x"), `"other"`},
	} {
		evalJSON(t, f, m(c.x), c.want)
	}
}

func evalJSON(t *testing.T, f *fixture, x plan.Expr, want string) {
	t.Helper()
	txn, err := f.store.Begin(f.ctx, kvOpts)
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Rollback()
	v, err := f.x.Eval(f.ctx, f.env(txn), x)
	if err != nil {
		t.Errorf("%s: %v", plan.ExplainExpr(x), err)
		return
	}
	if got := string(value.AppendJSON(nil, v)); got != want {
		t.Errorf("%s = %s, want %s", plan.ExplainExpr(x), got, want)
	}
}

func TestSubqueries(t *testing.T) {
	f, people, cities := joinFixture(t)
	// Correlated scalar subquery: the city name of each person.
	city := &plan.Subquery{Mode: plan.SubScalar, Node: project(
		&plan.Scan{Table: cities, Span: &plan.KeySpan{Point: fld(outerCol(1), "city")}}, fld(col(1), "name"))}
	wantRows(t, f.mustQuery(project(scanOf(people), fld(col(1), "name"), city)), `
"Ann" | "Paris"
"Bob" | "Berlin"
"Cy" | "Paris"
"Dee" | null
`)
	// More than one row: 21000 with the subquery's position.
	many := &plan.Subquery{At: plan.At{P: 15}, Mode: plan.SubScalar, Node: project(scanOf(cities), col(0))}
	_, err := f.query(&plan.Eval{X: many})
	e := wantCode(t, err, errs.CardinalityViolation)
	if e.Message != "more than one row returned by a subquery used as an expression" || e.Position != 15 {
		t.Errorf("got %q at %d", e.Message, e.Position)
	}
	// exists / list / first, and a list of wider rows yields tuples.
	ex := &plan.Subquery{Mode: plan.SubExists, Node: &plan.Filter{Input: scanOf(people),
		Cond: zbin(plan.OpEq, fld(col(1), "city"), outerCol(0))}}
	wantRows(t, f.mustQuery(project(scanOf(cities), col(0), ex)), "\"@ber\" | true\n\"@par\" | true\n\"@rom\" | false\n")
	lst := &plan.Subquery{Mode: plan.SubList, Node: project(scanOf(cities), fld(col(1), "name"))}
	evalJSON(t, f, lst, `["Berlin", "Paris", "Rome"]`)
	wide := &plan.Subquery{Mode: plan.SubList, Node: &plan.Limit{Input: scanOf(cities), Count: ki(1)}}
	evalJSON(t, f, wide, `[["@ber", {"name": "Berlin"}]]`)
	first := &plan.Subquery{Mode: plan.SubFirst, Node: project(scanOf(cities), fld(col(1), "name"))}
	evalJSON(t, f, first, `"Berlin"`)
	none := &plan.Subquery{Mode: plan.SubScalar, Node: &plan.Filter{Input: scanOf(cities), Cond: k(value.Bool(false))}}
	evalJSON(t, f, none, "null")
	// A write inside an expression: ZQL `persons::add(...)` in a block.
	add := &plan.Subquery{Mode: plan.SubFirst, Node: project(&plan.Insert{Table: cities, Input: &plan.Eval{X: ki(0)},
		Key: ksym("osl"), Obj: obj("name", ks("Oslo"))}, col(1))}
	rows := f.mustQuery(&plan.Eval{X: add})
	wantRows(t, rows, "{\"name\": \"Oslo\"}\n")
	wantRows(t, f.mustQuery(&plan.Scan{Table: cities, Span: &plan.KeySpan{Point: ksym("osl")}}), "\"@osl\" | {\"name\": \"Oslo\"}\n")
}

var kvOpts = kvTxnOptions()

func TestCancellation(t *testing.T) {
	f := newFixture(t)
	// A filter over a billion-row range that never matches: only
	// cancellation stops it.
	n := &plan.Filter{Input: &plan.Unnest{X: &plan.RangeCons{Lo: ki(0), Hi: ki(1_000_000_000)}}, Cond: zbin(plan.OpLt, col(0), ki(0))}
	ctx, cancel := context.WithTimeout(f.ctx, 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.queryCtx(ctx, n)
	wantCode(t, err, errs.QueryCanceled)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancellation took %v", d)
	}
	// A canceled context before Run: no rows, 57014.
	ctx2, cancel2 := context.WithCancel(f.ctx)
	cancel2()
	txn, _ := f.store.Begin(f.ctx, kvOpts)
	defer txn.Rollback()
	_, err = collect(ctx2, f.x, f.env(txn), n)
	wantCode(t, err, errs.QueryCanceled)
}

func TestUnnest(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		x    plan.Expr
		want string
	}{
		{&plan.RangeCons{Lo: ki(1), Hi: ki(4)}, "1\n2\n3\n"},
		{&plan.RangeCons{Lo: ki(3), Hi: ki(3), Inclusive: true}, "3\n"},
		{&plan.RangeCons{Lo: ki(5), Hi: ki(1)}, ""},
		{&plan.ListCons{Elems: []plan.Expr{ks("a"), k(value.None)}}, "\"a\"\nnull\n"},
		{k(value.None), ""},
		{ki(7), "7\n"},
	}
	for _, c := range cases {
		wantRows(t, f.mustQuery(&plan.Unnest{X: c.x}), c.want)
	}
	// Open-ended and huge ranges are lazy.
	big := &plan.Limit{Input: &plan.Unnest{X: &plan.RangeCons{Lo: ki(1)}}, Count: ki(3)}
	wantRows(t, f.mustQuery(big), "1\n2\n3\n")
	_, err := f.query(&plan.Unnest{X: &plan.RangeCons{Lo: ks("a"), Hi: ks("z")}})
	wantCode(t, err, errs.DatatypeMismatch)
}

func TestManyRowsScan(t *testing.T) {
	f := newFixture(t)
	tab := f.table(&catalog.Table{Name: "nums", CreatedBy: "zql"})
	var rs [][]plan.Expr
	for i := range 1000 {
		rs = append(rs, row(ki(int64(i)), obj("v", ki(int64(i%7)))))
	}
	if _, err := f.query(&plan.Insert{Table: tab, Input: values(rs...), Key: col(0), Obj: col(1)}); err != nil {
		t.Fatal(err)
	}
	agg := &plan.Aggregate{Input: scanOf(tab), GroupBy: []plan.Expr{fld(col(1), "v")}, Aggs: []plan.Agg{{Func: plan.AggCountStar}}}
	rows := f.mustQuery(agg)
	var b strings.Builder
	for i := range 7 {
		n := 1000 / 7
		if i < 1000%7 {
			n++
		}
		fmt.Fprintf(&b, "%d | %d\n", i, n)
	}
	wantRows(t, rows, b.String())
	rng := &plan.Scan{Table: tab, Span: &plan.KeySpan{Lo: ki(990), LoInclusive: false, Hi: ki(995), HiInclusive: true}}
	wantRows(t, f.mustQuery(project(rng, col(0))), "991\n992\n993\n994\n995\n")
}

func TestSubqueryCacheAndStrictCalls(t *testing.T) {
	f := newFixture(t)
	tab := f.table(&catalog.Table{Name: "log", CreatedBy: "zql"})
	calls := 0
	f.reg.Register(&builtin.Func{Name: "test_id", MinArgs: 1, MaxArgs: 1, Pure: true, Strict: true,
		Fn: func(_ *builtin.Context, args []value.Value) (value.Value, error) {
			calls++
			return args[0], nil
		}})
	// An uncorrelated subquery is evaluated once per statement…
	sub := &plan.Subquery{Mode: plan.SubScalar, Node: &plan.Eval{X: &plan.Call{Fn: "test_id", Args: []plan.Expr{ki(7)}}}}
	rows := f.mustQuery(project(values(row(ki(1)), row(ki(2)), row(ki(3))), zbin(plan.OpAdd, col(0), sub)))
	wantRows(t, rows, "8\n9\n10\n")
	if calls != 1 {
		t.Errorf("uncorrelated subquery evaluated %d times", calls)
	}
	// …unless the statement writes in between: count(log) after each add.
	count := &plan.Subquery{Mode: plan.SubScalar, Node: &plan.Aggregate{Input: scanOf(tab), Aggs: []plan.Agg{{Func: plan.AggCountStar}}}}
	add := &plan.Subquery{Mode: plan.SubFirst, Node: &plan.Insert{Table: tab, Input: &plan.Eval{X: ki(0)}, Obj: obj("x", ki(1))}}
	body := &plan.Block{Stmts: []plan.Expr{add}, Result: count}
	rows = f.mustQuery(project(values(row(ki(1)), row(ki(2)), row(ki(3))), body))
	wantRows(t, rows, "1\n2\n3\n")
	// SQL strict functions yield NULL on NULL without being called.
	calls = 0
	evalJSON(t, f, &plan.Call{Fn: "test_id", Args: []plan.Expr{k(value.None)}, SQL: true}, "null")
	if calls != 0 {
		t.Errorf("strict function called with NULL")
	}
	evalJSON(t, f, &plan.Call{Fn: "test_id", Args: []plan.Expr{k(value.None)}}, "null")
	if calls != 1 {
		t.Errorf("ZQL call of a strict function not made")
	}
}

func TestTopKOverScanDecodesLazily(t *testing.T) {
	f := newFixture(t)
	tab := f.table(&catalog.Table{Name: "nums", CreatedBy: "zql"})
	var rs [][]plan.Expr
	for i := range 300 {
		var v plan.Expr = ki(int64((i * 7919) % 50))
		if i%17 == 0 {
			v = k(value.None)
		}
		rs = append(rs, row(ki(int64(i)), obj("v", v, "s", ks(fmt.Sprint(i%3)))))
	}
	if _, err := f.query(&plan.Insert{Table: tab, Input: values(rs...), Key: col(0), Obj: col(1)}); err != nil {
		t.Fatal(err)
	}
	keys := []plan.SortKey{{X: fld(col(1), "v"), Desc: true, NullsFirst: false}, {X: fld(col(1), "s")}}
	filter := zbin(plan.OpNe, fld(col(1), "s"), ks("1"))
	for _, lim := range []int64{1, 7, 100, 1000} {
		raw := &plan.Sort{Input: &plan.Scan{Table: tab, Filter: filter}, Keys: keys, Limit: ki(lim)}
		plain := &plan.Sort{Input: project(&plan.Scan{Table: tab, Filter: filter}, col(0), col(1)), Keys: keys, Limit: ki(lim)}
		a, b := render(f.mustQuery(raw)), render(f.mustQuery(plain))
		if a != b || a == "" {
			t.Fatalf("limit %d: raw top-k differs:\n%s\nwant:\n%s", lim, a, b)
		}
	}
}
