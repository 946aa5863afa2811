package catalog

import (
	"slices"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestValidateRelOptions(t *testing.T) {
	for _, tc := range []struct {
		opts      []RelOption
		kind      RelOptKind
		withToast bool
		want      []string
		err       string // the message, when it fails
	}{
		{opts: []RelOption{{Name: "fillfactor", Value: "70", HasValue: true}, {Name: "autovacuum_enabled"}}, kind: RelOptHeap, withToast: true,
			want: []string{"fillfactor=70", "autovacuum_enabled=true"}},
		{opts: []RelOption{{Namespace: "toast", Name: "autovacuum_enabled", Value: "off", HasValue: true}}, kind: RelOptHeap, withToast: true,
			want: []string{"toast.autovacuum_enabled=off"}},
		{opts: []RelOption{{Namespace: "toast", Name: "fillfactor", Value: "70", HasValue: true}}, kind: RelOptHeap, withToast: true,
			err: `unrecognized parameter "fillfactor"`},
		{opts: []RelOption{{Namespace: "toast", Name: "fillfactor", Value: "70", HasValue: true}}, kind: RelOptBTree,
			err: `unrecognized parameter namespace "toast"`},
		{opts: []RelOption{{Name: "fillfactor", Value: "50.5", HasValue: true}}, kind: RelOptBTree, want: []string{"fillfactor=50.5"}},
		{opts: []RelOption{{Name: "fillfactor", Value: "100.6", HasValue: true}}, kind: RelOptBTree, err: `value 100.6 out of bounds for option "fillfactor"`},
		{opts: []RelOption{{Name: "fillfactor", Value: "1e10", HasValue: true}}, kind: RelOptHeap, err: `invalid value for integer option "fillfactor": 1e10`},
		{opts: []RelOption{{Name: "fillfactor"}}, kind: RelOptHeap, err: `invalid value for integer option "fillfactor": true`},
		{opts: []RelOption{{Name: "autovacuum_vacuum_scale_factor", Value: "0.2", HasValue: true}}, kind: RelOptHeap, want: []string{"autovacuum_vacuum_scale_factor=0.2"}},
		{opts: []RelOption{{Name: "vacuum_index_cleanup", Value: "Off", HasValue: true}}, kind: RelOptHeap, want: []string{"vacuum_index_cleanup=Off"}},
		{opts: []RelOption{{Name: "buffering", Value: "x", HasValue: true}}, kind: RelOptGiST, err: `invalid value for enum option "buffering": x`},
		{opts: []RelOption{{Name: "deduplicate_items", Value: "maybe", HasValue: true}}, kind: RelOptBTree, err: `invalid value for boolean option "deduplicate_items": maybe`},
		{opts: []RelOption{{Name: "parallel_workers", Value: "2", HasValue: true}}, kind: 0, err: `unrecognized parameter "parallel_workers"`},
		{opts: []RelOption{{Name: "fillfactor", Value: "60", HasValue: true}}, kind: RelOptHash, want: []string{"fillfactor=60"}},
		{opts: []RelOption{{Name: "fillfactor", Value: "60", HasValue: true}}, kind: RelOptSPGiST, want: []string{"fillfactor=60"}},
		{opts: []RelOption{{Name: "fillfactor", Value: "60", HasValue: true}}, kind: RelOptBRIN, err: `unrecognized parameter "fillfactor"`},
		{opts: []RelOption{{Name: "pages_per_range", Value: "32", HasValue: true}, {Name: "autosummarize"}}, kind: RelOptBRIN,
			want: []string{"pages_per_range=32", "autosummarize=true"}},
		{opts: []RelOption{{Name: "pages_per_range", Value: "0", HasValue: true}}, kind: RelOptBRIN, err: `value 0 out of bounds for option "pages_per_range"`},
		{opts: []RelOption{{Name: "pages_per_range", Value: "32", HasValue: true}}, kind: RelOptHash, err: `unrecognized parameter "pages_per_range"`},
		{opts: []RelOption{{Name: "buffering", Value: "on", HasValue: true}}, kind: RelOptSPGiST, err: `unrecognized parameter "buffering"`},
		{opts: []RelOption{{Name: "fillfactor", Value: "20", HasValue: true}, {Name: "fillfactor", Value: "30", HasValue: true}}, kind: RelOptHeap,
			err: `parameter "fillfactor" specified more than once`},
	} {
		got, err := ValidateRelOptions(tc.opts, tc.kind, tc.withToast)
		if tc.err != "" {
			if err == nil || errs.Code(err) != errs.InvalidParameterValue || errs.From(err).Message != tc.err {
				t.Errorf("%v: got %v, want 22023 %s", tc.opts, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%v: got %v, %v, want %v", tc.opts, got, err, tc.want)
		}
	}
}

func TestMergeRelOptions(t *testing.T) {
	for _, tc := range []struct {
		old, set, reset, want []string
	}{
		{old: []string{"a=1", "b=2"}, set: []string{"a=3", "c=4"}, want: []string{"b=2", "a=3", "c=4"}},
		{old: []string{"a=1", "toast.a=2"}, reset: []string{"toast.a", "x"}, want: []string{"a=1"}},
		{old: []string{"a=1"}, reset: []string{"a"}, want: nil},
	} {
		if got := MergeRelOptions(tc.old, tc.set, tc.reset); !slices.Equal(got, tc.want) {
			t.Errorf("MergeRelOptions(%v, %v, %v) = %v, want %v", tc.old, tc.set, tc.reset, got, tc.want)
		}
	}
}

// FuzzValidateRelOptions: any name and value is a list of options or a
// 22023, never a panic or another error.
func FuzzValidateRelOptions(f *testing.F) {
	f.Add("", "fillfactor", "70", true, uint8(RelOptHeap))
	f.Add("toast", "autovacuum_enabled", "off", true, uint8(RelOptHeap))
	f.Add("", "vacuum_cleanup_index_scale_factor", "1e300", true, uint8(RelOptBTree))
	f.Add("", "buffering", "AUTO", false, uint8(RelOptGiST))
	f.Fuzz(func(t *testing.T, ns, name, v string, has bool, kind uint8) {
		out, err := ValidateRelOptions([]RelOption{{Namespace: ns, Name: name, Value: v, HasValue: has}}, RelOptKind(kind), true)
		if err != nil {
			if errs.Code(err) != errs.InvalidParameterValue {
				t.Fatalf("%q.%q=%q: %v", ns, name, v, err)
			}
			return
		}
		if len(out) != 1 {
			t.Fatalf("%q.%q=%q: %v", ns, name, v, out)
		}
	})
}

func TestIndexAccessMethod(t *testing.T) {
	for _, tc := range []struct {
		ix                  Index
		am                  string
		ordered, rangeScans bool
		relOpts             RelOptKind
	}{
		{ix: Index{Kind: IndexBTree}, am: "btree", ordered: true, rangeScans: true, relOpts: RelOptBTree},
		{ix: Index{Kind: IndexBTree, Method: MethodHash}, am: "hash", relOpts: RelOptHash},
		{ix: Index{Kind: IndexBTree, Method: MethodBRIN}, am: "brin", rangeScans: true, relOpts: RelOptBRIN},
		{ix: Index{Kind: IndexBTree, Method: MethodGiST}, am: "gist", rangeScans: true, relOpts: RelOptGiST},
		{ix: Index{Kind: IndexBTree, Method: MethodSPGiST}, am: "spgist", rangeScans: true, relOpts: RelOptSPGiST},
		{ix: Index{Kind: IndexGIN}, am: "gin", relOpts: RelOptGIN},
		{ix: Index{Kind: IndexTrgm, Options: map[string]string{IndexTrgmMethod: "gist"}}, am: "gist", relOpts: RelOptGiST},
		{ix: Index{Kind: IndexTrgm, Options: map[string]string{IndexTrgmMethod: "gin"}}, am: "gin", relOpts: RelOptGIN},
		{ix: Index{Kind: IndexHNSW}, am: "hnsw"},
	} {
		kind, _ := IndexRelOptKind(&tc.ix)
		if am := tc.ix.AccessMethod(); am != tc.am || tc.ix.Ordered() != tc.ordered || tc.ix.RangeScans() != tc.rangeScans || kind != tc.relOpts {
			t.Errorf("%+v: got %s, ordered %v, ranges %v, reloptions %v; want %s, %v, %v, %v",
				tc.ix, am, tc.ix.Ordered(), tc.ix.RangeScans(), kind, tc.am, tc.ordered, tc.rangeScans, tc.relOpts)
		}
	}
}
