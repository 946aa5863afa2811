package zerodb_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/zerodb/zerodb"
	"github.com/zerodb/zerodb/errs"
)

func openMem(t *testing.T) *zerodb.DB {
	t.Helper()
	db, err := zerodb.Open(context.Background(), zerodb.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db interface {
	Exec(context.Context, string, ...any) (string, error)
}, src string, params ...any) string {
	t.Helper()
	tag, err := db.Exec(context.Background(), src, params...)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return tag
}

func values(t *testing.T, db interface {
	Query(context.Context, string, ...any) (*zerodb.Rows, error)
}, src string, params ...any) [][]any {
	t.Helper()
	rows, err := db.Query(context.Background(), src, params...)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	var out [][]any
	for vals, err := range rows.All() {
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		out = append(out, vals)
	}
	return out
}

func sqlstate(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestValuesRoundTrip(t *testing.T) {
	db := openMem(t)
	at := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in   any
		want any
	}{
		{nil, nil},
		{true, true},
		{42, int64(42)},
		{uint64(1) << 63, uint64(1) << 63},
		{2.5, 2.5},
		{"héllo", "héllo"},
		{[]byte{0, 1}, []byte{0, 1}},
		{zerodb.Symbol("red"), zerodb.Symbol("red")},
		{zerodb.RecordID{Table: "persons", Key: zerodb.Symbol("ann")}, zerodb.RecordID{Table: "persons", Key: zerodb.Symbol("ann")}},
		{at, at},
		{time.Time{}, time.Time{}}, // Go's zero time: year 1
		{time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)},
		{time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC), time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC)}, // 44 BC
		{90 * time.Minute, 90 * time.Minute},
		{[]int{1, 2}, []any{int64(1), int64(2)}},
		{map[string]any{"b": 1, "a": []any{"x"}}, map[string]any{"a": []any{"x"}, "b": int64(1)}},
		{struct {
			N int `json:"n"`
		}{3}, map[string]any{"n": int64(3)}},
	}
	for _, tt := range tests {
		got := values(t, db, `[$1]`, tt.in) // a list result is one row per element

		if len(got) != 1 || !reflect.DeepEqual(got[0][0], tt.want) {
			t.Errorf("$1 = %#v: got %#v, want %#v", tt.in, got, tt.want)
		}
	}
	// SQL time is a time.Duration since midnight, both ways.
	if got := values(t, db, `SELECT time '13:30:00.5', $1::time`, 90*time.Minute); !reflect.DeepEqual(got, [][]any{{13*time.Hour + 30*time.Minute + 500*time.Millisecond, 90 * time.Minute}}) {
		t.Errorf("SQL time: got %#v", got)
	}
	// SQL timetz is a time.Time on 0000-01-01 at its offset.
	if got := values(t, db, `SELECT timetz '13:30:00.5-03:30'`); len(got) != 1 || len(got[0]) != 1 {
		t.Errorf("SQL timetz: got %#v", got)
	} else if tm, ok := got[0][0].(time.Time); !ok || tm.Format("2006-01-02 15:04:05.0 -07:00") != "0000-01-01 13:30:00.5 -03:30" {
		t.Errorf("SQL timetz: got %#v", got[0][0])
	}
	// Past PostgreSQL's range a time.Time is refused, not wrapped.
	if _, err := db.Query(context.Background(), `$1`, time.Date(300000, 1, 1, 0, 0, 0, 0, time.UTC)); sqlstate(err) != errs.DatetimeFieldOverflow {
		t.Errorf("year 300000: got %v", err)
	}
	if _, err := db.Query(context.Background(), `$1`, make(chan int)); sqlstate(err) != errs.InvalidParameterValue {
		t.Errorf("chan parameter: got %v", err)
	}
}

func TestParametersAndErrors(t *testing.T) {
	db := openMem(t)
	ctx := context.Background()
	mustExec(t, db, `CREATE TABLE t (k int PRIMARY KEY, v text)`)
	mustExec(t, db, `INSERT INTO t VALUES ($1, $2), ($3, $4)`, 1, "one", 2, "two")
	// SQL converts values to the inferred types.
	if got := values(t, db, `SELECT v FROM t WHERE k = $1`, "2"); !reflect.DeepEqual(got, [][]any{{"two"}}) {
		t.Errorf("k = '2': %v", got)
	}
	tests := []struct {
		src    string
		params []any
		code   string
	}{
		{`SELECT * FROM nosuch`, nil, "42P01"},
		{`t |> filter .k == $who`, nil, "42P02"},
		{`SELECT v FROM t WHERE k = $1`, []any{"x"}, "22P02"},
		{`SELECT v FROM t WHERE k = $1`, nil, "08P01"},
		{`1; 2`, nil, "42601"},
		{`INSERT INTO t VALUES (1, 'dup')`, nil, "23505"},
		{`[1, 2,`, nil, "42601"},
	}
	for _, tt := range tests {
		_, err := db.Exec(ctx, tt.src, tt.params...)
		if sqlstate(err) != tt.code {
			t.Errorf("%s: got %v, want %s", tt.src, err, tt.code)
		}
	}
	// Rows before a run-time error arrive first: the result streams.
	rows, err := db.Query(ctx, `SELECT 10 / (k - 2) FROM t ORDER BY k`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if n != 1 || sqlstate(rows.Err()) != "22012" {
		t.Errorf("got %d rows then %v, want 1 then 22012", n, rows.Err())
	}
	// Named parameters.
	if got := values(t, db, `t |> filter .k == $k |> map .v`, zerodb.Named("k", 1)); !reflect.DeepEqual(got, [][]any{{"one"}}) {
		t.Errorf("$k: %v", got)
	}
}

func TestPreparedRevalidation(t *testing.T) {
	db := openMem(t)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	mustExec(t, conn, `CREATE TABLE t (k int PRIMARY KEY, v text)`)
	mustExec(t, conn, `INSERT INTO t VALUES (1, 'a')`)
	st, err := conn.Prepare(ctx, `SELECT * FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	if cols := st.Columns(); len(cols) != 2 || cols[1] != (zerodb.Column{Name: "v", Type: "string"}) {
		t.Errorf("columns %v", cols)
	}
	mustExec(t, conn, `DROP TABLE t`)
	if _, err := st.Exec(ctx); sqlstate(err) != "42P01" {
		t.Errorf("after DROP: %v", err)
	}
	mustExec(t, conn, `CREATE TABLE t (k int PRIMARY KEY, v int, w int)`)
	mustExec(t, conn, `INSERT INTO t VALUES (1, 2, 3)`)
	rows, err := st.Execute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		if got := rows.Values(); !reflect.DeepEqual(got, []any{int64(1), int64(2), int64(3)}) {
			t.Errorf("after re-CREATE: %v", got)
		}
	}
}

func TestTransactions(t *testing.T) {
	db := openMem(t)
	ctx := context.Background()
	mustExec(t, db, `table::create(@c)`)
	mustExec(t, db, `c::add(@x, { n: 0 })`)

	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, `c.@x.update({ n: 1 })`)
	if got := values(t, db, `c.@x.n`); !reflect.DeepEqual(got, [][]any{{int64(0)}}) {
		t.Errorf("outside the block before commit: %v", got)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := values(t, db, `c.@x.n`); !reflect.DeepEqual(got, [][]any{{int64(0)}}) {
		t.Errorf("after rollback: %v", got)
	}

	// A failed statement poisons the block; Commit reports the rollback.
	tx, err = db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, `c.@x.update({ n: 2 })`)
	if _, err := tx.Exec(ctx, `1 / 0`); sqlstate(err) != "22012" {
		t.Fatalf("1 / 0: %v", err)
	}
	if _, err := tx.Exec(ctx, `1`); sqlstate(err) != "25P02" {
		t.Errorf("after a failure: %v", err)
	}
	if err := tx.Commit(ctx); sqlstate(err) != "25P02" {
		t.Errorf("commit after a failure: %v", err)
	}

	// Two blocks writing the same record, at the default READ COMMITTED:
	// the second waits for the first's row lock, then updates the record
	// as the first committed it.
	t1, _ := db.Begin(ctx)
	t2, _ := db.Begin(ctx)
	mustExec(t, t1, `c.@x.update({ n: .n + 1 })`)
	done := make(chan error, 1)
	go func() {
		_, err := t2.Exec(ctx, `c.@x.update({ n: .n + 10 })`)
		done <- err
	}()
	if err := t1.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the second block's update: %v", err)
	}
	if err := t2.Commit(ctx); err != nil {
		t.Errorf("the second commit: %v", err)
	}
	if got := values(t, db, `c.@x.n`); !reflect.DeepEqual(got, [][]any{{int64(11)}}) {
		t.Errorf("after both: %v", got)
	}

	// At SERIALIZABLE the second block's commit loses instead.
	t1, _ = db.Begin(ctx)
	t2, _ = db.Begin(ctx)
	mustExec(t, t2, `SET TRANSACTION ISOLATION LEVEL SERIALIZABLE`)
	if got := values(t, t2, `c.@x.n`); !reflect.DeepEqual(got, [][]any{{int64(11)}}) {
		t.Fatalf("in the second block: %v", got)
	}
	mustExec(t, t1, `c.@x.update({ n: .n + 1 })`)
	if err := t1.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := t2.Exec(ctx, `c.@x.update({ n: .n + 10 })`); sqlstate(err) != "40001" {
		t.Errorf("a serializable block's update of a changed record: %v", err)
	}
	_ = t2.Rollback(ctx)
	if got := values(t, db, `c.@x.n`); !reflect.DeepEqual(got, [][]any{{int64(12)}}) {
		t.Errorf("after the conflict: %v", got)
	}
}

func TestOpenDir(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := zerodb.Open(ctx, zerodb.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `table::create(@p)`)
	mustExec(t, db, `p::add(@a, { n: 1 })`)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = zerodb.Open(ctx, zerodb.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := values(t, db, `p.@a.n`); !reflect.DeepEqual(got, [][]any{{int64(1)}}) {
		t.Errorf("after reopen: %v", got)
	}
	if _, err := zerodb.Open(ctx, zerodb.Options{}); sqlstate(err) != errs.InvalidParameterValue {
		t.Errorf("no Dir: %v", err)
	}
}

func TestConnRules(t *testing.T) {
	db := openMem(t)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(ctx, `[1, 2, 3]`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `1`); sqlstate(err) != "55006" {
		t.Errorf("a statement while rows are open: %v", err)
	}
	rows.Close()
	if tag := mustExec(t, conn, `[1, 2]`); tag != "SELECT 2" {
		t.Errorf("tag %q", tag)
	}
	// Session state lives in a Conn; DB's pooled sessions never keep it.
	mustExec(t, conn, `let x = 41`)
	if got, err := conn.Query(ctx, `x + 1`); err != nil {
		t.Fatal(err)
	} else {
		for vals, err := range got.All() {
			if err != nil || vals[0] != int64(42) {
				t.Errorf("x + 1: %v %v", vals, err)
			}
		}
	}
	mustExec(t, db, `let y = 1`)
	if _, err := db.Exec(ctx, `y`); sqlstate(err) != "42703" {
		t.Errorf("a pooled session kept a let binding: %v", err)
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `1`); sqlstate(err) != "25000" {
		t.Errorf("Exec after Commit: %v", err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Errorf("Rollback after Commit: %v", err)
	}
}

// TestJSONColumn checks that a json column keeps its text, which Scan
// gives a *string as written and decodes for other destinations.
func TestJSONColumn(t *testing.T) {
	db := openMem(t)
	ctx := context.Background()
	mustExec(t, db, `CREATE TABLE jc (k int PRIMARY KEY, j json)`)
	mustExec(t, db, `INSERT INTO jc VALUES (1, $1)`, `{"b": 1, "a" : [2]}`)
	if got := values(t, db, `SELECT j FROM jc`); !reflect.DeepEqual(got, [][]any{{`{"b": 1, "a" : [2]}`}}) {
		t.Errorf("SELECT j = %v", got)
	}
	var s string
	var doc struct {
		A []int `json:"a"`
		B int   `json:"b"`
	}
	var raw json.RawMessage
	for _, dest := range []any{&s, &doc, &raw} {
		rows, err := db.Query(ctx, `SELECT j FROM jc`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			if err := rows.Scan(dest); err != nil {
				t.Fatalf("Scan(%T): %v", dest, err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if s != `{"b": 1, "a" : [2]}` || doc.B != 1 || len(doc.A) != 1 || doc.A[0] != 2 {
		t.Errorf("Scan: %q, %+v", s, doc)
	}
	var back map[string]any
	if err := json.Unmarshal(raw, &back); err != nil || back["b"] != float64(1) {
		t.Errorf("Scan into json.RawMessage: %s (%v)", raw, err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO jc VALUES (2, $1)`, `{"a" 1}`); sqlstate(err) != errs.InvalidTextRepresentation {
		t.Errorf("invalid json: %v", err)
	}
}

// TestTempTables: a Conn keeps its temporary tables, with ON COMMIT
// actions at its commits; DB's pooled sessions never hand one to the
// next statement.
func TestTempTables(t *testing.T) {
	db := openMem(t)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	mustExec(t, conn, `CREATE TEMP TABLE tt (id serial PRIMARY KEY, v text)`)
	mustExec(t, conn, `CREATE TEMP TABLE tdel (a int) ON COMMIT DELETE ROWS`)
	if tag := mustExec(t, conn, `INSERT INTO tt (v) VALUES ('a'), ('b')`); tag != "INSERT 0 2" {
		t.Errorf("tag %q", tag)
	}
	mustExec(t, conn, `INSERT INTO tdel VALUES (1)`)
	rows, err := conn.Query(ctx, `SELECT (SELECT max(id) FROM tt), (SELECT count(*) FROM tdel)`)
	if err != nil {
		t.Fatal(err)
	}
	for vals, err := range rows.All() {
		if err != nil || vals[0] != int64(2) || vals[1] != int64(0) {
			t.Errorf("temporary tables of a Conn: %v %v", vals, err)
		}
	}
	mustExec(t, db, `CREATE TEMP TABLE pooled (a int)`)
	if _, err := db.Exec(ctx, `SELECT * FROM pooled`); sqlstate(err) != "42P01" {
		t.Errorf("a pooled session kept a temporary table: %v", err)
	}
}

// TestConnAddrsInProcess: an embedded session has no connection, so
// inet_server_addr and the others are NULL, as PostgreSQL's over a Unix
// socket.
func TestConnAddrsInProcess(t *testing.T) {
	db := openMem(t)
	got := values(t, db, `SELECT inet_server_addr(), inet_server_port(), inet_client_addr(), inet_client_port()`)
	if len(got) != 1 || len(got[0]) != 4 {
		t.Fatalf("rows %v", got)
	}
	for i, v := range got[0] {
		if v != nil {
			t.Errorf("column %d: %v, want NULL", i, v)
		}
	}
}
