package session

import (
	"context"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate/sqlfe"
)

// TestGraphFunctionParameters prepares SQL graph functions whose key and
// zql() arguments are statement parameters and runs them with several
// values.
func TestGraphFunctionParameters(t *testing.T) {
	ctx := context.Background()
	_, s := openTestSession(t, Options{PlanCacheSize: -1})
	var w recorder
	for _, q := range []string{
		"CREATE TABLE people (id int PRIMARY KEY, name text, age int)",
		"INSERT INTO people VALUES (1, 'Ann', 30), (2, 'Bob', 41), (3, 'Cy', 25)",
		"people.@1 -> knows -> [people.@2, people.@3] |> count",
	} {
		if err := s.Query(ctx, q, &w); err != nil {
			t.Fatal(err)
		}
	}
	w.take()
	for _, c := range []struct {
		sql       string
		args      []value.Value
		want      string
		keyParams int // the first keyParams parameters are keys
	}{
		{"SELECT key FROM neighbors('people', $1, 'knows') ORDER BY 1", []value.Value{value.Int(1)}, "key\n2\n3\nSELECT 2\n", 1},
		{"SELECT key FROM neighbors('people', $1, 'knows') ORDER BY 1", []value.Value{value.Int(3)}, "key\n1\nSELECT 1\n", 1},
		{"SELECT step, key FROM shortest_path('people', $1, 'people', $2, 'knows')", []value.Value{value.Int(1), value.Int(3)}, "step | key\n0 | 1\n1 | 3\nSELECT 2\n", 2},
		{"SELECT result FROM zql($$ [ q.name : q in people, q.age > $1 ] $$, $1)", []value.Value{value.Int(28)}, "result\n\"Ann\"\n\"Bob\"\nSELECT 2\n", 0},
	} {
		stmts, err := sqlfe.Split(c.sql)
		if err != nil {
			t.Fatal(err)
		}
		txn, err := s.db.store.Begin(ctx, kv.TxnOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.prepare(ctx, txn, stmtSource{sql: &stmts[0], text: stmts[0].Text()})
		txn.Rollback()
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if len(p.st.ParamTypes) != len(c.args) {
			t.Fatalf("%s: parameter types %v", c.sql, p.st.ParamTypes)
		}
		// A key parameter takes the type of the vertex table's key (a
		// client sends it as such, not as text that would name no record).
		if want := c.keyParams; want > 0 {
			for i := range want {
				if k := p.st.ParamTypes[i].Kind; k != value.KindInt {
					t.Errorf("%s: $%d is %v, want the key's int", c.sql, i+1, p.st.ParamTypes[i])
				}
			}
		}
		if err := s.runPrepared(ctx, p, c.args, &w); err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if got := w.take(); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.sql, c.args, got, c.want)
		}
	}
}
