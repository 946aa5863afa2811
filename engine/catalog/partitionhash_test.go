package catalog

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// The partitions PostgreSQL 15 put these keys in (tableoid of rows
// inserted into a table partitioned by hash with the given modulus).
func TestPartitionHashMatchesPostgres(t *testing.T) {
	ints := map[int64]uint64{-5: 1, -4: 2, -3: 1, -2: 1, -1: 2, 0: 2, 1: 2, 2: 0, 3: 1, 4: 0, 5: 2, 6: 0, 7: 1, 8: 0, 9: 2, 10: 1, 11: 2, 12: 2}
	for k, want := range ints {
		for _, ty := range []value.Type{{Kind: value.KindInt, Width: value.I32}, {Kind: value.KindInt, Width: value.I64}} {
			h, ok := PartitionHashOf([]value.Value{value.Int(k)}, []value.Type{ty})
			if !ok || h%3 != want {
				t.Errorf("int %d: remainder %d (ok %v), PostgreSQL's %d", k, h%3, ok, want)
			}
		}
	}
	texts := map[string]uint64{"": 0, "a": 0, "abc": 1, "abcd": 1, "abcdefghijkl": 1, "abcdefghijklmnopq": 0,
		"hello world": 0, "x": 1, "yy": 0, "zzz": 0}
	for s, want := range texts {
		h, ok := PartitionHashOf([]value.Value{value.String(s)}, []value.Type{{Kind: value.KindString}})
		if !ok || h%2 != want {
			t.Errorf("text %q: remainder %d (ok %v), PostgreSQL's %d", s, h%2, ok, want)
		}
	}
}

// Keys of two columns (int, text), NULLs among them, and the partition
// of modulus 3 PostgreSQL 15 put them in.
func TestPartitionHashOfTwoColumnsMatchesPostgres(t *testing.T) {
	typs := []value.Type{{Kind: value.KindInt, Width: value.I32}, {Kind: value.KindString}}
	cases := []struct {
		a    any
		b    any
		want uint64
	}{
		{3, "x3", 0}, {6, "x6", 0}, {8, "x8", 0}, {11, "x11", 0}, {12, "x12", 0}, {nil, nil, 0},
		{2, "x2", 1}, {4, "x4", 1}, {7, "x7", 1},
		{1, "x1", 2}, {1, nil, 2}, {5, "x5", 2}, {9, "x9", 2}, {10, "x10", 2}, {nil, "a", 2},
	}
	for _, c := range cases {
		key := []value.Value{value.None, value.None}
		if a, ok := c.a.(int); ok {
			key[0] = value.Int(int64(a))
		}
		if b, ok := c.b.(string); ok {
			key[1] = value.String(b)
		}
		if h, ok := PartitionHashOf(key, typs); !ok || h%3 != c.want {
			t.Errorf("(%v, %v): remainder %d (ok %v), PostgreSQL's %d", c.a, c.b, h%3, ok, c.want)
		}
	}
}

// FuzzPartitions: bounds of any text (a corrupt descriptor's, say) and
// any key never make the partitioning panic; a row goes to at most the
// partition Route names, and that one's bound takes it.
func FuzzPartitions(f *testing.F) {
	f.Add("r", "1", "10", "5", "x")
	f.Add("l", "a", "b", "a", "")
	f.Add("h", "3", "1", "7", "2")
	f.Fuzz(func(t *testing.T, strategy, a, b, key, other string) {
		typ := value.Type{Kind: value.KindInt, Width: value.I32}
		if strategy == "l" {
			typ = value.TypeText
		}
		parent := &Table{Name: "p", Fields: []Field{{Name: "k", Type: typ}},
			Partitioned: &PartitionKey{Strategy: strategy, Columns: []string{"k"}}}
		bound := &PartitionBound{From: []PartitionDatum{{Text: a}}, To: []PartitionDatum{{Text: b}}}
		switch strategy {
		case PartitionList:
			bound = &PartitionBound{In: []PartitionDatum{{Text: a}, {Text: b}, {Kind: DatumNull}}}
		case PartitionHash:
			bound = &PartitionBound{Modulus: len(a) + 1, Remainder: len(b) % (len(a) + 1)}
		}
		parts := []*Table{{Name: "p1", Bound: bound}, {Name: "pd", Bound: &PartitionBound{Default: true}}}
		ps, err := PartitionsOf(parent, parts)
		if err != nil {
			return
		}
		v, err := value.ParseText(key, typ)
		if err != nil {
			v = value.None
		}
		row := []value.Value{v}
		if got := ps.Route(row); got != nil {
			if ok, err := ps.Holds(got, row); err != nil || !ok {
				t.Fatalf("Route(%v) = %s, whose bound does not take it (%v)", v, got.Name, err)
			}
		}
		for _, op := range []string{"=", "<", "<=", ">", ">="} {
			ps.Excludes(parts[0], []KeyCond{{Op: op, V: v}})
		}
		_, _ = ps.Overlap(&PartitionBound{From: []PartitionDatum{{Text: other}}, To: []PartitionDatum{{Kind: DatumMaxValue}}})
	})
}

// Excludes of a range key of two columns: a prefix of equalities and a
// comparison of the next column prune, as PostgreSQL prunes.
func TestExcludesRangeOfTwoColumns(t *testing.T) {
	typs := []value.Type{{Kind: value.KindInt, Width: value.I32}, {Kind: value.KindString}}
	parent := &Table{Name: "p", Fields: []Field{{Name: "a", Type: typs[0]}, {Name: "b", Type: typs[1]}},
		Partitioned: &PartitionKey{Strategy: PartitionRange, Columns: []string{"a", "b"}}}
	v := func(x string) PartitionDatum { return PartitionDatum{Text: x} }
	s := v
	lo, hi := PartitionDatum{Kind: DatumMinValue}, PartitionDatum{Kind: DatumMaxValue}
	parts := []*Table{
		{Name: "p1", Bound: &PartitionBound{From: []PartitionDatum{lo, lo}, To: []PartitionDatum{v("10"), s("m")}}},
		{Name: "p2", Bound: &PartitionBound{From: []PartitionDatum{v("10"), s("m")}, To: []PartitionDatum{v("10"), hi}}},
		{Name: "p3", Bound: &PartitionBound{From: []PartitionDatum{v("10"), hi}, To: []PartitionDatum{hi, hi}}},
	}
	ps, err := PartitionsOf(parent, parts)
	if err != nil {
		t.Fatal(err)
	}
	a := func(op string, x int64) KeyCond { return KeyCond{Col: 0, Op: op, V: value.Int(x)} }
	b := func(op, x string) KeyCond { return KeyCond{Col: 1, Op: op, V: value.String(x)} }
	for _, c := range []struct {
		conds []KeyCond
		kept  string // the partitions not excluded
	}{
		{[]KeyCond{a("=", 10)}, "p1 p2 p3"},
		{[]KeyCond{a("<", 10)}, "p1"},
		{[]KeyCond{a("<=", 10)}, "p1 p2 p3"},
		{[]KeyCond{a(">", 10)}, "p3"},
		{[]KeyCond{a(">=", 10)}, "p1 p2 p3"},
		{[]KeyCond{a("=", 9)}, "p1"},
		{[]KeyCond{a("=", 10), b("<", "c")}, "p1"},
		{[]KeyCond{a("=", 10), b("=", "m")}, "p2"},
		{[]KeyCond{a("=", 10), b(">=", "m")}, "p2 p3"},
		{[]KeyCond{a("=", 10), b("<", "m")}, "p1"},
		{[]KeyCond{a("=", 10), b("<=", "m")}, "p1 p2"},
		{[]KeyCond{b("=", "a")}, "p1 p2 p3"}, // no prefix: no pruning
		{[]KeyCond{a("=", 11), b("=", "a")}, "p3"},
	} {
		var kept []string
		for _, p := range parts {
			if !ps.Excludes(p, c.conds) {
				kept = append(kept, p.Name)
			}
		}
		if got := strings.Join(kept, " "); got != c.kept {
			t.Errorf("%v: kept %q, want %q", c.conds, got, c.kept)
		}
	}
}

// FuzzRangeRows: range bounds of two columns of any text, MINVALUE or
// MAXVALUE, and any key: Route's partition's bound takes the key, and
// pruning never excludes the partition a key of its conditions routes
// to.
func FuzzRangeRows(f *testing.F) {
	f.Add("1", "a", "10", "m", 5, "x", uint8(0))
	f.Add("10", "m", "", "", 10, "zz", uint8(3))
	f.Fuzz(func(t *testing.T, a1, b1, a2, b2 string, ka int, kb string, infs uint8) {
		typs := []value.Type{{Kind: value.KindInt, Width: value.I32}, {Kind: value.KindString}}
		parent := &Table{Name: "p", Fields: []Field{{Name: "a", Type: typs[0]}, {Name: "b", Type: typs[1]}},
			Partitioned: &PartitionKey{Strategy: PartitionRange, Columns: []string{"a", "b"}}}
		datum := func(text string, bit uint8) PartitionDatum {
			switch {
			case infs&(1<<bit) != 0:
				return PartitionDatum{Kind: DatumMinValue}
			case infs&(1<<(bit+4)) != 0:
				return PartitionDatum{Kind: DatumMaxValue}
			}
			return PartitionDatum{Text: text}
		}
		bound := &PartitionBound{From: []PartitionDatum{datum(a1, 0), datum(b1, 1)}, To: []PartitionDatum{datum(a2, 2), datum(b2, 3)}}
		parts := []*Table{{Name: "p1", Bound: bound}, {Name: "pd", Bound: &PartitionBound{Default: true}}}
		ps, err := PartitionsOf(parent, parts)
		if err != nil {
			return
		}
		row := []value.Value{value.Int(int64(ka)), value.String(kb)}
		got := ps.Route(row)
		if ok, err := ps.Holds(got, row); err != nil || !ok {
			t.Fatalf("Route(%v) = %s, whose bound does not take it (%v)", row, got.Name, err)
		}
		for _, op := range []string{"=", "<=", ">="} {
			conds := []KeyCond{{Col: 0, Op: "=", V: row[0]}, {Col: 1, Op: op, V: row[1]}}
			if ps.Excludes(got, conds) {
				t.Fatalf("%v excludes %s, where %v goes", conds, got.Name, row)
			}
		}
		_ = RangeEmpty(bound.From, bound.To, typs)
	})
}
