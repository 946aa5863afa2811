package value

import "testing"

// BenchmarkParseJSONB parses a small document, the unit of a JSON bulk
// load (COPY of one document per line).
func BenchmarkParseJSONB(b *testing.B) {
	const doc = `{"id": 12345, "name": "user 12345", "tags": ["a", "b"], "score": 345.5, "active": true}`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseJSONB(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTextParserJSONB parses bench/sql's documents as COPY does,
// with one TextParser for all of them.
func BenchmarkTextParserJSONB(b *testing.B) {
	const doc = `{"k": "key0012345", "cat": "c05", "n": 345, "tags": ["t3", "u8"], "text": "document number 123456 of the benchmark"}`
	b.ReportAllocs()
	var tp TextParser
	for b.Loop() {
		if _, err := tp.Parse(doc, TypeJSONB); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendJSONB encodes bench/sql's documents as COPY now does,
// straight from the text; BenchmarkTextParserJSONB and an encodeValue of
// its result is what it replaced.
func BenchmarkAppendJSONB(b *testing.B) {
	const doc = `{"k": "key0012345", "cat": "c05", "n": 345, "tags": ["t3", "u8"], "text": "document number 123456 of the benchmark"}`
	b.ReportAllocs()
	var tp TextParser
	var buf []byte
	for b.Loop() {
		var err error
		if buf, err = tp.AppendJSONB(buf[:0], doc); err != nil {
			b.Fatal(err)
		}
	}
}
