package opt

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
)

// distanceMetrics names the HNSW metric ("l2", "cosine", "ip") each
// distance function orders by, smaller being nearer: pgvector's operators
// (<->, <=>, <#>) as the SQL front end translates them, and ZQL's
// distance functions.
var distanceMetrics = map[string]string{
	"sql::l2_distance":                   "l2",
	"sql::cosine_distance":               "cosine",
	"sql::vector_negative_inner_product": "ip",
	"l2":                                 "l2",
	"cosine":                             "cosine",
}

// vectorSort turns `Sort(distance(col, q) asc, limit k)` over a Scan (or
// a Project over one) of a table with an HNSW index on col under the same
// metric into the same Sort over a VectorSearch of that index: the search
// yields at most k rows, the Sort still orders them exactly. The scan's
// filter moves into the search, which keeps walking the graph until k
// rows pass it. A scan with a key span is left alone (the span is the
// cheaper way in). nil when the rule does not apply; otherwise the Sort
// stays an exact top-k over the table.
func (o *optimizer) vectorSort(s *plan.Sort) plan.Node {
	if s.Limit == nil || len(s.Keys) == 0 || s.Keys[0].Desc || !o.leafInvariant(s.Limit) {
		return nil
	}
	key := s.Keys[0].X
	var scan *plan.Scan
	var proj *plan.Project
	switch in := s.Input.(type) {
	case *plan.Scan:
		scan = in
	case *plan.Project:
		sc, ok := in.Input.(*plan.Scan)
		if !ok {
			return nil
		}
		x, ok := o.substitute(key, in.Exprs)
		if !ok {
			return nil
		}
		scan, proj, key = sc, in, x
	default:
		return nil
	}
	if scan.Span != nil || scan.Limit != nil || scan.Reverse || scan.Table == nil {
		return nil
	}
	call, ok := norm(key).(*plan.Call)
	if !ok || len(call.Args) < 2 {
		return nil
	}
	metric, ok := distanceMetrics[call.Fn]
	if call.Fn == "distance" && len(call.Args) == 3 {
		metric, ok = zqlMetric(call.Args[2])
	} else if len(call.Args) != 2 {
		return nil
	}
	if !ok {
		return nil
	}
	for _, pair := range [2][2]plan.Expr{{call.Args[0], call.Args[1]}, {call.Args[1], call.Args[0]}} {
		path, ok := fieldPath(pair[0])
		if !ok || !o.rowFree(pair[1]) {
			continue
		}
		ix := hnswIndex(scan.Table, path, metric)
		if ix == nil {
			continue
		}
		vs := &plan.VectorSearch{Table: scan.Table, Alias: scan.Alias, Index: ix, Query: pair[1], K: s.Limit, Filter: scan.Filter}
		c := *s
		if proj != nil {
			p := *proj
			p.Input = vs
			c.Input = &p
		} else {
			c.Input = vs
		}
		return &c
	}
	return nil
}

// rowFree: e does not read the scanned row, so the search evaluates it
// once. Unlike invariant it admits uncorrelated subqueries, as in
// pgvector's `ORDER BY v <-> (SELECT v FROM items WHERE id = 1)`.
func (o *optimizer) rowFree(e plan.Expr) bool {
	cols, _ := colUse(e)
	return len(cols) == 0 && o.movable(e)
}

// zqlMetric reads the metric argument of ZQL's distance: @l2, @cosine, or
// @dot (the negative dot product, pgvector's <#>).
func zqlMetric(e plan.Expr) (string, bool) {
	c, ok := norm(e).(*plan.Const)
	if !ok {
		return "", false
	}
	switch c.V.AsString() {
	case "l2":
		return "l2", true
	case "cosine":
		return "cosine", true
	case "dot":
		return "ip", true
	}
	return "", false
}

// fieldPath reads e as a path of fields of the scan row's object (column
// 1), directly or through its record view.
func fieldPath(e plan.Expr) ([]string, bool) {
	var path []string
	for {
		f, ok := norm(e).(*plan.Field)
		if !ok {
			break
		}
		path = append([]string{f.Name}, path...)
		e = f.X
	}
	if len(path) == 0 {
		return nil, false
	}
	switch x := norm(e).(type) {
	case *plan.ColRef:
		return path, isCol(x, 1)
	case *plan.RecordView:
		return path, isCol(x.Key, 0) && isCol(x.Obj, 1)
	}
	return nil, false
}

// hnswIndex finds an HNSW index of t on path under metric.
func hnswIndex(t *catalog.Table, path []string, metric string) *catalog.Index {
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if ix.Kind != catalog.IndexHNSW || ix.Partial() || len(ix.Parts) != 1 || ix.Options["metric"] != metric {
			continue
		}
		if slices.Equal(ix.Parts[0].Path, path) {
			return ix
		}
	}
	return nil
}

// vectorLimited applies vectorSort to the Sort a LIMIT was just pushed
// into (through Projects): the Sort was optimized before it had a limit.
func (o *optimizer) vectorLimited(n plan.Node) plan.Node {
	switch n := n.(type) {
	case *plan.Sort:
		if v := o.vectorSort(n); v != nil {
			return v
		}
	case *plan.Project:
		if in := o.vectorLimited(n.Input); in != n.Input {
			c := *n
			c.Input = in
			return &c
		}
	}
	return n
}
