package exec

import "github.com/zerodb/zerodb/engine/value"

// jsonIndex is SQL jsonb's -> on an object key or an array index (the
// caller checked jsonIndexable): a present element is a jsonb value, a
// null one jsonb's null, and only a missing one SQL NULL.
func jsonIndex(x, i value.Value) value.Value {
	if x.Kind() == value.KindObject {
		if v, ok := x.AsObject().Get(i.AsString()); ok {
			return value.JSONElement(v)
		}
		return value.None
	}
	l := x.AsList()
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
