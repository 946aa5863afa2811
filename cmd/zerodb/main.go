// Command zerodb is the zerodb server and its tools.
//
//	zerodb start [flags]   run the server
//	zerodb version         print the version
//
// The binary wires everything together: it may import every package of
// the project; nothing imports it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/session"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "start":
		if err := start(args[1:], stdout, stderr); err != nil {
			fmt.Fprintln(stderr, "zerodb:", err)
			return 1
		}
		return 0
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "zerodb", version)
		return 0
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "zerodb: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

// reserveSyscallProcessor runs the server with one Go processor more
// than the runtime would use (one per CPU, or the container's quota),
// unless $GOMAXPROCS chose the number. A commit waits in a system call
// for the disk (the log's write-and-sync); while it does, the scheduler
// takes its processor away to give to another goroutine once every
// other processor is busy, which costs thread wake-ups on both sides
// and keeps the runtime's monitor thread polling every 20 µs. With a
// spare processor that hand-off is rarely needed: pgbench's TPC-B-like
// with two clients on two CPUs ran 20-35% more transactions a second,
// at 10-15% less server CPU each, and select-only was unchanged. Work
// that splits itself across processors counts CPUs, not processors
// (exec's parallel aggregate).
func reserveSyscallProcessor() {
	if os.Getenv("GOMAXPROCS") != "" {
		return
	}
	runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + 1)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: zerodb <command> [flags]

commands:
  start     run the server (zerodb start --help for flags)
  version   print the version
`)
}

type startConfig struct {
	listen       string
	unixDirs     string
	dataDir      string
	memory       bool
	tlsCert      string
	tlsKey       string
	rootPassword string
	logLevel     string
	pprofListen  string
	graphCacheMB int64
	blockCacheMB int64
	// plaintext: passwords may be exchanged on unencrypted non-loopback
	// connections.
	plaintext bool
}

func start(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("start", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg startConfig
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:5433", "address to listen on for PostgreSQL clients")
	fs.StringVar(&cfg.unixDirs, "unix-socket-dir", "", "directories, comma-separated, in which to listen on a Unix socket too, named as psql looks for it (psql -h DIR); the port is --listen's (off when empty)")
	fs.StringVar(&cfg.dataDir, "data", "./zerodb-data", "data directory (Pebble on disk)")
	fs.BoolVar(&cfg.memory, "memory", false, "keep all data in memory (nothing is written to disk)")
	fs.StringVar(&cfg.tlsCert, "tls-cert", "", "TLS certificate file (PEM)")
	fs.StringVar(&cfg.tlsKey, "tls-key", "", "TLS private key file (PEM)")
	fs.StringVar(&cfg.rootPassword, "root-password", "", "password of the root user (default: $ZERODB_ROOT_PASSWORD; generated and printed on first start)")
	fs.StringVar(&cfg.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.BoolVar(&cfg.plaintext, "allow-plaintext-passwords", false, "let clients on other hosts authenticate without TLS (by default only TLS and loopback connections may)")
	fs.Int64Var(&cfg.graphCacheMB, "graph-cache-mb", 256, "memory for the adjacency cache graph traversals share, in MiB (0: off; a million edges take about 115)")
	fs.Int64Var(&cfg.blockCacheMB, "block-cache-mb", 256, "memory for the store's cache of table blocks, in MiB, PostgreSQL's shared_buffers in effect (at least 1)")
	fs.StringVar(&cfg.pprofListen, "pprof-listen", "", "serve Go's net/http/pprof profiles on this address (off when empty)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	reserveSyscallProcessor()
	if cfg.rootPassword == "" {
		cfg.rootPassword = os.Getenv("ZERODB_ROOT_PASSWORD")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	graphCache := cfg.graphCacheMB << 20
	if cfg.graphCacheMB <= 0 {
		graphCache = -1 // session.Options: negative is off
	}
	if cfg.blockCacheMB < 1 {
		return fmt.Errorf("--block-cache-mb must be at least 1, not %d", cfg.blockCacheMB)
	}
	// Listening comes first, so that the settings show the port and
	// sockets the server took (--listen :0 picks a port).
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return err
	}
	unixLns, err := listenUnix(ctx, cfg.unixDirs, ln.Addr())
	if err != nil {
		_ = ln.Close()
		return err
	}
	lns := append([]net.Listener{ln}, unixLns...)
	db, err := session.Open(ctx, session.Options{Dir: cfg.dataDir, Memory: cfg.memory, Logger: logger,
		GraphCacheBytes: graphCache, BlockCacheBytes: cfg.blockCacheMB << 20,
		ServerSettings: serverSettings(ln.Addr(), unixLns)})
	if err != nil {
		for _, l := range lns {
			_ = l.Close()
		}
		return err
	}
	defer func() {
		if err := db.Close(); err != nil {
			logger.Error("closing the store", "err", err)
		}
	}()
	generated, err := db.EnsureRootUser(ctx, cfg.rootPassword)
	if err != nil {
		return fmt.Errorf("root user: %w", err)
	}
	if generated != "" {
		// Printed once: only the SCRAM verifier is stored.
		fmt.Fprintf(stdout, "generated password for user root: %s\n(store it now: it is not shown again; set ZERODB_ROOT_PASSWORD or --root-password to choose one)\n", generated)
	}

	if cfg.pprofListen != "" {
		if err := servePprof(ctx, cfg.pprofListen, logger); err != nil {
			return err
		}
	}
	tlsConfig, err := loadTLS(cfg.tlsCert, cfg.tlsKey)
	if err != nil {
		return err
	}
	srv := pgwire.NewServer(pgwire.Config{TLSConfig: tlsConfig, AllowPlaintextPasswords: cfg.plaintext}, db, logger)
	where := cfg.dataDir
	if cfg.memory {
		where = "memory"
	}
	logger.Info("zerodb started", "version", version, "listen", ln.Addr().String(), "data", where)
	// The line tests and scripts wait for.
	fmt.Fprintf(stdout, "zerodb listening on %s\n", ln.Addr().String())
	for _, u := range unixLns {
		logger.Info("listening on a Unix socket", "path", u.Addr().String())
		fmt.Fprintf(stdout, "zerodb Unix socket at %s\n", u.Addr().String())
	}

	errc := make(chan error, len(lns))
	for _, l := range lns {
		go func() { errc <- srv.Serve(ctx, l) }()
	}
	select {
	case err := <-errc:
		// One listener failing ends the server: the others close with it.
		for _, l := range lns {
			_ = l.Close()
		}
		_ = srv.Shutdown(context.Background())
		for range len(lns) - 1 {
			<-errc
		}
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Warn("shutdown", "err", err)
	}
	for range lns {
		<-errc
	}
	return nil
}

// serverSettings are the settings SHOW port, listen_addresses and
// unix_socket_directories report: where the server listens.
func serverSettings(tcp net.Addr, unix []net.Listener) map[string]string {
	m := map[string]string{}
	if a, ok := tcp.(*net.TCPAddr); ok {
		m["port"] = strconv.Itoa(a.Port)
		host := a.IP.String()
		if a.IP.IsUnspecified() {
			host = "*"
		}
		m["listen_addresses"] = host
	}
	dirs := make([]string, len(unix))
	for i, l := range unix {
		dirs[i] = filepath.Dir(l.Addr().String())
	}
	m["unix_socket_directories"] = strings.Join(dirs, ", ")
	return m
}

// listenUnix opens a Unix socket in each of the comma-separated dirs, on
// the port of the TCP listener's address (so --listen :0 gives both the
// same port).
func listenUnix(ctx context.Context, dirs string, tcp net.Addr) ([]net.Listener, error) {
	if strings.TrimSpace(dirs) == "" {
		return nil, nil
	}
	a, ok := tcp.(*net.TCPAddr)
	if !ok {
		return nil, fmt.Errorf("--unix-socket-dir: no TCP port in %s", tcp)
	}
	var lns []net.Listener
	for _, dir := range strings.Split(dirs, ",") {
		dir = strings.TrimSpace(dir)
		if dir == "" {
			continue
		}
		l, err := pgwire.ListenUnix(ctx, dir, a.Port)
		if err != nil {
			for _, l := range lns {
				_ = l.Close()
			}
			return nil, fmt.Errorf("--unix-socket-dir: %w", err)
		}
		lns = append(lns, l)
	}
	return lns, nil
}
