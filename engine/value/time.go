package value

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// Datetimes are int64 unix nanoseconds, so they cover 1677-09-21 to
// 2262-04-11; MinInt64 and MaxInt64 are -infinity and infinity.

const codeIntervalFieldOverflow = "22015"

// ParseDatetime parses the text of ZQL's datetime("..."): RFC 3339
// ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.5+02:00"), also with a
// space for the T, without a zone (UTC), or a date alone. Nanoseconds
// are kept. Errors are 22007 (syntax) and 22008 (out of range).
func ParseDatetime(s string) (Value, error) { return parseTimestamp(s, true, false) }

// timestampTypeName names the type in input errors.
func timestampTypeName(withTZ, sql bool) string {
	switch {
	case !sql:
		return "datetime"
	case withTZ:
		return "timestamp with time zone"
	}
	return "timestamp"
}

// parseTimestamp reads ISO 8601 date-time text. For SQL input (sql set),
// fractions round to microseconds (half even, as PostgreSQL does), and a
// zone on a timestamp without time zone is ignored, as PostgreSQL does.
func parseTimestamp(s string, withTZ, sql bool) (Value, error) {
	syntax := func() (Value, error) {
		return None, errs.New(errs.InvalidDatetimeFormat, "invalid input syntax for type %s: \"%s\"", timestampTypeName(withTZ, sql), s)
	}
	fieldRange := func() (Value, error) {
		return None, errs.New(codeDatetimeOverflow, "date/time field value out of range: \"%s\"", s)
	}
	t := trimPGSpace(s)
	switch strings.ToLower(t) {
	case "epoch":
		return Datetime(time.Unix(0, 0), withTZ), nil
	case "infinity", "+infinity":
		return Value{kind: KindDatetime, sub: tzSub(withTZ), n: math.MaxInt64}, nil
	case "-infinity":
		return Value{kind: KindDatetime, sub: tzSub(withTZ), n: 1 << 63}, nil
	}
	p := scanner{s: t}
	var year, month, day int
	if n, w := p.digits(); w == 8 && (p.eof() || p.peek() == 'T' || p.peek() == 't' || p.peek() == ' ') {
		year, month, day = n/10000, n/100%100, n%100
	} else {
		if w == 0 || w > 6 || !p.byte('-') {
			return syntax()
		}
		year = n
		if month, w = p.digits(); w == 0 || w > 2 || !p.byte('-') {
			return syntax()
		}
		if day, w = p.digits(); w == 0 || w > 2 {
			return syntax()
		}
	}
	var hour, minute, sec, nanos int
	var roundUp bool
	offset := 0
	if !p.eof() {
		switch {
		case p.peek() == 'T' || p.peek() == 't':
			p.i++
			if p.eof() || p.peek() < '0' || p.peek() > '9' {
				return syntax()
			}
		case p.peek() == ' ':
			p.spaces()
		default:
			return syntax()
		}
		if !p.eof() && p.peek() >= '0' && p.peek() <= '9' {
			var w int
			if hour, w = p.digits(); w == 0 || w > 2 || !p.byte(':') {
				return syntax()
			}
			if minute, w = p.digits(); w == 0 || w > 2 {
				return syntax()
			}
			if p.byte(':') {
				if sec, w = p.digits(); w == 0 || w > 2 {
					return syntax()
				}
				if p.byte('.') {
					var ok bool
					nanos, roundUp, ok = p.fraction(sql)
					if !ok {
						return syntax()
					}
				}
			}
		}
		p.spaces()
		if !p.eof() {
			off, ok := p.zone()
			if !ok || !p.eof() {
				return syntax()
			}
			offset = off
		}
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, time.Month(month)) ||
		hour > 24 || minute > 59 || sec > 60 || (hour == 24 && (minute != 0 || sec != 0 || nanos != 0)) {
		return fieldRange()
	}
	if year < 1677 || year > 2262 {
		return None, errs.New(codeDatetimeOverflow, "timestamp out of range: \"%s\"", s)
	}
	tm := time.Date(year, time.Month(month), day, hour, minute, sec, nanos, time.UTC)
	if roundUp {
		tm = tm.Add(time.Microsecond)
	}
	if withTZ || !sql {
		tm = tm.Add(-time.Duration(offset) * time.Second)
	}
	n, ok := unixNanos(tm)
	if !ok {
		return None, errs.New(codeDatetimeOverflow, "timestamp out of range: \"%s\"", s)
	}
	return Value{kind: KindDatetime, sub: tzSub(withTZ || !sql), n: uint64(n)}, nil
}

func tzSub(withTZ bool) uint8 {
	if withTZ {
		return 1
	}
	return 0
}

// unixNanos is t.UnixNano with overflow detection (the infinities'
// encodings are out of range too).
func unixNanos(t time.Time) (int64, bool) {
	sec := t.Unix()
	if sec > math.MaxInt64/int64(time.Second) || sec < math.MinInt64/int64(time.Second) {
		return 0, false
	}
	n, ok := addInt64(sec*1e9, int64(t.Nanosecond()))
	if !ok || n == math.MaxInt64 || n == math.MinInt64 {
		return 0, false
	}
	return n, true
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// scanner is a cursor over date/time text.
type scanner struct {
	s string
	i int
}

func (p *scanner) eof() bool  { return p.i >= len(p.s) }
func (p *scanner) peek() byte { return p.s[p.i] }

func (p *scanner) byte(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *scanner) spaces() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

// digits reads up to 9 digits (more is a width the callers reject).
func (p *scanner) digits() (n, width int) {
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		if width < 9 {
			n = n*10 + int(p.s[p.i]-'0')
		}
		width++
		p.i++
	}
	return n, width
}

// fraction reads the digits after the seconds' point as nanoseconds.
// micro rounds to microseconds half to even (roundUp reports a carry the
// caller adds); otherwise digits past nanoseconds are dropped.
func (p *scanner) fraction(micro bool) (nanos int, roundUp, ok bool) {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	frac := p.s[start:p.i]
	if frac == "" {
		return 0, false, false
	}
	keep := 9
	if micro {
		keep = 6
	}
	for i := 0; i < keep; i++ {
		d := 0
		if i < len(frac) {
			d = int(frac[i] - '0')
		}
		nanos = nanos*10 + d
	}
	if micro {
		nanos *= 1000
		if len(frac) > 6 {
			rest := frac[6:]
			switch {
			case rest[0] > '5':
				roundUp = true
			case rest[0] == '5':
				roundUp = strings.Trim(rest[1:], "0") != "" || (nanos/1000)%2 == 1
			}
		}
	}
	return nanos, roundUp, true
}

// zone reads Z, UTC, GMT, ±HH, ±HH:MM, ±HHMM or ±HH:MM:SS and returns the
// offset east of UTC in seconds.
func (p *scanner) zone() (int, bool) {
	rest := strings.ToUpper(p.s[p.i:])
	switch rest {
	case "Z", "UTC", "GMT":
		p.i = len(p.s)
		return 0, true
	}
	if rest == "" || (rest[0] != '+' && rest[0] != '-') {
		return 0, false
	}
	sign := 1
	if rest[0] == '-' {
		sign = -1
	}
	p.i++
	h, w := p.digits()
	var m, sec int
	switch w {
	case 1, 2:
		if p.byte(':') {
			if m, w = p.digits(); w != 2 {
				return 0, false
			}
			if p.byte(':') {
				if sec, w = p.digits(); w != 2 {
					return 0, false
				}
			}
		}
	case 4:
		h, m = h/100, h%100
	default:
		return 0, false
	}
	if h > 15 || m > 59 || sec > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60 + sec), true
}

// appendTimestamp writes PostgreSQL's ISO output: 2024-05-01 10:00:00.5
// (microseconds, trailing zeros trimmed), with "+00" for timestamptz.
func appendTimestamp(b []byte, v Value, withTZ bool) []byte {
	switch int64(v.n) {
	case math.MaxInt64:
		return append(b, "infinity"...)
	case math.MinInt64:
		return append(b, "-infinity"...)
	}
	t := time.Unix(0, int64(v.n)).UTC().Round(time.Microsecond)
	y, mo, d := t.Date()
	b = appendPad(b, y, 4)
	b = append(b, '-')
	b = appendPad(b, int(mo), 2)
	b = append(b, '-')
	b = appendPad(b, d, 2)
	b = append(b, ' ')
	b = appendClock(b, t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000)
	if withTZ {
		b = append(b, "+00"...)
	}
	return b
}

// appendClock writes HH:MM:SS[.ffffff] with the fraction's trailing
// zeros trimmed.
func appendClock(b []byte, h, m, s, micros int) []byte {
	b = appendPad(b, h, 2)
	b = append(b, ':')
	b = appendPad(b, m, 2)
	b = append(b, ':')
	b = appendPad(b, s, 2)
	if micros > 0 {
		b = append(b, '.')
		div := 100000
		for micros > 0 {
			b = append(b, byte('0'+micros/div))
			micros %= div
			div /= 10
		}
	}
	return b
}

func appendPad(b []byte, n, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendRFC3339 writes a datetime for JSON: RFC 3339 in UTC with the
// fraction trimmed.
func appendRFC3339(b []byte, v Value) []byte {
	switch int64(v.n) {
	case math.MaxInt64:
		return append(b, "infinity"...)
	case math.MinInt64:
		return append(b, "-infinity"...)
	}
	return time.Unix(0, int64(v.n)).UTC().AppendFormat(b, time.RFC3339Nano)
}

// appendInterval writes PostgreSQL's interval output (IntervalStyle
// postgres) for a duration rounded to microseconds: whole days as "N
// days" (24 hours make a day, as justify_hours and timestamp - timestamp
// do), then [-]HH:MM:SS[.ffffff]: "1 day 02:03:04", "-1 days -01:00:00",
// "00:00:01.5", "00:00:00".
func appendInterval(b []byte, nanos int64) []byte {
	micros := nanos / 1000
	if r := nanos % 1000; r >= 500 {
		micros++
	} else if r <= -500 {
		micros--
	}
	neg := micros < 0
	mag := uint64(micros)
	if neg {
		mag = uint64(-(micros + 1)) + 1
	}
	const microsPerDay = 86400 * 1e6
	days, rem := mag/microsPerDay, mag%microsPerDay
	if days != 0 {
		if neg {
			b = append(b, '-')
		}
		b = strconv.AppendUint(b, days, 10)
		if days == 1 && !neg {
			b = append(b, " day"...)
		} else {
			b = append(b, " days"...)
		}
	}
	if rem != 0 || days == 0 {
		if days != 0 {
			b = append(b, ' ')
		}
		if neg {
			b = append(b, '-')
		}
		secs := rem / 1e6
		b = appendClock(b, int(secs/3600), int(secs/60%60), int(secs%60), int(rem%1e6))
	}
	return b
}

// Units of interval and duration text, in nanoseconds. PostgreSQL's
// interval keeps months and days apart from time; a zerodb duration is
// one span, so a month is 30 days and a year 12 months (PostgreSQL's own
// equivalences when it compares intervals).
const (
	nsDay   = int64(24 * time.Hour)
	nsMonth = 30 * nsDay
	nsYear  = 12 * nsMonth
)

var intervalUnits = map[string]int64{
	"microsecond": 1e3, "microseconds": 1e3, "usec": 1e3, "usecs": 1e3, "us": 1e3,
	"millisecond": 1e6, "milliseconds": 1e6, "msec": 1e6, "msecs": 1e6, "ms": 1e6,
	"second": 1e9, "seconds": 1e9, "sec": 1e9, "secs": 1e9, "s": 1e9,
	"minute": 60e9, "minutes": 60e9, "min": 60e9, "mins": 60e9, "m": 60e9,
	"hour": 3600e9, "hours": 3600e9, "hr": 3600e9, "hrs": 3600e9, "h": 3600e9,
	"day": nsDay, "days": nsDay, "d": nsDay,
	"week": 7 * nsDay, "weeks": 7 * nsDay, "w": 7 * nsDay,
	"month": nsMonth, "months": nsMonth, "mon": nsMonth, "mons": nsMonth,
	"year": nsYear, "years": nsYear, "yr": nsYear, "yrs": nsYear, "y": nsYear,
	"decade": 10 * nsYear, "decades": 10 * nsYear,
	"century": 100 * nsYear, "centuries": 100 * nsYear,
}

// parseInterval reads PostgreSQL interval input: "1 day 02:03:04",
// "2 hours 30 min", "1h30m", "-1:30", "@ 1 day ago", "1.5 days", a bare
// number of seconds, or ISO 8601 "P1DT2H". The result is rounded to
// microseconds.
func parseInterval(s string) (Value, error) {
	syntax := func() (Value, error) {
		return None, errs.New(errs.InvalidDatetimeFormat, "invalid input syntax for type interval: \"%s\"", s)
	}
	overflow := func() (Value, error) {
		return None, errs.New(codeIntervalFieldOverflow, "interval field value out of range: \"%s\"", s)
	}
	t := strings.ToLower(trimPGSpace(s))
	if t == "" {
		return syntax()
	}
	var total int64
	var ok bool
	if t[0] == 'p' {
		total, ok = parseISOInterval(t[1:])
	} else {
		total, ok = parseIntervalWords(t)
	}
	if !ok {
		return syntax()
	}
	if total == math.MinInt64 || total == math.MaxInt64 {
		return overflow()
	}
	// Round to microseconds, PostgreSQL's resolution.
	r := total % 1000
	total -= r
	switch {
	case r >= 500:
		total += 1000
	case r <= -500:
		total -= 1000
	}
	return Duration(time.Duration(total)), nil
}

// intervalSum accumulates number × unit terms with overflow detection
// (an overflow saturates to MaxInt64, which parseInterval rejects).
type intervalSum struct {
	total    int64
	overflow bool
}

func (a *intervalSum) add(num string, unit int64) bool {
	neg := false
	if num != "" && (num[0] == '+' || num[0] == '-') {
		neg = num[0] == '-'
		num = num[1:]
	}
	intPart, frac, _ := strings.Cut(num, ".")
	if intPart == "" && frac == "" {
		return false
	}
	var v int64
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		if c < '0' || c > '9' {
			return false
		}
		var ok bool
		if v, ok = mulInt64(v, 10); !ok {
			a.overflow = true
			return true
		}
		if v, ok = addInt64(v, int64(c-'0')); !ok {
			a.overflow = true
			return true
		}
	}
	term, ok := mulInt64(v, unit)
	if !ok {
		a.overflow = true
		return true
	}
	// The fraction: unit × 0.ddd, exact to the nanosecond.
	scale := int64(1)
	var f int64
	for i := 0; i < len(frac); i++ {
		c := frac[i]
		if c < '0' || c > '9' {
			return false
		}
		if scale < 1e15 {
			f = f*10 + int64(c-'0')
			scale *= 10
		}
	}
	if f != 0 {
		fr := float64(f) / float64(scale) * float64(unit)
		if term, ok = addInt64(term, int64(math.Round(fr))); !ok {
			a.overflow = true
			return true
		}
	}
	if neg {
		term = -term
	}
	if a.total, ok = addInt64(a.total, term); !ok {
		a.overflow = true
	}
	return true
}

func (a *intervalSum) result() int64 {
	if a.overflow {
		return math.MaxInt64
	}
	return a.total
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }
func isNumChar(c byte) bool {
	return c >= '0' && c <= '9' || c == '.'
}

func parseIntervalWords(t string) (int64, bool) {
	var sum intervalSum
	ago := false
	pending := "" // a number waiting for its unit
	i := 0
	for i < len(t) {
		c := t[i]
		switch {
		case c == ' ' || c == '\t' || c == ',':
			i++
		case c == '@' && i == 0:
			i++
		case isLetter(c):
			j := i
			for j < len(t) && isLetter(t[j]) {
				j++
			}
			word := t[i:j]
			i = j
			if word == "ago" {
				if pending != "" {
					return 0, false
				}
				ago = true
				continue
			}
			unit, ok := intervalUnits[word]
			if !ok || pending == "" {
				return 0, false
			}
			if !sum.add(pending, unit) {
				return 0, false
			}
			pending = ""
		case isNumChar(c) || c == '+' || c == '-':
			if pending != "" {
				return 0, false // two numbers in a row: "1 2"
			}
			j := i + 1
			for j < len(t) && (isNumChar(t[j]) || t[j] == ':') {
				j++
			}
			tok := t[i:j]
			i = j
			if strings.Contains(tok, ":") {
				n, ok := parseClock(tok)
				if !ok {
					return 0, false
				}
				if sum.total, ok = addInt64(sum.total, n); !ok || n == math.MaxInt64 {
					sum.overflow = true // parseClock saturates on overflow
				}
				continue
			}
			pending = tok
		default:
			return 0, false
		}
	}
	if pending != "" {
		// A trailing bare number is seconds.
		if !sum.add(pending, 1e9) {
			return 0, false
		}
	}
	r := sum.result()
	if ago && r != math.MaxInt64 {
		r = -r
	}
	return r, true
}

// parseClock reads [±]H:MM[:SS[.f]] (also H:M).
func parseClock(tok string) (int64, bool) {
	neg := false
	if tok[0] == '+' || tok[0] == '-' {
		neg = tok[0] == '-'
		tok = tok[1:]
	}
	parts := strings.Split(tok, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var sum intervalSum
	units := []int64{3600e9, 60e9, 1e9}
	for k, p := range parts {
		if p == "" || (k < 2 && strings.Contains(p, ".")) || p[0] == '+' || p[0] == '-' {
			return 0, false
		}
		if !sum.add(p, units[k]) {
			return 0, false
		}
	}
	r := sum.result()
	if neg && r != math.MaxInt64 {
		r = -r
	}
	return r, true
}

// parseISOInterval reads the part after "P" of ISO 8601 durations:
// nY nM nW nD, then after T: nH nM nS.
func parseISOInterval(t string) (int64, bool) {
	var sum intervalSum
	inTime := false
	for t != "" {
		if t[0] == 't' {
			if inTime {
				return 0, false
			}
			inTime = true
			t = t[1:]
			continue
		}
		j := 0
		for j < len(t) && (isNumChar(t[j]) || (j == 0 && (t[j] == '-' || t[j] == '+'))) {
			j++
		}
		if j == 0 || j == len(t) {
			return 0, false
		}
		var unit int64
		switch t[j] {
		case 'y':
			unit = nsYear
		case 'm':
			unit = nsMonth
			if inTime {
				unit = 60e9
			}
		case 'w':
			unit = 7 * nsDay
		case 'd':
			unit = nsDay
		case 'h':
			unit = 3600e9
		case 's':
			unit = 1e9
		default:
			return 0, false
		}
		if inTime != (t[j] == 'h' || t[j] == 's' || (t[j] == 'm' && inTime)) {
			return 0, false
		}
		if !sum.add(t[:j], unit) {
			return 0, false
		}
		t = t[j+1:]
	}
	return sum.result(), true
}

// ParseDuration parses the text of ZQL's duration("..."): Go duration
// syntax ("1h30m", "1.5s", "-2m", "300ms", "1us") plus the units d (24h)
// and w (7d), as in "1w2d3h". Errors are 22007 (syntax) and 22008 (out
// of range).
func ParseDuration(s string) (Value, error) {
	syntax := func() (Value, error) {
		return None, errs.New(errs.InvalidDatetimeFormat, "invalid input syntax for type duration: \"%s\"", s)
	}
	t := s
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "0" {
		return Duration(0), nil
	}
	if t == "" {
		return syntax()
	}
	var sum intervalSum
	for t != "" {
		j := 0
		for j < len(t) && isNumChar(t[j]) {
			j++
		}
		k := j
		for k < len(t) && !isNumChar(t[k]) {
			k++
		}
		if j == 0 || k == j {
			return syntax()
		}
		var unit int64
		switch t[j:k] {
		case "ns":
			unit = 1
		case "us", "µs", "μs":
			unit = 1e3
		case "ms":
			unit = 1e6
		case "s":
			unit = 1e9
		case "m":
			unit = 60e9
		case "h":
			unit = 3600e9
		case "d":
			unit = nsDay
		case "w":
			unit = 7 * nsDay
		default:
			return syntax()
		}
		if !sum.add(t[:j], unit) {
			return syntax()
		}
		t = t[k:]
	}
	if sum.overflow {
		return None, errIntervalRange()
	}
	if neg {
		sum.total = -sum.total
	}
	return Duration(time.Duration(sum.total)), nil
}
