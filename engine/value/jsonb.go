package value

// JSONBObject builds a jsonb object from fields in the given order: keys
// sorted as jsonb stores them (by length, then bytewise), the last of
// duplicate keys winning, as jsonb_object_agg and jsonb_build_object do.
func JSONBObject(names []string, vals []Value) Value {
	return ObjectOf(buildObject(names, vals, true, nil))
}
