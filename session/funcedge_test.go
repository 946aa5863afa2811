package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestEveryFunctionWithEdgeArguments calls every function pg_proc lists,
// the aggregates and window functions (as aggregates, over windows) and
// ZQL's functions,
// with no argument, then one and two of a set of awkward values (NULL,
// integer extremes, NaN, empty and long strings, arrays, jsonb, infinite
// timestamps, ...): whatever the call means, it must answer or fail
// with an error of its own, never panic (which would end this test's
// process, as it ends a connection), loop past statement_timeout or
// answer XX000. Found this way: inet's & and | panicking on text, an
// unbounded generate_series that outlived its client until the server
// ran out of memory.
func TestEveryFunctionWithEdgeArguments(t *testing.T) {
	if testing.Short() {
		t.Skip("tens of thousands of calls")
	}
	ctx := context.Background()
	db, s := openTestSession(t, Options{})
	var r recorder
	run := func(q string) error {
		r.take()
		return s.Query(ctx, q, &r)
	}
	// A call that would make millions of rows is canceled, as a client
	// giving up would cancel it.
	if err := run("SET statement_timeout = 200"); err != nil {
		t.Fatal(err)
	}
	if err := run("SELECT string_agg(DISTINCT proname::text, ',') FROM pg_proc"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(r.take()), "\n")
	if len(lines) < 2 {
		t.Fatalf("no functions: %q", lines)
	}
	names := strings.Split(lines[1], ",")
	// Functions that wait, or reach outside the session, by design.
	skip := map[string]bool{"pg_sleep": true, "pg_sleep_for": true, "pg_sleep_until": true, "pg_terminate_backend": true,
		"pg_cancel_backend": true, "lo_import": true, "lo_export": true, "pg_advisory_lock": true, "pg_advisory_xact_lock": true,
		"pg_advisory_lock_shared": true, "pg_advisory_xact_lock_shared": true, "set_config": true, "pg_reload_conf": true}
	// PostgreSQL's own XX000s (elog ERROR), which zerodb keeps.
	internalOK := map[string]bool{"setweight": true}
	// hstore's input function's syntax errors are XX000 too, which any
	// function of an hstore argument shows for text that is none.
	for _, f := range strings.Fields("fetchval slice_array slice exist isexists defined isdefined exists_any exists_all delete " +
		"hs_concat hs_contains hs_contained hstore tconvert hstore_to_json hstore_to_json_loose hstore_to_jsonb hstore_to_jsonb_loose " +
		"hstore_to_array hstore_to_matrix akeys avals skeys svals each hstore_cmp hstore_eq hstore_ne hstore_lt hstore_le hstore_gt " +
		"hstore_ge hstore_gin_key hstore_record srf_each srf_skeys srf_svals") {
		internalOK[f] = true
	}
	one := []string{"NULL", "0", "-1", "2147483647", "(-9223372036854775808)::int8", "1e308::float8", "'NaN'::float8", "''", "'abc'",
		"repeat('x', 3000)", "'{}'::int[]", "'{1,NULL}'::int[]", `'{"a":1}'::jsonb`, "'[]'::jsonb", "now()", "'infinity'::timestamptz",
		"'-infinity'::date", "interval '1 day'", "true", `'\x00ff'::bytea`, "1.5::numeric", "'NaN'::numeric", "'[1,2)'::int4range",
		"'{a,b}'::text[]", "'1.2.3.4'::inet", "'00:00:00'::time", "-2147483648"}
	two := []string{"NULL", "0", "-1", "''", "'abc'", "2147483647", "'{1,NULL}'::int[]", `'{"a":1}'::jsonb`, "now()", "1.5::numeric", "'NaN'::float8"}
	calls := 0
	check := func(f, args string) {
		calls++
		q := `SELECT "` + f + `"(` + args + `)`
		err := run(q)
		if err == nil {
			return
		}
		var e *errs.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %v (not a SQL error)", q, err)
			return
		}
		if e.Code == errs.InternalError && !internalOK[f] {
			t.Errorf("%s: XX000 %s", q, e.Message)
		}
		if e.Code == errs.QueryCanceled {
			// The timeout's cancellation leaves the session usable.
			if err := run("SELECT 1"); err != nil {
				t.Fatalf("after %s: %v", q, err)
			}
		}
	}
	for _, f := range names {
		if skip[f] || f == "" {
			continue
		}
		check(f, "")
		for _, a := range one {
			check(f, a)
		}
		for _, a := range two {
			for _, b := range two {
				check(f, a+", "+b)
			}
		}
	}
	// Aggregates and window functions, which pg_proc does not list, over
	// two rows of each value.
	aggs := strings.Fields("sum count avg min max string_agg array_agg json_agg jsonb_agg json_object_agg jsonb_object_agg bool_and bool_or every " +
		"bit_and bit_or bit_xor stddev stddev_pop stddev_samp variance var_pop var_samp corr covar_pop covar_samp regr_slope regr_intercept " +
		"regr_count regr_r2 regr_avgx regr_avgy regr_sxx regr_syy regr_sxy percentile_cont percentile_disc mode range_agg range_intersect_agg " +
		"row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value")
	for _, f := range aggs {
		for _, a := range one {
			for _, b := range []string{"NULL", "0", "'abc'"} {
				for _, q := range []string{
					`"%[1]s"(x) FROM (VALUES (%[2]s), (%[3]s)) t(x)`,
					`"%[1]s"(x) OVER (ORDER BY x) FROM (VALUES (%[2]s), (%[3]s)) t(x)`,
					`"%[1]s"(x, %[3]s) FROM (VALUES (%[2]s), (%[2]s)) t(x)`,
					`"%[1]s"(x, %[3]s) OVER () FROM (VALUES (%[2]s)) t(x)`,
					`"%[1]s"(DISTINCT x ORDER BY x) FROM (VALUES (%[2]s), (%[3]s)) t(x)`,
				} {
					calls++
					q = "SELECT " + fmt.Sprintf(q, f, a, b)
					var e *errs.Error
					if err := run(q); errors.As(err, &e) && e.Code == errs.InternalError {
						t.Errorf("%s: XX000 %s", q, e.Message)
					} else if err != nil && !errors.As(err, &e) {
						t.Errorf("%s: %v (not a SQL error)", q, err)
					}
				}
			}
		}
	}
	// ZQL's functions (the registry's other names), with ZQL's values.
	if err := run("SET zerodb.language = 'zql'"); err != nil {
		t.Fatal(err)
	}
	zvals := []string{"null", "0", "-1", "9223372036854775807", "-9223372036854775808", "1.5", "1e308", `""`, `"abc"`, "[]", "[1, null]", "{}", "{a: 1}", "true"}
	zql := 0
	for _, f := range db.reg.Names() {
		if strings.HasPrefix(f, "sql::") || strings.Contains(f, "sleep") {
			continue
		}
		zql++
		args := []string{""}
		for _, a := range zvals {
			args = append(args, a)
			for _, b := range zvals {
				args = append(args, a+", "+b)
			}
		}
		for _, a := range args {
			calls++
			q := f + "(" + a + ")"
			var e *errs.Error
			if err := run(q); errors.As(err, &e) && e.Code == errs.InternalError {
				t.Errorf("%s: XX000 %s", q, e.Message)
			} else if err != nil && !errors.As(err, &e) {
				t.Errorf("%s: %v (not a ZQL error)", q, err)
			}
		}
	}
	t.Logf("%d SQL functions, %d aggregates and window functions, %d ZQL functions, %d calls", len(names), len(aggs), zql, calls)
}
