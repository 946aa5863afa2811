package zqlfe

import (
	"fmt"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

// refGraph is the reference the property test compares traversals with:
// a multiset of edges over vertices 0..n-1, some of them removed.
type refGraph struct {
	alive []bool
	edges [][2]int
}

func (g *refGraph) next(v int, dir string) []int {
	var out []int
	for _, e := range g.edges {
		if (dir == "out" || dir == "both") && e[0] == v {
			out = append(out, e[1])
		}
		if (dir == "in" || dir == "both") && e[1] == v {
			out = append(out, e[0])
		}
	}
	return out
}

func (g *refGraph) dist(s int, dir string) map[int]int {
	d := map[int]int{s: 0}
	q := []int{s}
	for len(q) > 0 {
		u := q[0]
		q = q[1:]
		for _, w := range g.next(u, dir) {
			if _, ok := d[w]; !ok {
				d[w] = d[u] + 1
				q = append(q, w)
			}
		}
	}
	return d
}

func vname(i int) string { return fmt.Sprintf(`"v.@%d"`, i) }

func names(vs []int) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = vname(v)
	}
	slices.Sort(out)
	return out
}

// TestGraphTraversalModel: on random graphs, after random edge and vertex
// removals, every traversal form yields what a plain edge list says —
// hops in each direction, two-hop chains (one row per path), {m..n}
// breadth-first searches (each vertex once) and shortest path lengths.
func TestGraphTraversalModel(t *testing.T) {
	arrows := map[string][2]string{"out": {"->", "->"}, "in": {"<-", "<-"}, "both": {"<-", "->"}}
	rapid.Check(t, func(rt *rapid.T) {
		d := newDB(t)
		n := rapid.IntRange(1, 7).Draw(rt, "vertices")
		g := &refGraph{alive: make([]bool, n)}
		d.mustRun("table::create(@v)")
		for i := range n {
			d.mustRun(fmt.Sprintf("v::add(@%d, { n: %d })", i, i))
			g.alive[i] = true
		}
		// The edge table appears on first use; make sure it exists.
		d.mustRun("v.@0 -> e -> v.@0 |> count")
		g.edges = append(g.edges, [2]int{0, 0})
		for range rapid.IntRange(0, 30).Draw(rt, "ops") {
			a, b := rapid.IntRange(0, n-1).Draw(rt, "a"), rapid.IntRange(0, n-1).Draw(rt, "b")
			switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
			case op < 6:
				_, err := d.run(fmt.Sprintf("v.@%d -> e -> v.@%d", a, b))
				if g.alive[a] && g.alive[b] {
					if err != nil {
						rt.Fatalf("link %d→%d: %v", a, b, err)
					}
					g.edges = append(g.edges, [2]int{a, b})
				} else if !hasCode(err, errs.ForeignKeyViolation) {
					rt.Fatalf("link %d→%d with a missing vertex: %v", a, b, err)
				}
			case op < 8:
				d.mustRun(fmt.Sprintf("v.@%d -/> e -/> v.@%d", a, b))
				g.edges = slices.DeleteFunc(g.edges, func(e [2]int) bool { return e == [2]int{a, b} })
			case op < 9:
				d.mustRun(fmt.Sprintf("remove v.@%d", a))
				g.alive[a] = false
				g.edges = slices.DeleteFunc(g.edges, func(e [2]int) bool { return e[0] == a || e[1] == a })
			default:
				d.mustRun(fmt.Sprintf("v::put(@%d, { n: %d })", a, a))
				g.alive[a] = true
			}
		}
		s := rapid.IntRange(0, n-1).Draw(rt, "start")
		for dir, ar := range arrows {
			// One hop: one vertex per edge.
			got := d.mustRun(fmt.Sprintf("v.@%d %s e %s *", s, ar[0], ar[1]))
			slices.Sort(got)
			if want := names(g.next(s, dir)); !slices.Equal(got, want) {
				rt.Fatalf("%s hop from %d: got %v want %v (edges %v)", dir, s, got, want, g.edges)
			}
			// Two hops: one row per path.
			got = d.mustRun(fmt.Sprintf("v.@%d %s e %s * %s e %s *", s, ar[0], ar[1], ar[0], ar[1]))
			slices.Sort(got)
			var two []int
			for _, m := range g.next(s, dir) {
				two = append(two, g.next(m, dir)...)
			}
			if want := names(two); !slices.Equal(got, want) {
				rt.Fatalf("%s two hops from %d: got %v want %v (edges %v)", dir, s, got, want, g.edges)
			}
			// {lo..hi}: every vertex once, at its distance.
			lo := rapid.IntRange(0, 3).Draw(rt, "lo")
			hi := lo + rapid.IntRange(0, 3).Draw(rt, "span")
			got = d.mustRun(fmt.Sprintf("v.@%d %s e{%d..%d} %s *", s, ar[0], lo, hi, ar[1]))
			slices.Sort(got)
			// A removed start has no edges, but {0..} still yields it:
			// a traversal starts from the vertices it is given.
			var reach []int
			for v, dv := range g.dist(s, dir) {
				if dv >= lo && dv <= hi {
					reach = append(reach, v)
				}
			}
			if want := names(reach); !slices.Equal(got, want) {
				rt.Fatalf("%s {%d..%d} from %d: got %v want %v (edges %v)", dir, lo, hi, s, got, want, g.edges)
			}
		}
		to := rapid.IntRange(0, n-1).Draw(rt, "to")
		got := d.mustRun(fmt.Sprintf("shortest_path(v.@%d, v.@%d, e)", s, to))
		dv, ok := g.dist(s, "out")[to]
		switch {
		case !ok && (len(got) != 1 || got[0] != "null"):
			rt.Fatalf("path %d→%d: got %v, want none (edges %v)", s, to, got, g.edges)
		case ok && len(got) != dv+1:
			rt.Fatalf("path %d→%d: got %v, want %d vertices (edges %v)", s, to, got, dv+1, g.edges)
		}
		// Every edge record left has both its ends.
		if got := d.mustRun("e |> count"); got[0] != fmt.Sprint(len(g.edges)) {
			rt.Fatalf("%s edges left, want %d", got[0], len(g.edges))
		}
	})
}
