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

-- the plan cache: statements of one shape with other literals share a plan
CREATE TABLE pc (k bigint PRIMARY KEY, v text NOT NULL, n int, s smallint, p numeric(6,2), c varchar(4), j jsonb, t timestamp, tz timestamptz);
INSERT INTO pc VALUES (1, 'one', 10, 1, 1.5, 'a', '{"a": 1}', '2024-01-01 00:00:00', '2024-01-01 00:00:00+00');
INSERT INTO pc VALUES (2, 'two', 20, 2, 2.25, 'bb', '[1, 2]', '2024-06-30 12:30:00.25', '2024-06-30 12:30:00+02');
INSERT INTO pc VALUES (3, 'three', -30, -3, -3.125, 'ccc', '"s"', '1999-12-31 23:59:59', '1999-12-31 23:59:59-08');
INSERT INTO pc VALUES (5000000000, 'big', 2147483647, 32767, 9999.99, 'dddd', '2.5', '2000-02-29 00:00:00', '2000-02-29 00:00:00+00');
INSERT INTO pc VALUES (-9223372036854775808, 'min', -2147483648, -32768, -9999.99, '', '{}', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00');
SELECT v FROM pc WHERE k = 1;
SELECT v FROM pc WHERE k = 2;
SELECT v FROM pc WHERE k = 4;
SELECT v FROM pc WHERE k = 5000000000;
SELECT v FROM pc WHERE k = -9223372036854775808;
SELECT v FROM pc WHERE k = 9223372036854775807;
SELECT v FROM pc WHERE k = 99999999999999999999;
SELECT v FROM pc WHERE k = 1.0;
SELECT v FROM pc WHERE k = 1.5;
SELECT v FROM pc WHERE k = '2';
SELECT v FROM pc WHERE n = 2147483647;
SELECT v FROM pc WHERE n = -2147483648;
SELECT v FROM pc WHERE n = -2147483649;
SELECT v FROM pc WHERE n = 2147483648;
SELECT v FROM pc WHERE n = -30;
SELECT v FROM pc WHERE n=-30;
SELECT v FROM pc WHERE n < -1 ORDER BY k;
SELECT v FROM pc WHERE s = -32768;
SELECT v FROM pc WHERE p = 2.25;
SELECT v FROM pc WHERE p = -3.13;
SELECT v FROM pc WHERE p > '2';
SELECT v FROM pc WHERE c = 'bb';
SELECT v FROM pc WHERE c = 'toolong';
SELECT v FROM pc WHERE j = '[1, 2]';
SELECT v FROM pc WHERE j = '{"a": 1}';
SELECT v FROM pc WHERE t = '2024-06-30 12:30:00.25';
SELECT v FROM pc WHERE t > '2000-01-01' ORDER BY k;
SELECT v FROM pc WHERE tz = '2024-06-30 10:30:00+00';
SELECT k, v FROM pc WHERE k IN (1, 2, 3) ORDER BY 1;
SELECT k, v FROM pc WHERE k IN (2, 3) ORDER BY 2 DESC;
SELECT k, v FROM pc ORDER BY 1 LIMIT 2;
SELECT k, v FROM pc ORDER BY 1 LIMIT 2 OFFSET 1;
SELECT k, v FROM pc ORDER BY 1 LIMIT 1 OFFSET 3;
SELECT k FROM pc ORDER BY k LIMIT 0;
SELECT k FROM pc ORDER BY k LIMIT '2';
SELECT k FROM pc ORDER BY k LIMIT 3000000000;
SELECT k FROM pc ORDER BY k LIMIT -1;
SELECT k FROM pc ORDER BY k OFFSET -1;
SELECT n % 2, count(*) FROM pc GROUP BY 1 ORDER BY 1;
SELECT s > 0, count(*), sum(n) FROM pc GROUP BY 1 ORDER BY 1;
SELECT length(v), count(*) FROM pc GROUP BY length(v) ORDER BY 1;
SELECT v, k FROM pc ORDER BY 3;
SELECT v, k FROM pc ORDER BY 0;
SELECT k + 1, n - 1, n * -1, -n, p * 2, p / 4 FROM pc WHERE k = 3;
SELECT k + 1, n - 1, n * -1, -n, p * 2, p / 4 FROM pc WHERE k = 2;
SELECT 1, -1, 2147483647, -2147483647, 2147483648, -2147483648, -2147483649, 9223372036854775807, -9223372036854775807, 9223372036854775808, -9223372036854775808, 1.5, -1.5, 1e3, 'x';
SELECT 2147483647 + 1;
SELECT -2147483647 - 2;
SELECT 'abc'::int;
SELECT '2147483648'::int;
SELECT 'x' || 1, 1 || 'x';
INSERT INTO pc (k, v) VALUES (10, 'ten') RETURNING k, v, 'inserted', 1, -2.5;
INSERT INTO pc (k, v) VALUES (11, 'eleven') RETURNING k, v, 'inserted', 2, -3.5;
INSERT INTO pc (k, v, s) VALUES (12, 'twelve', 40000);
INSERT INTO pc (k, v, s) VALUES (12, 'twelve', '40000');
INSERT INTO pc (k, v, c) VALUES (12, 'twelve', 'abcde');
INSERT INTO pc (k, v, c) VALUES (12, 'twelve', 'abcd');
INSERT INTO pc (k, v, p) VALUES (13, 'thirteen', 12345.678);
INSERT INTO pc (k, v, p) VALUES (13, 'thirteen', 1234.567);
INSERT INTO pc (k, v, j) VALUES (14, 'fourteen', '{"broken": ');
INSERT INTO pc (k, v, j) VALUES (14, 'fourteen', '{"fine": [true]}');
INSERT INTO pc (k, v, t) VALUES (15, 'fifteen', 'not a timestamp');
INSERT INTO pc (k, v, t) VALUES (15, 'fifteen', '2024-02-29 13:14:15');
INSERT INTO pc (k, v, n) VALUES (16, 'sixteen', 2147483648);
INSERT INTO pc (k, v, n) VALUES (16, 'sixteen', -2147483648);
INSERT INTO pc (k, v) VALUES (1, 'duplicate');
INSERT INTO pc (k, v) VALUES ('seventeen', 'bad key');
UPDATE pc SET n = n + 1 WHERE k = 1 RETURNING k, n, 'updated';
UPDATE pc SET n = n + 5 WHERE k = 2 RETURNING k, n, 'updated';
UPDATE pc SET s = s + 1 WHERE k = 5000000000;
UPDATE pc SET c = 'waytoolong' WHERE k = 1;
UPDATE pc SET v = 'zero' WHERE k = 999;
DELETE FROM pc WHERE k = 10 RETURNING k, 'deleted';
DELETE FROM pc WHERE k = 11 RETURNING k, 'deleted';
SELECT k, v, n, s, p, c, j, t, tz FROM pc ORDER BY k;
-- numeric input with extreme exponents (once a hang)
SELECT 0e0666610000, 1e3, 1.5e-3;
SELECT 0e2147483647;
SELECT 1e666610000;

-- wider coverage: types, NULLs, arithmetic, functions, errors
CREATE TABLE wc (id int PRIMARY KEY, sm smallint, bg bigint, r real, d double precision, nm numeric(8,3), vc varchar(5), tx text, b bool, js jsonb, ts timestamp, tsz timestamptz, by bytea, u uuid, cnt int DEFAULT 7, lbl text DEFAULT 'def');
INSERT INTO wc (id, sm, bg, r, d, nm, vc, tx, b, js, ts, tsz, by, u) VALUES
  (1, 1, 100, 1.5, 2.25, 1.2345, 'ab', 'Hello World', true, '{"k": 1}', '2024-03-01 08:00:00', '2024-03-01 08:00:00+00', '\x0102', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
  (2, -2, -200, -0.5, 1e-3, -9.9995, 'xyz', 'foo_bar', false, '[true, null]', '2020-02-29 23:59:59.999', '2020-02-29 23:59:59+05', '\xdeadbeef', '00000000-0000-0000-0000-000000000000'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, 32767, 9223372036854775807, 0, -0.0, 99999.9994, '', '  padded  ', true, '[]', '1999-01-01 00:00:00', '1999-01-01 00:00:00-03', '\x', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A12'),
  (5, -32768, -9223372036854775808, 3.25, 1e300, 0.0005, 'a%b', '50% off', false, '{"a": {"b": [1, 2]}}', '2024-12-31 12:00:00', '2024-12-31 12:00:00+00', '\x00ff', 'b0eebc999c0b4ef8bb6d6bb9bd380a13');
SELECT * FROM wc ORDER BY id;
SELECT id, nm FROM wc ORDER BY id;
INSERT INTO wc (id) VALUES (6) RETURNING id, cnt, lbl, cnt * 2, lbl || '!';
INSERT INTO wc (id, cnt, lbl) VALUES (7, DEFAULT, NULL) RETURNING *;
INSERT INTO wc (id, nm) VALUES (8, 100000) RETURNING id;
INSERT INTO wc (id, vc) VALUES (8, 'toolong');
INSERT INTO wc (id, u) VALUES (8, 'not-a-uuid');
INSERT INTO wc (id, b) VALUES (8, 'maybe');
INSERT INTO wc (id, sm) VALUES (8, -32769);
INSERT INTO wc (id, js) VALUES (8, '{bad}');
INSERT INTO wc (id, tx) VALUES (NULL, 'no key');
INSERT INTO wc (id, nope) VALUES (8, 1);
SELECT id, sm + 1, bg - 1, r * 2, d / 2 FROM wc WHERE id IN (1, 2, 3) ORDER BY id;
SELECT sm + 1 FROM wc WHERE id = 4;
SELECT sm - 1 FROM wc WHERE id = 5;
SELECT bg + 1 FROM wc WHERE id = 4;
SELECT bg - 1 FROM wc WHERE id = 5;
SELECT bg * 2 FROM wc WHERE id = 4;
SELECT -bg FROM wc WHERE id = 5;
SELECT 32767::smallint + 1::smallint;
SELECT 9223372036854775807 + 1;
SELECT 2147483647 * 2;
SELECT -2147483648 * -1;
SELECT 1 / 0, 2;
SELECT 5 % 0;
SELECT 1.5 / 0;
SELECT 1.0 % 0;
SELECT mod(5, 0);
SELECT -7 / 2, -7 % 2, 7 / -2, 7 % -2, -7 / -2, -7 % -2;
SELECT -7.0 / 2, -7.5 % 2, mod(-7, 3), mod(7, -3);
SELECT 1 + 1.5, 2 * 0.25, 3 - 0.5::float8, 1.5::float8 + 1, 10::float8 / 4;
SELECT 0.1 + 0.2, 0.1::float8 + 0.2::float8, 1.0 / 3, 2.0 / 3;
SELECT 3::smallint + 4::bigint, 3::smallint * 2, 5::bigint / 2, 7::smallint % 4::smallint;
SELECT id, sm + NULL, bg * NULL, nm / NULL, tx || NULL, NULL::int % 2 FROM wc WHERE id = 1;
SELECT NULL + 1, NULL - 1, NULL * 2, NULL / 2, -NULL::int, NULL::text || 'x';
SELECT NULL < 1, 1 <> NULL, NULL >= NULL, NULL::bool AND true, NULL::bool OR false, true AND NULL::bool;
SELECT NULL IS NOT NULL, NULL::int IS DISTINCT FROM 1, NULL::int IS NOT DISTINCT FROM NULL, 1 IS DISTINCT FROM 1;
SELECT count(*), count(sm), sum(sm), avg(sm), min(sm), max(sm) FROM wc;
SELECT count(bg), min(bg), max(bg), count(r), sum(r), min(d), max(d) FROM wc;
SELECT sum(nm), avg(nm), min(nm), max(nm), count(DISTINCT b), count(tx) FROM wc;
SELECT min(tx), max(tx), min(vc), max(vc), min(ts), max(tsz) FROM wc;
SELECT count(*), sum(sm), avg(sm), min(tx), max(nm) FROM wc WHERE id > 100;
SELECT b, count(*), count(sm), sum(sm) FROM wc GROUP BY b ORDER BY b NULLS FIRST;
SELECT lower('HeLLo'), upper('straße'), length(''), length('héllo'), octet_length('héllo'), char_length('abc');
SELECT lower(NULL), upper(NULL), length(NULL), substr(NULL, 1), trim(NULL), replace(NULL, 'a', 'b');
SELECT substr('hello', 0, 2), substr('hello', -1, 3), substr('hello', 3), substr('hello', 10), substr('hello', 2, 0);
SELECT substring('hello' from 2 for 3), substring('hello' from 4);
SELECT substr('hello', 1, -1);
SELECT trim('  x y  '), ltrim('  xy  '), rtrim('  xy  '), trim(both 'x' from 'xxaxx'), ltrim('xxaxx', 'x'), rtrim('xxaxx', 'x');
SELECT trim(leading 'ab' from 'abbaXab'), trim(trailing 'ab' from 'abbaXab');
SELECT replace('hello world', 'o', '0'), replace('abc', '', 'x'), replace('abc', 'b', '');
SELECT concat('a', 1, NULL, true, 2.5), concat(NULL), concat_ws('-', 'a', NULL, 'b');
SELECT position('lo' in 'hello'), position('z' in 'hello'), position('' in 'hello'), strpos('hello', 'l'), strpos('hello', 'z');
SELECT left('hello', 2), left('hello', -2), left('hello', 10), right('hello', 2), right('hello', -2), right('hi', 5);
SELECT repeat('ab', 3), repeat('x', 0), repeat('x', -1), reverse('hello'), reverse('');
SELECT split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 4), split_part('a,,c', ',', 2), split_part('abc', '', 1);
SELECT split_part('a,b,c', ',', 0);
SELECT starts_with('hello', 'he'), starts_with('hello', 'lo'), starts_with('hello', ''), starts_with(NULL, 'a');
SELECT initcap('hello wORLD foo-bar'), initcap(''), initcap('o''neil 3rd');
SELECT lpad('7', 3, '0'), lpad('hello', 3), lpad('ab', 6, 'xy'), rpad('7', 3, '0'), rpad('hello', 2), rpad('ab', 5, 'xy'), lpad('x', 3, '');
SELECT id, upper(tx), length(tx), left(tx, 3), reverse(vc) FROM wc ORDER BY id;
SELECT abs(-7), abs(7), abs(-3.50), abs(-2.5::float8), abs(NULL::int), abs((-32767)::smallint);
SELECT abs(-2147483648);
SELECT round(2.5), round(-2.5), round(3.14159, 3), round(1234.5, -2), round(0.5::float8), round(1.5::float8), round(2.5::float8);
SELECT round(-0.5), round(12.345, 1), round(12.355, 2), round(-12.355, 2), round(5, 2);
SELECT ceil(-0.5), ceil(1.0), ceiling(2.01), floor(-0.5), floor(3.99), ceil(2.5::float8), floor(-2.5::float8);
SELECT sqrt(2.0), sqrt(0), sqrt(2::float8), sqrt(81);
SELECT sqrt(-1);
SELECT power(2, 10), power(2.0, -1), power(2::float8, 0.5::float8), power(0, 0), power(-8, 3);
SELECT mod(10, 3), mod(-10, 3), mod(10.5, 3), mod(NULL::int, 3), sign(-5), sign(0), sign(2.5), sign(-0.1::float8);
SELECT trunc(2.789), trunc(-2.789), trunc(2.789, 1), trunc(1234.5, -2), trunc(-2.5::float8);
SELECT id, abs(sm), round(nm, 1), ceil(nm), floor(nm), sign(bg), trunc(d) FROM wc WHERE id < 5 ORDER BY id;
SELECT CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END, CASE 3 WHEN 1 THEN 'one' END, CASE WHEN NULL THEN 1 ELSE 2 END;
SELECT CASE WHEN true THEN 1 ELSE 2.5 END, CASE WHEN false THEN 1 ELSE 2.5 END, CASE WHEN true THEN 1::smallint ELSE 2::bigint END;
SELECT CASE WHEN true THEN 1 ELSE 'x' END;
SELECT coalesce(NULL, NULL), coalesce(NULL::int, 2.5), coalesce(1, 2.5), coalesce(NULL, 'a', 'b'), coalesce(NULL::smallint, 5::bigint);
SELECT coalesce(1, 'x');
SELECT nullif(NULL, 1), nullif(1, NULL), nullif('a', 'a'), nullif(2.0, 2), nullif(3.0, 4.5);
SELECT greatest(1, 2.5, 2), least(1, 2.5, -1), greatest(NULL, 1, 3), least(NULL::int, NULL), greatest('apple', 'banana'), least(3::smallint, 2::bigint);
SELECT greatest(1, 'x');
SELECT id, coalesce(sm, -1), coalesce(tx, vc, 'none'), nullif(b, true), greatest(sm, 0), least(bg, 0) FROM wc ORDER BY id;
SELECT '12'::smallint, '-5'::bigint, '1.5'::real, '2.5e3'::double precision, '1.23456'::numeric(5,2), 'abcdef'::varchar(3), 'yes'::bool, 'off'::bool, ' 42 '::int;
SELECT 1.5::int, 2.5::int, -1.5::int, 3.7::bigint, 2.5::smallint, 1e2::int, '12.9'::numeric::int;
SELECT 42::numeric(4,1), 3.14159::numeric(4,3), 12.5::numeric(3,0), 0.005::numeric(3,2), -0.005::numeric(3,2);
SELECT 123.45::numeric(4,2);
SELECT 'x'::numeric;
SELECT '1.5'::int;
SELECT ''::int;
SELECT '99999'::smallint;
SELECT 40000::smallint;
SELECT 1e20::bigint;
SELECT 3000000000::int;
SELECT true::int, 1::bool, 0::bool;
SELECT 1::bool::text;
SELECT '2024-02-30'::timestamp;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid::text;
SELECT '{"b": 2, "a": [1, 2.50, "x"]}'::jsonb, '  [ ]  '::jsonb, 'true'::jsonb;
SELECT '\x41ff'::bytea, 'abc'::bytea;
SELECT 'a_c' LIKE 'a\_c', 'abc' LIKE 'a\_c', 'a%c' LIKE 'a\%c', 'abc' LIKE 'a\%c';
SELECT 'abc' LIKE '___', 'abcd' LIKE '___', 'ab' LIKE '_%_', 'a' LIKE '_%_', '' LIKE '%', 'ABC' ILIKE 'a_c', 'ABC' NOT ILIKE 'a%', NULL LIKE 'a', 'a' LIKE NULL;
SELECT id FROM wc WHERE tx LIKE '%\_%' ORDER BY id;
SELECT id FROM wc WHERE vc LIKE 'a\%b' ORDER BY id;
SELECT id FROM wc WHERE tx ILIKE '%WORLD' OR tx ILIKE '%OFF' ORDER BY id;
SELECT id FROM wc WHERE tx NOT LIKE '%o%' ORDER BY id;
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1, 2), NULL::int NOT IN (1), 1 IN (2, 3);
SELECT 2 BETWEEN 1 AND 3, 2 BETWEEN NULL AND 3, 5 BETWEEN NULL AND 3, NULL BETWEEN 1 AND 2, 2 NOT BETWEEN 3 AND NULL, 3 BETWEEN 3 AND 1;
SELECT id FROM wc WHERE sm IN (1, NULL, -2) ORDER BY id;
SELECT id FROM wc WHERE sm NOT IN (1, NULL) ORDER BY id;
SELECT id FROM wc WHERE sm NOT IN (1, -2) ORDER BY id;
SELECT id FROM wc WHERE bg BETWEEN -200 AND 100 ORDER BY id;
SELECT id FROM wc WHERE d NOT BETWEEN 0 AND 10 ORDER BY id;
SELECT id, b, sm FROM wc ORDER BY b NULLS FIRST, sm DESC NULLS LAST, id;
SELECT id, b, sm FROM wc ORDER BY b DESC NULLS LAST, sm NULLS FIRST, id DESC;
SELECT id, tx FROM wc ORDER BY tx NULLS FIRST, id;
SELECT id, tx FROM wc ORDER BY tx DESC, id;
SELECT id, nm FROM wc ORDER BY nm ASC NULLS LAST, id LIMIT 3;
SELECT id FROM wc ORDER BY id LIMIT 0 OFFSET 2;
SELECT id FROM wc ORDER BY id OFFSET 100;
SELECT id FROM wc ORDER BY id LIMIT 100 OFFSET 6;
SELECT id FROM wc ORDER BY id OFFSET 0;
SELECT id FROM wc ORDER BY id LIMIT NULL;
SELECT id FROM wc ORDER BY id DESC LIMIT 1 OFFSET 0;
CREATE TABLE wsale (sid int PRIMARY KEY, wc_id int NOT NULL, region text, amount numeric(10,2), qty int);
INSERT INTO wsale VALUES (1, 1, 'north', 10.50, 2), (2, 1, 'south', 5.25, 1), (3, 2, 'north', 100, 10), (4, 2, 'north', NULL, 3), (5, 4, 'east', 7.75, NULL), (6, 5, 'south', 0.01, 1), (7, 99, 'west', 1, 1), (8, 1, 'north', 10.50, 2);
SELECT region, count(*), count(amount), sum(amount), avg(amount), min(qty), max(qty), count(DISTINCT wc_id) FROM wsale GROUP BY region ORDER BY region;
SELECT region, sum(qty) FROM wsale GROUP BY region HAVING sum(qty) > 3 ORDER BY region;
SELECT region, count(*) FROM wsale GROUP BY region HAVING count(DISTINCT amount) >= 2 AND min(sid) < 5 ORDER BY 1;
SELECT wc_id, region, count(*) FROM wsale GROUP BY wc_id, region ORDER BY wc_id, region;
SELECT count(DISTINCT region), count(DISTINCT amount), count(DISTINCT qty), sum(DISTINCT qty), count(*) FROM wsale;
SELECT region, sum(amount * qty) FROM wsale GROUP BY region ORDER BY 2 DESC NULLS LAST, 1;
SELECT w.id, w.tx, s.region, s.amount FROM wc w JOIN wsale s ON s.wc_id = w.id WHERE s.amount > 5 ORDER BY w.id, s.sid;
SELECT w.b, count(*), sum(s.amount), max(s.qty) FROM wc w INNER JOIN wsale s ON s.wc_id = w.id GROUP BY w.b ORDER BY w.b;
SELECT w.id, count(s.sid) FROM wc w JOIN wsale s ON w.id = s.wc_id GROUP BY w.id HAVING count(s.sid) > 1 ORDER BY w.id;
SELECT w.tx, s.region, o.v FROM wc w JOIN wsale s ON s.wc_id = w.id JOIN pc o ON o.k = w.id ORDER BY s.sid;
SELECT s.region, w.vc FROM wsale s, wc w WHERE s.wc_id = w.id AND w.sm < 0 ORDER BY s.sid;
SELECT s.region, p.v, sum(s.qty) FROM wsale s JOIN pc p ON p.k = s.wc_id WHERE s.qty IS NOT NULL GROUP BY s.region, p.v ORDER BY 1, 2;
SELECT id FROM wc JOIN wsale ON wc.id = wsale.wc_id;
UPDATE wsale SET amount = amount * 2, qty = qty + 1 WHERE region = 'north' RETURNING sid, amount, qty, amount * qty, region || '!';
UPDATE wsale SET region = upper(region) WHERE amount IS NULL RETURNING *;
UPDATE wsale SET qty = NULL WHERE sid = 6 RETURNING sid, coalesce(qty, -1);
UPDATE wsale SET qty = 2147483647 WHERE sid = 7 RETURNING qty;
UPDATE wsale SET qty = qty + 1 WHERE sid = 7;
UPDATE wsale SET wc_id = NULL WHERE sid = 7;
UPDATE wsale SET nope = 1;
DELETE FROM wsale WHERE amount < 1 RETURNING sid, amount, amount IS NULL;
DELETE FROM wsale WHERE qty IS NULL RETURNING sid, region, lower(region);
DELETE FROM wsale WHERE sid > 1000 RETURNING sid;
SELECT * FROM wsale ORDER BY sid;
BEGIN;
UPDATE wsale SET amount = 0 WHERE region = 'north';
DELETE FROM wsale WHERE sid = 2;
INSERT INTO wsale VALUES (9, 1, 'tmp', 1, 1);
SELECT sid, amount FROM wsale ORDER BY sid;
ROLLBACK;
SELECT sid, amount FROM wsale ORDER BY sid;
BEGIN;
DELETE FROM wsale WHERE sid = 8 RETURNING sid;
COMMIT;
SELECT count(*) FROM wsale;
INSERT INTO wc (id) VALUES (20), (1);
SELECT id FROM wc WHERE id = 20;
SELECT concat();
SELECT 1::uuid;
SELECT true::numeric;
SELECT '2024-01-01 00:00:00'::timestamp::int;
SELECT nofunc();
SELECT upper(1, 2);
SELECT * FROM wc_missing;
SELECT wc.nope FROM wc;
SELECT x.id FROM wc;
SELECT id FROM wc WHERE tx = 1;
SELECT length(42);
SELECT 'abc' + 1;
CREATE TABLE wc (id int);
DROP TABLE wsale;
SELECT count(*) FROM wsale;
-- LIKE ... ESCAPE
SELECT 'a_c' LIKE 'a!_c' ESCAPE '!', 'abc' LIKE 'a!_c' ESCAPE '!', 'a%c' LIKE 'a#%c' ESCAPE '#';
SELECT 'a\c' LIKE 'a\c' ESCAPE '', 'a_c' LIKE 'a\_c' ESCAPE '', 'a!c' LIKE 'a!!c' ESCAPE '!';
SELECT 'abc' LIKE 'a%' ESCAPE 'xy';
SELECT 'ABC' ILIKE 'a!Bc' ESCAPE '!', 'abc' NOT LIKE 'a!_c' ESCAPE '!';
-- bool_and, bool_or, every
CREATE TABLE flags (id int PRIMARY KEY, grp text, b bool);
INSERT INTO flags VALUES (1, 'x', true), (2, 'x', false), (3, 'y', true), (4, 'y', NULL), (5, 'z', NULL);
SELECT bool_and(b), bool_or(b), every(b) FROM flags;
SELECT grp, bool_and(b), bool_or(b), every(b) FROM flags GROUP BY grp ORDER BY grp;
SELECT bool_and(b) FROM flags WHERE false;
SELECT bool_and(id) FROM flags;

-- =====================================================
-- Secondary and unique indexes: the same answers with and without
-- indexes (the queries run before and after CREATE INDEX), unique
-- violations and index DDL errors with PostgreSQL's SQLSTATEs.
-- ============================================================
CREATE TABLE ix_people (id int PRIMARY KEY, name text NOT NULL, email text, age int, dept int, score numeric(6,2), doc jsonb);
INSERT INTO ix_people VALUES
  (1, 'n01', 'u1@x.org', 38, 2, 4.83, '{"k": "y", "addr": {"city": "Kyiv"}, "tags": []}'),
  (2, 'n02', 'u2@x.org', 70, 5, 58.28, '{"k": "z", "addr": {"city": "Oslo"}, "tags": ["a","b"]}'),
  (3, 'n03', 'u3@x.org', 50, 2, 43.36, '{"k": "x", "addr": {"city": "Oslo"}, "tags": ["a"]}'),
  (4, 'n04', 'u4@x.org', 22, 2, 42.45, '{"k": "y", "addr": {"city": "Oslo"}, "tags": []}'),
  (5, 'n05', 'u5@x.org', 70, 5, 63.06, '{"k": "z", "addr": {"city": "Oslo"}, "tags": ["a"]}'),
  (6, 'n06', 'u6@x.org', 55, 1, 39.67, '{"k": 6, "tags": []}'),
  (7, 'n07', 'u7@x.org', 32, 1, 28.96, '{"k": 0, "tags": ["a"]}'),
  (8, 'n08', 'u8@x.org', 27, 5, 30.85, '{"k": "z", "addr": {"city": "Oslo"}, "tags": []}'),
  (9, 'n09', 'u9@x.org', 70, 2, 57.12, '{"k": "x", "addr": {"city": "Oslo"}, "tags": []}'),
  (10, 'n10', 'u10@x.org', 30, 3, 71.21, '{"k": "y", "addr": {"city": "Oslo"}, "tags": []}'),
  (11, 'n11', 'u11@x.org', NULL, 5, 20.6, '{"k": "z", "addr": {"city": "Oslo"}, "tags": []}'),
  (12, 'n12', 'u12@x.org', 61, 5, 46.56, '{"k": "x", "addr": {"city": "Kyiv"}, "tags": ["a","b"]}'),
  (13, 'n13', NULL, 47, 3, 79.44, '{"k": "y", "addr": {"city": "Lima"}, "tags": ["a"]}'),
  (14, 'n14', 'u14@x.org', 62, 2, 30.02, '{"k": "z", "addr": {"city": "Oslo"}, "tags": []}'),
  (15, 'n15', 'u15@x.org', 49, 3, 60.9, '{"k": "x", "addr": {"city": "Kyiv"}, "tags": ["a","b"]}'),
  (16, 'n16', 'u16@x.org', 22, 1, 16.5, '{"k": 2, "tags": ["a","b"]}'),
  (17, 'n17', 'u17@x.org', 39, 2, 3.92, '{"k": "z", "addr": {"city": "Kyiv"}, "tags": ["a","b"]}'),
  (18, 'n18', 'u18@x.org', 60, 1, 78.91, '{"k": 4, "tags": []}'),
  (19, 'n19', 'u19@x.org', 70, 3, 35.02, '{"k": "y", "addr": {"city": "Lima"}, "tags": []}'),
  (20, 'n20', 'u20@x.org', 49, 5, 84.0, '{"k": "z", "addr": {"city": "Kyiv"}, "tags": ["a"]}'),
  (21, 'n21', 'u21@x.org', 35, 4, 73.12, '{"k": "x", "addr": {"city": "Oslo"}, "tags": ["a"]}'),
  (22, 'n22', 'u22@x.org', NULL, 3, 82.19, '{"k": 1, "tags": []}'),
  (23, 'n23', 'u23@x.org', 36, 4, 94.06, '{"k": "z", "addr": {"city": "Lima"}, "tags": ["a"]}'),
  (24, 'n24', 'u24@x.org', 40, 2, 49.37, '{"k": 3, "tags": ["a"]}'),
  (25, 'n25', 'u25@x.org', 31, 3, 24.76, '{"k": "y", "addr": {"city": "Rome"}, "tags": []}'),
  (26, 'n26', NULL, 43, 4, 44.92, '{"k": "z", "addr": {"city": "Oslo"}, "tags": ["a"]}'),
  (27, 'n27', 'u27@x.org', 53, 3, 86.4, '{"k": "x", "addr": {"city": "Rome"}, "tags": ["a","b"]}'),
  (28, 'n28', 'u28@x.org', 35, 4, 88.42, '{"k": "y", "addr": {"city": "Lima"}, "tags": []}'),
  (29, 'n29', 'u29@x.org', 32, 2, 15.13, '{"k": "z", "addr": {"city": "Oslo"}, "tags": ["a"]}'),
  (30, 'n30', 'u30@x.org', 60, 2, 83.11, '{"k": "x", "addr": {"city": "Oslo"}, "tags": ["a","b"]}'),
  (31, 'n31', 'u31@x.org', 29, 3, 14.57, '{"k": "y", "addr": {"city": "Lima"}, "tags": ["a"]}'),
  (32, 'n32', 'u32@x.org', 52, 3, 31.86, '{"k": 4, "tags": []}'),
  (33, 'n33', 'u33@x.org', NULL, 2, 65.5, '{"k": 5, "tags": []}'),
  (34, 'n34', 'u34@x.org', 65, 1, 79.79, '{"k": "y", "addr": {"city": "Kyiv"}, "tags": []}'),
  (35, 'n35', 'u35@x.org', 43, 4, 10.35, '{"k": "z", "addr": {"city": "Kyiv"}, "tags": ["a","b"]}'),
  (36, 'n36', 'u36@x.org', 58, 4, 6.73, '{"k": "x", "addr": {"city": "Oslo"}, "tags": ["a"]}'),
  (37, 'n37', 'u37@x.org', 31, 4, 34.01, '{"k": "y", "addr": {"city": "Rome"}, "tags": ["a"]}'),
  (38, 'n38', 'u38@x.org', 21, 1, 15.13, '{"k": "z", "addr": {"city": "Oslo"}, "tags": []}'),
  (39, 'n39', NULL, 24, 3, 7.03, '{"k": 4, "tags": ["a"]}'),
  (40, 'n40', 'u40@x.org', 31, 5, 63.44, '{"k": "y", "addr": {"city": "Kyiv"}, "tags": ["a"]}'),
  (41, 'n41', 'u41@x.org', 40, 5, 12.28, '{"k": "z", "addr": {"city": "Lima"}, "tags": ["a","b"]}'),
  (42, 'n42', 'u42@x.org', 49, 4, 31.19, '{"k": "x", "addr": {"city": "Kyiv"}, "tags": ["a","b"]}'),
  (43, 'n43', 'u43@x.org', 27, 1, 26.48, '{"k": "y", "addr": {"city": "Lima"}, "tags": []}'),
  (44, 'n44', 'u44@x.org', NULL, 2, 20.52, '{"k": 2, "tags": ["a"]}'),
  (45, 'n45', 'u45@x.org', 51, 3, 54.32, '{"k": "x", "addr": {"city": "Rome"}, "tags": []}'),
  (46, 'n46', 'u46@x.org', 19, 5, 86.33, '{"k": "y", "addr": {"city": "Lima"}, "tags": []}'),
  (47, 'n47', 'u47@x.org', 62, 3, 90.83, '{"k": 5, "tags": ["a","b"]}'),
  (48, 'n48', 'u48@x.org', 40, 2, 77.91, '{"k": 6, "tags": []}'),
  (49, 'n49', 'u49@x.org', 39, 2, 80.61, '{"k": 0, "tags": ["a"]}'),
  (50, 'n50', 'u50@x.org', 70, 4, 51.76, '{"k": "z", "addr": {"city": "Rome"}, "tags": ["a"]}'),
  (51, 'n51', 'u51@x.org', 40, 1, 47.22, '{"k": "x", "addr": {"city": "Oslo"}, "tags": ["a","b"]}'),
  (52, 'n52', NULL, 30, 5, 80.86, '{"k": "y", "addr": {"city": "Lima"}, "tags": ["a","b"]}'),
  (53, 'n53', 'u53@x.org', 64, 3, 22.05, '{"k": "z", "addr": {"city": "Lima"}, "tags": ["a"]}'),
  (54, 'n54', 'u54@x.org', 32, 4, 20.44, '{"k": "x", "addr": {"city": "Rome"}, "tags": ["a","b"]}'),
  (55, 'n55', 'u55@x.org', NULL, 5, 47.95, '{"k": 6, "tags": ["a"]}'),
  (56, 'n56', 'u56@x.org', 59, 3, 11.99, '{"k": "z", "addr": {"city": "Oslo"}, "tags": []}'),
  (57, 'n57', 'u57@x.org', 42, 2, 43.39, '{"k": "x", "addr": {"city": "Kyiv"}, "tags": ["a"]}'),
  (58, 'n58', 'u58@x.org', 58, 3, 39.58, '{"k": "y", "addr": {"city": "Oslo"}, "tags": []}'),
  (59, 'n59', 'u59@x.org', 43, 1, 99.31, '{"k": "z", "addr": {"city": "Rome"}, "tags": ["a"]}'),
  (60, 'n60', 'u60@x.org', 19, 2, 80.65, '{"k": 4, "tags": ["a","b"]}');
SELECT id FROM ix_people WHERE age = 30 ORDER BY id;
SELECT id, age FROM ix_people WHERE age IN (20, 30, 40, 50) ORDER BY id;
SELECT id FROM ix_people WHERE age > 60 ORDER BY id;
SELECT id FROM ix_people WHERE age >= 25 AND age < 30 ORDER BY id;
SELECT id FROM ix_people WHERE age BETWEEN 40 AND 45 ORDER BY id;
SELECT id FROM ix_people WHERE age < 20 OR age IS NULL ORDER BY id;
SELECT id FROM ix_people WHERE dept = 3 AND age > 40 ORDER BY id;
SELECT id FROM ix_people WHERE dept = 2 AND age = 33;
SELECT id FROM ix_people WHERE dept IN (1, 4) AND age <= 25 ORDER BY id;
SELECT id, name FROM ix_people WHERE email = 'u7@x.org';
SELECT id FROM ix_people WHERE email IS NULL ORDER BY id;
SELECT id FROM ix_people WHERE doc->>'k' = 'x' ORDER BY id;
SELECT id FROM ix_people WHERE doc->>'k' = '3' ORDER BY id;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' = 'Oslo' ORDER BY id;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' = 'Rome' AND age > 30 ORDER BY id;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' > 'L' ORDER BY id;
SELECT id, age FROM ix_people ORDER BY age, id LIMIT 5;
SELECT id, age FROM ix_people ORDER BY age LIMIT 1;
SELECT age FROM ix_people ORDER BY age DESC LIMIT 4;
SELECT age FROM ix_people ORDER BY age LIMIT 3 OFFSET 55;
SELECT age FROM ix_people WHERE dept = 2 ORDER BY age DESC LIMIT 3;
SELECT name FROM ix_people ORDER BY name LIMIT 3 OFFSET 10;
SELECT dept, count(*), min(age), max(age) FROM ix_people WHERE age > 30 GROUP BY dept ORDER BY dept;
SELECT count(*) FROM ix_people WHERE age = 30 AND dept = 1;
SELECT p.id, q.id FROM ix_people p JOIN ix_people q ON p.age = q.age AND p.id < q.id WHERE p.dept = 1 ORDER BY p.id, q.id;
CREATE INDEX ON ix_people (age);
CREATE INDEX ix_people_dept_age ON ix_people (dept, age DESC);
CREATE UNIQUE INDEX ix_people_email ON ix_people (email);
CREATE INDEX ON ix_people ((doc->>'k'));
CREATE INDEX ix_people_city ON ix_people ((doc->'addr'->>'city'), age);
CREATE INDEX ix_people_name ON ix_people (name);
CREATE INDEX IF NOT EXISTS ix_people_name ON ix_people (age);
CREATE INDEX ix_people_name ON ix_people (age);
CREATE INDEX ix_people ON ix_people (age);
CREATE INDEX ix_nope ON ix_missing (age);
CREATE INDEX ix_nope ON ix_people (nope);
CREATE UNIQUE INDEX ix_people_dept_u ON ix_people (dept);
SELECT id FROM ix_people WHERE age = 30 ORDER BY id;
SELECT id, age FROM ix_people WHERE age IN (20, 30, 40, 50) ORDER BY id;
SELECT id FROM ix_people WHERE age > 60 ORDER BY id;
SELECT id FROM ix_people WHERE age >= 25 AND age < 30 ORDER BY id;
SELECT id FROM ix_people WHERE age BETWEEN 40 AND 45 ORDER BY id;
SELECT id FROM ix_people WHERE age < 20 OR age IS NULL ORDER BY id;
SELECT id FROM ix_people WHERE dept = 3 AND age > 40 ORDER BY id;
SELECT id FROM ix_people WHERE dept = 2 AND age = 33;
SELECT id FROM ix_people WHERE dept IN (1, 4) AND age <= 25 ORDER BY id;
SELECT id, name FROM ix_people WHERE email = 'u7@x.org';
SELECT id FROM ix_people WHERE email IS NULL ORDER BY id;
SELECT id FROM ix_people WHERE doc->>'k' = 'x' ORDER BY id;
SELECT id FROM ix_people WHERE doc->>'k' = '3' ORDER BY id;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' = 'Oslo' ORDER BY id;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' = 'Rome' AND age > 30 ORDER BY id;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' > 'L' ORDER BY id;
SELECT id, age FROM ix_people ORDER BY age, id LIMIT 5;
SELECT id, age FROM ix_people ORDER BY age LIMIT 1;
SELECT age FROM ix_people ORDER BY age DESC LIMIT 4;
SELECT age FROM ix_people ORDER BY age LIMIT 3 OFFSET 55;
SELECT age FROM ix_people WHERE dept = 2 ORDER BY age DESC LIMIT 3;
SELECT name FROM ix_people ORDER BY name LIMIT 3 OFFSET 10;
SELECT dept, count(*), min(age), max(age) FROM ix_people WHERE age > 30 GROUP BY dept ORDER BY dept;
SELECT count(*) FROM ix_people WHERE age = 30 AND dept = 1;
SELECT p.id, q.id FROM ix_people p JOIN ix_people q ON p.age = q.age AND p.id < q.id WHERE p.dept = 1 ORDER BY p.id, q.id;
INSERT INTO ix_people VALUES (100, 'dup', 'u7@x.org', 1, 1, 0, NULL);
INSERT INTO ix_people VALUES (100, 'nomail', NULL, 1, 1, 0, NULL), (101, 'nomail2', NULL, 2, 1, 0, NULL);
UPDATE ix_people SET email = 'u8@x.org' WHERE id = 7;
UPDATE ix_people SET email = 'new7@x.org' WHERE id = 7;
SELECT id FROM ix_people WHERE email = 'new7@x.org';
SELECT id FROM ix_people WHERE email = 'u7@x.org';
UPDATE ix_people SET age = age + 100 WHERE dept = 5;
SELECT id, age FROM ix_people WHERE age > 100 ORDER BY id;
SELECT id FROM ix_people WHERE dept = 5 AND age < 100;
DELETE FROM ix_people WHERE age BETWEEN 30 AND 40;
SELECT count(*) FROM ix_people WHERE age BETWEEN 30 AND 40;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' = 'Oslo' ORDER BY id;
UPDATE ix_people SET doc = '{"addr": {"city": "Oslo"}}' WHERE id = 100;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' = 'Oslo' ORDER BY id;
BEGIN;
INSERT INTO ix_people VALUES (200, 'tx', 'tx@x.org', 33, 3, 0, NULL);
SELECT id FROM ix_people WHERE email = 'tx@x.org';
ROLLBACK;
SELECT id FROM ix_people WHERE email = 'tx@x.org';
INSERT INTO ix_people VALUES (200, 'tx', 'tx@x.org', 33, 3, 0, NULL);
SELECT id FROM ix_people WHERE age = 33 ORDER BY id;
DROP INDEX ix_people_email;
INSERT INTO ix_people VALUES (201, 'dup2', 'tx@x.org', 1, 1, 0, NULL);
SELECT id FROM ix_people WHERE email = 'tx@x.org' ORDER BY id;
DROP INDEX ix_people_email;
DROP INDEX IF EXISTS ix_people_email;
DROP INDEX ix_people_name, ix_people_city;
SELECT id FROM ix_people WHERE doc->'addr'->>'city' = 'Oslo' ORDER BY id;
CREATE TABLE ix_u (id int PRIMARY KEY, code text UNIQUE, a int, b int, UNIQUE (a, b));
INSERT INTO ix_u VALUES (1, 'A', 1, 1), (2, 'B', 1, 2), (3, NULL, NULL, 2), (4, NULL, NULL, 2);
INSERT INTO ix_u VALUES (5, 'A', 9, 9);
INSERT INTO ix_u VALUES (5, 'C', 1, 2);
INSERT INTO ix_u VALUES (5, 'C', 1, 3);
UPDATE ix_u SET code = 'B' WHERE id = 1;
UPDATE ix_u SET b = 1 WHERE id = 2;
SELECT * FROM ix_u ORDER BY id;
SELECT id FROM ix_u WHERE code = 'C';
SELECT id FROM ix_u WHERE a = 1 AND b = 2;
CREATE UNIQUE INDEX ix_u_b ON ix_u (b);
CREATE INDEX ix_u_code_key ON ix_u (a);
DROP TABLE ix_u;
SELECT * FROM ix_u;
DROP INDEX ix_u_code_key;
SELECT id FROM ix_people WHERE email = NULL;
SELECT id FROM ix_people WHERE age > NULL;
SELECT id FROM ix_people WHERE age IN (NULL, 33) ORDER BY id;
SELECT id FROM ix_people WHERE age >= 33 AND age <= NULL;
SELECT id FROM ix_people WHERE doc->>'k' = NULL;
SELECT id FROM ix_people WHERE doc->>'k' > 'y' ORDER BY id;
SELECT id FROM ix_people WHERE age = 33.5;
SELECT id FROM ix_people WHERE age > 69.5 ORDER BY id;
SELECT id FROM ix_people WHERE age < 25 ORDER BY id;
SELECT id FROM ix_people WHERE age <= 200 ORDER BY id;
SELECT id FROM ix_people WHERE dept = 1 AND age < 60 ORDER BY id;
SELECT age FROM ix_people WHERE age < 40 ORDER BY age DESC LIMIT 3;
SELECT age FROM ix_people WHERE age > 20 ORDER BY age LIMIT 3;
SELECT age FROM ix_people ORDER BY age DESC LIMIT 3;
CREATE TABLE ix_oc (id int PRIMARY KEY, email text UNIQUE);
INSERT INTO ix_oc VALUES (1, 'a'), (2, 'b');
INSERT INTO ix_oc VALUES (3, 'a') ON CONFLICT DO NOTHING;
INSERT INTO ix_oc VALUES (4, 'c'), (5, 'c'), (2, 'z') ON CONFLICT DO NOTHING;
SELECT * FROM ix_oc ORDER BY id;
SELECT id FROM ix_oc WHERE email = 'c';
INSERT INTO ix_oc VALUES (6, 'b');
-- joins (sqlrel)
CREATE TABLE rel_dept (id int PRIMARY KEY, name text, city text);
CREATE TABLE rel_emp (id int PRIMARY KEY, name text, dept_id int, salary numeric(10,2), boss int);
INSERT INTO rel_dept VALUES (1, 'eng', 'oslo'), (2, 'ops', 'rome'), (3, 'hr', NULL), (4, 'empty', 'oslo');
INSERT INTO rel_emp VALUES (1, 'ann', 1, 100, NULL), (2, 'bob', 1, 80, 1), (3, 'cy', 2, 90, 1), (4, 'di', NULL, 50, 2), (5, 'ed', 9, 70, 3), (6, 'fay', 2, NULL, 3);
SELECT e.name, d.name FROM rel_emp e JOIN rel_dept d ON e.dept_id = d.id ORDER BY e.name;
SELECT e.name, d.name FROM rel_emp e LEFT JOIN rel_dept d ON e.dept_id = d.id ORDER BY e.name;
SELECT e.name, d.name FROM rel_emp e RIGHT JOIN rel_dept d ON e.dept_id = d.id ORDER BY d.name, e.name;
SELECT e.name, d.name FROM rel_emp e FULL JOIN rel_dept d ON e.dept_id = d.id ORDER BY e.name NULLS FIRST, d.name;
SELECT e.name, d.name FROM rel_emp e LEFT OUTER JOIN rel_dept d ON e.dept_id = d.id AND d.city = 'oslo' ORDER BY e.name;
SELECT e.name, d.name FROM rel_emp e LEFT JOIN rel_dept d ON e.dept_id = d.id WHERE d.id IS NULL ORDER BY e.name;
SELECT e.name, d.name FROM rel_emp e FULL OUTER JOIN rel_dept d ON e.dept_id = d.id WHERE e.id IS NULL OR d.id IS NULL ORDER BY 1, 2;
SELECT count(*) FROM rel_emp CROSS JOIN rel_dept;
SELECT e.name, d.name FROM rel_emp e, rel_dept d WHERE e.dept_id = d.id AND d.city = 'rome' ORDER BY 1;
SELECT a.name, b.name AS boss FROM rel_emp a JOIN rel_emp b ON a.boss = b.id ORDER BY a.name;
SELECT a.name, b.name AS boss, c.name AS bossboss FROM rel_emp a LEFT JOIN rel_emp b ON a.boss = b.id LEFT JOIN rel_emp c ON b.boss = c.id ORDER BY a.name;
SELECT * FROM rel_dept JOIN rel_emp USING (id) ORDER BY id;
SELECT * FROM rel_dept NATURAL JOIN rel_emp ORDER BY id;
SELECT id, rel_dept.name, rel_emp.name FROM rel_dept FULL JOIN rel_emp USING (id) ORDER BY id;
SELECT * FROM rel_dept d(did, dname) JOIN rel_emp e ON e.dept_id = d.did ORDER BY e.id;
SELECT x.a, x.b FROM rel_dept AS x(a, b) ORDER BY x.a;
SELECT d.name FROM rel_dept x;
SELECT * FROM rel_dept x(a, b, c, d);
SELECT j.* FROM (rel_dept JOIN rel_emp ON rel_dept.id = rel_emp.dept_id) AS j(a, b, c) ORDER BY 1, 4;
SELECT * FROM rel_dept JOIN rel_emp USING (nope);
SELECT id FROM rel_dept JOIN rel_emp ON true;
SELECT d.name, e.name FROM rel_dept d JOIN LATERAL (SELECT name FROM rel_emp WHERE dept_id = d.id ORDER BY salary DESC LIMIT 1) e ON true ORDER BY 1;
SELECT d.name, e.n FROM rel_dept d LEFT JOIN LATERAL (SELECT count(*) AS n FROM rel_emp WHERE dept_id = d.id) e ON true ORDER BY 1;
SELECT d.name, top.name FROM rel_dept d, LATERAL (SELECT name FROM rel_emp WHERE dept_id = d.id) top ORDER BY 1, 2;
SELECT * FROM (SELECT id, name FROM rel_emp WHERE salary > 75) s ORDER BY id;
SELECT s.n, s.total FROM (SELECT dept_id AS n, sum(salary) AS total FROM rel_emp GROUP BY dept_id) s ORDER BY s.n;
SELECT * FROM (SELECT 1);
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v ORDER BY 1;
SELECT v.x, v.y FROM (VALUES (1, 'a'), (2, NULL)) AS v(x, y) ORDER BY v.x DESC;
SELECT e.name FROM rel_emp e JOIN (VALUES (1), (2)) AS k(id) ON k.id = e.dept_id ORDER BY 1;
SELECT * FROM (VALUES (1), (2));
SELECT * FROM (SELECT 1 AS a, 2 AS a) s;
SELECT a FROM (SELECT 1 AS a, 2 AS a) s;
SELECT d.city, count(e.id) FROM rel_dept d LEFT JOIN rel_emp e ON e.dept_id = d.id GROUP BY d.city ORDER BY d.city;
-- set operations, WITH (sqlrel)
SELECT dept_id FROM rel_emp UNION SELECT id FROM rel_dept ORDER BY 1;
SELECT dept_id FROM rel_emp UNION ALL SELECT id FROM rel_dept ORDER BY 1 NULLS FIRST;
SELECT dept_id FROM rel_emp INTERSECT SELECT id FROM rel_dept ORDER BY 1;
SELECT dept_id FROM rel_emp EXCEPT SELECT id FROM rel_dept ORDER BY 1;
SELECT dept_id FROM rel_emp INTERSECT ALL SELECT dept_id FROM rel_emp WHERE id > 2 ORDER BY 1;
SELECT dept_id FROM rel_emp EXCEPT ALL SELECT id FROM rel_dept ORDER BY 1;
SELECT 1 AS x UNION SELECT 2.5 ORDER BY x;
SELECT 1 UNION SELECT 'a';
SELECT 'a' UNION SELECT 'b' ORDER BY 1 DESC;
SELECT 1 UNION SELECT 'x'::text;
SELECT 1, 2 UNION SELECT 3;
SELECT name FROM rel_emp UNION SELECT name FROM rel_dept ORDER BY name LIMIT 3 OFFSET 1;
SELECT id FROM rel_emp UNION SELECT id FROM rel_dept ORDER BY id + 1;
SELECT NULL UNION SELECT NULL;
SELECT 1 UNION SELECT NULL ORDER BY 1;
(SELECT id FROM rel_emp ORDER BY id LIMIT 2) UNION ALL (SELECT id FROM rel_dept ORDER BY id DESC LIMIT 1) ORDER BY 1;
SELECT 1 UNION SELECT 2 INTERSECT SELECT 2 ORDER BY 1;
SELECT * FROM (SELECT id FROM rel_emp EXCEPT SELECT dept_id FROM rel_emp) s ORDER BY id;
WITH rich AS (SELECT * FROM rel_emp WHERE salary >= 80) SELECT name FROM rich ORDER BY name;
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT * FROM a, b;
WITH t(k, v) AS (VALUES (1, 'one'), (2, 'two')) SELECT v FROM t WHERE k = 2;
WITH d AS MATERIALIZED (SELECT id FROM rel_dept) SELECT count(*) FROM d d1 JOIN d d2 ON d1.id = d2.id;
WITH d AS NOT MATERIALIZED (SELECT id FROM rel_dept) SELECT count(*) FROM d;
WITH x AS (SELECT 1), x AS (SELECT 2) SELECT * FROM x;
WITH x(a, b) AS (SELECT 1) SELECT * FROM x;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i), count(*) FROM n;
WITH RECURSIVE chain AS (SELECT id, name, boss, 0 AS depth FROM rel_emp WHERE boss IS NULL UNION ALL SELECT e.id, e.name, e.boss, c.depth + 1 FROM rel_emp e JOIN chain c ON e.boss = c.id) SELECT name, depth FROM chain ORDER BY depth, name;
WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT (x + 1) % 4 FROM r) SELECT x FROM r ORDER BY x;
WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 0.5 FROM r WHERE x < 3) SELECT x FROM r;
WITH RECURSIVE fib(a, b) AS (SELECT 0::bigint, 1::bigint UNION ALL SELECT b, a + b FROM fib WHERE b < 100) SELECT a FROM fib ORDER BY a;
WITH RECURSIVE s(t) AS (SELECT 'a' UNION ALL SELECT t || 'a' FROM s WHERE length(t) < 4) SELECT t FROM s ORDER BY t;
SELECT DISTINCT ON (dept_id) dept_id, name FROM rel_emp ORDER BY dept_id, salary DESC NULLS LAST;
SELECT DISTINCT ON (city) city, name FROM rel_dept ORDER BY city, name DESC;
SELECT DISTINCT ON (dept_id) name FROM rel_emp ORDER BY salary;
VALUES (3, 'c'), (1, 'a'), (2, 'b') ORDER BY 1;
VALUES (3, 'c'), (1, 'a'), (2, 'b') ORDER BY column2 DESC LIMIT 2;
-- subqueries (sqlrel)
SELECT name, (SELECT name FROM rel_dept d WHERE d.id = e.dept_id) AS dept FROM rel_emp e ORDER BY name;
SELECT (SELECT max(salary) FROM rel_emp);
SELECT (SELECT 1);
SELECT (SELECT id FROM rel_emp);
SELECT (SELECT id, name FROM rel_emp LIMIT 1);
SELECT (SELECT id FROM rel_emp WHERE id > 100);
SELECT name FROM rel_emp WHERE salary > (SELECT avg(salary) FROM rel_emp) ORDER BY name;
SELECT name FROM rel_emp WHERE dept_id IN (SELECT id FROM rel_dept WHERE city = 'oslo') ORDER BY name;
SELECT name FROM rel_emp WHERE dept_id NOT IN (SELECT id FROM rel_dept WHERE city = 'oslo') ORDER BY name;
SELECT name FROM rel_emp WHERE dept_id NOT IN (SELECT dept_id FROM rel_emp WHERE id = 4) ORDER BY name;
SELECT name FROM rel_emp WHERE 1 NOT IN (SELECT dept_id FROM rel_emp) ORDER BY name;
SELECT name FROM rel_dept d WHERE EXISTS (SELECT 1 FROM rel_emp e WHERE e.dept_id = d.id) ORDER BY name;
SELECT name FROM rel_dept d WHERE NOT EXISTS (SELECT 1 FROM rel_emp e WHERE e.dept_id = d.id) ORDER BY name;
SELECT name FROM rel_dept d WHERE EXISTS (SELECT count(*) FROM rel_emp e WHERE e.dept_id = -1) ORDER BY name;
SELECT d.name, EXISTS (SELECT 1 FROM rel_emp e WHERE e.dept_id = d.id AND e.salary > 85) AS rich FROM rel_dept d ORDER BY d.name;
SELECT id, dept_id IN (SELECT id FROM rel_dept WHERE city = 'oslo') AS in_oslo FROM rel_emp ORDER BY id;
SELECT id, dept_id NOT IN (SELECT id FROM rel_dept WHERE city IS NULL OR city = 'rome') FROM rel_emp ORDER BY id;
SELECT id, salary > ALL (SELECT salary FROM rel_emp WHERE dept_id = 1) FROM rel_emp ORDER BY id;
SELECT id, salary >= ALL (SELECT salary FROM rel_emp) FROM rel_emp ORDER BY id;
SELECT id, salary = ANY (SELECT salary FROM rel_emp WHERE dept_id = 2) FROM rel_emp ORDER BY id;
SELECT id, salary < SOME (SELECT salary FROM rel_emp WHERE dept_id = 1) FROM rel_emp ORDER BY id;
SELECT 5 = ALL (SELECT 1 WHERE false), 5 = ANY (SELECT 1 WHERE false);
SELECT name FROM rel_emp e WHERE salary = (SELECT max(salary) FROM rel_emp e2 WHERE e2.dept_id = e.dept_id) ORDER BY name;
SELECT name FROM rel_emp e WHERE EXISTS (SELECT 1 FROM rel_dept d WHERE d.id = e.dept_id AND EXISTS (SELECT 1 FROM rel_emp b WHERE b.id = e.boss AND b.dept_id = d.id)) ORDER BY name;
SELECT d.name, (SELECT count(*) FROM rel_emp e WHERE e.dept_id = d.id AND e.salary > (SELECT min(salary) FROM rel_emp x WHERE x.dept_id = d.id)) FROM rel_dept d ORDER BY 1;
SELECT name FROM rel_emp WHERE id IN (SELECT boss FROM rel_emp) ORDER BY 1;
SELECT name FROM rel_emp WHERE id NOT IN (SELECT boss FROM rel_emp) ORDER BY 1;
SELECT name FROM rel_emp WHERE id NOT IN (SELECT boss FROM rel_emp WHERE boss IS NOT NULL) ORDER BY 1;
SELECT name FROM rel_emp WHERE id IN (SELECT id, name FROM rel_emp);
SELECT name FROM rel_emp WHERE name IN (SELECT id FROM rel_emp);
SELECT name FROM rel_emp WHERE dept_id IN (SELECT id FROM rel_dept UNION SELECT 9) ORDER BY 1;
SELECT dept_id, count(*) FROM rel_emp GROUP BY dept_id HAVING count(*) > (SELECT 1) ORDER BY 1;
SELECT name FROM rel_emp WHERE id = (SELECT id FROM rel_emp WHERE dept_id = 1);
SELECT (SELECT name FROM rel_dept WHERE id = 1) || '!', (SELECT 2) + 3;
SELECT x FROM (SELECT (SELECT count(*) FROM rel_emp) AS x) s;
SELECT name FROM rel_emp e WHERE e.dept_id IN (SELECT d.id FROM rel_dept d WHERE d.city = (SELECT city FROM rel_dept WHERE id = e.dept_id)) ORDER BY 1;
UPDATE rel_emp SET salary = salary + 1 WHERE dept_id IN (SELECT id FROM rel_dept WHERE name = 'ops') RETURNING id, salary;
DELETE FROM rel_emp WHERE NOT EXISTS (SELECT 1 FROM rel_dept WHERE rel_dept.id = rel_emp.dept_id) RETURNING name;
SELECT count(*) FROM rel_emp;
-- join-based DML, WITH in writes (sqlrel)
CREATE TABLE rel_stock (sku int PRIMARY KEY, qty int, note text);
CREATE TABLE rel_moves (id int PRIMARY KEY, sku int, delta int);
INSERT INTO rel_stock VALUES (1, 10, NULL), (2, 20, NULL), (3, 30, NULL);
INSERT INTO rel_moves VALUES (1, 1, 5), (2, 2, -3), (3, 9, 100);
UPDATE rel_stock s SET qty = s.qty + m.delta, note = 'moved' FROM rel_moves m WHERE m.sku = s.sku;
SELECT * FROM rel_stock ORDER BY sku;
UPDATE rel_stock SET qty = qty * 2 FROM rel_moves WHERE rel_moves.sku = rel_stock.sku AND rel_moves.delta < 0 RETURNING rel_stock.sku, qty;
DELETE FROM rel_stock s USING rel_moves m WHERE m.sku = s.sku AND m.delta > 0 RETURNING s.sku;
SELECT * FROM rel_stock ORDER BY sku;
UPDATE rel_stock SET qty = 0 FROM rel_stock;
WITH big AS (SELECT sku FROM rel_stock WHERE qty > 25) UPDATE rel_stock SET note = 'big' WHERE sku IN (SELECT sku FROM big);
WITH gone AS (SELECT 3 AS sku) DELETE FROM rel_stock WHERE sku IN (SELECT sku FROM gone) RETURNING sku;
WITH src(a, b) AS (VALUES (7, 70), (8, 80)) INSERT INTO rel_stock (sku, qty) SELECT a, b FROM src;
SELECT * FROM rel_stock ORDER BY sku;
INSERT INTO rel_stock (sku, qty) SELECT sku + 100, qty FROM rel_stock WHERE sku IN (SELECT sku FROM rel_moves) RETURNING sku;
SELECT s.sku, m.delta FROM rel_stock s LEFT JOIN rel_moves m USING (sku) ORDER BY 1;
-- more relational corners (sqlrel)
SELECT name FROM rel_emp e ORDER BY (SELECT d.name FROM rel_dept d WHERE d.id = e.dept_id) NULLS FIRST, name;
SELECT name, CASE WHEN EXISTS (SELECT 1 FROM rel_emp b WHERE b.boss = e.id) THEN 'boss' ELSE coalesce((SELECT 'dept ' || d.name FROM rel_dept d WHERE d.id = e.dept_id), 'none') END FROM rel_emp e ORDER BY name;
SELECT (SELECT x FROM (SELECT e.id * 10 AS x) s) FROM rel_emp e ORDER BY 1;
SELECT d.name, e.name, b.name FROM rel_dept d, LATERAL (SELECT * FROM rel_emp WHERE dept_id = d.id) e, LATERAL (SELECT name FROM rel_emp WHERE id = e.boss AND d.id > 0) b ORDER BY 1, 2;
SELECT * FROM rel_dept d LEFT JOIN rel_emp e ON e.dept_id = d.id LEFT JOIN rel_stock s ON s.sku = e.id ORDER BY d.id, e.id;
SELECT d.id, e.name FROM rel_dept d JOIN rel_emp e ON EXISTS (SELECT 1 FROM rel_dept x WHERE x.id = e.dept_id AND x.id = d.id) ORDER BY 1, 2;
SELECT sku FROM rel_stock FULL JOIN rel_moves USING (sku) WHERE sku > 1 ORDER BY sku;
SELECT * FROM rel_emp WHERE id IN (SELECT '1');
WITH RECURSIVE walk(id, path) AS (SELECT id, name::text FROM rel_emp WHERE boss IS NULL UNION ALL SELECT e.id, w.path || '>' || e.name FROM rel_emp e JOIN walk w ON e.boss = w.id) SELECT path FROM walk ORDER BY path;
WITH RECURSIVE bad(n) AS (SELECT 1 UNION ALL SELECT n + 1.5 FROM bad WHERE n < 3) SELECT * FROM bad;
WITH t AS (SELECT id FROM rel_dept) SELECT * FROM t a JOIN t b USING (id) ORDER BY id;
SELECT * FROM (SELECT * FROM rel_dept) d NATURAL JOIN (SELECT id, city FROM rel_dept) e ORDER BY id;
SELECT count(*) FROM rel_emp a, rel_emp b, rel_emp c WHERE a.id = b.boss AND b.id = c.boss;
SELECT e.name FROM rel_emp e WHERE e.dept_id IN (SELECT id FROM rel_dept) AND e.id NOT IN (SELECT boss FROM rel_emp WHERE boss IS NOT NULL) AND EXISTS (SELECT 1 FROM rel_dept WHERE city = 'oslo') ORDER BY 1;
SELECT id FROM rel_emp INTERSECT SELECT boss FROM rel_emp EXCEPT SELECT 1 ORDER BY 1;
SELECT * FROM (SELECT id FROM rel_emp UNION ALL SELECT id FROM rel_emp) u WHERE id < 3 ORDER BY id;
SELECT 1 FROM rel_emp WHERE EXISTS (SELECT * FROM rel_dept WHERE rel_dept.id = rel_emp.dept_id) AND dept_id = 1 ORDER BY 1;
-- views (sqlrel)
CREATE VIEW rel_rich AS SELECT e.name, e.salary, d.name AS dept FROM rel_emp e JOIN rel_dept d ON d.id = e.dept_id WHERE e.salary > 60;
SELECT * FROM rel_rich ORDER BY name;
SELECT dept, count(*) FROM rel_rich GROUP BY dept ORDER BY dept;
SELECT r.name FROM rel_rich r JOIN rel_emp e ON e.name = r.name WHERE e.id < 3 ORDER BY 1;
CREATE VIEW rel_rich AS SELECT 1;
CREATE OR REPLACE VIEW rel_rich AS SELECT e.name, e.salary, d.name AS dept FROM rel_emp e JOIN rel_dept d ON d.id = e.dept_id WHERE e.salary > 85;
SELECT name FROM rel_rich ORDER BY name;
CREATE VIEW rel_names (n, c) AS SELECT name, city FROM rel_dept;
SELECT n FROM rel_names WHERE c = 'oslo' ORDER BY n;
SELECT name FROM rel_names;
CREATE VIEW rel_dept AS SELECT 1;
CREATE VIEW rel_bad AS SELECT nope FROM rel_dept;
CREATE VIEW rel_bad (a, b) AS SELECT 1;
CREATE VIEW rel_nums AS SELECT id FROM rel_emp UNION SELECT id FROM rel_dept;
SELECT * FROM rel_nums ORDER BY 1;
DROP VIEW rel_nums, rel_names;
SELECT * FROM rel_names;
DROP VIEW rel_names;
DROP VIEW IF EXISTS rel_names;
DROP VIEW rel_rich;
-- joins across key types (sqlrel)
CREATE TABLE rel_k8 (id bigint PRIMARY KEY, v text);
CREATE TABLE rel_kn (id numeric PRIMARY KEY, f float8, s smallint);
INSERT INTO rel_k8 VALUES (1, 'a'), (2, 'b'), (3, 'c');
INSERT INTO rel_kn VALUES (1, 1.0, 1), (2.5, 2.5, 2), (3, 3, 3);
SELECT e.name, k.v FROM rel_emp e JOIN rel_k8 k ON k.id = e.dept_id ORDER BY 1;
SELECT k.v, n.id FROM rel_k8 k JOIN rel_kn n ON n.id = k.id ORDER BY 1;
SELECT k.v, n.f FROM rel_k8 k JOIN rel_kn n ON n.f = k.id ORDER BY 1;
SELECT k.v, n.s FROM rel_k8 k LEFT JOIN rel_kn n ON n.s = k.id ORDER BY 1;
SELECT v FROM rel_k8 WHERE id IN (SELECT id FROM rel_kn) ORDER BY 1;
SELECT v FROM rel_k8 WHERE id IN (SELECT s FROM rel_kn) ORDER BY 1;
SELECT id FROM rel_k8 UNION SELECT id FROM rel_kn ORDER BY 1;
SELECT id FROM rel_k8 INTERSECT SELECT s FROM rel_kn ORDER BY 1;
SELECT * FROM rel_k8 JOIN rel_kn USING (id) ORDER BY id;
-- correlated subqueries over groups (sqlrel)
SELECT dept_id, count(*), (SELECT name FROM rel_dept d WHERE d.id = e.dept_id) FROM rel_emp e GROUP BY dept_id ORDER BY 1;
SELECT e.dept_id, (SELECT count(*) FROM rel_emp x WHERE x.dept_id = e.dept_id AND x.salary > 60) FROM rel_emp e GROUP BY e.dept_id ORDER BY 1 NULLS FIRST;
SELECT dept_id FROM rel_emp e GROUP BY dept_id HAVING EXISTS (SELECT 1 FROM rel_dept d WHERE d.id = e.dept_id AND d.city = 'oslo') ORDER BY 1;
SELECT dept_id, (SELECT name FROM rel_dept d WHERE d.id = e.boss) FROM rel_emp e GROUP BY dept_id;
-- NOT IN as an anti-join with NULL checks (sqlrel)
SELECT name FROM rel_emp WHERE dept_id NOT IN (SELECT id FROM rel_dept WHERE city = 'oslo') ORDER BY 1;
SELECT name FROM rel_emp WHERE dept_id NOT IN (SELECT id FROM rel_dept WHERE id > 100) ORDER BY 1;
SELECT name FROM rel_emp WHERE boss NOT IN (SELECT boss FROM rel_emp) ORDER BY 1;
SELECT name FROM rel_emp WHERE boss NOT IN (SELECT boss FROM rel_emp WHERE boss IS NOT NULL) ORDER BY 1;
SELECT name FROM rel_emp e WHERE e.dept_id NOT IN (SELECT d.id FROM rel_dept d WHERE d.id <> e.id) ORDER BY 1;
-- recursive query checks (sqlrel)
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM t, t t2 WHERE t.n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < (SELECT max(n) FROM t)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT * FROM t LIMIT 5;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3), u AS (SELECT n * 2 AS m FROM t) SELECT * FROM u ORDER BY m;
-- scoping corners (sqlrel)
SELECT rel_dept.name FROM (rel_dept JOIN rel_emp ON rel_dept.id = rel_emp.dept_id) j;
SELECT j.name FROM (rel_dept JOIN rel_emp ON rel_dept.id = rel_emp.dept_id) j;
SELECT j.city FROM (rel_dept JOIN rel_emp ON rel_dept.id = rel_emp.dept_id) j ORDER BY 1;
SELECT u.id FROM rel_dept JOIN rel_emp USING (id) AS u ORDER BY 1;
SELECT * FROM rel_dept a JOIN rel_dept b USING (id) JOIN rel_dept c USING (id) ORDER BY id;
SELECT id FROM rel_dept a JOIN rel_dept b USING (id) JOIN rel_dept c ON c.id = a.id;
SELECT v.a FROM (VALUES (1), (2.5)) v(a) ORDER BY 1;
SELECT name FROM rel_emp WHERE id IN (VALUES (1), (2)) ORDER BY 1;
SELECT name FROM rel_emp WHERE EXISTS (SELECT 1 LIMIT 0);
SELECT name FROM rel_emp e WHERE EXISTS (SELECT 1 FROM rel_emp e WHERE e.id = 1) ORDER BY 1;
SELECT id FROM rel_emp e WHERE id IN (SELECT id FROM rel_dept WHERE rel_dept.id = e.id) ORDER BY 1;
SELECT id FROM rel_emp WHERE id IN (SELECT id FROM rel_dept WHERE name = rel_emp.name) ORDER BY 1;
SELECT * FROM rel_dept, rel_dept;
SELECT * FROM rel_dept d, (SELECT d.id) s;
SELECT * FROM LATERAL (SELECT 1 AS x) s, rel_dept d WHERE d.id = s.x;
SELECT d.id, s.* FROM rel_dept d CROSS JOIN LATERAL (SELECT d.id * 2 AS twice, d.city) s ORDER BY 1;
SELECT count(*) FROM rel_emp WHERE salary > ANY (SELECT salary FROM rel_emp WHERE dept_id = 2);
SELECT 1 IN (SELECT NULL::int), NULL::int IN (SELECT 1), NULL::int IN (SELECT 1 WHERE false), 2 NOT IN (SELECT 1 UNION SELECT NULL);
-- row comparisons with subqueries (sqlrel)
SELECT name FROM rel_emp WHERE (dept_id, boss) IN (SELECT dept_id, boss FROM rel_emp WHERE id = 2) ORDER BY 1;
SELECT id, (dept_id, boss) NOT IN (SELECT dept_id, boss FROM rel_emp WHERE id IN (2, 4)) FROM rel_emp ORDER BY 1;
SELECT id, (dept_id, 1) = ANY (SELECT dept_id, boss FROM rel_emp WHERE boss = 1) FROM rel_emp ORDER BY 1;
SELECT name FROM rel_emp WHERE (dept_id, boss) IN (SELECT dept_id FROM rel_emp);
SELECT name FROM rel_emp WHERE dept_id IN (SELECT dept_id, boss FROM rel_emp);
-- error cases of FROM items (sqlrel)
SELECT * FROM rel_dept d RIGHT JOIN LATERAL (SELECT d.id) s ON true;
SELECT * FROM (VALUES (1, 2)) v(a, b, c);
SELECT * FROM (VALUES (1), ('x')) v(a);
SELECT * FROM (VALUES (1), ('2')) v(a) ORDER BY a;
SELECT * FROM rel_dept JOIN rel_emp USING (id, id);
SELECT * FROM rel_dept JOIN rel_emp USING (city);
WITH w AS (SELECT 1 AS a) SELECT w.b FROM w;
SELECT * FROM (SELECT 1 AS a) s JOIN (SELECT 'x' AS a) t USING (a);
CREATE VIEW rel_v2 AS SELECT 1 AS one;
CREATE TABLE rel_v2 (id int);
SELECT * FROM rel_v2;
DROP VIEW rel_v2;
CREATE VIEW rel_v3 AS SELECT 1 AS one;
DROP TABLE rel_v3;
DROP VIEW rel_stock;
DROP TABLE IF EXISTS rel_v3;
DROP VIEW rel_v3;
CREATE VIEW rel_self AS SELECT 1 AS x;
CREATE OR REPLACE VIEW rel_self AS SELECT x + 1 AS x FROM rel_self;
SELECT * FROM rel_self;
DROP VIEW rel_self;

-- ===== sqlfuncs: windows, aggregates, arrays, jsonb, scalar functions =====
CREATE TABLE sf_emp (id int PRIMARY KEY, dept text NOT NULL, name text, salary int, bonus numeric(8,2), tags text[], doc jsonb);
INSERT INTO sf_emp VALUES
  (1, 'eng', 'ann', 100, 10.50, '{go,sql}', '{"lvl": 3, "langs": ["go", "sql"], "addr": {"city": "oslo"}}'),
  (2, 'eng', 'bob', 120, NULL, '{go}', '{"lvl": 2, "langs": ["go"]}'),
  (3, 'eng', 'cid', 100, 5.25, '{}', '{"lvl": 3}'),
  (4, 'ops', 'dan', 90, 1.00, ARRAY['bash', 'go'], '[1, 2, 3]'),
  (5, 'ops', 'eve', NULL, 2.00, NULL, '"text"'),
  (6, 'sales', 'fay', 80, 0.75, '{"a b",NULL}', '{"lvl": 1, "addr": {"city": "rome", "zip": "00100"}}');
SELECT id, row_number() OVER (ORDER BY id) FROM sf_emp ORDER BY id;
SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST, id) FROM sf_emp ORDER BY id;
SELECT id, salary, rank() OVER (ORDER BY salary), dense_rank() OVER (ORDER BY salary) FROM sf_emp ORDER BY id;
SELECT id, percent_rank() OVER (ORDER BY salary), cume_dist() OVER (ORDER BY salary) FROM sf_emp ORDER BY id;
SELECT id, ntile(4) OVER (ORDER BY id), ntile(2) OVER (PARTITION BY dept ORDER BY id) FROM sf_emp ORDER BY id;
SELECT id, lag(salary) OVER (ORDER BY id), lead(salary) OVER (ORDER BY id) FROM sf_emp ORDER BY id;
SELECT id, lag(salary, 2, 0) OVER (ORDER BY id), lead(name, 1, 'none') OVER (PARTITION BY dept ORDER BY id) FROM sf_emp ORDER BY id;
SELECT id, first_value(name) OVER w, last_value(name) OVER w, nth_value(name, 2) OVER w FROM sf_emp WINDOW w AS (PARTITION BY dept ORDER BY id) ORDER BY id;
SELECT id, last_value(name) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM sf_emp ORDER BY id;
SELECT id, sum(salary) OVER (ORDER BY id) FROM sf_emp ORDER BY id;
SELECT id, sum(salary) OVER (ORDER BY salary) FROM sf_emp ORDER BY id;
SELECT id, sum(salary) OVER (PARTITION BY dept), count(*) OVER (PARTITION BY dept), avg(salary) OVER (PARTITION BY dept) FROM sf_emp ORDER BY id;
SELECT id, min(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), max(salary) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM sf_emp ORDER BY id;
SELECT id, sum(salary) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), count(salary) OVER (ORDER BY id ROWS 2 PRECEDING) FROM sf_emp ORDER BY id;
SELECT id, avg(bonus) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) FROM sf_emp ORDER BY id;
SELECT id, count(*) OVER () FROM sf_emp ORDER BY id;
SELECT id, sum(salary) FILTER (WHERE dept = 'eng') OVER (ORDER BY id) FROM sf_emp ORDER BY id;
SELECT dept, sum(salary), rank() OVER (ORDER BY sum(salary) DESC) FROM sf_emp GROUP BY dept ORDER BY dept;
SELECT dept, count(*), sum(count(*)) OVER (ORDER BY dept) FROM sf_emp GROUP BY dept ORDER BY dept;
SELECT id, row_number() OVER w FROM sf_emp WINDOW w AS (ORDER BY name DESC) ORDER BY id;
SELECT id, rank() OVER (w ORDER BY salary) FROM sf_emp WINDOW w AS (PARTITION BY dept) ORDER BY id;
SELECT id FROM sf_emp ORDER BY row_number() OVER (ORDER BY name DESC);
SELECT id, string_agg(name, ',') OVER (PARTITION BY dept ORDER BY id) FROM sf_emp ORDER BY id;
SELECT id FROM sf_emp WHERE row_number() OVER () > 1;
SELECT ntile(0) OVER () FROM sf_emp;
SELECT rank() OVER missing FROM sf_emp;
SELECT count(DISTINCT dept) OVER () FROM sf_emp;
SELECT dept, string_agg(name, ', ' ORDER BY name DESC) FROM sf_emp GROUP BY dept ORDER BY dept;
SELECT string_agg(name, '') FROM sf_emp WHERE id > 100;
SELECT string_agg(DISTINCT dept, '|') FROM sf_emp;
SELECT dept, array_agg(id ORDER BY id DESC), array_agg(salary) FROM sf_emp GROUP BY dept ORDER BY dept;
SELECT array_agg(DISTINCT dept), array_agg(name ORDER BY salary NULLS FIRST, id) FROM sf_emp;
SELECT jsonb_agg(name ORDER BY id), jsonb_agg(salary ORDER BY id) FROM sf_emp;
SELECT jsonb_object_agg(name, salary) FROM sf_emp;
SELECT dept, count(*) FILTER (WHERE salary >= 100), sum(salary) FILTER (WHERE bonus IS NOT NULL), avg(salary) FILTER (WHERE id > 1) FROM sf_emp GROUP BY dept ORDER BY dept;
SELECT count(DISTINCT salary), sum(DISTINCT salary), avg(DISTINCT salary) FROM sf_emp;
SELECT bool_and(salary > 50), bool_or(salary > 110), every(salary > 85) FROM sf_emp;
SELECT bool_or('t'), bool_and('f');
SELECT array_agg(bonus ORDER BY bonus DESC NULLS LAST) FROM sf_emp;
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b'], ARRAY[1.5, 2];
SELECT '{1,2,3}'::int[], '{a,"b c",NULL,""}'::text[], '{}'::int8[];
SELECT '{1,x}'::int[];
SELECT '{1,2'::int[];
SELECT (ARRAY[10, 20, 30])[2], (ARRAY[10, 20, 30])[4], (ARRAY[10, 20, 30])[2:3], (ARRAY[10, 20, 30])[:2];
SELECT id, tags, tags[1], tags[2] FROM sf_emp ORDER BY id;
SELECT id FROM sf_emp WHERE 'go' = ANY(tags) ORDER BY id;
SELECT id FROM sf_emp WHERE salary > ALL(ARRAY[85, 95]) ORDER BY id;
SELECT 2 = ANY(ARRAY[1, 2]), 3 = ANY('{1,2}'), NULL = ANY(ARRAY[1]), 1 = ANY(ARRAY[2, NULL]), 1 <> ALL(ARRAY[2, 3]), 1 = ANY('{}'::int[]);
SELECT array_length(ARRAY[1, 2, 3], 1), array_length('{}'::int[], 1), cardinality(ARRAY['a']), array_upper(ARRAY[1, 2], 1), array_lower(ARRAY[1, 2], 1);
SELECT array_append(ARRAY[1], 2), array_prepend(0, ARRAY[1]), array_cat(ARRAY[1], ARRAY[2, 3]), array_remove(ARRAY[1, 2, 1], 1);
SELECT array_position(ARRAY['a', 'b', 'b'], 'b'), array_position(ARRAY['a'], 'z'), array_to_string(ARRAY[1, NULL, 3], '-'), array_to_string(ARRAY[1, NULL, 3], '-', '?');
SELECT string_to_array('a,b,,c', ','), string_to_array('abc', NULL), string_to_array('', ',');
SELECT ARRAY[1, 2] @> ARRAY[2], ARRAY[1] <@ ARRAY[1, 2], ARRAY[1, 2] && ARRAY[3], ARRAY[1, 2] = ARRAY[1, 2], ARRAY[1] || ARRAY[2], ARRAY[1] || 2, 0 || ARRAY[1];
SELECT id, tags @> '{go}' FROM sf_emp ORDER BY id;
SELECT id, cardinality(tags), array_length(tags, 1) FROM sf_emp ORDER BY id;
SELECT tags FROM sf_emp WHERE id = 6;
SELECT ARRAY[1, 2][1];
SELECT 1[1];
SELECT id, doc -> 'lvl', doc ->> 'lvl', doc -> 'addr' ->> 'city' FROM sf_emp ORDER BY id;
SELECT id, doc #> '{addr,city}', doc #>> '{langs,0}', doc #> '{langs}' FROM sf_emp ORDER BY id;
SELECT id, doc @> '{"lvl": 3}', doc <@ '{"lvl": 3, "x": 1}', doc ? 'addr', doc ?| ARRAY['addr', 'lvl'], doc ?& ARRAY['addr', 'lvl'] FROM sf_emp ORDER BY id;
SELECT '[1, 2, 3]'::jsonb @> '2', '[1, [2, 3]]'::jsonb @> '[[3]]', '{"a": {"b": 1, "c": 2}}'::jsonb @> '{"a": {"b": 1}}', '"x"'::jsonb ? 'x';
SELECT '{"a": 1, "b": 2}'::jsonb - 'a', '["a", "b"]'::jsonb - 'a', '[1, 2, 3]'::jsonb - 1, '[1, 2, 3]'::jsonb - -1, '{"a": 1, "b": 2, "c": 3}'::jsonb - ARRAY['a', 'c'];
SELECT '{"a": {"b": [1, 2]}}'::jsonb #- '{a,b,0}', '{"a": 1}'::jsonb #- '{x}';
SELECT '"s"'::jsonb - 'a';
SELECT '{"a": 1}'::jsonb - 0;
SELECT '{"a": 1}'::jsonb || '{"b": 2}', '{"a": 1}'::jsonb || '{"a": 3}', '[1]'::jsonb || '[2, 3]', '[1]'::jsonb || '2', '1'::jsonb || '[2]', '{"a": 1}'::jsonb || '[2]';
SELECT jsonb_build_object('a', 1, 'b', 'two', 'c', NULL, 'd', true), jsonb_build_array(1, 'x', NULL, 2.5);
SELECT jsonb_build_object('a');
SELECT jsonb_set('{"a": 1, "b": {"c": 2}}', '{b,c}', '5'), jsonb_set('{"a": 1}', '{z}', '"new"'), jsonb_set('{"a": 1}', '{z}', '2', false), jsonb_set('[1, 2]', '{5}', '9');
SELECT jsonb_insert('[1, 2, 3]', '{1}', '9'), jsonb_insert('[1, 2, 3]', '{1}', '9', true), jsonb_insert('{"a": 1}', '{b}', '2');
SELECT jsonb_insert('{"a": 1}', '{a}', '2');
SELECT id, jsonb_typeof(doc), jsonb_typeof(doc -> 'lvl'), jsonb_typeof(doc -> 'langs') FROM sf_emp ORDER BY id;
SELECT jsonb_array_length('[1, 2, [3]]'), jsonb_strip_nulls('{"a": null, "b": {"c": null, "d": 1}}');
SELECT jsonb_array_length('{"a": 1}');
SELECT jsonb_extract_path('{"a": {"b": 7}}', 'a', 'b'), jsonb_extract_path_text('{"a": {"b": "x"}}', 'a', 'b');
SELECT jsonb_pretty('{"a": [1, {"b": null}], "c": {}}');
SELECT to_jsonb('x'::text), to_jsonb(42), to_jsonb(true);
SELECT '[1, 2]'::jsonb ->> 'x', '[1, 2]'::jsonb -> 5, '{"a": 1}'::jsonb -> 0, '"str"'::jsonb -> 'a';
SELECT 1::jsonb;
SELECT true::jsonb;
SELECT left('hello', 2), right('hello', 2), left('hello', -1), lpad('7', 3, '0'), rpad('ab', 5, 'xy'), repeat('ab', 3), reverse('abc');
SELECT split_part('a,b,c', ',', 2), strpos('hello', 'l'), initcap('hello wORLD'), translate('hello', 'el', 'ip'), ascii('A'), chr(66), to_hex(255), to_hex(-1);
SELECT regexp_replace('foo bar boo', 'o+', '0'), regexp_replace('foo bar boo', 'o+', '0', 'g'), regexp_replace('abc', '(b)', '[\1]'), regexp_replace('ABC', 'b', 'x', 'i');
SELECT regexp_match('abc123def', '[0-9]+'), regexp_match('key=val', '(\w+)=(\w+)'), regexp_match('abc', 'z'), regexp_split_to_array('a1b22c', '[0-9]+');
SELECT concat('a', 1, NULL, true), concat_ws('-', 'a', NULL, 'b', 2), format('%s is %s', 'x', 42), format('%L and %s', 'it''s', NULL), format('100%%');
SELECT quote_ident('abc'), quote_ident('A b'), quote_literal('it''s'), md5('abc');
SELECT exp(1.0), exp(0), ln(10), ln(2.0), log(100), log(2, 8), log(10.5), log10(1000), cbrt(8);
SELECT ln(0);
SELECT ln(-1.0);
SELECT degrees(pi()), radians(180), sin(0), cos(0), tan(0), atan2(1, 1), asin(1), acos(1), atan(1);
SELECT div(7, 2), div(-7, 2), gcd(12, 18), lcm(4, 6), width_bucket(5, 0, 10, 5), width_bucket(-1, 0, 10, 5), width_bucket(10, 0, 10, 5);
SELECT power(2.0::float8, 3::numeric), power(2, 3), power(2.0, 3), mod(NULL, 3), mod(7, NULL), nullif(3, 4.5), nullif(3::smallint, 3);
CREATE TABLE sf_keys (id int PRIMARY KEY, v text);
INSERT INTO sf_keys VALUES (1, 'a'), (2, 'b'), (3, 'c');
UPDATE sf_keys SET id = 10 WHERE id = 3;
UPDATE sf_keys SET id = 1 WHERE id = 2;
UPDATE sf_keys SET id = id + 100 WHERE v = 'a';
SELECT * FROM sf_keys ORDER BY id;
SELECT id, salary, sum(salary) OVER (ORDER BY id) - salary AS before, round(avg(salary) OVER (), 2) FROM sf_emp ORDER BY id;
SELECT dept, max(salary), array_agg(name ORDER BY name) FILTER (WHERE salary IS NOT NULL) FROM sf_emp GROUP BY dept ORDER BY dept;
SELECT id, CASE WHEN rank() OVER (ORDER BY salary DESC NULLS LAST) <= 2 THEN 'top' ELSE 'rest' END FROM sf_emp ORDER BY id;
SELECT * FROM generate_series(1, 5);
SELECT g, g * 2 AS twice FROM generate_series(1, 10, 3) AS g;
SELECT * FROM generate_series(5, 1, -2) WITH ORDINALITY AS t(x, n);
SELECT * FROM generate_series(1.5, 4, 0.5);
SELECT * FROM generate_series(10::bigint, 12::bigint);
SELECT * FROM generate_series('2024-01-30'::timestamp, '2024-02-02', '1 day');
SELECT * FROM generate_series(1, 3, 0);
SELECT count(*), sum(g), min(g), max(g) FROM generate_series(1, 10000) g;
SELECT * FROM unnest(ARRAY['x', 'y', NULL]) WITH ORDINALITY;
SELECT u FROM unnest('{3,1,2}'::int[]) u ORDER BY u;
SELECT e.id, t FROM sf_emp e, unnest(e.tags) AS t ORDER BY e.id, t;
SELECT * FROM jsonb_array_elements('[1, "a", {"b": 2}]');
SELECT * FROM jsonb_array_elements_text('[1, "a", {"b": 2}]');
SELECT * FROM jsonb_array_elements('{"a": 1}');
SELECT * FROM jsonb_each('{"b": [2], "a": 1}');
SELECT key, value FROM jsonb_each_text('{"a": 1, "b": "x", "c": null}') ORDER BY key;
SELECT * FROM jsonb_object_keys('{"b": 1, "a": 2, "aa": 3}');
SELECT e.id, k FROM sf_emp e, jsonb_object_keys(e.doc) AS k WHERE jsonb_typeof(e.doc) = 'object' ORDER BY e.id, k;
SELECT e.id, l.value FROM sf_emp e, jsonb_array_elements_text(e.doc -> 'langs') AS l ORDER BY e.id, l.value;
SELECT g.n, row_number() OVER (ORDER BY g.n DESC) FROM generate_series(1, 4) AS g(n) ORDER BY g.n;
CREATE TABLE sf_up (id int PRIMARY KEY, n int NOT NULL, s text);
INSERT INTO sf_up VALUES (1, 1, 'a'), (2, 2, 'b');
INSERT INTO sf_up VALUES (1, 10, 'x'), (3, 3, 'c') ON CONFLICT (id) DO UPDATE SET n = sf_up.n + excluded.n, s = excluded.s || '!' RETURNING *;
INSERT INTO sf_up VALUES (2, 5, 'y') ON CONFLICT (id) DO UPDATE SET n = excluded.n WHERE sf_up.n > 100 RETURNING id;
INSERT INTO sf_up AS u VALUES (2, 5, 'y') ON CONFLICT (id) DO UPDATE SET n = u.n * 10 WHERE u.n < 100 RETURNING id, n;
INSERT INTO sf_up VALUES (4, 4, 'd'), (4, 5, 'e') ON CONFLICT (id) DO UPDATE SET n = 0;
INSERT INTO sf_up VALUES (1, 0, 'z') ON CONFLICT (id) DO UPDATE SET n = NULL;
INSERT INTO sf_up VALUES (9, 9, 'q') ON CONFLICT DO UPDATE SET n = 0;
INSERT INTO sf_up VALUES (1, 0, 'z') ON CONFLICT (id) DO NOTHING;
SELECT * FROM sf_up ORDER BY id;
CREATE TABLE sf_alt (id int PRIMARY KEY, a text);
INSERT INTO sf_alt VALUES (1, 'x'), (2, 'y');
ALTER TABLE sf_alt ADD COLUMN b int DEFAULT 7, ADD c text;
SELECT * FROM sf_alt ORDER BY id;
ALTER TABLE sf_alt ADD COLUMN d int NOT NULL;
ALTER TABLE sf_alt ADD COLUMN e int NOT NULL DEFAULT 0;
ALTER TABLE sf_alt ADD COLUMN b int;
ALTER TABLE sf_alt DROP COLUMN a;
ALTER TABLE sf_alt DROP COLUMN zz;
ALTER TABLE sf_alt RENAME COLUMN b TO bb;
ALTER TABLE sf_alt RENAME bb TO c;
INSERT INTO sf_alt (id, bb) VALUES (3, 9);
UPDATE sf_alt SET c = 'u' WHERE id = 1;
SELECT * FROM sf_alt ORDER BY id;
ALTER TABLE sf_alt RENAME TO sf_alt2;
SELECT id, bb, e FROM sf_alt2 ORDER BY id;
SELECT * FROM sf_alt;
ALTER TABLE sf_nosuch ADD COLUMN x int;
CREATE TABLE sf_dates (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz);
INSERT INTO sf_dates VALUES (1, '2024-02-29', '2024-05-17 13:04:05.5', '2024-05-17 13:04:05+02'), (2, '2023-12-31', '2000-01-01 00:00:00', '1999-12-31 23:59:59+00'), (3, NULL, NULL, NULL);
SELECT * FROM sf_dates ORDER BY id;
SELECT id, d + 1, d - 1, d - '2024-01-01', d + interval '1 hour', 1 + d FROM sf_dates ORDER BY id;
SELECT id FROM sf_dates WHERE d < '2024-01-01' ORDER BY id;
SELECT '2024-01-02'::date, '2024-01-02 10:00'::date, '2024-01-02'::date::text, date '2024-03-01' - date '2024-01-01', current_date - current_date, now()::date = current_date;
SELECT '2024-13-01'::date;
SELECT id, date_trunc('month', ts), date_trunc('hour', ts), date_trunc('year', tz), date_trunc('week', d), date_trunc('day', interval '1 day 3 hours') FROM sf_dates ORDER BY id;
SELECT id, extract(year FROM ts), extract(month FROM d), extract(second FROM ts), extract(epoch FROM ts), extract(dow FROM d), extract(doy FROM d), extract(quarter FROM ts) FROM sf_dates ORDER BY id;
SELECT date_part('year', ts), date_part('hour', ts), date_part('epoch', tz) FROM sf_dates ORDER BY id;
SELECT extract(hour FROM interval '1 day 3 hours'), extract(epoch FROM interval '90 minutes'), extract(isodow FROM date '2024-05-19'), extract(century FROM date '2024-05-01'), extract(week FROM date '2024-01-01');
SELECT extract(hour FROM date '2024-01-01');
SELECT extract(foo FROM timestamp '2024-01-01');
SELECT make_date(2024, 2, 29), make_timestamp(2024, 5, 17, 13, 4, 5.5);
SELECT make_date(2023, 2, 29);
SELECT id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS'), to_char(ts, 'FMMonth DD, YYYY'), to_char(ts, 'Day Dy Mon HH12:MI AM'), to_char(tz, 'YY Q DDD IW MS US') FROM sf_dates ORDER BY id;
SELECT timestamp '2024-01-01' + interval '1 day 2 hours', timestamp '2024-01-02' - timestamp '2024-01-01 12:00', interval '1 hour' * 3, interval '3 hours' / 2;
CREATE TABLE sf_ck (id int PRIMARY KEY, qty int CHECK (qty > 0), price numeric CHECK (price >= 0 AND price < 1000), name text, CONSTRAINT name_len CHECK (length(name) > 1), CHECK (qty < 100 OR price > 1));
INSERT INTO sf_ck VALUES (1, 5, 10, 'ab');
INSERT INTO sf_ck VALUES (2, 0, 10, 'ab');
INSERT INTO sf_ck VALUES (3, 5, -1, 'ab');
INSERT INTO sf_ck VALUES (4, 5, 1, 'a');
INSERT INTO sf_ck VALUES (5, 500, 0.5, 'ab');
INSERT INTO sf_ck VALUES (6, NULL, NULL, NULL);
INSERT INTO sf_ck VALUES (7, -1, -1, 'x');
UPDATE sf_ck SET qty = -1 WHERE id = 1;
UPDATE sf_ck SET qty = 50 WHERE id = 1;
INSERT INTO sf_ck VALUES (1, 1, 1, 'x') ON CONFLICT (id) DO UPDATE SET qty = -5;
SELECT * FROM sf_ck ORDER BY id;
CREATE TABLE sf_ck2 (a int CHECK (b > 0));
CREATE TABLE sf_ck3 (a int CHECK (a));
CREATE TABLE sf_vc (id int PRIMARY KEY, v varchar(3));
INSERT INTO sf_vc SELECT id, name || 'xxxx' FROM sf_emp WHERE id = 1;
INSERT INTO sf_vc SELECT id, (name || 'xxxx')::varchar(3) FROM sf_emp WHERE id = 2;
UPDATE sf_vc SET v = v || 'long' WHERE id = 2;
INSERT INTO sf_vc VALUES (5, 'abcdef'::varchar(4));
INSERT INTO sf_vc VALUES (6, 'abc   ');
SELECT * FROM sf_vc ORDER BY id;
SELECT generate_series(1, 3);
SELECT generate_series(1, 3) AS g, 'x' AS c;
SELECT id, unnest(ARRAY[id, id * 10]) FROM sf_emp WHERE id < 3 ORDER BY 1, 2;
SELECT id, unnest(tags) AS tag FROM sf_emp ORDER BY id, tag;
SELECT jsonb_object_keys('{"a": 1, "b": 2}') AS k ORDER BY k DESC;
SELECT id, jsonb_array_elements_text(doc -> 'langs') FROM sf_emp ORDER BY 1, 2;
-- ===== docnull: jsonb null is a value, not SQL NULL =====
SELECT 'null'::jsonb IS NULL, 'null'::jsonb IS NOT NULL, 'null'::jsonb, ('null'::jsonb)::text;
SELECT '{"a":null}'::jsonb -> 'a' IS NULL AS arrow, '{"a":null}'::jsonb ->> 'a' IS NULL AS arrow_text, '{"a":null}'::jsonb -> 'b' IS NULL AS missing, '{"a":null}'::jsonb -> 'a';
SELECT '[1,null]'::jsonb -> 1, ('[1,null]'::jsonb -> 1) IS NULL, '[1,null]'::jsonb ->> 1, '[1,null]'::jsonb -> 5 IS NULL;
SELECT '{"a":{"b":null}}'::jsonb #> '{a,b}', '{"a":{"b":null}}'::jsonb #>> '{a,b}' IS NULL, ('{"a":{"b":null}}'::jsonb #> '{a,b}') IS NULL;
SELECT jsonb_typeof('null'), jsonb_typeof('{"a":null}'::jsonb -> 'a'), jsonb_typeof(NULL) IS NULL;
SELECT jsonb_build_array(NULL), jsonb_build_array(NULL) = '[null]'::jsonb, jsonb_build_array(NULL) -> 0, jsonb_build_object('k', NULL) -> 'k';
SELECT to_jsonb(NULL::int) IS NULL, to_jsonb('null'::jsonb) IS NULL, '[null, [null]]'::jsonb, '{"x": [null, {"y": null}]}'::jsonb;
SELECT jsonb_strip_nulls('{"a":null,"b":[null,{"c":null}]}'), jsonb_strip_nulls('null'), jsonb_strip_nulls('null') IS NULL;
SELECT COALESCE('null'::jsonb, '1'), COALESCE(NULL::jsonb, '1'), NULLIF('null'::jsonb, 'null'::jsonb) IS NULL;
SELECT 'null'::jsonb = 'null'::jsonb, 'null'::jsonb < '1'::jsonb, 'null'::jsonb <> '"x"'::jsonb, '[null]'::jsonb = '[null]'::jsonb;
SELECT value, value IS NULL FROM jsonb_array_elements('[1, null, 2]') ORDER BY 1;
SELECT key, value, value IS NULL FROM jsonb_each('{"a": null, "b": 2}') ORDER BY key;
SELECT key, value IS NULL FROM jsonb_each_text('{"a": null, "b": 2}') ORDER BY key;
SELECT jsonb_set('{"a":1}', '{a}', 'null'), jsonb_set('{"a":1}', '{b}', 'null') -> 'b';
SELECT count(x), count(*) FROM (VALUES ('null'::jsonb), (NULL::jsonb), ('1'::jsonb)) AS t(x);
SELECT x FROM (VALUES ('1'::jsonb), ('null'::jsonb), (NULL::jsonb)) AS t(x) ORDER BY x;
CREATE TABLE dn_docs (id int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO dn_docs VALUES (1, 'null'), (2, '{"a": null}'), (3, '[null]'), (4, '{"a": 1}');
INSERT INTO dn_docs VALUES (5, NULL);
SELECT id, doc, doc IS NULL, doc -> 'a', doc -> 'a' IS NULL, doc ->> 'a' IS NULL, jsonb_typeof(doc) FROM dn_docs ORDER BY id;
SELECT id FROM dn_docs WHERE doc = 'null' ORDER BY id;
SELECT id FROM dn_docs WHERE doc -> 'a' = 'null'::jsonb ORDER BY id;
UPDATE dn_docs SET doc = doc -> 'a' WHERE id = 2;
SELECT id, doc, doc IS NULL FROM dn_docs WHERE id = 2;
SELECT 'null'::jsonb::int;
SELECT 'null'::jsonb || '[1]'::jsonb, '[1]'::jsonb || 'null'::jsonb, jsonb_build_object('a', 'null'::jsonb), jsonb_build_array('null'::jsonb, NULL);
SELECT jsonb_agg(x), jsonb_agg(x) FILTER (WHERE x IS NOT NULL) FROM (VALUES (1, 'null'::jsonb), (2, NULL::jsonb), (3, '1'::jsonb)) AS t(i, x);
SELECT 'null'::jsonb @> 'null'::jsonb, '[null]'::jsonb @> 'null'::jsonb, '{"a":null}'::jsonb ? 'a', jsonb_pretty('null'), to_jsonb('null'::jsonb);
SELECT CASE WHEN x IS NULL THEN 'sql' ELSE 'json' END, x FROM (VALUES (1, 'null'::jsonb), (2, NULL::jsonb)) AS t(i, x) ORDER BY i;
SELECT x, count(*) FROM (VALUES ('null'::jsonb), (NULL::jsonb), ('null'::jsonb)) AS t(x) GROUP BY x ORDER BY x;
SELECT DISTINCT x FROM (VALUES ('null'::jsonb), (NULL::jsonb), ('null'::jsonb)) AS t(x) ORDER BY x;
SELECT a.i, b.i FROM (VALUES (1, 'null'::jsonb), (2, NULL::jsonb)) AS a(i, x) JOIN (VALUES (3, 'null'::jsonb), (4, NULL::jsonb)) AS b(i, x) ON a.x = b.x ORDER BY 1, 2;
SELECT id FROM dn_docs WHERE doc IS NOT NULL AND jsonb_typeof(doc) = 'null' ORDER BY id;
SELECT jsonb_array_length('null');
SELECT jsonb_set('null', '{a}', '1');
SELECT 'null'::jsonb -> 'a', 'null'::jsonb ->> 0, 'null'::jsonb ? 'a', jsonb_extract_path('null', 'a'), jsonb_extract_path('{"a": null}', 'a'), jsonb_extract_path_text('{"a": null}', 'a') IS NULL;
SELECT 'null'::jsonb #- '{a}';
SELECT jsonb_object_agg(k, v) FROM (VALUES ('a', NULL::jsonb), ('b', 'null'::jsonb)) AS t(k, v);
SELECT jsonb_object_keys('null');
SELECT jsonb_insert('{"a": [1]}', '{a,0}', 'null'), jsonb_strip_nulls('[null, {"a": null, "b": 1}]');
SELECT 'null'::jsonb @> '{}'::jsonb, '{"a": null}'::jsonb @> '{"a": null}'::jsonb, '{"a": 1}'::jsonb @> '{"a": null}'::jsonb;
SELECT greatest('null'::jsonb, NULL::jsonb), least('null'::jsonb, '1'::jsonb), least(NULL::jsonb, NULL::jsonb) IS NULL;
SELECT x IS DISTINCT FROM NULL, x IS NOT DISTINCT FROM 'null'::jsonb, x IS NOT DISTINCT FROM NULL, NULL::jsonb IS NOT DISTINCT FROM NULL, x IS DISTINCT FROM '1' FROM (VALUES ('null'::jsonb)) AS t(x);
SELECT jsonb_set('1', '{a}', '2');
SELECT '"s"'::jsonb #- '{a}';
SELECT jsonb_build_object('a', NULL) = '{"a": null}'::jsonb;
SELECT to_jsonb(ARRAY[NULL::int, 1]);
SELECT jsonb_agg(x) FROM (VALUES (NULL::int)) AS t(x);
SELECT CASE 'null'::jsonb WHEN 'null'::jsonb THEN 'yes' ELSE 'no' END, 'null'::jsonb IN ('null'::jsonb, '1'::jsonb);
CREATE TABLE dn_def (id int PRIMARY KEY, doc jsonb DEFAULT 'null', d2 jsonb NOT NULL DEFAULT 'null');
INSERT INTO dn_def (id) VALUES (1);
ALTER TABLE dn_def ADD COLUMN d3 jsonb DEFAULT 'null';
INSERT INTO dn_def (id) VALUES (2);
SELECT id, doc, doc IS NULL, d2, d3, d3 IS NULL FROM dn_def ORDER BY id;
SELECT x FROM (VALUES ('1'::jsonb), ('"a"'::jsonb), ('true'::jsonb), ('null'::jsonb), ('[]'::jsonb), ('{}'::jsonb), ('[1, 2]'::jsonb), ('[3]'::jsonb), ('{"a": 1}'::jsonb), ('{"b": 0}'::jsonb), ('{"a": 1, "b": 2}'::jsonb), ('2.5'::jsonb), (NULL::jsonb), ('false'::jsonb), ('[null]'::jsonb), ('["x"]'::jsonb)) AS t(x) ORDER BY x;
SELECT x FROM (VALUES ('1'::jsonb), ('"a"'::jsonb), ('null'::jsonb), ('[]'::jsonb), (NULL::jsonb)) AS t(x) ORDER BY x DESC;
SELECT '"a"'::jsonb < '1'::jsonb, '1'::jsonb < 'true'::jsonb, 'true'::jsonb < '[]'::jsonb, '[]'::jsonb < 'null'::jsonb, '[[]]'::jsonb > '[null]'::jsonb, '{"a": 2}'::jsonb > '{"b": 1}'::jsonb, '[1, 2]'::jsonb > '[3]'::jsonb;
SELECT x FROM (VALUES ('1'::jsonb), ('"a"'::jsonb)) AS t(x) UNION SELECT 'true'::jsonb ORDER BY 1;
SELECT DISTINCT x FROM (VALUES ('1'::jsonb), ('"a"'::jsonb), ('1'::jsonb)) AS t(x) ORDER BY x;

-- ===== sqlmisc: constant arrays beside aggregates, variance, age, window frames, SRFs, regclass, dependencies =====
CREATE TABLE mw (id int PRIMARY KEY, g int, v numeric, d date, f float8, r real, t text);
INSERT INTO mw VALUES (1, 1, 1.5, '2024-01-01', 0.5, 1.5, 'a'), (2, 1, 2, '2024-01-02', 2.25, 2, 'b'), (3, 2, 2, '2024-01-05', -1, 3, 'c'), (4, 2, 4, '2024-01-06', 1e10, 0.25, NULL), (5, 3, 7, '2024-01-10', 3, 7, 'e'), (6, NULL, NULL, NULL, NULL, NULL, 'f');
SELECT ARRAY[1], count(*) FROM mw;
SELECT ARRAY[g], count(*) FROM mw GROUP BY g ORDER BY g;
SELECT ARRAY[sum(v), max(v)], ARRAY[1, count(*)] FROM mw;
SELECT ARRAY[g, 1] AS a, count(*) FROM mw GROUP BY g ORDER BY g;
SELECT ARRAY[id] FROM mw GROUP BY g;
SELECT stddev(v), stddev_samp(v), stddev_pop(v), variance(v), var_samp(v), var_pop(v) FROM mw;
SELECT stddev(id), variance(id), stddev(id::bigint), var_samp(id::smallint) FROM mw;
SELECT stddev(f), var_pop(f), stddev(r), var_samp(r) FROM mw;
SELECT g, stddev(v), var_pop(v), var_samp(f) FROM mw GROUP BY g ORDER BY g;
SELECT var_pop(x), stddev_pop(x), var_samp(x) FROM (VALUES (1.25)) t(x);
SELECT variance(x), stddev(x) FROM (VALUES (1e-10), (3e-10), (7.5e-10)) t(x);
SELECT variance(x), stddev(x) FROM (VALUES (123456789012345678), (-5), (99)) t(x);
SELECT variance(DISTINCT x), stddev(x) FILTER (WHERE x > 1) FROM (VALUES (1), (1), (2), (5)) t(x);
SELECT x, stddev(x) OVER (ORDER BY x) FROM (VALUES (1), (2), (4)) t(x) ORDER BY x;
SELECT variance(x) FROM (VALUES (2::numeric), (2.0), (2.00)) t(x);
SELECT stddev(t) FROM mw;
-- several set-returning functions in one select list run in lockstep
SELECT generate_series(1, 3), generate_series(1, 2);
SELECT generate_series(1, 3) * 2, generate_series(1, 2)::text || 'x';
SELECT id, generate_series(1, id), unnest(ARRAY['x', 'y']) FROM mw WHERE id < 4 ORDER BY id, 2;
SELECT generate_series(1, 0), generate_series(1, 0);
SELECT *, generate_series(1, 2) FROM mw WHERE id = 1;
SELECT mw.*, generate_series(1, 2) AS n FROM mw WHERE id = 2 ORDER BY n;
SELECT unnest(ARRAY[1, 2]) AS a, jsonb_array_elements('[1, 2, 3]') AS b;
SELECT jsonb_object_keys('{"a": 1, "b": 2}'), generate_series(1, 3) ORDER BY 2;
SELECT unnest(NULL::int[]), generate_series(1, 2);
SELECT generate_series(1, 3) AS g, generate_series(5, 6) AS h ORDER BY g DESC;
SELECT DISTINCT unnest(ARRAY[1, 1, 2]) ORDER BY 1;
SELECT * FROM ROWS FROM (generate_series(1, 3), generate_series(1, 2)) AS t(a, b);
SELECT * FROM ROWS FROM (generate_series(1, 2), unnest(ARRAY['a', 'b', 'c'])) WITH ORDINALITY AS t(a, b, n);
SELECT * FROM ROWS FROM (jsonb_each('{"a": 1}'), generate_series(1, 2));
SELECT id, g FROM mw, ROWS FROM (generate_series(1, id), generate_series(1, 2)) AS r(g, h) WHERE id < 4 ORDER BY id, g;
