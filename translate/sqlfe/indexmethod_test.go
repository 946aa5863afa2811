package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// TestMethodHasClass is PostgreSQL 15's answer (CREATE INDEX ... USING
// method (col), btree_gist installed) for a few types per method.
func TestMethodHasClass(t *testing.T) {
	const hash, brin, gist, spgist = catalog.MethodHash, catalog.MethodBRIN, catalog.MethodGiST, catalog.MethodSPGiST
	for _, tc := range []struct {
		method string
		t      value.Type
		want   bool
	}{
		{hash, value.TypeInt4, true},
		{hash, value.TypeJSONB, true},
		{hash, value.TypeJSON, false},
		{hash, value.TypePoint, false},
		{hash, value.TypeTSVector, false},
		{hash, value.RangeInt4.Type(), true},
		{brin, value.TypeTimestamp, true},
		{brin, value.TypeJSONB, false},
		{brin, value.TypeBool, false},
		{brin, value.ArrayOf(value.TypeInt4), false},
		{brin, value.TypeBox, true},
		{brin, value.TypePoint, false},
		{gist, value.RangeInt4.Type(), true},
		{gist, value.TypeText, true},
		{gist, value.TypePoint, true},
		{gist, value.TypeJSONB, false},
		{gist, value.ArrayOf(value.TypeInt4), false},
		{spgist, value.RangeInt4.Type(), true},
		{spgist, value.TypeText, true},
		{spgist, value.TypeInet, true},
		{spgist, value.TypeInt4, false},
		{spgist, value.GeoCircle.Type(), false},
	} {
		if got := methodHasClass(tc.method, tc.t); got != tc.want {
			t.Errorf("methodHasClass(%s, %s) = %v, want %v", tc.method, tc.t.SQLName(), got, tc.want)
		}
	}
}
