package value

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestCheckXML(t *testing.T) {
	// Each detail is PostgreSQL 15's (with libxml2) for the input.
	tests := []struct {
		in       string
		document bool
		code     string // "" when well-formed
		detail   string
	}{
		{in: "", code: ""},
		{in: "abc"},
		{in: "<a/><b/>text"},
		{in: "<a x = \"1\" />"},
		{in: "<a></a >"},
		{in: "<a:b/>"},
		{in: "<a>&lt;&#x41;&#65;&amp;</a>"},
		{in: "<a><![CDATA[x]]><!-- c --><?pi x?></a>"},
		{in: `<?xml version="1.0"?><a/>`},
		{in: `<?xml-stylesheet href="x"?><a/>`},
		{in: "<!DOCTYPE a><a/>"},
		{in: `<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`},
		{in: "  <a/>  <!-- c -->", document: true},
		{in: "<a>", code: "2200N", detail: "line 1: Premature end of data in tag a line 1\n<a>\n   ^"},
		{in: "<a></b>", code: "2200N", detail: "line 1: Opening and ending tag mismatch: a line 1 and b\n<a></b>\n       ^"},
		{in: "<a>\n<b>\n</a>", code: "2200N", detail: "line 3: Opening and ending tag mismatch: b line 2 and a\n</a>\n    ^\nline 3: Premature end of data in tag a line 1\n</a>\n    ^"},
		{in: `<a x="1" x="2"/>`, code: "2200N", detail: "line 1: Attribute x redefined\n<a x=\"1\" x=\"2\"/>\n              ^"},
		{in: "&foo;", code: "2200N", detail: "line 1: Entity 'foo' not defined\n&foo;\n     ^"},
		{in: ` <?xml version="1.0"?><a/>`, code: "2200N", detail: "line 1: XML declaration allowed only at the start of the document\n <?xml version=\"1.0\"?><a/>\n      ^"},
		{in: "<1a/>", code: "2200N", detail: "line 1: StartTag: invalid element name\n<1a/>\n ^"},
		{in: "<a b=1/>", code: "2200N", detail: "line 1: AttValue: \" or ' expected\n<a b=1/>\n     ^\nline 1: attributes construct error\n<a b=1/>\n     ^\nline 1: Couldn't find end of Start Tag a line 1\n<a b=1/>\n     ^"},
		{in: "<a>]]></a>", code: "2200N", detail: "line 1: Sequence ']]>' not allowed in content\n<a>]]></a>\n   ^"},
		{in: "<!-- a -- b -->", code: "2200N", detail: "line 1: Double hyphen within comment: <!-- a \n<!-- a -- b -->\n       ^"},
		{in: "<a>&#0;</a>", code: "2200N", detail: "line 1: xmlParseCharRef: invalid xmlChar value 0\n<a>&#0;</a>\n       ^"},
		{in: "<a>&amp</a>", code: "2200N", detail: "line 1: EntityRef: expecting ';'\n<a>&amp</a>\n       ^"},
		{in: "&", code: "2200N", detail: "line 1: xmlParseEntityRef: no name\n&\n ^"},
		{in: "</a>", code: "2200N", detail: "line 1: chunk is not well balanced\n</a>\n^"},
		{in: "<!-- x", code: "2200N", detail: "line 1: Comment not terminated\n<!-- x\n      ^"},
		{in: "<?pi x", code: "2200N", detail: "line 1: ParsePI: PI pi never end ...\n<?pi x\n      ^"},
		{in: "<a", code: "2200N", detail: "line 1: Couldn't find end of Start Tag a line 1\n<a\n  ^"},
		{in: `<a x="1"y="2"/>`, code: "2200N", detail: "line 1: attributes construct error\n<a x=\"1\"y=\"2\"/>\n        ^\nline 1: Couldn't find end of Start Tag a line 1\n<a x=\"1\"y=\"2\"/>\n        ^"},
		{in: "<!DOCTYPE a><a/><b/>", code: "2200N", detail: "line 1: Extra content at the end of the document\n<!DOCTYPE a><a/><b/>\n                ^"},
		{in: "<?xml?>", code: "2200N", detail: "Space required."},
		{in: `<?xml version="1.0" foo="x"?><a/>`, code: "2200N", detail: "Parsing XML declaration: '?>' expected."},
		{in: "<a/><b/>", document: true, code: "2200M", detail: "line 1: Extra content at the end of the document\n<a/><b/>\n    ^"},
		{in: "abc", document: true, code: "2200M", detail: "line 1: Start tag expected, '<' not found\nabc\n^"},
		{in: `<?xml version="1.0"?>`, document: true, code: "2200M", detail: "line 1: Start tag expected, '<' not found\n<?xml version=\"1.0\"?>\n                     ^"},
	}
	for _, tc := range tests {
		err := CheckXML(tc.in, tc.document)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%q (document %v): %v", tc.in, tc.document, err)
			}
			continue
		}
		e := errs.From(err)
		if e == nil || e.Code != tc.code || e.Detail != tc.detail {
			t.Errorf("%q (document %v):\n got %v\nwant %s %q", tc.in, tc.document, e, tc.code, tc.detail)
			if e != nil {
				t.Logf("detail %q", e.Detail)
			}
		}
	}
}

func TestXMLOut(t *testing.T) {
	tests := []struct{ in, out string }{
		{"<a/>", "<a/>"},
		{`<?xml version="1.0"?><a/>`, "<a/>"},
		{"<?xml version=\"1.0\"?>\n<a/>", "<a/>"},
		{`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>`, `<?xml version="1.0" standalone="yes"?><a/>`},
		{"<?xml version='1.1' encoding='latin1'?>\n<a/>", "<?xml version=\"1.1\"?>\n<a/>"},
		{`<?xml-stylesheet href="x"?><a/>`, `<?xml-stylesheet href="x"?><a/>`},
	}
	for _, tc := range tests {
		if got := XMLOut(tc.in); got != tc.out {
			t.Errorf("XMLOut(%q) = %q, want %q", tc.in, got, tc.out)
		}
	}
}

func FuzzCheckXML(f *testing.F) {
	for _, s := range []string{"<a/>", "<a x='1'>t&amp;<![CDATA[c]]><!--c--><?p x?></a>", `<?xml version="1.0"?><a/>`, "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", "<a>\n<b>\n</a>", "&#x41;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		contentErr := CheckXML(s, false)
		docErr := CheckXML(s, true)
		doc, err := ParseXMLDocument(s)
		if (err == nil) != (docErr == nil) && !strings.Contains(s, "\r") {
			t.Fatalf("%q: ParseXMLDocument %v, CheckXML %v", s, err, docErr)
		}
		if doc != nil {
			// Its serialization is well-formed content again.
			out := string(doc.AppendXML(nil))
			if err := CheckXML(out, false); err != nil && !strings.Contains(s, "<!DOCTYPE") {
				t.Fatalf("%q -> %q: %v", s, out, err)
			}
		}
		if contentErr != nil || docErr != nil {
			return
		}
		// A document is content too, and its output is again.
		if err := CheckXML(XMLOut(s), false); err != nil && !strings.Contains(s, "<!DOCTYPE") {
			t.Fatalf("%q -> %q: %v", s, XMLOut(s), err)
		}
	})
}

func TestXMLNodeSerialization(t *testing.T) {
	// Each element's serialization as PostgreSQL's xpath('//*', doc)
	// gives it (libxml2's xmlNodeDump of a copy).
	tests := []struct{ doc, want string }{
		{`<a><b x="1">t&amp;</b><b/><b></b></a>`, `<a><b x="1">t&amp;</b><b/><b/></a>|<b x="1">t&amp;</b>|<b/>|<b/>`},
		{`<a xmlns="http://x"><b>1</b></a>`, `<a xmlns="http://x"><b>1</b></a>|<b xmlns="http://x">1</b>`},
		{`<a xmlns:n="http://x"><b n:x="1" y='"'/></a>`, `<a xmlns:n="http://x"><b n:x="1" y="&quot;"/></a>|<b xmlns:n="http://x" n:x="1" y="&quot;"/>`},
		{"<a x=\"1\n2\" y=\"&#10;\"><![CDATA[<x>]]><!--c--><?p d?></a>", `<a x="1 2" y="&#10;"><![CDATA[<x>]]><!--c--><?p d?></a>`},
	}
	for _, tc := range tests {
		doc, err := ParseXMLDocument(tc.doc)
		if err != nil {
			t.Fatalf("%q: %v", tc.doc, err)
		}
		var got []string
		var walk func(n *XMLNode)
		walk = func(n *XMLNode) {
			for _, c := range n.Children {
				if c.Kind == XMLElement {
					got = append(got, string(c.AppendXML(nil)))
					walk(c)
				}
			}
		}
		walk(doc)
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.doc, g, tc.want)
		}
	}
}
