package session

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestExpressionIndexRandomWrites runs random INSERTs (ON CONFLICT too),
// UPDATEs and DELETEs on a table with a unique index on lower(email) and
// an index on (a + b), inside and outside transaction blocks that commit
// or roll back, and requires that a write fails with 23505 exactly when
// another row holds its lower(email) (a model says which), and that the
// reads the optimizer turns into index scans answer as the scans that
// cannot use the indexes do.
func TestExpressionIndexRandomWrites(t *testing.T) {
	_, s := openTestSession(t, Options{})
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		tab := fmt.Sprintf("xr%d", n)
		run := uniqueRun(rt, s)
		run(fmt.Sprintf("CREATE TABLE %s (id int PRIMARY KEY, email text, a int, b int)", tab))
		run(fmt.Sprintf("CREATE UNIQUE INDEX ON %s (lower(email))", tab))
		run(fmt.Sprintf("CREATE INDEX ON %s ((a + b))", tab))

		type row struct {
			email string // "" for NULL
			a, b  int
		}
		model := map[int]row{}
		emails := rapid.SampledFrom([]string{"", "a@x", "A@x", "b@x", "B@X", "c@x"})
		lit := sqlText
		holder := func(m map[int]row, e string, except int) bool {
			if e == "" {
				return false
			}
			for id, r := range m {
				if id != except && r.email != "" && strings.EqualFold(r.email, e) {
					return true
				}
			}
			return false
		}
		for range rapid.IntRange(1, 25).Draw(rt, "ops") {
			model = modelStep(rt, run, model, func(work map[int]row) bool {
				id := rapid.IntRange(0, 5).Draw(rt, "id")
				r := row{emails.Draw(rt, "email"), rapid.IntRange(-2, 2).Draw(rt, "a"), rapid.IntRange(-2, 2).Draw(rt, "b")}
				failed := false
				switch rapid.IntRange(0, 3).Draw(rt, "op") {
				case 0:
					out := run(fmt.Sprintf("INSERT INTO %s VALUES (%d, %s, %d, %d)", tab, id, lit(r.email), r.a, r.b))
					_, taken := work[id]
					want := taken || holder(work, r.email, id)
					if failed = strings.Contains(out, "ERROR 23505"); failed != want {
						rt.Fatalf("insert %d %q: failed %v, model says %v: %s", id, r.email, failed, want, out)
					}
					if !failed {
						work[id] = r
					}
				case 1:
					out := run(fmt.Sprintf("UPDATE %s SET email = %s, a = %d WHERE id = %d", tab, lit(r.email), r.a, id))
					old, ok := work[id]
					want := ok && holder(work, r.email, id)
					if failed = strings.Contains(out, "ERROR 23505"); failed != want {
						rt.Fatalf("update %d %q: failed %v, model says %v: %s", id, r.email, failed, want, out)
					}
					if ok && !failed {
						old.email, old.a = r.email, r.a
						work[id] = old
					}
				case 2:
					run(fmt.Sprintf("DELETE FROM %s WHERE id = %d", tab, id))
					delete(work, id)
				case 3:
					out := run(fmt.Sprintf("INSERT INTO %s VALUES (%d, %s, %d, %d) ON CONFLICT ((lower(email))) DO NOTHING", tab, id, lit(r.email), r.a, r.b))
					_, taken := work[id]
					conflict := holder(work, r.email, -1)
					want := taken && !conflict
					if failed = strings.Contains(out, "ERROR 23505"); failed != want {
						rt.Fatalf("insert %d %q on conflict: failed %v, model says %v: %s", id, r.email, failed, want, out)
					}
					if !failed && !conflict {
						work[id] = r
					}
				}
				return failed
			})
		}
		for _, e := range []string{"a@x", "b@x", "c@x", "d@x"} {
			got := run(fmt.Sprintf("SELECT id FROM %s WHERE lower(email) = '%s' ORDER BY id", tab, e))
			want := run(fmt.Sprintf("SELECT id FROM %s WHERE lower(email) || '' = '%s' ORDER BY id", tab, e))
			if got != want {
				rt.Fatalf("lower(email) = %q through the index:\n%s\nscanning:\n%s", e, got, want)
			}
		}
		got := run(fmt.Sprintf("SELECT id FROM %s WHERE lower(email) IN ('a@x', 'c@x') ORDER BY id", tab))
		want := run(fmt.Sprintf("SELECT id FROM %s WHERE lower(email) || '' IN ('a@x', 'c@x') ORDER BY id", tab))
		if got != want {
			rt.Fatalf("IN through the index:\n%s\nscanning:\n%s", got, want)
		}
		for _, k := range []int{-3, 0, 2} {
			got := run(fmt.Sprintf("SELECT id FROM %s WHERE a + b > %d ORDER BY id", tab, k))
			want := run(fmt.Sprintf("SELECT id FROM %s WHERE (a + b) * 1 > %d ORDER BY id", tab, k))
			if got != want {
				rt.Fatalf("a + b > %d through the index:\n%s\nscanning:\n%s", k, got, want)
			}
		}
		if plan := run(fmt.Sprintf("EXPLAIN SELECT id FROM %s WHERE lower(email) = 'a@x'", tab)); !strings.Contains(plan, "Index Scan") {
			rt.Fatalf("the index is not used:\n%s", plan)
		}
		run("DROP TABLE " + tab)
	})
}

// TestExpressionIndexPlanCache checks that the plan cache shares the
// plans of statements over a table whose index expressions have no
// constant, and leaves to the ordinary path those over a table where an
// index expression has one: normalized, a + 1 would read a + $1, which no
// index matches.
func TestExpressionIndexPlanCache(t *testing.T) {
	db, s := openTestSession(t, Options{})
	for _, q := range []string{
		"CREATE TABLE pc_plain (id int PRIMARY KEY, email text)",
		"CREATE UNIQUE INDEX ON pc_plain (lower(email))",
		"CREATE TABLE pc_const (id int PRIMARY KEY, a int)",
		"CREATE INDEX ON pc_const ((a + 1))",
		"INSERT INTO pc_const VALUES (1, 4), (2, 5)",
	} {
		if out := runRendered(s, q); strings.Contains(out, "ERROR") {
			t.Fatalf("%s: %s", q, out)
		}
	}
	before := db.PlanCacheStats()
	for i := range 3 {
		runRendered(s, fmt.Sprintf("SELECT id FROM pc_plain WHERE lower(email) = 'u%d@x'", i))
	}
	mid := db.PlanCacheStats()
	if mid.Hits-before.Hits != 2 || mid.Negative != before.Negative {
		t.Errorf("lower(email): plan cache went from %+v to %+v, want two hits", before, mid)
	}
	for i := range 3 {
		if out := runRendered(s, fmt.Sprintf("SELECT id FROM pc_const WHERE a + 1 = %d", 5+i)); !strings.Contains(out, fmt.Sprint(i+1)) && i < 2 {
			t.Errorf("a + 1 = %d: %s", 5+i, out)
		}
	}
	after := db.PlanCacheStats()
	if after.Hits != mid.Hits || after.Negative-mid.Negative != 2 {
		t.Errorf("a + 1: plan cache went from %+v to %+v, want a negative entry found twice", mid, after)
	}
}

// uniqueRun runs statements of a random-writes property test: any error
// but a unique violation (the model predicts those) fails the test.
func uniqueRun(rt *rapid.T, s *Session) func(q string) string {
	return func(q string) string {
		out := runRendered(s, q)
		if strings.Contains(out, "ERROR") && !strings.Contains(out, "ERROR 23505") {
			rt.Fatalf("%s: %s", q, out)
		}
		return out
	}
}

// sqlText is a text literal, "" standing for NULL.
func sqlText(s string) string {
	if s == "" {
		return "NULL"
	}
	return "'" + s + "'"
}

// modelStep runs one random write, op, either alone or in a transaction
// block that commits or rolls back, against a copy of the model: op
// applies the write to the map it is given and reports whether the
// statement failed. It returns the model as the database now holds it.
func modelStep[K comparable, V any](rt *rapid.T, run func(string) string, model map[K]V, op func(work map[K]V) (failed bool)) map[K]V {
	if rapid.IntRange(0, 3).Draw(rt, "block") != 0 {
		op(model)
		return model
	}
	work := make(map[K]V, len(model))
	for k, v := range model {
		work[k] = v
	}
	run("BEGIN")
	if op(work) || rapid.Bool().Draw(rt, "rollback") {
		run("ROLLBACK")
		return model
	}
	run("COMMIT")
	return work
}
