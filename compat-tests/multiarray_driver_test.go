package compattests

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDriverPgxMultiArrays round-trips arrays of two and three
// dimensions, and one with lower bounds other than 1, through pgx's
// parameters and results in every query mode (binary array_recv and
// array_send in the extended protocol, text in the simple one).
func TestDriverPgxMultiArrays(t *testing.T) {
	ctx := context.Background()
	eachPgxTable(t, "drv_pgx_md_", "(id int8 PRIMARY KEY, im int4[][], tm text[], cube int8[])", func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode, table string) {
		im := [][]int32{{1, 2, 3}, {4, 5, 6}}
		text := pgtype.Array[pgtype.Text]{
			Elements: []pgtype.Text{{String: "a", Valid: true}, {String: "b c", Valid: true}, {String: `q"uote`, Valid: true}, {}},
			Dims:     []pgtype.ArrayDimension{{Length: 2, LowerBound: 0}, {Length: 2, LowerBound: 5}},
			Valid:    true,
		}
		// pgx reads nested Go slices of three dimensions wrongly (from
		// PostgreSQL too), so the cube is a flat pgtype.Array.
		cube := pgtype.Array[int64]{Elements: []int64{1, 2, 3, 4, 5, 6, 7, 8},
			Dims: []pgtype.ArrayDimension{{Length: 2, LowerBound: 1}, {Length: 2, LowerBound: 1}, {Length: 2, LowerBound: 1}}, Valid: true}
		args := []any{int64(1), im, text, cube}
		if mode == pgx.QueryExecModeExec || mode == pgx.QueryExecModeSimpleProtocol {
			// Without the parameters' types pgx has no text form of a
			// Go array: send PostgreSQL's.
			args = []any{int64(1), "{{1,2,3},{4,5,6}}", `[0:1][5:6]={{a,"b c"},{"q\"uote",NULL}}`, "{{{1,2},{3,4}},{{5,6},{7,8}}}"}
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3, $4)", args...); err != nil {
			t.Fatal(err)
		}
		var (
			gotIM   [][]int32
			gotText pgtype.Array[pgtype.Text]
			gotCube pgtype.Array[int64]
			dims    string
		)
		err := conn.QueryRow(ctx, "SELECT im, tm, cube, array_dims(tm) FROM "+table+" WHERE id = $1 AND im = $2", int64(1), args[1]).
			Scan(&gotIM, &gotText, &gotCube, &dims)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotIM, im) || !reflect.DeepEqual(gotCube, cube) {
			t.Errorf("got %v and %v, want %v and %v", gotIM, gotCube, im, cube)
		}
		if !reflect.DeepEqual(gotText, text) || dims != "[0:1][5:6]" {
			t.Errorf("text[] with bounds: got %+v (%s), want %+v", gotText, dims, text)
		}
	})
}

// eachPgxTable runs test per pgx query mode on a server of its own, each
// with a table of the columns named prefix and the mode.
func eachPgxTable(t *testing.T, prefix, columns string, test func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode, table string)) {
	eachPgxMode(t, startServer(t, ""), func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := prefix + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(context.Background(), "CREATE TABLE "+table+" "+columns); err != nil {
			t.Fatal(err)
		}
		test(t, conn, mode, table)
	})
}
