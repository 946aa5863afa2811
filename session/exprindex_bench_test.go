package session

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkSessionExprIndexInsert is one autocommit INSERT into a table
// with a unique index on a column and into one with a unique index on
// lower() of it: what evaluating (and compiling) an index expression
// costs a write.
func BenchmarkSessionExprIndexInsert(b *testing.B) {
	ctx := context.Background()
	_, s := benchSession(b,
		"CREATE TABLE plain (id bigint PRIMARY KEY, email text)",
		"CREATE UNIQUE INDEX ON plain (email)",
		"CREATE TABLE expr (id bigint PRIMARY KEY, email text)",
		"CREATE UNIQUE INDEX ON expr (lower(email))",
	)
	i := 0 // across runs: keys must not repeat
	for _, table := range []string{"plain", "expr"} {
		b.Run(table, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := strconv.Itoa(i)
				if err := s.Query(ctx, "INSERT INTO "+table+" VALUES ("+n+", 'User"+n+"@x.com')", discardWriter{}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
