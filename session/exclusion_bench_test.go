package session

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkSessionExclusionInsert is one autocommit INSERT of a booking
// into tables of 10,000 bookings under EXCLUDE USING gist (during WITH
// &&), and (room WITH =, during WITH &&) over 10 rooms: without an index
// the check reads every record (of the room, through an index on room),
// with a gist index of the constraint's columns only those whose lower
// bound can overlap (exec/exclusion.go, rangedIndex).
func BenchmarkSessionExclusionInsert(b *testing.B) {
	ctx := context.Background()
	const n = 10000
	fill := func(table string) string {
		return "INSERT INTO " + table + " SELECT g, g % 10, int4range(g * 10, g * 10 + 5) FROM generate_series(1, " + strconv.Itoa(n) + ") g"
	}
	_, s := benchSession(b,
		"CREATE EXTENSION btree_gist",
		"CREATE TABLE bare (id int PRIMARY KEY, room int, during int4range, EXCLUDE USING gist (during WITH &&))",
		fill("bare"),
		"CREATE TABLE gist (id int PRIMARY KEY, room int, during int4range, EXCLUDE USING gist (during WITH &&))",
		"CREATE INDEX ON gist USING gist (during)",
		fill("gist"),
		"CREATE TABLE room_btree (id int PRIMARY KEY, room int, during int4range, EXCLUDE USING gist (room WITH =, during WITH &&))",
		"CREATE INDEX ON room_btree (room)",
		fill("room_btree"),
		"CREATE TABLE room_gist (id int PRIMARY KEY, room int, during int4range, EXCLUDE USING gist (room WITH =, during WITH &&))",
		"CREATE INDEX ON room_gist USING gist (room, during)",
		fill("room_gist"),
	)
	i := 0 // across runs: keys and ranges must not repeat
	for _, table := range []string{"bare", "gist", "room_btree", "room_gist"} {
		b.Run(table, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				id := strconv.Itoa(n + 1 + i)
				// Past the stored bookings, in the middle of the key
				// space of the lower bounds it would be the same.
				lo := strconv.Itoa(n*10 + 10 + i*10)
				q := "INSERT INTO " + table + " VALUES (" + id + ", 3, int4range(" + lo + ", " + lo + " + 5))"
				if err := s.Query(ctx, q, discardWriter{}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
