package pgwire

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestListenUnix(t *testing.T) {
	ctx := context.Background()
	// A process that has ended: its id names no running process (ids
	// are not reused this quickly).
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	running := exec.Command("sleep", "60")
	if err := running.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = running.Process.Kill(); _ = running.Wait() })

	tests := []struct {
		name    string
		lock    string // the lock file left before, if any
		socket  bool   // a stale socket file left before
		wantErr string
	}{
		{name: "fresh"},
		{name: "dead server's lock and socket", lock: strconv.Itoa(ended.ProcessState.Pid()) + "\n", socket: true},
		{name: "garbled lock", lock: "not a pid"},
		{name: "own process's lock", lock: strconv.Itoa(os.Getpid())},
		{name: "live server's lock", lock: strconv.Itoa(running.Process.Pid) + "\n/some/data\n", wantErr: "is another server running"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := shortTempDir(t)
			port := 6000 + i
			path := UnixSocketPath(dir, port)
			if tt.lock != "" {
				if err := os.WriteFile(path+".lock", []byte(tt.lock), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if tt.socket {
				if err := os.WriteFile(path, nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			ln, err := ListenUnix(ctx, dir, port)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error saying %q", err, tt.wantErr)
				}
				if b, _ := os.ReadFile(path + ".lock"); string(b) != tt.lock {
					t.Fatalf("the live server's lock was changed to %q", b)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(path + ".lock"); strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
				t.Fatalf("lock file holds %q", b)
			}
			fi, err := os.Stat(path)
			if err != nil || fi.Mode()&fs.ModeSocket == 0 || fi.Mode().Perm() != 0o777 {
				t.Fatalf("socket: %v %v", fi, err)
			}
			accepted := make(chan error, 1)
			go func() {
				c, err := ln.Accept()
				if err == nil {
					_, err = c.Write([]byte("x"))
					_ = c.Close()
				}
				accepted <- err
			}()
			c, err := net.Dial("unix", path)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 1)
			if _, err := c.Read(buf); err != nil || buf[0] != 'x' {
				t.Fatalf("read %q, %v", buf, err)
			}
			_ = c.Close()
			if err := <-accepted; err != nil {
				t.Fatal(err)
			}
			if err := ln.Close(); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{path, path + ".lock"} {
				if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s left after Close: %v", p, err)
				}
			}
		})
	}

	t.Run("path too long", func(t *testing.T) {
		_, err := ListenUnix(ctx, filepath.Join(shortTempDir(t), strings.Repeat("d", 120)), 5432)
		if err == nil || !strings.Contains(err.Error(), "longer than") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		_, err := ListenUnix(ctx, filepath.Join(shortTempDir(t), "nosuch"), 5432)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("got %v", err)
		}
	})
}

// shortTempDir is a temporary directory with a path short enough for a
// socket in it (t.TempDir's names grow with the test's).
func shortTempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "zs")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}
