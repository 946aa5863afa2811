SELECT name, row_number() OVER (PARTITION BY age ORDER BY score DESC), rank() OVER w, lag(score, 1, 0) OVER w FROM users WINDOW w AS (ORDER BY age)

SELECT age, sum(score) OVER (ORDER BY age ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER () FROM users ORDER BY 2

SELECT name, sum(count(*)) OVER (ORDER BY name) FROM users GROUP BY name

SELECT name FROM users WHERE rank() OVER () = 1

SELECT sum(rank() OVER ()) OVER () FROM users

SELECT rank(age) OVER () FROM users

SELECT rank() OVER missing FROM users

SELECT count(DISTINCT age) OVER () FROM users
