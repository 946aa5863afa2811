package session

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/translate/zqlfe/zqldoc"
)

// TestZQLPlanCacheMatchesUncached replays the ZQL golden scripts on a
// server with the plan cache and on one without, and requires the same
// answers, errors and positions included.
func TestZQLPlanCacheMatchesUncached(t *testing.T) {
	files, err := filepath.Glob("testdata/zql_*.test")
	if err != nil || len(files) == 0 {
		t.Fatalf("no ZQL golden scripts: %v", err)
	}
	cachedURL, cached := startServerWith(t, Options{})
	plainURL, _ := startServerWith(t, Options{PlanCacheSize: -1})
	n := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// A fresh database per script: scripts reuse table names.
		cc, pc := testConn(t, cachedURL), testConn(t, plainURL)
		db := "z" + filepath.Base(file)[4:len(filepath.Base(file))-5]
		for _, c := range []string{"db::create(@" + db + ")", "use " + db} {
			renderExec(cc, c)
			renderExec(pc, c)
		}
		// Twice: the second pass runs every shape from the cache (on the
		// data, and with the errors, that the first pass left). Sessions with
		// let bindings bypass the cache, so not every statement takes it.
		for range 2 {
			for _, b := range parseGolden(t, string(raw)) {
				if b.stmt == "" {
					continue
				}
				n++
				got, want := renderExec(cc, b.stmt), renderExec(pc, b.stmt)
				if got != want {
					t.Errorf("%s:%d: %s\nwith the plan cache:\n%s\nwithout:\n%s", file, b.line, b.stmt, indent(got), indent(want))
				}
			}
		}
	}
	stats := cached.PlanCacheStats()
	t.Logf("%d statements; plan cache: %+v", n, stats)
	if stats.Hits < 5 || stats.Runs < int64(n/5) {
		t.Errorf("the plan cache was hardly used: %+v", stats)
	}
}

// TestZQLPlanCacheDocs runs every example of docs/zql.md on a server with
// the plan cache and on one without (one session each, in order, as the
// documentation's own test does) and requires the same answers.
func TestZQLPlanCacheDocs(t *testing.T) {
	raw, err := os.ReadFile("../docs/zql.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := zqldoc.Blocks(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	shout := &builtin.Func{Name: "shout", MinArgs: 1, MaxArgs: 1, Pure: true,
		Fn: func(_ *builtin.Context, args []value.Value) (value.Value, error) {
			return value.String(strings.ToUpper(args[0].AsString()) + "!"), nil
		}}
	cachedURL, cached := startServerWith(t, Options{HostFunctions: []*builtin.Func{shout}})
	plainURL, _ := startServerWith(t, Options{PlanCacheSize: -1, HostFunctions: []*builtin.Func{shout}})
	cc, pc := testConn(t, cachedURL), testConn(t, plainURL)
	n := 0
	for _, b := range blocks {
		for _, st := range b.Steps {
			n++
			got, want := renderExec(cc, st.Code), renderExec(pc, st.Code)
			// Values made at random or from the clock differ between two
			// servers, cache or not.
			if got != want && !strings.Contains(st.Code, "uuid(") && !strings.Contains(st.Code, "random") && !strings.Contains(st.Code, "now(") {
				t.Errorf("docs/zql.md:%d: %s\nwith the plan cache:\n%s\nwithout:\n%s", st.Line, st.Code, indent(got), indent(want))
			}
		}
	}
	stats := cached.PlanCacheStats()
	t.Logf("%d steps; plan cache: %+v", n, stats)
	if stats.Runs < int64(n/5) {
		t.Errorf("the plan cache was hardly used: %+v", stats)
	}
}

// TestZQLPlanCacheRecordKey: a record key followed by a field (t.@k.f)
// is a parameter of the cached shape where its table takes the key as
// it is; everywhere else the message runs uncached. Answers and errors
// are those of the server without the cache.
func TestZQLPlanCacheRecordKey(t *testing.T) {
	cachedURL, cached := startServerWith(t, Options{})
	plainURL, _ := startServerWith(t, Options{PlanCacheSize: -1})
	cc, pc := testConn(t, cachedURL), testConn(t, plainURL)
	for _, q := range []string{
		"CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)",
		"INSERT INTO kv VALUES (1, 'one'), (2, 'two'), (-3, 'minus three')",
		"CREATE TABLE small (k int PRIMARY KEY, v text)",
		"INSERT INTO small VALUES (1, 'one')",
		"CREATE TABLE tags (k text PRIMARY KEY, v int)",
		"INSERT INTO tags VALUES ('red', 1), ('42', 2)",
		"table::create(@persons)",
		"persons::add(@ann, { name: \"Ann\", age: 31, home: { city: \"Oslo\" } })",
		"persons::add(@1, { name: \"One\" })",
		"table::create(@typed, { name: string })",
		"typed::add(@t, { name: \"T\" })",
		"enum::create(@color, [@red, @green])",
		"persons::add(@bob, { name: \"Bob\" })",
		"persons.@ann -> knows -> persons.@bob |> count",
		"persons.@bob -> knows -> persons.@1 |> count",
	} {
		if got, want := renderExec(cc, q), renderExec(pc, q); got != want {
			t.Fatalf("%s: %s / %s", q, got, want)
		}
	}
	// Each statement twice, with other keys: the second finds the shape.
	cases := []struct {
		stmts  []string
		cached bool
	}{
		{[]string{"kv.@1.v", "kv.@2.v", "kv.@7.v"}, true},
		{[]string{"kv.@1.v == \"one\"", "kv.@2.v == \"one\""}, true},
		{[]string{"kv.@1.nope", "kv.@2.nope"}, false}, // 42703 at translation
		{[]string{"[kv.@1.v, kv.@2.v]", "[kv.@2.v, kv.@9.v]"}, true},
		{[]string{"persons.@ann.name", "persons.@nobody.name", "persons.@1.name"}, true},
		{[]string{"persons.@ann.home.city", "persons.@bob.home.city"}, true},
		{[]string{"kv.@ann.v", "kv.@bob.v"}, false},             // a symbol is no bigint key
		{[]string{"kv.@18446744073709551615.v"}, false},         // out of int64: a symbol
		{[]string{"small.@1.v", "small.@99999999999.v"}, false}, // int4 key: checked at translation
		{[]string{"tags.@red.v", "tags.@42.v"}, false},          // a text key converts
		{[]string{"typed.@t.name", "typed.@t.nope"}, true},
		{[]string{"kv.@1.id", "kv.@8.id"}, false},
		{[]string{"color.@red.x", "color.@blue.x"}, false},
		{[]string{"nosuch.@1.v", "nosuch.@2.v"}, false},
		{[]string{"kv.@1", "kv.@1..kv.@2", "kv.@1.0"}, false},
		// A traversal's start.
		{[]string{"persons.@ann -> knows -> *", "persons.@bob -> knows -> * -> knows -> * |> distinct", "persons.@x -> knows -> *"}, true},
		{[]string{"persons.@bob <- knows <- *", "persons.@1 <- knows <- * |> count"}, true},
		{[]string{"persons.@ann->knows->*", "persons.@bob->knows->*"}, true},
		{[]string{"kv.@1 -> knows -> *", "kv.@2 -> knows -> *"}, true},
		{[]string{"small.@1 -> knows -> *", "small.@2 -> knows -> *"}, false},
		{[]string{"tags.@red -> knows -> *", "tags.@42 -> knows -> *"}, false},
		{[]string{"nosuch.@1 -> knows -> *", "nosuch.@2 -> knows -> *"}, false},
		{[]string{"color.@red -> knows -> *"}, false},
		{[]string{"persons.@1 -> knows -> persons.@ann |> count", "persons.@1 -/> knows -/> persons.@ann |> count"}, false},
	}
	for _, c := range cases {
		before := cached.PlanCacheStats()
		for range 2 {
			for _, st := range c.stmts {
				if got, want := renderExec(cc, st), renderExec(pc, st); got != want {
					t.Errorf("%s\nwith the plan cache:\n%s\nwithout:\n%s", st, indent(got), indent(want))
				}
			}
		}
		after := cached.PlanCacheStats()
		if hit := after.Runs > before.Runs; hit != c.cached {
			t.Errorf("%v: ran from the cache %v, want %v (%+v, then %+v)", c.stmts, hit, c.cached, before, after)
		}
	}
}
