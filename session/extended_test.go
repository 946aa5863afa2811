package session

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

func extConn(t *testing.T, url string, mode pgx.QueryExecMode) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DefaultQueryExecMode = mode
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

func mustExec(t *testing.T, conn *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func pgCode(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

var extModes = []struct {
	name string
	mode pgx.QueryExecMode
}{
	{"CacheStatement", pgx.QueryExecModeCacheStatement},
	{"CacheDescribe", pgx.QueryExecModeCacheDescribe},
	{"DescribeExec", pgx.QueryExecModeDescribeExec},
	{"Exec", pgx.QueryExecModeExec},
}

func TestExtendedParams(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	setup := testConn(t, url)
	mustExec(t, setup, `CREATE TABLE t (id int PRIMARY KEY, big bigint, name text, score float8, ok bool, amount numeric(10,2), at timestamptz, doc jsonb)`)
	for i, m := range extModes {
		t.Run(m.name, func(t *testing.T) {
			conn := extConn(t, url, m.mode)
			at := time.Date(2024, 5, 1, 10, 0, 0, 123456000, time.UTC)
			id := i + 1
			var docArg any = map[string]any{"a": 1.0}
			if m.mode == pgx.QueryExecModeExec {
				// pgx cannot encode a map without the parameter's type.
				docArg = `{"a": 1}`
			}
			_, err := conn.Exec(ctx, `INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				id, int64(1)<<40, "héllo", 2.5, true, "12.34", at, docArg)
			if err != nil {
				t.Fatal(err)
			}
			var (
				big    int64
				name   string
				score  float64
				ok     bool
				amount pgtype.Numeric
				gotAt  time.Time
				doc    map[string]any
			)
			err = conn.QueryRow(ctx, `SELECT big, name, score, ok, amount, at, doc FROM t WHERE id = $1`, id).
				Scan(&big, &name, &score, &ok, &amount, &gotAt, &doc)
			if err != nil {
				t.Fatal(err)
			}
			f, _ := amount.Float64Value()
			if big != 1<<40 || name != "héllo" || score != 2.5 || !ok || f.Float64 != 12.34 || !gotAt.Equal(at) || doc["a"] != 1.0 {
				t.Fatalf("got %v %q %v %v %v %v %v", big, name, score, ok, f.Float64, gotAt, doc)
			}
			// Reuse: the same statement with other values.
			for j := 0; j < 3; j++ {
				var n int64
				if err := conn.QueryRow(ctx, `SELECT $1::bigint + 1`, int64(j)).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != int64(j)+1 {
					t.Fatalf("got %d want %d", n, j+1)
				}
			}
			// NULL parameter and empty result.
			rows, err := conn.Query(ctx, `SELECT id FROM t WHERE name = $1`, nil)
			if err != nil {
				t.Fatal(err)
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
			if err != nil || len(ids) != 0 {
				t.Fatalf("got %v, %v", ids, err)
			}
		})
	}
}

func TestExtendedErrorRecovery(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	mustExec(t, conn, `CREATE TABLE k (id int PRIMARY KEY)`)
	mustExec(t, conn, `INSERT INTO k VALUES ($1)`, 1)
	if _, err := conn.Exec(ctx, `INSERT INTO k VALUES ($1)`, 1); pgCode(err) != "23505" {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := conn.Exec(ctx, `SELECT * FROM missing WHERE id = $1`, 1); pgCode(err) != "42P01" {
		t.Fatalf("missing table: %v", err)
	}
	// A batch that fails half way rolls back as a whole.
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO k VALUES ($1)`, 2)
	b.Queue(`INSERT INTO k VALUES ($1)`, 1)
	b.Queue(`INSERT INTO k VALUES ($1)`, 3)
	if err := conn.SendBatch(ctx, b).Close(); pgCode(err) != "23505" {
		t.Fatalf("batch: %v", err)
	}
	var n int64
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM k WHERE id > $1`, 0).Scan(&n); err != nil || n != 1 {
		t.Fatalf("after failed batch: %d, %v", n, err)
	}
	// A successful batch commits.
	b = &pgx.Batch{}
	b.Queue(`INSERT INTO k VALUES ($1)`, 2)
	b.Queue(`INSERT INTO k VALUES ($1)`, 3)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM k WHERE id > $1`, 0).Scan(&n); err != nil || n != 3 {
		t.Fatalf("after batch: %d, %v", n, err)
	}
	// Bad parameter text.
	if _, err := conn.Exec(ctx, `SELECT $1::int`, "x"); pgCode(err) != "22P02" {
		t.Fatalf("bad int: %v", err)
	}
}

func TestExtendedTransactions(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	mustExec(t, conn, `CREATE TABLE a (id int PRIMARY KEY, v text)`)

	mustExec(t, conn, `BEGIN`)
	mustExec(t, conn, `INSERT INTO a VALUES ($1, $2)`, 1, "one")
	mustExec(t, conn, `ROLLBACK`)
	mustExec(t, conn, `BEGIN`)
	mustExec(t, conn, `INSERT INTO a VALUES ($1, $2)`, 2, "two")
	var v string
	if err := conn.QueryRow(ctx, `SELECT v FROM a WHERE id = $1`, 2).Scan(&v); err != nil || v != "two" {
		t.Fatalf("in block: %q, %v", v, err)
	}
	mustExec(t, conn, `COMMIT`)
	var n int64
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM a WHERE id >= $1`, 0).Scan(&n); err != nil || n != 1 {
		t.Fatalf("count: %d, %v", n, err)
	}

	// An error fails the block until ROLLBACK.
	mustExec(t, conn, `BEGIN`)
	if _, err := conn.Exec(ctx, `INSERT INTO a VALUES ($1, $2)`, 2, "dup"); pgCode(err) != "23505" {
		t.Fatalf("dup: %v", err)
	}
	if _, err := conn.Exec(ctx, `SELECT v FROM a WHERE id = $1`, 2); pgCode(err) != "25P02" {
		t.Fatalf("failed block: %v", err)
	}
	if conn.PgConn().TxStatus() != 'E' {
		t.Fatalf("tx status %c", conn.PgConn().TxStatus())
	}
	mustExec(t, conn, `ROLLBACK`)

	// pgx's own transactions.
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO a VALUES ($1, $2)`, 3, "three"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `SELECT v FROM a WHERE id = $1`, 3).Scan(&v); err != nil || v != "three" {
		t.Fatalf("after commit: %q, %v", v, err)
	}
}

func TestExtendedProtocolDetails(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	pc := conn.PgConn()
	mustExec(t, conn, `CREATE TABLE r (id int PRIMARY KEY)`)
	for i := 1; i <= 5; i++ {
		mustExec(t, conn, `INSERT INTO r VALUES ($1)`, i)
	}
	sd, err := pc.Prepare(ctx, "s1", `SELECT id FROM r WHERE id > $1 ORDER BY id`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sd.ParamOIDs) != 1 || sd.ParamOIDs[0] != 23 || len(sd.Fields) != 1 {
		t.Fatalf("description: %+v", sd)
	}
	if _, err := pc.Prepare(ctx, "s1", `SELECT 1`, nil); pgCode(err) != "42P05" {
		t.Fatalf("duplicate statement: %v", err)
	}
	res := pc.ExecPrepared(ctx, "s1", [][]byte{[]byte("2")}, nil, nil).Read()
	if res.Err != nil || len(res.Rows) != 3 || res.CommandTag.String() != "SELECT 3" {
		t.Fatalf("exec prepared: %v %d %s", res.Err, len(res.Rows), res.CommandTag)
	}
	res = pc.ExecPrepared(ctx, "s1", [][]byte{{0, 0, 0, 4}}, []int16{1}, []int16{1}).Read()
	if res.Err != nil || len(res.Rows) != 1 || string(res.Rows[0][0]) != "\x00\x00\x00\x05" {
		t.Fatalf("binary: %v %q", res.Err, res.Rows)
	}
	if res := pc.ExecParams(ctx, `SELECT interval '1 day 00:00:02'`, nil, nil, nil, []int16{1}).Read(); res.Err != nil ||
		len(res.Rows) != 1 || string(res.Rows[0][0]) != "\x00\x00\x00\x00\x00\x1e\x84\x80\x00\x00\x00\x01\x00\x00\x00\x00" {
		t.Fatalf("binary interval: %v %q", res.Err, res.Rows)
	}
	if res := pc.ExecPrepared(ctx, "s1", nil, nil, nil).Read(); pgCode(res.Err) != "08P01" {
		t.Fatalf("param count: %v", res.Err)
	}
	if res := pc.ExecPrepared(ctx, "nope", nil, nil, nil).Read(); pgCode(res.Err) != "26000" {
		t.Fatalf("missing statement: %v", res.Err)
	}
	if err := pc.Deallocate(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	// Empty query.
	if _, err := pc.Prepare(ctx, "empty", ``, nil); err != nil {
		t.Fatal(err)
	}
	if res := pc.ExecPrepared(ctx, "empty", nil, nil, nil).Read(); res.Err != nil {
		t.Fatalf("empty: %v", res.Err)
	}
}

func TestExtendedPortalSuspend(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{})
	w := &collectWriter{}
	for _, q := range []string{`CREATE TABLE p (id int PRIMARY KEY)`, `INSERT INTO p VALUES (1), (2), (3), (4), (5)`} {
		if err := s.Query(ctx, q, w); err != nil {
			t.Fatal(err)
		}
	}
	w.take()
	if _, err := s.Prepare(ctx, "", `SELECT id FROM p ORDER BY id`, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, "c", "", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		suspended, err := s.Execute(ctx, "c", 2, w)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, w.take()...)
		if !suspended {
			break
		}
		got = append(got, "|")
	}
	want := "1 2 | 3 4 | 5 SELECT 1"
	if s := join(got); s != want {
		t.Fatalf("got %q want %q", s, want)
	}
	// Executed again: no rows.
	if _, err := s.Execute(ctx, "c", 0, w); err != nil {
		t.Fatal(err)
	}
	if s := join(w.take()); s != "SELECT 0" {
		t.Fatalf("again: %q", s)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if s.TxStatus() != 'I' {
		t.Fatalf("status %c", s.TxStatus())
	}
}

// collectWriter records what a statement sends, as words.
type collectWriter struct{ out []string }

func (w *collectWriter) Columns([]pgwire.Column) error { return nil }
func (w *collectWriter) Row(values [][]byte) error {
	for _, v := range values {
		w.out = append(w.out, string(v))
	}
	return nil
}
func (w *collectWriter) Complete(tag string) error { w.out = append(w.out, tag); return nil }
func (w *collectWriter) Empty() error              { w.out = append(w.out, "EMPTY"); return nil }
func (w *collectWriter) Notice(n errs.Notice) error {
	w.out = append(w.out, "NOTICE "+n.Message)
	return nil
}

func (w *collectWriter) take() []string {
	out := w.out
	w.out = nil
	return out
}

func join(words []string) string { return strings.Join(words, " ") }

func TestExtendedTxnControlMessages(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	pc := conn.PgConn()
	mustExec(t, conn, `CREATE TABLE x (id int PRIMARY KEY)`)
	run := func(sql string, args ...string) pgconn.CommandTag {
		t.Helper()
		params := make([][]byte, len(args))
		for i, a := range args {
			params[i] = []byte(a)
		}
		res := pc.ExecParams(ctx, sql, params, nil, nil, nil).Read()
		if res.Err != nil {
			t.Fatalf("%s: %v", sql, res.Err)
		}
		return res.CommandTag
	}
	run(`BEGIN`)
	if pc.TxStatus() != 'T' {
		t.Fatalf("after BEGIN: %c", pc.TxStatus())
	}
	run(`INSERT INTO x VALUES ($1)`, "1")
	run(`ROLLBACK`)
	run(`BEGIN`)
	run(`INSERT INTO x VALUES ($1)`, "2")
	if tag := run(`COMMIT`); tag.String() != "COMMIT" {
		t.Fatalf("tag %s", tag)
	}
	if pc.TxStatus() != 'I' {
		t.Fatalf("after COMMIT: %c", pc.TxStatus())
	}
	if tag := run(`SELECT id FROM x WHERE id >= $1`, "0"); tag.String() != "SELECT 1" {
		t.Fatalf("tag %s", tag)
	}
	run(`SET application_name = 'ext'`)
	res := pc.ExecParams(ctx, `SHOW application_name`, nil, nil, nil, nil).Read()
	if res.Err != nil || len(res.Rows) != 1 || string(res.Rows[0][0]) != "ext" {
		t.Fatalf("SHOW: %v %q", res.Err, res.Rows)
	}
	// Read and write in one batch: the write commits at Sync.
	b := &pgx.Batch{}
	b.Queue(`SELECT count(*) FROM x WHERE id > $1`, 0)
	b.Queue(`INSERT INTO x VALUES ($1)`, 3)
	b.Queue(`SELECT count(*) FROM x WHERE id > $1`, 0)
	br := conn.SendBatch(ctx, b)
	var n1, n2 int64
	if err := br.QueryRow().Scan(&n1); err != nil {
		t.Fatal(err)
	}
	if _, err := br.Exec(); err != nil {
		t.Fatal(err)
	}
	if err := br.QueryRow().Scan(&n2); err != nil {
		t.Fatal(err)
	}
	if err := br.Close(); err != nil {
		t.Fatal(err)
	}
	if n1 != 1 || n2 != 2 {
		t.Fatalf("counts %d %d", n1, n2)
	}
}

func TestExtendedBinaryTypes(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	var (
		i2 int16
		f4 float32
		bs []byte
		u  pgtype.UUID
		ts time.Time
		n  pgtype.Numeric
	)
	at := time.Date(1999, 12, 31, 23, 59, 59, 500000000, time.UTC)
	uuid := [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	err := conn.QueryRow(ctx, `SELECT $1::int2, $2::real, $3::bytea, $4::uuid, $5::timestamp, $6::numeric`,
		int16(-7), float32(1.5), []byte{0, 1, 255}, pgtype.UUID{Bytes: uuid, Valid: true}, at, "-12345.000678").
		Scan(&i2, &f4, &bs, &u, &ts, &n)
	if err != nil {
		t.Fatal(err)
	}
	nv, _ := n.Value()
	if i2 != -7 || f4 != 1.5 || string(bs) != "\x00\x01\xff" || u.Bytes != uuid || !ts.Equal(at) || nv != "-12345.000678" {
		t.Fatalf("got %v %v %v %v %v %v", i2, f4, bs, u, ts, nv)
	}
}

func TestNumericBinaryRoundTrip(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "12.34", "10000", "0.0001", "-12345.000678", "99999999.99", "0.00", "NaN", "Infinity", "-Infinity", "1000000000000000000000.5"} {
		b, ok := appendNumericBinary(nil, s)
		if !ok {
			t.Fatalf("%s: not encoded", s)
		}
		got, ok := numericText(b)
		if !ok || got != s {
			t.Errorf("%s: round trip gave %q", s, got)
		}
	}
}

// TestExtendedNoBlock: on the extended protocol too, CLUSTER of every
// table and REINDEX CONCURRENTLY are refused inside a block (25001) and
// run outside one.
func TestExtendedNoBlock(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	pc := conn.PgConn()
	mustExec(t, conn, `CREATE TABLE nb (id int PRIMARY KEY)`)
	exec := func(sql string) error {
		return pc.ExecParams(ctx, sql, nil, nil, nil, nil).Read().Err
	}
	for _, q := range []string{`CLUSTER`, `REINDEX TABLE CONCURRENTLY nb`} {
		if err := exec(q); err != nil {
			t.Fatalf("%s outside a block: %v", q, err)
		}
		if err := exec(`BEGIN`); err != nil {
			t.Fatal(err)
		}
		var pe *pgconn.PgError
		if err := exec(q); !errors.As(err, &pe) || pe.Code != "25001" {
			t.Fatalf("%s in a block: %v", q, err)
		}
		if err := exec(`ROLLBACK`); err != nil {
			t.Fatal(err)
		}
	}
}
