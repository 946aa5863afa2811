package sqlfe

import (
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/errs"
)

func TestNamedIntervalArgs(t *testing.T) {
	for _, c := range []struct {
		call string
		want []int64 // the integer constants in parameter order
		code string
	}{
		{"make_interval(1, 2)", []int64{1, 2}, ""},
		{"make_interval(days => 10)", []int64{0, 0, 0, 10, 0, 0, 0}, ""},
		{"make_interval(1, secs => 5, weeks => 2)", []int64{1, 0, 2, 0, 0, 0, 5}, ""},
		{"make_interval(foo => 1)", nil, errs.UndefinedFunction},
		{"make_interval(days => 1, days => 2)", nil, errs.UndefinedFunction},
		{"make_interval(days => 1, 2)", nil, errs.SyntaxError},
	} {
		tree, err := pg.Parse("SELECT " + c.call)
		if err != nil {
			t.Fatal(err)
		}
		fc := tree.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val.GetFuncCall()
		args, err := namedIntervalArgs(fc.Args, 1)
		if errs.Code(err) != c.code {
			t.Errorf("%s: error %v; want %s", c.call, err, c.code)
			continue
		}
		if err != nil {
			continue
		}
		got := make([]int64, len(args))
		for i, a := range args {
			got[i] = int64(a.GetAConst().GetIval().GetIval())
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %v; want %v", c.call, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: %v; want %v", c.call, got, c.want)
				break
			}
		}
	}
}

// TestDateBinAndIsfiniteArgs checks how date_bin's and isfinite's
// untyped arguments are typed: as PostgreSQL resolves the overloads,
// from the typed ones.
func TestDateBinAndIsfiniteArgs(t *testing.T) {
	for _, c := range []struct {
		sql, want string // want: the result column's type, or an error's SQLSTATE
	}{
		{"SELECT date_bin('1 hour', '2020-01-01', '2000-01-01')", "timestamp with time zone"},
		{"SELECT date_bin('1 hour', '2020-01-01'::timestamp, '2000-01-01')", "timestamp without time zone"},
		{"SELECT date_bin('1 hour', '2020-01-01'::timestamp, '2000-01-01'::date)", "timestamp without time zone"},
		{"SELECT date_bin('1 hour', '2020-01-01'::timestamp, '2000-01-01'::timestamptz)", "timestamp with time zone"},
		{"SELECT date_bin('1 hour', '2020-01-01'::date, '2000-01-01'::date)", "timestamp with time zone"},
		{"SELECT date_bin(1, '2020-01-01'::timestamp, '2000-01-01')", errs.UndefinedFunction},
		{"SELECT isfinite('2020-01-01')", codeAmbiguousFunction},
		{"SELECT isfinite('2020-01-01'::date)", "boolean"},
	} {
		st, err := translateOne(t, c.sql)
		if err != nil {
			if errs.Code(err) != c.want {
				t.Errorf("%s: %v, want %s", c.sql, err, c.want)
			}
			continue
		}
		if got := st.Columns[0].Type.SQLName(); got != c.want {
			t.Errorf("%s: %s, want %s", c.sql, got, c.want)
		}
	}
}
