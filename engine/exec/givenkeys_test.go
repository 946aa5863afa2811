package exec

import (
	"hash/maphash"
	"testing"
)

// TestGivenKeys checks that every key added counts as seen, in ascending
// runs and after them, that a key not above the ascending run does too
// (conservatively: the store confirms), and that other keys do not.
func TestGivenKeys(t *testing.T) {
	tests := []struct {
		name    string
		add     []string
		seen    []string
		notSeen []string
	}{
		{"empty", nil, nil, []string{"a"}},
		{"ascending", []string{"b", "d", "f"}, []string{"b", "d", "f", "c", "a"}, []string{"g", "z"}},
		{"out of order", []string{"b", "d", "c", "x", "m"}, []string{"b", "c", "d", "x", "m", "a"}, []string{"n", "y"}},
		{"repeat", []string{"b", "b"}, []string{"b"}, []string{"c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := givenKeys{seed: maphash.MakeSeed()}
			for _, k := range tc.add {
				g.add([]byte(k))
			}
			for _, k := range tc.seen {
				if !g.seen([]byte(k)) {
					t.Errorf("seen(%q) = false, want true", k)
				}
			}
			for _, k := range tc.notSeen {
				if g.seen([]byte(k)) {
					t.Errorf("seen(%q) = true, want false", k)
				}
			}
		})
	}
}
