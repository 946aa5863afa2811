package session

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkCopyLoad loads rows through COPY FROM STDIN into an in-process
// server on a disk store (Pebble in a temporary directory, WAL synced as
// in the server), as pgbench -i and a JSON import do: pgbench_accounts-
// shaped rows (then ADD PRIMARY KEY, as pgbench does) and JSON documents
// into a one-jsonb-column table. One op is one row; run with
// -benchtime=Nx. The process CPU of each phase is reported per row
// (copy-cpu-ns/op, pk-cpu-ns/op): on a loaded machine ns/op is mostly
// waiting for a core. Pebble's flushes and compactions run on background
// threads, so some of a phase's work may land in the next one.
// bench/pgbench compares the whole of pgbench -i with PostgreSQL.
func BenchmarkCopyLoad(b *testing.B) {
	ctx := context.Background()
	filler := strings.Repeat(" ", 84)
	cases := []struct {
		name, create, copy string
		row                func(i int) string
		after              string
	}{
		{
			name:   "pgbench_accounts",
			create: "CREATE TABLE acc (aid int NOT NULL, bid int, abalance int, filler char(84))",
			copy:   "COPY acc FROM STDIN",
			row:    func(i int) string { return fmt.Sprintf("%d\t%d\t0\t%s\n", i+1, i/100000+1, filler) },
			after:  "ALTER TABLE acc ADD PRIMARY KEY (aid)",
		},
		{
			name:   "jsonb",
			create: "CREATE TABLE docs (doc jsonb)",
			copy:   "COPY docs FROM STDIN",
			row: func(i int) string {
				return fmt.Sprintf(`{"id": %d, "name": "user %d", "tags": ["a", "b"], "score": %d.5, "active": true}`+"\n", i, i, i%1000)
			},
		},
		{
			// bench/sql's load: ascending primary keys, each checked
			// for a duplicate.
			name:   "jsonb_pk",
			create: "CREATE TABLE docs (id bigint PRIMARY KEY, body jsonb NOT NULL)",
			copy:   "COPY docs FROM STDIN",
			row: func(i int) string {
				return fmt.Sprintf("%d\t"+`{"k": "key%07d", "cat": "c%02d", "n": %d, "tags": ["t%d", "u%d"], "text": "document number %d of the benchmark"}`+"\n",
					i, i/10, i%20, i%1000, i%7, i%11, i)
			},
		},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			url, _ := startServerWith(b, Options{Dir: b.TempDir()})
			conn := testConn(b, url)
			if _, err := conn.Exec(ctx, c.create); err != nil {
				b.Fatal(err)
			}
			var data strings.Builder
			for i := 0; i < b.N; i++ {
				data.WriteString(c.row(i))
			}
			b.ResetTimer()
			cpu0 := processCPU()
			tag, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(data.String()), c.copy)
			if err != nil {
				b.Fatal(err)
			}
			if tag.RowsAffected() != int64(b.N) {
				b.Fatalf("copied %d rows, want %d", tag.RowsAffected(), b.N)
			}
			cpu1 := processCPU()
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "copy-cpu-ns/op")
			if c.after != "" {
				if _, err := conn.Exec(ctx, c.after); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(processCPU()-cpu1)/float64(b.N), "pk-cpu-ns/op")
			}
		})
	}
}
