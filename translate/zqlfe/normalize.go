package zqlfe

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/lang"
)

// Normalized is a ZQL message with its number and string literals
// replaced by parameters $1, $2, ...: the shape under which the session's
// plan cache keeps one translation for every message that differs only
// in those literals. Values are the literals' values, the parameter
// values of this message.
//
// A translation of the normalized text means what the original does
// wherever a literal is just a value; where a literal means more (a
// pattern, an option that must be a constant), the normalized text fails
// to parse or translate, and the caller runs the original instead.
type Normalized struct {
	Text   string
	Values []value.Value
	orig   string
	spans  []litSpan
}

// litSpan is a literal's byte span in the original and normalized text.
type litSpan struct {
	origStart, origEnd, normStart, normEnd int
}

// Normalize normalizes a ZQL message. ok is false when the message has
// parameters of its own, does not lex, has a literal whose value is an
// error (the ordinary path reports it), or names records or enum
// variants by key (t.@k) or tuple elements by index (x.0): those would
// make one shape per key.
func Normalize(text string) (n Normalized, ok bool) {
	toks, err := lang.Tokenize(text)
	if err != nil {
		return Normalized{}, false
	}
	var b strings.Builder
	b.Grow(len(text) + 8)
	last := 0
	for i, tk := range toks {
		// After a dot, a symbol is a record key or an enum variant and a
		// number a tuple index: part of the shape.
		afterDot := i > 0 && toks[i-1].Class == lang.ClassPunct && text[toks[i-1].Start:toks[i-1].End] == "."
		switch tk.Class {
		case lang.ClassParam:
			return Normalized{}, false
		case lang.ClassSymbol:
			if afterDot {
				return Normalized{}, false
			}
			continue
		case lang.ClassNumber, lang.ClassString:
			if afterDot {
				return Normalized{}, false
			}
		default:
			continue
		}
		if tk.End < len(text) && isIdentByte(text[tk.End]) {
			// `""A` would become `$1A`, another token.
			return Normalized{}, false
		}
		v, ok := literalValue(text[tk.Start:tk.End])
		if !ok {
			return Normalized{}, false
		}
		b.WriteString(text[last:tk.Start])
		sp := litSpan{origStart: tk.Start, origEnd: tk.End, normStart: b.Len()}
		n.Values = append(n.Values, v)
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(len(n.Values)))
		sp.normEnd = b.Len()
		n.spans = append(n.spans, sp)
		last = tk.End
	}
	b.WriteString(text[last:])
	n.Text, n.orig = b.String(), text
	return n, true
}

// literalValue is the value of one number or string literal token, as
// the translator makes it.
func literalValue(src string) (value.Value, bool) {
	// The common forms without the parser: decimal integers that fit in
	// i64 without a suffix, and strings without escapes.
	if len(src) > 0 && len(src) <= 18 && (src[0] != '0' || len(src) == 1) && strings.Trim(src, "0123456789") == "" {
		if i, err := strconv.ParseInt(src, 10, 64); err == nil {
			return value.Int(i), true
		}
	}
	if len(src) >= 2 && (src[0] == '"' || src[0] == '\'') && src[len(src)-1] == src[0] && !strings.ContainsRune(src, '\\') {
		return value.String(src[1 : len(src)-1]), true
	}
	e, err := lang.ParseExpr(src)
	if err != nil {
		return value.None, false
	}
	switch e := e.(type) {
	case *lang.IntLit:
		t := &translator{src: newSource(src)}
		v, err := t.intValue(e, false)
		return v, err == nil
	case *lang.FloatLit:
		return floatValue(e.Value, e.Suffix, false), true
	case *lang.StringLit:
		return value.String(e.Value), true
	}
	return value.None, false
}

// Position maps a 1-based character position in the normalized text to
// the original message (0 stays 0).
func (n *Normalized) Position(pos int) int {
	if pos <= 0 {
		return pos
	}
	off := byteOffset(n.Text, pos-1)
	orig := off
	for _, sp := range n.spans {
		switch {
		case off >= sp.normEnd:
			orig = off - sp.normEnd + sp.origEnd
		case off >= sp.normStart:
			orig = sp.origStart
		}
		if off < sp.normEnd {
			break
		}
	}
	return utf8.RuneCountInString(n.orig[:min(orig, len(n.orig))]) + 1
}

// byteOffset is the byte offset of the i-th character of s.
func byteOffset(s string, i int) int {
	for off := range s {
		if i == 0 {
			return off
		}
		i--
	}
	return len(s)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
