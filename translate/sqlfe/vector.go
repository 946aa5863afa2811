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

// vectorOperators are pgvector's distance operators and the functions they
// stand for.
var vectorOperators = map[string]string{
	"<->": "l2_distance",
	"<=>": "cosine_distance",
	"<#>": "vector_negative_inner_product",
	"<+>": "l1_distance",
}

// vectorArith are the elementwise operators on vectors.
var vectorArith = map[string]string{"+": "vector_add", "-": "vector_sub", "*": "vector_mul"}

// vectorFunctions take vectors: an unknown literal argument is read as a
// vector, not as text.
var vectorFunctions = map[string]bool{
	"l2_distance": true, "cosine_distance": true, "inner_product": true, "vector_negative_inner_product": true,
	"l1_distance": true, "vector_dims": true, "vector_norm": true,
}

func isVector(x texpr) bool { return !x.unknown && x.t.Kind == value.KindVector }

// unknownArgType is the type an unknown literal argument of function name
// is read as.
func unknownArgType(name string) value.Type {
	if vectorFunctions[name] {
		return value.Type{Kind: value.KindVector}
	}
	return value.TypeText
}

// vectorOp translates a vector operator; ok is false when op on these
// operands is not one (the caller goes on with the ordinary operators).
func (tr *translator) vectorOp(op string, l, r texpr, p int) (x texpr, ok bool, err error) {
	fn, dist := vectorOperators[op]
	if !dist {
		if fn, ok = vectorArith[op]; !ok || !(isVector(l) || isVector(r)) {
			return texpr{}, false, nil
		}
	}
	args := []texpr{l, r}
	for i, a := range args {
		if a.unknown {
			if args[i], err = tr.coerce(a, value.Type{Kind: value.KindVector}); err != nil {
				return texpr{}, true, err
			}
		}
		if args[i].t.Kind != value.KindVector {
			return texpr{}, true, noOperator(p, l, op, r)
		}
	}
	x, err = tr.call(fn, args, p)
	return x, true, err
}
