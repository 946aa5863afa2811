package value

import (
	"bytes"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

func rangeErrCode(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return "?" + err.Error()
}

func TestRangeParseMatchesPostgres(t *testing.T) {
	for _, c := range pgRangeParseCases {
		r, err := ParseRange(c.in, c.kind, time.UTC)
		if err != nil {
			if rangeErrCode(err) != c.code {
				t.Errorf("%s %q: error %v, want %q (%s)", c.kind.Name(), c.in, err, c.code, c.out)
			}
			continue
		}
		if got := r.String(); got != c.out || c.code != "" {
			t.Errorf("%s %q = %s, want %q %s", c.kind.Name(), c.in, got, c.out, c.code)
		}
	}
}

func TestRangeOperatorsMatchPostgres(t *testing.T) {
	for _, c := range pgRangeOpCases {
		a, err := ParseRange(c.a, c.kind, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseRange(c.b, c.kind, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		got, err := applyRangeOp(a, c.op, b)
		if err != nil {
			if rangeErrCode(err) != c.code {
				t.Errorf("%s %s %s: error %v, want %q %q", c.a, c.op, c.b, err, c.out, c.code)
			}
			continue
		}
		if got != c.out || c.code != "" {
			t.Errorf("%s %s %s = %s, want %q %s", c.a, c.op, c.b, got, c.out, c.code)
		}
	}
}

func applyRangeOp(a SQLRange, op string, b SQLRange) (string, error) {
	boolOp := func(v bool) (string, error) {
		if v {
			return "t", nil
		}
		return "f", nil
	}
	rangeOp := func(r SQLRange, err error) (string, error) {
		if err != nil {
			return "", err
		}
		return r.String(), nil
	}
	switch op {
	case "@>":
		return boolOp(RangeContains(a, b))
	case "<@":
		return boolOp(RangeContains(b, a))
	case "&&":
		return boolOp(RangeOverlaps(a, b))
	case "<<":
		return boolOp(RangeBefore(a, b))
	case ">>":
		return boolOp(RangeAfter(a, b))
	case "&<":
		return boolOp(RangeOverLeft(a, b))
	case "&>":
		return boolOp(RangeOverRight(a, b))
	case "-|-":
		return boolOp(RangeAdjacent(a, b))
	case "+":
		return rangeOp(RangeUnion(a, b))
	case "*":
		return rangeOp(RangeIntersect(a, b))
	case "-":
		return rangeOp(RangeMinus(a, b))
	case "merge":
		return rangeOp(RangeMerge(a, b))
	case "cmp":
		return strconv.Itoa(CompareRanges(a, b)), nil
	}
	panic(op)
}

// FuzzParseRange checks that parsing never panics and that accepted input
// prints to a form that parses back to itself.
func FuzzParseRange(f *testing.F) {
	for _, c := range pgRangeParseCases {
		f.Add(uint8(c.kind), c.in)
	}
	f.Fuzz(func(t *testing.T, k uint8, s string) {
		kind := RangeKind(k%uint8(RangeTSTZ) + 1)
		r, err := ParseRange(s, kind, time.UTC)
		if err != nil {
			return
		}
		out := r.String()
		r2, err := ParseRange(out, kind, time.UTC)
		if err != nil {
			t.Fatalf("%q -> %q does not parse: %v", s, out, err)
		}
		if CompareRanges(r, r2) != 0 || r2.String() != out {
			t.Fatalf("%q -> %q -> %q", s, out, r2.String())
		}
	})
}

func TestRangeValue(t *testing.T) {
	for _, s := range []string{"empty", "[1,5)", "(,5)", "[3,)", "(,)"} {
		r, err := ParseRange(s, RangeInt4, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		v := RangeValue(r)
		back, err := Decode(Encode(nil, v))
		if err != nil || !Equal(back, v) || hashOf(back) != hashOf(v) {
			t.Errorf("%s: decoded %v, %v", s, back, err)
		}
		txt, err := AppendText(nil, back, RangeInt4.Type())
		if err != nil || string(txt) != s {
			t.Errorf("%s: text %q, %v", s, txt, err)
		}
		if TypeOfOID(RangeInt4.OID()).Range != RangeInt4 || RangeInt4.Type().SQLName() != "int4range" {
			t.Errorf("type of oid")
		}
	}
	a, _ := ParseText("[1,5)", RangeInt4.Type())
	b, _ := ParseText("[10,20)", RangeInt4.Type())
	e, _ := ParseText("empty", RangeInt4.Type())
	if Compare(e, a) >= 0 || Compare(a, b) >= 0 {
		t.Errorf("order: empty < [1,5) < [10,20)")
	}
}

// TestRangeKeyOrder checks that range keys order as CompareRanges and
// decode to an equal range (a numeric bound's scale is not in its key,
// as for any numeric key).
func TestRangeKeyOrder(t *testing.T) {
	var vals []Value
	for _, c := range pgRangeParseCases {
		if r, err := ParseRange(c.in, c.kind, time.UTC); err == nil {
			vals = append(vals, RangeValue(r))
		}
	}
	for _, c := range pgRangeOpCases {
		for _, s := range []string{c.a, c.b} {
			r, err := ParseRange(s, c.kind, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			vals = append(vals, RangeValue(r))
		}
	}
	for _, a := range vals {
		ka, err := AppendKey(nil, a)
		if err != nil {
			t.Fatal(err)
		}
		back, rest, err := DecodeKey(ka)
		if err != nil || len(rest) != 0 || CompareRanges(back.AsSQLRange(), a.AsSQLRange()) != 0 {
			t.Fatalf("%v: decoded %v, %v", a.AsSQLRange(), back.AsSQLRange(), err)
		}
		for _, b := range vals {
			if a.AsSQLRange().Kind != b.AsSQLRange().Kind {
				continue
			}
			kb, _ := AppendKey(nil, b)
			if got, want := bytes.Compare(ka, kb), Compare(a, b); got != want {
				t.Fatalf("%v vs %v: keys %d, values %d", a.AsSQLRange(), b.AsSQLRange(), got, want)
			}
		}
	}
}
