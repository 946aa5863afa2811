package kv

import (
	"errors"
	"io"
	"math/bits"
	"slices"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/cockroachdb/pebble/vfs"
	"golang.org/x/sys/unix"
)

// noDSync is set once the kernel refused RWF_DSYNC.
var noDSync atomic.Bool

// pwritev2 is the system call writeDSync makes, raw (rawPwritev2) or
// through the scheduler (unix.Pwritev2); tests replace it to inject
// interruptions and short writes.
var pwritev2 = func(fd int, iovs [][]byte, off int64, flags int, raw bool) (int, error) {
	if raw {
		return rawPwritev2(fd, iovs, off, flags)
	}
	return unix.Pwritev2(fd, iovs, off, flags)
}

// rawPwritev2 is unix.Pwritev2 made as a raw system call, which does not
// enter the scheduler's syscall state (wal.rawSyncAllowed says when that
// is worth its price).
func rawPwritev2(fd int, iovs [][]byte, off int64, flags int) (int, error) {
	var small [8]unix.Iovec
	vecs := small[:0]
	if len(iovs) > len(small) {
		vecs = make([]unix.Iovec, 0, len(iovs))
	}
	for _, b := range iovs {
		if len(b) > 0 {
			v := unix.Iovec{Base: &b[0]}
			v.SetLen(len(b))
			vecs = append(vecs, v)
		}
	}
	if len(vecs) == 0 {
		return 0, nil
	}
	// The offset's high word, as unix.Pwritev2 passes it (zero where a
	// long holds the whole offset).
	hi := uintptr(uint64(off) >> (bits.UintSize - 1) >> 1)
	n, _, errno := syscall.RawSyscall6(unix.SYS_PWRITEV2, uintptr(fd), uintptr(unsafe.Pointer(&vecs[0])), uintptr(len(vecs)), uintptr(off), hi, uintptr(flags))
	if errno != 0 {
		return -1, errno
	}
	return int(n), nil
}

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
// call. A call takes at most maxIOV parts. raw makes the calls raw
// system calls (see wal.rawSyncAllowed).
func writeDSync(f vfs.File, parts [][]byte, off int64, raw bool) (ok bool, err error) {
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
		n, err := pwritev2(int(fd), parts[:min(len(parts), maxIOV)], off, unix.RWF_DSYNC, raw)
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
