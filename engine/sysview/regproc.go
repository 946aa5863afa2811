package sysview

import (
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The reg* types of functions and operators: OIDs shown by name, as
// to_regproc, to_regprocedure, to_regoper and to_regoperator return
// them. (A cast to regproc is still the function's name as text, as the
// catalogs' regproc columns hold it.)
var (
	tRegproc      = regCol(24)
	tRegprocedure = regCol(2202)
	tRegoper      = regCol(2203)
	tRegoperator  = regCol(2204)
)

func isNameSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// qualifiedName splits a possibly qualified name as PostgreSQL's
// stringToQualifiedNameList and DeconstructQualifiedName do: dotted
// names, quoted ones kept as written (a doubled quote for one) and the
// rest, up to a dot or white space, folded to lower case; 42602 for
// anything else, 0A000 for a name of another database, 42601 for more
// than three parts.
func qualifiedName(e *Env, s string) (schema, name string, err error) {
	invalid := errs.New(errs.InvalidName, "invalid name syntax")
	var parts []string
	i := 0
	for i < len(s) && isNameSpace(s[i]) {
		i++
	}
	for i < len(s) {
		var part string
		if s[i] == '"' {
			var b strings.Builder
			j := i + 1
			for {
				k := strings.IndexByte(s[j:], '"')
				if k < 0 {
					return "", "", invalid
				}
				b.WriteString(s[j : j+k])
				j += k + 1
				if j >= len(s) || s[j] != '"' {
					break
				}
				b.WriteByte('"')
				j++
			}
			part, i = b.String(), j
		} else {
			j := i
			for j < len(s) && s[j] != '.' && !isNameSpace(s[j]) {
				j++
			}
			if j == i {
				return "", "", invalid
			}
			part, i = asciiLower(s[i:j]), j
		}
		parts = append(parts, truncateIdent(part))
		for i < len(s) && isNameSpace(s[i]) {
			i++
		}
		if i < len(s) {
			if s[i] != '.' {
				return "", "", invalid
			}
			i++
			for i < len(s) && isNameSpace(s[i]) {
				i++
			}
			if i == len(s) {
				return "", "", invalid
			}
		}
	}
	if len(parts) == 0 {
		return "", "", invalid
	}
	return qualifiedParts(e, parts)
}

// qualifiedParts is DeconstructQualifiedName: a name's schema and name
// from its dotted parts, 0A000 for a name of another database, 42601
// for more than three parts.
func qualifiedParts(e *Env, parts []string) (schema, name string, err error) {
	switch len(parts) {
	case 1:
		return "", parts[0], nil
	case 2:
		return parts[0], parts[1], nil
	case 3:
		if e.Database != nil && parts[0] == e.Database.Name {
			return parts[1], parts[2], nil
		}
		return "", "", errs.New(errs.FeatureNotSupported, "cross-database references are not implemented: %s", strings.Join(parts, "."))
	}
	return "", "", errs.New(errs.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(parts, "."))
}

// asciiLower folds ASCII letters only, as PostgreSQL downcases an
// identifier in UTF-8.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// truncateIdent cuts a name to PostgreSQL's longest, at a character's
// start.
func truncateIdent(s string) string {
	n := value.MaxIdentifierBytes
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// nameAndArgTypes splits "name(type, ...)" as PostgreSQL's
// parseNameAndArgTypes does for regprocedure and regoperator input, with
// its 22P02 errors, and looks the types up as regtype input does (a
// missing one is 42704); allowNone takes NONE as no type (0), for an
// operator's missing operand.
func nameAndArgTypes(e *Env, s string, allowNone bool) (schema, name string, args []uint32, err error) {
	open, quoted := -1, false
	for i := 0; i < len(s) && open < 0; i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == '(' && !quoted:
			open = i
		}
	}
	if open < 0 {
		return "", "", nil, errs.New(errs.InvalidTextRepresentation, "expected a left parenthesis")
	}
	if schema, name, err = qualifiedName(e, s[:open]); err != nil {
		return "", "", nil, err
	}
	rest := strings.TrimRightFunc(s[open+1:], func(r rune) bool { return r < 0x80 && isNameSpace(byte(r)) })
	if !strings.HasSuffix(rest, ")") {
		return "", "", nil, errs.New(errs.InvalidTextRepresentation, "expected a right parenthesis")
	}
	rest = rest[:len(rest)-1]
	for i, hadComma := 0, false; ; {
		for i < len(rest) && isNameSpace(rest[i]) {
			i++
		}
		if i == len(rest) {
			if hadComma {
				return "", "", nil, errs.New(errs.InvalidTextRepresentation, "expected a type name")
			}
			break
		}
		start, depth := i, 0
		quoted = false
		for ; i < len(rest); i++ {
			c := rest[i]
			if c == '"' {
				quoted = !quoted
			} else if c == ',' && !quoted && depth == 0 {
				break
			} else if !quoted {
				switch c {
				case '(', '[':
					depth++
				case ')', ']':
					depth--
				}
			}
		}
		if quoted || depth != 0 {
			return "", "", nil, errs.New(errs.InvalidTextRepresentation, "improper type name")
		}
		typ := strings.TrimRightFunc(rest[start:i], func(r rune) bool { return r < 0x80 && isNameSpace(byte(r)) })
		if hadComma = i < len(rest); hadComma {
			i++
		}
		oid := uint32(0)
		if !allowNone || !strings.EqualFold(typ, "none") {
			v, err := castRegtype(e, []value.Value{value.String(typ)})
			if err != nil {
				return "", "", nil, err
			}
			oid = uint32(v.AsInt())
		}
		if len(args) == maxFuncArgs {
			return "", "", nil, errs.New(errs.TooManyArguments, "too many arguments")
		}
		args = append(args, oid)
	}
	return schema, name, args, nil
}

// maxFuncArgs is PostgreSQL's FUNC_MAX_ARGS.
const maxFuncArgs = 100

// findProc is the function a (qualified) name finds: in its schema, or
// the first of pg_catalog and public that has one; with typed, args
// must be ones it takes. A builtin's parameters are "any", so it takes
// any arguments of its arity.
func findProc(e *Env, schema, name string, typed bool, args []uint32) (*procInfo, error) {
	m := newModel(e)
	ps, err := m.procs()
	if err != nil {
		return nil, err
	}
	search := []uint32{OIDPgCatalog, OIDPublic}
	if schema != "" {
		search = []uint32{schemaOID(schema)}
		if schema != PgCatalog && schema != InformationSchema && schema != "public" {
			s := e.userSchemaByName(schema)
			if s == nil {
				return nil, nil
			}
			search = []uint32{SchemaOID(s.ID)}
		}
	}
	for _, nsp := range search {
		for i := range ps {
			if p := &ps[i]; p.nsp == nsp && p.name == name && (!typed || p.takes(args)) {
				return p, nil
			}
		}
	}
	return nil, nil
}

// takes reports whether the function's parameters are of the types args.
func (p *procInfo) takes(args []uint32) bool {
	if len(args) < len(p.args) || p.moreArgs >= 0 && len(args) > len(p.args)+p.moreArgs {
		return false
	}
	for i, a := range p.args {
		if a != OIDAny && a != args[i] {
			return false
		}
	}
	return true
}

// toRegproc is to_regproc: the OID of the function the name finds, NULL
// when there is none; errors of the name's syntax stay.
func toRegproc(e *Env, a []value.Value) (value.Value, error) {
	schema, name, err := qualifiedName(e, a[0].AsString())
	if err != nil {
		return value.None, err
	}
	return foundProcOID(findProc(e, schema, name, false, nil))
}

// toRegprocedure is to_regprocedure: the OID of the function of that
// name and argument types, NULL when there is none; errors of the
// syntax and unknown types stay.
func toRegprocedure(e *Env, a []value.Value) (value.Value, error) {
	schema, name, args, err := nameAndArgTypes(e, a[0].AsString(), false)
	if err != nil {
		return value.None, err
	}
	return foundProcOID(findProc(e, schema, name, true, args))
}

// foundProcOID is the OID of what findProc found, NULL when it found none.
func foundProcOID(p *procInfo, err error) (value.Value, error) {
	if err != nil || p == nil {
		return value.None, err
	}
	return value.Int(int64(p.oid)), nil
}

// toRegoper is to_regoper: zerodb's catalog lists no operators
// (pg_operator is empty), so a well-formed name finds none.
func toRegoper(e *Env, a []value.Value) (value.Value, error) {
	_, _, err := qualifiedName(e, a[0].AsString())
	return value.None, err
}

// toRegoperator is to_regoperator: as toRegoper, after PostgreSQL's
// checks of the operand types.
func toRegoperator(e *Env, a []value.Value) (value.Value, error) {
	_, _, args, err := nameAndArgTypes(e, a[0].AsString(), true)
	switch {
	case err != nil:
		return value.None, err
	case len(args) == 1:
		return value.None, errs.New(errs.UndefinedParameter, "missing argument").WithHint("Use NONE to denote the missing argument of a unary operator.")
	case len(args) != 2:
		return value.None, errs.New(errs.TooManyArguments, "too many arguments").WithHint("Provide two argument types for operator.")
	}
	return value.None, nil
}

// procName is a function's name as regproc output shows it: qualified
// when the bare name would not find it.
func procName(e *Env, p *procInfo) (string, error) {
	name := builtin.QuoteIdent(p.name)
	found, err := findProc(e, "", p.name, false, nil)
	if err != nil || found != nil && found.oid == p.oid {
		return name, err
	}
	return builtin.QuoteIdent(newModel(e).nspName(p.nsp)) + "." + name, nil
}

// procOfOID is the function whose OID v is; nil with what the output
// functions show for an OID naming none (unknownOIDOut), or an error.
func procOfOID(e *Env, v value.Value) (*procInfo, value.Value, error) {
	oid, err := oidArg(v)
	if err != nil {
		return nil, value.None, err
	}
	p, ok, err := newModel(e).procByOID(oid)
	if err != nil || !ok {
		return nil, unknownOIDOut(oid), err
	}
	return p, value.None, nil
}

// regprocOut is regproc output: the function's name, or unknownOIDOut
// for an OID naming none.
func regprocOut(e *Env, a []value.Value) (value.Value, error) {
	p, unknown, err := procOfOID(e, a[0])
	if p == nil {
		return unknown, err
	}
	name, err := procName(e, p)
	return value.String(name), err
}

// regprocedureOut is regprocedure output: the function's name and its
// parameters' types, or unknownOIDOut for an OID naming none.
func regprocedureOut(e *Env, a []value.Value) (value.Value, error) {
	p, unknown, err := procOfOID(e, a[0])
	if p == nil {
		return unknown, err
	}
	name, err := procName(e, p)
	if err != nil {
		return value.None, err
	}
	types := make([]string, len(p.args))
	for i, t := range p.args {
		v, err := regtypeOut(e, []value.Value{value.Int(int64(t))})
		if err != nil {
			return value.None, err
		}
		types[i] = v.AsString()
	}
	return value.String(name + "(" + strings.Join(types, ",") + ")"), nil
}
