SELECT * FROM generate_series(1, 10, 2) WITH ORDINALITY AS g(n, i)

SELECT u.name, t FROM users u, unnest(ARRAY[u.name, u.email]) AS t

SELECT key, value FROM jsonb_each('{"a": 1}')

SELECT * FROM generate_series('a', 'b')

SELECT * FROM unnest(1)

SELECT * FROM nosuchfunc(1)

SELECT generate_series(1, 3) AS g, u.name FROM users u

SELECT *, unnest(ARRAY[1]) FROM users

# Functions nested in another's arguments run first, one lateral ROWS
# FROM item per level (PostgreSQL's stacked ProjectSet nodes).
SELECT generate_series(1, generate_series(1, 2))

SELECT generate_series(1, 3) AS a, unnest(ARRAY[generate_series(1, a.id), 0]) IS NULL AS b FROM users a

# Where PostgreSQL refuses one it fails with its message; where zerodb
# does not lift one into FROM it is 0A000 (docs/sql.md), not an unknown
# function.
SELECT CASE WHEN true THEN generate_series(1, 2) END

SELECT coalesce(unnest(ARRAY[1]), 0)

SELECT count(*) + generate_series(1, 2) FROM users

SELECT id FROM users WHERE unnest(ARRAY[1]) = 1

# generate_series(a, b) of integers is an integer range walked one row at a
# time (no list of a hundred million rows); with a step, numbers or
# timestamps, or beside other functions, it is the list of its rows.
SELECT count(*) FROM generate_series(1, 100000000)

SELECT g FROM generate_series(1::int8, 3) AS g

SELECT * FROM generate_series(1, 10, 3)

SELECT jsonb_each('{"a": 1}')

SELECT * FROM jsonb_populate_recordset(null::users, '[{"id": 1}]')
