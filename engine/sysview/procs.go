package sysview

import (
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// OIDAny is the pseudo-type "any": the argument types of builtins, which
// zerodb's registry does not declare, and untyped ZQL parameters.
const OIDAny uint32 = 2276

// procInfo is a row of pg_proc: a stored ZQL function of the database
// (schema public) or a builtin SQL function (pg_catalog).
type procInfo struct {
	oid      uint32
	name     string
	nsp      uint32
	args     []uint32
	argNames []string
	nDefault int
	result   uint32
	lang     uint32
	src      string
	strict   bool
	volatile byte
	// fn is the stored function (nil for builtins); a function defined
	// by SQL's CREATE FUNCTION (fn.Routine set, routine.go) has its rows
	// and texts from its declaration.
	fn *catalog.Function
	// kind is pg_proc.prokind when fn does not tell it (built-in
	// aggregates and window functions).
	kind byte
	// allArgs are all parameters' types, OUT and TABLE columns included
	// (proallargtypes; nil when every parameter is an input).
	allArgs []uint32
	modes   []string
	// moreArgs is how many arguments a builtin takes beyond args (its
	// least, each "any"): -1 for any number.
	moreArgs int
}

// procOID is a function's OID: functions have no catalog id, so it is a
// hash of the schema and name with the top bit set (clear of the OIDs
// derived from ids); functions of one name differ by schema only.
func procOID(schema, name string) uint32 { return hashOID(schema, name) }

// functionOID is the OID of the stored function a trigger or plan names:
// "schema.f" a schema's, a bare name public's.
func functionOID(name string) uint32 {
	if schema, rel, ok := strings.Cut(name, "."); ok {
		return procOID(schema, rel)
	}
	return procOID("public", name)
}

// viewOID is the OID of view name of the schema whose OID is nsp: views
// have no catalog id either. A schema's views hash with the schema's
// OID, which renaming it keeps.
func viewOID(nsp uint32, name string) uint32 {
	if nsp == OIDPublic {
		return hashOID("view", name)
	}
	return hashOID("view", strconv.FormatUint(uint64(nsp), 10)+"."+name)
}

func hashOID(kind, name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return h.Sum32() | 1<<31
}

func (m *model) procs() ([]procInfo, error) {
	var out []procInfo
	e := m.e
	if e.Cat != nil && e.Database != nil {
		fs, err := e.Cat.Functions(e.Ctx, e.Txn, e.Database)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.Routine != nil {
				out = append(out, m.routineProc(f))
				continue
			}
			p := procInfo{oid: procOID("public", f.Name), name: f.Name, nsp: OIDPublic, result: OIDAny,
				lang: OIDZQLLanguage, src: f.Source, volatile: 'i', fn: f}
			if f.Result != nil {
				p.result, _ = typeOf(*f.Result)
			}
			for _, a := range f.Params {
				t := OIDAny
				if a.Type != nil {
					t, _ = typeOf(*a.Type)
				}
				p.args = append(p.args, t)
				p.argNames = append(p.argNames, a.Name)
				if a.Default != "" {
					p.nDefault++
				}
			}
			out = append(out, p)
		}
	}
	for _, sc := range e.userSchemas() {
		fs, err := e.Cat.Functions(e.Ctx, e.Txn, sc)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.Routine != nil { // SQL defines them all in a schema
				p := m.routineProc(f)
				p.oid, p.nsp = procOID(sc.Name, f.Name), SchemaOID(sc.ID)
				out = append(out, p)
			}
		}
	}
	if e.Reg != nil {
		for _, n := range e.Reg.Names() {
			name, ok := strings.CutPrefix(n, "sql::")
			if !ok {
				continue
			}
			f, _ := e.Reg.Lookup(n)
			p := procInfo{oid: procOID(PgCatalog, name), name: name, nsp: OIDPgCatalog, result: OIDAny,
				lang: OIDInternalLanguage, src: name, strict: f.Strict, volatile: 'v'}
			if f.Pure {
				p.volatile = 'i'
			}
			for range f.MinArgs {
				p.args = append(p.args, OIDAny)
			}
			p.moreArgs = moreArgs(f.MinArgs, f.MaxArgs)
			out = append(out, p)
		}
	}
	// The aggregates and window functions SQL translates itself.
	for _, f := range builtin.SQLFunctions() {
		if e.Reg != nil {
			if _, ok := e.Reg.Lookup("sql::" + f.Name); ok {
				continue // listed above
			}
		}
		p := procInfo{oid: procOID(PgCatalog, f.Name), name: f.Name, nsp: OIDPgCatalog, result: OIDAny,
			lang: OIDInternalLanguage, src: f.Name, volatile: 'i', kind: f.Kind}
		for range f.MinArgs {
			p.args = append(p.args, OIDAny)
		}
		p.moreArgs = -1 // not told
		out = append(out, p)
	}
	for i := range funcs {
		f := &funcs[i]
		oid, ok := largeObjectProcs[f.Name]
		if !ok {
			oid = procOID(PgCatalog, f.Name)
		}
		p := procInfo{oid: oid, name: f.Name, nsp: OIDPgCatalog, result: f.Result.OID(),
			lang: OIDInternalLanguage, src: f.Name, strict: f.Strict, volatile: 's'}
		for range f.MinArgs {
			p.args = append(p.args, OIDAny)
		}
		p.moreArgs = moreArgs(f.MinArgs, f.MaxArgs)
		out = append(out, p)
	}
	return out, nil
}

// moreArgs is procInfo.moreArgs of a builtin of that arity (max -1:
// variadic).
func moreArgs(lo, hi int) int {
	if hi < 0 {
		return -1
	}
	return hi - lo
}

func (m *model) procByOID(oid uint32) (*procInfo, bool, error) {
	ps, err := m.procs()
	if err != nil {
		return nil, false, err
	}
	for i := range ps {
		if ps[i].oid == oid {
			return &ps[i], true, nil
		}
	}
	return nil, false, nil
}

func pgProc(m *model, out *rowSet) error {
	ps, err := m.procs()
	if err != nil {
		return err
	}
	for i := range ps {
		p := &ps[i]
		var names any
		if len(p.argNames) > 0 {
			names = textList(p.argNames)
		}
		// PostgreSQL's estimated cost: 1 for its built-in functions,
		// 100 for those written in a language (pg_dump writes COST for
		// any other).
		cost, rows := float64(1), float64(0)
		if p.lang == OIDZQLLanguage {
			cost = 100
		}
		secdef, leakproof, retset, parallel := false, false, false, byte('s')
		var allArgs, modes, sqlBody, config any
		if r := p.routine(); r != nil {
			if len(r.Config) > 0 {
				config = textList(r.Config)
			}
			cost, rows = r.Cost, r.Rows
			secdef, leakproof, retset, parallel = r.SecurityDefiner, r.Leakproof, r.SetOf, r.Parallel
			if p.allArgs != nil {
				vs := make([]value.Value, len(p.allArgs))
				for i, a := range p.allArgs {
					vs[i] = value.Int(int64(a))
				}
				allArgs, modes = value.List(vs), textList(p.modes)
			}
			if r.StandardBody {
				sqlBody = p.fn.Source
			}
		}
		owner, acl := OIDBootstrapRole, any(nil)
		if p.fn != nil {
			owner, acl = RoleOID(p.fn.OwnerName()), aclValue(p.fn.ACL)
		}
		kind := byte('f')
		switch {
		case p.kind != 0:
			kind = p.kind
		case p.fn != nil && p.fn.IsAggregate():
			kind = 'a'
		case p.fn != nil && p.fn.IsProcedure():
			kind = 'p'
		}
		out.add(p.oid, p.name, p.nsp, owner, p.lang,
			cost, rows, uint32(0), "-",
			kind, secdef, leakproof, p.strict,
			retset, p.volatile, parallel, int16(len(p.args)),
			int16(p.nDefault), p.result, value.OidVector(p.args), allArgs,
			modes, names, nil, nil,
			p.src, nil, sqlBody, config, acl)
	}
	return nil
}

// pgAggregate lists the user-defined aggregates (pg_catalog's own
// aggregates are zerodb's builtins, which have no rows here).
func pgAggregate(m *model, out *rowSet) error {
	ps, err := m.procs()
	if err != nil {
		return err
	}
	// A regproc shows a function by the name that finds it: public's
	// qualified when public is not on the search_path (pg_dump's).
	public := map[string]bool{}
	for i := range ps {
		if ps[i].fn != nil && ps[i].nsp == OIDPublic && !publicVisible(m.e) {
			public[ps[i].name] = true
		}
	}
	orNone := func(s string) any {
		switch {
		case s == "":
			return "-"
		case public[s]:
			return "public." + s
		}
		return s
	}
	for i := range ps {
		p := &ps[i]
		if p.fn == nil || !p.fn.IsAggregate() {
			continue
		}
		a := p.fn.Aggregate
		init := any(nil)
		if a.HasInit {
			init = a.InitCond
		}
		// The partial-aggregation, moving-aggregate and sort operator
		// options are accepted and not kept: none.
		out.add(p.oid, byte('n'), int16(0), orNone(a.TransFn), orNone(a.FinalFn),
			"-", "-", "-", "-", "-", "-", a.FinalExtra, false,
			a.FinalModify, byte('r'), uint32(0), m.paramTypeOID(a.TransType.TypeName, a.TransType.Type),
			int32(0), uint32(0), int32(0), init, nil)
	}
	return nil
}

func textList(xs []string) value.Value {
	vs := make([]value.Value, len(xs))
	for i, x := range xs {
		vs[i] = value.String(x)
	}
	return value.List(vs)
}

// functionArguments is pg_get_function_arguments: "a integer, b text".
func functionArguments(p *procInfo) string {
	if p.routine() != nil {
		return routineArguments(p.fn, true)
	}
	parts := make([]string, len(p.args))
	for i, a := range p.args {
		t, _ := FormatType(a, -1)
		if i < len(p.argNames) && p.argNames[i] != "" {
			t = builtin.QuoteIdent(p.argNames[i]) + " " + t
		}
		parts[i] = t
	}
	return strings.Join(parts, ", ")
}
