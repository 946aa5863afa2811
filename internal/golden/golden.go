package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Run renders every file matching testdata/*ext (ext like ".sql") with
// render and compares the output with the file of the same name ending in
// .golden; with update it rewrites the golden file instead.
func Run(t *testing.T, ext string, update bool, render func(t *testing.T, src string) string) {
	t.Helper()
	files, err := filepath.Glob("testdata/*" + ext)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no testdata/*%s", ext)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ext), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			Check(t, strings.TrimSuffix(file, ext)+".golden", render(t, string(src)), update)
		})
	}
}

// Check compares got with the golden file at path, or rewrites the file
// when update is set.
func Check(t testing.TB, path, got string, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", path, Diff(string(want), got))
	}
}

// Cases splits a case file at blank lines. Lines starting with
// commentPrefix (when it is not empty) are dropped.
func Cases(src, commentPrefix string) []string {
	var cases, cur []string
	flush := func() {
		if len(cur) > 0 {
			cases = append(cases, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(src, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case commentPrefix != "" && strings.HasPrefix(line, commentPrefix):
		default:
			cur = append(cur, line)
		}
	}
	flush()
	return cases
}

// Diff lists the lines where want and got differ (at most 40).
func Diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 40; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n  want: %s\n  got:  %s\n", i+1, w, g)
			shown++
		}
	}
	return b.String()
}
