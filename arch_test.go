package zerodb_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/zerodb/zerodb"

// allowedImports is the layering of ARCHITECTURE.md: for each package (or
// package tree, with a trailing "/..."), the project packages its non-test
// files may import. Imports point down; lang knows nothing of the project;
// pgwire knows the engine only through its own Session interface.
var allowedImports = map[string][]string{
	// The module root is the embedded Go API, above the session.
	".":                   {"errs", "session", "engine/value", "engine/plan", "engine/builtin"},
	"errs":                {},
	"scram":               {},
	"lang/...":            {"lang/..."},
	"kv/...":              {"errs", "kv/..."},
	"engine":              {},
	"engine/value":        {"kv", "errs", "engine/tsearch"},
	"engine/tsearch":      {"errs"},
	"engine/keys":         {"kv", "errs", "engine/value"},
	"engine/catalog":      {"kv", "errs", "engine/keys", "engine/value"},
	"engine/jsonpath":     {"errs", "engine/value"},
	"engine/builtin":      {"errs", "engine/value", "engine/jsonpath", "engine/tsearch"},
	"engine/sysview":      {"kv", "errs", "engine/keys", "engine/value", "engine/catalog", "engine/builtin", "engine/stats"},
	"engine/stats":        {},
	"vector":              {"kv", "errs", "engine/keys", "engine/value", "internal/slotcache"},
	"graph":               {"kv", "errs", "engine/keys", "engine/value", "internal/slotcache"},
	"engine/plan":         {"errs", "engine/value", "engine/catalog"},
	"engine/opt":          {"errs", "engine/plan", "engine/value", "engine/catalog", "engine/builtin"},
	"engine/exec":         {"errs", "kv", "engine/...", "vector", "graph", "scram"},
	"translate/...":       {"errs", "lang/...", "translate/...", "engine/plan", "engine/value", "engine/catalog", "engine/builtin", "engine/jsonpath"},
	"pgwire/...":          {"errs", "scram", "pgwire/..."},
	"session/...":         {"errs", "scram", "kv/...", "graph", "pgwire", "translate/...", "engine/...", "lang/...", "session/..."},
	"cmd/...":             {"..."},
	"bench/...":           {"..."},
	"compat-tests/...":    {"..."},
	"internal/pgserver":   {},
	"internal/zerodbproc": {},
	"internal/golden":     {},
	"internal/latency":    {},
	"internal/slotcache":  {},
}

func matches(pattern, pkg string) bool {
	if pattern == "..." {
		return true
	}
	if pattern == "." || pkg == "." {
		return pattern == pkg
	}
	if strings.HasSuffix(pattern, "/...") {
		base := strings.TrimSuffix(pattern, "/...")
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return pkg == pattern
}

// ruleFor finds the most specific rule for a package.
func ruleFor(pkg string) (string, []string, bool) {
	best, bestLen := "", -1
	for pattern := range allowedImports {
		if matches(pattern, pkg) && len(pattern) > bestLen && (pattern != "..." || bestLen < 0) {
			best, bestLen = pattern, len(pattern)
		}
	}
	if bestLen < 0 {
		return "", nil, false
	}
	return best, allowedImports[best], true
}

func TestImportLayering(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(p))
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pattern, allowed, ok := ruleFor(dir)
		if !ok {
			t.Errorf("%s: package %s has no layering rule in arch_test.go (add one and update ARCHITECTURE.md)", p, dir)
			return nil
		}
		for _, imp := range f.Imports {
			ip := strings.Trim(imp.Path.Value, `"`)
			rel := "." // the module root: the Go API
			if ip != module {
				if !strings.HasPrefix(ip, module+"/") {
					continue
				}
				rel = strings.TrimPrefix(ip, module+"/")
			}
			checked++
			ok := false
			for _, a := range allowed {
				if matches(a, rel) {
					ok = true
					break
				}
			}
			if !ok {
				t.Errorf("%s imports %s: package %s (rule %q) may import only %v", p, rel, dir, pattern, allowed)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no project imports were checked: the walk found nothing")
	}
}

func TestEveryPackageHasDocGo(t *testing.T) {
	dirs := map[string]bool{}
	docs := map[string]bool{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(p))
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && dir != "." {
			dirs[dir] = true
			if path.Base(p) == "doc.go" {
				docs[dir] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range dirs {
		if !docs[dir] && !strings.HasPrefix(dir, "cmd/") && !strings.HasPrefix(dir, "bench/") && !strings.HasPrefix(dir, "compat-tests/") {
			t.Errorf("package %s has no doc.go saying what it owns and what it must never import", dir)
		}
	}
}
