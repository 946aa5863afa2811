package sqlfe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"

	"github.com/zerodb/zerodb/internal/golden"
)

// TestNormalizeGolden normalizes the cases of testdata/normalize.cases
// (blank-line separated, # comments) and compares the normalized text and
// literals with testdata/normalize.golden (-update rewrites it).
func TestNormalizeGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/normalize.cases")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, c := range golden.Cases(string(src), "#") {
		for _, line := range strings.Split(c, "\n") {
			out.WriteString("> " + line + "\n")
		}
		out.WriteString(describeNormalized(c))
		out.WriteString("\n")
	}
	golden.Check(t, "testdata/normalize.golden", out.String(), *update)
}

func describeNormalized(text string) string {
	n, ok := Normalize(text)
	if !ok {
		return "not normalized\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%q\n", n.Text)
	for i, l := range n.Literals {
		fmt.Fprintf(&b, "$%d %s at %d: %s\n", i+1, litKindName(l.Kind), l.Pos, l.Text)
	}
	return b.String()
}

func litKindName(k LiteralKind) string {
	switch k {
	case LitInt4:
		return "int4"
	case LitInt8:
		return "int8"
	case LitBigInt:
		return "bigint-numeric"
	case LitDecimal:
		return "decimal"
	case LitString:
		return "string"
	}
	return "kind" + strconv.Itoa(int(k))
}

// TestNormalizedGolden translates the normalized form of each case of
// testdata/normalized.cases with TranslateWith and prints the plan (or
// ErrNotCacheable, or the error) and each literal bound to its
// parameter's type, next to the plan of the statement translated with its
// literals.
func TestNormalizedGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/normalized.cases")
	if err != nil {
		t.Fatal(err)
	}
	r := newFakeResolver()
	var out strings.Builder
	for _, c := range golden.Cases(string(src), "#") {
		for _, line := range strings.Split(c, "\n") {
			out.WriteString("> " + line + "\n")
		}
		out.WriteString(runNormalizedCase(r, c))
		out.WriteString("\n")
	}
	golden.Check(t, "testdata/normalized.golden", out.String(), *update)
}

func runNormalizedCase(r *fakeResolver, text string) string {
	n, ok := Normalize(text)
	if !ok {
		return "not normalized\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "normalized: %q\n", n.Text)
	stmts, err := Split(n.Text)
	if err != nil {
		b.WriteString("parse: " + formatError(n.Text, err))
		return b.String()
	}
	if len(stmts) != 1 {
		fmt.Fprintf(&b, "%d statements\n", len(stmts))
		return b.String()
	}
	s := stmts[0]
	s.ParamTypes = n.ParamTypes()
	st, err := TranslateWith(context.Background(), r, s, TranslateOptions{NormalizedLiterals: len(n.Literals)})
	switch {
	case errors.Is(err, ErrNotCacheable):
		b.WriteString("not cacheable\n")
		return b.String()
	case err != nil:
		b.WriteString(formatError(n.Text, err))
		return b.String()
	}
	b.WriteString(printStatement(st))
	for i, l := range n.Literals {
		v, err := l.Value(st.ParamTypes[i], time.UTC)
		if err != nil {
			var e *errs.Error
			if errors.As(err, &e) {
				fmt.Fprintf(&b, "bind $%d %s: ERROR %s: %s (at %d)\n", i+1, l.Text, e.Code, e.Message, e.Position)
			} else {
				fmt.Fprintf(&b, "bind $%d %s: %v\n", i+1, l.Text, err)
			}
			continue
		}
		fmt.Fprintf(&b, "bind $%d %s: %s %s\n", i+1, l.Text, v.String(), typeString(value.TypeOf(v)))
	}
	return b.String()
}

func TestNormalizePosition(t *testing.T) {
	text := "SELECT 'é' || x, 12345 FROM t WHERE y = -7 AND z = 'ü''ä'"
	n, ok := Normalize(text)
	if !ok {
		t.Fatal("not normalized")
	}
	want := `SELECT $1 || x, $2 FROM t WHERE y = $3 AND z = $4`
	if n.Text != want {
		t.Fatalf("text %q, want %q", n.Text, want)
	}
	runes := []rune(text)
	for i, l := range n.Literals {
		if got := string(runes[l.Pos-1 : l.Pos-1+utf8.RuneCountInString(l.Text)]); got != l.Text {
			t.Errorf("$%d: text at %d is %q, want %q", i+1, l.Pos, got, l.Text)
		}
		// The placeholder's characters map to the literal.
		np := strings.Index(n.Text, "$"+strconv.Itoa(i+1)) + 1
		for k := 0; k < placeholderLen(i+1); k++ {
			if got := n.Position(np + k); got != l.Pos {
				t.Errorf("$%d: Position(%d) = %d, want %d", i+1, np+k, got, l.Pos)
			}
		}
	}
	// Characters outside placeholders map to the same characters.
	nr := []rune(n.Text)
	for p := 1; p <= len(nr); p++ {
		if nr[p-1] == '$' || (nr[p-1] >= '0' && nr[p-1] <= '9') {
			continue
		}
		if q := n.Position(p); runes[q-1] != nr[p-1] {
			t.Errorf("Position(%d) = %d: %q, want %q", p, q, runes[q-1], nr[p-1])
		}
	}
}

func TestLiteralValue(t *testing.T) {
	varchar3 := value.TypeText
	varchar3.MaxLen = 3
	numeric52 := value.TypeNumeric
	numeric52.Precision, numeric52.Scale = 5, 2
	tests := []struct {
		lit  string
		t    value.Type
		want string // the value's text, or ERROR code
	}{
		{lit: "42", t: value.TypeInt4, want: "42 integer"},
		{lit: "-2147483647", t: value.TypeInt4, want: "-2147483647 integer"},
		{lit: "3000000000", t: value.TypeInt8, want: "3000000000 bigint"},
		{lit: "99999999999999999999", t: value.TypeNumeric, want: "99999999999999999999 numeric"},
		{lit: "1.50", t: value.TypeNumeric, want: "1.50 numeric"},
		{lit: "1e3", t: value.TypeNumeric, want: "1000 numeric"},
		{lit: "-0.0", t: value.TypeNumeric, want: "0.0 numeric"},
		{lit: "40000", t: value.TypeInt2, want: "ERROR 22003"},
		{lit: "7", t: value.TypeInt8, want: "7 bigint"},
		{lit: "7", t: value.TypeFloat8, want: "7 double precision"},
		{lit: "1.555", t: numeric52, want: "1.56 numeric"},
		{lit: "'abc'", t: value.Type{}, want: "abc text"},
		{lit: "'it''s'", t: value.TypeText, want: "it's text"},
		{lit: "'abc'", t: value.TypeInt4, want: "ERROR 22P02"},
		{lit: "'99999999999'", t: value.TypeInt4, want: "ERROR 22003"},
		{lit: "'abcd'", t: varchar3, want: "ERROR 22001"},
		{lit: "'abc'", t: varchar3, want: "abc text"},
		{lit: `'{"a": 1}'`, t: value.TypeJSONB, want: `{"a": 1} jsonb`},
		{lit: `'{"a": '`, t: value.TypeJSONB, want: "ERROR 22P02"},
		{lit: "'t'", t: value.TypeBool, want: "t boolean"},
		{lit: "'x'", t: value.Any, want: "x text"},
	}
	for _, tc := range tests {
		kind := LitString
		if !strings.HasPrefix(tc.lit, "'") {
			n, ok := Normalize("SELECT " + tc.lit)
			if !ok || len(n.Literals) != 1 {
				t.Fatalf("%s: not one literal", tc.lit)
			}
			kind = n.Literals[0].Kind
		}
		l := Literal{Text: tc.lit, Kind: kind, Pos: 8, Off: 7}
		v, err := l.Value(tc.t, time.UTC)
		got := ""
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) {
				t.Errorf("%s as %s: %v", tc.lit, typeString(tc.t), err)
				continue
			}
			got = "ERROR " + e.Code
			if e.Position != 8 {
				t.Errorf("%s as %s: error at %d, want 8", tc.lit, typeString(tc.t), e.Position)
			}
		} else {
			vt := value.TypeOf(v)
			b, err := value.AppendText(nil, v, vt)
			if err != nil {
				t.Fatal(err)
			}
			got = string(b) + " " + vt.SQLName()
		}
		if got != tc.want {
			t.Errorf("%s as %s: %s, want %s", tc.lit, typeString(tc.t), got, tc.want)
		}
	}
}

// fataler is what checkNormalized needs of *testing.T and *rapid.T.
type fataler interface {
	Fatalf(format string, args ...any)
}

// checkNormalized checks what Normalize promises of an ok result: putting
// each literal's text back in place of its placeholder gives the
// statement (but for the trailing space, semicolons and comments it
// drops), each literal sits at its position, and the key is the text and
// the kinds.
func checkNormalized(t fataler, text string, n Normalized) {
	var b strings.Builder
	rest := n.Text
	for i, l := range n.Literals {
		ph := "$" + strconv.Itoa(i+1)
		// The placeholder where the literal was: a quoted identifier
		// before it may read "$1" too.
		j := placeholderIndex(rest, ph, b.Len() == 0 || isIdentCont(b.String()[b.Len()-1]), l.Off-b.Len())
		if j < 0 {
			t.Fatalf("%q: no placeholder %s in %q", text, ph, n.Text)
		}
		b.WriteString(rest[:j])
		if b.Len() != l.Off {
			t.Fatalf("%q: literal %d at byte %d, want %d", text, i+1, l.Off, b.Len())
		}
		if got := utf8.RuneCountInString(text[:l.Off]) + 1; got != l.Pos {
			t.Fatalf("%q: literal %d at character %d, want %d", text, i+1, l.Pos, got)
		}
		b.WriteString(l.Text)
		rest = rest[j+len(ph):]
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			t.Fatalf("%q: placeholder %s followed by a digit in %q", text, ph, n.Text)
		}
	}
	b.WriteString(rest)
	back := b.String()
	if !strings.HasPrefix(text, back) {
		t.Fatalf("%q: literals put back give %q", text, back)
	}
	if tail := strings.TrimLeft(text[len(back):], " \t\n\r\f\v;"); tail != "" && !strings.HasPrefix(tail, "--") && !strings.HasPrefix(tail, "/*") {
		t.Fatalf("%q: dropped %q", text, text[len(back):])
	}
	if !strings.HasPrefix(n.Key, n.Text+"\x00") || len(n.Key) != len(n.Text)+1+len(n.Literals) {
		t.Fatalf("%q: key %q", text, n.Key)
	}
	for i, l := range n.Literals {
		if n.Key[len(n.Text)+1+i] != byte('0'+l.Kind) {
			t.Fatalf("%q: key %q: kind of $%d", text, n.Key, i+1)
		}
		switch l.Kind {
		case LitString:
			if l.Text[0] != '\'' || l.Text[len(l.Text)-1] != '\'' {
				t.Fatalf("%q: string literal %q", text, l.Text)
			}
		default:
			// A number always reads as its kind's type, unless it is out
			// of numeric's range (as in the statement with the literal).
			if _, err := l.Value(l.Kind.paramType(), time.UTC); err != nil && errs.Code(err) != errs.NumericValueOutOfRange {
				t.Fatalf("%q: literal %q: %v", text, l.Text, err)
			}
		}
	}
}

// placeholderIndex finds ph in s where it is not the end of an
// identifier (x$1): at want when it is there (a quoted identifier may
// read "$1" too), else the first such place.
func placeholderIndex(s, ph string, afterIdent bool, want int) int {
	off, first := 0, -1
	for {
		j := strings.Index(s[off:], ph)
		if j < 0 {
			return first
		}
		j += off
		if (j == 0 && !afterIdent) || (j > 0 && !isIdentCont(s[j-1])) {
			if j == want {
				return j
			}
			if first < 0 {
				first = j
			}
		}
		off = j + 1
	}
}

func FuzzNormalize(f *testing.F) {
	if src, err := os.ReadFile("testdata/normalize.cases"); err == nil {
		for _, c := range golden.Cases(string(src), "#") {
			f.Add(c)
		}
	}
	f.Add("SELECT 1")
	f.Add("select x from t where y = -2147483648 and z = 'a''b' -- c")
	f.Add("select 0e666610000, 1e-666610000, 1.5e66661 from t")
	f.Fuzz(func(t *testing.T, text string) {
		n, ok := Normalize(text)
		if !ok {
			return
		}
		checkNormalized(t, text, n)
		// The normalized statement parses whenever the statement does
		// (the reverse does not hold: a placeholder where the grammar
		// wants a literal constant is a syntax error).
		if _, err := Split(text); err != nil {
			return
		}
		if _, err := Split(n.Text); err != nil && !strings.Contains(err.Error(), "syntax error") {
			t.Fatalf("%q: normalized %q: %v", text, n.Text, err)
		}
	})
}

// TestNormalizeProperties builds statements from random tokens (words,
// numbers, strings, operators, comments and space) and checks the
// promises of an ok result, and that the statement with other literals
// of the same kinds in place of its literals has the same key.
func TestNormalizeProperties(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var b strings.Builder
		b.WriteString("SELECT ")
		n := rapid.IntRange(1, 12).Draw(rt, "tokens")
		for i := 0; i < n; i++ {
			b.WriteString(genToken(rt))
			sep := rapid.SampledFrom([]string{" ", "", "\n", " /* c */ ", ", "}).Draw(rt, "sep")
			if sep == "" && i+1 < n {
				sep = " "
			}
			b.WriteString(sep)
		}
		text := b.String()
		nt, ok := Normalize(text)
		if !ok {
			return
		}
		checkNormalized(rt, text, nt)
		var o strings.Builder
		prev := 0
		alts := make([]string, len(nt.Literals))
		for i, l := range nt.Literals {
			alts[i] = genLiteral(rt, l)
			o.WriteString(text[prev:l.Off])
			o.WriteString(alts[i])
			prev = l.Off + len(l.Text)
		}
		o.WriteString(text[prev:])
		other := o.String()
		no, ok := Normalize(other)
		if !ok {
			rt.Fatalf("%q normalized, %q did not", text, other)
		}
		if no.Key != nt.Key {
			rt.Fatalf("%q and %q: keys %q and %q", text, other, nt.Key, no.Key)
		}
		for i, l := range no.Literals {
			if l.Text != alts[i] {
				rt.Fatalf("%q: literal %d is %q, want %q", other, i+1, l.Text, alts[i])
			}
		}
	})
}

// genLiteral makes another literal of l's kind (and sign).
func genLiteral(rt *rapid.T, l Literal) string {
	sign := ""
	if strings.HasPrefix(l.Text, "-") {
		sign = "-"
	}
	switch l.Kind {
	case LitInt4:
		return sign + strconv.Itoa(rapid.IntRange(0, 1<<31-1).Draw(rt, "int4"))
	case LitInt8:
		return sign + strconv.FormatInt(rapid.Int64Range(1<<31+1, 1<<63-1).Draw(rt, "int8"), 10)
	case LitBigInt:
		return sign + "1" + strings.Repeat("0", rapid.IntRange(19, 30).Draw(rt, "zeros"))
	case LitDecimal:
		return sign + strconv.Itoa(rapid.IntRange(0, 999).Draw(rt, "int")) + "." + strconv.Itoa(rapid.IntRange(0, 999).Draw(rt, "frac"))
	}
	s := rapid.StringMatching(`[a-z' ü;$-]{0,8}`).Draw(rt, "str")
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// genToken returns a random token.
func genToken(rt *rapid.T) string {
	switch rapid.IntRange(0, 7).Draw(rt, "kind") {
	case 0:
		return rapid.SampledFrom([]string{"a", "b1", "x_y", "where", "and", "from", "t", "\"Q\"\"d\"", "select", "as", "like"}).Draw(rt, "word")
	case 1:
		return strconv.Itoa(rapid.IntRange(0, 1<<31-1).Draw(rt, "int"))
	case 2:
		return strconv.FormatInt(rapid.Int64Range(1<<31-10, 1<<63-1).Draw(rt, "int8"), 10)
	case 3:
		a := rapid.IntRange(0, 9999).Draw(rt, "dec")
		return fmt.Sprintf("%d.%02d", a, a%100)
	case 4:
		s := rapid.StringMatching(`[a-z' é]{0,6}`).Draw(rt, "str")
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	case 5:
		return rapid.SampledFrom([]string{"=", "<>", "+", "-", "*", "||", "(", ")", "::int", "<=", "=-", "@", "-(", "::numeric(", ","}).Draw(rt, "op")
	case 6:
		return "-- line\n"
	}
	return rapid.SampledFrom([]string{"E'x\\'y'", "$$d$$", "date '2024-01-01'", "x::numeric(10, 2)", "2147483648", "B'1'"}).Draw(rt, "fixed")
}

// TestNormalizedMatchesLiterals translates every case of the translation
// goldens (testdata/*.sql) both ways: with its literals, and normalized
// with TranslateWith and bound literals. Where the normalized statement
// translates and its literals bind, the statement with its literals must
// translate to the same kind of statement with the same result columns;
// where a literal does not bind, the statement with its literals must
// fail with the same SQLSTATE.
func TestNormalizedMatchesLiterals(t *testing.T) {
	files, err := filepath.Glob("testdata/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	r := newFakeResolver()
	checked := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range golden.Cases(string(src), "#") {
			if compareNormalized(t, r, c) {
				checked++
			}
		}
	}
	t.Logf("%d statements compared", checked)
	if checked < 50 {
		t.Errorf("only %d statements compared", checked)
	}
}

func compareNormalized(t *testing.T, r *fakeResolver, text string) bool {
	n, ok := Normalize(text)
	if !ok {
		return false
	}
	stmts, err := Split(n.Text)
	if err != nil || len(stmts) != 1 {
		return false
	}
	s := stmts[0]
	s.ParamTypes = n.ParamTypes()
	nst, err := TranslateWith(context.Background(), r, s, TranslateOptions{NormalizedLiterals: len(n.Literals)})
	if err != nil {
		return false
	}
	var bindErr error
	for i, l := range n.Literals {
		if _, err := l.Value(nst.ParamTypes[i], time.UTC); err != nil {
			bindErr = err
			break
		}
	}
	orig, err := Split(text)
	if err != nil || len(orig) != 1 {
		t.Errorf("%q: normalized but does not split: %v", text, err)
		return true
	}
	lst, lerr := Translate(context.Background(), r, orig[0])
	switch {
	case bindErr != nil:
		var be *errs.Error
		if !errors.As(bindErr, &be) {
			return true // left to run time: the ordinary path runs it
		}
		if lerr == nil {
			t.Errorf("%q: binding fails (%v), the literal translation does not", text, bindErr)
		} else if errs.Code(lerr) != be.Code {
			t.Errorf("%q: binding fails with %s (%v), the literal translation with %s (%v)", text, be.Code, bindErr, errs.Code(lerr), lerr)
		}
	case lerr != nil:
		t.Errorf("%q: normalized translation and binding succeed, the literal translation fails: %v", text, lerr)
	default:
		if lst.Kind != nst.Kind || lst.Tag != nst.Tag || lst.ReturnsRows != nst.ReturnsRows || len(lst.Columns) != len(nst.Columns) {
			t.Errorf("%q: statements differ:\n%s\n%s", text, printStatement(lst), printStatement(nst))
			return true
		}
		for i := range lst.Columns {
			lc, nc := lst.Columns[i], nst.Columns[i]
			if lc.Name != nc.Name || lc.Type.OID() != nc.Type.OID() || lc.Type.TypeModifier() != nc.Type.TypeModifier() || lc.TableID != nc.TableID || lc.AttrNum != nc.AttrNum {
				t.Errorf("%q: column %d: %s:%s vs %s:%s", text, i+1, lc.Name, typeString(lc.Type), nc.Name, typeString(nc.Type))
			}
		}
	}
	return true
}

func TestTranslateNotCacheable(t *testing.T) {
	r := newFakeResolver()
	for _, text := range []string{
		"SELECT CAST(name AS numeric($1)) FROM users",
		"SELECT name FROM users ORDER BY $1",
		"SELECT name FROM users ORDER BY -$1",
		"SELECT name FROM users GROUP BY name, $1",
		"SELECT DISTINCT ON ($1) name FROM users",
	} {
		stmts, err := Split(text)
		if err != nil {
			t.Fatal(err)
		}
		s := stmts[0]
		s.ParamTypes = []value.Type{value.TypeInt4}
		if _, err := TranslateWith(context.Background(), r, s, TranslateOptions{NormalizedLiterals: 1}); !errors.Is(err, ErrNotCacheable) {
			t.Errorf("%s: %v, want ErrNotCacheable", text, err)
		}
		// A client's own parameter is a value.
		if _, err := TranslateWith(context.Background(), r, s, TranslateOptions{}); errors.Is(err, ErrNotCacheable) {
			t.Errorf("%s without normalized literals: ErrNotCacheable", text)
		}
	}
}
