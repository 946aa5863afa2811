package plan

import "testing"

// TestTableLockConflicts: the conflict table is symmetric and is
// PostgreSQL's (its documentation's table 13.2, read row by row).
func TestTableLockConflicts(t *testing.T) {
	want := map[TableLockMode]string{
		AccessShareLock:          "-------X",
		RowShareLock:             "------XX",
		RowExclusiveLock:         "----XXXX",
		ShareUpdateExclusiveLock: "---XXXXX",
		ShareLock:                "--XX-XXX",
		ShareRowExclusiveLock:    "--XXXXXX",
		ExclusiveLock:            "-XXXXXXX",
		AccessExclusiveLock:      "XXXXXXXX",
	}
	for m, row := range want {
		for o := AccessShareLock; o <= AccessExclusiveLock; o++ {
			if got := m.Conflicts(o); got != (row[o-1] == 'X') {
				t.Errorf("%s vs %s: conflicts %v", m, o, got)
			}
			if m.Conflicts(o) != o.Conflicts(m) {
				t.Errorf("%s vs %s: not symmetric", m, o)
			}
		}
	}
}
