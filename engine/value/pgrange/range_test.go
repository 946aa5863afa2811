package pgrange

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/zerodb/zerodb/errs"
)

func errCode(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return "?" + err.Error()
}

func TestParseMatchesPostgres(t *testing.T) {
	for _, c := range pgParseCases {
		r, err := Parse(c.in, c.kind, time.UTC)
		if err != nil {
			if errCode(err) != c.code {
				t.Errorf("%s %q: error %v, want %q (%s)", c.kind.Name(), c.in, err, c.code, c.out)
			}
			continue
		}
		if got := r.String(); got != c.out || c.code != "" {
			t.Errorf("%s %q = %s, want %q %s", c.kind.Name(), c.in, got, c.out, c.code)
		}
	}
}

func TestOperatorsMatchPostgres(t *testing.T) {
	for _, c := range pgOpCases {
		a, err := Parse(c.a, c.kind, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Parse(c.b, c.kind, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		got, err := apply(a, c.op, b)
		if err != nil {
			if errCode(err) != c.code {
				t.Errorf("%s %s %s: error %v, want %q %q", c.a, c.op, c.b, err, c.out, c.code)
			}
			continue
		}
		if got != c.out || c.code != "" {
			t.Errorf("%s %s %s = %s, want %q %s", c.a, c.op, c.b, got, c.out, c.code)
		}
	}
}

func apply(a Range, op string, b Range) (string, error) {
	boolOp := func(v bool) (string, error) {
		if v {
			return "t", nil
		}
		return "f", nil
	}
	rangeOp := func(r Range, err error) (string, error) {
		if err != nil {
			return "", err
		}
		return r.String(), nil
	}
	switch op {
	case "@>":
		return boolOp(Contains(a, b))
	case "<@":
		return boolOp(Contains(b, a))
	case "&&":
		return boolOp(Overlaps(a, b))
	case "<<":
		return boolOp(Before(a, b))
	case ">>":
		return boolOp(After(a, b))
	case "&<":
		return boolOp(OverLeft(a, b))
	case "&>":
		return boolOp(OverRight(a, b))
	case "-|-":
		return boolOp(Adjacent(a, b))
	case "+":
		return rangeOp(Union(a, b))
	case "*":
		return rangeOp(Intersect(a, b))
	case "-":
		return rangeOp(Minus(a, b))
	case "merge":
		return rangeOp(Merge(a, b))
	case "cmp":
		return strconv.Itoa(Compare(a, b)), nil
	}
	panic(op)
}

// FuzzParse checks that parsing never panics and that accepted input
// prints to a form that parses back to itself.
func FuzzParse(f *testing.F) {
	for _, c := range pgParseCases {
		f.Add(uint8(c.kind), c.in)
	}
	f.Fuzz(func(t *testing.T, k uint8, s string) {
		kind := Kind(k%uint8(TSTZ) + 1)
		r, err := Parse(s, kind, time.UTC)
		if err != nil {
			return
		}
		out := r.String()
		r2, err := Parse(out, kind, time.UTC)
		if err != nil {
			t.Fatalf("%q -> %q does not parse: %v", s, out, err)
		}
		if Compare(r, r2) != 0 || r2.String() != out {
			t.Fatalf("%q -> %q -> %q", s, out, r2.String())
		}
	})
}
