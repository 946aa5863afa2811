package builtin

import "github.com/zerodb/zerodb/engine/value"

// jsonbSortKey maps a jsonb value to a value whose total order (zql.md §2)
// is PostgreSQL's jsonb btree order: Object > Array > Boolean > Number >
// String > Null; arrays by element count, then element by element;
// objects by pair count, then key, value, key, value in jsonb key order;
// and, at the top level only, an empty array below every scalar (a
// top-level scalar is a one-element pseudo-array to PostgreSQL).
func jsonbSortKey(v value.Value, top bool) value.Value {
	switch v.Kind() {
	case value.KindNone:
		return value.Tuple([]value.Value{value.Int(0)})
	case value.KindString:
		return value.Tuple([]value.Value{value.Int(1), v})
	case value.KindInt, value.KindFloat, value.KindDecimal:
		return value.Tuple([]value.Value{value.Int(2), v})
	case value.KindBool:
		return value.Tuple([]value.Value{value.Int(3), v})
	case value.KindList, value.KindTuple:
		xs := v.AsList()
		if top && len(xs) == 0 {
			return value.Tuple([]value.Value{value.Int(-1)})
		}
		k := make([]value.Value, 0, 2+len(xs))
		k = append(k, value.Int(4), value.Int(int64(len(xs))))
		for _, x := range xs {
			k = append(k, jsonbSortKey(x, false))
		}
		return value.Tuple(k)
	case value.KindObject:
		o := v.AsObject()
		k := make([]value.Value, 0, 2+2*o.Len())
		k = append(k, value.Int(5), value.Int(int64(o.Len())))
		for i := 0; i < o.Len(); i++ {
			name, x := o.At(i)
			k = append(k, value.String(name), jsonbSortKey(x, false))
		}
		return value.Tuple(k)
	}
	// Other kinds do not come out of jsonb; they sort after its values.
	return value.Tuple([]value.Value{value.Int(6), v})
}
