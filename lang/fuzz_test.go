package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// addSeeds feeds the fuzzers every testdata script, each of its lines and
// each error case.
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.zql")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		src := string(data)
		if filepath.Base(file) == "errors.zql" {
			for _, c := range strings.Split(src, errorCaseSep) {
				f.Add(c)
			}
			continue
		}
		f.Add(src)
		for _, line := range strings.Split(src, "\n") {
			f.Add(line)
		}
	}
}

func checkError(t *testing.T, src string, err error) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error %v is %T, not *Error", err, err)
	}
	if strings.Contains(e.Msg, "internal parser error") {
		t.Fatalf("%q: %v", src, e)
	}
	if e.Offset < 0 || e.Offset > len(src) {
		t.Fatalf("%q: error offset %d out of range", src, e.Offset)
	}
	if want := utf8.RuneCountInString(src[:e.Offset]) + 1; utf8.ValidString(src) && e.Position() != want {
		t.Fatalf("%q: error position %d, want %d", src, e.Position(), want)
	}
	if e.Line < 1 || e.Column < 1 || e.Position() < 1 {
		t.Fatalf("%q: bad error location %+v", src, e)
	}
}

func FuzzLex(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		toks, err := Tokenize(src)
		if err != nil {
			checkError(t, src, err)
		}
		end := 0
		for _, tk := range toks {
			if tk.Start < end || tk.End <= tk.Start || tk.End > len(src) {
				t.Fatalf("%q: token %+v after offset %d", src, tk, end)
			}
			end = tk.End
		}
		// The scanner keeps only the last two token kinds; it
		// must split the source as the slice lexer does.
		all, _ := lex(src, true)
		for i, tk := range toks {
			if i >= len(all) || all[i].start != tk.Start || all[i].end != tk.End || classOf(all[i].kind) != tk.Class {
				t.Fatalf("%q: token %d is %+v from TokenScanner, %+v from lex", src, i, tk, all[min(i, len(all)-1)])
			}
		}
		if k := all[len(toks)].kind; k != tEOF && k != tIllegal {
			t.Fatalf("%q: TokenScanner ended at token %d, lex goes on with kind %d", src, len(toks), k)
		}
	})
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		script, err := Parse(src)
		if err != nil {
			checkError(t, src, err)
			return
		}
		checkSpans(t, src, script)
		checkRoundTrip(t, script)
	})
}
