package zqlfe

import "testing"

// TestGraphCorrelated: step filters and starts that read outer variables,
// run optimized and unoptimized (the harness compares both).
func TestGraphCorrelated(t *testing.T) {
	d := newDB(t)
	d.mustRun("table::create(@p)")
	d.mustRun(`p::add([{ id: p.@a, age: 30 }, { id: p.@b, age: 40 }, { id: p.@c, age: 20 }, { id: p.@d, age: 50 }])`)
	d.mustRun("p.@a -> k({ w: 1 }) -> [p.@b, p.@c]")
	d.mustRun("p.@b -> k({ w: 2 }) -> [p.@c, p.@d]")
	d.mustRun("p.@c -> k({ w: 3 }) -> p.@a")
	// Older friends: the vertex filter reads the outer generator.
	d.check("[ [x.id, f] : x in p, f in x -> k -> p[.age > x.age] ]",
		`["p.@a", "p.@b"]`, `["p.@b", "p.@d"]`, `["p.@c", "p.@a"]`)
	// An edge filter reading the outer generator.
	d.check("[ [x.id, f] : x in p, f in x -> k[.w * 10 < x.age] -> * ]",
		`["p.@a", "p.@b"]`, `["p.@a", "p.@c"]`, `["p.@b", "p.@c"]`, `["p.@b", "p.@d"]`)
	// A filter after the traversal moves into its last step.
	d.check("[ f in p.@b -> k -> *, f.age > 30 ]", `"p.@d"`)
	d.check("p.@a -> k{1..} -> * |> filter .age >= 40", `"p.@b"`, `"p.@d"`)
	// A limit stops an unbounded search; the first ones are nearest.
	d.check("p.@a -> k{1..} -> * |> limit 2", `"p.@b"`, `"p.@c"`)
	// Edge records, filtered after the fact.
	d.check("p.@b -> k |> filter .w == 2 |> map .out", `"p.@c"`, `"p.@d"`)
	// Let-bound vertices create and traverse.
	d.mustRun("let who = p.@d")
	d.check("who -> k -> p.@a |> count", "1")
	d.check("p.@a <- k <- p", `"p.@c"`, `"p.@d"`)
	d.check("neighbors(who, k)", `"p.@a"`, `"p.@b"`)
	// Writes are not allowed in stored functions.
	d.fails("function f(x: record) -> int { x -> k -> p.@a |> count }", "42P13")
}
