package session

import (
	"slices"
	"testing"
)

func TestSetSeedRepeats(t *testing.T) {
	draw := func(s *Session) []float64 {
		out := make([]float64, 4)
		for i := range out {
			out[i] = s.Random().Float64()
		}
		return out
	}
	for _, seed := range []float64{-1, -0.25, 0, 0.5, 1} {
		a, b := &Session{}, &Session{}
		a.SetSeed(seed)
		b.Random().Float64() // a generator already drawn from
		b.SetSeed(seed)
		first := draw(a)
		if second := draw(b); !slices.Equal(first, second) {
			t.Errorf("setseed(%v): %v, then %v", seed, first, second)
		}
		a.SetSeed(seed)
		if again := draw(a); !slices.Equal(first, again) {
			t.Errorf("setseed(%v) again: %v, then %v", seed, first, again)
		}
	}
}
