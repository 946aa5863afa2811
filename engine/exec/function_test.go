package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// TestStoredFunctions runs plan.Functions as the ZQL front end builds
// them: recursion through a FuncRef, defaults that read earlier
// parameters, argument and result checks, the depth bound, and function
// values handed to other functions.
func TestStoredFunctions(t *testing.T) {
	f := newFixture(t)
	intT := value.TypeInt8
	n := &plan.Local{Slot: 0, Name: "n"}
	fact := &plan.Function{Name: "fact", Params: []string{"n"}, ParamTypes: []*value.Type{&intT}, Defaults: []plan.Expr{nil}, Result: &intT, NumSlots: 1}
	fact.Body = &plan.If{Cond: zbin(plan.OpLe, n, ki(1)), Then: ki(1),
		Else: zbin(plan.OpMul, n, &plan.Apply{Fn: &plan.FuncRef{Fn: fact}, Args: []plan.Expr{zbin(plan.OpSub, n, ki(1))}})}
	call := func(fn *plan.Function, args ...plan.Expr) plan.Expr {
		return &plan.Apply{At: plan.At{P: 7}, Fn: &plan.FuncRef{Fn: fn}, Args: args}
	}
	evalJSON(t, f, call(fact, ki(10)), "3628800")
	_, err := f.x.Eval(f.ctx, f.env(nil), call(fact, ks("x")))
	if e := wantCode(t, err, errs.DatatypeMismatch); e.Position != 7 || e.Message != "argument n of function fact: expected int, found string" {
		t.Errorf("error %q at %d", e.Message, e.Position)
	}
	_, err = f.x.Eval(f.ctx, f.env(nil), call(fact))
	wantCode(t, err, errs.UndefinedFunction)

	// add(a, b = a + 1)
	a := &plan.Local{Slot: 0, Name: "a"}
	add := &plan.Function{Name: "add", Params: []string{"a", "b"}, Defaults: []plan.Expr{nil, zbin(plan.OpAdd, a, ki(1))}, NumSlots: 2,
		Body: zbin(plan.OpAdd, a, &plan.Local{Slot: 1, Name: "b"})}
	evalJSON(t, f, call(add, ki(1)), "3")
	evalJSON(t, f, call(add, ki(1), ki(5)), "6")
	_, err = f.x.Eval(f.ctx, f.env(nil), call(add, ki(1), ki(2), ki(3)))
	wantCode(t, err, errs.UndefinedFunction)

	// A result of the wrong type.
	str := value.TypeText
	bad := &plan.Function{Name: "bad", Result: &str, Body: ki(1)}
	_, err = f.x.Eval(f.ctx, f.env(nil), call(bad))
	wantCode(t, err, errs.DatatypeMismatch)

	// Runaway recursion.
	loop := &plan.Function{Name: "loop", Params: []string{"n"}, NumSlots: 1}
	loop.Body = &plan.Apply{Fn: &plan.FuncRef{Fn: loop}, Args: []plan.Expr{n}}
	_, err = f.x.Eval(f.ctx, f.env(nil), call(loop, ki(1)))
	if e := wantCode(t, err, "54001"); e.Message != "stack depth limit exceeded" || e.Position != 7 {
		t.Errorf("error %q at %d", e.Message, e.Position)
	}

	// A function value: apply_twice(fact, 3) where apply_twice(g, x) = g(g(x)).
	g, x := &plan.Local{Slot: 0, Name: "g"}, &plan.Local{Slot: 1, Name: "x"}
	twice := &plan.Function{Name: "twice", Params: []string{"g", "x"}, NumSlots: 2,
		Body: &plan.Apply{Fn: g, Args: []plan.Expr{&plan.Apply{Fn: g, Args: []plan.Expr{x}}}}}
	evalJSON(t, f, call(twice, &plan.FuncRef{Fn: fact}, ki(3)), "720")
	v, err := f.x.Eval(f.ctx, f.env(nil), &plan.FuncRef{Fn: add})
	if err != nil || v.Kind() != value.KindFunc || v.AsFunc().Arity() != -1 || v.AsFunc().String() != "add(a, b)" {
		t.Fatalf("function value %v, %v", v, err)
	}

	// A body with a subquery over a table (optimized on first call).
	people := f.table(&catalog.Table{Name: "people"})
	count := &plan.Function{Name: "n", Body: &plan.Subquery{Mode: plan.SubFirst, Node: &plan.Aggregate{
		Input: &plan.Scan{Table: people}, Aggs: []plan.Agg{{Func: plan.AggCountStar}}, Cols: []plan.Column{{Name: "n"}}}}}
	evalJSON(t, f, call(count), "0")
}

func TestMatchRestAndExact(t *testing.T) {
	f := newFixture(t)
	m := func(x plan.Expr) *plan.Match {
		return &plan.Match{X: x, NumSlots: 3, Arms: []plan.MatchArm{
			{Pattern: plan.PatList{Elems: []plan.Pattern{plan.PatBind{Slot: 0}}, HasRest: true, RestSlot: 1, After: []plan.Pattern{plan.PatBind{Slot: 2}}},
				Body: &plan.ListCons{Elems: []plan.Expr{&plan.Local{Slot: 0}, &plan.Local{Slot: 1}, &plan.Local{Slot: 2}}}},
			{Pattern: plan.PatObject{Names: []string{"a"}, Pats: []plan.Pattern{plan.PatWildcard{}}, Exact: true}, Body: ks("exact")},
			{Pattern: plan.PatObject{Names: []string{"a"}, Pats: []plan.Pattern{plan.PatWildcard{}}}, Body: ks("open")},
			{Pattern: plan.PatWildcard{}, Body: ks("other")},
		}}
	}
	o := func(names ...string) plan.Expr {
		oc := &plan.ObjectCons{}
		for _, n := range names {
			oc.Names = append(oc.Names, n)
			oc.Vals = append(oc.Vals, ki(1))
		}
		return oc
	}
	for _, c := range []struct {
		x    plan.Expr
		want string
	}{
		{&plan.ListCons{Elems: []plan.Expr{ki(1), ki(2), ki(3), ki(4)}}, "[1, [2, 3], 4]"},
		{&plan.ListCons{Elems: []plan.Expr{ki(1), ki(2)}}, "[1, [], 2]"},
		{&plan.ListCons{Elems: []plan.Expr{ki(1)}}, `"other"`},
		{o("a"), `"exact"`},
		{o("a", "b"), `"open"`},
		{&plan.ObjectCons{Names: []string{"a", "b"}, Vals: []plan.Expr{ki(1), k(value.None)}}, `"exact"`},
	} {
		evalJSON(t, f, m(c.x), c.want)
	}
}

func TestDDLObjects(t *testing.T) {
	f := newFixture(t)
	run := func(n plan.Node) error {
		_, err := f.query(n)
		return err
	}
	color := &catalog.Enum{Name: "color", Variants: []string{"red"}}
	for _, n := range []plan.Node{
		&plan.CreateFunction{Function: &catalog.Function{Name: "f", Source: "function f() { 1 }"}},
		&plan.CreateFunction{Function: &catalog.Function{Name: "f", Source: "function f() { 2 }"}},
		&plan.CreateEnum{Enum: color},
		&plan.CreateType{Type: &catalog.TypeDef{Name: "point", Type: value.TypeText}},
	} {
		if err := run(n); err != nil {
			t.Fatalf("%s: %v", plan.Explain(n), err)
		}
	}
	if color.Database != 0 {
		t.Fatalf("the plan's descriptor was modified")
	}
	f.inTxn(func(txn kv.Txn) error {
		fn, err := f.cat.Function(f.ctx, txn, f.db, "f")
		if err != nil || fn.Source != "function f() { 2 }" {
			t.Fatalf("function %+v, %v", fn, err)
		}
		return nil
	})
	wantCode(t, run(&plan.CreateEnum{Enum: color}), errs.DuplicateObject)
	for _, kind := range []string{"function", "enum", "type"} {
		if err := run(&plan.DropObject{Kind: kind, Name: map[string]string{"function": "f", "enum": "color", "type": "point"}[kind]}); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, run(&plan.DropObject{Kind: "function", Name: "f"}), errs.UndefinedFunction)
	wantCode(t, run(&plan.DropObject{Kind: "enum", Name: "color"}), errs.UndefinedObject)
	if err := run(&plan.DropObject{Kind: "type", Name: "point", IfExists: true}); err != nil {
		t.Fatal(err)
	}

	// Enum types are enforced by lets, casts and schemafull writes.
	ct := catalog.EnumType(color)
	_, err := f.x.Eval(f.ctx, f.env(nil), &plan.Cast{X: ksym("pink"), To: ct, Check: true})
	wantCode(t, err, errs.DatatypeMismatch)
	evalJSON(t, f, &plan.Cast{X: ksym("red"), To: ct, Check: true}, `"@red"`)
	cars := f.table(&catalog.Table{Name: "cars", Schemafull: true, Fields: []catalog.Field{{Name: "paint", Type: ct}}})
	_, err = f.query(&plan.Insert{Table: cars, Input: &plan.Values{Rows: [][]plan.Expr{{}}}, Key: ksym("a"),
		Obj: &plan.ObjectCons{At: plan.At{P: 5}, Names: []string{"paint"}, Vals: []plan.Expr{ksym("pink")}}})
	if e := wantCode(t, err, errs.DatatypeMismatch); e.Position != 5 {
		t.Errorf("position %d", e.Position)
	}
}

// TestOperatorTypeErrors: ZQL calls an operator on the wrong types a type
// mismatch (42804); SQL keeps PostgreSQL's 42883.
func TestOperatorTypeErrors(t *testing.T) {
	f := newFixture(t)
	_, err := f.x.Eval(f.ctx, f.env(nil), &plan.Binary{At: plan.At{P: 3}, Op: plan.OpMul, L: ks("a"), R: ki(2)})
	if e := wantCode(t, err, errs.DatatypeMismatch); e.Position != 3 {
		t.Errorf("position %d", e.Position)
	}
	_, err = f.x.Eval(f.ctx, f.env(nil), &plan.Unary{Op: plan.OpNeg, X: ks("a")})
	wantCode(t, err, errs.DatatypeMismatch)
	_, err = f.x.Eval(f.ctx, f.env(nil), &plan.Binary{Op: plan.OpMul, L: ks("a"), R: ki(2), SQL: true})
	wantCode(t, err, errs.UndefinedFunction)
}
