package sqlfe

import (
	"slices"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// TestExpressionIndexParts checks what CREATE INDEX stores for expression
// parts (the text pg_get_indexdef shows, the columns read), the default
// names PostgreSQL gives such indexes, and the refusals.
func TestExpressionIndexParts(t *testing.T) {
	cases := []struct {
		sql   string
		name  string
		exprs []string // Expr of each part ("" for a column or path)
		cols  [][]string
		desc  []bool
		code  string
	}{
		{sql: "CREATE UNIQUE INDEX ON users (lower(name))", name: "users_lower_idx",
			exprs: []string{"lower(name)"}, cols: [][]string{{"name"}}, desc: []bool{false}},
		{sql: "CREATE INDEX ON users ((age + 1) DESC, id)", name: "users_expr_id_idx",
			exprs: []string{"(age + 1)", ""}, cols: [][]string{{"age"}, nil}, desc: []bool{true, false}},
		{sql: "CREATE INDEX ON orders ((placed::date))", name: "orders_placed_idx",
			exprs: []string{"(placed::date)"}, cols: [][]string{{"placed"}}, desc: []bool{false}},
		{sql: "CREATE INDEX ON users (coalesce(name, email::text))", name: "users_coalesce_idx",
			exprs: []string{"COALESCE(name, email::text)"}, cols: [][]string{{"name", "email"}}, desc: []bool{false}},
		{sql: "CREATE INDEX ix ON users ((data->>'k'))", name: "ix", exprs: []string{""}, cols: [][]string{nil}, desc: []bool{false}},
		{sql: "CREATE INDEX ON users ((random() + age))", code: errs.InvalidObjectDefinition},
		{sql: "CREATE INDEX ON users ((now()::date))", code: errs.InvalidObjectDefinition},
		{sql: "CREATE INDEX ON users ((count(*)))", code: errs.GroupingError},
		{sql: "CREATE INDEX ON users (lower(nope))", code: errs.UndefinedColumn},
		{sql: "CREATE INDEX ON users USING hnsw ((age + 1))", code: errs.FeatureNotSupported},
	}
	reg := builtin.NewRegistry()
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			stmts := mustSplit(t, c.sql)
			st, err := Translate(t.Context(), realFuncs{newFakeResolver(), reg}, stmts[0])
			if c.code != "" {
				if errs.Code(err) != c.code {
					t.Fatalf("error %v, want %s", err, c.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ci := st.Root.(*plan.CreateIndex)
			if ci.Index.Name != c.name {
				t.Errorf("name %q, want %q", ci.Index.Name, c.name)
			}
			if len(ci.Index.Parts) != len(c.exprs) {
				t.Fatalf("%d parts, want %d", len(ci.Index.Parts), len(c.exprs))
			}
			for i, p := range ci.Index.Parts {
				if p.Expr != c.exprs[i] || !slices.Equal(p.Cols, c.cols[i]) || p.Desc != c.desc[i] {
					t.Errorf("part %d = %+v, want expr %q cols %v desc %v", i, p, c.exprs[i], c.cols[i], c.desc[i])
				}
			}
		})
	}
}

// realFuncs is the fake resolver's tables with the real builtins, which
// say which functions are immutable (Pure).
type realFuncs struct {
	*fakeResolver
	reg *builtin.Registry
}

func (r realFuncs) Function(name string) (*builtin.Func, bool) { return r.reg.Lookup(name) }

// TestCompileIndexExpr compiles stored index expressions as the executor
// does: the same expression as the statement's, without a catalog.
func TestCompileIndexExpr(t *testing.T) {
	users, err := newFakeResolver().Table(t.Context(), "users")
	if err != nil {
		t.Fatal(err)
	}
	reg := builtin.NewRegistry()
	for _, c := range []struct {
		src, explain, code string
	}{
		{src: "lower(name)", explain: "sql::lower(users.name)"},
		{src: "(age + 1)", explain: "(users.age + 1_i32)"},
		{src: "(random() + age)", code: errs.InvalidObjectDefinition},
		{src: "(select 1)", code: errs.FeatureNotSupported},
		{src: "lower(nope)", code: errs.UndefinedColumn},
	} {
		x, err := CompileIndexExpr(reg, users, c.src)
		if c.code != "" {
			if errs.Code(err) != c.code {
				t.Errorf("%s: error %v, want %s", c.src, err, c.code)
			} else if errs.From(err).Position != 0 {
				t.Errorf("%s: error at %d: the stored text is no statement's", c.src, errs.From(err).Position)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if got := plan.ExplainExpr(x); got != c.explain {
			t.Errorf("%s compiles to %s, want %s", c.src, got, c.explain)
		}
	}
}
