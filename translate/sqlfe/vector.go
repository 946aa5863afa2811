package sqlfe

import (
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// vectorType is pgvector's vector(N) (N optional), with its typmod errors.
func vectorType(mods []int, p int) (value.Type, error) {
	t := value.Type{Kind: value.KindVector}
	switch len(mods) {
	case 0:
	case 1:
		switch {
		case mods[0] < 1:
			return value.Type{}, errAt(errs.InvalidParameterValue, p, "dimensions for type vector must be at least 1")
		case mods[0] > value.MaxVectorDims:
			return value.Type{}, errAt(errs.InvalidParameterValue, p, "dimensions for type vector cannot exceed %d", value.MaxVectorDims)
		}
		t.Dims = mods[0]
	default:
		return value.Type{}, errAt(errs.InvalidParameterValue, p, "invalid type modifier")
	}
	return t, nil
}
