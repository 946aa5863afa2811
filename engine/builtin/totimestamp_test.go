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
		// Number fields read all their digits before a separator.
		{"2024 47045", "YYYY SSSS", time.Date(2024, 1, 1, 13, 4, 5, 0, time.UTC)},
		{"2024-05-17 13:04:05.123456", "YYYY-MM-DD HH24:MI:SS.FF6", time.Date(2024, 5, 17, 13, 4, 5, 123_456_000, time.UTC)},
		{"2,024 05 17", "Y,YYY MM DD", time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC)},
		{"17th May 2024", "DDth Mon YYYY", time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC)},
		{"2024-W20-5", `IYYY-"W"IW-ID`, time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC)},
		{"2024 138", "IYYY IDDD", time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC)},
		{"2024 5", "IYYY ID", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"2024 5", "YYYY W", time.Date(2024, 1, 29, 0, 0, 0, 0, time.UTC)},
		{"2024 20", "YYYY WW", time.Date(2024, 5, 13, 0, 0, 0, 0, time.UTC)},
		{"21 24", "CC YY", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"21", "CC", time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"4", "Y", time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"124", "YYY", time.Date(2124, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"XII 2024", "RM YYYY", time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)},
		{"viii 2024", "RM YYYY", time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC)},
		{"2024 Q2 Friday", `YYYY "Q"Q Day`, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		p, err := parseTemplate(c.s, c.f)
		if err != nil {
			t.Errorf("%q by %q: %v", c.s, c.f, err)
			continue
		}
		got, _, err := p.timeOf(c.s)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%q by %q = %v, %v; want %v", c.s, c.f, got, err, c.want)
		}
	}
	for _, c := range [][2]string{{"abc", "YYYY"}, {"2024-13-01", "YYYY-MM-DD"}, {"2024-02-30", "YYYY-MM-DD"}, {"13:00", "HH:MI"}, {"x", "Mon"}, {"UTC", "TZ"}, {"+02", "OF"}} {
		p, err := parseTemplate(c[0], c[1])
		if err == nil {
			_, _, err = p.timeOf(c[0])
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

// TestParseTemplateZone: TZH and TZM name the zone of the wall-clock
// time read, its sign on TZH, and TZM alone is east.
func TestParseTemplateZone(t *testing.T) {
	for _, c := range []struct {
		s, f string
		east int
	}{
		{"2024-05-17 13:04 -05:30", "YYYY-MM-DD HH24:MI TZH:TZM", -(5*3600 + 30*60)},
		{"2024-05-17 13:04 -0530", "YYYY-MM-DD HH24:MI TZHTZM", -(5*3600 + 30*60)},
		{"2024-05-17 13:04 +02", "YYYY-MM-DD HH24:MI TZH", 2 * 3600},
		{"2024-05-17 13:04 45", "YYYY-MM-DD HH24:MI TZM", 45 * 60},
	} {
		p, err := parseTemplate(c.s, c.f)
		if err != nil {
			t.Fatalf("%q by %q: %v", c.s, c.f, err)
		}
		_, loc, err := p.timeOf(c.s)
		if err != nil || loc == nil {
			t.Fatalf("%q by %q: zone %v, %v", c.s, c.f, loc, err)
		}
		if _, east := time.Date(2024, 5, 17, 0, 0, 0, 0, loc).Zone(); east != c.east {
			t.Errorf("%q by %q: %d s east, want %d", c.s, c.f, east, c.east)
		}
	}
}
