package zqlfe

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate/zqlfe/zqldoc"

	"github.com/zerodb/zerodb/internal/golden"
)

const docPath = "../../docs/zql.md"

// TestDocsFresh fails when docs/zql.md's builtin library section is not
// what engine/builtin documents.
func TestDocsFresh(t *testing.T) {
	b, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	want, err := zqldoc.Splice(string(b), zqldoc.Library(builtin.NewRegistry()))
	if err != nil {
		t.Fatal(err)
	}
	if want != string(b) {
		t.Fatalf("%s is stale: run go generate ./translate/zqlfe\n%s", docPath, golden.Diff(string(b), want))
	}
}

// TestDocsExamples runs every ```zql block of docs/zql.md, in order, in
// one in-memory database, and checks the results the document states (see
// package zqldoc for the notation).
func TestDocsExamples(t *testing.T) {
	b, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := zqldoc.Blocks(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) < 50 {
		t.Fatalf("only %d runnable blocks in %s", len(blocks), docPath)
	}
	d := newDB(t)
	d.raw = false // uuid() and random() differ between two runs
	d.reg.RegisterHost(&builtin.Func{Name: "shout", MinArgs: 1, MaxArgs: 1, Pure: true,
		Fn: func(_ *builtin.Context, args []value.Value) (value.Value, error) {
			return value.String(strings.ToUpper(args[0].AsString()) + "!"), nil
		}})
	steps := 0
	for _, blk := range blocks {
		for _, st := range blk.Steps {
			steps++
			checkDocStep(t, d, st)
		}
	}
	t.Logf("%d blocks, %d steps", len(blocks), steps)
}

func checkDocStep(t *testing.T, d *db, st zqldoc.Step) {
	t.Helper()
	rows, err := d.run(st.Code)
	where := func() string { return docPath + ":" + itoa(st.Line) + ": " + st.Code }
	if len(st.Want) == 1 && strings.HasPrefix(st.Want[0], "error ") {
		code := strings.TrimSpace(strings.TrimPrefix(st.Want[0], "error "))
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != code {
			t.Errorf("%s\n want error %s, got rows %v, error %v", where(), code, rows, err)
		}
		return
	}
	if err != nil {
		t.Errorf("%s\n %v", where(), err)
		return
	}
	if st.Want == nil {
		return
	}
	if len(st.Want) == 1 {
		w := st.Want[0]
		switch {
		case w == "(no rows)":
			if len(rows) != 0 {
				t.Errorf("%s\n want no rows, got %s", where(), compact(rows))
			}
			return
		case strings.HasPrefix(w, "<") && strings.HasSuffix(w, ">"):
			if len(d.values) != 1 || "<"+value.TypeOf(d.values[0]).String()+">" != w {
				t.Errorf("%s\n want one value of type %s, got %s", where(), w, compact(rows))
			}
			return
		case strings.HasPrefix(w, "["):
			// A list states the rows of a list or stream, or one row.
			if compactJSON("["+strings.Join(rows, ",")+"]") == compactJSON(w) {
				return
			}
		}
	}
	if got, want := compact(rows), compact(st.Want); got != want {
		t.Errorf("%s\n got: %s\nwant: %s", where(), got, want)
	}
}

func compactJSON(s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}
