//go:build !linux

package pgwire

import "net"

// fastSocket is nc itself: raw-syscall socket I/O (socket_linux.go) is
// built for Linux only.
func fastSocket(nc net.Conn, _ func() bool) net.Conn { return nc }
