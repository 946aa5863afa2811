package compattests

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPgxZQLParameters runs ZQL with $1, $2 parameters through pgx's
// extended-protocol modes: statements prepared and cached, described
// first, or sent unnamed. Undeclared parameters arrive as strings
// (docs/zql.md, "Parameters").
func TestPgxZQLParameters(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	setup := connect(t, s, "main")
	for _, q := range []string{`table::create(@people)`, `people::add(@ann, { name: "Ann", age: 30 })`, `people::add(@bob, { name: "Bob", age: 17 })`} {
		if _, err := setup.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe, pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec} {
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
			for i := 0; i < 3; i++ { // a cached statement runs again
				var names []string
				rows, err := conn.Query(ctx, `people |> filter .age >= int($1) |> map .name`, "18")
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var raw json.RawMessage
					if err := rows.Scan(&raw); err != nil {
						t.Fatal(err)
					}
					var n string
					if err := json.Unmarshal(raw, &n); err != nil {
						t.Fatal(err)
					}
					names = append(names, n)
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if len(names) != 1 || names[0] != "Ann" {
					t.Fatalf("got %v", names)
				}
			}
			var age int
			if err := conn.QueryRow(ctx, `people::put(symbol($1), { name: $2, age: 5 }).age`, "cy"+mode.String(), "Cy").Scan(&age); err != nil || age != 5 {
				t.Fatalf("put: %v, %v", age, err)
			}
		})
	}
}
