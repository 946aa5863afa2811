package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate/sqlfe"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// BenchmarkPrepare is the parse and plan time of one statement: split
// (parse), translate against a real catalog, optimize — what every
// statement the plan cache does not hold costs before it runs. Pairs of
// ZQL and SQL statements do the same work.
func BenchmarkPrepare(b *testing.B) {
	ctx := context.Background()
	db, s := benchSession(b,
		"CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)",
		"CREATE TABLE users (id int PRIMARY KEY, name text, age int, city int)",
		"CREATE TABLE cities (id int PRIMARY KEY, name text)",
		"table::create(@persons)")
	for _, bc := range []struct{ name, zql, sql string }{
		{"point-read", "[ r.v : r in kv, r.k == 42 ]", "SELECT v FROM kv WHERE k = 42"},
		{"record-id", "kv.@42.v", ""},
		{"filter", "users |> filter .age > 18 and .name == \"Ann\" |> map .id", "SELECT id FROM users WHERE age > 18 AND name = 'Ann'"},
		{"order-limit", "users |> order_by .age desc |> limit 10 |> map .name", "SELECT name FROM users ORDER BY age DESC LIMIT 10"},
		{"count", "users |> filter .age > 18 |> count", "SELECT count(*) FROM users WHERE age > 18"},
		{"join", "[ { who: u.name, city: c.name } : u in users, c in cities, u.city == c.id ]", "SELECT u.name, c.name FROM users u JOIN cities c ON u.city = c.id"},
		{"insert", "kv::add({ k: 7, v: \"seven\" })", "INSERT INTO kv VALUES (7, 'seven')"},
		{"update", "users |> filter .id == 3 |> update({ age: 31 })", "UPDATE users SET age = 31 WHERE id = 3"},
		{"schemaless-add", "persons::add(@ann, { name: \"Ann\", age: 31 })", ""},
	} {
		for _, lang := range []string{"ZQL", "SQL"} {
			text := bc.zql
			if lang == "SQL" {
				text = bc.sql
			}
			if text == "" {
				continue
			}
			b.Run(bc.name+"/"+lang, func(b *testing.B) {
				txn, err := db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				defer txn.Rollback()
				b.ReportAllocs()
				for b.Loop() {
					var src stmtSource
					if lang == "ZQL" {
						stmts, err := zqlfe.Split(text)
						if err != nil {
							b.Fatal(err)
						}
						src = stmtSource{zql: &stmts[0], text: text}
					} else {
						stmts, err := sqlfe.Split(text)
						if err != nil {
							b.Fatal(err)
						}
						src = stmtSource{sql: &stmts[0], text: text}
					}
					if _, err := s.prepare(ctx, txn, src); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
