package value

import (
	"testing"
	"time"
)

// record10 is a typical 10-field record.
func record10() Value {
	return ObjectOf(objectOf(
		"id", RecordIDOf("persons", Symbol("john")),
		"name", String("John Smith"),
		"age", Int(42),
		"email", String("john@example.org"),
		"score", Float(97.5),
		"active", Bool(true),
		"tags", List([]Value{String("a"), String("b")}),
		"created", Datetime(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), true),
		"balance", mustDecimal("1234.50"),
		"home", RecordIDOf("cities", Symbol("paris")),
	))
}

func BenchmarkEncodeRecord(b *testing.B) {
	v := record10()
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = Encode(buf[:0], v)
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkDecodeRecord(b *testing.B) {
	enc := Encode(nil, record10())
	b.ReportAllocs()
	b.SetBytes(int64(len(enc)))
	for b.Loop() {
		if _, err := Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeField(b *testing.B) {
	enc := Encode(nil, record10())
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := DecodeField(enc, "balance"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkAppendKey(b *testing.B) {
	for _, c := range []struct {
		name string
		v    Value
	}{
		{"int", Int(123456789)}, {"string", String("john@example.org")}, {"float", Float(3.25)},
		{"tuple", Tuple([]Value{Int(42), String("abc")})}, {"uuid", UUID([16]byte{1, 2, 3})},
	} {
		b.Run(c.name, func(b *testing.B) {
			buf := make([]byte, 0, 64)
			b.ReportAllocs()
			for b.Loop() {
				buf, _ = AppendKey(buf[:0], c.v)
			}
		})
	}
}

func BenchmarkDecodeKeyInt(b *testing.B) {
	k, _ := AppendKey(nil, Int(123456789))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := DecodeKey(k); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	for _, c := range []struct {
		name string
		a, b Value
	}{
		{"int", Int(1), Int(2)}, {"int-float", Int(1), Float(1.5)}, {"string", String("abcdef"), String("abcdeg")},
		{"float-decimal", Float(0.1), mustDecimal("0.1")}, {"record", record10(), record10()},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Compare(c.a, c.b)
			}
		})
	}
}

func BenchmarkHashRecord(b *testing.B) {
	v := record10()
	b.ReportAllocs()
	for b.Loop() {
		hashOf(v)
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	v := record10()
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendJSON(buf[:0], v)
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkParseJSON(b *testing.B) {
	text := string(AppendJSON(nil, record10()))
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := ParseJSON(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendTextFloat(b *testing.B) {
	buf := make([]byte, 0, 32)
	v := Float(1234.5678)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendText(buf[:0], v, TypeFloat8)
	}
}

// A bench/sql orders record: the two numeric fields a join reads.
func BenchmarkDecodeFieldsInto(b *testing.B) {
	enc := Encode(nil, ObjectOf(objectOf("id", IntW(12345, I32), "customer_id", IntW(2345, I32),
		"amount", mustDecimal("123.45"))))
	names := []string{"customer_id", "amount"}
	dst := make([]Value, 2)
	b.ReportAllocs()
	for b.Loop() {
		if err := DecodeFieldsInto(enc, names, dst); err != nil {
			b.Fatal(err)
		}
	}
}
