package session

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const testPassword = "test-pw"

// startTestServer runs an in-memory DB behind a real pgwire server on a
// free loopback port and returns a connection URL.
// wireConn is a connection to a test server of its own (startTestServer),
// closed with the test.
func wireConn(t testing.TB) *pgconn.PgConn {
	t.Helper()
	ctx := context.Background()
	c, err := pgconn.Connect(ctx, startTestServer(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(ctx) })
	return c
}

func startTestServer(t testing.TB) string {
	t.Helper()
	url, _ := startServerWith(t, Options{})
	return url
}

func testConn(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// TestGolden runs every testdata/*.test script through a fresh server and
// compares each statement's result with the expected text that follows
// its "----" line. Scripts are blocks separated by blank lines:
//
//	# a comment
//	SELECT 1 AS a
//	----
//	a
//	1
//
// Results print the column names, then one line per row with values
// separated by " | " (NULL for nulls), or "ERROR <SQLSTATE>: <message>"
// with " (at <position>)" when the error has one. Run with -update to
// rewrite the expected texts.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden scripts under testdata/")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".test"), func(t *testing.T) {
			runGoldenFile(t, file)
		})
	}
}

type goldenBlock struct {
	comments []string
	stmt     string
	want     string
	line     int
}

func parseGolden(t *testing.T, text string) []goldenBlock {
	var blocks []goldenBlock
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); {
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
		if i >= len(lines) {
			break
		}
		b := goldenBlock{line: i + 1}
		var stmt []string
		for i < len(lines) && lines[i] != "----" && strings.TrimSpace(lines[i]) != "" {
			if strings.HasPrefix(lines[i], "#") && len(stmt) == 0 {
				b.comments = append(b.comments, lines[i])
			} else {
				stmt = append(stmt, lines[i])
			}
			i++
		}
		b.stmt = strings.Join(stmt, "\n")
		if i < len(lines) && lines[i] == "----" {
			i++
			var want []string
			for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
				want = append(want, lines[i])
				i++
			}
			b.want = strings.Join(want, "\n")
		} else if b.stmt != "" {
			t.Fatalf("line %d: statement without a ---- line", b.line)
		}
		blocks = append(blocks, b)
	}
	return blocks
}

func runGoldenFile(t *testing.T, file string) {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	blocks := parseGolden(t, string(raw))
	// A script with the line "# show notices" prints each statement's
	// notices first ("NOTICE: message").
	var notices *[]string
	url := startTestServer(t)
	conn := testConn(t, url)
	if strings.Contains(string(raw), "\n# show notices\n") {
		notices = &[]string{}
		conn = noticeConn(t, conn, notices)
	}
	var out strings.Builder
	for i, b := range blocks {
		var got string
		if args, ok := strings.CutPrefix(b.stmt, `\connect `); ok {
			got = goldenConnect(t, url, args, notices, &conn)
		} else {
			got = runGoldenStatement(conn, b.stmt)
		}
		if notices != nil && len(*notices) > 0 {
			got = strings.TrimRight(strings.Join(*notices, "\n")+"\n"+got, "\n")
			*notices = (*notices)[:0]
		}
		if !*update && got != b.want {
			t.Errorf("%s:%d: %s\n got:\n%s\nwant:\n%s", file, b.line, b.stmt, indent(got), indent(b.want))
		}
		if i > 0 {
			out.WriteString("\n")
		}
		for _, c := range b.comments {
			out.WriteString(c + "\n")
		}
		if b.stmt != "" {
			out.WriteString(b.stmt + "\n----\n")
			if got != "" {
				out.WriteString(got + "\n")
			}
		}
	}
	if *update {
		if err := os.WriteFile(file, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goldenConnect runs a script's `\connect user password [database]`:
// the statements after it run on a new connection as that user (root's
// password is testPassword). It prints "connected", or the error of the
// login, keeping the old connection.
func goldenConnect(t *testing.T, url, args string, notices *[]string, conn **pgx.Conn) string {
	f := strings.Fields(args)
	if len(f) < 2 || len(f) > 3 {
		t.Fatalf(`\connect %s: want \connect user password [database]`, args)
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.User, cfg.Password = f[0], f[1]
	if len(f) == 3 {
		cfg.Database = f[2]
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	if notices != nil {
		cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
			*notices = append(*notices, noticeText(n))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) {
			return fmt.Sprintf("ERROR %s: %s", pgErr.Code, pgErr.Message)
		}
		return fmt.Sprintf("ERROR: %v", err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	*conn = c
	return "connected"
}

// noticeText is a notice as the golden files show it: its severity and
// message, and its DETAIL and HINT lines when it has them.
func noticeText(n *pgconn.Notice) string {
	m := n.Severity + ": " + n.Message
	if n.Detail != "" {
		m += "\nDETAIL: " + n.Detail
	}
	if n.Hint != "" {
		m += "\nHINT: " + n.Hint
	}
	return m
}

// noticeConn is a second connection like conn that collects the notices
// it receives into notices.
func noticeConn(t *testing.T, conn *pgx.Conn, notices *[]string) *pgx.Conn {
	cfg := conn.Config().Copy()
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		*notices = append(*notices, noticeText(n))
	}
	c, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

func runGoldenStatement(conn *pgx.Conn, stmt string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	results, err := conn.PgConn().Exec(ctx, stmt).ReadAll()
	var b strings.Builder
	for _, r := range results {
		if r.Err != nil {
			continue
		}
		if len(r.FieldDescriptions) > 0 {
			names := make([]string, len(r.FieldDescriptions))
			for i, f := range r.FieldDescriptions {
				names[i] = f.Name
			}
			b.WriteString(strings.Join(names, " | ") + "\n")
			for _, row := range r.Rows {
				vals := make([]string, len(row))
				for i, v := range row {
					if v == nil {
						vals[i] = "NULL"
					} else {
						vals[i] = string(v)
					}
				}
				b.WriteString(strings.Join(vals, " | ") + "\n")
			}
		} else {
			b.WriteString(r.CommandTag.String() + "\n")
		}
	}
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) {
			fmt.Fprintf(&b, "ERROR %s: %s", pgErr.Code, pgErr.Message)
			if pgErr.Position > 0 {
				fmt.Fprintf(&b, " (at %d)", pgErr.Position)
			}
			b.WriteString("\n")
		} else {
			fmt.Fprintf(&b, "ERROR: %v\n", err)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
