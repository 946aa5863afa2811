package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

func TestExecuteArguments(t *testing.T) {
	int4, text := value.TypeInt4, value.TypeText
	for _, c := range []struct {
		sql   string
		args  []string // the constants' texts; "" for an expression
		casts []*value.Type
		query string
	}{
		{"EXECUTE q(1, 'a')", []string{"1", "a"}, nil, ""},
		{"EXECUTE q(1 + 1, 'a')", []string{"", "a"}, nil, "SELECT (1 + 1)"},
		{"EXECUTE q(1 + 1, 'a')", []string{"", "a"}, []*value.Type{&int4, nil}, "SELECT CAST((1 + 1) AS integer)"},
		// A cast constant and a number that is not an integer are read
		// as the SQL they are, not as the parameter's text.
		{"EXECUTE q('t'::regclass, 1.5)", []string{"", ""}, []*value.Type{nil, &text}, "SELECT ('t'::regclass), CAST((1.5) AS text)"},
		{"EXECUTE q(now(), true)", []string{"", ""}, nil, "SELECT (now()), (true)"},
	} {
		stmts, err := Split(c.sql)
		if err != nil {
			t.Fatal(err)
		}
		pc, err := stmts[0].PreparedCommand()
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if len(pc.Args) != len(c.args) {
			t.Fatalf("%s: %d arguments, want %d", c.sql, len(pc.Args), len(c.args))
		}
		for i, a := range pc.Args {
			got := ""
			if a != nil {
				got = *a
			}
			if got != c.args[i] {
				t.Errorf("%s: argument %d is %q, want %q", c.sql, i+1, got, c.args[i])
			}
		}
		if got := pc.ArgsQuery(c.casts); got != c.query {
			t.Errorf("%s: ArgsQuery %q, want %q", c.sql, got, c.query)
		}
	}
}
