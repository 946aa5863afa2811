package sqlfe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SQL/XML's expressions (the xml type is value/xml.go's, the functions
// engine/builtin/sql_xml.go's): XMLPARSE, XMLSERIALIZE, IS DOCUMENT,
// XMLCONCAT, XMLELEMENT with XMLATTRIBUTES, XMLFOREST, XMLPI and XMLROOT
// become calls of the builtins, each value first mapped to its XML text
// as PostgreSQL's map_sql_value_to_xml_value does (sql::xmlvalue).

// xmlExpr translates pg_query's XmlExpr.
func (tr *translator) xmlExpr(x *pg.XmlExpr, ec *exprCtx) (texpr, error) {
	p := tr.pos(x.Location)
	call := func(fn string, t value.Type, args ...plan.Expr) texpr {
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::" + fn, Args: args, SQL: true}, t: t}
	}
	switch x.Op {
	case pg.XmlExprOp_IS_XMLPARSE:
		arg, err := tr.xmlArg(x.Args[0], value.TypeText, "XMLPARSE", ec)
		if err != nil {
			return texpr{}, err
		}
		return call("xmlparse", value.TypeXML, arg.e, boolConst(x.Xmloption == pg.XmlOptionType_XMLOPTION_DOCUMENT)), nil
	case pg.XmlExprOp_IS_DOCUMENT:
		arg, err := tr.xmlArg(x.Args[0], value.TypeXML, "IS DOCUMENT", ec)
		if err != nil {
			return texpr{}, err
		}
		return call("xml_is_document", value.TypeBool, arg.e), nil
	case pg.XmlExprOp_IS_XMLCONCAT:
		es := make([]plan.Expr, len(x.Args))
		for i, a := range x.Args {
			arg, err := tr.xmlArg(a, value.TypeXML, "XMLCONCAT", ec)
			if err != nil {
				return texpr{}, err
			}
			es[i] = arg.e
		}
		return call("xmlconcat", value.TypeXML, es...), nil
	case pg.XmlExprOp_IS_XMLPI:
		es := []plan.Expr{textConst(xmlName(x.Name, false), p)}
		if len(x.Args) > 0 {
			arg, err := tr.xmlArg(x.Args[0], value.TypeText, "XMLPI", ec)
			if err != nil {
				return texpr{}, err
			}
			es = append(es, arg.e)
		}
		return call("xmlpi", value.TypeXML, es...), nil
	case pg.XmlExprOp_IS_XMLROOT:
		doc, err := tr.xmlArg(x.Args[0], value.TypeXML, "XMLROOT", ec)
		if err != nil {
			return texpr{}, err
		}
		version, err := tr.xmlArg(x.Args[1], value.TypeText, "XMLROOT", ec)
		if err != nil {
			return texpr{}, err
		}
		standalone := int64(x.Args[2].GetAConst().GetIval().GetIval())
		return call("xmlroot", value.TypeXML, doc.e, version.e, &plan.Const{At: at(p), V: value.Int(standalone)}), nil
	case pg.XmlExprOp_IS_XMLELEMENT:
		es := []plan.Expr{textConst(xmlName(x.Name, false), p), nil}
		attrs, err := tr.xmlNamedArgs(x.NamedArgs, false, ec)
		if err != nil {
			return texpr{}, err
		}
		seen := map[string]bool{}
		for _, a := range attrs {
			if seen[a.name] {
				return texpr{}, errAt(errs.SyntaxError, a.p, "XML attribute name %q appears more than once", a.name)
			}
			seen[a.name] = true
			es = append(es, textConst(a.name, a.p), a.e)
		}
		es[1] = &plan.Const{At: at(p), V: value.Int(int64(len(attrs)))}
		for _, a := range x.Args {
			v, err := tr.expr(a, ec)
			if err != nil {
				return texpr{}, err
			}
			c, err := tr.xmlValue(v, true)
			if err != nil {
				return texpr{}, err
			}
			es = append(es, c.e)
		}
		return call("xmlelement", value.TypeXML, es...), nil
	case pg.XmlExprOp_IS_XMLFOREST:
		elems, err := tr.xmlNamedArgs(x.NamedArgs, true, ec)
		if err != nil {
			return texpr{}, err
		}
		var es []plan.Expr
		for _, a := range elems {
			es = append(es, textConst(a.name, a.p), a.e)
		}
		return call("xmlforest", value.TypeXML, es...), nil
	}
	return texpr{}, unsupported(p, fmt.Sprintf("XML expression %v", x.Op))
}

// xmlSerialize translates XMLSERIALIZE(DOCUMENT|CONTENT x AS type).
func (tr *translator) xmlSerialize(x *pg.XmlSerialize, ec *exprCtx) (texpr, error) {
	p := tr.pos(x.Location)
	if x.Indent {
		// PostgreSQL 16's; 15's grammar has no INDENT.
		return texpr{}, errAt(errs.SyntaxError, p, "syntax error at or near \"INDENT\"")
	}
	arg, err := tr.xmlArg(x.Expr, value.TypeXML, "XMLSERIALIZE", ec)
	if err != nil {
		return texpr{}, err
	}
	t, err := tr.typeName(x.TypeName)
	if err != nil {
		return texpr{}, err
	}
	if categoryOf(t) != catString || t.Array {
		return texpr{}, errAt(errs.CannotCoerce, p, "cannot cast XMLSERIALIZE result to %s", sqlTypeName(t))
	}
	s := texpr{e: &plan.Call{At: at(p), Fn: "sql::xmlserialize", SQL: true,
		Args: []plan.Expr{arg.e, boolConst(x.Xmloption == pg.XmlOptionType_XMLOPTION_DOCUMENT)}}, t: value.TypeText}
	return tr.coerce(s, t)
}

// xmlArg is an argument of an XML construct coerced to t as PostgreSQL's
// coerce_to_specific_type does (an assignment cast at most).
func (tr *translator) xmlArg(n *pg.Node, t value.Type, construct string, ec *exprCtx) (texpr, error) {
	x, err := tr.expr(n, ec)
	if err != nil {
		return texpr{}, err
	}
	if !x.unknown && !sameType(x.t, t) && (!assignable(x, t) || x.row != nil) {
		return texpr{}, errAt(errs.DatatypeMismatch, x.e.Pos(), "argument of %s must be type %s, not type %s", construct, sqlTypeName(t), typeName(x))
	}
	return tr.coerce(x, t)
}

// xmlNamed is a named argument of XMLATTRIBUTES or XMLFOREST, its value
// mapped to XML text.
type xmlNamed struct {
	name string
	e    plan.Expr
	p    int
}

// xmlNamedArgs reads XMLATTRIBUTES' or XMLFOREST's arguments: each
// named by its AS or else by the column it references.
func (tr *translator) xmlNamedArgs(args []*pg.Node, forest bool, ec *exprCtx) ([]xmlNamed, error) {
	out := make([]xmlNamed, 0, len(args))
	for _, a := range args {
		rt := a.GetResTarget()
		if rt == nil {
			continue
		}
		p := tr.pos(rt.Location)
		var name string
		switch {
		case rt.Name != "":
			name = xmlName(rt.Name, false)
		case rt.Val.GetColumnRef() != nil:
			col, _ := colname(rt.Val)
			name = xmlName(col, true)
		case forest:
			return nil, errAt(errs.SyntaxError, p, "unnamed XML element value must be a column reference")
		default:
			return nil, errAt(errs.SyntaxError, p, "unnamed XML attribute value must be a column reference")
		}
		v, err := tr.expr(rt.Val, ec)
		if err != nil {
			return nil, err
		}
		m, err := tr.xmlValue(v, forest)
		if err != nil {
			return nil, err
		}
		out = append(out, xmlNamed{name: name, e: m.e, p: p})
	}
	return out, nil
}

// xmlValue maps x to its XML text (map_sql_value_to_xml_value): as
// element content (escape) or an attribute's value.
func (tr *translator) xmlValue(x texpr, escape bool) (texpr, error) {
	p := x.e.Pos()
	if x.row != nil {
		x = texpr{e: x.e, t: x.t} // a whole row as its text, (1,x)
	}
	var s texpr
	var err error
	kind := "s"
	switch {
	case x.unknown:
		s, err = tr.coerce(x, value.TypeText)
	case isArray(x.t) && !isArray(*x.t.Elem):
		kind = "a" + xmlKind(*x.t.Elem)
		s, err = tr.cast(x, value.ArrayOf(value.TypeText), p)
	default:
		kind = xmlKind(x.t)
		s, err = tr.cast(x, value.TypeText, p)
	}
	if err != nil {
		return texpr{}, err
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::xmlvalue", SQL: true,
		Args: []plan.Expr{s.e, textConst(kind, p), boolConst(escape)}}, t: value.TypeText}, nil
}

// xmlKind is the kind of value xmlvalue maps a value of type t as.
func xmlKind(t value.Type) string {
	switch {
	case t.XML:
		return "x"
	case t.Kind == value.KindBool:
		return "b"
	case t.Kind == value.KindDatetime && t.Date:
		return "d"
	case t.Kind == value.KindDatetime && t.WithTZ:
		return "z"
	case t.Kind == value.KindDatetime:
		return "t"
	case t.Kind == value.KindBytes:
		return "y"
	}
	return "s"
}

// castText is ownText but for xml, whose cast to text (which || and
// quote_literal make) is its stored text, not its output.
func castText(x texpr, p int) texpr {
	if isXMLValue(x) {
		return x
	}
	return ownText(x, p)
}

// isXMLValue reports a typed xml or xml[] operand.
func isXMLValue(x texpr) bool {
	return !x.unknown && (x.t.XML || isArray(x.t) && x.t.Elem.XML)
}

func textConst(s string, p int) plan.Expr { return &plan.Const{At: at(p), V: value.String(s)} }

// xmlName is PostgreSQL's map_sql_identifier_to_xml_name (without
// escaping periods): the characters an XML name cannot hold as _xHHHH_,
// and an underscore before x too; fully escaped (a column's name), also
// every colon and a leading xml.
func xmlName(ident string, fully bool) string {
	var b strings.Builder
	for i, r := range ident {
		switch {
		case r == ':' && (i == 0 || fully):
			b.WriteString("_x003A_")
		case r == '_' && strings.HasPrefix(ident[i+1:], "x"):
			b.WriteString("_x005F_")
		case fully && i == 0 && len(ident) >= 3 && strings.EqualFold(ident[:3], "xml"):
			if r == 'x' {
				b.WriteString("_x0078_")
			} else {
				b.WriteString("_x0058_")
			}
		case i == 0 && !xmlNameFirst(r), i > 0 && !xmlNameChar(r), r == utf8.RuneError:
			fmt.Fprintf(&b, "_x%04X_", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlNameFirst and xmlNameChar are the characters names may begin with
// and hold to PostgreSQL's mapping, which asks libxml2 for XML 1.0's
// fourth edition's classes (Unicode 2.0's letters, digits, combining
// characters and extenders), approximated by Unicode's categories.
func xmlNameFirst(r rune) bool {
	return r == '_' || r == ':' || unicode.IsLetter(r) && r < 0x10000
}

func xmlNameChar(r rune) bool {
	return xmlNameFirst(r) || r == '.' || r == '-' || r == 0xB7 || r < 0x10000 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Lm, r))
}

// xmlTextFuncs are the xml functions of text arguments (xpath's first),
// and xmlDocFuncs those whose second argument is xml.
var (
	xmlTextFuncs = map[string]bool{"xml": true, "xmlcomment": true, "xml_is_well_formed": true,
		"xml_is_well_formed_document": true, "xml_is_well_formed_content": true, "xpath": true, "xpath_exists": true, "xmlexists": true}
	xmlDocFuncs = map[string]bool{"xpath": true, "xpath_exists": true, "xmlexists": true}
)

// xmlCallArgs refuses typed arguments of other types than the xml
// functions' signatures take (unknown ones were read as those types),
// as PostgreSQL finds no such function.
func xmlCallArgs(name string, args []texpr, p int) error {
	if !xmlTextFuncs[name] || len(args) == 0 {
		return nil
	}
	bad := !args[0].unknown && categoryOf(args[0].t) != catString
	if xmlDocFuncs[name] && len(args) > 1 {
		bad = bad || !args[1].unknown && categoryOf(args[1].t) != catXML
		if len(args) > 2 {
			a := args[2]
			bad = bad || !a.unknown && !(isArray(a.t) && categoryOf(*a.t.Elem) == catString)
		}
	}
	if bad {
		return noFunction(p, name, args)
	}
	return nil
}
