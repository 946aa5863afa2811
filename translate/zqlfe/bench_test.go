package zqlfe

import (
	"context"
	"testing"
)

func benchTranslate(b *testing.B, text string) {
	r := newFakeResolver()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		stmts, err := Split(text)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range stmts {
			if _, err := Translate(ctx, r, s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkPointRead(b *testing.B) { benchTranslate(b, `persons.@john`) }

func BenchmarkComprehension(b *testing.B) {
	benchTranslate(b, `[ { who: p.name, city: c.name } : p in persons, c in cities, p.home == c.id, p.age > 18 ]`)
}

func BenchmarkPipeline(b *testing.B) {
	benchTranslate(b, `[ p in persons, p.age >= 18 ] |> order_by .age desc, .name |> limit 10`)
}
