package session

import (
	"context"
	"strconv"
	"testing"
)

// Point reads run again and again on reopened iterators (exec.Rerun),
// through the plan cache and through a prepared statement, must answer
// each time from the statement's own snapshot and key: a value written
// in between, a key that is gone, another statement of the same shape.
func TestPointReadRerun(t *testing.T) {
	ctx := context.Background()
	_, s := benchSession(t, kvSetup(5)...)
	if _, err := s.Prepare(ctx, "p", "SELECT v FROM kv WHERE k = $1", []uint32{20}); err != nil {
		t.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	simple := func(k int) string {
		w := &collectWriter{}
		if err := s.Query(ctx, "SELECT v FROM kv WHERE k = "+strconv.Itoa(k), w); err != nil {
			t.Fatal(err)
		}
		return join(w.take())
	}
	prepared := func(k int) string {
		w := &collectWriter{}
		if err := s.Bind(ctx, "", "p", nil, [][]byte{[]byte(strconv.Itoa(k))}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Execute(ctx, "", 0, w); err != nil {
			t.Fatal(err)
		}
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		return join(w.take())
	}
	for _, read := range []struct {
		name string
		fn   func(int) string
	}{{"simple", simple}, {"prepared", prepared}} {
		t.Run(read.name, func(t *testing.T) {
			for k := range 5 {
				if got, want := read.fn(k), "value "+strconv.Itoa(k)+" SELECT 1"; got != want {
					t.Fatalf("key %d: %q, want %q", k, got, want)
				}
			}
			mustQuery(t, s, "UPDATE kv SET v = 'new "+read.name+"' WHERE k = 2")
			if got, want := read.fn(2), "new "+read.name+" SELECT 1"; got != want {
				t.Fatalf("after UPDATE: %q, want %q", got, want)
			}
			mustQuery(t, s, "DELETE FROM kv WHERE k = 3")
			if got := read.fn(3); got != "SELECT 0" {
				t.Fatalf("deleted key: %q", got)
			}
			if got := read.fn(99); got != "SELECT 0" {
				t.Fatalf("absent key: %q", got)
			}
			if got := mustQuery(t, s, "SELECT k FROM kv WHERE k = 4"); got == "" {
				t.Fatal("another statement of the same shape answered nothing")
			}
			if got, want := read.fn(4), "value 4 SELECT 1"; got != want {
				t.Fatalf("after another statement: %q, want %q", got, want)
			}
			mustQuery(t, s, "INSERT INTO kv VALUES (3, 'value 3')")
			mustQuery(t, s, "UPDATE kv SET v = 'value 2' WHERE k = 2")
		})
	}
}
