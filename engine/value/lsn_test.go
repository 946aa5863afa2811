package value

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestLSNText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    uint64
		out  string
		fail bool
	}{
		{in: "0/0", n: 0, out: "0/0"},
		{in: "16/B374D848", n: 0x16B374D848, out: "16/B374D848"},
		{in: "0/a", n: 10, out: "0/A"},
		{in: "FFFFFFFF/FFFFFFFF", n: 1<<64 - 1, out: "FFFFFFFF/FFFFFFFF"},
		{in: "00000001/00000000", n: 1 << 32, out: "1/0"},
		{in: "", fail: true},
		{in: "0/", fail: true},
		{in: "/0", fail: true},
		{in: " 0/1", fail: true},
		{in: "0/1 ", fail: true},
		{in: "123456789/1", fail: true},
		{in: "0/1G", fail: true},
		{in: "0/1/2", fail: true},
		{in: "-1/0", fail: true},
	} {
		n, err := ParseLSN(tc.in)
		if tc.fail {
			if errs.Code(err) != errs.InvalidTextRepresentation {
				t.Errorf("ParseLSN(%q) = %d, %v; want 22P02", tc.in, n, err)
			}
			continue
		}
		if err != nil || n != tc.n {
			t.Errorf("ParseLSN(%q) = %x, %v; want %x", tc.in, n, err, tc.n)
		}
		if got, err := AppendText(nil, LSN(n), TypePgLSN); err != nil || string(got) != tc.out {
			t.Errorf("text of %x = %q, %v; want %q", n, got, err, tc.out)
		}
		if v, err := Convert(String(tc.in), TypePgLSN); err != nil || Compare(v, LSN(tc.n)) != 0 {
			t.Errorf("Convert(%q) = %v, %v", tc.in, v, err)
		}
	}
	if Compare(LSN(1<<63), LSN(1)) <= 0 || Compare(LSN(1<<64-1), LSN(1<<63)) <= 0 {
		t.Error("pg_lsn values above 2^63 must sort after smaller ones")
	}
	if TypePgLSN.OID() != OIDPgLSN || ArrayOf(TypePgLSN).OID() != OIDPgLSNArray || !TypeOfOID(OIDPgLSN).LSN || TypePgLSN.SQLName() != "pg_lsn" {
		t.Error("pg_lsn's OIDs and name")
	}
}

// FuzzParseLSN: pg_lsn input never panics, and what it reads prints back
// as the same position.
func FuzzParseLSN(f *testing.F) {
	for _, s := range []string{"0/0", "16/B374D848", "FFFFFFFF/FFFFFFFF", "1/", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseLSN(s)
		if err != nil {
			if errs.Code(err) == "" {
				t.Fatalf("error without SQLSTATE: %v", err)
			}
			return
		}
		back, err := ParseLSN(string(AppendLSN(nil, n)))
		if err != nil || back != n {
			t.Fatalf("%q read as %x, printed and read back as %x (%v)", s, n, back, err)
		}
	})
}
