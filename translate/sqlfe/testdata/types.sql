# Result types of arithmetic follow PostgreSQL's operator resolution.
SELECT age + age, age + id, id + 1, id + 2147483648, age + 1.5, id * score, ratio + ratio, ratio + 1, ratio + score, balance + 1, balance * score FROM users

SELECT id / 2, id % 2, 2 ^ 3, balance ^ 2, score ^ 2, id / 2.0 FROM users

SELECT created - created, created + (created - created), placed - placed FROM users, orders

SELECT 1 = 1, 1 < 1.5, 'a' = 'b', name = 'x', age = '5', score > '1.5', balance <> 3 FROM users

SELECT count(*), count(age), count(DISTINCT age), sum(age), sum(id), sum(balance), sum(score), sum(ratio), avg(age), avg(score), avg(balance), min(name), max(created) FROM users

SELECT sum(id) FROM orders

SELECT sum(placed - placed), avg(placed - placed) FROM orders

SELECT 'a' || 'b', 'a' = NULL, NULL + 1, NULL IS NULL

SELECT blob || blob FROM orders

SELECT code, blob, placed FROM orders WHERE code = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'

SELECT jsonb_typeof(data) FROM users

SELECT count(*) FROM users

SELECT abs(age), abs(score), abs(-1) FROM users

SELECT 'abcdef'::varchar(3), CAST('ab' AS char(5))

SELECT 12::char(1), 12::varchar(1), CAST(123.45 AS varchar(3)), CAST(123.45 AS char(4)), true::varchar(2), age::varchar(1) FROM users

SELECT 'ab  '::char(3), 'abcd'::char(2), 'x'::char, 'ab '::bpchar, name::char(4)::text, name::char(4) LIKE 'a%', name::char(4) || '|' FROM users

SELECT DATE '2024-01-31' + 1, DATE '2024-03-01' - DATE '2024-01-01', current_date, date_trunc('month', DATE '2024-05-17'), extract(year FROM TIMESTAMP '2024-01-01')

SELECT to_json(name::char(4)), to_jsonb(name::char(4)), json_build_object('a', name::char(4)), concat(name::char(4), 'x'), format('%s|', name::char(4)), octet_length(name::char(5)), length(name::char(5)) FROM users
