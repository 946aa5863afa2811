package builtin

import (
	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// lsnFuncs are pg_lsn's functions and the ones behind its operators,
// which the SQL front end calls: pg_lsn - pg_lsn and pg_wal_lsn_diff
// are the bytes between two positions (numeric, negative when the first
// is earlier), pg_lsn + numeric and pg_lsn - numeric move a position
// (the sum rounded to an integer, 22023 outside pg_lsn's range, 0A000
// for NaN and infinity, as in PostgreSQL).
func lsnFuncs() []*Func {
	lsn, numeric := value.TypePgLSN, value.TypeNumeric
	diff := sqlDef("pg_wal_lsn_diff", 2, 2, "pg_wal_lsn_diff(a, b): the bytes from position b to a (numeric).", resultOf(numeric),
		func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return lsnDiff(args[0], args[1]), nil
		}, ex(`4294967295`, value.LSN(1<<32), value.LSN(1)))
	diff.Strict, diff.Pure, diff.Params = true, true, []value.Type{lsn, lsn}
	minus := sqlDef("pg_lsn_mi", 2, 2, "pg_lsn - pg_lsn: the bytes between two positions (numeric).", resultOf(numeric),
		func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return lsnDiff(args[0], args[1]), nil
		}, ex(`-15`, value.LSN(1), value.LSN(16)))
	plus := sqlDef("pg_lsn_pli", 2, 2, "pg_lsn + numeric: the position that many bytes later.", resultOf(lsn),
		func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return lsnMove(args[0], args[1], false)
		}, ex(`17`, value.LSN(16), value.Int(1)), exErr(errs.InvalidParameterValue, value.LSN(1<<64-1), value.Int(1)))
	sub := sqlDef("pg_lsn_mii", 2, 2, "pg_lsn - numeric: the position that many bytes earlier.", resultOf(lsn),
		func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return lsnMove(args[0], args[1], true)
		}, ex(`15`, value.LSN(16), value.Int(1)), exErr(errs.InvalidParameterValue, value.LSN(0), value.Int(1)))
	text := sqlDef("pg_lsn_text", 1, 1, "pg_lsn as text: the two halves in hexadecimal, 16/B374D848.", resultOf(value.TypeText),
		func(_ string, _ *Context, args []value.Value) (value.Value, error) {
			return value.String(string(value.AppendLSN(nil, lsnOf(args[0])))), nil
		}, ex(`"1/A"`, value.LSN(1<<32|10)))
	for _, f := range []*Func{minus, plus, sub, text} {
		f.Strict, f.Pure = true, true
	}
	return []*Func{diff, minus, plus, sub, text}
}

// lsnOf is the position a pg_lsn value holds.
func lsnOf(v value.Value) uint64 { return uint64(v.AsInt()) }

func lsnDecimal(n uint64) *apd.Decimal {
	var d apd.Decimal
	d.Coeff.SetUint64(n)
	return &d
}

func lsnDiff(a, b value.Value) value.Value {
	var d apd.Decimal
	_, _ = apd.BaseContext.Sub(&d, lsnDecimal(lsnOf(a)), lsnDecimal(lsnOf(b)))
	return value.Decimal(&d)
}

// lsnMove is pos + n (pos - n with sub), rounded half away from zero.
func lsnMove(pos, n value.Value, sub bool) (value.Value, error) {
	nd, err := value.Convert(n, value.TypeNumeric)
	if err != nil {
		return value.None, err
	}
	d := nd.AsDecimal()
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		if sub {
			return value.None, errs.New(errs.FeatureNotSupported, "cannot subtract NaN from pg_lsn")
		}
		return value.None, errs.New(errs.FeatureNotSupported, "cannot add NaN to pg_lsn")
	case apd.Infinite:
		return value.None, errs.New(errs.FeatureNotSupported, "cannot convert infinity to pg_lsn")
	}
	ctx := apd.BaseContext.WithPrecision(200)
	ctx.Rounding = apd.RoundHalfUp // away from zero, as PostgreSQL's numeric rounds
	var sum, r apd.Decimal
	if sub {
		_, err = ctx.Sub(&sum, lsnDecimal(lsnOf(pos)), d)
	} else {
		_, err = ctx.Add(&sum, lsnDecimal(lsnOf(pos)), d)
	}
	if err == nil {
		_, err = ctx.Quantize(&r, &sum, 0)
	}
	if err != nil || r.Negative && !r.IsZero() || r.Coeff.BitLen() > 64 {
		return value.None, errs.New(errs.InvalidParameterValue, "pg_lsn out of range")
	}
	return value.LSN(r.Coeff.Uint64()), nil
}
