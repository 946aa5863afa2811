package kv

import (
	"errors"
	"sync/atomic"

	"github.com/cockroachdb/pebble/vfs"
	"golang.org/x/sys/unix"
)

// noDSync is set once the kernel refused RWF_DSYNC.
var noDSync atomic.Bool

// writeDSync writes p at off and makes it durable in one system call:
// pwritev2 with RWF_DSYNC syncs the written range as fdatasync would
// (its data and what is needed to read it back), which saves the
// separate fdatasync a commit otherwise makes. ok is false when the file
// has no descriptor (in memory) or the kernel does not take the flag;
// nothing was written then.
func writeDSync(f vfs.File, p []byte, off int64) (ok bool, err error) {
	fd := f.Fd()
	if fd == vfs.InvalidFd || noDSync.Load() {
		return false, nil
	}
	n, err := unix.Pwritev2(int(fd), [][]byte{p}, off, unix.RWF_DSYNC)
	if n == 0 && (errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EINVAL)) {
		noDSync.Store(true)
		return false, nil
	}
	if err == nil && n < len(p) {
		// What was written is synced; the rest takes the usual way.
		if _, err = f.WriteAt(p[n:], off+int64(n)); err == nil {
			err = f.SyncData()
		}
	}
	return true, err
}
