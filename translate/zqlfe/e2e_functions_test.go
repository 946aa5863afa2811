package zqlfe

import (
	"errors"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// failsAt runs text and checks that it fails with code at the 1-based
// character position of the first occurrence of near in text.
func (d *db) failsAt(text, code, near string) {
	d.tb.Helper()
	_, err := d.run(text)
	var e *errs.Error
	if !errors.As(err, &e) {
		d.tb.Errorf("%s: want error %s, got %v", text, code, err)
		return
	}
	if e.Code != code {
		d.tb.Errorf("%s: want error %s, got %s: %s", text, code, e.Code, e.Message)
		return
	}
	i := strings.Index(text, near)
	if i < 0 {
		d.tb.Fatalf("%q not in %q", near, text)
	}
	if want := len([]rune(text[:i])) + 1; e.Position != want {
		d.tb.Errorf("%s: error %s %q at position %d, want %d (%q)", text, e.Code, e.Message, e.Position, want, near)
	}
}

// errMessage runs text and returns its error's message.
func (d *db) errMessage(text string) string {
	d.tb.Helper()
	_, err := d.run(text)
	if err == nil {
		d.tb.Fatalf("%s: no error", text)
	}
	return errs.From(err).Message
}

func TestE2EFunctions(t *testing.T) {
	d := newDB(t)
	seedPersons(d)
	d.mustRun(`function double(x: int) -> int { x * 2 }`)
	// Every call form.
	d.check(`double(21)`, `42`)
	d.check(`21.double()`, `42`)
	d.check(`double 21`, `42`)
	d.check(`21 |> double`, `42`)
	d.check(`[1, 2, 3] |> map double`, `2`, `4`, `6`)
	d.check(`[1, 2, 3] |> map |x| double(x) + 1`, `3`, `5`, `7`)
	d.check(`[ double(x) : x in 1..=3 ]`, `2`, `4`, `6`)
	d.mustRun(`function add(a: int, b: int = 10) -> int { a + b }`)
	d.check(`add(1)`, `11`)
	d.check(`add(1, 2)`, `3`)
	d.check(`1 add 2`, `3`)
	d.check(`1 add 2 add 3`, `6`)
	d.check(`5 |> add 1`, `6`)
	d.check(`5 |> add`, `15`)
	// A default may read the parameters before it.
	d.mustRun(`function span(lo: int, hi: int = lo + 10) -> [int] { [lo, hi] }`)
	d.check(`span(1)`, `1`, `11`)
	d.check(`span(1, 2)`, `1`, `2`)
	// Argument count and types.
	d.failsAt(`add(1, 2, 3)`, errs.UndefinedFunction, `add`)
	d.failsAt(`add()`, errs.UndefinedFunction, `add`)
	d.failsAt(`double("a")`, errs.DatatypeMismatch, `"a"`)
	d.failsAt(`{ let s = "a"; 1 + double(s) }`, errs.DatatypeMismatch, `double`)
	d.check(`double(2_i8)`, `4`)
	if msg := d.errMessage(`{ let s = "a"; double(s) }`); msg != "argument x of function double: expected int, found string" {
		t.Errorf("message %q", msg)
	}
	// Recursion, and its bound.
	d.mustRun(`function sum_list(xs: [int]) -> int { match xs { [] => 0, [h, ..t] => h + sum_list(t) } }`)
	d.check(`sum_list([1, 2, 3, 4])`, `10`)
	d.check(`sum_list(1..=100 |> map |x| x)`, `5050`)
	d.mustRun(`function fact(n: int) -> int { if n <= 1 { 1 } else { n * fact(n - 1) } }`)
	d.check(`fact(10)`, `3628800`)
	d.check(`[1, 2, 3, 4] |> map fact`, `1`, `2`, `6`, `24`)
	d.mustRun(`function forever(n: int) -> int { forever(n + 1) }`)
	d.failsAt(`1 + forever(0)`, "54001", `forever`)
	if msg := d.errMessage(`forever(0)`); msg != "stack depth limit exceeded" {
		t.Errorf("message %q", msg)
	}
	// Mutual recursion through functions declared in order.
	d.mustRun(`function is_odd(n: int) -> bool { n % 2 == 1 }`)
	d.mustRun(`function is_even(n: int) -> bool { if n == 0 { true } else { is_odd(n - 1) } }`)
	d.check(`is_even(10)`, `true`)
	d.check(`is_even(7)`, `false`)
	// Functions over records, reading tables.
	d.mustRun(`function adult(p: persons) -> bool { p.age >= 18 }`)
	d.check(`[ p.name : p in persons, adult(p) ]`, `"Ann"`, `"Cy"`)
	d.check(`[ p.name : p in persons, p.adult() ]`, `"Ann"`, `"Cy"`)
	d.check(`persons |> filter adult |> map .name`, `"Ann"`, `"Cy"`)
	d.check(`persons.@ann.adult()`, `true`)
	d.mustRun(`function n_adults() -> int { [ p in persons, p.age >= 18 ] |> count }`)
	d.check(`n_adults()`, `2`)
	d.mustRun(`function names(min_age: int = 0) { [ p.name : p in persons, p.age >= min_age ] }`)
	d.check(`names(18)`, `"Ann"`, `"Cy"`)
	d.check(`names() |> count`, `3`)
	d.check(`[ n : n in names(40) ]`, `"Cy"`)
	d.mustRun(`function city_of(p) { p.home.name }`)
	d.check(`persons.@bob.city_of()`, `"Rome"`)
	// A function calling another; a function value.
	d.mustRun(`function quad(x: int) -> int { double(double(x)) }`)
	d.check(`quad(3)`, `12`)
	d.check(`let f = double; f(4)`, `8`)
	d.check(`{ let g = quad; [1, 2] |> map g }`, `4`, `8`)
	d.mustRun(`function apply_twice(f, x) { f(f(x)) }`)
	d.check(`apply_twice(double, 3)`, `12`)
	d.check(`apply_twice(|x| x + 1, 3)`, `5`)
	// Pure: writes are refused when the function is declared.
	d.failsAt(`function bad(p) { remove p }`, errs.InvalidFunctionDefinition, `remove`)
	d.failsAt(`function bad2() { persons::add({ name: "x" }) }`, errs.InvalidFunctionDefinition, `persons::add`)
	d.failsAt(`function bad3() { persons |> update { x: 1 } }`, errs.InvalidFunctionDefinition, `update`)
	d.failsAt(`function bad4() { persons.@ann.update({ x: 1 }) }`, errs.InvalidFunctionDefinition, `update`)
	if msg := d.errMessage(`function bad(p) { remove p }`); !strings.Contains(msg, "remove") {
		t.Errorf("message %q does not name the write", msg)
	}
	d.fails(`bad(1)`, errs.UndefinedFunction)
	// Declarations are checked.
	d.failsAt(`function f1(x) { nosuch(x) }`, errs.UndefinedFunction, `nosuch`)
	d.failsAt(`function f2(x) { y }`, errs.UndefinedColumn, `y }`)
	d.failsAt(`function f3(x: nosuchtype) { x }`, errs.UndefinedObject, `nosuchtype`)
	d.failsAt(`function f4(x, x) { x }`, errs.InvalidFunctionDefinition, `x) {`)
	d.failsAt(`function f5(x = 1, y) { x }`, errs.InvalidFunctionDefinition, `y)`)
	d.failsAt(`function remove(x) { x }`, "42723", `remove`)
	d.failsAt(`function describe(x) { x }`, "42723", `describe`)
	d.failsAt(`function f6() -> int { "a" }`, errs.DatatypeMismatch, `{ "a" }`)
	d.failsAt(`function f7() { $1 }`, errs.InvalidFunctionDefinition, `$1`)
	d.mustRun(`let outer = 5`)
	d.failsAt(`function f8() { outer }`, errs.UndefinedColumn, `outer }`)
	d.failsAt(`{ function f9() { 1 }; 2 }`, errs.FeatureNotSupported, `function f9`)
	// The result type is checked when the function returns.
	d.mustRun(`function oops(x: int) -> string { x }`)
	d.failsAt(`1; oops(1)`, errs.DatatypeMismatch, `oops`)
	// Replacing and destroying.
	d.mustRun(`function oops(x: int) -> string { "ok" }`)
	d.check(`oops(1)`, `"ok"`)
	d.mustRun(`destroy function.@oops`)
	d.failsAt(`oops(1)`, errs.UndefinedFunction, `oops`)
	d.fails(`destroy function.@oops`, errs.UndefinedFunction)
	// A function that no longer compiles reports where it is called.
	d.mustRun(`table::create(@tmp)`)
	d.mustRun(`function tmp_count() { tmp |> count }`)
	d.check(`tmp_count()`, `0`)
	d.mustRun(`destroy table.@tmp`)
	d.failsAt(`1 + tmp_count()`, errs.UndefinedColumn, `tmp_count`)
	if msg := d.errMessage(`tmp_count()`); !strings.HasPrefix(msg, "in function tmp_count: ") {
		t.Errorf("message %q", msg)
	}
	// Errors inside a function report the call's position.
	d.mustRun(`function div(a: int, b: int) -> int { a / b }`)
	d.failsAt(`[1, 2] |> map |x| div(x, 0)`, errs.DivisionByZero, `div`)
	// describe.
	d.check(`describe function.@add`, `{"name":"add","kind":"@function","params":[{"name":"a","type":"int"},{"name":"b","type":"int","default":"10"}],"result":"int","source":"function add(a: int, b: int = 10) -> int { a + b }"}`)
	d.check(`(describe function.@apply_twice).params |> map .type`, `"any"`, `"any"`)
	d.failsAt(`describe function.@nope`, errs.UndefinedFunction, `@nope`)
}

// TestE2EShadowing: a stored function may take the name of a builtin or a
// stage (zql.md's own example declares sum); calls then mean it, until it
// is destroyed.
func TestE2EShadowing(t *testing.T) {
	d := newDB(t)
	d.mustRun(`function sum(xs: [int]) -> int { match xs { [] => 0, [h, ..t] => h + sum(t) } }`)
	d.check(`sum([1, 2, 3])`, `6`)
	d.check(`[1, 2, 3] |> sum`, `6`)
	d.fails(`sum(["a"])`, errs.DatatypeMismatch)
	d.mustRun(`function len(x) { 42 }`)
	d.check(`len("abc")`, `42`)
	d.check(`"abc".len()`, `42`)
	d.check(`["a"] |> map len`, `42`)
	d.mustRun(`destroy function.@len`)
	d.check(`len("abc")`, `3`)
	d.mustRun(`destroy function.@sum`)
	d.check(`[1, 2, 3] |> sum`, `6`)
	d.check(`sum([])`, `0`)
}

func TestE2EFunctionsAcrossStatements(t *testing.T) {
	d := newDB(t)
	// A function declared in one message is there for the next, and a
	// function's body sees what exists when it is called.
	d.mustRun(`table::create(@items)`)
	d.mustRun(`function total() -> int { items |> map .n |> sum }`)
	d.check(`total()`, `0`)
	d.mustRun(`items::add([{ n: 1 }, { n: 2 }])`)
	d.check(`total()`, `3`)
	d.check(`transaction { items::add({ n: 10 }); total() }`, `13`)
	// Statement parameters reach a function only as arguments.
	d.mustRun(`function inc(x: int) -> int { x + 1 }`)
	d.check(`inc(41)`, `42`)
}

func TestE2EEnumsAndTypes(t *testing.T) {
	d := newDB(t)
	d.mustRun(`enum::create(@color, [@red, @green, @blue])`)
	d.check(`color.@red`, `"@red"`)
	d.check(`color.@red == @red`, `true`)
	d.check(`[color.@red, color.@blue]`, `"@red"`, `"@blue"`)
	d.failsAt(`color.@pink`, errs.InvalidTextRepresentation, `@pink`)
	d.check(`match color.@green { color.@red => "stop", color.@green => "go", _ => "?" }`, `"go"`)
	d.mustRun(`table::create(@cars, { name: string, paint: color, extras: [color] = [] })`)
	d.check(`cars::add(@a, { name: "A", paint: color.@red })`, `{"id":"cars.@a","name":"A","paint":"@red","extras":[]}`)
	d.check(`cars::add(@b, { name: "B", paint: @blue, extras: [@red] }).paint`, `"@blue"`)
	d.failsAt(`cars::add(@c, { name: "C", paint: @pink })`, errs.DatatypeMismatch, `@pink`)
	d.failsAt(`cars::add(@c, { name: "C", paint: @red, extras: [@red, @pink] })`, errs.DatatypeMismatch, `[@red, @pink]`)
	d.failsAt(`cars::add(@c, { name: "C", paint: "red" })`, errs.DatatypeMismatch, `"red"`)
	// Computed values are checked when written.
	d.failsAt(`{ let p = @pink; cars::add(@c, { name: "C", paint: p }) }`, errs.DatatypeMismatch, `{ name: "C"`)
	d.failsAt(`cars.@a.update({ paint: @pink })`, errs.DatatypeMismatch, `@pink`)
	d.check(`[ c.name : c in cars, c.paint == color.@blue ]`, `"B"`)
	d.check(`describe enum.@color`, `{"name":"color","kind":"@enum","variants":["@red","@green","@blue"]}`)
	d.check(`(describe table.@cars).fields |> map .type`, `"string"`, `"color"`, `"[color]"`)
	d.fails(`enum::create(@color, [@x])`, errs.DuplicateObject)
	d.failsAt(`enum::create(@e2, [@a, @a])`, errs.InvalidParameterValue, `@a]`)
	d.failsAt(`enum::create(@e3, [])`, errs.InvalidParameterValue, `[]`)
	d.failsAt(`enum::create(@e4, ["a"])`, errs.DatatypeMismatch, `"a"`)
	d.failsAt(`enum::create(@int, [@a])`, errs.DuplicateObject, `@int`)
	d.failsAt(`enum::create(@cars, [@a])`, errs.DuplicateObject, `@cars`)
	d.failsAt(`table::create(@color)`, errs.DuplicateObject, `@color`)
	// Typed lets and function parameters.
	d.check(`let c: color = @green; c`, `"@green"`)
	d.failsAt(`let c2: color = @pink`, errs.DatatypeMismatch, `@pink`)
	d.failsAt(`{ let c3: color = "red"; c3 }`, errs.DatatypeMismatch, `"red"`)
	d.fails(`{ let x = @pink; let c4: color = x; c4 }`, errs.DatatypeMismatch)
	d.mustRun(`function paint_name(c: color) -> string { match c { color.@red => "Red", _ => "Other" } }`)
	d.check(`paint_name(@red)`, `"Red"`)
	d.failsAt(`paint_name(@pink)`, errs.DatatypeMismatch, `@pink`)
	// Named types.
	d.mustRun(`type::create(@point, { x: float, y: float })`)
	d.check(`let origin: point = { x: 0, y: 0 }; origin`, `{"x":0,"y":0}`)
	d.failsAt(`let p2: point = { x: 1 }`, errs.NotNullViolation, `{ x: 1 }`)
	d.failsAt(`let p3: point = { x: "a", y: 1 }`, errs.DatatypeMismatch, `{ x: "a"`)
	d.failsAt(`let p4: point = { x: 1, y: 2, z: 3 }`, errs.UndefinedColumn, `{ x: 1, y: 2, z`)
	d.mustRun(`table::create(@shapes, { at: point, color: color? })`)
	d.check(`shapes::add(@s, { at: { x: 1, y: 2.5 } }).at`, `{"x":1,"y":2.5}`)
	d.fails(`shapes::add(@t, { at: { x: 1 } })`, errs.NotNullViolation)
	d.failsAt(`shapes::add(@t, { at: { x: 1, y: "z" } })`, errs.DatatypeMismatch, `{ x: 1, y: "z" }`)
	d.mustRun(`function norm1(p: point) -> float { math::abs(p.x) + math::abs(p.y) }`)
	d.check(`norm1({ x: -1, y: 2 })`, `3`)
	d.failsAt(`norm1({ x: 1 })`, errs.NotNullViolation, `{ x: 1 }`)
	d.check(`describe type.@point`, `{"name":"point","kind":"@type","type":"{ x: float, y: float }","fields":[{"name":"x","type":"float","optional":false},{"name":"y","type":"float","optional":false}]}`)
	d.mustRun(`type::create(@segment, { from: point, to: point, tint: color? })`)
	d.check(`let s: segment = { from: { x: 0, y: 0 }, to: { x: 1, y: 1 }, tint: @red }; s.to.x`, `1`)
	d.fails(`let s2: segment = { from: { x: 0, y: 0 }, to: { x: 1, y: 1 }, tint: @pink }`, errs.DatatypeMismatch)
	d.fails(`type::create(@point, { z: int })`, errs.DuplicateObject)
	d.fails(`type::create(@color, { z: int })`, errs.DuplicateObject)
	d.failsAt(`type::create(@string, { z: int })`, errs.DuplicateObject, `@string`)
	d.failsAt(`type::create(@bad, { z: int = 1 })`, errs.FeatureNotSupported, `z: int = 1`)
	d.failsAt(`let q: nosuch = 1`, errs.UndefinedObject, `nosuch`)
	// Destroying a type leaves what was declared with it unchanged.
	d.mustRun(`destroy type.@point`)
	d.check(`shapes::add(@u, { at: { x: 1, y: 2 } }).at.y`, `2`)
	d.failsAt(`let p5: point = { x: 1, y: 2 }`, errs.UndefinedObject, `point`)
	d.mustRun(`destroy enum.@color`)
	d.failsAt(`cars::add(@d, { name: "D", paint: @pink })`, errs.DatatypeMismatch, `@pink`)
	d.check(`[color.@red]`, `"color.@red"`)
	d.fails(`color.@red`, errs.UndefinedTable)
	d.fails(`destroy enum.@color`, errs.UndefinedObject)
	d.fails(`destroy type.@point`, errs.UndefinedObject)
	d.check(`db::describe()`, `{"tables":["cars","shapes"],"functions":["norm1","paint_name"],"enums":[],"types":["segment"]}`)
}

func TestE2EImport(t *testing.T) {
	d := newDB(t)
	d.reg.RegisterHost(&builtin.Func{Name: "score", MinArgs: 1, MaxArgs: 1, Fn: func(_ *builtin.Context, args []value.Value) (value.Value, error) {
		return value.Int(int64(len(args[0].AsString())) * 10), nil
	}})
	d.failsAt(`score("abc")`, errs.UndefinedFunction, `score`)
	if msg := d.errMessage(`score("abc")`); !strings.Contains(msg, "host function") {
		t.Errorf("message %q", msg)
	}
	d.mustRun(`import score`)
	d.check(`score("abc")`, `30`)
	d.check(`["a", "bb"] |> map score`, `10`, `20`)
	d.check(`"abcd".score()`, `40`)
	// Stored function bodies see host functions without an import.
	d.mustRun(`function twice_score(s: string) -> int { score(s) * 2 }`)
	d.check(`twice_score("ab")`, `40`)
	d.mustRun(`import uppercase, twice_score`)
	d.check(`twice_score("a")`, `20`)
	d.failsAt(`import nosuch`, errs.UndefinedFunction, `nosuch`)
	d.fails(`{ import score; 1 }`, errs.FeatureNotSupported)
}

func TestE2EPatternsAndControl(t *testing.T) {
	d := newDB(t)
	d.check(`match [1, 2, 3] { [_, .., last] => last }`, `3`)
	d.check(`match [1, 2, 3, 4] { [first, ..mid, last] => { first, mid, last } }`, `{"first":1,"mid":[2,3],"last":4}`)
	d.check(`match [1] { [a, .., b] => "two or more", [a] => "one" }`, `"one"`)
	d.check(`match [1, 2] { [a, ..m, b] => m }`)
	d.check(`match [1, 2, 3] { [.., 2, x] => x, _ => 0 }`, `3`)
	d.check(`match [] { [.., x] => x, [] => "empty" }`, `"empty"`)
	d.check(`match { a: 1, b: 2 } { { a } => "exact", { a, .. } => "open" }`, `"open"`)
	d.check(`match { a: 1 } { { a } => "exact", { a, .. } => "open" }`, `"exact"`)
	d.check(`match { a: 1, b: none } { { a } => "exact", _ => "other" }`, `"exact"`)
	d.check(`match { kind: @dog, name: "Rex" } { { kind: @cat, .. } => "cat", { kind: @dog, name } => name }`, `"Rex"`)
	d.check(`match {} { {} => "empty", _ => "other" }`, `"empty"`)
	d.check(`match { x: 1 } { {} => "empty", { .. } => "any object" }`, `"any object"`)
	d.check(`match { p: { x: 1, y: 2 } } { { p: { x, .. } } => x }`, `1`)
	d.failsAt(`match [1] { [a, .., b, .., c] => 1 }`, errs.SyntaxError, `.., c]`)
	d.failsAt(`match { a: 1 } { { a, a } => 1 }`, errs.SyntaxError, `a }`)
	// if / else if chains.
	d.mustRun(`function sign(n: int) -> string { if n < 0 { "-" } else if n == 0 { "0" } else { "+" } }`)
	d.check(`[-5, 0, 5] |> map sign`, `"-"`, `"0"`, `"+"`)
	d.check(`if false { 1 }`, `null`)
	d.check(`if false { 1 } else if false { 2 }`, `null`)
	d.check(`[ if x % 15 == 0 { "fizzbuzz" } else if x % 3 == 0 { "fizz" } else if x % 5 == 0 { "buzz" } else { x } : x in 9..=15 ]`,
		`"fizz"`, `"buzz"`, `11`, `"fizz"`, `13`, `14`, `"fizzbuzz"`)
	d.check(`if 1 > 0 {
  "a"
} else {
  "b"
}`, `"a"`)
}

func TestE2ELinksAndRanges(t *testing.T) {
	d := newDB(t)
	seedPersons(d)
	d.mustRun(`table::create(@countries)`)
	d.mustRun(`countries::add(@no, { name: "Norway", capital: cities.@oslo })`)
	d.mustRun(`cities.@oslo.update({ country: countries.@no })`)
	d.mustRun(`cities.@rome.update({ country: countries.@it })`)
	// Links are followed through any number of tables, and a dangling
	// link reads as none.
	d.check(`persons.@ann.home.country.name`, `"Norway"`)
	d.check(`persons.@ann.home.country.capital.name`, `"Oslo"`)
	d.check(`persons.@bob.home.country.name`, `null`)
	d.check(`[ { who: p.name, country: p.home.country.name } : p in persons ]`,
		`{"who":"Ann","country":"Norway"}`, `{"who":"Bob","country":null}`, `{"who":"Cy","country":"Norway"}`)
	d.check(`[ p.name : p in persons, p.home.country.name == "Norway" ]`, `"Ann"`, `"Cy"`)
	d.check(`persons.@ann.friends |> map .name`, `"Bob"`)
	d.check(`[ f.home.name : f in persons.@bob.friends ]`, `"Oslo"`, `"Oslo"`)
	d.check(`persons.@ann.home.id`, `"cities.@oslo"`)
	d.check(`{ let p = persons.@cy; p.home.name }`, `"Oslo"`)
	d.check(`persons |> map .home.name |> distinct`, `"Oslo"`, `"Rome"`)
	d.check(`persons.@nobody.home.name`, `null`)
	d.check(`countries.@no.capital.name.uppercase()`, `"OSLO"`)
	d.fails(`nosuch.@x.name`, errs.UndefinedTable)
	// Key-range streams.
	d.check(`persons.@a..persons.@c |> map .name`, `"Ann"`, `"Bob"`)
	d.check(`persons.@ann..=persons.@cy |> map .name`, `"Ann"`, `"Bob"`, `"Cy"`)
	d.check(`persons.@ann..persons.@cy |> map .name`, `"Ann"`, `"Bob"`)
	d.check(`persons.@b..persons.@z |> count`, `2`)
	d.check(`persons.@b..persons.@z |> reverse |> map .name`, `"Cy"`, `"Bob"`)
	d.check(`[ p.name : p in persons.@b..persons.@z, p.age > 20 ]`, `"Cy"`)
	d.check(`[ p.name : p in persons.@a..persons.@b ]`, `"Ann"`)
	d.check(`persons.@x..persons.@z`)
	d.check(`persons.@a..persons.@z |> first |> .name`, `"Ann"`)
	d.check(`len(persons.@a..persons.@c)`, `2`)
	d.failsAt(`persons.@a..cities.@z`, errs.DatatypeMismatch, `cities.@z`)
	d.failsAt(`nosuch.@a..nosuch.@z`, errs.UndefinedTable, `nosuch`)
}

func TestE2EDescribe(t *testing.T) {
	d := newDB(t)
	d.mustRun(`table::create(@people, {
		name: string assert [is_capitalized],
		age: int?,
		email: string = "",
		joined: datetime = now(),
	})`)
	d.check(`describe table.@people`, `{"name":"people","kind":"@table","schemafull":true,"fields":[`+
		`{"name":"name","type":"string","optional":false,"asserts":["is_capitalized"]},`+
		`{"name":"age","type":"int","optional":true,"asserts":[]},`+
		`{"name":"email","type":"string","optional":false,"default":"","asserts":[]},`+
		`{"name":"joined","type":"datetime","optional":false,"default_fn":"now","asserts":[]}],"primary_key":[],"created_by":"zql"}`)
	d.check(`table::describe(@people).fields |> map .name`, `"name"`, `"age"`, `"email"`, `"joined"`)
	d.mustRun(`table::create(@bag)`)
	d.check(`describe table.@bag`, `{"name":"bag","kind":"@table","schemafull":false,"fields":[],"primary_key":[],"created_by":"zql"}`)
	d.failsAt(`describe table.@nope`, errs.UndefinedTable, `@nope`)
	d.failsAt(`describe enum.@nope`, errs.UndefinedObject, `@nope`)
	d.failsAt(`describe type.@nope`, errs.UndefinedObject, `@nope`)
}

// TestE2EStaticErrors checks that the semantic errors of writes come
// before anything is written, with their SQLSTATE and position.
func TestE2EStaticErrors(t *testing.T) {
	d := newDB(t)
	d.mustRun(`table::create(@people, { name: string assert [is_capitalized], age: int?, tags: [string] = [] })`)
	d.failsAt(`people::add(@a, { name: "Ann", shoe: 42 })`, errs.UndefinedColumn, `shoe`)
	d.failsAt(`people::add(@a, { name: 5 })`, errs.DatatypeMismatch, `5 }`)
	d.failsAt(`people::add(@a, { age: 5 })`, errs.NotNullViolation, `{ age`)
	d.failsAt(`people::add({ name: "Ann", tags: [1] })`, errs.DatatypeMismatch, `[1]`)
	d.failsAt(`people::add([{ name: "Ann" }, { name: "Bob", age: "x" }])`, errs.DatatypeMismatch, `"x"`)
	d.failsAt(`people::put(@a, { name: "Ann", age: 1.5 })`, errs.DatatypeMismatch, `1.5`)
	d.failsAt(`people::add(@a, { name: "ann" })`, errs.CheckViolation, `{ name: "ann" }`)
	d.check(`people |> count`, `0`)
	// A failing record of many leaves none written.
	d.fails(`people::add([{ name: "Ann" }, { name: "bob" }])`, errs.CheckViolation)
	d.check(`people |> count`, `0`)
	d.mustRun(`people::add(@ann, { name: "Ann" })`)
	d.failsAt(`people::add(@ann, { name: "Ann" })`, errs.UniqueViolation, `{ name: "Ann" }`)
	d.failsAt(`people.@ann.update({ age: "x" })`, errs.DatatypeMismatch, `"x"`)
	d.failsAt(`people.@ann.update({ nope: 1 })`, errs.UndefinedColumn, `nope`)
	d.failsAt(`people.@ann.replace({ age: 1 })`, errs.NotNullViolation, `{ age: 1 }`)
	d.failsAt(`people.@ann.update({ name: "ann" })`, errs.CheckViolation, `{ name: "ann" }`)
	// Reading a field a schemafull table does not declare.
	d.failsAt(`[ p.shoe : p in people ]`, errs.UndefinedColumn, `shoe`)
	d.failsAt(`[ .shoe in people ]`, errs.UndefinedColumn, `shoe`)
	d.failsAt(`people.@ann.shoe`, errs.UndefinedColumn, `shoe`)
	d.failsAt(`people.shoe`, errs.UndefinedColumn, `shoe`)
	d.failsAt(`{ let a = people.@ann; a.shoe }`, errs.UndefinedColumn, `shoe`)
	d.check(`[ p.id : p in people ]`, `"people.@ann"`)
	d.failsAt(`nosuch::add({ a: 1 })`, errs.UndefinedTable, `nosuch`)
	d.failsAt(`[ p in nosuch ]`, errs.UndefinedTable, `nosuch`)
	d.failsAt(`people |> map .name |> nosuch`, errs.UndefinedFunction, `nosuch`)
	d.failsAt(`transaction { people::add(@b, { name: "Bob" }); people::add(@c, { name: 1 }) }`, errs.DatatypeMismatch, `1 })`)
	d.check(`people |> count`, `1`)
	d.failsAt(`1 + "a"`, errs.DatatypeMismatch, `+`)
	d.failsAt(`{ let s = "a"; s * 2 }`, errs.DatatypeMismatch, `*`)
	d.failsAt(`{ let s = "a"; -s }`, errs.DatatypeMismatch, `-s`)
	d.failsAt(`not 1`, errs.DatatypeMismatch, `not`)
	d.failsAt(`{ let z = 0; 1 / z }`, errs.DivisionByZero, `/`)
	d.failsAt(`{ let m = 9223372036854775807; m + 1 }`, errs.NumericValueOutOfRange, `+`)
}
