package value

import "testing"

// Record ids with int keys are held inline (no *RecordID); every other
// key is boxed. Both must read back, compare, encode and print the same
// way, and the inline form must cost no allocation.
func TestRecordIDForms(t *testing.T) {
	cases := []struct {
		name string
		key  Value
	}{
		{"int", Int(42)},
		{"negative int", Int(-7)},
		{"symbol", Symbol("ann")},
		{"string", String("x y")},
		{"tuple", Tuple([]Value{Int(1), String("a")})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := RecordIDOf("persons", c.key)
			r := id.AsRecordID()
			if r.Table != "persons" || Compare(r.Key, c.key) != 0 || r.Key.Kind() != c.key.Kind() {
				t.Fatalf("AsRecordID = %v.%v, want persons.%v", r.Table, r.Key, c.key)
			}
			back, err := Decode(Encode(nil, id))
			if err != nil || Compare(back, id) != 0 || back.String() != id.String() {
				t.Fatalf("codec round trip: %v (%v), want %v", back, err, id)
			}
			kb, err := AppendKey(nil, id)
			if err != nil {
				t.Fatal(err)
			}
			k, rest, err := DecodeKey(kb)
			if err != nil || len(rest) != 0 || Compare(k, id) != 0 {
				t.Fatalf("key round trip: %v (%v), want %v", k, err, id)
			}
			if other := RecordIDOf("people", c.key); Compare(other, id) == 0 {
				t.Fatalf("%v compares equal to %v", other, id)
			}
		})
	}
	if n := testing.AllocsPerRun(100, func() { _ = RecordIDOf("persons", Int(3)).AsRecordID() }); n != 0 {
		t.Fatalf("an int-keyed record id allocates %v times", n)
	}
	if got := (Value{}).AsRecordID(); got.Table != "" || !got.Key.IsNone() {
		t.Fatalf("AsRecordID of none = %+v", got)
	}
}
