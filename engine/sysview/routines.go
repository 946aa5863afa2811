package sysview

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// pg_language OIDs of the languages functions are defined in by SQL, as
// PostgreSQL 15 has them.
const (
	OIDSQLLanguage     uint32 = 14
	OIDPLpgSQLLanguage uint32 = 13563
	// OIDInternalLanguage is language internal: builtins' and
	// aggregates'.
	OIDInternalLanguage uint32 = 12
)

// Pseudo-types a SQL-defined function may return.
const (
	oidRecord       uint32 = 2249
	oidVoid         uint32 = 2278
	oidTrigger      uint32 = 2279
	oidEventTrigger uint32 = 3838
)

// routine is the declaration of a function defined by SQL, nil for the
// others.
func (p *procInfo) routine() *catalog.Routine {
	if p.fn == nil {
		return nil
	}
	return p.fn.Routine
}

// routineProc is the pg_proc row of a function defined by SQL's CREATE
// FUNCTION: proargtypes lists its inputs, proallargtypes and
// proargmodes every parameter when some are OUT or TABLE columns.
func (m *model) routineProc(f *catalog.Function) procInfo {
	r := f.Routine
	p := procInfo{oid: procOID("public", f.Name), name: f.Name, nsp: OIDPublic, lang: OIDSQLLanguage,
		src: f.Source, strict: r.Strict, volatile: r.Volatility, fn: f}
	switch f.Lang() {
	case catalog.LangPLpgSQL:
		p.lang = OIDPLpgSQLLanguage
	case catalog.LangInternal:
		// PostgreSQL's aggregates are of language internal, with this
		// placeholder for a body.
		p.lang, p.src = OIDInternalLanguage, "aggregate_dummy"
	}
	if r.StandardBody {
		p.src = "" // PostgreSQL keeps such a body in prosqlbody
	}
	p.result = m.paramTypeOID(r.Returns, f.Result)
	if r.Procedure {
		// A procedure's result is the row of its OUT parameters.
		p.result = oidVoid
		if len(f.OutParams()) > 0 {
			p.result = oidRecord
		}
	}
	named, allIn := false, true
	for _, a := range f.Params {
		t := m.paramTypeOID(a.TypeName, a.Type)
		if a.IsIn() {
			p.args = append(p.args, t)
			if a.Default != "" {
				p.nDefault++
			}
		}
		allIn = allIn && a.IsIn() && a.Mode != catalog.ModeVariadic
		named = named || a.Name != ""
		p.allArgs = append(p.allArgs, t)
		mode := a.Mode
		if mode == 0 {
			mode = catalog.ModeIn
		}
		p.modes = append(p.modes, string(rune(mode)))
		p.argNames = append(p.argNames, a.Name)
	}
	if allIn {
		p.allArgs, p.modes = nil, nil
	}
	if !named {
		p.argNames = nil
	}
	return p
}

// paramTypeOID is the pg_type OID of a SQL-defined function's parameter
// or result type.
func (m *model) paramTypeOID(name string, t *value.Type) uint32 {
	if t != nil {
		if oid := t.OID(); oid != 0 {
			return oid
		}
	}
	switch name {
	case "record":
		return oidRecord
	case "void":
		return oidVoid
	case "trigger":
		return oidTrigger
	case "event_trigger":
		return oidEventTrigger
	}
	if r, ok := m.relOfKind(OIDPublic, name, "rc"); ok {
		return r.rowType // a table's or a composite type's
	}
	return OIDAny
}

// routineArguments is pg_get_function_arguments (defaults true) and
// pg_get_function_identity_arguments of a SQL-defined function: every
// parameter but the TABLE columns, with its mode when not IN.
func routineArguments(f *catalog.Function, defaults bool) string {
	var parts []string
	for _, a := range f.Params {
		var b strings.Builder
		switch a.Mode {
		case catalog.ModeTable:
			continue
		case catalog.ModeOut:
			b.WriteString("OUT ")
		case catalog.ModeInOut:
			b.WriteString("INOUT ")
		case catalog.ModeVariadic:
			b.WriteString("VARIADIC ")
		default:
			if f.IsProcedure() {
				// As PostgreSQL 14: DROP PROCEDURE would read the
				// argument list otherwise.
				b.WriteString("IN ")
			}
		}
		if a.Name != "" {
			b.WriteString(builtin.QuoteIdent(a.Name) + " ")
		}
		b.WriteString(a.TypeName)
		if defaults && a.Default != "" {
			b.WriteString(" DEFAULT " + a.Default)
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, ", ")
}

// routineResult is pg_get_function_result of a SQL-defined function.
func routineResult(f *catalog.Function) string {
	var cols []string
	for _, a := range f.Params {
		if a.Mode == catalog.ModeTable {
			cols = append(cols, builtin.QuoteIdent(a.Name)+" "+a.TypeName)
		}
	}
	if len(cols) > 0 {
		return "TABLE(" + strings.Join(cols, ", ") + ")"
	}
	if f.Routine.SetOf {
		return "SETOF " + f.Routine.Returns
	}
	return f.Routine.Returns
}

// functionDef is pg_get_functiondef: the CREATE OR REPLACE FUNCTION (or
// PROCEDURE) statement that makes the function again, as PostgreSQL 15
// writes it. A ZQL function's is in LANGUAGE zql, which zerodb reads
// back as its ZQL declaration.
func functionDef(p *procInfo) string {
	var b strings.Builder
	r := p.routine()
	if r == nil {
		b.WriteString("CREATE OR REPLACE FUNCTION public." + builtin.QuoteIdent(p.name) + "(")
		b.WriteString(functionArguments(p) + ")\n RETURNS ")
		res, _ := FormatType(p.result, -1)
		b.WriteString(res + "\n LANGUAGE zql\n")
		b.WriteString("AS " + dollarQuote(p.src, "function") + "\n")
		return b.String()
	}
	kind := "FUNCTION"
	if r.Procedure {
		kind = "PROCEDURE"
	}
	b.WriteString("CREATE OR REPLACE " + kind + " public." + builtin.QuoteIdent(p.name) + "(")
	b.WriteString(routineArguments(p.fn, true) + ")\n")
	if !r.Procedure {
		b.WriteString(" RETURNS " + routineResult(p.fn) + "\n")
	}
	b.WriteString(" LANGUAGE " + p.fn.Lang() + "\n")
	var attrs []string
	switch r.Volatility {
	case 'i':
		attrs = append(attrs, "IMMUTABLE")
	case 's':
		attrs = append(attrs, "STABLE")
	}
	switch r.Parallel {
	case 's':
		attrs = append(attrs, "PARALLEL SAFE")
	case 'r':
		attrs = append(attrs, "PARALLEL RESTRICTED")
	}
	if r.Strict {
		attrs = append(attrs, "STRICT")
	}
	if r.SecurityDefiner {
		attrs = append(attrs, "SECURITY DEFINER")
	}
	if r.Leakproof {
		attrs = append(attrs, "LEAKPROOF")
	}
	if r.Cost != 0 && r.Cost != 100 {
		attrs = append(attrs, "COST "+value.CastText(value.Float(r.Cost)))
	}
	if r.Rows != 0 && r.Rows != 1000 {
		attrs = append(attrs, "ROWS "+value.CastText(value.Float(r.Rows)))
	}
	if len(attrs) > 0 {
		b.WriteString(" " + strings.Join(attrs, " ") + "\n")
	}
	for _, c := range r.Config {
		name, val, _ := strings.Cut(c, "=")
		b.WriteString(" SET " + builtin.QuoteIdent(name) + " TO " + configValue(name, val) + "\n")
	}
	if r.StandardBody {
		b.WriteString(p.fn.Source + "\n")
	} else {
		b.WriteString("AS " + dollarQuote(p.fn.Source, strings.ToLower(kind)) + "\n")
	}
	return b.String()
}

// configValue is a SET clause's value as pg_get_functiondef writes it:
// a string literal, or for a list setting (search_path) one per item.
func configValue(name, val string) string {
	if !strings.EqualFold(name, "search_path") && !strings.EqualFold(name, "temp_tablespaces") {
		return builtin.QuoteLiteral(val)
	}
	var items []string
	for _, it := range strings.Split(val, ",") {
		it = strings.TrimSpace(it)
		if len(it) >= 2 && it[0] == '"' && it[len(it)-1] == '"' {
			it = strings.ReplaceAll(it[1:len(it)-1], `""`, `"`)
		}
		items = append(items, builtin.QuoteLiteral(it))
	}
	return strings.Join(items, ", ")
}

// dollarQuote quotes s as $tag$...$tag$ ($function$, $procedure$), as
// PostgreSQL does, with a longer tag when s holds that one.
func dollarQuote(s, name string) string {
	tag := "$" + name + "$"
	for strings.Contains(s, tag) {
		tag = "$_" + tag[1:]
	}
	return tag + s + tag
}

// rowTypes names the tables whose row types a SQL-defined function's
// parameters or result are.
func (p *procInfo) rowTypes() []string {
	r := p.routine()
	if r == nil {
		return nil
	}
	var names []string
	if r.Kind == catalog.ReturnRow {
		names = append(names, r.Returns)
	}
	for _, a := range p.fn.Params {
		if a.Type == nil && !slices.Contains(names, a.TypeName) {
			names = append(names, a.TypeName)
		}
	}
	return names
}
