package builtin

import (
	"context"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/jsonpath"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Context is what a builtin may use besides its arguments.
type Context struct {
	Ctx context.Context
	// Now is the statement's start time: now() is stable within a
	// statement, as in PostgreSQL.
	Now time.Time
	// SQL is set when the call comes from SQL (PostgreSQL semantics and
	// error texts).
	SQL bool
	// Zone is the session time zone SQL's timestamp with time zone is
	// written and taken apart in (zone.go); nil is UTC.
	Zone *time.Location
	// Folding is set while the optimizer folds a constant call: a call
	// that depends on the session time zone then fails, and runs later.
	Folding bool
	// Rand is the session's generator of random() (setseed seeds it);
	// nil draws from the process's.
	Rand *rand.Rand
	// regexps are the SQL regular expressions the statement's calls
	// compiled (sqlRegex), so that a function applied to every row
	// compiles its pattern once.
	regexps map[string]sqlRegexEntry
	// jsonPaths are the jsonpaths the statement's calls parsed, by their
	// text, so that a path applied to every row is parsed once.
	jsonPaths map[string]*jsonpath.Path
}

// now is the statement time, or the wall clock when there is no Context.
func (c *Context) now() time.Time {
	if c == nil || c.Now.IsZero() {
		return time.Now()
	}
	return c.Now
}

// Func is one builtin function.
type Func struct {
	Name    string
	MinArgs int
	MaxArgs int // -1 = variadic
	// Strict functions yield none when any argument is none (SQL's
	// STRICT), without being called.
	Strict bool
	// Pure functions (no now(), no randomness) may be folded at plan time.
	Pure bool
	// Coalesce marks SQL's COALESCE, whose result is its first argument
	// that is not SQL NULL: the executor evaluates the arguments in order
	// and stops there (the others may fail, or be costly) without
	// calling Fn, which computes the same from all of them.
	Coalesce bool
	Fn       func(c *Context, args []value.Value) (value.Value, error)
	// Result gives the static result type for the argument types (SQL
	// column types); nil means value.Any.
	Result func(args []value.Type) value.Type
	// Params are the types untyped arguments (literals, parameters of no
	// known type) take, by position, where the function's signature fixes
	// them (PostgreSQL infers $1 of pg_cancel_backend($1) as integer);
	// an untyped argument past them is text.
	Params []value.Type
	// Doc and Example document the function (docs/zql.md is generated
	// from and tested against these).
	Doc string
	// Example is the human form of Examples, one line per example:
	//
	//	<call>  // <result>
	//
	// The call is ZQL text — SQL text for the sql:: functions, named
	// without the prefix — rendered from the example's arguments; the
	// result is the JSON of the value the call yields (zql.md §12), or
	// "<T>" with a ZQL type name T for results that vary between calls
	// (uuid(), random(), now()), or "error SQLSTATE" for a call that must
	// fail. Example is derived from Examples, which the tests run.
	Example string
	// Examples are the runnable examples (at least one per function).
	Examples []Example
	// Category groups the library in the language reference: "strings",
	// "numbers", "lists", "objects", "predicates", "time", "ids",
	// "vectors", "conversions" or "sql" (empty for host functions).
	Category string
	// Host marks a function registered through the Go API
	// (Registry.RegisterHost). ZQL scripts see a host function only after
	// `import name`; stored function bodies and assert predicates always
	// see it.
	Host bool
}

// Example is one runnable example of a Func: literal arguments and the
// expected outcome.
type Example struct {
	Args []value.Value
	// Want is the JSON of the result (value.AppendJSON), or "<T>" when
	// only the result's type T (value.TypeOf(result).String()) is fixed.
	Want string
	// Err, when set, is the SQLSTATE the call fails with (Want is empty).
	Err string
}

// Text renders the example as a line of Func.Example.
func (e Example) Text(fn string) string {
	var b strings.Builder
	if name, ok := strings.CutPrefix(fn, "sql::"); ok {
		b.WriteString(name)
		if name == "current_timestamp" && len(e.Args) == 0 {
			// A keyword in SQL, written without parentheses.
			b.WriteString("  // ")
			b.WriteString(e.Want)
			return b.String()
		}
		b.WriteByte('(')
		if name == "position" && len(e.Args) == 2 {
			// SQL spells position(text, substring) as position(substring IN text).
			b.WriteString(sqlLiteral(e.Args[1]) + " IN " + sqlLiteral(e.Args[0]))
			e.Args = nil
		}
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(sqlLiteral(a))
		}
	} else {
		b.WriteString(fn)
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.String())
		}
	}
	b.WriteString(")  // ")
	if e.Err != "" {
		b.WriteString("error " + e.Err)
	} else {
		b.WriteString(e.Want)
	}
	return b.String()
}

// sqlLiteral renders a value as a SQL literal of its type.
func sqlLiteral(v value.Value) string {
	switch v.Kind() {
	case value.KindNone:
		return "NULL"
	case value.KindBool:
		if v.AsBool() {
			return "true"
		}
		return "false"
	case value.KindString:
		return "'" + strings.ReplaceAll(v.AsString(), "'", "''") + "'"
	case value.KindInt:
		text := value.CastText(v)
		switch v.Width() {
		case value.I32:
			return text
		case value.I16, value.I8, value.U8:
			return text + "::smallint"
		}
		return text + "::bigint"
	case value.KindDecimal:
		text := value.CastText(v)
		if strings.Contains(text, ".") {
			return text
		}
		return text + "::numeric"
	case value.KindFloat:
		if v.FloatBits() == 32 {
			return value.CastText(v) + "::real"
		}
		return value.CastText(v) + "::float8"
	}
	t := value.TypeOf(v)
	return "'" + strings.ReplaceAll(value.CastText(v), "'", "''") + "'::" + t.SQLName()
}

// Call checks the argument count, applies Strict and calls Fn. The
// executor may call Fn directly once it has done the same at plan time.
func (f *Func) Call(c *Context, args []value.Value) (value.Value, error) {
	if len(args) < f.MinArgs || (f.MaxArgs >= 0 && len(args) > f.MaxArgs) {
		if name, ok := strings.CutPrefix(f.Name, "sql::"); ok {
			return value.None, noSQLFunc(name, args)
		}
		return value.None, errs.New(errs.UndefinedFunction, "function %s takes %s, got %d", f.Name, arity(f.MinArgs, f.MaxArgs), len(args))
	}
	if f.Strict {
		for _, a := range args {
			if a.IsNone() {
				return value.None, nil
			}
		}
	}
	return f.Fn(c, args)
}

func arity(lo, hi int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return itoa(n) + " arguments"
	}
	switch {
	case hi < 0:
		return "at least " + plural(lo)
	case lo == hi:
		return plural(lo)
	}
	return itoa(lo) + " to " + plural(hi)
}

// Registry maps canonical names to functions. A database has one; host
// functions registered through the Go API are added to it.
type Registry struct {
	funcs map[string]*Func
}

// NewRegistry returns a registry holding every builtin.
func NewRegistry() *Registry {
	r := &Registry{funcs: make(map[string]*Func)}
	for _, f := range builtins() {
		r.funcs[f.Name] = f
	}
	return r
}

// Lookup finds a function by canonical name ("uppercase", "math::sqrt").
func (r *Registry) Lookup(name string) (*Func, bool) {
	f, ok := r.funcs[name]
	return f, ok
}

// Register adds or replaces a function.
func (r *Registry) Register(f *Func) { r.funcs[f.Name] = f }

// RegisterHost adds or replaces a host function: a function of the
// embedding Go program, which ZQL scripts bring into scope with
// `import name`. Its Doc and Examples are optional. f is marked Host.
func (r *Registry) RegisterHost(f *Func) {
	f.Host = true
	r.funcs[f.Name] = f
}

// Names lists every registered function name (unordered).
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.funcs))
	for n := range r.funcs {
		out = append(out, n)
	}
	return out
}

// builtins builds a fresh copy of the library (no shared mutable state:
// every Registry owns its Funcs).
func builtins() []*Func {
	var all []*Func
	for _, group := range []struct {
		category string
		funcs    []*Func
	}{
		{"strings", stringFuncs()},
		{"numbers", numberFuncs()},
		{"lists", listFuncs()},
		{"objects", objectFuncs()},
		{"objects", jsonPathZQLFuncs()},
		{"predicates", predicateFuncs()},
		{"time", timeFuncs()},
		{"ids", idFuncs()},
		{"vectors", vectorFuncs()},
		{"conversions", conversionFuncs()},
		{"sql", sqlFuncs()},
		{"sql", sqlVectorFuncs()},
		{"sql", arrayFuncs()},
		{"sql", compositeFuncs()},
		{"sql", orderedSetFuncs()},
		{"sql", aggregateFoldFuncs()},
		{"sql", jsonbFuncs()},
		{"sql", jsonFuncs()},
		{"sql", jsonPathFuncs()},
		{"sql", mathFuncs()},
		{"sql", bitFuncs()},
		{"sql", regexpFuncs()},
		{"sql", citextFuncs()},
		{"sql", hstoreFuncs()},
		{"sql", hstoreGINFuncs()},
		{"sql", ltreeFuncs()},
		{"sql", lsnFuncs()},
		{"sql", moneyFuncs()},
		{"sql", trgmFuncs()},
		{"sql", fuzzystrmatchFuncs()},
		{"sql", similarFuncs()},
		{"sql", dateBinFuncs()},
		{"sql", stringMoreFuncs()},
		{"sql", srfFuncs()},
		{"sql", sqlTimeFuncs()},
		{"sql", digestFuncs()},
		{"sql", identFuncs()},
		{"sql", unistrFuncs()},
		{"sql", toASCIIFuncs()},
		{"sql", hashFuncs()},
		{"sql", cryptFuncs()},
		{"sql", sqlConvertFuncs()},
		{"sql", sqlIntervalFuncs()},
		{"sql", enumFuncs()},
		{"sql", rangeFuncs()},
		{"sql", multirangeFuncs()},
		{"sql", netFuncs()},
		{"sql", xmlFuncs()},
		{"sql", xpathFuncs()},
		{"sql", bitStringFuncs()},
		{"sql", geoFuncs()},
		{"sql", tsFuncs()},
	} {
		for _, f := range group.funcs {
			f.Category = group.category
		}
		all = append(all, group.funcs...)
	}
	for _, f := range all {
		lines := make([]string, len(f.Examples))
		for i, e := range f.Examples {
			lines[i] = e.Text(f.Name)
		}
		f.Example = strings.Join(lines, "\n")
	}
	return all
}
