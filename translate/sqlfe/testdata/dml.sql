INSERT INTO users (id, name) VALUES (1, 'alice')

INSERT INTO users (id, name, age, balance, score, created) VALUES (1, 'a', 30, 10.5, 1, '2024-05-01 10:00:00+00'), (2, 'b', NULL, 7, 2.5, now())

INSERT INTO users VALUES (1, 'a', 'a@x')

INSERT INTO users (id, name, active) VALUES (1, 'a', DEFAULT), (2, 'b', false)

INSERT INTO users (id, name, active) VALUES (1, 'a', DEFAULT), (2, 'b', DEFAULT)

INSERT INTO users (id, name) VALUES ($1, $2) RETURNING id, created

INSERT INTO users (id, name) VALUES (1, 'x') RETURNING *

INSERT INTO orders (id, user_id, total) SELECT id, id, balance FROM users WHERE active

INSERT INTO orders SELECT id, id FROM users

INSERT INTO users DEFAULT VALUES

INSERT INTO users (id, name) VALUES (1, 'a') ON CONFLICT DO NOTHING

INSERT INTO pairs (a, b) VALUES (1, 'a') ON CONFLICT (b, a) DO NOTHING

INSERT INTO docs (id, doc) VALUES ('k1', '{"name": "Ann", "age": 3}')

INSERT INTO docs VALUES ('k1', '{}')

INSERT INTO docs (doc) VALUES ('{"a": 1}')

INSERT INTO docs (name, age) VALUES ('Ann', 3)

INSERT INTO docs (id, doc, extra) VALUES ('k', '{}', true) RETURNING id, doc, extra

UPDATE users SET name = 'bob', age = age + 1 WHERE id = 1

UPDATE users u SET score = 1 RETURNING u.id, score

UPDATE users SET active = DEFAULT, email = NULL, balance = score

UPDATE users SET age = $1 WHERE id = $2

UPDATE docs SET name = 'x', n = 1 WHERE id = 'k1'

UPDATE docs SET doc = '{"b": 2}'

DELETE FROM users WHERE id = 1

DELETE FROM users RETURNING *

DELETE FROM docs d WHERE d.age > 3 RETURNING d.id

INSERT INTO users (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = excluded.name || users.name WHERE users.age > 1

INSERT INTO users (id, name) VALUES (1, 'a') ON CONFLICT DO UPDATE SET name = 'x'

INSERT INTO checked (id, qty) VALUES (1, 2)
