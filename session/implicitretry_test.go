package session

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestHeldWriter: tags and notices wait for flush, in order, until the
// first rows, which pass everything on from then.
func TestHeldWriter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		run   func(h *heldWriter)
		early string // sent before flush
		want  string // sent in all
	}{
		{"tags held", func(h *heldWriter) {
			_ = h.Complete("CREATE INDEX")
			_ = h.Notice(errs.Notice{Severity: "NOTICE", Code: "00000", Message: "n"})
			_ = h.Complete("ALTER TABLE")
		}, "", "CREATE INDEX NOTICE n ALTER TABLE"},
		{"rows pass", func(h *heldWriter) {
			_ = h.Complete("CREATE TABLE")
			_ = h.Columns(nil)
			_ = h.Row([][]byte{[]byte("1")})
			_ = h.Complete("SELECT 1")
		}, "CREATE TABLE 1 SELECT 1", "CREATE TABLE 1 SELECT 1"},
		{"empty held", func(h *heldWriter) { _ = h.Empty() }, "", "EMPTY"},
	} {
		w := &collectWriter{}
		h := &heldWriter{w: w}
		tc.run(h)
		if got := join(w.out); got != tc.early {
			t.Errorf("%s: before flush %q, want %q", tc.name, got, tc.early)
		}
		if err := h.flush(); err != nil {
			t.Fatal(err)
		}
		if got := join(w.out); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
