package plan

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestExplainNodes(t *testing.T) {
	people := &catalog.Table{ID: 1, Name: "people"}
	cities := &catalog.Table{ID: 2, Name: "cities"}
	c := func(v value.Value) *Const { return &Const{V: v} }
	col := func(i int, n string) *ColRef { return &ColRef{Idx: i, Name: n} }
	fld := func(x Expr, n string) *Field { return &Field{X: x, Name: n} }

	sub := &Subquery{Mode: SubExists, Node: &Scan{Table: cities, Alias: "c",
		Span: &KeySpan{Point: fld(&ColRef{Idx: 1, Depth: 1, Name: "p"}, "city")}}}
	join := &Join{Kind: LeftJoin, Method: HashJoin, Left: &Scan{Table: people, Alias: "p",
		Span: &KeySpan{Lo: c(value.Int(1)), LoInclusive: true, Hi: &Param{N: 1}}, Reverse: true,
		Filter: &Binary{Op: OpAnd, SQL: true, L: &Binary{Op: OpGt, L: fld(col(1, "p"), "age"), R: c(value.Int(18)), SQL: true}, R: sub},
		Limit:  c(value.Int(100))},
		Right:    &Scan{Table: cities, Alias: "c"},
		LeftKeys: []Expr{fld(col(1, "p"), "city")}, RightKeys: []Expr{col(0, "c.key")},
		On: &Binary{Op: OpNe, L: fld(col(3, "c"), "name"), R: c(value.String("x")), SQL: true},
	}
	agg := &Aggregate{Input: join, GroupBy: []Expr{fld(col(3, "c"), "name")},
		Aggs: []Agg{{Func: AggCountStar}, {Func: AggSum, Arg: fld(col(1, "p"), "age"), Distinct: true}, {Func: AggList, Arg: col(0, "key")}},
		Cols: []Column{{Name: "city"}, {Name: "n"}, {Name: "s"}, {Name: "keys"}}}
	root := &Limit{Count: c(value.Int(10)), Offset: &Param{Name: "skip"}, Input: &Sort{
		Limit: c(value.Int(10)),
		Keys:  []SortKey{{X: col(1, "n"), Desc: true, NullsFirst: true}, {X: col(0, "city"), NullsFirst: true}},
		Input: &Distinct{Input: &Reverse{Input: &Filter{Cond: &Unary{Op: OpIsNotNull, X: col(0, "city")},
			Input: &Project{Input: agg, Exprs: []Expr{col(0, "city"), col(1, "n")}, Cols: []Column{{Name: "city"}, {Name: "count"}}}}}},
	}}
	checkGolden(t, "explain_query", Explain(root))

	lateral := &Join{Kind: InnerJoin, Lateral: true,
		Left:  &Values{Rows: [][]Expr{{c(value.Int(1))}, {c(value.Int(2))}}, Cols: []Column{{Name: "n"}}},
		Right: &Unnest{X: &RangeCons{Lo: c(value.Int(1)), Hi: &ColRef{Depth: 1, Name: "n"}, Inclusive: true}, Col: Column{Name: "x"}}}
	writes := []Node{
		&Insert{Table: people, Mode: InsertReplace, Key: col(0, "n"), Obj: &ObjectCons{Names: []string{"x"}, Vals: []Expr{col(1, "x")}}, Input: lateral},
		&Update{Table: people, KeyCol: 0, ObjCol: 1, Set: &ObjectCons{Spread: col(1, "p"), Names: []string{"age"},
			Vals: []Expr{&Binary{Op: OpAdd, L: fld(col(1, "p"), "age"), R: c(value.Int(1))}}},
			Input: &Scan{Table: people, Span: &KeySpan{Point: c(value.Symbol("ann"))}}},
		&Delete{Table: people, KeyCol: 0, ObjCol: 1, Input: &Scan{Table: people}},
		&Eval{X: &Block{NumSlots: 1, Stmts: []Expr{&Let{Slot: 0, X: c(value.Int(1))}}, Result: &Local{Slot: 0, Name: "a"}}},
		&CreateTable{Table: people, IfNotExists: true},
		&Insert{Table: people, Obj: &ObjectCons{Names: []string{"x"}, Vals: []Expr{col(0, "x")}}, Input: &Scan{Table: people},
			Prepare: &CreateTable{Table: people}},
		&Insert{Table: people, Obj: &ObjectCons{Names: []string{"x"}, Vals: []Expr{col(0, "x")}}, Input: &Scan{Table: people},
			Prepare: &RefreshMatView{Name: "people", Populated: true}},
		&DropTable{Name: "people", IfExists: true},
		&CreateDatabase{Namespace: "acme", Name: "shop"},
		&CreateNamespace{Name: "acme", Consistency: catalog.Eventual},
		&DropObject{Kind: "db", Name: "shop"},
		&Join{Kind: AntiJoin, Left: &Scan{Table: people}, Right: &Scan{Table: cities}, On: &Binary{Op: OpEq, L: col(0, "a"), R: col(2, "b")}},
	}
	out := ""
	for _, n := range writes {
		out += Explain(n) + "\n"
	}
	checkGolden(t, "explain_other", out)
}

func TestExplainExprs(t *testing.T) {
	c := func(v value.Value) *Const { return &Const{V: v} }
	x := &ColRef{Idx: 0, Name: "x"}
	exprs := []Expr{
		c(value.String("it's")), c(value.Symbol("red")), c(value.None), c(value.Float(1.5)),
		&ColRef{Idx: 3}, &ColRef{Idx: 1, Depth: 2, Name: "o"}, &Local{Depth: 1, Slot: 2}, &Param{N: 2}, &SessionVar{Name: "lim"},
		&Index{X: x, I: c(value.Int(-1))},
		&Binary{Op: OpEq, L: x, R: c(value.Int(1))}, &Binary{Op: OpEq, L: x, R: c(value.Int(1)), SQL: true},
		&Binary{Op: OpLike, L: x, R: c(value.String("a%")), SQL: true}, &Binary{Op: OpContains, L: x, R: c(value.Int(1))},
		&Unary{Op: OpNeg, X: x}, &Unary{Op: OpNot, X: x, SQL: true}, &Unary{Op: OpIsNull, X: x},
		&Call{Fn: "upper", Args: []Expr{x}}, &Apply{Fn: &Local{Name: "f"}, Args: []Expr{x}},
		&Closure{Params: []string{"a", "b"}, Body: &Binary{Op: OpAdd, L: &Local{Name: "a"}, R: &Local{Name: "b"}}},
		&SetSessionVar{Name: "v", X: c(value.Int(1))},
		&ObjectCons{Spread: x, Names: []string{"a"}, Vals: []Expr{c(value.Int(1))}},
		&ListCons{Elems: []Expr{c(value.Int(1)), c(value.Int(2))}}, &TupleCons{Elems: []Expr{x, x}},
		&RangeCons{Lo: c(value.Int(1)), Hi: c(value.Int(5))}, &RangeCons{Lo: c(value.Int(1))},
		&RecordIDCons{Table: "people", Key: x}, &RecordView{Table: "people", Key: &ColRef{Name: "key"}, Obj: &ColRef{Idx: 1, Name: "obj"}},
		&If{Cond: x, Then: c(value.Int(1)), Else: c(value.Int(2))},
		&Cast{X: x, To: value.TypeInt4}, &Cast{X: x, To: value.TypeText, Check: true},
		&Subquery{Mode: SubScalar, Node: &Eval{X: c(value.Int(1))}},
		&Match{X: x, NumSlots: 2, Arms: []MatchArm{
			{Pattern: PatLiteral{V: value.Int(0)}, Body: c(value.String("zero"))},
			{Pattern: &PatRange{Lo: value.Int(1), Hi: value.Int(9), Inclusive: true}, Body: c(value.String("small"))},
			{Pattern: PatList{Elems: []Pattern{PatBind{Slot: 0}}, HasRest: true, RestSlot: 1}, Guard: &Binary{Op: OpGt, L: &Local{Slot: 0}, R: c(value.Int(1))}, Body: &Local{Slot: 1}},
			{Pattern: PatObject{Names: []string{"kind"}, Pats: []Pattern{PatLiteral{V: value.Symbol("dog")}}}, Body: c(value.String("dog"))},
			{Pattern: PatBind{Slot: 0, Inner: PatWildcard{}}, Body: c(value.String("other"))},
		}},
		Binary{Op: OpSub, L: Const{V: value.Int(3)}, R: ColRef{Name: "y"}}, // plain structs print too
	}
	out := ""
	for _, e := range exprs {
		out += ExplainExpr(e) + "\n"
	}
	checkGolden(t, "explain_exprs", out)
}
