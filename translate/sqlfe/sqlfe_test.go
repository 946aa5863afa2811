package sqlfe

import (
	"context"
	"errors"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

func mustSplit(t testing.TB, text string) []Stmt {
	t.Helper()
	stmts, err := Split(text)
	if err != nil {
		t.Fatalf("Split(%q): %v", text, err)
	}
	return stmts
}

func TestSplitSpans(t *testing.T) {
	text := "  SELECT 1;  \n select 'é' ; ;/* c */ INSERT INTO t VALUES (1)"
	stmts := mustSplit(t, text)
	want := []string{"SELECT 1", "select 'é'", "/* c */ INSERT INTO t VALUES (1)"}
	if len(stmts) != len(want) {
		t.Fatalf("got %d statements, want %d", len(stmts), len(want))
	}
	for i, s := range stmts {
		if s.Text() != want[i] {
			t.Errorf("stmt %d: Text = %q, want %q", i, s.Text(), want[i])
		}
		start, end := s.Span()
		if text[start:end] != want[i] {
			t.Errorf("stmt %d: Span = [%d, %d) = %q", i, start, end, text[start:end])
		}
		if s.Message() != text {
			t.Errorf("stmt %d: Message differs", i)
		}
	}
}

func TestSplitEmpty(t *testing.T) {
	for _, text := range []string{"", "  ", ";", " ; ; ", "-- only a comment", "/* c */"} {
		if stmts := mustSplit(t, text); len(stmts) != 0 {
			t.Errorf("Split(%q) = %d statements, want none", text, len(stmts))
		}
	}
}

func TestSplitErrors(t *testing.T) {
	for _, tc := range []struct {
		text, code, msg string
		pos             int
	}{
		{"SELECT FROM WHERE", errs.SyntaxError, `syntax error at or near "WHERE"`, 13},
		{"SELECT (", errs.SyntaxError, "syntax error at end of input", 9},
		{"SELECT 'ééé' x y", errs.SyntaxError, `syntax error at or near "y"`, 16},
		{"SELECT 1\x00; DROP TABLE t", CodeCharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": 0x00`, 9},
		{"SELECT 'é\xff'", CodeCharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": 0xff`, 10},
	} {
		_, err := Split(tc.text)
		var e *errs.Error
		if !errors.As(err, &e) {
			t.Errorf("Split(%q) = %v, want *errs.Error", tc.text, err)
			continue
		}
		if e.Code != tc.code || e.Message != tc.msg || e.Position != tc.pos {
			t.Errorf("Split(%q) = %s %q at %d, want %s %q at %d", tc.text, e.Code, e.Message, e.Position, tc.code, tc.msg, tc.pos)
		}
	}
}

// TestCharPos checks the byte → character conversion against counting
// runes, across the checkpoints it keeps.
func TestCharPos(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"a", "é", "€", "𝄞", " ", "\n"}
	var b strings.Builder
	for b.Len() < 3000 {
		b.WriteString(pieces[rng.Intn(len(pieces))])
	}
	text := b.String()
	src, err := newSource(text)
	if err != nil {
		t.Fatal(err)
	}
	for off := 0; off <= len(text); off++ {
		if !utf8.RuneStart(text[min(off, len(text)-1)]) && off < len(text) {
			continue
		}
		if got, want := src.charPos(int32(off)), utf8.RuneCountInString(text[:off])+1; got != want {
			t.Fatalf("charPos(%d) = %d, want %d", off, got, want)
		}
	}
	if src.charPos(-1) != 0 {
		t.Errorf("charPos(-1) = %d, want 0", src.charPos(-1))
	}
}

func translateOne(t testing.TB, text string) (*plan.Statement, error) {
	t.Helper()
	stmts := mustSplit(t, text)
	if len(stmts) != 1 {
		t.Fatalf("%q: %d statements", text, len(stmts))
	}
	return Translate(context.Background(), newFakeResolver(), stmts[0])
}

func TestDeclaredParamTypes(t *testing.T) {
	stmts := mustSplit(t, "SELECT $1, $2 + 1, name FROM users WHERE id = $3")
	s := stmts[0]
	s.ParamTypes = []value.Type{value.TypeInt8, {}, {}, value.TypeBool}
	st, err := Translate(context.Background(), newFakeResolver(), s)
	if err != nil {
		t.Fatal(err)
	}
	want := []value.Type{value.TypeInt8, value.TypeInt4, value.TypeInt4, value.TypeBool}
	if len(st.ParamTypes) != len(want) {
		t.Fatalf("ParamTypes = %v, want %d types", st.ParamTypes, len(want))
	}
	for i := range want {
		if !sameType(st.ParamTypes[i], want[i]) {
			t.Errorf("$%d: %s, want %s", i+1, typeString(st.ParamTypes[i]), typeString(want[i]))
		}
	}
	if got := st.Columns[0].Type; !sameType(got, value.TypeInt8) {
		t.Errorf("column of declared $1: %s, want int8", typeString(got))
	}
	// $3 was declared text and compared with an int4 column: the
	// comparison has no operator, as in PostgreSQL.
	stmts[0].ParamTypes = []value.Type{{}, {}, value.TypeText}
	if _, err := Translate(context.Background(), newFakeResolver(), stmts[0]); errs.Code(err) != errs.UndefinedFunction {
		t.Errorf("int4 = text param: %v, want 42883", err)
	}
}

func TestTranslateZeroStmt(t *testing.T) {
	if _, err := Translate(context.Background(), newFakeResolver(), Stmt{}); err == nil {
		t.Error("Translate(Stmt{}) succeeded")
	}
}

// TestResolverErrors checks that errors of the Resolver get the position of
// the table reference, and that errors without a SQLSTATE are wrapped.
func TestResolverErrors(t *testing.T) {
	_, err := translateOne(t, "SELECT 1 FROM nowhere")
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.UndefinedTable || e.Position != 15 {
		t.Errorf("got %v, want 42P01 at 15", err)
	}
	boom := errors.New("disk on fire")
	r := newFakeResolver()
	stmts := mustSplit(t, "SELECT 1 FROM users")
	_, err = Translate(context.Background(), failingResolver{r, boom}, stmts[0])
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want it to wrap %v", err, boom)
	}
}

type failingResolver struct {
	*fakeResolver
	err error
}

func (f failingResolver) Table(context.Context, string) (*catalog.Table, error) { return nil, f.err }

func TestCache(t *testing.T) {
	c := NewCache(2)
	a1, err := c.Split("SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	a1[0].ParamTypes = []value.Type{value.TypeInt8} // must not leak into the cache
	a2, _ := c.Split("SELECT 1")
	if a2[0].ParamTypes != nil {
		t.Error("a caller's change to its Stmt reached the cache")
	}
	if a1[0].Tree() != a2[0].Tree() {
		t.Error("second Split of the same text did not hit the cache")
	}
	c.Split("SELECT 2")
	c.Split("SELECT 3")
	if c.Len() != 2 {
		t.Errorf("Len = %d, want 2", c.Len())
	}
	if a3, _ := c.Split("SELECT 1"); a3[0].Tree() == a1[0].Tree() {
		t.Error("least recently used entry was not evicted")
	}
	if _, err := c.Split("SELEC 1"); errs.Code(err) != errs.SyntaxError {
		t.Errorf("syntax error through the cache: %v", err)
	}
	long := "SELECT '" + strings.Repeat("x", DefaultMaxCachedText) + "'"
	l1, _ := c.Split(long)
	l2, _ := c.Split(long)
	if l1[0].Tree() == l2[0].Tree() {
		t.Error("a text longer than the limit was cached")
	}
	var nilCache *Cache
	if _, err := nilCache.Split("SELECT 1"); err != nil {
		t.Errorf("nil cache: %v", err)
	}
}

// TestCacheConcurrent shares one Cache and its parse trees between
// goroutines, as sessions do (run with -race).
func TestCacheConcurrent(t *testing.T) {
	c := NewCache(4)
	texts := []string{benchPointSelect, benchInsert, "SELECT 'é', name FROM users", "SELECT 1", "SELECT 2", "SELECT 3",
		"SELECT name, generate_series(1, 2), unnest(ARRAY[1]) * 2 FROM users"} // a rewritten select list
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func(g int) {
			r := newFakeResolver()
			for i := 0; i < 200; i++ {
				stmts, err := c.Split(texts[(g+i)%len(texts)])
				if err == nil {
					_, err = Translate(context.Background(), r, stmts[0])
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
