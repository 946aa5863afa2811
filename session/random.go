package session

import (
	"math"
	"math/rand/v2"
)

// Random is the session's generator of random(), seeded at random until
// setseed seeds it.
func (s *Session) Random() *rand.Rand {
	if s.rng == nil {
		s.pcg = rand.NewPCG(rand.Uint64(), rand.Uint64())
		s.rng = rand.New(s.pcg)
	}
	return s.rng
}

// SetSeed makes the session's random() sequence the one of seed, as
// setseed does: the same seed gives the same sequence.
func (s *Session) SetSeed(seed float64) {
	s.Random()
	s.pcg.Seed(math.Float64bits(seed), 0)
}
