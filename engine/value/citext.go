package value

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// citext (the extension's case-insensitive text) is a string value with
// sub set to ciSub: it keeps the case it was written with, which output
// shows, and compares, hashes and key-encodes as its lower case
// (FoldCase), as PostgreSQL's citext compares lower(a) with lower(b).
// A comparison of a citext with a plain string is case-insensitive too;
// the SQL front end casts the citext side to text first where
// PostgreSQL's operator resolution picks text's operator (citext =
// text). A unique index of a citext column therefore refuses 'A@x.com'
// beside 'a@x.com', and its entries hold the lower case, which the
// equality of a citext with a constant finds. The on-disk codec keeps
// the flag (tCIString), so a stored citext reads back as one; the key
// encoding does not (a key holds the lower case: DecodeKey gives a
// plain string, which SQL converts to the column's type).
const ciSub uint8 = 1

// CIString makes a citext value.
func CIString(s string) Value { return Value{kind: KindString, sub: ciSub, s: s} }

// IsCIString reports a citext value.
func (v Value) IsCIString() bool { return v.kind == KindString && v.sub == ciSub }

// FoldCase is the form a citext compares as: its lower case, as SQL's
// lower() makes it (Unicode case mapping; PostgreSQL's depends on the
// database's LC_CTYPE, which for the C locale folds ASCII letters only).
func FoldCase(s string) string { return strings.ToLower(s) }

// compareStrings orders two strings, case-insensitively when either is
// a citext; two hstores in hstore's order.
func compareStrings(a, b Value) int {
	if a.sub == hstoreSub && b.sub == hstoreSub {
		return compareHstore(a.s, b.s)
	}
	if a.sub == ciSub || b.sub == ciSub {
		return compareFolded(a.s, b.s)
	}
	return strings.Compare(a.s, b.s)
}

// compareFolded is strings.Compare(FoldCase(a), FoldCase(b)) without
// building either: FoldCase maps rune by rune (unicode.ToLower, an
// invalid byte becoming U+FFFD), and UTF-8's byte order is its code
// points' order, so comparing the mapped runes one by one agrees.
func compareFolded(a, b string) int {
	for a != "" && b != "" {
		ra, na := rune(a[0]), 1
		if ra >= utf8.RuneSelf {
			ra, na = utf8.DecodeRuneInString(a)
		}
		rb, nb := rune(b[0]), 1
		if rb >= utf8.RuneSelf {
			rb, nb = utf8.DecodeRuneInString(b)
		}
		if ra, rb = unicode.ToLower(ra), unicode.ToLower(rb); ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}
