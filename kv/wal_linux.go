package kv

import (
	"errors"
	"io"
	"slices"
	"sync/atomic"

	"github.com/cockroachdb/pebble/vfs"
	"golang.org/x/sys/unix"
)

// noDSync is set once the kernel refused RWF_DSYNC.
var noDSync atomic.Bool

// pwritev2 is unix.Pwritev2; tests replace it to inject interruptions
// and short writes.
var pwritev2 = unix.Pwritev2

// writeDSync writes parts, one after the other, at off and makes them
// durable in one system call: pwritev2 with RWF_DSYNC syncs the written
// range as fdatasync would (its data and what is needed to read it
// back), which saves the separate fdatasync a commit otherwise makes. ok
// is false when the file has no descriptor (in memory) or the kernel
// does not take the flag; nothing was written then.
//
// A call interrupted by a signal before it wrote anything (EINTR) is
// made again, as the os package does for its writes; a short write
// made the bytes it wrote durable, and the rest is written by the next
// call. A call takes at most maxIOV parts.
func writeDSync(f vfs.File, parts [][]byte, off int64) (ok bool, err error) {
	fd := f.Fd()
	if fd == vfs.InvalidFd || noDSync.Load() {
		return false, nil
	}
	// Own copy of the list: a short write trims its first part.
	parts = slices.Clone(parts)
	wrote := false
	for {
		for len(parts) > 0 && len(parts[0]) == 0 {
			parts = parts[1:]
		}
		if len(parts) == 0 {
			return true, nil
		}
		n, err := pwritev2(int(fd), parts[:min(len(parts), maxIOV)], off, unix.RWF_DSYNC)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			// (On an error n is -1, not 0.)
			if !wrote && (errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EINVAL)) {
				noDSync.Store(true)
				return false, nil
			}
			return true, err
		case n <= 0:
			// Not for a regular file; do not spin on it.
			return true, io.ErrShortWrite
		}
		wrote = true
		off += int64(n)
		for n > 0 {
			k := min(n, len(parts[0]))
			parts[0] = parts[0][k:]
			n -= k
			if len(parts[0]) == 0 {
				parts = parts[1:]
			}
		}
	}
}

// maxIOV is the most parts one pwritev2 takes (Linux's IOV_MAX).
const maxIOV = 1024
