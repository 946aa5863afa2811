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

// A deep OFFSET skips keys in chunks (skipChunk): the page is the same as
// when the rows are read and dropped, across chunk boundaries, at the end
// of the table and under the scan's own limit.
func TestOffsetSkipsChunks(t *testing.T) {
	f := newFixture(t)
	tb := f.table(&catalog.Table{Name: "u", CreatedBy: "zql"})
	const n = 2*skipChunk + 100
	for lo := int64(0); lo < n; lo += 1000 {
		var rs [][]plan.Expr
		for i := lo; i < min(lo+1000, n); i++ {
			rs = append(rs, row(ki(i), obj("a", ki(i*3))))
		}
		f.mustQuery(&plan.Insert{Table: tb, Input: values(rs...), Key: col(0), Obj: col(1)})
	}
	for _, lim := range []plan.Expr{nil, ki(skipChunk + 10)} {
		in := &plan.Scan{Table: tb, Limit: lim}
		for _, off := range []int64{0, skipChunk - 1, skipChunk, skipChunk + 1, skipChunk + 9, 2 * skipChunk, n - 1, n, n + 5} {
			skipped := f.mustQuery(&plan.Limit{Count: ki(2), Offset: ki(off), Input: project(in, col(0), fld(col(1), "a"))})
			read := f.mustQuery(&plan.Limit{Count: ki(2), Offset: ki(off), Input: project(in, col(0), zbin(plan.OpAdd, fld(col(1), "a"), ki(0)))})
			if render(skipped) != render(read) {
				t.Errorf("scan limit %v, offset %d: skipped\n%s\nread\n%s", lim, off, render(skipped), render(read))
			}
			avail := int64(n)
			if lim != nil {
				avail = skipChunk + 10
			}
			if want := min(2, max(0, avail-off)); int64(len(skipped)) != want {
				t.Errorf("scan limit %v, offset %d: %d rows, want %d", lim, off, len(skipped), want)
			}
		}
	}
}
