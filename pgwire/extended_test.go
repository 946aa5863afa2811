package pgwire_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestExecParams(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)
	ctx := testCtx(t)

	res := c.ExecParams(ctx, "select $1", [][]byte{[]byte("hello")}, []uint32{25}, nil, nil).Read()
	if res.Err != nil || rowsText([]*pgconn.Result{res}) != "hello" || res.CommandTag.String() != "SELECT 1" {
		t.Fatalf("select $1: %q %q %v", rowsText([]*pgconn.Result{res}), res.CommandTag, res.Err)
	}
	if fd := res.FieldDescriptions; len(fd) != 1 || fd[0].DataTypeOID != 25 || fd[0].Format != 0 {
		t.Fatalf("field descriptions %+v", fd)
	}

	// Binary results: RowDescription and the rows are binary.
	res = c.ExecParams(ctx, "rows 3", nil, nil, nil, []int16{1}).Read()
	if res.Err != nil || len(res.Rows) != 3 || !bytes.Equal(res.Rows[2][0], []byte{0, 0, 0, 2}) {
		t.Fatalf("rows 3 binary: %v %v", res.Rows, res.Err)
	}
	if fd := res.FieldDescriptions; len(fd) != 1 || fd[0].Format != 1 {
		t.Fatalf("field descriptions %+v, want format 1", fd)
	}

	// More rows than the write buffer holds.
	res = c.ExecParams(ctx, "rows 20000", nil, nil, nil, nil).Read()
	if res.Err != nil || len(res.Rows) != 20000 || string(res.Rows[19999][0]) != "19999" {
		t.Fatalf("rows 20000: %d rows, %v", len(res.Rows), res.Err)
	}

	// An error, then the connection goes on.
	_, err := c.ExecParams(ctx, "select boom", nil, nil, nil, nil).Close()
	if pe := pgError(t, err); pe.Code != errs.UndefinedColumn || pe.Position != 8 {
		t.Fatalf("select boom: %+v", pe)
	}
	_, err = c.ExecParams(ctx, "select $1", [][]byte{[]byte("1")}, nil, []int16{0, 0}, nil).Close()
	if pe := pgError(t, err); pe.Code != errs.ProtocolViolation || pe.Message != "bind message has 2 parameter formats but 1 parameters" {
		t.Fatalf("format count mismatch: %+v", pe)
	}

	// The empty statement.
	res = c.ExecParams(ctx, "", nil, nil, nil, nil).Read()
	if res.Err != nil || res.CommandTag.String() != "" || len(res.Rows) != 0 {
		t.Fatalf("empty statement: %+v", res)
	}

	// Transaction status, and a failing Sync.
	if _, err := c.ExecParams(ctx, "begin", nil, nil, nil, nil).Close(); err != nil || c.TxStatus() != 'T' {
		t.Fatalf("begin: %v, status %c", err, c.TxStatus())
	}
	if _, err := c.ExecParams(ctx, "rollback", nil, nil, nil, nil).Close(); err != nil || c.TxStatus() != 'I' {
		t.Fatalf("rollback: %v, status %c", err, c.TxStatus())
	}
	_, err = c.ExecParams(ctx, "fail sync", nil, nil, nil, nil).Close()
	if pe := pgError(t, err); pe.Code != errs.SerializationFailure {
		t.Fatalf("failing Sync: %+v", pe)
	}
	if res, err := simpleExec(t, c, "select 2"); err != nil || rowsText(res) != "2" {
		t.Fatalf("after the extended protocol: %q %v", rowsText(res), err)
	}
}

func TestPrepared(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)
	ctx := testCtx(t)

	sd, err := c.Prepare(ctx, "s", "select $1", []uint32{23})
	if err != nil {
		t.Fatal(err)
	}
	if len(sd.ParamOIDs) != 1 || sd.ParamOIDs[0] != 23 || len(sd.Fields) != 1 || sd.Fields[0].DataTypeOID != 23 || sd.Fields[0].Format != 0 {
		t.Fatalf("statement description %+v", sd)
	}
	for i := range 3 {
		v := fmt.Sprint(i)
		res := c.ExecPrepared(ctx, "s", [][]byte{[]byte(v)}, nil, nil).Read()
		if res.Err != nil || rowsText([]*pgconn.Result{res}) != v {
			t.Fatalf("ExecPrepared %d: %q %v", i, rowsText([]*pgconn.Result{res}), res.Err)
		}
	}
	// Binary in, binary out.
	res := c.ExecPrepared(ctx, "s", [][]byte{binary.BigEndian.AppendUint32(nil, 42)}, []int16{1}, []int16{1}).Read()
	if res.Err != nil || !bytes.Equal(res.Rows[0][0], []byte{0, 0, 0, 42}) || res.FieldDescriptions[0].Format != 1 {
		t.Fatalf("binary ExecPrepared: %v %+v %v", res.Rows, res.FieldDescriptions, res.Err)
	}
	// NULL parameter.
	res = c.ExecPrepared(ctx, "s", [][]byte{nil}, nil, nil).Read()
	if res.Err != nil || len(res.Rows) != 1 || res.Rows[0][0] != nil {
		t.Fatalf("NULL parameter: %v %v", res.Rows, res.Err)
	}

	if _, err := c.Prepare(ctx, "s", "select 1", nil); pgError(t, err).Code != "42P05" {
		t.Fatalf("duplicate Prepare: %v", err)
	}
	if err := c.Deallocate(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	_, err = c.ExecPrepared(ctx, "s", [][]byte{[]byte("1")}, nil, nil).Close()
	if pe := pgError(t, err); pe.Code != errs.InvalidSQLStatementName {
		t.Fatalf("after Deallocate: %+v", pe)
	}
	if _, err := c.Prepare(ctx, "bad", "frobnicate", nil); pgError(t, err).Code != errs.SyntaxError {
		t.Fatalf("Prepare of a bad statement: %v", err)
	}
	if c.TxStatus() != 'I' {
		t.Fatalf("status %c", c.TxStatus())
	}
}

func TestPipeline(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)
	ctx := testCtx(t)

	p := c.StartPipeline(ctx)
	p.SendPrepare("ps", "select $1", nil)
	p.SendQueryPrepared("ps", [][]byte{[]byte("a")}, nil, nil)
	p.SendQueryParams("rows 2", nil, nil, nil, []int16{1})
	p.SendQueryParams("select boom", nil, nil, nil, nil)
	p.SendQueryParams("select 1", nil, nil, nil, nil) // skipped: after the error
	p.SendPipelineSync()
	p.SendQueryPrepared("ps", [][]byte{[]byte("b")}, nil, nil)
	p.SendPipelineSync()
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}

	next := func() any {
		t.Helper()
		r, err := p.GetResults()
		if err != nil {
			t.Fatalf("GetResults: %v", err)
		}
		return r
	}
	readRows := func(r any) (string, error) {
		t.Helper()
		rr, ok := r.(*pgconn.ResultReader)
		if !ok {
			t.Fatalf("got %T, want a ResultReader", r)
		}
		res := rr.Read()
		return rowsText([]*pgconn.Result{res}), res.Err
	}

	if sd, ok := next().(*pgconn.StatementDescription); !ok || len(sd.ParamOIDs) != 1 || sd.ParamOIDs[0] != 25 {
		t.Fatalf("prepare result %+v", sd)
	}
	if got, err := readRows(next()); err != nil || got != "a" {
		t.Fatalf("ps(a) = %q %v", got, err)
	}
	if got, err := readRows(next()); err != nil || got != "\x00\x00\x00\x00|\x00\x00\x00\x01" {
		t.Fatalf("rows 2 = %q %v", got, err)
	}
	// pgx reports the error from GetResults (the query's RowDescription
	// never came) or from its ResultReader.
	if r, err := p.GetResults(); err == nil {
		_, err = readRows(r)
		if pgError(t, err).Code != errs.UndefinedColumn {
			t.Fatalf("select boom: %v", err)
		}
	} else if pgError(t, err).Code != errs.UndefinedColumn {
		t.Fatalf("select boom: %v", err)
	}
	// The query after the error was skipped: pgx reports nothing for it
	// and goes on to the Sync.
	for {
		r, err := p.GetResults()
		if _, ok := r.(*pgconn.PipelineSync); ok {
			break
		}
		if r == nil && err == nil {
			t.Fatal("no PipelineSync")
		}
		if rr, ok := r.(*pgconn.ResultReader); ok {
			if got, err := readRows(rr); err == nil {
				t.Fatalf("the query after the error ran: %q", got)
			}
		}
	}
	if got, err := readRows(next()); err != nil || got != "b" {
		t.Fatalf("ps(b) after the error = %q %v", got, err)
	}
	if _, ok := next().(*pgconn.PipelineSync); !ok {
		t.Fatal("no second PipelineSync")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
		t.Fatalf("after the pipeline: %q %v", rowsText(res), err)
	}
}

// TestPipelineOneWrite checks that a pipelined batch is answered with
// one write: nothing goes out before Sync.
func TestPipelineOneWrite(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)
	ctx := testCtx(t)
	p := c.StartPipeline(ctx)
	for range 50 {
		p.SendQueryParams("select 1", nil, nil, nil, nil)
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	// Without Sync or Flush the server must not answer.
	_ = c.Conn().SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	var b [1]byte
	if n, err := c.Conn().Read(b[:]); n != 0 || !isTimeout(err) {
		t.Fatalf("the server answered before Sync: %d bytes, %v", n, err)
	}
	_ = c.Conn().SetReadDeadline(time.Time{})
	p.SendPipelineSync()
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	for range 50 {
		r, err := p.GetResults()
		if err != nil {
			t.Fatal(err)
		}
		if res := r.(*pgconn.ResultReader).Read(); res.Err != nil || string(res.Rows[0][0]) != "1" {
			t.Fatalf("result %+v", res)
		}
	}
	if r, err := p.GetResults(); err != nil {
		t.Fatal(err)
	} else if _, ok := r.(*pgconn.PipelineSync); !ok {
		t.Fatalf("got %T, want PipelineSync", r)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestCopy(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)
	ctx := testCtx(t)

	// More than one CopyData message of pgx (64 KiB each), and more than
	// the reader goroutine reads ahead.
	var data bytes.Buffer
	for i := range 100000 {
		fmt.Fprintf(&data, "%d\trow %d\n", i, i)
	}
	tag, err := c.CopyFrom(ctx, bytes.NewReader(data.Bytes()), "copy t from stdin")
	if err != nil || tag.String() != "COPY 100000" {
		t.Fatalf("CopyFrom: %q %v", tag, err)
	}
	var out bytes.Buffer
	tag, err = c.CopyTo(ctx, &out, "copy t to stdout")
	if err != nil || tag.String() != "COPY 100000" || !bytes.Equal(out.Bytes(), data.Bytes()) {
		t.Fatalf("CopyTo: %q %v, %d bytes back of %d", tag, err, out.Len(), data.Len())
	}

	// A reader that fails: pgx sends CopyFail.
	_, err = c.CopyFrom(ctx, io.MultiReader(strings.NewReader("1\n"), errReader{errors.New("disk on fire")}), "copy t from stdin")
	if pe := pgError(t, err); pe.Code != errs.QueryCanceled || pe.Message != "COPY from stdin failed: disk on fire" {
		t.Fatalf("CopyFrom with a failing reader: %+v", pe)
	}
	// A statement that fails before the copy: the data pgx sent ahead
	// is ignored.
	_, err = c.CopyFrom(ctx, strings.NewReader("1\n2\n"), "frobnicate")
	if pe := pgError(t, err); pe.Code != errs.SyntaxError {
		t.Fatalf("CopyFrom of a bad statement: %+v", pe)
	}
	_, err = c.CopyTo(ctx, io.Discard, "copy nosuch to stdout")
	if pe := pgError(t, err); pe.Code != errs.UndefinedTable {
		t.Fatalf("CopyTo of a missing table: %+v", pe)
	}
	if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
		t.Fatalf("after COPY: %q %v", rowsText(res), err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// blockingReader returns data, then blocks until release is closed, then
// reports EOF.
type blockingReader struct {
	data    []byte
	release chan struct{}
}

func (r *blockingReader) Read(p []byte) (int, error) {
	if len(r.data) > 0 {
		n := copy(p, r.data)
		r.data = r.data[n:]
		return n, nil
	}
	<-r.release
	return 0, io.EOF
}

func TestCopyCancel(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	s.backend.record.Store(true)
	c := s.connect(t)
	sess := s.backend.lastSession(t)

	r := &blockingReader{data: []byte("1\n2\n"), release: make(chan struct{})}
	errc := make(chan error, 1)
	go func() {
		_, err := c.CopyFrom(context.Background(), r, "copy t from stdin")
		errc <- err
	}()
	// The statement runs once the session has it; then cancel it.
	sess.waitEvent(t, `Query "copy t from stdin"`)
	if err := c.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	sess.waitEvent(t, `CopyIn error=57014 "canceling statement due to user request"`)
	// pgx waits for its reader before it reads the error.
	close(r.release)
	if pe := pgError(t, <-errc); pe.Code != errs.QueryCanceled || pe.Message != "canceling statement due to user request" {
		t.Fatalf("cancelled COPY: %+v", pe)
	}
	if res, err := simpleExec(t, c, "select 1"); err != nil || rowsText(res) != "1" {
		t.Fatalf("after a cancelled COPY: %q %v", rowsText(res), err)
	}
}

// waitEvent waits until the session has recorded ev (and forgets the
// events up to it).
func (s *fakeSession) waitEvent(t testing.TB, ev string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var seen []string
	for time.Now().Before(deadline) {
		for _, e := range s.takeEvents() {
			seen = append(seen, e)
			if e == ev {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the session did not record %s; it recorded:\n%s", ev, strings.Join(seen, "\n"))
}

// hasTable reports whether the backend holds a table with that data.
func (b *fakeBackend) hasTable(name, data string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	d, ok := b.tables[name]
	return ok && string(d) == data
}

// TestParameterStatus: a session's ParameterStatus reaches the client.
func TestParameterStatus(t *testing.T) {
	s := startServer(t, pgwire.Config{})
	c := s.connect(t)
	if _, err := simpleExec(t, c, "set application_name to changed"); err != nil {
		t.Fatal(err)
	}
	if got := c.ParameterStatus("application_name"); got != "changed" {
		t.Fatalf("application_name = %q after SET", got)
	}
}

// TestPSQLCopy runs psql's \copy in both directions.
func TestPSQLCopy(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		if ciRequires() {
			t.Fatal("psql not found and CI=true")
		}
		t.Skip("psql not found")
	}
	s := startServer(t, pgwire.Config{})
	dir := t.TempDir()
	run := func(stdin string, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, psql, append([]string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", s.port, "-U", testUser, "-d", testDatabase}, args...)...)
		cmd.Env = []string{"PGPASSWORD=" + testPassword, "HOME=" + dir, "PGCONNECT_TIMEOUT=10", "LC_ALL=C"}
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	var data strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&data, "%d\tname %d\n", i, i)
	}
	// From psql's standard input ...
	if out, err := run(data.String(), "-c", `\copy t from stdin`); err != nil {
		t.Fatalf("\\copy from stdin: %v\n%s", err, out)
	}
	if !s.backend.hasTable("t", data.String()) {
		t.Fatal("\\copy from stdin: the session did not get the data")
	}
	// ... and back to a file.
	file := filepath.Join(dir, "out.tsv")
	if out, err := run("", "-c", `\copy t to '`+file+`'`); err != nil {
		t.Fatalf("\\copy to a file: %v\n%s", err, out)
	}
	got, err := os.ReadFile(file)
	if err != nil || string(got) != data.String() {
		t.Fatalf("\\copy to a file: %d bytes back of %d, %v", len(got), data.Len(), err)
	}
	// From a file, to psql's standard output.
	if out, err := run("", "-c", `\copy u from '`+file+`'`); err != nil {
		t.Fatalf("\\copy from a file: %v\n%s", err, out)
	}
	out, err := run("", "-c", `\copy u to stdout`)
	if err != nil || out != data.String() {
		t.Fatalf("\\copy to stdout: %v, %d bytes back of %d", err, len(out), data.Len())
	}
	// An error is reported, and psql goes on.
	out, err = run("", "-c", `\copy nosuch to stdout`)
	if err == nil || !strings.Contains(out, `ERROR:  relation "nosuch" does not exist`) {
		t.Fatalf("\\copy of a missing table: %v\n%s", err, out)
	}
}

// TestPgbench runs pgbench -M extended and -M prepared, with a pipeline
// (\startpipeline: Parse/Bind/Describe/Execute for each statement and one
// Sync), against the fake session.
func TestPgbench(t *testing.T) {
	pgbench, err := exec.LookPath("pgbench")
	if err != nil {
		if ciRequires() {
			t.Fatal("pgbench not found and CI=true")
		}
		t.Skip("pgbench not found")
	}
	s := startServer(t, pgwire.Config{})
	dir := t.TempDir()
	script := filepath.Join(dir, "script.sql")
	const text = `\set v random(1, 1000)
select :v;
\startpipeline
select :v;
rows 3;
select null;
\endpipeline
`
	if err := os.WriteFile(script, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"extended", "prepared"} {
		t.Run(mode, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, pgbench, "-n", "-M", mode, "-f", script, "-t", "50", "-c", "2",
				"-h", "127.0.0.1", "-p", s.port, "-U", testUser, testDatabase)
			cmd.Env = []string{"PGPASSWORD=" + testPassword, "HOME=" + dir, "PGCONNECT_TIMEOUT=10", "LC_ALL=C"}
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "number of transactions actually processed: 100/100") ||
				!strings.Contains(string(out), "number of failed transactions: 0 ") {
				t.Fatalf("pgbench -M %s: %v\n%s", mode, err, out)
			}
		})
	}
}
