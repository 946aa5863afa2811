package zerodbproc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Password is the root password the started servers use.
const Password = "bench"

// Proc is a running zerodb server.
type Proc struct {
	// URL connects to database main as root.
	URL string
	// SocketURL is URL over the server's Unix socket, the transport
	// psql and pgbench take by default on the server's machine.
	SocketURL string
	// Pid is the server's process id (for CPU accounting).
	Pid int
	cmd *exec.Cmd
	// tmp, when set, is a directory Stop removes (StartTemp).
	tmp string
	// socketDir holds the Unix socket; Stop removes it.
	socketDir string
}

// Build compiles ./cmd/zerodb (run from the repository root) to path.
func Build(path string) error {
	if out, err := exec.Command("go", "build", "-o", path, "./cmd/zerodb").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	return nil
}

// Start runs `bin start` with its data in dataDir on a free port, plus
// extra flags, and waits until it listens.
func Start(ctx context.Context, bin, dataDir string, extra []string) (*Proc, error) {
	// The socket's directory is a short one of its own: a socket path
	// is limited to 107 bytes, and a data directory can be deep.
	socketDir, err := os.MkdirTemp("", "zsock-")
	if err != nil {
		return nil, err
	}
	args := append([]string{"start", "--listen", "127.0.0.1:0", "--unix-socket-dir", socketDir, "--data", dataDir, "--log-level", "warn"}, extra...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "ZERODB_ROOT_PASSWORD="+Password)
	cmd.SysProcAttr = serverAttr()
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		_ = os.RemoveAll(socketDir)
		return nil, err
	}
	p := &Proc{Pid: cmd.Process.Pid, cmd: cmd, socketDir: socketDir}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if addr, ok := strings.CutPrefix(sc.Text(), "zerodb listening on "); ok {
			// Keep draining stdout so the server never blocks on it.
			go func() {
				for sc.Scan() {
				}
			}()
			p.URL = fmt.Sprintf("postgres://root:%s@%s/main?sslmode=disable", Password, addr)
			_, port, _ := net.SplitHostPort(addr)
			p.SocketURL = fmt.Sprintf("postgres://root:%s@/main?host=%s&port=%s&sslmode=disable", Password, url.QueryEscape(socketDir), port)
			return p, nil
		}
	}
	p.Stop()
	return nil, errors.New("zerodb exited before listening")
}

// StartIn starts a server with its data in dir/data; with bin "" it
// first builds ./cmd/zerodb into dir (the benchmarks' usual set-up, run
// from the repository root).
func StartIn(ctx context.Context, dir, bin string, extra []string) (*Proc, error) {
	if bin == "" {
		bin = filepath.Join(dir, "zerodb")
		if err := Build(bin); err != nil {
			return nil, err
		}
	}
	return Start(ctx, bin, filepath.Join(dir, "data"), extra)
}

// StartTemp is StartIn in a new temporary directory, which Stop removes.
func StartTemp(ctx context.Context, bin string, extra []string) (*Proc, error) {
	dir, err := os.MkdirTemp("", "zerodb-")
	if err != nil {
		return nil, err
	}
	p, err := StartIn(ctx, dir, bin, extra)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p.tmp = dir
	return p, nil
}

// Stop ends the server with SIGINT (a clean shutdown) and waits for it.
func (p *Proc) Stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	_ = p.cmd.Wait()
	_ = os.RemoveAll(p.socketDir)
	if p.tmp != "" {
		_ = os.RemoveAll(p.tmp)
	}
}
