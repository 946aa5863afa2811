package session

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestExportedSnapshotLifetime: an exported snapshot may be imported
// until its transaction ends, however it ends — COMMIT, ROLLBACK, an
// autocommit statement's end, or the session closing with its block
// open — and the registry then holds nothing of it.
func TestExportedSnapshotLifetime(t *testing.T) {
	for _, tc := range []struct {
		name string
		// begin opens the exporter's transaction ("" for an autocommit
		// export), end ends it.
		begin string
		end   func(t *testing.T, s *Session)
	}{
		{"commit", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", func(t *testing.T, s *Session) { mustQuery(t, s, "COMMIT") }},
		{"rollback", "BEGIN", func(t *testing.T, s *Session) { mustQuery(t, s, "ROLLBACK") }},
		{"autocommit", "", func(*testing.T, *Session) {}},
		{"session closes", "BEGIN ISOLATION LEVEL SERIALIZABLE", func(_ *testing.T, s *Session) { s.Close() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := memorySessions(t, 2)
			exporter, importer := ss[0], ss[1]
			mustQuery(t, exporter, "CREATE TABLE snap_rows (id int PRIMARY KEY)")
			mustQuery(t, exporter, "INSERT INTO snap_rows VALUES (1)")
			if tc.begin != "" {
				mustQuery(t, exporter, tc.begin)
			}
			out := mustQuery(t, exporter, "SELECT pg_export_snapshot()")
			fields := strings.Fields(out)
			id := fields[1] // after the column name
			if tc.begin != "" {
				mustQuery(t, importer, "INSERT INTO snap_rows VALUES (2)")
				mustQuery(t, importer, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
				mustQuery(t, importer, "SET TRANSACTION SNAPSHOT '"+id+"'")
				if got := mustQuery(t, importer, "SELECT count(*) FROM snap_rows"); !strings.Contains(got, "\n1\n") {
					t.Fatalf("the importer counts %q, want the exporter's 1 row", got)
				}
				mustQuery(t, importer, "COMMIT")
			}
			tc.end(t, exporter)
			mustQuery(t, importer, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
			err := queryErr(importer, "SET TRANSACTION SNAPSHOT '"+id+"'")
			if errs.Code(err) != errs.InvalidParameterValue {
				t.Fatalf("an import after the exporter's end: %v, want 22023", err)
			}
			mustQuery(t, importer, "ROLLBACK")
			r := &importer.db.snapshots
			r.mu.Lock()
			left := len(r.byID)
			r.mu.Unlock()
			if left != 0 {
				t.Fatalf("%d exported snapshots left in the registry", left)
			}
		})
	}
}
