package session

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkCopyByQuery copies a 20,000-row table by CREATE TABLE AS, by
// CREATE TABLE and INSERT ... SELECT (what CREATE TABLE AS saves a
// script), and refreshes a materialized view of it: all three write the
// same records, so they should cost the same.
func BenchmarkCopyByQuery(b *testing.B) {
	ctx := context.Background()
	c := wireConn(b)
	exec := func(q string) {
		if _, err := c.Exec(ctx, q).ReadAll(); err != nil {
			b.Fatal(q, err)
		}
	}
	exec("CREATE TABLE bsrc (id int PRIMARY KEY, a int, b text, c numeric(8,2))")
	exec("INSERT INTO bsrc SELECT g, g % 100, 'name ' || g, g / 7.0 FROM generate_series(1, 20000) g")
	exec("CREATE MATERIALIZED VIEW bmv AS SELECT * FROM bsrc")
	n := 0
	b.Run("create-table-as", func(b *testing.B) {
		for b.Loop() {
			n++
			exec("CREATE TABLE bc" + strconv.Itoa(n) + " AS SELECT * FROM bsrc")
		}
	})
	b.Run("create-then-insert-select", func(b *testing.B) {
		for b.Loop() {
			n++
			t := "bi" + strconv.Itoa(n)
			exec("CREATE TABLE " + t + " (id int, a int, b text, c numeric(8,2))")
			exec("INSERT INTO " + t + " SELECT * FROM bsrc")
		}
	})
	b.Run("refresh", func(b *testing.B) {
		for b.Loop() {
			exec("REFRESH MATERIALIZED VIEW bmv")
		}
	})
}
