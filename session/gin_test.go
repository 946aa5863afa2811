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

// TestArrayGinIndex compares @>, &&, <@ and = over a table with gin
// indexes on its text[] and int[] columns against the same rows without
// them, for random arrays (with NULL elements, empty and NULL arrays),
// queries with constants and prepared with a parameter, either way round
// and AND-ed with other conditions, before and after writes: the index
// may only narrow what is read, never the answer.
func TestArrayGinIndex(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { testArrayGinIndex(t, seed) })
	}
}

// arrayGinCol is a column of the test's tables and its elements.
type arrayGinCol struct {
	name, typ string
	elems     []value.Value
}

func testArrayGinIndex(t *testing.T, seed uint64) {
	s := memorySessions(t, 1)[0]
	rng := rand.New(rand.NewPCG(seed, 17))
	cols := []arrayGinCol{
		{"tags", "text[]", []value.Value{value.String("a"), value.String("b"), value.String("c"), value.String("A"), value.String("ab"), value.String("")}},
		{"nums", "int[]", []value.Value{value.Int(0), value.Int(1), value.Int(2), value.Int(3), value.Int(40)}},
	}
	// array is a random array of c's elements, as a value (nil: NULL).
	array := func(c arrayGinCol) []value.Value {
		if rng.IntN(12) == 0 {
			return nil
		}
		xs := make([]value.Value, rng.IntN(5))
		for i := range xs {
			if rng.IntN(10) == 0 {
				xs[i] = value.None
			} else {
				xs[i] = c.elems[rng.IntN(len(c.elems))]
			}
		}
		return xs
	}
	literal := func(c arrayGinCol, xs []value.Value) string {
		if xs == nil {
			return "NULL::" + c.typ
		}
		parts := make([]string, len(xs))
		for i, x := range xs {
			switch {
			case x.IsNone():
				parts[i] = "NULL"
			case x.Kind() == value.KindString:
				parts[i] = "'" + x.AsString() + "'"
			default:
				parts[i] = x.String()
			}
		}
		return "ARRAY[" + strings.Join(parts, ", ") + "]::" + c.typ
	}
	var rows [][2][]value.Value
	insert := func(id int) {
		r := [2][]value.Value{array(cols[0]), array(cols[1])}
		rows = append(rows, r)
		bothGin(t, s, fmt.Sprintf("INSERT INTO %%s VALUES (%d, %s, %s)", id, literal(cols[0], r[0]), literal(cols[1], r[1])))
	}
	bothGin(t, s, "CREATE TABLE %s (id int PRIMARY KEY, tags text[], nums int[])")
	for i := range 250 {
		insert(i)
	}
	// The index of tags is backfilled, that of nums kept by the inserts.
	mustQuery(t, s, "CREATE INDEX gi_tags ON gi USING gin (tags)")
	mustQuery(t, s, "CREATE INDEX gi_nums ON gi USING gin (nums array_ops)")
	for i := 250; i < 300; i++ {
		insert(i)
	}
	for _, q := range []string{"tags @> ARRAY['a']", "tags && ARRAY['a', 'b']", "tags <@ '{a,b}'", "nums = '{1,2}'", "'{1}' && nums", "ARRAY[1] <@ nums AND id % 3 = 0"} {
		if plan := mustQuery(t, s, "EXPLAIN SELECT id FROM gi WHERE "+q); !strings.Contains(plan, "Index Scan using gi_") {
			t.Fatalf("%s: the index is not used:\n%s", q, plan)
		}
	}
	// Prepared with a parameter, the plan reads the entries of its value.
	st, err := s.PrepareStatement(context.Background(), "EXPLAIN SELECT id FROM gi WHERE tags && $1")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := s.Run(context.Background(), st, []value.Value{value.List([]value.Value{value.String("a")})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for plan.Next() {
		lines = append(lines, plan.Row()[0].String())
	}
	if plan.Close(); !strings.Contains(strings.Join(lines, "\n"), "index cond: (tags = ANY (sql::array_gin_keys($1, ") {
		t.Fatalf("the index is not used with a parameter:\n%s", strings.Join(lines, "\n"))
	}
	ops := []string{"@>", "&&", "<@", "="}
	compare := func(n int) {
		for i := range n {
			ci := rng.IntN(2)
			c := cols[ci]
			op := ops[rng.IntN(len(ops))]
			q := array(c)
			if rng.IntN(2) == 0 && len(rows) > 0 {
				q = rows[rng.IntN(len(rows))][ci]
			}
			lhs, rhs := c.name, literal(c, q)
			var params []value.Value
			if i%5 == 0 {
				rhs = "$1"
				params = []value.Value{value.List(q)}
				if q == nil {
					params[0] = value.None
				}
			}
			if rng.IntN(3) == 0 {
				lhs, rhs = rhs, lhs
			}
			cond := lhs + " " + op + " " + rhs
			switch rng.IntN(4) {
			case 0:
				cond += " AND id % 3 = 0"
			case 1:
				o := cols[1-ci]
				cond += fmt.Sprintf(" AND %s %s %s", o.name, ops[rng.IntN(len(ops))], literal(o, array(o)))
			}
			sameWithGin(t, s, cond, params...)
		}
	}
	compare(600)
	// Writes keep the entries: update and delete, then compare again.
	bothGin(t, s, "UPDATE %s SET tags = array_append(tags, 'moved') WHERE id % 3 = 0")
	bothGin(t, s, "UPDATE %s SET nums = '{}' WHERE id % 7 = 0")
	bothGin(t, s, "DELETE FROM %s WHERE id % 5 = 0")
	for _, cond := range []string{"tags @> '{moved}'", "tags && '{moved,a}'", "nums = '{}'", "nums <@ '{}'", "tags <@ '{a,b,moved}'"} {
		sameWithGin(t, s, cond)
	}
	compare(200)
}
