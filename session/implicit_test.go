package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestImplicitBlock checks what PostgreSQL's protocol documentation
// says of a message of several SQL statements beyond what the
// differential corpus sees: the session is idle after such a message,
// failed or not; a BEGIN in it leaves a block open, into which the
// statements before it were taken; and ZQL messages keep a transaction
// per statement.
func TestImplicitBlock(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{})
	mustQuery(t, s, "CREATE TABLE imp (a int PRIMARY KEY)")
	count := func() string {
		return resultIDs(mustQuery(t, s, "SELECT count(*) FROM imp"))[0]
	}
	tests := []struct {
		name   string
		msg    string
		code   string // the message's error, "" for none
		status byte   // after the message
		count  string // rows of imp after the message
	}{
		{"failure rolls back", "INSERT INTO imp VALUES (1); SELECT 1/0", errs.DivisionByZero, 'I', "0"},
		{"success commits", "INSERT INTO imp VALUES (1); INSERT INTO imp VALUES (2)", "", 'I', "2"},
		{"a later failure undoes the earlier statements", "INSERT INTO imp VALUES (3); INSERT INTO imp VALUES (1)", errs.UniqueViolation, 'I', "2"},
		{"savepoints are refused", "INSERT INTO imp VALUES (3); SAVEPOINT s", errs.NoActiveSQLTransaction, 'I', "2"},
		{"BEGIN takes the statements before it", "INSERT INTO imp VALUES (3); BEGIN; INSERT INTO imp VALUES (4)", "", 'T', "4"},
		{"and ROLLBACK undoes them", "ROLLBACK", "", 'I', "2"},
		{"an error after BEGIN fails the block", "BEGIN; INSERT INTO imp VALUES (5); SELECT 1/0", errs.DivisionByZero, 'E', ""},
		{"which ROLLBACK ends", "ROLLBACK", "", 'I', "2"},
		{"ZQL commits statement by statement", "imp::add({a: 6}); 1 / 0", errs.DivisionByZero, 'I', "3"},
	}
	for _, tt := range tests {
		var w recorder
		err := s.Query(ctx, tt.msg, &w)
		if errs.Code(err) != tt.code && !(tt.code == "" && err == nil) {
			t.Fatalf("%s: %q: got %v, want %s", tt.name, tt.msg, err, tt.code)
		}
		if got := s.TxStatus(); got != tt.status {
			t.Fatalf("%s: status %c, want %c", tt.name, got, tt.status)
		}
		if tt.count != "" {
			if got := count(); got != tt.count {
				t.Fatalf("%s: %s rows, want %s", tt.name, got, tt.count)
			}
		}
	}
}
