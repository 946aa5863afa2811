package compattests

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "github.com/lib/pq"
)

// TestUnixSocket serves clients on a Unix socket beside TCP
// (--unix-socket-dir): psql, pgbench, pgx and lib/pq find it from a
// directory and a port as they find PostgreSQL's, the connection has no
// client address, and a clean shutdown removes the socket and its lock.
func TestUnixSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "zsock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	s := startServer(t, "", "--unix-socket-dir", dir)
	socket := filepath.Join(dir, ".s.PGSQL."+s.port())
	if fi, err := os.Stat(socket); err != nil || fi.Mode()&fs.ModeSocket == 0 || fi.Mode().Perm() != 0o777 {
		t.Fatalf("socket %s: %v, %v", socket, fi, err)
	}
	ctx := context.Background()

	out, stderr, err := runPsql(t, []string{"PGPASSWORD=" + testPassword},
		"-h", dir, "-p", s.port(), "-U", "root", "-d", "main", "-AtX",
		"-c", "CREATE TABLE sock (id int PRIMARY KEY, v text)",
		"-c", "INSERT INTO sock VALUES (1, 'psql')",
		"-c", "SELECT coalesce(host(inet_client_addr()), 'local'), v FROM sock",
		"-c", "SELECT client_addr IS NULL, client_port FROM pg_stat_activity WHERE pid = pg_backend_pid()",
		"-c", "SELECT current_setting('port'), current_setting('unix_socket_directories'), current_setting('listen_addresses')")
	if want := "CREATE TABLE\nINSERT 0 1\nlocal|psql\nt|-1\n" + s.port() + "|" + dir + "|127.0.0.1"; err != nil || strings.TrimSpace(out) != want {
		t.Fatalf("psql over the socket: %v\n%s%s", err, out, stderr)
	}

	// Over TCP pg_stat_activity shows the peer's address and port.
	out, stderr, err = psql(t, s, "main", "-AtX", "-c",
		"SELECT client_addr = inet_client_addr(), client_addr, client_port = inet_client_port() FROM pg_stat_activity WHERE pid = pg_backend_pid()")
	if err != nil || strings.TrimSpace(out) != "t|127.0.0.1|t" {
		t.Fatalf("pg_stat_activity over TCP: %v\n%s%s", err, out, stderr)
	}

	conn, err := pgx.Connect(ctx, "host="+dir+" port="+s.port()+" user=root password="+testPassword+" dbname=main")
	if err != nil {
		t.Fatalf("pgx over the socket: %v", err)
	}
	var v string
	if err := conn.QueryRow(ctx, "SELECT v FROM sock WHERE id = $1", 1).Scan(&v); err != nil || v != "psql" {
		t.Fatalf("pgx read %q, %v", v, err)
	}
	_ = conn.Close(ctx)

	db, err := sql.Open("postgres", "host="+dir+" port="+s.port()+" user=root password="+testPassword+" dbname=main sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "INSERT INTO sock VALUES (2, 'lib/pq')"); err != nil {
		t.Fatalf("lib/pq over the socket: %v", err)
	}

	pgbench := requireTool(t, "pgbench")
	cmd := exec.Command(pgbench, "-h", dir, "-p", s.port(), "-U", "root", "-n", "-t", "20", "-S", "main")
	cmd.Env = append(os.Environ(), "PGPASSWORD="+testPassword)
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "pgbench_") {
		// No pgbench tables yet: the run must reach the server and fail
		// on the missing table, not on the connection.
		t.Fatalf("pgbench over the socket: %v\n%s", err, b)
	}
	cmd = exec.Command(pgbench, "-h", dir, "-p", s.port(), "-U", "root", "-i", "-s", "1", "-q", "main")
	cmd.Env = append(os.Environ(), "PGPASSWORD="+testPassword)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pgbench -i over the socket: %v\n%s", err, b)
	}
	cmd = exec.Command(pgbench, "-h", dir, "-p", s.port(), "-U", "root", "-n", "-t", "50", "-S", "-M", "prepared", "main")
	cmd.Env = append(os.Environ(), "PGPASSWORD="+testPassword)
	if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), "number of transactions actually processed: 50/50") {
		t.Fatalf("pgbench over the socket: %v\n%s", err, b)
	}

	// A second server on the same port (another address) finds the
	// socket's lock held and refuses to start.
	second := exec.Command(zerodbBinary(t), "start", "--memory", "--listen", "127.0.0.2:"+s.port(), "--unix-socket-dir", dir)
	second.Env = append(os.Environ(), "ZERODB_ROOT_PASSWORD="+testPassword)
	if b, err := second.CombinedOutput(); err == nil || !strings.Contains(string(b), "is another server running") {
		t.Fatalf("a second server on the socket: %v\n%s", err, b)
	}

	s.stop()
	for _, p := range []string{socket, socket + ".lock"} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left after shutdown: %v", p, err)
		}
	}
}
