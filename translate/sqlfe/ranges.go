package sqlfe

// Range types are not in SQL yet: their logic is engine/value/sqlrange.go,
// but no value kind, type or operator carries them. Their names fail
// with 0A000 naming the missing feature rather than 42883 or 42704, so
// that nobody takes them for a typo.

// rangeFunction reports the built-in functions over range and
// multirange types (lower and upper, which also take text, are not
// among them).
func rangeFunction(name string) bool {
	switch name {
	case "int4range", "int8range", "numrange", "daterange", "tsrange", "tstzrange",
		"int4multirange", "int8multirange", "nummultirange", "datemultirange",
		"tsmultirange", "tstzmultirange", "multirange",
		"isempty", "lower_inc", "upper_inc", "lower_inf", "upper_inf",
		"range_merge", "range_agg", "range_intersect_agg":
		return true
	}
	return false
}

func unsupportedRange(p int, what string) error {
	return unsupported(p, "range types ("+what+")")
}
