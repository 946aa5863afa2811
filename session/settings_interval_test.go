package session

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestIntervalStyle(t *testing.T) {
	for _, c := range []struct{ in, want, code string }{
		{"postgres", "postgres", ""},
		{" Postgres ", "postgres", ""},
		{"iso_8601", "iso_8601", ""},
		{"ISO_8601", "iso_8601", ""},
		{"sql_standard", "", errs.FeatureNotSupported},
		{"postgres_verbose", "", errs.FeatureNotSupported},
		{"verbose", "", errs.InvalidParameterValue},
	} {
		got, err := intervalStyle(c.in)
		if got != c.want || errs.Code(err) != c.code {
			t.Errorf("intervalStyle(%q) = %q, %v; want %q, %s", c.in, got, err, c.want, c.code)
		}
	}
}
