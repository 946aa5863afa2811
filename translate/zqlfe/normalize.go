package zqlfe

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

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
	// buf holds Text after Renormalize, for the next one to reuse.
	buf []byte
	// prev is a copy of the message Renormalize normalized last, when
	// each of its literals is decimal digits (plainLiterals): the
	// template the next message most likely follows (renormalizeLike).
	prev []byte
	// prevOK: prev is such a template.
	prevOK bool
	// locs is renormalizeLike's scratch: the literals' offsets in text.
	locs []int
}

// litSpan is a literal's byte span in the original and normalized text;
// key marks a record key (a placeholder in the normalized text).
type litSpan struct {
	origStart, origEnd, normStart, normEnd int
	key                                    bool
}

// Normalize normalizes a ZQL message. ok is false when the message has
// parameters of its own, does not lex, has a literal whose value is an
// error (the ordinary path reports it), or names records or enum
// variants by key (t.@k) or tuple elements by index (x.0): those would
// make one shape per key. A record key followed by a field (t.@k.f, the
// point read of one field) or by an arrow (t.@k -> e -> *, the start of a
// traversal) is the exception: it becomes a key parameter
// (appendKeyPlaceholder), which the translation takes as the point get's key
// where it can.
func Normalize(text string) (n Normalized, ok bool) {
	if !n.normalize(text) {
		return Normalized{}, false
	}
	// The buffer is Text's alone from now on, as a strings.Builder's.
	n.Text, n.buf = unsafe.String(unsafe.SliceData(n.buf), len(n.buf)), nil
	return n, true
}

// Renormalize is Normalize into n, reusing the storage of n's previous
// normalization, so that a session's plan cache lookups cost no
// allocation for the normalized text: n.Text shares n's buffer and is
// valid only until n's next Renormalize. A caller that keeps it longer
// (a translation of it, which points into its text) calls Detach first.
// Values are always new: the statement's run may keep them.
func (n *Normalized) Renormalize(text string) bool {
	if n.prevOK && n.renormalizeLike(text) {
		n.Text = unsafe.String(unsafe.SliceData(n.buf), len(n.buf))
		return true
	}
	n.prevOK = false
	if !n.normalize(text) {
		return false
	}
	n.Text = unsafe.String(unsafe.SliceData(n.buf), len(n.buf))
	if n.prevOK = n.plainLiterals(); n.prevOK {
		n.prev = append(n.prev[:0], text...)
	}
	return true
}

// maxPlainDigits bounds the literals a template takes: decimal integers
// of up to 18 digits are always int values, as number literals
// (literalValue) and as record keys (symbolKey).
const maxPlainDigits = 18

// plainLiterals reports whether each literal of the message n just
// normalized is decimal digits without a leading zero (a record key's
// after its @): a message that differs from it only in such digits
// normalizes to the same text (renormalizeLike).
func (n *Normalized) plainLiterals() bool {
	for _, sp := range n.spans {
		start := sp.origStart
		if sp.key {
			start++ // the @
		}
		if !plainDigits(n.orig[start:sp.origEnd]) {
			return false
		}
	}
	return true
}

// plainDigits reports whether s is a decimal integer of up to
// maxPlainDigits digits without a leading zero.
func plainDigits(s string) bool {
	if len(s) == 0 || len(s) > maxPlainDigits || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// renormalizeLike normalizes text when it is the template n.prev with
// other plain digits in place of each literal (the same query for
// another vertex, say), which is what Normalize would make of it: the
// same Text, which n.buf still holds; new Values, read from the new
// digits as normalize reads them; the spans moved to where the literals
// are in text. It reports false, n left as it was, when text differs
// from the template anywhere else. The bytes between the literals being
// the template's, they lex as they did there, and each literal ends
// where its digits do: in the template no literal is followed by a
// character of an identifier (normalize refuses those), so none is here.
func (n *Normalized) renormalizeLike(text string) bool {
	prev := n.prev
	values := make([]value.Value, 0, len(n.spans))
	locs := n.locs[:0] // each literal's start and end in text
	at, pat := 0, 0    // where text and prev continue after the last literal
	for _, sp := range n.spans {
		between := prev[pat:sp.origStart]
		if len(text)-at < len(between) || text[at:at+len(between)] != string(between) {
			return false
		}
		start := at + len(between)
		digits := start
		if sp.key {
			if digits >= len(text) || text[digits] != '@' {
				return false
			}
			digits++
		}
		end := digits
		for end < len(text) && text[end] >= '0' && text[end] <= '9' {
			end++
		}
		if !plainDigits(text[digits:end]) {
			return false
		}
		var v value.Value
		var ok bool
		if sp.key {
			v, ok = symbolValue(text[start:end])
		} else {
			v, ok = literalValue(text[start:end])
		}
		if !ok || v.Kind() != value.KindInt {
			return false
		}
		values = append(values, v)
		locs = append(locs, start, end)
		at, pat = end, sp.origEnd
	}
	n.locs = locs
	if text[at:] != string(prev[pat:]) {
		return false
	}
	for i := range n.spans {
		n.spans[i].origStart, n.spans[i].origEnd = locs[2*i], locs[2*i+1]
	}
	n.Values, n.orig = values, text
	n.prev = append(n.prev[:0], text...)
	return true
}

// Detach gives n a Text of its own, which a later Renormalize leaves alone.
func (n *Normalized) Detach() {
	n.Text = strings.Clone(n.Text)
}

// normalize normalizes text into n.buf, n.spans and new n.Values,
// reusing n's buffers; Text and orig are left to the caller.
func (n *Normalized) normalize(text string) bool {
	b := n.buf[:0]
	if cap(b) < len(text)+8 {
		b = make([]byte, 0, len(text)+8)
	}
	n.Values, n.spans = nil, n.spans[:0]
	last := 0
	// prev and prev2 are the two tokens before tk (Class 0: none).
	var prev, prev2 lang.Token
	sc := lang.NewTokenScanner(text)
	for tk, more := sc.Next(); more; tk, more = sc.Next() {
		// After a dot, a symbol is a record key or an enum variant and a
		// number a tuple index: part of the shape.
		afterDot := prev.Class == lang.ClassPunct && text[prev.Start:prev.End] == "."
		afterName := prev2.Class == lang.ClassIdent
		prev2, prev = prev, tk
		isKey := false
		switch tk.Class {
		case lang.ClassParam:
			return false
		case lang.ClassSymbol:
			if !afterDot {
				continue
			}
			if !afterName || !fieldFollows(text, tk.End) && !arrowFollows(text, tk.End) {
				return false
			}
			isKey = true
		case lang.ClassNumber, lang.ClassString:
			if afterDot {
				return false
			}
		default:
			continue
		}
		if tk.End < len(text) && isIdentByte(text[tk.End]) {
			// `""A` would become `$1A`, another token.
			return false
		}
		var v value.Value
		var ok bool
		if isKey {
			v, ok = symbolValue(text[tk.Start:tk.End])
		} else {
			v, ok = literalValue(text[tk.Start:tk.End])
		}
		if !ok {
			return false
		}
		b = append(b, text[last:tk.Start]...)
		sp := litSpan{origStart: tk.Start, origEnd: tk.End, normStart: len(b), key: isKey}
		n.Values = append(n.Values, v)
		if isKey {
			b = appendKeyPlaceholder(b, len(n.Values), v.Kind())
		} else {
			b = append(b, '$')
			b = strconv.AppendInt(b, int64(len(n.Values)), 10)
		}
		sp.normEnd = len(b)
		n.spans = append(n.spans, sp)
		last = tk.End
	}
	n.buf = b
	if sc.Err() != nil {
		return false
	}
	n.buf = append(b, text[last:]...)
	n.orig = text
	return true
}

// fieldFollows reports whether a field name follows at off: `.name`, not
// `..` (a key range) nor `.0` (a tuple index).
func fieldFollows(text string, off int) bool {
	return off+1 < len(text) && text[off] == '.' && (text[off+1] == '_' || text[off+1] >= 'a' && text[off+1] <= 'z' || text[off+1] >= 'A' && text[off+1] <= 'Z')
}

// arrowFollows reports whether a graph arrow (-> or <-) comes next at
// off, after blanks: t.@k starting a traversal, whose key the
// translation takes as a parameter (recordIDOfKeyParam).
func arrowFollows(text string, off int) bool {
	for off < len(text) && (text[off] == ' ' || text[off] == '\t' || text[off] == '\n' || text[off] == '\r') {
		off++
	}
	return off+1 < len(text) && (text[off:off+2] == "->" || text[off:off+2] == "<-")
}

// symbolValue is the record key an unquoted symbol token names, as the
// translator reads it (symbolKey); quoted symbols are left in the shape.
func symbolValue(src string) (value.Value, bool) {
	if len(src) < 2 || src[0] != '@' || src[1] == '`' {
		return value.None, false
	}
	form := lang.SymbolName
	if src[1] >= '0' && src[1] <= '9' {
		form = lang.SymbolNumber
	}
	return symbolKey(&lang.SymbolLit{Name: src[1:], Form: form}), true
}

// appendKeyPlaceholder appends the quoted symbol standing for key parameter $n in a
// normalized text. A user's own quoted key is never left in a shape
// (symbolValue), so the placeholder cannot be mistaken for one; the key's
// kind is part of the shape because the translation depends on it (an
// int key on a bigint key column needs no conversion, a symbol does).
func appendKeyPlaceholder(b []byte, n int, k value.Kind) []byte {
	b = append(b, "@`$"...)
	b = strconv.AppendInt(b, int64(n), 10)
	if k == value.KindInt {
		b = append(b, ":int"...)
	}
	return append(b, '`')
}

// Split splits the normalized text (Split) into statements whose
// translation reads the key placeholders as parameters.
func (n *Normalized) Split() ([]Stmt, error) {
	stmts, err := Split(n.Text)
	if err != nil || len(stmts) == 0 {
		return stmts, err
	}
	for i, sp := range n.spans {
		if sp.key {
			kp := keyParam{off: sp.normStart, n: i + 1, kind: n.Values[i].Kind()}
			stmts[0].src.keyParams = append(stmts[0].src.keyParams, kp)
		}
	}
	return stmts, nil
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
