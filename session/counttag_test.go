package session

import "testing"

func TestCountTag(t *testing.T) {
	tests := []struct {
		verb string
		n    int
		want string
	}{
		{"SELECT", 0, "SELECT 0"},
		{"SELECT", 1, "SELECT 1"},
		{"SELECT", 2, "SELECT 2"},
		{"SELECT", 100, "SELECT 100"},
		{"SELECT", 1023, "SELECT 1023"},
		{"SELECT", 1024, "SELECT 1024"},
		{"SELECT", 123456, "SELECT 123456"},
		{"INSERT 0", 1, "INSERT 0 1"},
		{"INSERT 0", 30, "INSERT 0 30"},
		{"UPDATE", 0, "UPDATE 0"},
		{"UPDATE", 2, "UPDATE 2"},
		{"DELETE", 1, "DELETE 1"},
		{"COPY", 3, "COPY 3"},
	}
	for _, tt := range tests {
		if got := countTag(tt.verb, tt.n); got != tt.want {
			t.Errorf("countTag(%q, %d) = %q, want %q", tt.verb, tt.n, got, tt.want)
		}
	}
}
