package plpgsql

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
)

// Definition is the CREATE FUNCTION statement of a stored LANGUAGE
// plpgsql function, which Parse reads: its parameters (their names are
// the body's variables) and result (SETOF, trigger) shape the parse.
func Definition(f *catalog.Function) string {
	var b strings.Builder
	b.WriteString("CREATE FUNCTION ")
	b.WriteString(quoteIdent(f.Name))
	b.WriteByte('(')
	for i, p := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		switch p.Mode {
		case catalog.ModeOut, catalog.ModeTable:
			b.WriteString("OUT ")
		case catalog.ModeInOut:
			b.WriteString("INOUT ")
		case catalog.ModeVariadic:
			b.WriteString("VARIADIC ")
		}
		if p.Name != "" {
			b.WriteString(quoteIdent(p.Name) + " ")
		}
		b.WriteString(p.TypeName)
	}
	b.WriteString(") RETURNS ")
	if r := f.Routine; r != nil {
		if r.SetOf {
			b.WriteString("SETOF ")
		}
		b.WriteString(r.Returns)
	} else {
		b.WriteString("void")
	}
	b.WriteString(" LANGUAGE plpgsql AS ")
	src := parenReturnNext(f.Source)
	tag := "$zdb$"
	for i := 0; strings.Contains(src, tag); i++ {
		tag = "$zdb" + strconv.Itoa(i) + "$"
	}
	b.WriteString(tag + src + tag)
	return b.String()
}

// parenReturnNext rewrites RETURN NEXT v; as RETURN NEXT (v);: for a lone
// variable PostgreSQL's parser records the variable's number, which
// pg_query's tree leaves out, and an expression it keeps. The body is
// scanned with PostgreSQL's own scanner (PL/pgSQL uses the core one), so
// strings and comments are left alone; what does not scan is left as it
// is, for the parser to report.
func parenReturnNext(src string) string {
	res, err := pg.Scan(src)
	if err != nil {
		return src
	}
	toks := res.Tokens
	var b strings.Builder
	at := 0
	for i := 0; i+3 < len(toks); i++ {
		v := toks[i+2]
		name := v.Token == pg.Token_IDENT || v.KeywordKind == pg.KeywordKind_UNRESERVED_KEYWORD
		if toks[i].Token != pg.Token_RETURN || toks[i+1].Token != pg.Token_NEXT || !name || toks[i+3].Token != pg.Token_ASCII_59 {
			continue
		}
		b.WriteString(src[at:v.Start])
		b.WriteString("(" + src[v.Start:v.End] + ")")
		at = int(v.End)
	}
	if at == 0 {
		return src
	}
	b.WriteString(src[at:])
	return b.String()
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Compile reads a stored LANGUAGE plpgsql function.
func Compile(f *catalog.Function) (*Function, error) {
	fn, err := Parse(Definition(f))
	if err != nil {
		return nil, err
	}
	for i, p := range f.Params {
		// pg_query's PL/pgSQL parser names an array parameter by its
		// element type (int[] is pg_catalog.int4): the declaration has it.
		if i < len(fn.Args) && fn.Args[i] != nil && strings.HasSuffix(strings.TrimSpace(p.TypeName), "]") {
			fn.Args[i].TypeName = p.TypeName
		}
	}
	if r := f.Routine; r != nil {
		fn.Setof = r.SetOf
		fn.needReturn = !r.SetOf && (r.Kind == catalog.ReturnValue || r.Kind == catalog.ReturnRecord || r.Kind == catalog.ReturnRow)
		fn.rowResult = r.Kind == catalog.ReturnRow || r.Kind == catalog.ReturnRecord && len(f.OutParams()) == 0
		if r.Kind == catalog.ReturnRow {
			fn.returns = r.Returns
		}
		fn.scalarResult = f.Result != nil && !f.Result.IsComposite()
		for i, p := range f.Params {
			if p.IsOut() && i < len(fn.Args) {
				fn.outs = append(fn.outs, fn.Args[i])
			}
			if i < len(fn.Args) && fn.Args[i].Record && fn.Args[i].TypeName == "" && p.Type != nil && p.Type.IsComposite() {
				// A parameter of a schema's composite type (s.pair) is a
				// record to pg_query's parser, without its type: the
				// declaration's makes it a row variable of it.
				fn.Args[i].TypeName = p.TypeName
			}
		}
		if len(fn.outs) > 0 {
			fn.needReturn = false
		}
	}
	return fn, nil
}

// Condition reads a trigger's WHEN condition as a function of NEW and
// OLD whose Result.Value is the condition's value.
func Condition(when string) (*Function, error) {
	tag := "$zdb$"
	for i := 0; strings.Contains(when, tag); i++ {
		tag = "$zdb" + strconv.Itoa(i) + "$"
	}
	fn, err := Parse("CREATE FUNCTION trigger_when() RETURNS trigger LANGUAGE plpgsql AS " + tag + "BEGIN RETURN (" + when + "); END" + tag)
	if err != nil {
		return nil, err
	}
	fn.cond = true
	return fn, nil
}
