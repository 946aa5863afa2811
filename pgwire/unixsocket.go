package pgwire

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// UnixSocketPath is where a server listening on port keeps its Unix
// socket in dir, named as libpq looks for it: `psql -h dir -p port`
// connects to dir/.s.PGSQL.port.
func UnixSocketPath(dir string, port int) string {
	return filepath.Join(dir, ".s.PGSQL."+strconv.Itoa(port))
}

// maxUnixPath is the longest socket path the kernel takes (sun_path is
// 108 bytes with its terminating NUL on Linux; PostgreSQL has the same
// limit).
const maxUnixPath = 107

// ListenUnix listens on the Unix socket of port in dir, as PostgreSQL's
// unix_socket_directories does. Like PostgreSQL it first takes the
// socket's lock file (.s.PGSQL.port.lock, holding the server's process
// id): a live process's lock refuses the start, so two servers never
// share a socket, and a lock left by a server that died is replaced
// along with its stale socket. The socket is made readable and writable
// by everyone (PostgreSQL's unix_socket_permissions default, 0777):
// who may connect is decided by authentication, not by the file.
// Closing the listener removes the socket and its lock file.
func ListenUnix(ctx context.Context, dir string, port int) (net.Listener, error) {
	path := UnixSocketPath(dir, port)
	if len(path) > maxUnixPath {
		return nil, fmt.Errorf("the Unix socket path %q is longer than %d bytes", path, maxUnixPath)
	}
	lockPath := path + ".lock"
	if err := takeSocketLock(lockPath); err != nil {
		return nil, err
	}
	// The lock is ours, so a socket file still there is a dead server's.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		_ = os.Remove(lockPath)
		return nil, fmt.Errorf("removing the stale Unix socket: %w", err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "unix", path)
	if err != nil {
		_ = os.Remove(lockPath)
		return nil, err
	}
	if err := os.Chmod(path, 0o777); err != nil {
		_ = ln.Close()
		_ = os.Remove(lockPath)
		return nil, fmt.Errorf("setting the Unix socket's permissions: %w", err)
	}
	return &unixListener{Listener: ln, lockPath: lockPath}, nil
}

// takeSocketLock creates the lock file of a socket, replacing one whose
// process no longer runs.
func takeSocketLock(lockPath string) error {
	content := []byte(strconv.Itoa(os.Getpid()) + "\n")
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(lockPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, werr := f.Write(content)
			cerr := f.Close()
			if err := errors.Join(werr, cerr); err != nil {
				_ = os.Remove(lockPath)
				return fmt.Errorf("writing the Unix socket lock file: %w", err)
			}
			return nil
		}
		if !errors.Is(err, fs.ErrExist) || attempt > 0 {
			return fmt.Errorf("creating the Unix socket lock file: %w", err)
		}
		if pid, alive := lockHolder(lockPath); alive {
			return fmt.Errorf("lock file %q is held by process %d: is another server running on this port?", lockPath, pid)
		}
		if err := os.Remove(lockPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing the stale Unix socket lock file: %w", err)
		}
	}
}

// lockHolder reads the process id a lock file names and reports whether
// that process still runs. A file that names no process (empty or
// garbled) is stale, and so, as PostgreSQL judges, is one naming our own
// process or our parent: after a restart a container's server and the
// shell that starts it tend to get the ids they had before, so such a
// lock was left by the previous run.
func lockHolder(lockPath string) (pid int, alive bool) {
	b, err := os.ReadFile(lockPath)
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err = strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid <= 0 || pid == os.Getpid() || pid == os.Getppid() {
		return pid, false
	}
	// Signal 0 checks existence; EPERM means it exists as another user.
	err = syscall.Kill(pid, 0)
	return pid, err == nil || errors.Is(err, syscall.EPERM)
}

// unixListener removes the socket's lock file when it closes (the net
// package removes the socket itself).
type unixListener struct {
	net.Listener
	lockPath string
	once     sync.Once
	err      error
}

func (l *unixListener) Close() error {
	l.once.Do(func() {
		l.err = l.Listener.Close()
		if err := os.Remove(l.lockPath); err != nil && !errors.Is(err, fs.ErrNotExist) && l.err == nil {
			l.err = err
		}
	})
	return l.err
}
