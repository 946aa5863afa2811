package compattests

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDriverGeoTypes round-trips the geometric types (and a point and a
// box array) through pgx in every query mode: binary parameters and
// results (point_send's, box_send's, path_send's, ... frames) in the
// extended ones.
func TestDriverGeoTypes(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_geo_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id int PRIMARY KEY, p point, b box, c circle, l lseg, pa path, po polygon, li line, ps point[], bs box[])"); err != nil {
			t.Fatal(err)
		}
		v := func(x, y float64) pgtype.Vec2 { return pgtype.Vec2{X: x, Y: y} }
		p := pgtype.Point{P: v(1.5, -2), Valid: true}
		b := pgtype.Box{P: [2]pgtype.Vec2{v(3, 4), v(1, 2)}, Valid: true}
		c := pgtype.Circle{P: v(1, 2), R: 3, Valid: true}
		l := pgtype.Lseg{P: [2]pgtype.Vec2{v(0, 0), v(1, 1)}, Valid: true}
		pa := pgtype.Path{P: []pgtype.Vec2{v(0, 0), v(1, 1), v(2, 0)}, Closed: false, Valid: true}
		po := pgtype.Polygon{P: []pgtype.Vec2{v(0, 0), v(0, 1), v(1, 0)}, Valid: true}
		li := pgtype.Line{A: 1, B: -1, C: 0, Valid: true}
		ps := []pgtype.Point{p, {P: v(0.1, 1e20), Valid: true}}
		bs := []pgtype.Box{b, {P: [2]pgtype.Vec2{v(1, 1), v(0, 0)}, Valid: true}}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9)", p, b, c, l, pa, po, li, ps, bs); err != nil {
			t.Fatal(err)
		}
		var gp pgtype.Point
		var gb pgtype.Box
		var gc pgtype.Circle
		var gl pgtype.Lseg
		var gpa pgtype.Path
		var gpo pgtype.Polygon
		var gli pgtype.Line
		var gps []pgtype.Point
		var gbs []pgtype.Box
		var text string
		err := conn.QueryRow(ctx, "SELECT p, b, c, l, pa, po, li, ps, bs, b::text FROM "+table+" WHERE id = 1").
			Scan(&gp, &gb, &gc, &gl, &gpa, &gpo, &gli, &gps, &gbs, &text)
		if err != nil {
			t.Fatal(err)
		}
		got := []any{gp, gb, gc, gl, gpa, gpo, gli, gps, gbs, text}
		want := []any{p, b, c, l, pa, po, li, ps, bs, "(3,4),(1,2)"}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("column %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		var dist float64
		if err := conn.QueryRow(ctx, "SELECT p <-> $1::point FROM "+table, pgtype.Point{P: v(4.5, 2), Valid: true}).Scan(&dist); err != nil || dist != 5 {
			t.Errorf("<->: %v, %v", dist, err)
		}
		var inside bool
		if err := conn.QueryRow(ctx, "SELECT b @> $1::point FROM "+table, pgtype.Point{P: v(2, 3), Valid: true}).Scan(&inside); err != nil || !inside {
			t.Errorf("@>: %v, %v", inside, err)
		}
	})
}
