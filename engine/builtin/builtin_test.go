package builtin

import (
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// testContext fixes the statement time so examples are repeatable.
func testContext() *Context {
	return &Context{Now: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
}

// TestExamples runs every example of every builtin through the registry
// and checks the outcome it documents.
func TestExamples(t *testing.T) {
	r := NewRegistry()
	for _, name := range r.Names() {
		f, _ := r.Lookup(name)
		if f.Doc == "" {
			t.Errorf("%s: no Doc", name)
		}
		if len(f.Examples) == 0 {
			t.Errorf("%s: no Examples", name)
		}
		if f.Example == "" || strings.Count(f.Example, "\n")+1 != len(f.Examples) {
			t.Errorf("%s: Example %q does not render Examples", name, f.Example)
		}
		for _, e := range f.Examples {
			got, err := f.Call(testContext(), e.Args)
			line := e.Text(name)
			if e.Err != "" {
				if errs.Code(err) != e.Err {
					t.Errorf("%s: got %v (%s), want error %s", line, err, errs.Code(err), e.Err)
				}
				var pe *errs.Error
				if err != nil && !asErr(err, &pe) {
					t.Errorf("%s: error %v is not an *errs.Error", line, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", line, err)
				continue
			}
			if strings.HasPrefix(e.Want, "<") {
				if ty := "<" + value.TypeOf(got).String() + ">"; ty != e.Want {
					t.Errorf("%s: result type %s", line, ty)
				}
				continue
			}
			if js := string(value.AppendJSON(nil, got)); js != e.Want {
				t.Errorf("%s: got %s", line, js)
			}
		}
	}
}

func asErr(err error, target **errs.Error) bool {
	e, ok := err.(*errs.Error)
	*target = e
	return ok
}

func call(t *testing.T, name string, args ...value.Value) (value.Value, error) {
	t.Helper()
	f, ok := NewRegistry().Lookup(name)
	if !ok {
		t.Fatalf("no builtin %s", name)
	}
	return f.Call(testContext(), args)
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []value.Value
		code string
		msg  string
	}{
		{"uppercase", []value.Value{vi(1)}, errs.DatatypeMismatch, "uppercase: argument 1 must be string, found int"},
		{"uppercase", []value.Value{vs("a"), vs("b")}, errs.UndefinedFunction, "function uppercase takes 1 argument, got 2"},
		{"substring", nil, errs.UndefinedFunction, "function substring takes 2 to 3 arguments, got 0"},
		{"sum", []value.Value{vl(vi(1), vs("a"))}, errs.DatatypeMismatch, "sum: element 1 must be a number, found string"},
		{"sum", []value.Value{vl(vi(1<<62), vi(1<<62))}, errs.NumericValueOutOfRange, "bigint out of range"},
		{"range", []value.Value{vi(1 << 40)}, "54000", "range: 1099511627776 elements exceed the limit of 10000000"},
		{"range", []value.Value{vi(1), vi(2), vi(0)}, errs.InvalidParameterValue, "range: step must not be zero"},
		{"abs", []value.Value{value.IntW(-128, value.I8)}, errs.NumericValueOutOfRange, "i8 out of range"},
		{"sql::lower", []value.Value{vi4(1)}, errs.UndefinedFunction, "function lower(integer) does not exist"},
		{"sql::abs", []value.Value{vs("x")}, errs.UndefinedFunction, "function abs(text) does not exist"},
		{"sql::lower", []value.Value{vs("a"), vs("b")}, errs.UndefinedFunction, "function lower(text, text) does not exist"},
		{"sql::round", []value.Value{vf(1.5), vi4(1)}, errs.UndefinedFunction, "function round(double precision, integer) does not exist"},
		{"sql::repeat", []value.Value{vs("ab"), vi4(1 << 30)}, "54000", "requested length too large"},
		{"matches", []value.Value{vs("a"), vs("(")}, errs.InvalidRegularExpression, ""},
		{"distance", []value.Value{vl(vi(1)), vl(vi(1)), vsym("manhattan")}, errs.InvalidParameterValue, ""},
	} {
		_, err := call(t, c.name, c.args...)
		e := errs.From(err)
		if err == nil || e.Code != c.code || (c.msg != "" && e.Message != c.msg) {
			t.Errorf("%s%v: %v (%s), want %s %q", c.name, c.args, err, errs.Code(err), c.code, c.msg)
		}
	}
	if _, err := call(t, "sql::lower", vi4(1)); errs.From(err).Hint == "" {
		t.Error("the SQL error has PostgreSQL's hint")
	}
}

func TestStrictAndNone(t *testing.T) {
	for _, c := range []struct {
		name string
		args []value.Value
		want string
	}{
		{"uppercase", []value.Value{value.None}, "null"}, {"is_none", []value.Value{value.None}, "true"},
		{"sql::concat", []value.Value{value.None, vs("a")}, `"a"`}, {"sql::coalesce", []value.Value{value.None, value.None}, "null"},
		{"sql::nullif", []value.Value{value.None, vi4(1)}, "null"}, {"sql::nullif", []value.Value{vi4(1), value.None}, "1"},
		{"sql::concat_ws", []value.Value{value.None, vs("a")}, "null"}, {"append", []value.Value{vl(), value.None}, "[null]"},
		{"contains", []value.Value{value.None, vi(1)}, "null"}, {"min", []value.Value{value.None, value.None}, "null"},
	} {
		got, err := call(t, c.name, c.args...)
		if err != nil || string(value.AppendJSON(nil, got)) != c.want {
			t.Errorf("%s%v = %v, %v; want %s", c.name, c.args, got, err, c.want)
		}
	}
}

func TestRegistriesAreIndependent(t *testing.T) {
	a, b := NewRegistry(), NewRegistry()
	fa, _ := a.Lookup("uppercase")
	fb, _ := b.Lookup("uppercase")
	if fa == fb {
		t.Fatal("registries share Funcs")
	}
	fa.Doc = "changed"
	if fb.Doc == "changed" {
		t.Fatal("a change leaked into another registry")
	}
	a.Register(&Func{Name: "host::f", MinArgs: 0, MaxArgs: 0, Fn: func(*Context, []value.Value) (value.Value, error) { return vi(1), nil }})
	if _, ok := b.Lookup("host::f"); ok {
		t.Fatal("registration leaked")
	}
}

func TestSQLResultTypes(t *testing.T) {
	r := NewRegistry()
	for _, c := range []struct {
		name string
		args []value.Type
		want string
	}{
		{"sql::length", []value.Type{value.TypeText}, "integer"}, {"sql::lower", []value.Type{value.TypeText}, "text"},
		{"sql::abs", []value.Type{value.TypeInt2}, "smallint"}, {"sql::abs", []value.Type{value.TypeFloat4}, "real"},
		{"sql::round", []value.Type{value.TypeInt4}, "double precision"}, {"sql::round", []value.Type{value.TypeNumeric, value.TypeInt4}, "numeric"},
		{"sql::ceil", []value.Type{value.TypeInt4}, "double precision"}, {"sql::sqrt", []value.Type{value.TypeNumeric}, "numeric"},
		{"sql::mod", []value.Type{value.TypeInt2, value.TypeInt4}, "integer"}, {"sql::power", []value.Type{value.TypeInt4, value.TypeInt4}, "double precision"},
		{"sql::greatest", []value.Type{value.TypeInt4, value.TypeNumeric}, "numeric"}, {"sql::coalesce", []value.Type{value.Any, value.TypeText}, "text"},
		{"sql::now", nil, "timestamp with time zone"}, {"sql::gen_random_uuid", nil, "uuid"}, {"sql::starts_with", []value.Type{value.TypeText, value.TypeText}, "boolean"},
		{"sql::nullif", []value.Type{value.TypeInt4, value.TypeInt4}, "integer"}, {"sql::sign", []value.Type{value.TypeInt4}, "double precision"},
	} {
		f, _ := r.Lookup(c.name)
		if f.Result == nil {
			t.Errorf("%s has no Result", c.name)
			continue
		}
		if got := f.Result(c.args).SQLName(); got != c.want {
			t.Errorf("%s%v: %s, want %s", c.name, c.args, got, c.want)
		}
	}
	for _, n := range r.Names() {
		if f, _ := r.Lookup(n); strings.HasPrefix(n, "sql::") && f.Result == nil {
			t.Errorf("%s has no Result", n)
		}
	}
}

func TestNowIsStatementTime(t *testing.T) {
	for _, name := range []string{"now", "sql::now", "sql::current_timestamp"} {
		got, err := call(t, name)
		if err != nil || !got.AsTime().Equal(testContext().Now) {
			t.Errorf("%s = %v, %v", name, got, err)
		}
	}
	u1, _ := call(t, "uuid")
	u2, _ := call(t, "uuid")
	if value.Equal(u1, u2) || u1.AsUUID()[6]>>4 != 4 {
		t.Errorf("uuid() = %v, %v", u1, u2)
	}
}

// sqlCall is a call of a SQL builtin and what it must give: the JSON of
// its result, or the SQLSTATE of its error.
type sqlCall struct {
	fn   string
	args []value.Value
	want string
}

// checkSQLCalls makes each call of sql::fn and checks its outcome.
func checkSQLCalls(t *testing.T, calls []sqlCall) {
	t.Helper()
	for _, c := range calls {
		got, err := call(t, "sql::"+c.fn, c.args...)
		if err != nil {
			if code := errs.Code(err); code != c.want {
				t.Errorf("%s%v: error %v, want %s", c.fn, c.args, err, c.want)
			}
			continue
		}
		if js := string(value.AppendJSON(nil, got)); js != c.want {
			t.Errorf("%s%v = %s, want %s", c.fn, c.args, js, c.want)
		}
	}
}
