package session

import (
	"bytes"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// hstore's and ltree's binary forms: what the result side sends reads
// back through the parameter side as the same value.
func TestBinaryHstoreLtree(t *testing.T) {
	for _, c := range []struct {
		text string
		t    value.Type
		want []byte // nil: not checked
	}{
		{`"a"=>"1", "b"=>NULL`, value.TypeHstore, []byte{0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0, 1, '1', 0, 0, 0, 1, 'b', 0xff, 0xff, 0xff, 0xff}},
		{``, value.TypeHstore, []byte{0, 0, 0, 0}},
		{`Top.Science`, value.TypeLtree, append([]byte{1}, "Top.Science"...)},
		{`*.a|b@`, value.TypeLquery, nil},
		{`a & !b`, value.TypeLtxtquery, nil},
	} {
		if !binaryResultSupported(c.t.OID()) {
			t.Errorf("%s: no binary result", c.t.SQLName())
		}
		b, err := textToBinary(nil, []byte(c.text), c.t.OID())
		if err != nil {
			t.Fatalf("%s %q: %v", c.t.SQLName(), c.text, err)
		}
		if c.want != nil && !bytes.Equal(b, c.want) {
			t.Errorf("%s %q: % x, want % x", c.t.SQLName(), c.text, b, c.want)
		}
		v, err := decodeBinaryParam(b, c.t, 1)
		if err != nil || v.AsString() != c.text {
			t.Errorf("%s %q: reads back as %q, %v", c.t.SQLName(), c.text, v.AsString(), err)
		}
	}
}
