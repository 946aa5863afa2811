package sqlfe

import "testing"

// TestGroupByContainerConst checks that a group key with a jsonb or
// array constant, or an ARRAY[...] constructor, matches the same
// expression in the select list and HAVING.
func TestGroupByContainerConst(t *testing.T) {
	checkPlans(t, []planCase{
		{`SELECT COALESCE(data, '[1, {"a": 2}]'::jsonb), count(*) FROM users GROUP BY COALESCE(data, '[1, {"a": 2}]'::jsonb)`, "Aggregate", ""},
		{`SELECT data || '{"k": [1]}'::jsonb FROM users GROUP BY data || '{"k": [1]}'::jsonb HAVING (data || '{"k": [1]}'::jsonb) IS NOT NULL`, "Aggregate", ""},
		{`SELECT age = ANY ('{1,2}'::int[]) FROM users GROUP BY age = ANY ('{1,2}'::int[])`, "Aggregate", ""},
		{`SELECT data ?| array['a', 'b'] FROM users GROUP BY data ?| array['a', 'b']`, "Aggregate", ""},
		{`SELECT age = ANY (ARRAY[1, age]) FROM users GROUP BY age = ANY (ARRAY[1, age])`, "Aggregate", ""},
		{`SELECT data ?| array['a', 'b'] FROM users GROUP BY data ?| array['a', 'c']`, "", "42803"},
		{`SELECT data || '[1]'::jsonb FROM users GROUP BY data || '[2]'::jsonb`, "", "42803"},
		{`SELECT data || '{"k": 1}'::jsonb FROM users GROUP BY data || '{"k": 2}'::jsonb`, "", "42803"},
	})
}

// TestArrayAggUnknown checks that array_agg of an untyped literal is
// ambiguous, as in PostgreSQL, and of a typed one is not.
func TestArrayAggUnknown(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT array_agg('a') FROM users", "", codeAmbiguousFunction},
		{"SELECT array_agg('a' ORDER BY name) FROM users", "", codeAmbiguousFunction},
		{"SELECT array_agg('a'::text) FROM users", "Aggregate", ""},
		{"SELECT array_agg(name ORDER BY name) FROM users", "Aggregate", ""},
	})
}
