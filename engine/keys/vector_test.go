package keys

import (
	"bytes"
	"testing"
)

func TestVectorIndexPrefix(t *testing.T) {
	start, end := DatabaseSpan(3, 4)
	a, b := VectorIndexPrefix(nil, 3, 4, 7), VectorIndexPrefix(nil, 3, 4, 8)
	for _, p := range [][]byte{a, b} {
		if !inSpan(p, start, end) {
			t.Fatalf("%s outside its database span", Pretty(p))
		}
	}
	if bytes.HasPrefix(a, b) || bytes.HasPrefix(b, a) {
		t.Fatal("two indexes' prefixes nest")
	}
	if s, e := VectorIndexSpan(3, 4, 7); !inSpan(append(a, 'x'), s, e) || inSpan(b, s, e) {
		t.Fatal("VectorIndexSpan")
	}
}
