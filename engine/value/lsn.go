package value

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's pg_lsn, a position in the write-ahead log, is an unsigned
// 64-bit integer: a KindInt value of width U64 whose static type has LSN
// set, so it compares, sorts, hashes and indexes as its number does.
// Its text is the two 32-bit halves in upper-case hexadecimal,
// "16/B374D848"; its binary form is int8's.

// OID of pg_lsn and of its array type.
const (
	OIDPgLSN      uint32 = 3220
	OIDPgLSNArray uint32 = 3221
)

// TypePgLSN is pg_lsn.
var TypePgLSN = Type{Kind: KindInt, Width: U64, LSN: true}

// LSN is the pg_lsn value of position n.
func LSN(n uint64) Value { return Uint64(n) }

// AppendLSN writes position n as pg_lsn_out does (%X/%X).
func AppendLSN(buf []byte, n uint64) []byte {
	buf = appendUpperHex(buf, n>>32)
	buf = append(buf, '/')
	return appendUpperHex(buf, n&0xFFFFFFFF)
}

func appendUpperHex(buf []byte, n uint64) []byte {
	start := len(buf)
	buf = strconv.AppendUint(buf, n, 16)
	for i := start; i < len(buf); i++ {
		if c := buf[i]; c >= 'a' {
			buf[i] = c - 'a' + 'A'
		}
	}
	return buf
}

// ParseLSN reads pg_lsn's text as pg_lsn_in does: two hexadecimal
// numbers of one to eight digits separated by a slash, nothing around
// them (22P02 otherwise).
func ParseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	h, okh := lsnHalf(hi)
	l, okl := lsnHalf(lo)
	if !ok || !okh || !okl {
		return 0, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type pg_lsn: %q", s)
	}
	return h<<32 | l, nil
}

func lsnHalf(s string) (uint64, bool) {
	if len(s) == 0 || len(s) > 8 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		n = n<<4 | uint64(c)
	}
	return n, true
}
