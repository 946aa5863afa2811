package keys

import "testing"

func TestGraphKeyVertex(t *testing.T) {
	g := GraphPrefix(nil, 3, 4, 5)
	tests := []struct {
		name string
		key  []byte
		ok   bool
	}{
		{"adjacency entry", append(g[:len(g):len(g)], 0x20, 'o'), true},
		{"bare prefix", g, false},
		{"record", append(TablePrefix(nil, 3, 4, 5), 0x20), false},
		{"catalog", TableKey(nil, 3, 4, "t"), false},
		{"system", SequenceKey(nil, "x"), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off, ok := GraphKeyVertex(tt.key)
			if ok != tt.ok {
				t.Fatalf("GraphKeyVertex ok = %v, want %v", ok, tt.ok)
			}
			if ok && off != len(g) {
				t.Fatalf("offset %d, want %d", off, len(g))
			}
		})
	}
}
