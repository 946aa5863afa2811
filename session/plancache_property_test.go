package session

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/errs"
)

// TestPlanCacheRandomStatements runs random statements full of literals
// (numbers at the integer types' edges, strings for every column type,
// casts, positions in ORDER BY and GROUP BY, LIMIT, ...) in a session
// with the plan cache and in one without, and requires the same outcome:
// rows, tags, and errors with their messages and positions.
func TestPlanCacheRandomStatements(t *testing.T) {
	ctx := context.Background()
	_, cached := openTestSession(t, Options{})
	_, plain := openTestSession(t, Options{PlanCacheSize: -1})
	setup := []string{
		"CREATE TABLE t (id int PRIMARY KEY, a int, b bigint, c numeric(8,2), d text, e varchar(4), f smallint, g float8, h jsonb, ts timestamp)",
		"INSERT INTO t VALUES (1, 10, 10000000000, 1.25, 'one', 'a', 1, 0.5, '{\"k\": 1}', '2024-01-01 10:00:00')",
		"INSERT INTO t VALUES (2, -20, -5, 99.99, 'two', 'bb', -2, 1e10, '[1, 2]', '1999-12-31 23:59:59')",
		"INSERT INTO t VALUES (3, NULL, 0, NULL, 'three', NULL, 32767, -0.25, NULL, NULL)",
	}
	for _, q := range setup {
		for _, s := range []*Session{cached, plain} {
			if err := s.Query(ctx, q, &recorder{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, failed := 0, 0
	rapid.Check(t, func(rt *rapid.T) {
		q := genStatement(rt)
		got, want := runRendered(cached, q), runRendered(plain, q)
		if got != want {
			rt.Fatalf("%s\nwith the plan cache:\n%s\nwithout:\n%s", q, got, want)
		}
		n++
		if strings.Contains(got, "ERROR") {
			failed++
		}
	})
	s := cached.db.PlanCacheStats()
	t.Logf("%d statements (%d failed); plan cache: %+v", n, failed, s)
	if s.Hits+s.Misses+s.Negative < int64(n)/2 || failed == n {
		t.Errorf("the plan cache saw few of %d statements: %+v", n, s)
	}
}

func runRendered(s *Session, q string) string {
	var w recorder
	err := s.Query(context.Background(), q, &w)
	out := w.take()
	if !strings.Contains(strings.ToUpper(q), "ORDER BY") {
		lines := strings.Split(out, "\n")
		slices.Sort(lines)
		out = strings.Join(lines, "\n")
	}
	if err != nil {
		e := errs.From(err)
		out += fmt.Sprintf("ERROR %s: %s (at %d) %s %s", e.Code, e.Message, e.Position, e.Detail, e.Hint)
		var target *errs.Error
		if !errors.As(err, &target) {
			out += " (not an errs.Error)"
		}
	}
	return out + fmt.Sprintf(" [%c]", s.TxStatus())
}

var (
	intLits = []string{"0", "1", "7", "-1", "- 1", "-(1)", "2147483647", "-2147483647", "2147483648", "-2147483648",
		"-2147483649", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999",
		"007", "32767", "32768", "-32768", "40000"}
	decLits = []string{"1.5", "-1.5", "0.0", "-0.0", ".5", "5.", "1e3", "1.005", "123456.789", "99.995", "1e20"}
	strLits = []string{"'x'", "''", "'one'", "'it''s'", "'12'", "'-3'", "'1.5'", "'abc'", "'toolong'", "'{\"k\": 1}'", "'{'",
		"'[1, 2]'", "'2024-01-01 10:00:00'", "'2024-13-01'", "'t'", "'maybe'", "'é'", "'99999999999'"}
	columns = []string{"id", "a", "b", "c", "d", "e", "f", "g", "h", "ts"}
	types   = []string{"int", "bigint", "smallint", "numeric", "numeric(5,2)", "text", "varchar(3)", "float8", "bool", "jsonb", "timestamp"}
)

func genLit(rt *rapid.T) string {
	switch rapid.IntRange(0, 3).Draw(rt, "litkind") {
	case 0:
		return rapid.SampledFrom(intLits).Draw(rt, "int")
	case 1:
		return rapid.SampledFrom(decLits).Draw(rt, "dec")
	case 2:
		return "NULL"
	}
	return rapid.SampledFrom(strLits).Draw(rt, "str")
}

func genExpr(rt *rapid.T, depth int) string {
	k := rapid.IntRange(0, 13).Draw(rt, "expr")
	if depth > 2 {
		k %= 2
	}
	switch k {
	case 10:
		// minus signs the parser may fold into a constant
		f := rapid.SampledFrom([]string{"-%s", "- %s", "-(%s)", "a-%s", "a*-%s", "a - -%s", "-%s::int", "(-%s)::smallint"}).Draw(rt, "minus")
		return fmt.Sprintf(f, rapid.SampledFrom(append(intLits[:12:12], decLits...)).Draw(rt, "num"))
	case 11:
		return genExpr(rt, depth+1) + rapid.SampledFrom([]string{" -> ", " ->> "}).Draw(rt, "jop") + rapid.SampledFrom([]string{"'k'", "0", "1", "'x'"}).Draw(rt, "jkey")
	case 12:
		return genExpr(rt, depth+1) + rapid.SampledFrom([]string{" LIKE ", " NOT LIKE ", " ILIKE "}).Draw(rt, "like") + rapid.SampledFrom([]string{"'o%'", "'%e'", "'_'", "'%'"}).Draw(rt, "pat")
	case 13:
		agg := rapid.SampledFrom([]string{"count", "sum", "min", "max", "avg"}).Draw(rt, "agg")
		return agg + "(" + genExpr(rt, 3) + ")"
	case 0:
		return rapid.SampledFrom(columns).Draw(rt, "col")
	case 1:
		return genLit(rt)
	case 2, 3:
		op := rapid.SampledFrom([]string{"+", "-", "*", "/", "%", "||", "=", "<", ">=", "<>"}).Draw(rt, "op")
		return genExpr(rt, depth+1) + " " + op + " " + genExpr(rt, depth+1)
	case 4:
		return genExpr(rt, depth+1) + "::" + rapid.SampledFrom(types).Draw(rt, "type")
	case 5:
		return "CAST(" + genExpr(rt, depth+1) + " AS " + rapid.SampledFrom(types).Draw(rt, "type") + ")"
	case 6:
		fn := rapid.SampledFrom([]string{"coalesce", "abs", "length", "upper", "nullif", "greatest"}).Draw(rt, "fn")
		if fn == "coalesce" || fn == "nullif" || fn == "greatest" {
			return fn + "(" + genExpr(rt, depth+1) + ", " + genExpr(rt, depth+1) + ")"
		}
		return fn + "(" + genExpr(rt, depth+1) + ")"
	case 7:
		return "CASE WHEN " + genExpr(rt, depth+1) + " THEN " + genExpr(rt, depth+1) + " ELSE " + genExpr(rt, depth+1) + " END"
	case 8:
		return genExpr(rt, depth+1) + " BETWEEN " + genLit(rt) + " AND " + genLit(rt)
	}
	return genExpr(rt, depth+1) + " IN (" + genLit(rt) + ", " + genLit(rt) + ")"
}

func genStatement(rt *rapid.T) string {
	switch rapid.IntRange(0, 15).Draw(rt, "stmt") {
	case 11, 12, 13, 14, 15:
		return genTypedStatement(rt)
	case 8:
		// group keys and sort keys compared with select items
		x, y := rapid.SampledFrom(intLits[:6]).Draw(rt, "x"), rapid.SampledFrom(intLits[:6]).Draw(rt, "y")
		f := rapid.SampledFrom([]string{
			"SELECT a + %s, count(*) FROM t GROUP BY a + %s",
			"SELECT DISTINCT a * %s FROM t ORDER BY a * %s",
			"SELECT a %% %s AS m, sum(b) FROM t GROUP BY a %% %s ORDER BY m",
			"SELECT d || %s AS z FROM t ORDER BY z, d || %s",
		}).Draw(rt, "shape")
		if strings.Contains(f, "||") {
			x, y = rapid.SampledFrom(strLits[:4]).Draw(rt, "xs"), rapid.SampledFrom(strLits[:4]).Draw(rt, "ys")
		}
		return fmt.Sprintf(f, x, y)
	case 9:
		return fmt.Sprintf("SELECT CASE %s WHEN %s THEN %s ELSE %s END FROM t ORDER BY id", genExpr(rt, 1), genLit(rt), genLit(rt), genExpr(rt, 2))
	case 10:
		return fmt.Sprintf("SELECT %s::varchar(%d)%s FROM t WHERE id = %s", genExpr(rt, 2), rapid.IntRange(1, 5).Draw(rt, "len"),
			rapid.SampledFrom([]string{"", "::text", "::int", " || 'x'"}).Draw(rt, "then"), genLit(rt))
	case 6:
		return fmt.Sprintf("DELETE FROM t WHERE id = %s OR %s RETURNING %s", rapid.SampledFrom(intLits).Draw(rt, "id"), genExpr(rt, 1), genExpr(rt, 2))
	case 7:
		return fmt.Sprintf("INSERT INTO t (id, d, %s) VALUES (%s, %s, %s), (%s, 'x', %s) RETURNING d, %s", rapid.SampledFrom(columns[1:]).Draw(rt, "col"),
			rapid.SampledFrom(intLits).Draw(rt, "id1"), rapid.SampledFrom(strLits).Draw(rt, "d"), genLit(rt),
			rapid.SampledFrom(intLits).Draw(rt, "id2"), genLit(rt), genLit(rt))
	case 0:
		return fmt.Sprintf("INSERT INTO t (id, %s) VALUES (%s, %s)", rapid.SampledFrom(columns[1:]).Draw(rt, "col"),
			rapid.SampledFrom(intLits).Draw(rt, "id"), genExpr(rt, 1))
	case 1:
		return fmt.Sprintf("UPDATE t SET %s = %s WHERE id = %s RETURNING id, %s", rapid.SampledFrom(columns[1:]).Draw(rt, "col"),
			genExpr(rt, 1), genLit(rt), genExpr(rt, 2))
	}
	var b strings.Builder
	items := rapid.IntRange(1, 3).Draw(rt, "items")
	b.WriteString("SELECT ")
	if rapid.IntRange(0, 5).Draw(rt, "distinct") == 0 {
		b.WriteString("DISTINCT ")
	}
	for i := 0; i < items; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(genExpr(rt, 0))
	}
	b.WriteString(" FROM t")
	if rapid.Bool().Draw(rt, "where") {
		b.WriteString(" WHERE " + genExpr(rt, 0))
	}
	grouped := rapid.IntRange(0, 4).Draw(rt, "group") == 0
	if grouped {
		b.WriteString(" GROUP BY " + rapid.SampledFrom([]string{"1", "2", "a", "a + 1", "d", "-1", "'x'"}).Draw(rt, "key"))
	}
	if rapid.Bool().Draw(rt, "order") {
		b.WriteString(" ORDER BY " + rapid.SampledFrom([]string{"1", "2", "-1", "0", "'x'", "id", "a + 1", "1 + 0"}).Draw(rt, "sort"))
		if !grouped {
			b.WriteString(", id")
		}
	}
	if rapid.Bool().Draw(rt, "limit") {
		b.WriteString(" LIMIT " + genLit(rt))
	}
	if rapid.IntRange(0, 3).Draw(rt, "offset") == 0 {
		b.WriteString(" OFFSET " + genLit(rt))
	}
	return b.String()
}

// typedLits are literals that mostly fit each column.
var typedLits = map[string][]string{
	"id": {"1", "2", "3", "4", "-1", "2147483647", "2147483648", "'2'", "1.0", "1.5"},
	"a":  {"10", "-20", "0", "-2147483648", "2147483647", "'10'", "10.0", "3000000000"},
	"b":  {"10000000000", "-5", "0", "9223372036854775807", "'0'", "-9223372036854775808", "99999999999999999999"},
	"c":  {"1.25", "99.99", "1.255", "-0.0", "'1.25'", "1", "123456.78", "1e2"},
	"d":  {"'one'", "'two'", "'x'", "''", "'it''s'", "'é'"},
	"e":  {"'a'", "'bb'", "'abcd'", "'abcde'", "''"},
	"f":  {"1", "-2", "32767", "32768", "-32768", "'1'", "40000"},
	"g":  {"0.5", "1e10", "-0.25", "1", "'0.5'", "'NaN'", "'-Infinity'"},
	"h":  {`'{"k": 1}'`, "'[1, 2]'", "'{'", "'1'", `'"s"'`},
	"ts": {"'2024-01-01 10:00:00'", "'1999-12-31 23:59:59'", "'2024-13-01'", "'2024-01-01'", "'epoch'"},
}

func typedLit(rt *rapid.T, col string) string {
	return rapid.SampledFrom(typedLits[col]).Draw(rt, "lit_"+col)
}

// genTypedStatement makes statements that mostly succeed: each column
// meets literals of its own type (and a few that do not fit).
func genTypedStatement(rt *rapid.T) string {
	col := rapid.SampledFrom(columns).Draw(rt, "tcol")
	cmp := rapid.SampledFrom([]string{"=", "<>", "<", ">="}).Draw(rt, "cmp")
	switch rapid.IntRange(0, 4).Draw(rt, "tshape") {
	case 0:
		return fmt.Sprintf("SELECT id, %s FROM t WHERE %s %s %s ORDER BY id LIMIT %s", col, col, cmp, typedLit(rt, col), typedLit(rt, "id"))
	case 1:
		return fmt.Sprintf("SELECT %s FROM t WHERE id = %s", col, typedLit(rt, "id"))
	case 2:
		if col == "id" {
			col = "a"
		}
		return fmt.Sprintf("UPDATE t SET %s = %s WHERE id = %s RETURNING id, %s, %s", col, typedLit(rt, col), typedLit(rt, "id"), col, typedLit(rt, col))
	case 3:
		return fmt.Sprintf("INSERT INTO t (id, %s) VALUES (%s, %s) RETURNING %s", col, rapid.SampledFrom(intLits).Draw(rt, "newid"), typedLit(rt, col), col)
	}
	return fmt.Sprintf("SELECT count(*), min(%s) FROM t WHERE %s IN (%s, %s) OR id = %s", col, col, typedLit(rt, col), typedLit(rt, col), typedLit(rt, "id"))
}
