package zqlfe

import (
	"context"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// fakeResolver is a fixed catalog for golden, fuzz and benchmark tests: the
// plans do not depend on the builtin library's evolution.
type fakeResolver struct {
	tables map[string]*catalog.Table
	funcs  map[string]*builtin.Func
	vars   map[string]bool
}

func newFakeResolver() *fakeResolver {
	r := &fakeResolver{
		tables: make(map[string]*catalog.Table),
		funcs:  make(map[string]*builtin.Func),
		vars:   make(map[string]bool),
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
