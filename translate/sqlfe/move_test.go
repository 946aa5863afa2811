package sqlfe

import (
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/errs"
)

func TestMoveRelationIn(t *testing.T) {
	for _, c := range []struct {
		query, from, to, want string
		changed               bool
		code                  string
	}{
		{query: "SELECT a FROM t", to: "app", want: "SELECT a FROM app.t", changed: true},
		{query: "SELECT a FROM public.t JOIN u USING (a)", to: "app", want: "SELECT a FROM app.t JOIN u USING (a)", changed: true},
		{query: "SELECT a FROM app.t WHERE a IN (SELECT a FROM app.t)", from: "app", to: "public", want: "SELECT a FROM t WHERE a IN (SELECT a FROM t)", changed: true},
		{query: "SELECT a FROM app.t", from: "app", to: "shop", want: "SELECT a FROM shop.t", changed: true},
		{query: "SELECT app.t.a FROM app.t", from: "app", to: "shop", want: "SELECT shop.t.a FROM shop.t", changed: true},
		{query: "SELECT a FROM other.t, tt, app.u", from: "app", to: "shop"},
		{query: "SELECT a FROM app.t", to: "shop"},
		{query: "WITH t AS (SELECT 1 AS a) SELECT a FROM t", to: "app", code: errs.FeatureNotSupported},
		{query: "WITH t AS (SELECT 1 AS a) SELECT a FROM app.t", from: "app", to: "shop", want: "WITH t AS (SELECT 1 AS a) SELECT a FROM shop.t", changed: true},
		{query: "SELECT", to: "app"},
	} {
		got, changed, err := moveRelationIn(c.query, c.from, "t", c.to)
		if c.code != "" {
			if errs.Code(err) != c.code {
				t.Errorf("moveRelationIn(%q) = %v, want %s", c.query, err, c.code)
			}
			continue
		}
		if err != nil || changed != c.changed || got != c.want {
			t.Errorf("moveRelationIn(%q, %q, %q) = %q, %v, %v; want %q, %v", c.query, c.from, c.to, got, changed, err, c.want, c.changed)
		}
	}
}

func TestMoveFunctionIn(t *testing.T) {
	for _, c := range []struct {
		query, from, to, want string
		builtin, changed      bool
	}{
		{query: "SELECT f(1)", to: "app", want: "SELECT app.f(1)", changed: true},
		{query: "SELECT public.f(1), g(f(2))", to: "app", want: "SELECT app.f(1), g(app.f(2))", changed: true},
		{query: "SELECT app.f(a) FROM t", from: "app", to: "public", want: "SELECT f(a) FROM t", changed: true},
		{query: "SELECT public.f(1), f(2)", to: "app", builtin: true, want: "SELECT app.f(1), f(2)", changed: true},
		{query: "SELECT app.f(1)", from: "app", to: "public", builtin: true, want: "SELECT public.f(1)", changed: true},
		{query: "SELECT other.f(1), f(2)", from: "app", to: "shop"},
	} {
		got, changed, err := moveFunctionIn(c.query, c.from, "f", c.to, c.builtin)
		if err != nil || changed != c.changed || got != c.want {
			t.Errorf("moveFunctionIn(%q, %q, %q) = %q, %v, %v; want %q, %v", c.query, c.from, c.to, got, changed, err, c.want, c.changed)
		}
	}
}

// FuzzMoveRelationIn checks that rewriting a stored query's names of a
// moved relation or function never panics and that what it writes
// parses again.
func FuzzMoveRelationIn(f *testing.F) {
	f.Add("SELECT a FROM t JOIN app.t ON true", "", "t", "app")
	f.Add("SELECT app.t.a, app.f(1) FROM \"app\".\"t\"", "app", "t", "public")
	f.Add("WITH x AS (SELECT 1 FROM t) SELECT * FROM x", "", "t", "new name")
	f.Fuzz(func(t *testing.T, query, from, name, to string) {
		for _, rewrite := range []func() (string, bool, error){
			func() (string, bool, error) { return moveRelationIn(query, from, name, to) },
			func() (string, bool, error) { return moveFunctionIn(query, from, name, to, false) },
		} {
			text, changed, err := rewrite()
			if err != nil || !changed {
				continue
			}
			if _, err := pg.Parse(text); err != nil {
				t.Fatalf("rewrite of %q (%q.%q to %q) wrote %q, which does not parse: %v", query, from, name, to, text, err)
			}
		}
	})
}
