package sqlfe

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zerodb/zerodb/errs"

	"github.com/zerodb/zerodb/internal/golden"
)

// FuzzTranslate feeds arbitrary text to Split and Translate: they must
// never panic, and every error must be an *errs.Error with a position
// inside the message.
func FuzzTranslate(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.sql")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range golden.Cases(string(src), "#") {
			f.Add(c)
		}
	}
	f.Add("SELECT $65535, $65536")
	f.Add("SELECT 'é' || 'ü' FROM docs d JOIN docs e ON d.x = e.x")
	r := newFakeResolver()
	f.Fuzz(func(t *testing.T, text string) {
		stmts, err := Split(text)
		if err != nil {
			checkError(t, text, err)
			return
		}
		for _, s := range stmts {
			st, err := Translate(context.Background(), r, s)
			if err != nil {
				checkError(t, text, err)
				continue
			}
			if st.Text != s.Text() {
				t.Fatalf("Text %q, want %q", st.Text, s.Text())
			}
		}
	})
}

func checkError(t *testing.T, text string, err error) {
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %v is not an *errs.Error", text, err)
	}
	if e.Code == errs.InternalError {
		t.Fatalf("%q: internal error %v", text, err)
	}
	if n := len([]rune(text)); e.Position < 0 || e.Position > n+1 {
		t.Fatalf("%q: position %d outside 1..%d", text, e.Position, n+1)
	}
}
