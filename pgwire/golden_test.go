package pgwire_test

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/zerodb/zerodb/pgwire"
)

var update = flag.Bool("update", false, "rewrite the expected output of the golden files in testdata/wire")

// TestWireGolden runs the scripts in testdata/wire: message sequences in,
// message sequences out, one message a line, against a fake session on a
// connection after a real start-up.
//
// A script is blocks separated by blank lines. A block has comments (#),
// then inputs, then the expected outputs:
//
//	B <message>   the client sends a message to the backend; consecutive
//	              B lines go out in one write, as a pipelining client
//	              sends them
//	-- <action>   wait block: wait until the session runs "block";
//	              cancel: send a CancelRequest on a second connection;
//	              hangup: close the client's socket, wait until the
//	              session is closed
//	F <message>   the server sends a message to the frontend (F EOF: the
//	              server closed the connection)
//	S <call>      the session was called (recorded by the fake session)
//
// A block is checked by reading as many messages as it expects; one that
// expects none checks that nothing arrives for a while (nothing is
// flushed). After the last block the client sends Terminate and expects
// nothing but the end of the connection. With -update the outputs are
// rewritten from what the server does: each block reads until the end of
// the connection or a pause of 300ms.
//
// Messages are written like `B Parse name="" query="select $1"
// params=[23]`: the pgproto3 type name, then fields as key=value, values
// being Go-quoted strings, integers, or lists of them in brackets (NULL
// for a null value). `B Raw bytes="..."` sends bytes as they are.
func TestWireGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "wire", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files in testdata/wire")
	}
	for _, file := range files {
		// Not parallel: startServer's goroutine check counts them all.
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			runGoldenFile(t, file)
		})
	}
}

type goldenBlock struct {
	head    []string // comments and inputs, in order
	outputs []string // F and S lines
}

func parseGolden(t *testing.T, text string) []goldenBlock {
	t.Helper()
	var blocks []goldenBlock
	var cur *goldenBlock
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" {
			cur = nil
			continue
		}
		if cur == nil {
			blocks = append(blocks, goldenBlock{})
			cur = &blocks[len(blocks)-1]
		}
		switch {
		case strings.HasPrefix(line, "F ") || strings.HasPrefix(line, "S "):
			cur.outputs = append(cur.outputs, line)
		case strings.HasPrefix(line, "#") || strings.HasPrefix(line, "B ") || strings.HasPrefix(line, "-- "):
			if len(cur.outputs) > 0 {
				t.Fatalf("line %d: %q after the outputs of its block (a blank line starts a new block)", i+1, line)
			}
			cur.head = append(cur.head, line)
		default:
			t.Fatalf("line %d: cannot read %q", i+1, line)
		}
	}
	return blocks
}

func formatGolden(blocks []goldenBlock) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, l := range bl.head {
			b.WriteString(l + "\n")
		}
		for _, l := range bl.outputs {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// goldenConn is the client side of a golden script.
type goldenConn struct {
	t      *testing.T
	s      *testServer
	sess   *fakeSession
	nc     net.Conn
	fe     *pgproto3.Frontend
	pid    uint32
	secret []byte
	closed bool // hung up, or the server closed
}

func runGoldenFile(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	blocks := parseGolden(t, string(data))

	s := startServer(t, pgwire.Config{})
	s.backend.record.Store(true)
	c, err := s.tryConnect(testUser, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	g := &goldenConn{t: t, s: s, sess: s.backend.lastSession(t), pid: c.PID(), secret: c.SecretKey()}
	h, err := c.Hijack()
	if err != nil {
		t.Fatal(err)
	}
	g.nc, g.fe = h.Conn, h.Frontend
	t.Cleanup(func() { _ = g.nc.Close() })

	for i := range blocks {
		bl := &blocks[i]
		got := g.run(bl)
		if *update {
			bl.outputs = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(bl.outputs, "\n") {
			t.Fatalf("%s: block %d:\n%s\ngot:\n%s\nwant:\n%s", file, i+1,
				strings.Join(bl.head, "\n"), strings.Join(got, "\n"), strings.Join(bl.outputs, "\n"))
		}
	}
	if *update {
		if err := os.WriteFile(file, []byte(formatGolden(blocks)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g.finish()
}

// run sends a block's inputs and returns its outputs.
func (g *goldenConn) run(bl *goldenBlock) []string {
	t := g.t
	var pending []byte
	send := func() {
		if len(pending) == 0 {
			return
		}
		_ = g.nc.SetWriteDeadline(time.Now().Add(5 * time.Second))
		if _, err := g.nc.Write(pending); err != nil {
			t.Fatalf("write: %v", err)
		}
		pending = pending[:0]
	}
	for _, line := range bl.head {
		switch {
		case strings.HasPrefix(line, "B "):
			b, err := encodeGolden(line[2:])
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			pending = append(pending, b...)
		case strings.HasPrefix(line, "-- "):
			send()
			g.action(strings.TrimSpace(line[3:]))
		}
	}
	send()

	var out []string
	if !g.closed {
		out = g.receive(bl)
	}
	for _, ev := range g.sess.takeEvents() {
		out = append(out, "S "+ev)
	}
	return out
}

func (g *goldenConn) action(a string) {
	t := g.t
	switch a {
	case "wait block":
		select {
		case <-g.sess.started:
		case <-time.After(5 * time.Second):
			t.Fatal("the session did not start a block statement")
		}
	case "cancel":
		nc, err := net.DialTimeout("tcp", g.s.addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		b := binary.BigEndian.AppendUint32(nil, 16)
		b = binary.BigEndian.AppendUint32(b, 1234<<16|5678)
		b = binary.BigEndian.AppendUint32(b, g.pid)
		b = append(b, g.secret...)
		_ = nc.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := nc.Write(b); err != nil {
			t.Fatal(err)
		}
		// The server closes the connection once it has passed the
		// cancel on.
		if n, err := nc.Read(make([]byte, 1)); n != 0 || !errors.Is(err, io.EOF) {
			t.Fatalf("after CancelRequest: read %d bytes, %v", n, err)
		}
	case "hangup":
		_ = g.nc.Close()
		g.closed = true
		select {
		case <-g.sess.closed:
		case <-time.After(5 * time.Second):
			t.Fatal("the session was not closed after the client hung up")
		}
	default:
		t.Fatalf("unknown action %q", a)
	}
}

// receive reads a block's messages: as many as expected, or (with
// -update) up to the end or a pause.
func (g *goldenConn) receive(bl *goldenBlock) []string {
	want := 0
	for _, l := range bl.outputs {
		if strings.HasPrefix(l, "F ") {
			want++
		}
	}
	var out []string
	if !*update && want == 0 {
		// Nothing may arrive: nothing was flushed.
		if m, err := g.next(150 * time.Millisecond); err == nil {
			out = append(out, "F "+formatBackend(m))
		} else if !isTimeout(err) {
			out = append(out, "F EOF")
			g.closed = true
		}
		return out
	}
	for *update || len(out) < want {
		wait := 5 * time.Second
		if *update {
			wait = 300 * time.Millisecond
		}
		m, err := g.next(wait)
		if err != nil {
			if isTimeout(err) {
				if *update {
					return out
				}
				g.t.Fatalf("timed out waiting for message %d of %d; got so far:\n%s", len(out)+1, want, strings.Join(out, "\n"))
			}
			g.closed = true
			return append(out, "F EOF")
		}
		out = append(out, "F "+formatBackend(m))
	}
	return out
}

func (g *goldenConn) next(wait time.Duration) (pgproto3.BackendMessage, error) {
	_ = g.nc.SetReadDeadline(time.Now().Add(wait))
	return g.fe.Receive()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// finish says goodbye and checks that nothing else was sent.
func (g *goldenConn) finish() {
	if g.closed {
		return
	}
	b, _ := (&pgproto3.Terminate{}).Encode(nil)
	_ = g.nc.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := g.nc.Write(b); err != nil {
		g.t.Fatalf("write Terminate: %v", err)
	}
	var extra []string
	for {
		m, err := g.next(5 * time.Second)
		if err != nil {
			if isTimeout(err) {
				g.t.Fatal("the server did not close the connection after Terminate")
			}
			break
		}
		extra = append(extra, formatBackend(m))
	}
	if len(extra) > 0 {
		g.t.Fatalf("messages after the last block:\n%s", strings.Join(extra, "\n"))
	}
}

// formatBackend renders a backend message as a golden line (without the
// "F ").
func formatBackend(m pgproto3.BackendMessage) string {
	switch m := m.(type) {
	case *pgproto3.ParseComplete:
		return "ParseComplete"
	case *pgproto3.BindComplete:
		return "BindComplete"
	case *pgproto3.CloseComplete:
		return "CloseComplete"
	case *pgproto3.NoData:
		return "NoData"
	case *pgproto3.PortalSuspended:
		return "PortalSuspended"
	case *pgproto3.EmptyQueryResponse:
		return "EmptyQueryResponse"
	case *pgproto3.CopyDone:
		return "CopyDone"
	case *pgproto3.ParameterDescription:
		return "ParameterDescription types=" + formatList(m.ParameterOIDs)
	case *pgproto3.RowDescription:
		var b strings.Builder
		b.WriteString("RowDescription fields=[")
		for i, f := range m.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{%q", f.Name)
			if f.TableOID != 0 || f.TableAttributeNumber != 0 {
				fmt.Fprintf(&b, " table=%d attr=%d", f.TableOID, f.TableAttributeNumber)
			}
			fmt.Fprintf(&b, " type=%d size=%d mod=%d format=%d}", f.DataTypeOID, f.DataTypeSize, f.TypeModifier, f.Format)
		}
		b.WriteByte(']')
		return b.String()
	case *pgproto3.DataRow:
		return "DataRow values=" + quoteValues(m.Values)
	case *pgproto3.CommandComplete:
		return fmt.Sprintf("CommandComplete tag=%q", m.CommandTag)
	case *pgproto3.ReadyForQuery:
		return fmt.Sprintf("ReadyForQuery status=%c", m.TxStatus)
	case *pgproto3.ErrorResponse:
		return "ErrorResponse " + formatFields(m.Severity, m.Code, m.Message, m.Detail, m.Hint, m.Position)
	case *pgproto3.NoticeResponse:
		return "NoticeResponse " + formatFields(m.Severity, m.Code, m.Message, m.Detail, m.Hint, m.Position)
	case *pgproto3.CopyInResponse:
		return fmt.Sprintf("CopyInResponse format=%d columns=%s", m.OverallFormat, formatList(m.ColumnFormatCodes))
	case *pgproto3.CopyOutResponse:
		return fmt.Sprintf("CopyOutResponse format=%d columns=%s", m.OverallFormat, formatList(m.ColumnFormatCodes))
	case *pgproto3.CopyData:
		return fmt.Sprintf("CopyData data=%q", m.Data)
	case *pgproto3.ParameterStatus:
		return fmt.Sprintf("ParameterStatus name=%q value=%q", m.Name, m.Value)
	}
	return fmt.Sprintf("%T %+v", m, m)
}

func formatFields(severity, code, message, detail, hint string, position int32) string {
	s := fmt.Sprintf("severity=%s code=%s message=%q", severity, code, message)
	if detail != "" {
		s += fmt.Sprintf(" detail=%q", detail)
	}
	if hint != "" {
		s += fmt.Sprintf(" hint=%q", hint)
	}
	if position != 0 {
		s += fmt.Sprintf(" position=%d", position)
	}
	return s
}

// encodeGolden encodes a golden input message (without the "B ").
func encodeGolden(line string) ([]byte, error) {
	name, rest, _ := strings.Cut(line, " ")
	f, err := parseGoldenFields(rest)
	if err != nil {
		return nil, err
	}
	var m pgproto3.FrontendMessage
	switch name {
	case "Parse":
		m = &pgproto3.Parse{Name: f.str("name"), Query: f.str("query"), ParameterOIDs: f.uint32s("params")}
	case "Bind":
		m = &pgproto3.Bind{DestinationPortal: f.str("portal"), PreparedStatement: f.str("stmt"),
			ParameterFormatCodes: f.int16s("pformats"), Parameters: f.values("params"), ResultFormatCodes: f.int16s("rformats")}
	case "Describe":
		typ, n := f.target()
		m = &pgproto3.Describe{ObjectType: typ, Name: n}
	case "Close":
		typ, n := f.target()
		m = &pgproto3.Close{ObjectType: typ, Name: n}
	case "Execute":
		m = &pgproto3.Execute{Portal: f.str("portal"), MaxRows: uint32(f.int("max"))}
	case "Sync":
		m = &pgproto3.Sync{}
	case "Flush":
		m = &pgproto3.Flush{}
	case "Terminate":
		m = &pgproto3.Terminate{}
	case "Query":
		m = &pgproto3.Query{String: f.str("query")}
	case "CopyData":
		m = &pgproto3.CopyData{Data: []byte(f.str("data"))}
	case "CopyDone":
		m = &pgproto3.CopyDone{}
	case "CopyFail":
		m = &pgproto3.CopyFail{Message: f.str("message")}
	case "Raw":
		return []byte(f.str("bytes")), f.err
	default:
		return nil, fmt.Errorf("unknown message %q", name)
	}
	if f.err != nil {
		return nil, f.err
	}
	return m.Encode(nil)
}

// goldenFields are the key=value fields of an input line. A value is a
// string, an int, or a list ([]any of strings, ints and nil).
type goldenFields struct {
	m   map[string]any
	err error
}

func (f *goldenFields) get(key string) (any, bool) {
	v, ok := f.m[key]
	return v, ok
}

func (f *goldenFields) str(key string) string {
	v, ok := f.get(key)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok && f.err == nil {
		f.err = fmt.Errorf("%s: want a string", key)
	}
	return s
}

func (f *goldenFields) int(key string) int {
	v, ok := f.get(key)
	if !ok {
		return 0
	}
	n, ok := v.(int)
	if !ok && f.err == nil {
		f.err = fmt.Errorf("%s: want an integer", key)
	}
	return n
}

func (f *goldenFields) list(key string) []any {
	v, ok := f.get(key)
	if !ok {
		return nil
	}
	l, ok := v.([]any)
	if !ok && f.err == nil {
		f.err = fmt.Errorf("%s: want a list", key)
	}
	return l
}

func (f *goldenFields) uint32s(key string) []uint32 {
	var out []uint32
	for _, v := range f.list(key) {
		n, _ := v.(int)
		out = append(out, uint32(n))
	}
	return out
}

func (f *goldenFields) int16s(key string) []int16 {
	var out []int16
	for _, v := range f.list(key) {
		n, _ := v.(int)
		out = append(out, int16(n))
	}
	return out
}

func (f *goldenFields) values(key string) [][]byte {
	var out [][]byte
	for _, v := range f.list(key) {
		switch v := v.(type) {
		case nil:
			out = append(out, nil)
		case string:
			out = append(out, []byte(v))
		default:
			if f.err == nil {
				f.err = fmt.Errorf("%s: want strings or NULL", key)
			}
		}
	}
	return out
}

// target reads statement="name" or portal="name" (Describe, Close).
func (f *goldenFields) target() (byte, string) {
	if _, ok := f.get("statement"); ok {
		return 'S', f.str("statement")
	}
	if _, ok := f.get("portal"); ok {
		return 'P', f.str("portal")
	}
	if f.err == nil {
		f.err = errors.New("want statement= or portal=")
	}
	return 0, ""
}

func parseGoldenFields(s string) (*goldenFields, error) {
	f := &goldenFields{m: make(map[string]any)}
	for {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return f, nil
		}
		key, rest, ok := strings.Cut(s, "=")
		if !ok || key == "" || strings.ContainsAny(key, " \"[") {
			return nil, fmt.Errorf("want key=value at %q", s)
		}
		v, rest, err := parseGoldenValue(rest)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		f.m[key] = v
		s = rest
	}
}

func parseGoldenValue(s string) (any, string, error) {
	switch {
	case strings.HasPrefix(s, `"`):
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, "", err
		}
		v, err := strconv.Unquote(q)
		return v, s[len(q):], err
	case strings.HasPrefix(s, "NULL"):
		return nil, s[len("NULL"):], nil
	case strings.HasPrefix(s, "["):
		s = s[1:]
		list := []any{}
		for {
			s = strings.TrimLeft(s, " ,")
			if strings.HasPrefix(s, "]") {
				return list, s[1:], nil
			}
			if s == "" {
				return nil, "", errors.New("unterminated list")
			}
			v, rest, err := parseGoldenValue(s)
			if err != nil {
				return nil, "", err
			}
			list = append(list, v)
			s = rest
		}
	}
	end := strings.IndexAny(s, " ,]")
	if end < 0 {
		end = len(s)
	}
	n, err := strconv.Atoi(s[:end])
	if err != nil {
		return nil, "", fmt.Errorf("want a string, an integer, NULL or a list at %q", s)
	}
	return n, s[end:], nil
}
