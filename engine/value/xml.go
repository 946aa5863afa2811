package value

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's SQLSTATEs of malformed XML.
const (
	codeInvalidXMLDocument = "2200M"
	codeInvalidXMLContent  = "2200N"
)

// TypeXML is SQL's xml: a string holding well-formed XML content (or a
// document), kept as written.
var TypeXML = Type{Kind: KindString, XML: true}

// OIDXML is the pg_type OID of xml.
const OIDXML uint32 = 142

// CheckXML checks s as xml_in does with xmloption content (document
// false) or as XMLPARSE(DOCUMENT ...) does: the SQLSTATE and message are
// PostgreSQL's, the detail follows libxml2's messages for the common
// mistakes (the line, the line's text and a caret under the place).
func CheckXML(s string, document bool) error {
	code, msg := codeInvalidXMLContent, "invalid XML content"
	if document {
		code, msg = codeInvalidXMLDocument, "invalid XML document"
	}
	p := &xmlParser{src: s}
	if !document {
		decl, err := ParseXMLDecl(s)
		if err != nil {
			return err
		}
		p.pos = decl.Len
		// Content that declares a document type is parsed as a document
		// (SQL:2006 allows it, and PostgreSQL does so).
		if p.startsWithDoctype() {
			document = true
		}
	}
	if document {
		p.document()
	} else {
		p.content(true)
	}
	if len(p.errs) == 0 {
		return nil
	}
	return errs.New(code, "%s", msg).WithDetail("%s", strings.Join(p.errs, "\n"))
}

// XMLDecl is an XML declaration as PostgreSQL's parse_xml_decl reads it.
type XMLDecl struct {
	Len        int    // its length in the text, 0 without one
	Version    string // "" when absent
	Encoding   string
	Standalone int // -1 absent, 0 no, 1 yes
}

// ParseXMLDecl reads the XML declaration at the start of s, as
// PostgreSQL's parse_xml_decl does (more loosely than libxml2).
func ParseXMLDecl(s string) (XMLDecl, error) {
	d := XMLDecl{Standalone: -1}
	fail := func(detail string) (XMLDecl, error) {
		return XMLDecl{}, errs.New(codeInvalidXMLContent, "invalid XML content: invalid XML declaration").WithDetail("%s", detail)
	}
	const (
		spaceRequired = "Space required."
		noVersion     = "Malformed declaration: missing version."
		noEncoding    = "Missing encoding in text declaration."
		badStandalone = "standalone accepts only 'yes' or 'no'."
	)
	if !strings.HasPrefix(s, "<?xml") {
		return d, nil
	}
	if r, _ := utf8.DecodeRuneInString(s[5:]); len(s) > 5 && xmlNameChar(r) {
		return d, nil // a processing instruction such as <?xml-stylesheet?>
	}
	p := 5
	skip := func() {
		for p < len(s) && isXMLBlank(s[p]) {
			p++
		}
	}
	quoted := func() (string, bool) {
		if p >= len(s) || s[p] != '"' && s[p] != '\'' {
			return "", false
		}
		q := strings.IndexByte(s[p+1:], s[p])
		if q < 0 {
			return "", false
		}
		v := s[p+1 : p+1+q]
		p += q + 2
		return v, true
	}
	if p >= len(s) || !isXMLBlank(s[p]) {
		return fail(spaceRequired)
	}
	skip()
	if !strings.HasPrefix(s[p:], "version") {
		return fail(noVersion)
	}
	p += 7
	skip()
	if p >= len(s) || s[p] != '=' {
		return fail(noVersion)
	}
	p++
	skip()
	v, ok := quoted()
	if !ok {
		return fail(noVersion)
	}
	d.Version = v
	save := p
	skip()
	if strings.HasPrefix(s[p:], "encoding") {
		if !isXMLBlank(s[save]) {
			return fail(spaceRequired)
		}
		p += 8
		skip()
		if p >= len(s) || s[p] != '=' {
			return fail(noEncoding)
		}
		p++
		skip()
		if d.Encoding, ok = quoted(); !ok {
			return fail(noEncoding)
		}
	} else {
		p = save
	}
	save = p
	skip()
	if strings.HasPrefix(s[p:], "standalone") {
		if !isXMLBlank(s[save]) {
			return fail(spaceRequired)
		}
		p += 10
		skip()
		if p >= len(s) || s[p] != '=' {
			return fail(badStandalone)
		}
		p++
		skip()
		switch {
		case strings.HasPrefix(s[p:], "'yes'"), strings.HasPrefix(s[p:], `"yes"`):
			d.Standalone = 1
			p += 5
		case strings.HasPrefix(s[p:], "'no'"), strings.HasPrefix(s[p:], `"no"`):
			d.Standalone = 0
			p += 4
		default:
			return fail(badStandalone)
		}
	} else {
		p = save
	}
	skip()
	if !strings.HasPrefix(s[p:], "?>") {
		return fail("Parsing XML declaration: '?>' expected.")
	}
	p += 2
	for i := 0; i < p; i++ {
		if s[i] > 127 {
			return fail("Invalid character value.")
		}
	}
	d.Len = p
	return d, nil
}

// AppendXMLDecl writes the declaration PostgreSQL's print_xml_decl
// writes for a version and standalone flag (none when neither says more
// than the defaults), reporting whether it wrote one.
func AppendXMLDecl(buf []byte, version string, standalone int) ([]byte, bool) {
	if version == "1.0" || version == "" {
		if standalone == -1 {
			return buf, false
		}
		version = "1.0"
	}
	buf = append(buf, `<?xml version="`...)
	buf = append(buf, version...)
	buf = append(buf, '"')
	switch standalone {
	case 1:
		buf = append(buf, ` standalone="yes"`...)
	case 0:
		buf = append(buf, ` standalone="no"`...)
	}
	return append(buf, "?>"...), true
}

// appendXMLOut is xml_out: the stored text with its XML declaration
// written again without the encoding (and left out when it says nothing
// but version 1.0, together with one newline after it).
func appendXMLOut(buf []byte, s string) []byte {
	d, err := ParseXMLDecl(s)
	if err != nil {
		return append(buf, s...)
	}
	buf, wrote := AppendXMLDecl(buf, d.Version, d.Standalone)
	rest := s[d.Len:]
	if !wrote && strings.HasPrefix(rest, "\n") {
		rest = rest[1:]
	}
	return append(buf, rest...)
}

// XMLOut is the text xml_out gives for a stored xml value.
func XMLOut(s string) string { return string(appendXMLOut(nil, s)) }

// xmlParser checks XML 1.0 well-formedness, recording libxml2's messages.
type xmlParser struct {
	src      string
	pos      int
	errs     []string
	entities map[string]bool // declared in an internal DTD subset
	mismatch bool            // an end tag did not match its start tag
	// build makes the parser keep the tree (ParseXMLDocument): cur is
	// the node being filled, text the character data not yet in it.
	build bool
	cur   *XMLNode
	text  strings.Builder
}

func (p *xmlParser) eof() bool { return p.pos >= len(p.src) }

func (p *xmlParser) has(s string) bool { return strings.HasPrefix(p.src[p.pos:], s) }

// fail records a message at the current position in libxml2's form.
func (p *xmlParser) fail(format string, args ...any) {
	at := min(p.pos, len(p.src))
	line := 1 + strings.Count(p.src[:at], "\n")
	start := strings.LastIndexByte(p.src[:at], '\n') + 1
	end := strings.IndexByte(p.src[at:], '\n')
	if end < 0 {
		end = len(p.src)
	} else {
		end += at
	}
	// libxml2 shows at most 80 bytes of the line, around the place.
	if at-start > 80 {
		start = at - 80
	}
	if end-start > 80 {
		end = start + 80
	}
	text := p.src[start:end]
	caret := strings.Builder{}
	for _, c := range []byte(p.src[start:at]) {
		if c == '\t' {
			caret.WriteByte('\t')
		} else if c < 0x80 || c >= 0xC0 {
			caret.WriteByte(' ')
		}
	}
	msg := "line " + strconv.Itoa(line) + ": " + fmt.Sprintf(format, args...) + "\n" + text + "\n" + caret.String() + "^"
	p.errs = append(p.errs, msg)
}

func (p *xmlParser) lineOf(at int) int { return 1 + strings.Count(p.src[:at], "\n") }

func isXMLBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *xmlParser) skipBlanks() bool {
	start := p.pos
	for !p.eof() && isXMLBlank(p.src[p.pos]) {
		p.pos++
	}
	return p.pos > start
}

// isXMLChar is XML 1.0's Char production.
func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xmlNameStart reports XML 1.0's NameStartChar.
func xmlNameStart(r rune) bool {
	switch {
	case r == ':' || r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z':
		return true
	case r < 0xC0:
		return false
	}
	return r <= 0xD6 || r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF || r >= 0x370 && r <= 0x37D ||
		r >= 0x37F && r <= 0x1FFF || r >= 0x200C && r <= 0x200D || r >= 0x2070 && r <= 0x218F ||
		r >= 0x2C00 && r <= 0x2FEF || r >= 0x3001 && r <= 0xD7FF || r >= 0xF900 && r <= 0xFDCF ||
		r >= 0xFDF0 && r <= 0xFFFD || r >= 0x10000 && r <= 0xEFFFF
}

// xmlNameChar reports XML 1.0's NameChar.
func xmlNameChar(r rune) bool {
	return xmlNameStart(r) || r == '-' || r == '.' || r >= '0' && r <= '9' || r == 0xB7 ||
		r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// name reads a Name, "" (and no progress) when none starts here.
func (p *xmlParser) name() string {
	start := p.pos
	for !p.eof() {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if p.pos == start && !xmlNameStart(r) || !xmlNameChar(r) {
			break
		}
		p.pos += n
	}
	return p.src[start:p.pos]
}

// startsWithDoctype reports a document type declaration after the
// declaration, blanks, comments and processing instructions.
func (p *xmlParser) startsWithDoctype() bool {
	s := p.src[p.pos:]
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		switch {
		case strings.HasPrefix(s, "<!DOCTYPE"):
			return true
		case strings.HasPrefix(s, "<!--"):
			i := strings.Index(s[4:], "-->")
			if i < 0 {
				return false
			}
			s = s[4+i+3:]
		case strings.HasPrefix(s, "<?"):
			i := strings.Index(s, "?>")
			if i < 0 {
				return false
			}
			s = s[i+2:]
		default:
			return false
		}
	}
}

// document is XML's document production: prolog, one element, misc.
func (p *xmlParser) document() {
	if p.src == "" {
		p.fail("Document is empty")
		return
	}
	if p.has("<?xml") {
		if r, _ := utf8.DecodeRuneInString(p.src[p.pos+5:]); !xmlNameChar(r) {
			if !p.xmlDecl() {
				return
			}
		}
	}
	if !p.misc() {
		return
	}
	if p.has("<!DOCTYPE") {
		if !p.doctype() || !p.misc() {
			return
		}
	}
	if p.eof() {
		p.fail("Start tag expected, '<' not found")
		return
	}
	if p.src[p.pos] != '<' {
		p.fail("Start tag expected, '<' not found")
		return
	}
	if !p.element() {
		return
	}
	if !p.misc() {
		return
	}
	if !p.eof() {
		p.fail("Extra content at the end of the document")
	}
}

// xmlDecl checks a document's XML declaration, as libxml2 does.
func (p *xmlParser) xmlDecl() bool {
	if _, err := ParseXMLDecl(p.src[p.pos:]); err != nil {
		p.fail("parsing XML declaration: '?>' expected")
		return false
	}
	d, _ := ParseXMLDecl(p.src[p.pos:])
	p.pos += d.Len
	return true
}

// misc skips blanks, comments and processing instructions, false after
// an error.
func (p *xmlParser) misc() bool {
	for {
		p.skipBlanks()
		switch {
		case p.has("<!--"):
			if !p.comment() {
				return false
			}
		case p.has("<?"):
			if !p.pi() {
				return false
			}
		default:
			return true
		}
	}
}

// doctype skips a document type declaration, noting the entities its
// internal subset declares.
func (p *xmlParser) doctype() bool {
	p.pos += len("<!DOCTYPE")
	if !p.skipBlanks() {
		p.fail("Space required after 'DOCTYPE'")
		return false
	}
	if p.name() == "" {
		p.fail("xmlParseDocTypeDecl : no DOCTYPE name !")
		return false
	}
	for !p.eof() {
		c := p.src[p.pos]
		switch c {
		case '>':
			p.pos++
			return true
		case '"', '\'':
			i := strings.IndexByte(p.src[p.pos+1:], c)
			if i < 0 {
				p.pos = len(p.src)
				p.fail("Unfinished System or Public ID \" or ' expected")
				return false
			}
			p.pos += i + 2
		case '[':
			i := strings.Index(p.src[p.pos:], "]")
			if i < 0 {
				p.pos = len(p.src)
				p.fail("xmlParseInternalSubset: error detected in Markup declaration")
				return false
			}
			subset := p.src[p.pos+1 : p.pos+i]
			for {
				j := strings.Index(subset, "<!ENTITY")
				if j < 0 {
					break
				}
				subset = strings.TrimLeft(subset[j+len("<!ENTITY"):], " \t\r\n")
				k := 0
				for k < len(subset) && !isXMLBlank(subset[k]) {
					k++
				}
				if p.entities == nil {
					p.entities = map[string]bool{}
				}
				p.entities[subset[:k]] = true
			}
			p.pos += i + 1
		default:
			p.pos++
		}
	}
	p.fail("DOCTYPE improperly terminated")
	return false
}

// comment reads <!-- ... -->.
func (p *xmlParser) comment() bool {
	start := p.pos
	p.pos += 4
	for !p.eof() {
		if p.has("--") {
			if p.has("-->") {
				p.add(&XMLNode{Kind: XMLComment, Value: p.src[start+4 : p.pos]})
				p.pos += 3
				return true
			}
			p.fail("Double hyphen within comment: %s", p.src[start:p.pos])
			return false
		}
		if !p.char("Comment") {
			return false
		}
	}
	p.fail("Comment not terminated")
	return false
}

// char steps over one character, failing at one XML does not allow.
func (p *xmlParser) char(what string) bool {
	r, n := utf8.DecodeRuneInString(p.src[p.pos:])
	if !isXMLChar(r) {
		p.fail("xmlParse%s: invalid xmlChar value %d", what, r)
		return false
	}
	p.pos += n
	return true
}

// pi reads a processing instruction.
func (p *xmlParser) pi() bool {
	p.pos += 2
	target := p.name()
	if target == "" {
		p.fail("xmlParsePI : no target name")
		return false
	}
	if strings.EqualFold(target, "xml") {
		p.fail("XML declaration allowed only at the start of the document")
		return false
	}
	if p.has("?>") {
		p.add(&XMLNode{Kind: XMLPI, Name: target})
		p.pos += 2
		return true
	}
	if !p.skipBlanks() {
		p.fail("ParsePI: PI %s space expected", target)
		return false
	}
	start := p.pos
	for !p.eof() {
		if p.has("?>") {
			p.add(&XMLNode{Kind: XMLPI, Name: target, Value: p.src[start:p.pos]})
			p.pos += 2
			return true
		}
		if !p.char("PI") {
			return false
		}
	}
	p.fail("ParsePI: PI %s never end ...", target)
	return false
}

// content reads character data, references and markup up to the end
// (top) or an end tag.
func (p *xmlParser) content(top bool) bool {
	for !p.eof() {
		c := p.src[p.pos]
		switch {
		case c == '<':
			switch {
			case p.has("</"):
				if top {
					p.fail("chunk is not well balanced")
					return false
				}
				return true
			case p.has("<!--"):
				if !p.comment() {
					return false
				}
			case p.has("<![CDATA["):
				p.pos += len("<![CDATA[")
				i := strings.Index(p.src[p.pos:], "]]>")
				if i < 0 {
					p.pos = len(p.src)
					p.fail("Unregistered error message")
					return false
				}
				start, end := p.pos, p.pos+i
				for p.pos < end {
					if !p.char("CDATA") {
						return false
					}
				}
				p.add(&XMLNode{Kind: XMLCData, Value: p.src[start:end]})
				p.pos += 3
			case p.has("<?"):
				if !p.pi() {
					return false
				}
			default:
				if !p.element() {
					return false
				}
			}
		case c == '&':
			s, ok := p.reference()
			if !ok {
				return false
			}
			if p.build {
				p.text.WriteString(s)
			}
		default:
			if p.has("]]>") {
				p.fail("Sequence ']]>' not allowed in content")
				return false
			}
			r, n := utf8.DecodeRuneInString(p.src[p.pos:])
			if !isXMLChar(r) {
				p.fail("PCDATA invalid Char value %d", r)
				return false
			}
			if p.build {
				p.text.WriteString(p.src[p.pos : p.pos+n])
			}
			p.pos += n
		}
	}
	return true
}

// reference reads &name; &#n; or &#xh;, returning the text it stands
// for (an entity the document type declares stays a reference).
func (p *xmlParser) reference() (string, bool) {
	start := p.pos
	p.pos++
	if p.has("#") {
		p.pos++
		hex := p.has("x")
		if hex {
			p.pos++
		}
		base := map[bool]string{true: "hexa", false: ""}[hex]
		var n int64
		digits := 0
		for !p.eof() && p.src[p.pos] != ';' {
			c := p.src[p.pos]
			var d int64
			switch {
			case c >= '0' && c <= '9':
				d = int64(c - '0')
			case hex && c >= 'a' && c <= 'f':
				d = int64(c-'a') + 10
			case hex && c >= 'A' && c <= 'F':
				d = int64(c-'A') + 10
			default:
				p.fail("xmlParseCharRef: invalid %sdecimal value", base)
				return "", false
			}
			if hex {
				n = n*16 + d
			} else {
				n = n*10 + d
			}
			n = min(n, 0x110000)
			digits++
			p.pos++
		}
		if p.eof() || digits == 0 {
			p.fail("xmlParseCharRef: invalid %sdecimal value", base)
			return "", false
		}
		p.pos++
		if !isXMLChar(rune(n)) {
			p.fail("xmlParseCharRef: invalid xmlChar value %d", n)
			return "", false
		}
		return string(rune(n)), true
	}
	name := p.name()
	if name == "" {
		p.fail("xmlParseEntityRef: no name")
		return "", false
	}
	if !p.has(";") {
		p.fail("EntityRef: expecting ';'")
		return "", false
	}
	p.pos++
	if s, ok := predefinedEntities[name]; ok {
		return s, true
	}
	if p.entities[name] {
		return p.src[start:p.pos], true
	}
	p.fail("Entity '%s' not defined", name)
	return "", false
}

var predefinedEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": `"`}

// element reads an element from its start tag through its end tag.
func (p *xmlParser) element() bool {
	start := p.pos
	p.pos++
	name := p.name()
	if name == "" {
		p.fail("StartTag: invalid element name")
		return false
	}
	el := &XMLNode{Kind: XMLElement, Name: name}
	line := p.lineOf(start)
	var seen []string
	for {
		blank := p.skipBlanks()
		if p.eof() {
			p.fail("Couldn't find end of Start Tag %s line %d", name, line)
			return false
		}
		if p.has("/>") {
			p.pos += 2
			p.add(el)
			return true
		}
		if p.has(">") {
			p.pos++
			break
		}
		if !blank {
			p.fail("attributes construct error")
			p.fail("Couldn't find end of Start Tag %s line %d", name, line)
			return false
		}
		attr := p.name()
		if attr == "" {
			p.fail("attributes construct error")
			p.fail("Couldn't find end of Start Tag %s line %d", name, line)
			return false
		}
		p.skipBlanks()
		if !p.has("=") {
			p.fail("Specification mandates value for attribute %s", attr)
			p.fail("attributes construct error")
			p.fail("Couldn't find end of Start Tag %s line %d", name, line)
			return false
		}
		p.pos++
		p.skipBlanks()
		v, ok := p.attValue()
		if !ok {
			p.fail("attributes construct error")
			p.fail("Couldn't find end of Start Tag %s line %d", name, line)
			return false
		}
		for _, s := range seen {
			if s == attr {
				p.fail("Attribute %s redefined", attr)
				return false
			}
		}
		seen = append(seen, attr)
		if p.build {
			el.Attrs = append(el.Attrs, &XMLNode{Kind: XMLAttr, Name: attr, Value: v, Parent: el, index: len(el.Attrs)})
		}
	}
	p.add(el)
	parent := p.cur
	p.cur = el
	if !p.content(false) {
		if p.mismatch && p.eof() {
			// libxml2 recovers from a mismatched end tag and goes on to
			// find the enclosing elements unfinished.
			p.fail("Premature end of data in tag %s line %d", name, line)
		}
		return false
	}
	p.flush()
	p.cur = parent
	if p.eof() {
		p.fail("Premature end of data in tag %s line %d", name, line)
		return false
	}
	p.pos += 2 // </
	end := p.name()
	if end != name {
		p.skipBlanks()
		if p.has(">") {
			p.pos++
		}
		p.fail("Opening and ending tag mismatch: %s line %d and %s", name, line, end)
		p.mismatch = true
		return false
	}
	p.skipBlanks()
	if !p.has(">") {
		p.fail("expected '>'")
		return false
	}
	p.pos++
	return true
}

// attValue reads a quoted attribute value, returning it normalized
// (references replaced, white space characters as spaces).
func (p *xmlParser) attValue() (string, bool) {
	if p.eof() || p.src[p.pos] != '"' && p.src[p.pos] != '\'' {
		p.fail("AttValue: \" or ' expected")
		return "", false
	}
	var b strings.Builder
	q := p.src[p.pos]
	p.pos++
	for !p.eof() {
		c := p.src[p.pos]
		switch c {
		case q:
			p.pos++
			return b.String(), true
		case '<':
			p.fail("Unescaped '<' not allowed in attributes values")
			return "", false
		case '&':
			s, ok := p.reference()
			if !ok {
				return "", false
			}
			b.WriteString(s)
		default:
			start := p.pos
			if !p.char("AttValue") {
				return "", false
			}
			if isXMLBlank(c) {
				b.WriteByte(' ')
			} else {
				b.WriteString(p.src[start:p.pos])
			}
		}
	}
	p.fail("AttValue: ' expected")
	return "", false
}
