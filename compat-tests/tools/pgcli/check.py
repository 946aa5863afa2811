"""pgcli (Debian's pgcli 3.5 with pgspecial) against a running zerodb.

pgcli's own classes do what its start-up does: PGExecute connects and
reads the server's parameters; the completion refresher runs every
catalog query pgcli's auto-completion sends (schemata, tables, views and
their columns, foreign keys, functions, types, databases), and the
completer must then suggest the tables, columns, functions, types and
joins along the foreign key. pgspecial's backslash commands (\\d, \\dt,
\\df, \\dn, \\d table, \\di, \\dv, \\dT, \\du, \\l) run through
PGExecute.run, and so does one query per type. Last, the pgcli program
itself runs a script from standard input. Connection settings come from
PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE; it prints "OK pgcli"
and exits 0, or raises.
"""

import datetime
import decimal
import os
import subprocess
import tempfile
import uuid

from pgcli.completion_refresher import CompletionRefresher
from pgcli.pgcompleter import PGCompleter
from pgcli.pgexecute import PGExecute
from pgspecial.main import PGSpecial
from prompt_toolkit.document import Document

env = os.environ
HOST = env.get("PGHOST", "127.0.0.1")
PORT = env.get("PGPORT", "5432")
USER = env.get("PGUSER", "root")
PASSWORD = env.get("PGPASSWORD", "")
DB = env.get("PGDATABASE", "main")

SCHEMA = """
CREATE SCHEMA pc_app;
CREATE TYPE pc_mood AS ENUM ('ok', 'meh');
CREATE TABLE pc_users (id serial PRIMARY KEY, name text NOT NULL UNIQUE, mood pc_mood DEFAULT 'ok');
CREATE TABLE pc_orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id int NOT NULL REFERENCES pc_users (id) ON DELETE CASCADE,
  total numeric(10,2) DEFAULT 0, placed timestamptz DEFAULT now());
CREATE INDEX pc_orders_user ON pc_orders (user_id, placed DESC);
CREATE VIEW pc_big_orders AS SELECT id, total FROM pc_orders WHERE total > 100;
CREATE TABLE pc_app.pc_things (k text PRIMARY KEY, v jsonb);
CREATE FUNCTION pc_double(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
"""

CLEANUP = """
DROP VIEW pc_big_orders;
DROP TABLE IF EXISTS pc_orders, pc_users, pc_types;
DROP TABLE IF EXISTS pc_app.pc_things;
DROP TYPE pc_mood;
DROP FUNCTION pc_double(int);
DROP SCHEMA pc_app;
"""


def run(ex, special, sql):
    """Runs sql (statements or one backslash command) through PGExecute
    and returns its results as (title, rows, headers, status) tuples."""
    out = []
    for title, cur, headers, status, _, success, _ in ex.run(sql, pgspecial=special):
        assert success, f"{sql!r} failed: {status}"
        rows = list(cur) if cur is not None else None
        out.append((title, rows, headers, status))
    return out


def one(ex, special, sql):
    results = run(ex, special, sql)
    assert len(results) == 1, results
    return results[0]


def names(rows, col=1):
    return {r[col] for r in rows}


def completions(completer, text):
    doc = Document(text=text, cursor_position=len(text))
    return {c.text for c in completer.get_completions(doc, None)}


def check_completion(ex, special):
    completer = PGCompleter(smart_completion=True, pgspecial=special, settings={})
    for name, refresh in CompletionRefresher.refreshers.items():
        if name == "casing":
            continue  # reads a local file, not the server
        refresh(completer, ex)
    tables = completions(completer, "SELECT * FROM ")
    assert {"pc_users", "pc_orders", "pc_big_orders", "pc_app"} <= tables, tables
    assert "pc_things" in completions(completer, "SELECT * FROM pc_app."), "schema-qualified table"
    # The cursor before FROM: the columns of pc_orders.
    doc = Document(text="SELECT  FROM pc_orders", cursor_position=len("SELECT "))
    cols = {c.text for c in completer.get_completions(doc, None)}
    assert {"user_id", "total", "placed"} <= cols, cols
    joins = completions(completer, "SELECT * FROM pc_orders o JOIN ")
    assert any(j.startswith("pc_users") and "o.user_id" in j for j in joins), joins
    funcs = completions(completer, "SELECT pc_dou")
    assert "pc_double()" in funcs, funcs
    types = completions(completer, "CREATE TABLE x (a pc_m")
    assert "pc_mood" in types, types
    dbs = completions(completer, "\\c ")
    assert DB in dbs, dbs


def check_backslash(ex, special):
    _, rows, headers, _ = one(ex, special, "\\dt")
    assert headers == ["Schema", "Name", "Type", "Owner"], headers
    assert {"pc_users", "pc_orders"} <= names(rows), rows
    _, rows, _, _ = one(ex, special, "\\d")
    assert {"pc_users", "pc_orders", "pc_big_orders", "pc_users_id_seq"} <= names(rows), rows
    _, rows, _, _ = one(ex, special, "\\dn")
    assert {"public", "pc_app"} <= {r[0] for r in rows}, rows
    _, rows, headers, _ = one(ex, special, "\\df pc_*")
    assert headers[:4] == ["Schema", "Name", "Result data type", "Argument data types"], headers
    assert [(r[1], r[2], r[3]) for r in rows] == [("pc_double", "integer", "x integer")], rows
    _, rows, _, _ = one(ex, special, "\\dv")
    assert names(rows) == {"pc_big_orders"}, rows
    _, rows, _, _ = one(ex, special, "\\di")
    assert {"pc_users_pkey", "pc_users_name_key", "pc_orders_pkey", "pc_orders_user"} <= names(rows), rows
    _, rows, _, _ = one(ex, special, "\\dT")
    assert "pc_mood" in names(rows), rows
    _, rows, _, _ = one(ex, special, "\\du")
    assert USER in {r[0] for r in rows}, rows
    _, rows, _, _ = one(ex, special, "\\l")
    assert DB in {r[0] for r in rows}, rows
    _, rows, _, _ = one(ex, special, "\\dt pc_app.*")
    assert names(rows) == {"pc_things"}, rows
    # \d table: its columns, then its indexes and constraints as footer.
    results = run(ex, special, "\\d pc_orders")
    title, rows, headers, status = results[0]
    assert headers[:3] == ["Column", "Type", "Modifiers"], headers
    cols = {r[0]: (r[1], r[2]) for r in rows}
    assert cols["total"] == ("numeric(10,2)", " default 0"), cols
    assert cols["user_id"] == ("integer", " not null"), cols
    assert cols["id"][0] == "bigint" and "generated always as identity" in cols["id"][1], cols
    assert "timestamp with time zone" == cols["placed"][0], cols
    footer = str(status)
    assert '"pc_orders_pkey" PRIMARY KEY, btree (id)' in footer, footer
    assert '"pc_orders_user" btree (user_id, placed DESC)' in footer, footer
    assert "FOREIGN KEY (user_id) REFERENCES pc_users(id) ON DELETE CASCADE" in footer, footer
    results = run(ex, special, "\\d pc_users")
    footer = str(results[0][3])
    assert 'TABLE "pc_orders" CONSTRAINT "pc_orders_user_id_fkey"' in footer, footer
    results = run(ex, special, "\\d+ pc_big_orders")
    assert "View definition:" in str(results[0][3]), results[0][3]


TYPES = [
    ("smallint", "7", 7),
    ("integer", "-42", -42),
    ("bigint", "9007199254740993", 9007199254740993),
    ("numeric(8,3)", "3.14159", decimal.Decimal("3.142")),
    ("real", "1.5", 1.5),
    ("double precision", "0.1", 0.1),
    ("boolean", "true", True),
    ("text", "'héllo'", "héllo"),
    ("varchar(5)", "'abc'", "abc"),
    ("char(3)", "'ab'", "ab "),
    ("bytea", "'\\x00ff'", "\\x00ff"),
    # pgcli reads dates, times, bytea and json as their text.
    ("date", "'2024-02-29'", "2024-02-29"),
    ("time", "'10:11:12.5'", "10:11:12.5"),
    ("timestamp", "'2024-02-29 10:11:12'", "2024-02-29 10:11:12"),
    ("timestamptz", "'2024-02-29 10:11:12+00'", "2024-02-29 10:11:12+00"),
    ("interval", "'1 day 02:03:04'", datetime.timedelta(days=1, seconds=7384)),
    ("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
    ("json", "'{\"a\": [1, 2]}'", '{"a": [1, 2]}'),
    ("jsonb", "'{\"b\": {\"c\": null}}'", '{"b": {"c": null}}'),
    ("integer[]", "'{1,2,NULL}'", [1, 2, None]),
    ("text[]", "'{a,\"b c\"}'", ["a", "b c"]),
    ("inet", "'192.168.0.1/24'", None),
    ("pc_mood", "'meh'", "meh"),
]


def check_types(ex, special):
    cols = ", ".join(f"c{i} {t}" for i, (t, _, _) in enumerate(TYPES))
    vals = ", ".join(f"{v}::{t}" for t, v, _ in TYPES)
    run(ex, special, "SET TimeZone = 'UTC'")
    run(ex, special, f"CREATE TABLE pc_types ({cols}); INSERT INTO pc_types VALUES ({vals})")
    for i, (t, _, want) in enumerate(TYPES):
        _, rows, headers, _ = one(ex, special, f"SELECT c{i} FROM pc_types")
        got = rows[0][0]
        if t == "inet":
            assert str(got) == "192.168.0.1/24", got
        else:
            assert got == want, (t, got, want)
        assert headers == [f"c{i}"], headers
    _, rows, _, _ = one(ex, special, "SELECT NULL::int AS n, 'x' || 1 AS s")
    assert rows == [(None, "x1")], rows


def check_program():
    """The pgcli program itself, reading a script from standard input."""
    script = "SELECT 40 + 2 AS answer;\n\\dt pc_*\n\\dn\n"
    with tempfile.TemporaryDirectory() as home:
        proc = subprocess.run(
            ["pgcli", "-h", HOST, "-p", str(PORT), "-U", USER, "--less-chatty", DB],
            input=script, capture_output=True, text=True, timeout=120,
            env={**env, "HOME": home, "PGPASSWORD": PASSWORD, "TERM": "dumb"},
        )
    out = proc.stdout
    assert proc.returncode == 0, (proc.returncode, out, proc.stderr)
    assert "Traceback" not in out + proc.stderr, out + proc.stderr
    assert "| 42 " in out, out
    assert "| pc_users " in out and "| pc_app " in out, out


def main():
    ex = PGExecute(DB, USER, PASSWORD, HOST, PORT)
    special = PGSpecial()
    assert ex.dbname == DB, ex.dbname
    assert ex.server_version.startswith("15"), ex.server_version
    assert ex.superuser
    assert ex.search_path()[-1] == "public" or "public" in ex.search_path(), ex.search_path()
    run(ex, special, SCHEMA)
    try:
        check_completion(ex, special)
        check_backslash(ex, special)
        check_types(ex, special)
        check_program()
    finally:
        run(ex, special, CLEANUP)
    print("OK pgcli")


if __name__ == "__main__":
    main()
