package value

import (
	"math"
	"strconv"

	"github.com/zerodb/zerodb/errs"
)

// MaxVectorDims is pgvector's limit on a vector's dimensions.
const MaxVectorDims = 16000

// appendVectorText writes pgvector's text form: [1,2.5,3], each element
// as float4out writes it.
func appendVectorText(b []byte, xs []float32) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFloatPG(b, float64(x), 32)
	}
	return append(b, ']')
}

// parseVectorText reads pgvector's text form with pgvector's errors;
// dims > 0 is the column's vector(N).
func parseVectorText(s string, dims int) (Value, error) {
	bad := func() (Value, error) {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type vector: \"%s\"", s)
	}
	i := 0
	skip := func() {
		for i < len(s) && pgSpace(s[i]) {
			i++
		}
	}
	skip()
	if i >= len(s) || s[i] != '[' {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type vector: \"%s\"", s).
			WithDetail("Vector contents must start with \"[\".")
	}
	i++
	skip()
	if i < len(s) && s[i] == ']' {
		return None, errs.New(errs.DataException, "vector must have at least 1 dimension")
	}
	var xs []float32
	for {
		skip()
		start := i
		for i < len(s) && s[i] != ',' && s[i] != ']' && !pgSpace(s[i]) {
			i++
		}
		num := s[start:i]
		if num == "" {
			return bad()
		}
		f, err := strconv.ParseFloat(num, 32)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return None, errs.New(errs.NumericValueOutOfRange, "\"%s\" is out of range for type vector", num)
			}
			return bad()
		}
		switch {
		case math.IsNaN(f):
			return None, errs.New(errs.DataException, "NaN not allowed in vector")
		case math.IsInf(f, 0):
			return None, errs.New(errs.DataException, "infinite value not allowed in vector")
		}
		if len(xs) == MaxVectorDims {
			return None, errs.New(errs.ProgramLimitExceeded, "vector cannot have more than %d dimensions", MaxVectorDims)
		}
		xs = append(xs, float32(f))
		skip()
		if i >= len(s) {
			return bad()
		}
		if s[i] == ']' {
			i++
			break
		}
		if s[i] != ',' {
			return bad()
		}
		i++
	}
	skip()
	if i < len(s) {
		return None, errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type vector: \"%s\"", s).
			WithDetail("Junk after closing right brace.")
	}
	if dims > 0 && len(xs) != dims {
		return None, errs.New(errs.DataException, "expected %d dimensions, not %d", dims, len(xs))
	}
	return Vector(xs), nil
}
