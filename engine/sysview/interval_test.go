package sysview

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

func TestFormatTypeInterval(t *testing.T) {
	for _, c := range []struct {
		rng, prec int
		want      string
	}{
		{value.IntervalFullRange, 2, "interval(2)"},
		{value.IntervalDay, value.IntervalFullPrecision, "interval day"},
		{value.IntervalHour | value.IntervalMinute, value.IntervalFullPrecision, "interval hour to minute"},
		{value.IntervalDay | value.IntervalHour | value.IntervalMinute | value.IntervalSecond, 3, "interval day to second(3)"},
		{value.IntervalYear | value.IntervalMonth, value.IntervalFullPrecision, "interval year to month"},
	} {
		ty := value.TypeInterval
		ty.IntervalTypmod = value.IntervalTypmod(c.rng, c.prec)
		oid, mod := typeOf(ty)
		if got, ok := FormatType(oid, mod); !ok || got != c.want {
			t.Errorf("FormatType of range %#x precision %d = %q; want %q", c.rng, c.prec, got, c.want)
		}
	}
	if got, _ := FormatType(value.OIDInterval, -1); got != "interval" {
		t.Errorf("FormatType(interval, -1) = %q", got)
	}
}
