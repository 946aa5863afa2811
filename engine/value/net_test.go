package value

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func TestParseInetText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		cidr bool
		want string // "" for an error
	}{
		{"192.168.1.5", false, "192.168.1.5"},
		{"192.168.1.5/24", false, "192.168.1.5/24"},
		{"10.1", false, ""},
		{"10.1", true, "10.1.0.0/16"},
		{"0x0a0b", true, "10.11.0.0/16"},
		{"224", true, "224.0.0.0/4"},
		{"224.0.0.0", true, "224.0.0.0/32"},
		{"192.168.1.5/24", true, ""},
		{"::", false, "::"},
		{"::2", false, "::2"},
		{"::1.2.3.4", false, "::1.2.3.4"},
		{"::ffff:1.2.3.4", false, "::ffff:1.2.3.4"},
		{"1:0:0:2:0:0:0:3", false, "1:0:0:2::3"},
		{"2001:DB8::/32", true, "2001:db8::/32"},
		{"1::2::3", false, ""},
		{"::1/01", false, ""},
		{"1.2.3.4/33", false, ""},
		{"", false, ""},
		{"1.2.3.4\x00", false, ""},
	} {
		a, err := ParseInet(tc.in, tc.cidr)
		got := ""
		if err == nil {
			got = string(AppendInet(nil, a, tc.cidr))
		}
		if got != tc.want {
			t.Errorf("ParseInet(%q, %v) = %q, %v; want %q", tc.in, tc.cidr, got, err, tc.want)
		}
	}
}

func TestParseMacText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"08:00:2b:01:02:03", "08:00:2b:01:02:03"},
		{"08-00-2b-01-02-03", "08:00:2b:01:02:03"},
		{"0800.2b01.0203", "08:00:2b:01:02:03"},
		{"08002b010203", "08:00:2b:01:02:03"},
		{"8:0:2b:1:2:3  ", "08:00:2b:01:02:03"},
		{"100000001:0:0:0:0:0", "01:00:00:00:00:00"}, // glibc's %x keeps the low 32 bits
		{"08:00:2b:01:02", ""},
		{"08:00:2b:01:02:-3", ""},
	} {
		m, err := ParseMacaddr(tc.in)
		got := ""
		if err == nil {
			got = string(AppendMac(nil, m[:]))
		}
		if got != tc.want {
			t.Errorf("ParseMacaddr(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"08:00:2b:01:02:03:04:05", "08:00:2b:01:02:03:04:05"},
		{"08:00:2b:01:02:03", "08:00:2b:ff:fe:01:02:03"},
		{"0800.2b01.0203.0405", "08:00:2b:01:02:03:04:05"},
		{"08:00-2b:01:02:03:04:05", ""},
		{"08:00:2b:01:02:03:04", ""},
	} {
		m, err := ParseMacaddr8(tc.in)
		got := ""
		if err == nil {
			got = string(AppendMac(nil, m[:]))
		}
		if got != tc.want {
			t.Errorf("ParseMacaddr8(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// randomInet draws addresses that share prefixes often, so the order's
// every step (family, network, mask length, address) is exercised.
func randomInet(r *rand.Rand) Value {
	var a Inet
	a.V6 = r.IntN(4) == 0
	for i := range a.Len() {
		a.Addr[i] = []byte{0, 10, 255, byte(r.IntN(256))}[r.IntN(4)]
	}
	a.Bits = uint8(r.IntN(a.MaxBits() + 1))
	if r.IntN(3) == 0 {
		return NetValue(a.Masked(), NetCIDR)
	}
	return NetValue(a, NetInet)
}

// Keys order as network_cmp, decode to the value (and its type), and
// equal values hash alike; storage round-trips.
func TestNetKeyOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vals := make([]Value, 400)
	for i := range vals {
		vals[i] = randomInet(r)
	}
	for i := 0; i < 40; i++ {
		vals = append(vals, MacValue([]byte{byte(r.IntN(3)), 0, 0, 0, 0, byte(r.IntN(256))}), MacValue([]byte{byte(r.IntN(3)), 0, 0, 0, 0, 0, 0, byte(r.IntN(256))}))
	}
	keys := make([][]byte, len(vals))
	for i, v := range vals {
		k, err := AppendKey(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k
		back, rest, err := DecodeKey(k)
		if err != nil || len(rest) != 0 || back.Net() != v.Net() || back.s != v.s {
			t.Fatalf("key of %v decodes to %v (%d left), %v", v, back, len(rest), err)
		}
		dec, err := Decode(Encode(nil, v))
		if err != nil || dec.Net() != v.Net() || dec.s != v.s {
			t.Fatalf("storage of %v decodes to %v, %v", v, dec, err)
		}
	}
	for i := range vals {
		for j := range vals {
			c := Compare(vals[i], vals[j])
			if vals[i].Net().IsIP() != vals[j].Net().IsIP() || !vals[i].Net().IsIP() && vals[i].Net() != vals[j].Net() {
				continue
			}
			kc := bytes.Compare(keys[i], keys[j])
			if c != 0 && kc != c {
				t.Fatalf("%v vs %v: Compare %d, keys %d", vals[i], vals[j], c, kc)
			}
			if c == 0 && vals[i].Net() == vals[j].Net() && kc != 0 {
				t.Fatalf("%v = %v but keys differ", vals[i], vals[j])
			}
			if c == 0 && hashOf(vals[i]) != hashOf(vals[j]) {
				t.Fatalf("%v = %v but hashes differ", vals[i], vals[j])
			}
		}
	}
}

func TestNetBinary(t *testing.T) {
	v, _ := ParseNet("2001:db8::1/64", NetInet)
	b := AppendNetBinary(nil, v, NetInet)
	if b[0] != 3 || b[1] != 64 || b[2] != 0 || b[3] != 16 || len(b) != 20 {
		t.Fatalf("inet_send frame %x", b)
	}
	back, err := ParseNetBinary(b, NetInet)
	if err != nil || back.s != v.s {
		t.Fatalf("back %v, %v", back, err)
	}
	if _, err := ParseNetBinary(b, NetCIDR); err == nil {
		t.Errorf("cidr with host bits accepted")
	}
	m, err := ParseNetBinary([]byte{8, 0, 0x2b, 1, 2, 3}, NetMacaddr8)
	if err != nil || string(AppendMac(nil, m.AsMac())) != "08:00:2b:ff:fe:01:02:03" {
		t.Errorf("macaddr8 from 6 bytes: %v, %v", m, err)
	}
}

func FuzzParseInet(f *testing.F) {
	for _, s := range []string{"10.1", "0x0a0b", "1.2.3.4/24", "::ffff:1.2.3.4/120", "1::2:3.4.5.6/64", "::", ":", "1.2./8", "224"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, cidr bool) {
		a, err := ParseInet(s, cidr)
		if err != nil {
			return
		}
		// Its output reads back as itself (as inet: cidr's is inet's
		// text with the mask length).
		out := AppendInet(nil, a, cidr)
		b, err := ParseInet(string(out), cidr)
		if err != nil || b != a {
			t.Fatalf("%q -> %q -> %+v, %v", s, out, b, err)
		}
		_ = AppendInetAbbrev(nil, a, cidr)
		_ = AppendInetShow(nil, a)
	})
}

func FuzzParseMac(f *testing.F) {
	for _, s := range []string{"08:00:2b:01:02:03", "0800.2b01.0203", "08002b010203", "-0:0:0:0:0:0", "08:00:2b:01:02:03:04:05", " 0x8:0:0:0:0:0 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if m, err := ParseMacaddr(s); err == nil {
			if back, err := ParseMacaddr(string(AppendMac(nil, m[:]))); err != nil || back != m {
				t.Fatalf("macaddr %q: %x, %v", s, back, err)
			}
		}
		if m, err := ParseMacaddr8(s); err == nil {
			if back, err := ParseMacaddr8(string(AppendMac(nil, m[:]))); err != nil || back != m {
				t.Fatalf("macaddr8 %q: %x, %v", s, back, err)
			}
		}
	})
}

func FuzzParseNetBinary(f *testing.F) {
	f.Add([]byte{2, 24, 0, 4, 192, 168, 1, 0}, uint8(NetInet))
	f.Add([]byte{3, 64, 1, 16, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, uint8(NetCIDR))
	f.Add([]byte{8, 0, 0x2b, 1, 2, 3}, uint8(NetMacaddr))
	f.Fuzz(func(t *testing.T, raw []byte, k uint8) {
		nk := NetKind(k%4 + 1)
		v, err := ParseNetBinary(raw, nk)
		if err != nil {
			return
		}
		if !validNet(v.Net(), v.s) {
			t.Fatalf("%x as %s: invalid value %q", raw, nk.Name(), v.s)
		}
		if _, err := ParseNet(string(appendNetText(nil, v, nk)), nk); err != nil {
			t.Fatalf("%x as %s: text does not read back: %v", raw, nk.Name(), err)
		}
	})
}
