package catalog

import (
	"reflect"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// TestTypeDescRoundTrip checks that a column type comes back from its
// stored form as it went in, marks such as oid's included.
func TestTypeDescRoundTrip(t *testing.T) {
	for _, typ := range []value.Type{
		value.TypeInt8, value.TypeOid, value.TypeInt4, value.TypeText,
		value.TypeCIText, value.TypeUUID, value.TypeNumeric,
		value.ArrayOf(value.TypeInt4),
	} {
		d, err := typeToDesc(typ)
		if err != nil {
			t.Fatalf("%v: %v", typ, err)
		}
		back, err := typeFromDesc(&d)
		if err != nil {
			t.Fatalf("%v: %v", typ, err)
		}
		if !reflect.DeepEqual(back, typ) {
			t.Errorf("%+v came back as %+v", typ, back)
		}
	}
}
