package session

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkWirePointRead reads one row by primary key through an
// in-process server, in SQL and in ZQL, with the simple protocol (key in
// the text) and a prepared statement (key as an int8 parameter): the
// per-read cost of each path, client included. bench/zqlread measures the
// same against a separate server process.
func BenchmarkWirePointRead(b *testing.B) {
	ctx := context.Background()
	c := wireConn(b)
	const rows = 1000
	for _, q := range kvSetup(rows) {
		if err := c.Exec(ctx, q).Close(); err != nil {
			b.Fatal(err)
		}
	}
	simple := []struct {
		name string
		text func(k int) string
	}{
		{"simple/SQL", func(k int) string { return "SELECT v FROM kv WHERE k = " + strconv.Itoa(k) }},
		{"simple/ZQL", func(k int) string { return "[ r.v : r in kv, r.k == " + strconv.Itoa(k) + " ]" }},
		{"simple/ZQL-record-id", func(k int) string { return "kv.@" + strconv.Itoa(k) + ".v" }},
	}
	for _, w := range simple {
		b.Run(w.name, func(b *testing.B) {
			k := 0
			for b.Loop() {
				rs, err := c.Exec(ctx, w.text(k%rows)).ReadAll()
				if err != nil || len(rs) != 1 || len(rs[0].Rows) != 1 {
					b.Fatalf("%v %v", rs, err)
				}
				k++
			}
		})
	}
	prepared := []struct{ name, text string }{
		{"prepared/SQL", "SELECT v FROM kv WHERE k = $1"},
		{"prepared/ZQL", "[ r.v : r in kv, r.k == $1 ]"},
	}
	for i, w := range prepared {
		name := "p" + strconv.Itoa(i)
		if _, err := c.Prepare(ctx, name, w.text, []uint32{20}); err != nil {
			b.Fatal(err)
		}
		b.Run(w.name, func(b *testing.B) {
			k := 0
			param := [][]byte{nil}
			for b.Loop() {
				param[0] = strconv.AppendInt(param[0][:0], int64(k%rows), 10)
				res := c.ExecPrepared(ctx, name, param, nil, nil).Read()
				if res.Err != nil || len(res.Rows) != 1 {
					b.Fatalf("%v %v", res.Rows, res.Err)
				}
				k++
			}
		})
	}
}

// BenchmarkSessionPointRead is the server's side of a point read: the
// session answering a simple-protocol message, without the socket.
func BenchmarkSessionPointRead(b *testing.B) {
	ctx := context.Background()
	const rows = 1000
	_, s := benchSession(b, kvSetup(rows)...)
	for _, w := range []struct {
		name string
		text func(k int) string
	}{
		{"SQL", func(k int) string { return "SELECT v FROM kv WHERE k = " + strconv.Itoa(k) }},
		{"ZQL", func(k int) string { return "[ r.v : r in kv, r.k == " + strconv.Itoa(k) + " ]" }},
		{"ZQL-record-id", func(k int) string { return "kv.@" + strconv.Itoa(k) + ".v" }},
	} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			k := 0
			for b.Loop() {
				if err := s.Query(ctx, w.text(k%rows), discardWriter{}); err != nil {
					b.Fatal(err)
				}
				k++
			}
		})
	}
}

// kvSetup creates kv(k bigint primary key, v text) with keys 0..rows-1.
func kvSetup(rows int) []string {
	var ins strings.Builder
	ins.WriteString("INSERT INTO kv VALUES ")
	for k := range rows {
		if k > 0 {
			ins.WriteString(", ")
		}
		ins.WriteString("(" + strconv.Itoa(k) + ", 'value " + strconv.Itoa(k) + "')")
	}
	return []string{"CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)", ins.String()}
}

// benchSession opens an in-memory DB and an embedded session on it, and
// runs the setup statements.
func benchSession(b testing.TB, setup ...string) (*DB, *Session) {
	b.Helper()
	return benchSessionOpts(b, Options{Memory: true}, setup...)
}

// benchSessionOpts opens a DB with opts and an embedded session on it,
// and runs the setup statements.
func benchSessionOpts(b testing.TB, opts Options, setup ...string) (*DB, *Session) {
	b.Helper()
	ctx := context.Background()
	db, err := Open(ctx, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	s, err := db.EmbeddedSession(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range setup {
		if err := s.Query(ctx, q, discardWriter{}); err != nil {
			b.Fatal(err)
		}
	}
	return db, s
}

// benchExec opens a DB with opts and an embedded session on it, and
// returns a function that runs a statement there, failing b on error.
func benchExec(b testing.TB, opts Options) func(q string) {
	b.Helper()
	_, s := benchSessionOpts(b, opts)
	return func(q string) {
		b.Helper()
		if err := s.Query(context.Background(), q, discardWriter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSessionPreparedPointRead is the server's side of pgbench's
// select-only transaction with -M prepared: Bind, Execute and Sync of a
// named prepared point read, without the socket.
func BenchmarkSessionPreparedPointRead(b *testing.B) {
	ctx := context.Background()
	const rows = 1000
	_, s := benchSession(b, kvSetup(rows)...)
	if _, err := s.Prepare(ctx, "p", "SELECT v FROM kv WHERE k = $1", []uint32{20}); err != nil {
		b.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	k := 0
	param := [][]byte{nil}
	for b.Loop() {
		param[0] = strconv.AppendInt(param[0][:0], int64(k%rows), 10)
		if err := s.Bind(ctx, "", "p", nil, param, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Execute(ctx, "", 0, discardWriter{}); err != nil {
			b.Fatal(err)
		}
		if err := s.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		k++
	}
}
