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
