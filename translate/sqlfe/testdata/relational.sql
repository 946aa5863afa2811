# Outer joins keep their kind; USING merges the key column (listed first by *).
SELECT * FROM users u LEFT JOIN orders o USING (id)

SELECT u.name, o.total FROM users u FULL JOIN orders o ON o.user_id = u.id

# NATURAL JOIN of a table with itself under aliases: every column is common.
SELECT * FROM users a NATURAL JOIN users b

SELECT x.a FROM users AS x(a, b) WHERE x.b = 'ann'

# A LATERAL subquery reads the left row (Depth 1).
SELECT u.name, t.total FROM users u, LATERAL (SELECT total FROM orders o WHERE o.user_id = u.id ORDER BY total DESC LIMIT 1) t

# EXISTS and IN in WHERE become semi-joins, NOT EXISTS an anti-join.
SELECT name FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id) AND age > 3

SELECT name FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 10)

SELECT name FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)

# NOT IN: an anti-join plus the NULL checks.
SELECT name FROM users WHERE id NOT IN (SELECT user_id FROM orders)

# Elsewhere subqueries stay subqueries; ANY folds its comparisons.
SELECT name, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) FROM users u

SELECT age > ALL (SELECT user_id FROM orders) FROM users

SELECT name FROM users UNION SELECT note FROM orders ORDER BY 1 LIMIT 5

SELECT age FROM users INTERSECT ALL SELECT 1.5

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n

SELECT DISTINCT ON (age) age, name FROM users ORDER BY age, name

UPDATE users SET name = o.note FROM orders o WHERE o.user_id = users.id

SELECT 1 UNION SELECT 'x'

SELECT * FROM (SELECT 1)
