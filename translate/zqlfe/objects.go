package zqlfe

import (
	"sort"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// Enums, named types, describe and import.

// function finds a builtin or host function by name. A host function
// (registered through the Go API) is visible only once the session
// imported it (`import name`, which binds the name as a session
// variable) and inside stored function bodies, which belong to no
// session.
func (t *translator) function(name string) (*builtin.Func, bool) {
	f, ok := t.r.Function(name)
	if !ok {
		return nil, false
	}
	if f.Host && t.fn == "" && !t.r.HasSessionVar(name) {
		return nil, false
	}
	return f, true
}

// hostHint explains an unknown function that is a host function not
// imported yet.
func (t *translator) noFunction(pos int, name string) *errs.Error {
	e := errAt(errs.UndefinedFunction, pos, "function %q does not exist", name)
	if f, ok := t.r.Function(name); ok && f.Host {
		e.Message = "function " + name + " is a host function that this session has not imported"
		e.Hint = "Run `import " + name + "` first."
	}
	return e
}

// builtinTypeNames are the type names typeOf knows without the catalog;
// no enum or named type may take one.
func isBuiltinTypeName(name string) bool {
	if _, _, _, ok := intWidth(name); ok && name != "" {
		return true
	}
	switch name {
	case "int", "float", "f64", "f32", "decimal", "string", "bool", "datetime", "time", "duration", "uuid",
		"bytes", "symbol", "regex", "range", "none", "any", "object", "list", "tuple", "record", "vector":
		return true
	}
	return false
}

// enumNamed returns the enum of that name, or nil.
func (t *translator) enumNamed(name string, pos int) (*catalog.Enum, error) {
	if e, ok := t.sh.enums[name]; ok {
		return e, nil
	}
	cr, ok := t.catalogResolver()
	if !ok {
		return nil, nil
	}
	e, found, err := cr.Enum(t.ctx, name)
	if err != nil {
		return nil, withPos(err, pos)
	}
	if !found {
		e = nil
	}
	t.sh.enums[name] = e
	return e, nil
}

// typeDefNamed returns the named type of that name, or nil.
func (t *translator) typeDefNamed(name string, pos int) (*catalog.TypeDef, error) {
	if td, ok := t.sh.types[name]; ok {
		return td, nil
	}
	cr, ok := t.catalogResolver()
	if !ok {
		return nil, nil
	}
	td, found, err := cr.TypeDef(t.ctx, name)
	if err != nil {
		return nil, withPos(err, pos)
	}
	if !found {
		td = nil
	}
	t.sh.types[name] = td
	return td, nil
}

// enumValue translates enum.@variant: the variant's symbol, once checked
// against the enum (22P02 for a symbol that is not one of its variants).
// ok is false when the name before the dot is a table or names no enum:
// then it is a record id.
func (t *translator) enumValue(rid *lang.RecordID) (plan.Expr, bool, error) {
	tb, err := t.tableMaybe(rid.Table.Name, t.at(rid.Table))
	if err != nil || tb != nil {
		return nil, false, err
	}
	e, err := t.enumNamed(rid.Table.Name, t.at(rid.Table))
	if err != nil || e == nil {
		return nil, false, err
	}
	t.keyRead(rid.Key)
	name := rid.Key.Name
	for _, v := range e.Variants {
		if v == name {
			return konst(t.at(rid), value.Symbol(name)), true, nil
		}
	}
	return nil, false, errAt(errs.InvalidTextRepresentation, t.at(rid.Key), "@%s is not a variant of enum %s", name, e.Name).
		WithHint("%s has the variants %s.", e.Name, variantList(e.Variants))
}

func variantList(vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = "@" + v
	}
	return strings.Join(out, ", ")
}

// catalogType resolves a type name that is not builtin: a named type, an
// enum, or a table (whose name types a parameter holding its records and
// admits any value). ok is false when it names none of them.
func (t *translator) catalogType(name string, pos int) (value.Type, bool, error) {
	td, err := t.typeDefNamed(name, pos)
	if err != nil {
		return value.Type{}, false, err
	}
	if td != nil {
		return td.Type, true, nil
	}
	e, err := t.enumNamed(name, pos)
	if err != nil {
		return value.Type{}, false, err
	}
	if e != nil {
		return catalog.EnumType(e), true, nil
	}
	tb, err := t.tableMaybe(name, pos)
	if err != nil {
		return value.Type{}, false, err
	}
	if tb != nil {
		return value.Any, true, nil
	}
	return value.Type{}, false, nil
}

// checkTypeName fails when a new enum or named type may not take name: a
// builtin type name, or a table's (42710; another enum or type of that
// name is the catalog's to report).
func (t *translator) checkTypeName(name string, pos int) error {
	if isBuiltinTypeName(name) {
		return errAt(errs.DuplicateObject, pos, "type %q already exists: it is a builtin type", name)
	}
	tb, err := t.tableMaybe(name, pos)
	if err != nil {
		return err
	}
	if tb != nil {
		return errAt(errs.DuplicateObject, pos, "%q is the name of a table; an enum or type cannot take it", name)
	}
	e, err := t.enumNamed(name, pos)
	if err != nil {
		return err
	}
	td, err := t.typeDefNamed(name, pos)
	if err != nil {
		return err
	}
	if e != nil || td != nil {
		return errAt(errs.DuplicateObject, pos, "type %q already exists", name)
	}
	return nil
}

// createEnum is enum::create(@name, [@variant, ...]).
func (t *translator) createEnum(c *lang.Call) (*plan.Statement, error) {
	name, err := t.nameArg(c, "enum::create")
	if err != nil {
		return nil, err
	}
	if len(c.Args) != 2 {
		return nil, errAt(errs.UndefinedFunction, t.at(c), "enum::create takes a name and a list of variants, not %d arguments", len(c.Args))
	}
	if err := t.checkTypeName(name, t.at(c.Args[0])); err != nil {
		return nil, err
	}
	l, ok := c.Args[1].(*lang.List)
	if !ok {
		return nil, errAt(errs.DatatypeMismatch, t.at(c.Args[1]), "the variants of enum::create are a list of symbols: [@a, @b]")
	}
	if len(l.Elems) == 0 {
		return nil, errAt(errs.InvalidParameterValue, t.at(l), "an enum needs at least one variant")
	}
	e := &catalog.Enum{Name: name}
	seen := make(map[string]bool, len(l.Elems))
	for _, x := range l.Elems {
		s, ok := x.(*lang.SymbolLit)
		if !ok {
			return nil, errAt(errs.DatatypeMismatch, t.at(x), "a variant of an enum is a symbol such as @red")
		}
		if seen[s.Name] {
			return nil, errAt(errs.InvalidParameterValue, t.at(x), "variant @%s of enum %s appears more than once", s.Name, name)
		}
		seen[s.Name] = true
		e.Variants = append(e.Variants, s.Name)
	}
	return ddl(&plan.CreateEnum{Enum: e}, "CREATE ENUM"), nil
}

// createType is type::create(@name, { field: type, ... }).
func (t *translator) createType(c *lang.Call) (*plan.Statement, error) {
	name, err := t.nameArg(c, "type::create")
	if err != nil {
		return nil, err
	}
	if len(c.Args) != 2 {
		return nil, errAt(errs.UndefinedFunction, t.at(c), "type::create takes a name and an object type, not %d arguments", len(c.Args))
	}
	if err := t.checkTypeName(name, t.at(c.Args[0])); err != nil {
		return nil, err
	}
	ot, ok := c.Args[1].(*lang.ObjectType)
	if !ok {
		return nil, errAt(errs.DatatypeMismatch, t.at(c.Args[1]), "the type of type::create is written { field: type, ... }")
	}
	seen := make(map[string]bool, len(ot.Fields))
	for _, f := range ot.Fields {
		if f.Default != nil || f.Assert != nil {
			return nil, unsupported(t.at(f), "a default or an assert in a named type (put it in the schema of the table that uses the type)")
		}
		if seen[f.Name] {
			return nil, errAt("42701", t.at(f), "field %q is declared more than once", f.Name)
		}
		seen[f.Name] = true
	}
	ty, err := t.typeOf(ot)
	if err != nil {
		return nil, err
	}
	ty.Name = name
	return ddl(&plan.CreateType{Type: &catalog.TypeDef{Name: name, Type: ty}}, "CREATE TYPE"), nil
}

// importStatement is `import a, b`: each name — a host, builtin or stored
// function — becomes a session variable holding the function, which is
// what makes a host function callable by the session's later statements.
func (t *translator) importStatement(s *lang.Import) (*plan.Statement, error) {
	var sets []*plan.SetSessionVar
	for _, id := range s.Names {
		pos := t.at(id)
		var x plan.Expr
		if f, ok := t.r.Function(id.Name); ok {
			x = funcValue(pos, f.Name, f.MinArgs, f.MaxArgs)
		} else {
			cf, ok, err := t.storedFunction(id.Name, pos)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, errAt(errs.UndefinedFunction, pos, "function %q does not exist", id.Name)
			}
			x = storedValue(pos, cf)
		}
		sets = append(sets, &plan.SetSessionVar{At: at(pos), Name: id.Name, X: x})
	}
	if len(sets) == 0 {
		return nil, errAt(errs.SyntaxError, t.at(s), "import needs a name")
	}
	// The statement binds its first name; the others are bound while its
	// value is computed.
	first := sets[0]
	if len(sets) > 1 {
		stmts := make([]plan.Expr, len(sets)-1)
		for i, st := range sets[1:] {
			stmts[i] = st
		}
		first = &plan.SetSessionVar{At: first.At, Name: first.Name, X: &plan.Block{At: first.At, Stmts: stmts, Result: first.X}}
	}
	return &plan.Statement{Kind: plan.StmtSet, Set: first, Tag: "IMPORT", ZQL: true}, nil
}

// describeTarget recognises `describe kind.@name` and `kind::describe(@name)`.
func describeTarget(cs *callSite) (kind string, name *lang.SymbolLit, ok bool) {
	switch fn := cs.fn.(type) {
	case *lang.Ident:
		if fn.Name != "describe" || len(cs.args) != 1 {
			return "", nil, false
		}
		rid, isRID := cs.args[0].(*lang.RecordID)
		if !isRID || !isDescribable(rid.Table.Name) {
			return "", nil, false
		}
		return rid.Table.Name, rid.Key, true
	case *lang.NamespacedName:
		if fn.Name != "describe" || !isDescribable(fn.Namespace) || len(cs.args) != 1 {
			return "", nil, false
		}
		s, isSym := cs.args[0].(*lang.SymbolLit)
		if !isSym {
			return "", nil, false
		}
		return fn.Namespace, s, true
	}
	return "", nil, false
}

func isDescribable(kind string) bool {
	switch kind {
	case "table", "function", "enum", "type":
		return true
	}
	return false
}

// describe yields a catalog object's definition as an object, read from
// the catalog when the statement is translated.
func (t *translator) describe(cs *callSite) (plan.Expr, error) {
	kind, sym, _ := describeTarget(cs)
	if sym != nil {
		t.keyRead(sym)
	}
	pos, npos := t.at(cs.node), t.at(sym)
	name := sym.Name
	o := value.NewObject(8)
	o.Set("name", value.String(name))
	o.Set("kind", value.Symbol(kind))
	switch kind {
	case "table":
		tb, err := t.table(name, npos)
		if err != nil {
			return nil, err
		}
		describeTable(o, tb)
		describeIndexes(o, tb)
	case "function":
		cf, ok, err := t.storedFunction(name, npos)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, t.noFunction(npos, name)
		}
		describeFunction(o, cf.desc)
	case "enum":
		e, err := t.enumNamed(name, npos)
		if err != nil {
			return nil, err
		}
		if e == nil {
			return nil, errAt(errs.UndefinedObject, npos, "enum %q does not exist", name)
		}
		vs := make([]value.Value, len(e.Variants))
		for i, v := range e.Variants {
			vs[i] = value.Symbol(v)
		}
		o.Set("variants", value.List(vs))
	case "type":
		td, err := t.typeDefNamed(name, npos)
		if err != nil {
			return nil, err
		}
		if td == nil {
			return nil, errAt(errs.UndefinedObject, npos, "type %q does not exist", name)
		}
		shape := td.Type
		shape.Name = ""
		o.Set("type", value.String(shape.String()))
		o.Set("fields", typeFields(shape.Fields))
	}
	return konst(pos, value.ObjectOf(o)), nil
}

func describeTable(o *value.Object, tb *catalog.Table) {
	o.Set("schemafull", value.Bool(tb.Schemafull))
	fields := make([]value.Value, len(tb.Fields))
	for i := range tb.Fields {
		f := &tb.Fields[i]
		fo := value.NewObject(6)
		fo.Set("name", value.String(f.Name))
		fo.Set("type", value.String(f.Type.String()))
		fo.Set("optional", value.Bool(f.Optional || f.Type.Optional))
		if f.HasDefault {
			switch {
			case f.DefaultSeq != "":
				// A serial or identity column: the sequence it draws from.
				fo.Set("default_seq", value.String(f.DefaultSeq))
			case f.DefaultFunc != "":
				fo.Set("default_fn", value.String(f.DefaultFunc))
			case f.DefaultExpr != "":
				// A SQL default expression: its SQL text.
				fo.Set("default_sql", value.String(f.DefaultExpr))
			default:
				fo.Set("default", f.DefaultValue)
			}
		}
		if f.Generated != "" {
			// A SQL stored generated column: its expression's SQL text.
			fo.Set("generated", value.String(f.Generated))
		}
		asserts := make([]value.Value, len(f.Asserts))
		for j, a := range f.Asserts {
			asserts[j] = value.String(a)
		}
		fo.Set("asserts", value.List(asserts))
		if catalog.IsEnumType(f.Type) {
			fo.Set("variants", enumVariants(f.Type))
		}
		fields[i] = value.ObjectOf(fo)
	}
	o.Set("fields", value.List(fields))
	pk := make([]value.Value, len(tb.PrimaryKey))
	for i, k := range tb.PrimaryKey {
		pk[i] = value.String(k)
	}
	o.Set("primary_key", value.List(pk))
	if tb.CreatedBy != "" {
		o.Set("created_by", value.String(tb.CreatedBy))
	}
}

func enumVariants(t value.Type) value.Value {
	vs := make([]value.Value, len(t.Fields))
	for i, f := range t.Fields {
		vs[i] = value.Symbol(f.Name)
	}
	return value.List(vs)
}

func typeFields(fs []value.Field) value.Value {
	out := make([]value.Value, len(fs))
	for i, f := range fs {
		fo := value.NewObject(3)
		fo.Set("name", value.String(f.Name))
		fo.Set("type", value.String(f.Type.String()))
		fo.Set("optional", value.Bool(f.Type.Optional))
		out[i] = value.ObjectOf(fo)
	}
	return value.List(out)
}

func describeFunction(o *value.Object, f *catalog.Function) {
	params := make([]value.Value, len(f.Params))
	for i, p := range f.Params {
		po := value.NewObject(3)
		po.Set("name", value.String(p.Name))
		po.Set("type", value.String(typeText(p.Type)))
		if p.Default != "" {
			po.Set("default", value.String(p.Default))
		}
		params[i] = value.ObjectOf(po)
	}
	o.Set("params", value.List(params))
	o.Set("result", value.String(typeText(f.Result)))
	o.Set("source", value.String(f.Source))
}

// describeDatabase is db::describe(): the names of the current
// database's tables, functions, enums and types.
func (t *translator) describeDatabase(pos int) (plan.Expr, error) {
	cr, ok := t.catalogResolver()
	if !ok {
		return nil, errAt(errs.FeatureNotSupported, pos, "db::describe needs the catalog, which is not available here")
	}
	o := value.NewObject(4)
	for _, kind := range []string{"table", "function", "enum", "type"} {
		names, err := cr.CatalogNames(t.ctx, kind)
		if err != nil {
			return nil, withPos(err, pos)
		}
		sort.Strings(names)
		vs := make([]value.Value, len(names))
		for i, n := range names {
			vs[i] = value.String(n)
		}
		o.Set(kind+"s", value.List(vs))
	}
	return konst(pos, value.ObjectOf(o)), nil
}

// checkTableName fails when a new table would take the name of an enum or
// a named type (42710): `name.@key` could not tell a record from a
// variant.
func (t *translator) checkTableName(name string, pos int) error {
	if e, err := t.enumNamed(name, pos); err != nil || e != nil {
		if err != nil {
			return err
		}
		return errAt(errs.DuplicateObject, pos, "%q is the name of an enum; a table cannot take it", name)
	}
	if td, err := t.typeDefNamed(name, pos); err != nil || td != nil {
		if err != nil {
			return err
		}
		return errAt(errs.DuplicateObject, pos, "%q is the name of a type; a table cannot take it", name)
	}
	return nil
}
