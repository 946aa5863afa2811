package session

import (
	"context"
	"testing"
)

// TestPortalReuse alternates statements of different parameter and
// column counts and formats over recycled portals (unnamed, named, closed
// by Sync, by Close and by a new Bind): no value of an earlier portal may
// show through.
func TestPortalReuse(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.EmbeddedSession(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range kvSetup(3) {
		if err := s.Query(ctx, q, discardWriter{}); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range map[string]string{
		"one": "SELECT v FROM kv WHERE k = $1",
		"two": "SELECT k, v, $2::text FROM kv WHERE k = $1",
		"all": "SELECT k FROM kv ORDER BY k",
		"put": "UPDATE kv SET v = v WHERE k = $1",
	} {
		if _, err := s.Prepare(ctx, name, text, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	type step struct {
		portal, stmt string
		params       []string
		binary       bool
		close        bool // Close the portal after Execute instead of Sync
		noRows       bool // DescribePortal must answer NoData
		want         string
	}
	steps := []step{
		{portal: "", stmt: "two", params: []string{"1", "a long parameter value"}, want: "1 value 1 a long parameter value SELECT 1"},
		{portal: "", stmt: "one", params: []string{"2"}, want: "value 2 SELECT 1"},
		{portal: "", stmt: "all", want: "0 1 2 SELECT 3"},
		{portal: "p", stmt: "two", params: []string{"0", "x"}, close: true, want: "0 value 0 x SELECT 1"},
		{portal: "", stmt: "all", binary: true, want: "\x00\x00\x00\x00\x00\x00\x00\x00 \x00\x00\x00\x00\x00\x00\x00\x01 \x00\x00\x00\x00\x00\x00\x00\x02 SELECT 3"},
		{portal: "q", stmt: "one", params: []string{"1"}, want: "value 1 SELECT 1"},
		{portal: "", stmt: "two", params: []string{"2", "y"}, want: "2 value 2 y SELECT 1"},
		// A write reusing a closed query's portal describes no columns.
		{portal: "r", stmt: "one", params: []string{"1"}, close: true, want: "value 1 SELECT 1"},
		{portal: "", stmt: "put", params: []string{"1"}, noRows: true, want: "UPDATE 1"},
		{portal: "", stmt: "one", params: []string{"1"}, want: "value 1 SELECT 1"},
	}
	w := &collectWriter{}
	for i, st := range steps {
		params := make([][]byte, len(st.params))
		for j, p := range st.params {
			params[j] = []byte(p)
		}
		var formats []int16
		if st.binary {
			formats = []int16{1}
		}
		if err := s.Bind(ctx, st.portal, st.stmt, nil, params, formats); err != nil {
			t.Fatalf("step %d: bind: %v", i, err)
		}
		// Rebinding the unnamed portal replaces (and recycles) it.
		if st.portal == "" {
			if err := s.Bind(ctx, st.portal, st.stmt, nil, params, formats); err != nil {
				t.Fatalf("step %d: rebind: %v", i, err)
			}
		}
		cols, err := s.DescribePortal(ctx, st.portal)
		if err != nil || (cols == nil) != st.noRows {
			t.Fatalf("step %d: describe portal: %v %v", i, cols, err)
		}
		if _, err := s.Execute(ctx, st.portal, 0, w); err != nil {
			t.Fatalf("step %d: execute: %v", i, err)
		}
		if st.close {
			if err := s.ClosePortal(ctx, st.portal); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if got := join(w.take()); got != st.want {
			t.Errorf("step %d: got %q, want %q", i, got, st.want)
		}
	}
}
