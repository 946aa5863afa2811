package zqlfe

import (
	"fmt"
	"strings"
	"testing"
)

// benchGraph makes persons 0..n-1 and an edge table knows, and returns
// the text of statements adding n edges each (batch it of them).
func benchGraph(b *testing.B, n int) (*db, func(it int) string) {
	d := newDB(b)
	d.raw = false
	d.mustRun("table::create(@persons)")
	d.mustRun("edge::create(@knows, { from: persons, to: persons })")
	var sb strings.Builder
	sb.WriteString("persons::add([")
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "{id:persons.@%d,age:%d}", i, i%60)
	}
	sb.WriteString("]) |> count")
	d.mustRun(sb.String())
	return d, func(it int) string {
		sb.Reset()
		sb.WriteString("knows::add([")
		for i := range n {
			if i > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "{in:persons.@%d,out:persons.@%d}", i, (i*7919+it*104729+1)%n)
		}
		sb.WriteString("]) |> count")
		return sb.String()
	}
}

// BenchmarkGraphLoad measures loading edges in batches of 10000 records
// per statement (what bench/graph does over the wire).
func BenchmarkGraphLoad(b *testing.B) {
	const n = 10000
	d, edges := benchGraph(b, n)
	b.ResetTimer()
	for it := range b.N {
		d.mustRun(edges(it))
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "edges/s")
}

// BenchmarkGraphThreeHop measures a distinct three-hop neighbourhood on a
// random graph of 10000 vertices and 100000 edges, in process.
func BenchmarkGraphThreeHop(b *testing.B) {
	const n = 10000
	d, edges := benchGraph(b, n)
	for it := range 10 {
		d.mustRun(edges(it))
	}
	b.ResetTimer()
	for i := range b.N {
		d.mustRun(fmt.Sprintf("persons.@%d -> knows -> * -> knows -> * -> knows -> * |> distinct", (i*31)%n))
	}
}

// BenchmarkGraphTwoHop measures a distinct two-hop neighbourhood (the
// query bench/graph compares with PostgreSQL) on a random graph of 10000
// vertices and 100000 edges, in process.
func BenchmarkGraphTwoHop(b *testing.B) {
	const n = 10000
	d, edges := benchGraph(b, n)
	for it := range 10 {
		d.mustRun(edges(it))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		d.mustRun(fmt.Sprintf("persons.@%d -> knows -> * -> knows -> * |> distinct", (i*31)%n))
	}
}
