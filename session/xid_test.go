package session

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// TestTransactionID checks txid_current and its kin: one id per
// transaction, kept to its end, increasing, NULL from the _if_assigned
// forms before the transaction asked, and never handed out again after
// a restart.
func TestTransactionID(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func() (*DB, *Session) {
		db, err := Open(ctx, Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		s, err := db.EmbeddedSession(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		mustQuery(t, s, "SET zerodb.language = 'sql'")
		return db, s
	}
	// one reads the single value of a one-row, one-column result.
	one := func(s *Session, q string) string {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(mustQuery(t, s, q)), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: %q", q, lines)
		}
		return strings.TrimSpace(lines[1])
	}
	id := func(s *Session, q string) int64 {
		t.Helper()
		n, err := strconv.ParseInt(one(s, q), 10, 64)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}

	db, s := open()
	if got := one(s, "SELECT txid_current() = txid_current() AND txid_current() = pg_current_xact_id() AND txid_current_if_assigned() = txid_current()"); got != "t" {
		t.Errorf("one statement's ids differ: %s", got)
	}
	if got := one(s, "SELECT txid_current_if_assigned() IS NULL AND pg_current_xact_id_if_assigned() IS NULL"); got != "t" {
		t.Errorf("a new transaction has an id already: %s", got)
	}
	a := id(s, "SELECT txid_current()")
	mustQuery(t, s, "BEGIN")
	b := id(s, "SELECT txid_current()")
	if b2 := id(s, "SELECT txid_current_if_assigned()"); b2 != b || b <= a {
		t.Errorf("block: %d then %d after %d", b, b2, a)
	}
	mustQuery(t, s, "ROLLBACK")
	c := id(s, "SELECT txid_current()")
	if c <= b {
		t.Errorf("after the block: %d, not above %d", c, b)
	}
	db.Close()

	db, s = open()
	defer db.Close()
	if d := id(s, "SELECT txid_current()"); d <= c {
		t.Errorf("after a restart: %d, not above %d", d, c)
	}
}
