package kv

import (
	"context"
	"slices"
	"testing"
)

// TestSeekReadOnly checks a read-only scan re-aimed at ranges of varying
// lengths (its bound buffers are reused) against the same ranges scanned
// afresh.
func TestSeekReadOnly(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	w, err := s.Begin(ctx, TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "ab", "abc", "b", "ba", "c", "cc", "d"} {
		if err := w.Put([]byte(k), []byte("v"+k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := s.Begin(ctx, TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Rollback()
	it := r.Scan(ctx, []byte("ab"), []byte("cz"), false)
	defer it.Close()
	sk := it.(Seeker)
	tests := []struct {
		start, end string
		unbounded  bool
		want       []string
	}{
		{start: "b", end: "c", want: []string{"b", "ba"}},
		{start: "a", end: "abd", want: []string{"ab", "abc"}}, // start clamped to the scan's
		{start: "c", unbounded: true, want: []string{"c", "cc"}},
		{start: "abcdefgh", end: "bzzzzzzzz", want: []string{"b", "ba"}},
		{start: "c", end: "c"},
		{start: "d", end: "e"}, // outside the scan's range
		{start: "a", end: "b", want: []string{"ab", "abc"}},
	}
	for _, tt := range tests {
		var end []byte
		if !tt.unbounded {
			end = []byte(tt.end)
		}
		sk.Seek([]byte(tt.start), end)
		var got []string
		for sk.Next() {
			got = append(got, string(sk.Key()))
			if string(sk.Value()) != "v"+string(sk.Key()) {
				t.Errorf("value of %q = %q", sk.Key(), sk.Value())
			}
		}
		if err := sk.Err(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Seek(%q, %q) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestSeekReverseFails(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	r, err := s.Begin(ctx, TxnOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Rollback()
	it := r.Scan(ctx, nil, nil, true)
	defer it.Close()
	it.(Seeker).Seek([]byte("a"), nil)
	if it.Next() || it.Err() == nil {
		t.Fatalf("a reverse scan seeked: Next ok or no error (%v)", it.Err())
	}
}

// TestCloneBounds: the copies equal the bounds, keep a nil end nil (no
// upper bound), and appending to the start's copy never overwrites the
// end's.
func TestCloneBounds(t *testing.T) {
	for _, tt := range []struct {
		name       string
		start, end []byte
	}{
		{"both", []byte("ab"), []byte("cd")},
		{"no end", []byte("ab"), nil},
		{"no start", nil, []byte("cd")},
		{"empty start", []byte{}, []byte("cd")},
		{"neither", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, e := cloneBounds(tt.start, tt.end)
			if string(s) != string(tt.start) || string(e) != string(tt.end) {
				t.Fatalf("got %q, %q", s, e)
			}
			if (e == nil) != (tt.end == nil) || (s == nil) != (tt.start == nil) {
				t.Fatalf("nil-ness changed: %v %v", s == nil, e == nil)
			}
			if len(tt.start) > 0 && &s[0] == &tt.start[0] {
				t.Fatal("start not copied")
			}
			_ = append(s, "zzzz"...)
			if string(e) != string(tt.end) {
				t.Fatalf("appending to the start changed the end: %q", e)
			}
		})
	}
}
