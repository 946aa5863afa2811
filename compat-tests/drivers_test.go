package compattests

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/lib/pq"
)

// The driver checks: each real client library connects with SCRAM, runs
// DDL, round-trips every supported type through parameters, commits and
// rolls back, checks SQLSTATEs and runs a ZQL statement (drivers/README.md).
// The programs in other languages run as child processes against one
// server; pgx and lib/pq are checked here in Go.

// driverEnv is the environment a driver program connects with.
func driverEnv(s *server) []string {
	return append(os.Environ(), "PGHOST="+s.host(), "PGPORT="+s.port(), "PGUSER=root",
		"PGPASSWORD="+testPassword, "PGDATABASE=main", "PGSSLMODE=disable",
		"TZ=UTC") // node-postgres reads a date at local midnight
}

// runDriver runs a driver program and requires it to report OK.
func runDriver(t *testing.T, s *server, dir string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = driverEnv(s)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OK ") {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func TestDriverPsycopg(t *testing.T) {
	python := requireTool(t, "/usr/bin/python3")
	s := startServer(t, "")
	for _, mod := range []string{"psycopg2", "psycopg"} {
		t.Run(mod, func(t *testing.T) {
			requirePythonModules(t, python, mod)
			runDriver(t, s, "drivers/python", python, "check.py", mod)
		})
	}
}

func TestDriverNode(t *testing.T) {
	node := requireTool(t, "node")
	if _, err := os.Stat("drivers/node/node_modules/pg"); err != nil {
		missing(t, "drivers/node/node_modules (run npm ci in compat-tests/drivers/node)")
	}
	s := startServer(t, "")
	for _, prog := range []string{"pg.mjs", "postgresjs.mjs"} {
		t.Run(prog, func(t *testing.T) { runDriver(t, s, "drivers/node", node, prog) })
	}
}

func TestDriverJDBC(t *testing.T) {
	javac := requireTool(t, "javac")
	java := requireTool(t, "java")
	const jar = "/usr/share/java/postgresql.jar"
	if _, err := os.Stat(jar); err != nil {
		missing(t, jar+" (Debian libpostgresql-jdbc-java)")
	}
	classes := t.TempDir()
	if out, err := exec.Command(javac, "-d", classes, "-cp", jar, "drivers/jdbc/Check.java").CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	s := startServer(t, "")
	runDriver(t, s, classes, java, "-cp", jar+":"+classes, "Check")
}

func TestDriverTokioPostgres(t *testing.T) {
	// Debian's cargo, which matches the crate versions of Debian's
	// registry; a rustup cargo earlier on PATH may be newer.
	cargo := requireTool(t, "/usr/bin/cargo")
	if _, err := os.Stat("/usr/share/cargo/registry/tokio-postgres-0.7.7"); err != nil {
		if matches, _ := filepath.Glob("/usr/share/cargo/registry/tokio-postgres-*"); len(matches) == 0 {
			missing(t, "Debian librust-tokio-postgres-dev")
		}
	}
	target := os.Getenv("ZERODB_CARGO_TARGET")
	if target == "" {
		target = filepath.Join(os.TempDir(), "zerodb-driver-check-target")
	}
	build := exec.Command(cargo, "build", "--offline", "--quiet", "--target-dir", target)
	build.Dir = "drivers/rust"
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("cargo build: %v\n%s", err, out)
	}
	s := startServer(t, "")
	runDriver(t, s, "drivers/rust", filepath.Join(target, "debug", "zerodb-driver-check"))
}

// missing fails under CI and skips elsewhere, like requireTool.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI but not installed", what)
	}
	t.Skipf("%s not installed", what)
}

// driverTypes are the columns every Go driver check round-trips.
const driverTable = `CREATE TABLE %s (id int8 PRIMARY KEY, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8,
	n numeric, b bool, t text, vc varchar(10), by bytea, u uuid, ts timestamp, tz timestamptz, iv interval, jb jsonb,
	d date, ia int4[], ta text[])`

const driverCols = "i2, i4, i8, f4, f8, n, b, t, vc, by, u, ts, tz, iv, jb, d, ia, ta"

// driverInsert inserts id and driverCols from parameters.
const driverInsert = " (id, " + driverCols + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"

// eachPgxMode runs test as a subtest per pgx query mode (the extended
// protocol with cached, described or unnamed statements, and the simple
// protocol), each with a connection of its own to s.
func eachPgxMode(t *testing.T, s *server, test func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode)) {
	ctx := context.Background()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, err := pgx.ParseConfig(s.url("main"))
			if err != nil {
				t.Fatal(err)
			}
			cfg.DefaultQueryExecMode = mode
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			test(t, conn, mode)
		})
	}
}

func TestDriverPgx(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		{
			var err error
			table := "drv_pgx_" + strings.ReplaceAll(mode.String(), " ", "_")
			mustExec := func(sql string, args ...any) {
				t.Helper()
				if _, err := conn.Exec(ctx, sql, args...); err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
			}
			mustExec(strings.Replace(driverTable, "%s", table, 1))
			ts := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC)
			num := pgtype.Numeric{Int: big.NewInt(12345678901234567), Exp: -12, Valid: true}
			in := []any{int16(12), int32(-123456), int64(9007199254740993), float32(1.5), 2.25, num, true,
				"héllo, 'world'", "short", []byte{0, 1, 0xfe, 0xff}, pgtype.UUID{Bytes: [16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}, Valid: true},
				ts, ts, pgtype.Interval{Microseconds: 7384000000, Days: 1, Valid: true}, `{"a": [1, 2, {"b": null}], "c": "d"}`,
				pgtype.Date{Time: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), Valid: true},
				[]pgtype.Int4{{Int32: 1, Valid: true}, {Int32: 2, Valid: true}, {}, {Int32: 4, Valid: true}},
				[]pgtype.Text{{String: "a", Valid: true}, {String: "b c", Valid: true}, {String: `q"uote`, Valid: true}, {String: "", Valid: true}, {}}}
			args := append([]any{int64(1)}, in...)
			mustExec("INSERT INTO "+table+driverInsert, args...)
			nulls := make([]any, len(in)+1)
			nulls[0] = int64(2)
			mustExec("INSERT INTO "+table+driverInsert, nulls...)

			var (
				i2    int16
				i4    int32
				i8    int64
				f4    float32
				f8    float64
				n     pgtype.Numeric
				b     bool
				tx    string
				vc    string
				by    []byte
				u     pgtype.UUID
				tsv   time.Time
				tzv   time.Time
				iv    pgtype.Interval
				jbRaw map[string]any
				d     pgtype.Date
				ia    []pgtype.Int4
				ta    []pgtype.Text
			)
			err = conn.QueryRow(ctx, "SELECT "+driverCols+" FROM "+table+" WHERE id = $1", int64(1)).
				Scan(&i2, &i4, &i8, &f4, &f8, &n, &b, &tx, &vc, &by, &u, &tsv, &tzv, &iv, &jbRaw, &d, &ia, &ta)
			if err != nil {
				t.Fatal(err)
			}
			nf, _ := n.Float64Value()
			got := []any{i2, i4, i8, f4, f8, nf.Float64, b, tx, vc, by, u, tsv.UTC(), tzv.UTC(), iv.Microseconds + int64(iv.Days)*86400e6, jbRaw, d, ia, ta}
			wantNum, _ := num.Float64Value()
			want := []any{in[0], in[1], in[2], in[3], in[4], wantNum.Float64, in[6], in[7], in[8], in[9], in[10], ts, ts, int64(7384000000 + 86400e6),
				map[string]any{"a": []any{1.0, 2.0, map[string]any{"b": nil}}, "c": "d"}, in[15], in[16], in[17]}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("column %d: got %#v, want %#v", i, got[i], want[i])
				}
			}
			var allNull bool
			if err := conn.QueryRow(ctx, "SELECT "+strings.ReplaceAll(driverCols, ",", " IS NULL AND")+" IS NULL FROM "+table+" WHERE id = $1", int64(2)).Scan(&allNull); err != nil || !allNull {
				t.Errorf("row of NULLs: %v, %v", allNull, err)
			}
			checkTxnAndErrors(t, func(sql string, args ...any) error { _, err := conn.Exec(ctx, sql, args...); return err },
				func(sql string) ([]int64, error) {
					rows, err := conn.Query(ctx, sql)
					if err != nil {
						return nil, err
					}
					return pgx.CollectRows(rows, pgx.RowTo[int64])
				}, table, func(err error) string {
					var pe *pgconn.PgError
					if errors.As(err, &pe) {
						return pe.Code
					}
					return err.Error()
				})
			rows, err := conn.Query(ctx, "[ x * 2 : x in [1, 2, 3] ]")
			if err != nil {
				t.Fatal(err)
			}
			zql, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil || !reflect.DeepEqual(zql, []int64{2, 4, 6}) {
				t.Errorf("ZQL rows: %v, %v", zql, err)
			}
		}
	})
}

// checkTxnAndErrors is the transaction and SQLSTATE part of a driver
// check, for drivers driven from Go.
func checkTxnAndErrors(t *testing.T, exec func(string, ...any) error, ids func(string) ([]int64, error), table string, sqlstate func(error) string) {
	t.Helper()
	for _, script := range [][]string{{"BEGIN", "INSERT INTO " + table + " (id) VALUES (3)", "ROLLBACK"},
		{"BEGIN", "INSERT INTO " + table + " (id) VALUES (4)", "COMMIT"}} {
		for _, sql := range script {
			if err := exec(sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	got, err := ids("SELECT id FROM " + table + " WHERE id IN (3, 4) ORDER BY id")
	if err != nil || !reflect.DeepEqual(got, []int64{4}) {
		t.Errorf("after rollback and commit: %v, %v", got, err)
	}
	for sql, want := range map[string]string{"SELECT 1 / 0": "22012", "INSERT INTO " + table + " (id) VALUES (1)": "23505"} {
		if err := exec(sql); err == nil || sqlstate(err) != want {
			t.Errorf("%s: got %v, want SQLSTATE %s", sql, err, want)
		}
	}
}

func TestDriverLibPQ(t *testing.T) {
	s := startServer(t, "")
	db, err := sql.Open("postgres", s.url("main"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // BEGIN ... COMMIT as separate Execs need one connection
	const table = "drv_libpq"
	if _, err := db.Exec(strings.Replace(driverTable, "%s", table, 1)); err != nil {
		t.Fatal(err)
	}
	ts := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC)
	jb := `{"a": [1, 2, {"b": null}], "c": "d"}`
	in := []any{int64(12), int64(-123456), int64(9007199254740993), 1.5, 2.25, "12345.678901234567890", true,
		"héllo, 'world'", "short", []byte{0, 1, 0xfe, 0xff}, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ts, ts, "1 day 02:03:04", jb,
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "{1,2,NULL,4}", `{a,"b c","q\"uote","",NULL}`}
	ins := "INSERT INTO " + table + driverInsert
	if _, err := db.Exec(ins, append([]any{1}, in...)...); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ins, append([]any{2}, make([]any, len(in))...)...); err != nil {
		t.Fatal(err)
	}
	got := make([]any, len(in))
	ptrs := make([]any, len(in))
	for i := range got {
		ptrs[i] = &got[i]
	}
	if err := db.QueryRow("SELECT "+driverCols+" FROM "+table+" WHERE id = $1", 1).Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	// lib/pq returns text-format values as their natural Go types or
	// []byte; compare through their text.
	for i, want := range in {
		g := got[i]
		if bs, ok := g.([]byte); ok && i != 9 {
			g = string(bs)
		}
		switch w := want.(type) {
		case time.Time:
			if gt, ok := g.(time.Time); !ok || !gt.Equal(w) {
				t.Errorf("column %d: got %#v, want %v", i, g, w)
			}
			continue
		case string:
			if i == 14 {
				var a, b any
				_ = json.Unmarshal([]byte(w), &a)
				_ = json.Unmarshal([]byte(g.(string)), &b)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("jsonb: got %v, want %v", g, w)
				}
				continue
			}
		}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("column %d: got %#v, want %#v", i, g, want)
		}
	}
	for i := range got {
		got[i] = "not null"
	}
	if err := db.QueryRow("SELECT "+driverCols+" FROM "+table+" WHERE id = $1", 2).Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	for i, g := range got {
		if g != nil {
			t.Errorf("NULL column %d: got %#v", i, g)
		}
	}
	checkTxnAndErrors(t, func(sql string, args ...any) error { _, err := db.Exec(sql, args...); return err },
		func(sql string) ([]int64, error) {
			rows, err := db.Query(sql)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var out []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return nil, err
				}
				out = append(out, id)
			}
			return out, rows.Err()
		}, table, func(err error) string {
			var pe *pq.Error
			if errors.As(err, &pe) {
				return string(pe.Code)
			}
			return err.Error()
		})
	rows, err := db.Query("[ x * 2 : x in [1, 2, 3] ]")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var zql []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		zql = append(zql, v)
	}
	if !reflect.DeepEqual(zql, []string{"2", "4", "6"}) {
		t.Errorf("ZQL rows: %v, %v", zql, rows.Err())
	}
}

// TestDriverPgxDateRange: Go's zero time.Time (what a NULL-less struct
// field holds, year 1), the "valid until forever" 9999-12-31 and a BC
// date round-trip through pgx's parameters and results in every query
// mode, so in text and in binary.
func TestDriverPgxDateRange(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_range_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id int8 PRIMARY KEY, ts timestamp, tz timestamptz, d date)"); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "CREATE INDEX ON "+table+" (ts)"); err != nil {
			t.Fatal(err)
		}
		for i, tm := range []time.Time{
			{},
			time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC),
			time.Date(-43, 3, 15, 12, 0, 0, 0, time.UTC), // 44 BC
			time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC),
		} {
			day := time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC)
			if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3, $4)", int64(i), tm, tm, pgtype.Date{Time: day, Valid: true}); err != nil {
				t.Fatalf("insert %v: %v", tm, err)
			}
			var ts, tz time.Time
			var d pgtype.Date
			if err := conn.QueryRow(ctx, "SELECT ts, tz, d FROM "+table+" WHERE ts = $1", tm).Scan(&ts, &tz, &d); err != nil {
				t.Fatalf("select %v: %v", tm, err)
			}
			if !ts.Equal(tm) || !tz.Equal(tm) || !d.Time.Equal(day) {
				t.Errorf("%v: read back %v, %v, %v", tm, ts, tz, d.Time)
			}
		}
		var n int64
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE d < $1", pgtype.Date{Time: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), Valid: true}).Scan(&n); err != nil || n != 1 {
			t.Errorf("dates before 0001-01-01: %d, %v; want 1", n, err)
		}
		var inf pgtype.Date
		if err := conn.QueryRow(ctx, "SELECT $1::date", pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true}).Scan(&inf); err != nil || inf.InfinityModifier != pgtype.Infinity {
			t.Errorf("infinity date: %+v, %v", inf, err)
		}
	})
}
