package zerodb

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Symbol is a ZQL symbol (@name) as a Go value.
type Symbol string

// RecordID is a ZQL record id (table.@key) as a Go value. Key is a
// Symbol, an int64, a string, a [16]byte uuid or a []any tuple.
type RecordID struct {
	Table string
	Key   any
}

// toValue converts a parameter's Go value to an engine value.
func toValue(x any) (value.Value, error) {
	switch x := x.(type) {
	case nil:
		return value.None, nil
	case value.Value:
		return x, nil
	case bool:
		return value.Bool(x), nil
	case int:
		return value.Int(int64(x)), nil
	case int8:
		return value.Int(int64(x)), nil
	case int16:
		return value.Int(int64(x)), nil
	case int32:
		return value.Int(int64(x)), nil
	case int64:
		return value.Int(x), nil
	case uint8:
		return value.Int(int64(x)), nil
	case uint16:
		return value.Int(int64(x)), nil
	case uint32:
		return value.Int(int64(x)), nil
	case uint:
		return uintValue(uint64(x)), nil
	case uint64:
		return uintValue(x), nil
	case float32:
		return value.Float32(x), nil
	case float64:
		return value.Float(x), nil
	case string:
		return value.String(x), nil
	case []byte:
		return value.Bytes(slices.Clone(x)), nil
	case Symbol:
		return value.Symbol(string(x)), nil
	case RecordID:
		k, err := toValue(x.Key)
		if err != nil {
			return value.None, err
		}
		return value.RecordIDOf(x.Table, k), nil
	case time.Time:
		// 22008 outside 4714 BC to 294276 AD, rather than a wrong moment.
		return value.DatetimeIn(x, true)
	case time.Duration:
		return value.Duration(x), nil
	case [16]byte:
		return value.UUID(x), nil
	case []float32:
		return value.Vector(slices.Clone(x)), nil
	case json.RawMessage:
		return value.ParseJSON(string(x))
	case []any:
		return listValue(len(x), func(i int) any { return x[i] })
	case map[string]any:
		names := make([]string, 0, len(x))
		for k := range x {
			names = append(names, k)
		}
		slices.Sort(names) // a Go map has no order; the object's is by name
		o := value.NewObject(len(names))
		for _, k := range names {
			v, err := toValue(x[k])
			if err != nil {
				return value.None, err
			}
			o.Set(k, v)
		}
		return value.ObjectOf(o), nil
	}
	rv := reflect.ValueOf(x)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return value.None, nil
		}
		return toValue(rv.Elem().Interface())
	case reflect.Slice, reflect.Array:
		return listValue(rv.Len(), func(i int) any { return rv.Index(i).Interface() })
	case reflect.Struct, reflect.Map:
		// Structs and other maps go through their JSON form (json tags).
		b, err := json.Marshal(x)
		if err != nil {
			return value.None, errs.New(errs.InvalidParameterValue, "cannot use %T as a parameter: %v", x, err)
		}
		return value.ParseJSON(string(b))
	}
	return value.None, errs.New(errs.InvalidParameterValue, "cannot use %T as a parameter", x)
}

func uintValue(u uint64) value.Value {
	if u <= math.MaxInt64 {
		return value.Int(int64(u))
	}
	return value.Uint64(u)
}

func listValue(n int, at func(int) any) (value.Value, error) {
	vs := make([]value.Value, n)
	for i := range vs {
		v, err := toValue(at(i))
		if err != nil {
			return value.None, err
		}
		vs[i] = v
	}
	return value.List(vs), nil
}

// fromValue converts an engine value to a Go value (the table at
// Rows.Values).
func fromValue(v value.Value) any {
	switch v.Kind() {
	case value.KindNone:
		return nil
	case value.KindBool:
		return v.AsBool()
	case value.KindInt:
		if v.Width() == value.U64 && v.AsUint64() > math.MaxInt64 {
			return v.AsUint64()
		}
		return v.AsInt()
	case value.KindFloat:
		if v.FloatBits() == 32 {
			return float32(v.AsFloat())
		}
		return v.AsFloat()
	case value.KindDecimal:
		return v.AsDecimal().Text('f')
	case value.KindString:
		return v.AsString()
	case value.KindSymbol:
		return Symbol(v.AsString())
	case value.KindRecordID:
		id := v.AsRecordID()
		return RecordID{Table: id.Table, Key: fromValue(id.Key)}
	case value.KindDatetime:
		return v.AsTime()
	case value.KindDuration:
		return v.AsDuration()
	case value.KindTime:
		return time.Duration(v.AsTimeOfDay()) * time.Microsecond
	case value.KindTimeTZ:
		// As lib/pq gives a timetz: a time.Time of year 0 at the offset.
		us, east := v.AsTimeTZ()
		return time.Date(0, 1, 1, 0, 0, 0, 0, time.FixedZone("", east)).Add(time.Duration(us) * time.Microsecond)
	case value.KindUUID:
		return v.AsUUID()
	case value.KindBytes:
		return []byte(v.AsString())
	case value.KindVector:
		return slices.Clone(v.AsVector())
	case value.KindList, value.KindTuple:
		elems := v.AsList()
		out := make([]any, len(elems))
		for i, e := range elems {
			out[i] = fromValue(e)
		}
		return out
	case value.KindObject:
		o := v.AsObject()
		out := make(map[string]any, o.Len())
		for i := range o.Len() {
			k, e := o.At(i)
			out[k] = fromValue(e)
		}
		return out
	}
	return value.CastText(v)
}
