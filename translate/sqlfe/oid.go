package sqlfe

import (
	"math"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// oid (value.TypeOid) is an unsigned 32-bit number held as an int8. It
// stays in the numbers' category, as PostgreSQL's is: the integers
// convert to it implicitly, so it compares with them, takes their place
// in CASE, UNION and the like, and sorts as a number. It converts to no
// other number implicitly, so PostgreSQL has no arithmetic, numeric
// functions or numeric aggregates of it (42883): those are refused here,
// where the integers it is made of would take them.

// isOid reports an expression of type oid.
func isOid(x texpr) bool { return !x.unknown && isOidType(x.t) }

// isOidType reports type oid (not the reg* types, also integers with an
// OID of their own).
func isOidType(t value.Type) bool { return t.Kind == value.KindInt && t.RegOID == value.OIDOid }

// oidOp refuses the arithmetic and bit operators with an oid operand:
// PostgreSQL has only comparisons of oid (oid + 1 is 42883). ok is false
// for other operators and operands.
func (tr *translator) oidOp(op string, l, r texpr, p int) (texpr, bool, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	if !isOid(l) && !isOid(r) {
		return texpr{}, false, nil
	}
	switch op {
	case "+", "-", "*", "/", "%", "^", "&", "|", "#", "<<", ">>":
		return texpr{}, true, noOperator(p, l, op, r)
	}
	return texpr{}, false, nil
}

// oidPair gives the integer compared with an oid the oid's type, as
// PostgreSQL's implicit cast does (4294967295::oid = -1 is true: an
// integer's four bytes are the oid). A bigint that is not a constant is
// compared as it is: the catalogs' oid columns are bigint here, and a
// cast would only add PostgreSQL's error for a bigint no oid can equal.
// There is no comparison of oid with numeric or floating point numbers.
func (tr *translator) oidPair(l, r texpr, name string, p int) (texpr, texpr, error) {
	if isOid(l) == isOid(r) {
		return l, r, nil
	}
	o := &r
	if isOid(r) {
		o = &l
	}
	if o.unknown || categoryOf(o.t) != catNumber {
		return l, r, nil
	}
	if o.t.Kind != value.KindInt {
		return l, r, noOperator(p, l, name, r)
	}
	if o.t.RegOID != 0 {
		return l, r, nil // a reg* type converts to oid as it is
	}
	_, isConst := o.e.(*plan.Const)
	_, lit := tr.literal(o.e)
	if o.t.Width == value.I64 && !isConst && !lit {
		return l, r, nil
	}
	var err error
	*o, err = tr.cast(*o, value.TypeOid, p)
	return l, r, err
}

// castToOid is the explicit cast of x to oid: an integer's (negative
// int2 and int4 values wrap, a bigint must be in range), oidin of text,
// a reg* value's OID.
func (tr *translator) castToOid(x texpr, p int) (texpr, error) {
	switch {
	case isOid(x):
		return x, nil
	case x.unknown:
		return tr.coerce(x, value.TypeOid)
	case categoryOf(x.t) == catNumber && x.t.Kind == value.KindInt:
		return tr.cast(x, value.TypeOid, p)
	case categoryOf(x.t) == catString:
		// The catalogs' regproc columns hold function names; as oid
		// they are the functions' OIDs (pg_dump reads
		// pg_operator.oprcode::oid).
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::zerodb.regprocoid", Args: []plan.Expr{x.e}, SQL: true}, t: value.TypeOid}, nil
	}
	return texpr{}, errAt(errs.CannotCoerce, p, "cannot cast type %s to oid", typeName(x))
}

// castFromOid is the explicit cast of oid x to t: to bigint (the same
// number), to integer (the same four bytes: 4294967295 is -1), to the
// string types (its text). PostgreSQL has no other cast of oid.
func (tr *translator) castFromOid(x texpr, t value.Type, p int) (texpr, error) {
	switch {
	case isOidType(t):
		return x, nil
	case categoryOf(t) == catString:
		return tr.cast(x, t, p)
	case categoryOf(t) != catNumber || t.Kind != value.KindInt || t.RegOID != 0:
	case t.Width == value.I64:
		return texpr{e: x.e, t: t}, nil
	case t.Width == value.I32:
		if c, ok := x.e.(*plan.Const); ok {
			v := c.V
			if !v.IsSQLNull() {
				v = value.IntW(int64(int32(uint32(v.AsInt()))), value.I32)
			}
			return texpr{e: &plan.Const{At: c.At, V: v}, t: t}, nil
		}
		// (x + 2^31) % 2^32 - 2^31 in bigint is x's four bytes read as
		// a signed number.
		half := &plan.Const{At: at(p), V: value.Int(math.MaxInt32 + 1)}
		full := &plan.Const{At: at(p), V: value.Int(math.MaxUint32 + 1)}
		e := &plan.Binary{At: at(p), Op: plan.OpAdd, L: x.e, R: half, SQL: true}
		e = &plan.Binary{At: at(p), Op: plan.OpMod, L: e, R: full, SQL: true}
		e = &plan.Binary{At: at(p), Op: plan.OpSub, L: e, R: half, SQL: true}
		return texpr{e: &plan.Cast{At: at(p), X: e, To: t}, t: t}, nil
	}
	return texpr{}, errAt(errs.CannotCoerce, p, "cannot cast type oid to %s", sqlTypeName(t))
}

// oidRefused reports a call of a numeric function with an oid argument,
// which PostgreSQL's have no signature for (abs(oid) is 42883).
func oidRefused(name string, args []texpr) bool {
	switch name {
	case "abs", "cbrt", "ceil", "ceiling", "degrees", "div", "exp", "factorial", "floor", "gcd", "lcm", "ln", "log", "log10",
		"min_scale", "mod", "power", "pow", "radians", "round", "scale", "sign", "sqrt", "trim_scale", "trunc", "width_bucket",
		"acos", "acosd", "asin", "asind", "atan", "atand", "atan2", "atan2d", "cos", "cosd", "cot", "cotd", "sin", "sind",
		"tan", "tand", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "to_char", "to_hex":
		for _, a := range args {
			if isOid(a) {
				return true
			}
		}
	}
	return false
}
