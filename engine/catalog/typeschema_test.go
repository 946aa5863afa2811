package catalog

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

func TestQualifiedType(t *testing.T) {
	public := &Database{ID: 1, Name: "main"}
	app := &Database{ID: 2, Name: "app", Parent: 1}
	for _, c := range []struct {
		db         *Database
		name, want string
	}{
		{public, "mood", "mood"},
		{app, "mood", "app.mood"},
	} {
		if got := QualifiedType(c.db, c.name); got != c.want {
			t.Errorf("QualifiedType(%s, %q) = %q, want %q", c.db.Name, c.name, got, c.want)
		}
	}
}

func TestRenameType(t *testing.T) {
	enum := func(name string) value.Type {
		return EnumType(&Enum{Name: name, Variants: []string{"a"}})
	}
	pair := func(name, field string) value.Type {
		return value.CompositeType(name, []value.Field{{Name: "m", Type: enum(field)}, {Name: "n", Type: value.TypeInt4}})
	}
	for _, c := range []struct {
		name    string
		in      value.Type
		want    value.Type
		changed bool
	}{
		{"enum of the schema", enum("old.mood"), enum("new.mood"), true},
		{"enum of another schema", enum("older.mood"), enum("older.mood"), false},
		{"public enum", enum("mood"), enum("mood"), false},
		{"array of it", value.ArrayOf(enum("old.mood")), value.ArrayOf(enum("new.mood")), true},
		{"composite of it", pair("old.pair", "old.mood"), pair("new.pair", "new.mood"), true},
		{"public composite with a field of it", pair("pair", "old.mood"), pair("pair", "new.mood"), true},
		{"array of a composite elsewhere", value.ArrayOf(pair("x.pair", "mood")), value.ArrayOf(pair("x.pair", "mood")), false},
		{"integer", value.TypeInt4, value.TypeInt4, false},
	} {
		got, changed := renameType(c.in, SchemaRenamer("old", "new"))
		if changed != c.changed || got.SQLName() != c.want.SQLName() || !sameNames(got, c.want) {
			t.Errorf("%s: got %s (changed %v), want %s (changed %v)", c.name, got.SQLName(), changed, c.want.SQLName(), c.changed)
		}
	}
	// The input is left as it was.
	in := pair("old.pair", "old.mood")
	renameType(in, SchemaRenamer("old", "new"))
	if in.Name != "old.pair" || in.Fields[0].Type.Name != "old.mood" {
		t.Errorf("renameType changed its argument: %s, %s", in.Name, in.Fields[0].Type.Name)
	}
}

// sameNames compares the type names of a and b at every depth.
func sameNames(a, b value.Type) bool {
	if a.Name != b.Name || len(a.Fields) != len(b.Fields) || (a.Elem == nil) != (b.Elem == nil) {
		return false
	}
	for i := range a.Fields {
		if !sameNames(a.Fields[i].Type, b.Fields[i].Type) {
			return false
		}
	}
	return a.Elem == nil || sameNames(*a.Elem, *b.Elem)
}

func TestRenameTypeRef(t *testing.T) {
	move := TypeMover("mood", "app.mood")
	for _, c := range []struct {
		in, want string
		changed  bool
	}{
		{"mood", "app.mood", true},
		{"mood[]", "app.mood[]", true},
		{"moods", "moods", false},
		{"integer[]", "integer[]", false},
		{"", "", false},
	} {
		if got, changed := renameTypeRef(c.in, move); got != c.want || changed != c.changed {
			t.Errorf("renameTypeRef(%q) = %q, %v; want %q, %v", c.in, got, changed, c.want, c.changed)
		}
	}
}
