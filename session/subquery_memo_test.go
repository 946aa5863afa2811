package session

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// A correlated subquery's values are memoized by the exact values of the
// outer columns it reads: rows repeating a key share one evaluation, but
// values that are equal and still differ (a numeric's scale, a float's
// zero sign) are separate keys, and a statement's writes
// empty the memo.
func TestSubqueryMemo(t *testing.T) {
	_, s := benchSession(t,
		"CREATE TABLE mt (id int PRIMARY KEY, g int, v int)",
		"INSERT INTO mt VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, NULL, 40), (5, 2, 50), (6, NULL, 60), (7, 1, 70)")
	cases := []struct{ q, want string }{
		{"SELECT id, (SELECT count(*) FROM mt m WHERE m.g = mt.g) FROM mt ORDER BY id",
			"1 | 3,2 | 3,3 | 2,4 | 0,5 | 2,6 | 0,7 | 3"},
		{"SELECT id, (SELECT sum(m.v) FROM mt m WHERE m.g = mt.g AND m.id <> mt.id) FROM mt ORDER BY id",
			"1 | 90,2 | 80,3 | 50,4 | NULL,5 | 30,6 | NULL,7 | 30"},
		{"SELECT (SELECT v::text) FROM (VALUES (1.0), (1.00), (1.0), (1.000)) o(v)", "1.0,1.00,1.0,1.000"},
		{"SELECT (SELECT v::text) FROM (VALUES (-0.0::float8), (0.0::float8), (-0.0::float8)) o(v)", "-0,0,-0"},
		{"SELECT (SELECT d::text) FROM (VALUES ('2024-01-01'::date::timestamp), ('2024-01-01'::date::timestamp)) o(d)",
			"2024-01-01 00:00:00,2024-01-01 00:00:00"},
	}
	for _, c := range cases {
		out := mustQuery(t, s, c.q)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		got := strings.Join(lines[1:len(lines)-1], ",")
		if got != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.q, got, c.want)
		}
	}
}

// A statement's writes empty the memo: an UPDATE whose subquery reads
// the table it writes gives what it gives with the subquery not memoized
// (random() is not pure). Today the UPDATE's subquery reads a field of
// the whole outer record, which is no memo key; the test guards the day
// the UPDATE's input is pruned too.
func TestSubqueryMemoWrites(t *testing.T) {
	var setup []string
	for _, tab := range []string{"wa", "wb"} {
		setup = append(setup, "CREATE TABLE "+tab+" (id int PRIMARY KEY, g int, v int)",
			"INSERT INTO "+tab+" VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 2, 4), (5, NULL, 5), (6, 1, 6)")
	}
	_, s := benchSession(t, setup...)
	mustQuery(t, s, "UPDATE wa SET v = (SELECT sum(m.v) FROM wa m WHERE m.g = wa.id % 3)")
	mustQuery(t, s, "UPDATE wb SET v = (SELECT sum(m.v) FROM wb m WHERE m.g = wb.id % 3 AND random() >= 0)")
	a := mustQuery(t, s, "SELECT id, g, v FROM wa ORDER BY id")
	b := mustQuery(t, s, "SELECT id, g, v FROM wb ORDER BY id")
	if a != b {
		t.Errorf("memoized:\n%s\nnot memoized:\n%s", a, b)
	}
}

// Property: a memoized correlated subquery gives each row what running
// it for that row gives, over keys that repeat, are NULL, or not.
func TestSubqueryMemoProperty(tt *testing.T) {
	_, s := benchSession(tt)
	rapid.Check(tt, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "n")
		g := rapid.SliceOfN(rapid.IntRange(-1, 4), n, n).Draw(t, "g") // -1: NULL
		v := rapid.SliceOfN(rapid.IntRange(0, 5), n, n).Draw(t, "v")  // (g, v) repeat: the memo is hit
		setup := []string{"DROP TABLE IF EXISTS pt", "CREATE TABLE pt (id int PRIMARY KEY, g int, v int)"}
		var rows []string
		for i := range n {
			gs := strconv.Itoa(g[i])
			if g[i] < 0 {
				gs = "NULL"
			}
			rows = append(rows, fmt.Sprintf("(%d, %s, %d)", i, gs, v[i]))
		}
		if n > 0 {
			setup = append(setup, "INSERT INTO pt VALUES "+strings.Join(rows, ", "))
		}
		var w recorder
		for _, q := range setup {
			if err := s.Query(context.Background(), q, &w); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		w.take()
		if err := s.Query(context.Background(), "SELECT id, (SELECT sum(m.v) FROM pt m WHERE m.g = pt.g AND m.v <> pt.v) FROM pt ORDER BY id", &w); err != nil {
			t.Fatal(err)
		}
		out := w.take()
		lines := strings.Split(strings.TrimSpace(out), "\n")
		for i := range n {
			sum, any := 0, false
			for j := range n {
				if v[j] != v[i] && g[i] >= 0 && g[j] == g[i] {
					sum, any = sum+v[j], true
				}
			}
			want := fmt.Sprintf("%d | NULL", i)
			if any {
				want = fmt.Sprintf("%d | %d", i, sum)
			}
			if lines[1+i] != want {
				t.Fatalf("row %d: got %q, want %q", i, lines[1+i], want)
			}
		}
	})
}
