package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// SQL's network address types (value/net.go; the functions in
// engine/builtin/sql_net.go). inet and cidr are one category: cidr
// converts to inet implicitly, so every inet operator and function takes
// both, and an unknown operand beside one is read as inet. macaddr and
// macaddr8 are each their own.

// isNet reports a typed operand of a network type.
func isNet(x texpr) bool { return !x.unknown && x.t.Kind == value.KindNet && !x.t.Array }

// isIP reports a typed inet or cidr operand.
func isIP(x texpr) bool { return isNet(x) && x.t.Net.IsIP() }

// netFuncs are the functions of one or two inet arguments and the
// builtin each calls; abbrev and set_masklen have their own for cidr.
var netFuncs = map[string]struct {
	fn, cidrFn string
	args       int
}{
	"abbrev": {"abbrev", "cidr_abbrev", 1}, "broadcast": {"broadcast", "", 1},
	"family": {"family", "", 1}, "host": {"host", "", 1}, "hostmask": {"hostmask", "", 1},
	"masklen": {"masklen", "", 1}, "netmask": {"netmask", "", 1}, "network": {"network", "", 1},
	"inet_merge": {"inet_merge", "", 2}, "inet_same_family": {"inet_same_family", "", 2},
	"set_masklen": {"set_masklen", "cidr_set_masklen", 2},
}

// netCall translates the functions of the network types; ok is false
// for other calls. Unknown arguments were read as the builtin's
// parameter types already (funcCall).
func (tr *translator) netCall(name string, args []texpr, p int) (texpr, bool, error) {
	switch name {
	case "text":
		switch {
		case len(args) != 1:
		case isIP(args[0]):
			x, err := tr.call("inet_text", args, p)
			return x, true, err
		case !args[0].unknown && categoryOf(args[0].t) == catXML:
			// text(xml): its text as stored.
			x, err := tr.cast(args[0], value.TypeText, p)
			return x, true, err
		case args[0].unknown || categoryOf(args[0].t) == catString:
			// text(text), which a quoted literal resolves to.
			x, err := tr.coerce(args[0], value.TypeText)
			return x, true, err
		}
		return texpr{}, false, nil
	case "trunc":
		if len(args) == 1 && isNet(args[0]) && !args[0].t.Net.IsIP() {
			x, err := tr.call("macaddr_trunc", args, p)
			return x, true, err
		}
		return texpr{}, false, nil
	case "macaddr8_set7bit":
		if len(args) != 1 || !isNet(args[0]) || args[0].t.Net.IsIP() {
			return texpr{}, true, noFunction(p, name, args)
		}
		// macaddr converts to macaddr8 implicitly.
		a, err := tr.coerce(args[0], value.TypeMacaddr8)
		if err != nil {
			return texpr{}, true, err
		}
		x, err := tr.call(name, []texpr{a}, p)
		return x, true, err
	}
	f, ok := netFuncs[name]
	if !ok {
		return texpr{}, false, nil
	}
	if len(args) != f.args || !isIP(args[0]) {
		return texpr{}, true, noFunction(p, name, args)
	}
	if f.args == 2 {
		second := isIP(args[1])
		if name == "set_masklen" {
			second = !args[1].unknown && args[1].t.Kind == value.KindInt && numRank(args[1].t) <= 2
		}
		if !second {
			return texpr{}, true, noFunction(p, name, args)
		}
	}
	fn := f.fn
	if f.cidrFn != "" && args[0].t.Net == value.NetCIDR {
		fn = f.cidrFn
	}
	x, err := tr.call(fn, args, p)
	return x, true, err
}

// netOps are the operators of inet (both sides inet) and the builtins
// they call.
var netOps = map[string]string{
	"<<": "inet_sub", "<<=": "inet_subeq", ">>": "inet_sup", ">>=": "inet_supeq",
	"&&": "inet_overlap", "&": "net_and", "|": "net_or",
}

// netOp translates an operator with a network operand; ok is false when
// neither operand is one.
func (tr *translator) netOp(op string, l, r texpr, p int) (texpr, bool, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	if !isNet(l) && !isNet(r) {
		return texpr{}, false, nil
	}
	fn, known := netOps[op]
	if !known && op != "+" && op != "-" {
		return texpr{}, false, nil
	}
	l0, r0 := l, r
	var err error
	readAs := func(x *texpr, t value.Type) {
		if err == nil && x.unknown {
			*x, err = tr.coerce(*x, t)
		}
	}
	isInt := func(x texpr) bool { return !x.unknown && x.t.Kind == value.KindInt && !x.t.Array }
	switch {
	case op == "+" && isIP(l):
		readAs(&r, value.TypeInt8)
		if err == nil && !isInt(r) {
			return texpr{}, true, noOperator(p, l0, op, r0)
		}
		fn = "inet_plus"
	case op == "+" && isIP(r):
		readAs(&l, value.TypeInt8)
		if err == nil && !isInt(l) {
			return texpr{}, true, noOperator(p, l0, op, r0)
		}
		l, r = r, l
		fn = "inet_plus"
	case op == "-" && isIP(l) && isInt(r):
		fn = "inet_minus_int"
	case op == "-":
		fn = "inet_minus"
		fallthrough
	default:
		// Both sides one type: inet (either of inet and cidr), or the
		// same MAC address type.
		t := value.TypeInet
		if isNet(l) && !l.t.Net.IsIP() {
			t = l.t
		} else if isNet(r) && !r.t.Net.IsIP() {
			t = r.t
		}
		readAs(&l, t)
		readAs(&r, t)
		if err != nil {
			return texpr{}, true, err
		}
		ok := isNet(l) && isNet(r) && l.t.Net.IsIP() == t.Net.IsIP() && r.t.Net.IsIP() == t.Net.IsIP()
		if !t.Net.IsIP() {
			ok = ok && l.t.Net == r.t.Net && (op == "&" || op == "|")
		}
		if !ok {
			return texpr{}, true, noOperator(p, l0, op, r0)
		}
	}
	if err != nil {
		return texpr{}, true, err
	}
	x, err := tr.call(fn, []texpr{l, r}, p)
	return x, true, err
}

// netNot translates ~ of a network value; ok is false for other operands.
func (tr *translator) netNot(x texpr, p int) (texpr, bool, error) {
	x = tr.refresh(x)
	if !isNet(x) {
		return texpr{}, false, nil
	}
	r, err := tr.call("net_not", []texpr{x}, p)
	return r, true, err
}

// inetPair makes a comparison's inet and cidr operands both inet, as
// PostgreSQL compares them (cidr's implicit cast): an inet key is then
// looked up with an inet value.
func (tr *translator) inetPair(l, r texpr, p int) (texpr, texpr, error) {
	if !isIP(l) || !isIP(r) || l.t.Net == r.t.Net {
		return l, r, nil
	}
	var err error
	if l.t.Net == value.NetCIDR {
		l, err = tr.cast(l, value.TypeInet, p)
	} else {
		r, err = tr.cast(r, value.TypeInet, p)
	}
	return l, r, err
}

// inetText is text(inet) for a cast of an inet or cidr to a string
// type: the mask length always, unlike the output function.
func inetText(x texpr, p int) texpr {
	if !isIP(x) {
		return x
	}
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::inet_text", Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeText}
}
