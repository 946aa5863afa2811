package catalog

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
)

// The partitions PostgreSQL 15 put these keys in (tableoid of rows
// inserted into a table partitioned by hash with the given modulus).
func TestPartitionHashMatchesPostgres(t *testing.T) {
	ints := map[int64]uint64{-5: 1, -4: 2, -3: 1, -2: 1, -1: 2, 0: 2, 1: 2, 2: 0, 3: 1, 4: 0, 5: 2, 6: 0, 7: 1, 8: 0, 9: 2, 10: 1, 11: 2, 12: 2}
	for k, want := range ints {
		for _, ty := range []value.Type{{Kind: value.KindInt, Width: value.I32}, {Kind: value.KindInt, Width: value.I64}} {
			h, ok := PartitionHashOf(value.Int(k), ty)
			if !ok || h%3 != want {
				t.Errorf("int %d: remainder %d (ok %v), PostgreSQL's %d", k, h%3, ok, want)
			}
		}
	}
	texts := map[string]uint64{"": 0, "a": 0, "abc": 1, "abcd": 1, "abcdefghijkl": 1, "abcdefghijklmnopq": 0,
		"hello world": 0, "x": 1, "yy": 0, "zzz": 0}
	for s, want := range texts {
		h, ok := PartitionHashOf(value.String(s), value.Type{Kind: value.KindString})
		if !ok || h%2 != want {
			t.Errorf("text %q: remainder %d (ok %v), PostgreSQL's %d", s, h%2, ok, want)
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
		if got := ps.Route(v); got != nil {
			if ok, err := ps.Holds(got, v); err != nil || !ok {
				t.Fatalf("Route(%v) = %s, whose bound does not take it (%v)", v, got.Name, err)
			}
		}
		for _, op := range []string{"=", "<", "<=", ">", ">="} {
			ps.Excludes(parts[0], op, v)
		}
		_, _ = ps.Overlap(&PartitionBound{From: []PartitionDatum{{Text: other}}, To: []PartitionDatum{{Kind: DatumMaxValue}}})
	})
}
