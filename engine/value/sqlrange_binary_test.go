package value

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

// int4 bounds in int4send's form, enough to test the frame around them.
func sendRangeInt4(b []byte, v Value) ([]byte, error) {
	return binary.BigEndian.AppendUint32(b, uint32(int32(v.AsInt()))), nil
}

func recvRangeInt4(b []byte) (Value, error) {
	if len(b) != 4 {
		return None, errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
	}
	return IntW(int64(int32(binary.BigEndian.Uint32(b))), I32), nil
}

func TestRangeBinary(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []byte // range_send's bytes, from PostgreSQL 15
	}{
		{"empty", []byte{1}},
		{"[1,5)", []byte{2, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 5}},
		{"(,5]", []byte{0x08, 0, 0, 0, 4, 0, 0, 0, 6}},
		{"(,)", []byte{0x18}},
		{"[3,)", []byte{0x12, 0, 0, 0, 4, 0, 0, 0, 3}},
	} {
		r, err := ParseRange(c.in, RangeInt4, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AppendRangeBinary(nil, r, sendRangeInt4)
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("%s: % x, %v; want % x", c.in, got, err, c.want)
		}
		back, err := ParseRangeBinary(got, RangeInt4, recvRangeInt4)
		if err != nil || CompareRanges(back, r) != 0 {
			t.Errorf("%s: back %v, %v", c.in, back, err)
		}
	}
	for _, bad := range [][]byte{nil, {0x20}, {1, 0}, {2, 0, 0, 0, 9, 1}, {0x18, 0}, {2, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 4, 0, 0, 0, 1}} {
		if _, err := ParseRangeBinary(bad, RangeInt4, recvRangeInt4); err == nil {
			t.Errorf("% x: accepted", bad)
		}
	}
}

// FuzzParseRangeBinary checks that binary input never panics and that what
// it accepts is sent back as the same range.
func FuzzParseRangeBinary(f *testing.F) {
	f.Add([]byte{2, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 5})
	f.Add([]byte{0x18})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRangeBinary(b, RangeInt4, recvRangeInt4)
		if err != nil {
			return
		}
		out, err := AppendRangeBinary(nil, r, sendRangeInt4)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := ParseRangeBinary(out, RangeInt4, recvRangeInt4)
		if err != nil || CompareRanges(r, r2) != 0 {
			t.Fatalf("% x -> % x: %v %v", b, out, r2, err)
		}
	})
}
