package value

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
)

// The ltree extension's types are strings of a type flagged Ltree
// (TypeLtree, TypeLquery, TypeLtxtquery) holding their canonical text:
// an ltree's labels joined by dots (its input, checked), whose string
// order is ltree's (labels compare bytewise, a shorter label first, and
// a dot sorts before every label character), an lquery's and an
// ltxtquery's text as PostgreSQL prints them.

// LtreeKind is which of the ltree extension's types a string type is.
type LtreeKind uint8

const (
	NotLtree LtreeKind = iota
	LtreePath
	LtreeLquery
	LtreeLtxtquery
)

const (
	ltreeLabelMax = 255
	// LqueryMaxRepeat is a level's highest repetition count (and what
	// an open upper bound means).
	LqueryMaxRepeat = 65535
)

func isLtreeLabelRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func ltreeSyntax(kind string, char int) *errs.Error {
	return errs.New(errs.SyntaxError, "%s syntax error at character %d", kind, char)
}

func ltreeEnd(kind string) *errs.Error {
	return errs.New(errs.SyntaxError, "%s syntax error", kind).WithDetail("Unexpected end of input.")
}

func ltreeLabelTooLong(n, char int) *errs.Error {
	return errs.New(errs.NameTooLong, "label string is too long").
		WithDetail("Label length is %d, must be at most %d, at character %d.", n, ltreeLabelMax, char)
}

// LtreeLabels splits an ltree's canonical text into its labels.
func LtreeLabels(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ".")
}

// checkLtree is ltree_in's check of s: labels of letters, digits and
// underscores (255 characters at most) separated by dots; the empty
// path is one too.
func checkLtree(s string) error {
	char, labelLen := 0, 0
	for _, r := range s {
		char++
		switch {
		case isLtreeLabelRune(r):
			labelLen++
		case r == '.' && labelLen > 0:
			if labelLen > ltreeLabelMax {
				return ltreeLabelTooLong(labelLen, char)
			}
			labelLen = 0
		default:
			return ltreeSyntax("ltree", char)
		}
	}
	if labelLen > ltreeLabelMax {
		return ltreeLabelTooLong(labelLen, char+1)
	}
	if char > 0 && labelLen == 0 {
		return ltreeEnd("ltree")
	}
	return nil
}

// LqVar is one alternative of an lquery level: a label and its flags.
type LqVar struct {
	Label string
	// Prefix (*): the label starts with it; Fold (@): case-insensitive;
	// Words (%): its underscore-separated words each match one of the
	// label's.
	Prefix, Fold, Words bool
}

// LqLevel is one level of an lquery: Star (any label) or one of Vars
// (none of them, Not), Low to High times.
type LqLevel struct {
	Star, Not bool
	// Count: the level has a {...} of its own (a label's, even {1}).
	Count     bool
	Vars      []LqVar
	Low, High int
}

// ParseLquery reads lquery text (lquery_in of PostgreSQL 15, with its
// messages).
func ParseLquery(s string) ([]LqLevel, error) {
	const (
		waitLevel = iota
		waitVar
		waitDelim
		waitOpen
		waitFNum
		waitSNum
		waitND
		waitClose
		waitEnd
	)
	var levels []LqLevel
	var cur *LqLevel
	var v *LqVar
	state := waitLevel
	char := 0
	num := func(i int) (int, int) { // the number at s[i:], its length in bytes
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(s[i:j])
		if err != nil {
			n = LqueryMaxRepeat + 1
		}
		return n, j - i
	}
	syntax := func() error { return ltreeSyntax("lquery", char) }
	finishVar := func() error {
		if n := utf8.RuneCountInString(v.Label); n > ltreeLabelMax {
			return ltreeLabelTooLong(n, char)
		}
		return nil
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		char++
		switch state {
		case waitLevel, waitVar:
			switch {
			case isLtreeLabelRune(r):
				if state == waitLevel {
					levels = append(levels, LqLevel{Low: 1, High: 1})
					cur = &levels[len(levels)-1]
				}
				cur.Vars = append(cur.Vars, LqVar{Label: string(r)})
				v = &cur.Vars[len(cur.Vars)-1]
				state = waitDelim
			case state == waitLevel && r == '!':
				levels = append(levels, LqLevel{Not: true, Low: 1, High: 1})
				cur = &levels[len(levels)-1]
				state = waitVar
			case state == waitLevel && r == '*':
				levels = append(levels, LqLevel{Star: true, Low: 0, High: LqueryMaxRepeat})
				cur = &levels[len(levels)-1]
				state = waitOpen
			default:
				return nil, syntax()
			}
		case waitDelim:
			switch {
			case r == '@':
				v.Fold = true
			case r == '*':
				v.Prefix = true
			case r == '%':
				v.Words = true
			case r == '|' || r == '{' || r == '.':
				if err := finishVar(); err != nil {
					return nil, err
				}
				cur.Count = r == '{'
				state = map[rune]int{'|': waitVar, '{': waitFNum, '.': waitLevel}[r]
			case isLtreeLabelRune(r) && !v.Fold && !v.Prefix && !v.Words:
				v.Label += string(r)
			default:
				return nil, syntax()
			}
		case waitOpen:
			switch r {
			case '{':
				state = waitFNum
			case '.':
				state = waitLevel
			default:
				return nil, syntax()
			}
		case waitFNum:
			switch {
			case r == ',':
				cur.Low = 0
				state = waitSNum
			case r >= '0' && r <= '9':
				n, l := num(i)
				if n > LqueryMaxRepeat {
					return nil, errs.New(errs.SyntaxError, "lquery syntax error").
						WithDetail("Low limit (%d) exceeds the maximum allowed (%d), at character %d.", n, LqueryMaxRepeat, char)
				}
				cur.Low = n
				char += l - 1
				i += l
				state = waitND
				continue
			default:
				return nil, syntax()
			}
		case waitSNum:
			switch {
			case r >= '0' && r <= '9':
				n, l := num(i)
				if n > LqueryMaxRepeat {
					return nil, errs.New(errs.SyntaxError, "lquery syntax error").
						WithDetail("High limit (%d) exceeds the maximum allowed (%d), at character %d.", n, LqueryMaxRepeat, char)
				}
				if cur.Low > n {
					return nil, errs.New(errs.SyntaxError, "lquery syntax error").
						WithDetail("Low limit (%d) is greater than high limit (%d), at character %d.", cur.Low, n, char)
				}
				cur.High = n
				char += l - 1
				i += l
				state = waitClose
				continue
			case r == '}':
				cur.High = LqueryMaxRepeat
				state = waitEnd
			default:
				return nil, syntax()
			}
		case waitND:
			switch r {
			case '}':
				cur.High = cur.Low
				state = waitEnd
			case ',':
				state = waitSNum
			default:
				return nil, syntax()
			}
		case waitClose:
			if r != '}' {
				return nil, syntax()
			}
			state = waitEnd
		case waitEnd:
			if r != '.' {
				return nil, syntax()
			}
			state = waitLevel
		}
		i += size
	}
	switch state {
	case waitDelim:
		char++
		if err := finishVar(); err != nil {
			return nil, err
		}
	case waitOpen, waitEnd:
	case waitVar:
		if cur != nil && cur.Not && len(cur.Vars) == 0 {
			return nil, ltreeSyntax("lquery", char+1).WithDetail("Empty labels are not allowed.")
		}
		return nil, ltreeEnd("lquery")
	default:
		return nil, ltreeEnd("lquery")
	}
	return levels, nil
}

// appendLquery is lquery_out.
func appendLquery(b []byte, levels []LqLevel) []byte {
	for i, l := range levels {
		if i > 0 {
			b = append(b, '.')
		}
		if l.Star {
			b = append(b, '*')
		} else {
			if l.Not {
				b = append(b, '!')
			}
			for j, v := range l.Vars {
				if j > 0 {
					b = append(b, '|')
				}
				b = append(b, v.Label...)
				if v.Words {
					b = append(b, '%')
				}
				if v.Fold {
					b = append(b, '@')
				}
				if v.Prefix {
					b = append(b, '*')
				}
			}
		}
		low, high := strconv.Itoa(l.Low), strconv.Itoa(l.High)
		switch {
		case !l.Star && !l.Count:
		case l.Low == l.High:
			b = append(b, "{"+low+"}"...)
		case l.Low == 0 && l.High == LqueryMaxRepeat:
			if !l.Star {
				b = append(b, "{,}"...)
			}
		case l.Low == 0:
			b = append(b, "{,"+high+"}"...)
		case l.High == LqueryMaxRepeat:
			b = append(b, "{"+low+",}"...)
		default:
			b = append(b, "{"+low+","+high+"}"...)
		}
	}
	return b
}

// ltreeInput reads the text of one of the ltree extension's types into
// its canonical text.
func ltreeInput(s string, k LtreeKind) (Value, error) {
	switch k {
	case LtreeLquery:
		levels, err := ParseLquery(s)
		if err != nil {
			return None, err
		}
		return String(string(appendLquery(nil, levels))), nil
	case LtreeLtxtquery:
		q, err := ParseLtxtquery(s)
		if err != nil {
			return None, err
		}
		return String(q.String()), nil
	}
	if err := checkLtree(s); err != nil {
		return None, err
	}
	return String(s), nil
}

// MatchLquery reports whether the labels match the lquery's levels
// (ltq_regex): each level takes Low to High labels, every one matching
// it.
func MatchLquery(labels []string, levels []LqLevel) bool {
	memo := map[[2]int]bool{}
	var match func(i, j int) bool
	match = func(i, j int) bool {
		if i == len(levels) {
			return j == len(labels)
		}
		key := [2]int{i, j}
		if r, ok := memo[key]; ok {
			return r
		}
		l := &levels[i]
		res := false
		for k := 0; k <= l.High && j+k <= len(labels); k++ {
			if k > 0 && !l.matches(labels[j+k-1]) {
				break
			}
			if k >= l.Low && match(i+1, j+k) {
				res = true
				break
			}
		}
		memo[key] = res
		return res
	}
	return match(0, 0)
}

func (l *LqLevel) matches(label string) bool {
	if l.Star {
		return true
	}
	for _, v := range l.Vars {
		if v.Matches(label) {
			return !l.Not
		}
	}
	return l.Not
}

// Matches reports whether label matches the variant.
func (v LqVar) Matches(label string) bool {
	if v.Words {
		// Every word of the variant matches a word of the label.
		words := strings.Split(label, "_")
		for _, q := range strings.Split(v.Label, "_") {
			found := false
			for _, w := range words {
				if matchLabel(w, q, v.Prefix, v.Fold) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	return matchLabel(label, v.Label, v.Prefix, v.Fold)
}

func matchLabel(label, q string, prefix, fold bool) bool {
	if fold {
		label, q = strings.ToLower(label), strings.ToLower(q)
	}
	if prefix {
		return strings.HasPrefix(label, q)
	}
	return label == q
}
