package pgrange

import (
	"encoding/binary"
	"math"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The flags byte of range_send and range_recv (rangetypes.h).
const (
	flagEmpty = 0x01
	flagLoInc = 0x02
	flagHiInc = 0x04
	flagLoInf = 0x08
	flagHiInf = 0x10
)

// AppendBinary is range_send: the flags byte, then each finite bound as
// a 4-byte length and the subtype's binary form, which elem appends.
func AppendBinary(buf []byte, r Range, elem func([]byte, value.Value) ([]byte, error)) ([]byte, error) {
	if r.Empty {
		return append(buf, flagEmpty), nil
	}
	var f byte
	if r.Lo.Inf {
		f |= flagLoInf
	} else if r.Lo.Inc {
		f |= flagLoInc
	}
	if r.Hi.Inf {
		f |= flagHiInf
	} else if r.Hi.Inc {
		f |= flagHiInc
	}
	buf = append(buf, f)
	for _, b := range [2]Bound{r.Lo, r.Hi} {
		if b.Inf {
			continue
		}
		at := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		var err error
		if buf, err = elem(buf, b.Val); err != nil {
			return buf, err
		}
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf, nil
}

func badBinary() error {
	return errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
}

// ParseBinary is range_recv: elem reads one bound's binary form. The
// result is made by Make, so it is checked and canonical.
func ParseBinary(b []byte, k Kind, elem func([]byte) (value.Value, error)) (Range, error) {
	if len(b) == 0 {
		return Range{}, badBinary()
	}
	f := b[0]
	b = b[1:]
	if f&^(flagEmpty|flagLoInc|flagHiInc|flagLoInf|flagHiInf) != 0 {
		return Range{}, errs.New(errs.InvalidBinaryRepresentation, "invalid range flags")
	}
	if f&flagEmpty != 0 {
		if len(b) != 0 {
			return Range{}, badBinary()
		}
		return Empty(k), nil
	}
	read := func(inf bool, inc bool) (Bound, error) {
		if inf {
			return Bound{Inf: true}, nil
		}
		if len(b) < 4 {
			return Bound{}, badBinary()
		}
		n := binary.BigEndian.Uint32(b)
		if n > math.MaxInt32 || int(n) > len(b)-4 {
			return Bound{}, badBinary()
		}
		v, err := elem(b[4 : 4+n])
		b = b[4+n:]
		return Bound{Val: v, Inc: inc}, err
	}
	lo, err := read(f&flagLoInf != 0, f&flagLoInc != 0)
	if err != nil {
		return Range{}, err
	}
	hi, err := read(f&flagHiInf != 0, f&flagHiInc != 0)
	if err != nil {
		return Range{}, err
	}
	if len(b) != 0 {
		return Range{}, badBinary()
	}
	return Make(k, lo, hi)
}
