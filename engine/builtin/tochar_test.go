package builtin

import (
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
)

// FuzzToCharDatetime feeds arbitrary templates to to_char of a timestamp and of
// an interval: errors are fine, panics are not, and a timestamp never
// errs (only an interval refuses patterns).
func FuzzToCharDatetime(f *testing.F) {
	f.Add("YYYY-MM-DD HH24:MI:SS.US TZH:TZM", int64(0), int32(14), int32(3))
	f.Add(`FMDDth "q\"x" Y,YYY RM IYYY-IW-ID SSSSS FF3 a.m.`, int64(-5_000), int32(-13), int32(-1))
	f.Add("TMMonth FXDay CC J Q W WW", int64(86_400_000_000*40), int32(0), int32(0))
	f.Fuzz(func(t *testing.T, tmpl string, micros int64, months, days int32) {
		ts := time.Date(2024, 5, 17, 13, 4, 5, 123456000, time.UTC).Add(time.Duration(micros%(1<<40)) * time.Microsecond)
		if _, err := toChar(timestampFields(ts, toCharZone{abbrev: "CEST", east: 7200}), tmpl); err != nil {
			t.Fatalf("to_char(timestamp, %q): %v", tmpl, err)
		}
		_, _ = toChar(intervalFields(value.Interval{Months: months, Days: days, Micros: micros}), tmpl)
	})
}
