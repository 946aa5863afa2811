package compattests

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestBrokenWireMessages sends malformed protocol data to the real server
// and checks that each connection is refused cleanly while the server keeps
// serving well-behaved clients.
func TestBrokenWireMessages(t *testing.T) {
	s := startServer(t, "")
	startup := func(params ...string) []byte {
		body := binary.BigEndian.AppendUint32(nil, 196608) // protocol 3.0
		for _, p := range params {
			body = append(append(body, p...), 0)
		}
		body = append(body, 0)
		return append(binary.BigEndian.AppendUint32(nil, uint32(len(body)+4)), body...)
	}
	cases := map[string][]byte{
		"garbage":           []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
		"huge length":       {0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0},
		"short length":      {0, 0, 0, 2},
		"bad protocol":      {0, 0, 0, 8, 0, 9, 0, 0},
		"truncated startup": startup("user", "root")[:10],
		"unterminated":      append(startup("user", "root")[:8], "user\x00ro"...),
		"no user":           startup("database", "main"),
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := net.DialTimeout("tcp", s.addr, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := c.Write(msg); err != nil {
				t.Fatal(err)
			}
			if tc, ok := c.(*net.TCPConn); ok && (name == "truncated startup" || name == "unterminated") {
				// The server waits for the rest of a message; our half-close
				// tells it none is coming.
				_ = tc.CloseWrite()
			}
			// The server answers (an ErrorResponse) or just closes; it must
			// not hang and must close the connection.
			if _, err := io.ReadAll(c); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					t.Fatalf("server did not close the connection: %v", err)
				}
			}
		})
	}
	// A well-behaved client is still served.
	conn := connect(t, s, "main")
	var one int
	if err := conn.QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("server stopped serving: %v", err)
	}
}

// TestDeeplyNestedStatements sends statements nested deeply enough to
// overflow the SQL parser's C stack, which would take the whole server
// down: each must be answered with PostgreSQL's 54001 (stack depth limit
// exceeded), through the simple and the extended protocol, and the
// server must go on serving.
func TestDeeplyNestedStatements(t *testing.T) {
	s := startServer(t, "")
	conn := connect(t, s, "main")
	ctx := context.Background()
	for _, q := range []string{
		"SELECT " + strings.Repeat("1+", 100000) + "1",
		"SELECT " + strings.Repeat("'a'||", 50000) + "'a'",
		strings.Repeat("SELECT 1 UNION ", 40000) + "SELECT 1",
		"SELECT 1" + strings.Repeat("::int", 40000),
		"SELECT " + strings.Repeat("+", 100000) + "1",
	} {
		for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeDescribeExec} {
			_, err := conn.Exec(ctx, q, mode)
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || pe.Code != "54001" {
				t.Fatalf("%.40s… (%v): got %v, want 54001", q, mode, err)
			}
		}
	}
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("server stopped serving: %v", err)
	}
}
