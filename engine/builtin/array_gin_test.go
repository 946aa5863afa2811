package builtin

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
)

// TestArrayGINKeys checks the promise the optimizer relies on: whenever
// `a op q` holds, a has the entry of one of q's keys (or a key is "",
// every record's). The elements mix kinds that compare equal (1, 1.0,
// decimal 1.00; text and citext of another case) and NULLs.
func TestArrayGINKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	elems := []value.Value{value.None, value.Int(1), value.Float(1), decimal(t, "1.00"), value.Int(2), value.Float(2.5),
		value.String("a"), value.String("A"), value.CIString("a"), value.String(""), value.String("b")}
	array := func() value.Value {
		xs := make([]value.Value, rng.IntN(4))
		for i := range xs {
			xs[i] = elems[rng.IntN(len(elems))]
		}
		return value.List(xs)
	}
	holds := map[string]func(a, q []value.Value) bool{
		"@>": containsAll,
		"<@": func(a, q []value.Value) bool { return containsAll(q, a) },
		"&&": func(a, q []value.Value) bool {
			return slices.ContainsFunc(q, func(y value.Value) bool { return !y.IsNone() && containsAll(a, []value.Value{y}) })
		},
		"=": func(a, q []value.Value) bool {
			return slices.EqualFunc(a, q, func(x, y value.Value) bool { return x.IsNone() == y.IsNone() && value.Compare(x, y) == 0 })
		},
	}
	for range 20000 {
		a, q := array(), array()
		for op, f := range holds {
			if !f(a.AsList(), q.AsList()) {
				continue
			}
			keys, err := ArrayGINKeys(op, q)
			if err != nil {
				t.Fatal(err)
			}
			words := ArrayGINWords(a)
			if !slices.Contains(keys, "") && !slices.ContainsFunc(keys, func(k string) bool { return slices.Contains(words, k) }) {
				t.Fatalf("%v %s %v holds, but its entries %q miss the keys %q", a, op, q, words, keys)
			}
		}
	}
}

func TestArrayGINKeysCases(t *testing.T) {
	one, a := value.Int(1), value.String("a")
	for _, c := range []struct {
		op   string
		q    []value.Value
		want []string
	}{
		{"@>", nil, []string{""}},                   // every array contains '{}'
		{"@>", []value.Value{one, value.None}, nil}, // none contains NULL
		{"&&", nil, []string{}},                     // none overlaps '{}'
		{"&&", []value.Value{value.None}, []string{}},
		{"<@", nil, []string{arrayGINEmpty}},
		{"<@", []value.Value{value.None}, []string{arrayGINEmpty}},
		{"=", nil, []string{arrayGINEmpty}},
		{"=", []value.Value{value.None}, []string{""}},
		{"&&", []value.Value{a, value.String("A"), a}, ArrayGINWords(value.List([]value.Value{a}))},
	} {
		got, err := ArrayGINKeys(c.op, value.List(c.q))
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s %v: %q, %v; want %q", c.op, c.q, got, err, c.want)
		}
	}
	if _, err := ArrayGINKeys("?", value.List(nil)); err == nil {
		t.Error("an unknown operator is no error")
	}
	if w := ArrayGINWords(value.List([]value.Value{one, value.Float(1), value.None})); len(w) != 2 || w[0] != w[1] {
		t.Errorf("1 and 1.0 have the entries %q", w)
	}
}

func decimal(t *testing.T, s string) value.Value {
	d, _, err := apd.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return value.Decimal(d)
}
