package builtin

import (
	"encoding/base64"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The functions of SQL's xml type (value/xml.go checks and prints it).
// The SQL front end turns XMLPARSE, XMLSERIALIZE, IS DOCUMENT,
// XMLELEMENT, XMLFOREST, XMLCONCAT, XMLPI, XMLROOT and xmlagg into calls
// of these, with each value already mapped to its XML text (xmlvalue).

const (
	codeNotXMLDocument    = "2200L"
	codeInvalidXMLComment = "2200S"
	codeInvalidXMLPI      = "2200T"
)

func xmlFuncs() []*Func {
	xml := func(s string) value.Value { return value.String(s) }
	text := []value.Type{value.TypeText}
	wellFormed := func(name, doc string, document bool, e ...Example) *Func {
		f := sqlDef(name, 1, 1, doc, resultOf(value.TypeBool), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(value.CheckXML(args[0].AsString(), document) == nil), nil
		}, e...)
		f.Params = text
		return f
	}
	fs := []*Func{
		wellFormed("xml_is_well_formed", "xml_is_well_formed(text): whether the text is well-formed XML content (xmloption content).", false,
			ex("true", vs("<a/>text")), ex("false", vs("<a>"))),
		wellFormed("xml_is_well_formed_content", "xml_is_well_formed_content(text): whether the text is well-formed XML content.", false,
			ex("true", vs("<a/><b/>"))),
		wellFormed("xml_is_well_formed_document", "xml_is_well_formed_document(text): whether the text is a well-formed XML document (one root element).", true,
			ex("false", vs("<a/><b/>")), ex("true", vs("<a/>"))),
		sqlDef("xml", 1, 1, "xml(text): the text as xml content, checked (the cast text::xml).", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return xmlParse(args[0].AsString(), false)
			}, ex(`"<a/>"`, vs("<a/>")), exErr("2200N", vs("<a>"))),
		sqlDef("xml_out", 1, 1, "xml_out(xml): the value's output text, its XML declaration written again (what concat, format, to_json and records show; a cast to text gives the stored text).", resultOf(value.TypeText),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return value.String(value.XMLOut(args[0].AsString())), nil
			}, ex(`"<a/>"`, xml(`<?xml version="1.0"?><a/>`))),
		sqlDef("xmlparse", 2, 2, "xmlparse(text, document): XMLPARSE(DOCUMENT|CONTENT text): the text as xml, checked as a document or as content.", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return xmlParse(args[0].AsString(), args[1].AsBool())
			}, ex(`"<a/>"`, vs("<a/>"), value.Bool(true)), exErr("2200M", vs("<a/><b/>"), value.Bool(true))),
		sqlDef("xmlserialize", 2, 2, "xmlserialize(xml, document): XMLSERIALIZE(DOCUMENT|CONTENT xml AS text): its text, which must be a document for DOCUMENT.", resultOf(value.TypeText),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				s := args[0].AsString()
				if args[1].AsBool() && value.CheckXML(s, true) != nil {
					return value.None, errs.New(codeNotXMLDocument, "not an XML document")
				}
				return value.String(s), nil
			}, ex(`"<a/>"`, xml("<a/>"), value.Bool(true)), exErr("2200L", xml("<a/><b/>"), value.Bool(true))),
		sqlDef("xml_is_document", 1, 1, "xml IS DOCUMENT: whether the xml value is a document (one root element).", resultOf(value.TypeBool),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return value.Bool(value.CheckXML(args[0].AsString(), true) == nil), nil
			}, ex("true", xml("<a/>")), ex("false", xml("a"))),
		withParams(sqlDef("xmlcomment", 1, 1, "xmlcomment(text): an XML comment of the text, which must not contain -- nor end with -.", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				s := args[0].AsString()
				if strings.Contains(s, "--") || strings.HasSuffix(s, "-") {
					return value.None, errs.New(codeInvalidXMLComment, "invalid XML comment")
				}
				return value.String("<!--" + s + "-->"), nil
			}, ex(`"<!--hi-->"`, vs("hi")), exErr("2200S", vs("a--b"))), text),
		nonStrict(sqlDef("xmlconcat", 1, -1, "xmlconcat(xml, ...): XMLCONCAT: the xml values one after the other (NULLs left out; NULL when all are), under one XML declaration as PostgreSQL merges them.", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return xmlConcat(args), nil
			}, ex(`"<a/><b/>"`, xml("<a/>"), value.None, xml("<b/>")))),
		sqlDef("xmlagg_final", 1, 1, "xmlagg_final(xml[]): xmlagg's result from the array of its inputs: their XMLCONCAT.", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return xmlAgg(args[0].AsList()), nil
			}, ex(`"<a/><b/>"`, value.Array([]value.Value{xml("<a/>"), value.None, xml("<b/>")}, nil, nil))),
		nonStrict(sqlDef("xmlvalue", 3, 3, "xmlvalue(text, kind, escape): a SQL value's text as XML maps it (kind b boolean, d date, t timestamp, z timestamptz, y bytea, x xml, s any other; a before it for an array of text of those), escaped as element content when escape is true.", resultOf(value.TypeText),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsSQLNull() {
					return value.None, nil
				}
				kind := args[1].AsString()
				if elem, ok := strings.CutPrefix(kind, "a"); ok {
					// An array: each element that is not NULL, mapped as
					// content, in an element named element.
					var b strings.Builder
					for _, e := range args[0].AsList() {
						if e.IsSQLNull() {
							continue
						}
						s, err := xmlValue(e.AsString(), elem, true)
						if err != nil {
							return value.None, err
						}
						b.WriteString("<element>" + s + "</element>")
					}
					return value.String(b.String()), nil
				}
				s, err := xmlValue(args[0].AsString(), kind, args[2].AsBool())
				return value.String(s), err
			}, ex(`"true"`, vs("t"), vs("b"), value.Bool(true)), ex(`"a&lt;b"`, vs("a<b"), vs("s"), value.Bool(true)),
			ex(`"<element>1</element>"`, value.Array([]value.Value{vs("1"), value.None}, nil, nil), vs("as"), value.Bool(true)),
			ex(`"2020-01-02T03:04:05"`, vs("2020-01-02 03:04:05"), vs("t"), value.Bool(true)), exErr("22008", vs("infinity"), vs("d"), value.Bool(true)))),
		nonStrict(sqlDef("xmlelement", 2, -1, "xmlelement(name, n, attribute name, value, ..., content, ...): XMLELEMENT: an element of n attributes (those of NULL values left out) and the content (values already mapped by xmlvalue).", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				return xmlElement(args)
			}, ex(`"<a b=\"1&amp;\">x</a>"`, vs("a"), vi(1), vs("b"), vs("1&"), vs("x")), ex(`"<a/>"`, vs("a"), vi(0)))),
		nonStrict(sqlDef("xmlforest", 2, -1, "xmlforest(name, value, ...): XMLFOREST: an element of each value that is not NULL (values already mapped by xmlvalue); NULL when all are.", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				var b strings.Builder
				found := false
				for i := 0; i+1 < len(args); i += 2 {
					if args[i+1].IsSQLNull() {
						continue
					}
					found = true
					name := args[i].AsString()
					b.WriteString("<" + name + ">" + args[i+1].AsString() + "</" + name + ">")
				}
				if !found {
					return value.None, nil
				}
				return value.String(b.String()), nil
			}, ex(`"<a>1</a>"`, vs("a"), vs("1"), vs("b"), value.None))),
		nonStrict(sqlDef("xmlpi", 1, 2, "xmlpi(target [, content]): XMLPI: a processing instruction (NULL for NULL content).", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				target := args[0].AsString()
				if strings.EqualFold(target, "xml") {
					return value.None, errs.New(errs.SyntaxError, "invalid XML processing instruction").
						WithDetail("XML processing instruction target name cannot be \"%s\".", target)
				}
				s := "<?" + target
				if len(args) > 1 {
					if args[1].IsSQLNull() {
						return value.None, nil
					}
					c := args[1].AsString()
					if strings.Contains(c, "?>") {
						return value.None, errs.New(codeInvalidXMLPI, "invalid XML processing instruction").
							WithDetail("XML processing instruction cannot contain \"?>\".")
					}
					s += " " + strings.TrimLeft(c, " ")
				}
				return value.String(s + "?>"), nil
			}, ex(`"<?php x?>"`, vs("php"), vs("  x")), exErr("42601", vs("XML")))),
		nonStrict(sqlDef("xmlroot", 3, 3, "xmlroot(xml, version, standalone): XMLROOT: the value under a new XML declaration (version NULL for NO VALUE; standalone 0 yes, 1 no, 2 no value, 3 as it was).", resultOf(value.TypeXML),
			func(_ string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].IsSQLNull() {
					return value.None, nil
				}
				s := args[0].AsString()
				d, _ := value.ParseXMLDecl(s)
				version := ""
				if !args[1].IsSQLNull() {
					version = args[1].AsString()
				}
				switch args[2].AsInt() {
				case 0:
					d.Standalone = 1
				case 1:
					d.Standalone = 0
				case 2:
					d.Standalone = -1
				}
				buf, _ := value.AppendXMLDecl(nil, version, d.Standalone)
				return value.String(string(buf) + s[d.Len:]), nil
			}, ex(`"<?xml version=\"1.0\" standalone=\"yes\"?><a/>"`, xml("<a/>"), vs("1.0"), vi(0)))),
	}
	return fs
}

func withParams(f *Func, params []value.Type) *Func {
	f.Params = params
	return f
}

// xmlParse is XMLPARSE: the text itself, once it is well-formed.
func xmlParse(s string, document bool) (value.Value, error) {
	if err := value.CheckXML(s, document); err != nil {
		return value.None, err
	}
	return value.String(s), nil
}

// xmlConcat is PostgreSQL's xmlconcat: the values without their XML
// declarations, under one that keeps a version all of them declare
// alike and standalone when every one says it (no when one says no).
func xmlConcat(args []value.Value) value.Value {
	var b strings.Builder
	standalone, version, noVersion := 1, "", false
	n := 0
	for _, a := range args {
		if a.IsSQLNull() {
			continue
		}
		n++
		s := a.AsString()
		d, err := value.ParseXMLDecl(s)
		if err != nil {
			d = value.XMLDecl{Standalone: -1}
		}
		if d.Standalone == 0 && standalone == 1 {
			standalone = 0
		}
		if d.Standalone < 0 {
			standalone = -1
		}
		switch {
		case d.Version == "":
			noVersion = true
		case version == "":
			version = d.Version
		case d.Version != version:
			noVersion = true
		}
		b.WriteString(s[d.Len:])
	}
	if n == 0 {
		return value.None
	}
	if noVersion {
		version = ""
	}
	if !noVersion || standalone >= 0 {
		decl, _ := value.AppendXMLDecl(nil, version, standalone)
		return value.String(string(decl) + b.String())
	}
	return value.String(b.String())
}

// xmlAgg concatenates the aggregated values two at a time, as
// PostgreSQL's xmlconcat2 transition does.
func xmlAgg(xs []value.Value) value.Value {
	acc := value.None
	for _, x := range xs {
		switch {
		case x.IsSQLNull():
		case acc.IsSQLNull():
			acc = x
		default:
			acc = xmlConcat([]value.Value{acc, x})
		}
	}
	return acc
}

// xmlValue is map_sql_value_to_xml_value of a value's text: booleans,
// dates and timestamps in XML Schema's forms, bytea in base64, other
// values (but xml) escaped when they are element content.
func xmlValue(s, kind string, escape bool) (string, error) {
	switch kind {
	case "x":
		return s, nil
	case "b":
		if s == "t" || s == "true" {
			return "true", nil
		}
		return "false", nil
	case "d", "t", "z":
		if strings.HasSuffix(s, "infinity") {
			what := "timestamp"
			if kind == "d" {
				what = "date"
			}
			return "", errs.New(errs.DatetimeFieldOverflow, "%s out of range", what).
				WithDetail("XML does not support infinite %s values.", what)
		}
		if kind == "d" {
			return s, nil
		}
		s = strings.Replace(s, " ", "T", 1)
		if kind == "z" {
			// The offset as +hh:mm (PostgreSQL's text leaves out :00).
			if i := strings.LastIndexAny(s, "+-"); i > 10 && len(s)-i == 3 {
				s += ":00"
			}
		}
		return s, nil
	case "y":
		raw, err := value.ParseText(s, value.TypeBytea)
		if err != nil {
			return "", err
		}
		return base64.StdEncoding.EncodeToString([]byte(raw.AsString())), nil
	}
	if escape {
		return EscapeXML(s), nil
	}
	return s, nil
}

// EscapeXML is PostgreSQL's escape_xml: &, <, > and carriage returns
// as references (quotes stay as they are).
func EscapeXML(s string) string {
	if !strings.ContainsAny(s, "&<>\r") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#x0d;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// xmlElement is XMLELEMENT of xmlelement's arguments (see its doc).
func xmlElement(args []value.Value) (value.Value, error) {
	if args[0].IsSQLNull() || args[1].IsSQLNull() {
		return value.None, nil
	}
	name := args[0].AsString()
	if args[1].Kind() != value.KindInt || args[1].AsInt() < 0 || args[1].AsInt() > int64(len(args)-2)/2 {
		return value.None, errs.New(errs.InvalidParameterValue, "xmlelement: bad attribute count for %d arguments", len(args))
	}
	n := int(args[1].AsInt())
	var b strings.Builder
	b.WriteString("<" + name)
	for i := 0; i < n; i++ {
		v := args[3+2*i]
		if v.IsSQLNull() {
			continue
		}
		b.WriteString(" " + args[2+2*i].AsString() + `="` + value.EscapeXMLAttr(v.AsString()) + `"`)
	}
	content := false
	for _, c := range args[2+2*n:] {
		if c.IsSQLNull() {
			continue
		}
		if !content {
			b.WriteByte('>')
			content = true
		}
		b.WriteString(c.AsString())
	}
	if !content {
		b.WriteString("/>")
	} else {
		b.WriteString("</" + name + ">")
	}
	return value.String(b.String()), nil
}
