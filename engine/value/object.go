package value

// Object is a record or document: fields in insertion order (the order a
// schema or a literal gave them; SQL jsonb input is normalized to
// PostgreSQL's key order when it is parsed). Objects are small, so lookup
// is a linear scan over names, which beats a map below ~16 fields.
//
// An Object is immutable once wrapped in a Value; build a new one with
// Clone/Set to change it.
type Object struct {
	names []string
	vals  []Value
}

// NewObject makes an empty object with room for n fields. A small one is
// one allocation (see newObjectLen): executors build one per row.
func NewObject(n int) *Object {
	if n <= 0 || n > maxBlockFields {
		return &Object{names: make([]string, 0, n), vals: make([]Value, 0, n)}
	}
	o := newObjectLen(n)
	o.names, o.vals = o.names[:0], o.vals[:0]
	return o
}

// Len is the number of fields.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.names)
}

// At returns the i-th field.
func (o *Object) At(i int) (string, Value) { return o.names[i], o.vals[i] }

// Names returns the field names in order. Do not modify.
func (o *Object) Names() []string { return o.names }

// Get returns the named field; a missing field reads as none (ok=false).
func (o *Object) Get(name string) (Value, bool) {
	if o == nil {
		return None, false
	}
	for i, n := range o.names {
		if n == name {
			return o.vals[i], true
		}
	}
	return None, false
}

// Set sets a field in place, appending it when new. Only for objects that
// are still being built.
func (o *Object) Set(name string, v Value) {
	for i, n := range o.names {
		if n == name {
			o.vals[i] = v
			return
		}
	}
	o.names = append(o.names, name)
	o.vals = append(o.vals, v)
}

// Delete removes a field in place. Only for objects still being built.
func (o *Object) Delete(name string) {
	for i, n := range o.names {
		if n == name {
			o.names = append(o.names[:i], o.names[i+1:]...)
			o.vals = append(o.vals[:i], o.vals[i+1:]...)
			return
		}
	}
}

// Clone returns a copy that can be modified.
func (o *Object) Clone() *Object {
	if o == nil {
		return NewObject(0)
	}
	c := &Object{names: make([]string, len(o.names), len(o.names)+1), vals: make([]Value, len(o.vals), len(o.vals)+1)}
	copy(c.names, o.names)
	copy(c.vals, o.vals)
	return c
}
