package session

import (
	"context"
	"testing"
)

// TestDoEveryProtocol: a DO block runs, and its writes commit, through
// the embedded API and the extended protocol as through a simple Query
// (the golden files).
func TestDoEveryProtocol(t *testing.T) {
	ctx := context.Background()
	s := memorySessions(t, 1)[0]
	for _, q := range []string{
		"CREATE TABLE d (id int PRIMARY KEY)",
		"DO $$BEGIN INSERT INTO d VALUES (1); RAISE NOTICE 'embedded'; END$$",
	} {
		st, err := s.PrepareStatement(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.Run(ctx, st, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		r.Close()
	}
	st, err := s.PrepareStatement(ctx, "SELECT count(*) FROM d")
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Run(ctx, st, nil, nil)
	if err != nil || !r.Next() || r.Row()[0].AsInt() != 1 {
		t.Fatalf("embedded DO did not write: %v", err)
	}
	r.Close()

	c := wireConn(t)
	for _, q := range []string{
		"CREATE TABLE d (id int PRIMARY KEY)",
		"DO $$BEGIN INSERT INTO d VALUES (2); END$$",
	} {
		if res := c.ExecParams(ctx, q, nil, nil, nil, nil).Read(); res.Err != nil {
			t.Fatalf("%s: %v", q, res.Err)
		}
	}
	res := c.ExecParams(ctx, "SELECT id FROM d", nil, nil, nil, nil).Read()
	if res.Err != nil || len(res.Rows) != 1 || string(res.Rows[0][0]) != "2" {
		t.Fatalf("extended DO did not write: %v %v", res.Rows, res.Err)
	}
}
