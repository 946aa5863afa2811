package builtin

import (
	"slices"
	"strings"
)

// SQL's built-in aggregates and window functions are not registry
// functions: the SQL front end translates them into the executor's
// aggregation and window operators. Their names live here, below both
// the front end (which recognizes them) and the catalogs (pg_proc lists
// them, as psql's \da and tools' completions expect).

// SQLFunction is a built-in aggregate or window function.
type SQLFunction struct {
	Name string
	// Kind is pg_proc.prokind: 'a' for an aggregate, 'w' for a window
	// function.
	Kind byte
	// Ordered marks the ordered-set aggregates (WITHIN GROUP).
	Ordered bool
	// MinArgs is the number of arguments it takes at least (count(*)
	// counts as one, as PostgreSQL's count(any)).
	MinArgs int
}

// sqlFunctions is the built-in aggregates and window functions, in name
// order: a constant table, never written.
var sqlFunctions = [...]SQLFunction{
	sqlAgg("array_agg", 1), sqlAgg("avg", 1), sqlAgg("bit_and", 1), sqlAgg("bit_or", 1), sqlAgg("bit_xor", 1),
	sqlAgg("bool_and", 1), sqlAgg("bool_or", 1), sqlAgg("corr", 2), sqlAgg("count", 1), sqlAgg("covar_pop", 2),
	sqlAgg("covar_samp", 2), sqlWin("cume_dist", 0), sqlWin("dense_rank", 0), sqlAgg("every", 1), sqlWin("first_value", 1),
	sqlAgg("json_agg", 1), sqlAgg("json_object_agg", 2), sqlAgg("jsonb_agg", 1), sqlAgg("jsonb_object_agg", 2), sqlWin("lag", 1),
	sqlWin("last_value", 1), sqlWin("lead", 1), sqlAgg("max", 1), sqlAgg("min", 1), sqlOrdered("mode", 0),
	sqlWin("nth_value", 2), sqlWin("ntile", 1), sqlWin("percent_rank", 0), sqlOrdered("percentile_cont", 1), sqlOrdered("percentile_disc", 1),
	sqlAgg("range_agg", 1), sqlAgg("range_intersect_agg", 1), sqlWin("rank", 0), sqlAgg("regr_avgx", 2), sqlAgg("regr_avgy", 2),
	sqlAgg("regr_count", 2), sqlAgg("regr_intercept", 2), sqlAgg("regr_r2", 2), sqlAgg("regr_slope", 2), sqlAgg("regr_sxx", 2),
	sqlAgg("regr_sxy", 2), sqlAgg("regr_syy", 2), sqlWin("row_number", 0), sqlAgg("stddev", 1), sqlAgg("stddev_pop", 1),
	sqlAgg("stddev_samp", 1), sqlAgg("string_agg", 2), sqlAgg("sum", 1), sqlAgg("var_pop", 1), sqlAgg("var_samp", 1),
	sqlAgg("variance", 1), sqlAgg("xmlagg", 1),
}

func sqlAgg(name string, args int) SQLFunction {
	return SQLFunction{Name: name, Kind: 'a', MinArgs: args}
}
func sqlWin(name string, args int) SQLFunction {
	return SQLFunction{Name: name, Kind: 'w', MinArgs: args}
}
func sqlOrdered(name string, args int) SQLFunction {
	return SQLFunction{Name: name, Kind: 'a', Ordered: true, MinArgs: args}
}

// SQLFunctions lists the built-in aggregates and window functions, in
// name order (a copy: the caller may keep it).
func SQLFunctions() []SQLFunction { return slices.Clone(sqlFunctions[:]) }

// SQLFunctionKind is the kind of a built-in aggregate or window
// function's name (0 for any other name) and whether it is an
// ordered-set aggregate.
func SQLFunctionKind(name string) (kind byte, ordered bool) {
	// Translation asks for every function call it meets: a binary
	// search of the table, no copy.
	fs := sqlFunctions[:]
	if i, ok := slices.BinarySearchFunc(fs, name, func(f SQLFunction, n string) int { return strings.Compare(f.Name, n) }); ok {
		return fs[i].Kind, fs[i].Ordered
	}
	return 0, false
}
