package catalog

import "testing"

func TestForeignName(t *testing.T) {
	for _, c := range []struct {
		from uint64
		t    *Table
		want string
		id   uint64
		ok   bool
	}{
		{from: 5, t: &Table{Database: 5, Name: "parent"}, want: "parent"},
		{from: 5, t: &Table{Database: 7, Name: "parent"}, want: "7\x00parent", id: 7, ok: true},
		{from: 7, t: &Table{Database: 5, Name: "a.b"}, want: "5\x00a.b", id: 5, ok: true},
	} {
		got := RelName(c.from, c.t)
		if got != c.want {
			t.Errorf("RelName(%d, %q) = %q, want %q", c.from, c.t.Name, got, c.want)
		}
		id, name, ok := SplitForeignName(got)
		if id != c.id || name != c.t.Name || ok != c.ok {
			t.Errorf("SplitForeignName(%q) = %d, %q, %v", got, id, name, ok)
		}
		if RefBaseName(got) != c.t.Name {
			t.Errorf("RefBaseName(%q) = %q", got, RefBaseName(got))
		}
	}
	if _, name, ok := SplitForeignName("x\x00y"); ok || name != "x\x00y" {
		t.Errorf("SplitForeignName of a non-id prefix = %q, %v", name, ok)
	}
}
