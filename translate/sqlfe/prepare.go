package sqlfe

import (
	"context"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// PreparedCommand is a SQL PREPARE, EXECUTE or DEALLOCATE. The session
// runs them itself, on the named prepared statements the extended
// protocol's Parse makes (one name space, as in PostgreSQL): they name
// statements rather than describe a plan.
type PreparedCommand struct {
	// Kind is "PREPARE", "EXECUTE" or "DEALLOCATE" (the command tag).
	Kind string
	// Name is the statement's name; "" for DEALLOCATE ALL.
	Name string
	// Query is PREPARE's statement, as text, and ParamTypes its
	// declared parameter types ($1 is ParamTypes[0]).
	Query      string
	ParamTypes []value.Type
	// Args are EXECUTE's arguments as text, to be read as the
	// parameters' types as Bind reads text; nil is NULL.
	Args []*string
	// Exprs, when not nil, hold the SQL text of EXECUTE's arguments that
	// are not plain constants ("" for the constants in Args): the session
	// evaluates them, cast to the parameters' types (ArgsQuery).
	Exprs []string
	// explain holds the options of EXPLAIN [ANALYZE] EXECUTE (non-nil,
	// perhaps empty, for that form): the prepared statement's plan is
	// explained rather than its rows returned (ExplainText).
	explain []*pg.Node
}

// Explain reports whether c is EXPLAIN EXECUTE.
func (c *PreparedCommand) Explain() bool { return c.explain != nil }

// ExplainText is the EXPLAIN statement, with c's options, of query, the
// prepared statement's text: what EXPLAIN EXECUTE runs, with EXECUTE's
// arguments as the parameters, as PostgreSQL plans the statement for
// them.
func (c *PreparedCommand) ExplainText(query string) (string, error) {
	stmts, err := Split(query)
	if err != nil {
		return "", err
	}
	if len(stmts) != 1 || stmts[0].tree == nil {
		return "", errs.New(errs.FeatureNotSupported, "EXPLAIN EXECUTE of prepared statement %q, which is not one SQL statement", c.Name)
	}
	return deparse(&pg.Node{Node: &pg.Node_ExplainStmt{ExplainStmt: &pg.ExplainStmt{Query: stmts[0].tree, Options: c.explain}}})
}

// PreparedCommand reports whether s is PREPARE, EXECUTE or DEALLOCATE,
// and what it asks for.
func (s Stmt) PreparedCommand() (*PreparedCommand, error) {
	if s.tree == nil || s.src == nil {
		return nil, nil
	}
	// A translator for the type names alone: they need no Resolver.
	tr := &translator{ctx: context.Background(), stmt: s, src: s.src}
	p := tr.stmt.stmtPos()
	switch x := s.tree.Node.(type) {
	case *pg.Node_PrepareStmt:
		ps := x.PrepareStmt
		switch ps.Query.GetNode().(type) {
		case *pg.Node_SelectStmt, *pg.Node_InsertStmt, *pg.Node_UpdateStmt, *pg.Node_DeleteStmt, *pg.Node_MergeStmt:
		default:
			return nil, errAt(errs.SyntaxError, p, "PREPARE takes SELECT, INSERT, UPDATE, DELETE or MERGE")
		}
		query, err := deparse(ps.Query)
		if err != nil {
			return nil, errAt(errs.SyntaxError, p, "PREPARE: %v", err)
		}
		c := &PreparedCommand{Kind: "PREPARE", Name: ps.Name, Query: query}
		for _, a := range ps.Argtypes {
			t, err := preparedParamType(tr, a.GetTypeName(), p)
			if err != nil {
				return nil, err
			}
			c.ParamTypes = append(c.ParamTypes, t)
		}
		return c, nil
	case *pg.Node_ExecuteStmt:
		return tr.executeCommand(x.ExecuteStmt, p)
	case *pg.Node_ExplainStmt:
		ex := x.ExplainStmt.Query.GetExecuteStmt()
		if ex == nil {
			return nil, nil
		}
		if _, _, err := explainOptions(x.ExplainStmt, p); err != nil {
			return nil, err
		}
		c, err := tr.executeCommand(ex, p)
		if err != nil {
			return nil, err
		}
		c.explain = append([]*pg.Node{}, x.ExplainStmt.Options...)
		return c, nil
	case *pg.Node_DeallocateStmt:
		return &PreparedCommand{Kind: "DEALLOCATE", Name: x.DeallocateStmt.Name}, nil
	}
	return nil, nil
}

// executeCommand is EXECUTE name(args).
func (tr *translator) executeCommand(ex *pg.ExecuteStmt, p int) (*PreparedCommand, error) {
	c := &PreparedCommand{Kind: "EXECUTE", Name: ex.Name}
	for i, a := range ex.Params {
		// A cast constant is an expression too: 't'::regclass is the
		// table's OID, not the text t read as an oid. So are the
		// numeric and boolean constants, which the parameter's type
		// need not read as text (1.5 is 2 to an integer).
		if v, ok := constantText(a); ok && a.GetTypeCast() == nil && textConstant(a.GetAConst()) {
			c.Args = append(c.Args, v)
			continue
		}
		if at, ok := firstSubLink(a); ok {
			return nil, errAt(errs.FeatureNotSupported, tr.pos(at), "cannot use subquery in EXECUTE parameter")
		}
		text, err := deparseExpr(a, p)
		if err != nil {
			return nil, err
		}
		if c.Exprs == nil {
			c.Exprs = make([]string, len(ex.Params))
		}
		c.Exprs[i] = text
		c.Args = append(c.Args, nil)
	}
	return c, nil
}

// textConstant reports a string, integer or NULL constant: one whose text
// a parameter's type reads as PostgreSQL coerces the constant.
func textConstant(c *pg.A_Const) bool {
	switch c.GetVal().(type) {
	case nil, *pg.A_Const_Sval, *pg.A_Const_Ival:
		return true
	}
	return false
}

// ArgsQuery is the SELECT that evaluates EXECUTE's Exprs in their order,
// each cast to casts[i] when that is not nil; "" when all arguments are
// constants.
func (c *PreparedCommand) ArgsQuery(casts []*value.Type) string {
	var cols []string
	for i, e := range c.Exprs {
		switch {
		case e == "":
			continue
		case i < len(casts) && casts[i] != nil:
			cols = append(cols, "CAST(("+e+") AS "+casts[i].SQLName()+")")
		default:
			cols = append(cols, "("+e+")")
		}
	}
	if len(cols) == 0 {
		return ""
	}
	return "SELECT " + strings.Join(cols, ", ")
}

// preparedParamType is the type of a declared PREPARE parameter: the
// OID types are bigint, as everywhere in zerodb (pg_dump prepares its
// queries with pg_catalog.oid parameters).
func preparedParamType(tr *translator, tn *pg.TypeName, p int) (value.Type, error) {
	if tn == nil {
		return value.Type{}, errAt(errs.SyntaxError, p, "PREPARE: a parameter without a type")
	}
	names := tn.GetNames()
	switch names[len(names)-1].GetString_().GetSval() {
	case "oid", "regclass", "regtype", "regproc", "regnamespace", "regrole":
		if len(tn.ArrayBounds) == 0 {
			return value.TypeInt8, nil
		}
	}
	return tr.typeName(tn)
}

// constantText is a constant's text (nil for NULL); a cast constant's
// text is the constant's, which the parameter's type then reads.
func constantText(n *pg.Node) (*string, bool) {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	c := n.GetAConst()
	if c == nil {
		return nil, false
	}
	var s string
	switch v := c.Val.(type) {
	case nil:
		return nil, c.Isnull
	case *pg.A_Const_Sval:
		s = v.Sval.Sval
	case *pg.A_Const_Ival:
		s = strconv.FormatInt(int64(v.Ival.Ival), 10)
	case *pg.A_Const_Fval:
		s = v.Fval.Fval
	case *pg.A_Const_Boolval:
		s = strconv.FormatBool(v.Boolval.Boolval)
	default:
		return nil, false
	}
	return &s, true
}

// ZQLFunction reports whether s is CREATE FUNCTION name(...) ... LANGUAGE
// zql AS 'source': the form pg_dump writes a stored ZQL function in,
// from pg_proc, whose prosrc is the function's whole ZQL definition. The
// session runs the source as ZQL, which must define that function; the
// SQL signature is pg_dump's rendering of it and is not read.
func (s Stmt) ZQLFunction() (name, source string, ok bool, err error) {
	if s.tree == nil || s.src == nil {
		return "", "", false, nil
	}
	cf := s.tree.GetCreateFunctionStmt()
	if cf == nil {
		return "", "", false, nil
	}
	lang := ""
	var as []*pg.Node
	for _, o := range cf.Options {
		d := o.GetDefElem()
		switch d.GetDefname() {
		case "language":
			lang = d.Arg.GetString_().GetSval()
		case "as":
			as = d.Arg.GetList().GetItems()
		}
	}
	if lang != "zql" {
		return "", "", false, nil
	}
	tr := &translator{ctx: context.Background(), stmt: s, src: s.src}
	p := tr.stmt.stmtPos()
	names := cf.Funcname
	if len(names) == 2 && names[0].GetString_().GetSval() != "public" || len(names) > 2 || len(names) == 0 {
		return "", "", true, errAt(errs.InvalidSchemaName, p, "a ZQL function belongs to schema public")
	}
	if cf.Replace {
		return "", "", true, unsupported(p, "CREATE OR REPLACE FUNCTION ... LANGUAGE zql")
	}
	if len(as) != 1 || as[0].GetString_() == nil {
		return "", "", true, errAt(errs.InvalidFunctionDefinition, p, "a LANGUAGE zql function needs its ZQL definition as its one AS string")
	}
	return names[len(names)-1].GetString_().GetSval(), as[0].GetString_().GetSval(), true, nil
}
