package jsonpath

import (
	"os"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestPrint runs testdata/print.golden: each path text and PostgreSQL
// 15's jsonpath_out of it (or the SQLSTATE it refuses it with), as
// testdata/regen.py recorded from a real server.
func TestPrint(t *testing.T) {
	data, err := os.ReadFile("testdata/print.golden")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) < 200 {
		t.Fatalf("only %d lines in print.golden", len(lines))
	}
	for i := 0; i+1 < len(lines); i += 2 {
		src, want := lines[i], strings.TrimPrefix(lines[i+1], "=> ")
		var got string
		if p, err := Parse(src); err != nil {
			got = "ERROR " + errs.Code(err)
		} else {
			got = p.String()
		}
		if got != want {
			t.Errorf("%q:\n got  %s\n want %s", src, got, want)
		}
	}
}
