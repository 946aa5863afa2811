package zerodb_test

import (
	"context"
	"fmt"
	"log"

	"github.com/zerodb/zerodb"
)

func Example() {
	ctx := context.Background()
	db, err := zerodb.Open(ctx, zerodb.Options{InMemory: true})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	if _, err := db.Exec(ctx, `table::create(@persons)`); err != nil {
		log.Fatal(err)
	}
	for _, p := range []struct {
		key  string
		name string
		age  int
	}{{"ann", "Ann", 31}, {"bob", "Bob", 17}, {"cy", "Cy", 45}} {
		_, err := db.Exec(ctx, `persons::add(symbol($1), { name: $name, age: $2 })`, p.key, p.age, zerodb.Named("name", p.name))
		if err != nil {
			log.Fatal(err)
		}
	}

	rows, err := db.Query(ctx, `persons |> filter .age >= $1 |> map .name`, 18)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			log.Fatal(err)
		}
		fmt.Println(name)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Ann
	// Cy
}

func ExampleConn_Prepare() {
	ctx := context.Background()
	db, err := zerodb.Open(ctx, zerodb.Options{InMemory: true})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	// SQL and ZQL share the engine: a SQL table is a ZQL table.
	if _, err := conn.Exec(ctx, `CREATE TABLE kv (k int PRIMARY KEY, v text)`); err != nil {
		log.Fatal(err)
	}
	insert, err := conn.Prepare(ctx, `INSERT INTO kv VALUES ($1, $2)`)
	if err != nil {
		log.Fatal(err)
	}
	for i, v := range []string{"zero", "one", "two"} {
		if _, err := insert.Exec(ctx, i, v); err != nil {
			log.Fatal(err)
		}
	}
	get, err := conn.Prepare(ctx, `SELECT v FROM kv WHERE k = $1`)
	if err != nil {
		log.Fatal(err)
	}
	for _, k := range []int{2, 0} {
		rows, err := get.Execute(ctx, k)
		if err != nil {
			log.Fatal(err)
		}
		for rows.Next() {
			fmt.Println(k, rows.Values()[0])
		}
	}
	rows, err := conn.Query(ctx, `kv |> map .v |> sort`)
	if err != nil {
		log.Fatal(err)
	}
	for vals, err := range rows.All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(vals[0])
	}
	// Output:
	// 2 two
	// 0 zero
	// one
	// two
	// zero
}

func ExampleDB_Begin() {
	ctx := context.Background()
	db, err := zerodb.Open(ctx, zerodb.Options{InMemory: true})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(ctx, `table::create(@accounts)`); err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec(ctx, `accounts::add([{ id: accounts.@a, balance: 100 }, { id: accounts.@b, balance: 0 }])`); err != nil {
		log.Fatal(err)
	}

	tx, err := db.Begin(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `accounts.@a.update({ balance: .balance - $1 })`, 30); err != nil {
		log.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `accounts.@b.update({ balance: .balance + $1 })`, 30); err != nil {
		log.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		log.Fatal(err)
	}

	rows, err := db.Query(ctx, `accounts |> map |a| { key: a.id.key(), balance: a.balance }`)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var acct struct {
			Key     string `json:"key"`
			Balance int    `json:"balance"`
		}
		if err := rows.Scan(&acct); err != nil {
			log.Fatal(err)
		}
		fmt.Println(acct.Key, acct.Balance)
	}
	// Output:
	// @a 70
	// @b 30
}

func ExampleFunction() {
	ctx := context.Background()
	db, err := zerodb.Open(ctx, zerodb.Options{InMemory: true, Functions: []zerodb.Function{{
		Name: "greet", MinArgs: 1, MaxArgs: 1, Pure: true,
		Fn: func(_ context.Context, args []any) (any, error) {
			return fmt.Sprintf("hello, %v", args[0]), nil
		},
	}}})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(ctx, `import greet`); err != nil {
		log.Fatal(err)
	}
	rows, err := conn.Query(ctx, `["Ann", "Bob"] |> map greet`)
	if err != nil {
		log.Fatal(err)
	}
	for vals, err := range rows.All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(vals[0])
	}
	// Output:
	// hello, Ann
	// hello, Bob
}
