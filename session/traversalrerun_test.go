package session

import (
	"fmt"
	"slices"
	"testing"
)

// A ZQL traversal run again through the plan cache reopens the last
// run's iterators (exec.Rerun: the traversal, its distinct and its
// start), and must answer as a fresh build does: from its own start
// vertex, snapshot and edge table, after edges were added and after the
// edge table was destroyed and made anew.
func TestTraversalRerun(t *testing.T) {
	const n = 40
	_, s := benchSession(t, graphSetup(n, 3)...)
	queries := []string{
		"persons.@%d -> knows -> * -> knows -> * |> distinct",
		"persons.@%d -> knows -> * -> knows -> persons[.age > 50] |> distinct",
		"persons.@%d -> knows -> *",
	}
	check := func(t *testing.T, q string, start int) {
		t.Helper()
		text := fmt.Sprintf(q, start)
		// Another statement in between: the traversal is built anew.
		mustQuery(t, s, "1")
		fresh := mustQuery(t, s, text)
		// The same shape again: its iterators are reopened.
		if again := mustQuery(t, s, text); again != fresh {
			t.Fatalf("%s: rerun answered\n%s\nafter a fresh build's\n%s", text, again, fresh)
		}
		// Another start right after another: reopened too.
		other := fmt.Sprintf(q, (start+7)%n)
		want := mustQuery(t, s, other)
		mustQuery(t, s, text)
		if got := mustQuery(t, s, other); got != want {
			t.Fatalf("%s after %s: %s, want %s", other, text, got, want)
		}
	}
	for _, step := range []struct {
		name  string
		setup []string
	}{
		{"loaded", nil},
		{"edges added", []string{"knows::add([{in:persons.@1,out:persons.@2},{in:persons.@2,out:persons.@39}]) |> count"}},
		{"edge table made anew", []string{
			"destroy table.@knows",
			"edge::create(@knows, { from: persons, to: persons })",
			"knows::add([{in:persons.@1,out:persons.@3},{in:persons.@3,out:persons.@4},{in:persons.@3,out:persons.@5}]) |> count",
		}},
	} {
		t.Run(step.name, func(t *testing.T) {
			for _, q := range step.setup {
				mustQuery(t, s, q)
			}
			for _, q := range queries {
				for start := range 5 {
					check(t, q, start)
				}
			}
		})
	}
	// After the table was made anew, persons.@1's 2-hop is 4 and 5 only.
	if got, want := resultIDs(mustQuery(t, s, fmt.Sprintf(queries[0], 1))), []string{`"persons.@4"`, `"persons.@5"`}; !slices.Equal(got, want) {
		t.Fatalf("2-hop of the new edge table: %q, want %q", got, want)
	}
}
