package plan

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

func TestExplainZQLObjects(t *testing.T) {
	intT := value.TypeInt8
	color := catalog.EnumType(&catalog.Enum{Name: "color", Variants: []string{"red", "green"}})
	fact := &Function{Name: "fact", Params: []string{"n"}, ParamTypes: []*value.Type{&intT}, Defaults: []Expr{nil}, Result: &intT, NumSlots: 1}
	// A recursive body: printing must not follow the FuncRef into it.
	fact.Body = &If{Cond: &Binary{Op: OpLe, L: &Local{Slot: 0, Name: "n"}, R: &Const{V: value.Int(1)}},
		Then: &Const{V: value.Int(1)},
		Else: &Binary{Op: OpMul, L: &Local{Slot: 0, Name: "n"}, R: &Apply{Fn: &FuncRef{Fn: fact}, Args: []Expr{
			&Binary{Op: OpSub, L: &Local{Slot: 0, Name: "n"}, R: &Const{V: value.Int(1)}}}}}}
	if fact.Required() != 1 {
		t.Fatalf("Required = %d", fact.Required())
	}
	var b strings.Builder
	b.WriteString(Explain(&Eval{X: &Apply{Fn: &FuncRef{Fn: fact}, Args: []Expr{&Const{V: value.Int(5)}}}}))
	b.WriteString(ExplainExpr(fact.Body) + "\n")
	b.WriteString(Explain(&CreateFunction{Function: &catalog.Function{Name: "top",
		Params: []catalog.FuncParam{{Name: "xs", Type: &value.Type{Kind: value.KindList, Elem: &intT}}, {Name: "n", Type: &intT, Default: "3"}, {Name: "c", Type: &color}},
		Result: &intT}}))
	b.WriteString(Explain(&CreateEnum{Enum: &catalog.Enum{Name: "color", Variants: []string{"red", "green"}}}))
	b.WriteString(Explain(&CreateType{Type: &catalog.TypeDef{Name: "point", Type: value.Type{Kind: value.KindObject, Name: "point",
		Fields: []value.Field{{Name: "x", Type: value.TypeFloat8}}}}}))
	b.WriteString(ExplainExpr(&Match{X: &Const{V: value.Int(1)}, Arms: []MatchArm{
		{Pattern: PatList{Elems: []Pattern{PatBind{Slot: 0}}, HasRest: true, RestSlot: -1, After: []Pattern{PatBind{Slot: 1}}}, Body: &Const{V: value.Int(1)}},
		{Pattern: PatObject{Names: []string{"a"}, Pats: []Pattern{PatWildcard{}}, Exact: true}, Body: &Const{V: value.Int(2)}},
	}}) + "\n")
	for _, n := range []Node{&CreateFunction{}, &CreateEnum{}, &CreateType{}} {
		if len(n.Columns()) != 0 {
			t.Fatalf("%T has columns", n)
		}
	}
	checkGolden(t, "explain_zql_objects", b.String())
}
