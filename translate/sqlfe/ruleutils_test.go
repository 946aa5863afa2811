package sqlfe

import (
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// TestRuleExpr prints stored expressions as PostgreSQL 15's
// pg_get_constraintdef and pg_get_indexdef print them (the wants are
// its output for the same columns and expressions).
func TestRuleExpr(t *testing.T) {
	field := func(name string, ty value.Type) catalog.Field {
		return catalog.Field{Name: name, Type: ty, Optional: true}
	}
	tab := &catalog.Table{Name: "ck", Schemafull: true, Fields: []catalog.Field{
		field("a", value.TypeInt4), field("b", value.TypeInt8), field("s", value.TypeInt2),
		field("c", value.TypeNumeric), field("nm", value.Type{Kind: value.KindDecimal, Precision: 10, Scale: 2}),
		field("f", value.TypeFloat8), field("r", value.TypeFloat4),
		field("d", value.TypeText), field("e", value.Type{Kind: value.KindString, MaxLen: 20}),
		field("e2", value.Type{Kind: value.KindString, Varchar: true}),
		field("ch", value.Type{Kind: value.KindString, BPChar: true, MaxLen: 3}),
		field("g", value.TypeBool), field("h", value.TypeJSONB), field("i", value.TypeDate),
		field("ts", value.TypeTimestamp), field("tz", value.TypeTimestampTZ), field("iv", value.TypeInterval),
		field("u", value.TypeUUID),
	}}
	reg := builtin.NewRegistry()
	for _, c := range []struct {
		expr, plain, pretty string
	}{
		{"c > 0", "(c > (0)::numeric)", "c > 0::numeric"},
		{"d <> ''", "(d <> ''::text)", "d <> ''::text"},
		{"i > '2000-01-01'", "(i > '2000-01-01'::date)", "i > '2000-01-01'::date"},
		{"b > 5", "(b > 5)", "b > 5"},
		{"b < 5000000000", "(b < '5000000000'::bigint)", "b < '5000000000'::bigint"},
		{"a > -1", "(a > '-1'::integer)", "a > '-1'::integer"},
		{"c > -1.5", "(c > '-1.5'::numeric)", "c > '-1.5'::numeric"},
		{"c > -5", "(c > ('-5'::integer)::numeric)", "c > '-5'::integer::numeric"},
		{"nm > 1.5", "(nm > 1.5)", "nm > 1.5"},
		{"f > 0 AND f < 1.5", "((f > (0)::double precision) AND (f < (1.5)::double precision))", "f > 0::double precision AND f < 1.5::double precision"},
		{"r > 1", "(r > (1)::double precision)", "r > 1::double precision"},
		{"s > 1", "(s > 1)", "s > 1"},
		{"g", "g", "g"},
		{"g = true", "(g = true)", "g = true"},
		{"NOT g", "(NOT g)", "NOT g"},
		{"g IS TRUE", "(g IS TRUE)", "g IS TRUE"},
		{"e LIKE 'a%'", "((e)::text ~~ 'a%'::text)", "e::text ~~ 'a%'::text"},
		{"d NOT LIKE 'x%'", "(d !~~ 'x%'::text)", "d !~~ 'x%'::text"},
		{"d ILIKE 'x%'", "(d ~~* 'x%'::text)", "d ~~* 'x%'::text"},
		{"d ~ '^a'", "(d ~ '^a'::text)", "d ~ '^a'::text"},
		{"e = d", "((e)::text = d)", "e::text = d"},
		{"e = e2", "((e)::text = (e2)::text)", "e::text = e2::text"},
		{"ch <> 'abc'", "(ch <> 'abc'::bpchar)", "ch <> 'abc'::bpchar"},
		{"d IN ('a', 'b')", "(d = ANY (ARRAY['a'::text, 'b'::text]))", "d = ANY (ARRAY['a'::text, 'b'::text])"},
		{"d IN ('x')", "(d = 'x'::text)", "d = 'x'::text"},
		{"a IN (1, 2, 3)", "(a = ANY (ARRAY[1, 2, 3]))", "a = ANY (ARRAY[1, 2, 3])"},
		{"a NOT IN (1, 2)", "(a <> ALL (ARRAY[1, 2]))", "a <> ALL (ARRAY[1, 2])"},
		{"b IN (1, 2)", "(b = ANY (ARRAY[(1)::bigint, (2)::bigint]))", "b = ANY (ARRAY[1::bigint, 2::bigint])"},
		{"s IN (1, 2)", "(s = ANY (ARRAY[1, 2]))", "s = ANY (ARRAY[1, 2])"},
		{"c IN (1, 2.5)", "(c = ANY (ARRAY[(1)::numeric, 2.5]))", "c = ANY (ARRAY[1::numeric, 2.5])"},
		{"e2 IN ('x', 'y')", "((e2)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[]))",
			"e2::text = ANY (ARRAY['x'::character varying, 'y'::character varying]::text[])"},
		{"d = ANY ('{a,b}')", "(d = ANY ('{a,b}'::text[]))", "d = ANY ('{a,b}'::text[])"},
		{"a BETWEEN 1 AND 10", "((a >= 1) AND (a <= 10))", "a >= 1 AND a <= 10"},
		{"c NOT BETWEEN 1 AND 2", "((c < (1)::numeric) OR (c > (2)::numeric))", "c < 1::numeric OR c > 2::numeric"},
		{"length(d) BETWEEN 1 AND 10", "((length(d) >= 1) AND (length(d) <= 10))", "length(d) >= 1 AND length(d) <= 10"},
		{"a IN (1, 2) AND d <> ''", "((a = ANY (ARRAY[1, 2])) AND (d <> ''::text))", "(a = ANY (ARRAY[1, 2])) AND d <> ''::text"},
		{"a IS NULL OR a > 0", "((a IS NULL) OR (a > 0))", "a IS NULL OR a > 0"},
		{"a > 0 AND (b > 0 OR c > 0)", "((a > 0) AND ((b > 0) OR (c > (0)::numeric)))", "a > 0 AND (b > 0 OR c > 0::numeric)"},
		{"(a > 0 OR b > 0) AND c > 0", "(((a > 0) OR (b > 0)) AND (c > (0)::numeric))", "(a > 0 OR b > 0) AND c > 0::numeric"},
		{"NOT (a > 0 AND b > 0)", "(NOT ((a > 0) AND (b > 0)))", "NOT (a > 0 AND b > 0)"},
		{"a - (b - 1) > 0", "((a - (b - 1)) > 0)", "(a - (b - 1)) > 0"},
		{"a * 2 + 1 > 0", "(((a * 2) + 1) > 0)", "(a * 2 + 1) > 0"},
		{"a % b = 0", "(((a)::bigint % b) = 0)", "(a::bigint % b) = 0"},
		{"b % 2 = 0", "((b % (2)::bigint) = 0)", "(b % 2::bigint) = 0"},
		{"s & a = 0", "(((s)::integer & a) = 0)", "(s::integer & a) = 0"},
		{"a + s > 0", "((a + s) > 0)", "(a + s) > 0"},
		{"a IS DISTINCT FROM 5", "(a IS DISTINCT FROM 5)", "a IS DISTINCT FROM 5"},
		{"c::int > 0", "((c)::integer > 0)", "c::integer > 0"},
		{"'5'::int < a", "(5 < a)", "5 < a"},
		{"coalesce(d, 'x') <> 'y'", "(COALESCE(d, 'x'::text) <> 'y'::text)", "COALESCE(d, 'x'::text) <> 'y'::text"},
		{"greatest(a, 0) = a", "(GREATEST(a, 0) = a)", "GREATEST(a, 0) = a"},
		{"nullif(a, 0) > 1", "(NULLIF(a, 0) > 1)", "NULLIF(a, 0) > 1"},
		{"upper(e) = 'X'", "(upper((e)::text) = 'X'::text)", "upper(e::text) = 'X'::text"},
		{"round(a) > 0", "(round((a)::double precision) > (0)::double precision)", "round(a::double precision) > 0::double precision"},
		{"power(a, 2) > 0", "(power((a)::double precision, (2)::double precision) > (0)::double precision)", "power(a::double precision, 2::double precision) > 0::double precision"},
		{"power(c, 2) > 0", "(power(c, (2)::numeric) > (0)::numeric)", "power(c, 2::numeric) > 0::numeric"},
		{"sqrt(f) > 1", "(sqrt(f) > (1)::double precision)", "sqrt(f) > 1::double precision"},
		{"trim(e) <> ''", "(TRIM(BOTH FROM e) <> ''::text)", "TRIM(BOTH FROM e) <> ''::text"},
		{"position('@' in d) > 1", "(POSITION(('@'::text) IN (d)) > 1)", "POSITION(('@'::text) IN (d)) > 1"},
		{"d SIMILAR TO 'a%'", "(d ~ similar_to_escape('a%'::text))", "d ~ similar_to_escape('a%'::text)"},
		{"extract(year from i) > 2000", "(EXTRACT(year FROM i) > (2000)::numeric)", "EXTRACT(year FROM i) > 2000::numeric"},
		{"round(c, 2) = c", "(round(c, 2) = c)", "round(c, 2) = c"},
		{"date_trunc('day', ts) = ts", "(date_trunc('day'::text, ts) = ts)", "date_trunc('day'::text, ts) = ts"},
		{"ts < '2030-01-01'", "(ts < '2030-01-01 00:00:00'::timestamp without time zone)", "ts < '2030-01-01 00:00:00'::timestamp without time zone"},
		{"h ->> 'k' = 'v'", "((h ->> 'k'::text) = 'v'::text)", "(h ->> 'k'::text) = 'v'::text"},
		{"h ? 'a'", "(h ? 'a'::text)", "h ? 'a'::text"},
		{`h @> '{"a":1}'`, `(h @> '{"a": 1}'::jsonb)`, `h @> '{"a": 1}'::jsonb`},
		{"iv > '1 day'", "(iv > '1 day'::interval)", "iv > '1 day'::interval"},
		{"u <> '00000000-0000-0000-0000-000000000000'", "(u <> '00000000-0000-0000-0000-000000000000'::uuid)", "u <> '00000000-0000-0000-0000-000000000000'::uuid"},
		{"(d || 'x')", "(d || 'x'::text)", "d || 'x'::text"},
		{"(c * 2)", "(c * (2)::numeric)", "c * 2::numeric"},
		{"md5(d || 'x')", "md5((d || 'x'::text))", "md5(d || 'x'::text)"},
		{"to_tsvector('english', d)", "to_tsvector('english'::regconfig, d)", "to_tsvector('english'::regconfig, d)"},
		{"to_tsvector('english'::regconfig, d)", "to_tsvector('english'::regconfig, d)", "to_tsvector('english'::regconfig, d)"},
		// zerodb reads a timestamptz literal in the writing session's
		// time zone, so it shows it as written (PostgreSQL shows the
		// moment it read at CREATE).
		{"tz > '2000-01-01'", "(tz > '2000-01-01'::timestamp with time zone)", "tz > '2000-01-01'::timestamp with time zone"},
	} {
		for _, pretty := range []bool{false, true} {
			want := c.plain
			if pretty {
				want = c.pretty
			}
			got, err := RuleExpr(reg, tab, c.expr, pretty)
			if err != nil {
				t.Errorf("%s (pretty %v): %v", c.expr, pretty, err)
				continue
			}
			if got != want {
				t.Errorf("%s (pretty %v):\n got %s\nwant %s", c.expr, pretty, got, want)
			}
			// pg_dump restores the printed text: it must mean the
			// same, and print the same again.
			if again, err := RuleExpr(reg, tab, got, pretty); err != nil || again != got {
				t.Errorf("%s (pretty %v): printed text %s prints as %s (%v)", c.expr, pretty, got, again, err)
			}
		}
	}
}

// TestRuleExprUnprintable fails for what the printer does not know, so
// that callers show the stored text instead of a wrong one.
func TestRuleExprUnprintable(t *testing.T) {
	tab := &catalog.Table{Name: "t", Schemafull: true, Fields: []catalog.Field{
		{Name: "a", Type: value.TypeInt4, Optional: true},
	}}
	reg := builtin.NewRegistry()
	for _, expr := range []string{
		"CASE WHEN a > 0 THEN true ELSE false END",
		"a IN (1, a)",
		"nope > 0",
		"a > (SELECT 1)",
		"t.a > 0 AND x.a > 0",
	} {
		if got, err := RuleExpr(reg, tab, expr, false); err == nil {
			t.Errorf("%s printed as %s, want an error", expr, got)
		}
	}
}

// TestOnlyColumn names a CHECK constraint after the one column its
// expression reads, wherever it reads it (PostgreSQL 15's names).
func TestOnlyColumn(t *testing.T) {
	for _, c := range []struct{ expr, want string }{
		{"a > 0", "a"},
		{"g IS TRUE", "g"},
		{"coalesce(d, 'x') <> 'y'", "d"},
		{"greatest(a, 0) = a", "a"},
		{"a > 0 AND t.a < 10", "a"},
		{"a > b", ""},
		{"now() > '2000-01-01'", ""},
	} {
		res, err := pg.Parse("SELECT " + c.expr)
		if err != nil {
			t.Fatal(err)
		}
		n := res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()[0].GetResTarget().Val
		if got := onlyColumn(n); got != c.want {
			t.Errorf("onlyColumn(%s) = %q, want %q", c.expr, got, c.want)
		}
	}
}

// BenchmarkRuleExpr is the cost pg_get_constraintdef and pg_get_indexdef
// add per stored expression they print.
func BenchmarkRuleExpr(b *testing.B) {
	tab := &catalog.Table{Name: "t", Schemafull: true, Fields: []catalog.Field{
		{Name: "price", Type: value.TypeNumeric, Optional: true},
		{Name: "status", Type: value.Type{Kind: value.KindString, MaxLen: 20}, Optional: true},
	}}
	reg := builtin.NewRegistry()
	for b.Loop() {
		if _, err := RuleExpr(reg, tab, "price > 0 AND status IN ('new', 'paid', 'sent')", false); err != nil {
			b.Fatal(err)
		}
	}
}
