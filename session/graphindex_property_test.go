package session

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestGraphIndexesRandomTraversals runs random ZQL traversals over random
// graphs in a database whose vertex and edge tables have indexes on the
// filtered fields and in one without, and requires the same answers: the
// translator's step tables, the optimizer's semi-joins and the executor's
// key sets together never change a result (exec's property test checks
// the executor alone).
func TestGraphIndexesRandomTraversals(t *testing.T) {
	_, indexed := openTestSession(t, Options{})
	_, plain := openTestSession(t, Options{})
	run := func(rt *rapid.T, s *Session, q string) {
		if out := runRendered(s, q); strings.Contains(out, "ERROR") {
			rt.Fatalf("%s: %s", q, out)
		}
	}
	n, semi := 0, 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		v, w, e := fmt.Sprintf("v%d", n), fmt.Sprintf("w%d", n), fmt.Sprintf("e%d", n)
		small := rapid.IntRange(-2, 2)
		mixed := rapid.SampledFrom([]string{"-1", "0", "1", "2", `"x"`, `""`, "0.5", "true"})
		field := func(rt *rapid.T, name string, g *rapid.Generator[string]) string {
			if rapid.IntRange(0, 4).Draw(rt, "has "+name) == 0 {
				return ""
			}
			return ", " + name + ": " + g.Draw(rt, name)
		}
		setup := []string{
			fmt.Sprintf("table::create(@%s, { a: int?, b: int? })", v),
			fmt.Sprintf("table::create(@%s)", w),
		}
		var ids []string
		for i := range rapid.IntRange(1, 6).Draw(rt, "nv") {
			id := fmt.Sprintf("%s.@%d", v, i)
			ints := rapid.Map(small, func(i int) string { return fmt.Sprint(i) })
			setup = append(setup, fmt.Sprintf("%s::add({ id: %s%s%s })", v, id, field(rt, "a", ints), field(rt, "b", ints)))
			ids = append(ids, id)
		}
		for i := range rapid.IntRange(0, 4).Draw(rt, "nw") {
			id := fmt.Sprintf("%s.@%d", w, i)
			setup = append(setup, fmt.Sprintf("%s::add({ id: %s%s })", w, id, field(rt, "a", mixed)))
			ids = append(ids, id)
		}
		vertex := rapid.SampledFrom(ids)
		for i := range rapid.IntRange(1, 3*len(ids)).Draw(rt, "ne") {
			fields := strings.TrimPrefix(field(rt, "s", mixed), ", ")
			if fields != "" {
				fields = "({ " + fields + " })"
			}
			setup = append(setup, fmt.Sprintf("%s -> %s%s -> %s", vertex.Draw(rt, fmt.Sprint("from ", i)), e, fields, vertex.Draw(rt, fmt.Sprint("to ", i))))
		}
		for _, q := range setup {
			run(rt, indexed, q)
			run(rt, plain, q)
		}
		for _, ix := range [][2]string{{v, "a"}, {w, "a"}, {e, "s"}} {
			run(rt, indexed, fmt.Sprintf("index::create(@%s_%s, { table: @%s, fields: [@%s] })", ix[0], ix[1], ix[0], ix[1]))
		}

		ops := rapid.SampledFrom([]string{"==", "<", "<=", ">", ">="})
		cond := func(rt *rapid.T, f string) string {
			return fmt.Sprintf(".%s %s %s", f, ops.Draw(rt, "op"), mixed.Draw(rt, "bound"))
		}
		var q strings.Builder
		q.WriteString(rapid.SampledFrom([]string{v, w, v + "[" + cond(rt, "a") + "]", ids[0], "[" + strings.Join(ids, ", ") + "]"}).Draw(rt, "start"))
		steps := rapid.IntRange(1, 2).Draw(rt, "steps")
		onEdges := false
		for i := range steps {
			arrows := rapid.SampledFrom([][2]string{{"->", "->"}, {"<-", "<-"}, {"<-", "->"}}).Draw(rt, "dir")
			edge := e
			quantified := rapid.IntRange(0, 3).Draw(rt, "quantified") == 0
			if quantified {
				edge += "{1..2}"
			}
			if rapid.Bool().Draw(rt, "edge filter") {
				edge += "[" + cond(rt, "s") + "]"
			}
			fmt.Fprintf(&q, " %s %s", arrows[0], edge)
			if i == steps-1 && !quantified && rapid.IntRange(0, 3).Draw(rt, "ends on edges") == 0 {
				onEdges = true
				break
			}
			fmt.Fprintf(&q, " %s %s", arrows[1], rapid.SampledFrom([]string{
				"*", v, w,
				v + "[" + cond(rt, "a") + "]",
				v + "[" + cond(rt, "a") + " and " + cond(rt, "b") + "]",
				w + "[" + cond(rt, "a") + "]",
			}).Draw(rt, "vertices"))
		}
		if rapid.IntRange(0, 3).Draw(rt, "limit") == 0 {
			q.WriteString(" |> limit 3")
		}
		if onEdges {
			// Edge ids are made at random: compare what the edges hold.
			q.WriteString(" |> map |x| [x.in, x.out, x.s]")
		}
		got, want := runRendered(indexed, q.String()), runRendered(plain, q.String())
		if got != want {
			rt.Fatalf("%s\nwith indexes:\n%s\nwithout:\n%s\nplan:\n%s", q.String(), got, want, runRendered(indexed, "explain::plan("+q.String()+")"))
		}
		if strings.Contains(runRendered(indexed, "explain::plan("+q.String()+")"), " in index ") {
			semi++
		}
	})
	t.Logf("%d traversals, %d through an index semi-join", n, semi)
	if semi == 0 {
		t.Error("no traversal took an index semi-join")
	}
}
