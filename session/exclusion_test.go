package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestExclusionConstraintDetails: a conflict names both rows' element
// values as PostgreSQL does, and the candidates found through an index on
// the columns of elements WITH = (more than one batch of index entries)
// are the ones a scan would find.
func TestExclusionConstraintDetails(t *testing.T) {
	ctx := context.Background()
	s := memorySessions(t, 1)[0]
	for _, st := range []struct {
		q, code, detail string
	}{
		{q: "CREATE TABLE bk (id int PRIMARY KEY, room int, during int4range, EXCLUDE USING gist (room WITH =, during WITH &&))"},
		{q: "INSERT INTO bk SELECT g, g % 2, int4range(g * 10, g * 10 + 10) FROM generate_series(1, 400) g"},
		{q: "INSERT INTO bk VALUES (1000, 1, '[3995,4001)')", code: errs.ExclusionViolation,
			detail: "Key (room, during)=(1, [3995,4001)) conflicts with existing key (room, during)=(1, [3990,4000))."},
		{q: "CREATE INDEX ON bk (room)"},
		{q: "INSERT INTO bk VALUES (1000, 1, '[3995,4001)')", code: errs.ExclusionViolation,
			detail: "Key (room, during)=(1, [3995,4001)) conflicts with existing key (room, during)=(1, [3990,4000))."},
		{q: "INSERT INTO bk VALUES (1000, 0, '[3995,4001)')", code: errs.ExclusionViolation,
			detail: "Key (room, during)=(0, [3995,4001)) conflicts with existing key (room, during)=(0, [4000,4010))."},
		{q: "INSERT INTO bk VALUES (1000, 2, '[3995,4001)')"},
		{q: "ALTER TABLE bk ADD CONSTRAINT one_room EXCLUDE (room WITH =)", code: errs.ExclusionViolation,
			detail: "Key (room)=(1) conflicts with key (room)=(1)."},
		{q: "CREATE TABLE sh (who text, EXCLUDE (lower(who) WITH =))"},
		{q: "INSERT INTO sh VALUES ('Ann')"},
		{q: "INSERT INTO sh VALUES ('ANN')", code: errs.ExclusionViolation,
			detail: "Key (lower(who))=(ann) conflicts with existing key (lower(who))=(ann)."},
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

// TestExclusionConstraintConcurrentWrites: two transactions that each
// write a booking the other's conflicts with cannot both commit, at
// either isolation level (the check's reads stay in the read set, also
// under READ COMMITTED): the later commit fails with 40001, where
// PostgreSQL would make it wait and report 23P01.
func TestExclusionConstraintConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	ss := memorySessions(t, 2)
	if _, err := one(ctx, ss[0], "CREATE TABLE cb (id int PRIMARY KEY, room int, during int4range, EXCLUDE USING gist (room WITH =, during WITH &&))"); err != nil {
		t.Fatal(err)
	}
	for _, iso := range []string{"READ COMMITTED", "SERIALIZABLE"} {
		steps := []struct {
			s    int
			q    string
			code string
		}{
			{0, "DELETE FROM cb", ""},
			{0, "BEGIN ISOLATION LEVEL " + iso, ""},
			{1, "BEGIN ISOLATION LEVEL " + iso, ""},
			{0, "INSERT INTO cb VALUES (1, 1, '[1,5)')", ""},
			{1, "INSERT INTO cb VALUES (2, 1, '[3,7)')", ""},
			{0, "COMMIT", ""},
			{1, "COMMIT", errs.SerializationFailure},
		}
		for _, st := range steps {
			if _, err := one(ctx, ss[st.s], st.q); errs.Code(err) != st.code {
				t.Fatalf("%s, session %d, %s: error %v, want %q", iso, st.s, st.q, err, st.code)
			}
		}
		v, err := one(ctx, ss[0], "SELECT count(*) FROM cb")
		if err != nil || v.String() != "1" {
			t.Fatalf("%s: %v rows (%v), want 1", iso, v, err)
		}
	}
}
