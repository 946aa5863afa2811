package session

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
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
	bothGin(t, s, "CREATE TABLE %s (id int PRIMARY KEY, doc jsonb)")
	var docs []string
	for i := range 300 {
		d := doc(3)
		docs = append(docs, d)
		bothGin(t, s, "INSERT INTO %s VALUES ("+fmt.Sprint(i)+", '"+strings.ReplaceAll(d, "'", "''")+"')")
	}
	bothGin(t, s, "INSERT INTO %s VALUES (1000, NULL)")
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
		sameWithGin(t, s, cond)
	}
	// Writes keep the entries: update and delete, then compare again.
	bothGin(t, s, `UPDATE %s SET doc = '{"a": "moved"}' WHERE id % 3 = 0`)
	bothGin(t, s, "DELETE FROM %s WHERE id % 5 = 0")
	for _, cond := range []string{`doc @> '{"a": "moved"}'`, `doc ? 'a'`, `doc @> '{"b": "a"}'`, `doc @> '{}'`} {
		sameWithGin(t, s, cond)
	}
}

// bothGin runs a statement, its table named by %s, on gi (the table of
// a gin index test that has the index) and gn (the one without).
func bothGin(t *testing.T, s *Session, q string) {
	t.Helper()
	for _, tb := range []string{"gi", "gn"} {
		mustQuery(t, s, strings.Replace(q, "%s", tb, 1))
	}
}

// sameWithGin fails unless the ids of gi's and gn's rows where cond
// holds are the same (with params for its $n, prepared then).
func sameWithGin(t *testing.T, s *Session, cond string, params ...value.Value) {
	t.Helper()
	var got [2]string
	for i, tb := range []string{"gi", "gn"} {
		q := "SELECT id FROM " + tb + " WHERE " + cond + " ORDER BY id"
		if len(params) == 0 {
			got[i] = mustQuery(t, s, q)
			continue
		}
		st, err := s.PrepareStatement(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		rows, err := s.Run(context.Background(), st, params, nil)
		if err != nil {
			t.Fatalf("%s %v: %v", q, params, err)
		}
		for rows.Next() {
			got[i] += rows.Row()[0].String() + " "
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatalf("%s %v: %v", q, params, err)
		}
	}
	if got[0] != got[1] {
		t.Fatalf("%s %v:\nwith the index %q\nwithout it %q", cond, params, got[0], got[1])
	}
}
