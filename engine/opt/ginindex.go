package opt

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
)

// ginScan answers a filter with `tsvector @@ tsquery` on a gin index's
// expression (or tsvector column) and a query that does not depend on
// the row: the IndexScan reads the entries of the lexeme the query
// requires (sql::tsquery_gin_key, computed when the statement runs; for
// a query that requires none, every record's entry) and keeps the whole
// filter to check on each record. Ordered indexes take precedence: the
// caller asks only when none applies.
func (o *optimizer) ginScan(s *plan.Scan, cs []plan.Expr) *plan.IndexScan {
	for i := range s.Table.Indexes {
		ix := &s.Table.Indexes[i]
		if ix.Kind != catalog.IndexGIN || len(ix.Parts) != 1 || !o.predicateHolds(s.Table, ix, cs) {
			continue
		}
		for _, c := range cs {
			call, ok := norm(c).(*plan.Call)
			if !ok || call.Fn != "sql::ts_match_vq" || len(call.Args) != 2 {
				continue
			}
			if o.partIndex(s.Table, ix, call.Args[0]) != 0 || !o.invariant(call.Args[1]) {
				continue
			}
			p := call.At
			key := &plan.Call{At: p, Fn: "sql::tsquery_gin_key", Args: []plan.Expr{call.Args[1]}, SQL: true}
			return &plan.IndexScan{Table: s.Table, Alias: s.Alias, Views: s.Views, Index: ix,
				Spans: []plan.IndexSpan{{Eq: []plan.Expr{key}}}, Filter: s.Filter, Limit: s.Limit, SQLNulls: true}
		}
	}
	return nil
}
