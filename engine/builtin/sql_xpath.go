package builtin

import (
	"strings"

	"github.com/antchfx/xpath"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// xpath and xpath_exists evaluate XPath 1.0 over an xml value with
// github.com/antchfx/xpath (a maintained, dependency-free XPath 1.0
// engine that walks any tree through its NodeNavigator) over the
// document value.ParseXMLDocument reads, so that what parses, and how
// result nodes serialize, is PostgreSQL's (libxml2's) and not another
// parser's. Processing instructions are not visible to the navigator
// (antchfx/xpath has no node type for them).

func xpathFuncs() []*Func {
	xml := func(s string) value.Value { return value.String(s) }
	ns := value.Array([]value.Value{vs("n"), vs("http://x")}, []int{1, 2}, []int{1, 1})
	params := []value.Type{value.TypeText, value.TypeXML, value.ArrayOf(value.TypeText)}
	exists := func(_ string, _ *Context, args []value.Value) (value.Value, error) {
		items, err := xpathEval(args)
		if err != nil {
			return value.None, err
		}
		return value.Bool(len(items) > 0), nil
	}
	return []*Func{
		withParams(sqlDef("xpath", 2, 3, "xpath(xpath, xml [, nsarray]): the XPath 1.0 expression's result over the xml document: its nodes, or its number, string or boolean, as an xml[]; nsarray maps prefixes to namespace URIs ({{prefix,uri},...}).", resultOf(value.ArrayOf(value.TypeXML)),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				items, err := xpathEval(args)
				if err != nil {
					return value.None, err
				}
				return value.Array(items, nil, nil), nil
			}, ex(`["<b>1</b>", "<b/>"]`, vs("/a/b"), xml("<a><b>1</b><b/></a>")), ex(`["2"]`, vs("count(/a/*)"), xml("<a><b/><c/></a>")),
			ex(`["1"]`, vs("/n:a/n:b/text()"), xml(`<a xmlns="http://x"><b>1</b></a>`), ns),
			exErr("2200M", vs("/a"), xml("<a/><b/>"))), params),
		withParams(sqlDef("xpath_exists", 2, 3, "xpath_exists(xpath, xml [, nsarray]): whether the XPath 1.0 expression selects a node (always true for a number, string or boolean result).", resultOf(value.TypeBool),
			exists, ex("true", vs("/a/b"), xml("<a><b/></a>")), ex("false", vs("/a/c"), xml("<a><b/></a>"))), params),
		withParams(sqlDef("xmlexists", 2, 2, "XMLEXISTS(xpath PASSING [BY REF|VALUE] xml): xpath_exists without namespaces.", resultOf(value.TypeBool),
			exists, ex("true", vs("//b"), xml("<a><b/></a>"))), params[:2]),
	}
}

// xpathEval is xpath's result as a list of xml values.
func xpathEval(args []value.Value) (items []value.Value, err error) {
	path := args[0].AsString()
	if path == "" {
		return nil, errs.New(errs.DataException, "empty XPath expression")
	}
	namespaces := map[string]string{}
	if len(args) > 2 {
		if namespaces, err = xpathNamespaces(args[2]); err != nil {
			return nil, err
		}
	}
	// PostgreSQL reads the value as a document after its XML declaration.
	s := args[1].AsString()
	if d, err := value.ParseXMLDecl(s); err == nil {
		s = s[d.Len:]
	}
	doc, err := value.ParseXMLDocument(s)
	if err != nil {
		return nil, err
	}
	expr, err := compileXPath(path, namespaces)
	if err != nil {
		return nil, err
	}
	defer func() {
		// The engine panics on some expressions it compiled (a function
		// of the wrong argument types, say).
		if r := recover(); r != nil {
			items, err = nil, errs.New(errs.InternalError, "could not create XPath object").WithDetail("%v", r)
		}
	}()
	switch r := expr.Evaluate(&xmlNav{root: doc, cur: doc}).(type) {
	case *xpath.NodeIterator:
		for r.MoveNext() {
			nav := r.Current().(*xmlNav)
			n := nav.cur
			switch n.Kind {
			case value.XMLAttr, value.XMLText:
				// The node's text, escaped (PostgreSQL's escape_xml).
				items = append(items, value.String(EscapeXML(n.Value)))
			default:
				items = append(items, value.String(string(n.AppendXML(nil))))
			}
		}
		if items == nil {
			items = []value.Value{}
		}
		return items, nil
	case float64:
		b, _ := value.AppendText(nil, value.Float(r), value.TypeFloat8)
		return []value.Value{value.String(string(b))}, nil
	case bool:
		if r {
			return []value.Value{value.String("true")}, nil
		}
		return []value.Value{value.String("false")}, nil
	case string:
		return []value.Value{value.String(EscapeXML(r))}, nil
	}
	return []value.Value{}, nil
}

// compileXPath compiles the expression, with libxml2's message for one
// it cannot read (antchfx/xpath panics on some).
func compileXPath(path string, namespaces map[string]string) (expr *xpath.Expr, err error) {
	defer func() {
		if r := recover(); r != nil {
			expr, err = nil, errs.New(errs.InternalError, "invalid XPath expression").WithDetail("%v", r)
		}
	}()
	expr, err = xpath.CompileWithNS(path, namespaces)
	if err != nil {
		return nil, errs.New(errs.InternalError, "invalid XPath expression").WithDetail("%s", err.Error())
	}
	return expr, nil
}

// xpathNamespaces reads xpath's namespace mappings: a two-dimensional
// array of {prefix, uri} pairs.
func xpathNamespaces(a value.Value) (map[string]string, error) {
	if a.IsSQLNull() {
		return map[string]string{}, nil
	}
	dims, _ := value.ArrayDims(a)
	if len(a.AsList()) == 0 {
		return map[string]string{}, nil
	}
	if len(dims) != 2 || dims[1] != 2 {
		return nil, errs.New(errs.DataException, "invalid array for XML namespace mapping").
			WithDetail("The array must be two-dimensional with length of the second axis equal to 2.")
	}
	m := map[string]string{}
	xs := a.AsList()
	for i := 0; i+1 < len(xs); i += 2 {
		if xs[i].IsSQLNull() || xs[i+1].IsSQLNull() {
			return nil, errs.New(errs.NullValueNotAllowed, "neither namespace name nor URI may be null")
		}
		m[xs[i].AsString()] = xs[i+1].AsString()
	}
	return m, nil
}

// xmlNav is antchfx/xpath's cursor over a parsed document: cur is the
// node (an attribute node when on one).
type xmlNav struct {
	root, cur *value.XMLNode
}

func (x *xmlNav) NodeType() xpath.NodeType {
	switch x.cur.Kind {
	case value.XMLDocument:
		return xpath.RootNode
	case value.XMLElement:
		return xpath.ElementNode
	case value.XMLAttr:
		return xpath.AttributeNode
	case value.XMLComment:
		return xpath.CommentNode
	}
	return xpath.TextNode
}

func (x *xmlNav) LocalName() string {
	if _, local, ok := strings.Cut(x.cur.Name, ":"); ok {
		return local
	}
	return x.cur.Name
}

// defaultNSPrefix is the prefix an element in a default namespace
// reports: an unprefixed name test (no namespace in XPath 1.0) must not
// match it, and antchfx/xpath compares prefixes for those.
const defaultNSPrefix = "\x00"

func (x *xmlNav) Prefix() string {
	if prefix, _, ok := strings.Cut(x.cur.Name, ":"); ok {
		return prefix
	}
	if x.cur.Kind == value.XMLElement && x.cur.NamespaceURI() != "" {
		return defaultNSPrefix
	}
	return ""
}

// NamespaceURL is the node's namespace, which antchfx/xpath compares
// with a prefixed name test's mapping.
func (x *xmlNav) NamespaceURL() string {
	if x.cur.Kind != value.XMLElement && x.cur.Kind != value.XMLAttr {
		return ""
	}
	return x.cur.NamespaceURI()
}

func (x *xmlNav) Value() string { return x.cur.StringValue() }

func (x *xmlNav) Copy() xpath.NodeNavigator { c := *x; return &c }

func (x *xmlNav) MoveToRoot() { x.cur = x.root }

func (x *xmlNav) MoveToParent() bool {
	if x.cur.Parent == nil {
		return false
	}
	x.cur = x.cur.Parent
	return true
}

func (x *xmlNav) MoveToNextAttribute() bool {
	var attrs []*value.XMLNode
	next := 0
	switch x.cur.Kind {
	case value.XMLElement:
		attrs = x.cur.Attrs
	case value.XMLAttr:
		attrs, next = x.cur.Parent.Attrs, x.cur.Index()+1
	default:
		return false
	}
	for ; next < len(attrs); next++ {
		if !attrs[next].IsNamespaceDecl() {
			x.cur = attrs[next]
			return true
		}
	}
	return false
}

// visible reports the nodes the navigator shows (all but processing
// instructions).
func visible(n *value.XMLNode) bool { return n.Kind != value.XMLPI }

// step moves to the first visible sibling from index i on, by dir.
func (x *xmlNav) step(i, dir int) bool {
	if x.cur.Kind == value.XMLAttr || x.cur.Parent == nil {
		return false
	}
	sibs := x.cur.Parent.Children
	for ; i >= 0 && i < len(sibs); i += dir {
		if visible(sibs[i]) {
			x.cur = sibs[i]
			return true
		}
	}
	return false
}

func (x *xmlNav) MoveToChild() bool {
	if x.cur.Kind == value.XMLAttr {
		return false
	}
	for _, c := range x.cur.Children {
		if visible(c) {
			x.cur = c
			return true
		}
	}
	return false
}

func (x *xmlNav) MoveToFirst() bool { return x.step(0, 1) }

func (x *xmlNav) MoveToNext() bool {
	if x.cur.Kind == value.XMLAttr || x.cur.Parent == nil {
		return false
	}
	return x.step(x.cur.Index()+1, 1)
}

func (x *xmlNav) MoveToPrevious() bool {
	if x.cur.Kind == value.XMLAttr || x.cur.Parent == nil {
		return false
	}
	return x.step(x.cur.Index()-1, -1)
}

func (x *xmlNav) MoveTo(other xpath.NodeNavigator) bool {
	o, ok := other.(*xmlNav)
	if !ok || o.root != x.root {
		return false
	}
	x.cur = o.cur
	return true
}
