package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// pg_lsn values are integers of a category of their own (catLSN): they
// compare with each other only, and take PostgreSQL's operators alone.

func isLSN(x texpr) bool { return x.t.LSN && !x.t.Array && !x.unknown }

// lsnOp translates the arithmetic operators on pg_lsn: pg_lsn - pg_lsn
// (numeric), pg_lsn + numeric, numeric + pg_lsn and pg_lsn - numeric
// (pg_lsn); the other arithmetic and bit operators do not exist for it
// (42883), where the integers it is made of would have them. ok is false
// when neither side is pg_lsn or op is another operator (comparisons,
// ||), which the ordinary translation takes.
func (tr *translator) lsnOp(op string, l, r texpr, p int) (texpr, bool, error) {
	l, r = tr.refresh(l), tr.refresh(r)
	if !isLSN(l) && !isLSN(r) {
		return texpr{}, false, nil
	}
	switch op {
	case "+", "-":
	case "*", "/", "%", "^", "&", "|", "#", "<<", ">>":
		return texpr{}, true, noOperator(p, l, op, r)
	default:
		return texpr{}, false, nil
	}
	l0, r0 := l, r
	// numeric reads x as numeric: an unknown literal, an integer or a
	// numeric (a float converts to numeric only by assignment or cast).
	numeric := func(x texpr) (texpr, bool, error) {
		if !x.unknown && (x.t.Array || categoryOf(x.t) != catNumber || x.t.Kind == value.KindFloat) {
			return x, false, nil
		}
		y, err := tr.coerce(x, value.TypeNumeric)
		return y, true, err
	}
	var fn string
	var err error
	switch {
	case op == "-" && isLSN(l) && (isLSN(r) || r.unknown):
		if r, err = tr.coerce(r, value.TypePgLSN); err != nil {
			return texpr{}, true, err
		}
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::pg_lsn_mi", Args: []plan.Expr{l.e, r.e}, SQL: true}, t: value.TypeNumeric}, true, nil
	case isLSN(l):
		fn = "sql::pg_lsn_pli"
		if op == "-" {
			fn = "sql::pg_lsn_mii"
		}
	case op == "+":
		l, r = r, l
		fn = "sql::pg_lsn_pli"
	default:
		return texpr{}, true, noOperator(p, l0, op, r0)
	}
	r, ok, err := numeric(r)
	if err != nil || !ok {
		if err == nil {
			err = noOperator(p, l0, op, r0)
		}
		return texpr{}, true, err
	}
	return texpr{e: &plan.Call{At: at(p), Fn: fn, Args: []plan.Expr{l.e, r.e}, SQL: true}, t: value.TypePgLSN}, true, nil
}
