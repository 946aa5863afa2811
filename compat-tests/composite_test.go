package compattests

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDriverComposite reads composite values through pgx in every query
// mode: an anonymous record (OID 2249), which pgx decodes from
// record_send's binary form only, and a table's row type as text.
func TestDriverComposite(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_comp_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (a int PRIMARY KEY, b text, c bool)"); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES (1, 'x y', true), (2, NULL, false)"); err != nil {
			t.Fatal(err)
		}
		var whole string
		if err := conn.QueryRow(ctx, "SELECT t::text FROM "+table+" t WHERE a = 1").Scan(&whole); err != nil || whole != `(1,"x y",t)` {
			t.Errorf("whole row as text: %q, %v", whole, err)
		}
		if mode == pgx.QueryExecModeSimpleProtocol || mode == pgx.QueryExecModeExec {
			return // pgx reads records in binary format only
		}
		var rec any
		if err := conn.QueryRow(ctx, "SELECT ROW(a, b, c, ARRAY[a, 7]) FROM "+table+" WHERE a = 2").Scan(&rec); err != nil {
			t.Fatal(err)
		}
		if want := any([]any{int32(2), nil, false, []any{int32(2), int32(7)}}); !reflect.DeepEqual(rec, want) {
			t.Errorf("record: %#v, want %#v", rec, want)
		}
		var nested any
		if err := conn.QueryRow(ctx, "SELECT ROW(1, ROW('a'::text, 2.5::float8))").Scan(&nested); err != nil {
			t.Fatal(err)
		}
		if want := any([]any{int32(1), []any{"a", 2.5}}); !reflect.DeepEqual(nested, want) {
			t.Errorf("nested record: %#v, want %#v", nested, want)
		}
		// A named composite, registered the way pgx learns one: from
		// pg_type and pg_attribute by its name.
		typ := "drv_pt_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TYPE "+typ+" AS (x int, y text)"); err != nil {
			t.Fatal(err)
		}
		dt, err := conn.LoadType(ctx, typ)
		if err != nil {
			t.Fatal(err)
		}
		conn.TypeMap().RegisterType(dt)
		var m any
		if err := conn.QueryRow(ctx, "SELECT ROW(5, 'five')::"+typ).Scan(&m); err != nil {
			t.Fatal(err)
		}
		if want := any(map[string]any{"x": int32(5), "y": "five"}); !reflect.DeepEqual(m, want) {
			t.Errorf("named composite: %#v, want %#v", m, want)
		}
		// And sent as a parameter in binary format (record_recv).
		var y string
		if err := conn.QueryRow(ctx, "SELECT ($1::"+typ+").y", pgtype.CompositeFields{int32(6), "six"}).Scan(&y); err != nil || y != "six" {
			t.Errorf("composite parameter: %q, %v", y, err)
		}
	})
}
