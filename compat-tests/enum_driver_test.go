package compattests

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// execAndLoadTypes runs the statements on conn, then registers the
// types named with its type map through pgx's LoadType, which reads
// pg_type (and pg_enum) as pgx finds a type.
func execAndLoadTypes(ctx context.Context, t *testing.T, conn *pgx.Conn, stmts []string, types ...string) {
	t.Helper()
	for _, sql := range stmts {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, tp := range types {
		dt, err := conn.LoadType(ctx, tp)
		if err != nil {
			t.Fatalf("LoadType(%s): %v", tp, err)
		}
		conn.TypeMap().RegisterType(dt)
	}
}

// TestDriverPgxEnums round-trips an enum column through pgx in each of
// its query modes: labels as parameters (text and, where pgx chooses it,
// binary format), the enum's own type OID in the results, and pgx's
// LoadType, which reads pg_type and pg_enum to register the enum and its
// array type.
func TestDriverPgxEnums(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		suffix := strings.ReplaceAll(mode.String(), " ", "_")
		typ, table := "pmood_"+suffix, "pmood_t_"+suffix
		execAndLoadTypes(ctx, t, conn, []string{
			"CREATE TYPE " + typ + " AS ENUM ('sad', 'ok', 'happy')",
			"CREATE TABLE " + table + " (id int PRIMARY KEY, m " + typ + ")",
		}, typ, "_"+typ)
		for i, m := range []string{"happy", "sad", "ok"} {
			if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", i+1, m); err != nil {
				t.Fatalf("insert %s: %v", m, err)
			}
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", 9, "angry"); err == nil || !strings.Contains(err.Error(), "22P02") {
			t.Errorf("insert of a bad label: %v, want 22P02", err)
		}
		rows, err := conn.Query(ctx, "SELECT m FROM "+table+" WHERE m >= $1 ORDER BY m", "ok")
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || !reflect.DeepEqual(got, []string{"ok", "happy"}) {
			t.Errorf("m >= ok: %v, %v", got, err)
		}
		var all []string
		if err := conn.QueryRow(ctx, "SELECT enum_range(NULL::"+typ+")").Scan(&all); err != nil || !reflect.DeepEqual(all, []string{"sad", "ok", "happy"}) {
			t.Errorf("enum_range: %v, %v", all, err)
		}
		var oid uint32
		if err := conn.QueryRow(ctx, "SELECT oid FROM pg_type WHERE typname = $1", typ).Scan(&oid); err != nil {
			t.Fatal(err)
		}
		// A client that declares the parameter's type by the enum's OID.
		sd, err := conn.PgConn().Prepare(ctx, "", "SELECT id FROM "+table+" WHERE m = $1", []uint32{oid})
		if err != nil {
			t.Fatalf("prepare with the enum's OID: %v", err)
		}
		if len(sd.ParamOIDs) != 1 || sd.ParamOIDs[0] != oid {
			t.Errorf("ParameterDescription: %v, want [%d]", sd.ParamOIDs, oid)
		}
		res := conn.PgConn().ExecPrepared(ctx, "", [][]byte{[]byte("sad")}, nil, nil).Read()
		if res.Err != nil || len(res.Rows) != 1 || string(res.Rows[0][0]) != "2" {
			t.Errorf("m = $1 (sad): %v, %v", res.Rows, res.Err)
		}
		rows, err = conn.Query(ctx, "SELECT m FROM "+table+" WHERE id = 1")
		if err != nil {
			t.Fatal(err)
		}
		if fds := rows.FieldDescriptions(); len(fds) != 1 || fds[0].DataTypeOID != oid {
			t.Errorf("RowDescription: %+v, want type OID %d", fds, oid)
		}
		rows.Close()
	})
}
