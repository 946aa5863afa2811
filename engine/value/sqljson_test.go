package value

import (
	"testing"
	"time"
)

func TestSQLJSON(t *testing.T) {
	ts := time.Date(2024, 1, 1, 10, 0, 0, 500_000_000, time.UTC)
	day := DateOf(Datetime(time.Date(2024, 1, 2, 7, 0, 0, 0, time.UTC), false))
	cases := []struct {
		in   Value
		want string // AppendJSON of the result
	}{
		{Datetime(ts, false), `"2024-01-01T10:00:00.5"`},
		{Datetime(ts, true), `"2024-01-01T10:00:00.5+00:00"`},
		{day, `"2024-01-02"`},
		{IntervalOf(Interval{Days: 1, Micros: 2 * 3600 * 1_000_000}), `"1 day 02:00:00"`},
		{List([]Value{Int(1), day}), `[1, "2024-01-02"]`},
		{List([]Value{Int(1), String("a")}), `[1, "a"]`},
	}
	for _, c := range cases {
		if got := string(AppendJSON(nil, SQLJSON(c.in, nil))); got != c.want {
			t.Errorf("SQLJSON(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}
