package session

import (
	"strings"

	"github.com/zerodb/zerodb/translate/sqlfe"
)

// Language is a front end.
type Language uint8

const (
	LangAuto Language = iota
	LangSQL
	LangZQL
)

func (l Language) String() string {
	switch l {
	case LangSQL:
		return "sql"
	case LangZQL:
		return "zql"
	}
	return "auto"
}

// sqlLeadWords are the first words of every SQL statement zerodb accepts
// or will accept. ZQL has no statement that starts with one of these words
// followed by a space, a '(' , a ';' or the end of the text (ZQL's
// `table::create` continues with "::").
var sqlLeadWords = map[string]bool{
	"select": true, "insert": true, "update": true, "delete": true, "with": true,
	"values": true, "table": true, "create": true, "drop": true, "alter": true,
	"truncate": true, "begin": true, "start": true, "commit": true, "end": true,
	"rollback": true, "abort": true, "savepoint": true, "release": true,
	"set": true, "show": true, "reset": true, "discard": true, "explain": true,
	"copy": true, "grant": true, "revoke": true, "prepare": true, "execute": true,
	"deallocate": true, "declare": true, "fetch": true, "close": true, "move": true,
	"listen": true, "notify": true, "unlisten": true, "vacuum": true, "analyze": true,
	"analyse": true, "lock": true, "comment": true, "do": true, "call": true,
	"reindex": true, "checkpoint": true, "load": true, "security": true, "refresh": true,
	"cluster": true, "merge": true,
}

// DetectLanguage decides whether a message is SQL or ZQL. The rule
// (documented in docs/languages.md and tested in detect_test.go):
//
//  1. Skip white space and comments of both languages (`--`, `//`,
//     `/* ... */`).
//  2. Skip opening parentheses.
//  3. If the first word, case-insensitively, is a SQL statement keyword
//     (SELECT, INSERT, WITH, CREATE, BEGIN, SET, SHOW, ...) and the next
//     character is white space, '(', ';', '*' or the end of the text, the
//     message is SQL, unless it is a call of a ZQL builtin of the same
//     name (zqlCall); otherwise it is ZQL.
//
// ZQL statements never start that way: `table::create(...)` continues with
// "::", ZQL identifiers are followed by operators, '.', or '|>', and ZQL's
// own keywords (let, use, function, transaction, match, if, remove, destroy,
// import, ...) are not SQL lead words (IMPORT FOREIGN SCHEMA, the one
// overlap, is told apart by importForeignSchema). An empty message counts as SQL (an
// EmptyQueryResponse either way). A session setting (SET
// zerodb.language = 'sql' | 'zql' | 'auto') overrides the rule.
func DetectLanguage(text string) Language {
	i := skipSpaceAndComments(text, 0)
	for i < len(text) && text[i] == '(' {
		i = skipSpaceAndComments(text, i+1)
	}
	j := i
	for j < len(text) && isWordByte(text[j]) {
		j++
	}
	if j == i {
		if i >= len(text) {
			return LangSQL
		}
		return LangZQL
	}
	word := strings.ToLower(text[i:j])
	if word == "import" && importForeignSchema(text, j) {
		return LangSQL
	}
	if !sqlLeadWords[word] {
		return LangZQL
	}
	if j == len(text) {
		return LangSQL
	}
	switch c := text[j]; c {
	case ' ', '\t', '\n', '\r', '\f', '(', ';', '*':
	case '-', '/':
		// A comment right after the word (`select--x`) still means SQL.
		if j+1 >= len(text) || (text[j+1] != c && (c != '/' || text[j+1] != '*')) {
			return LangZQL
		}
	default:
		return LangZQL
	}
	if zqlCall(word, text, j) {
		return LangZQL
	}
	return LangSQL
}

// importForeignSchema reports whether the word "import", ending at
// text[j], begins SQL's IMPORT FOREIGN SCHEMA rather than ZQL's `import
// name`: ZQL imports one host function, so no ZQL statement continues
// with two more words.
func importForeignSchema(text string, j int) bool {
	for _, want := range []string{"foreign", "schema"} {
		k := skipSpaceAndComments(text, j)
		if k == j {
			return false
		}
		j = k
		for j < len(text) && isWordByte(text[j]) {
			j++
		}
		if !strings.EqualFold(text[k:j], want) {
			return false
		}
	}
	return true
}

// languageOf is the language of a message (DetectLanguage, unless the
// zerodb.language setting forces one) and the text its front end reads
// (asSQL for SQL).
func (s *Session) languageOf(text string) (Language, string) {
	lang := s.settings.language
	if lang == LangAuto || isLanguageSetting(text) {
		lang = DetectLanguage(text)
	}
	if lang == LangZQL {
		return lang, text
	}
	return lang, asSQL(text)
}

// zqlCall reports whether the SQL lead word word, ending at text[j], is
// rather the call of a ZQL builtin of that name (values, table): `table`
// followed by '(' (SQL's TABLE takes a name, never a parenthesis), or any
// lead word followed, past white space and opening parentheses, by '{' or
// '[', which start no SQL expression (`values({ a: 1 })`).
func zqlCall(word, text string, j int) bool {
	k := skipSpaceAndComments(text, j)
	if k < len(text) && text[k] == '(' && word == "table" {
		return true
	}
	for k < len(text) && text[k] == '(' {
		k = skipSpaceAndComments(text, k+1)
	}
	return k < len(text) && (text[k] == '{' || text[k] == '[')
}

// asSQL is text as the SQL front end reads it: the `//` comments that
// DetectLanguage skips before the first word, which SQL does not know,
// become `--` comments of the same length (so positions stay right).
func asSQL(text string) string {
	var b []byte
	for i := 0; ; {
		if strings.HasPrefix(text[i:], "//") {
			if b == nil {
				b = []byte(text)
			}
			b[i], b[i+1] = '-', '-'
		}
		j := skipBlank(text, i)
		if j == i {
			break
		}
		i = j
	}
	if b == nil {
		return text
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// skipSpaceAndComments returns the index of the first byte at or after i
// that is neither white space nor inside a comment of either language.
func skipSpaceAndComments(s string, i int) int {
	for {
		j := skipBlank(s, i)
		if j == i {
			return i
		}
		i = j
	}
}

// skipBlank returns the index after the white space byte or the comment
// of either language that starts at s[i], or i when there is neither.
func skipBlank(s string, i int) int {
	switch {
	case i >= len(s):
		return i
	case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f':
		return i + 1
	case strings.HasPrefix(s[i:], "--") || strings.HasPrefix(s[i:], "//"):
		for i < len(s) && s[i] != '\n' {
			i++
		}
		return i
	case strings.HasPrefix(s[i:], "/*"):
		// Both languages nest block comments as SQL does.
		i, _ = sqlfe.BlockCommentEnd(s, i)
		return i
	}
	return i
}

// isLanguageSetting reports whether text starts with `SET
// zerodb.language` or `RESET zerodb.language`, which are always SQL so that
// a session forced to ZQL can switch back.
func isLanguageSetting(text string) bool {
	i := skipSpaceAndComments(text, 0)
	rest := strings.ToLower(text[i:])
	switch {
	case strings.HasPrefix(rest, "set"):
		rest = rest[3:]
	case strings.HasPrefix(rest, "reset"):
		rest = rest[5:]
	default:
		return false
	}
	if rest == "" || !strings.ContainsRune(" \t\r\n", rune(rest[0])) {
		return false
	}
	return strings.HasPrefix(strings.TrimLeft(rest, " \t\r\n"), "zerodb.language")
}
