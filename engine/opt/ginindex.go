package opt

import (
	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// ginScan answers a filter with `tsvector @@ tsquery` on a gin index's
// expression (or tsvector column), or `jsonb @> jsonb` or `jsonb ? text`
// on a gin index of a jsonb column (catalog.Index.JSONBEntries), and a
// query that does not depend on the row: the IndexScan reads the entries
// of the lexeme, scalar or key the query requires (sql::tsquery_gin_key,
// sql::jsonb_gin_key, sql::jsonb_gin_exists_key, computed when the
// statement runs; for a query that requires none, every record's entry)
// and keeps the whole filter to check on each record. Ordered indexes take precedence: the
// caller asks only when none applies.
func (o *optimizer) ginScan(s *plan.Scan, cs []plan.Expr) *plan.IndexScan {
	for i := range s.Table.Indexes {
		ix := &s.Table.Indexes[i]
		if ix.Kind == catalog.IndexTrgm && len(ix.Parts) == 1 && o.predicateHolds(s.Table, ix, cs) {
			if is := o.trgmScan(s, ix, cs); is != nil {
				return is
			}
			continue
		}
		if ix.Kind != catalog.IndexGIN || len(ix.Parts) != 1 || !o.predicateHolds(s.Table, ix, cs) {
			continue
		}
		for _, c := range cs {
			call, ok := norm(c).(*plan.Call)
			if !ok || len(call.Args) != 2 {
				continue
			}
			// The function that names the entry the index reads.
			var keyFn string
			switch {
			case call.Fn == "sql::ts_match_vq" && !ix.JSONBEntries():
				keyFn = "sql::tsquery_gin_key"
			case call.Fn == "sql::jsonb_contains" && ix.JSONBEntries():
				keyFn = "sql::jsonb_gin_key"
			case call.Fn == "sql::jsonb_exists" && ix.JSONBEntries():
				keyFn = "sql::jsonb_gin_exists_key"
			default:
				continue
			}
			if o.partIndex(s.Table, ix, call.Args[0]) != 0 || !o.invariant(call.Args[1]) {
				continue
			}
			p := call.At
			key := &plan.Call{At: p, Fn: keyFn, Args: []plan.Expr{call.Args[1]}, SQL: true}
			return &plan.IndexScan{Table: s.Table, Alias: s.Alias, Views: s.Views, RowSecurity: s.RowSecurity, Index: ix,
				Spans: []plan.IndexSpan{{Eq: []plan.Expr{key}}}, Filter: s.Filter, Limit: s.Limit, SQLNulls: true}
		}
	}
	return nil
}

// trgmScan answers a filter with `text LIKE pattern` or ILIKE on the
// text of a pg_trgm index (catalog.IndexTrgm) and a pattern that does
// not depend on the row: the IndexScan reads the entries of one trigram
// every match has (sql::trgm_like_key, when the statement runs: a
// pattern without one reads every record's entry) and checks the whole
// filter on each record. A constant pattern without a trigram ('%ab%')
// takes no index: the scan reads less.
func (o *optimizer) trgmScan(s *plan.Scan, ix *catalog.Index, cs []plan.Expr) *plan.IndexScan {
	for _, c := range cs {
		b, ok := norm(c).(*plan.Binary)
		if !ok || (b.Op != plan.OpLike && b.Op != plan.OpILike) || !b.SQL {
			continue
		}
		if o.partIndex(s.Table, ix, b.L) != 0 || !o.invariant(b.R) {
			continue
		}
		if k, ok := b.R.(*plan.Const); ok && (k.V.Kind() != value.KindString || builtin.LikeTrigram(k.V.AsString()) == "") {
			continue
		}
		key := &plan.Call{At: b.At, Fn: "sql::trgm_like_key", Args: []plan.Expr{b.R}, SQL: true}
		return &plan.IndexScan{Table: s.Table, Alias: s.Alias, Views: s.Views, RowSecurity: s.RowSecurity, Index: ix,
			Spans: []plan.IndexSpan{{Eq: []plan.Expr{key}}}, Filter: s.Filter, Limit: s.Limit, SQLNulls: true}
	}
	return nil
}
