// Package zerodbproc builds the zerodb binary and runs it as a child
// process on a free loopback port, for the benchmark programs under
// bench/. It imports nothing of zerodb: it drives the binary the way a
// user does.
package zerodbproc
