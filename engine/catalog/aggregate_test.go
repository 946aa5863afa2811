package catalog

import (
	"reflect"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// TestAggregateRoundTrip: an aggregate's declaration survives its
// function's descriptor.
func TestAggregateRoundTrip(t *testing.T) {
	i4 := value.TypeInt4
	arr := value.ArrayOf(value.TypeInt4)
	for _, f := range []*Function{
		{Name: "mysum", Language: LangInternal, Params: []FuncParam{{Mode: ModeIn, Type: &i4, TypeName: "integer"}}, Result: &i4,
			Routine:   &Routine{Returns: "integer", Volatility: 'i', Parallel: 's', Cost: 1},
			Aggregate: &Aggregate{TransFn: "int4pl", TransType: FuncParam{Type: &i4, TypeName: "integer"}, FinalModify: 'r'}},
		{Name: "myavg", Language: LangInternal, Params: []FuncParam{{Mode: ModeIn, Type: &i4, TypeName: "integer"}}, Result: &i4,
			Routine: &Routine{Returns: "integer", Volatility: 'i', Parallel: 'u', Cost: 1}, Comment: "avg", Privileges: Privileges{Owner: "ann", ACL: []ACLItem{{Grantor: "ann", Privs: PrivExecute}}},
			Aggregate: &Aggregate{TransFn: "s.step", FinalFn: "fin", TransType: FuncParam{Type: &arr, TypeName: "integer[]"},
				InitCond: "{0,0}", HasInit: true, FinalExtra: true, FinalModify: 'w'}},
		{Name: "cnt", Language: LangInternal, Routine: &Routine{Returns: "bigint"},
			Aggregate: &Aggregate{TransFn: "int8inc", TransType: FuncParam{TypeName: "bigint"}, InitCond: "", HasInit: true}},
	} {
		b, err := encodeFunction(f)
		if err != nil {
			t.Fatal(err)
		}
		g, err := decodeFunction(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(f, g) {
			t.Errorf("round trip of %s:\n got %+v\nwant %+v", f.Name, g.Aggregate, f.Aggregate)
		}
		if !g.IsAggregate() {
			t.Errorf("%s is no aggregate after the round trip", f.Name)
		}
	}
}

// FuzzDecodeFunction: the function descriptor decoder (aggregates'
// declarations included) never panics, and whatever it accepts
// re-encodes to the same function.
func FuzzDecodeFunction(f *testing.F) {
	i4 := value.TypeInt4
	for _, fn := range []*Function{
		{Name: "add1", Language: LangSQL, Source: "select $1 + 1", Params: []FuncParam{{Mode: ModeIn, Type: &i4, TypeName: "integer"}},
			Result: &i4, Routine: &Routine{Returns: "integer"}},
		{Name: "mysum", Language: LangInternal, Params: []FuncParam{{Mode: ModeIn, Type: &i4, TypeName: "integer"}}, Result: &i4,
			Routine:   &Routine{Returns: "integer"},
			Aggregate: &Aggregate{TransFn: "int4pl", FinalFn: "f", TransType: FuncParam{Type: &i4, TypeName: "integer"}, InitCond: "0", HasInit: true}},
	} {
		b, err := encodeFunction(fn)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(append([]byte{descVersion, descFunction}, `{"aggregate":{"transtype":{"type":{}}}}`...))
	f.Add(append([]byte{descVersion, descFunction}, `{"aggregate":null}`...))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRoundTrip(t, b, decodeFunction, encodeFunction, func(a, b *Function) bool { return reflect.DeepEqual(a, b) })
	})
}
