package opt

import (
	"slices"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// ginScan answers a filter with `tsvector @@ tsquery` on a gin index's
// expression (or tsvector column), `jsonb @> jsonb` or `jsonb ? text` on
// a gin index of a jsonb column, `hstore @> hstore`, `<@`, `?`, `?|` or
// `?&` on one of an hstore column, or `array @> array`, `&&`, `<@` or `=`
// on a gin index of an array column (catalog.Index.GINEntries), and a
// query that does not depend on the row: the IndexScan reads the entries
// ginKey names and keeps the whole filter to check on each record.
// Ordered indexes take precedence: the caller asks only when none
// applies.
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
			if key, several := o.ginKey(s.Table, ix, c); key != nil {
				return &plan.IndexScan{Table: s.Table, Alias: s.Alias, Views: s.Views, RowSecurity: s.RowSecurity, Index: ix,
					Spans: []plan.IndexSpan{{Eq: []plan.Expr{key}, EqAny: several}}, Filter: s.Filter, Limit: s.Limit, SQLNulls: true}
			}
		}
	}
	return nil
}

// ginKey is the expression, computed when the statement runs, of the
// entry of gin index ix that every record satisfying c has: the lexeme,
// scalar or key the query requires (sql::tsquery_gin_key,
// sql::jsonb_gin_key, sql::jsonb_gin_exists_key; for a query that
// requires none, every record's entry); or, with several, of the entries one
// of which each such record has (sql::array_gin_keys: an element of the
// query array, or the entry of empty arrays). It is nil when c is no
// condition the index serves.
func (o *optimizer) ginKey(t *catalog.Table, ix *catalog.Index, c plan.Expr) (key plan.Expr, several bool) {
	entries := ix.GINEntries()
	// col is the operand the index holds, q the query, op the array
	// operator (with col on its left) or fn the key's function.
	var col, q plan.Expr
	var at plan.At
	var op, fn string
	switch x := norm(c).(type) {
	case *plan.Call:
		if len(x.Args) != 2 {
			return nil, false
		}
		col, q, at = x.Args[0], x.Args[1], x.At
		switch {
		case x.Fn == "sql::ts_match_vq" && entries == "":
			fn = "sql::tsquery_gin_key"
		case x.Fn == "sql::jsonb_contains" && entries == catalog.GINJSONB:
			fn = "sql::jsonb_gin_key"
		case x.Fn == "sql::jsonb_exists" && entries == catalog.GINJSONB:
			fn = "sql::jsonb_gin_exists_key"
		case entries == catalog.GINHstore && (x.Fn == "sql::hs_contains" || x.Fn == "sql::hs_contained"):
			fn = "sql::hstore_gin_key"
			if x.Fn == "sql::hs_contained" {
				col, q = q, col // q <@ col
			}
		case entries == catalog.GINHstore && (x.Fn == "sql::exist" || x.Fn == "sql::isexists"):
			fn = "sql::hstore_gin_exists_key"
		case entries == catalog.GINHstore && x.Fn == "sql::exists_all":
			fn = "sql::hstore_gin_all_key"
		case entries == catalog.GINHstore && x.Fn == "sql::exists_any":
			if o.partIndex(t, ix, col) != 0 || !o.invariant(q) {
				return nil, false
			}
			return &plan.Call{At: at, Fn: "sql::hstore_gin_any_keys", Args: []plan.Expr{q}, SQL: true}, true
		case x.Fn == "sql::array_contains" && entries == catalog.GINArray:
			op = "@>"
			if o.partIndex(t, ix, q) == 0 {
				col, q, op = q, col, "<@"
			}
		case x.Fn == "sql::array_overlap" && entries == catalog.GINArray:
			op = "&&"
			if o.partIndex(t, ix, q) == 0 {
				col, q = q, col
			}
		default:
			return nil, false
		}
	case *plan.Binary:
		if x.Op != plan.OpEq || !x.SQL || entries != catalog.GINArray {
			return nil, false
		}
		col, q, at, op = x.L, x.R, x.At, "="
		if o.partIndex(t, ix, q) == 0 {
			col, q = q, col
		}
	default:
		return nil, false
	}
	if o.partIndex(t, ix, col) != 0 || !o.invariant(q) {
		return nil, false
	}
	if op == "" {
		return &plan.Call{At: at, Fn: fn, Args: []plan.Expr{q}, SQL: true}, false
	}
	if k, ok := norm(q).(*plan.Const); ok {
		// A constant that would read every record's entry ('{}' for @>)
		// takes no index: the scan reads less.
		if keys, err := builtin.ArrayGINKeys(op, k.V); err == nil && slices.Contains(keys, "") {
			return nil, false
		}
	}
	return &plan.Call{At: at, Fn: "sql::array_gin_keys", Args: []plan.Expr{q, &plan.Const{At: at, V: value.String(op)}}, SQL: true}, true
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
