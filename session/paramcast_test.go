package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// TestParamCastTruncates: an explicit cast of a parameter to varchar(n)
// or char(n) cuts its text, whatever the parameter's type (PostgreSQL's
// $1::varchar(2) of 'abcd' is ab, of 1234 as int4 is 12).
func TestParamCastTruncates(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{})
	for _, c := range []struct {
		q     string
		types []uint32
		arg   string
		want  string
	}{
		{"SELECT $1::varchar(2), $1::char(3)", []uint32{value.OIDText}, "abcd", "ab abc SELECT 1"},
		{"SELECT $1::varchar(2), $1::char(1)", []uint32{value.OIDInt4}, "1234", "12 1 SELECT 1"},
		{"SELECT $1::varchar(3)", []uint32{value.OIDNumeric}, "123.45", "123 SELECT 1"},
	} {
		w := &collectWriter{}
		if _, err := s.Prepare(ctx, "", c.q, c.types); err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if err := s.Bind(ctx, "", "", nil, [][]byte{[]byte(c.arg)}, nil); err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if _, err := s.Execute(ctx, "", 0, w); err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if got := join(w.take()); got != c.want {
			t.Errorf("%s with %s: got %q, want %q", c.q, c.arg, got, c.want)
		}
	}
}
