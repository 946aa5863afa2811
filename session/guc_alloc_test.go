package session

import (
	"testing"

	"github.com/zerodb/zerodb/pgwire"
)

// TestNewSettingsAllocs guards what a connection pays for its settings:
// the catalog is shared, so newSettings takes only the few parameters a
// session needs a handle on (59 allocations when every session had a
// copy of each parameter; 22 now).
func TestNewSettingsAllocs(t *testing.T) {
	p := pgwire.StartupParams{User: "root", All: map[string]string{"user": "root", "database": "main", "application_name": "psql"}}
	if n := testing.AllocsPerRun(100, func() { newSettings(p, nil) }); n > 30 {
		t.Errorf("newSettings: %.0f allocations, want at most 30", n)
	}
}
