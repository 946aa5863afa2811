package tsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokenType is a token kind of PostgreSQL's default text search parser
// (ts_token_type('default')).
type TokenType uint8

// The token kinds, numbered as PostgreSQL numbers them.
const (
	TokAsciiWord TokenType = iota + 1
	TokWord
	TokNumWord
	TokEmail
	TokURL
	TokHost
	TokSFloat
	TokVersion
	TokHWordNumPart
	TokHWordPart
	TokHWordAsciiPart
	TokBlank
	TokTag
	TokProtocol
	TokNumHWord
	TokAsciiHWord
	TokHWord
	TokURLPath
	TokFile
	TokFloat
	TokInt
	TokUint
	TokEntity
)

var tokenAliases = [...]string{"", "asciiword", "word", "numword", "email", "url", "host", "sfloat", "version",
	"hword_numpart", "hword_part", "hword_asciipart", "blank", "tag", "protocol", "numhword", "asciihword",
	"hword", "url_path", "file", "float", "int", "uint", "entity"}

// Alias is the token kind's name (ts_debug's alias).
func (t TokenType) Alias() string {
	if int(t) < len(tokenAliases) {
		return tokenAliases[t]
	}
	return ""
}

// Token is one token of a text: its kind and its text.
type Token struct {
	Type TokenType
	Text string
}

// Parse splits text into tokens the way PostgreSQL's default parser does
// for the common kinds: words (ASCII, other letters, with digits),
// hyphenated words followed by their parts, integers, decimals,
// scientific and version numbers, e-mail addresses, hosts, URLs (a
// protocol head, the URL, then its host and path), file paths, XML tags
// and entities; everything else is blank. The contents of <script> and
// <style> elements are blank too.
func Parse(text string) []Token {
	p := &tokenizer{s: text, blank: -1}
	for p.i < len(p.s) {
		p.next()
	}
	p.flushBlank()
	return p.out
}

type tokenizer struct {
	s      string
	i      int
	blank  int // start of the pending blank run, or -1
	out    []Token
	ignore bool // inside <script> or <style>
}

func (p *tokenizer) emit(t TokenType, from, to int) {
	p.flushBlank()
	p.out = append(p.out, Token{Type: t, Text: p.s[from:to]})
}

func (p *tokenizer) flushBlank() {
	if p.blank >= 0 && p.blank < p.i {
		p.out = append(p.out, Token{Type: TokBlank, Text: p.s[p.blank:p.i]})
	}
	p.blank = -1
}

// skip makes the character at p.i part of a blank run.
func (p *tokenizer) skip() {
	if p.blank < 0 {
		p.blank = p.i
	}
	_, n := utf8.DecodeRuneInString(p.s[p.i:])
	p.i += n
}

// take emits a token of the text from p.i to end and moves past it.
func (p *tokenizer) take(t TokenType, end int) {
	if p.ignore && t != TokTag {
		p.skipTo(end)
		return
	}
	p.emit(t, p.i, end)
	p.i = end
}

func (p *tokenizer) skipTo(end int) {
	if p.blank < 0 {
		p.blank = p.i
	}
	p.i = end
}

// Character classes. ASCII letters and digits are the parser's own;
// other letters are letters (iswalpha), combining marks continue a word
// but never start one (p_isspecial).
func runeAt(s string, i int) rune {
	if i >= len(s) {
		return -1
	}
	if s[i] < utf8.RuneSelf {
		return rune(s[i])
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isAscLet(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isDigit(r rune) bool  { return r >= '0' && r <= '9' }
func isAlpha(r rune) bool {
	return isAscLet(r) || r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) && !isDigit(r))
}
func isSpecial(r rune) bool {
	return r >= utf8.RuneSelf && unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}
func isAsciiAlnum(r rune) bool {
	return isAscLet(r) || isDigit(r)
}

func startsAlnum(s string) bool {
	r := runeAt(s, 0)
	return isAlpha(r) || isDigit(r)
}

func (p *tokenizer) next() {
	r := runeAt(p.s, p.i)
	switch {
	case p.ignore && r != '<':
		p.skip()
	case isDigit(r):
		p.number()
	case isAscLet(r), isAlpha(r):
		p.word()
	case r == '-' || r == '+':
		if end, t := signedNumber(p.s, p.i); end > 0 {
			p.take(t, end)
			return
		}
		p.skip()
	case r == '&':
		if end := entity(p.s, p.i); end > 0 {
			p.take(TokEntity, end)
			return
		}
		p.skip()
	case (r == '~' || r == '.') && p.blank >= 0:
		p.skip() // a blank run goes on through dots and tildes
	case r == '/' || r == '~' || r == '.':
		if end := filePath(p.s, p.i); end > 0 {
			p.take(TokFile, end)
			return
		}
		p.skip()
	case r == '<':
		if end := tag(p.s, p.i); end > 0 {
			name := strings.ToLower(p.s[p.i:end])
			switch {
			case strings.HasPrefix(name, "<script"), strings.HasPrefix(name, "<style"):
				p.take(TokTag, end)
				p.ignore = true
			case strings.HasPrefix(name, "</script"), strings.HasPrefix(name, "</style"):
				p.ignore = false
				p.take(TokTag, end)
			default:
				p.take(TokTag, end)
			}
			return
		}
		p.skip()
	default:
		p.skip()
	}
}

// word reads a token that starts with a letter: a protocol head, an
// e-mail address, a host or URL, a file path, a hyphenated word with
// its parts, or a word.
func (p *tokenizer) word() {
	s, i := p.s, p.i
	j := i
	for isAscLet(runeAt(s, j)) {
		j++
	}
	if j > i && strings.HasPrefix(s[j:], "://") {
		p.take(TokProtocol, j+3)
		p.hostAfterProtocol()
		return
	}
	if isAsciiAlnum(runeAt(s, i)) && p.hostLike(i) {
		return
	}
	// The word: letters, digits, combining marks.
	end, hasDigit, nonASCII := scanWord(s, i)
	if !nonASCII {
		if e := fileFrom(s, end); e > 0 {
			p.take(TokFile, e)
			return
		}
	}
	if hasDigit && runeAt(s, end) == '@' {
		if e := hostAt(s, end+1); e > 0 {
			p.take(TokEmail, e)
			return
		}
	}
	if p.hyphenated(i, end) {
		return
	}
	switch {
	case hasDigit:
		p.take(TokNumWord, end)
	case nonASCII:
		p.take(TokWord, end)
	default:
		p.take(TokAsciiWord, end)
	}
}

// scanWord reads letters, digits and combining marks from i.
func scanWord(s string, i int) (end int, hasDigit, nonASCII bool) {
	for i < len(s) {
		r := runeAt(s, i)
		switch {
		case isAscLet(r):
		case isDigit(r):
			hasDigit = true
		case isAlpha(r), isSpecial(r):
			nonASCII = true
		default:
			return i, hasDigit, nonASCII
		}
		i += utf8.RuneLen(r)
	}
	return i, hasDigit, nonASCII
}

// hostLike emits an e-mail address, a URL with its host and path, or a
// host starting at i, and reports whether it did.
func (p *tokenizer) hostLike(i int) bool {
	s := p.s
	labels := labelsEnd(s, i)
	if labels > i && runeAt(s, labels) == '@' {
		if e := hostAt(s, labels+1); e > 0 {
			p.take(TokEmail, e)
			return true
		}
	}
	h := hostAt(s, i)
	if h == 0 {
		return false
	}
	if runeAt(s, h) == '@' {
		if e := hostAt(s, h+1); e > 0 {
			p.take(TokEmail, e)
			return true
		}
	}
	if e := urlPath(s, h); e > 0 {
		p.take(TokURL, e)
		p.i = i
		p.take(TokHost, h)
		p.take(TokURLPath, e)
		return true
	}
	p.take(TokHost, h)
	return true
}

// hostAfterProtocol reads what follows http://: a host, maybe with a
// path (then the URL, its host and its path).
func (p *tokenizer) hostAfterProtocol() {
	h := hostAt(p.s, p.i)
	if h == 0 {
		return
	}
	if e := urlPath(p.s, h); e > 0 {
		start := p.i
		p.take(TokURL, e)
		p.i = start
		p.take(TokHost, h)
		p.take(TokURLPath, e)
		return
	}
	p.take(TokHost, h)
}

// labelsEnd is the end of the host-name labels from i: ASCII letters
// and digits, joined inside a label by - or _, labels separated by dots.
func labelsEnd(s string, i int) int {
	end := i
	for {
		j := i
		for isAsciiAlnum(runeAt(s, j)) {
			j++
		}
		if j == i {
			return end
		}
		j = labelRest(s, j)
		end = j
		if runeAt(s, j) != '.' {
			return end
		}
		i = j + 1
	}
}

// labelRest continues a host name's label at j through its - and _
// joined parts (my-host, a_b).
func labelRest(s string, j int) int {
	for {
		c := runeAt(s, j)
		if (c != '-' && c != '_') || !isAsciiAlnum(runeAt(s, j+1)) {
			return j
		}
		j++
		for isAsciiAlnum(runeAt(s, j)) {
			j++
		}
	}
}

// hostAt is the end of a host name at i (0 if none): labels of which the
// last is at least two ASCII letters, after a dot, maybe with a :port.
func hostAt(s string, i int) int {
	best := 0
	for n := 0; ; n++ {
		j := i
		for isAsciiAlnum(runeAt(s, j)) {
			j++
		}
		if j == i {
			break
		}
		// A label's letters before any digit, - or _ may end the host
		// (its top-level domain): example.com-x is the host example.com.
		pure := true
		for k := i; k < j; k++ {
			if !isAscLet(rune(s[k])) {
				pure = false
			}
		}
		if n > 0 && pure && j-i >= 2 {
			best = j
		}
		j = labelRest(s, j)
		if runeAt(s, j) != '.' {
			break
		}
		i = j + 1
	}
	if best == 0 {
		return 0
	}
	if runeAt(s, best) == ':' && isDigit(runeAt(s, best+1)) {
		best++
		for isDigit(runeAt(s, best)) {
			best++
		}
	}
	return best
}

// isURLChar reports the characters RFC 3986 allows in a URL's path.
func isURLChar(r rune) bool {
	if r <= 0x20 || r >= 0x7f {
		return false
	}
	return !strings.ContainsRune("\"<>\\^`{|}", r)
}

// urlPath is the end of a URL path at i: a slash followed by URL
// characters, at least one.
func urlPath(s string, i int) int {
	if runeAt(s, i) != '/' || !isURLChar(runeAt(s, i+1)) {
		return 0
	}
	j := i + 1
	for isURLChar(runeAt(s, j)) {
		j++
	}
	return j
}

// fileFrom continues a word ending at i into a file name (x.txt, a/b,
// a/../b), returning its end, or 0 when no dot or slash follows with a
// name.
func fileFrom(s string, i int) int {
	end := 0
	j := i
	for {
		switch runeAt(s, j) {
		case '.':
			if !isFileStart(runeAt(s, j+1)) {
				return end
			}
			j = nameEnd(s, j+1)
			end = j
		case '/':
			k, done := segment(s, j+1, true)
			if k == 0 {
				return end
			}
			if j = k; done {
				end = k
			}
		default:
			return end
		}
	}
}

// isFileStart reports the characters a file name's part starts with.
func isFileStart(r rune) bool { return isAsciiAlnum(r) || r == '_' }

// nameEnd is the end of a file name's part at i: letters, digits, _
// and -.
func nameEnd(s string, i int) int {
	for r := runeAt(s, i); isFileStart(r) || r == '-'; r = runeAt(s, i) {
		i++
	}
	return i
}

// segment reads one part of a path at i, after a slash (after: a hidden
// name .config is one) or at the start of a path: a name, or "." or ".."
// before a slash (not done: the path must go on), or ".." before white
// space or the end. It returns the part's end, 0 if none.
func segment(s string, i int, after bool) (next int, done bool) {
	r := runeAt(s, i)
	if isFileStart(r) {
		return nameEnd(s, i), true
	}
	if r != '.' {
		return 0, false
	}
	j := i + 1
	switch r := runeAt(s, j); {
	case after && isFileStart(r):
		return nameEnd(s, j), true
	case r == '/':
		return j, false
	case r == '.':
		j++
		switch r := runeAt(s, j); {
		case r == '/':
			return j, false
		case r == -1 || r < utf8.RuneSelf && isSpace(byte(r)):
			return j, true
		}
	}
	return 0, false
}

// filePath reads a path starting with /, ~ or . at i (where no blank
// run is going on): /usr/bin, /.config, ~/notes, ~user, ./x, ../x, and
// ".." alone.
func filePath(s string, i int) int {
	j := i
	switch runeAt(s, j) {
	case '~':
		j++
		if isFileStart(runeAt(s, j)) {
			return fileName(s, j)
		}
	case '.':
		e, done := segment(s, i, false)
		if e == 0 {
			return 0
		}
		if f := fileFrom(s, e); f > 0 {
			return f
		}
		if done || e-i == 2 {
			return e // ".." alone, or before a slash with nothing after
		}
		return 0
	}
	if runeAt(s, j) != '/' {
		return 0
	}
	return fileFrom(s, j)
}

// fileName reads a name from i and the /name and .ext parts after it.
func fileName(s string, i int) int {
	i = nameEnd(s, i)
	if e := fileFrom(s, i); e > 0 {
		return e
	}
	return i
}

// hyphenated emits a hyphenated word starting with the word [i, end)
// and then its parts, and reports whether there was one.
func (p *tokenizer) hyphenated(i, end int) bool {
	s := p.s
	parts := [][2]int{{i, end}}
	j := end
	for runeAt(s, j) == '-' {
		k := j + 1
		// A part starting with digits needs a letter after them.
		d := k
		for isDigit(runeAt(s, d)) {
			d++
		}
		if r := runeAt(s, d); !(isAlpha(r)) {
			break
		}
		e, _, _ := scanWord(s, k)
		parts = append(parts, [2]int{k, e})
		j = e
	}
	if len(parts) == 1 {
		return false
	}
	whole := TokAsciiHWord
	types := make([]TokenType, len(parts))
	for n, pt := range parts {
		_, dig, non := scanWord(s[:pt[1]], pt[0])
		switch {
		case dig:
			types[n] = TokHWordNumPart
			whole = TokNumHWord
		case non:
			types[n] = TokHWordPart
			if whole == TokAsciiHWord {
				whole = TokHWord
			}
		default:
			types[n] = TokHWordAsciiPart
		}
	}
	p.take(whole, j)
	p.i = i
	for n, pt := range parts {
		if n > 0 {
			p.take(TokBlank, pt[0])
		}
		p.take(types[n], pt[1])
	}
	return true
}

// number reads a token that starts with a digit.
func (p *tokenizer) number() {
	s, i := p.s, p.i
	j := i
	for isDigit(runeAt(s, j)) {
		j++
	}
	switch c := runeAt(s, j); {
	case c == '.' && isDigit(runeAt(s, j+1)):
		t, k := decimalOrVersion(s, j)
		if t == TokVersion && runeAt(s, k) == '.' && isAscLet(runeAt(s, k+1)) && p.hostLike(i) {
			return // 2.0.1.mail is a host
		}
		p.take(t, k)
		return
	case c == '.' && isAscLet(runeAt(s, j+1)):
		if p.hostLike(i) {
			return // 12.foo
		}
	case (c == 'e' || c == 'E') && mantissa(s, j) > 0:
		p.take(TokSFloat, mantissa(s, j))
		return
	case c == '@':
		if e := hostAt(s, j+1); e > 0 {
			p.take(TokEmail, e)
			return
		}
	case c == '/':
		if e := fileFrom(s, j); e > 0 {
			p.take(TokFile, e)
			return
		}
	case isAscLet(c), c == '-', c == '_':
		if p.hostLike(i) {
			return
		}
	}
	if r := runeAt(s, j); isAlpha(r) || isSpecial(r) {
		p.word()
		return
	}
	p.take(TokUint, j)
}

// decimalOrVersion reads 1.5, 1.5e3 or 1.2.3 after the integer part
// ending at j (at the dot).
func decimalOrVersion(s string, j int) (TokenType, int) {
	k := j + 1
	for isDigit(runeAt(s, k)) {
		k++
	}
	if runeAt(s, k) == '.' && isDigit(runeAt(s, k+1)) {
		for runeAt(s, k) == '.' && isDigit(runeAt(s, k+1)) {
			k++
			for isDigit(runeAt(s, k)) {
				k++
			}
		}
		return TokVersion, k
	}
	if c := runeAt(s, k); (c == 'e' || c == 'E') && mantissa(s, k) > 0 {
		return TokSFloat, mantissa(s, k)
	}
	return TokFloat, k
}

// mantissa is the end of an exponent e5, e+5, e-5 at j, or 0.
func mantissa(s string, j int) int {
	k := j + 1
	if c := runeAt(s, k); c == '+' || c == '-' {
		k++
	}
	if !isDigit(runeAt(s, k)) {
		return 0
	}
	for isDigit(runeAt(s, k)) {
		k++
	}
	return k
}

// signedNumber reads -5, +3, -1.5, -1e5 at i.
func signedNumber(s string, i int) (int, TokenType) {
	j := i + 1
	if !isDigit(runeAt(s, j)) {
		return 0, 0
	}
	for isDigit(runeAt(s, j)) {
		j++
	}
	switch c := runeAt(s, j); {
	case c == '.' && isDigit(runeAt(s, j+1)):
		k := j + 1
		for isDigit(runeAt(s, k)) {
			k++
		}
		if c := runeAt(s, k); (c == 'e' || c == 'E') && mantissa(s, k) > 0 {
			return mantissa(s, k), TokSFloat
		}
		if runeAt(s, k) == '.' && isDigit(runeAt(s, k+1)) {
			return 0, 0 // a version: the sign is blank
		}
		return k, TokFloat
	case (c == 'e' || c == 'E') && mantissa(s, j) > 0:
		return mantissa(s, j), TokSFloat
	}
	return j, TokInt
}

// entity reads &amp; &#123; &#x1F; at i.
func entity(s string, i int) int {
	j := i + 1
	if runeAt(s, j) == '#' {
		j++
		hex := runeAt(s, j) == 'x' || runeAt(s, j) == 'X'
		if hex {
			j++
		}
		k := j
		for c := runeAt(s, k); isDigit(c) || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'); c = runeAt(s, k) {
			k++
		}
		if k == j || runeAt(s, k) != ';' {
			return 0
		}
		return k + 1
	}
	if !isAscLet(runeAt(s, j)) {
		return 0
	}
	for c := runeAt(s, j); isAsciiAlnum(c) || c == '_' || c == '.' || c == '-' || c == ':'; c = runeAt(s, j) {
		j++
	}
	if runeAt(s, j) != ';' {
		return 0
	}
	return j + 1
}

// tag reads an XML/HTML tag, comment or processing instruction at i.
func tag(s string, i int) int {
	j := i + 1
	switch {
	case strings.HasPrefix(s[j:], "!--"):
		if k := strings.Index(s[j+3:], "-->"); k >= 0 {
			return j + 3 + k + 3
		}
		return 0
	case runeAt(s, j) == '?':
		if k := strings.Index(s[j:], "?>"); k >= 0 {
			return j + k + 2
		}
		return 0
	case runeAt(s, j) == '/':
		j++
	}
	if !isAscLet(runeAt(s, j)) {
		return 0
	}
	for c := runeAt(s, j); isAsciiAlnum(c) || c == '_' || c == '-' || c == ':' || c == '.'; c = runeAt(s, j) {
		j++
	}
	var quote byte
	for j < len(s) {
		c := s[j]
		switch {
		case quote != 0:
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		case c == '<':
			return 0
		}
		j++
	}
	return 0
}
