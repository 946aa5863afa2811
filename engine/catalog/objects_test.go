package catalog

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func TestFunctions(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	intT := value.TypeInt8
	f := &Function{
		Name:   "top",
		Params: []FuncParam{{Name: "xs", Type: &value.Type{Kind: value.KindList, Elem: &intT}}, {Name: "n", Type: &intT, Default: "3"}},
		Result: &value.Type{Kind: value.KindList, Elem: &intT},
		Source: "function top(xs: [int], n: int = 3) -> [int] { xs |> limit n }",
	}
	put := func(f *Function) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.PutFunction(ctx, txn, db, f) }
	}
	get := func(name string, want *Function) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			got, err := c.Function(ctx, txn, db, name)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("function %q = %+v, want %+v", name, got, want)
			}
			return nil
		}
	}
	list := func(want ...string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			fs, err := c.Functions(ctx, txn, db)
			var got []string
			for _, f := range fs {
				got = append(got, f.Name)
			}
			if err == nil && !slices.Equal(got, want) {
				return fmt.Errorf("functions %q, want %q", got, want)
			}
			return err
		}
	}
	drop := func(name string) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.DropFunction(ctx, txn, db, name) }
	}
	other := &Function{Name: "adult", Params: []FuncParam{{Name: "p"}}, Source: "function adult(p) { p.age >= 18 }"}
	replaced := &Function{Name: "adult", Params: []FuncParam{{Name: "p"}}, Source: "function adult(p) { p.age >= 21 }"}
	runSteps(t, store, []step{
		{"get missing", get("top", nil), errs.UndefinedFunction, `function "top" does not exist`},
		{"put", put(f), "", ""},
		{"get", get("top", f), "", ""},
		{"put other", put(other), "", ""},
		{"list", list("adult", "top"), "", ""},
		{"replace", put(replaced), "", ""},
		{"get replaced", get("adult", replaced), "", ""},
		{"empty name", put(&Function{}), "42602", ""},
		{"duplicate parameter", put(&Function{Name: "d", Params: []FuncParam{{Name: "a"}, {Name: "a"}}}), errs.InvalidFunctionDefinition, ""},
		{"drop", drop("top"), "", ""},
		{"drop missing", drop("top"), errs.UndefinedFunction, `function "top" does not exist`},
		{"list after drop", list("adult"), "", ""},
	})
	if f.Database != db.ID || f.Required() != 1 {
		t.Fatalf("database %d, required %d", f.Database, f.Required())
	}
}

func TestEnumsAndTypes(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	color := &Enum{Name: "color", Variants: []string{"red", "green"}}
	point := &TypeDef{Name: "point", Type: value.Type{Kind: value.KindObject, Name: "point", Fields: []value.Field{
		{Name: "x", Type: value.TypeFloat8}, {Name: "y", Type: value.TypeFloat8},
	}}}
	op := func(fn func(ctx context.Context, txn kv.Txn) error) func(context.Context, kv.Txn) error { return fn }
	runSteps(t, store, []step{
		{"create enum", op(func(ctx context.Context, txn kv.Txn) error { return c.CreateEnum(ctx, txn, db, color) }), "", ""},
		{"create type", op(func(ctx context.Context, txn kv.Txn) error { return c.CreateTypeDef(ctx, txn, db, point) }), "", ""},
		{"enum again", op(func(ctx context.Context, txn kv.Txn) error {
			return c.CreateEnum(ctx, txn, db, &Enum{Name: "color", Variants: []string{"x"}})
		}), errs.DuplicateObject, `type "color" already exists`},
		{"type named like the enum", op(func(ctx context.Context, txn kv.Txn) error {
			return c.CreateTypeDef(ctx, txn, db, &TypeDef{Name: "color", Type: value.TypeText})
		}), errs.DuplicateObject, ""},
		{"enum named like the type", op(func(ctx context.Context, txn kv.Txn) error {
			return c.CreateEnum(ctx, txn, db, &Enum{Name: "point"})
		}), errs.DuplicateObject, ""},
		{"duplicate variant", op(func(ctx context.Context, txn kv.Txn) error {
			return c.CreateEnum(ctx, txn, db, &Enum{Name: "e", Variants: []string{"a", "a"}})
		}), errs.InvalidParameterValue, ""},
		{"read back", op(func(ctx context.Context, txn kv.Txn) error {
			e, err := c.Enum(ctx, txn, db, "color")
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(e, color) {
				return fmt.Errorf("enum %+v, want %+v", e, color)
			}
			td, err := c.TypeDef(ctx, txn, db, "point")
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(td, point) {
				return fmt.Errorf("type %+v, want %+v", td, point)
			}
			es, err := c.Enums(ctx, txn, db)
			if err != nil || len(es) != 1 {
				return fmt.Errorf("enums %v, %v", es, err)
			}
			ts, err := c.TypeDefs(ctx, txn, db)
			if err != nil || len(ts) != 1 {
				return fmt.Errorf("types %v, %v", ts, err)
			}
			return nil
		}), "", ""},
		{"drop enum", op(func(ctx context.Context, txn kv.Txn) error { return c.DropEnum(ctx, txn, db, "color") }), "", ""},
		{"drop enum again", op(func(ctx context.Context, txn kv.Txn) error { return c.DropEnum(ctx, txn, db, "color") }), errs.UndefinedObject, `type "color" does not exist`},
		{"missing type", op(func(ctx context.Context, txn kv.Txn) error {
			_, err := c.TypeDef(ctx, txn, db, "nope")
			return err
		}), errs.UndefinedObject, ""},
		{"drop type", op(func(ctx context.Context, txn kv.Txn) error { return c.DropTypeDef(ctx, txn, db, "point") }), "", ""},
	})
}

// TestDropDatabaseDropsObjects checks that functions, enums and types live
// inside the database's range.
func TestDropDatabaseDropsObjects(t *testing.T) {
	c, store := newCatalog(t)
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		if _, err := c.CreateDatabase(ctx, txn, DefaultNamespace, "shop"); err != nil {
			return err
		}
		db, err := c.Database(ctx, txn, DefaultNamespace, "shop")
		if err != nil {
			return err
		}
		if err := c.PutFunction(ctx, txn, db, &Function{Name: "f", Source: "function f() { 1 }"}); err != nil {
			return err
		}
		if err := c.CreateEnum(ctx, txn, db, &Enum{Name: "e", Variants: []string{"a"}}); err != nil {
			return err
		}
		return c.CreateTypeDef(ctx, txn, db, &TypeDef{Name: "t", Type: value.TypeText})
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		return c.DropDatabase(ctx, txn, DefaultNamespace, "shop")
	})
	mustUpdate(t, store, func(ctx context.Context, txn kv.Txn) error {
		if _, err := c.CreateDatabase(ctx, txn, DefaultNamespace, "shop"); err != nil {
			return err
		}
		db, err := c.Database(ctx, txn, DefaultNamespace, "shop")
		if err != nil {
			return err
		}
		fs, _ := c.Functions(ctx, txn, db)
		es, _ := c.Enums(ctx, txn, db)
		ts, _ := c.TypeDefs(ctx, txn, db)
		if len(fs)+len(es)+len(ts) != 0 {
			return fmt.Errorf("objects survived the drop: %v %v %v", fs, es, ts)
		}
		return nil
	})
}

func TestCheckValueEnums(t *testing.T) {
	color := EnumType(&Enum{Name: "color", Variants: []string{"red", "green"}})
	if !IsEnumType(color) || IsEnumType(value.Type{Kind: value.KindSymbol}) {
		t.Fatal("IsEnumType")
	}
	list := value.Type{Kind: value.KindList, Elem: &color}
	opt := color
	opt.Optional = true
	obj := value.Type{Kind: value.KindObject, Fields: []value.Field{{Name: "c", Type: opt}}}
	obj1 := value.NewObject(1)
	obj1.Set("c", value.Symbol("blue"))
	for _, tc := range []struct {
		v    value.Value
		t    value.Type
		code string
	}{
		{value.Symbol("red"), color, ""},
		{value.Symbol("blue"), color, errs.DatatypeMismatch},
		{value.String("red"), color, errs.DatatypeMismatch},
		{value.None, color, errs.DatatypeMismatch},
		{value.None, opt, ""},
		{value.List([]value.Value{value.Symbol("red"), value.Symbol("green")}), list, ""},
		{value.List([]value.Value{value.Symbol("red"), value.Symbol("pink")}), list, errs.DatatypeMismatch},
		{value.ObjectOf(obj1), obj, errs.DatatypeMismatch},
		{value.Symbol("anything"), value.Type{Kind: value.KindSymbol}, ""},
	} {
		_, err := CheckValue(tc.v, tc.t)
		if got := errs.Code(err); got != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("CheckValue(%s, %s) = %v, want %q", tc.v, tc.t, err, tc.code)
		}
	}
	if _, err := CheckValue(value.ObjectOf(obj1), obj); err == nil || errs.From(err).Message != "field c: @blue is not a variant of enum color" {
		t.Errorf("object error: %v", err)
	}
}

func TestObjectRoundTrips(t *testing.T) {
	intT := value.TypeInt8
	color := EnumType(&Enum{Name: "color", Variants: []string{"red"}})
	f := &Function{Database: 3, Name: "f", Params: []FuncParam{{Name: "a", Type: &color}, {Name: "b", Default: "1 + 1"}}, Result: &intT, Source: "function f(a: color, b = 1 + 1) -> int { b }"}
	b, err := encodeFunction(f)
	if err != nil {
		t.Fatal(err)
	}
	f2, err := decodeFunction(b)
	if err != nil || !reflect.DeepEqual(f, f2) {
		t.Fatalf("function round trip: %+v, %v", f2, err)
	}
	e := &Enum{Database: 3, Name: "e", Variants: []string{"a", "b"}}
	b, _ = encodeEnum(e)
	if e2, err := decodeEnum(b); err != nil || !reflect.DeepEqual(e, e2) {
		t.Fatalf("enum round trip: %+v, %v", e2, err)
	}
	td := &TypeDef{Database: 3, Name: "point", Type: value.Type{Kind: value.KindObject, Name: "point", Fields: []value.Field{{Name: "c", Type: color}}}}
	b, _ = encodeTypeDef(td)
	if td2, err := decodeTypeDef(b); err != nil || !reflect.DeepEqual(td, td2) {
		t.Fatalf("type round trip: %+v, %v", td2, err)
	}
	if _, err := decodeEnum(b); errs.Code(err) != errs.DataCorrupted {
		t.Fatalf("decoding a type as an enum: %v", err)
	}
}

func TestSQLFunctions(t *testing.T) {
	c, store := newCatalog(t)
	db := mainDB(t, c, store)
	intT := value.TypeInt4
	add := &Function{
		Name:     "add",
		Language: LangSQL,
		Params: []FuncParam{
			{Name: "a", Type: &intT, TypeName: "integer"},
			{Type: &intT, TypeName: "integer", Default: "1"},
			{Name: "r", Type: &intT, TypeName: "integer", Mode: ModeOut},
		},
		Result:  &intT,
		Source:  "select a + $2",
		Routine: &Routine{Returns: "integer", Volatility: 'i', Strict: true, Cost: 100},
	}
	create := func(f *Function, replace bool) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error { return c.CreateFunction(ctx, txn, db, f, replace) }
	}
	get := func(want *Function) func(context.Context, kv.Txn) error {
		return func(ctx context.Context, txn kv.Txn) error {
			got, err := c.Function(ctx, txn, db, want.Name)
			if err == nil && !reflect.DeepEqual(got, want) {
				return fmt.Errorf("function = %+v, want %+v", got, want)
			}
			return err
		}
	}
	with := func(change func(f *Function)) *Function {
		f := *add
		f.Params = slices.Clone(add.Params)
		r := *add.Routine
		f.Routine = &r
		change(&f)
		return &f
	}
	body := with(func(f *Function) { f.Source = "select a - $2" })
	text := with(func(f *Function) { f.Params[0].TypeName = "text" })
	setof := with(func(f *Function) { f.Routine.SetOf = true })
	renamed := with(func(f *Function) { f.Params[0].Name = "x" })
	runSteps(t, store, []step{
		{"create", create(add, false), "", ""},
		{"get", get(add), "", ""},
		{"duplicate", create(add, false), errs.DuplicateFunction, `function "add" already exists with same argument types`},
		{"overload", create(text, true), errs.FeatureNotSupported, ""},
		{"other result", create(setof, true), errs.InvalidFunctionDefinition, "cannot change return type of existing function"},
		{"renamed parameter", create(renamed, true), errs.InvalidFunctionDefinition, `cannot change name of input parameter "a"`},
		{"replace", create(body, true), "", ""},
		{"get replaced", get(body), "", ""},
	})
	if got := add.Signature(); got != "add(integer, integer)" {
		t.Errorf("signature %q", got)
	}
	if in, out := add.InParams(), add.OutParams(); len(in) != 2 || len(out) != 1 || out[0].Name != "r" {
		t.Errorf("in %+v, out %+v", in, out)
	}
}
