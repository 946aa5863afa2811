package session

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestJSONBGinIndex compares @> and ? over a table with a gin index on
// its jsonb column against the same rows without one, for random
// documents and queries (sub-documents of the rows, and random ones):
// the index may only narrow what is read, never the answer.
func TestJSONBGinIndex(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { testJSONBGinIndex(t, seed) })
	}
}

func testJSONBGinIndex(t *testing.T, seed uint64) {
	s := memorySessions(t, 1)[0]
	rng := rand.New(rand.NewPCG(seed, 11))
	scalar := func() string {
		switch rng.IntN(6) {
		case 0:
			return fmt.Sprint(rng.IntN(3))
		case 1:
			return fmt.Sprintf("%d.0", rng.IntN(3))
		case 2:
			return []string{"true", "false", "null"}[rng.IntN(3)]
		default:
			return fmt.Sprintf("%q", []string{"a", "b", "c", "ab", ""}[rng.IntN(5)])
		}
	}
	var doc func(depth int) string
	doc = func(depth int) string {
		if depth == 0 || rng.IntN(3) == 0 {
			return scalar()
		}
		n := rng.IntN(3)
		parts := make([]string, n)
		if rng.IntN(3) == 0 {
			for i := range parts {
				parts[i] = doc(depth - 1)
			}
			return "[" + strings.Join(parts, ", ") + "]"
		}
		for i := range parts {
			parts[i] = fmt.Sprintf("%q: %s", []string{"a", "b", "c"}[rng.IntN(3)], doc(depth-1))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	mustQuery(t, s, "CREATE TABLE gi (id int PRIMARY KEY, doc jsonb)")
	mustQuery(t, s, "CREATE TABLE gn (id int PRIMARY KEY, doc jsonb)")
	var docs []string
	for i := range 300 {
		d := doc(3)
		docs = append(docs, d)
		for _, tb := range []string{"gi", "gn"} {
			mustQuery(t, s, fmt.Sprintf("INSERT INTO %s VALUES (%d, '%s')", tb, i, strings.ReplaceAll(d, "'", "''")))
		}
	}
	mustQuery(t, s, "INSERT INTO gi VALUES (1000, NULL)")
	mustQuery(t, s, "INSERT INTO gn VALUES (1000, NULL)")
	mustQuery(t, s, "CREATE INDEX gi_doc ON gi USING gin (doc)")
	if plan := mustQuery(t, s, `EXPLAIN SELECT id FROM gi WHERE doc @> '{"a": "b"}'`); !strings.Contains(plan, "gi_doc") {
		t.Fatalf("the index is not used:\n%s", plan)
	}
	for i := range 400 {
		var cond string
		switch {
		case i%4 == 0:
			cond = fmt.Sprintf("doc ? '%s'", []string{"a", "b", "c", "ab", ""}[rng.IntN(5)])
		case i%2 == 0:
			cond = fmt.Sprintf("doc @> '%s'", strings.ReplaceAll(docs[rng.IntN(len(docs))], "'", "''"))
		default:
			cond = fmt.Sprintf("doc @> '%s'", strings.ReplaceAll(doc(2), "'", "''"))
		}
		with := mustQuery(t, s, "SELECT id FROM gi WHERE "+cond+" ORDER BY id")
		without := mustQuery(t, s, "SELECT id FROM gn WHERE "+cond+" ORDER BY id")
		if with != without {
			t.Fatalf("%s:\nwith the index %q\nwithout it %q", cond, with, without)
		}
	}
	// Writes keep the entries: update and delete, then compare again.
	mustQuery(t, s, `UPDATE gi SET doc = '{"a": "moved"}' WHERE id % 3 = 0`)
	mustQuery(t, s, `UPDATE gn SET doc = '{"a": "moved"}' WHERE id % 3 = 0`)
	mustQuery(t, s, "DELETE FROM gi WHERE id % 5 = 0")
	mustQuery(t, s, "DELETE FROM gn WHERE id % 5 = 0")
	for _, cond := range []string{`doc @> '{"a": "moved"}'`, `doc ? 'a'`, `doc @> '{"b": "a"}'`, `doc @> '{}'`} {
		with := mustQuery(t, s, "SELECT id FROM gi WHERE "+cond+" ORDER BY id")
		without := mustQuery(t, s, "SELECT id FROM gn WHERE "+cond+" ORDER BY id")
		if with != without {
			t.Fatalf("after writes, %s:\nwith the index %q\nwithout it %q", cond, with, without)
		}
	}
}
