package sysview

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// typeToken is a token of a type name: kind 'i' an identifier (word
// holds it lower-cased), 'q' a quoted identifier, 'n' a number (word
// holds it), 's' a string constant, 'j' a number with trailing junk,
// or the punctuation character itself; s[at:end] is its text.
type typeToken struct {
	kind    byte
	word    string
	at, end int
}

// typeNameParts is what parseTypeName found in a type name: the text
// before its array bounds (or ARRAY), whether it has them, whether the
// name has type modifiers, the name's dotted parts, and the precision p
// of float(p) (-1 when it is below 1).
type typeNameParts struct {
	base      string
	array     bool
	mods      bool
	dotted    int
	floatBits int
}

// parseTypeName reads a type name as PostgreSQL's typeStringToTypeName
// does, parsing it as a cast's target: what its grammar does not take is
// 42601 with PostgreSQL's message, a name of three or more parts 0A000
// or 42601. Names of no type are left to the lookup (42704). PostgreSQL
// reports the offending token's offset in the type name as if it were a
// position in the statement; the error here has none of its own, so it
// takes the call's, which the plan cache maps back to the statement's
// text as it does every position.
func parseTypeName(s string) (typeNameParts, error) {
	toks, bad := lexTypeName(s)
	if len(toks) == 0 || toks[0].kind == 'i' && toks[0].word == "setof" {
		return typeNameParts{}, errs.New(errs.SyntaxError, `invalid type name "%s"`, s)
	}
	p := &typeParser{toks: toks, arrayAt: len(s)}
	if bad >= 0 {
		// The scanner fails before the grammar sees the token.
		p.toks = toks[:bad]
	}
	if p.typeName() && p.i == len(p.toks) && bad < 0 {
		parts := typeNameParts{base: s[:p.arrayAt], array: p.arrayAt < len(s), mods: p.mods, dotted: p.dotted, floatBits: p.floatBits}
		if p.dotted > 2 {
			name := strings.Join(strings.Fields(parts.base), "")
			if p.dotted == 3 {
				return parts, errs.New(errs.FeatureNotSupported, "cross-database references are not implemented: %s", name)
			}
			return parts, errs.New(errs.SyntaxError, "improper qualified name (too many dotted names): %s", name)
		}
		return parts, nil
	}
	var e *errs.Error
	switch {
	case p.i < len(p.toks):
		t := p.toks[p.i]
		e = errs.New(errs.SyntaxError, `syntax error at or near "%s"`, s[t.at:t.end])
	case bad >= 0:
		t := toks[bad]
		what := map[byte]string{'q': "unterminated quoted identifier", 's': "unterminated quoted string",
			'j': "trailing junk after numeric literal"}[t.kind]
		e = errs.New(errs.SyntaxError, `%s at or near "%s"`, what, s[t.at:t.end])
	default:
		e = errs.New(errs.SyntaxError, "syntax error at end of input")
	}
	return typeNameParts{}, e.WithWhere(`invalid type name "%s"`, s)
}

// lexTypeName splits a type name into tokens as PostgreSQL's scanner
// does; bad is the index of the token it fails on, an unterminated
// quote or a number run into a name (-1 when there is none).
func lexTypeName(s string) (toks []typeToken, bad int) {
	isStart := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80 }
	isCont := func(c byte) bool { return isStart(c) || c >= '0' && c <= '9' || c == '$' }
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case isStart(c):
			j := i + 1
			for j < len(s) && isCont(s[j]) {
				j++
			}
			toks = append(toks, typeToken{kind: 'i', word: strings.ToLower(s[i:j]), at: i, end: j})
			i = j
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			if j < len(s) && isStart(s[j]) {
				for j < len(s) && isCont(s[j]) {
					j++
				}
				return append(toks, typeToken{kind: 'j', at: i, end: j}), len(toks)
			}
			toks = append(toks, typeToken{kind: 'n', word: s[i:j], at: i, end: j})
			i = j
		case c == '"' || c == '\'':
			kind := map[byte]byte{'"': 'q', '\'': 's'}[c]
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						j++ // a doubled quote
						continue
					}
					break
				}
			}
			if j >= len(s) {
				return append(toks, typeToken{kind: kind, at: i, end: len(s)}), len(toks)
			}
			toks = append(toks, typeToken{kind: kind, at: i, end: j + 1})
			i = j + 1
		default:
			toks = append(toks, typeToken{kind: c, at: i, end: i + 1})
			i++
		}
	}
	return toks, -1
}

// typeParser follows PostgreSQL's Typename production over tokens.
type typeParser struct {
	toks []typeToken
	i    int
	// arrayAt is the offset of the array bounds or ARRAY; mods, dotted
	// and floatBits are typeNameParts'.
	arrayAt   int
	mods      bool
	dotted    int
	floatBits int
}

func (p *typeParser) word(w string) bool {
	if p.i < len(p.toks) && p.toks[p.i].kind == 'i' && p.toks[p.i].word == w {
		p.i++
		return true
	}
	return false
}

// next takes a token of kind c (a punctuation character, or 'n' for a
// number, 's' for a string constant).
func (p *typeParser) next(c byte) bool {
	if p.i < len(p.toks) && p.toks[p.i].kind == c {
		p.i++
		return true
	}
	return false
}

func (p *typeParser) name() bool {
	if p.i < len(p.toks) && (p.toks[p.i].kind == 'i' || p.toks[p.i].kind == 'q') {
		p.i++
		return true
	}
	return false
}

// typeName is Typename without SETOF (which a type's name never has):
// a simple type name, then array bounds or ARRAY.
func (p *typeParser) typeName() bool {
	if !p.simpleType() {
		return false
	}
	if p.i < len(p.toks) {
		p.arrayAt = p.toks[p.i].at
	}
	if p.word("array") {
		if p.next('[') {
			return p.next('n') && p.next(']')
		}
		return true
	}
	for p.next('[') {
		p.next('n')
		if !p.next(']') {
			return false
		}
	}
	return true
}

func (p *typeParser) simpleType() bool {
	if p.i >= len(p.toks) {
		return false
	}
	t := p.toks[p.i]
	if t.kind == 'i' {
		if notTypeName(t.word) {
			return false
		}
		p.i++
		switch t.word {
		case "double":
			if p.word("precision") {
				return true
			}
		case "int", "integer", "smallint", "bigint", "real", "boolean":
			return true // keywords of types without modifiers
		case "float":
			if !p.next('(') {
				return true
			}
			neg := p.next('-')
			if p.i >= len(p.toks) || p.toks[p.i].kind != 'n' {
				return false
			}
			n, err := strconv.Atoi(p.toks[p.i].word)
			if err != nil {
				return false
			}
			if p.floatBits = n; neg || n < 1 {
				p.floatBits = -1
			}
			p.i++
			return p.next(')')
		case "national":
			if !p.word("character") && !p.word("char") {
				return false
			}
			fallthrough
		case "character", "char", "nchar", "bit":
			p.word("varying")
			return p.modifiers()
		case "timestamp", "time":
			if !p.modifiers() {
				return false
			}
			// PostgreSQL's scanner makes WITH before TIME a token of
			// its own, so a WITH of anything else fails at the WITH.
			withTime := p.i+1 < len(p.toks) && p.toks[p.i].word == "with" && p.toks[p.i+1].word == "time"
			if withTime && p.word("with") || p.word("without") {
				return p.word("time") && p.word("zone")
			}
			return true
		case "interval":
			if p.i < len(p.toks) && p.toks[p.i].kind == '(' {
				return p.modifiers()
			}
			return p.intervalFields()
		}
	} else if t.kind == 'q' {
		p.i++
	} else {
		return false
	}
	p.dotted = 1
	for p.next('.') {
		if !p.name() {
			return false
		}
		p.dotted++
	}
	return p.modifiers()
}

// notTypeName reports PostgreSQL 15's keywords that cannot begin a type
// name: the reserved ones and the column-name keywords that are no
// type (a qualified name's later parts may be any of them).
func notTypeName(w string) bool {
	switch w {
	case "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
		"check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
		"current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
		"else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
		"initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
		"null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
		"session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user",
		"using", "variadic", "when", "where", "window", "with",
		// column-name keywords
		"between", "coalesce", "exists", "extract", "greatest", "grouping", "inout", "least", "none", "normalize",
		"nullif", "out", "overlay", "position", "precision", "row", "setof", "substring", "treat", "trim", "values",
		"xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi",
		"xmlroot", "xmlserialize", "xmltable":
		return true
	}
	return false
}

// modifiers is an optional parenthesized list of type modifiers, each
// a constant or a name.
func (p *typeParser) modifiers() bool {
	if !p.next('(') {
		return true
	}
	p.mods = true
	for {
		p.next('-')
		if !p.next('n') && !p.next('s') && !p.name() {
			return false
		}
		if p.next(')') {
			return true
		}
		if !p.next(',') {
			return false
		}
	}
}

// intervalFields is interval's optional field qualifier (year, day to
// second, second(3), ...).
func (p *typeParser) intervalFields() bool {
	field := func() bool {
		for _, f := range []string{"year", "month", "day", "hour", "minute", "second"} {
			if p.word(f) {
				return true
			}
		}
		return false
	}
	if !field() {
		return true
	}
	if p.word("to") && !field() {
		return false
	}
	return p.modifiers()
}
