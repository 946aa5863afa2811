package session

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zerodb/zerodb/pgwire"
)

// startServerWith is startTestServer with DB options; it also returns the DB.
func startServerWith(t testing.TB, opts Options) (string, *DB) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	// In memory unless the caller gives a data directory (benchmarks of
	// what Pebble on disk costs).
	opts.Memory = opts.Dir == ""
	db, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EnsureRootUser(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := pgwire.NewServer(pgwire.Config{}, db, nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ctx, ln)
	}()
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = srv.Shutdown(sctx)
		cancel()
		<-done
		_ = db.Close()
	})
	return fmt.Sprintf("postgres://root:%s@%s/main?sslmode=disable", testPassword, ln.Addr()), db
}

// TestPlanCacheMatchesUncached runs corpora of statements on a DB with
// the plan cache and on one without, and requires the same answers:
// columns and their types, rows, command tags, notices, and errors with
// their SQLSTATE, message, detail, hint and position.
func TestPlanCacheMatchesUncached(t *testing.T) {
	for _, file := range []string{"testdata/plancache.sql", "../compat-tests/testdata/differential.sql"} {
		t.Run(strings.ReplaceAll(file, "/", "_"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			stmts := splitStatements(string(raw))
			cachedURL, cached := startServerWith(t, Options{})
			plainURL, _ := startServerWith(t, Options{PlanCacheSize: -1})
			cc, pc := testConn(t, cachedURL), testConn(t, plainURL)
			for _, st := range stmts {
				// The two servers run each statement side by side: the
				// corpus is thousands of statements, under -race too.
				var got string
				done := make(chan struct{})
				go func() { got = renderExec(cc, st.text); close(done) }()
				want := renderExec(pc, st.text)
				<-done
				if got != want {
					t.Errorf("line %d: %s\nwith the plan cache:\n%s\nwithout:\n%s", st.line, st.text, indent(got), indent(want))
				}
				if cc.IsClosed() || pc.IsClosed() {
					// Every later statement would fail alike on both
					// and compare equal, untested.
					t.Fatalf("line %d: %s: a connection closed\nwith the plan cache:\n%s\nwithout:\n%s", st.line, st.text, indent(got), indent(want))
				}
			}
			stats := cached.PlanCacheStats()
			t.Logf("%d statements; plan cache: %+v", len(stmts), stats)
			// A corpus of more shapes than the cache holds fills it.
			if stats.Hits < int64(len(stmts)/20) || stats.Entries < min(len(stmts)/4, DefaultPlanCacheSize) {
				t.Errorf("the plan cache was hardly used: %+v", stats)
			}
		})
	}
}

type corpusStmt struct {
	text string
	line int
}

// splitStatements splits a corpus into statements, each ending with a
// line ending in ';'; lines starting with "--" outside statements are
// comments.
func splitStatements(s string) []corpusStmt {
	var out []corpusStmt
	var cur []string
	start := 0
	for i, line := range strings.Split(s, "\n") {
		trimmed := strings.TrimSpace(line)
		if len(cur) == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "--")) {
			continue
		}
		if len(cur) == 0 {
			start = i + 1
		}
		cur = append(cur, line)
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, corpusStmt{text: strings.TrimSuffix(strings.TrimSpace(strings.Join(cur, "\n")), ";"), line: start})
			cur = nil
		}
	}
	return out
}

// renderExec runs a message over the simple protocol and renders all of
// its outcome. Rows are sorted unless the statement has ORDER BY.
func renderExec(conn *pgx.Conn, sql string) string {
	// Generous: a timeout closes the connection, and a shared machine
	// under load runs the corpus's biggest statements slowly.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pc := conn.PgConn()
	results, err := pc.Exec(ctx, sql).ReadAll()
	ordered := strings.Contains(strings.ToUpper(sql), "ORDER BY")
	var b strings.Builder
	for _, r := range results {
		if r.Err != nil {
			continue
		}
		if len(r.FieldDescriptions) > 0 {
			cols := make([]string, len(r.FieldDescriptions))
			for i, f := range r.FieldDescriptions {
				cols[i] = fmt.Sprintf("%s:%d/%d/%d", f.Name, f.DataTypeOID, f.TypeModifier, f.TableAttributeNumber)
			}
			b.WriteString(strings.Join(cols, " | ") + "\n")
			rows := make([]string, len(r.Rows))
			for i, row := range r.Rows {
				vals := make([]string, len(row))
				for j, v := range row {
					if v == nil {
						vals[j] = "NULL"
					} else {
						vals[j] = string(v)
					}
				}
				rows[i] = strings.Join(vals, " | ")
			}
			if !ordered {
				slices.Sort(rows)
			}
			for _, row := range rows {
				b.WriteString(row + "\n")
			}
		}
		b.WriteString(r.CommandTag.String() + "\n")
	}
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) {
			fmt.Fprintf(&b, "ERROR %s: %s (at %d)", pgErr.Code, pgErr.Message, pgErr.Position)
			if pgErr.Detail != "" {
				// A failing row's DETAIL shows now()'s default as each
				// server computed it.
				fmt.Fprintf(&b, " DETAIL: %s", detailClock.ReplaceAllString(pgErr.Detail, "<time>"))
			}
			if pgErr.Hint != "" {
				fmt.Fprintf(&b, " HINT: %s", pgErr.Hint)
			}
			b.WriteString("\n")
		} else {
			fmt.Fprintf(&b, "ERROR: %v\n", err)
		}
	}
	fmt.Fprintf(&b, "status %c", pc.TxStatus())
	return b.String()
}

// detailClock matches the times of day in an error's DETAIL.
var detailClock = regexp.MustCompile(`\d\d:\d\d:\d\d(\.\d+)?`)

// TestPlanCacheShared runs the same statement shapes from many sessions
// at once (run it with -race): point reads, updates and inserts share
// their cached plans, which must be neither changed nor confused by
// concurrent executions.
func TestPlanCacheShared(t *testing.T) {
	url, db := startServerWith(t, Options{})
	setup := testConn(t, url)
	for _, q := range []string{
		"CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL, n int)",
		"INSERT INTO kv SELECT 0, 'zero', 0",
	} {
		if _, err := setup.Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	const sessions, rounds = 6, 60
	var wg sync.WaitGroup
	errc := make(chan error, sessions)
	for s := 0; s < sessions; s++ {
		conn := testConn(t, url)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for i := 0; i < rounds; i++ {
				k := s*1000 + i + 1
				if _, err := conn.Exec(ctx, fmt.Sprintf("INSERT INTO kv VALUES (%d, 'v%d', %d)", k, k, i)); err != nil {
					errc <- err
					return
				}
				var v string
				var n int
				if err := conn.QueryRow(ctx, fmt.Sprintf("SELECT v, n FROM kv WHERE k = %d", k)).Scan(&v, &n); err != nil {
					errc <- err
					return
				}
				if v != fmt.Sprintf("v%d", k) || n != i {
					errc <- fmt.Errorf("session %d: key %d read %q, %d", s, k, v, n)
					return
				}
				if _, err := conn.Exec(ctx, fmt.Sprintf("UPDATE kv SET n = n + %d WHERE k = %d", s+1, k)); err != nil {
					errc <- err
					return
				}
				if err := conn.QueryRow(ctx, fmt.Sprintf("SELECT n FROM kv WHERE k = %d", k)).Scan(&n); err != nil {
					errc <- err
					return
				}
				if n != i+s+1 {
					errc <- fmt.Errorf("session %d: key %d has n = %d, want %d", s, k, n, i+s+1)
					return
				}
				var cnt int
				if err := conn.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM kv WHERE k > %d AND k <= %d", s*1000, k)).Scan(&cnt); err != nil {
					errc <- err
					return
				}
				if cnt != i+1 {
					errc <- fmt.Errorf("session %d: %d rows up to key %d, want %d", s, cnt, k, i+1)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	stats := db.PlanCacheStats()
	if stats.Entries > 10 || stats.Hits < sessions*rounds*4 {
		t.Errorf("plan cache: %+v", stats)
	}
}

// TestPlanCacheBounded checks the LRU bound and negative entries.
func TestPlanCacheBounded(t *testing.T) {
	url, db := startServerWith(t, Options{PlanCacheSize: 4})
	conn := testConn(t, url)
	ctx := context.Background()
	for i := 0; i < 20; i++ {
		// 20 shapes: one more column each time.
		q := "SELECT 1" + strings.Repeat(", 2", i)
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if s := db.PlanCacheStats(); s.Entries != 4 || s.Misses != 20 {
		t.Errorf("after 20 shapes: %+v", s)
	}
	for i := 0; i < 3; i++ {
		if _, err := conn.Exec(ctx, fmt.Sprintf("SELECT %d, 'x' ORDER BY 1", i)); err != nil {
			t.Fatal(err)
		}
	}
	if s := db.PlanCacheStats(); s.Negative != 2 || s.Misses != 21 {
		t.Errorf("after a shape with a position: %+v", s)
	}
}

func TestPlanCacheOff(t *testing.T) {
	url, db := startServerWith(t, Options{PlanCacheSize: -1})
	conn := testConn(t, url)
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Fatal(n, err)
	}
	if s := db.PlanCacheStats(); s != (PlanCacheStats{}) {
		t.Errorf("cache off: %+v", s)
	}
}
