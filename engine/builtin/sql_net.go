package builtin

import (
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The functions and operators of SQL's network address types
// (value/net.go holds the types' text forms and order). The SQL front
// end checks argument types and turns the operators (<<, >>=, &&, &, |,
// ~, + and -) into calls of these.

func netFuncs() []*Func {
	ip := func(s string) value.Value { return vnet(value.NetInet, s) }
	cidr := func(s string) value.Value { return vnet(value.NetCIDR, s) }
	mac := vnet(value.NetMacaddr, "08:00:2b:01:02:03")
	mac8 := vnet(value.NetMacaddr8, "08:00:2b:01:02:03:04:05")
	ip1 := ip("192.168.1.5/24")
	inetParam := []value.Type{value.TypeInet}
	// unary is a function of one inet (its unknown argument read as inet).
	unary := func(name, doc string, result value.Type, fn func(a value.Inet, k value.NetKind) value.Value, e Example) *Func {
		f := sqlDef(name, 1, 1, doc, resultOf(result), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return fn(args[0].AsInet(), args[0].Net()), nil
		}, e)
		f.Params = inetParam
		return f
	}
	pred := func(name, doc string, fn func(a, b value.Inet) bool, e Example) *Func {
		f := sqlDef(name, 2, 2, doc, resultOf(value.TypeBool), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.Bool(fn(args[0].AsInet(), args[1].AsInet())), nil
		}, e)
		f.Params = []value.Type{value.TypeInet, value.TypeInet}
		return f
	}
	text := func(b []byte) value.Value { return value.String(string(b)) }
	setMasklen := func(k value.NetKind) func(string, *Context, []value.Value) (value.Value, error) {
		return func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			a := args[0].AsInet()
			bits := args[1].AsInt()
			if bits == -1 {
				bits = int64(a.MaxBits())
			}
			if bits < 0 || bits > int64(a.MaxBits()) {
				return value.None, errs.New(errs.InvalidParameterValue, "invalid mask length: %d", args[1].AsInt())
			}
			a.Bits = uint8(bits)
			if k == value.NetCIDR {
				a = a.Masked()
			}
			return value.NetValue(a, k), nil
		}
	}
	fs := []*Func{
		unary("abbrev", "abbrev(inet): the address as text, the mask length unless /32 (/128).", value.TypeText, func(a value.Inet, _ value.NetKind) value.Value {
			return text(value.AppendInetAbbrev(nil, a, false))
		}, ex(`"192.168.1.5/24"`, ip1)),
		unary("cidr_abbrev", "abbrev(cidr): the network as text, only the octets its mask covers.", value.TypeText, func(a value.Inet, _ value.NetKind) value.Value {
			return text(value.AppendInetAbbrev(nil, a, true))
		}, ex(`"10.1/16"`, cidr("10.1.0.0/16"))),
		unary("broadcast", "broadcast(inet): the network's broadcast address (host bits set).", value.TypeInet, func(a value.Inet, _ value.NetKind) value.Value {
			return value.NetValue(inetOr(a, hostmask(a)), value.NetInet)
		}, ex(`"192.168.1.255/24"`, ip1)),
		unary("family", "family(inet): 4 for IPv4, 6 for IPv6.", value.TypeInt4, func(a value.Inet, _ value.NetKind) value.Value {
			if a.V6 {
				return value.IntW(6, value.I32)
			}
			return value.IntW(4, value.I32)
		}, ex("4", ip1)),
		unary("host", "host(inet): the address as text, without the mask length.", value.TypeText, func(a value.Inet, _ value.NetKind) value.Value {
			return text(value.AppendInetHost(nil, a))
		}, ex(`"192.168.1.5"`, ip1)),
		unary("hostmask", "hostmask(inet): the host mask of the network.", value.TypeInet, func(a value.Inet, _ value.NetKind) value.Value {
			m := hostmask(a)
			m.Bits = uint8(a.MaxBits())
			return value.NetValue(m, value.NetInet)
		}, ex(`"0.0.0.255"`, ip1)),
		unary("masklen", "masklen(inet): the mask length.", value.TypeInt4, func(a value.Inet, _ value.NetKind) value.Value {
			return value.IntW(int64(a.Bits), value.I32)
		}, ex("24", ip1)),
		unary("netmask", "netmask(inet): the network mask.", value.TypeInet, func(a value.Inet, _ value.NetKind) value.Value {
			m := inetNot(hostmask(a))
			m.Bits = uint8(a.MaxBits())
			return value.NetValue(m, value.NetInet)
		}, ex(`"255.255.255.0"`, ip1)),
		unary("network", "network(inet): the network part (host bits cleared), a cidr.", value.TypeCIDR, func(a value.Inet, _ value.NetKind) value.Value {
			return value.NetValue(a.Masked(), value.NetCIDR)
		}, ex(`"192.168.1.0/24"`, ip1)),
		unary("inet_text", "text(inet): the address and always its mask length.", value.TypeText, func(a value.Inet, _ value.NetKind) value.Value {
			return text(value.AppendInetShow(nil, a))
		}, ex(`"192.168.1.5/24"`, ip1)),
		pred("inet_same_family", "inet_same_family(inet, inet): both are IPv4 or both IPv6.", func(a, b value.Inet) bool { return a.V6 == b.V6 },
			ex("true", ip1, ip("10.0.0.1"))),
		pred("inet_sub", "inet << inet: the first is strictly inside the second's network.", func(a, b value.Inet) bool { return value.InetContains(b, a, true) },
			ex("true", ip1, cidr("192.168.0.0/16"))),
		pred("inet_subeq", "inet <<= inet: the first is inside or equals the second's network.", func(a, b value.Inet) bool { return value.InetContains(b, a, false) },
			ex("true", ip1, ip1)),
		pred("inet_sup", "inet >> inet: the first's network strictly holds the second.", func(a, b value.Inet) bool { return value.InetContains(a, b, true) },
			ex("true", cidr("192.168.0.0/16"), ip1)),
		pred("inet_supeq", "inet >>= inet: the first's network holds or equals the second.", func(a, b value.Inet) bool { return value.InetContains(a, b, false) },
			ex("false", ip1, cidr("192.168.0.0/16"))),
		pred("inet_overlap", "inet && inet: either network holds the other.", value.InetOverlaps,
			ex("true", ip1, cidr("192.168.0.0/16"))),
	}
	merge := sqlDef("inet_merge", 2, 2, "inet_merge(inet, inet): the smallest network holding both, a cidr.", resultOf(value.TypeCIDR), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
		a, b := args[0].AsInet(), args[1].AsInet()
		if a.V6 != b.V6 {
			return value.None, errs.New(errs.InvalidParameterValue, "cannot merge addresses from different families")
		}
		bits := min(a.Bits, b.Bits)
		for i := 0; i < int(bits); i++ {
			if bit(a, i) != bit(b, i) {
				bits = uint8(i)
				break
			}
		}
		a.Bits = bits
		return value.NetValue(a.Masked(), value.NetCIDR), nil
	}, ex(`"192.168.0.0/22"`, ip("192.168.1.5/24"), ip("192.168.2.5/24")))
	merge.Params = []value.Type{value.TypeInet, value.TypeInet}
	setInet := sqlDef("set_masklen", 2, 2, "set_masklen(inet, int): the address with another mask length (-1: the whole address).", resultOf(value.TypeInet), setMasklen(value.NetInet),
		ex(`"192.168.1.5/16"`, ip1, vi(16)))
	setInet.Params = []value.Type{value.TypeInet, value.TypeInt4}
	setCIDR := sqlDef("cidr_set_masklen", 2, 2, "set_masklen(cidr, int): the network with another mask length (host bits cleared).", resultOf(value.TypeCIDR), setMasklen(value.NetCIDR),
		ex(`"192.168.0.0/16"`, cidr("192.168.1.0/24"), vi(16)))
	plus := sqlDef("inet_plus", 2, 2, "inet + bigint: the address that many further on.", resultOf(value.TypeInet), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
		a, err := inetAdd(args[0].AsInet(), args[1].AsInt())
		return value.NetValue(a, value.NetInet), err
	}, ex(`"192.168.1.10/24"`, ip1, vi(5)))
	minusInt := sqlDef("inet_minus_int", 2, 2, "inet - bigint: the address that many before.", resultOf(value.TypeInet), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
		a, err := inetAdd(args[0].AsInet(), -args[1].AsInt())
		return value.NetValue(a, value.NetInet), err
	}, ex(`"192.168.1.0/24"`, ip1, vi(5)))
	minus := sqlDef("inet_minus", 2, 2, "inet - inet: the difference of the addresses, a bigint.", resultOf(value.TypeInt8), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
		d, err := inetSub(args[0].AsInet(), args[1].AsInet())
		return value.Int(d), err
	}, ex("4", ip1, ip("192.168.1.1")))
	bitwise := func(name, doc string, fn func(x, y byte) byte, e Example) *Func {
		return sqlDef(name, 2, 2, doc, netBitResult, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			x, y := args[0], args[1]
			if x.Net() == value.NotNet || x.Net().IsIP() != y.Net().IsIP() || (!x.Net().IsIP() && len(x.AsMac()) != len(y.AsMac())) {
				// The operators & and | type their operands; a call by
				// name may pass anything.
				return value.None, noSQLFunc(name, args)
			}
			if !x.Net().IsIP() {
				a, b := x.AsMac(), y.AsMac()
				for i := range a {
					a[i] = fn(a[i], b[i])
				}
				return value.MacValue(a), nil
			}
			a, b := x.AsInet(), y.AsInet()
			if a.V6 != b.V6 {
				verb := "AND"
				if name == "net_or" {
					verb = "OR"
				}
				return value.None, errs.New(errs.InvalidParameterValue, "cannot %s inet values of different sizes", verb)
			}
			for i := range a.Addr {
				a.Addr[i] = fn(a.Addr[i], b.Addr[i])
			}
			a.Bits = max(a.Bits, b.Bits)
			return value.NetValue(a, value.NetInet), nil
		}, e)
	}
	return append(fs, merge, setInet, setCIDR, plus, minusInt, minus,
		bitwise("net_and", "inet & inet, macaddr & macaddr: bitwise AND.", func(x, y byte) byte { return x & y },
			ex(`"192.168.1.0"`, ip("192.168.1.5"), ip("255.255.255.0"))),
		bitwise("net_or", "inet | inet, macaddr | macaddr: bitwise OR.", func(x, y byte) byte { return x | y },
			ex(`"192.168.1.255"`, ip("192.168.1.5"), ip("0.0.0.255"))),
		sqlDef("net_not", 1, 1, "~ inet, ~ macaddr: bitwise NOT.", netBitResult, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			if !args[0].Net().IsIP() {
				m := args[0].AsMac()
				for i := range m {
					m[i] = ^m[i]
				}
				return value.MacValue(m), nil
			}
			return value.NetValue(inetNot(args[0].AsInet()), value.NetInet), nil
		}, ex(`"63.87.254.250"`, ip("192.168.1.5"))),
		sqlDef("macaddr_trunc", 1, 1, "trunc(macaddr), trunc(macaddr8): the manufacturer's part, the rest zero.", sameAsFirst, func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			m := args[0].AsMac()
			for i := 3; i < len(m); i++ {
				m[i] = 0
			}
			return value.MacValue(m), nil
		}, ex(`"08:00:2b:00:00:00"`, mac)),
		sqlDef("macaddr8_set7bit", 1, 1, "macaddr8_set7bit(macaddr8): the 7th bit set, for modified EUI-64 in IPv6.", resultOf(value.TypeMacaddr8), func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			m := args[0].AsMac()
			m[0] |= 0x02
			return value.MacValue(m), nil
		}, ex(`"0a:00:2b:01:02:03:04:05"`, mac8)),
	)
}

// netBitResult is the type of & | ~: inet for inet and cidr, else the
// MAC address type.
func netBitResult(args []value.Type) value.Type {
	if len(args) > 0 && args[0].Net.IsIP() {
		return value.TypeInet
	}
	return sameAsFirst(args)
}

// vnet is an example network value.
func vnet(k value.NetKind, s string) value.Value {
	v, err := value.ParseNet(s, k)
	if err != nil {
		panic(err)
	}
	return v
}

// bit is bit i of a's address.
func bit(a value.Inet, i int) bool { return a.Addr[i/8]&(0x80>>(i%8)) != 0 }

// hostmask is the host mask of a's network (bits right of the mask).
func hostmask(a value.Inet) value.Inet {
	m := value.Inet{V6: a.V6, Bits: a.Bits}
	for i := int(a.Bits); i < a.MaxBits(); i++ {
		m.Addr[i/8] |= 0x80 >> (i % 8)
	}
	return m
}

func inetOr(a, b value.Inet) value.Inet {
	for i := range a.Addr[:a.Len()] {
		a.Addr[i] |= b.Addr[i]
	}
	return a
}

func inetNot(a value.Inet) value.Inet {
	for i := range a.Addr[:a.Len()] {
		a.Addr[i] = ^a.Addr[i]
	}
	return a
}

func errNetRange() error { return errs.New(errs.NumericValueOutOfRange, "result is out of range") }

// inetAdd is internal_inetpl: n added to the address, carrying from its
// last byte; an address past either end is out of range.
func inetAdd(a value.Inet, n int64) (value.Inet, error) {
	carry := 0
	for i := a.Len() - 1; i >= 0; i-- {
		c := int(a.Addr[i]) + int(n&0xff) + carry
		a.Addr[i] = byte(c)
		carry = c >> 8
		n >>= 8
	}
	if !(n == 0 && carry == 0 || n == -1 && carry == 1) {
		return a, errNetRange()
	}
	return a, nil
}

// inetSub is inetmi: a - b in two's complement over the address width,
// out of range when it does not fit a bigint.
func inetSub(a, b value.Inet) (int64, error) {
	if a.V6 != b.V6 {
		return 0, errs.New(errs.InvalidParameterValue, "cannot subtract inet values of different sizes")
	}
	var res int64
	carry := 1
	byteNo := 0
	for i := a.Len() - 1; i >= 0; i-- {
		carry = int(a.Addr[i]) + int(^b.Addr[i]) + carry
		lo := int64(carry & 0xff)
		if byteNo < 8 {
			res |= lo << (byteNo * 8)
		} else if res < 0 && lo != 0xff || res >= 0 && lo != 0 {
			return 0, errNetRange()
		}
		carry >>= 8
		byteNo++
	}
	if carry == 0 && byteNo < 8 {
		// Narrower than a bigint: sign-extend the borrow.
		res |= -1 << (byteNo * 8)
	}
	return res, nil
}
