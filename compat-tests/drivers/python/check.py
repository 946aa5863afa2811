"""Driver conformance check for psycopg2 and psycopg 3 (see ../README.md).

Usage: check.py psycopg2|psycopg  (connection settings from PG* variables)
"""
import datetime
import decimal
import json
import sys
import uuid

DRIVER = sys.argv[1]
if DRIVER == "psycopg2":
    import psycopg2 as driver
    from psycopg2.extras import Json, register_uuid
    register_uuid()
    def sqlstate(e):
        return e.pgcode
elif DRIVER == "psycopg":
    import psycopg as driver
    from psycopg.types.json import Json
    def sqlstate(e):
        return e.sqlstate
else:
    sys.exit("usage: check.py psycopg2|psycopg")

TABLE = "drv_" + DRIVER
failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


utc = datetime.timezone.utc
VALUES = [
    ("i2", "int2", 12),
    ("i4", "int4", -123456),
    ("i8", "int8", 9007199254740993),
    ("f4", "float4", 1.5),
    ("f8", "float8", 2.25),
    ("n", "numeric", decimal.Decimal("12345.678901234567890")),
    ("b", "bool", True),
    ("t", "text", "héllo, 'world'"),
    ("vc", "varchar(10)", "short"),
    ("by", "bytea", b"\x00\x01\xfe\xff"),
    ("u", "uuid", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
    ("ts", "timestamp", datetime.datetime(2024, 2, 29, 13, 14, 15, 123456)),
    ("tz", "timestamptz", datetime.datetime(2024, 2, 29, 13, 14, 15, 123456, tzinfo=utc)),
    ("iv", "interval", datetime.timedelta(days=1, hours=2, minutes=3, seconds=4)),
    ("jb", "jsonb", {"a": [1, 2, {"b": None}], "c": "d"}),
    ("d", "date", datetime.date(2024, 2, 29)),
    ("ia", "int4[]", [1, 2, None, 4]),
    ("ta", "text[]", ["a", "b c", 'q"uote', "", None]),
    # Arrays of two dimensions are nested lists.
    ("im", "int4[][]", [[1, 2, 3], [4, None, 6]]),
    ("tm", "text[]", [["a", "b c"], ['q"uote', None]]),
]


def param(col, v):
    return Json(v) if col == "jb" else v


def main():
    conn = driver.connect()  # PG* environment variables
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {TABLE}")
    cols = ", ".join(f"{c} {t}" for c, t, _ in VALUES)
    cur.execute(f"CREATE TABLE {TABLE} (id int8 PRIMARY KEY, {cols})")

    names = ", ".join(c for c, _, _ in VALUES)
    marks = ", ".join(["%s"] * (len(VALUES) + 1))
    cur.execute(f"INSERT INTO {TABLE} (id, {names}) VALUES ({marks})",
                [1] + [param(c, v) for c, _, v in VALUES])
    cur.execute(f"INSERT INTO {TABLE} (id, {names}) VALUES ({marks})", [2] + [None] * len(VALUES))

    cur.execute(f"SELECT {names} FROM {TABLE} WHERE id = %s", [1])
    row = cur.fetchone()
    for (col, _, want), got in zip(VALUES, row):
        if isinstance(got, memoryview):
            got = bytes(got)
        if col == "f4":
            got = float(got)
        check(col, got, want)
    cur.execute(f"SELECT {names} FROM {TABLE} WHERE id = %s", [2])
    check("row of NULLs", list(cur.fetchone()), [None] * len(VALUES))
    # A parameter compared with a column of its type.
    cur.execute(f"SELECT id FROM {TABLE} WHERE t = %s AND i4 = %s AND u = %s",
                [VALUES[7][2], VALUES[1][2], VALUES[10][2]])
    check("lookup by parameters", cur.fetchall(), [(1,)])

    # Transactions.
    conn.autocommit = False
    cur = conn.cursor()
    cur.execute(f"INSERT INTO {TABLE} (id) VALUES (%s)", [3])
    conn.rollback()
    cur.execute(f"INSERT INTO {TABLE} (id) VALUES (%s)", [4])
    conn.commit()
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM {TABLE} WHERE id IN (3, 4) ORDER BY id")
    check("after rollback and commit", cur.fetchall(), [(4,)])

    # Server-side (named) cursors: DECLARE in the transaction, then FETCH
    # FORWARD n as the rows are read; WITH HOLD survives the commit.
    conn.autocommit = False
    named = conn.cursor("drv_cur")
    named.itersize = 2
    named.execute("SELECT g, 'r' || g FROM generate_series(1, 5) g WHERE g > %s ORDER BY g", [1])
    check("named cursor fetchmany", named.fetchmany(2), [(2, "r2"), (3, "r3")])
    check("named cursor iteration", [r[0] for r in named], [4, 5])
    named.close()
    held = conn.cursor("drv_held", withhold=True)
    held.execute("SELECT g FROM generate_series(1, 3) g ORDER BY g")
    check("held cursor before commit", held.fetchone(), (1,))
    conn.commit()
    check("held cursor after commit", held.fetchall(), [(2,), (3,)])
    held.close()
    conn.autocommit = True
    cur = conn.cursor()

    # Errors carry SQLSTATEs.
    for sql, args, want in [("SELECT 1 / 0", None, "22012"),
                            (f"INSERT INTO {TABLE} (id) VALUES (%s)", [1], "23505")]:
        try:
            cur.execute(sql, args)
            failures.append(f"{sql}: no error, want {want}")
        except driver.Error as e:
            check(f"SQLSTATE of {sql}", sqlstate(e), want)

    # ZQL through the same connection.
    cur.execute("[ x * 2 : x in [1, 2, 3] ]")
    got = [r[0] for r in cur.fetchall()]
    got = [json.loads(v) if isinstance(v, str) else v for v in got]
    check("ZQL rows", got, [2, 4, 6])

    # LISTEN/NOTIFY: a notification from another connection reaches the
    # listener with the notifier's pid; the driver hands it over once
    # the listener's next statement has read it.
    got = []
    if DRIVER == "psycopg":
        conn.add_notify_handler(lambda n: got.append((n.channel, n.payload, n.pid)))
    cur.execute("LISTEN drv_ch")
    other = driver.connect()
    other.autocommit = True
    ocur = other.cursor()
    ocur.execute("SELECT pg_backend_pid()")
    opid = ocur.fetchone()[0]
    ocur.execute("NOTIFY drv_ch, 'hello'")
    other.close()
    cur.execute("SELECT 1")
    if DRIVER == "psycopg2":
        got = [(n.channel, n.payload, n.pid) for n in conn.notifies]
    check("notification", got, [("drv_ch", "hello", opid)])
    cur.execute("UNLISTEN *")

    cur.execute(f"DROP TABLE {TABLE}")
    conn.close()
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("OK", DRIVER)


main()
