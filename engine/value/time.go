package value

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// Datetimes are int64 microseconds since 2000-01-01 00:00:00 UTC, as
// PostgreSQL keeps them: microseconds because that is SQL's precision,
// and PostgreSQL's epoch because from 1970 an int64 would end some 30
// years short of PostgreSQL's last timestamp. They cover PostgreSQL's
// range, 4714-11-24 BC (Julian day 0, which PostgreSQL's documentation
// calls 4713 BC after the Julian calendar) to 294276-12-31 AD; MinInt64 and
// MaxInt64 are -infinity and infinity. Years are astronomical inside
// (1 BC is year 0, as time.Time has them) and BC only in text.

const (
	// pgEpochUnix is 2000-01-01 00:00:00 UTC in Unix seconds.
	pgEpochUnix = 946684800
	// minDatetime is 4714-11-24 00:00:00 BC, the first moment
	// PostgreSQL takes (MIN_TIMESTAMP).
	minDatetime = -211813488000000000
	// endDatetime is 294277-01-01 00:00:00, just past the last moment
	// PostgreSQL takes (END_TIMESTAMP).
	endDatetime = 9223371331200000000
)

// DatetimeMicros is a datetime's microseconds since 2000-01-01 UTC
// (PostgreSQL's binary form); MinInt64 and MaxInt64 are the infinities.
func (v Value) DatetimeMicros() int64 { return int64(v.n) }

// DatetimeOfMicros makes a datetime of microseconds since 2000-01-01 UTC
// without a range check (DatetimeFromMicros has one).
func DatetimeOfMicros(us int64, withTZ bool) Value {
	return Value{kind: KindDatetime, sub: tzSub(withTZ), n: uint64(us)}
}

// DatetimeFromMicros is DatetimeOfMicros for microseconds that may lie
// outside PostgreSQL's range (22008 then); the infinities are taken.
func DatetimeFromMicros(us int64, withTZ bool) (Value, error) {
	if !inDatetimeRange(us) && us != math.MinInt64 && us != math.MaxInt64 {
		return None, errTimestampRange()
	}
	return DatetimeOfMicros(us, withTZ), nil
}

// roundTimestamp rounds a timestamp to timestamp(p)'s precision
// (t.TimePrec), as PostgreSQL's AdjustTimestampForTypmod: halves away
// from zero; the infinities and dates stay as they are.
func roundTimestamp(v Value, t Type) Value {
	if t.TimePrec <= 0 || t.Date || v.kind != KindDatetime || v.sub == subDate || isInfiniteTime(v) {
		return v
	}
	us := v.DatetimeMicros()
	if us < 0 {
		us = -roundTime(-us, t.TimePrec)
	} else {
		us = roundTime(us, t.TimePrec)
	}
	return Value{kind: KindDatetime, sub: v.sub, n: uint64(us)}
}

// DateOfMicros makes a date of microseconds since 2000-01-01 UTC, which
// must be a midnight in range or an infinity.
func DateOfMicros(us int64) Value { return Value{kind: KindDatetime, sub: subDate, n: uint64(us)} }

func inDatetimeRange(us int64) bool { return us >= minDatetime && us < endDatetime }

// microsOf is t in microseconds since 2000-01-01 UTC, the nanoseconds
// rounded half to even (as SQL text input rounds its fraction, so that
// a time.Time and its RFC 3339 text give one value); ok is false
// outside PostgreSQL's range.
func microsOf(t time.Time) (int64, bool) {
	sec := t.Unix() - pgEpochUnix
	// Beyond this the microseconds below would overflow; it is outside
	// the range anyway (whose last second is 9223371331199).
	const maxSec = math.MaxInt64/1_000_000 - 1
	if sec > maxSec || sec < -maxSec {
		return 0, false
	}
	ns := t.Nanosecond()
	us := sec*1_000_000 + int64(ns/1000)
	if rem := ns % 1000; rem > 500 || rem == 500 && us%2 != 0 {
		us++
	}
	return us, inDatetimeRange(us)
}

// microsTime is the time.Time (UTC) of microseconds since 2000-01-01.
func microsTime(us int64) time.Time {
	sec, frac := us/1_000_000, us%1_000_000
	if frac < 0 {
		sec, frac = sec-1, frac+1_000_000
	}
	return time.Unix(pgEpochUnix+sec, frac*1000).UTC()
}

const codeIntervalFieldOverflow = "22015"

// ParseDatetime parses the text of ZQL's datetime("..."): RFC 3339
// ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.5+02:00"), also with a
// space for the T, without a zone (UTC), or a date alone, and the other
// forms SQL input takes (scanDatetime). The fraction is rounded to
// microseconds half to even, as SQL's is: a datetime holds what a
// timestamptz holds. Errors are 22007 (syntax) and 22008 (out of range).
func ParseDatetime(s string) (Value, error) { return parseTimestamp(s, true, false, time.UTC) }

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

// parseTimestamp reads date-time text (scanDatetime). For SQL input
// (sql set), fractions round to microseconds (half even, as PostgreSQL
// does), and a zone on a timestamp without time zone is ignored, as
// PostgreSQL does. A timestamp with time zone without a zone in the text
// is read in loc, the session time zone (nil: not known, ErrZoneUnknown).
func parseTimestamp(s string, withTZ, sql bool, loc *time.Location) (Value, error) {
	zoned := withTZ || !sql
	f, err := scanDatetime(s, timestampTypeName(withTZ, sql), sql, loc)
	if err != nil {
		return None, err
	}
	switch f.inf {
	case 1:
		return Value{kind: KindDatetime, sub: tzSub(zoned), n: math.MaxInt64}, nil
	case -1:
		return Value{kind: KindDatetime, sub: tzSub(zoned), n: 1 << 63}, nil
	}
	tm := time.Date(f.year, time.Month(f.month), f.day, f.hour, f.minute, f.sec, f.nanos, time.UTC)
	if zoned && f.loc == nil && !f.zoned {
		// No zone in the text: the session's.
		if loc == nil {
			return None, ErrZoneUnknown
		}
		f.loc = loc
	}
	if zoned && f.loc != nil {
		tm = WallTimeIn(tm, f.loc)
	}
	if f.roundUp {
		tm = tm.Add(time.Microsecond)
	}
	if zoned && f.loc == nil {
		tm = tm.Add(-time.Duration(f.offset) * time.Second)
	}
	n, ok := microsOf(tm)
	if !ok {
		return None, errs.New(codeDatetimeOverflow, "timestamp out of range: \"%s\"", s)
	}
	return Value{kind: KindDatetime, sub: tzSub(zoned), n: uint64(n)}, nil
}

// datetimeFields are what scanDatetime reads: inf is 1 or -1 for
// infinity and -infinity (the other fields unset), offset the zone's
// seconds east of UTC, or loc a named zone whose rules give it; zoned
// is set when the text had a zone.
type datetimeFields struct {
	inf                      int
	year, month, day         int
	hour, minute, sec, nanos int
	roundUp                  bool
	offset                   int
	loc                      *time.Location
	zoned                    bool
}

// scanDatetime reads date/time input as PostgreSQL does with DateStyle
// ISO, MDY: the words epoch, infinity, -infinity and now alone; a date
// (2024-05-17, 20240517, 240517, 05/17/2024 and 05-17-24 month first,
// 2024/05/17, 2024.05.17, May 17, 2024, 17 May 2024, 2024-May-17,
// today, tomorrow, yesterday; a day of the week before it is skipped);
// then after a T or spaces an optional time (10:30, 10:30:00.5, 103000)
// with AM or PM, and a zone (Z, +02, -05:30, UTC, abbreviations such as
// EST, names such as Europe/Oslo). A two-digit year is 1970 to 2069.
// typ names the type in errors: 22007 for syntax, 22008 for a field out
// of range, 22009 for an offset of 16 hours or more, 22023 for an unknown
// zone name with a slash. now and today are read in loc, the session
// time zone (nil: not known, ErrZoneUnknown).
// ReadsClock reports whether date/time input s means a time relative to
// when it is read ('now', 'today', 'tomorrow', 'yesterday', with a time
// after the last three), so that a value read from it once must not be
// kept for later statements (a cached plan).
func ReadsClock(s string) bool {
	w := strings.ToLower(trimPGSpace(s))
	if w == "now" {
		return true
	}
	for _, d := range [...]string{"today", "tomorrow", "yesterday"} {
		if rest, ok := strings.CutPrefix(w, d); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

func scanDatetime(s, typ string, sql bool, loc *time.Location) (datetimeFields, error) {
	var f datetimeFields
	t := trimPGSpace(s)
	switch strings.ToLower(t) {
	case "infinity":
		f.inf = 1
		return f, nil
	case "-infinity":
		f.inf = -1
		return f, nil
	case "epoch":
		// 1970-01-01 00:00:00 UTC, whatever the session time zone.
		f.year, f.month, f.day, f.zoned = 1970, 1, 1, true
		return f, nil
	case "now":
		if loc == nil {
			return f, ErrZoneUnknown
		}
		f.now(sql, loc)
		return f, nil
	}
	// An era after everything: AD, or BC for the years before 1 AD
	// (1 BC is year 0 of time.Time, and there is no year 0 in text).
	bc := false
	if n := len(t); n > 3 && (t[n-3] == ' ' || t[n-3] == '\t') {
		switch strings.ToLower(t[n-2:]) {
		case "bc":
			bc, t = true, trimPGSpace(t[:n-3])
		case "ad":
			t = trimPGSpace(t[:n-3])
		}
	}
	p := scanner{s: t, loc: loc, bc: bc}
	if !p.date(&f) {
		if p.noZone {
			return f, ErrZoneUnknown
		}
		return f, errDatetimeSyntax(typ, s)
	}
	if !p.eof() {
		switch {
		case p.peek() == 'T' || p.peek() == 't':
			p.i++
			if p.eof() || p.peek() < '0' || p.peek() > '9' {
				return f, errDatetimeSyntax(typ, s)
			}
		case p.peek() == ' ':
			p.spaces()
		case p.peek() == '+' || p.peek() == 'Z' || p.peek() == 'z' || p.peek() == '-' && !strings.Contains(t[:p.i], "-"):
			// A zone right after the date, no time: 2001-01-01+02,
			// 2001-01-01Z, 05/17/2024-03 (read below); PostgreSQL
			// refuses 2001-01-01-05.
		default:
			return f, errDatetimeSyntax(typ, s)
		}
		if !p.eof() && p.peek() >= '0' && p.peek() <= '9' {
			if !p.clock(&f, sql) {
				return f, errDatetimeSyntax(typ, s)
			}
		}
		if err := p.clockSuffix(&f, s, typ); err != nil {
			return f, err
		}
	}
	if f.year == 0 {
		return f, errFieldRange(s)
	}
	if bc {
		f.year = 1 - f.year
	}
	if f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 {
		// A month or day no month has: the fields may be in another
		// order than DateStyle's, as PostgreSQL's hint says.
		return f, errs.From(errFieldRange(s)).WithHint(`Perhaps you need a different "datestyle" setting.`)
	}
	if f.day > daysIn(f.year, time.Month(f.month)) || !f.clockInRange() {
		return f, errFieldRange(s)
	}
	return f, nil
}

func errDatetimeSyntax(typ, s string) error {
	return errs.New(errs.InvalidDatetimeFormat, "invalid input syntax for type %s: \"%s\"", typ, s)
}

func errFieldRange(s string) error {
	return errs.New(codeDatetimeOverflow, "date/time field value out of range: \"%s\"", s)
}

// now sets f to the current moment (UTC; to the microsecond for SQL).
func (f *datetimeFields) now(sql bool, loc *time.Location) {
	now := time.Now().In(loc)
	if sql {
		now = now.Truncate(time.Microsecond)
	}
	f.loc = loc
	y, m, d := now.Date()
	f.year, f.month, f.day = y, int(m), d
	f.hour, f.minute, f.sec, f.nanos = now.Hour(), now.Minute(), now.Second(), now.Nanosecond()
}

// clockInRange checks the time fields: up to 24:00:00 (a leap second 60
// is taken, and rolls over).
func (f *datetimeFields) clockInRange() bool {
	return f.hour <= 24 && f.minute <= 59 && f.sec <= 60 && (f.hour != 24 || f.minute == 0 && f.sec == 0 && f.nanos == 0)
}

// clockSuffix reads what may follow a time: AM or PM (applied to
// f.hour), allballs, and a zone (zone's errors; 22007 as typ's syntax
// error). s is the whole input, for errors.
func (p *scanner) clockSuffix(f *datetimeFields, s, typ string) error {
	p.spaces()
	ampm := 0 // 1 AM, 2 PM
	switch w := strings.ToLower(p.word()); w {
	case "am", "pm":
		ampm = 1
		if w == "pm" {
			ampm = 2
		}
		p.i += len(w)
		p.spaces()
	case "allballs":
		p.i += len(w)
		p.spaces()
	}
	if !p.eof() {
		if err := p.zone(f, s); err != nil {
			if e, ok := err.(*errs.Error); ok && e.Code == errs.InvalidDatetimeFormat {
				return errDatetimeSyntax(typ, s)
			}
			return err
		}
	}
	if ampm != 0 {
		if f.hour > 12 {
			return errFieldRange(s)
		}
		switch {
		case ampm == 1 && f.hour == 12:
			f.hour = 0
		case ampm == 2 && f.hour != 12:
			f.hour += 12
		}
	}
	return nil
}

// monthNames and weekdayNames are the words date input takes, in full
// or by their first three letters (and "sept").
var (
	monthNames   = [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	weekdayNames = [...]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
)

// nameIndex is the 1-based index of word w in names, or 0.
func nameIndex(w string, names []string) int {
	w = strings.ToLower(w)
	for i, n := range names {
		if w == n || len(w) == 3 && w == n[:3] || w == "sept" && n == "september" {
			return i + 1
		}
	}
	return 0
}

// date reads the date part into f (its fields are range checked later).
func (p *scanner) date(f *datetimeFields) bool {
	if w := p.word(); nameIndex(w, weekdayNames[:]) > 0 {
		p.i += len(w)
		p.byte(',')
		p.spaces()
	}
	switch w := strings.ToLower(p.word()); w {
	case "today", "tomorrow", "yesterday":
		if p.loc == nil {
			p.noZone = true
			return false
		}
		p.i += len(w)
		days := 0
		switch w {
		case "tomorrow":
			days = 1
		case "yesterday":
			days = -1
		}
		y, m, d := time.Now().In(p.loc).AddDate(0, 0, days).Date()
		f.year, f.month, f.day = y, int(m), d
		return true
	}
	// Up to three fields: numbers (with their widths) and one month name.
	type field struct{ n, width, month int }
	var fs [3]field
	var seps [2]byte
	for i := range fs {
		if i > 0 {
			switch c := p.peekByte(); c {
			case '-', '/', '.':
				p.i++
				seps[i-1] = c
			default:
				comma := p.byte(',')
				start := p.i
				p.spaces()
				if !comma && p.i == start {
					return false
				}
				seps[i-1] = ' '
			}
		}
		if w := p.word(); w != "" {
			if fs[i].month = nameIndex(w, monthNames[:]); fs[i].month == 0 {
				return false
			}
			p.i += len(w)
			continue
		}
		fs[i].n, fs[i].width = p.digits()
		if fs[i].width == 0 || fs[i].width > 9 {
			return false
		}
		if i == 0 && (fs[0].width == 8 || fs[0].width == 6) && (p.eof() || p.peek() == 'T' || p.peek() == 't' || p.peek() == ' ') {
			// YYYYMMDD or YYMMDD
			n := fs[0].n
			f.year, f.month, f.day = n/10000, n/100%100, n%100
			if fs[0].width == 6 && !p.bc {
				f.year = twoDigitYear(f.year)
			}
			return true
		}
	}
	year := fs[2]
	switch {
	case fs[0].month > 0 || fs[1].month > 0:
		a, b := fs[1], fs[2]
		f.month = fs[0].month
		if fs[1].month > 0 {
			a, b, f.month = fs[0], fs[2], fs[1].month
		}
		if b.month > 0 {
			return false
		}
		f.day, year = a.n, b
		if a.width > 2 {
			f.day, year = b.n, a
		}
	case fs[2].month > 0 || seps[0] != seps[1] || seps[0] == ' ':
		return false
	case fs[0].width > 2: // year first
		year, f.month, f.day = fs[0], fs[1].n, fs[2].n
		if fs[1].width > 2 || fs[2].width > 2 {
			return false
		}
	default: // month first (MDY)
		f.month, f.day = fs[0].n, fs[1].n
		if fs[1].width > 2 {
			return false
		}
	}
	f.year = year.n
	if year.width <= 2 && !p.bc {
		f.year = twoDigitYear(year.n)
	}
	return true
}

// twoDigitYear is PostgreSQL's reading of a two-digit year: 70 to 99
// are 1970 to 1999, 00 to 69 2000 to 2069.
func twoDigitYear(y int) int {
	if y < 70 {
		return y + 2000
	}
	return y + 1900
}

// clock reads HH:MM[:SS[.fff]], HHMM or HHMMSS into f.
func (p *scanner) clock(f *datetimeFields, sql bool) bool {
	n, w := p.digits()
	if !p.byte(':') {
		switch w {
		case 4:
			f.hour, f.minute = n/100, n%100
		case 6:
			f.hour, f.minute, f.sec = n/10000, n/100%100, n%100
		default:
			return false
		}
		return true
	}
	if w > 2 {
		return false
	}
	f.hour = n
	if f.minute, w = p.digits(); w == 0 || w > 2 {
		return false
	}
	if p.byte(':') {
		if f.sec, w = p.digits(); w == 0 || w > 2 {
			return false
		}
		if p.byte('.') {
			var ok bool
			// Microseconds for ZQL too: that is what a datetime holds.
			if f.nanos, f.roundUp, ok = p.fraction(true); !ok {
				return false
			}
		}
	}
	return true
}

func tzSub(withTZ bool) uint8 {
	if withTZ {
		return 1
	}
	return 0
}

// DatetimeIn is Datetime for a moment that may lie outside what a
// datetime holds (PostgreSQL's range, 4714-11-24 BC to 294276 AD):
// 22008 then.
func DatetimeIn(t time.Time, withTZ bool) (Value, error) {
	n, ok := microsOf(t)
	if !ok {
		return None, errTimestampRange()
	}
	return Value{kind: KindDatetime, sub: tzSub(withTZ), n: uint64(n)}, nil
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// scanner is a cursor over date/time text. loc is the session time zone
// that today and tomorrow are read in; noZone reports that it was needed
// but nil.
type scanner struct {
	s      string
	i      int
	loc    *time.Location
	noZone bool
	bc     bool // a BC year: two digits are not 1970 to 2069
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

// zoneAbbrev is a zone abbreviation's offset (seconds east of UTC) and
// whether it names daylight-saving time.
type zoneAbbrev struct {
	east int
	dst  bool
}

// zoneAbbrevs are the zone abbreviations date/time input takes, as in
// PostgreSQL's Default set.
var zoneAbbrevs = map[string]zoneAbbrev{
	"z": {0, false}, "zulu": {0, false}, "ut": {0, false}, "utc": {0, false}, "gmt": {0, false}, "wet": {0, false},
	"cet": {3600, false}, "bst": {3600, true}, "cest": {7200, true}, "eet": {7200, false}, "ist": {7200, false},
	"eest": {10800, true}, "msk": {10800, false},
	"sgt": {28800, false}, "hkt": {28800, false}, "jst": {32400, false}, "kst": {32400, false},
	"acst": {34200, false}, "aest": {36000, false}, "aedt": {39600, true},
	"nzst": {43200, false}, "nzdt": {46800, true},
	"est": {-18000, false}, "edt": {-14400, true}, "cst": {-21600, false}, "cdt": {-18000, true},
	"mst": {-25200, false}, "mdt": {-21600, true},
	"pst": {-28800, false}, "pdt": {-25200, true}, "akst": {-32400, false}, "akdt": {-28800, true}, "hst": {-36000, false},
}

// ZoneAbbrev is a zone abbreviation date/time input takes, as
// pg_timezone_abbrevs lists it.
type ZoneAbbrev struct {
	Abbrev string // upper case, as PostgreSQL shows it
	East   int    // seconds east of UTC
	DST    bool
}

// ZoneAbbrevs lists the zone abbreviations date/time input takes, by
// name.
func ZoneAbbrevs() []ZoneAbbrev {
	out := make([]ZoneAbbrev, 0, len(zoneAbbrevs))
	for name, a := range zoneAbbrevs {
		out = append(out, ZoneAbbrev{strings.ToUpper(name), a.east, a.dst})
	}
	slices.SortFunc(out, func(a, b ZoneAbbrev) int { return strings.Compare(a.Abbrev, b.Abbrev) })
	return out
}

// word returns the ASCII letters at the cursor (without consuming them).
func (p *scanner) word() string {
	j := p.i
	for j < len(p.s) && (p.s[j]|0x20 >= 'a' && p.s[j]|0x20 <= 'z') {
		j++
	}
	return p.s[p.i:j]
}

// peekByte is the byte at the cursor, or 0 at the end.
func (p *scanner) peekByte() byte {
	if p.eof() {
		return 0
	}
	return p.s[p.i]
}

// zone reads the rest of the text as a zone into f: ±HH, ±HH:MM, ±HHMM or
// ±HH:MM:SS, an abbreviation (zoneAbbrevs) or a zone name (Europe/Oslo,
// Japan; also in other case, as PostgreSQL matches names). s is the
// whole input, for errors: 22007, 22009 for an offset of 16 hours or
// more, or 22023 for an unknown name with a slash.
func (p *scanner) zone(f *datetimeFields, s string) error {
	rest := p.s[p.i:]
	bad := errs.New(errs.InvalidDatetimeFormat, "invalid zone")
	if rest[0] != '+' && rest[0] != '-' {
		if a, ok := zoneAbbrevs[strings.ToLower(rest)]; ok {
			f.offset, f.zoned = a.east, true
			return nil
		}
		if strings.ContainsAny(rest, " .") || strings.EqualFold(rest, "local") || p.word() == "" {
			return bad
		}
		loc, _ := zoneNamed(rest)
		if loc == nil {
			if strings.Contains(rest, "/") {
				return errs.New(errs.InvalidParameterValue, "time zone \"%s\" not recognized", strings.ToLower(rest))
			}
			return bad
		}
		f.loc, f.zoned = loc, true
		p.i = len(p.s)
		return nil
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
				return bad
			}
			if p.byte(':') {
				if sec, w = p.digits(); w != 2 {
					return bad
				}
			}
		}
	case 4:
		h, m = h/100, h%100
	default:
		return bad
	}
	if !p.eof() {
		return bad
	}
	if h > 15 || m > 59 || sec > 59 {
		return errs.New(errs.InvalidTimeZoneDisplacement, "time zone displacement out of range: \"%s\"", s)
	}
	f.offset, f.zoned = sign*(h*3600+m*60+sec), true
	return nil
}

// WallTimeIn is the moment the wall-clock time w (its fields read as
// they are) names in loc, resolved as PostgreSQL resolves it: a time a
// spring-forward transition skips takes the offset from before it, one a
// fall-back transition repeats takes the offset from after it.
func WallTimeIn(w time.Time, loc *time.Location) time.Time {
	asUTC := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC)
	_, before := asUTC.Add(-24 * time.Hour).In(loc).Zone()
	_, after := asUTC.Add(24 * time.Hour).In(loc).Zone()
	same := func(t time.Time) bool {
		l := t.In(loc)
		return l.Hour() == w.Hour() && l.Minute() == w.Minute() && l.Day() == w.Day()
	}
	early, late := asUTC.Add(-time.Duration(before)*time.Second), asUTC.Add(-time.Duration(after)*time.Second)
	switch {
	case same(late):
		return late // the only reading, or the later of two
	case same(early):
		return early
	}
	return early // in a gap: the offset from before it
}

// appendTimestamp writes PostgreSQL's ISO output: 2024-05-01 10:00:00.5
// (microseconds, trailing zeros trimmed); a timestamptz as the wall-clock
// time in loc (nil: UTC) with its offset, "+00", "-05", "+05:30" or
// "+00:19:32".
func appendTimestamp(b []byte, v Value, withTZ bool, loc *time.Location) []byte {
	switch int64(v.n) {
	case math.MaxInt64:
		return append(b, "infinity"...)
	case math.MinInt64:
		return append(b, "-infinity"...)
	}
	t := microsTime(int64(v.n))
	if withTZ && loc != nil {
		t = t.In(loc)
	}
	y, mo, d := t.Date()
	b = appendYMD(b, y, mo, d)
	b = append(b, ' ')
	b = appendClock(b, t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000)
	if withTZ {
		_, east := t.Zone()
		b = AppendOffset(b, east)
	}
	return appendEra(b, y)
}

// appendYMD writes a date as YYYY-MM-DD, a year before 1 AD as its BC
// year (astronomical year 0 is 1 BC); appendEra then adds the " BC".
func appendYMD(b []byte, y int, mo time.Month, d int) []byte {
	if y <= 0 {
		y = 1 - y
	}
	b = appendPad(b, y, 4)
	b = append(b, '-')
	b = appendPad(b, int(mo), 2)
	b = append(b, '-')
	return appendPad(b, d, 2)
}

// appendEra ends the text of a date or timestamp of year y (astronomical)
// as PostgreSQL does: " BC" after everything, zone included.
func appendEra(b []byte, y int) []byte {
	if y <= 0 {
		b = append(b, " BC"...)
	}
	return b
}

// AppendOffset writes a zone's offset, east seconds east of UTC, as
// PostgreSQL does: +HH, with :MM and :SS when they are not zero.
func AppendOffset(b []byte, east int) []byte {
	if east < 0 {
		b = append(b, '-')
		east = -east
	} else {
		b = append(b, '+')
	}
	b = appendPad(b, east/3600, 2)
	if rest := east % 3600; rest != 0 {
		b = append(b, ':')
		b = appendPad(b, rest/60, 2)
		if rest%60 != 0 {
			b = append(b, ':')
			b = appendPad(b, rest%60, 2)
		}
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
	t := microsTime(int64(v.n))
	if y := t.Year(); y <= 0 || y > 9999 {
		// RFC 3339 has four-digit years of the common era only: write
		// PostgreSQL's ISO form with T and the offset instead.
		mo, d := t.Month(), t.Day()
		b = appendYMD(b, y, mo, d)
		b = append(b, 'T')
		b = appendClock(b, t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000)
		b = append(b, 'Z')
		return appendEra(b, y)
	}
	return t.AppendFormat(b, time.RFC3339Nano)
}
