package session

import (
	"encoding/binary"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/value"
)

func intervalBinary(us int64, days, months int32) []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(us))
	b = binary.BigEndian.AppendUint32(b, uint32(days))
	return binary.BigEndian.AppendUint32(b, uint32(months))
}

func TestBinaryInterval(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		raw  []byte
		want time.Duration
	}{
		{intervalBinary(0, 0, 0), 0},
		{intervalBinary(3_723_000_004, 0, 0), time.Hour + 2*time.Minute + 3*time.Second + 4*time.Microsecond},
		{intervalBinary(0, 1, 0), day},
		{intervalBinary(-1, -2, 0), -2*day - time.Microsecond},
		{intervalBinary(0, 0, 1), 30 * day},
	} {
		v, err := decodeBinaryParam(tc.raw, value.TypeInterval, 1)
		if err != nil {
			t.Fatalf("decode %x: %v", tc.raw, err)
		}
		if v.AsDuration() != tc.want {
			t.Errorf("decode %x = %v, want %v", tc.raw, v.AsDuration(), tc.want)
		}
	}
	for _, raw := range [][]byte{nil, make([]byte, 15), intervalBinary(1<<62, 1<<30, 1<<30)} {
		if _, err := decodeBinaryParam(raw, value.TypeInterval, 1); err == nil {
			t.Errorf("decode %x: no error", raw)
		}
	}
}

// Property: an interval sent in binary comes back from the text form the
// server renders as the same duration (to the microsecond).
func TestBinaryIntervalRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		us := rapid.Int64Range(-9e15, 9e15).Draw(t, "us")
		d := time.Duration(us) * time.Microsecond
		text, err := value.AppendText(nil, value.Duration(d), value.TypeInterval)
		if err != nil {
			t.Fatalf("AppendText: %v", err)
		}
		out, err := textToBinary(nil, text, value.OIDInterval)
		if err != nil {
			t.Fatalf("textToBinary: %v", err)
		}
		back, err := decodeBinaryParam(out, value.TypeInterval, 1)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if back.AsDuration() != d {
			t.Fatalf("%v -> %x -> %v", d, out, back.AsDuration())
		}
	})
}
