SELECT name, count(*) FROM users GROUP BY name

SELECT name, count(*) AS n FROM users GROUP BY name HAVING count(*) > 1 ORDER BY count(*) DESC, name

SELECT age + 1, sum(score) FROM users GROUP BY age + 1

SELECT age, max(score) FROM users GROUP BY 1 ORDER BY 2

SELECT lower(name) AS ln, count(*) FROM users GROUP BY ln

SELECT count(*) FROM users HAVING count(*) > 0

SELECT u.name, count(o.id), sum(o.total) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.name

SELECT id, count(*) FROM docs GROUP BY id

SELECT city, count(*) FROM docs GROUP BY city ORDER BY city

SELECT DISTINCT age FROM users ORDER BY age

SELECT max(age) + min(age), count(*) * 2, avg(score) FILTER (WHERE true) FROM users

SELECT name FROM users GROUP BY name ORDER BY age

SELECT name, string_agg(name, ',' ORDER BY age DESC), array_agg(age), count(*) FILTER (WHERE age > 3) FROM users GROUP BY name

SELECT array_agg(DISTINCT age), jsonb_agg(score), jsonb_object_agg(name, age) FROM users

SELECT string_agg(age, ',') FROM users

SELECT sum(age) FILTER (WHERE count(*) > 1) FROM users

SELECT u.id, u.name, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY u.name

SELECT u.*, sum(o.total) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id HAVING u.age > 3

SELECT a, b, v FROM pairs GROUP BY b, a ORDER BY v

SELECT v FROM pairs GROUP BY a

SELECT o.note FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id

SELECT name FROM users GROUP BY id + 0

SELECT s.name FROM (SELECT * FROM users) s GROUP BY s.id

SELECT x.n FROM users AS x(i, n) GROUP BY x.i

SELECT b FROM heap GROUP BY a

SELECT name FROM users GROUP BY ROLLUP(id)

SELECT name FROM users GROUP BY GROUPING SETS ((id), (id, age))

SELECT (SELECT u.name) FROM users u GROUP BY u.id
