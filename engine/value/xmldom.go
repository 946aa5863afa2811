package value

import (
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// XMLNodeKind is the kind of a node of a parsed XML document.
type XMLNodeKind uint8

// The kinds of XML nodes.
const (
	XMLDocument XMLNodeKind = iota
	XMLElement
	XMLAttr
	XMLText
	XMLCData
	XMLComment
	XMLPI
)

// XMLNode is a node of a document ParseXMLDocument read: Name is an
// element's or attribute's qualified name or a processing instruction's
// target, Value the text of a text, CDATA, comment or processing
// instruction node or an attribute's value (references replaced).
// Namespace declarations are attributes, as written.
type XMLNode struct {
	Kind     XMLNodeKind
	Name     string
	Value    string
	Parent   *XMLNode
	Attrs    []*XMLNode
	Children []*XMLNode
	index    int // among the parent's children (or attributes)
}

// Index is the node's position among its parent's children (an
// attribute's among its element's attributes).
func (n *XMLNode) Index() int { return n.index }

// ParseXMLDocument reads s as a document (after its XML declaration, as
// PostgreSQL's xpath does), failing as XMLPARSE(DOCUMENT) fails but with
// message "could not parse XML document".
func ParseXMLDocument(s string) (*XMLNode, error) {
	// XML's end-of-line handling.
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	doc := &XMLNode{Kind: XMLDocument}
	p := &xmlParser{src: s, build: true, cur: doc}
	p.document()
	if len(p.errs) > 0 {
		return nil, errs.New(codeInvalidXMLDocument, "could not parse XML document").WithDetail("%s", strings.Join(p.errs, "\n"))
	}
	return doc, nil
}

// add appends n to the node being filled, after the text before it.
func (p *xmlParser) add(n *XMLNode) {
	if !p.build {
		return
	}
	p.flush()
	n.Parent, n.index = p.cur, len(p.cur.Children)
	p.cur.Children = append(p.cur.Children, n)
}

// flush appends the character data read since the last node.
func (p *xmlParser) flush() {
	if !p.build || p.text.Len() == 0 {
		return
	}
	s := p.text.String()
	p.text.Reset()
	p.add(&XMLNode{Kind: XMLText, Value: s})
}

// StringValue is XPath's string-value of the node: the text of an
// element's or the document's descendant text and CDATA nodes.
func (n *XMLNode) StringValue() string {
	switch n.Kind {
	case XMLDocument, XMLElement:
		var b strings.Builder
		var walk func(*XMLNode)
		walk = func(n *XMLNode) {
			for _, c := range n.Children {
				switch c.Kind {
				case XMLText, XMLCData:
					b.WriteString(c.Value)
				case XMLElement:
					walk(c)
				}
			}
		}
		walk(n)
		return b.String()
	}
	return n.Value
}

// NamespaceURI is the namespace an element or attribute name is in:
// its prefix's (or, for an element without one, the default
// namespace's) nearest declaration.
func (n *XMLNode) NamespaceURI() string {
	prefix, _, ok := strings.Cut(n.Name, ":")
	if !ok {
		if n.Kind == XMLAttr {
			return ""
		}
		prefix = ""
	}
	uri, _ := n.lookupNS(prefix)
	return uri
}

// lookupNS finds the declaration of prefix ("" for the default
// namespace) in scope at n.
func (n *XMLNode) lookupNS(prefix string) (string, bool) {
	if prefix == "xml" {
		return "http://www.w3.org/XML/1998/namespace", true
	}
	want := "xmlns"
	if prefix != "" {
		want = "xmlns:" + prefix
	}
	for e := n; e != nil; e = e.Parent {
		if e.Kind != XMLElement {
			continue
		}
		for _, a := range e.Attrs {
			if a.Name == want {
				return a.Value, true
			}
		}
	}
	return "", false
}

// IsNamespaceDecl reports an xmlns or xmlns:prefix attribute.
func (n *XMLNode) IsNamespaceDecl() bool {
	return n.Kind == XMLAttr && (n.Name == "xmlns" || strings.HasPrefix(n.Name, "xmlns:"))
}

// AppendXML serializes the node as libxml2's xmlNodeDump does a copy of
// it: an element carries the namespace declarations it and its
// descendants use from outside it.
func (n *XMLNode) AppendXML(buf []byte) []byte {
	if n.Kind == XMLDocument {
		for _, c := range n.Children {
			buf = c.appendXML(buf, nil)
		}
		return append(buf, '\n')
	}
	if n.Kind != XMLElement {
		return n.appendXML(buf, nil)
	}
	// The declarations a copy of the element needs at its top, in the
	// order libxml2's xmlStaticCopyNode adds them.
	var extra []*XMLNode
	declared := func(e *XMLNode, name string) bool {
		for x := e; x != nil && x != n.Parent; x = x.Parent {
			for _, a := range x.Attrs {
				if a.Name == name {
					return true
				}
			}
		}
		for _, a := range extra {
			if a.Name == name {
				return true
			}
		}
		return false
	}
	need := func(e *XMLNode, name string) {
		prefix, _, ok := strings.Cut(name, ":")
		decl := "xmlns"
		if !ok {
			prefix = ""
		} else {
			if prefix == "xml" || prefix == "xmlns" {
				return
			}
			decl = "xmlns:" + prefix
		}
		if declared(e, decl) {
			return
		}
		if uri, found := e.lookupNS(prefix); found && (uri != "" || ok) {
			extra = append(extra, &XMLNode{Kind: XMLAttr, Name: decl, Value: uri})
		}
	}
	var walk func(e *XMLNode)
	walk = func(e *XMLNode) {
		need(e, e.Name)
		for _, a := range e.Attrs {
			if !a.IsNamespaceDecl() && strings.Contains(a.Name, ":") {
				need(e, a.Name)
			}
		}
		for _, c := range e.Children {
			if c.Kind == XMLElement {
				walk(c)
			}
		}
	}
	walk(n)
	return n.appendXML(buf, extra)
}

func (n *XMLNode) appendXML(buf []byte, extra []*XMLNode) []byte {
	switch n.Kind {
	case XMLText:
		return appendXMLEscaped(buf, n.Value, false)
	case XMLCData:
		return append(append(append(buf, "<![CDATA["...), n.Value...), "]]>"...)
	case XMLComment:
		return append(append(append(buf, "<!--"...), n.Value...), "-->"...)
	case XMLPI:
		buf = append(append(buf, "<?"...), n.Name...)
		if n.Value != "" {
			buf = append(append(buf, ' '), n.Value...)
		}
		return append(buf, "?>"...)
	case XMLAttr:
		return appendXMLEscaped(buf, n.Value, true)
	}
	buf = append(append(buf, '<'), n.Name...)
	// libxml2 keeps namespace declarations apart and writes them first.
	attr := func(a *XMLNode) {
		buf = append(append(append(buf, ' '), a.Name...), `="`...)
		buf = append(appendXMLEscaped(buf, a.Value, true), '"')
	}
	for _, a := range n.Attrs {
		if a.IsNamespaceDecl() {
			attr(a)
		}
	}
	for _, a := range extra {
		attr(a)
	}
	for _, a := range n.Attrs {
		if !a.IsNamespaceDecl() {
			attr(a)
		}
	}
	if len(n.Children) == 0 {
		return append(buf, "/>"...)
	}
	buf = append(buf, '>')
	for _, c := range n.Children {
		buf = c.appendXML(buf, nil)
	}
	return append(append(append(buf, "</"...), n.Name...), '>')
}

// EscapeXMLAttr escapes an attribute value as libxml2 writes one.
func EscapeXMLAttr(s string) string { return string(appendXMLEscaped(nil, s, true)) }

// appendXMLEscaped escapes text as libxml2 writes it: &, < and > (and
// in attribute values also ", tabs and line ends) as references.
func appendXMLEscaped(buf []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&':
			buf = append(buf, "&amp;"...)
		case c == '<':
			buf = append(buf, "&lt;"...)
		case c == '>':
			buf = append(buf, "&gt;"...)
		case c == '\r':
			buf = append(buf, "&#13;"...)
		case attr && c == '"':
			buf = append(buf, "&quot;"...)
		case attr && c == '\n':
			buf = append(buf, "&#10;"...)
		case attr && c == '\t':
			buf = append(buf, "&#9;"...)
		default:
			buf = append(buf, c)
		}
	}
	return buf
}
