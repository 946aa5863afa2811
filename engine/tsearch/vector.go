package tsearch

import (
	"slices"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// Limits of PostgreSQL's tsvector.
const (
	// MaxPos is the largest position; larger ones are clamped to it.
	MaxPos = 1<<14 - 1
	// MaxPositions is how many positions one lexeme keeps.
	MaxPositions = 256
	// MaxLexemeLen is the longest lexeme in bytes.
	MaxLexemeLen = 1<<11 - 1
	// MaxVectorBytes is PostgreSQL's 1 MB limit of a tsvector.
	MaxVectorBytes = 1<<20 - 1
)

// Weight is a position's weight: D (the default, 0) to A (3).
type Weight uint8

// The weights, in PostgreSQL's encoding (A is the highest).
const (
	WeightD Weight = iota
	WeightC
	WeightB
	WeightA
)

// Letter is the weight's letter.
func (w Weight) Letter() byte { return "DCBA"[w&3] }

// ParseWeight reads a weight letter (either case).
func ParseWeight(c byte) (Weight, bool) {
	switch c {
	case 'a', 'A':
		return WeightA, true
	case 'b', 'B':
		return WeightB, true
	case 'c', 'C':
		return WeightC, true
	case 'd', 'D':
		return WeightD, true
	}
	return 0, false
}

// Pos is a word position (1..MaxPos) with its weight.
type Pos struct {
	N      uint16
	Weight Weight
}

// Lexeme is one normalized word of a tsvector and where it occurs
// (nil when the vector was stripped or made without positions).
type Lexeme struct {
	Word string
	Pos  []Pos
}

// Vector is a tsvector: lexemes sorted by their bytes, unique, each with
// its positions sorted and unique.
type Vector []Lexeme

// Normalize sorts and merges lexemes and positions as PostgreSQL's
// tsvector input does: a repeated lexeme's positions are united, a
// repeated position keeps the highest weight, and at most MaxPositions
// are kept.
func Normalize(v Vector) Vector {
	slices.SortStableFunc(v, func(a, b Lexeme) int { return strings.Compare(a.Word, b.Word) })
	out := v[:0]
	for _, l := range v {
		if n := len(out); n > 0 && out[n-1].Word == l.Word {
			out[n-1].Pos = append(out[n-1].Pos, l.Pos...)
			continue
		}
		out = append(out, l)
	}
	for i := range out {
		out[i].Pos = normalizePos(out[i].Pos)
	}
	return out
}

func normalizePos(ps []Pos) []Pos {
	if len(ps) == 0 {
		return nil
	}
	slices.SortStableFunc(ps, func(a, b Pos) int { return int(a.N) - int(b.N) })
	out := ps[:1]
	for _, p := range ps[1:] {
		if last := &out[len(out)-1]; last.N == p.N {
			last.Weight = max(last.Weight, p.Weight)
			continue
		}
		out = append(out, p)
	}
	if len(out) > MaxPositions {
		out = out[:MaxPositions]
	}
	return out
}

// String is the tsvector's canonical text: 'word':1A,2 'other'.
func (v Vector) String() string {
	var b strings.Builder
	for i, l := range v {
		if i > 0 {
			b.WriteByte(' ')
		}
		quoteLexeme(&b, l.Word)
		for j, p := range l.Pos {
			if j == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(p.N)))
			if p.Weight != WeightD {
				b.WriteByte(p.Weight.Letter())
			}
		}
	}
	return b.String()
}

// quoteLexeme writes a lexeme quoted, its quotes and backslashes doubled.
func quoteLexeme(b *strings.Builder, w string) {
	b.WriteByte('\'')
	for i := 0; i < len(w); i++ {
		if w[i] == '\'' || w[i] == '\\' {
			b.WriteByte(w[i])
		}
		b.WriteByte(w[i])
	}
	b.WriteByte('\'')
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func vectorSyntax(s string) error {
	return errs.New(errs.SyntaxError, "syntax error in tsvector: %q", s)
}

// ParseVector reads a tsvector's text: lexemes separated by white space,
// each maybe quoted ('it”s'), with backslash escapes, and maybe
// followed by :positions with weights (a:1A,3). The words are taken as
// they are, without normalization.
func ParseVector(s string) (Vector, error) {
	var v Vector
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			break
		}
		word, next, ok := readWord(s, i, isColon)
		if !ok {
			return nil, vectorSyntax(s)
		}
		if len(word) > MaxLexemeLen {
			return nil, errs.New(errs.ProgramLimitExceeded, "word is too long (%d bytes, max %d bytes)", len(word), MaxLexemeLen)
		}
		i = next
		l := Lexeme{Word: word}
		if i < len(s) && s[i] == ':' {
			i++
			for {
				j := i
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				if j == i {
					return nil, vectorSyntax(s)
				}
				n, err := strconv.Atoi(s[i:j])
				if err != nil {
					n = MaxPos
				}
				if n == 0 {
					return nil, errs.New(errs.SyntaxError, "wrong position info in tsvector: %q", s)
				}
				p := Pos{N: uint16(min(n, MaxPos))}
				i = j
				if i < len(s) {
					w, ok := ParseWeight(s[i])
					if s[i] == '*' {
						w, ok = WeightA, true // as in PostgreSQL
					}
					if ok {
						p.Weight = w
						i++
					}
				}
				l.Pos = append(l.Pos, p)
				if i < len(s) && s[i] == ',' {
					i++
					continue
				}
				break
			}
			if i < len(s) && !isSpace(s[i]) {
				return nil, vectorSyntax(s)
			}
		}
		v = append(v, l)
	}
	return Normalize(v), nil
}

func isColon(c byte) bool { return c == ':' }

// readWord reads a quoted or bare word at s[i:]. A bare word ends at
// white space or a character stop reports (a colon in a tsvector, also
// operators in a tsquery). ok is false for an unterminated quote or a
// dangling backslash.
func readWord(s string, i int, stop func(byte) bool) (word string, next int, ok bool) {
	var b strings.Builder
	if s[i] == '\'' {
		i++
		for i < len(s) {
			switch c := s[i]; {
			case c == '\\':
				if i+1 == len(s) {
					return "", i, false
				}
				b.WriteByte(s[i+1])
				i += 2
			case c == '\'':
				if i+1 < len(s) && s[i+1] == '\'' {
					b.WriteByte('\'')
					i += 2
					continue
				}
				return b.String(), i + 1, true
			default:
				b.WriteByte(c)
				i++
			}
		}
		return "", i, false
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 == len(s) {
				return "", i, false
			}
			b.WriteByte(s[i+1])
			i += 2
			continue
		case isSpace(c), stop != nil && stop(c):
			return b.String(), i, b.Len() > 0
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), i, b.Len() > 0
}
