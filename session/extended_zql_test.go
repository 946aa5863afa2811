package session

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/engine/value"
)

// zqlRowsOf runs a ZQL statement with pgx and returns its result values as
// JSON text.
func zqlRowsOf(t *testing.T, conn *pgx.Conn, src string, args ...any) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), src, args...)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var raw json.RawMessage
		if err := rows.Scan(&raw); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		out = append(out, string(raw))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return out
}

func TestExtendedZQLParams(t *testing.T) {
	url := startTestServer(t)
	setup := testConn(t, url)
	mustExec(t, setup, `table::create(@persons)`)
	mustExec(t, setup, `persons::add(@ann, { name: "Ann", age: 30 })`)
	mustExec(t, setup, `persons::add(@bob, { name: "Bob", age: 17 })`)
	for _, m := range extModes {
		t.Run(m.name, func(t *testing.T) {
			conn := extConn(t, url, m.mode)
			// Undeclared parameters are strings.
			got := zqlRowsOf(t, conn, `[ p.age : p in persons, p.name == $1 ]`, "Ann")
			if strings.Join(got, ",") != "30" {
				t.Errorf("name == $1: got %v", got)
			}
			got = zqlRowsOf(t, conn, `type_of($1)`, "42")
			if strings.Join(got, ",") != `"string"` {
				t.Errorf("type_of($1): got %v", got)
			}
			// Converted in the query; a list result is one row per element.
			got = zqlRowsOf(t, conn, `persons |> filter .age > int($1) |> map .name`, "18")
			if strings.Join(got, ",") != `"Ann"` {
				t.Errorf("int($1): got %v", got)
			}
			got = zqlRowsOf(t, conn, `[$1, $2, $1 + $2]`, "a", "b")
			if strings.Join(got, ",") != `"a","b","ab"` {
				t.Errorf("[$1, $2]: got %v", got)
			}
			// NULL is none.
			got = zqlRowsOf(t, conn, `is_none($1)`, nil)
			if strings.Join(got, ",") != `true` {
				t.Errorf("is_none($1): got %v", got)
			}
			// Writes with parameters, reused statement.
			for _, name := range []string{"Cy", "Dee"} {
				got = zqlRowsOf(t, conn, `persons::put(symbol($1), { name: $2 }).name`, strings.ToLower(name), name)
				if strings.Join(got, ",") != `"`+name+`"` {
					t.Errorf("put %s: got %v", name, got)
				}
			}
		})
	}
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	got := zqlRowsOf(t, conn, `persons |> count`)
	if strings.Join(got, ",") != "4" {
		t.Errorf("count after puts: got %v", got)
	}
}

func TestExtendedZQLDeclaredTypes(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	pc := conn.PgConn()
	sd, err := pc.Prepare(ctx, "typed", `[type_of($1), type_of($2), type_of($3), $3.a, type_of($4), type_of($5)]`,
		[]uint32{value.OIDInt8, value.OIDText, value.OIDJSONB, value.OIDBool})
	if err != nil {
		t.Fatal(err)
	}
	want := []uint32{value.OIDInt8, value.OIDText, value.OIDJSONB, value.OIDBool, value.OIDText}
	if len(sd.ParamOIDs) != len(want) {
		t.Fatalf("ParameterDescription %v, want %v", sd.ParamOIDs, want)
	}
	for i := range want {
		if sd.ParamOIDs[i] != want[i] {
			t.Fatalf("ParameterDescription %v, want %v", sd.ParamOIDs, want)
		}
	}
	if len(sd.Fields) != 1 || sd.Fields[0].Name != "result" || sd.Fields[0].DataTypeOID != value.OIDJSONB {
		t.Fatalf("RowDescription %+v", sd.Fields)
	}
	res := pc.ExecPrepared(ctx, "typed", [][]byte{[]byte("7"), []byte("x"), []byte(`{"a": [1, "b"]}`), []byte("t"), []byte("y")}, nil, nil).Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	var vals []string
	for _, r := range res.Rows {
		vals = append(vals, string(r[0]))
	}
	if got, w := strings.Join(vals, " "), `"int" "string" "object" [1, "b"] "bool" "string"`; got != w {
		t.Errorf("got %s, want %s", got, w)
	}
	// Binary int8 and text parameters.
	res = pc.ExecPrepared(ctx, "typed", [][]byte{{0, 0, 0, 0, 0, 0, 0, 9}, []byte("x"), []byte(`{}`), {1}, []byte("y")}, []int16{1, 1, 0, 1, 1}, nil).Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	// A value that does not fit its declared type.
	res = pc.ExecPrepared(ctx, "typed", [][]byte{[]byte("seven"), nil, nil, nil, nil}, nil, nil).Read()
	if code := pgCode(res.Err); code != "22P02" {
		t.Errorf("bad int8: got %v, want 22P02", res.Err)
	}
}

func TestExtendedZQLErrors(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	tests := []struct {
		src  string
		code string
		pos  int32
		msg  string
	}{
		{`[1, $who]`, "0A000", 5, "parameter $who cannot be bound over the wire"},
		{`1; 2`, "42601", 0, "cannot insert multiple commands"},
		{`nosuch |> count`, "42703", 1, "unknown name"},
		{`[1,`, "42601", 0, ""},
	}
	for _, tt := range tests {
		_, err := conn.PgConn().Prepare(ctx, "", tt.src, nil)
		var pe *pgconn.PgError
		if err == nil || pgCode(err) != tt.code {
			t.Errorf("%s: got %v, want %s", tt.src, err, tt.code)
			continue
		}
		if errors.As(err, &pe); tt.pos != 0 && pe.Position != tt.pos {
			t.Errorf("%s: position %d, want %d", tt.src, pe.Position, tt.pos)
		}
		if !strings.Contains(pe.Message, tt.msg) {
			t.Errorf("%s: message %q, want %q", tt.src, pe.Message, tt.msg)
		}
	}
	// The connection still works.
	if got := zqlRowsOf(t, conn, `1 + 1`); strings.Join(got, ",") != "2" {
		t.Errorf("after errors: %v", got)
	}
	// An undeclared parameter is described as text: pgx will not encode an int into it.
	if _, err := conn.Exec(ctx, `type_of($1)`, 42); err == nil {
		t.Errorf("int into a text parameter: want pgx's encode error")
	}
}

// TestPreparedZQLRevalidatesObjects: a prepared statement that called a
// stored function or used an enum is translated again when the function
// is redefined or the enum dropped, as when its tables change.
func TestPreparedZQLRevalidatesObjects(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	setup := testConn(t, url)
	mustExec(t, setup, `function f(x: int) -> int { x * 2 }`)
	mustExec(t, setup, `enum::create(@color, [@red, @green])`)
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	call := `f(int($1))`
	if got := zqlRowsOf(t, conn, call, "21"); strings.Join(got, ",") != "42" {
		t.Fatalf("f(21): %v", got)
	}
	mustExec(t, setup, `function f(x: int) -> int { x * 3 }`)
	if got := zqlRowsOf(t, conn, call, "21"); strings.Join(got, ",") != "63" {
		t.Errorf("f(21) after the redefinition: %v, want 63", got)
	}
	// A builtin shadowed by a stored function defined after Parse.
	abs := `abs(int($1))`
	if got := zqlRowsOf(t, conn, abs, "-5"); strings.Join(got, ",") != "5" {
		t.Fatalf("abs(-5): %v", got)
	}
	mustExec(t, setup, `function abs(x: int) -> int { 0 }`)
	if got := zqlRowsOf(t, conn, abs, "-5"); strings.Join(got, ",") != "0" {
		t.Errorf("abs(-5) once a stored abs exists: %v, want 0", got)
	}
	variant := `[color.@green, $1]`
	if got := zqlRowsOf(t, conn, variant, "x"); strings.Join(got, ",") != `"@green","x"` {
		t.Fatalf("color.@green: %v", got)
	}
	mustExec(t, setup, `enum::create(@paint, [@red])`)
	mustExec(t, setup, `destroy enum.@color`)
	mustExec(t, setup, `enum::create(@color, [@red])`)
	rows, err := conn.Query(ctx, variant, "x")
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
	}
	if pgCode(err) != "22P02" {
		t.Errorf("color.@green after the enum lost @green: %v, want 22P02", err)
	}
}

// TestExtendedZQLInTransaction: ZQL statements with parameters inside a
// pgx transaction see its writes and vanish with its rollback.
func TestExtendedZQLInTransaction(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	mustExec(t, testConn(t, url), `table::create(@notes)`)
	conn := extConn(t, url, pgx.QueryExecModeCacheStatement)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b"} {
		if _, err := tx.Exec(ctx, `notes::put(symbol($1), { text: $2 })`, k, "note "+k); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := tx.QueryRow(ctx, `notes |> filter .text != $1 |> count`, "note a").Scan(&n); err != nil || n != 1 {
		t.Fatalf("inside the transaction: %d, %v", n, err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `notes |> filter .text != $1 |> count`, "x").Scan(&n); err != nil || n != 0 {
		t.Fatalf("after the rollback: %d, %v", n, err)
	}
}
