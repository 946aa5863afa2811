# Point select: the optimizer turns the filter on the primary key into a point get.
SELECT name FROM users WHERE id = 1

SELECT * FROM users

SELECT u.*, o.id FROM users u JOIN orders o ON o.user_id = u.id

SELECT 1

SELECT 1, 2147483648, 9223372036854775808, 1.5, 1e10, -1, 'hello', NULL, true, false

SELECT now(), current_timestamp, localtimestamp, current_user

SELECT id AS "Key", name n, upper(name), lower(name) AS l, length(name) FROM users

SELECT DISTINCT name FROM users ORDER BY name DESC LIMIT 10 OFFSET 5

SELECT name FROM users ORDER BY age, 1 DESC NULLS LAST, score + 1 NULLS FIRST

SELECT name AS a, age AS name FROM users ORDER BY name

SELECT name FROM users LIMIT ALL

SELECT id FROM users LIMIT $1 OFFSET $2

SELECT * FROM users, orders WHERE users.id = orders.user_id AND orders.total > 100

SELECT u.name, o.total FROM users AS u LEFT JOIN orders o ON u.id = o.user_id RIGHT JOIN pairs p ON p.a = u.id FULL JOIN docs d ON true CROSS JOIN events

SELECT name FROM users WHERE name LIKE 'a%' OR name NOT LIKE '%b' OR name ILIKE 'c' OR name NOT ILIKE 'd' OR email ~ '^x'

SELECT name FROM users WHERE id IN (1, 2, 3) AND age NOT IN (4, 5) AND score BETWEEN 1 AND 2 AND age NOT BETWEEN 10 AND 20

SELECT name FROM users WHERE email IS NULL AND data IS NOT NULL AND active IS TRUE AND active IS NOT FALSE AND active IS UNKNOWN

SELECT name FROM users WHERE age IS DISTINCT FROM 3 OR age IS NOT DISTINCT FROM NULL

SELECT NOT active, -age, +age, -score FROM users

SELECT CASE WHEN age < 18 THEN 'minor' WHEN age < 65 THEN 'adult' ELSE 'senior' END FROM users

SELECT CASE age WHEN 1 THEN 1 WHEN 2 THEN 2.5 END, CASE WHEN true THEN name END, CASE WHEN true THEN 1 ELSE age END AS c FROM users

SELECT COALESCE(email, name, 'none'), NULLIF(age, 0), GREATEST(age, 1, 2.5), LEAST(score, 1) FROM users

SELECT name || ' <' || email || '>', name || 1, 1 || name, data || '{"a": 1}' FROM users

SELECT data -> 'a', data ->> 'b', data -> 0 FROM users

SELECT id::text, '42'::int, '1'::int8, CAST(age AS bigint), 3::numeric(5,2), '{"a":1}'::jsonb, 'x'::varchar(3), age::int2 FROM users

SELECT $1, $2::int, $3 + 1, name = $4, $5 || 'x' FROM users WHERE id = $6 AND age = $6

# Schemaless tables: id and doc, and any other name is a field (jsonb).
SELECT * FROM docs

SELECT d.*, name, doc ->> 'x', doc -> 'tags' -> 0 FROM docs d WHERE name = 'Ann' AND age > 3

SELECT d.id, e.id FROM docs d JOIN events e ON d.ref = e.id

# Real columns of other tables win over a schemaless table's fields.
SELECT name, city FROM users JOIN docs ON docs.owner = users.id

SELECT name FROM users WHERE $1 BETWEEN age AND score OR $2 IN (1, 2.5)
