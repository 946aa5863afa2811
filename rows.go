package zerodb

import (
	"encoding/json"
	"iter"
	"reflect"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/session"
)

// Rows are a statement's results, read one row at a time: a query's rows
// are produced as Next asks for them, never all at once. Close them (or
// read to the end) before the connection runs another statement.
//
//	for rows.Next() {
//		var name string
//		var age int
//		if err := rows.Scan(&name, &age); err != nil { ... }
//	}
//	if err := rows.Err(); err != nil { ... }
type Rows struct {
	r       *session.Rows
	c       *Conn
	release func() // returns a pooled connection
}

// Columns are the result columns.
func (r *Rows) Columns() []Column { return columnsOf(r.r.Columns()) }

// Next advances to the next row. It returns false at the end of the rows
// and after an error (see Err); the rows are then closed.
func (r *Rows) Next() bool {
	if r.r.Next() {
		return true
	}
	r.Close()
	return false
}

// Err is the error that ended the rows, if any (an *errs.Error).
func (r *Rows) Err() error {
	if err := r.r.Err(); err != nil {
		return errs.From(err)
	}
	return nil
}

// Tag is the command tag ("SELECT 2", "INSERT 0 1", ...) once the rows
// are done.
func (r *Rows) Tag() string { return r.r.Tag() }

// Close releases the rows' snapshot; it may be called more than once.
func (r *Rows) Close() error {
	r.r.Close()
	if r.c != nil && r.c.busy == r {
		r.c.busy = nil
	}
	if r.release != nil {
		r.release()
		r.release = nil
	}
	return nil
}

// Values returns the current row as Go values:
//
//	none / NULL       nil
//	bool              bool
//	int               int64 (a u64 beyond int64: uint64)
//	float             float64 (f32: float32)
//	decimal, numeric  string (its exact text)
//	string, text      string
//	symbol            Symbol
//	record id         RecordID
//	datetime          time.Time
//	duration          time.Duration
//	uuid              [16]byte
//	bytes             []byte
//	vector            []float32
//	list, tuple       []any
//	object            map[string]any
//	range, regex      string (as ZQL prints it)
func (r *Rows) Values() []any {
	row := r.r.Row()
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = fromValue(v)
	}
	return out
}

// Scan copies the current row into dest, one pointer per column. A
// pointer to any gets the value of Values; a pointer to a type the value
// converts to (int, string, time.Time, ...) gets it converted; any other
// pointer (a struct, a map, a slice) is filled by decoding the value's
// JSON form, so a ZQL object scans into a struct with json tags (and so
// does the text of a SQL json column, unless dest is a *string).
func (r *Rows) Scan(dest ...any) error {
	row := r.r.Row()
	if len(dest) != len(row) {
		return errs.New(errs.InvalidParameterValue, "Scan: %d destinations for %d columns", len(dest), len(row))
	}
	cols := r.r.Columns()
	for i, d := range dest {
		v := row[i]
		if _, str := d.(*string); !str && i < len(cols) && cols[i].Type.IsJSONText() && v.Kind() == value.KindString {
			// A json column holds JSON text: a struct, map, slice or
			// json.RawMessage gets the document it writes.
			if doc, err := value.ParseJSON(v.AsString()); err == nil {
				v = doc
			}
		}
		if err := scanValue(v, d); err != nil {
			return errs.From(err).WithDetail("column %d", i+1)
		}
	}
	return nil
}

// All iterates over the remaining rows' values; the error, if any, is
// yielded last. Breaking out of the loop closes the rows.
func (r *Rows) All() iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		defer r.Close()
		for r.Next() {
			if !yield(r.Values(), nil) {
				return
			}
		}
		if err := r.Err(); err != nil {
			yield(nil, err)
		}
	}
}

// drain reads the rows to the end and returns the tag.
func (r *Rows) drain() (string, error) {
	defer r.Close()
	for r.r.Next() {
	}
	if err := r.Err(); err != nil {
		return "", err
	}
	return r.r.Tag(), nil
}

func columnsOf(cols []plan.Column) []Column {
	if cols == nil {
		return nil
	}
	out := make([]Column, len(cols))
	for i, c := range cols {
		out[i] = Column{Name: c.Name, Type: c.Type.String()}
	}
	return out
}

func scanValue(v value.Value, dest any) error {
	switch d := dest.(type) {
	case *any:
		*d = fromValue(v)
		return nil
	case *value.Value:
		*d = v
		return nil
	}
	rv := reflect.ValueOf(dest)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errs.New(errs.InvalidParameterValue, "Scan: destination %T is not a non-nil pointer", dest)
	}
	elem := rv.Elem()
	if v.IsNone() {
		elem.SetZero()
		return nil
	}
	g := reflect.ValueOf(fromValue(v))
	switch {
	case g.Type().AssignableTo(elem.Type()):
		elem.Set(g)
		return nil
	case isNumber(g.Kind()) && isNumber(elem.Kind()):
		c := g.Convert(elem.Type())
		if !c.Convert(g.Type()).Equal(g) {
			return errs.New(errs.NumericValueOutOfRange, "Scan: %v does not fit in %s", g, elem.Type())
		}
		elem.Set(c)
		return nil
	case g.Kind() == reflect.String && elem.Kind() == reflect.String:
		elem.SetString(g.String())
		return nil
	}
	if err := json.Unmarshal(value.AppendJSON(nil, v), dest); err != nil {
		return errs.New(errs.DatatypeMismatch, "Scan: cannot store %s value into %T: %v", v.Kind(), dest, err)
	}
	return nil
}

func isNumber(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}
