package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// TestRefuseGenerated: a write may leave a generated field out, give it
// none, or (rewriting a stored record) keep its stored value; any other
// value is 428C9. The SQL front end refuses such writes itself, so this
// rule is what ZQL's writes meet.
func TestRefuseGenerated(t *testing.T) {
	tbl := &catalog.Table{Name: "g", Schemafull: true, Fields: []catalog.Field{
		{Name: "a", Type: value.TypeInt4, Optional: true},
		{Name: "b", Type: value.TypeInt4, Optional: true, Generated: "(a * 2)"},
	}}
	obj := func(kv ...any) *value.Object {
		o := value.NewObject(len(kv) / 2)
		for i := 0; i < len(kv); i += 2 {
			o.Set(kv[i].(string), kv[i+1].(value.Value))
		}
		return o
	}
	stored := obj("a", value.Int(1), "b", value.Int(2))
	for _, c := range []struct {
		name    string
		written *value.Object
		old     *value.Object
		refused bool
	}{
		{"insert without it", obj("a", value.Int(1)), nil, false},
		{"insert of none", obj("a", value.Int(1), "b", value.None), nil, false},
		{"insert of a value", obj("a", value.Int(1), "b", value.Int(2)), nil, true},
		{"update keeping it", obj("a", value.Int(5), "b", value.Int(2)), stored, false},
		{"update leaving it out", obj("a", value.Int(5)), stored, false},
		{"update changing it", obj("a", value.Int(1), "b", value.Int(3)), stored, true},
	} {
		err := refuseGenerated(tbl, c.written, c.old)
		if got := err != nil; got != c.refused {
			t.Errorf("%s: refused %v (%v), want %v", c.name, got, err, c.refused)
			continue
		}
		if err != nil && errs.Code(err) != errs.GeneratedAlways {
			t.Errorf("%s: SQLSTATE %s, want %s", c.name, errs.Code(err), errs.GeneratedAlways)
		}
	}
}
