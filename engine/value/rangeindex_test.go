package value

import (
	"bytes"
	"testing"
)

// TestRangeIndexBound checks, over every int4range and numrange with
// bounds in -1..4 or unbounded (a numrange keeps its exclusive lower
// bounds), that each range r with `r op q` lies between the ends
// RangeIndexBound gives in key order, as an index scan reads them.
func TestRangeIndexBound(t *testing.T) {
	for _, k := range []RangeKind{RangeInt4, RangeNum} {
		testRangeIndexBound(t, k)
	}
}

func testRangeIndexBound(t *testing.T, kind RangeKind) {
	var all []SQLRange
	bounds := []RangeBound{{Inf: true}}
	for i := int64(-1); i <= 4; i++ {
		bounds = append(bounds, RangeBound{Val: Int(i), Inc: true}, RangeBound{Val: Int(i)})
	}
	for _, lo := range bounds {
		for _, hi := range bounds {
			if r, err := MakeRange(kind, lo, hi); err == nil {
				all = append(all, r)
			}
		}
	}
	if len(all) < 100 {
		t.Fatalf("%s: %d ranges", kind.Name(), len(all))
	}
	key := func(v Value) []byte {
		b, err := AppendKey(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ops := []struct {
		op   string
		hold func(r, q SQLRange) bool
	}{
		{"&&", RangeOverlaps}, {"@>", RangeContains}, {"<@", func(r, q SQLRange) bool { return RangeContains(q, r) }},
		{"<<", RangeBefore}, {">>", RangeAfter}, {"&<", RangeOverLeft}, {"&>", RangeOverRight}, {"-|-", RangeAdjacent},
	}
	within := func(op string, q Value, r SQLRange) bool {
		k := key(RangeValue(r))
		if lo, ok := RangeIndexBound(op, q, kind, true); ok && bytes.Compare(k, key(lo)) < 0 {
			return false
		}
		if hi, ok := RangeIndexBound(op, q, kind, false); ok {
			if c := bytes.Compare(k, key(hi)); c > 0 || c == 0 && !RangeIndexHiInclusive(op) {
				return false
			}
		}
		return true
	}
	for _, o := range ops {
		for _, q := range all {
			for _, r := range all {
				if o.hold(r, q) && !within(o.op, RangeValue(q), r) {
					t.Errorf("%s %s %s holds, outside the ends", r, o.op, q)
				}
			}
		}
	}
	for e := int64(-2); e <= 5; e++ {
		for _, r := range all {
			if RangeContainsElem(r, Int(e)) && !within("@>elem", Int(e), r) {
				t.Errorf("%s @> %d holds, outside the ends", r, e)
			}
		}
	}
	// The ends narrow: [3,4) && reads no range starting at 4 or later.
	q := RangeValue(all[0])
	for _, r := range all {
		if r.String() == "[3,4)" {
			q = RangeValue(r)
		}
	}
	for _, r := range all {
		if r.String() == "[4,5)" && within("&&", q, r) {
			t.Errorf("[4,5) within the ends of && %s", q)
		}
	}
}
