package compattests

import (
	"context"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestDriverNetTypes round-trips inet, cidr, macaddr and macaddr8 (and
// an inet array) through pgx in every query mode: binary parameters and
// results (inet_send's frame, the MAC bytes) in the extended ones.
func TestDriverNetTypes(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	eachPgxMode(t, s, func(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode) {
		table := "drv_net_" + strings.ReplaceAll(mode.String(), " ", "_")
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (ip inet PRIMARY KEY, net cidr, mac macaddr, mac8 macaddr8, ips inet[])"); err != nil {
			t.Fatal(err)
		}
		ip := netip.MustParsePrefix("192.168.1.5/24")
		nw := netip.MustParsePrefix("2001:db8::/32")
		mac, _ := net.ParseMAC("08:00:2b:01:02:03")
		mac8, _ := net.ParseMAC("08:00:2b:01:02:03:04:05")
		ips := []netip.Prefix{netip.MustParsePrefix("10.0.0.1/32"), netip.MustParsePrefix("::1/128")}
		// Without a described statement (exec, simple protocol) pgx sends
		// a net.HardwareAddr as bytea, which PostgreSQL refuses as well.
		var macArg, mac8Arg any = mac, mac8
		if mode == pgx.QueryExecModeExec || mode == pgx.QueryExecModeSimpleProtocol {
			macArg, mac8Arg = mac.String(), mac8.String()
		}
		if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3, $4, $5)", ip, nw, macArg, mac8Arg, ips); err != nil {
			t.Fatal(err)
		}
		var gotIP, gotNet netip.Prefix
		var gotMac, gotMac8 net.HardwareAddr
		var gotIPs []netip.Prefix
		var text string
		err := conn.QueryRow(ctx, "SELECT ip, net, mac, mac8, ips, ip::text FROM "+table+" WHERE ip = $1", ip).Scan(&gotIP, &gotNet, &gotMac, &gotMac8, &gotIPs, &text)
		if err != nil {
			t.Fatal(err)
		}
		if gotIP != ip || gotNet != nw || gotMac.String() != mac.String() || gotMac8.String() != mac8.String() || !reflect.DeepEqual(gotIPs, ips) || text != "192.168.1.5/24" {
			t.Errorf("got %v, %v, %v, %v, %v, %q", gotIP, gotNet, gotMac, gotMac8, gotIPs, text)
		}
		var contains bool
		if err := conn.QueryRow(ctx, "SELECT $1::inet << net FROM "+table, netip.MustParsePrefix("2001:db8::1/128")).Scan(&contains); err != nil || !contains {
			t.Errorf("<<: %v, %v", contains, err)
		}
		var next netip.Prefix
		if err := conn.QueryRow(ctx, "SELECT ip + 1 FROM "+table).Scan(&next); err != nil || next.String() != "192.168.1.6/24" {
			t.Errorf("ip + 1: %v, %v", next, err)
		}
	})
}
