# Syntax errors: positions are characters in the whole message.
SELECT * FRM users

SELECT 1; SELECT (

SELECT 'é' + , 1

SELECT 1;
SELECT 'ü', x FROM nowhere

SELECT 'unterminated

# Name resolution.
SELECT * FROM nowhere

SELECT nope FROM users

SELECT u.nope FROM users u

SELECT x.id FROM users u

SELECT id FROM users, orders

SELECT users.id FROM users u

SELECT * FROM users u, orders u

SELECT foo(1, 'a', name) FROM users

SELECT lower(1, 2)

SELECT other.schema.t.c FROM users

SELECT * FROM other.users

SELECT ü FROM users WHERE ü = 1

SELECT *

# Types.
SELECT name + 1 FROM users

SELECT 'a' + 'b'

SELECT 1 + true

SELECT -name FROM users

SELECT name FROM users WHERE age

SELECT name FROM users WHERE age AND true

SELECT CASE WHEN true THEN 1 ELSE 'x'::text END

SELECT COALESCE(1, name) FROM users

SELECT true::timestamp

SELECT '42x'::int

SELECT 2147483648::int4

SELECT name FROM users LIMIT 'x'::text

SELECT sum(name) FROM users

SELECT avg(active) FROM users

# Grouping.
SELECT name, count(*) FROM users

SELECT age, name FROM users GROUP BY age

SELECT id, count(*) FROM docs GROUP BY doc

SELECT count(*) FROM users WHERE count(*) > 1

SELECT count(count(*)) FROM users

SELECT count(*) FROM users GROUP BY count(*)

SELECT name FROM users GROUP BY 3

SELECT name FROM users ORDER BY 2

SELECT name FROM users ORDER BY 'x'

SELECT DISTINCT name FROM users ORDER BY age

SELECT name AS x, age AS x FROM users ORDER BY x

SELECT sum(*) FROM users

SELECT lower(*) FROM users

SELECT lower(DISTINCT name) FROM users

# Writes.
INSERT INTO users (id, nope) VALUES (1, 2)

INSERT INTO users (id, id) VALUES (1, 2)

INSERT INTO users (id, name) VALUES (1, 'a', 3)

INSERT INTO users (id, name, age) VALUES (1, 'a')

INSERT INTO users (id, name) VALUES (1, 'a'), (2)

INSERT INTO users (id, name) VALUES ('x', 'a')

INSERT INTO users (id, active) VALUES (1, 5)

INSERT INTO users (id, name) SELECT name, id FROM users

INSERT INTO users (id) VALUES (1) ON CONFLICT (name) DO NOTHING

INSERT INTO users (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET name = 'x'

INSERT INTO users (id) VALUES (count(*))

UPDATE users SET nope = 1

UPDATE users SET name = 'a', name = 'b'

UPDATE users SET age = 'abc'

UPDATE users SET (a, b) = (1, 2)

UPDATE docs SET id = 'x'

UPDATE users SET name = 'x' FROM orders

DELETE FROM users USING orders

DELETE FROM users WHERE nope = 1

SELECT DEFAULT

# DDL.
CREATE TABLE t (a int, a text)

CREATE TABLE t (a int PRIMARY KEY, b int PRIMARY KEY)

CREATE TABLE t (a int, PRIMARY KEY (b))

CREATE TABLE t (a int UNIQUE)

CREATE TABLE t (a int REFERENCES users (id))

CREATE TABLE t (a foo)

CREATE TABLE t (a serial)

CREATE TABLE t (a int[])

CREATE TABLE t (a int DEFAULT 'x')

CREATE TABLE t (a int NULL NOT NULL)

CREATE TEMP TABLE t (a int)

CREATE TABLE t (a varchar(0))

CREATE TABLE t (a int DEFAULT length(b))

# Unsupported statements and features.
CREATE INDEX i ON users (name)

ALTER TABLE users ADD COLUMN x int

DROP INDEX i

EXPLAIN SELECT 1

  TRUNCATE users

SAVEPOINT s

COMMIT AND CHAIN

SELECT 1 UNION SELECT 2

WITH x AS (SELECT 1) SELECT * FROM x

SELECT * FROM (SELECT 1) s

SELECT (SELECT 1)

SELECT EXISTS (SELECT 1)

SELECT name FROM users WHERE id IN (SELECT id FROM orders)

SELECT row_number() OVER () FROM users

SELECT DISTINCT ON (name) name FROM users

SELECT * FROM users NATURAL JOIN orders

SELECT * FROM users JOIN orders USING (id)

SELECT ARRAY[1, 2]

SELECT current_date

SELECT $0

SELECT B'102'

SELECT x = ANY('{1}') FROM users

SELECT city FROM docs JOIN events ON true

SELECT doc @> '{}' FROM docs

INSERT INTO users (id, name, email) VALUES (1, 'a', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')


CREATE TABLE t (a int, b text, FOREIGN KEY (a, b) REFERENCES users (id, name) ON DELETE CASCADE ON UPDATE SET NULL, c int REFERENCES t)

CREATE TABLE t (a int REFERENCES users MATCH FULL)

CREATE TABLE t (a int, FOREIGN KEY (zz) REFERENCES users)

CREATE TABLE t (a int CONSTRAINT k REFERENCES users, b int CONSTRAINT k REFERENCES users)

ALTER TABLE users ADD CONSTRAINT users_fk FOREIGN KEY (id) REFERENCES users

ALTER TABLE users DROP CONSTRAINT users_fk

INSERT INTO users (id) VALUES (1) ON CONFLICT ON CONSTRAINT users_pkey DO NOTHING

INSERT INTO users (id) VALUES (1) ON CONFLICT ON CONSTRAINT nope DO NOTHING