package session

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkWireSerialInsert is one autocommit INSERT through an
// in-process server into a table keyed by a bigserial column (the key
// drawn from the sequence) and into the same table keyed by an explicit
// id: what the sequence costs an insert. Sequence values come from a
// block held in memory (catalog/seqalloc.go), so most inserts read no
// sequence state at all.
func BenchmarkWireSerialInsert(b *testing.B) {
	ctx := context.Background()
	c := wireConn(b)
	for _, q := range []string{
		"CREATE TABLE bser (id bigserial PRIMARY KEY, v int)",
		"CREATE TABLE bkey (id bigint PRIMARY KEY, v int)",
		"CREATE SEQUENCE bseq",
	} {
		if err := c.Exec(ctx, q).Close(); err != nil {
			b.Fatal(err)
		}
	}
	cases := []struct {
		name string
		text func(i int) string
	}{
		{"serial", func(i int) string { return "INSERT INTO bser (v) VALUES (" + strconv.Itoa(i) + ")" }},
		{"explicit-id", func(i int) string {
			return "INSERT INTO bkey VALUES (" + strconv.Itoa(i) + ", " + strconv.Itoa(i) + ")"
		}},
		{"nextval", func(int) string { return "SELECT nextval('bseq')" }},
	}
	i := 0 // across runs: explicit ids must not repeat
	for _, w := range cases {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := c.Exec(ctx, w.text(i)).ReadAll(); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkWireSerialBulk inserts 100,000 rows by one INSERT ... SELECT
// into a bigserial table, and the same rows with explicit ids: a bulk
// load draws values far faster than one reservation (a synchronous
// commit) per 32 values could follow.
func BenchmarkWireSerialBulk(b *testing.B) {
	ctx := context.Background()
	c := wireConn(b)
	for _, q := range []string{
		"CREATE TABLE bulk (id bigserial PRIMARY KEY, v int)",
		"CREATE TABLE bulkkey (id bigint PRIMARY KEY, v int)",
	} {
		if err := c.Exec(ctx, q).Close(); err != nil {
			b.Fatal(err)
		}
	}
	const n = 100000
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.Exec(ctx, "INSERT INTO bulk (v) SELECT g FROM generate_series(1, 100000) g").ReadAll(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("explicit-id", func(b *testing.B) {
		base := 0
		for b.Loop() {
			q := "INSERT INTO bulkkey SELECT g, g FROM generate_series(" + strconv.Itoa(base+1) + ", " + strconv.Itoa(base+n) + ") g"
			if _, err := c.Exec(ctx, q).ReadAll(); err != nil {
				b.Fatal(err)
			}
			base += n
		}
	})
}
