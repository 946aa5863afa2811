package sysview

import (
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// Extended statistics objects (catalog/statistics.go) as PostgreSQL 15's
// catalogs show them: pg_statistic_ext, the functions that print them,
// and pg_statistic_ext_data and pg_stats_ext without rows, since zerodb
// computes none of their statistics.

// oidPgStatisticExt is pg_statistic_ext's own OID, the classoid of a
// statistics object's comment.
const oidPgStatisticExt uint32 = 3381

// statisticOID is the pg_statistic_ext OID of t's statistics object
// name.
func statisticOID(t *catalog.Table, name string) uint32 {
	return ConstraintOID(t.ID, "statistics "+name)
}

// eachStatistic calls fn with every statistics object of the tables.
func (m *model) eachStatistic(fn func(r *relInfo, s *catalog.Statistic)) error {
	m.each(func(r *relInfo) {
		if r.stored() {
			for i := range r.table.Statistics {
				fn(r, &r.table.Statistics[i])
			}
		}
	})
	return m.err
}

func pgStatisticExt(m *model, out *rowSet) error {
	return m.eachStatistic(func(r *relInfo, s *catalog.Statistic) {
		keys := make([]int16, len(s.Columns))
		for i, c := range s.Columns {
			keys[i] = int16(attnumOf(r, c))
		}
		kinds := make([]string, len(s.Kinds))
		for i := range s.Kinds {
			kinds[i] = s.Kinds[i : i+1]
		}
		var exprs any
		if len(s.Exprs) > 0 {
			exprs = statExprList(s)
		}
		out.add(statisticOID(r.table, s.Name), r.oid, s.Name, r.nsp, RoleOID(s.OwnerName(r.table)),
			int32(statTarget(s)), value.Int2Vector(keys), textList(kinds), exprs)
	})
}

// statTarget is stxstattarget: -1 for the default.
func statTarget(s *catalog.Statistic) int {
	if s.Target == nil {
		return -1
	}
	return *s.Target
}

// statExprList is the text of s's expressions, comma-separated (as
// stxexprs holds them here: SQL text, not a node tree).
func statExprList(s *catalog.Statistic) string {
	texts := make([]string, len(s.Exprs))
	for i, e := range s.Exprs {
		texts[i] = e.Expr
	}
	return strings.Join(texts, ", ")
}

// pgStatsExt is pg_stats_ext: one row per statistics object whose
// statistics ANALYZE built; zerodb builds none.
func pgStatsExt(*model, *rowSet) error { return nil }

// statisticByOID finds the statistics object oid and its table.
func statisticByOID(e *Env, oid uint32) (*relInfo, *catalog.Statistic, error) {
	m := newModel(e)
	var rel *relInfo
	var found *catalog.Statistic
	err := m.eachStatistic(func(r *relInfo, s *catalog.Statistic) {
		if statisticOID(r.table, s.Name) == oid {
			rel, found = r, s
		}
	})
	return rel, found, err
}

// statisticColumns is pg_get_statisticsobjdef_columns: the columns,
// then the expressions.
func statisticColumns(s *catalog.Statistic) string {
	parts := make([]string, 0, len(s.Columns)+len(s.Exprs))
	for _, c := range s.Columns {
		parts = append(parts, builtin.QuoteIdent(c))
	}
	for _, e := range s.Exprs {
		parts = append(parts, e.Expr)
	}
	return strings.Join(parts, ", ")
}

// statisticDef is pg_get_statisticsobjdef: the kinds are listed unless
// all three are there (or it is one expression's).
func statisticDef(e *Env, m *model, r *relInfo, s *catalog.Statistic) string {
	schema := m.nspName(r.nsp)
	var b strings.Builder
	b.WriteString("CREATE STATISTICS " + builtin.QuoteIdent(schema) + "." + builtin.QuoteIdent(s.Name))
	if kinds := strings.TrimSuffix(s.Kinds, "e"); kinds != "dfm" && len(s.Columns)+len(s.Exprs) > 1 {
		var names []string
		for _, k := range kinds {
			names = append(names, map[rune]string{'d': "ndistinct", 'f': "dependencies", 'm': "mcv"}[k])
		}
		b.WriteString(" (" + strings.Join(names, ", ") + ")")
	}
	b.WriteString(" ON " + statisticColumns(s) + " FROM ")
	if schema != "public" || !publicVisible(e) {
		b.WriteString(builtin.QuoteIdent(schema) + ".")
	}
	b.WriteString(builtin.QuoteIdent(r.name))
	return b.String()
}

// statisticsFuncs are pg_get_statisticsobjdef and its _columns and
// _expressions forms, and pg_statistics_obj_is_visible (a statistics
// object is where its table is): NULL for an OID that names no
// statistics object.
func statisticsFuncs() []Func {
	of := func(show func(e *Env, r *relInfo, s *catalog.Statistic) value.Value) func(e *Env, a []value.Value) (value.Value, error) {
		return func(e *Env, a []value.Value) (value.Value, error) {
			oid, err := oidArg(a[0])
			if err != nil {
				return value.None, err
			}
			r, s, err := statisticByOID(e, oid)
			if err != nil || s == nil {
				return value.None, err
			}
			return show(e, r, s), nil
		}
	}
	return []Func{
		{"pg_statistics_obj_is_visible", 1, 1, true, value.TypeBool, of(func(e *Env, r *relInfo, _ *catalog.Statistic) value.Value {
			return value.Bool(visible(e, r))
		})},
		{"pg_get_statisticsobjdef", 1, 1, true, value.TypeText, of(func(e *Env, r *relInfo, s *catalog.Statistic) value.Value {
			return value.String(statisticDef(e, newModel(e), r, s))
		})},
		{"pg_get_statisticsobjdef_columns", 1, 1, true, value.TypeText, of(func(_ *Env, _ *relInfo, s *catalog.Statistic) value.Value {
			return value.String(statisticColumns(s))
		})},
		{"pg_get_statisticsobjdef_expressions", 1, 1, true, tTextArray, of(func(_ *Env, _ *relInfo, s *catalog.Statistic) value.Value {
			if len(s.Exprs) == 0 {
				return value.None
			}
			texts := make([]string, len(s.Exprs))
			for i, x := range s.Exprs {
				texts[i] = x.Expr
			}
			return textList(texts)
		})},
	}
}
