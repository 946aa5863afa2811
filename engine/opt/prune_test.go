package opt

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// scanFields lists each scan of n (pre-order) as alias=fields, "*" for
// a whole object.
func scanFields(n plan.Node) string {
	var out []string
	var walk func(plan.Node)
	walk = func(n plan.Node) {
		switch n := n.(type) {
		case *plan.Scan:
			f := "*"
			if n.Fields != nil {
				f = "[" + strings.Join(n.Fields, ",") + "]"
			}
			out = append(out, n.Alias+"="+f)
		case *plan.Filter:
			walk(n.Input)
		case *plan.Project:
			walk(n.Input)
		case *plan.Sort:
			walk(n.Input)
		case *plan.Limit:
			walk(n.Input)
		case *plan.Distinct:
			walk(n.Input)
		case *plan.Aggregate:
			walk(n.Input)
		case *plan.Join:
			walk(n.Left)
			walk(n.Right)
		case *plan.SetOp:
			walk(n.Left)
			walk(n.Right)
		default:
			out = append(out, fmt.Sprintf("%T", n))
		}
	}
	walk(n)
	return strings.Join(out, " ")
}

// TestPruneScansRewritesColumns checks the column numbers of a join of
// two pruned scans: users' fields after its key (users.id is read, so
// the key column stays), orders' without one, after users' new width.
func TestPruneScansRewritesColumns(t *testing.T) {
	j := &plan.Join{Kind: plan.InnerJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
		On: sq(plan.OpEq, obj(2, "o", "user_id"), obj(0, "u", "id"))}
	p := project(j, []string{"name", "total"}, obj(0, "u", "name"), obj(2, "o", "total"))
	got := pruneScans(p).(*plan.Project)
	var idx []int
	for _, e := range got.Exprs {
		idx = append(idx, e.(*plan.ColRef).Idx)
	}
	on := got.Input.(*plan.Join).On.(*plan.Binary)
	idx = append(idx, on.L.(*plan.ColRef).Idx, on.R.(*plan.ColRef).Idx)
	// u: key, name, id (3 columns); o: total, user_id.
	if want := []int{1, 3, 4, 2}; !slices.Equal(idx, want) {
		t.Fatalf("columns %v, want %v\n%s", idx, want, plan.Explain(got))
	}
}

// TestPruneJoinRead checks Join.Read: the combined row's columns that
// the plan above and On read (u: key, name, id; o: total, user_id).
func TestPruneJoinRead(t *testing.T) {
	uid, ouid := obj(0, "u", "id"), obj(2, "o", "user_id")
	nested := func(kind plan.JoinKind) *plan.Join {
		return &plan.Join{Kind: kind, Left: scan(users, "u"), Right: scan(orders, "o"), On: sq(plan.OpEq, ouid, uid)}
	}
	hashed := &plan.Join{Kind: plan.InnerJoin, Method: plan.HashJoin, Left: scan(users, "u"), Right: scan(orders, "o"),
		LeftKeys: []plan.Expr{uid}, RightKeys: []plan.Expr{obj(0, "o", "user_id")}}
	count := func(in plan.Node) plan.Node {
		return &plan.Aggregate{Input: in, Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}}, Cols: []plan.Column{{Name: "count"}}}
	}
	cases := []struct {
		name string
		n    plan.Node
		want []int // nil: all
	}{
		{"fields and the condition", project(nested(plan.InnerJoin), []string{"name", "total"}, obj(0, "u", "name"), obj(2, "o", "total")), []int{1, 2, 3, 4}},
		{"hash keys are read of the sides", project(hashed, []string{"total"}, obj(2, "o", "total")), []int{2}},
		{"count reads none", count(hashed), []int{}},
		{"semi join: the left side and the condition (o: user_id only)", project(nested(plan.SemiJoin), []string{"name"}, obj(0, "u", "name")), []int{1, 2, 3}},
		{"returned whole", nested(plan.LeftJoin), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var j *plan.Join
			var walk func(plan.Node)
			walk = func(n plan.Node) {
				switch n := n.(type) {
				case *plan.Join:
					j = n
				case *plan.Project:
					walk(n.Input)
				case *plan.Aggregate:
					walk(n.Input)
				}
			}
			walk(pruneScans(c.n))
			if (j.Read == nil) != (c.want == nil) || !slices.Equal(j.Read, c.want) {
				t.Fatalf("Read %v, want %v\n%s", j.Read, c.want, plan.Explain(j))
			}
		})
	}
}

func TestPruneScans(t *testing.T) {
	uid, ouid := obj(0, "u", "id"), obj(2, "o", "user_id")
	join := func(kind plan.JoinKind) *plan.Join {
		return &plan.Join{Kind: kind, Left: scan(users, "u"), Right: scan(orders, "o"), On: sq(plan.OpEq, ouid, uid)}
	}
	sumTotal := plan.Agg{Func: plan.AggSum, Arg: obj(2, "o", "total"), SQL: true}
	cases := []struct {
		name string
		n    plan.Node
		want string
	}{
		{"whole rows", scan(users, "u"), "u=*"},
		{"project fields", project(scan(users, "u"), []string{"name"}, obj(0, "u", "name")), "u=[name]"},
		{"filter adds its fields", project(&plan.Filter{Input: scan(users, "u"), Cond: sq(plan.OpGt, obj(0, "u", "age"), ki(3))},
			[]string{"name"}, obj(0, "u", "name")), "u=[name,age]"},
		{"key column keeps the stored key", project(scan(users, "u"), []string{"id"}, col(0, "id")), "u=[id]"},
		{"count reads nothing", &plan.Aggregate{Input: scan(users, "u"), Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}},
			Cols: []plan.Column{{Name: "count"}}}, "u=[]"},
		{"object read whole", project(scan(people, "p"), []string{"p"}, col(1, "p")), "p=*"},
		{"field in a subquery", project(scan(users, "u"), []string{"x"},
			&plan.Subquery{Node: project(scan(orders, "o"), []string{"t"}, fld(&plan.ColRef{Idx: 1, Depth: 1}, "name"))}), "u=[name]"},
		{"object in a subquery", project(scan(users, "u"), []string{"x"},
			&plan.Subquery{Node: project(scan(orders, "o"), []string{"t"}, &plan.ColRef{Idx: 1, Depth: 1})}), "u=*"},
		{"field and object in a subquery", project(scan(users, "u"), []string{"x", "y"},
			&plan.Subquery{Node: project(scan(orders, "o"), []string{"t"}, fld(&plan.ColRef{Idx: 1, Depth: 1}, "name"))},
			&plan.Subquery{Node: project(scan(orders, "o"), []string{"t"}, &plan.ColRef{Idx: 1, Depth: 1})}), "u=*"},
		{"field in a nested subquery", project(scan(users, "u"), []string{"x"},
			&plan.Subquery{Node: project(scan(orders, "o"), []string{"t"},
				&plan.Subquery{Node: project(scan(orders, "o2"), []string{"t2"}, fld(&plan.ColRef{Idx: 1, Depth: 2}, "name"))})}), "u=[name]"},
		{"join of fields", &plan.Aggregate{Input: join(plan.InnerJoin), GroupBy: []plan.Expr{obj(0, "u", "city")},
			Aggs: []plan.Agg{{Func: plan.AggCountStar, SQL: true}, {Func: plan.AggSum, Arg: obj(2, "o", "total"), SQL: true}},
			Cols: []plan.Column{{Name: "city"}, {Name: "count"}, {Name: "sum"}}}, "u=[city,id] o=[total,user_id]"},
		{"semi join reads its right side's condition only", join(plan.SemiJoin), "u=* o=[user_id]"},
		{"join returned whole", join(plan.LeftJoin), "u=* o=*"},
		{"distinct compares whole rows", &plan.Distinct{Input: scan(users, "u")}, "u=*"},
		{"union inputs", &plan.SetOp{Op: plan.Union, Left: project(scan(users, "u"), []string{"n"}, obj(0, "u", "name")),
			Right: project(scan(orders, "o"), []string{"n"}, obj(0, "o", "user_id"))}, "u=[name] o=[user_id]"},
		{"sort keys", project(&plan.Sort{Input: scan(users, "u"), Keys: []plan.SortKey{{X: obj(0, "u", "age")}}},
			[]string{"name"}, obj(0, "u", "name")), "u=[name,age]"},
		{"unknown node stops the walk", &plan.Aggregate{Input: &plan.Update{Table: users, Input: scan(users, "u")},
			Aggs: []plan.Agg{sumTotal}, Cols: []plan.Column{{Name: "sum"}}}, "*plan.Update"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := scanFields(c.n)
			pruned := pruneScans(c.n)
			if got := scanFields(pruned); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
			// Field reads became column reads named as they were.
			if a, b := plan.Explain(c.n), plan.Explain(pruned); a != b {
				t.Errorf("EXPLAIN changed:\n%s\nbecame\n%s", a, b)
			}
			if after := scanFields(c.n); after != before {
				t.Errorf("the input plan changed: %s became %s", before, after)
			}
		})
	}
}

// A subquery's plan is pruned as a plan of its own; its field reads of
// the outer row read the fields' columns of the pruned outer scan.
func TestPruneScansInSubqueries(t *testing.T) {
	// SELECT (SELECT o.total FROM orders o WHERE o.user_id = u.id) FROM users u
	inner := project(&plan.Filter{Input: scan(orders, "o"),
		Cond: sq(plan.OpEq, obj(0, "o", "user_id"), fld(&plan.ColRef{Idx: 1, Depth: 1, Name: "u"}, "id"))},
		[]string{"total"}, obj(0, "o", "total"))
	p := project(scan(users, "u"), []string{"t"}, &plan.Subquery{Node: inner})
	got := pruneScans(p).(*plan.Project)
	if s := scanFields(got.Input); s != "u=[id]" {
		t.Errorf("outer scan %s, want u=[id]", s)
	}
	sub := got.Exprs[0].(*plan.Subquery)
	if s := scanFields(sub.Node); s != "o=[total,user_id]" {
		t.Errorf("subquery scan %s, want o=[total,user_id]", s)
	}
	if a, b := plan.Explain(p), plan.Explain(got); a != b {
		t.Errorf("EXPLAIN changed:\n%s\nbecame\n%s", a, b)
	}
}

// srfRows is SQL's function in FROM (sqlfe's rangeFunction): rows of
// [none, {a: t[0], b: t[1]}] over the tuples an Unnest yields.
func srfRows(cons *plan.ObjectCons) *plan.Project {
	in := &plan.Unnest{X: k(value.List(nil)), Col: plan.Column{Name: "t", Type: value.Any}}
	return project(in, []string{"key", "f"}, &plan.Const{}, cons)
}

func srfObject(names ...string) *plan.ObjectCons {
	oc := &plan.ObjectCons{Names: names}
	for i := range names {
		oc.Vals = append(oc.Vals, &plan.Index{X: col(0, "t"), I: ki(int64(i))})
	}
	return oc
}

// An object constructor read field by field becomes a column per field;
// read whole, or in ways the split cannot mirror, it stays.
func TestPruneSplitsObjects(t *testing.T) {
	cases := []struct {
		name  string
		n     plan.Node
		split bool
	}{
		{"fields read", project(srfRows(srfObject("a", "b")), []string{"b"}, obj(0, "f", "b")), true},
		{"under a filter and a sort", project(&plan.Sort{Input: &plan.Filter{Input: srfRows(srfObject("a", "b")),
			Cond: sq(plan.OpGt, obj(0, "f", "a"), ki(1))}, Keys: []plan.SortKey{{X: obj(0, "f", "a")}}},
			[]string{"b"}, obj(0, "f", "b")), true},
		{"object read whole", project(srfRows(srfObject("a", "b")), []string{"f"}, col(1, "f")), false},
		{"root rows are read whole", srfRows(srfObject("a", "b")), false},
		{"missing field", project(srfRows(srfObject("a")), []string{"z"}, obj(0, "f", "z")), false},
		{"repeated name", project(srfRows(srfObject("a", "a")), []string{"a"}, obj(0, "f", "a")), false},
		{"read through a record view", project(srfRows(srfObject("a", "b")), []string{"id", "a"},
			fld(&plan.RecordView{Table: "t", Key: col(0, "key"), Obj: col(1, "f")}, "id"),
			fld(&plan.RecordView{Table: "t", Key: col(0, "key"), Obj: col(1, "f")}, "a")), false},
		{"spread", project(srfRows(&plan.ObjectCons{Names: []string{"a"}, Vals: []plan.Expr{ki(1)}, Spread: col(0, "t")}),
			[]string{"a"}, obj(0, "f", "a")), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := plan.Explain(c.n)
			got := pruneScans(c.n)
			if after := plan.Explain(c.n); after != before {
				t.Fatalf("the input plan changed:\n%s\nbecame\n%s", before, after)
			}
			ex := plan.Explain(got)
			if split := strings.Contains(ex, "none AS f"); split != c.split {
				t.Fatalf("split %v, want %v:\n%s", split, c.split, ex)
			}
		})
	}
}

// The split columns follow the row's existing ones, and the readers
// read them by name.
func TestPruneSplitObjectColumns(t *testing.T) {
	sorted := &plan.Sort{Input: srfRows(srfObject("a", "b")), Keys: []plan.SortKey{{X: obj(0, "f", "a")}}}
	p := project(sorted, []string{"b", "a"}, obj(0, "f", "b"), obj(0, "f", "a"))
	got := pruneScans(p).(*plan.Project)
	var idx []int
	for _, e := range got.Exprs {
		idx = append(idx, e.(*plan.ColRef).Idx)
	}
	if want := []int{3, 2}; !slices.Equal(idx, want) {
		t.Fatalf("columns %v, want %v\n%s", idx, want, plan.Explain(got))
	}
	in := got.Input.(*plan.Sort).Input.(*plan.Project)
	if len(in.Exprs) != 4 || len(in.Cols) != 4 || in.Cols[2].Name != "f.a" {
		t.Fatalf("input columns %v\n%s", in.Cols, plan.Explain(got))
	}
}

// A Project that only picks columns of the Project below it merges with
// it, unless that would drop or repeat a computation.
func TestPruneMergesProjects(t *testing.T) {
	unnest := &plan.Unnest{X: k(value.List(nil)), Col: plan.Column{Name: "t", Type: value.Any}}
	tcol := func(i int64) plan.Expr { return &plan.Index{X: col(0, "t"), I: ki(i)} }
	cases := []struct {
		name  string
		n     *plan.Project
		merge bool
	}{
		{"split object", project(srfRows(srfObject("a", "b")), []string{"b", "a"}, obj(0, "f", "b"), obj(0, "f", "a")), true},
		{"drops a constant", project(project(unnest, []string{"k", "x"}, ki(1), tcol(0)), []string{"x"}, col(1, "x")), true},
		{"would drop a computation", project(project(unnest, []string{"x", "y"}, tcol(0), tcol(1)), []string{"x"}, col(0, "x")), false},
		{"would repeat a computation", project(project(unnest, []string{"x"}, tcol(0)), []string{"x", "x2"}, col(0, "x"), col(0, "x")), false},
		{"computes", project(project(unnest, []string{"x"}, tcol(0)), []string{"y"}, sq(plan.OpAdd, col(0, "x"), ki(1))), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := pruneScans(c.n).(*plan.Project)
			if _, merged := got.Input.(*plan.Unnest); merged != c.merge {
				t.Fatalf("merged %v, want %v:\n%s", merged, c.merge, plan.Explain(got))
			}
			if len(got.Cols) != len(c.n.Cols) || len(got.Cols) > 0 && &got.Cols[0] != &c.n.Cols[0] {
				t.Fatalf("columns %v, want %v", got.Cols, c.n.Cols)
			}
		})
	}
}

// A condition pushed below the Project that builds the object reads the
// field's expression, not a field of a new object.
func TestPushedConditionReadsObjectFields(t *testing.T) {
	p := &plan.Filter{Input: srfRows(srfObject("a", "b")), Cond: sq(plan.OpGt, obj(0, "f", "b"), ki(1))}
	got := plan.Explain(Optimize(p))
	if !strings.Contains(got, "cond: (t[1] > 1)") {
		t.Fatalf("pushed condition:\n%s", got)
	}
}

// blobs has a key no record id takes.
var blobs = &catalog.Table{ID: 5, Name: "blobs", Schemafull: true, PrimaryKey: []string{"k"},
	Fields: []catalog.Field{{Name: "k", Type: value.TypeBytea}, {Name: "n", Type: value.TypeInt8}}}

// ZQL reads a scanned record through its view {id: table.@key, ...}: the
// view's id is made of the key column, its other fields are the
// object's, so neither needs the whole record decoded.
func TestPruneRecordViews(t *testing.T) {
	view := func(off int) *plan.RecordView {
		return &plan.RecordView{Table: "people", Key: col(off, "p#key"), Obj: col(off+1, "p")}
	}
	cases := []struct {
		name   string
		n      plan.Node
		fields string
		want   string // the projection, as EXPLAIN prints it
	}{
		{"id", project(scan(people, "p"), []string{"id"}, fld(view(0), "id")), "p=[]", "people.@(p#key)"},
		{"field", project(scan(people, "p"), []string{"name"}, fld(view(0), "name")), "p=[name]", "p.name"},
		{"id and a filtered field", project(&plan.Filter{Input: scan(people, "p"), Cond: zq(plan.OpGt, obj(0, "p", "age"), ki(3))},
			[]string{"id"}, fld(view(0), "id")), "p=[age]", "people.@(p#key)"},
		{"view returned whole", project(scan(people, "p"), []string{"p", "id"}, view(0), fld(view(0), "id")), "p=*", "record(people, p#key, p)"},
		{"right side of a join", project(&plan.Join{Kind: plan.LeftJoin, Left: scan(users, "u"), Right: scan(people, "p"),
			On: sq(plan.OpEq, obj(2, "p", "name"), obj(0, "u", "name"))}, []string{"id"}, fld(view(2), "id")),
			"u=[name] p=[name]", "people.@(p#key)"},
		{"a key no record id takes", project(scan(blobs, "b"), []string{"id"},
			fld(&plan.RecordView{Table: "blobs", Key: col(0, "b#key"), Obj: col(1, "b")}, "id")), "b=*", "record(blobs, b#key, b).id"},
		{"a key no record id takes, field", project(scan(blobs, "b"), []string{"n"},
			fld(&plan.RecordView{Table: "blobs", Key: col(0, "b#key"), Obj: col(1, "b")}, "n")), "b=[n]", "b.n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := pruneScans(c.n)
			if f := scanFields(got); f != c.fields {
				t.Errorf("scans %s, want %s", f, c.fields)
			}
			if ex := plan.Explain(got); !strings.Contains(ex, "output: "+c.want) {
				t.Errorf("want output %s:\n%s", c.want, ex)
			}
		})
	}
}
