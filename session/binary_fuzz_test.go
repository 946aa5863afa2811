package session

import (
	"encoding/hex"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// binaryParamTypes are the types a client may Bind a binary-format
// parameter of: every type decodeBinaryParam reads, arrays of them, and
// ranges and multiranges (whose bounds decode recursively).
var binaryParamTypes = func() []value.Type {
	ts := []value.Type{
		value.TypeBool, value.TypeInt2, value.TypeInt4, value.TypeInt8, value.TypeOid,
		value.TypeFloat4, value.TypeFloat8, value.TypeNumeric, value.Type{Kind: value.KindDecimal, Precision: 5, Scale: 2},
		value.TypeText, value.TypeOfOID(value.OIDVarchar), value.TypeOfOID(value.OIDBPChar), value.TypeChar,
		value.TypeCIText, value.TypeJSON, value.TypeJSONB, value.TypeTSVector, value.TypeTSQuery,
		value.TypeBytea, value.TypeUUID, value.TypeDate, value.TypeTimestamp, value.TypeTimestampTZ,
		value.TypeTime, value.TypeTimeTZ, value.TypeInterval, value.TypePgLSN, value.TypeMoney,
		value.TypeInet, value.TypeCIDR, value.TypeMacaddr, value.TypeMacaddr8, value.TypeBit, value.TypeVarbit,
		{Kind: value.KindString, MaxLen: 3, Varchar: true}, {Kind: value.KindString, MaxLen: 3, BPChar: true},
		{Kind: value.KindBits, MaxLen: 3},
	}
	for _, t := range ts {
		ts = append(ts, value.ArrayOf(t))
	}
	ts = append(ts, value.TypeInt2Vector, value.TypeOidVector, value.UserRangeType("floatrange", value.TypeFloat8),
		value.Type{Kind: value.KindVector}, binPair)
	for k := value.RangeInt4; k <= value.RangeTSTZ; k++ {
		ts = append(ts, k.Type(), k.MultirangeType())
	}
	return ts
}()

// FuzzBinaryParam: a Bind message's binary parameter of any type is read
// or refused with an error, never a panic, and what is read is sent
// back by appendValueBinary as a value that reads the same again.
func FuzzBinaryParam(f *testing.F) {
	for _, s := range []string{
		"", "01", "0001", "00000007", "0000000000000007", "3ff0000000000000",
		"00010000000000000001", "0001ffff00000004000c", "01", "017b7d",
		"00000001000000000000001700000002000000010000000400000007",
		"0000000100000000000003f100000001000000010000000161",
		"02000000040000000700000004000000ff", "0000000202000000050400000001",
	} {
		raw, _ := hex.DecodeString(s)
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, typ := range binaryParamTypes {
			v, err := decodeBinaryParam(raw, typ, 1)
			if err != nil {
				continue
			}
			sent, err := appendValueBinary(nil, v, typ)
			if err != nil {
				t.Fatalf("%s %x decoded as %v, which cannot be sent: %v", typ, raw, v, err)
			}
			w, err := decodeBinaryParam(sent, typ, 1)
			if err != nil || value.Compare(w, v) != 0 {
				t.Fatalf("%s %x: %v sent as %x, received as %v, %v", typ, raw, v, sent, w, err)
			}
		}
	})
}
