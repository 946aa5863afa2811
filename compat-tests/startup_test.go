package compattests

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestGeneratedRootPassword starts a fresh data directory without a
// password: the server prints a generated one once, it works, and a
// restart does not print it again.
func TestGeneratedRootPassword(t *testing.T) {
	dir := t.TempDir()
	run := func() (addr, password string, stop func()) {
		cmd := exec.Command(zerodbBinary(t), "start", "--listen", "127.0.0.1:0", "--data", dir, "--log-level", "warn")
		env := []string{}
		for _, e := range os.Environ() {
			if !strings.HasPrefix(e, "ZERODB_ROOT_PASSWORD=") {
				env = append(env, e)
			}
		}
		cmd.Env = env
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		stop = func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			_ = cmd.Wait()
		}
		sc := bufio.NewScanner(out)
		deadline := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
		defer deadline.Stop()
		for sc.Scan() {
			line := sc.Text()
			if p, ok := strings.CutPrefix(line, "generated password for user root: "); ok {
				password = p
			}
			if a, ok := strings.CutPrefix(line, "zerodb listening on "); ok {
				addr = a
				break
			}
		}
		go func() {
			for sc.Scan() {
			}
		}()
		if addr == "" {
			stop()
			t.Fatal("server did not start")
		}
		return addr, password, stop
	}
	addr, pw, stop := run()
	if len(pw) < 16 {
		stop()
		t.Fatalf("no generated password printed (got %q)", pw)
	}
	ctx := context.Background()
	c, err := pgconn.Connect(ctx, "postgres://root:"+pw+"@"+addr+"/main?sslmode=disable")
	if err != nil {
		stop()
		t.Fatalf("the generated password does not work: %v", err)
	}
	_ = c.Close(ctx)
	stop()
	addr, pw2, stop := run()
	defer stop()
	if pw2 != "" {
		t.Fatalf("a restart printed a new password")
	}
	c, err = pgconn.Connect(ctx, "postgres://root:"+pw+"@"+addr+"/main?sslmode=disable")
	if err != nil {
		t.Fatalf("the password did not survive a restart: %v", err)
	}
	_ = c.Close(ctx)
}

// TestStartupDatabaseNames checks the startup database parameter:
// "<database>" in the user's namespace or "<namespace>/<database>"; the
// user's name and "postgres" fall back to "main" when missing.
func TestStartupDatabaseNames(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	for _, db := range []string{"main", "default%2Fmain", "root", "", "postgres"} {
		c, err := pgconn.Connect(ctx, s.url(db))
		if err != nil {
			t.Errorf("database %q: %v", db, err)
			continue
		}
		_ = c.Close(ctx)
	}
	for db, code := range map[string]string{"nosuch": "3D000", "nosuchns%2Fmain": "3F000", "default%2Fnosuch": "3D000"} {
		_, err := pgconn.Connect(ctx, s.url(db))
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != code {
			t.Errorf("database %q: got %v, want SQLSTATE %s", db, err, code)
		}
	}
}

// TestCleanShutdown checks that SIGTERM and SIGINT end the server with
// exit status 0.
func TestCleanShutdown(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		s := startServer(t, "")
		conn := connect(t, s, "main")
		_ = conn
		_ = s.cmd.Process.Signal(sig)
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
			t.Fatalf("%v: server did not stop", sig)
		}
		if code := s.cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("%v: exit status %d, stderr: %s", sig, code, s.stderr.String())
		}
	}
}
