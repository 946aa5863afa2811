package value

import (
	"testing"

	"pgregory.net/rapid"
)

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

// TestDecodeIntRecordIDAgreesWithDecoder: the fast path for int-keyed
// record ids accepts only what the general decoder accepts, and decodes
// it to the same value — on encodings of arbitrary ints and tables, and
// on arbitrary bytes.
func TestDecodeIntRecordIDAgreesWithDecoder(t *testing.T) {
	check := func(t *rapid.T, s string) {
		fast, ok := decodeIntRecordID(s)
		if !ok {
			return
		}
		d := decoder{s: s}
		v, err := d.value(0)
		if err != nil || d.i != len(s) {
			t.Fatalf("fast path took %q, the decoder says %v (read %d of %d)", s, err, d.i, len(s))
		}
		if Compare(fast, v) != 0 || fast.String() != v.String() || fast.AsRecordID().Key.sub != v.AsRecordID().Key.sub {
			t.Fatalf("%q: fast %v, decoder %v", s, fast, v)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		id := RecordIDOf(rapid.StringN(0, 200, -1).Draw(t, "table"), Int(rapid.Int64().Draw(t, "key")))
		enc := Encode(nil, id)
		if _, ok := decodeIntRecordID(string(enc[1:])); !ok && len(id.AsRecordID().Table) < 128 {
			t.Fatalf("fast path refused %v", id)
		}
		check(t, string(enc[1:]))
		b := []byte(string(enc[1:]))
		if len(b) > 0 {
			b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] = rapid.Byte().Draw(t, "byte")
		}
		check(t, string(b))
		check(t, string(rapid.SliceOfN(rapid.Byte(), 0, 20).Draw(t, "bytes")))
	})
}
