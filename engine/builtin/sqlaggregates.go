package builtin

// SQL's built-in aggregates and window functions are not registry
// functions: the SQL front end translates them into the executor's
// aggregation and window operators. Their names live here, below both
// the front end (which recognizes them) and the catalogs (pg_proc lists
// them, as psql's \da and tools' completions expect).

// SQLFunctionKind is pg_proc.prokind of a built-in aggregate or window
// function's name: 'a' for an aggregate, 'w' for a window function, 0
// for any other name. ordered is set for the ordered-set aggregates
// (WITHIN GROUP).
func SQLFunctionKind(name string) (kind byte, ordered bool) {
	switch name {
	case "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every", "bit_and", "bit_or", "bit_xor",
		"string_agg", "array_agg", "jsonb_agg", "jsonb_object_agg", "json_agg", "json_object_agg",
		"stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop",
		"corr", "covar_pop", "covar_samp", "regr_avgx", "regr_avgy", "regr_count",
		"regr_intercept", "regr_r2", "regr_slope", "regr_sxx", "regr_sxy", "regr_syy",
		"range_agg", "range_intersect_agg":
		return 'a', false
	case "percentile_cont", "percentile_disc", "mode":
		return 'a', true
	case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
		"first_value", "last_value", "nth_value":
		return 'w', false
	}
	return 0, false
}

// SQLFunctionArgs is the number of arguments a built-in aggregate or
// window function takes at least (count(*) counts as one, as
// PostgreSQL's count(any)).
func SQLFunctionArgs(name string) int {
	switch name {
	case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "mode":
		return 0
	case "string_agg", "json_object_agg", "jsonb_object_agg", "nth_value", "corr", "covar_pop", "covar_samp",
		"regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2", "regr_slope", "regr_sxx", "regr_sxy", "regr_syy":
		return 2
	}
	return 1
}

// SQLFunctionNames lists the built-in aggregates and window functions,
// in name order.
func SQLFunctionNames() []string {
	return []string{"array_agg", "avg", "bit_and", "bit_or", "bit_xor", "bool_and", "bool_or", "corr", "count", "covar_pop",
		"covar_samp", "cume_dist", "dense_rank", "every", "first_value", "json_agg", "json_object_agg", "jsonb_agg",
		"jsonb_object_agg", "lag", "last_value", "lead", "max", "min", "mode", "nth_value", "ntile", "percent_rank",
		"percentile_cont", "percentile_disc", "range_agg", "range_intersect_agg", "rank", "regr_avgx", "regr_avgy",
		"regr_count", "regr_intercept", "regr_r2", "regr_slope", "regr_sxx", "regr_sxy", "regr_syy", "row_number",
		"stddev", "stddev_pop", "stddev_samp", "string_agg", "sum", "var_pop", "var_samp", "variance"}
}
