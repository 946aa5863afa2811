package exec

import "github.com/zerodb/zerodb/engine/value"

// jsonIndex is SQL jsonb's -> on an object key or an array index (the
// caller checked jsonIndexable): a present element is a jsonb value, a
// null one jsonb's null, and only a missing one SQL NULL. A scalar is
// indexed as the array of itself, as PostgreSQL 15 stores it ('"x"' -> 0
// and -> -1 are "x").
func jsonIndex(x, i value.Value) value.Value {
	var l []value.Value
	switch x.Kind() {
	case value.KindObject:
		if v, ok := x.AsObject().Get(i.AsString()); ok {
			return value.JSONElement(v)
		}
		return value.None
	case value.KindList, value.KindTuple:
		l = x.AsList()
	default:
		l = []value.Value{x}
	}
	n, ok := indexInt(i)
	if !ok {
		return value.None
	}
	if n < 0 {
		n += int64(len(l))
	}
	if n < 0 || n >= int64(len(l)) {
		return value.None
	}
	return value.JSONElement(l[n])
}
