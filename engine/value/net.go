package value

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's network address types: inet, cidr, macaddr and macaddr8
// (KindNet; the sub of a value and Type.Net say which). An inet or cidr
// value keeps its mask length and address bytes in s (one byte, then 4
// or 16: the family is the length), a MAC address its 6 or 8 bytes.
//
// Text input and output follow PostgreSQL's own routines, not Go's:
// PostgreSQL reads abbreviated IPv4 networks ('10.1' as cidr), hex
// octets, IPv4 tails on any IPv6 address, and prints IPv4-mapped and
// -compatible IPv6 addresses in dotted form by its own rules. net/netip
// parses and prints otherwise, so it serves only where the semantics
// are the same (prefix containment and overlap, netip.Prefix).

// NetKind is which network address type a KindNet value or Type is.
type NetKind uint8

// The network address types.
const (
	NotNet NetKind = iota
	NetInet
	NetCIDR
	NetMacaddr
	NetMacaddr8
)

// Type OIDs of the network address types.
const (
	OIDInet     uint32 = 869
	OIDCIDR     uint32 = 650
	OIDMacaddr  uint32 = 829
	OIDMacaddr8 uint32 = 774
)

var netKinds = [...]struct {
	name string
	oid  uint32
}{
	NetInet:     {"inet", OIDInet},
	NetCIDR:     {"cidr", OIDCIDR},
	NetMacaddr:  {"macaddr", OIDMacaddr},
	NetMacaddr8: {"macaddr8", OIDMacaddr8},
}

// Name is the SQL name of the type.
func (k NetKind) Name() string {
	if k == NotNet || int(k) >= len(netKinds) {
		return "unknown"
	}
	return netKinds[k].name
}

// OID is the type's OID.
func (k NetKind) OID() uint32 {
	if k == NotNet || int(k) >= len(netKinds) {
		return 0
	}
	return netKinds[k].oid
}

// Type is the SQL type of k.
func (k NetKind) Type() Type { return Type{Kind: KindNet, Net: k} }

// IsIP reports inet and cidr, which share their operators.
func (k NetKind) IsIP() bool { return k == NetInet || k == NetCIDR }

// NetKindOfOID is the network type of a type OID.
func NetKindOfOID(oid uint32) (NetKind, bool) {
	for k := NetInet; k <= NetMacaddr8; k++ {
		if netKinds[k].oid == oid {
			return k, true
		}
	}
	return NotNet, false
}

// NetKindOfName is the network type of a SQL type name.
func NetKindOfName(name string) (NetKind, bool) {
	for k := NetInet; k <= NetMacaddr8; k++ {
		if netKinds[k].name == name {
			return k, true
		}
	}
	return NotNet, false
}

// Common network types.
var (
	TypeInet     = NetInet.Type()
	TypeCIDR     = NetCIDR.Type()
	TypeMacaddr  = NetMacaddr.Type()
	TypeMacaddr8 = NetMacaddr8.Type()
)

// Inet is an inet or cidr value: an address and a mask length.
type Inet struct {
	V6   bool
	Bits uint8
	Addr [16]byte // the first four bytes of an IPv4 address
}

// Len is the address's length in bytes.
func (a Inet) Len() int {
	if a.V6 {
		return 16
	}
	return 4
}

// MaxBits is the address's length in bits.
func (a Inet) MaxBits() int { return a.Len() * 8 }

// Prefix is a as a netip prefix (its address unmasked).
func (a Inet) Prefix() netip.Prefix {
	if a.V6 {
		return netip.PrefixFrom(netip.AddrFrom16(a.Addr), int(a.Bits))
	}
	return netip.PrefixFrom(netip.AddrFrom4([4]byte(a.Addr[:4])), int(a.Bits))
}

// InetOfAddr is the host address a as an inet (a /32 or /128).
func InetOfAddr(a netip.Addr) Inet {
	a = a.Unmap()
	if a.Is4() {
		out := Inet{Bits: 32}
		b := a.As4()
		copy(out.Addr[:], b[:])
		return out
	}
	return Inet{V6: true, Bits: 128, Addr: a.As16()}
}

// Masked is a with the bits right of its mask cleared.
func (a Inet) Masked() Inet {
	out := Inet{V6: a.V6, Bits: a.Bits}
	for i := 0; i < a.Len(); i++ {
		out.Addr[i] = a.Addr[i] & maskByte(int(a.Bits), i)
	}
	return out
}

// maskByte is byte i of the netmask of bits ones.
func maskByte(bits, i int) byte {
	switch n := bits - i*8; {
	case n >= 8:
		return 0xff
	case n <= 0:
		return 0
	default:
		return byte(0xff << (8 - n))
	}
}

// HostBitsClear reports that no bit right of the mask is set (a valid
// cidr).
func (a Inet) HostBitsClear() bool { return a.Masked() == a }

// NetValue makes an inet or cidr value (k is NetInet or NetCIDR).
func NetValue(a Inet, k NetKind) Value {
	b := make([]byte, 1, 17)
	b[0] = a.Bits
	b = append(b, a.Addr[:a.Len()]...)
	return Value{kind: KindNet, sub: uint8(k), s: string(b)}
}

// MacValue makes a macaddr (6 bytes) or macaddr8 (8 bytes) value.
func MacValue(b []byte) Value {
	k := NetMacaddr
	if len(b) == 8 {
		k = NetMacaddr8
	}
	return Value{kind: KindNet, sub: uint8(k), s: string(b)}
}

// Net is which network type a KindNet value is.
func (v Value) Net() NetKind {
	if v.kind != KindNet {
		return NotNet
	}
	return NetKind(v.sub)
}

// AsInet is an inet or cidr value's address.
func (v Value) AsInet() Inet {
	var a Inet
	if len(v.s) < 5 {
		return a
	}
	a.Bits = v.s[0]
	a.V6 = len(v.s) == 17
	copy(a.Addr[:], v.s[1:])
	return a
}

// AsMac is a MAC address value's bytes (6 or 8).
func (v Value) AsMac() []byte { return []byte(v.s) }

// WithNet is an inet or cidr value as the other type (no conversion of
// the address: see Convert for inet to cidr).
func (v Value) WithNet(k NetKind) Value {
	v.sub = uint8(k)
	return v
}

func invalidNetInput(k NetKind, s string) error {
	return errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", k.Name(), s)
}

// ParseInet reads PostgreSQL's inet (cidr false) or cidr text.
func ParseInet(s string, cidr bool) (Inet, error) {
	k := NetInet
	if cidr {
		k = NetCIDR
	}
	var a Inet
	bits := -1
	switch {
	case strings.IndexByte(s, 0) >= 0:
	case strings.IndexByte(s, ':') >= 0:
		a.V6 = true
		bits = parseIPv6(s, &a.Addr)
	case cidr:
		bits = parseCIDRv4(s, &a.Addr)
	default:
		bits = parseInetv4(s, &a.Addr)
	}
	if bits < 0 || bits > a.MaxBits() {
		return Inet{}, invalidNetInput(k, s)
	}
	a.Bits = uint8(bits)
	if cidr && !a.HostBitsClear() {
		return Inet{}, errs.New(errs.InvalidTextRepresentation, "invalid cidr value: \"%s\"", s).WithDetail("Value has bits set to right of mask.")
	}
	return a, nil
}

// cstr reads a string as C does: a NUL past its end.
type cstr string

func (s cstr) at(i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hexVal is a hex digit's value, -1 for another byte.
func hexVal(c byte) int {
	if h, ok := unhex(c); ok {
		return int(h)
	}
	return -1
}

// decimalOctet reads the decimal octet whose first digit is ch (s[i]
// the byte after it) into dst[n]: the byte after the octet and the
// index past that, false when it exceeds 255 or would be a fifth.
func decimalOctet(s cstr, i int, ch byte, dst *[16]byte, n int) (byte, int, bool) {
	v := 0
	for {
		v = v*10 + int(ch-'0')
		if v > 255 {
			return 0, i, false
		}
		ch = s.at(i)
		i++
		if !isDigit(ch) {
			break
		}
	}
	if n == 4 {
		return 0, i, false
	}
	dst[n] = byte(v)
	return ch, i, true
}

// dottedOctets reads dotted decimal octets from ch (s[i] the byte after
// it) into dst: the byte that ends them, the index past it, and how
// many. inet's reader stops at a dot without a digit after it, cidr's
// (digitAfterDot) refuses it.
func dottedOctets(s cstr, i int, ch byte, dst *[16]byte, digitAfterDot bool) (byte, int, int, bool) {
	n := 0
	for isDigit(ch) {
		var ok bool
		if ch, i, ok = decimalOctet(s, i, ch, dst, n); !ok {
			return ch, i, n, false
		}
		n++
		if ch == 0 || ch == '/' {
			break
		}
		if ch != '.' {
			return ch, i, n, false
		}
		ch = s.at(i)
		i++
		if digitAfterDot && !isDigit(ch) {
			return ch, i, n, false
		}
	}
	return ch, i, n, true
}

// v4MaskLen reads what follows an IPv4 address's n octets (ch, then
// s[i:]): a mask length after '/' to the end (-1 when none), false when
// anything else follows or no octet came.
func v4MaskLen(s cstr, i int, ch byte, n int) (int, bool) {
	bits := -1
	if ch == '/' && isDigit(s.at(i)) && n > 0 {
		if bits = readBits(s, i, 32); bits < 0 {
			return -1, false
		}
		ch = 0
	}
	return bits, ch == 0 && n > 0
}

// readBits reads a decimal mask length at s[i:] up to the end; -1 when
// something else follows or it exceeds max.
func readBits(s cstr, i, max int) int {
	bits := 0
	for ; isDigit(s.at(i)); i++ {
		bits = bits*10 + int(s.at(i)-'0')
		if bits > 255 {
			return -1
		}
	}
	if s.at(i) != 0 || bits > max {
		return -1
	}
	return bits
}

// parseInetv4 is PostgreSQL's inet_net_pton_ipv4: dotted decimal
// octets, four of them unless a mask length follows, which must not
// cover more octets than are given.
func parseInetv4(str string, dst *[16]byte) int {
	s := cstr(str)
	ch, i, n, ok := dottedOctets(s, 1, s.at(0), dst, false)
	if !ok {
		return -1
	}
	bits, ok := v4MaskLen(s, i, ch, n)
	if !ok {
		return -1
	}
	if bits == -1 {
		if n != 4 {
			return -1
		}
		bits = 32
	}
	if bits/8 > n {
		return -1
	}
	return bits
}

// parseCIDRv4 is PostgreSQL's inet_cidr_pton_ipv4: hex (0x...) or
// dotted decimal octets, as few as wanted; without a mask length the
// network's class decides it (widened to the octets given).
func parseCIDRv4(str string, dst *[16]byte) int {
	s := cstr(str)
	n, i := 0, 0
	ch := s.at(i)
	i++
	switch {
	case ch == '0' && (s.at(i) == 'x' || s.at(i) == 'X') && hexVal(s.at(i+1)) >= 0:
		i++
		dirty, tmp := 0, 0
		for {
			ch = s.at(i)
			i++
			h := hexVal(ch)
			if ch == 0 || h < 0 {
				break
			}
			tmp = tmp<<4 | h
			if dirty++; dirty == 2 {
				if n == 4 {
					return -1
				}
				dst[n] = byte(tmp)
				n++
				dirty, tmp = 0, 0
			}
		}
		if dirty > 0 {
			if n == 4 {
				return -1
			}
			dst[n] = byte(tmp << 4)
			n++
		}
	case isDigit(ch):
		var ok bool
		if ch, i, n, ok = dottedOctets(s, i, ch, dst, true); !ok {
			return -1
		}
	default:
		return -1
	}
	bits, ok := v4MaskLen(s, i, ch, n)
	if !ok {
		return -1
	}
	if bits == -1 {
		switch first := dst[0]; {
		case first >= 240: // class E
			bits = 32
		case first >= 224: // class D
			bits = 4
		case first >= 192: // class C
			bits = 24
		case first >= 128: // class B
			bits = 16
		default: // class A
			bits = 8
		}
		if bits < n*8 {
			bits = n * 8
		}
		if bits == 8 && dst[0] == 224 {
			bits = 4 // a class D network given by its first octet alone
		}
	}
	return bits
}

// v6Bits is getbits of PostgreSQL's IPv6 reader: a mask length without
// leading zeros, at most 128, to the end.
func v6Bits(s cstr, i int) int {
	n, v := 0, 0
	for ; s.at(i) != 0; i++ {
		c := s.at(i)
		if !isDigit(c) {
			return -1
		}
		if n != 0 && v == 0 {
			return -1 // no leading zeros
		}
		n++
		v = v*10 + int(c-'0')
		if v > 128 {
			return -1
		}
	}
	if n == 0 {
		return -1
	}
	return v
}

// v6Tail is getv4 of PostgreSQL's IPv6 reader: the dotted IPv4 tail at
// s[i:] into dst (at most four octets, no leading zeros), and a mask
// length after it (-1 when none). ok is false for bad input.
func v6Tail(s cstr, i int, dst []byte) (bits int, ok bool) {
	n, v, octets := 0, 0, 0
	for ; s.at(i) != 0; i++ {
		c := s.at(i)
		if isDigit(c) {
			if n != 0 && v == 0 {
				return 0, false
			}
			n++
			v = v*10 + int(c-'0')
			if v > 255 {
				return 0, false
			}
			continue
		}
		if c == '.' || c == '/' {
			if octets > 3 {
				return 0, false
			}
			dst[octets] = byte(v)
			octets++
			if c == '/' {
				b := v6Bits(s, i+1)
				return b, b >= 0
			}
			n, v = 0, 0
			continue
		}
		return 0, false
	}
	if n == 0 || octets > 3 {
		return 0, false
	}
	dst[octets] = byte(v)
	return -1, true
}

// parseIPv6 is PostgreSQL's inet_cidr_pton_ipv6: groups of up to four
// hex digits, one "::", an IPv4 tail, a mask length (128 without).
func parseIPv6(str string, dst *[16]byte) int {
	s := cstr(str)
	var tmp [16]byte
	tp, colonp := 0, -1
	i := 0
	if s.at(0) == ':' {
		if s.at(1) != ':' {
			return -1
		}
		i = 1
	}
	curtok := i
	sawX, digits, val := false, 0, 0
	bits := -1
	for {
		ch := s.at(i)
		i++
		if ch == 0 {
			break
		}
		if h := hexVal(ch); h >= 0 {
			val = val<<4 | h
			if digits++; digits > 4 {
				return -1
			}
			sawX = true
			continue
		}
		if ch == ':' {
			curtok = i
			if !sawX {
				if colonp >= 0 {
					return -1
				}
				colonp = tp
				continue
			} else if s.at(i) == 0 {
				return -1
			}
			if tp+2 > 16 {
				return -1
			}
			tmp[tp], tmp[tp+1] = byte(val>>8), byte(val)
			tp += 2
			sawX, digits, val = false, 0, 0
			continue
		}
		if ch == '.' && tp+4 <= 16 {
			if b, ok := v6Tail(s, curtok, tmp[tp:tp+4]); ok {
				bits = b
				tp += 4
				sawX = false
				break
			}
		}
		if ch == '/' {
			if b := v6Bits(s, i); b >= 0 {
				bits = b
				break
			}
		}
		return -1
	}
	if sawX {
		if tp+2 > 16 {
			return -1
		}
		tmp[tp], tmp[tp+1] = byte(val>>8), byte(val)
		tp += 2
	}
	if bits == -1 {
		bits = 128
	}
	if colonp >= 0 {
		if tp == 16 {
			return -1
		}
		n := tp - colonp
		for j := 1; j <= n; j++ {
			tmp[16-j] = tmp[colonp+n-j]
			tmp[colonp+n-j] = 0
		}
		tp = 16
	}
	if tp != 16 {
		return -1
	}
	*dst = tmp
	return bits
}

// AppendInet is inet_out (cidr false) and cidr_out: the address, and
// the mask length unless it is the whole address (always for cidr).
func AppendInet(b []byte, a Inet, cidr bool) []byte {
	b = appendNetNtop(b, a, int(a.Bits))
	if cidr && int(a.Bits) == a.MaxBits() {
		b = append(b, '/')
		b = strconv.AppendUint(b, uint64(a.Bits), 10)
	}
	return b
}

// AppendInetShow is text(inet): the address and always its mask length.
func AppendInetShow(b []byte, a Inet) []byte {
	b = AppendInetHost(b, a)
	b = append(b, '/')
	return strconv.AppendUint(b, uint64(a.Bits), 10)
}

// AppendInetHost is host(inet): the address alone.
func AppendInetHost(b []byte, a Inet) []byte {
	return appendNetNtop(b, a, a.MaxBits())
}

// appendNetNtop is pg_inet_net_ntop: the whole address, then /bits
// unless bits is the address's length.
func appendNetNtop(b []byte, a Inet, bits int) []byte {
	if !a.V6 {
		for i := 0; i < 4; i++ {
			if i > 0 {
				b = append(b, '.')
			}
			b = strconv.AppendUint(b, uint64(a.Addr[i]), 10)
		}
	} else {
		b = appendIPv6(b, &a.Addr)
	}
	if bits != a.MaxBits() {
		b = append(b, '/')
		b = strconv.AppendUint(b, uint64(bits), 10)
	}
	return b
}

// appendIPv6 is inet_net_ntop_ipv6's address: the longest run of two or
// more zero groups as "::" (the first of equals), and the last 32 bits
// dotted for ::a.b.c.d, ::ffff:a.b.c.d.
func appendIPv6(b []byte, src *[16]byte) []byte {
	var words [8]int
	for i := range 16 {
		words[i/2] |= int(src[i]) << ((1 - i%2) * 8)
	}
	bestBase, bestLen, curBase, curLen := -1, 0, -1, 0
	for i := range 8 {
		if words[i] == 0 {
			if curBase == -1 {
				curBase, curLen = i, 1
			} else {
				curLen++
			}
		} else if curBase != -1 {
			if bestBase == -1 || curLen > bestLen {
				bestBase, bestLen = curBase, curLen
			}
			curBase = -1
		}
	}
	if curBase != -1 && (bestBase == -1 || curLen > bestLen) {
		bestBase, bestLen = curBase, curLen
	}
	if bestBase != -1 && bestLen < 2 {
		bestBase = -1
	}
	for i := 0; i < 8; i++ {
		if bestBase != -1 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				b = append(b, ':')
			}
			continue
		}
		if i != 0 {
			b = append(b, ':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || bestLen == 7 && words[7] != 1 || bestLen == 5 && words[5] == 0xffff) {
			for j := 12; j < 16; j++ {
				b = strconv.AppendUint(b, uint64(src[j]), 10)
				if j != 15 {
					b = append(b, '.')
				}
			}
			break
		}
		b = strconv.AppendUint(b, uint64(words[i]), 16)
	}
	if bestBase != -1 && bestBase+bestLen == 8 {
		b = append(b, ':')
	}
	return b
}

// AppendInetAbbrev is abbrev(inet) (cidr false: its output) and
// abbrev(cidr), pg_inet_cidr_ntop: only the octets or groups the mask
// covers.
func AppendInetAbbrev(b []byte, a Inet, cidr bool) []byte {
	if !cidr {
		return appendNetNtop(b, a, int(a.Bits))
	}
	bits := int(a.Bits)
	if !a.V6 {
		if bits == 0 {
			b = append(b, '0')
		}
		start := len(b)
		for i := 0; i < bits/8; i++ {
			b = strconv.AppendUint(b, uint64(a.Addr[i]), 10)
			if i < bits/8-1 {
				b = append(b, '.')
			}
		}
		if r := bits % 8; r > 0 {
			if len(b) != start {
				b = append(b, '.')
			}
			b = strconv.AppendUint(b, uint64(a.Addr[bits/8]&byte(0xff<<(8-r))), 10)
		}
		b = append(b, '/')
		return strconv.AppendUint(b, uint64(bits), 10)
	}
	return appendCIDRv6Abbrev(b, a)
}

// appendCIDRv6Abbrev is inet_cidr_ntop_ipv6, quirks kept: the groups
// the mask covers (at least two), its longest zero run as "::" (a run
// that does not beat the best so far keeps counting), dotted IPv4 tails.
func appendCIDRv6Abbrev(b []byte, a Inet) []byte {
	bits := int(a.Bits)
	start := len(b)
	if bits == 0 {
		b = append(b, "::"...)
	} else {
		s := a.Masked().Addr
		words := (bits + 15) / 16
		if words == 1 {
			words = 2
		}
		zeroS, zeroL, tmpS, tmpL := 0, 0, 0, 0
		for i := 0; i < words*2; i += 2 {
			if s[i]|s[i+1] == 0 {
				if tmpL == 0 {
					tmpS = i / 2
				}
				tmpL++
			} else if tmpL != 0 && zeroL < tmpL {
				zeroS, zeroL, tmpL = tmpS, tmpL, 0
			}
		}
		if tmpL != 0 && zeroL < tmpL {
			zeroS, zeroL = tmpS, tmpL
		}
		isV4 := zeroL != words && zeroS == 0 && (zeroL == 6 || zeroL == 5 && s[10] == 0xff && s[11] == 0xff || zeroL == 7 && s[14] != 0 && s[15] != 1)
		j := 0
		for p := 0; p < words; p++ {
			if zeroL != 0 && p >= zeroS && p < zeroS+zeroL {
				if p == zeroS {
					b = append(b, ':')
				}
				if p == words-1 {
					b = append(b, ':')
				}
				j += 2
				continue
			}
			if isV4 && p > 5 {
				if p == 6 {
					b = append(b, ':')
				} else {
					b = append(b, '.')
				}
				b = strconv.AppendUint(b, uint64(s[j]), 10)
				j++
				if p != 7 || bits > 120 {
					b = append(b, '.')
					b = strconv.AppendUint(b, uint64(s[j]), 10)
					j++
				}
				continue
			}
			if len(b) != start {
				b = append(b, ':')
			}
			b = strconv.AppendUint(b, uint64(s[j])*256+uint64(s[j+1]), 16)
			j += 2
		}
	}
	b = append(b, '/')
	return strconv.AppendUint(b, uint64(bits), 10)
}

// CompareInet is network_cmp: the family (IPv4 first), the network
// parts over the shorter mask, the mask length, the whole address.
func CompareInet(a, b Inet) int {
	if a.V6 != b.V6 {
		if !a.V6 {
			return -1
		}
		return 1
	}
	if c := bitnCmp(&a.Addr, &b.Addr, int(min(a.Bits, b.Bits))); c != 0 {
		return c
	}
	if a.Bits != b.Bits {
		return cmpInt64(int64(a.Bits), int64(b.Bits))
	}
	return bitnCmp(&a.Addr, &b.Addr, a.MaxBits())
}

// bitnCmp compares the first n bits of two addresses.
func bitnCmp(a, b *[16]byte, n int) int {
	for i := 0; n > 0; i++ {
		m := maskByte(n, 0)
		x, y := a[i]&m, b[i]&m
		if x != y {
			return cmpInt64(int64(x), int64(y))
		}
		n -= 8
	}
	return 0
}

// InetContains is a >>= b (strict: a >> b): a's network holds b's.
// Different families never contain each other.
func InetContains(a, b Inet, strict bool) bool {
	if a.V6 != b.V6 || a.Bits > b.Bits || strict && a.Bits == b.Bits {
		return false
	}
	return a.Prefix().Contains(b.Prefix().Addr())
}

// InetOverlaps is a && b: either network holds the other.
func InetOverlaps(a, b Inet) bool {
	return a.V6 == b.V6 && a.Prefix().Masked().Overlaps(b.Prefix().Masked())
}

// ParseMacaddr reads macaddr's text as PostgreSQL's macaddr_in does:
// the first of its sscanf patterns that takes six hex numbers (and
// trailing spaces only), each then checked to be an octet.
func ParseMacaddr(s string) ([6]byte, error) {
	var out [6]byte
	for _, f := range macPatterns {
		vals, ok := macScan(s, f)
		if !ok {
			continue
		}
		for i, v := range vals {
			if v < 0 || v > 255 {
				return out, errs.New(errs.NumericValueOutOfRange, "invalid octet value in \"macaddr\" value: \"%s\"", s)
			}
			out[i] = byte(v)
		}
		return out, nil
	}
	return out, invalidNetInput(NetMacaddr, s)
}

// macPatterns are macaddr_in's sscanf formats: a number is the width of
// a %x (0 unbounded), a byte a literal.
var macPatterns = [...]string{
	"\x00:\x00:\x00:\x00:\x00:\x00",
	"\x00-\x00-\x00-\x00-\x00-\x00",
	"\x02\x02\x02:\x02\x02\x02",
	"\x02\x02\x02-\x02\x02\x02",
	"\x02\x02.\x02\x02.\x02\x02",
	"\x02\x02-\x02\x02-\x02\x02",
	"\x02\x02\x02\x02\x02\x02",
}

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// macScan runs one pattern over s as sscanf would, with "%1s" after
// it: the six numbers, ok when all matched and only white space is left.
func macScan(s string, pattern string) (vals [6]int64, ok bool) {
	i, n := 0, 0
	for j := 0; j < len(pattern); j++ {
		c := pattern[j]
		if c > 2 {
			if i >= len(s) || s[i] != c {
				return vals, false
			}
			i++
			continue
		}
		v, next, good := scanHex(s, i, int(c))
		if !good {
			return vals, false
		}
		vals[n], i = v, next
		n++
	}
	for ; i < len(s); i++ {
		if !isCSpace(s[i]) {
			return vals, false
		}
	}
	return vals, true
}

// scanHex is glibc's %x into an int at s[i:]: white space skipped, a
// sign, a 0x prefix, hex digits (width characters at most, 0 for any),
// the unsigned long result (saturated) truncated to 32 bits.
func scanHex(s string, i, width int) (int64, int, bool) {
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	if width == 0 {
		width = len(s) + 1
	}
	end := min(len(s), i+width)
	neg := false
	if i < end && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	prefixed := false
	if i+1 < end && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') {
		// "0x" is a prefix; without digits after it, it is the 0 read.
		i += 2
		prefixed = true
	}
	start := i
	var u uint64
	over := false
	for i < end && hexVal(s[i]) >= 0 {
		if u > (1<<64-1)>>4 {
			over = true
		}
		u = u<<4 | uint64(hexVal(s[i]))
		i++
	}
	if i == start && !prefixed {
		return 0, i, false
	}
	if over {
		u = 1<<64 - 1
	} else if neg {
		u = -u
	}
	return int64(int32(uint32(u))), i, true
}

// ParseMacaddr8 reads macaddr8's text as macaddr8_in: pairs of hex
// digits, six or eight of them, optionally split by one kind of ':',
// '-' or '.'; six are an EUI-48 address made EUI-64 (ff:fe in the
// middle).
func ParseMacaddr8(str string) ([8]byte, error) {
	var out [8]byte
	fail := func() ([8]byte, error) { return [8]byte{}, invalidNetInput(NetMacaddr8, str) }
	if strings.IndexByte(str, 0) >= 0 {
		return fail()
	}
	s := cstr(str)
	i := 0
	for isCSpace(s.at(i)) {
		i++
	}
	count := 0
	var spacer byte
	var got [8]byte
	for s.at(i) != 0 && s.at(i+1) != 0 {
		count++
		if count > 8 {
			return fail()
		}
		h, l := hexVal(s.at(i)), hexVal(s.at(i+1))
		if h < 0 || l < 0 {
			return fail()
		}
		got[count-1] = byte(h<<4 | l)
		i += 2
		if c := s.at(i); c == ':' || c == '-' || c == '.' {
			if spacer == 0 {
				spacer = c
			} else if spacer != c {
				return fail()
			}
			i++
		}
		if (count == 6 || count == 8) && isCSpace(s.at(i)) {
			for i++; isCSpace(s.at(i)); i++ {
			}
			if s.at(i) != 0 {
				return fail()
			}
		}
	}
	switch count {
	case 6:
		out = [8]byte{got[0], got[1], got[2], 0xff, 0xfe, got[3], got[4], got[5]}
	case 8:
		out = got
	default:
		return fail()
	}
	return out, nil
}

// AppendMac is macaddr_out and macaddr8_out: lower-case hex pairs
// joined by colons.
func AppendMac(b []byte, mac []byte) []byte {
	const hex = "0123456789abcdef"
	for i, c := range mac {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hex[c>>4], hex[c&15])
	}
	return b
}

// appendNetText is a network value's output in type k (NotNet: the
// value's own).
func appendNetText(b []byte, v Value, k NetKind) []byte {
	if k == NotNet || k.IsIP() != v.Net().IsIP() {
		k = v.Net()
	}
	if k.IsIP() {
		return AppendInet(b, v.AsInet(), k == NetCIDR)
	}
	return AppendMac(b, v.AsMac())
}

// ParseNet reads a network type's text.
func ParseNet(s string, k NetKind) (Value, error) {
	switch k {
	case NetInet, NetCIDR:
		a, err := ParseInet(s, k == NetCIDR)
		if err != nil {
			return None, err
		}
		return NetValue(a, k), nil
	case NetMacaddr:
		m, err := ParseMacaddr(s)
		return MacValue(m[:]), err
	default:
		m, err := ParseMacaddr8(s)
		return MacValue(m[:]), err
	}
}

// PostgreSQL's address family numbers in inet_send's frame.
const (
	pgAFInet  = 2
	pgAFInet6 = 3
)

// AppendNetBinary is the binary send format of a network value in type
// k: inet_send's family, bits, is_cidr, length and address, or a MAC
// address's bytes.
func AppendNetBinary(b []byte, v Value, k NetKind) []byte {
	if !v.Net().IsIP() {
		return append(b, v.s...)
	}
	a := v.AsInet()
	fam := byte(pgAFInet)
	if a.V6 {
		fam = pgAFInet6
	}
	cidr := byte(0)
	if k == NetCIDR {
		cidr = 1
	}
	b = append(b, fam, a.Bits, cidr, byte(a.Len()))
	return append(b, a.Addr[:a.Len()]...)
}

// ParseNetBinary reads a network type's binary receive format.
func ParseNetBinary(raw []byte, k NetKind) (Value, error) {
	bad := func(what string) error {
		return errs.New(errs.InvalidBinaryRepresentation, "invalid %s in external \"%s\" value", what, k.Name())
	}
	switch k {
	case NetMacaddr:
		if len(raw) != 6 {
			return None, errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
		}
		return MacValue(raw), nil
	case NetMacaddr8:
		switch len(raw) {
		case 6:
			return MacValue([]byte{raw[0], raw[1], raw[2], 0xff, 0xfe, raw[3], raw[4], raw[5]}), nil
		case 8:
			return MacValue(raw), nil
		}
		return None, errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
	}
	if len(raw) < 4 {
		return None, errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
	}
	var a Inet
	switch raw[0] {
	case pgAFInet:
	case pgAFInet6:
		a.V6 = true
	default:
		return None, bad("address family")
	}
	if int(raw[1]) > a.MaxBits() {
		return None, bad("bits")
	}
	a.Bits = raw[1]
	if int(raw[3]) != a.Len() || len(raw) != 4+a.Len() {
		return None, bad("length")
	}
	copy(a.Addr[:], raw[4:])
	if k == NetCIDR && !a.HostBitsClear() {
		return None, errs.New(errs.InvalidBinaryRepresentation, "invalid external \"cidr\" value").WithDetail("Value has bits set to right of mask.")
	}
	return NetValue(a, k), nil
}

// validNet reports a decoded network value's bytes are one's.
func validNet(k NetKind, s string) bool {
	switch k {
	case NetInet, NetCIDR:
		if len(s) != 5 && len(s) != 17 || int(s[0]) > (len(s)-1)*8 {
			return false
		}
		return k == NetInet || Value{kind: KindNet, s: s}.AsInet().HostBitsClear()
	case NetMacaddr:
		return len(s) == 6
	case NetMacaddr8:
		return len(s) == 8
	}
	return false
}

// compareNet orders two network values: inet and cidr by network_cmp
// (equal addresses of the two types are equal, as PostgreSQL compares
// them as inet), MAC addresses by their bytes.
func compareNet(a, b Value) int {
	if a.Net().IsIP() && b.Net().IsIP() {
		return CompareInet(a.AsInet(), b.AsInet())
	}
	if a.sub != b.sub {
		return cmpInt64(int64(a.sub), int64(b.sub))
	}
	return strings.Compare(a.s, b.s)
}

// netGroup is the key and hash class of a network type: inet and cidr
// are one.
func netGroup(k NetKind) byte {
	if k.IsIP() {
		return byte(NetInet)
	}
	return byte(k)
}

// appendNetKey appends the key of a network value after its tag: the
// group, then for inet and cidr the family, the masked network, the
// mask length and the whole address, which order as network_cmp
// (zero-filled networks compare as the bit strings they are, a shorter
// prefix first), and last the type.
func appendNetKey(b []byte, v Value) []byte {
	b = append(b, netGroup(v.Net()))
	if !v.Net().IsIP() {
		return append(append(b, v.s...), v.sub)
	}
	a := v.AsInet()
	fam := byte(4)
	if a.V6 {
		fam = 6
	}
	m := a.Masked()
	b = append(b, fam)
	b = append(b, m.Addr[:a.Len()]...)
	b = append(b, a.Bits)
	b = append(b, a.Addr[:a.Len()]...)
	return append(b, v.sub)
}

// decodeNetKey reads what appendNetKey wrote after the tag; n counts
// the tag too.
func decodeNetKey(b []byte) (Value, int, error) {
	if len(b) < 2 {
		return None, 0, errCorruptKey("truncated network address")
	}
	var body int
	switch NetKind(b[1]) {
	case NetInet:
		if len(b) < 3 {
			return None, 0, errCorruptKey("truncated network address")
		}
		l := 4
		if b[2] == 6 {
			l = 16
		}
		if len(b) < 3+2*l+2 {
			return None, 0, errCorruptKey("truncated network address")
		}
		s := string(b[3+l : 3+2*l+1])
		k := NetKind(b[3+2*l+1])
		if !k.IsIP() || !validNet(k, s) {
			return None, 0, errCorruptKey("network address")
		}
		return Value{kind: KindNet, sub: uint8(k), s: s}, 3 + 2*l + 2, nil
	case NetMacaddr:
		body = 6
	case NetMacaddr8:
		body = 8
	default:
		return None, 0, errCorruptKey("network address kind")
	}
	if len(b) < 2+body+1 || NetKind(b[2+body]) != NetKind(b[1]) {
		return None, 0, errCorruptKey("truncated network address")
	}
	return Value{kind: KindNet, sub: b[1], s: string(b[2 : 2+body])}, 2 + body + 1, nil
}

// convertNet is a cast between network types: inet to cidr clears the
// host bits (network()), cidr to inet keeps the value, macaddr to
// macaddr8 puts ff:fe in the middle, and back only from such.
func convertNet(v Value, to NetKind) (Value, error) {
	from := v.Net()
	switch {
	case from == to:
		return v, nil
	case from.IsIP() && to == NetCIDR:
		return NetValue(v.AsInet().Masked(), NetCIDR), nil
	case from.IsIP() && to == NetInet:
		return v.WithNet(NetInet), nil
	case from == NetMacaddr && to == NetMacaddr8:
		m := v.AsMac()
		return MacValue([]byte{m[0], m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]}), nil
	case from == NetMacaddr8 && to == NetMacaddr:
		m := v.AsMac()
		if m[3] != 0xff || m[4] != 0xfe {
			return None, errs.New(errs.NumericValueOutOfRange, "macaddr8 data out of range to convert to macaddr").
				WithHint("Only addresses that have FF and FE as values in the 4th and 5th bytes from the left, for example xx:xx:xx:ff:fe:xx:xx:xx, are eligible to be converted from macaddr8 to macaddr.")
		}
		return MacValue([]byte{m[0], m[1], m[2], m[5], m[6], m[7]}), nil
	}
	return None, errs.New(errs.CannotCoerce, "cannot cast type %s to %s", from.Name(), to.Name())
}
