package compattests

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPgxJSON round-trips json (kept as written) and the json builders'
// results through pgx in every query mode: the extended protocol's
// parameter and result types (json is OID 114, its binary form its text)
// as well as the simple protocol.
func TestPgxJSON(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		{
			var err error
			table := "pgx_json_" + mode.String()
			if _, err := conn.Exec(ctx, "CREATE TABLE "+pgx.Identifier{table}.Sanitize()+" (id int PRIMARY KEY, j json)"); err != nil {
				t.Fatal(err)
			}
			const doc = `{"b":1,  "a" : [1, 2], "a": null}`
			if _, err := conn.Exec(ctx, "INSERT INTO "+pgx.Identifier{table}.Sanitize()+" VALUES ($1, $2), ($3, $4)", 1, doc, 2, `[ "x" ]`); err != nil {
				t.Fatal(err)
			}
			var got, agg, field string
			err = conn.QueryRow(ctx, "SELECT j::text, (SELECT json_agg(t ORDER BY id)::text FROM "+pgx.Identifier{table}.Sanitize()+" t), j->>'b' FROM "+pgx.Identifier{table}.Sanitize()+" WHERE id = $1", 1).Scan(&got, &agg, &field)
			if err != nil {
				t.Fatal(err)
			}
			if got != doc || field != "1" {
				t.Errorf("j = %q, j->>'b' = %q", got, field)
			}
			if want := "[{\"id\":1,\"j\":" + doc + "}, \n {\"id\":2,\"j\":[ \"x\" ]}]"; agg != want {
				t.Errorf("json_agg = %q, want %q", agg, want)
			}
			var raw []byte
			if err := conn.QueryRow(ctx, "SELECT j FROM "+pgx.Identifier{table}.Sanitize()+" WHERE id = 2").Scan(&raw); err != nil {
				t.Fatal(err)
			}
			if string(raw) != `[ "x" ]` {
				t.Errorf("json column as bytes = %q", raw)
			}
			if _, err := conn.Exec(ctx, "INSERT INTO "+pgx.Identifier{table}.Sanitize()+" VALUES ($1, $2)", 3, `{"a" 1}`); err == nil {
				t.Error("invalid json was accepted")
			}
			// pgx's CopyFrom is a binary COPY: json's binary form is its text.
			n, err := conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "j"}, pgx.CopyFromRows([][]any{{4, `{"c" :  3}`}}))
			if err != nil || n != 1 {
				t.Fatalf("CopyFrom: %d, %v", n, err)
			}
			if err := conn.QueryRow(ctx, "SELECT j::text FROM "+pgx.Identifier{table}.Sanitize()+" WHERE id = 4").Scan(&got); err != nil || got != `{"c" :  3}` {
				t.Errorf("copied json = %q, %v", got, err)
			}
			if _, err := conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "j"}, pgx.CopyFromRows([][]any{{5, `{"c" 3}`}})); err == nil {
				t.Error("CopyFrom accepted invalid json")
			}
		}
	})
}
