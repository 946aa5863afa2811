package value

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/errs"
)

// AppendJSON renders v as JSON per zql.md §12 in PostgreSQL's jsonb text
// style (`{"a": 1, "b": [1, 2]}`, strings escaped as PostgreSQL does):
// none → null; symbols → "@red"; record ids → "persons.@john"; tuples →
// arrays; ranges → "1..10" / "1..=10"; datetimes → RFC 3339 in UTC;
// durations → Go duration strings; bytes → base64; regex → "!/re/flags";
// vectors → arrays of numbers; decimals → numeric text (1.50); floats →
// PostgreSQL's shortest float text (0.1, 1e+100); floats and decimals
// that are not finite → "NaN", "Infinity", "-Infinity"; functions → their
// name as a string.
func AppendJSON(buf []byte, v Value) []byte {
	switch v.kind {
	case KindNone:
		return append(buf, "null"...)
	case KindBool:
		return strconv.AppendBool(buf, v.AsBool())
	case KindInt:
		if IntWidth(v.sub) == U64 {
			return strconv.AppendUint(buf, v.n, 10)
		}
		return strconv.AppendInt(buf, int64(v.n), 10)
	case KindFloat:
		return appendJSONFloat(buf, v.AsFloat(), int(v.floatBits()))
	case KindDecimal:
		d := v.AsDecimal()
		if d != nil && d.Form != apd.Finite {
			buf = append(buf, '"')
			buf = appendDecimalText(buf, d)
			return append(buf, '"')
		}
		return appendDecimalText(buf, d)
	case KindString:
		return appendJSONString(buf, v.s)
	case KindSymbol:
		buf = append(buf, `"@`...)
		return appendJSONStringBody(buf, v.s)
	case KindNet:
		return appendJSONString(buf, string(appendNetText(nil, v, NotNet)))
	case KindGeo:
		return appendJSONString(buf, string(AppendGeo(nil, v)))
	case KindBits:
		return appendJSONString(buf, string(AppendBits(nil, v)))
	case KindSQLRange:
		// to_json of a range is its text, as PostgreSQL's.
		return appendJSONString(buf, v.AsSQLRange().String())
	case KindRecordID, KindRange, KindRegex, KindFunc:
		if v.kind == KindRecordID && v.ref == nil && !needsJSONEscape(v.s) {
			// An integer key (every vertex of a traversal over such
			// tables): only the table name could need escaping, not
			// `.@` and digits, so it alone is scanned.
			buf = append(buf, '"')
			buf = v.appendRecordID(buf)
			return append(buf, '"')
		}
		// Write the literal in place; escape it only when it needs it
		// (record ids are in every ZQL result, so avoid the copy).
		buf = append(buf, '"')
		start := len(buf)
		if v.kind == KindRecordID {
			buf = v.appendRecordID(buf)
		} else {
			buf = v.appendLiteral(buf)
		}
		if needsJSONEscape(buf[start:]) {
			lit := string(buf[start:])
			return appendJSONString(buf[:start-1], lit)
		}
		return append(buf, '"')
	case KindDatetime:
		buf = append(buf, '"')
		buf = appendRFC3339(buf, v)
		return append(buf, '"')
	case KindTime:
		buf = append(buf, '"')
		buf = appendTimeOfDay(buf, v.AsTimeOfDay())
		return append(buf, '"')
	case KindTimeTZ:
		buf = append(buf, '"')
		buf = appendTimeTZ(buf, v)
		return append(buf, '"')
	case KindDuration:
		buf = append(buf, '"')
		buf = appendDurationText(buf, v.AsInterval())
		return append(buf, '"')
	case KindUUID:
		buf = append(buf, '"')
		buf = appendUUID(buf, v.AsUUID())
		return append(buf, '"')
	case KindBytes:
		buf = append(buf, '"')
		buf = base64.StdEncoding.AppendEncode(buf, []byte(v.s))
		return append(buf, '"')
	case KindVector:
		buf = append(buf, '[')
		for i, x := range v.AsVector() {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendJSONFloat(buf, float64(x), 32)
		}
		return append(buf, ']')
	case KindList, KindTuple, KindComposite:
		if IsShapedArray(v) {
			return AppendJSON(buf, Nested(v))
		}
		buf = append(buf, '[')
		for i, x := range v.AsList() {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = AppendJSON(buf, x)
		}
		return append(buf, ']')
	case KindObject:
		o := v.AsObject()
		buf = append(buf, '{')
		for i := 0; i < o.Len(); i++ {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendJSONString(buf, o.names[i])
			buf = append(buf, ": "...)
			buf = AppendJSON(buf, o.vals[i])
		}
		return append(buf, '}')
	}
	return append(buf, "null"...)
}

func appendJSONFloat(buf []byte, f float64, bitsz int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		buf = append(buf, '"')
		buf = appendFloatPG(buf, f, bitsz)
		return append(buf, '"')
	}
	return appendFloatPG(buf, f, bitsz)
}

func needsJSONEscape[S ~string | ~[]byte](b S) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	return appendJSONStringBody(buf, s)
}

// appendJSONStringBody escapes s as PostgreSQL's escape_json does and
// closes the quote. Invalid UTF-8 becomes U+FFFD so the output is always
// valid JSON.
func appendJSONStringBody(buf []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i++
			start = i
			continue
		}
		buf = append(buf, s[start:i]...)
		switch c {
		case '"':
			buf = append(buf, `\"`...)
		case '\\':
			buf = append(buf, `\\`...)
		case '\b':
			buf = append(buf, `\b`...)
		case '\f':
			buf = append(buf, `\f`...)
		case '\n':
			buf = append(buf, `\n`...)
		case '\r':
			buf = append(buf, `\r`...)
		case '\t':
			buf = append(buf, `\t`...)
		default:
			buf = append(buf, `\u00`...)
			buf = append(buf, hexDigits[c>>4], hexDigits[c&15])
		}
		i++
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// ParseJSON parses JSON text into a Value for ZQL: objects keep their key
// order (a repeated key keeps its first position and its last value);
// integers that fit int64 are ints; other numbers are floats when the
// float is exactly the number written (0.1, 1.5e300 — floats are the
// decimals they print as, see num.go), and decimals otherwise (more
// digits than a float holds, or beyond its range), so nothing is lost.
// Errors are 22P02 with PostgreSQL's message and detail.
func ParseJSON(s string) (Value, error) { return parseJSON(s, false) }

// ParseJSONB parses JSON text as PostgreSQL's jsonb does: object keys
// sorted (shorter first, then bytewise), the last of duplicate keys wins,
// non-integer numbers are decimals that keep their written scale (1.50
// stays 1.50, 1e3 is 1000), and \u0000 is rejected.
func ParseJSONB(s string) (Value, error) { return parseJSON(s, true) }

// FromJSONNumber converts the text of a JSON number with ParseJSON's rule
// (int when it is an integer that fits int64, else float when exact, else
// decimal). Errors: 22P02 for bad syntax, 22003 beyond numeric's range.
func FromJSONNumber(s string) (Value, error) {
	v, err := jsonNumber(s, false)
	if err != nil {
		return None, err
	}
	if v.kind == KindNone {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
	}
	return v, nil
}

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 6400

type jsonParser struct {
	s     string
	i     int
	jsonb bool
	// utf8 is set when s is known to be valid UTF-8 (TextParser checked
	// it): its strings need no check of their own.
	utf8 bool
	// arena, when set, gives the objects and lists (TextParser's).
	arena *jsonArena
	depth int
	// Scratch stacks for the fields of the objects and the elements of
	// the arrays being parsed: nested ones push above their parent's, and
	// the finished container copies its part out, so a document costs one
	// allocation per container instead of a growing slice each.
	names []string
	vals  []Value
	elems []Value
	// AppendJSONB's: the encoding being written, where each field's
	// value lies in it (beside names), and scratch for finishing an
	// object.
	out   []byte
	spans [][2]int
	idx   []int
	tmp   []byte
}

func jsonSyntax(detail string, args ...any) *errs.Error {
	return errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type json").WithDetail(detail, args...)
}

// syntaxAt is jsonSyntax of an error whose token ends at end in the
// input, with PostgreSQL's CONTEXT quoting the input up to there.
func (p *jsonParser) syntaxAt(end int, detail string, args ...any) *errs.Error {
	return jsonSyntax(detail, args...).WithWhere("%s", jsonContext(p.s, end))
}

// jsonContext is PostgreSQL's report_json_context: the line of s that
// holds the erring token, from its start (or, on a long line, 49 bytes
// before the token's end, marked "...") to the token's end at end,
// marked "..." when more of the line follows.
func jsonContext(s string, end int) string {
	end = min(end, len(s))
	lineStart := strings.LastIndexByte(s[:end], '\n') + 1
	line := 1 + strings.Count(s[:lineStart], "\n")
	start, prefix, suffix := lineStart, "", ""
	if end-start > 52 {
		// PostgreSQL shows 52 bytes at most, "..." and the last 49.
		start = end - 49
		for start < end && !utf8.RuneStart(s[start]) {
			start++
		}
		prefix = "..."
	}
	if end < len(s) && s[end] != '\n' && s[end] != '\r' {
		suffix = "..."
	}
	return fmt.Sprintf("JSON data, line %d: %s%s%s", line, prefix, s[start:end], suffix)
}

func parseJSON(s string, jsonb bool) (Value, error) {
	// Scratch covering the containers of a typical document, in one
	// allocation (the parser's methods make it escape).
	var names [8]string
	var vals, elems [8]Value
	p := jsonParser{s: s, jsonb: jsonb, names: names[:0], vals: vals[:0], elems: elems[:0]}
	return p.document()
}

// document parses p.s, which must hold one JSON value and nothing more.
func (p *jsonParser) document() (Value, error) {
	v, err := p.value()
	if err != nil {
		return None, err
	}
	p.skipSpace()
	if p.i < len(p.s) {
		return None, p.unexpected("end of input")
	}
	return v, nil
}

// A TextParser is ParseText for a caller parsing many values in a row
// (a COPY's rows): it keeps the JSON parser's scratch stacks from one
// document to the next, where ParseText allocates them per document.
// The zero value is ready; a nil *TextParser parses as ParseText does.
type TextParser struct {
	// Zone is the session time zone a timestamptz without an offset is
	// read in (ParseTextIn); nil is UTC.
	Zone *time.Location
	// The scratch keeps the last document's fields past their use; they
	// are overwritten by the next one.
	names []string
	vals  []Value
	elems []Value
	arena jsonArena
	spans [][2]int
	idx   []int
	tmp   []byte
}

// Parse is ParseText(s, t). The objects and lists of the documents it
// parses share blocks of memory with those of the documents before and
// after (jsonArena): keeping one value keeps its block's neighbours.
// A COPY encodes each row's values and drops them.
func (tp *TextParser) Parse(s string, t Type) (Value, error) {
	if tp == nil {
		return ParseText(s, t)
	}
	if !t.IsJSONB() || !utf8.ValidString(s) {
		if tp.Zone != nil {
			return ParseTextIn(s, t, tp.Zone)
		}
		return ParseText(s, t)
	}
	p := jsonParser{s: s, jsonb: true, utf8: true, arena: &tp.arena, names: tp.names[:0], vals: tp.vals[:0], elems: tp.elems[:0]}
	v, err := p.document()
	tp.names, tp.vals, tp.elems = p.names[:0], p.vals[:0], p.elems[:0]
	return v, err
}

func (p *jsonParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func isJSONDelim(c byte) bool {
	switch c {
	case '{', '}', '[', ']', ',', ':', '"', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// token returns the text of the token at the cursor, as PostgreSQL's
// error details quote it.
func (p *jsonParser) token() string {
	if p.i >= len(p.s) {
		return ""
	}
	switch c := p.s[p.i]; c {
	case '{', '}', '[', ']', ',', ':':
		return p.s[p.i : p.i+1]
	case '"':
		j := p.i + 1
		for j < len(p.s) && p.s[j] != '"' {
			if p.s[j] == '\\' {
				j++
			}
			j++
		}
		return p.s[p.i:min(j+1, len(p.s))]
	}
	j := p.i
	for j < len(p.s) && !isJSONDelim(p.s[j]) {
		j++
	}
	if j == p.i {
		j++
	}
	return p.s[p.i:j]
}

// validToken reports whether tok would lex (a literal, a number,
// punctuation or a string start).
func validToken(tok string) bool {
	switch tok {
	case "true", "false", "null", "{", "}", "[", "]", ",", ":":
		return true
	}
	if tok != "" && tok[0] == '"' {
		return true
	}
	return validJSONNumber(tok)
}

// badHex is where the token of a \u escape without four hexadecimal
// digits at p.i ends for PostgreSQL's lexer: past the first character
// that is none.
func (p *jsonParser) badHex() int {
	j := p.i
	for j < len(p.s) && j < p.i+4 {
		if _, ok := unhex(p.s[j]); !ok {
			break
		}
		j++
	}
	return j + 1
}

// unexpected reports what was found where something else was expected.
func (p *jsonParser) unexpected(expected string) error {
	if p.i >= len(p.s) {
		return p.syntaxAt(len(p.s), "The input string ended unexpectedly.")
	}
	tok := p.token()
	if !validToken(tok) {
		return p.syntaxAt(p.i+len(tok), "Token \"%s\" is invalid.", tok)
	}
	return p.syntaxAt(p.i+len(tok), "Expected %s, but found \"%s\".", expected, tok)
}

func (p *jsonParser) value() (Value, error) {
	p.skipSpace()
	if p.i >= len(p.s) {
		return None, p.syntaxAt(len(p.s), "The input string ended unexpectedly.")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return None, err
		}
		return String(s), nil
	case c == '-' || c >= '0' && c <= '9':
		tok := p.token()
		if !validJSONNumber(tok) {
			return None, p.syntaxAt(p.i+len(tok), "Token \"%s\" is invalid.", tok)
		}
		p.i += len(tok)
		return jsonNumber(tok, p.jsonb)
	}
	tok := p.token()
	switch tok {
	case "true":
		p.i += 4
		return Bool(true), nil
	case "false":
		p.i += 5
		return Bool(false), nil
	case "null":
		p.i += 4
		if p.jsonb {
			return JSONNull, nil
		}
		return None, nil
	}
	return None, p.unexpected("JSON value")
}

func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > maxJSONDepth {
		return errs.New(codeStackDepthExceeded, "stack depth limit exceeded")
	}
	return nil
}

// array and object restore the depth and their scratch stack on their
// way out here rather than by defers, which cost a document about a tenth
// of its parsing.
func (p *jsonParser) array() (Value, error) {
	if err := p.enter(); err != nil {
		return None, err
	}
	base := len(p.elems)
	v, err := p.arrayElems(base)
	p.elems = p.elems[:base]
	p.depth--
	return v, err
}

func (p *jsonParser) arrayElems(base int) (Value, error) {
	p.i++ // [
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return List([]Value{}), nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return None, err
		}
		p.elems = append(p.elems, v)
		p.skipSpace()
		if p.i < len(p.s) {
			switch p.s[p.i] {
			case ',':
				p.i++
				continue
			case ']':
				p.i++
				return List(p.arena.values(p.elems[base:])), nil
			}
		}
		return None, p.unexpected(`"," or "]"`)
	}
}

func (p *jsonParser) object() (Value, error) {
	if err := p.enter(); err != nil {
		return None, err
	}
	base := len(p.names)
	v, err := p.objectFields(base)
	p.names, p.vals = p.names[:base], p.vals[:base]
	p.depth--
	return v, err
}

func (p *jsonParser) objectFields(base int) (Value, error) {
	p.i++ // {
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return ObjectOf(NewObject(0)), nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			if len(p.names) == base {
				return None, p.unexpected(`string or "}"`)
			}
			return None, p.unexpected("string")
		}
		name, err := p.str()
		if err != nil {
			return None, err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return None, p.unexpected(`":"`)
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return None, err
		}
		p.names = append(p.names, name)
		p.vals = append(p.vals, v)
		p.skipSpace()
		if p.i < len(p.s) {
			switch p.s[p.i] {
			case ',':
				p.i++
				continue
			case '}':
				p.i++
				return ObjectOf(buildObject(p.names[base:], p.vals[base:], p.jsonb, p.arena)), nil
			}
		}
		return None, p.unexpected(`"," or "}"`)
	}
}

// buildObject makes an object from parsed fields. jsonb sorts keys by
// length, then bytewise, keeping the last of duplicates; json keeps the
// written order, a duplicate taking the first position and last value.
// The object does not share names' and vals' arrays. A jsonb object
// comes from a when a is not nil.
func buildObject(names []string, vals []Value, jsonb bool, a *jsonArena) *Object {
	if jsonb {
		var small [16]int
		idx := jsonbKeyOrder(names, small[:0])
		// The object, its names and its values are one allocation
		// (newObjectLen), or none (a).
		o := a.object(len(idx))
		for j, i := range idx {
			o.names[j], o.vals[j] = names[i], vals[i]
		}
		return o
	}
	if len(names) < 2 {
		return &Object{names: slices.Clone(names), vals: slices.Clone(vals)}
	}
	seen := make(map[string]int, len(names))
	out := NewObject(len(names))
	for i, n := range names {
		if j, dup := seen[n]; dup {
			out.vals[j] = vals[i]
			continue
		}
		seen[n] = len(out.names)
		out.names = append(out.names, n)
		out.vals = append(out.vals, vals[i])
	}
	return out
}

// jsonbKeyOrder appends to idx the indexes of the names jsonb keeps, in
// its key order: shorter first, then bytewise; of equal names the last
// written.
func jsonbKeyOrder(names []string, idx []int) []int {
	for i := range names {
		idx = append(idx, i)
	}
	less := func(i, j int) int {
		x, y := names[i], names[j]
		if len(x) != len(y) {
			return len(x) - len(y)
		}
		return strings.Compare(x, y)
	}
	if len(idx) <= 16 {
		// A document's objects are small: an insertion sort (stable
		// too) skips the generic sort's set-up.
		for k := 1; k < len(idx); k++ {
			for j := k; j > 0 && less(idx[j-1], idx[j]) > 0; j-- {
				idx[j-1], idx[j] = idx[j], idx[j-1]
			}
		}
	} else {
		slices.SortStableFunc(idx, less)
	}
	// The sort is stable: of a run of equal names the last is the
	// last written.
	kept := idx[:0]
	for k, i := range idx {
		if k+1 < len(idx) && names[idx[k+1]] == names[i] {
			continue
		}
		kept = append(kept, i)
	}
	return kept
}

// str reads a JSON string at the cursor.
func (p *jsonParser) str() (string, error) {
	p.i++ // opening quote
	start := p.i
	// Fast path: no escapes.
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			if !p.utf8 && !utf8.ValidString(s) {
				return "", invalidUTF8(s)
			}
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.i++
	}
	buf := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			if !utf8.Valid(buf) {
				return "", invalidUTF8(string(buf))
			}
			return string(buf), nil
		case c < 0x20:
			return "", p.syntaxAt(p.i, "Character with value 0x%02x must be escaped.", c)
		case c != '\\':
			buf = append(buf, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			break
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.syntaxAt(p.badHex(), `"\u" must be followed by four hexadecimal digits.`)
			}
			switch {
			case utf16.IsSurrogate(r) && r < 0xdc00:
				if p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					p.i += 2
					r2, ok := p.hex4()
					if !ok {
						return "", p.syntaxAt(p.badHex(), `"\u" must be followed by four hexadecimal digits.`)
					}
					if r2 < 0xdc00 || r2 > 0xdfff {
						return "", p.syntaxAt(p.i, "Unicode high surrogate must not follow a high surrogate.")
					}
					r = utf16.DecodeRune(r, r2)
				} else {
					// PostgreSQL's lexer has read the character after.
					return "", p.syntaxAt(p.i+1, "Unicode low surrogate must follow a high surrogate.")
				}
			case utf16.IsSurrogate(r):
				return "", p.syntaxAt(p.i, "Unicode low surrogate must follow a high surrogate.")
			case r == 0 && p.jsonb:
				return "", errs.New(codeUntranslatableChar, "unsupported Unicode escape sequence").
					WithDetail(`\u0000 cannot be converted to text.`)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			_, size := utf8.DecodeRuneInString(p.s[p.i-1:])
			return "", p.syntaxAt(p.i-1+size, "Escape sequence \"%s\" is invalid.", `\`+p.s[p.i-1:p.i-1+size])
		}
	}
	return "", p.syntaxAt(len(p.s), "The input string ended unexpectedly.")
}

func invalidUTF8(s string) error {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return errs.New(codeCharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x%02x", s[i])
		}
		i += size
	}
	return errs.New(codeCharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"")
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for k := 0; k < 4; k++ {
		d, ok := unhex(p.s[p.i+k])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.i += 4
	return r, true
}

// validJSONNumber checks JSON's number grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validJSONNumber(t string) bool {
	i := 0
	if i < len(t) && t[i] == '-' {
		i++
	}
	switch {
	case i < len(t) && t[i] == '0':
		i++
	case i < len(t) && t[i] >= '1' && t[i] <= '9':
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(t) && t[i] == '.' {
		i++
		start := i
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		start := i
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(t)
}

// jsonNumber converts number text (already validated, or checked by
// scanDecimal) to a value; None with no error means bad syntax.
func jsonNumber(t string, jsonb bool) (Value, error) {
	if isIntText(t) {
		if i, err := strconv.ParseInt(t, 10, 64); err == nil {
			return Int(i), nil
		}
	}
	if !jsonb && floatExact(t) {
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			return Float(f), nil
		}
	}
	d, ok, err := scanDecimal(t, false)
	if err != nil {
		return None, err
	}
	if !ok {
		return None, nil
	}
	if !jsonb {
		// Exact as a float after all (e.g. 0.30000000000000004)?
		var fb, db [40]byte
		f := decimalToFloat(d)
		if !math.IsInf(f, 0) {
			cf, cd := canonFloat(fb[:], f, 64), canonDecimal(db[:], d)
			if cmpCanon(&cf, &cd) == 0 {
				return Float(f), nil
			}
		}
	}
	return Decimal(d), nil
}

func isIntText(t string) bool {
	if t != "" && t[0] == '-' {
		t = t[1:]
	}
	if t == "" || len(t) > 19 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// floatExact is a cheap sufficient test that number text is exactly a
// float: at most 15 significant digits (DBL_DIG, so the text is the
// float's shortest form) and a magnitude well inside the normal range.
func floatExact(t string) bool {
	if t != "" && (t[0] == '-' || t[0] == '+') {
		t = t[1:]
	}
	exp := 0
	if k := strings.IndexAny(t, "eE"); k >= 0 {
		e, err := strconv.Atoi(t[k+1:])
		if err != nil {
			return false
		}
		exp, t = e, t[:k]
	}
	intPart, frac, _ := strings.Cut(t, ".")
	n := len(intPart) + len(frac)
	digit := func(k int) byte {
		if k < len(intPart) {
			return intPart[k]
		}
		return frac[k-len(intPart)]
	}
	first, last := -1, -1
	for k := 0; k < n; k++ {
		c := digit(k)
		if c < '0' || c > '9' {
			return false
		}
		if c != '0' {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	if first < 0 {
		return true // zero
	}
	mag := len(intPart) - first - 1 + exp // power of ten of the leading digit
	return last-first+1 <= 15 && mag > -290 && mag < 290
}

// jsonArena carves the objects, names and values of many parsed
// documents out of shared blocks: a document of a few objects and lists
// then costs a fraction of an allocation instead of one per container.
// The pieces handed out never overlap (each slice's capacity ends where
// it does), so appending to one reallocates it as usual. A nil arena
// allocates each piece on its own.
type jsonArena struct {
	objs  []Object
	names []string
	vals  []Value
}

const (
	arenaObjs   = 64  // objects per block
	arenaFields = 512 // names or values per block
	// arenaLargest is the largest piece carved; larger ones are
	// allocated on their own.
	arenaLargest = arenaFields / 8
)

// object returns an object of n fields to fill in.
func (a *jsonArena) object(n int) *Object {
	if a == nil || n > arenaLargest {
		return newObjectLen(n)
	}
	if len(a.objs) == 0 {
		a.objs = make([]Object, arenaObjs)
	}
	o := &a.objs[0]
	a.objs = a.objs[1:]
	if len(a.names) < n {
		a.names = make([]string, arenaFields)
	}
	if len(a.vals) < n {
		a.vals = make([]Value, arenaFields)
	}
	o.names, o.vals = a.names[:n:n], a.vals[:n:n]
	a.names, a.vals = a.names[n:], a.vals[n:]
	return o
}

// values returns a copy of vs.
func (a *jsonArena) values(vs []Value) []Value {
	n := len(vs)
	if a == nil || n > arenaLargest {
		return slices.Clone(vs)
	}
	if len(a.vals) < n {
		a.vals = make([]Value, arenaFields)
	}
	out := a.vals[:n:n]
	a.vals = a.vals[n:]
	copy(out, vs)
	return out
}

// jsonbFloat is a finite real or double precision as jsonb holds it: the
// numeric its shortest text reads as (PostgreSQL's float8out, then
// numeric_in), so -0 is 0 and 1e+20 is 100000000000000000000. NaN and the
// infinities stay floats (they are shown as strings).
func jsonbFloat(v Value) (Value, bool) {
	f := v.AsFloat()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return v, false
	}
	d, _, err := apd.NewFromString(strconv.FormatFloat(f, 'g', -1, int(v.floatBits())))
	if err != nil {
		return v, false
	}
	if d.Exponent > 0 {
		var t apd.BigInt
		d.Coeff.Mul(&d.Coeff, t.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(d.Exponent)), nil))
		d.Exponent = 0
	}
	d.Negative = d.Negative && d.Coeff.Sign() != 0
	return Decimal(d), true
}

// SQLJSON is v as PostgreSQL's to_jsonb and jsonb builders make it: a
// date, timestamp or interval becomes a string in the form PostgreSQL's
// JSON gives it ("2024-01-02", "2024-01-01T10:00:00.5",
// "2024-01-01T05:00:00-05:00" in the session time zone loc, nil for
// UTC, "1 day 02:00:00"), and a float the numeric it prints as, inside
// lists and objects too; anything else is as it is. AppendJSON keeps its
// own forms (RFC 3339, Go durations), which ZQL's results use.
func SQLJSON(v Value, loc *time.Location) Value {
	out, _ := sqlJSON(v, loc)
	return out
}

// sqlJSON is SQLJSON and whether it changed anything (lists and objects
// without temporal values are not copied).
func sqlJSON(v Value, loc *time.Location) (Value, bool) {
	switch v.Kind() {
	case KindNet:
		return String(string(appendNetText(nil, v, NotNet))), true
	case KindGeo:
		return String(string(AppendGeo(nil, v))), true
	case KindBits:
		return String(string(AppendBits(nil, v))), true
	case KindSQLRange:
		// Its text, a tstzrange's bounds in loc.
		return String(string(appendCastText(nil, v, loc))), true
	case KindDatetime:
		if v.IsDate() {
			return String(string(appendDate(nil, v))), true
		}
		b := appendTimestamp(nil, v, v.HasTZ(), loc)
		if i := bytes.IndexByte(b, ' '); i >= 0 {
			b[i] = 'T'
		}
		// The era comes last (PostgreSQL: "0044-03-15T12:00:00+00:00 BC").
		b, bc := bytes.CutSuffix(b, []byte(" BC"))
		if v.HasTZ() && len(b) > 3 && (b[len(b)-3] == '+' || b[len(b)-3] == '-') {
			b = append(b, ":00"...) // JSON's offsets have minutes
		}
		if bc {
			b = append(b, " BC"...)
		}
		return String(string(b)), true
	case KindTime:
		return String(string(appendTimeOfDay(nil, v.AsTimeOfDay()))), true
	case KindTimeTZ:
		// Unlike a timestamptz's, PostgreSQL's JSON of a timetz keeps
		// the offset as its text has it (+02).
		return String(string(appendTimeTZ(nil, v))), true
	case KindDuration:
		return String(string(appendInterval(nil, v.AsInterval()))), true
	case KindFloat:
		return jsonbFloat(v)
	case KindList:
		if IsShapedArray(v) {
			y, _ := sqlJSON(Nested(v), loc)
			return y, true
		}
		xs := v.AsList()
		var out []Value
		for i, x := range xs {
			y, changed := sqlJSON(x, loc)
			if changed && out == nil {
				out = append(make([]Value, 0, len(xs)), xs[:i]...)
			}
			if out != nil {
				out = append(out, y)
			}
		}
		if out == nil {
			return v, false
		}
		return List(out), true
	case KindObject:
		o := v.AsObject()
		var out *Object
		for i := 0; i < o.Len(); i++ {
			name, x := o.At(i)
			y, changed := sqlJSON(x, loc)
			if changed && out == nil {
				out = o.Clone()
			}
			if changed {
				out.Set(name, y)
			}
		}
		if out == nil {
			return v, false
		}
		return ObjectOf(out), true
	}
	return v, false
}
