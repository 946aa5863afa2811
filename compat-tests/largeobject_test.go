package compattests

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestPsqlLargeObjects: psql's \lo_import, \lo_list, \lo_export and
// \lo_unlink, which run libpq's lo_* functions over the FunctionCall
// message, round-trip a file of several pages.
func TestPsqlLargeObjects(t *testing.T) {
	s := startServer(t, "")
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.bin"), filepath.Join(dir, "out.bin")
	data := make([]byte, 100_000)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(cmd string) string {
		t.Helper()
		stdout, stderr, err := psql(t, s, "main", "-A", "-t", "-c", cmd)
		if err != nil {
			t.Fatalf("%s: %v\n%s", cmd, err, stderr)
		}
		return strings.TrimSpace(stdout)
	}
	got := run(`\lo_import '` + in + `' 'the upload'`)
	oid, ok := strings.CutPrefix(got, "lo_import ")
	if !ok {
		t.Fatalf(`\lo_import said %q`, got)
	}
	if got := run(`\lo_list`); !strings.Contains(got, oid+"|root|the upload") {
		t.Fatalf(`\lo_list: %q does not list %s`, got, oid)
	}
	run(`\lo_export ` + oid + ` '` + out + `'`)
	back, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(back, data) {
		t.Fatalf("exported %d bytes (%v), want the %d imported", len(back), err, len(data))
	}
	if got := run(`\lo_unlink ` + oid); got != "lo_unlink "+oid {
		t.Fatalf(`\lo_unlink said %q`, got)
	}
	if got := run("SELECT count(*) FROM pg_largeobject_metadata WHERE oid = " + oid); got != "0" {
		t.Fatalf("after unlink: %s objects", got)
	}
	// A descriptor does not outlive its transaction.
	stdout, stderr, err := psql(t, s, "main", "-c", "SELECT lo_open("+strings.TrimPrefix(run(`\lo_import '`+in+`'`), "lo_import ")+", 262144)", "-c", "SELECT loread(0, 1)")
	if err == nil || !strings.Contains(stderr, "invalid large-object descriptor: 0") {
		t.Fatalf("loread after the transaction: %v\n%s\n%s", err, stdout, stderr)
	}
}

// TestPgxLargeObjects: pgx's LargeObjects API (lo_create, lo_open,
// lowrite, loread, lo_lseek64, lo_tell64, lo_truncate64, lo_close,
// lo_unlink over the extended protocol) inside one transaction.
func TestPgxLargeObjects(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := startServer(t, "")
	conn := pgxConnect(ctx, t, s.url("main"))
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	los := tx.LargeObjects()
	oid, err := los.Create(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	lo, err := los.Open(ctx, oid, pgx.LargeObjectModeRead|pgx.LargeObjectModeWrite)
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("0123456789"), 1000)
	if n, err := lo.Write(data); err != nil || n != len(data) {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if pos, err := lo.Seek(5000, io.SeekStart); err != nil || pos != 5000 {
		t.Fatalf("Seek = %d, %v", pos, err)
	}
	buf := make([]byte, 10)
	if n, err := io.ReadFull(lo, buf); err != nil || string(buf[:n]) != "0123456789" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	if pos, err := lo.Tell(); err != nil || pos != 5010 {
		t.Fatalf("Tell = %d, %v", pos, err)
	}
	if err := lo.Truncate(20); err != nil {
		t.Fatal(err)
	}
	if _, err := lo.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(lo)
	if err != nil || string(all) != strings.Repeat("0123456789", 2) {
		t.Fatalf("ReadAll = %q, %v", all, err)
	}
	if err := lo.Close(); err != nil {
		t.Fatal(err)
	}
	if err := los.Unlink(ctx, oid); err != nil {
		t.Fatal(err)
	}
	_, err = los.Open(ctx, oid, pgx.LargeObjectModeRead)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42704" {
		t.Fatalf("Open of an unlinked object: %v, want 42704", err)
	}
}

// TestPgxOidColumn: a table column of type oid holds a large object's
// reference, as in PostgreSQL's manual (and Hibernate's @Lob mapping).
// pgx sends and reads the column's values in oid's binary form, four
// unsigned bytes.
func TestPgxOidColumn(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := startServer(t, "")
	conn := pgxConnect(ctx, t, s.url("main"))
	if _, err := conn.Exec(ctx, "CREATE TABLE image (name text PRIMARY KEY, raster oid)"); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	los := tx.LargeObjects()
	lo, err := los.Create(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []struct {
		name string
		oid  uint32
	}{{"picture", lo}, {"largest", 4294967295}} {
		if _, err := tx.Exec(ctx, "INSERT INTO image VALUES ($1, $2)", row.name, row.oid); err != nil {
			t.Fatalf("insert %d: %v", row.oid, err)
		}
		var got uint32
		var typ string
		if err := tx.QueryRow(ctx, "SELECT raster, pg_typeof(raster)::text FROM image WHERE name = $1", row.name).Scan(&got, &typ); err != nil {
			t.Fatal(err)
		}
		if got != row.oid || typ != "oid" {
			t.Fatalf("read back %d of type %s, want %d of type oid", got, typ, row.oid)
		}
	}
	var name string
	if err := tx.QueryRow(ctx, "SELECT i.name FROM image i JOIN pg_largeobject_metadata m ON m.oid = i.raster").Scan(&name); err != nil || name != "picture" {
		t.Fatalf("join with pg_largeobject_metadata: %q, %v", name, err)
	}
	_, err = tx.Exec(ctx, "INSERT INTO image VALUES ('too big', '4294967296')")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "22003" {
		t.Fatalf("out of range oid: %v, want 22003", err)
	}
}

// TestPgxOidCast runs casts to oid over the extended protocol: $1::oid
// is a parameter of type oid (pgx sends it as four binary bytes), and the
// result is an oid that compares with the catalogs' OID columns.
func TestPgxOidCast(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := startServer(t, "")
	conn := pgxConnect(ctx, t, s.url("main"))
	var got uint32
	var typ string
	if err := conn.QueryRow(ctx, "SELECT $1::oid, pg_typeof($1::oid)::text", uint32(4294967295)).Scan(&got, &typ); err != nil {
		t.Fatal(err)
	}
	if got != 4294967295 || typ != "oid" {
		t.Fatalf("$1::oid: %d of type %s, want 4294967295 of type oid", got, typ)
	}
	var classOid uint32
	if err := conn.QueryRow(ctx, "SELECT 'pg_class'::regclass::oid").Scan(&classOid); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := conn.QueryRow(ctx, "SELECT relname::text FROM pg_class WHERE oid = $1::oid", classOid).Scan(&name); err != nil || name != "pg_class" {
		t.Fatalf("pg_class.oid = $1::oid: %q, %v", name, err)
	}
	_, err := conn.Exec(ctx, "SELECT $1::oid + 1", uint32(1))
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42883" {
		t.Fatalf("$1::oid + 1: %v, want 42883", err)
	}
}
