package value

import "testing"

// ArrayElemOID inverts the element → array OID table, and knows nothing
// of a non-array OID.
func TestArrayElemOID(t *testing.T) {
	for elem, arr := range arrayOIDs {
		if got, ok := ArrayElemOID(arr); !ok || got != elem {
			t.Errorf("ArrayElemOID(%d) = %d, %v; want %d", arr, got, ok, elem)
		}
	}
	for _, oid := range []uint32{OIDInt8, OIDText, OIDJSONB, 0} {
		if got, ok := ArrayElemOID(oid); ok {
			t.Errorf("ArrayElemOID(%d) = %d, true; want not an array", oid, got)
		}
	}
}
