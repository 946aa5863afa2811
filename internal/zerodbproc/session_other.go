//go:build !linux

package zerodbproc

import "syscall"

// serverAttr: see session_linux.go; elsewhere the server stays in the
// benchmark's session.
func serverAttr() *syscall.SysProcAttr { return nil }
