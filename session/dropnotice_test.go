package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestDropIfExistsNotice: DROP ... IF EXISTS of a missing object sends
// PostgreSQL's notice, and nothing when the object was there.
func TestDropIfExistsNotice(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{})
	for _, c := range []struct{ q, want string }{
		{"DROP DATABASE IF EXISTS nosuch", "NOTICE 00000 database \"nosuch\" does not exist, skipping\nDROP DATABASE\n"},
		{"CREATE DATABASE gone", "CREATE DATABASE\n"},
		{"DROP DATABASE IF EXISTS gone", "DROP DATABASE\n"},
		{"DROP TABLE IF EXISTS nosuch", "NOTICE 00000 table \"nosuch\" does not exist, skipping\nDROP TABLE\n"},
		{"CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE\n"},
		{"DROP TABLE IF EXISTS t", "DROP TABLE\n"},
		{"DROP VIEW IF EXISTS nosuch", "NOTICE 00000 view \"nosuch\" does not exist, skipping\nDROP VIEW\n"},
		{"DROP INDEX IF EXISTS nosuch", "NOTICE 00000 index \"nosuch\" does not exist, skipping\nDROP INDEX\n"},
		{"DROP SEQUENCE IF EXISTS nosuch", "NOTICE 00000 sequence \"nosuch\" does not exist, skipping\nDROP SEQUENCE\n"},
		{"DROP MATERIALIZED VIEW IF EXISTS nosuch", "NOTICE 00000 materialized view \"nosuch\" does not exist, skipping\nDROP MATERIALIZED VIEW\n"},
	} {
		var w recorder
		if err := s.Query(ctx, c.q, &w); err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if got := w.take(); got != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.q, got, c.want)
		}
	}
}

// TestNoticeMakesStatementSent: once a notice is out, the statement has
// sent something, so an autocommit retry after a conflict (which would
// send the notice again) does not happen.
func TestNoticeMakesStatementSent(t *testing.T) {
	var out rowWriter
	out.reset(discardWriter{}, nil, resultShape{})
	if out.sent {
		t.Fatal("a fresh statement has sent something")
	}
	if err := out.Notice(errs.Notice{Severity: "NOTICE", Code: "00000", Message: "table \"x\" does not exist, skipping"}); err != nil {
		t.Fatal(err)
	}
	if !out.sent {
		t.Error("a statement that sent a notice counts as having sent nothing")
	}
}
