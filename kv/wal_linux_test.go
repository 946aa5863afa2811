package kv

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
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
	pwritev2 = func(fd int, iovs [][]byte, off int64, flags int, raw bool) (int, error) {
		i := *calls
		*calls++
		if i >= len(results) {
			return orig(fd, iovs, off, flags, raw)
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
			return orig(fd, iovs, off, flags, raw)
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
	for _, raw := range []bool{false, true} {
		f, name := openDSyncFile(t)
		p := bytes.Repeat([]byte("0123456789"), 1000)
		calls := fakePwritev2(t, unix.EINTR, 3, unix.EINTR, 4000, -1)
		parts := [][]byte{p[:2500], p[2500:2600], nil, p[2600:]}
		ok, err := writeDSync(f, parts, 100, raw)
		if !ok || err != nil {
			t.Fatalf("raw %v: writeDSync: ok %v, %v", raw, ok, err)
		}
		if *calls != 5 {
			t.Fatalf("raw %v: %d calls, want 5", raw, *calls)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, append(make([]byte, 100), p...)) {
			t.Fatalf("raw %v: file holds %d bytes, not what was written", raw, len(got))
		}
	}
}

// TestRawPwritev2 checks the raw call against the file: the parts land
// in order at the offset (more of them than its on-stack vector holds,
// empty ones skipped, an offset past 4 GiB), and errors come back as
// unix.Pwritev2 returns them.
func TestRawPwritev2(t *testing.T) {
	if noDSync.Load() {
		t.Skip("the kernel does not take RWF_DSYNC")
	}
	f, name := openDSyncFile(t)
	fd := int(f.Fd())
	for _, tc := range []struct {
		parts int
		off   int64
	}{{1, 0}, {3, 10}, {20, 1000}, {2, 5 << 30}} {
		var parts [][]byte
		var want []byte
		for i := range tc.parts {
			p := bytes.Repeat([]byte{byte('a' + i%26)}, 1+i*7)
			parts = append(parts, p, nil)
			want = append(want, p...)
		}
		n, err := rawPwritev2(fd, parts, tc.off, unix.RWF_DSYNC)
		if err != nil || n != len(want) {
			t.Fatalf("%d parts at %d: wrote %d, %v; want %d", tc.parts, tc.off, n, err, len(want))
		}
		got := make([]byte, len(want))
		if _, err := f.ReadAt(got, tc.off); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%d parts at %d: read back %q, want %q", tc.parts, tc.off, got, want)
		}
	}
	if fi, err := os.Stat(name); err != nil || fi.Size() != 5<<30+1+8 {
		t.Fatalf("file size %v, %v", fi, err)
	}
	if n, err := rawPwritev2(-1, [][]byte{[]byte("x")}, 0, unix.RWF_DSYNC); n != -1 || err != unix.EBADF {
		t.Fatalf("bad descriptor: %d, %v; want -1, EBADF", n, err)
	}
}

// TestRawSyncAllowed: the raw call is for an idle store only, waits for
// rawSyncWarmup fast syncs in a row, and one slow sync starts the count
// again.
func TestRawSyncAllowed(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("raw syncs need two processors")
	}
	w := &wal{}
	for i := range rawSyncWarmup {
		if w.rawSyncAllowed(true) {
			t.Fatalf("allowed after %d fast syncs", i)
		}
		w.syncTook(rawSyncSlow / 10)
	}
	if !w.rawSyncAllowed(true) {
		t.Fatal("not allowed after the warm-up")
	}
	if w.rawSyncAllowed(false) {
		t.Fatal("allowed while the store is busy")
	}
	w.syncTook(rawSyncSlow)
	if w.rawSyncAllowed(true) {
		t.Fatal("allowed right after a slow sync")
	}
	for range rawSyncWarmup {
		w.syncTook(0)
	}
	if !w.rawSyncAllowed(true) {
		t.Fatal("not allowed again after another warm-up")
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
	if ok, err := writeDSync(f, [][]byte{[]byte("x")}, 0, false); !ok || err != unix.EIO {
		t.Fatalf("EIO: ok %v, %v", ok, err)
	}
	if noDSync.Load() {
		t.Fatal("EIO turned RWF_DSYNC off")
	}

	fakePwritev2(t, unix.EOPNOTSUPP)
	if ok, err := writeDSync(f, [][]byte{[]byte("x")}, 0, false); ok || err != nil {
		t.Fatalf("EOPNOTSUPP: ok %v, %v; want not done", ok, err)
	}
	if !noDSync.Load() {
		t.Fatal("EOPNOTSUPP did not turn RWF_DSYNC off")
	}
}
