package value

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestIntVectorText(t *testing.T) {
	for _, c := range []struct {
		in   string
		t    Type
		want string
		err  bool
	}{
		{"1 2", TypeInt2Vector, "1 2", false},
		{"  3\t 4 ", TypeInt2Vector, "3 4", false},
		{"", TypeInt2Vector, "", false},
		{"-5", TypeInt2Vector, "-5", false},
		{"1 x", TypeInt2Vector, "", true},
		{"40000", TypeInt2Vector, "", true},
		{"4294967295 0", TypeOidVector, "4294967295 0", false},
		{"4294967296", TypeOidVector, "", true},
		{"-1", TypeOidVector, "", true},
	} {
		v, err := ParseText(c.in, c.t)
		if c.err {
			if err == nil {
				t.Errorf("%q as %s: no error", c.in, c.t.SQLName())
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q as %s: %v", c.in, c.t.SQLName(), err)
		}
		got, err := AppendText(nil, v, c.t)
		if err != nil || string(got) != c.want {
			t.Errorf("%q as %s: %q, %v; want %q", c.in, c.t.SQLName(), got, err, c.want)
		}
		if n := len(v.AsList()); n > 0 {
			// Subscripted from 0, as PostgreSQL's vectors are.
			if _, lbs := ArrayDims(v); lbs[0] != 0 {
				t.Errorf("%q: lower bound %d", c.in, lbs[0])
			}
		}
	}
	if Int2Vector([]int16{2, 1}).AsList()[0].AsInt() != 2 || len(OidVector(nil).AsList()) != 0 {
		t.Error("constructors")
	}
	if TypeInt2Vector.OID() != OIDInt2Vector || TypeOidVector.OID() != OIDOidVector ||
		TypeInt2Vector.SQLName() != "int2vector" || TypeOidVector.SQLName() != "oidvector" {
		t.Error("type identity")
	}
}

func TestIntVectorBinary(t *testing.T) {
	b, err := AppendIntVectorBinary(nil, "7 9", OIDInt2Vector)
	if err != nil {
		t.Fatal(err)
	}
	// array_send: 1 dimension, no NULLs, int2 elements, length 2 from 0.
	want := binary.BigEndian.AppendUint32(nil, 1)
	for _, x := range []uint32{0, OIDInt2, 2, 0} {
		want = binary.BigEndian.AppendUint32(want, x)
	}
	want = append(want, 0, 0, 0, 2, 0, 7, 0, 0, 0, 2, 0, 9)
	if !bytes.Equal(b, want) {
		t.Errorf("int2vector binary %v, want %v", b, want)
	}
	b, err = AppendIntVectorBinary(nil, "26", OIDOidVector)
	if err != nil || len(b) != 20+4+4 || binary.BigEndian.Uint32(b[8:]) != OIDOid || binary.BigEndian.Uint32(b[24:]) != 26 {
		t.Errorf("oidvector binary %v, %v", b, err)
	}
	if _, err := AppendIntVectorBinary(nil, "x", OIDOidVector); err == nil {
		t.Error("bad text: no error")
	}
}

func FuzzParseIntVector(f *testing.F) {
	for _, s := range []string{"1 2", "", " 3  4 ", "-1", "99999", "1\t2\n3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, typ := range []Type{TypeInt2Vector, TypeOidVector} {
			v, err := ParseText(s, typ)
			if err != nil {
				continue
			}
			out, err := AppendText(nil, v, typ)
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			again, err := ParseText(string(out), typ)
			if err != nil || Compare(again, v) != 0 {
				t.Fatalf("%q: round trip %q: %v", s, out, err)
			}
		}
	})
}
