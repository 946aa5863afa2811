package zqlfe

import (
	"context"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// fakeResolver is a fixed catalog for golden, fuzz and benchmark tests: the
// plans do not depend on the builtin library's evolution.
type fakeResolver struct {
	tables map[string]*catalog.Table
	funcs  map[string]*builtin.Func
	vars   map[string]bool
	stored map[string]*catalog.Function
	enums  map[string]*catalog.Enum
	types  map[string]*catalog.TypeDef
}

func newFakeResolver() *fakeResolver {
	r := &fakeResolver{
		tables: make(map[string]*catalog.Table),
		funcs:  make(map[string]*builtin.Func),
		vars:   make(map[string]bool),
		stored: make(map[string]*catalog.Function),
		enums:  make(map[string]*catalog.Enum),
		types:  make(map[string]*catalog.TypeDef),
	}
	id := uint64(100)
	add := func(t *catalog.Table) {
		id++
		t.ID = id
		r.tables[t.Name] = t
	}
	add(&catalog.Table{Name: "persons", CreatedBy: "zql"})
	add(&catalog.Table{Name: "cities", CreatedBy: "zql"})
	add(&catalog.Table{Name: "events", CreatedBy: "zql"})
	add(&catalog.Table{Name: "knows", CreatedBy: "zql", Edge: &catalog.EdgeSpec{}})
	add(&catalog.Table{
		Name: "users", CreatedBy: "sql", Schemafull: true, PrimaryKey: []string{"id"},
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "name", Type: value.TypeText, Optional: true},
			{Name: "age", Type: value.TypeInt4, Optional: true},
		},
	})
	add(&catalog.Table{
		Name: "tags", CreatedBy: "sql", Schemafull: true, PrimaryKey: []string{"name"},
		Fields: []catalog.Field{{Name: "name", Type: value.TypeText}, {Name: "n", Type: value.TypeInt8, Optional: true}},
	})
	fn := func(name string, minArgs, maxArgs int) {
		r.funcs[name] = &builtin.Func{Name: name, MinArgs: minArgs, MaxArgs: maxArgs, Pure: true}
	}
	for _, n := range []string{"uppercase", "lowercase", "trim", "len", "is_capitalized", "is_none",
		"keys", "values", "key", "id", "table", "abs", "floor", "sqrt", "datetime", "duration", "sort", "flatten",
		"distinct", "reverse", "first", "last", "count", "sum", "avg", "math::sqrt", "math::abs"} {
		fn(n, 1, 1)
	}
	fn("min", 1, -1)
	fn("max", 1, -1)
	fn("mod", 2, 2)
	fn("merge", 2, 2)
	fn("split", 2, 2)
	fn("join", 2, 2)
	fn("substring", 2, 3)
	fn("starts_with", 2, 2)
	fn("now", 0, 0)
	fn("uuid", 0, 0)
	fn("math::pi", 0, 0)
	r.funcs["score"] = &builtin.Func{Name: "score", MinArgs: 1, MaxArgs: 1, Host: true}

	intT, listInt := value.TypeInt8, value.Type{Kind: value.KindList, Elem: &value.TypeInt8}
	r.stored["double"] = &catalog.Function{Name: "double", Params: []catalog.FuncParam{{Name: "x", Type: &intT}}, Result: &intT,
		Source: "function double(x: int) -> int { x * 2 }"}
	r.stored["add"] = &catalog.Function{Name: "add", Params: []catalog.FuncParam{{Name: "a", Type: &intT}, {Name: "b", Type: &intT, Default: "a"}}, Result: &intT,
		Source: "function add(a: int, b: int = a) -> int { a + b }"}
	r.stored["sum_list"] = &catalog.Function{Name: "sum_list", Params: []catalog.FuncParam{{Name: "xs", Type: &listInt}}, Result: &intT,
		Source: "function sum_list(xs: [int]) -> int { match xs { [] => 0, [h, ..t] => h + sum_list(t) } }"}
	r.stored["adults"] = &catalog.Function{Name: "adults", Source: "function adults() { [ p in persons, p.age >= 18 ] }"}
	r.stored["broken"] = &catalog.Function{Name: "broken", Source: "function broken() { nosuch }"}
	r.enums["color"] = &catalog.Enum{Name: "color", Variants: []string{"red", "green", "blue"}}
	colorT := catalog.EnumType(r.enums["color"])
	add(&catalog.Table{
		Name: "people", CreatedBy: "zql", Schemafull: true,
		Fields: []catalog.Field{
			{Name: "name", Type: value.TypeText, Asserts: []string{"is_capitalized"}},
			{Name: "age", Type: value.TypeInt8, Optional: true},
			{Name: "paint", Type: colorT, Optional: true},
			{Name: "tags", Type: value.Type{Kind: value.KindList, Elem: &value.TypeText}, HasDefault: true, DefaultValue: value.List([]value.Value{})},
		},
	})
	r.types["point"] = &catalog.TypeDef{Name: "point", Type: value.Type{Kind: value.KindObject, Name: "point",
		Fields: []value.Field{{Name: "x", Type: value.TypeFloat8}, {Name: "y", Type: value.TypeFloat8}}}}
	return r
}

func (r *fakeResolver) Table(_ context.Context, name string) (*catalog.Table, error) {
	if t, ok := r.tables[name]; ok {
		return t, nil
	}
	return nil, errs.New(errs.UndefinedTable, "relation %q does not exist", name)
}

func (r *fakeResolver) Function(name string) (*builtin.Func, bool) {
	f, ok := r.funcs[name]
	return f, ok
}

func (r *fakeResolver) HasSessionVar(name string) bool { return r.vars[name] }

// The CatalogResolver side: a few stored functions, an enum and a type.

func (r *fakeResolver) StoredFunction(_ context.Context, name string) (*catalog.Function, bool, error) {
	f, ok := r.stored[name]
	return f, ok, nil
}

func (r *fakeResolver) Enum(_ context.Context, name string) (*catalog.Enum, bool, error) {
	e, ok := r.enums[name]
	return e, ok, nil
}

func (r *fakeResolver) TypeDef(_ context.Context, name string) (*catalog.TypeDef, bool, error) {
	t, ok := r.types[name]
	return t, ok, nil
}

func (r *fakeResolver) CatalogNames(_ context.Context, kind string) ([]string, error) {
	var out []string
	switch kind {
	case "table":
		for n := range r.tables {
			out = append(out, n)
		}
	case "function":
		for n := range r.stored {
			out = append(out, n)
		}
	case "enum":
		for n := range r.enums {
			out = append(out, n)
		}
	case "type":
		for n := range r.types {
			out = append(out, n)
		}
	}
	return out, nil
}

var _ translate.CatalogResolver = (*fakeResolver)(nil)
