package value

import (
	"bytes"
	"hash/maphash"
	"testing"
)

// A tuple of Tuples1 is the same value as one Tuple makes, to every
// operation.
func TestTuples1(t *testing.T) {
	xs := []Value{Int(1), String("a"), None, List([]Value{Int(2)})}
	got := Tuples1(xs)
	if len(got) != len(xs) {
		t.Fatalf("%d tuples for %d values", len(got), len(xs))
	}
	hash := seededHash()
	for i, v := range got {
		want := Tuple([]Value{xs[i]})
		checks := []struct {
			name string
			ok   bool
		}{
			{"kind", v.Kind() == KindTuple},
			{"elements", len(v.AsList()) == 1 && Equal(v.AsList()[0], xs[i])},
			{"equal", Equal(v, want) && Compare(v, want) == 0},
			{"hash", hash(v) == hash(want)},
			{"text", v.String() == want.String()},
			{"json", string(AppendJSON(nil, v)) == string(AppendJSON(nil, want))},
			{"encoding", bytes.Equal(Encode(nil, v), Encode(nil, want))},
		}
		for _, c := range checks {
			if !c.ok {
				t.Errorf("tuple %d (%s): %s differs from Tuple's", i, want, c.name)
			}
		}
	}
	if allocs := testing.AllocsPerRun(10, func() { Tuples1(xs) }); allocs > 1 {
		t.Errorf("%v allocations, want 1", allocs)
	}
}

// seededHash is Hash with one random seed, as a function of the value.
func seededHash() func(Value) uint64 {
	seed := maphash.MakeSeed()
	return func(v Value) uint64 {
		var h maphash.Hash
		h.SetSeed(seed)
		Hash(&h, v)
		return h.Sum64()
	}
}
