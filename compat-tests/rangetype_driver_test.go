package compattests

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDriverPgxRangeTypes round-trips a range type of one's own
// (CREATE TYPE ... AS RANGE), its multirange and its array through pgx
// in every query mode: pgx's LoadType reads pg_type and pg_range to
// register them, and then sends and reads them in binary format (the
// subtype's binary form inside range_send's frame) where its mode does.
func TestDriverPgxRangeTypes(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	r := func(lo, hi float64) pgtype.Range[pgtype.Float8] {
		return pgtype.Range[pgtype.Float8]{Lower: pgtype.Float8{Float64: lo, Valid: true}, Upper: pgtype.Float8{Float64: hi, Valid: true},
			LowerType: pgtype.Inclusive, UpperType: pgtype.Exclusive, Valid: true}
	}
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		suffix := strings.ReplaceAll(mode.String(), " ", "_")
		typ, multi, table := "fr_"+suffix, "frm_"+suffix, "fr_t_"+suffix
		execAndLoadTypes(ctx, t, conn, []string{
			"CREATE TYPE " + typ + " AS RANGE (subtype = float8, subtype_diff = float8mi, multirange_type_name = " + multi + ")",
			"CREATE TABLE " + table + " (id int PRIMARY KEY, r " + typ + ", m " + multi + ", a " + typ + "[])",
		}, typ, "_"+typ, multi)
		in := []pgtype.Range[pgtype.Float8]{r(1.5, 2.5), r(3, 4)}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES (1, $1, $2, $3)", r(1.5, 2.5),
			pgtype.Multirange[pgtype.Range[pgtype.Float8]]{r(5, 8), r(1, 3)}, in); err != nil {
			t.Fatal(err)
		}
		var got pgtype.Range[pgtype.Float8]
		var m pgtype.Multirange[pgtype.Range[pgtype.Float8]]
		var a []pgtype.Range[pgtype.Float8]
		var text string
		err := conn.QueryRow(ctx, "SELECT r, m, a, r::text FROM "+table+" WHERE r @> $1::float8", 2.0).Scan(&got, &m, &a, &text)
		if err != nil {
			t.Fatal(err)
		}
		if got != r(1.5, 2.5) || len(m) != 2 || m[0] != r(1, 3) || m[1] != r(5, 8) || len(a) != 2 || a[1] != r(3, 4) || text != "[1.5,2.5)" {
			t.Errorf("got %v, %v, %v, %q", got, m, a, text)
		}
		var lower float64
		if err := conn.QueryRow(ctx, "SELECT lower($1::"+typ+")", r(0.25, 1)).Scan(&lower); err != nil || lower != 0.25 {
			t.Errorf("lower of a parameter: %v, %v", lower, err)
		}
	})
}
