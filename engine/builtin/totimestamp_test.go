package builtin

import (
	"testing"
	"time"
)

func TestParseTemplate(t *testing.T) {
	for _, c := range []struct {
		s, f string
		want time.Time
	}{
		{"2024-05-17", "YYYY-MM-DD", time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC)},
		{"17 May 2024", "DD Mon YYYY", time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC)},
		{"20240517", "YYYYMMDD", time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC)},
		{"5/7/24", "MM/DD/YY", time.Date(2024, 5, 7, 0, 0, 0, 0, time.UTC)},
		{"2024-05-17 01:04:05 PM", "YYYY-MM-DD HH:MI:SS AM", time.Date(2024, 5, 17, 13, 4, 5, 0, time.UTC)},
		{"2024-05-17 13:04:05.12", "YYYY-MM-DD HH24:MI:SS.MS", time.Date(2024, 5, 17, 13, 4, 5, 120_000_000, time.UTC)},
		{"2024 060", "YYYY DDD", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"2460438", "J", time.Date(2024, 5, 7, 0, 0, 0, 0, time.UTC)},
	} {
		p, err := parseTemplate(c.s, c.f)
		if err != nil {
			t.Errorf("%q by %q: %v", c.s, c.f, err)
			continue
		}
		got, err := p.timeOf(c.s)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%q by %q = %v, %v; want %v", c.s, c.f, got, err, c.want)
		}
	}
	for _, c := range [][2]string{{"abc", "YYYY"}, {"2024-13-01", "YYYY-MM-DD"}, {"2024-02-30", "YYYY-MM-DD"}, {"13:00", "HH:MI"}, {"x", "Mon"}} {
		p, err := parseTemplate(c[0], c[1])
		if err == nil {
			_, err = p.timeOf(c[0])
		}
		if err == nil {
			t.Errorf("%q by %q: no error", c[0], c[1])
		}
	}
}

// FuzzParseTemplate feeds arbitrary text and templates to to_date's
// reader: errors are fine, panics are not.
func FuzzParseTemplate(f *testing.F) {
	f.Add("2024-05-17 13:04:05.123 PM", "YYYY-MM-DD HH12:MI:SS.MS AM")
	f.Add("17 May 2024", "DD Mon YYYY")
	f.Add(`"x"2460438`, `"x"J`)
	f.Fuzz(func(t *testing.T, s, tmpl string) {
		if p, err := parseTemplate(s, tmpl); err == nil {
			p.timeOf(s)
		}
	})
}
