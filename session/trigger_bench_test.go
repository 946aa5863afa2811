package session

import (
	"context"
	"testing"
)

// BenchmarkTriggerUpdate updates every row of a 1000-row table with one
// UPDATE, on a table without triggers and on one with a BEFORE UPDATE
// row trigger that sets a column (the commonest trigger there is:
// updated_at = now()): what a PL/pgSQL row trigger costs per row; and
// on one with an AFTER UPDATE row trigger that does nothing, which
// queues each row's OLD and NEW to the statement's end: what the queue
// and a call cost per row.
func BenchmarkTriggerUpdate(b *testing.B) {
	ctx := context.Background()
	c := wireConn(b)
	for _, q := range []string{
		"CREATE TABLE plain (id int PRIMARY KEY, n int, updated_at timestamptz)",
		"CREATE TABLE trig (id int PRIMARY KEY, n int, updated_at timestamptz)",
		"INSERT INTO plain SELECT g, 0, NULL FROM generate_series(1, 1000) g",
		"INSERT INTO trig SELECT g, 0, NULL FROM generate_series(1, 1000) g",
		"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$",
		"CREATE TRIGGER trig_touch BEFORE UPDATE ON trig FOR EACH ROW EXECUTE FUNCTION touch()",
		"CREATE TABLE after (id int PRIMARY KEY, n int, updated_at timestamptz)",
		"INSERT INTO after SELECT g, 0, NULL FROM generate_series(1, 1000) g",
		"CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
		"CREATE TRIGGER after_nothing AFTER UPDATE ON after FOR EACH ROW EXECUTE FUNCTION nothing()",
	} {
		if err := c.Exec(ctx, q).Close(); err != nil {
			b.Fatal(err)
		}
	}
	for _, table := range []string{"plain", "trig", "after"} {
		b.Run(table, func(b *testing.B) {
			q := "UPDATE " + table + " SET n = n + 1"
			for b.Loop() {
				rs, err := c.Exec(ctx, q).ReadAll()
				if err != nil || rs[0].CommandTag.RowsAffected() != 1000 {
					b.Fatal(rs, err)
				}
			}
		})
	}
}
