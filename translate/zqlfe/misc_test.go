package zqlfe

import (
	"context"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

func translateAll(t *testing.T, text string) ([]*plan.Statement, error) {
	t.Helper()
	stmts, err := Split(text)
	if err != nil {
		return nil, err
	}
	r := newFakeResolver()
	var out []*plan.Statement
	for _, s := range stmts {
		st, err := Translate(context.Background(), r, s)
		if err != nil {
			return out, err
		}
		if st.Kind == plan.StmtSet {
			r.vars[st.Set.Name] = true
		}
		out = append(out, st)
	}
	return out, nil
}

// Error positions are 1-based characters in the whole message, so a
// statement after others (and after non-ASCII text) is placed right.
func TestPositions(t *testing.T) {
	for _, c := range []struct {
		text string
		code string
		pos  int
	}{
		{"1; nosuch", errs.UndefinedColumn, 4},
		{"\"é\"; nosuch", errs.UndefinedColumn, 6},
		{"let x = 1\n[ p in nosuch ]", errs.UndefinedTable, 18},
		{"\"日本\" + 1", errs.DatatypeMismatch, 6},
		{"[1, 2] |> nosuch", errs.UndefinedFunction, 11},
		{"// é\n1 +", errs.SyntaxError, 9},
		{"persons.@x.nope(1)", errs.UndefinedFunction, 12},
	} {
		_, err := translateAll(t, c.text)
		e := errs.From(err)
		if e == nil || e.Code != c.code || e.Position != c.pos {
			t.Errorf("%q: want %s at %d, got %v (position %d)", c.text, c.code, c.pos, err, positionOf(e))
		}
	}
}

func positionOf(e *errs.Error) int {
	if e == nil {
		return 0
	}
	return e.Position
}

func TestSplit(t *testing.T) {
	stmts, err := Split("  // nothing\n ;; ")
	if err != nil || len(stmts) != 0 {
		t.Errorf("empty message: %v, %d statements", err, len(stmts))
	}
	stmts, err = Split("let a = 1; a + 1\n persons")
	if err != nil || len(stmts) != 3 {
		t.Fatalf("three statements: %v, %d", err, len(stmts))
	}
	if got := stmts[1].Source(); got != "a + 1" {
		t.Errorf("second statement source %q", got)
	}
	if _, err := Translate(context.Background(), newFakeResolver(), Stmt{}); errs.Code(err) != errs.InternalError {
		t.Errorf("a Stmt not made by Split: %v", err)
	}
}

// The plans leave the optimizer what it needs: key comparisons become
// point gets and key ranges, equalities between generators hash joins.
func TestOptimizedShapes(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`[ p : p in persons, p.id == persons.@john ]`, "point get key = @john"},
		{`[ u in users, u.id == users.@2 ]`, "point get key = 2"},
		{`[ u in users, u.id > users.@2 ]`, ""},
		{`persons.@a..persons.@m |> filter .age > 1`, "range @a <= key < @m"},
		{`[ { who: p.name, city: c.name } : p in persons, c in cities, p.home == c.id ]`, "Hash Join"},
		{`[ p in persons, p.age > 18 ] |> limit 3`, "limit: 3"},
		{`[ f : p in persons, f in [1, 2] ]`, "Nested Loop\n"},
	} {
		sts, err := translateAll(t, c.text)
		if err != nil {
			t.Errorf("%s: %v", c.text, err)
			continue
		}
		out := plan.Explain(opt.Optimize(sts[len(sts)-1].Root))
		if !strings.Contains(out, c.want) {
			t.Errorf("%s: optimized plan lacks %q:\n%s", c.text, c.want, out)
		}
	}
}

func TestFirstNamedParam(t *testing.T) {
	tests := []struct {
		src  string
		name string
		pos  int
	}{
		{`users |> filter .age > $1`, "", 0},
		{`users |> filter .age > $min and .name == $who`, "min", 24},
		{`[1, 2] |> map |x| x + $k`, "k", 23},
		{`match $1 { 0 => $zero, _ => 1 }`, "zero", 17},
		{`users.@a`, "", 0},
	}
	for _, tt := range tests {
		stmts, err := Split(tt.src)
		if err != nil || len(stmts) != 1 {
			t.Fatalf("%s: %v", tt.src, err)
		}
		np, ok := stmts[0].FirstNamedParam()
		if ok != (tt.name != "") || np.Name != tt.name || np.Position != tt.pos {
			t.Errorf("%s: got %+v, %v; want %s at %d", tt.src, np, ok, tt.name, tt.pos)
		}
	}
}
