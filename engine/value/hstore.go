package value

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
)

// hstore (the extension's map of text keys to text values or NULLs) is
// a string value with sub set to hstoreSub holding the map's canonical
// text, hstore_out's: pairs in PostgreSQL's key order (shorter keys
// first, then bytewise), each key once, keys and values quoted, so
// equal maps are equal strings (equality, hashing and key encoding are
// a string's) and output is the string itself. Comparison alone is
// PostgreSQL's own (hstore_cmp, which ORDER BY and btree indexes
// follow): compareHstore. The on-disk codec keeps the flag (tHstore).
const hstoreSub uint8 = 2

// HPair is one pair of an hstore; Null marks a NULL value.
type HPair struct {
	Key, Val string
	Null     bool
}

// IsHstore reports an hstore value.
func (v Value) IsHstore() bool { return v.kind == KindString && v.sub == hstoreSub }

// Hstore makes the hstore of pairs, which it sorts in place: keys in
// PostgreSQL's order, of duplicate keys the first one kept (hstore_in
// and hstore(text[]) keep the first as written).
func Hstore(pairs []HPair) Value {
	slices.SortStableFunc(pairs, func(a, b HPair) int { return compareHKeys(a.Key, b.Key) })
	out := pairs[:0]
	for i, p := range pairs {
		if i > 0 && p.Key == out[len(out)-1].Key {
			continue
		}
		out = append(out, p)
	}
	return Value{kind: KindString, sub: hstoreSub, s: string(appendHstoreText(nil, out))}
}

// HstoreSorted makes the hstore of pairs already in key order with no
// key twice (as HstorePairs gives them, or a subset of them).
func HstoreSorted(pairs []HPair) Value {
	return Value{kind: KindString, sub: hstoreSub, s: string(appendHstoreText(nil, pairs))}
}

// compareHKeys is hstore's key order: by length, then bytes.
func compareHKeys(a, b string) int {
	if len(a) != len(b) {
		return cmp.Compare(len(a), len(b))
	}
	return strings.Compare(a, b)
}

// FindHKey is the index of key in pairs (in key order), and whether it
// is there.
func FindHKey(pairs []HPair, key string) (int, bool) {
	return slices.BinarySearchFunc(pairs, key, func(p HPair, k string) int { return compareHKeys(p.Key, k) })
}

// HstorePairs is the pairs of an hstore value, in key order.
func HstorePairs(v Value) []HPair {
	pairs, err := parseHstore(v.s)
	if err != nil {
		return nil // a canonical text always parses
	}
	return pairs
}

// ParseHstore is hstore_in: pairs key=>value separated by commas, keys
// and values quoted ("...", backslash escapes) or bare (ending at
// white space, a key also at =, a value also at a comma), a bare NULL
// (any case) a NULL value.
func ParseHstore(s string) (Value, error) {
	pairs, err := parseHstore(s)
	if err != nil {
		return None, err
	}
	return Hstore(pairs), nil
}

func hstoreSyntaxError(s string, pos int) error {
	_, n := utf8.DecodeRuneInString(s[pos:])
	return errs.New(errs.InternalError, "Syntax error near \"%s\" at position %d", s[pos:pos+n], pos)
}

func hstoreUnexpectedEnd() error { return errs.New(errs.InternalError, "Unexpected end of string") }

// isHstoreSpace is PostgreSQL's scanner_isspace.
func isHstoreSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// hstoreWord reads a key (isVal false) or a value from s[i:], as
// get_val of hstore_io.c: ok is false when only white space is left;
// next is where the caller goes on (the = after a bare key, the byte
// after a quoted word or the white space that ended a bare one).
func hstoreWord(s string, i int, isVal bool) (word string, quoted bool, next int, ok bool, err error) {
	var b []byte
	// Waiting for the word.
	for {
		if i >= len(s) {
			return "", false, i, false, nil
		}
		c := s[i]
		if c == '"' {
			quoted = true
			i++
			break
		}
		if c == '=' && !isVal {
			return "", false, i, false, hstoreSyntaxError(s, i)
		}
		if c == '\\' {
			if i+1 >= len(s) {
				return "", false, i, false, hstoreUnexpectedEnd()
			}
			b = append(b, s[i+1])
			i += 2
			break
		}
		if !isHstoreSpace(c) {
			b = append(b, c)
			i++
			break
		}
		i++
	}
	if quoted {
		for {
			if i >= len(s) {
				return "", false, i, false, hstoreUnexpectedEnd()
			}
			switch c := s[i]; c {
			case '\\':
				if i+1 >= len(s) {
					return "", false, i, false, hstoreUnexpectedEnd()
				}
				b = append(b, s[i+1])
				i += 2
			case '"':
				return string(b), true, i + 1, true, nil
			default:
				b = append(b, c)
				i++
			}
		}
	}
	for {
		if i >= len(s) {
			return string(b), false, i, true, nil
		}
		switch c := s[i]; {
		case c == '\\':
			if i+1 >= len(s) {
				return "", false, i, false, hstoreUnexpectedEnd()
			}
			b = append(b, s[i+1])
			i += 2
		case c == '=' && !isVal, c == ',' && isVal:
			return string(b), false, i, true, nil
		case isHstoreSpace(c):
			return string(b), false, i + 1, true, nil
		default:
			b = append(b, c)
			i++
		}
	}
}

// parseHstore reads hstore text into its pairs as written (parse_hstore
// of hstore_io.c, with its messages).
func parseHstore(s string) ([]HPair, error) {
	var pairs []HPair
	i := 0
	for {
		key, _, next, ok, err := hstoreWord(s, i, false)
		if err != nil {
			return nil, err
		}
		if !ok {
			return pairs, nil
		}
		i = next
		// =>, after white space.
		for ; ; i++ {
			if i >= len(s) {
				return nil, hstoreUnexpectedEnd()
			}
			if s[i] == '=' {
				break
			}
			if !isHstoreSpace(s[i]) {
				return nil, hstoreSyntaxError(s, i)
			}
		}
		i++
		if i >= len(s) {
			return nil, hstoreUnexpectedEnd()
		}
		if s[i] != '>' {
			return nil, hstoreSyntaxError(s, i)
		}
		val, quoted, next, ok, err := hstoreWord(s, i+1, true)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, hstoreUnexpectedEnd()
		}
		null := !quoted && len(val) == 4 && strings.EqualFold(val, "null")
		if null {
			val = ""
		}
		pairs = append(pairs, HPair{Key: key, Val: val, Null: null})
		// A comma, after white space, or the end.
		for i = next; ; i++ {
			if i >= len(s) {
				return pairs, nil
			}
			if s[i] == ',' {
				i++
				break
			}
			if !isHstoreSpace(s[i]) {
				return nil, hstoreSyntaxError(s, i)
			}
		}
	}
}

// appendHstoreText is hstore_out: "key"=>"value" or "key"=>NULL, joined
// by ", ", with " and \ escaped by a backslash.
func appendHstoreText(b []byte, pairs []HPair) []byte {
	quote := func(b []byte, s string) []byte {
		b = append(b, '"')
		for i := 0; i < len(s); i++ {
			if s[i] == '"' || s[i] == '\\' {
				b = append(b, '\\')
			}
			b = append(b, s[i])
		}
		return append(b, '"')
	}
	for i, p := range pairs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(quote(b, p.Key), "=>"...)
		if p.Null {
			b = append(b, "NULL"...)
		} else {
			b = quote(b, p.Val)
		}
	}
	return b
}

// compareHstore is hstore_cmp: an empty hstore first; then the keys and
// values as one string of bytes (a NULL value adds none), then its
// length, the count of pairs, where each key and value ends, and a NULL
// value after an empty one.
func compareHstore(a, b string) int {
	if a == b {
		return 0
	}
	pa, pb := HstorePairs(Value{s: a}), HstorePairs(Value{s: b})
	if len(pa) == 0 || len(pb) == 0 {
		return cmp.Compare(len(pa), len(pb))
	}
	sa, sb := hstoreBytes(pa), hstoreBytes(pb)
	n := min(len(sa), len(sb))
	if c := strings.Compare(sa[:n], sb[:n]); c != 0 {
		return c
	}
	if len(sa) != len(sb) {
		return cmp.Compare(len(sa), len(sb))
	}
	if len(pa) != len(pb) {
		return cmp.Compare(len(pa), len(pb))
	}
	ea, eb := 0, 0
	for i := range pa {
		ea, eb = ea+len(pa[i].Key), eb+len(pb[i].Key)
		if ea != eb {
			return cmp.Compare(ea, eb)
		}
		ea, eb = ea+len(pa[i].Val), eb+len(pb[i].Val)
		if ea != eb {
			return cmp.Compare(ea, eb)
		}
		if pa[i].Null != pb[i].Null {
			if pa[i].Null {
				return 1
			}
			return -1
		}
	}
	return 0
}

func hstoreBytes(pairs []HPair) string {
	var sb strings.Builder
	for _, p := range pairs {
		sb.WriteString(p.Key)
		sb.WriteString(p.Val)
	}
	return sb.String()
}

// AppendHstoreBinary is hstore_send: the count of pairs, then each key
// and value as its length and bytes (a NULL value: length -1), as
// big-endian int32s.
func AppendHstoreBinary(b []byte, v Value) []byte {
	pairs := HstorePairs(v)
	b = binary.BigEndian.AppendUint32(b, uint32(len(pairs)))
	for _, p := range pairs {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p.Key)))
		b = append(b, p.Key...)
		if p.Null {
			b = binary.BigEndian.AppendUint32(b, 0xffffffff)
			continue
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(p.Val)))
		b = append(b, p.Val...)
	}
	return b
}

// ParseHstoreBinary is hstore_recv.
func ParseHstoreBinary(b []byte) (Value, error) {
	short := errs.New(errs.InvalidBinaryRepresentation, "insufficient data left in message")
	next := func() (int32, bool) {
		if len(b) < 4 {
			return 0, false
		}
		n := int32(binary.BigEndian.Uint32(b))
		b = b[4:]
		return n, true
	}
	text := func(n int32) (string, bool) {
		if int(n) > len(b) {
			return "", false
		}
		s := string(b[:n])
		b = b[n:]
		return s, true
	}
	count, ok := next()
	if !ok {
		return None, short
	}
	if count < 0 || int(count) > len(b)/8 {
		if count < 0 || count > 1<<28 {
			return None, errs.New(errs.ProgramLimitExceeded, "number of pairs (%d) exceeds the maximum allowed (%d)", count, 1<<28)
		}
		return None, short
	}
	pairs := make([]HPair, 0, count)
	for range count {
		kl, ok := next()
		if !ok {
			return None, short
		}
		if kl < 0 {
			return None, errs.New(errs.NullValueNotAllowed, "null value not allowed for hstore key")
		}
		k, ok := text(kl)
		if !ok {
			return None, short
		}
		vl, ok := next()
		if !ok {
			return None, short
		}
		p := HPair{Key: k, Null: vl < 0}
		if vl >= 0 {
			if p.Val, ok = text(vl); !ok {
				return None, short
			}
		}
		pairs = append(pairs, p)
	}
	if len(b) > 0 {
		return None, errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
	}
	return Hstore(pairs), nil
}
