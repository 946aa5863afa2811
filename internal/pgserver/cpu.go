package pgserver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// CPU is the server's CPU time so far: the postmaster's own and that of
// its reaped children (the backends of connections that have closed).
func (s *Server) CPU() (time.Duration, error) {
	b, err := os.ReadFile(filepath.Join(s.Dir, "data", "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return 0, err
	}
	return ProcessCPU(pid, true)
}

// ProcessCPU is a process's user and system CPU time (with its reaped
// children's when children is set), from /proc: benchmarks compare it
// between zerodb's process and PostgreSQL's.
func ProcessCPU(pid int, children bool) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses: utime is
	// field 14 of stat, stime 15, cutime 16, cstime 17.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 15 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	n := 2
	if children {
		n = 4
	}
	var ticks int64
	for _, x := range f[11 : 11+n] {
		v, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += v
	}
	const hz = 100 // USER_HZ
	return time.Duration(ticks) * time.Second / hz, nil
}

// Settle waits until a server whose CPU time cpu reports uses less than a
// tenth of a CPU over a second, at most a minute: benchmarks measure
// queries, not the background work a bulk load leaves behind (zerodb's
// compactions, PostgreSQL's autovacuum).
func Settle(ctx context.Context, cpu func() (time.Duration, error)) error {
	prev, err := cpu()
	if err != nil {
		return err
	}
	for range 60 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
		now, err := cpu()
		if err != nil {
			return err
		}
		if now-prev < 100*time.Millisecond {
			return nil
		}
		prev = now
	}
	return nil
}
