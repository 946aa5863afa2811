package opt

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
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
		{"object in a subquery", project(scan(users, "u"), []string{"x"},
			&plan.Subquery{Node: project(scan(orders, "o"), []string{"t"}, fld(&plan.ColRef{Idx: 1, Depth: 1}, "name"))}), "u=*"},
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

// A subquery's plan is pruned as a plan of its own; its reads of the
// outer row keep that row's object whole.
func TestPruneScansInSubqueries(t *testing.T) {
	// SELECT (SELECT o.total FROM orders o WHERE o.user_id = u.id) FROM users u
	inner := project(&plan.Filter{Input: scan(orders, "o"),
		Cond: sq(plan.OpEq, obj(0, "o", "user_id"), fld(&plan.ColRef{Idx: 1, Depth: 1, Name: "u"}, "id"))},
		[]string{"total"}, obj(0, "o", "total"))
	p := project(scan(users, "u"), []string{"t"}, &plan.Subquery{Node: inner})
	got := pruneScans(p).(*plan.Project)
	if s := scanFields(got.Input); s != "u=*" {
		t.Errorf("outer scan %s, want u=*", s)
	}
	sub := got.Exprs[0].(*plan.Subquery)
	if s := scanFields(sub.Node); s != "o=[total,user_id]" {
		t.Errorf("subquery scan %s, want o=[total,user_id]", s)
	}
	if a, b := plan.Explain(p), plan.Explain(got); a != b {
		t.Errorf("EXPLAIN changed:\n%s\nbecame\n%s", a, b)
	}
}
