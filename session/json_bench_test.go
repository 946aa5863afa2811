package session

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkJSONAgg is an API's `SELECT json_agg(t) FROM (...) t` over
// 5000 rows in process, beside jsonb_agg of the same rows and the
// jsonb_build_object form clients wrote before whole-row values.
func BenchmarkJSONAgg(b *testing.B) {
	const rows = 5000
	setup := []string{"CREATE TABLE ja (id int PRIMARY KEY, name text NOT NULL, score numeric(8,2), at timestamp, tags text[])"}
	setup = append(setup, insertValues("ja", rows, func(i int) string {
		return fmt.Sprintf("(%d, 'name %d', %d.%02d, '2024-01-01 10:00:00'::timestamp + interval '%d minutes', ARRAY['a', 'b%d'])", i, i, i%1000, i%100, i, i%7)
	})...)
	_, s := benchSession(b, setup...)
	ctx := context.Background()
	for _, q := range []struct{ name, sql string }{
		{"json_agg", "SELECT json_agg(t) FROM (SELECT id, name, score, at, tags FROM ja) t"},
		{"jsonb_agg", "SELECT jsonb_agg(t) FROM (SELECT id, name, score, at, tags FROM ja) t"},
		{"jsonb_build_object", "SELECT jsonb_agg(jsonb_build_object('id', id, 'name', name, 'score', score, 'at', at, 'tags', tags)) FROM ja"},
		{"row_to_json", "SELECT row_to_json(ja) FROM ja"},
	} {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Query(ctx, q.sql, discardWriter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
