package session

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/errs"
)

// TestDeferrableUniqueConcurrentWrites: two transactions that each write
// the same key of a deferrable unique (or EXCLUDE) constraint cannot
// both commit,
// whether the check runs at the end of the statement or at COMMIT, at
// either isolation level (the check's scan stays in the read set, also
// under READ COMMITTED): the later commit fails with 40001, where
// PostgreSQL would make it wait and report 23505.
func TestDeferrableUniqueConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	ss := memorySessions(t, 2)
	for _, q := range []string{
		"CREATE TABLE cu_now (id int PRIMARY KEY, pos int UNIQUE DEFERRABLE)",
		"CREATE TABLE cu_later (id int PRIMARY KEY, pos int UNIQUE DEFERRABLE INITIALLY DEFERRED)",
		"CREATE TABLE cx_now (id int PRIMARY KEY, pos int, EXCLUDE (pos WITH =) DEFERRABLE)",
		"CREATE TABLE cx_later (id int PRIMARY KEY, pos int, EXCLUDE (pos WITH =) DEFERRABLE INITIALLY DEFERRED)",
	} {
		if _, err := one(ctx, ss[0], q); err != nil {
			t.Fatal(err)
		}
	}
	for _, table := range []string{"cu_now", "cu_later", "cx_now", "cx_later"} {
		for _, iso := range []string{"READ COMMITTED", "SERIALIZABLE"} {
			steps := []struct {
				s    int
				q    string
				code string
			}{
				{0, "DELETE FROM " + table, ""},
				{0, "BEGIN ISOLATION LEVEL " + iso, ""},
				{1, "BEGIN ISOLATION LEVEL " + iso, ""},
				{0, "INSERT INTO " + table + " VALUES (1, 7)", ""},
				{1, "INSERT INTO " + table + " VALUES (2, 7)", ""},
				{0, "COMMIT", ""},
				{1, "COMMIT", errs.SerializationFailure},
			}
			for _, st := range steps {
				if _, err := one(ctx, ss[st.s], st.q); errs.Code(err) != st.code {
					t.Fatalf("%s, %s, session %d, %s: error %v, want %q", table, iso, st.s, st.q, err, st.code)
				}
			}
			v, err := one(ctx, ss[0], "SELECT count(*) FROM "+table)
			if err != nil || v.String() != "1" {
				t.Fatalf("%s, %s: %v rows (%v), want 1", table, iso, v, err)
			}
			// Once the first has committed, a new transaction's
			// duplicate is refused (at the statement's end or COMMIT).
			want := errs.UniqueViolation
			if strings.HasPrefix(table, "cx") {
				want = errs.ExclusionViolation
			}
			if _, err := one(ctx, ss[1], "INSERT INTO "+table+" VALUES (3, 7)"); errs.Code(err) != want {
				t.Fatalf("%s, %s: duplicate after the commit: %v, want %s", table, iso, err, want)
			}
		}
	}
}

// TestDeferrableUniqueExtended takes the extended protocol into a block
// (the golden file takes the simple one): an ordered list's positions
// swapped by parameterized statements pass at COMMIT, a duplicate left
// there fails it with 23505 and ends the block.
func TestDeferrableUniqueExtended(t *testing.T) {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, startTestServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, `CREATE TABLE xl (id int PRIMARY KEY, pos int NOT NULL UNIQUE DEFERRABLE INITIALLY DEFERRED);
INSERT INTO xl VALUES (1, 1), (2, 2)`, pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatal(err)
	}
	swap := func(pos []int) error {
		tx, err := c.Begin(ctx)
		if err != nil {
			return err
		}
		for i, p := range pos {
			if _, err := tx.Exec(ctx, "UPDATE xl SET pos = $1 WHERE id = $2", p, i+1); err != nil {
				return err
			}
		}
		return tx.Commit(ctx)
	}
	if err := swap([]int{2, 1}); err != nil {
		t.Fatalf("swap: %v", err)
	}
	err = swap([]int{3, 3})
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != errs.UniqueViolation || pe.Detail != "Key (pos)=(3) already exists." {
		t.Fatalf("COMMIT with a duplicate = %v, want 23505 with the key", err)
	}
	if got := c.PgConn().TxStatus(); got != 'I' {
		t.Errorf("transaction status after the failed COMMIT = %q, want idle", got)
	}
	var got string
	if err := c.QueryRow(ctx, "SELECT string_agg(id || ':' || pos, ',' ORDER BY id) FROM xl").Scan(&got); err != nil || got != "1:2,2:1" {
		t.Errorf("rows = %q, %v; want the swap's", got, err)
	}
}
