CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, email varchar(100), b boolean DEFAULT false, created timestamptz DEFAULT now())

CREATE TABLE IF NOT EXISTS t (a integer, b int4, c bigint, d int8, e smallint, f int2, g text, h varchar(5), i character varying(7), j char(3), k char, l bool, m float8, n double precision, o real, p float4, q numeric, r numeric(10, 2), s decimal(5), t jsonb, u json, v timestamp, w timestamptz, x timestamp with time zone, y bytea, z uuid, zz interval)

CREATE TABLE public.kv (k text, v bytea, PRIMARY KEY (k))

CREATE TABLE p (a int, b text, c int NOT NULL DEFAULT 7, PRIMARY KEY (a, b))

CREATE TABLE d (a int DEFAULT -1, b numeric DEFAULT 1.5, c text DEFAULT 'x', d timestamptz DEFAULT current_timestamp, e uuid DEFAULT gen_random_uuid(), f int8 DEFAULT 5, g jsonb DEFAULT '{}', h text DEFAULT NULL, i int NULL)

DROP TABLE t

DROP TABLE IF EXISTS a, public.b CASCADE

ALTER TABLE users ADD COLUMN nick varchar(10) DEFAULT 'n', DROP COLUMN IF EXISTS score

ALTER TABLE users RENAME COLUMN name TO full_name

ALTER TABLE users RENAME TO people

ALTER TABLE users ALTER COLUMN name SET NOT NULL

CREATE TABLE ck (id int PRIMARY KEY, qty int CHECK (qty > 0), CONSTRAINT pos CHECK (id > 0 AND qty < 10))

CREATE TABLE ck (a int CHECK (a))
