package exec

import (
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
)

// TestOffsetSkips checks that LIMIT/OFFSET answers the same whether the
// offset rows are skipped by the scan (plain reads) or read and dropped
// (a computed column), through a table scan and an ordered index scan.
func TestOffsetSkips(t *testing.T) {
	f := newFixture(t)
	f.table(&catalog.Table{Name: "t", CreatedBy: "zql"})
	f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_a", Kind: catalog.IndexBTree,
		Parts: []catalog.IndexPart{{Path: []string{"a"}}}}})
	tb := f.tableNamed("t")
	for i := int64(0); i < 10; i++ {
		f.mustInsert(tb, ki(i), obj("a", ki(9-i)))
	}
	ix := &tb.Indexes[0]
	inputs := map[string]plan.Node{
		"scan":       scanOf(tb),
		"index scan": &plan.IndexScan{Table: tb, Index: ix},
		"reverse":    &plan.Reverse{Input: &plan.IndexScan{Table: tb, Index: ix, Reverse: true}},
	}
	for name, in := range inputs {
		for _, off := range []int64{0, 3, 9, 10, 12} {
			skipped := f.mustQuery(&plan.Limit{Count: ki(2), Offset: ki(off), Input: project(in, col(0), fld(col(1), "a"))})
			read := f.mustQuery(&plan.Limit{Count: ki(2), Offset: ki(off), Input: project(in, col(0), zbin(plan.OpAdd, fld(col(1), "a"), ki(0)))})
			if render(skipped) != render(read) {
				t.Errorf("%s offset %d: skipped\n%s\nread\n%s", name, off, render(skipped), render(read))
			}
			if want := min(2, max(0, 10-off)); int64(len(read)) != want {
				t.Errorf("%s offset %d: %d rows, want %d", name, off, len(read), want)
			}
		}
	}
}
