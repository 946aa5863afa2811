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
