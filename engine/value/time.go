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
// DatetimeIn is Datetime for a moment that may lie outside what a
// datetime holds (1677 to 2262: nanoseconds since 1970 in an int64):
// 22008 then, where Datetime would wrap around.
func DatetimeIn(t time.Time, withTZ bool) (Value, error) {
	n, ok := unixNanos(t)
	if !ok {
		return None, errs.New(codeDatetimeOverflow, "timestamp out of range")
	}
	return Value{kind: KindDatetime, sub: tzSub(withTZ), n: uint64(n)}, nil
}

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
