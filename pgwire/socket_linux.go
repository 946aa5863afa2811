package pgwire

import (
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"
)

// rawSocket reads and writes a socket with raw system calls, which the Go
// scheduler does not see, instead of the net package's, which enter and
// leave the scheduler's syscall state. Entering it is what wakes the
// runtime's monitor thread (sysmon) from its sleep on an idle server;
// awake, the monitor polls every 20 µs until every processor is idle
// again, so each statement that reached an idle server paid for a dozen
// extra thread wake-ups, about a quarter of a short query's CPU time
// (perf, bench/graph). The socket is non-blocking (the runtime's network
// poller owns it), so these calls never block: when there is nothing to
// read or no room to write they report EAGAIN and the goroutine waits in
// the network poller, deadlines included, through syscall.RawConn.
type rawSocket struct {
	net.Conn
	rc syscall.RawConn
	// woke, when set, is told each time a read found its data only after
	// waiting in the network poller, and reports whether another
	// connection did so too just before (see Read).
	woke func() bool
}

// fastSocket returns nc with raw-syscall reads and writes when it is a
// socket, else nc itself.
func fastSocket(nc net.Conn, woke func() bool) net.Conn {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nc
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nc
	}
	return &rawSocket{Conn: nc, rc: rc, woke: woke}
}

func (s *rawSocket) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var errno syscall.Errno
	waited := false
	err := s.rc.Read(func(fd uintptr) bool {
		for {
			r, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
			switch e {
			case syscall.EINTR:
				continue
			case syscall.EAGAIN:
				waited = true
				return false
			}
			n, errno = int(r), e
			return true
		}
	})
	if err == nil && errno != 0 {
		err = os.NewSyscallError("read", errno)
	}
	if err != nil {
		return 0, s.opError("read", err)
	}
	if n == 0 {
		return 0, io.EOF
	}
	if waited && s.woke != nil && s.woke() {
		// The goroutine waited in the network poller, so the thread that
		// woke it most likely left epoll_wait to run it, and no thread
		// polls the network until a goroutine parks again: while clients
		// keep several connections busy, a request on another one waits
		// meanwhile with a CPU idle (pgbench -c 2 on two cores left a
		// fifth of the CPU idle). Starting a goroutine makes the runtime
		// wake an idle processor's thread, which ends up polling. Only
		// then: with one busy connection the extra wake-up costs about
		// 20 µs of CPU per query and buys nothing.
		go func() {}()
	}
	return n, nil
}

func (s *rawSocket) Write(p []byte) (int, error) {
	var n int
	var errno syscall.Errno
	err := s.rc.Write(func(fd uintptr) bool {
		for n < len(p) {
			r, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[n])), uintptr(len(p)-n))
			switch e {
			case 0:
				n += int(r)
			case syscall.EINTR:
			case syscall.EAGAIN:
				return false
			default:
				errno = e
				return true
			}
		}
		return true
	})
	if err == nil && errno != 0 {
		err = os.NewSyscallError("write", errno)
	}
	if err != nil {
		return n, s.opError("write", err)
	}
	return n, nil
}

// opError wraps err the way the net package does, so that errors.Is finds
// io.EOF, net.ErrClosed or os.ErrDeadlineExceeded as it would there.
func (s *rawSocket) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: s.LocalAddr().Network(), Source: s.LocalAddr(), Addr: s.RemoteAddr(), Err: err}
}
