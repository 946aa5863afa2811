package session

import (
	"encoding/binary"
	"math"
	"strconv"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// checkEfSearch validates SET hnsw.ef_search as pgvector does (1 .. 1000).
func checkEfSearch(val string) error {
	n, err := strconv.Atoi(val)
	if err != nil {
		return errs.New(errs.InvalidParameterValue, "invalid value for parameter \"hnsw.ef_search\": \"%s\"", val)
	}
	if n < 1 || n > 1000 {
		return errs.New(errs.InvalidParameterValue, "%d is outside the valid range for parameter \"hnsw.ef_search\" (1 .. 1000)", n)
	}
	return nil
}

// setting reads a setting's current value for the executor (exec.Env).
func (s *Session) setting(name string) (string, bool) {
	g, ok := s.settings.lookup(name)
	if !ok {
		return "", false
	}
	return g.value, true
}

// decodeVectorBinary reads pgvector's binary form (vector_recv): int16
// dimensions, int16 unused (0), then each element as a big-endian float4.
func decodeVectorBinary(raw []byte, t value.Type, param int) (value.Value, error) {
	if len(raw) < 4 {
		return value.None, badBinary(param)
	}
	dims := int(binary.BigEndian.Uint16(raw))
	if binary.BigEndian.Uint16(raw[2:]) != 0 {
		return value.None, errs.New(errs.DataException, "expected unused to be 0, not %d", binary.BigEndian.Uint16(raw[2:]))
	}
	if len(raw) != 4+4*dims {
		return value.None, badBinary(param)
	}
	if dims < 1 {
		return value.None, errs.New(errs.DataException, "vector must have at least 1 dimension")
	}
	xs := make([]float32, dims)
	for i := range xs {
		xs[i] = math.Float32frombits(binary.BigEndian.Uint32(raw[4+4*i:]))
		if math.IsNaN(float64(xs[i])) {
			return value.None, errs.New(errs.DataException, "NaN not allowed in vector")
		}
		if math.IsInf(float64(xs[i]), 0) {
			return value.None, errs.New(errs.DataException, "infinite value not allowed in vector")
		}
	}
	return value.Convert(value.Vector(xs), t)
}

// appendVectorBinary writes a vector given in its text form in pgvector's
// binary form (vector_send).
func appendVectorBinary(buf []byte, text string) ([]byte, error) {
	v, err := value.ParseText(text, value.Type{Kind: value.KindVector})
	if err != nil {
		return buf, err
	}
	xs := v.AsVector()
	buf = binary.BigEndian.AppendUint16(buf, uint16(len(xs)))
	buf = binary.BigEndian.AppendUint16(buf, 0)
	for _, x := range xs {
		buf = binary.BigEndian.AppendUint32(buf, math.Float32bits(x))
	}
	return buf, nil
}
