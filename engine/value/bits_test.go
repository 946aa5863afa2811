package value

import (
	"bytes"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func mustBits(t testing.TB, s string) Value {
	t.Helper()
	v, err := ParseBits(s, TypeBit)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestParseBits(t *testing.T) {
	bit3, varbit3 := Type{Kind: KindBits, MaxLen: 3}, Type{Kind: KindBits, VarBit: true, MaxLen: 3}
	for _, c := range []struct {
		in   string
		t    Type
		want string // the output, or the SQLSTATE
	}{
		{"1010", TypeBit, "1010"},
		{"b1010", TypeBit, "1010"},
		{"B0", TypeBit, "0"},
		{"", TypeBit, ""},
		{"x1F", TypeBit, "00011111"},
		{"Xa", TypeVarbit, "1010"},
		{"x", TypeBit, ""},
		{"101", bit3, "101"},
		{"10", bit3, errs.StringDataLengthMismatch},
		{"10", varbit3, "10"},
		{"1010", varbit3, errs.StringDataRightTruncation},
		{"102", TypeBit, errs.InvalidTextRepresentation},
		{" 1", TypeBit, errs.InvalidTextRepresentation},
		{"xg", TypeBit, errs.InvalidTextRepresentation},
		{"1é", TypeBit, errs.InvalidTextRepresentation},
	} {
		v, err := ParseBits(c.in, c.t)
		got := string(AppendBits(nil, v))
		if err != nil {
			got = errs.Code(err)
		}
		if got != c.want {
			t.Errorf("ParseBits(%q, %s) = %q, want %q", c.in, c.t.SQLName(), got, c.want)
		}
	}
}

func TestConvertBits(t *testing.T) {
	for _, c := range []struct {
		in       string
		t        Type
		explicit bool
		want     string
	}{
		{"10", Type{Kind: KindBits, MaxLen: 3}, true, "100"},
		{"1011", Type{Kind: KindBits, MaxLen: 2}, true, "10"},
		{"1011", Type{Kind: KindBits, VarBit: true, MaxLen: 2}, true, "10"},
		{"1", Type{Kind: KindBits, VarBit: true, MaxLen: 9}, true, "1"},
		{"11111111", Type{Kind: KindBits, MaxLen: 12}, true, "111111110000"},
		{"10", Type{Kind: KindBits, MaxLen: 3}, false, errs.StringDataLengthMismatch},
		{"1011", Type{Kind: KindBits, VarBit: true, MaxLen: 2}, false, errs.StringDataRightTruncation},
	} {
		v, err := convert(mustBits(t, c.in), c.t, c.explicit, nil)
		got := string(AppendBits(nil, v))
		if err != nil {
			got = errs.Code(err)
		}
		if got != c.want {
			t.Errorf("%s as %s (explicit %v) = %q, want %q", c.in, c.t.SQLName(), c.explicit, got, c.want)
		}
	}
}

// TestBitsInt checks bitfromint4/8 and bittoint4/8 against PostgreSQL
// 15's answers.
func TestBitsInt(t *testing.T) {
	for _, c := range []struct {
		i    int64
		n    int
		want string
	}{
		{5, 3, "101"}, {300, 4, "1100"}, {5, 0, "1"}, {-1, 8, "11111111"},
		{-5, 40, "1111111111111111111111111111111111111011"}, {1, 33, "000000000000000000000000000000001"},
		{-2, 66, "111111111111111111111111111111111111111111111111111111111111111110"},
	} {
		if got := string(AppendBits(nil, BitsOfInt(c.i, c.n))); got != c.want {
			t.Errorf("%d::bit(%d) = %s, want %s", c.i, c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		w    IntWidth
		want int64
		err  bool
	}{
		{"101", I32, 5, false}, {"11111111111111111111111111111111", I32, -1, false},
		{"xFFFFFFFF", I64, 4294967295, false}, {"", I32, 0, false},
		{"x100000000", I32, 0, true}, {"x10000000000000000", I64, 0, true},
	} {
		v, err := BitsToInt(mustBits(t, c.in), c.w)
		if (err != nil) != c.err || err == nil && v.AsInt() != c.want {
			t.Errorf("%s as int%d = %v, %v", c.in, c.w, v, err)
		}
	}
}

// TestBitsOrder checks bitcmp's order (the common bytes, then the
// shorter first) in Compare and in keys.
func TestBitsOrder(t *testing.T) {
	sorted := []string{"", "0", "00", "01", "1", "10", "10000000", "100000000", "1000000001", "11"}
	for i := range sorted {
		for j := range sorted {
			a, b := mustBits(t, sorted[i]), mustBits(t, sorted[j])
			want := cmpInt64(int64(i), int64(j))
			if got := Compare(a, b); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", sorted[i], sorted[j], got, want)
			}
			ka, _ := AppendKey(nil, a)
			kb, _ := AppendKey(nil, b)
			if got := bytes.Compare(ka, kb); got != want {
				t.Errorf("key order of %s, %s = %d, want %d", sorted[i], sorted[j], got, want)
			}
		}
	}
}

func TestBitsOps(t *testing.T) {
	a, b := mustBits(t, "1010"), mustBits(t, "0110")
	for _, c := range []struct {
		got  Value
		want string
	}{
		{NotBits(a), "0101"},
		{ShiftBits(mustBits(t, "10110"), 2), "11000"},
		{ShiftBits(mustBits(t, "10110"), -2), "00101"},
		{ShiftBits(a, 40), "0000"},
		{ConcatBits(mustBits(t, "101"), mustBits(t, "11111111")), "10111111111"},
		{SubBits(mustBits(t, "x0F0"), 3, 10), "0111100"},
		{SetBit(a, 1, 1), "1110"},
		{SetBit(a, 0, 0), "0010"},
	} {
		if got := string(AppendBits(nil, c.got)); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
	for op, want := range map[byte]string{'&': "0010", '|': "1110", '#': "1100"} {
		v, err := BitwiseBits(op, a, b)
		if err != nil || string(AppendBits(nil, v)) != want {
			t.Errorf("%c: %v, %v", op, v, err)
		}
	}
	if _, err := BitwiseBits('&', a, mustBits(t, "1")); errs.Code(err) != errs.StringDataLengthMismatch {
		t.Errorf("& of different sizes: %v", err)
	}
}

func TestBitsBinary(t *testing.T) {
	v := mustBits(t, "1010010101")
	raw := AppendBitsBinary(nil, v)
	if !bytes.Equal(raw, []byte{0, 0, 0, 10, 0xa5, 0x40}) {
		t.Fatalf("bit_send: %x", raw)
	}
	if back, err := ParseBitsBinary(raw, TypeVarbit); err != nil || !Equal(back, v) {
		t.Errorf("bit_recv: %v, %v", back, err)
	}
	// Set pad bits are cleared, as bit_recv does.
	if back, err := ParseBitsBinary([]byte{0, 0, 0, 1, 0xff}, TypeBit); err != nil || string(AppendBits(nil, back)) != "1" {
		t.Errorf("pad bits: %v, %v", back, err)
	}
	for _, c := range []struct {
		raw  []byte
		t    Type
		code string
	}{
		{[]byte{0, 0, 0}, TypeBit, errs.ProtocolViolation},
		{[]byte{0, 0, 0, 9, 1}, TypeBit, errs.ProtocolViolation},
		{[]byte{0, 0, 0, 1, 1, 2}, TypeBit, errs.InvalidBinaryRepresentation},
		{[]byte{0xff, 0, 0, 1}, TypeBit, errs.InvalidBinaryRepresentation},
		{raw, Type{Kind: KindBits, MaxLen: 3}, errs.StringDataLengthMismatch},
	} {
		if _, err := ParseBitsBinary(c.raw, c.t); errs.Code(err) != c.code {
			t.Errorf("%x: %v, want %s", c.raw, err, c.code)
		}
	}
}

func TestBitsCodecAndKey(t *testing.T) {
	for _, s := range []string{"", "1", "0000000", "x00", "101010101"} {
		v := mustBits(t, s)
		enc := Encode(nil, v)
		back, err := Decode(enc)
		if err != nil || !Equal(back, v) || back.BitLen() != v.BitLen() {
			t.Errorf("codec %q: %v, %v", s, back, err)
		}
		k, _ := AppendKey(nil, v)
		kv, rest, err := DecodeKey(k)
		if err != nil || len(rest) != 0 || !Equal(kv, v) {
			t.Errorf("key %q: %v, %v", s, kv, err)
		}
	}
}

func FuzzParseBits(f *testing.F) {
	for _, s := range []string{"1010", "b", "x1F", "X", "", "102", "xg", "B0110", "é"} {
		f.Add(s, 0, false)
		f.Add(s, 3, true)
	}
	f.Fuzz(func(t *testing.T, s string, n int, varying bool) {
		n = max(n%64, -n%64)
		typ := Type{Kind: KindBits, VarBit: varying, MaxLen: n}
		v, err := ParseBits(s, typ)
		if err != nil {
			if errs.Code(err) == "" {
				t.Fatalf("%q: error without a SQLSTATE: %v", s, err)
			}
			return
		}
		if !validBits(v.s, v.n) {
			t.Fatalf("%q: invalid value %x/%d", s, v.s, v.n)
		}
		// Its output reads back as itself.
		back, err := ParseBits(string(AppendBits(nil, v)), typ)
		if err != nil || !Equal(back, v) {
			t.Fatalf("%q -> %v, %v", s, back, err)
		}
		if c, err := convert(v, Type{Kind: KindBits, MaxLen: n + 1}, true, nil); err != nil || c.BitLen() != n+1 || !validBits(c.s, c.n) {
			t.Fatalf("%q as bit(%d): %v, %v", s, n+1, c, err)
		}
	})
}

func FuzzParseBitsBinary(f *testing.F) {
	f.Add([]byte{0, 0, 0, 10, 0xa5, 0x40}, 0)
	f.Add([]byte{0, 0, 0, 0}, 3)
	f.Add([]byte{0x80, 0, 0, 0, 1}, 1)
	f.Fuzz(func(t *testing.T, raw []byte, n int) {
		v, err := ParseBitsBinary(raw, Type{Kind: KindBits, MaxLen: n % 64})
		if err != nil {
			if errs.Code(err) == "" {
				t.Fatalf("%x: error without a SQLSTATE: %v", raw, err)
			}
			return
		}
		if !validBits(v.s, v.n) {
			t.Fatalf("%x: invalid value %x/%d", raw, v.s, v.n)
		}
		back, err := ParseBitsBinary(AppendBitsBinary(nil, v), TypeBit)
		if err != nil || !Equal(back, v) {
			t.Fatalf("%x: does not read back: %v, %v", raw, back, err)
		}
		if _, err := ParseBits(string(AppendBits(nil, v)), TypeBit); err != nil {
			t.Fatalf("%x: text does not read back: %v", raw, err)
		}
	})
}
