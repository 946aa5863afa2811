package zqlfe

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/lang"
)

// nearest builds `s |> nearest(field, query, k)` (zql.md §10): the k
// elements nearest to query, nearest first, each with a `distance` field.
// The metric is the one of an HNSW index of the scanned table on the
// field (the optimizer then searches the index), else l2 (exact).
// Elements whose field is none come last.
func (t *translator) nearest(cs *callSite) (*stream, error) {
	pos := t.fnPos(cs)
	in, err := t.streamOrUnnest(cs.args[0])
	if err != nil {
		return nil, err
	}
	field, err := t.perElem(cs.args[1], in.el)
	if err != nil {
		return nil, err
	}
	q, err := t.expr(cs.args[2])
	if err != nil {
		return nil, err
	}
	k, err := t.expr(cs.args[3])
	if err != nil {
		return nil, err
	}
	metric := "l2"
	if in.el.kind == bindRecord && in.el.table != nil {
		if m, ok := indexMetric(in.el.table, cs.args[1]); ok {
			metric = m
		}
	}
	// SQL: strict, so an element without the field gets distance none
	// (sorted last) instead of an error.
	dist := &plan.Call{At: at(pos), Fn: "distance", Args: []plan.Expr{field, q, &plan.Const{At: at(pos), V: value.Symbol(metric)}}, SQL: true}
	sorted := &plan.Sort{Input: in.node, Keys: []plan.SortKey{{X: dist, NullsFirst: false}}}
	limited := &plan.Limit{Input: sorted, Count: k}
	elem := t.ref(&in.el, pos)
	withDist := &plan.ObjectCons{At: at(pos), Names: []string{"distance"}, Vals: []plan.Expr{dist}, Spread: elem}
	return t.project(limited, withDist), nil
}

// indexMetric finds the ZQL metric of an HNSW index of tb on the field a
// nearest argument names (`.embedding`, `.doc.vec`, `|d| d.embedding`).
func indexMetric(tb *catalog.Table, arg lang.Expr) (string, bool) {
	elem := ""
	if c, ok := arg.(*lang.Closure); ok && len(c.Params) == 1 {
		elem, arg = c.Params[0].Name.Name, c.Body
	}
	var path []string
	for {
		switch f := arg.(type) {
		case *lang.FieldAccess:
			path = append([]string{f.Name}, path...)
			arg = f.X
			continue
		case *lang.Dot:
			if elem == "" {
				return metricOn(tb, path)
			}
		case *lang.Ident:
			if elem != "" && f.Name == elem {
				return metricOn(tb, path)
			}
		}
		return "", false
	}
}

func metricOn(tb *catalog.Table, path []string) (string, bool) {
	for _, ix := range tb.Indexes {
		if ix.Kind != catalog.IndexHNSW || len(ix.Parts) != 1 || !slices.Equal(ix.Parts[0].Path, path) {
			continue
		}
		for zm, im := range zqlIndexMetrics {
			if im == ix.Options["metric"] {
				return zm, true
			}
		}
	}
	return "", false
}
