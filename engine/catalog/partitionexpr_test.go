package catalog

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

func TestPartitionKeyExprs(t *testing.T) {
	tbl := &Table{Name: "p", Fields: []Field{{Name: "a", Type: value.TypeInt4}, {Name: "name", Type: value.TypeText}}}
	key := &PartitionKey{Strategy: PartitionRange, Columns: []string{"", "a", ""},
		Exprs:     []string{"lower(name)", "", "(a + 1)"},
		ExprTypes: []uint32{value.OIDText, 0, value.OIDInt4}, ExprColumns: []string{"name", "a"}}
	for _, c := range []struct {
		i    int
		name string
		typ  value.Type
	}{
		{0, "lower(name)", value.TypeText},
		{1, "a", value.TypeInt4},
		{2, "((a + 1))", value.TypeInt4},
	} {
		if got := key.PartName(c.i); got != c.name {
			t.Errorf("PartName(%d) = %q, want %q", c.i, got, c.name)
		}
		if got, ok := key.PartType(tbl, c.i); !ok || got.OID() != c.typ.OID() {
			t.Errorf("PartType(%d) = %v, %v, want %v", c.i, got, ok, c.typ)
		}
	}
	if !key.HasExprs() || !key.Uses("name") || key.Uses("b") {
		t.Errorf("HasExprs %v, Uses(name) %v, Uses(b) %v", key.HasExprs(), key.Uses("name"), key.Uses("b"))
	}
	plain := &PartitionKey{Strategy: PartitionList, Columns: []string{"a"}}
	if plain.HasExprs() || plain.Expr(0) != "" {
		t.Errorf("a key of columns has expressions")
	}
	ps, err := PartitionsOf(&Table{Name: "p", Fields: tbl.Fields, Partitioned: key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cols, typs := ps.Columns(); len(cols) != 3 || cols[0] != "" || typs[2].OID() != value.OIDInt4 {
		t.Errorf("Columns() = %v, %v", cols, typs)
	}
	// A key whose expression lost its type is an error, not a panic.
	broken := &PartitionKey{Strategy: PartitionRange, Columns: []string{""}, Exprs: []string{"lower(name)"}}
	if _, err := PartitionsOf(&Table{Name: "p", Fields: tbl.Fields, Partitioned: broken}, nil); err == nil {
		t.Errorf("PartitionsOf of a key without expression types: no error")
	}
}
