package compattests

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDriverBitTypes round-trips bit(n), varbit and a varbit array
// through pgx in every query mode: binary parameters and results
// (bit_send's frame: the bit length, then the bytes) in the extended
// ones.
func TestDriverBitTypes(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_bits_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (b bit(10) PRIMARY KEY, v varbit(20), vs varbit[])"); err != nil {
			t.Fatal(err)
		}
		b := pgtype.Bits{Bytes: []byte{0xa5, 0x40}, Len: 10, Valid: true} // 1010010101
		v := pgtype.Bits{Bytes: []byte{0xe0}, Len: 3, Valid: true}        // 111
		vs := []pgtype.Bits{{Bytes: []byte{}, Len: 0, Valid: true}, {Bytes: []byte{0x80}, Len: 1, Valid: true}}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3)", b, v, vs); err != nil {
			t.Fatal(err)
		}
		var gotB, gotV pgtype.Bits
		var gotVs []pgtype.Bits
		var text string
		err := conn.QueryRow(ctx, "SELECT b, v, vs, b::text FROM "+table+" WHERE b = $1", b).Scan(&gotB, &gotV, &gotVs, &text)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotB, b) || !reflect.DeepEqual(gotV, v) || len(gotVs) != 2 || gotVs[1].Len != 1 || gotVs[1].Bytes[0] != 0x80 || text != "1010010101" {
			t.Errorf("got %v, %v, %v, %q", gotB, gotV, gotVs, text)
		}
		var and pgtype.Bits
		if err := conn.QueryRow(ctx, "SELECT b & $1 FROM "+table, pgtype.Bits{Bytes: []byte{0xff, 0x00}, Len: 10, Valid: true}).Scan(&and); err != nil || and.Len != 10 || and.Bytes[0] != 0xa5 || and.Bytes[1] != 0 {
			t.Errorf("&: %v, %v", and, err)
		}
		// An explicit cast of a parameter pads it, as of a literal.
		var padded string
		if err := conn.QueryRow(ctx, "SELECT $1::bit(3)::text", "10").Scan(&padded); err != nil || padded != "100" {
			t.Errorf("$1::bit(3): %q, %v", padded, err)
		}
		// A parameter of the wrong length for bit(10) is 22026, as
		// PostgreSQL's bit_recv.
		_, err = conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1)", pgtype.Bits{Bytes: []byte{0x80}, Len: 1, Valid: true})
		if err == nil || !strings.Contains(err.Error(), "22026") {
			t.Errorf("short bit(10): %v", err)
		}
	})
}
