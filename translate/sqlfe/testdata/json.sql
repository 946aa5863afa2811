# The json type: JSON text kept as written; its builders get JSON text
# made by each argument's type (json_frag, json_row).
SELECT '{"b":1, "a":2}'::json, '{"a":1}'::json::jsonb, data::json FROM users

SELECT '{"a" 1}'::json

SELECT '{}'::json = '{}'::json

SELECT to_json(id), to_json(name), to_json(data), to_json(created), to_json('[1]'::json) FROM users

SELECT to_json('abc')

SELECT json_build_object('id', id, 'name', name, 'doc', data), json_build_array(id, NULL) FROM users

SELECT json_build_object(data, 1) FROM users

SELECT '{"a": [1, 2]}'::json -> 'a', '[1, 2]'::json ->> 0, '{"a": {"b": 1}}'::json #> '{a,b}'

SELECT json_typeof('[1]'), json_typeof(data::json), json_typeof(data) FROM users

# Whole-row values: the row's columns, in order, as arguments of the json
# functions only.
SELECT row_to_json(u), to_json(u.*), to_jsonb(u) FROM users u

# A table's row in a grouped query needs all its columns grouped
# (PostgreSQL: the primary key only). A table without a primary key also
# needs its record key, which no column names: the error says "h.*", as
# PostgreSQL's does, not the hidden key's name.
SELECT row_to_json(u) FROM users u GROUP BY id

SELECT row_to_json(h) FROM heap h GROUP BY a, b

SELECT json_agg(h) FROM heap h GROUP BY a

SELECT json_agg(o ORDER BY id) FROM (SELECT id, note FROM orders) o

SELECT json_agg(DISTINCT age), json_object_agg(name, age) FROM users

SELECT row_to_json(ROW(1, 'a'))

SELECT u, ROW(u.id, 'a') FROM users u

SELECT u FROM users u ORDER BY u

SELECT upper(u) FROM users u

SELECT nosuch FROM users u

SELECT u.id FROM users u ORDER BY '{}'::json
