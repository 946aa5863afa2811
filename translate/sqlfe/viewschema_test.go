package sqlfe

import (
	"slices"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

func TestRenameSchemaIn(t *testing.T) {
	for _, c := range []struct {
		query, want string
		changed     bool
	}{
		{"SELECT a FROM app.t", "SELECT a FROM shop.t", true},
		{"SELECT a FROM t JOIN app.u USING (a) WHERE a IN (SELECT b FROM app.w)", "SELECT a FROM t JOIN shop.u USING (a) WHERE a IN (SELECT b FROM shop.w)", true},
		{"SELECT a FROM t", "", false},
		{"SELECT a FROM other.app", "", false},
		{"SELECT 'x'::app.mood, ARRAY[]::app.mood[], CAST(1 AS app.pos)", "SELECT 'x'::shop.mood, ARRAY[]::shop.mood[], 1::shop.pos", true},
		{"SELECT app.f(a) FROM t", "SELECT shop.f(a) FROM t", true},
		{"SELECT 'x'::mood, f(a), other.f(a) FROM t", "", false},
		{"SELECT", "", false},
	} {
		got, changed, err := renameSchemaIn(c.query, "app", "shop")
		if err != nil || changed != c.changed || got != c.want {
			t.Errorf("renameSchemaIn(%q) = %q, %v, %v; want %q, %v", c.query, got, changed, err, c.want, c.changed)
		}
	}
}

func TestQueryRelationsQualified(t *testing.T) {
	got := QueryRelations("WITH c AS (SELECT 1) SELECT * FROM t, public.u, app.v, pg_catalog.pg_class, c")
	if want := []string{"t", "u", "app.v"}; !slices.Equal(got, want) {
		t.Errorf("QueryRelations = %q, want %q", got, want)
	}
}

// FuzzRenameSchemaIn checks that rewriting a stored query's schema never
// panics and that what it writes parses again.
func FuzzRenameSchemaIn(f *testing.F) {
	f.Add("SELECT a FROM app.t JOIN app.u ON true", "app", "shop")
	f.Add("SELECT app.f(1) FROM \"app\".\"T\"", "app", "new name")
	f.Add("WITH x AS (SELECT 1 FROM app.t) SELECT * FROM x", "app", "")
	f.Add("SELECT 'x'::app.mood, CAST(NULL AS app.pair[]), app.f(y::app.d) FROM t", "app", "shop")
	f.Fuzz(func(t *testing.T, query, old, new string) {
		text, changed, err := renameSchemaIn(query, old, new)
		if err != nil || !changed {
			return
		}
		if _, err := pg.Parse(text); err != nil {
			t.Fatalf("renameSchemaIn(%q, %q, %q) wrote %q, which does not parse: %v", query, old, new, text, err)
		}
	})
}
