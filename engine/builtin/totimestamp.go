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
	partialYear            bool // YYY, YY, Y read fewer than four digits
	bc                     bool // BC or B.C.: the year is before 1 AD
	julian                 int
	ssss                   int  // SSSS: seconds past midnight
	cc                     int  // CC: the century
	yearDigits             int  // the year pattern's width (YYYY 4 ... Y 1)
	week, monthWeek        int  // WW or IW; W
	isoDay                 int  // ID
	iso                    bool // an ISO 8601 week-date pattern (IYYY, IW, ID, IDDD) was read
	tzSet                  bool // TZH or TZM was read
	tzSign, tzh, tzm       int
}

// templateTime is the wall-clock time to_timestamp(text, format) (or,
// dateOnly, to_date: the time of day dropped) reads from its text
// arguments, and the zone its TZH and TZM name (nil: none).
func templateTime(name string, args []value.Value, dateOnly bool) (time.Time, *time.Location, error) {
	f, err := sqlStrings(name, args, 0, 1)
	if err != nil {
		return time.Time{}, nil, err
	}
	p, err := parseTemplate(f[0], f[1])
	if err != nil {
		return time.Time{}, nil, err
	}
	if dateOnly {
		p.hour, p.min, p.sec, p.usec, p.hour12, p.hasMeridian, p.ssss = 0, 0, 0, 0, false, false, 0
	}
	return p.timeOf(f[0])
}

// parseTemplate reads s by template f. Its patterns are to_char's
// (toCharPatterns); a number field reads as many digits as there are
// when FM precedes it or no number follows it in the template (the end,
// a separator, a word), else up to its width, as PostgreSQL's does.
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
	// read is the number of digits the last digits call read.
	read := 0
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
		read = si - d
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
	// fraction reads up to width digits of a fraction of a second, in
	// microseconds.
	fraction := func(pat string, width int) (int, error) {
		skipSpaces()
		start := si
		for si < len(s) && s[si] >= '0' && s[si] <= '9' && si-start < width {
			si++
		}
		frac := s[start:si]
		if frac == "" {
			return 0, errs.New(errs.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", fieldText(s[si:]), pat)
		}
		for len(frac) < 6 {
			frac += "0"
		}
		v, _ := strconv.Atoi(frac)
		return v, nil
	}
	for fi := 0; fi < len(f); {
		fm, _, n := templatePrefixes(f[fi:])
		fi += n
		rest := f[fi:]
		if rest == "" {
			break
		}
		if rest[0] == '"' {
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
			fi += len(lit) + 2
			if end < 0 {
				fi = len(f)
			}
			continue
		}
		pat := templatePattern(rest)
		if pat == "" {
			if rest[0] == ' ' {
				skipSpaces()
			} else if si < len(s) && !isAlnum(s[si]) {
				// A separator (or any other character) of the template
				// skips one character of the text that is not a letter
				// or digit, if there is one.
				si++
			}
			fi++
			continue
		}
		src := rest[:len(pat)]
		next := f[fi+len(pat):]
		suffix := len(next) >= 2 && (next[:2] == "TH" || next[:2] == "th")
		greedy := fm || suffix || !numberFollows(next)
		num := func(width int) (int, error) { return digits(src, width, greedy) }
		var err error
		switch pat {
		case "YYYY", "IYYY", "Y,YYY":
			if pat == "Y,YYY" {
				var th, y int
				if th, err = digits(src, 3, false); err == nil {
					if si < len(s) && s[si] == ',' {
						si++
					}
					y, err = digits(src, 3, false)
					p.year = th*1000 + y
				}
			} else {
				p.year, err = num(4)
			}
			p.yearSet, p.partialYear, p.yearDigits = true, false, 4
		case "YYY", "IYY", "YY", "IY", "Y", "I":
			w := strings.Count(strings.ToUpper(pat), "Y") + strings.Count(pat, "I")
			p.year, err = num(w)
			p.yearSet, p.partialYear, p.yearDigits = true, read < 4, w
		case "MONTH", "MON":
			var m int
			n := 0
			if pat == "MON" {
				n = 3
			}
			m, err = word(src, monthNames, n)
			p.month, p.monthSet = m+1, true
		case "RM":
			var m int
			m, err = word(src, romanMonthsLongestFirst, 0)
			p.month, p.monthSet = romanMonthNumbers[m], true
		case "MM":
			p.month, err = num(2)
			p.monthSet = true
		case "DAY", "DY":
			// Read, and ignored, as in PostgreSQL.
			n := 0
			if pat == "DY" {
				n = 3
			}
			_, err = word(src, weekdayNames, n)
		case "D", "Q":
			_, err = num(1)
		case "DDD", "IDDD":
			p.yday, err = num(3)
		case "DD":
			p.day, err = num(2)
		case "ID":
			p.isoDay, err = num(1)
		case "IW", "WW":
			p.week, err = num(2)
		case "W":
			p.monthWeek, err = num(1)
		case "CC":
			p.cc, err = num(2)
		case "J":
			p.julian, err = digits(src, 1, true)
		case "HH24", "HH12", "HH":
			p.hour, err = num(2)
			p.hour12 = pat != "HH24"
		case "MI":
			p.min, err = num(2)
		case "SS":
			p.sec, err = num(2)
		case "SSSS", "SSSSS":
			p.ssss, err = num(5)
		case "MS":
			p.usec, err = fraction(src, 3)
		case "US":
			p.usec, err = fraction(src, 6)
		case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
			p.usec, err = fraction(src, int(pat[2]-'0'))
		case "AM", "PM", "A.M.", "P.M.":
			words := []string{"AM", "PM"}
			if len(pat) == 4 {
				words = []string{"A.M.", "P.M."}
			}
			var i int
			i, err = word(src, words, 0)
			p.pm, p.hasMeridian = i == 1, true
		case "AD", "BC", "A.D.", "B.C.":
			// Text that ends before the era is AD, as PostgreSQL has it.
			words := []string{"AD", "BC"}
			if len(pat) == 4 {
				words = []string{"A.D.", "B.C."}
			}
			if skipSpaces(); si < len(s) {
				var i int
				i, err = word(src, words, 0)
				p.bc = i == 1
			}
		case "TZH":
			skipSpaces()
			p.tzSign = 1
			if si < len(s) && (s[si] == '+' || s[si] == '-') {
				if s[si] == '-' {
					p.tzSign = -1
				}
				si++
			}
			p.tzh, err = num(2)
			p.tzSet = true
		case "TZM":
			if p.tzSign == 0 {
				p.tzSign = 1
			}
			p.tzm, err = num(2)
			p.tzSet = true
		default: // TZ, OF
			err = errs.New(errs.FeatureNotSupported, "formatting field \"%s\" is only supported in to_char", src)
		}
		if err != nil {
			return p, err
		}
		switch pat {
		case "IYYY", "IYY", "IY", "I", "IW", "ID", "IDDD":
			p.iso = true
		}
		fi += len(pat)
		if suffix {
			// An ordinal ending after a number, in the text too.
			fi += 2
			for k := 0; k < 2 && si < len(s) && isAlnum(s[si]) && !(s[si] >= '0' && s[si] <= '9'); k++ {
				si++
			}
		}
	}
	return p, nil
}

// numberFollows reports whether what follows a number field in a
// template starts with a number pattern or a digit, which the field
// must leave its digits to.
func numberFollows(next string) bool {
	_, _, n := templatePrefixes(next)
	next = next[n:]
	if next == "" {
		return false
	}
	if next[0] >= '0' && next[0] <= '9' {
		return true
	}
	pat := templatePattern(next)
	return pat != "" && !wordPatterns[pat]
}

// romanMonthsLongestFirst are the Roman month numbers, each before any
// other it starts with, and romanMonthNumbers their months.
var (
	romanMonthsLongestFirst = []string{"VIII", "XII", "III", "VII", "XI", "IX", "IV", "II", "VI", "X", "V", "I"}
	romanMonthNumbers       = []int{8, 12, 3, 7, 11, 9, 4, 2, 6, 10, 5, 1}
)

var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// fieldText is the start of the text a field failed to read, as
// PostgreSQL's message quotes it.
func fieldText(s string) string {
	if i := strings.IndexAny(s, " -/:.,"); i >= 0 {
		s = s[:i]
	}
	return s
}

// timeOf is the moment a parsed template names, checked field by field,
// as PostgreSQL's do_to_timestamp combines the fields: its wall-clock
// time, and the zone TZH and TZM gave (nil: none).
func (p parsedTime) timeOf(src string) (time.Time, *time.Location, error) {
	outOfRange := func() (time.Time, *time.Location, error) {
		return time.Time{}, nil, errs.New(errs.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", src)
	}
	y := p.year
	if p.partialYear {
		y = adjustPartialYear(y)
	}
	switch {
	case p.yearSet && p.cc != 0 && p.yearDigits <= 2:
		cc := p.cc
		if p.bc {
			cc = -cc
		}
		switch y %= 100; {
		case y == 0:
			y = cc * 100
			if cc < 0 {
				y++
			}
		case cc >= 0:
			y += (cc - 1) * 100
		default:
			y = (cc+1)*100 - y + 1
		}
		if y <= 0 {
			y++ // to astronomical, as below
		}
	case p.yearSet:
		if p.bc && y > 0 {
			y = 1 - y // astronomical: 1 BC is year 0
		}
	case p.cc != 0:
		// The first year of the century.
		cc := p.cc
		if p.bc {
			cc = -cc
		}
		if cc >= 0 {
			y = (cc-1)*100 + 1
		} else {
			y = cc*100 + 2 // cc*100+1 BC, astronomically
		}
	}
	h, mi, sec := p.hour, p.min, p.sec
	if p.hour12 || p.hasMeridian {
		if h < 1 || h > 12 {
			return time.Time{}, nil, errs.New(errs.InvalidDatetimeFormat, "hour \"%d\" is invalid for the 12-hour clock", h).
				WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
		}
		h %= 12
		if p.pm {
			h += 12
		}
	}
	if p.ssss != 0 {
		h += p.ssss / 3600
		mi += p.ssss % 3600 / 60
		sec += p.ssss % 60
	}
	var loc *time.Location
	if p.tzSet {
		loc = time.FixedZone("", p.tzSign*(p.tzh*3600+p.tzm*60))
	}
	at := func(y, m, d int) time.Time {
		return time.Date(y, time.Month(m), d, h, mi, sec, p.usec*1000, time.UTC)
	}
	// fromJulian is the date of Julian day j.
	fromJulian := func(j int) time.Time {
		t := time.Unix(int64(j-2440588)*86400, 0).UTC()
		return at(t.Year(), int(t.Month()), t.Day())
	}
	if p.julian != 0 {
		return fromJulian(p.julian), loc, nil
	}
	month, day, yday := p.month, p.day, p.yday
	if p.week != 0 {
		if p.iso {
			// The Monday of ISO week p.week, or its day p.isoDay.
			d := 1
			if p.isoDay != 0 {
				d = p.isoDay
			}
			return fromJulian(isoYearStart(y) + (p.week-1)*7 + d - 1), loc, nil
		}
		yday = (p.week-1)*7 + 1
	}
	if p.monthWeek != 0 {
		day = (p.monthWeek-1)*7 + 1
	}
	if yday != 0 && (!p.monthSet || p.week != 0) {
		if !p.yearSet && p.cc == 0 {
			return time.Time{}, nil, errs.New(errs.InvalidDatetimeFormat, "cannot calculate day of year without year information")
		}
		if p.iso {
			return fromJulian(isoYearStart(y) + yday - 1), loc, nil
		}
		t := at(y, 1, 1).AddDate(0, 0, yday-1)
		if t.Year() != y {
			return outOfRange()
		}
		return t, loc, nil
	}
	t := at(y, month, day)
	if month < 1 || month > 12 || day < 1 || t.Day() != day || h > 24 || mi > 59 || sec > 60 {
		return outOfRange()
	}
	return t, loc, nil
}

// adjustPartialYear is PostgreSQL's reading of a year of fewer than four
// digits: toward 2020, 70-99 in the 1900s, 0-69 and 100-519 in the 2000s,
// 520-999 in the 1000s.
func adjustPartialYear(y int) int {
	switch {
	case y < 70:
		return y + 2000
	case y < 100:
		return y + 1900
	case y < 520:
		return y + 2000
	case y < 1000:
		return y + 1000
	}
	return y
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
