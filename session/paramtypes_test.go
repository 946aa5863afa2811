package session

import (
	"context"
	"slices"
	"testing"
)

// TestParamTypesFromSignatures prepares calls whose untyped parameters
// take the type of the function's signature, as PostgreSQL infers them.
func TestParamTypesFromSignatures(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := testConn(t, url)
	for _, c := range []struct {
		sql  string
		want []uint32
	}{
		{"SELECT pg_cancel_backend($1)", []uint32{23}},
		{"SELECT format_type($1, $2)", []uint32{20, 23}}, // OIDs are bigint
		{"SELECT length($1)", []uint32{25}},
	} {
		sd, err := conn.PgConn().Prepare(ctx, "", c.sql, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if !slices.Equal(sd.ParamOIDs, c.want) {
			t.Errorf("%s: parameter types %v, want %v", c.sql, sd.ParamOIDs, c.want)
		}
	}
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_cancel_backend($1)", 999999).Scan(&ok); err != nil || ok {
		t.Fatalf("pg_cancel_backend of no session: %v %v", ok, err)
	}
}
