package zqldoc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/value"
)

func TestBlocks(t *testing.T) {
	doc := "text\n```zql\nlet a = 1\na + 1\n// => 2\n\n[1, 2]\n// => 1\n// => 2\ntable::create(@t)\n```\n" +
		"```\nnot run\n```\n```zql\nnosuch\n// => error 42703\n```\n"
	bs, err := Blocks(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		{Line: 2, Steps: []Step{
			{Line: 3, Code: "let a = 1\na + 1", Want: []string{"2"}},
			{Line: 6, Code: "[1, 2]", Want: []string{"1", "2"}},
			{Line: 10, Code: "table::create(@t)"},
		}},
		{Line: 15, Steps: []Step{{Line: 16, Code: "nosuch", Want: []string{"error 42703"}}}},
	}
	if !reflect.DeepEqual(bs, want) {
		t.Fatalf("got %+v\nwant %+v", bs, want)
	}
	if _, err := Blocks("```zql\n1\n"); err == nil {
		t.Fatal("an unterminated block is not an error")
	}
}

func TestSplice(t *testing.T) {
	doc := "a\n" + BeginMarker + "\nold\n" + EndMarker + "\nb\n"
	got, err := Splice(doc, "new\n")
	if err != nil || got != "a\n"+BeginMarker+"\nnew\n"+EndMarker+"\nb\n" {
		t.Fatalf("%q, %v", got, err)
	}
	if _, err := Splice("no markers", "x"); err == nil {
		t.Fatal("no error without markers")
	}
}

func TestLibrary(t *testing.T) {
	reg := builtin.NewRegistry()
	reg.RegisterHost(&builtin.Func{Name: "hostonly", MinArgs: 1, MaxArgs: 1})
	lib := Library(reg)
	for _, want := range []string{"### Strings", "#### `uppercase` — 1 argument", "uppercase(\"abc\")\n// => \"ABC\"", "### Conversions"} {
		if !strings.Contains(lib, want) {
			t.Errorf("library lacks %q", want)
		}
	}
	for _, bad := range []string{"sql::", "hostonly"} {
		if strings.Contains(lib, bad) {
			t.Errorf("library documents %q", bad)
		}
	}
	// Every ZQL builtin is documented.
	for _, name := range reg.Names() {
		f, _ := reg.Lookup(name)
		if f.Host || f.Category == "sql" {
			continue
		}
		if !strings.Contains(lib, "#### `"+name+"`") {
			t.Errorf("%s is not in the library", name)
		}
	}
	if got := call("f", builtin.Example{Args: []value.Value{value.String("a"), value.Int(1)}}); got != `f("a", 1)` {
		t.Errorf("call = %s", got)
	}
}
