package pgserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Interruptible returns a context that ends on SIGINT or SIGTERM, for a
// benchmark's run: pg_ctl starts PostgreSQL as a daemon, which outlives
// a program killed outright, so an interrupt must end the run through
// its context for the deferred Stop to shut the server down and remove
// its directory.
func Interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// Server is a running PostgreSQL.
type Server struct {
	Dir    string // data and socket directory (removed by Stop)
	Port   int
	bin    string
	asUser string // run as this user ("" = as ourselves)
}

// BinDir finds the newest installed PostgreSQL server binaries.
func BinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Strings(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "postgres")); err == nil {
			return dirs[i], nil
		}
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no PostgreSQL server installed (Debian package postgresql)")
}

// Start initializes a cluster in a fresh temporary directory and starts
// it with durable commits (fsync and synchronous_commit on, PostgreSQL's
// defaults), trusting loopback connections for user "postgres".
func Start(ctx context.Context, extraConf ...string) (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "zerodb-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("running as root needs a postgres user: %w", err)
		}
		s.asUser = "postgres"
		if err := chownTo(dir, "postgres"); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"); err != nil {
		s.cleanup()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		s.cleanup()
		return nil, err
	}
	s.Port = port
	opts := []string{"-p " + strconv.Itoa(port), "-k " + dir, "-c listen_addresses=127.0.0.1", "-c max_connections=200"}
	for _, c := range extraConf {
		opts = append(opts, "-c "+c)
	}
	logFile := filepath.Join(dir, "server.log")
	if out, err := s.run(ctx, filepath.Join(bin, "pg_ctl"), "-D", data, "-l", logFile, "-w", "-t", "60", "-o", strings.Join(opts, " "), "start"); err != nil {
		log, _ := os.ReadFile(logFile)
		s.cleanup()
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	return s, nil
}

// URL is a connection URL for database db as user postgres.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.Port, db)
}

// SocketURL is URL over the server's Unix socket (in Dir), the
// transport psql and pgbench take by default on the server's machine.
func (s *Server) SocketURL(db string) string {
	return fmt.Sprintf("postgres://postgres@/%s?host=%s&port=%d&sslmode=disable", db, url.QueryEscape(s.Dir), s.Port)
}

// Stop stops the server and removes its directory.
func (s *Server) Stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := s.run(ctx, filepath.Join(s.bin, "pg_ctl"), "-D", filepath.Join(s.Dir, "data"), "-m", "fast", "-w", "stop")
	s.cleanup()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
	return nil
}

func (s *Server) cleanup() { _ = os.RemoveAll(s.Dir) }

func (s *Server) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	var cmd *exec.Cmd
	if s.asUser != "" {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", s.asUser, "--", name}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, name, args...)
	}
	cmd.Dir = s.Dir
	return cmd.CombinedOutput()
}

func chownTo(dir, name string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
