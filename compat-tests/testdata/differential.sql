-- SQL of the foundation issue, answered by zerodb and PostgreSQL alike.
-- Each statement ends with a line ending in ';'.

CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty smallint, price numeric(10,2), weight real, big bigint, ok bool, note varchar(20), doc jsonb, at timestamp, atz timestamptz, ratio float8 DEFAULT 0.5);
INSERT INTO items VALUES
  (1, 'apple', 10, 1.25, 0.2, 10000000000, true, 'red', '{"color": "red", "tags": ["a", "b"]}', '2024-05-01 10:00:00', '2024-05-01 10:00:00+00', 1.5),
  (2, 'banana', 20, 0.5, 0.15, -5, false, NULL, '{"color": "yellow"}', '2024-05-02 11:30:00.5', '2024-05-02 11:30:00+02', 2.25),
  (3, 'cherry', NULL, 12.99, NULL, 0, NULL, 'dark', NULL, NULL, NULL, DEFAULT),
  (4, 'date', 5, 3, 1.5, 42, true, '', '[1, 2, 3]', '2023-12-31 23:59:59', '2023-12-31 23:59:59-05', -0.0),
  (5, 'elder', 0, 0.01, 0.001, 7, false, 'x', '"just a string"', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', 1e10);
SELECT * FROM items ORDER BY id;
SELECT id, name FROM items WHERE id = 3;
SELECT name FROM items WHERE qty > 5 ORDER BY qty DESC;
SELECT name FROM items WHERE qty IS NULL;
SELECT name FROM items WHERE note IS NOT NULL ORDER BY name;
SELECT id FROM items WHERE ok;
SELECT id FROM items WHERE NOT ok;
SELECT id FROM items WHERE id IN (1, 3, 9) ORDER BY id;
SELECT id FROM items WHERE id NOT IN (1, 3) ORDER BY id;
SELECT id FROM items WHERE id BETWEEN 2 AND 4 ORDER BY id;
SELECT id FROM items WHERE id NOT BETWEEN 2 AND 4 ORDER BY id;
SELECT name FROM items WHERE name LIKE '%an%';
SELECT name FROM items WHERE name LIKE 'a_p%';
SELECT name FROM items WHERE name NOT LIKE '%e%';
SELECT name FROM items WHERE name ILIKE 'APP%';
SELECT count(*), count(qty), sum(qty), avg(qty), min(qty), max(qty) FROM items;
SELECT sum(price), avg(price), min(price), max(price) FROM items;
SELECT sum(big), avg(big) FROM items;
SELECT sum(weight), avg(ratio), max(ratio) FROM items;
SELECT ok, count(*) FROM items GROUP BY ok ORDER BY ok;
SELECT ok, count(*), sum(qty) FROM items GROUP BY ok HAVING count(*) > 1 ORDER BY ok;
SELECT count(DISTINCT ok) FROM items;
SELECT DISTINCT ok FROM items ORDER BY ok;
SELECT id, name FROM items ORDER BY name DESC LIMIT 2;
SELECT id FROM items ORDER BY id LIMIT 2 OFFSET 2;
SELECT id FROM items ORDER BY qty NULLS FIRST, id;
SELECT id FROM items ORDER BY qty DESC NULLS LAST, id;
SELECT id, qty * 2, qty + 1, qty - id, -qty FROM items ORDER BY id;
SELECT id, price * 2, price + 1, price / 3 FROM items ORDER BY id;
SELECT id, big / 3, big % 3, 7 / 2, 7 % 3, -7 / 2 FROM items ORDER BY id;
SELECT 1.5 + 1, 2 * 3.0, 10 / 4, 10 / 4.0, 2 ^ 10;
SELECT 'a' || 'b', 'x' || 1, upper('abc'), lower('ABC'), length('hello');
SELECT substr('hello', 2, 3), trim('  x  '), replace('aaa', 'a', 'b'), position('l' in 'hello');
SELECT abs(-5), abs(-2.5), round(2.567, 2), ceil(2.1), floor(-2.1), sqrt(16.0), mod(7, 3);
SELECT coalesce(NULL, 2, 3), nullif(1, 1), nullif(1, 2), greatest(1, 5, 3), least(4, 2, 8);
SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END;
SELECT id, CASE WHEN qty IS NULL THEN 'none' WHEN qty > 9 THEN 'many' ELSE 'few' END FROM items ORDER BY id;
SELECT CAST('42' AS int), '3.5'::numeric, 42::text, 'true'::bool, '2024-01-02 03:04:05'::timestamp;
SELECT id::bigint, qty::int, price::float8, weight::numeric FROM items ORDER BY id;
SELECT NULL = NULL, NULL IS NULL, 1 = NULL, NULL AND false, NULL OR true, NOT NULL::bool;
SELECT doc FROM items ORDER BY id;
SELECT at, atz FROM items ORDER BY id;
SELECT 1 WHERE false;
SELECT 'single', 1, 2.5, true, NULL;
SELECT id AS "Ident", name AS n FROM items WHERE id < 3 ORDER BY 1;
UPDATE items SET qty = qty + 1 WHERE qty IS NOT NULL;
SELECT id, qty FROM items ORDER BY id;
UPDATE items SET note = upper(note), ok = NOT ok WHERE id IN (1, 2) RETURNING id, note, ok;
UPDATE items SET price = price * 2 WHERE id = 99;
DELETE FROM items WHERE id = 5 RETURNING name;
DELETE FROM items WHERE id = 99;
SELECT count(*) FROM items;
CREATE TABLE owners (oid int PRIMARY KEY, item_id int NOT NULL, who text);
INSERT INTO owners VALUES (10, 1, 'ann'), (11, 1, 'bob'), (12, 2, 'cy'), (13, 9, 'dee');
SELECT o.who, i.name FROM owners o JOIN items i ON o.item_id = i.id ORDER BY o.who;
SELECT o.who, i.name FROM owners AS o INNER JOIN items AS i ON i.id = o.item_id WHERE i.qty > 10 ORDER BY who;
SELECT i.name, count(*) FROM items i JOIN owners o ON o.item_id = i.id GROUP BY i.name ORDER BY i.name;
SELECT items.name, owners.who FROM items, owners WHERE items.id = owners.item_id AND owners.who <> 'bob' ORDER BY 2;
INSERT INTO owners (oid, item_id) VALUES (14, 3) RETURNING *;
INSERT INTO owners VALUES (20, 1, 'x'), (21, 2, 'y') RETURNING oid, who;
BEGIN;
INSERT INTO owners VALUES (30, 1, 'in txn');
SELECT who FROM owners WHERE oid = 30;
ROLLBACK;
SELECT who FROM owners WHERE oid = 30;
BEGIN;
INSERT INTO owners VALUES (31, 1, 'committed');
COMMIT;
SELECT who FROM owners WHERE oid = 31;
-- errors: only the SQLSTATE is compared
INSERT INTO owners VALUES (10, 1, 'dup');
INSERT INTO owners (oid) VALUES (40);
INSERT INTO owners VALUES ('x', 1, 'bad');
INSERT INTO items (id, name, qty) VALUES (50, 'overflow', 40000);
INSERT INTO items (id, name, note) VALUES (51, 'long', 'this note is far too long for twenty');
SELECT * FROM nowhere;
SELECT nope FROM items;
SELECT 1/0;
SELECT 2147483647 + 1;
SELECT 'abc'::int;
SELECT id FROM items, owners;
SELECT name, count(*) FROM items;
SELECT nofunc(1);

CREATE TABLE items (id int);
DROP TABLE owners;
DROP TABLE owners;
DROP TABLE IF EXISTS owners;
SELECT * FROM owners;
