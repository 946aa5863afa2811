package scram

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// saslPrep normalises a password with SASLprep (RFC 4013) the way
// PostgreSQL's pg_saslprep does, including its leniency: a password that
// SASLprep rejects (invalid UTF-8, prohibited or unassigned code points,
// bad bidirectional text) is used as raw bytes instead. libpq applies the
// same rule on the client side, so both ends derive the same key.
//
// Unassigned code points are judged by Go's Unicode tables rather than
// Unicode 3.2 as the RFC says; the difference only matters for passwords
// holding characters added to Unicode after 2002.
func saslPrep(password string) string {
	// PostgreSQL's fast path: pure ASCII is used unchanged, even with
	// control characters that SASLprep would prohibit.
	ascii := true
	for i := 0; i < len(password); i++ {
		if password[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii || !utf8.ValidString(password) {
		return password
	}

	var b strings.Builder
	b.Grow(len(password))
	for _, r := range password {
		switch {
		case mappedToNothing(r):
		case nonASCIISpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := norm.NFKC.String(b.String())
	if out == "" {
		return password
	}

	var hasRandAL, hasL bool
	for _, r := range out {
		if prohibited(r) || unassigned(r) {
			return password
		}
		switch bidiClass(r) {
		case bidi.R, bidi.AL:
			hasRandAL = true
		case bidi.L:
			hasL = true
		}
	}
	if hasRandAL {
		first, _ := utf8.DecodeRuneInString(out)
		last, _ := utf8.DecodeLastRuneInString(out)
		if hasL || !isRandAL(first) || !isRandAL(last) {
			return password
		}
	}
	return out
}

func bidiClass(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

func isRandAL(r rune) bool {
	c := bidiClass(r)
	return c == bidi.R || c == bidi.AL
}

// mappedToNothing is RFC 3454 table B.1.
func mappedToNothing(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x1806, r == 0x2060, r == 0xFEFF:
		return true
	case r >= 0x180B && r <= 0x180D, r >= 0x200B && r <= 0x200D, r >= 0xFE00 && r <= 0xFE0F:
		return true
	}
	return false
}

// nonASCIISpace is RFC 3454 table C.1.2.
func nonASCIISpace(r rune) bool {
	switch {
	case r == 0x00A0, r == 0x1680, r == 0x202F, r == 0x205F, r == 0x3000:
		return true
	case r >= 0x2000 && r <= 0x200B:
		return true
	}
	return false
}

// prohibited covers RFC 4013's prohibited output: RFC 3454 tables C.1.2
// and C.2.1 through C.9.
func prohibited(r rune) bool {
	switch {
	case nonASCIISpace(r):
		return true
	case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F: // C.2.1, C.2.2
		return true
	case r == 0x06DD, r == 0x070F, r == 0x180E, r == 0x200C, r == 0x200D,
		r == 0x2028, r == 0x2029, r >= 0x2060 && r <= 0x2063, r == 0xFEFF,
		r >= 0x1D173 && r <= 0x1D17A: // C.2.2
		return true
	case r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000 && r <= 0xFFFFD, r >= 0x100000 && r <= 0x10FFFD: // C.3
		return true
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE: // C.4
		return true
	case r >= 0xD800 && r <= 0xDFFF: // C.5
		return true
	case r >= 0xFFF9 && r <= 0xFFFD: // C.6 (and the rest of C.2.2)
		return true
	case r >= 0x2FF0 && r <= 0x2FFB: // C.7
		return true
	case r == 0x0340, r == 0x0341, r == 0x200E, r == 0x200F,
		r >= 0x202A && r <= 0x202E, r >= 0x206A && r <= 0x206F: // C.8
		return true
	case r == 0xE0001, r >= 0xE0020 && r <= 0xE007F: // C.9
		return true
	}
	return false
}

func unassigned(r rune) bool {
	return !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z,
		unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}
