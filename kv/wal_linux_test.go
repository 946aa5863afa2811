package kv

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cockroachdb/pebble/vfs"
	"golang.org/x/sys/unix"
)

// fakePwritev2 replaces pwritev2 until the test ends with one that
// answers with results[i] on call i (an error, or a count of bytes to
// write of those asked for, -1 for all) and with the orig call after
// them, and returns the number of calls made.
func fakePwritev2(t *testing.T, results ...any) *int {
	t.Helper()
	calls := new(int)
	orig := pwritev2
	t.Cleanup(func() { pwritev2 = orig })
	pwritev2 = func(fd int, iovs [][]byte, off int64, flags int) (int, error) {
		i := *calls
		*calls++
		if i >= len(results) {
			return orig(fd, iovs, off, flags)
		}
		switch r := results[i].(type) {
		case error:
			return -1, r
		case int:
			if r >= 0 {
				// Only the first r bytes, across the parts.
				var short [][]byte
				for _, p := range iovs {
					if r == 0 {
						break
					}
					k := min(r, len(p))
					short = append(short, p[:k])
					r -= k
				}
				iovs = short
			}
			return orig(fd, iovs, off, flags)
		}
		panic("bad result")
	}
	return calls
}

func openDSyncFile(t *testing.T) (vfs.File, string) {
	t.Helper()
	name := filepath.Join(t.TempDir(), "seg")
	f, err := vfs.Default.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, name
}

// TestWriteDSyncRetries: writeDSync makes the call again after EINTR
// and writes the rest after a short write, one that ends inside a part
// and one across parts, so every byte is written, where it belongs and
// in order, and reported durable.
func TestWriteDSyncRetries(t *testing.T) {
	if noDSync.Load() {
		t.Skip("the kernel does not take RWF_DSYNC")
	}
	f, name := openDSyncFile(t)
	p := bytes.Repeat([]byte("0123456789"), 1000)
	calls := fakePwritev2(t, unix.EINTR, 3, unix.EINTR, 4000, -1)
	parts := [][]byte{p[:2500], p[2500:2600], nil, p[2600:]}
	ok, err := writeDSync(f, parts, 100)
	if !ok || err != nil {
		t.Fatalf("writeDSync: ok %v, %v", ok, err)
	}
	if *calls != 5 {
		t.Fatalf("%d calls, want 5", *calls)
	}
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, append(make([]byte, 100), p...)) {
		t.Fatalf("file holds %d bytes, not what was written", len(got))
	}
}

// TestWriteDSyncErrors: a kernel without RWF_DSYNC sends the log back to
// write and fdatasync (on an error pwritev2 returns -1, not 0), and any
// other error is the write's.
func TestWriteDSyncErrors(t *testing.T) {
	f, _ := openDSyncFile(t)
	was := noDSync.Load()
	t.Cleanup(func() { noDSync.Store(was) })

	noDSync.Store(false)
	fakePwritev2(t, unix.EIO)
	if ok, err := writeDSync(f, [][]byte{[]byte("x")}, 0); !ok || err != unix.EIO {
		t.Fatalf("EIO: ok %v, %v", ok, err)
	}
	if noDSync.Load() {
		t.Fatal("EIO turned RWF_DSYNC off")
	}

	fakePwritev2(t, unix.EOPNOTSUPP)
	if ok, err := writeDSync(f, [][]byte{[]byte("x")}, 0); ok || err != nil {
		t.Fatalf("EOPNOTSUPP: ok %v, %v; want not done", ok, err)
	}
	if !noDSync.Load() {
		t.Fatal("EOPNOTSUPP did not turn RWF_DSYNC off")
	}
}
