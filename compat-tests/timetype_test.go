package compattests

import (
	"context"
	"database/sql"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDriverTime round-trips SQL time through pgx in every query mode
// (binary parameters and results in the extended ones) and lib/pq (text).
func TestDriverTime(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	const us = int64(13*3600+14*60+15)*1_000_000 + 123456
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_time_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id int8 PRIMARY KEY, t time, t2 time(2), ta time[])"); err != nil {
			t.Fatal(err)
		}
		in := pgtype.Time{Microseconds: us, Valid: true}
		arr := []pgtype.Time{{Microseconds: 0, Valid: true}, {}, {Microseconds: 86400e6, Valid: true}}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3, $4)", int64(1), in, in, arr); err != nil {
			t.Fatal(err)
		}
		var got, got2 pgtype.Time
		var gotArr []pgtype.Time
		var text string
		err := conn.QueryRow(ctx, "SELECT t, t2, ta, t::text FROM "+table+" WHERE t = $1", in).Scan(&got, &got2, &gotArr, &text)
		if err != nil {
			t.Fatal(err)
		}
		if got != in || got2.Microseconds != us-3456 || text != "13:14:15.123456" || !reflect.DeepEqual(gotArr, arr) {
			t.Errorf("got %+v, %+v, %+v, %q", got, got2, gotArr, text)
		}
		var sum pgtype.Time
		if err := conn.QueryRow(ctx, "SELECT make_time(23, 0, 0) + interval '2 hours'").Scan(&sum); err != nil || sum.Microseconds != 3600e6 {
			t.Errorf("make_time + interval: %+v, %v", sum, err)
		}
	})

	db, err := sql.Open("postgres", s.url("main"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE drv_time_pq (id int8 PRIMARY KEY, t time)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO drv_time_pq VALUES ($1, $2)", 1, "13:14:15.5"); err != nil {
		t.Fatal(err)
	}
	// lib/pq reads a time as a time.Time on 0000-01-01.
	var tm time.Time
	if err := db.QueryRow("SELECT t FROM drv_time_pq WHERE t > $1", "13:00").Scan(&tm); err != nil || tm.Format("15:04:05.000") != "13:14:15.500" {
		t.Errorf("lib/pq: %v, %v", tm, err)
	}
}

// TestDriverTimeTZ round-trips SQL timetz through pgx in every query mode
// (pgx has no codec of timetz: it reads and writes its text, also in the
// extended modes), in binary through pgconn, and through lib/pq, which
// reads a timetz as a time.Time on 0000-01-01 at its offset.
func TestDriverTimeTZ(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_timetz_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id int8 PRIMARY KEY, t timetz, t2 timetz(0), ta timetz[])"); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3, $4)", int64(1), "13:14:15.5-03:30", "13:14:15.5-03:30", "{01:00+02,NULL}"); err != nil {
			t.Fatal(err)
		}
		var got, got2, arr, typ string
		err := conn.QueryRow(ctx, "SELECT t, t2, ta, pg_typeof(current_time)::text FROM "+table+" WHERE t = $1", "16:44:15.5+00").Scan(&got, &got2, &arr, &typ)
		if err == nil || !strings.Contains(err.Error(), "no rows") {
			t.Errorf("the same instant at another offset is not equal: %v, %q", err, got)
		}
		err = conn.QueryRow(ctx, "SELECT t, t2, ta, pg_typeof(current_time)::text FROM "+table+" WHERE t = $1", "13:14:15.5-03:30").Scan(&got, &got2, &arr, &typ)
		if err != nil {
			t.Fatal(err)
		}
		if got != "13:14:15.5-03:30" || got2 != "13:14:16-03:30" || arr != "{01:00:00+02,NULL}" || typ != "time with time zone" {
			t.Errorf("got %q, %q, %q, %q", got, got2, arr, typ)
		}
	})

	// Binary results and parameters: microseconds, then seconds west.
	conn := pgxConnect(ctx, t, s.url("main"))
	param := []byte{0, 0, 0, 0x0a, 0xf4, 0x21, 0x5c, 0x60, 0, 0, 0x31, 0x38} // 13:04:05.5, 12600 s west
	rr := conn.PgConn().ExecParams(ctx, "SELECT $1::timetz, $1::timetz::text", [][]byte{param}, []uint32{1266}, []int16{1}, []int16{1, 0})
	res := rr.Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if len(res.Rows) != 1 || string(res.Rows[0][0]) != string(param) || string(res.Rows[0][1]) != "13:04:05.5-03:30" || res.FieldDescriptions[0].DataTypeOID != 1266 {
		t.Errorf("binary timetz: %x, %q, %+v", res.Rows, res.Rows, res.FieldDescriptions)
	}
	// An array of them: its header names the element type 1266, and the
	// element is the 12 bytes above.
	rr = conn.PgConn().ExecParams(ctx, "SELECT ARRAY[$1::timetz]", [][]byte{param}, []uint32{1266}, []int16{1}, []int16{1})
	if res = rr.Read(); res.Err != nil {
		t.Fatal(res.Err)
	}
	if len(res.Rows) != 1 || res.FieldDescriptions[0].DataTypeOID != 1270 {
		t.Fatalf("timetz[]: %x, %+v", res.Rows, res.FieldDescriptions)
	}
	arr := res.Rows[0][0]
	if len(arr) != 20+4+12 || string(arr[8:12]) != "\x00\x00\x04\xf2" || string(arr[24:]) != string(param) {
		t.Errorf("timetz[] in binary: %x", arr)
	}

	db, err := sql.Open("postgres", s.url("main"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tm time.Time
	if err := db.QueryRow("SELECT $1::timetz", "13:14:15.5-03:30").Scan(&tm); err != nil || tm.Format("15:04:05.000 -07:00") != "13:14:15.500 -03:30" {
		t.Errorf("lib/pq: %v, %v", tm, err)
	}
}
