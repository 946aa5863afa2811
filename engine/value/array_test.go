package value

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestArrayText(t *testing.T) {
	for _, c := range []struct {
		in   string
		elem Type
		out  string // "" = same as in
		err  string
	}{
		{in: "{1,2,3}", elem: TypeInt4},
		{in: "{}", elem: TypeInt4},
		{in: " { 1 , NULL ,3 } ", elem: TypeInt8, out: "{1,NULL,3}"},
		{in: `{a,"b c",NULL,"","NULL"}`, elem: TypeText},
		{in: `{"a\"b","c\\d",x y}`, elem: TypeText, out: `{"a\"b","c\\d","x y"}`},
		{in: `{"2024-01-02 03:04:05"}`, elem: TypeTimestamp},
		{in: "{1.50,2}", elem: TypeNumeric},
		{in: "{t,f}", elem: TypeBool},
		{in: "{1,x}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "1,2", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{1,2", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{1,2}x", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: "{{1},{2}}", elem: TypeInt4, err: errs.FeatureNotSupported},
		{in: "{1,}", elem: TypeInt4, err: errs.InvalidTextRepresentation},
		{in: `{"a"x}`, elem: TypeText, err: errs.InvalidTextRepresentation},
	} {
		typ := ArrayOf(c.elem)
		v, err := ParseText(c.in, typ)
		if c.err != "" {
			if errs.Code(err) != c.err {
				t.Errorf("%s %q: got %v, want %s", typ.SQLName(), c.in, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", typ.SQLName(), c.in, err)
			continue
		}
		out, err := AppendText(nil, v, typ)
		want := c.out
		if want == "" {
			want = c.in
		}
		if err != nil || string(out) != want {
			t.Errorf("%s %q: out %q (%v), want %q", typ.SQLName(), c.in, out, err, want)
		}
	}
}

func TestArrayTypes(t *testing.T) {
	for _, c := range []struct {
		t    Type
		oid  uint32
		name string
	}{
		{ArrayOf(TypeInt4), 1007, "integer[]"},
		{ArrayOf(TypeText), 1009, "text[]"},
		{ArrayOf(TypeInt8), 1016, "bigint[]"},
		{ArrayOf(TypeNumeric), 1231, "numeric[]"},
		{ArrayOf(TypeDate), 1182, "date[]"},
		{TypeDate, OIDDate, "date"},
		{ArrayOf(ArrayOf(TypeInt4)), OIDJSONB, "integer[][]"},
	} {
		if c.t.OID() != c.oid || c.t.SQLName() != c.name {
			t.Errorf("%v: OID %d name %q, want %d %q", c.t, c.t.OID(), c.t.SQLName(), c.oid, c.name)
		}
	}
}
