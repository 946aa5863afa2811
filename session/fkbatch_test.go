package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestForeignKeyBatchedLookups: a statement of inserts looks its parents
// up in one pass (exec.fkLookupParents), and ADD FOREIGN KEY validates a
// batch of rows at a time (exec.validateFK); either way the first row
// without a parent, in the statement's or the table's order, is the one
// the error names.
func TestForeignKeyBatchedLookups(t *testing.T) {
	ctx := context.Background()
	s := memorySessions(t, 1)[0]
	for _, st := range []struct {
		q, code, detail string
	}{
		{q: "CREATE TABLE fp (id int PRIMARY KEY, code text UNIQUE)"},
		{q: "INSERT INTO fp SELECT g, 'c' || g FROM generate_series(1, 5000) g"},
		{q: "CREATE TABLE fc (id int PRIMARY KEY, pid int REFERENCES fp, code text REFERENCES fp (code), grp int DEFAULT 0)"},
		// By primary key and by unique index, many rows at once.
		{q: "INSERT INTO fc SELECT g, g % 5000 + 1, 'c' || (g % 4999 + 1) FROM generate_series(1, 5000) g"},
		{q: "INSERT INTO fc VALUES (6001, 1, 'c1'), (6002, 7000, 'c2'), (6003, 6000, 'c3')", code: errs.ForeignKeyViolation,
			detail: `Key (pid)=(7000) is not present in table "fp".`},
		{q: "INSERT INTO fc VALUES (6001, 1, 'c1'), (6002, 2, 'nope'), (6003, 6000, 'c3')", code: errs.ForeignKeyViolation,
			detail: `Key (code)=(nope) is not present in table "fp".`},
		// NULL references are not checked; rows of the statement itself
		// are seen (a parent added by the same statement).
		{q: "INSERT INTO fc VALUES (6004, NULL, NULL), (6005, NULL, 'c5')"},
		{q: "WITH p AS (INSERT INTO fp VALUES (9000, 'c9000') RETURNING id) INSERT INTO fc SELECT 6006, id, 'c9000' FROM p"},
		// Validation of a new key over existing rows, more than a batch.
		{q: "CREATE TABLE fg (g int PRIMARY KEY)"},
		{q: "INSERT INTO fg SELECT g FROM generate_series(0, 6003) g"},
		{q: "UPDATE fc SET grp = id"},
		{q: "ALTER TABLE fc ADD FOREIGN KEY (grp) REFERENCES fg", code: errs.ForeignKeyViolation,
			detail: `Key (grp)=(6004) is not present in table "fg".`},
		{q: "INSERT INTO fg SELECT g FROM generate_series(6004, 7000) g"},
		{q: "ALTER TABLE fc ADD FOREIGN KEY (grp) REFERENCES fg"},
		{q: "SELECT count(*) FROM fc"},
	} {
		_, err := one(ctx, s, st.q)
		if errs.Code(err) != st.code {
			t.Fatalf("%s: error %v, want %q", st.q, err, st.code)
		}
		if err != nil && errs.From(err).Detail != st.detail {
			t.Errorf("%s: detail %q, want %q", st.q, errs.From(err).Detail, st.detail)
		}
	}
}
