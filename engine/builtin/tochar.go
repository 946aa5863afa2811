package builtin

import (
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// toCharZone is the zone to_char's TZ, tz, OF, TZH and TZM show: a
// timestamptz's abbreviation and offset in the session time zone; none
// for a timestamp.
type toCharZone struct {
	abbrev string
	east   int
}

// charFields are the fields to_char formats, as PostgreSQL's struct
// pg_tm holds them: a timestamp's calendar fields (the year
// astronomical: 0 is 1 BC), or an interval's as interval2tm splits it
// (years and months from its months, its days, and its time in hours
// that may pass 24, every field carrying the interval's sign).
type charFields struct {
	year, mon, mday int
	hour, min, sec  int
	usec            int // the fraction of the second
	yday            int // day of the year; an interval's (year*12+mon)*30+mday
	wday            int // 0 is Sunday (timestamps only)
	interval        bool
	zone            toCharZone
}

// timestampFields are the fields of wall-clock time t in zone z.
func timestampFields(t time.Time, z toCharZone) charFields {
	return charFields{
		year: t.Year(), mon: int(t.Month()), mday: t.Day(),
		hour: t.Hour(), min: t.Minute(), sec: t.Second(), usec: t.Nanosecond() / 1000,
		yday: t.YearDay(), wday: int(t.Weekday()), zone: z,
	}
}

// intervalFields are iv's fields (PostgreSQL's interval2tm).
func intervalFields(iv value.Interval) charFields {
	f := charFields{year: int(iv.Months) / 12, mon: int(iv.Months) % 12, mday: int(iv.Days), interval: true}
	us := iv.Micros
	f.hour = int(us / 3_600_000_000)
	us -= int64(f.hour) * 3_600_000_000
	f.min = int(us / 60_000_000)
	us -= int64(f.min) * 60_000_000
	f.sec = int(us / 1_000_000)
	f.usec = int(us - int64(f.sec)*1_000_000)
	f.yday = (f.year*12+f.mon)*30 + f.mday
	return f
}

// toCharPatterns are to_char's template patterns, a longer one before
// any it starts with (they are matched in this order, ignoring case;
// the case of the words a pattern prints follows the template's).
var toCharPatterns = []string{
	"A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC",
	"DAY", "DDD", "DD", "DY", "D",
	"FF1", "FF2", "FF3", "FF4", "FF5", "FF6",
	"HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I", "J",
	"MI", "MM", "MONTH", "MON", "MS", "OF", "P.M.", "PM", "Q", "RM",
	"SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US", "WW", "W",
	"Y,YYY", "YYYY", "YYY", "YY", "Y",
}

// wordPatterns are the patterns that are not numbers (to_timestamp
// reads a number greedily unless a number pattern follows it).
var wordPatterns = map[string]bool{
	"A.D.": true, "A.M.": true, "AD": true, "AM": true, "B.C.": true, "BC": true, "DAY": true, "DY": true,
	"MONTH": true, "MON": true, "OF": true, "P.M.": true, "PM": true, "RM": true, "TZ": true, "TZH": true,
}

// templatePrefixes reads the pattern prefixes tmpl starts with: FM (no
// padding), TM (names as they are) and FX (ignored); n is their length.
func templatePrefixes(tmpl string) (fm, tm bool, n int) {
	for ; n+2 <= len(tmpl); n += 2 {
		switch strings.ToUpper(tmpl[n : n+2]) {
		case "FM":
			fm = true
		case "TM":
			tm = true
		case "FX":
		default:
			return fm, tm, n
		}
	}
	return fm, tm, n
}

// templatePattern is the pattern tmpl starts with ("" if none).
func templatePattern(tmpl string) string {
	up := strings.ToUpper(tmpl[:min(len(tmpl), 5)])
	for _, p := range toCharPatterns {
		if strings.HasPrefix(up, p) {
			return p
		}
	}
	return ""
}

// invalidForInterval are the patterns that name a calendar date or a
// zone, which an interval has not.
var invalidForInterval = map[string]bool{
	"A.D.": true, "AD": true, "B.C.": true, "BC": true, "DAY": true, "DY": true, "D": true, "ID": true,
	"MONTH": true, "MON": true, "OF": true, "TZH": true, "TZM": true, "TZ": true,
}

var romanMonths = []string{"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I"}

// toChar formats f's fields by PostgreSQL's to_char template patterns:
// a pattern may have the prefixes FM (no padding), TM (names as they
// are, unpadded) and FX (ignored), and a number the suffix TH or th (its
// ordinal ending); "..." is literal text (\ in it makes the next
// character literal), \" is a quote, and everything else is copied.
func toChar(f charFields, tmpl string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(tmpl); {
		rest := tmpl[i:]
		if rest[0] == '"' {
			j := 1
			for j < len(rest) && rest[j] != '"' {
				if rest[j] == '\\' && j+1 < len(rest) {
					j++
				}
				b.WriteByte(rest[j])
				j++
			}
			i += min(j+1, len(rest))
			continue
		}
		if strings.HasPrefix(rest, `\"`) {
			b.WriteByte('"')
			i += 2
			continue
		}
		fm, tm, n := templatePrefixes(rest)
		rest, i = rest[n:], i+n
		pat := templatePattern(rest)
		if pat == "" {
			if rest != "" {
				b.WriteByte(rest[0])
				i++
			}
			continue
		}
		if f.interval && invalidForInterval[pat] {
			return "", errs.New(errs.InvalidDatetimeFormat, "invalid format specification for an interval value").
				WithHint("Intervals are not tied to specific calendar dates.")
		}
		src := rest[:len(pat)]
		i += len(pat)
		start := b.Len()
		numeric := f.writePattern(&b, pat, src, fm, tm)
		if numeric && i+1 < len(tmpl) && (tmpl[i:i+2] == "TH" || tmpl[i:i+2] == "th") {
			if num := b.String()[start:]; num != "" {
				b.WriteString(ordinalSuffix(num, tmpl[i:i+2] == "TH"))
			}
			i += 2
		}
	}
	return b.String(), nil
}

// writePattern writes pattern pat (written src in the template) and
// reports whether it printed a number.
func (f charFields) writePattern(b *strings.Builder, pat, src string, fm, tm bool) bool {
	// num writes n as C's printf("%0*d", w, n) does: zeros after the
	// sign up to w characters in all (none with FM).
	num := func(n, w int) {
		if fm {
			w = 0
		}
		s := strconv.Itoa(abs(n))
		if n < 0 {
			b.WriteByte('-')
			w--
		}
		for range w - len(s) {
			b.WriteByte('0')
		}
		b.WriteString(s)
	}
	// signed is num's width for a field whose negative values take a
	// character more (PostgreSQL widens the field by one for them).
	signed := func(n, w int) int {
		if n < 0 {
			return w + 1
		}
		return w
	}
	word := func(s string, full bool) {
		switch {
		case src == strings.ToUpper(src):
			s = strings.ToUpper(s)
		case src == strings.ToLower(src):
			s = strings.ToLower(s)
		}
		b.WriteString(s)
		if full && !fm && !tm {
			for range 9 - len(s) {
				b.WriteByte(' ')
			}
		}
	}
	// meridian writes one of two words in the template's case.
	meridian := func(am, pm string, isPM bool) {
		s := am
		if isPM {
			s = pm
		}
		if src == strings.ToLower(src) {
			s = strings.ToLower(s)
		}
		b.WriteString(s)
	}
	hour12 := f.hour % 12
	if hour12 == 0 {
		hour12 = 12
	}
	year := f.year
	if !f.interval && year <= 0 {
		year = 1 - year // 1 BC is year 0
	}
	isoYear := func() int {
		y := date2isoyear(f.year, f.mon, f.mday)
		if !f.interval && y <= 0 {
			y = 1 - y
		}
		return y
	}
	switch pat {
	case "A.D.", "B.C.":
		meridian("A.D.", "B.C.", f.year <= 0)
	case "AD", "BC":
		meridian("AD", "BC", f.year <= 0)
	case "A.M.", "P.M.":
		meridian("A.M.", "P.M.", f.hour%24 >= 12)
	case "AM", "PM":
		meridian("AM", "PM", f.hour%24 >= 12)
	case "CC":
		c := f.year / 100
		if !f.interval {
			if f.year > 0 {
				c = (f.year-1)/100 + 1
			} else {
				c = f.year/100 - 1
			}
		}
		if c <= 99 && c >= -99 {
			num(c, signed(c, 2))
		} else {
			num(c, 0)
		}
		return true
	case "DAY":
		word(time.Weekday(f.wday).String(), true)
	case "DY":
		word(time.Weekday(f.wday).String()[:3], false)
	case "DDD":
		num(f.yday, 3)
		return true
	case "DD":
		num(f.mday, 2)
		return true
	case "D":
		num(f.wday+1, 0)
		return true
	case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
		digits := int(pat[2] - '0')
		n := f.usec
		for range 6 - digits {
			n /= 10
		}
		fm = false
		num(n, digits)
		return true
	case "MS":
		fm = false
		num(f.usec/1000, 3)
		return true
	case "US":
		fm = false
		num(f.usec, 6)
		return true
	case "HH24":
		num(f.hour, signed(f.hour, 2))
		return true
	case "HH12", "HH":
		num(hour12, signed(f.hour, 2))
		return true
	case "IDDD":
		num(date2isoyearday(f.year, f.mon, f.mday), 3)
		return true
	case "ID":
		d := f.wday
		if d == 0 {
			d = 7
		}
		num(d, 0)
		return true
	case "IW":
		num(date2isoweek(f.year, f.mon, f.mday), 2)
		return true
	// The ISO year's width is the year's (as in PostgreSQL).
	case "IYYY":
		num(isoYear(), signed(year, 4))
		return true
	case "IYY":
		num(isoYear()%1000, signed(year, 3))
		return true
	case "IY":
		num(isoYear()%100, signed(year, 2))
		return true
	case "I":
		num(isoYear()%10, 1)
		return true
	case "J":
		num(date2j(f.year, f.mon, f.mday), 0)
		return true
	case "MI":
		num(f.min, signed(f.min, 2))
		return true
	case "MM":
		num(f.mon, signed(f.mon, 2))
		return true
	case "MONTH":
		if f.mon != 0 {
			word(monthNames[f.mon-1], true)
		}
	case "MON":
		if f.mon != 0 {
			word(monthNames[f.mon-1][:3], false)
		}
	case "OF":
		z := f.zone.east
		sign := byte('+')
		if z < 0 {
			sign = '-'
		}
		b.WriteByte(sign)
		num(abs(z)/3600, 2)
		if m := abs(z) % 3600 / 60; m != 0 {
			b.WriteByte(':')
			fm = false
			num(m, 2)
		}
	case "Q":
		if f.mon == 0 {
			return true // nothing printed, but a TH after it is still its suffix
		}
		num((f.mon-1)/3+1, 0)
		return true
	case "RM":
		if f.mon == 0 && f.year == 0 {
			return false
		}
		var m int
		switch {
		case f.mon == 0 && f.year >= 0:
			m = 0
		case f.mon == 0:
			m = 11
		case f.mon < 0:
			m = -(f.mon + 1)
		default:
			m = 12 - f.mon
		}
		s := romanMonths[m]
		if src == "rm" {
			s = strings.ToLower(s)
		}
		b.WriteString(s)
		if !fm {
			for range 4 - len(s) {
				b.WriteByte(' ')
			}
		}
	case "SSSSS", "SSSS":
		num(f.hour*3600+f.min*60+f.sec, 0)
		return true
	case "SS":
		num(f.sec, signed(f.sec, 2))
		return true
	case "TZH":
		sign := byte('+')
		if f.zone.east < 0 {
			sign = '-'
		}
		b.WriteByte(sign)
		fm = false
		num(abs(f.zone.east)/3600, 2)
	case "TZM":
		fm = false
		num(abs(f.zone.east)%3600/60, 2)
	case "TZ":
		if src == "tz" {
			b.WriteString(strings.ToLower(f.zone.abbrev))
		} else {
			b.WriteString(strings.ToUpper(f.zone.abbrev))
		}
	case "WW":
		num((f.yday-1)/7+1, 2)
		return true
	case "W":
		num((f.mday-1)/7+1, 0)
		return true
	case "Y,YYY":
		th := year / 1000
		b.WriteString(strconv.Itoa(th))
		b.WriteByte(',')
		fm = false
		num(year-th*1000, 3)
		return true
	case "YYYY":
		num(year, signed(year, 4))
		return true
	case "YYY":
		num(year%1000, signed(year, 3))
		return true
	case "YY":
		num(year%100, signed(year, 2))
		return true
	case "Y":
		num(year%10, 1)
		return true
	}
	return false
}

// date2j is the Julian day of a proleptic Gregorian date, by
// PostgreSQL's arithmetic, which also takes the out-of-range months and
// days of an interval's fields.
func date2j(y, m, d int) int {
	if m > 2 {
		m++
		y += 4800
	} else {
		m += 13
		y += 4799
	}
	century := y / 100
	j := y*365 - 32167
	j += y/4 - century + century/4
	return j + 7834*m/256 + d
}

// j2day is the weekday of Julian day j, 0 for Sunday.
func j2day(j int) int {
	d := (j + 1) % 7
	if d < 0 {
		d += 7
	}
	return d
}

// isoYearStart is the Julian day of the Monday that starts ISO year y.
func isoYearStart(y int) int {
	day4 := date2j(y, 1, 4)
	return day4 - j2day(day4-1)
}

// date2isoyear is the ISO 8601 year the date falls in.
func date2isoyear(y, m, d int) int {
	dayn := date2j(y, m, d)
	if dayn < isoYearStart(y) {
		y--
	}
	if (dayn-isoYearStart(y))/7+1 >= 52 && dayn >= isoYearStart(y+1) {
		y++
	}
	return y
}

// date2isoweek is the ISO 8601 week of the date.
func date2isoweek(y, m, d int) int {
	dayn := date2j(y, m, d)
	start := isoYearStart(y)
	if dayn < start {
		start = isoYearStart(y - 1)
	}
	w := (dayn-start)/7 + 1
	if w >= 52 {
		if next := isoYearStart(y + 1); dayn >= next {
			w = (dayn-next)/7 + 1
		}
	}
	return w
}

// date2isoyearday is the day of the ISO 8601 year of the date.
func date2isoyearday(y, m, d int) int {
	return date2j(y, m, d) - isoYearStart(date2isoyear(y, m, d)) + 1
}
