package session

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestPartialIndexRandomWrites runs random INSERTs (ON CONFLICT with the
// index's predicate too), UPDATEs that move rows in and out of a partial
// unique index, and DELETEs, inside and outside transaction blocks that
// commit or roll back, and requires that a write fails with 23505 exactly
// when another live row (deleted IS NULL) holds its email (a model says
// which), and that reads through the partial indexes answer as scans
// that cannot use them do.
func TestPartialIndexRandomWrites(t *testing.T) {
	_, s := openTestSession(t, Options{})
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		tab := fmt.Sprintf("pr%d", n)
		run := uniqueRun(rt, s)
		run(fmt.Sprintf("CREATE TABLE %s (id int PRIMARY KEY, email text, deleted int, n int)", tab))
		run(fmt.Sprintf("CREATE UNIQUE INDEX ON %s (email) WHERE deleted IS NULL", tab))
		run(fmt.Sprintf("CREATE INDEX ON %s (n) WHERE n > 0 AND deleted IS NULL", tab))

		type row struct {
			email   string // "" for NULL
			deleted bool
			n       int
		}
		model := map[int]row{}
		emails := rapid.SampledFrom([]string{"", "a@x", "b@x", "c@x"})
		lit := sqlText
		del := func(d bool) string {
			if d {
				return "1"
			}
			return "NULL"
		}
		// holder: another live row has email e.
		holder := func(m map[int]row, e string, except int) bool {
			if e == "" {
				return false
			}
			for id, r := range m {
				if id != except && !r.deleted && r.email == e {
					return true
				}
			}
			return false
		}
		for range rapid.IntRange(1, 25).Draw(rt, "ops") {
			model = modelStep(rt, run, model, func(work map[int]row) bool {
				id := rapid.IntRange(0, 5).Draw(rt, "id")
				r := row{emails.Draw(rt, "email"), rapid.Bool().Draw(rt, "deleted"), rapid.IntRange(-1, 2).Draw(rt, "n")}
				failed := false
				switch rapid.IntRange(0, 3).Draw(rt, "op") {
				case 0:
					out := run(fmt.Sprintf("INSERT INTO %s VALUES (%d, %s, %s, %d)", tab, id, lit(r.email), del(r.deleted), r.n))
					_, taken := work[id]
					want := taken || (!r.deleted && holder(work, r.email, id))
					if failed = strings.Contains(out, "ERROR 23505"); failed != want {
						rt.Fatalf("insert %d %+v: failed %v, model says %v: %s", id, r, failed, want, out)
					}
					if !failed {
						work[id] = r
					}
				case 1:
					out := run(fmt.Sprintf("UPDATE %s SET email = %s, deleted = %s WHERE id = %d", tab, lit(r.email), del(r.deleted), id))
					old, ok := work[id]
					want := ok && !r.deleted && holder(work, r.email, id)
					if failed = strings.Contains(out, "ERROR 23505"); failed != want {
						rt.Fatalf("update %d %+v: failed %v, model says %v: %s", id, r, failed, want, out)
					}
					if ok && !failed {
						old.email, old.deleted = r.email, r.deleted
						work[id] = old
					}
				case 2:
					run(fmt.Sprintf("DELETE FROM %s WHERE id = %d", tab, id))
					delete(work, id)
				case 3:
					out := run(fmt.Sprintf("INSERT INTO %s VALUES (%d, %s, %s, %d) ON CONFLICT (email) WHERE deleted IS NULL DO NOTHING",
						tab, id, lit(r.email), del(r.deleted), r.n))
					_, taken := work[id]
					conflict := !r.deleted && holder(work, r.email, -1)
					want := taken && !conflict
					if failed = strings.Contains(out, "ERROR 23505"); failed != want {
						rt.Fatalf("insert %d %+v on conflict: failed %v, model says %v: %s", id, r, failed, want, out)
					}
					if !failed && !conflict {
						work[id] = r
					}
				}
				return failed
			})
		}
		for _, e := range []string{"a@x", "b@x", "d@x"} {
			got := run(fmt.Sprintf("SELECT id FROM %s WHERE email = '%s' AND deleted IS NULL ORDER BY id", tab, e))
			want := run(fmt.Sprintf("SELECT id FROM %s WHERE email || '' = '%s' AND deleted IS NULL ORDER BY id", tab, e))
			if got != want {
				rt.Fatalf("email = %q through the partial index:\n%s\nscanning:\n%s", e, got, want)
			}
			got = run(fmt.Sprintf("SELECT id FROM %s WHERE email = '%s' ORDER BY id", tab, e))
			want = run(fmt.Sprintf("SELECT id FROM %s WHERE email || '' = '%s' ORDER BY id", tab, e))
			if got != want {
				rt.Fatalf("email = %q without the predicate:\n%s\nscanning:\n%s", e, got, want)
			}
		}
		got := run(fmt.Sprintf("SELECT id FROM %s WHERE n > 0 AND deleted IS NULL AND n < 3 ORDER BY id", tab))
		want := run(fmt.Sprintf("SELECT id FROM %s WHERE n + 0 > 0 AND deleted IS NULL AND n + 0 < 3 ORDER BY id", tab))
		if got != want {
			rt.Fatalf("n range through the partial index:\n%s\nscanning:\n%s", got, want)
		}
		if plan := run(fmt.Sprintf("EXPLAIN SELECT id FROM %s WHERE email = 'a@x' AND deleted IS NULL", tab)); !strings.Contains(plan, "Index Scan") {
			rt.Fatalf("the partial index is not used:\n%s", plan)
		}
		if plan := run(fmt.Sprintf("EXPLAIN SELECT id FROM %s WHERE email = 'a@x'", tab)); strings.Contains(plan, "Index Scan") {
			rt.Fatalf("the partial index is used without its predicate:\n%s", plan)
		}
		run("DROP TABLE " + tab)
	})
}
