package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// copyStep is one statement of a COPY test: a COPY FROM with its data, a
// COPY TO with the data it must send, or another statement with the rows
// it must return (one line per row, values separated by "|").
type copyStep struct {
	sql  string
	in   string // data of a COPY FROM
	want string // COPY TO data, or rows
	// err is the expected SQLSTATE, where the expected CONTEXT.
	err, where string
}

func runCopySteps(t *testing.T, conn *pgx.Conn, steps []copyStep) {
	t.Helper()
	ctx := context.Background()
	pc := conn.PgConn()
	for _, s := range steps {
		var got string
		var err error
		switch {
		case strings.Contains(strings.ToUpper(s.sql), "FROM STDIN"):
			var tag pgconn.CommandTag
			tag, err = pc.CopyFrom(ctx, strings.NewReader(s.in), s.sql)
			got = tag.String()
		case strings.Contains(strings.ToUpper(s.sql), "TO STDOUT"):
			var buf bytes.Buffer
			_, err = pc.CopyTo(ctx, &buf, s.sql)
			got = buf.String()
		default:
			var rows pgx.Rows
			rows, err = conn.Query(ctx, s.sql, pgx.QueryExecModeSimpleProtocol)
			if err == nil {
				var b strings.Builder
				for rows.Next() {
					vals, verr := rows.Values()
					if verr != nil {
						t.Fatal(verr)
					}
					for i, v := range vals {
						if i > 0 {
							b.WriteByte('|')
						}
						fmt.Fprint(&b, v)
					}
					b.WriteByte('\n')
				}
				err = rows.Err()
				got = b.String()
			}
		}
		var pe *pgconn.PgError
		switch {
		case s.err != "":
			if !errors.As(err, &pe) || pe.Code != s.err || pe.Where != s.where {
				t.Errorf("%s: got %v (where %q), want SQLSTATE %s where %q", s.sql, err, whereOf(err), s.err, s.where)
			}
		case err != nil:
			t.Errorf("%s: %v", s.sql, err)
		case got != s.want:
			t.Errorf("%s:\n got %q\nwant %q", s.sql, got, s.want)
		}
	}
}

func whereOf(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Where
	}
	return ""
}

func TestCopy(t *testing.T) {
	tests := []struct {
		name  string
		steps []copyStep
	}{
		{"text round trip", []copyStep{
			{sql: "CREATE TABLE t (a int PRIMARY KEY, b text, c float8)", want: ""},
			{sql: "COPY t FROM STDIN", in: "1\tone\t1.5\n2\t\\N\t\\N\n3\ttab\\there\\\\ and \\\\N\t-2\n\\.\n", want: "COPY 3"},
			{sql: "COPY t TO STDOUT", want: "1\tone\t1.5\n2\t\\N\t\\N\n3\ttab\\there\\\\ and \\\\N\t-2\n"},
			{sql: "SELECT b FROM t WHERE a = 3", want: "tab\there\\ and \\N\n"},
			{sql: "COPY t (c, a) TO STDOUT WITH (DELIMITER '|', NULL 'nil')", want: "1.5|1\nnil|2\n-2|3\n"},
		}},
		{"csv", []copyStep{
			{sql: "CREATE TABLE t (a int PRIMARY KEY, b text, c text DEFAULT 'dflt')", want: ""},
			{sql: "COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true, FREEZE)", in: "a,b\n1,\"x, \"\"y\"\"\"\n2,\n3,\"\"\n4,\"two\nlines\"\n", want: "COPY 4"},
			{sql: "SELECT a, b IS NULL, c FROM t ORDER BY a", want: "1|false|dflt\n2|true|dflt\n3|false|dflt\n4|false|dflt\n"},
			{sql: "COPY t (a, b) TO STDOUT WITH (FORMAT csv, HEADER)", want: "a,b\n1,\"x, \"\"y\"\"\"\n2,\n3,\"\"\n4,\"two\nlines\"\n"},
			{sql: "COPY t (a, b) FROM STDIN WITH (FORMAT csv, DELIMITER ';', NULL 'NA', QUOTE '''', ESCAPE '\\')", in: "5;'it\\'s'\n6;NA\n", want: "COPY 2"},
			{sql: "SELECT a, b FROM t WHERE a >= 5 ORDER BY a", want: "5|it's\n6|<nil>\n"},
			{sql: "COPY (SELECT a, b FROM t WHERE a < 3 ORDER BY a DESC) TO STDOUT WITH CSV FORCE QUOTE *", want: "\"2\",\n\"1\",\"x, \"\"y\"\"\"\n"},
		}},
		{"network types", []copyStep{
			{sql: "CREATE TABLE t (ip inet PRIMARY KEY, net cidr, mac macaddr, mac8 macaddr8, ips inet[])", want: ""},
			{sql: "COPY t FROM STDIN", in: "10.0.0.1/8\t10.1\t0800.2b01.0203\t08:00:2b:01:02:03\t{::1,1.2.3.4/24}\n::ffff:1.2.3.4\t\\N\t\\N\t\\N\t\\N\n", want: "COPY 2"},
			{sql: "COPY t TO STDOUT", want: "10.0.0.1/8\t10.1.0.0/16\t08:00:2b:01:02:03\t08:00:2b:ff:fe:01:02:03\t{::1,1.2.3.4/24}\n::ffff:1.2.3.4\t\\N\t\\N\t\\N\t\\N\n"},
			{sql: "COPY t (ip, net) TO STDOUT WITH CSV", want: "10.0.0.1/8,10.1.0.0/16\n::ffff:1.2.3.4,\n"},
			{sql: "COPY t (ip, net) FROM STDIN WITH CSV", in: "\"192.168.1.5/24\",192.168.1.0/24\n", want: "COPY 1"},
			{sql: "COPY t (ip, net) FROM STDIN WITH CSV", in: "1.1.1.1,1.1.1.1/24\n", err: "22P02", where: `COPY t, line 1, column net: "1.1.1.1/24"`},
			{sql: "SELECT host(ip), abbrev(net) FROM t WHERE net IS NOT NULL ORDER BY ip", want: "10.0.0.1|10.1/16\n192.168.1.5|192.168.1/24\n"},
		}},
		{"bit strings", []copyStep{
			{sql: "CREATE TABLE t (b bit(4) PRIMARY KEY, v varbit(8), vs varbit[])", want: ""},
			{sql: "COPY t FROM STDIN", in: "1010\tx1f\t{1,01}\nb0001\t\\N\t\\N\n", want: "COPY 2"},
			{sql: "COPY t TO STDOUT", want: "0001\t\\N\t\\N\n1010\t00011111\t{1,01}\n"},
			{sql: "COPY t (b, v) TO STDOUT WITH CSV", want: "0001,\n1010,00011111\n"},
			{sql: "COPY t (b) FROM STDIN WITH CSV", in: "101\n", err: "22026", where: `COPY t, line 1, column b: "101"`},
			{sql: "COPY t (b, v) FROM STDIN WITH CSV", in: "1111,102\n", err: "22P02", where: `COPY t, line 1, column v: "102"`},
			{sql: "COPY t (b, v) FROM STDIN WITH CSV", in: "1111,111111111\n", err: "22001", where: `COPY t, line 1, column v: "111111111"`},
		}},
		{"geometric types", []copyStep{
			{sql: "CREATE TABLE t (id int PRIMARY KEY, p point, b box, c circle, pa path, bs box[])", want: ""},
			{sql: "COPY t FROM STDIN", in: "1\t1,2\t(1,2),(3,0)\t<(1,2),3>\t[(0,0),(1,1)]\t{(1,1),(0,0);(2,2),(1,1)}\n2\t\\N\t\\N\t\\N\t\\N\t\\N\n", want: "COPY 2"},
			{sql: "COPY t TO STDOUT", want: "1\t(1,2)\t(3,2),(1,0)\t<(1,2),3>\t[(0,0),(1,1)]\t{(1,1),(0,0);(2,2),(1,1)}\n2\t\\N\t\\N\t\\N\t\\N\t\\N\n"},
			{sql: "COPY t (id, p, b) TO STDOUT WITH CSV", want: "1,\"(1,2)\",\"(3,2),(1,0)\"\n2,,\n"},
			{sql: "COPY t (id, p) FROM STDIN WITH CSV", in: "3,\"(0.5,1e20)\"\n", want: "COPY 1"},
			{sql: "COPY t (id, p) FROM STDIN WITH CSV", in: "4,\"(1,2\"\n", err: "22P02", where: `COPY t, line 1, column p: "(1,2"`},
			{sql: "SELECT id, p <-> point '(0,0)' FROM t WHERE p IS NOT NULL ORDER BY id", want: "1|2.23606797749979\n3|1e+20\n"},
		}},
		{"errors roll back the whole copy", []copyStep{
			{sql: "CREATE TABLE t (a int PRIMARY KEY, b text)", want: ""},
			{sql: "COPY t FROM STDIN", in: "1\tx\n2\ty\nthree\tz\n", err: "22P02", where: `COPY t, line 3, column a: "three"`},
			{sql: "COPY t FROM STDIN", in: "1\tx\n2\n", err: "22P04", where: `COPY t, line 2: "2"`},
			{sql: "COPY t FROM STDIN", in: "1\tx\ty\n", err: "22P04", where: `COPY t, line 1: "1	x	y"`},
			{sql: "COPY t FROM STDIN WITH CSV", in: "1,\"open\n", err: "22P04", where: "COPY t, line 1: \"1,\"open\""},
			{sql: "COPY t FROM STDIN", in: copyRows(1, 3000) + "17\tdup\n", err: "23505", where: "COPY t, line 3001"},
			{sql: "SELECT count(*) FROM t", want: "0\n"},
			{sql: "COPY nosuch FROM STDIN", err: "42P01"},
			{sql: "COPY t FROM STDIN WITH (FORMAT binary)", err: "22P04"},
			{sql: "COPY t FROM '/etc/passwd'", err: "0A000"},
			{sql: "COPY t FROM STDIN WITH (QUOTE '\"')", err: "0A000"},
			{sql: "COPY t FROM STDIN WITH (DELIMITER 'ab')", err: "0A000"},
			{sql: "COPY t (nosuch) FROM STDIN", err: "42703"},
		}},
		{"a large copy streams in batches", []copyStep{
			{sql: "CREATE TABLE t (a int PRIMARY KEY, b text)", want: ""},
			{sql: "COPY t FROM STDIN", in: copyRows(1, 5000), want: "COPY 5000"},
			{sql: "SELECT count(*), sum(a), min(b) FROM t", want: "5000|12502500|row 1\n"},
		}},
		{"constraints hold on both COPY paths", []copyStep{
			// No index: exec.CopyIn writes the rows.
			{sql: "CREATE TABLE p (a int PRIMARY KEY, b text NOT NULL, n int CHECK (n > 0), d text DEFAULT 'dflt')"},
			{sql: "COPY p (a, b, n) FROM STDIN", in: "1\tx\t5\n2\ty\t\\N\n", want: "COPY 2"},
			{sql: "COPY p (a, b, n) FROM STDIN", in: "3\tx\t5\n4\t\\N\t1\n", err: "23502", where: "COPY p, line 2: \"4\t\\N\t1\""},
			{sql: "COPY p (a, b, n) FROM STDIN", in: "3\tx\t5\n4\tz\t0\n", err: "23514", where: "COPY p, line 2: \"4\tz\t0\""},
			{sql: "COPY p (a, b, n) FROM STDIN", in: "3\tx\t5\n3\tz\t1\n", err: "23505", where: "COPY p, line 2"},
			{sql: "COPY p (a, b, n) FROM STDIN", in: "1\tx\t5\n", err: "23505", where: "COPY p, line 1"},
			{sql: "COPY p (b, n) FROM STDIN", in: "x\t5\n", err: "23502", where: "COPY p, line 1: \"x\t5\""},
			{sql: "COPY p TO STDOUT", want: "1\tx\t5\tdflt\n2\ty\t\\N\tdflt\n"},
			// Indexes: the Insert plan writes them, with the same errors.
			{sql: "CREATE TABLE c (a int PRIMARY KEY, b text NOT NULL, n int CHECK (n > 0), u text UNIQUE, d text DEFAULT 'dflt')"},
			{sql: "CREATE INDEX c_n ON c (n)"},
			{sql: "COPY c (a, b, n, u) FROM STDIN", in: "1\tx\t5\tu1\n2\ty\t\\N\t\\N\n", want: "COPY 2"},
			{sql: "COPY c (a, b, n, u) FROM STDIN", in: "3\tx\t5\tu3\n4\t\\N\t1\tu4\n", err: "23502", where: "COPY c, line 2"},
			{sql: "COPY c (a, b, n, u) FROM STDIN", in: "3\tx\t5\tu3\n4\tz\t0\tu4\n", err: "23514", where: "COPY c, line 2"},
			{sql: "COPY c (a, b, n, u) FROM STDIN", in: "3\tx\t5\tu3\n4\tz\t1\tu1\n", err: "23505", where: "COPY c, line 2"},
			{sql: "COPY c (a, b, n, u) FROM STDIN", in: "3\tx\t5\tu3\n3\tz\t1\tu4\n", err: "23505", where: "COPY c, line 2"},
			{sql: "COPY c (a, b, n, u) FROM STDIN", in: "1\tx\t5\tu5\n", err: "23505", where: "COPY c, line 1"},
			{sql: "COPY c (b, n) FROM STDIN", in: "x\t5\n", err: "23502", where: "COPY c, line 1"},
			{sql: "COPY c TO STDOUT", want: "1\tx\t5\tu1\tdflt\n2\ty\t\\N\t\\N\tdflt\n"},
			{sql: "SELECT a FROM c WHERE n = 5", want: "1\n"},
			{sql: "SELECT a FROM c WHERE u = 'u1'", want: "1\n"},
			// COPY stores what INSERT stores.
			{sql: "CREATE TABLE i (a int PRIMARY KEY, b text NOT NULL, n int CHECK (n > 0), u text UNIQUE, d text DEFAULT 'dflt')"},
			{sql: "INSERT INTO i (a, b, n, u) VALUES (1, 'x', 5, 'u1'), (2, 'y', NULL, NULL)"},
			{sql: "SELECT count(*) FROM (SELECT * FROM c EXCEPT SELECT * FROM i) AS x", want: "0\n"},
			{sql: "CREATE TABLE g (v int, w numeric(5, 1))"},
			{sql: "COPY g FROM STDIN", in: "1\t2.25\n2\t\\N\n", want: "COPY 2"},
			{sql: "SELECT v, w::text FROM g ORDER BY v", want: "1|2.3\n2|<nil>\n"},
		}},
		{"schemaless tables copy as id and doc", []copyStep{
			{sql: "table::create(@people)", want: ""},
			{sql: "COPY people FROM STDIN", in: "ann\t{\"age\": 30}\nbob\t{\"age\": 7, \"pets\": [\"cat\"]}\n", want: "COPY 2"},
			{sql: "COPY people TO STDOUT", want: "ann\t{\"age\": 30}\nbob\t{\"age\": 7, \"pets\": [\"cat\"]}\n"},
			{sql: "COPY people (id, name) FROM STDIN WITH CSV", in: "cy,Cy\n", want: "COPY 1"},
			{sql: "people.@cy.name", want: "Cy\n"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := testConn(t, startTestServer(t))
			runCopySteps(t, conn, tc.steps)
		})
	}
}

// copyRows is text-format data of rows lo..hi of (a int, b text).
func copyRows(lo, hi int) string {
	var b strings.Builder
	for i := lo; i <= hi; i++ {
		fmt.Fprintf(&b, "%d\trow %d\n", i, i)
	}
	return b.String()
}

func TestCopyInTransactionBlock(t *testing.T) {
	conn := testConn(t, startTestServer(t))
	runCopySteps(t, conn, []copyStep{
		{sql: "CREATE TABLE t (a int PRIMARY KEY, b text)"},
		{sql: "BEGIN"},
		{sql: "COPY t FROM STDIN", in: "1\tx\n", want: "COPY 1"},
		{sql: "SELECT count(*) FROM t", want: "1\n"},
		{sql: "ROLLBACK"},
		{sql: "SELECT count(*) FROM t", want: "0\n"},
		{sql: "BEGIN"},
		{sql: "COPY t FROM STDIN", in: "1\tx\nbad\ty\n", err: "22P02", where: `COPY t, line 2, column a: "bad"`},
		{sql: "SELECT 1", err: "25P02"},
		{sql: "ROLLBACK"},
		{sql: "SELECT count(*) FROM t", want: "0\n"},
	})
}

// TestCopyGeneratedColumns: COPY without a column list leaves out the
// stored generated columns, both ways, and computes them on the way in;
// listing one is 42P10, as in PostgreSQL (pg_dump's data depends on it).
func TestCopyGeneratedColumns(t *testing.T) {
	conn := testConn(t, startTestServer(t))
	runCopySteps(t, conn, []copyStep{
		{sql: "CREATE TABLE g (a int PRIMARY KEY, b int GENERATED ALWAYS AS (a * 2) STORED, c text, d text GENERATED ALWAYS AS (c || '!') STORED)"},
		{sql: "COPY g FROM STDIN", in: "1\tx\n2\t\\N\n", want: "COPY 2"},
		{sql: "COPY g (c, a) FROM STDIN", in: "y\t3\n", want: "COPY 1"},
		{sql: "COPY g (a, b) FROM STDIN", in: "4\t8\n", err: "42P10"},
		{sql: "COPY g FROM STDIN", in: "5\t10\tz\n", err: "22P04", where: "COPY g, line 1: \"5\t10\tz\""},
		{sql: "SELECT a, b, c, d FROM g ORDER BY a", want: "1|2|x|x!\n2|4|<nil>|<nil>\n3|6|y|y!\n"},
		{sql: "COPY g TO STDOUT", want: "1\tx\n2\t\\N\n3\ty\n"},
		{sql: "COPY g (a, d) TO STDOUT", err: "42P10"},
		{sql: "COPY (SELECT a, b FROM g WHERE a = 1) TO STDOUT", want: "1\t2\n"},
	})
}

// TestPgbenchInit runs what pgbench -i sends: tables without a primary
// key, TRUNCATE in a transaction, COPY, VACUUM, and ALTER TABLE ADD
// PRIMARY KEY, which re-keys the records by the column.
func TestPgbenchInit(t *testing.T) {
	conn := testConn(t, startTestServer(t))
	runCopySteps(t, conn, []copyStep{
		{sql: "CREATE TABLE acc (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor=100)"},
		{sql: "CREATE TABLE hist (tid int, delta int, mtime timestamp, filler char(22))"},
		{sql: "BEGIN"},
		{sql: "TRUNCATE TABLE acc, hist"},
		{sql: "COPY acc FROM STDIN WITH (FREEZE on)", in: "3\t1\t0\t\n1\t1\t0\t\n2\t1\t0\t\n", want: "COPY 3"},
		{sql: "COMMIT"},
		{sql: "VACUUM ANALYZE acc"},
		{sql: "VACUUM acc, hist"},
		{sql: "ANALYZE"},
		{sql: "VACUUM nosuch", err: "42P01"},
		{sql: "ALTER TABLE acc ADD PRIMARY KEY (aid)"},
		{sql: "SELECT aid FROM acc", want: "1\n2\n3\n"},
		{sql: "UPDATE acc SET abalance = abalance + 5 WHERE aid = 2 RETURNING abalance", want: "5\n"},
		{sql: "ALTER TABLE acc ADD PRIMARY KEY (bid)", err: "42P16"},
		{sql: "INSERT INTO acc VALUES (2, 1, 0, '')", err: "23505"},
		{sql: "INSERT INTO hist VALUES (1, 1, CURRENT_TIMESTAMP, NULL), (1, 2, CURRENT_TIMESTAMP, NULL)"},
		{sql: "ALTER TABLE hist ADD PRIMARY KEY (tid)", err: "23505"},
		{sql: "INSERT INTO hist VALUES (NULL, 3, NULL, NULL)"},
		{sql: "ALTER TABLE hist ADD CONSTRAINT hist_pk PRIMARY KEY (delta)"},
		{sql: "SELECT delta FROM hist", want: "1\n2\n3\n"},
		{sql: "TRUNCATE hist"},
		{sql: "SELECT count(*) FROM hist", want: "0\n"},
		{sql: "CREATE TABLE n (a int, b int)"},
		{sql: "INSERT INTO n VALUES (1, 1), (NULL, 2)"},
		{sql: "ALTER TABLE n ADD PRIMARY KEY (a)", err: "23502"},
		{sql: "SELECT count(*) FROM n", want: "2\n"},
	})
}

// TestAddPrimaryKeyRekeysManyRecords re-keys many records by int and by
// text columns (text keys sort among the generated keys they replace, and
// come out of order, so duplicates are looked up), finds a duplicate far
// from its twin, and re-keys by composite keys, re-pointing a secondary
// index.
func TestAddPrimaryKeyRekeysManyRecords(t *testing.T) {
	const n = 10000
	var ints, names, dupNames strings.Builder
	for i := 0; i < n; i++ {
		p := (i * 7919) % n // a permutation of 0..n-1
		fmt.Fprintf(&ints, "%d\t%d\n", p, i)
		// Names on both sides of the generated keys' first characters.
		prefix := []string{"0", "5", "k", "~"}[p%4]
		fmt.Fprintf(&names, "%s%05d\t%d\n", prefix, p, i)
		switch i {
		case n - 2:
			p = 4 // "000004": the twin sorts before the generated keys
		case n - 1:
			p = 3 // "~00003": after them
		}
		fmt.Fprintf(&dupNames, "%s%05d\t%d\n", []string{"0", "5", "k", "~"}[p%4], p, i)
	}
	conn := testConn(t, startTestServer(t))
	runCopySteps(t, conn, []copyStep{
		{sql: "CREATE TABLE a (k int, v int)"},
		{sql: "COPY a FROM STDIN", in: ints.String(), want: fmt.Sprintf("COPY %d", n)},
		{sql: "ALTER TABLE a ADD PRIMARY KEY (k)"},
		{sql: "SELECT count(*), min(k), max(k), sum(v) FROM a", want: fmt.Sprintf("%d|0|%d|%d\n", n, n-1, n*(n-1)/2)},
		{sql: "SELECT v FROM a WHERE k = 7919", want: "1\n"},
		{sql: "CREATE TABLE b (name text, v int)"},
		{sql: "COPY b FROM STDIN", in: names.String(), want: fmt.Sprintf("COPY %d", n)},
		{sql: "ALTER TABLE b ADD PRIMARY KEY (name)"},
		{sql: "SELECT count(*), sum(v) FROM b", want: fmt.Sprintf("%d|%d\n", n, n*(n-1)/2)},
		{sql: "SELECT v FROM b WHERE name = '~07919'", want: "1\n"},
		{sql: "CREATE TABLE c (name text, v int)"},
		{sql: "COPY c FROM STDIN", in: dupNames.String(), want: fmt.Sprintf("COPY %d", n)},
		{sql: "ALTER TABLE c ADD PRIMARY KEY (name)", err: "23505"},
		{sql: "DELETE FROM c WHERE v = " + strconv.Itoa(n-1)},
		{sql: "ALTER TABLE c ADD PRIMARY KEY (name)", err: "23505"},
		{sql: "DELETE FROM c WHERE v = " + strconv.Itoa(n-2)},
		{sql: "ALTER TABLE c ADD PRIMARY KEY (name)"},
		// A record keyed by ZQL with its column's value stays where it
		// is; another one moving onto its key is a duplicate.
		{sql: "table::create(@d, { name: string, v: int })"},
		{sql: `d::add(@a, { name: "b", v: 1 })`, want: `map[id:d.@a name:b v:1]` + "\n"},
		{sql: `d::add(@b, { name: "b", v: 2 })`, want: `map[id:d.@b name:b v:2]` + "\n"},
		{sql: "ALTER TABLE d ADD PRIMARY KEY (name)", err: "23505"},
		{sql: "SELECT count(*) FROM d", want: "2\n"},
		{sql: "SELECT count(*), sum(v) FROM c", want: fmt.Sprintf("%d|%d\n", n-2, n*(n-1)/2-(n-2)-(n-1))},
		// Composite keys; a secondary index is re-pointed at the new keys.
		{sql: "CREATE TABLE e (x int, y text, v int)"},
		{sql: "CREATE INDEX e_v ON e (v)"},
		{sql: "COPY e FROM STDIN", in: "2\tb\t20\n1\tb\t10\n1\ta\t30\n", want: "COPY 3"},
		{sql: "ALTER TABLE e ADD PRIMARY KEY (x, y)"},
		{sql: "SELECT x, y FROM e WHERE v = 10", want: "1|b\n"},
		{sql: "SELECT v FROM e WHERE x = 1 AND y = 'a'", want: "30\n"},
		{sql: "CREATE TABLE f (x int, y text)"},
		{sql: "COPY f FROM STDIN", in: "1\ta\n1\tb\n1\ta\n", want: "COPY 3"},
		{sql: "ALTER TABLE f ADD PRIMARY KEY (x, y)", err: "23505"},
		{sql: "COPY f FROM STDIN", in: "2\t\\N\n", want: "COPY 1"},
		{sql: "DELETE FROM f WHERE y = 'a'"},
		{sql: "ALTER TABLE f ADD PRIMARY KEY (x, y)", err: "23502"},
		{sql: "SELECT count(*) FROM f", want: "2\n"},
	})
}

// TestCopyBinary loads rows through pgx's CopyFrom, which sends the
// binary format, and checks the binary format's errors.
func TestCopyBinary(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE t (a int8 PRIMARY KEY, b text, c float8, d bool, e jsonb, f bytea)"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{int64(1), "one", 1.5, true, map[string]any{"k": 1}, []byte{0, 1}},
		{int64(2), nil, nil, false, nil, nil},
	}
	for i := 3; i <= 3000; i++ {
		rows = append(rows, []any{int64(i), fmt.Sprint("row ", i), float64(i), i%2 == 0, []any{i}, []byte("x")})
	}
	n, err := conn.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"a", "b", "c", "d", "e", "f"}, pgx.CopyFromRows(rows))
	if err != nil || n != int64(len(rows)) {
		t.Fatalf("CopyFrom: %d %v", n, err)
	}
	runCopySteps(t, conn, []copyStep{
		{sql: "SELECT a, b, c, d, e::text, f FROM t WHERE a <= 2 ORDER BY a", want: "1|one|1.5|true|{\"k\": 1}|[0 1]\n2|<nil>|<nil>|false|<nil>|<nil>\n"},
		{sql: "SELECT count(*), max(a), count(b), count(f) FROM t", want: "3000|3000|2999|2999\n"},
	})
	// A duplicate key rolls the whole COPY back.
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"a"}, pgx.CopyFromRows([][]any{{int64(5000)}, {int64(7)}}))
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" || pe.Where != "COPY t, line 2" {
		t.Fatalf("duplicate: %v (where %q)", err, whereOf(err))
	}
	pc := conn.PgConn()
	for _, tc := range []struct{ name, data, code, where string }{
		{"bad signature", "PGCOPY\n\xff\r\n\x01\x00\x00\x00\x00\x00\x00\x00\x00", "22P04", ""},
		{"wrong field count", string(copyBinarySignature) + "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x09\xff\xff\xff\xff", "22P04", "COPY t, line 1"},
		{"bad int8", string(copyBinarySignature) + "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x03\x00\x00\x09", "22P03", "COPY t, line 1, column a"},
		{"truncated", string(copyBinarySignature) + "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00", "22P04", "COPY t, line 1"},
	} {
		_, err := pc.CopyFrom(ctx, strings.NewReader(tc.data), "COPY t (a) FROM STDIN WITH (FORMAT binary)")
		if !errors.As(err, &pe) || pe.Code != tc.code || pe.Where != tc.where {
			t.Errorf("%s: %v (where %q), want %s where %q", tc.name, err, whereOf(err), tc.code, tc.where)
		}
	}
	runCopySteps(t, conn, []copyStep{
		{sql: "SELECT count(*) FROM t", want: "3000\n"},
		{sql: "COPY t TO STDOUT WITH (FORMAT binary)", err: "0A000"},
		{sql: "COPY t FROM STDIN WITH (FORMAT binary, DELIMITER ',')", err: "42601"},
	})
}

// TestCopyTriggers checks that COPY FROM, which writes its rows by a run
// per batch, is one statement for the table's triggers: statement
// triggers fire once (also for no rows), and AFTER row triggers after
// the last batch, each seeing every row.
func TestCopyTriggers(t *testing.T) {
	url := startTestServer(t)
	conn := testConn(t, url)
	var in strings.Builder
	for i := 1; i <= 2*copyBatchRows+10; i++ {
		fmt.Fprintf(&in, "%d\t%d\n", i, i)
	}
	runCopySteps(t, conn, []copyStep{
		{sql: "CREATE TABLE t (id int PRIMARY KEY, n int)"},
		{sql: "CREATE TABLE log (seq serial, what text)"},
		{sql: `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
			INSERT INTO log (what) VALUES (TG_WHEN || ' ' || TG_LEVEL || ' ' || coalesce(NEW.id::text, '-') || ' sees ' || (SELECT count(*) FROM t));
			RETURN NULL; END $$`},
		{sql: "CREATE TRIGGER a AFTER INSERT ON t FOR EACH ROW WHEN (NEW.id % 1000 = 0) EXECUTE FUNCTION f()"},
		{sql: "CREATE TRIGGER b AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION f()"},
		{sql: "CREATE TRIGGER c BEFORE INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION f()"},
		{sql: "COPY t FROM STDIN", in: in.String(), want: fmt.Sprintf("COPY %d", 2*copyBatchRows+10)},
		{sql: "COPY t FROM STDIN", in: "", want: "COPY 0"},
		{sql: "SELECT what FROM log ORDER BY seq", want: "BEFORE STATEMENT - sees 0\n" +
			"AFTER ROW 1000 sees 2058\nAFTER ROW 2000 sees 2058\nAFTER STATEMENT - sees 2058\n" +
			"BEFORE STATEMENT - sees 2058\nAFTER STATEMENT - sees 2058\n"},
	})
}

// TestCopyPartitions: COPY into a partitioned table routes each row to
// its partition (across batches), a row no partition takes fails the
// COPY with 23514, and COPY into a partition checks its bound.
func TestCopyPartitions(t *testing.T) {
	url := startTestServer(t)
	conn := testConn(t, url)
	var in strings.Builder
	for i := 1; i <= 2*copyBatchRows+10; i++ {
		fmt.Fprintf(&in, "%d\t%d\n", i, i%30)
	}
	runCopySteps(t, conn, []copyStep{
		{sql: "CREATE TABLE p (id int, k int, PRIMARY KEY (id, k)) PARTITION BY RANGE (k)"},
		{sql: "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)"},
		{sql: "CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (10) TO (20)"},
		{sql: "CREATE TABLE p3 PARTITION OF p DEFAULT"},
		{sql: "COPY p FROM STDIN", in: in.String(), want: fmt.Sprintf("COPY %d", 2*copyBatchRows+10)},
		{sql: "SELECT count(*) FROM p", want: fmt.Sprint(2*copyBatchRows+10) + "\n"},
		{sql: "SELECT count(*) FROM p1 WHERE k >= 10", want: "0\n"},
		{sql: "SELECT count(*) FROM p2 WHERE k < 10 OR k >= 20", want: "0\n"},
		{sql: "SELECT count(*) FROM p3 WHERE k < 20", want: "0\n"},
		{sql: "COPY p1 FROM STDIN", in: "99999\t5\n", want: "COPY 1"},
		{sql: "COPY p1 FROM STDIN", in: "99998\t15\n", err: "23514", where: "COPY p1, line 1"},
		{sql: "CREATE TABLE q (k int) PARTITION BY LIST (k)"},
		{sql: "CREATE TABLE q1 PARTITION OF q FOR VALUES IN (1)"},
		{sql: "COPY q FROM STDIN", in: "1\n2\n", err: "23514", where: "COPY q, line 2"},
		{sql: "SELECT count(*) FROM q", want: "0\n"},
	})
}

// TestCopyJSONBEncoded checks that documents COPY encodes straight into
// their records (copyJSONB, exec.CopyIn.RowEncoded) are stored as those
// parsed into values are: the same COPY into a table whose CHECK
// constraint keeps the values path, in the binary and text formats,
// with the same errors.
func TestCopyJSONBEncoded(t *testing.T) {
	url := startTestServer(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, table := range []string{"enc", "val"} {
		check := ""
		if table == "val" {
			check = ", CHECK (id >= 0)"
		}
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id bigint PRIMARY KEY, body jsonb NOT NULL, extra jsonb"+check+")"); err != nil {
			t.Fatal(err)
		}
	}
	docs := []string{
		`{"k": "key0000001", "cat": "c01", "n": 1, "tags": ["t1", "u1"], "text": "document number 1"}`,
		`{"b": {"y": [1, {"z": 2}], "x": 1.50}, "a": [], "c": {}, "b": 7}`,
		`[1, -0, 1e3, 12345678901234567890, 2.5E-3, "\u00e9\n\"", null, true, false]`,
		`"just a string"`, `null`, `0.10`,
		`{"long": "` + strings.Repeat("x", 300) + `", "many": [` + strings.Repeat(`{"a": 1, "a": 2}, `, 150) + `{}]}`,
		// Larger than the binary reader's buffer.
		`{"huge": "` + strings.Repeat("y", 70_000) + `", "a": 1}`,
	}
	var rows [][]any
	var text strings.Builder
	for i, d := range docs {
		var extra any
		extraText := `\N`
		if i%2 == 0 {
			extra = docs[len(docs)-1-i]
			extraText = strings.ReplaceAll(docs[len(docs)-1-i], `\`, `\\`)
		}
		rows = append(rows, []any{int64(i), d, extra})
		fmt.Fprintf(&text, "%d\t%s\t%s\n", 100+i, strings.ReplaceAll(d, `\`, `\\`), extraText)
	}
	for _, table := range []string{"enc", "val"} {
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "body", "extra"}, pgx.CopyFromRows(rows)); err != nil {
			t.Fatalf("%s: %v (where %q)", table, err, whereOf(err))
		}
		if _, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(text.String()), "COPY "+table+" FROM STDIN"); err != nil {
			t.Fatalf("%s: %v (where %q)", table, err, whereOf(err))
		}
	}
	n := strconv.Itoa(2 * len(docs))
	runCopySteps(t, conn, []copyStep{
		{sql: "SELECT count(*) FROM enc JOIN val USING (id) WHERE enc.body = val.body AND enc.body::text = val.body::text AND enc.extra::text IS NOT DISTINCT FROM val.extra::text", want: n + "\n"},
		{sql: "SELECT count(*) FROM enc WHERE extra IS NULL", want: "8\n"},
		{sql: "SELECT length(body->>'huge') FROM enc WHERE id IN (7, 107)", want: "70000\n70000\n"},
		{sql: "SELECT body FROM enc WHERE id = 1", want: "map[a:[] b:7 c:map[]]\n"},
	})
	pc := conn.PgConn()
	for _, tc := range []struct{ name, data, code, where string }{
		{"bad json", "1\t{\"a\": 1,}\t\\N\n", "22P02", "JSON data, line 1: {\"a\": 1,}\n" + `COPY %s, line 1, column body: "{"a": 1,}"`},
		{"null body", "1\t\\N\t\\N\n", "23502", "COPY %s, line 1: \"1\t\\N\t\\N\""},
		{"bad extra", "1\t{}\t[1\n", "22P02", "JSON data, line 1: [1\n" + `COPY %s, line 1, column extra: "[1"`},
	} {
		for _, table := range []string{"enc", "val"} {
			_, err := pc.CopyFrom(ctx, strings.NewReader(tc.data), "COPY "+table+" FROM STDIN")
			var pe *pgconn.PgError
			if where := fmt.Sprintf(tc.where, table); !errors.As(err, &pe) || pe.Code != tc.code || pe.Where != where {
				t.Errorf("%s into %s: %v (where %q), want %s where %q", tc.name, table, err, whereOf(err), tc.code, where)
			}
		}
	}
	// The binary format's errors, with a version byte of its own.
	for _, tc := range []struct {
		name  string
		field []byte
		code  string
	}{
		{"bad json", append([]byte{1}, `{"a" 1}`...), "22P02"},
		{"version", []byte(`{}`), "22P03"},
		{"bad utf8", []byte{1, '"', 0xff, '"'}, "22021"},
	} {
		for _, table := range []string{"enc", "val"} {
			data := append([]byte(nil), copyBinarySignature...)
			data = append(data, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 9)
			data = append(data, 0, 0, 0, byte(len(tc.field)))
			data = append(append(data, tc.field...), 0xff, 0xff)
			_, err := pc.CopyFrom(ctx, bytes.NewReader(data), "COPY "+table+" (id, body) FROM STDIN (FORMAT binary)")
			var pe *pgconn.PgError
			if where := "COPY " + table + ", line 1, column body"; !errors.As(err, &pe) || pe.Code != tc.code || pe.Where != where {
				t.Errorf("binary %s into %s: %v (where %q), want %s where %q", tc.name, table, err, whereOf(err), tc.code, where)
			}
		}
	}
}
