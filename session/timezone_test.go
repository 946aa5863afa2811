package session

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// simpleText runs q by the simple protocol on c and returns the text of
// the last statement's rows ("a|b" per row, rows joined by ";"), or
// "ERROR <SQLSTATE>".
func simpleText(t *testing.T, c *pgconn.PgConn, q string) string {
	t.Helper()
	res, err := c.Exec(context.Background(), q).ReadAll()
	if err != nil {
		if pe, ok := err.(*pgconn.PgError); ok {
			return "ERROR " + pe.Code
		}
		t.Fatalf("%s: %v", q, err)
	}
	return resultText(res[len(res)-1].Rows)
}

// step is a statement and the text simpleText should give for it.
type step struct{ q, want string }

// runSteps runs steps in order on c.
func runSteps(t *testing.T, c *pgconn.PgConn, steps []step) {
	t.Helper()
	for _, st := range steps {
		if got := simpleText(t, c, st.q); got != st.want {
			t.Errorf("%s: got %q, want %q", st.q, got, st.want)
		}
	}
}

func resultText(rows [][][]byte) string {
	var out []string
	for _, r := range rows {
		var fs []string
		for _, f := range r {
			fs = append(fs, string(f))
		}
		out = append(out, strings.Join(fs, "|"))
	}
	return strings.Join(out, ";")
}

// TestTimeZoneSetting: SET TIME ZONE and its spellings, SHOW, RESET, SET
// LOCAL and the rollback of a block's SET, and what the zone does to
// timestamptz's text, as PostgreSQL 15 has them.
func TestTimeZoneSetting(t *testing.T) {
	url, _ := startServerWith(t, Options{})
	c := testConn(t, url).PgConn()
	const noon = "SELECT timestamptz '2024-07-01 12:00:00+00'"
	runSteps(t, c, []step{
		{"SHOW TimeZone", "UTC"},
		{noon, "2024-07-01 12:00:00+00"},
		{"SET TIME ZONE 'america/new_york'", ""},
		{"SHOW timezone", "America/New_York"},
		{noon, "2024-07-01 08:00:00-04"},
		{"SELECT current_setting('TimeZone')", "America/New_York"},
		{"SET TIME ZONE 'Asia/Kolkata'", ""},
		{noon, "2024-07-01 17:30:00+05:30"},
		{"SET timezone = 'UTC+3'", ""}, // POSIX: three hours west
		{noon, "2024-07-01 09:00:00-03"},
		{"SET TIME ZONE '+02'", ""}, // a number: hours east
		{"SHOW TimeZone", "<+02>-02"},
		{"SET TIME ZONE INTERVAL '-05:30' HOUR TO MINUTE", ""},
		{"SHOW TimeZone", "<-05:30>+05:30"},
		{noon, "2024-07-01 06:30:00-05:30"},
		{"SET TIME ZONE 'Europe/Amsterdam'", ""},
		{"SELECT timestamptz '1900-01-01 00:00'", "1900-01-01 00:00:00+00:19:32"},
		{"SET TIME ZONE 'Mars/Olympus'", "ERROR 22023"},
		{"SET TIME ZONE INTERVAL '1 day'", "ERROR 22023"},
		{"SHOW TimeZone", "Europe/Amsterdam"},
		{"SET TIME ZONE LOCAL", ""},
		{"SHOW TimeZone", "UTC"},
		// The row is written after set_config ran, in the new zone.
		{"SELECT set_config('TimeZone', 'Asia/Tokyo', false), timestamptz '2024-07-01 12:00:00+00'", "Asia/Tokyo|2024-07-01 21:00:00+09"},
		{noon, "2024-07-01 21:00:00+09"},
		{"RESET TimeZone", ""},
		{"SHOW TimeZone", "UTC"},
		{"BEGIN; SET LOCAL TIME ZONE 'Asia/Tokyo'; " + noon, "2024-07-01 21:00:00+09"},
		{"COMMIT", ""},
		{noon, "2024-07-01 12:00:00+00"},
		{"BEGIN; SET TIME ZONE 'Asia/Tokyo'", ""},
		{"ROLLBACK", ""},
		{"SHOW TimeZone", "UTC"},
		{"BEGIN; SET TIME ZONE 'Asia/Tokyo'; COMMIT", ""},
		{"SHOW TimeZone", "Asia/Tokyo"},
	})
}

// TestTimeZoneParameterStatus: the server reports TimeZone at start-up
// (as the client's TimeZone start-up parameter spelled it, which RESET
// goes back to) and after each statement that changed it, as PostgreSQL
// does; JDBC and others read it.
func TestTimeZoneParameterStatus(t *testing.T) {
	url, _ := startServerWith(t, Options{})
	ctx := context.Background()
	c := testConn(t, url).PgConn()
	if got := c.ParameterStatus("TimeZone"); got != "UTC" {
		t.Errorf("TimeZone at start-up = %q, want UTC", got)
	}
	for _, step := range []struct{ q, want string }{
		{"SET TIME ZONE 'europe/paris'", "Europe/Paris"},
		{"RESET TimeZone", "UTC"},
		{"BEGIN; SET TIME ZONE 'Asia/Tokyo'", "Asia/Tokyo"},
		{"ROLLBACK", "UTC"},
	} {
		if _, err := c.Exec(ctx, step.q).ReadAll(); err != nil {
			t.Fatalf("%s: %v", step.q, err)
		}
		if got := c.ParameterStatus("TimeZone"); got != step.want {
			t.Errorf("after %s: TimeZone = %q, want %q", step.q, got, step.want)
		}
	}
	// A start-up TimeZone, as JDBC sends it.
	jc := testConn(t, url+"&timezone=america/new_york").PgConn()
	if got := jc.ParameterStatus("TimeZone"); got != "America/New_York" {
		t.Errorf("TimeZone at start-up with a start-up parameter = %q", got)
	}
	if got := simpleText(t, jc, "SELECT timestamptz '2024-01-01 10:00'"); got != "2024-01-01 10:00:00-05" {
		t.Errorf("in the start-up zone: %q", got)
	}
	simpleText(t, jc, "SET TIME ZONE 'UTC'")
	if got := simpleText(t, jc, "RESET TimeZone; SHOW TimeZone"); got != "America/New_York" {
		t.Errorf("RESET gives %q, want the start-up zone", got)
	}
}

// TestTimeZonePlanCache: the simple protocol's plan cache is shared by
// every session, and a prepared statement outlives SET TIME ZONE; what
// depends on the session's zone (a typed literal read as timestamptz, a
// cast of text, date or timestamp to timestamptz and back, the text of
// a timestamptz) must be computed by each execution, never kept in the
// plan. Two sessions in different zones run the same statements in turn.
func TestTimeZonePlanCache(t *testing.T) {
	url, db := startServerWith(t, Options{})
	ctx := context.Background()
	ny, in := testConn(t, url).PgConn(), testConn(t, url).PgConn()
	simpleText(t, ny, "SET TIME ZONE 'America/New_York'")
	simpleText(t, in, "SET TIME ZONE 'Asia/Kolkata'")
	simpleText(t, ny, "CREATE TABLE tzc (id int PRIMARY KEY, t timestamptz)")
	simpleText(t, ny, "INSERT INTO tzc VALUES (1, '2024-01-01 00:00+00'), (2, '2024-01-01 12:00+00')")
	cases := []struct{ q, ny, in string }{
		{"SELECT timestamptz '2024-01-01 10:00'", "2024-01-01 10:00:00-05", "2024-01-01 10:00:00+05:30"},
		{"SELECT timestamptz '2024-01-01 10:00' = timestamptz '2024-01-01 15:00+00'", "t", "f"},
		{"SELECT '2024-01-01 10:00'::timestamptz::text", "2024-01-01 10:00:00-05", "2024-01-01 10:00:00+05:30"},
		{"SELECT date '2024-01-01'::timestamptz", "2024-01-01 00:00:00-05", "2024-01-01 00:00:00+05:30"},
		{"SELECT timestamptz '2024-01-01 03:00+00'::date", "2023-12-31", "2024-01-01"},
		{"SELECT timestamp '2024-01-01 10:00'::timestamptz", "2024-01-01 10:00:00-05", "2024-01-01 10:00:00+05:30"},
		{"SELECT timestamptz '2024-01-01 12:00+00'::timestamp", "2024-01-01 07:00:00", "2024-01-01 17:30:00"},
		{"SELECT date_trunc('day', timestamptz '2024-01-01 03:00+00')", "2023-12-31 00:00:00-05", "2024-01-01 00:00:00+05:30"},
		{"SELECT id FROM tzc WHERE t < '2024-01-01 08:00' ORDER BY id", "1;2", "1"},
		{"SELECT id FROM tzc WHERE t::date = date '2024-01-01' ORDER BY id", "2", "1;2"},
		{"SELECT t FROM tzc WHERE id = 1", "2023-12-31 19:00:00-05", "2024-01-01 05:30:00+05:30"},
	}
	for round := 0; round < 3; round++ {
		for _, c := range cases {
			if got := simpleText(t, ny, c.q); got != c.ny {
				t.Errorf("round %d, New York: %s = %q, want %q", round, c.q, got, c.ny)
			}
			if got := simpleText(t, in, c.q); got != c.in {
				t.Errorf("round %d, Kolkata: %s = %q, want %q", round, c.q, got, c.in)
			}
		}
	}
	if s := db.PlanCacheStats(); s.Hits == 0 {
		t.Errorf("the statements never took the plan cache: %+v", s)
	}
	// A prepared statement, then SET TIME ZONE: each execution reads its
	// literal and writes its result in the zone of the time.
	if _, err := ny.Prepare(ctx, "tzp", "SELECT timestamptz '2024-01-01 10:00', $1::timestamptz", nil); err != nil {
		t.Fatal(err)
	}
	exec := func() string {
		res := ny.ExecPrepared(ctx, "tzp", [][]byte{[]byte("2024-06-01 10:00")}, nil, nil).Read()
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		return resultText(res.Rows)
	}
	if got := exec(); got != "2024-01-01 10:00:00-05|2024-06-01 10:00:00-04" {
		t.Errorf("prepared in New York: %q", got)
	}
	simpleText(t, ny, "SET TIME ZONE 'Asia/Tokyo'")
	if got := exec(); got != "2024-01-01 10:00:00+09|2024-06-01 10:00:00+09" {
		t.Errorf("prepared, after SET TIME ZONE 'Asia/Tokyo': %q", got)
	}
}

// TestTimeZoneIndexes: an index expression or predicate is computed by
// every session that writes the table, so one that depends on the
// session time zone is refused (42P17, as PostgreSQL refuses its stable
// functions); AT TIME ZONE with a named zone is the same everywhere.
func TestTimeZoneIndexes(t *testing.T) {
	url, _ := startServerWith(t, Options{})
	c := testConn(t, url).PgConn()
	simpleText(t, c, "CREATE TABLE tzi (id int PRIMARY KEY, t timestamptz, ts timestamp)")
	runSteps(t, c, []step{
		{"CREATE INDEX ON tzi ((t::date))", "ERROR 42P17"},
		{"CREATE INDEX ON tzi ((t::text))", "ERROR 42P17"},
		{"CREATE INDEX ON tzi ((date_trunc('day', t)))", "ERROR 42P17"},
		{"CREATE INDEX ON tzi ((extract(hour from t)))", "ERROR 42P17"},
		{"CREATE INDEX ON tzi (id) WHERE t::date > '2024-01-01'", "ERROR 42P17"},
		{"CREATE INDEX ON tzi (id) WHERE ts > '2024-01-01'", ""},
		{"CREATE INDEX ON tzi ((t AT TIME ZONE 'UTC'))", ""},
		{"CREATE INDEX ON tzi ((ts::date))", ""},
	})
}

// TestTimeZoneBinaryAndDefaults: the binary form of a timestamptz is the
// moment whatever the session's zone, COPY's text is in the zone, and a
// column default of now() into a date column is the date in the
// session's zone.
func TestTimeZoneBinaryAndDefaults(t *testing.T) {
	url, _ := startServerWith(t, Options{})
	ctx := context.Background()
	conn := testConn(t, url)
	if _, err := conn.Exec(ctx, "SET TIME ZONE 'Asia/Kolkata'"); err != nil {
		t.Fatal(err)
	}
	var got time.Time
	// The extended protocol with binary results (pgx's default mode).
	if err := conn.QueryRow(ctx, "SELECT timestamptz '2024-01-01 10:00:00+00'", pgx.QueryExecModeExec).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("binary timestamptz = %v, want %v", got, want)
	}
	// A binary parameter is a moment too.
	var text string
	if err := conn.QueryRow(ctx, "SELECT $1::timestamptz::text", pgx.QueryExecModeExec, time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if text != "2024-01-01 15:30:00+05:30" {
		t.Errorf("binary parameter as text = %q", text)
	}
	c := conn.PgConn()
	// COPY's text reads and writes in the zone too.
	simpleText(t, c, "CREATE TABLE tzcopy (id int PRIMARY KEY, t timestamptz)")
	if _, err := c.CopyFrom(ctx, strings.NewReader("1\t2024-01-01 10:00\n2\t2024-07-01 10:00+00\n"), "COPY tzcopy FROM STDIN"); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if _, err := c.CopyTo(ctx, &out, "COPY tzcopy TO STDOUT"); err != nil {
		t.Fatal(err)
	}
	if want := "1\t2024-01-01 10:00:00+05:30\n2\t2024-07-01 15:30:00+05:30\n"; out.String() != want {
		t.Errorf("COPY TO = %q, want %q", out.String(), want)
	}
	simpleText(t, c, "CREATE TABLE tzd (id int PRIMARY KEY, d date DEFAULT now())")
	simpleText(t, c, "INSERT INTO tzd (id) VALUES (1)")
	if got, want := simpleText(t, c, "SELECT d = current_date FROM tzd"), "t"; got != want {
		t.Errorf("default now() as a date is the session's date: %q", got)
	}
}
