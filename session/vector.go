package session

import (
	"encoding/binary"
	"math"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// settingFunc is s.setting as the executor's Env.Setting, made once: a
// method value costs an allocation each time it is made, and every
// statement's Env has one.
func (s *Session) settingFunc() func(name string) (string, bool) {
	if s.settingFn == nil {
		s.settingFn = s.setting
	}
	return s.settingFn
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
