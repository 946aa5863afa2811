package opt

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// rangeIndexOps are the range operators a gist or spgist index of a range
// column answers, by the builtin the SQL front end calls for each: the
// operator with the column the first argument (as value.RangeIndexBound
// names it), and with the column the second ("" when no operator with
// the column first says the same).
var rangeIndexOps = map[string]struct{ first, second string }{
	"sql::range_overlaps":      {"&&", "&&"},
	"sql::range_contains":      {"@>", "<@"},
	"sql::range_contains_elem": {"@>elem", ""},
	"sql::range_before":        {"<<", ">>"},
	"sql::range_after":         {">>", "<<"},
	"sql::range_overleft":      {"&<", ""},
	"sql::range_overright":     {"&>", ""},
	"sql::range_adjacent":      {"-|-", "-|-"},
}

// rangeScan answers a filter with a range operator (rangeIndexOps)
// between a range column of a gist or spgist index, after the parts the
// filter fixes by equality, and a value that does not depend on the row.
// Such an index is laid out as an ordered index (catalog.Index.Method),
// its ranges in range_cmp's order, by lower bound first: the IndexScan
// reads the entries whose lower bound can satisfy the operator, between
// the ends sql::range_index_bound computes when the statement runs (an
// open end where the query is NULL or unbounded), and checks the whole
// filter on each record. Of several, the one fixing the most parts wins.
func (o *optimizer) rangeScan(s *plan.Scan, cs []plan.Expr) *plan.IndexScan {
	var best *plan.IndexScan
	for i := range s.Table.Indexes {
		ix := &s.Table.Indexes[i]
		if ix.Kind != catalog.IndexBTree || ix.Method != catalog.MethodGiST && ix.Method != catalog.MethodSPGiST || !o.predicateHolds(s.Table, ix, cs) {
			continue
		}
		pcs := o.partConds(s.Table, ix, cs)
		k := 0
		for k < len(ix.Parts)-1 && len(pcs[k].eq) == 1 {
			k++
		}
		if best != nil && len(best.Spans[0].Eq) >= k {
			continue
		}
		for _, c := range cs {
			if sp, ok := o.rangeSpan(s.Table, ix, k, c); ok {
				for j := 0; j < k; j++ {
					sp.Eq = append(sp.Eq, pcs[j].eq[0])
				}
				best = &plan.IndexScan{Table: s.Table, Alias: s.Alias, Views: s.Views, RowSecurity: s.RowSecurity, Index: ix,
					Spans: []plan.IndexSpan{sp}, Filter: s.Filter, Limit: s.Limit}
				break
			}
		}
	}
	return best
}

// rangeSpan is the span of part k of ix (a range column) that condition
// c reads, when c is a range operator between that column and an
// invariant value.
func (o *optimizer) rangeSpan(t *catalog.Table, ix *catalog.Index, k int, c plan.Expr) (plan.IndexSpan, bool) {
	call, ok := norm(c).(*plan.Call)
	if !ok || len(call.Args) != 2 {
		return plan.IndexSpan{}, false
	}
	ops, ok := rangeIndexOps[call.Fn]
	p := ix.Parts[k]
	if !ok || p.Expr != "" || len(p.Path) != 1 {
		return plan.IndexSpan{}, false
	}
	f, _, found := t.FieldByName(p.Path[0])
	if !found || f.Type.Kind != value.KindSQLRange || f.Type.Array {
		return plan.IndexSpan{}, false
	}
	op, q := ops.first, call.Args[1]
	if o.partIndex(t, ix, call.Args[0]) != k || !o.invariant(q) {
		op, q = ops.second, call.Args[0]
		if op == "" || o.partIndex(t, ix, call.Args[1]) != k || !o.invariant(q) {
			return plan.IndexSpan{}, false
		}
	}
	lower := op == ">>" || op == "&>"
	if k, ok := norm(q).(*plan.Const); ok {
		if _, bounded := value.RangeIndexBound(op, k.V, f.Type.Range, lower); !bounded {
			// An unbounded or empty query range: the index would
			// be read whole.
			return plan.IndexSpan{}, false
		}
	}
	bound := func(lower bool) plan.Expr {
		return &plan.Call{At: call.At, Fn: "sql::range_index_bound", SQL: true, Args: []plan.Expr{q,
			&plan.Const{At: call.At, V: value.String(op)}, &plan.Const{At: call.At, V: value.Int(int64(f.Type.Range))},
			&plan.Const{At: call.At, V: value.Bool(lower)}}}
	}
	if lower {
		return plan.IndexSpan{Lo: bound(true), LoInclusive: true}, true
	}
	return plan.IndexSpan{Hi: bound(false), HiInclusive: value.RangeIndexHiInclusive(op)}, true
}
