package session

import (
	"encoding/hex"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

var binPair = value.CompositeType("pair", []value.Field{{Name: "x", Type: value.TypeInt4}, {Name: "y", Type: value.ArrayOf(value.TypeText)}})

func TestBinaryComposite(t *testing.T) {
	v := value.Composite([]value.Value{value.IntW(7, value.I32), value.List([]value.Value{value.String("a b"), value.None})})
	text, err := value.AppendText(nil, v, binPair)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := compositeTextToBinary(nil, text, binPair)
	if err != nil {
		t.Fatal(err)
	}
	// record_send: 2 fields; int4 7; text[] {"a b",NULL}.
	want := "00000002" + "00000017" + "00000004" + "00000007" + "000003f1" + "0000001f" +
		"00000001" + "00000001" + "00000019" + "00000002" + "00000001" + "00000003" + "612062" + "ffffffff"
	if got := hex.EncodeToString(raw); got != want {
		t.Errorf("record_send = %s, want %s", got, want)
	}
	back, err := decodeBinaryParam(raw, binPair, 1)
	if err != nil || value.Compare(back, v) != 0 {
		t.Errorf("record_recv = %v, %v; want %v", back, err, v)
	}
	for _, bad := range []string{"", "00000003", "0000000200000017", "00000002000000170000000400000007000003f10000ffff"} {
		raw, _ := hex.DecodeString(bad)
		if _, err := decodeBinaryParam(raw, binPair, 1); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// FuzzCompositeBinary: record_recv refuses what it cannot read with an
// error, and what it reads is sent back by record_send as it came.
func FuzzCompositeBinary(f *testing.F) {
	for _, s := range []string{"00000002000000170000000400000007000003f1ffffffff", "00000000", "000000020000001700000004"} {
		raw, _ := hex.DecodeString(s)
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		v, err := decodeBinaryParam(raw, binPair, 1)
		if err != nil {
			return
		}
		sent, err := appendValueBinary(nil, v, binPair)
		if err != nil {
			t.Fatalf("%x decoded as %v, which cannot be sent: %v", raw, v, err)
		}
		w, err := decodeBinaryParam(sent, binPair, 1)
		if err != nil || value.Compare(w, v) != 0 {
			t.Fatalf("%x: %v sent as %x, received as %v, %v", raw, v, sent, w, err)
		}
	})
}
