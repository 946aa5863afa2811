package compattests

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestDriverPgxDomainArrays writes and reads a column of a domain's
// array type through pgx in each of its query modes: pgx's LoadType
// finds the domain and its array type (_name) in pg_type, arrays go in
// as parameters, the domain checks each element (23514), and a client
// that declares a parameter by the array type's OID is served.
func TestDriverPgxDomainArrays(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		suffix := strings.ReplaceAll(mode.String(), " ", "_")
		typ, table := "pdom_"+suffix, "pdom_t_"+suffix
		execAndLoadTypes(ctx, t, conn, []string{
			"CREATE DOMAIN " + typ + " AS int CHECK (VALUE > 0)",
			"CREATE TABLE " + table + " (id int PRIMARY KEY, a " + typ + "[])",
		}, typ, "_"+typ)
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", 1, []int32{1, 2}); err != nil {
			t.Fatalf("insert: %v", err)
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", 2, []int32{3, -4}); err == nil || !strings.Contains(err.Error(), "23514") {
			t.Errorf("insert of a bad element: %v, want 23514", err)
		}
		var got []int32
		if err := conn.QueryRow(ctx, "SELECT a FROM "+table+" WHERE id = $1", 1).Scan(&got); err != nil || !reflect.DeepEqual(got, []int32{1, 2}) {
			t.Errorf("read back: %v, %v", got, err)
		}
		if err := conn.QueryRow(ctx, "SELECT $1::"+typ+"[]", []int32{5}).Scan(&got); err != nil || !reflect.DeepEqual(got, []int32{5}) {
			t.Errorf("cast of a parameter: %v, %v", got, err)
		}
		var arr uint32
		if err := conn.QueryRow(ctx, "SELECT typarray FROM pg_type WHERE typname = $1", typ).Scan(&arr); err != nil || arr == 0 {
			t.Fatalf("typarray: %d, %v", arr, err)
		}
		sd, err := conn.PgConn().Prepare(ctx, "", "INSERT INTO "+table+" VALUES (3, $1)", []uint32{arr})
		if err != nil {
			t.Fatalf("prepare with the array type's OID: %v", err)
		}
		if len(sd.ParamOIDs) != 1 {
			t.Fatalf("ParameterDescription: %v", sd.ParamOIDs)
		}
		res := conn.PgConn().ExecPrepared(ctx, "", [][]byte{[]byte("{7,8}")}, nil, nil).Read()
		if res.Err != nil {
			t.Errorf("insert with the array type's OID: %v", res.Err)
		}
		res = conn.PgConn().ExecPrepared(ctx, "", [][]byte{[]byte("{0}")}, nil, nil).Read()
		if res.Err == nil || !strings.Contains(res.Err.Error(), "23514") {
			t.Errorf("insert of a bad element with the array type's OID: %v, want 23514", res.Err)
		}
	})
}
