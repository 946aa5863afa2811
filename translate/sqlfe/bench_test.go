package sqlfe

import (
	"context"
	"testing"
	"time"
)

// The per-statement cost on the simple-protocol hot path: Split (pg_query's
// cgo parse plus protobuf decoding) and Translate, separately and together,
// and with a parse Cache hit instead of Split.

const (
	benchPointSelect = "SELECT id, name, email FROM users WHERE id = 42"
	benchInsert      = "INSERT INTO users (id, name, age) VALUES (42, 'alice', 30)"
)

func benchSplitTranslate(b *testing.B, text string) {
	r := newFakeResolver()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		stmts, err := Split(text)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Translate(ctx, r, stmts[0]); err != nil {
			b.Fatal(err)
		}
	}
}

func benchSplit(b *testing.B, text string) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Split(text); err != nil {
			b.Fatal(err)
		}
	}
}

func benchTranslate(b *testing.B, text string) {
	r := newFakeResolver()
	ctx := context.Background()
	stmts := mustSplit(b, text)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Translate(ctx, r, stmts[0]); err != nil {
			b.Fatal(err)
		}
	}
}

func benchCached(b *testing.B, text string) {
	r := newFakeResolver()
	ctx := context.Background()
	c := NewCache(1024)
	b.ReportAllocs()
	for b.Loop() {
		stmts, err := c.Split(text)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Translate(ctx, r, stmts[0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPointSelect(b *testing.B)          { benchSplitTranslate(b, benchPointSelect) }
func BenchmarkPointSelectSplit(b *testing.B)     { benchSplit(b, benchPointSelect) }
func BenchmarkPointSelectTranslate(b *testing.B) { benchTranslate(b, benchPointSelect) }
func BenchmarkPointSelectCached(b *testing.B)    { benchCached(b, benchPointSelect) }
func BenchmarkInsert(b *testing.B)               { benchSplitTranslate(b, benchInsert) }
func BenchmarkInsertSplit(b *testing.B)          { benchSplit(b, benchInsert) }
func BenchmarkInsertTranslate(b *testing.B)      { benchTranslate(b, benchInsert) }
func BenchmarkInsertCached(b *testing.B)         { benchCached(b, benchInsert) }

// Normalize and binding the literals: what a plan cache hit costs in
// place of Split and Translate.
func benchNormalizeBind(b *testing.B, text string) {
	n, ok := Normalize(text)
	if !ok {
		b.Fatal("not normalized")
	}
	stmts, err := Split(n.Text)
	if err != nil {
		b.Fatal(err)
	}
	stmts[0].ParamTypes = n.ParamTypes()
	st, err := TranslateWith(context.Background(), newFakeResolver(), stmts[0], TranslateOptions{NormalizedLiterals: len(n.Literals)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n, _ := Normalize(text)
		for i, l := range n.Literals {
			if _, err := l.Value(st.ParamTypes[i], time.UTC); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkNormalizeBindPointSelect(b *testing.B) { benchNormalizeBind(b, benchPointSelect) }
func BenchmarkNormalizeBindInsert(b *testing.B)      { benchNormalizeBind(b, benchInsert) }
