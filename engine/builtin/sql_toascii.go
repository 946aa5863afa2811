package builtin

import (
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// pgEncodingNames are PostgreSQL 15's encodings by their numbers (pg_enc).
var pgEncodingNames = [...]string{
	"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8", "MULE_INTERNAL",
	"LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8", "LATIN9", "LATIN10",
	"WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252",
	"ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8",
	"WIN1250", "WIN1253", "WIN1254", "WIN1255", "WIN1257", "KOI8U",
	"SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB", "SHIFT_JIS_2004",
}

// pgEncodingAliases are the other names pg_char_to_encoding takes
// (pg_encname_tbl), cleaned as it cleans them.
var pgEncodingAliases = map[string]string{
	"abc": "WIN1258", "alt": "WIN866", "iso88591": "LATIN1", "iso88592": "LATIN2", "iso88593": "LATIN3",
	"iso88594": "LATIN4", "iso88599": "LATIN5", "iso885910": "LATIN6", "iso885913": "LATIN7",
	"iso885914": "LATIN8", "iso885915": "LATIN9", "iso885916": "LATIN10", "koi8": "KOI8R",
	"mskanji": "SJIS", "shiftjis": "SJIS", "tcvn": "WIN1258", "tcvn5712": "WIN1258", "unicode": "UTF8",
	"vscii": "WIN1258", "win": "WIN1251", "win932": "SJIS", "win936": "GBK", "win949": "UHC", "win950": "BIG5",
	"windows932": "SJIS", "windows936": "GBK", "windows949": "UHC", "windows950": "BIG5",
}

// pgEncodingID is pg_char_to_encoding: the number of the encoding a name
// names, in any case and with any punctuation, -1 for none.
func pgEncodingID(name string) int {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, name)
	if a, ok := pgEncodingAliases[clean]; ok {
		clean = strings.ToLower(strings.ReplaceAll(a, "_", ""))
	}
	if w, ok := strings.CutPrefix(clean, "windows"); ok {
		clean = "win" + w
	}
	for i, n := range pgEncodingNames {
		if strings.ToLower(strings.ReplaceAll(n, "_", "")) == clean {
			return i
		}
	}
	return -1
}

// toASCIITables are PostgreSQL's to_ascii tables (ascii.c): the ASCII
// stand-ins of the bytes from the first one on.
var toASCIITables = map[string]struct {
	first byte
	ascii string
}{
	"LATIN1":  {160, `  cL Y  "Ca  -R     'u .,      ?AAAAAAACEEEEIIII NOOOOOxOUUUUYTBaaaaaaaceeeeiiii nooooo/ouuuuyty`},
	"LATIN2":  {160, ` A L LS "SSTZ-ZZ a,l'ls ,sstz"zzRAAAALCCCEEEEIIDDNNOOOOxRUUUUYTBraaaalccceeeeiiddnnoooo/ruuuuyt.`},
	"WIN1250": {128, `  ' "    %S<STZZ ` + "`" + `'"".--  s>stzz   L A  "CS  -RZ  ,l'u .,as L"lzRAAAALCCCEEEEIIDDNNOOOOxRUUUUYTBraaaalccceeeeiiddnnoooo/ruuuuyt `},
}

// toASCII is PostgreSQL's to_ascii of text in encoding enc: each byte
// of the text (zerodb's are UTF-8, which PostgreSQL reads as enc's
// bytes all the same) above 127 made the table's ASCII character, or a
// space below its first; 0A000 for an encoding without a table (UTF8,
// the database's, among them).
func toASCII(s, enc string) (string, error) {
	t, ok := toASCIITables[enc]
	if !ok {
		return "", errs.New(errs.FeatureNotSupported, "encoding conversion from %s to ASCII not supported", enc)
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case c < 128:
		case c < t.first:
			b[i] = ' '
		default:
			b[i] = t.ascii[c-t.first]
		}
	}
	return string(b), nil
}

func toASCIIFuncs() []*Func {
	return []*Func{
		sqlDef("to_ascii", 1, 2, "to_ascii(text [, encoding]): the text with the accented letters of LATIN1, LATIN2 or WIN1250 (by name or number) made ASCII, byte by byte as PostgreSQL does (so a UTF-8 letter becomes two characters); the database's encoding, UTF8, has no conversion (0A000).",
			resultOf(value.TypeText), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				enc := "UTF8" // the database's
				if len(args) == 2 {
					switch a := args[1]; a.Kind() {
					case value.KindString:
						id := pgEncodingID(a.AsString())
						if id < 0 {
							return value.None, errs.New(errs.UndefinedObject, "%s is not a valid encoding name", a.AsString())
						}
						enc = pgEncodingNames[id]
					case value.KindInt:
						id := a.AsInt()
						if id < 0 || id >= int64(len(pgEncodingNames)) {
							return value.None, errs.New(errs.UndefinedObject, "%d is not a valid encoding code", id)
						}
						enc = pgEncodingNames[id]
					default:
						return value.None, noSQLFunc(name, args)
					}
				}
				s, err := toASCII(args[0].AsString(), enc)
				if err != nil {
					return value.None, err
				}
				return value.String(s), nil
			},
			ex(`"Karel"`, vs("Karel"), vs("latin2")),
			ex(`"AC"`, vs("é"), vs("LATIN1")),
			ex(`"abc"`, vs("abc"), vi4(29)),
			exErr(errs.FeatureNotSupported, vs("abc")),
			exErr(errs.UndefinedObject, vs("abc"), vs("nosuch"))),
	}
}
