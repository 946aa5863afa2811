package builtin

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// to_date and to_timestamp read text by the same template patterns
// to_char writes (YYYY, MM, DD, HH24, MI, SS, Mon, AM, ...), the way
// PostgreSQL's reads them: a number field takes up to its width in digits
// (a year more when no digit pattern follows), a separator in the
// template skips one separator in the text, spaces are skipped, and
// fields the template leaves out default (1 BC, January, the 1st,
// midnight).

// parsedTime is what a template read from a text.
type parsedTime struct {
	year, month, day, yday int
	hour, min, sec, usec   int
	pm, hasMeridian        bool
	hour12                 bool
	yearSet, monthSet      bool
	century                bool // YY: the year was two digits
	bc                     bool // BC or B.C.: the year is before 1 AD
	julian                 int
}

// templateTime is the time to_timestamp(text, format) (or, dateOnly,
// to_date: the time of day dropped) reads from its text arguments.
func templateTime(name string, args []value.Value, dateOnly bool) (time.Time, error) {
	f, err := sqlStrings(name, args, 0, 1)
	if err != nil {
		return time.Time{}, err
	}
	p, err := parseTemplate(f[0], f[1])
	if err != nil {
		return time.Time{}, err
	}
	if dateOnly {
		p.hour, p.min, p.sec, p.usec, p.hour12, p.hasMeridian = 0, 0, 0, 0, false, false
	}
	return p.timeOf(f[0])
}

// parseTemplate reads s by template f.
func parseTemplate(s, f string) (parsedTime, error) {
	var p parsedTime
	// No year (or year 0) is astronomical year 0, 1 BC, as in PostgreSQL.
	p.year, p.month, p.day = 0, 1, 1
	si := 0
	skipSpaces := func() {
		for si < len(s) && s[si] == ' ' {
			si++
		}
	}
	// digits reads a number of up to width digits (more when greedy),
	// with an optional sign.
	digits := func(pat string, width int, greedy bool) (int, error) {
		skipSpaces()
		start := si
		if si < len(s) && (s[si] == '-' || s[si] == '+') {
			si++
		}
		d := si
		for si < len(s) && s[si] >= '0' && s[si] <= '9' && (greedy || si-d < width) {
			si++
		}
		if si == d {
			if start < len(s) {
				return 0, errs.New(errs.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", fieldText(s[start:]), pat).
					WithDetail("Value must be an integer.")
			}
			return 0, errs.New(errs.InvalidDatetimeFormat, "source string too short for \"%s\" formatting field", pat).
				WithDetail("Field requires %d characters, but only 0 remain.", width).
				WithHint("If your source string is not fixed-width, try using the \"FM\" modifier.")
		}
		n, err := strconv.Atoi(s[start:si])
		if err != nil {
			return 0, errs.New(errs.DatetimeFieldOverflow, "value for \"%s\" in source string is out of range", pat)
		}
		return n, nil
	}
	word := func(pat string, words []string, n int) (int, error) {
		skipSpaces()
		for i, w := range words {
			if n > 0 && len(w) > n {
				w = w[:n]
			}
			if len(s)-si >= len(w) && strings.EqualFold(s[si:si+len(w)], w) {
				si += len(w)
				return i, nil
			}
		}
		return 0, errs.New(errs.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", fieldText(s[si:]), pat).
			WithDetail("The given value did not match any of the allowed values for this field.")
	}
	// nextIsDigitPattern: whether the template after position i starts
	// with a number pattern, which a greedy year must leave digits to.
	nextIsDigitPattern := func(rest string) bool {
		u := strings.ToUpper(strings.TrimPrefix(strings.ToUpper(rest), "FM"))
		for _, p := range []string{"YYYY", "YY", "MM", "DDD", "DD", "HH", "MI", "SS", "MS", "US", "J"} {
			if strings.HasPrefix(u, p) {
				return true
			}
		}
		return false
	}
	for fi := 0; fi < len(f); {
		rest := f[fi:]
		if strings.HasPrefix(strings.ToUpper(rest), "FM") {
			fi += 2
			continue
		}
		up := strings.ToUpper(rest)
		match := func(pat string) bool { return strings.HasPrefix(up, pat) }
		var err error
		n := 0
		switch {
		case rest[0] == '"':
			end := strings.IndexByte(rest[1:], '"')
			lit := rest[1:]
			if end >= 0 {
				lit = rest[1 : end+1]
			}
			for range lit {
				if si < len(s) {
					si++
				}
			}
			n = len(lit) + 2
			if end < 0 {
				n = len(rest)
			}
		case match("YYYY"), match("IYYY"):
			p.year, err = digits(rest[:4], 4, !nextIsDigitPattern(rest[4:]))
			p.yearSet = true
			n = 4
		case match("YY"):
			p.year, err = digits(rest[:2], 2, false)
			p.yearSet, p.century = true, true
			n = 2
		case match("MONTH"):
			var m int
			m, err = word(rest[:5], monthNames, 0)
			p.month, p.monthSet = m+1, true
			n = 5
		case match("MON"):
			var m int
			m, err = word(rest[:3], monthNames, 3)
			p.month, p.monthSet = m+1, true
			n = 3
		case match("MM"):
			p.month, err = digits(rest[:2], 2, false)
			p.monthSet = true
			n = 2
		case match("DAY"):
			_, err = word(rest[:3], weekdayNames, 0)
			n = 3
		case match("DY"):
			_, err = word(rest[:2], weekdayNames, 3)
			n = 2
		case match("DDD"):
			p.yday, err = digits(rest[:3], 3, false)
			n = 3
		case match("DD"):
			p.day, err = digits(rest[:2], 2, false)
			n = 2
		case match("HH24"):
			p.hour, err = digits(rest[:4], 2, false)
			n = 4
		case match("HH12"):
			p.hour, err = digits(rest[:4], 2, false)
			p.hour12 = true
			n = 4
		case match("HH"):
			p.hour, err = digits(rest[:2], 2, false)
			p.hour12 = true
			n = 2
		case match("MI"):
			p.min, err = digits(rest[:2], 2, false)
			n = 2
		case match("SS"):
			p.sec, err = digits(rest[:2], 2, false)
			n = 2
		case match("MS"), match("US"):
			skipSpaces()
			start := si
			w := 3
			if match("US") {
				w = 6
			}
			for si < len(s) && s[si] >= '0' && s[si] <= '9' && si-start < w {
				si++
			}
			frac := s[start:si]
			if frac == "" {
				err = errs.New(errs.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", fieldText(s[si:]), rest[:2])
				break
			}
			for len(frac) < w {
				frac += "0"
			}
			v, _ := strconv.Atoi(frac)
			if w == 3 {
				v *= 1000
			}
			p.usec = v
			n = 2
		case match("AM"), match("PM"), match("A.M."), match("P.M."):
			skipSpaces()
			pat := rest[:2]
			n = 2
			if match("A.M.") || match("P.M.") {
				pat, n = rest[:4], 4
			}
			var i int
			if len(pat) == 4 {
				i, err = word(pat, []string{"A.M.", "P.M."}, 0)
			} else {
				i, err = word(pat, []string{"AM", "PM"}, 0)
			}
			p.pm, p.hasMeridian = i == 1, true
		case match("A.D."), match("B.C."), match("AD"), match("BC"):
			// Text that ends before the era is AD, as PostgreSQL has it.
			n = 2
			words := []string{"AD", "BC"}
			if rest[1] == '.' {
				n, words = 4, []string{"A.D.", "B.C."}
			}
			if skipSpaces(); si < len(s) {
				var i int
				i, err = word(rest[:n], words, 0)
				p.bc = i == 1
			}
		case match("J"):
			p.julian, err = digits("J", 1, true)
			n = 1
		case rest[0] == ' ':
			skipSpaces()
			n = 1
		default:
			// A separator (or any other character) of the template
			// skips one character of the text that is not a letter or
			// digit, if there is one.
			if si < len(s) && !isAlnum(s[si]) {
				si++
			}
			n = 1
		}
		if err != nil {
			return p, err
		}
		fi += n
	}
	return p, nil
}

var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// fieldText is the start of the text a field failed to read, as
// PostgreSQL's message quotes it.
func fieldText(s string) string {
	if i := strings.IndexAny(s, " -/:.,"); i >= 0 {
		s = s[:i]
	}
	return s
}

// timeOf is the moment a parsed template names, checked field by field.
func (p parsedTime) timeOf(src string) (time.Time, error) {
	y := p.year
	if p.century && y < 100 {
		// PostgreSQL's YY: 70-99 in the 1900s, the rest in the 2000s.
		if y < 70 {
			y += 2000
		} else {
			y += 1900
		}
	}
	if p.bc && y > 0 {
		y = 1 - y // astronomical: 1 BC is year 0
	}
	h := p.hour
	if p.hour12 || p.hasMeridian {
		if h < 1 || h > 12 {
			return time.Time{}, errs.New(errs.InvalidDatetimeFormat, "hour \"%d\" is invalid for the 12-hour clock", h).
				WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
		}
		h %= 12
		if p.pm {
			h += 12
		}
	}
	if p.julian != 0 {
		t := time.Unix(int64(p.julian-2440588)*86400, 0).UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), h, p.min, p.sec, p.usec*1000, time.UTC), nil
	}
	if p.yday != 0 && !p.monthSet {
		if !p.yearSet {
			return time.Time{}, errs.New(errs.InvalidDatetimeFormat, "cannot calculate day of year without year information")
		}
		t := time.Date(y, 1, 1, h, p.min, p.sec, p.usec*1000, time.UTC).AddDate(0, 0, p.yday-1)
		if t.Year() != y {
			return time.Time{}, errs.New(errs.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", src)
		}
		return t, nil
	}
	t := time.Date(y, time.Month(p.month), p.day, h, p.min, p.sec, p.usec*1000, time.UTC)
	if p.month < 1 || p.month > 12 || p.day < 1 || t.Day() != p.day || h > 24 || p.min > 59 || p.sec > 60 {
		return time.Time{}, errs.New(errs.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", src)
	}
	return t, nil
}

// toTimestampEpoch is to_timestamp(double precision): seconds since
// 1970-01-01 UTC, microseconds kept; infinities stay infinite.
func toTimestampEpoch(x float64) (value.Value, error) {
	switch {
	case math.IsNaN(x):
		return value.None, errs.New(errs.DatetimeFieldOverflow, "timestamp cannot be NaN")
	case math.IsInf(x, 0):
		inf := "infinity"
		if x < 0 {
			inf = "-infinity"
		}
		return value.ConvertExplicit(value.String(inf), value.TypeTimestampTZ)
	}
	// PostgreSQL's range in Unix seconds: 4713-11-24 BC to 294277-01-01.
	if x < -210866803200 || x >= 9224318016000 {
		// %g as PostgreSQL's message has it: six significant digits.
		return value.None, errs.New(errs.DatetimeFieldOverflow, "timestamp out of range: \"%s\"", strconv.FormatFloat(x, 'g', 6, 64))
	}
	// From 2000 first, as PostgreSQL does: from 1970 the microseconds
	// of the last years would overflow an int64.
	return value.DatetimeFromMicros(int64(math.Round((x-946684800)*1e6)), true)
}
