package builtin

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQLSTATEs of encoding conversion errs does not name.
const (
	codeCharacterNotInRepertoire = "22021" // invalid byte sequence for an encoding
	codeUntranslatableCharacter  = "22P05"
)

// pgEncodings are PostgreSQL's encoding names (upper case, without '_'
// or '-', as its pg_char_to_encoding compares them) that
// convert_to/convert_from take, and the encodings they name; nil is
// UTF8, the server encoding, and SQL_ASCII, which converts nothing.
var pgEncodings = map[string]encoding.Encoding{
	"UTF8": nil, "UNICODE": nil, "SQLASCII": nil,
	"LATIN1": charmap.ISO8859_1, "LATIN2": charmap.ISO8859_2, "LATIN3": charmap.ISO8859_3, "LATIN4": charmap.ISO8859_4,
	"LATIN5": charmap.ISO8859_9, "LATIN6": charmap.ISO8859_10, "LATIN7": charmap.ISO8859_13, "LATIN8": charmap.ISO8859_14,
	"LATIN9": charmap.ISO8859_15, "LATIN10": charmap.ISO8859_16,
	"ISO88595": charmap.ISO8859_5, "ISO88596": charmap.ISO8859_6, "ISO88597": charmap.ISO8859_7, "ISO88598": charmap.ISO8859_8,
	"WIN866": charmap.CodePage866, "WIN874": charmap.Windows874,
	"WIN1250": charmap.Windows1250, "WIN1251": charmap.Windows1251, "WIN1252": charmap.Windows1252, "WIN1253": charmap.Windows1253,
	"WIN1254": charmap.Windows1254, "WIN1255": charmap.Windows1255, "WIN1256": charmap.Windows1256, "WIN1257": charmap.Windows1257,
	"WIN1258": charmap.Windows1258,
	"KOI8R":   charmap.KOI8R, "KOI8U": charmap.KOI8U,
	"EUCJP": japanese.EUCJP, "SJIS": japanese.ShiftJIS, "EUCKR": korean.EUCKR,
	"GBK": simplifiedchinese.GBK, "GB18030": simplifiedchinese.GB18030, "BIG5": traditionalchinese.Big5,
}

// pgEncoding finds the encoding PostgreSQL calls name (role: "source" or
// "destination", for the error).
func pgEncoding(name, role string) (encoding.Encoding, string, error) {
	key := strings.ToUpper(strings.NewReplacer("_", "", "-", "").Replace(name))
	e, ok := pgEncodings[key]
	if !ok {
		return nil, "", errs.New(errs.InvalidParameterValue, "invalid %s encoding name \"%s\"", role, name)
	}
	return e, key, nil
}

// encodeTo is text s (UTF-8) in encoding e (nil: as it is).
func encodeTo(s string, e encoding.Encoding, name string) ([]byte, error) {
	if e == nil {
		return []byte(s), nil
	}
	enc := e.NewEncoder()
	out := make([]byte, 0, len(s))
	for _, r := range s {
		b, err := enc.Bytes([]byte(string(r)))
		if err != nil {
			return nil, errs.New(codeUntranslatableCharacter, "character with byte sequence %s in encoding \"UTF8\" has no equivalent in encoding \"%s\"", byteSequence([]byte(string(r))), name)
		}
		out = append(out, b...)
	}
	return out, nil
}

// decodeFrom is bytes b in encoding e (nil: UTF-8 or SQL_ASCII) as
// text, which they must be valid in.
func decodeFrom(b []byte, e encoding.Encoding, name string) (string, error) {
	if e == nil {
		// UTF8, or SQL_ASCII's bytes as they are: either way they become
		// text of the server encoding, UTF8, and must be valid in it.
		if !utf8.Valid(b) {
			return "", invalidUTF8(b)
		}
		return string(b), nil
	}
	out, err := e.NewDecoder().Bytes(b)
	if err != nil || strings.ContainsRune(string(out), utf8.RuneError) {
		return "", errs.New(codeCharacterNotInRepertoire, "invalid byte sequence for encoding \"%s\"", name)
	}
	return string(out), nil
}

// invalidUTF8 is PostgreSQL's error for bytes that are not UTF-8,
// naming the first bad sequence.
func invalidUTF8(b []byte) error {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return errs.New(codeCharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": %s", byteSequence(b[i:min(i+2, len(b))]))
		}
		i += n
	}
	return nil
}

// byteSequence is bytes as PostgreSQL's messages show them: 0xc3 0xa9.
func byteSequence(b []byte) string {
	parts := make([]string, len(b))
	for i, c := range b {
		parts[i] = fmt.Sprintf("0x%02x", c)
	}
	return strings.Join(parts, " ")
}

func sqlConvertFuncs() []*Func {
	bytea := resultOf(value.TypeBytea)
	return []*Func{
		sqlDef("convert_to", 2, 2, "convert_to(text, encoding): the text's bytes in that encoding (PostgreSQL's names: UTF8, LATIN1 ... LATIN10, WIN1250 ... WIN1258, KOI8R, EUC_JP, SJIS, GBK, BIG5, ...).", bytea,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindString || args[1].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				e, key, err := pgEncoding(args[1].AsString(), "destination")
				if err != nil {
					return value.None, err
				}
				b, err := encodeTo(args[0].AsString(), e, key)
				if err != nil {
					return value.None, err
				}
				return value.Bytes(b), nil
			}, ex(`"6Q=="`, vs("é"), vs("LATIN1")), exErr(codeUntranslatableCharacter, vs("€"), vs("LATIN1"))),
		sqlDef("convert_from", 2, 2, "convert_from(bytea, encoding): the bytes, in that encoding, as text.", resultOf(value.TypeText),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindBytes || args[1].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				e, key, err := pgEncoding(args[1].AsString(), "source")
				if err != nil {
					return value.None, err
				}
				s, err := decodeFrom([]byte(args[0].AsString()), e, key)
				if err != nil {
					return value.None, err
				}
				return value.String(s), nil
			}, ex(`"é"`, value.Bytes([]byte{0xe9}), vs("latin1")), exErr(codeCharacterNotInRepertoire, value.Bytes([]byte{0xff}), vs("UTF8"))).
			withParams(value.TypeBytea, value.TypeText), // convert_from('\xff', 'UTF8') reads its literal as bytea
		sqlDef("convert", 3, 3, "convert(bytea, source encoding, destination encoding): the bytes converted from one encoding to the other.", bytea,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindBytes || args[1].Kind() != value.KindString || args[2].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				src, skey, err := pgEncoding(args[1].AsString(), "source")
				if err != nil {
					return value.None, err
				}
				dst, dkey, err := pgEncoding(args[2].AsString(), "destination")
				if err != nil {
					return value.None, err
				}
				s, err := decodeFrom([]byte(args[0].AsString()), src, skey)
				if err != nil {
					return value.None, err
				}
				b, err := encodeTo(s, dst, dkey)
				if err != nil {
					return value.None, err
				}
				return value.Bytes(b), nil
			}, ex(`"w6k="`, value.Bytes([]byte{0xe9}), vs("LATIN1"), vs("UTF8"))).
			withParams(value.TypeBytea, value.TypeText, value.TypeText),
	}
}
