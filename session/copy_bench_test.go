package session

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
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
		// binary sends the rows in COPY's binary format, as pgx's
		// CopyFrom does: row's text split at its tab is a bigint and a
		// jsonb field.
		binary bool
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
		{
			// bench/sql's load as it is sent: pgx's CopyFrom.
			name:   "jsonb_pk_binary",
			create: "CREATE TABLE docs (id bigint PRIMARY KEY, body jsonb NOT NULL)",
			copy:   "COPY docs FROM STDIN (FORMAT binary)",
			row: func(i int) string {
				return fmt.Sprintf("%d\t"+`{"k": "key%07d", "cat": "c%02d", "n": %d, "tags": ["t%d", "u%d"], "text": "document number %d of the benchmark"}`,
					i, i/10, i%20, i%1000, i%7, i%11, i)
			},
			binary: true,
		},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			url, _ := startServerWith(b, Options{Dir: b.TempDir()})
			conn := testConn(b, url)
			if _, err := conn.Exec(ctx, c.create); err != nil {
				b.Fatal(err)
			}
			var data []byte
			if c.binary {
				data = append(data, copyBinarySignature...)
				data = binary.BigEndian.AppendUint64(data, 0) // flags, header extension
			}
			for i := 0; i < b.N; i++ {
				if !c.binary {
					data = append(data, c.row(i)...)
					continue
				}
				id, doc, _ := strings.Cut(c.row(i), "\t")
				n, err := strconv.ParseInt(id, 10, 64)
				if err != nil {
					b.Fatal(err)
				}
				data = binary.BigEndian.AppendUint16(data, 2)
				data = binary.BigEndian.AppendUint32(data, 8)
				data = binary.BigEndian.AppendUint64(data, uint64(n))
				data = binary.BigEndian.AppendUint32(data, uint32(1+len(doc)))
				data = append(append(data, 1), doc...)
			}
			if c.binary {
				data = binary.BigEndian.AppendUint16(data, 0xffff)
			}
			b.ResetTimer()
			cpu0 := processCPU()
			tag, err := conn.PgConn().CopyFrom(ctx, bytes.NewReader(data), c.copy)
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

// BenchmarkBinaryCopyReader reads bench/sql's rows in COPY's binary
// format as the direct path does (the document encoded, not parsed into
// a value), without a server: the reader's own cost per row.
func BenchmarkBinaryCopyReader(b *testing.B) {
	c := &plan.Copy{Table: "docs", Format: plan.CopyBinary, Columns: []plan.Column{
		{Name: "id", Type: value.TypeInt8}, {Name: "body", Type: value.TypeJSONB}}}
	data := append([]byte(nil), copyBinarySignature...)
	data = binary.BigEndian.AppendUint64(data, 0)
	const rows = 1000
	for i := range rows {
		doc := fmt.Sprintf(`{"k": "key%07d", "cat": "c%02d", "n": %d, "tags": ["t%d", "u%d"], "text": "document number %d of the benchmark"}`,
			i/10, i%20, i%1000, i%7, i%11, i)
		data = binary.BigEndian.AppendUint16(data, 2)
		data = binary.BigEndian.AppendUint32(data, 8)
		data = binary.BigEndian.AppendUint64(data, uint64(i))
		data = binary.BigEndian.AppendUint32(data, uint32(1+len(doc)))
		data = append(append(data, 1), doc...)
	}
	data = binary.BigEndian.AppendUint16(data, 0xffff)
	params := make([]value.Value, 0, 2)
	r := bytes.NewReader(data)
	// CPU time as well as wall time: on a shared machine the wall time
	// is mostly waiting for a core.
	cpu0 := processCPU()
	for b.Loop() {
		r.Reset(data)
		src := &binaryCopyReader{br: bufio.NewReaderSize(r, 64<<10), c: c}
		src.jsonb = copyJSONB{cols: []bool{false, true}, enc: make([][]byte, 2), spans: make([][2]int, 2)}
		for {
			params = params[:0]
			if _, err := src.readRow(&params); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N*rows), "cpu-ns/row")
}
