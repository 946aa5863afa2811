package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// TestKeyText: the values of constraint violations' details are shown as
// PostgreSQL shows them, a char(n) padded to n.
func TestKeyText(t *testing.T) {
	char3 := value.Type{Kind: value.KindString, MaxLen: 3, BPChar: true}
	tbl := &catalog.Table{
		Name:       "t",
		PrimaryKey: []string{"c", "n"},
		Fields:     []catalog.Field{{Name: "c", Type: char3}, {Name: "n", Type: value.TypeInt4}, {Name: "v", Type: value.Type{Kind: value.KindString, MaxLen: 3}}},
	}
	for _, c := range []struct {
		name string
		got  string
		want string
	}{
		{"char(n) padded", keyText(value.String("ab"), char3), "ab "},
		{"bpchar without length", keyText(value.String("ab"), value.Type{Kind: value.KindString, BPChar: true}), "ab"},
		{"varchar as is", keyText(value.String("ab"), columnType(tbl, "v")), "ab"},
		{"untyped", keyText(value.String("ab"), value.Any), "ab"},
		{"number", keyText(value.Int(7), value.TypeInt4), "7"},
		{"composite key", pkText(tbl, value.Tuple([]value.Value{value.String("a"), value.Int(1)})), "a  , 1"},
		{"foreign key columns", keyTexts([]value.Value{value.String("x"), value.Int(2)}, tbl, []string{"c", "n"}), "x  , 2"},
		{"missing column", keyTexts([]value.Value{value.String("x")}, tbl, []string{"nosuch"}), "x"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}
