package zqlfe

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
	"github.com/zerodb/zerodb/translate"
)

// Stored functions (zql.md §8).
//
// A declaration `function name(params) -> T { body }` is compiled once
// when it is made — so every mistake in it, and every write, is reported
// then, with its position — and stored with its source text and its
// resolved parameter and result types (catalog.Function). A statement
// that calls it compiles it again from the stored source into a
// plan.Function, once per statement however often it is called; a call is
// plan.Apply of a plan.FuncRef. A recursive call refers back to the
// plan.Function being compiled, which is registered before its body is
// compiled.
//
// A body sees its parameters, its own lets, tables, builtin and host
// functions, other stored functions, enums and named types — not session
// variables, not statement parameters, and nothing of the statement that
// calls it. It may read but not write (42P13 at the declaration). At run
// time (engine/exec) arguments and the result are type-checked (42804)
// and recursion deeper than the executor's bound fails with 54001.
//
// Positions: while compiling a body for a call, every position is 0, so
// that an error inside the function reports the position of the call in
// the calling statement (the executor and call() fill it in).

// shared is the state of one statement's translation that every
// translator working on it (sub-translators for defaults and asserts,
// function bodies) shares.
type shared struct {
	// funcs are the stored functions compiled for this statement, by name.
	funcs map[string]*compiledFunc
	// enums and types cache the resolver's answers (nil: none of that
	// name).
	enums map[string]*catalog.Enum
	types map[string]*catalog.TypeDef
	// compiling counts the function bodies being compiled inside each
	// other (a chain of calls through not yet compiled functions).
	compiling int
}

// compiledFunc is a stored function known to this statement: its catalog
// descriptor (signature) and its plan (body filled in once compiled).
type compiledFunc struct {
	desc *catalog.Function
	fn   *plan.Function
}

// maxFunctionNesting bounds how deeply function bodies may be compiled
// inside one another (f's body calls g whose body calls h ...): every
// function is compiled once per statement, so only a chain of that many
// distinct functions could reach it.
const maxFunctionNesting = 200

// assertContext is translator.fn while an assert predicate is compiled
// (not an identifier, so no function can have that name).
const assertContext = " assert"

// catalogResolver returns the resolver's view of stored functions, enums
// and named types. Assert predicates see them too: the executor compiles
// a predicate in the writing statement's transaction and database.
func (t *translator) catalogResolver() (translate.CatalogResolver, bool) {
	cr, ok := t.r.(translate.CatalogResolver)
	return cr, ok
}

// hasSessionVar reports whether name is a session variable the expression
// may read: never inside a stored function's body.
func (t *translator) hasSessionVar(name string) bool {
	return t.fn == "" && t.r.HasSessionVar(name)
}

// noteWrite records a write of records. Inside a stored function's body
// or an assert predicate, which are pure, it is an error naming the write.
func (t *translator) noteWrite(pos int, what string) error {
	if !t.wrote {
		t.wrote, t.writePos, t.writeWhat = true, pos, what
	}
	return t.pureWrite()
}

// pureWrite is the error for the first write recorded inside a pure
// context, or nil.
func (t *translator) pureWrite() error {
	switch {
	case !t.wrote || t.fn == "":
		return nil
	case t.fn == assertContext:
		return errAt("42P17", t.writePos, "an assert predicate cannot write: %s writes records", t.writeWhat)
	}
	return errAt(errs.InvalidFunctionDefinition, t.writePos,
		"function %s cannot write: %s writes records, and stored functions are pure", t.fn, t.writeWhat).
		WithHint("Write in the statement that calls the function, with the values it returns.")
}

// reservedFunctionName reports whether a stored function may not take a
// name: the words ZQL gives a meaning of its own in call position. A
// stored function may shadow a builtin or a stream stage (zql.md's own
// example declares `sum`); calls then mean the stored function.
func reservedFunctionName(name string) bool {
	switch name {
	case "remove", "update", "replace", "contains", "matches", "describe":
		return true
	}
	return false
}

// functionDecl translates a declaration into the statement that stores it.
func (t *translator) functionDecl(d *lang.FuncDecl) (*plan.Statement, error) {
	name := d.Name.Name
	if reservedFunctionName(name) {
		return nil, errAt("42723", t.at(d.Name), "%q is a word of ZQL and cannot name a function", name)
	}
	desc := &catalog.Function{Name: name, Source: t.text(d)}
	seen := make(map[string]bool, len(d.Params))
	for i, p := range d.Params {
		pn := p.Name.Name
		if seen[pn] {
			return nil, errAt(errs.InvalidFunctionDefinition, t.at(p.Name), "parameter name %q used more than once", pn)
		}
		seen[pn] = true
		cp := catalog.FuncParam{Name: pn}
		if p.Type != nil {
			ty, err := t.typeOf(p.Type)
			if err != nil {
				return nil, err
			}
			cp.Type = &ty
		}
		if p.Default != nil {
			cp.Default = t.text(p.Default)
		} else if i > 0 && desc.Params[i-1].Default != "" {
			return nil, errAt(errs.InvalidFunctionDefinition, t.at(p),
				"parameter %q needs a default: it follows a parameter that has one", pn)
		}
		desc.Params = append(desc.Params, cp)
	}
	if d.Result != nil {
		ty, err := t.typeOf(d.Result)
		if err != nil {
			return nil, err
		}
		desc.Result = &ty
	}
	// Compile the body now, with the statement's positions, so that the
	// declaration reports what a call would. The new definition is
	// registered first: a recursive call means it, not an older one.
	body := t.funcTranslator(t.src, name)
	cf := &compiledFunc{desc: desc, fn: newPlanFunction(desc)}
	t.sh.funcs[name] = cf
	if err := body.functionBody(d, cf.fn); err != nil {
		if werr := body.pureWrite(); werr != nil {
			return nil, werr
		}
		return nil, err
	}
	if err := body.pureWrite(); err != nil {
		return nil, err
	}
	if body.usedParam {
		return nil, errAt(errs.InvalidFunctionDefinition, body.paramPos,
			"function %s cannot use statement parameters: pass the value as an argument", name)
	}
	if cv, ok := constOf(cf.fn.Body); ok && desc.Result != nil {
		if _, err := catalog.CheckValue(cv, *desc.Result); err != nil {
			return nil, withPos(errs.New(errs.DatatypeMismatch, "function %s returns %s, not %s", name, cv, desc.Result), t.at(d.Body))
		}
	}
	return ddl(&plan.CreateFunction{Function: desc}, "CREATE FUNCTION"), nil
}

func newPlanFunction(desc *catalog.Function) *plan.Function {
	pf := &plan.Function{Name: desc.Name, Result: desc.Result}
	for _, p := range desc.Params {
		pf.Params = append(pf.Params, p.Name)
		pf.ParamTypes = append(pf.ParamTypes, p.Type)
	}
	return pf
}

// funcTranslator is a translator for the body of stored function fn,
// sharing the statement's lookups.
func (t *translator) funcTranslator(src *source, fn string) *translator {
	s := newTranslator(t.ctx, t.r, src)
	s.tables = t.tables
	s.sh = t.sh
	s.fn = fn
	return s
}

// functionBody compiles a declaration's defaults and body into pf. The
// parameters are the first slots of the function's frame; each default is
// compiled with the parameters before it in scope.
func (t *translator) functionBody(d *lang.FuncDecl, pf *plan.Function) error {
	t.pushFrame()
	t.pushScope()
	defer t.popScope()
	pf.Defaults = make([]plan.Expr, len(d.Params))
	for i, p := range d.Params {
		if p.Default != nil {
			x, err := t.expr(p.Default)
			if err != nil {
				t.popFrame()
				return err
			}
			pf.Defaults[i] = x
		}
		t.bindLocalName(p.Name.Name, nil)
	}
	body, err := t.block(d.Body)
	n := t.popFrame()
	if err != nil {
		return err
	}
	pf.NumSlots, pf.Body = n, body
	return nil
}

// routines are the stored functions the statement's translation
// compiled (plan.Statement.Routines), by name.
func (sh *shared) routines() []*catalog.Function {
	var out []*catalog.Function
	for _, cf := range sh.funcs {
		if cf != nil {
			out = append(out, cf.desc)
		}
	}
	slices.SortFunc(out, func(a, b *catalog.Function) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// storedFunction finds a stored function for a call or a function value,
// compiling it for this statement on first use; ok is false when there is
// none of that name.
func (t *translator) storedFunction(name string, pos int) (*compiledFunc, bool, error) {
	if cf, ok := t.sh.funcs[name]; ok {
		return cf, cf != nil, nil
	}
	cr, ok := t.catalogResolver()
	if !ok {
		return nil, false, nil
	}
	desc, ok, err := cr.StoredFunction(t.ctx, name)
	if err != nil {
		return nil, false, withPos(err, pos)
	}
	if !ok {
		t.sh.funcs[name] = nil
		return nil, false, nil
	}
	if lang := desc.Lang(); lang != catalog.LangZQL {
		// A function defined by SQL's CREATE FUNCTION: its body is the
		// SQL front end's (or PL/pgSQL's) to compile, which ZQL cannot
		// reach.
		return nil, false, errs.New(errs.FeatureNotSupported, "function %s is written in LANGUAGE %s: ZQL calls only ZQL functions (call it from SQL)", name, lang).WithPos(pos)
	}
	cf := &compiledFunc{desc: desc, fn: newPlanFunction(desc)}
	t.sh.funcs[name] = cf
	if err := t.compileStored(cf); err != nil {
		delete(t.sh.funcs, name)
		e := errs.From(err)
		c := *e
		c.Message = "in function " + name + ": " + e.Message
		c.Position = pos
		return nil, false, &c
	}
	return cf, true, nil
}

// compileStored compiles a stored function's body from its source.
func (t *translator) compileStored(cf *compiledFunc) error {
	if t.sh.compiling >= maxFunctionNesting {
		return errs.New(codeStackDepth, "stored functions call each other more than %d levels deep", maxFunctionNesting)
	}
	t.sh.compiling++
	defer func() { t.sh.compiling-- }()
	script, err := lang.Parse(cf.desc.Source)
	if err != nil || len(script.Stmts) != 1 {
		return errs.New(errs.DataCorrupted, "the stored source of function %s does not parse: %v", cf.desc.Name, err)
	}
	d, ok := script.Stmts[0].(*lang.FuncDecl)
	if !ok || len(d.Params) != len(cf.desc.Params) {
		return errs.New(errs.DataCorrupted, "the stored source of function %s is not its declaration", cf.desc.Name)
	}
	src := newSource(cf.desc.Source)
	src.noPos = true
	body := t.funcTranslator(src, cf.desc.Name)
	return body.functionBody(d, cf.fn)
}

// codeStackDepth is 54001 (statement too complex / stack depth limit).
const codeStackDepth = "54001"

// storedCall translates a call of a stored function: the argument count
// is checked here, constant arguments against the declared types.
func (t *translator) storedCall(cs *callSite, cf *compiledFunc) (plan.Expr, error) {
	desc := cf.desc
	n, req := len(desc.Params), desc.Required()
	if len(cs.args) < req || len(cs.args) > n {
		return nil, errAt(errs.UndefinedFunction, t.fnPos(cs), "function %s takes %s, not %d", desc.Name, argCount(req, n), len(cs.args))
	}
	args, err := t.argExprs(cs)
	if err != nil {
		return nil, err
	}
	for i, a := range args {
		v, isConst := constOf(a)
		if ty := desc.Params[i].Type; isConst && ty != nil {
			if _, err := catalog.CheckValue(v, *ty); err != nil {
				e := errs.From(err)
				return nil, errAt(e.Code, t.at(cs.args[i]), "argument %s of function %s: %s", desc.Params[i].Name, desc.Name, e.Message)
			}
		}
	}
	pos := t.at(cs.node)
	return &plan.Apply{At: at(pos), Fn: &plan.FuncRef{At: at(t.fnPos(cs)), Fn: cf.fn}, Args: args}, nil
}

// storedValue is a stored function used as a value (`xs |> map double`).
func storedValue(pos int, cf *compiledFunc) plan.Expr {
	return &plan.FuncRef{At: at(pos), Fn: cf.fn}
}

// typeText names a type in messages and describe.
func typeText(t *value.Type) string {
	if t == nil {
		return "any"
	}
	return t.String()
}
