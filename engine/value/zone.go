package value

//go:generate go run gen_zonenames.go

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// The session time zone (PostgreSQL's TimeZone setting) decides how a
// timestamp with time zone is written as text and how text without an
// offset is read as one, and the conversions between it and timestamp
// and date. The functions taking a *time.Location for it (AppendTextIn,
// ParseTextIn, ConvertIn, ...) read nil as "not known yet": a plan being
// folded before it has a session. A conversion that would depend on the
// zone then fails with ErrZoneUnknown. The functions without a zone
// (AppendText, Convert, ...) work in UTC.

// ErrZoneUnknown is the failure of a conversion that needs the session
// time zone when it is not known (plan time). It has no SQLSTATE: the
// folding of constants leaves what fails with it for run time.
var ErrZoneUnknown = errors.New("the session time zone is not known at plan time")

// LoadZone reads a value of the TimeZone setting as PostgreSQL 15's
// check_timezone does and returns the zone and the value SHOW gives:
//
//   - a number (2, -5.5, '+02'): hours east of Greenwich, shown as
//     PostgreSQL names a fixed offset ("<+02>-02", offsetZone);
//   - INTERVAL '<interval>', which SET TIME ZONE INTERVAL '+02:00' HOUR TO
//     MINUTE sets: an offset east, shown the same way;
//   - an IANA zone name in any case (america/new_york), shown as spelled
//     in the zone database (America/New_York);
//   - a POSIX zone specification (UTC+3, <+03>-3, EST5EDT4,M3.2.0,M11.1.0,
//     -05:30), shown as given. As in POSIX, the offset counts hours west
//     of Greenwich: UTC+3 is three hours behind UTC.
//
// Anything else is 22023, "invalid value for parameter "TimeZone"".
func LoadZone(s string) (*time.Location, string, error) {
	bad := errs.New(errs.InvalidParameterValue, "invalid value for parameter \"TimeZone\": \"%s\"", s)
	if len(s) >= 8 && strings.EqualFold(s[:8], "interval") {
		text, ok := strings.CutPrefix(strings.TrimSpace(s[8:]), "'")
		if text, ok2 := strings.CutSuffix(text, "'"); ok && ok2 {
			v, err := parseInterval(text)
			if err != nil {
				return nil, "", err
			}
			iv := v.AsInterval()
			switch {
			case iv.Months != 0:
				return nil, "", bad.WithDetail("Cannot specify months in time zone interval.")
			case iv.Days != 0:
				return nil, "", bad.WithDetail("Cannot specify days in time zone interval.")
			}
			return offsetZone(int(iv.Micros / 1_000_000))
		}
		return nil, "", bad
	}
	if h, err := strconv.ParseFloat(strings.TrimLeft(s, " \t\n\r\f\v"), 64); err == nil && !math.IsInf(h, 0) && !math.IsNaN(h) && !strings.ContainsAny(s, "xXpPnN") {
		if math.Abs(h) >= 168 {
			return nil, "", bad
		}
		return offsetZone(int(math.Round(h * 3600)))
	}
	if loc, name := zoneNamed(s); loc != nil {
		return loc, name, nil
	}
	if loc := posixZone(s); loc != nil {
		return loc, s, nil
	}
	return nil, "", bad
}

// offsetZone is the fixed zone east seconds east of Greenwich, named as
// PostgreSQL names it (pg_tzset_offset): "<+02>-02", "<-05:30>+05:30",
// which reads back through LoadZone as the same zone.
func offsetZone(east int) (*time.Location, string, error) {
	abs := east
	if abs < 0 {
		abs = -abs
	}
	off := string(AppendOffset(nil, abs)[1:])
	abbrev, name := "+"+off, "<+"+off+">-"+off
	if east < 0 {
		abbrev, name = "-"+off, "<-"+off+">+"+off
	}
	return time.FixedZone(abbrev, east), name, nil
}

// ZoneNamed is the zone AT TIME ZONE's text names, as PostgreSQL reads
// it: a zone abbreviation date/time input takes (EST, CEST, Z), an IANA
// zone name in any case, or a POSIX specification ('+02' and 'UTC+3' are
// hours west). nil when it names none.
func ZoneNamed(name string) *time.Location {
	if a, ok := zoneAbbrevs[strings.ToLower(name)]; ok {
		return time.FixedZone(strings.ToUpper(name), a.east)
	}
	if loc, _ := zoneNamed(name); loc != nil {
		return loc
	}
	return posixZone(name)
}

// ZoneNames are the IANA time zone names zerodb knows (the tzdata Go
// embeds), sorted: pg_timezone_names lists them.
func ZoneNames() []string { return slices.Clone(zoneNames[:]) }

// zoneNamed loads the IANA zone named name in any case, and returns it
// with its name as the zone database spells it; nil when there is none.
func zoneNamed(name string) (*time.Location, string) {
	if name == "" {
		return nil, ""
	}
	for _, n := range zoneNames {
		if strings.EqualFold(n, name) {
			loc, err := time.LoadLocation(n)
			if err != nil {
				return nil, ""
			}
			return loc, n
		}
	}
	return nil, ""
}

// posixZone reads a POSIX TZ specification (std offset [dst [offset]
// [,rule,rule]]) as PostgreSQL's tzparse does, or returns nil. The
// abbreviations may be empty or short, or quoted in <>; an offset is
// [+-]hh[:mm[:ss]], west of Greenwich, hours below 168. Without rules,
// daylight saving time follows the US rules, PostgreSQL's posixrules.
func posixZone(s string) *time.Location {
	std, rest, ok := posixName(s)
	if !ok {
		return nil
	}
	offText := rest
	west, rest, ok := posixOffset(rest)
	if !ok {
		return nil
	}
	offText = offText[:len(offText)-len(rest)]
	if rest == "" {
		return time.FixedZone(std, -west)
	}
	dst, rest, ok := posixName(rest)
	if !ok || dst == "" {
		return nil
	}
	if rest != "" && rest[0] != ',' {
		var ok bool
		if _, rest, ok = posixOffset(rest); !ok {
			return nil
		}
	}
	if rest != "" && !posixRules(rest) {
		return nil
	}
	// Go reads the specification as the footer of a zone file without
	// transitions, which then holds for all times. It wants abbreviations
	// that are not three letters or more quoted.
	spec := "<" + std + ">" + offText + "<" + dst + ">" + rest
	loc, err := time.LoadLocationFromTZData(s, tzifFooterOnly(std, -west, spec))
	if err != nil {
		return nil
	}
	return loc
}

// posixRules reports whether s is the rules part of a POSIX TZ
// specification: ",start[/time],end[/time]", each date Jn (1 to 365, no
// leap day), n (0 to 365) or Mm.w.d.
func posixRules(s string) bool {
	for range 2 {
		if !strings.HasPrefix(s, ",") {
			return false
		}
		p := scanner{s: s, i: 1}
		switch {
		case p.byte('J'):
			if n, w := p.digits(); w == 0 || n < 1 || n > 365 {
				return false
			}
		case p.byte('M'):
			m, w1 := p.digits()
			dot1 := p.byte('.')
			wk, w2 := p.digits()
			dot2 := p.byte('.')
			d, w3 := p.digits()
			if w1 == 0 || w2 != 1 || w3 != 1 || !dot1 || !dot2 || m < 1 || m > 12 || wk < 1 || wk > 5 || d > 6 {
				return false
			}
		default:
			if n, w := p.digits(); w == 0 || n > 365 {
				return false
			}
		}
		s = s[p.i:]
		if strings.HasPrefix(s, "/") {
			var ok bool
			if _, s, ok = posixOffset(s[1:]); !ok {
				return false
			}
		}
	}
	return s == ""
}

// posixName reads a POSIX zone abbreviation: <...>, or the characters up
// to a digit, sign or comma (PostgreSQL's getzname), possibly none.
func posixName(s string) (name, rest string, ok bool) {
	if strings.HasPrefix(s, "<") {
		i := strings.IndexByte(s, '>')
		if i < 0 {
			return "", "", false
		}
		return s[1:i], s[i+1:], true
	}
	i := strings.IndexAny(s, "0123456789,+-")
	if i < 0 {
		return s, "", true
	}
	return s[:i], s[i:], true
}

// posixOffset reads a POSIX offset, [+-]hh[:mm[:ss]], as seconds west
// of Greenwich.
func posixOffset(s string) (west int, rest string, ok bool) {
	sign := 1
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	p := scanner{s: s}
	h, w := p.digits()
	if w == 0 || w > 3 || h >= 168 {
		return 0, "", false
	}
	secs := h * 3600
	for unit := 60; unit >= 1 && p.byte(':'); unit /= 60 {
		n, w := p.digits()
		if w == 0 || w > 2 || n > 59 {
			return 0, "", false
		}
		secs += n * unit
	}
	return sign * secs, s[p.i:], true
}

// tzifFooterOnly is a zone file (TZif version 2) of no transitions and
// one local time type, whose footer is the POSIX specification spec.
func tzifFooterOnly(abbrev string, east int, spec string) []byte {
	var b []byte
	for _, v := range [...]byte{'2', '2'} {
		b = append(b, "TZif"...)
		b = append(b, v)
		b = append(b, make([]byte, 15)...)
		// isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
		for _, n := range [...]uint32{0, 0, 0, 0, 1, uint32(len(abbrev) + 1)} {
			b = binary.BigEndian.AppendUint32(b, n)
		}
		b = binary.BigEndian.AppendUint32(b, uint32(int32(east)))
		b = append(b, 0, 0) // not DST, abbreviation at 0
		b = append(b, abbrev...)
		b = append(b, 0)
	}
	b = append(b, '\n')
	b = append(b, spec...)
	return append(b, '\n')
}
