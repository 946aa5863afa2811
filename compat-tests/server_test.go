package compattests

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

const testPassword = "zerodb-test-pw"

// zerodbBinary returns the zerodb binary under test, building it once per test
// process unless $ZERODB_BIN names one.
var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

func zerodbBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ZERODB_BIN"); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "zerodb-bin-")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(dir, "zerodb")
		cmd := exec.Command("go", "build", "-o", buildPath, "../cmd/zerodb")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// server is a running zerodb process.
type server struct {
	t       *testing.T
	cmd     *exec.Cmd
	addr    string // host:port
	dataDir string
	stderr  *lockedBuffer
	done    chan struct{}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServer starts zerodb on a free port. dataDir "" means a fresh
// temporary directory.
func startServer(t *testing.T, dataDir string, extra ...string) *server {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	args := append([]string{"start", "--listen", "127.0.0.1:0", "--data", dataDir, "--log-level", "warn"}, extra...)
	cmd := exec.Command(zerodbBinary(t), args...)
	cmd.Env = append(os.Environ(), "ZERODB_ROOT_PASSWORD="+testPassword)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, cmd: cmd, dataDir: dataDir, stderr: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "zerodb listening on "); ok {
				addrc <- a
			}
		}
	}()
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	select {
	case s.addr = <-addrc:
	case <-s.done:
		t.Fatalf("zerodb exited before listening: %s", s.stderr.String())
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("zerodb did not start in 30s: %s", s.stderr.String())
	}
	t.Cleanup(func() { s.stop() })
	return s
}

func (s *server) host() string { return s.addr[:strings.LastIndexByte(s.addr, ':')] }
func (s *server) port() string { return s.addr[strings.LastIndexByte(s.addr, ':')+1:] }

// url is a libpq connection URL for the database.
func (s *server) url(database string) string {
	return fmt.Sprintf("postgres://root:%s@%s/%s?sslmode=disable", testPassword, s.addr, database)
}

// stop ends the server with SIGTERM (a clean shutdown) and waits.
func (s *server) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		s.t.Errorf("zerodb did not stop within 20s of SIGTERM")
	}
}

// kill ends the server with SIGKILL (a crash) and waits.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// requireTool finds a client program; under CI a missing one fails.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI but not installed", name)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// psql runs psql with the given arguments against s and returns stdout;
// stderr is returned separately.
func psql(t *testing.T, s *server, database string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return psqlAs(t, s, testPassword, database, args...)
}

// psqlAs is psql with a given password for root.
func psqlAs(t *testing.T, s *server, password, database string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	full := append([]string{"-h", s.host(), "-p", s.port(), "-U", "root", "-d", database}, args...)
	return runPsql(t, []string{"PGPASSWORD=" + password, "PGSSLMODE=disable"}, full...)
}

// psqlTLS runs psql as root with a libpq connection string (which says
// how to use TLS).
func psqlTLS(t *testing.T, conn string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runPsql(t, []string{"PGPASSWORD=" + testPassword}, append([]string{"-d", conn}, args...)...)
}

// psqlUser is psql as user with password; stdin, when not empty, is what
// psql's prompts read (\password): psql runs without a terminal then.
func psqlUser(t *testing.T, s *server, user, password, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	full := append([]string{"-h", s.host(), "-p", s.port(), "-U", user, "-d", "main"}, args...)
	return runPsqlInput(t, []string{"PGPASSWORD=" + password, "PGSSLMODE=disable"}, stdin, full...)
}

// runPsql runs psql without reading ~/.psqlrc, stopping at the first
// error, with env added to the environment.
func runPsql(t *testing.T, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runPsqlInput(t, env, "", args...)
}

// runPsqlInput is runPsql with stdin; given one, psql runs in a session
// of its own, without a controlling terminal, so that its password
// prompts read stdin rather than /dev/tty.
func runPsqlInput(t *testing.T, env []string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	bin := requireTool(t, "psql")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"-X", "-v", "ON_ERROR_STOP=1"}, args...)...)
	cmd.Env = append(append(os.Environ(), "PGCONNECT_TIMEOUT=10"), env...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	var so, se strings.Builder
	cmd.Stdout, cmd.Stderr = &so, &se
	err = cmd.Run()
	return so.String(), se.String(), err
}

// pgxConnect connects pgx to url, failing the test when it cannot; the
// connection closes when the test ends.
func pgxConnect(ctx context.Context, t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(ctx) })
	return conn
}
