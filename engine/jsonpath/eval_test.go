package jsonpath

import (
	"os"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// TestEval runs testdata/eval.golden: each case (mode, document, path,
// vars, silent) with PostgreSQL 15's answer, which testdata/regen.py
// recorded from a real server.
func TestEval(t *testing.T) {
	data, err := os.ReadFile("testdata/eval.golden")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) < 300 {
		t.Fatalf("only %d lines in eval.golden", len(lines))
	}
	for i := 0; i+1 < len(lines); i += 2 {
		c, want := lines[i], strings.TrimPrefix(lines[i+1], "=> ")
		if got := evalCase(t, c); got != want {
			t.Errorf("%s\n got  %s\n want %s", c, got, want)
		}
	}
}

func evalCase(t *testing.T, c string) string {
	parts := strings.Split(c, "\t")
	doc, err := value.ParseJSONB(parts[1])
	if err != nil {
		t.Fatalf("%s: %v", c, err)
	}
	env := Env{Vars: value.JSONBObject(nil, nil), HasVars: true}
	if len(parts) > 3 {
		if env.Vars, err = value.ParseJSONB(parts[3]); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		env.Silent = len(parts) > 4 && parts[4] == "true"
	}
	p, err := Parse(parts[2])
	if err != nil {
		return "ERROR " + errs.Code(err)
	}
	var v value.Value
	switch parts[0] {
	case "q":
		var xs []value.Value
		if xs, err = Query(p, doc, env); err == nil {
			v = value.List(xs)
		}
	case "f":
		var xs []value.Value
		if xs, err = Query(p, doc, env); err == nil && len(xs) > 0 {
			v = xs[0]
		}
	case "e":
		v, err = Exists(p, doc, env)
	case "m":
		v, err = Match(p, doc, env)
	}
	switch {
	case err != nil:
		return "ERROR " + errs.Code(err)
	case v.IsSQLNull():
		return "NULL"
	}
	return string(value.AppendJSON(nil, v))
}
