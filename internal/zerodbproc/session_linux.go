package zerodbproc

import "syscall"

// serverAttr runs the server in a session of its own, as pg_ctl starts
// PostgreSQL (the postmaster calls setsid). With the kernel's autogroup
// scheduling each session shares CPU time as one group, so a server left
// in the benchmark's session would share one group's time with the
// benchmark's clients while PostgreSQL has a group to itself: on a
// machine busy with other work that costs the server about half its CPU.
// The server still dies with the benchmark (Pdeathsig), which no longer
// shares its terminal's signals.
func serverAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true, Pdeathsig: syscall.SIGKILL}
}
