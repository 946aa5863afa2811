package zqlfe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"

	"github.com/zerodb/zerodb/internal/golden"
)

// FuzzTranslate checks that any text splits and translates without a
// panic (Translate turns one into an XX000 "internal error" that this
// target reports) and that every error is an *errs.Error whose position
// lies inside the message.
func FuzzTranslate(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.zql")
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range golden.Cases(string(src), "") {
			f.Add(c)
		}
	}
	f.Add("persons |> map |p| [x : x in p.friends, y in x.tags] |> flat_map .a")
	f.Fuzz(func(t *testing.T, text string) {
		// A hang is a bug too; a panic on the timer goroutine makes the fuzzer
		// record the input.
		timer := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("translation takes too long: %q", text)) })
		defer timer.Stop()
		r := newFakeResolver()
		stmts, err := Split(text)
		checkErr(t, text, err)
		for _, s := range stmts {
			st, err := Translate(context.Background(), r, s)
			checkErr(t, text, err)
			if st != nil && st.Kind == plan.StmtSet {
				r.vars[st.Set.Name] = true
			}
		}
		_, err = CompilePredicate(context.Background(), r, text)
		checkErr(t, text, err)
	})
}

func checkErr(t *testing.T, text string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error is not an *errs.Error: %v", text, err)
	}
	if e.Code == errs.InternalError || strings.Contains(e.Message, "internal") {
		t.Fatalf("%q: %s: %s", text, e.Code, e.Message)
	}
	if n := len([]rune(text)); e.Position < 0 || e.Position > n+1 {
		t.Fatalf("%q: position %d outside a message of %d characters", text, e.Position, n)
	}
}
