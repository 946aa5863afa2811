package session

import (
	"encoding/hex"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// The binary forms are PostgreSQL 15's tsvectorsend and tsquerysend of
// the same values.
func TestBinaryTextSearch(t *testing.T) {
	for _, tc := range []struct {
		t          value.Type
		text, want string
	}{
		{value.TypeTSVector, "'a':1A,3 'b' 'c d':2C", "0000000361000002c0010003620000006320640000014002"},
		{value.TypeTSQuery, "'a':*B & !( 'b' <3> 'c' ) | 'd'", "00000008020301000064000202020102040003010000630001000062000104016100"},
		{value.TypeTSVector, "", "00000000"},
		{value.TypeTSQuery, "", "00000000"},
	} {
		got, err := textToBinary(nil, []byte(tc.text), tc.t.OID())
		if err != nil || hex.EncodeToString(got) != tc.want {
			t.Errorf("send %q = %x, %v; want %s", tc.text, got, err, tc.want)
		}
		raw, _ := hex.DecodeString(tc.want)
		v, err := decodeBinaryParam(raw, tc.t, 1)
		if err != nil || v.AsString() != tc.text {
			t.Errorf("receive %s = %q, %v; want %q", tc.want, v.AsString(), err, tc.text)
		}
	}
	for _, tc := range []struct {
		t   value.Type
		raw string
	}{
		{value.TypeTSVector, "00000001"},               // a lexeme missing
		{value.TypeTSVector, "0000000161"},             // no terminator
		{value.TypeTSVector, "000000016100000100"},     // a position cut short
		{value.TypeTSVector, "0000000161000001000000"}, // position 0
		{value.TypeTSQuery, "00000001"},
		{value.TypeTSQuery, "000000010301"},         // unknown node
		{value.TypeTSQuery, "0000000102010000"},     // NOT without an operand
		{value.TypeTSQuery, "000000010110006100ff"}, // weights beyond D..A, trailing bytes
	} {
		raw, _ := hex.DecodeString(tc.raw)
		if _, err := decodeBinaryParam(raw, tc.t, 1); err == nil {
			t.Errorf("%s %s accepted", tc.t.SQLName(), tc.raw)
		}
	}
}

func FuzzTextSearchBinary(f *testing.F) {
	for _, s := range []string{"0000000361000002c0010003620000006320640000014002",
		"00000008020301000064000202020102040003010000630001000062000104016100", "00000000"} {
		raw, _ := hex.DecodeString(s)
		f.Add(raw, true)
		f.Add(raw, false)
	}
	f.Fuzz(func(t *testing.T, raw []byte, vector bool) {
		typ := value.TypeTSQuery
		if vector {
			typ = value.TypeTSVector
		}
		v, err := decodeBinaryParam(raw, typ, 1)
		if err != nil {
			return
		}
		sent, err := textToBinary(nil, []byte(v.AsString()), typ.OID())
		if err != nil {
			t.Fatalf("%x decoded as %q, which cannot be sent: %v", raw, v.AsString(), err)
		}
		w, err := decodeBinaryParam(sent, typ, 1)
		if err != nil || w.AsString() != v.AsString() {
			t.Fatalf("%x: %q sent as %x, received as %q, %v", raw, v.AsString(), sent, w.AsString(), err)
		}
	})
}
