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
