package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// TestGenerateSeriesType checks the type of generate_series' column, as
// PostgreSQL resolves its overloads: integers widen to int4 at least,
// dates (which have no generate_series of their own) become timestamptz.
func TestGenerateSeriesType(t *testing.T) {
	for _, c := range []struct {
		args string
		want value.Type
	}{
		{"1, 3", value.TypeInt4},
		{"1::int8, 3", value.TypeInt8},
		{"1, 3, 0.5", value.TypeNumeric},
		{"date '2024-01-01', date '2024-01-03', interval '1 day'", value.TypeTimestampTZ},
		{"date '2024-01-01', '2024-01-03', '1 day'", value.TypeTimestampTZ},
		{"timestamp '2024-01-01', timestamp '2024-01-03', interval '1 day'", value.TypeTimestamp},
		{"date '2024-01-01', timestamp '2024-01-03', interval '1 day'", value.TypeTimestamp},
		{"timestamptz '2024-01-01', timestamptz '2024-01-03', '1 day'", value.TypeTimestampTZ},
	} {
		st, err := translateOne(t, "SELECT * FROM generate_series("+c.args+") g")
		if err != nil {
			t.Errorf("generate_series(%s): %v", c.args, err)
			continue
		}
		if got := st.Columns[0].Type; !sameType(got, c.want) {
			t.Errorf("generate_series(%s): %s, want %s", c.args, typeString(got), typeString(c.want))
		}
	}
}
