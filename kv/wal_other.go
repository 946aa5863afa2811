//go:build !linux

package kv

import "github.com/cockroachdb/pebble/vfs"

// writeDSync reports that the platform has no single write-and-sync call
// the log uses; the caller writes and syncs separately.
func writeDSync(f vfs.File, parts [][]byte, off int64, raw bool) (ok bool, err error) {
	return false, nil
}
