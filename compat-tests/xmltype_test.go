package compattests

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestDriverXML round-trips xml and xml[] through pgx in every query
// mode: in the extended ones parameters and results are binary (xml_recv
// and xml_send: the text's bytes, the XML declaration written again as
// xml_out writes it), and a malformed parameter is 2200N.
func TestDriverXML(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_xml_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id int PRIMARY KEY, x xml, xs xml[])"); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES (1, $1, $2)", `<?xml version="1.0"?><a x="1">t&amp;</a>`, []string{"<b/>", "text"}); err != nil {
			t.Fatal(err)
		}
		var x, raw string
		var xs []string
		if err := conn.QueryRow(ctx, "SELECT x, xs, x::text FROM "+table+" WHERE id = 1").Scan(&x, &xs, &raw); err != nil {
			t.Fatal(err)
		}
		if x != `<a x="1">t&amp;</a>` || !reflect.DeepEqual(xs, []string{"<b/>", "text"}) || raw != `<?xml version="1.0"?><a x="1">t&amp;</a>` {
			t.Errorf("got %q, %q, %q", x, xs, raw)
		}
		_, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES (2, $1)", "<a>")
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "2200N" {
			t.Errorf("malformed xml parameter: %v", err)
		}
		// pgx prefers xml's text format: the binary one by hand.
		res := conn.PgConn().ExecParams(ctx, "SELECT $1::xml", [][]byte{[]byte(`<?xml version="1.0" standalone="yes"?><a/>`)},
			[]uint32{142}, []int16{1}, []int16{1}).Read()
		if res.Err != nil || len(res.Rows) != 1 || string(res.Rows[0][0]) != `<?xml version="1.0" standalone="yes"?><a/>` {
			t.Errorf("binary xml: %q, %v", res.Rows, res.Err)
		}
		res = conn.PgConn().ExecParams(ctx, "SELECT $1::xml", [][]byte{[]byte("<a")}, []uint32{142}, []int16{1}, []int16{1}).Read()
		if !errors.As(res.Err, &pgErr) || pgErr.Code != "2200N" {
			t.Errorf("malformed binary xml parameter: %v", res.Err)
		}
		var nodes []string
		if err := conn.QueryRow(ctx, "SELECT xpath('/a/@x', x) FROM "+table).Scan(&nodes); err != nil || !reflect.DeepEqual(nodes, []string{"1"}) {
			t.Errorf("xpath: %q, %v", nodes, err)
		}
	})
}
