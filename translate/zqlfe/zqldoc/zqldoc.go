package zqldoc

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
)

// The markers around the generated section of docs/zql.md.
const (
	BeginMarker = "<!-- BEGIN GENERATED builtin library: go generate ./translate/zqlfe -->"
	EndMarker   = "<!-- END GENERATED builtin library -->"
)

// categories are the groups of the library in the order documented.
var categories = []struct{ key, title, intro string }{
	{"strings", "Strings", "Strings are Unicode; lengths and positions count characters."},
	{"numbers", "Numbers", "Integer arithmetic is checked; the `math::` names are aliases usable anywhere."},
	{"lists", "Lists and streams", "These take lists; a stream passed to them is read as a list. The stream stages of §7 (count, sum, first, ...) have the same names and win in a pipeline."},
	{"objects", "Objects", ""},
	{"predicates", "Predicates", "Useful in `assert [...]` lists of schemas and in filters."},
	{"time", "Time", "`now()` is the statement's start time: stable within a statement."},
	{"ids", "Record ids", ""},
	{"vectors", "Vectors", ""},
	{"conversions", "Conversions", "Constructors and conversions between types. `decimal`, `bytes` and `vector` also write the values that have no literal of their own."},
}

// Library renders the builtin library section (without the markers):
// every ZQL builtin of reg by category, with its documentation and its
// examples as runnable blocks. SQL-only functions (sql::) and host
// functions are left out.
func Library(reg *builtin.Registry) string {
	byCat := make(map[string][]*builtin.Func)
	for _, name := range reg.Names() {
		f, _ := reg.Lookup(name)
		if f.Host || f.Category == "sql" || strings.HasPrefix(f.Name, "sql::") {
			continue
		}
		byCat[f.Category] = append(byCat[f.Category], f)
	}
	var b strings.Builder
	b.WriteString("\n")
	for _, c := range categories {
		fs := byCat[c.key]
		if len(fs) == 0 {
			continue
		}
		delete(byCat, c.key)
		writeCategory(&b, c.title, c.intro, fs)
	}
	// Functions of a category this page does not know yet.
	var rest []string
	for k := range byCat {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		title := k
		if title == "" {
			title = "Other"
		}
		writeCategory(&b, title, "", byCat[k])
	}
	return b.String()
}

func writeCategory(b *strings.Builder, title, intro string, fs []*builtin.Func) {
	slices.SortFunc(fs, func(x, y *builtin.Func) int {
		// Plain names first, then the namespaced aliases.
		xn, yn := strings.Contains(x.Name, "::"), strings.Contains(y.Name, "::")
		if xn != yn {
			if xn {
				return 1
			}
			return -1
		}
		return strings.Compare(x.Name, y.Name)
	})
	fmt.Fprintf(b, "### %s\n\n", title)
	if intro != "" {
		b.WriteString(intro + "\n\n")
	}
	for _, f := range fs {
		fmt.Fprintf(b, "#### `%s` — %s\n\n", f.Name, arity(f.MinArgs, f.MaxArgs))
		if f.Doc != "" {
			b.WriteString(f.Doc + "\n\n")
		}
		if len(f.Examples) == 0 {
			continue
		}
		b.WriteString("```zql\n")
		for _, e := range f.Examples {
			b.WriteString(call(f.Name, e) + "\n")
			switch {
			case e.Err != "":
				b.WriteString("// => error " + e.Err + "\n")
			default:
				b.WriteString("// => " + e.Want + "\n")
			}
		}
		b.WriteString("```\n\n")
	}
}

// call renders an example's call in ZQL.
func call(name string, e builtin.Example) string {
	args := make([]string, len(e.Args))
	for i, a := range e.Args {
		args[i] = a.String()
	}
	return name + "(" + strings.Join(args, ", ") + ")"
}

func arity(lo, hi int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case hi < 0:
		return "at least " + plural(lo)
	case lo == hi:
		return plural(lo)
	}
	return fmt.Sprintf("%d to %s", lo, plural(hi))
}

// Splice replaces the text between BeginMarker and EndMarker in doc with
// section.
func Splice(doc, section string) (string, error) {
	i := strings.Index(doc, BeginMarker)
	j := strings.Index(doc, EndMarker)
	if i < 0 || j < 0 || j < i {
		return "", fmt.Errorf("zqldoc: the document lacks the markers %q ... %q", BeginMarker, EndMarker)
	}
	return doc[:i+len(BeginMarker)] + "\n" + section + doc[j:], nil
}

// Step is one statement (or several) of a runnable block and the result
// stated after it.
type Step struct {
	// Line is the document line (1-based) where the step's code starts.
	Line int
	Code string
	// Want are the texts after "// => " (nil: the code must only succeed).
	Want []string
}

// Block is one ```zql fenced block.
type Block struct {
	Line  int
	Steps []Step
}

// Blocks extracts the runnable blocks of a document in order.
func Blocks(doc string) ([]Block, error) {
	var out []Block
	lines := strings.Split(doc, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(l, "```") {
			continue
		}
		info := strings.TrimSpace(strings.TrimPrefix(l, "```"))
		end := i + 1
		for end < len(lines) && strings.TrimSpace(lines[end]) != "```" {
			end++
		}
		if end == len(lines) {
			return nil, fmt.Errorf("zqldoc: line %d: the fenced block never ends", i+1)
		}
		if info == "zql" {
			out = append(out, parseBlock(i+1, lines[i+1:end]))
		}
		i = end
	}
	return out, nil
}

func parseBlock(fence int, lines []string) Block {
	b := Block{Line: fence}
	var code []string
	start := 0
	flush := func(want []string) {
		text := strings.TrimSpace(strings.Join(code, "\n"))
		if text != "" || want != nil {
			b.Steps = append(b.Steps, Step{Line: start, Code: text, Want: want})
		}
		code = nil
	}
	for i := 0; i < len(lines); i++ {
		if w, ok := wantLine(lines[i]); ok {
			want := []string{w}
			for i+1 < len(lines) {
				w, ok := wantLine(lines[i+1])
				if !ok {
					break
				}
				want = append(want, w)
				i++
			}
			flush(want)
			continue
		}
		if len(code) == 0 {
			start = fence + 1 + i
		}
		code = append(code, lines[i])
	}
	flush(nil)
	return b
}

func wantLine(l string) (string, bool) {
	t := strings.TrimSpace(l)
	if !strings.HasPrefix(t, "// =>") {
		return "", false
	}
	return strings.TrimSpace(strings.TrimPrefix(t, "// =>")), true
}
