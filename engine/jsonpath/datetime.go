package jsonpath

import (
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// .datetime() without a template: a string in one of PostgreSQL's ISO
// forms (date, time, time with an offset, timestamp, timestamp with an
// offset) becomes a datetime item. Inside the evaluator (which sees no
// other values of these kinds: norm makes a document's datetimes
// strings) an item is a value of kind
//
//	date         KindDatetime, IsDate
//	timestamp    KindDatetime without a zone
//	time         KindTime
//	timetz       KindTimeTZ
//	timestamptz  KindRange of (the instant, its offset in seconds), since
//	             PostgreSQL shows such an item in the offset it was
//	             written with, which a datetime value does not keep.
//
// Items leaving the evaluator become the strings PostgreSQL's JSON
// gives them (outputItem).

// dtParts are the fields of a datetime string.
type dtParts struct {
	date, clock, zone bool
	y, mo, d          int
	h, mi, s          int
	frac              string // the fraction's digits
	offset            int    // seconds east of UTC
}

// scanInt reads 1 to max digits (max 0: any number of them).
func scanInt(s string, i, most int) (int, int, bool) {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' && (most == 0 || j-i < most) {
		j++
	}
	if j == i || j-i > 9 {
		return 0, i, false
	}
	n, _ := strconv.Atoi(s[i:j])
	return n, j, true
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// parseDatetime reads s as PostgreSQL's .datetime() does without a
// template (its to_timestamp forms yyyy-mm-dd, HH24:MI:SS[.US][TZH[:TZM]]
// and both, separated by spaces or T, lenient about digits and spaces).
func parseDatetime(s string) (dtParts, bool) {
	var p dtParts
	i := skipSpaces(s, 0)
	var ok bool
	// A date starts with a year and a '-'; a time with an hour and ':'.
	if k := strings.IndexAny(s[i:], "-:"); k >= 0 && s[i+k] == '-' {
		if p.y, i, ok = scanInt(s, i, 0); !ok || i >= len(s) || s[i] != '-' {
			return p, false
		}
		if p.mo, i, ok = scanInt(s, i+1, 2); !ok || i >= len(s) || s[i] != '-' {
			return p, false
		}
		if p.d, i, ok = scanInt(s, i+1, 2); !ok {
			return p, false
		}
		p.date = true
		if i == len(s) {
			return p, validDate(p)
		}
		switch {
		case s[i] == 'T':
			i++
		case s[i] == ' ':
			i = skipSpaces(s, i)
		default:
			return p, false
		}
	}
	if p.h, i, ok = scanInt(s, i, 2); !ok || i >= len(s) || s[i] != ':' {
		return p, false
	}
	if p.mi, i, ok = scanInt(s, i+1, 2); !ok || i >= len(s) || s[i] != ':' {
		return p, false
	}
	if p.s, i, ok = scanInt(s, i+1, 2); !ok {
		return p, false
	}
	p.clock = true
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i+1 || j-i-1 > 6 {
			return p, false
		}
		p.frac, i = s[i+1:j], j
	}
	if i = skipSpaces(s, i); i < len(s) {
		sign := 1
		switch s[i] {
		case '+':
		case '-':
			sign = -1
		default:
			return p, false
		}
		var zh, zm int
		if zh, i, ok = scanInt(s, i+1, 2); !ok {
			return p, false
		}
		if i < len(s) && s[i] == ':' {
			if zm, i, ok = scanInt(s, i+1, 2); !ok {
				return p, false
			}
		}
		if i != len(s) || zh > 15 || zm > 59 {
			return p, false
		}
		p.zone, p.offset = true, sign*(zh*3600+zm*60)
	}
	if p.h > 23 || p.mi > 59 || p.s > 59 || p.date && !validDate(p) {
		return p, false
	}
	return p, true
}

func validDate(p dtParts) bool {
	if p.mo < 1 || p.mo > 12 || p.d < 1 || p.y < 1 {
		return false
	}
	return p.d <= time.Date(p.y, time.Month(p.mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// item is the datetime item of the parts.
func (p dtParts) item() (value.Value, error) {
	var b strings.Builder
	if p.date {
		b.WriteString(strconv.Itoa(p.y))
		b.WriteString("-" + strconv.Itoa(p.mo) + "-" + strconv.Itoa(p.d))
		if p.clock {
			b.WriteByte(' ')
		}
	}
	if p.clock {
		b.WriteString(strconv.Itoa(p.h) + ":" + strconv.Itoa(p.mi) + ":" + strconv.Itoa(p.s))
		if p.frac != "" {
			b.WriteString("." + p.frac)
		}
	}
	text := b.String()
	switch {
	case p.date && !p.clock:
		return value.ParseText(text, value.TypeDate)
	case !p.date && !p.zone:
		return value.ParseText(text, value.TypeTime)
	case !p.date:
		t, err := value.ParseText(text, value.TypeTime)
		if err != nil {
			return value.None, err
		}
		return value.TimeTZ(t.AsTimeOfDay(), p.offset), nil
	case !p.zone:
		return value.ParseText(text, value.TypeTimestamp)
	}
	t, err := value.ParseText(text, value.TypeTimestamp)
	if err != nil {
		return value.None, err
	}
	instant := value.Datetime(t.AsTime().Add(-time.Duration(p.offset)*time.Second), true)
	return value.RangeOf(instant, value.Int(int64(p.offset)), false), nil
}

// datetime is .datetime(): a string's datetime item; a template is not
// supported.
func (c *ctx) datetime(it *Item, jb value.Value, found *[]value.Value, unwrap bool) (res, error) {
	if unwrap && isArray(jb) {
		return c.anyItem(it, jb, found, 1, 1, 1, false, false)
	}
	if it.Bool {
		return resError, errs.New(errs.FeatureNotSupported, "jsonpath item method .datetime() with a template is not supported")
	}
	if jb.Kind() != value.KindString {
		return c.fail(errs.InvalidArgumentForSQLJSONDatetime, "jsonpath item method .%s() can only be applied to a string", it.Op.name())
	}
	p, ok := parseDatetime(jb.AsString())
	var v value.Value
	var err error
	if ok {
		v, err = p.item()
	}
	if !ok || err != nil {
		if !c.throw {
			return resError, nil
		}
		return resError, errs.New(errs.InvalidArgumentForSQLJSONDatetime, "datetime format is not recognized: \"%s\"", jb.AsString()).
			WithHint("Use a datetime template argument to specify the input data format.")
	}
	return c.next(it.Next, v, found)
}

// datetimeType is a datetime item's SQL type name, or "" for other
// items.
func datetimeType(v value.Value) string {
	switch v.Kind() {
	case value.KindDatetime:
		if v.IsDate() {
			return "date"
		}
		return "timestamp without time zone"
	case value.KindTime:
		return "time without time zone"
	case value.KindTimeTZ:
		return "time with time zone"
	case value.KindRange:
		return "timestamp with time zone"
	}
	return ""
}

// compareDatetimes is PostgreSQL's compareDatetime: dates and timestamps
// compare, as do items of one type; between a type with a zone and one
// without PostgreSQL needs the session's zone (the _tz functions), which
// zerodb does not offer here (0A000, as PostgreSQL's plain functions);
// a date or timestamp and a time are not comparable (unknown).
func compareDatetimes(a, b value.Value) (int, bool, error) {
	ta, tb := datetimeType(a), datetimeType(b)
	if ta == tb {
		if a.Kind() == value.KindRange {
			a, b = a.AsRange().Lo, b.AsRange().Lo
		}
		return value.Compare(a, b), true, nil
	}
	zoned := func(t string) bool { return strings.HasSuffix(t, "with time zone") }
	isTime := func(t string) bool { return strings.HasPrefix(t, "time ") }
	switch {
	case isTime(ta) != isTime(tb):
		return 0, false, nil
	case zoned(ta) != zoned(tb):
		from, to := ta, tb
		if zoned(ta) {
			from, to = tb, ta
		}
		return 0, false, errs.New(errs.FeatureNotSupported, "cannot convert value from %s to %s without time zone usage", shortType(from), shortType(to)).
			WithHint("Use *_tz() function for time zone support.")
	}
	// A date and a timestamp: the date is its midnight.
	return value.Compare(a, b), true, nil
}

// shortType is PostgreSQL's short name of a datetime type in messages.
func shortType(t string) string {
	switch t {
	case "timestamp with time zone":
		return "timestamptz"
	case "time with time zone":
		return "timetz"
	case "timestamp without time zone":
		return "timestamp"
	case "time without time zone":
		return "time"
	}
	return t
}

// outputItem is an item as it leaves the evaluator: a datetime item
// becomes the string PostgreSQL's JSON writes for it.
func outputItem(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindDatetime, value.KindTime:
		return value.SQLJSON(v, nil)
	case value.KindTimeTZ:
		s := value.SQLJSON(v, nil).AsString()
		if k := strings.LastIndexAny(s, "+-"); k >= 0 && !strings.Contains(s[k:], ":") {
			s += ":00" // JSON's offsets have minutes
		}
		return value.String(s)
	case value.KindRange:
		r := v.AsRange()
		return value.SQLJSON(r.Lo, time.FixedZone("", int(r.Hi.AsInt())))
	}
	return v
}
