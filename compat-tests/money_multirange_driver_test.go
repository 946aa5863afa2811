package compattests

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDriverMoneyMultirange round-trips money (as its text, pgx has no
// codec of its own for it) and int4multirange (multirange_send's frame in
// the extended modes) through pgx in every query mode.
func TestDriverMoneyMultirange(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	r := func(lo, hi int32) pgtype.Range[pgtype.Int4] {
		return pgtype.Range[pgtype.Int4]{Lower: pgtype.Int4{Int32: lo, Valid: true}, Upper: pgtype.Int4{Int32: hi, Valid: true},
			LowerType: pgtype.Inclusive, UpperType: pgtype.Exclusive, Valid: true}
	}
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_money_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id int PRIMARY KEY, m money, busy int4multirange)"); err != nil {
			t.Fatal(err)
		}
		in := pgtype.Multirange[pgtype.Range[pgtype.Int4]]{r(5, 8), r(1, 3)}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES (1, $1, $2)", "$1,234.5", in); err != nil {
			t.Fatal(err)
		}
		var m string
		var busy pgtype.Multirange[pgtype.Range[pgtype.Int4]]
		var total float64
		err := conn.QueryRow(ctx, "SELECT m, busy, m / '2'::money FROM "+table+" WHERE busy @> $1::int4", int32(6)).Scan(&m, &busy, &total)
		if err != nil {
			t.Fatal(err)
		}
		if m != "$1,234.50" || len(busy) != 2 || busy[0] != r(1, 3) || busy[1] != r(5, 8) || total != 617.25 {
			t.Errorf("got %q, %v, %v", m, busy, total)
		}
	})
}
