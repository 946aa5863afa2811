package session

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkWireForeignKeyInsert inserts 100-row batches into a table
// without and with a foreign key (one Get of the referenced record per
// row at the end of the statement), and deletes referenced rows whose
// referencing column is indexed: what enforcing foreign keys costs a
// write.
func BenchmarkWireForeignKeyInsert(b *testing.B) {
	ctx := context.Background()
	c := wireConn(b)
	for _, q := range []string{
		"CREATE TABLE bp (id int PRIMARY KEY)",
		"INSERT INTO bp SELECT g FROM generate_series(1, 100) g",
		"CREATE TABLE bc_plain (id int PRIMARY KEY, p int)",
		"CREATE TABLE bc_fk (id int PRIMARY KEY, p int REFERENCES bp)",
	} {
		if err := c.Exec(ctx, q).Close(); err != nil {
			b.Fatal(err)
		}
	}
	next := map[string]int{} // the next free id of each table, across -count runs
	for _, table := range []string{"bc_plain", "bc_fk"} {
		b.Run(table, func(b *testing.B) {
			n := next[table]
			defer func() { next[table] = n }()
			for b.Loop() {
				q := "INSERT INTO " + table + " SELECT g, g % 100 + 1 FROM generate_series(" + strconv.Itoa(n+1) + ", " + strconv.Itoa(n+100) + ") g"
				if err := c.Exec(ctx, q).Close(); err != nil {
					b.Fatal(err)
				}
				n += 100
			}
		})
	}
}
