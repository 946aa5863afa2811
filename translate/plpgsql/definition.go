package plpgsql

import (
	"strconv"
	"strings"

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
	tag := "$zdb$"
	for i := 0; strings.Contains(f.Source, tag); i++ {
		tag = "$zdb" + strconv.Itoa(i) + "$"
	}
	b.WriteString(tag + f.Source + tag)
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
	if r := f.Routine; r != nil {
		fn.Setof = r.SetOf
		fn.needReturn = !r.SetOf && (r.Kind == catalog.ReturnValue || r.Kind == catalog.ReturnRecord || r.Kind == catalog.ReturnRow)
		for i, p := range f.Params {
			if p.IsOut() && i < len(fn.Args) {
				fn.outs = append(fn.outs, fn.Args[i])
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
