package session

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

// TestIndexScanRerunProperty: prepared index scans (one index, and the
// intersection of two) executed again and again reopen their iterators
// (exec.Rerun), and each execution must answer from its own parameters
// and snapshot, as a model of the table does, with writes of the indexed
// paths, deletions and insertions in between.
func TestIndexScanRerunProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		_, s := benchSession(t,
			"CREATE TABLE docs (id bigint PRIMARY KEY, body jsonb NOT NULL)",
			"CREATE INDEX docs_k ON docs ((body->>'k'))",
			"CREATE INDEX docs_cat ON docs ((body->>'cat'))")
		stmts := []string{
			"SELECT id FROM docs WHERE body->>'k' = $1 AND body->>'cat' = $2",
			"SELECT id FROM docs WHERE body->>'k' = $1 AND body->>'cat' IN ($2, $3)",
			"SELECT id FROM docs WHERE body->>'k' = $1",
		}
		for i, q := range stmts {
			if _, err := s.Prepare(ctx, "p"+strconv.Itoa(i), q, nil); err != nil {
				rt.Fatal(err)
			}
		}
		if err := s.Sync(ctx); err != nil {
			rt.Fatal(err)
		}
		type doc struct{ k, cat string }
		model := map[int]doc{}
		val := rapid.SampledFrom([]string{"a", "b", "c"})
		write := func(id int, d doc) {
			q := fmt.Sprintf(`INSERT INTO docs VALUES (%d, '{"k": "%s", "cat": "%s"}') ON CONFLICT (id) DO UPDATE SET body = excluded.body`, id, d.k, d.cat)
			if err := s.Query(ctx, q, discardWriter{}); err != nil {
				rt.Fatalf("%s: %v", q, err)
			}
			model[id] = d
		}
		for id := range rapid.IntRange(0, 30).Draw(rt, "docs") {
			write(id, doc{val.Draw(rt, "k"), val.Draw(rt, "cat")})
		}
		for range rapid.IntRange(1, 30).Draw(rt, "steps") {
			switch rapid.IntRange(0, 3).Draw(rt, "step") {
			case 0:
				write(rapid.IntRange(0, 40).Draw(rt, "id"), doc{val.Draw(rt, "k"), val.Draw(rt, "cat")})
			case 1:
				id := rapid.IntRange(0, 40).Draw(rt, "id")
				if err := s.Query(ctx, "DELETE FROM docs WHERE id = "+strconv.Itoa(id), discardWriter{}); err != nil {
					rt.Fatal(err)
				}
				delete(model, id)
			default:
				i := rapid.IntRange(0, len(stmts)-1).Draw(rt, "statement")
				k, c1, c2 := val.Draw(rt, "k"), val.Draw(rt, "cat"), val.Draw(rt, "cat2")
				params := [][][]byte{{[]byte(k), []byte(c1)}, {[]byte(k), []byte(c1), []byte(c2)}, {[]byte(k)}}[i]
				w := &collectWriter{}
				if err := s.Bind(ctx, "", "p"+strconv.Itoa(i), nil, params, nil); err != nil {
					rt.Fatal(err)
				}
				if _, err := s.Execute(ctx, "", 0, w); err != nil {
					rt.Fatal(err)
				}
				if err := s.Sync(ctx); err != nil {
					rt.Fatal(err)
				}
				var want []string
				for id, d := range model {
					if d.k == k && (i == 2 || d.cat == c1 || (i == 1 && d.cat == c2)) {
						want = append(want, strconv.Itoa(id))
					}
				}
				got := w.out[:len(w.out)-1]
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					rt.Fatalf("%s with %q: got %v, want %v", stmts[i], params, got, want)
				}
				if tag := w.out[len(w.out)-1]; tag != "SELECT "+strconv.Itoa(len(want)) {
					rt.Fatalf("tag %q", tag)
				}
			}
		}
	})
}
