package opt

import (
	"math"
	"slices"
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// Index semi-joins of traversal steps. A step's filter on the vertices it
// reaches (`-> knows -> persons[.age > 60]`, one vertex table named) or
// on its edges (`knows[.since > 2018]`, one edge table named) is checked
// per candidate by reading the candidate's record. When an index of that
// table covers the filter, the step can instead read the keys of the
// qualifying records from the index once (a StepIndex) and keep a
// candidate iff its key is among them: no record read per candidate, or
// only for the candidates kept when the spans do not enforce the filter
// exactly (the residual).
//
// The choice compares costs in the units of index.go: reading a record
// per candidate (indexRowCost each) against reading the qualifying index
// entries (entryCost each, plus intersectCost to set up) and the records
// of the candidates kept when a residual remains. Candidates are
// estimated from the traversal's start (a constant vertex list, a table's
// statistics) times the average degree of each hop: an edge table's row
// count over the vertex table's where both have statistics, else
// defaultDegree.

const (
	defaultDegree = 10.0
	// filterSel is the fraction of candidates a filter no index
	// estimates keeps.
	filterSel = 0.33
	// maxStepKeys bounds the keys a step reads into memory by estimate;
	// the executor also gives up past its own bound at run time.
	maxStepKeys = 1 << 18
	// unboundedHops is how many hops an estimate counts for {m..}.
	unboundedHops = 3
	maxEstimate   = 1e12
)

// indexedTraverse is useIndexes of a Traverse: its input takes indexes
// like any stream (in key order unless the traversal's consumer ignores
// order: the traversal yields in its input's order), and each step's
// filters an index semi-join where it pays. limit, when positive, is how
// many rows the consumer takes at most: the traversal streams depth
// first and stops there, so it reads that fraction of its candidates,
// while a semi-join reads its keys whole.
func (o *optimizer) indexedTraverse(n *plan.Traverse, unordered bool, limit float64) plan.Node {
	c := *n
	starts := o.estRows(n.Input)
	c.Input = o.indexed(n.Input, unordered)
	steps, out := o.stepIndexes(n.Steps, starts, 1)
	if limit > 0 && out > limit {
		steps, _ = o.stepIndexes(n.Steps, starts, limit/out)
	}
	c.Steps = steps
	return &c
}

// stepIndexes chooses the steps' semi-joins for a traversal from cand
// start vertices, of which the fraction scale is walked; out is the
// estimated rows of the whole walk.
func (o *optimizer) stepIndexes(in []plan.GraphStep, cand, scale float64) (steps []plan.GraphStep, out float64) {
	steps = make([]plan.GraphStep, len(in))
	for i, s := range in {
		s.EdgeFilter, s.VertexFilter = o.indexedExpr(s.EdgeFilter), o.indexedExpr(s.VertexFilter)
		s.EdgeIndex, s.VertexIndex = nil, nil
		if s.Min != 0 || s.Max != 0 || s.Quantified {
			hops := s.Max
			if hops < 0 {
				hops = max(s.Min, unboundedHops)
			}
			cand = min(maxEstimate, cand*math.Pow(degree(s.EdgeTable, s.VertexTable), float64(max(hops, 1))))
			if s.EdgeFilter != nil {
				sel := filterSel
				if s.EdgeTable != nil && s.Edge == s.EdgeTable.Name {
					s.EdgeIndex, sel = o.stepIndex(s.EdgeTable, s.EdgeFilter, cand*scale)
				}
				cand *= sel
			}
		}
		if s.VertexFilter != nil {
			sel := filterSel
			if s.VertexTable != nil && len(s.Tables) == 1 && s.Tables[0] == s.VertexTable.Name {
				s.VertexIndex, sel = o.stepIndex(s.VertexTable, s.VertexFilter, cand*scale)
			}
			cand *= sel
		}
		steps[i] = s
	}
	return steps, cand
}

// limitedTraverse is useIndexes of a Limit over a Traverse (possibly
// under projections): the traversal's semi-joins are chosen for the rows
// the limit takes.
func (o *optimizer) limitedTraverse(l *plan.Limit) (plan.Node, bool) {
	count, ok := constCount(l.Count)
	if !ok || len(l.Ties) > 0 {
		return nil, false
	}
	if off, ok := constCount(l.Offset); ok {
		count += off
	} else if l.Offset != nil {
		return nil, false
	}
	var rebuild func(n plan.Node) (plan.Node, bool)
	rebuild = func(n plan.Node) (plan.Node, bool) {
		switch n := n.(type) {
		case *plan.Traverse:
			return o.indexedTraverse(n, false, max(count, 1)), true
		case *plan.Project:
			in, ok := rebuild(n.Input)
			if !ok {
				return nil, false
			}
			c := *n
			c.Input = in
			c.Exprs = make([]plan.Expr, len(n.Exprs))
			for i, e := range n.Exprs {
				c.Exprs[i] = o.indexedExpr(e)
			}
			return &c, true
		}
		return nil, false
	}
	in, ok := rebuild(l.Input)
	if !ok {
		return nil, false
	}
	c := *l
	c.Input = in
	return &c, true
}

// constCount is the value of a constant LIMIT or OFFSET.
func constCount(e plan.Expr) (float64, bool) {
	if c, ok := norm(e).(*plan.Const); ok && c.V.Kind() == value.KindInt {
		return float64(max(c.V.AsInt(), 0)), true
	}
	return 0, false
}

// stepIndex chooses the index semi-join of a step filter on the records
// of t over cand candidates (nil when reading each candidate's record is
// cheaper), and estimates the fraction of candidates the filter keeps.
func (o *optimizer) stepIndex(t *catalog.Table, filter plan.Expr, cand float64) (*plan.StepIndex, float64) {
	cs := conjuncts(filter)
	// The filter sees the candidate (a record id, or an edge's record
	// view) as column 0; the index matching reads scan rows [key, object].
	rows := make([]plan.Expr, len(cs))
	for i, c := range cs {
		rows[i] = mapExpr(c, 0, colFunc(func(c *plan.ColRef, rel, _ int) plan.Expr {
			if rel != 0 || c.Idx != 0 {
				return nil
			}
			m := *c
			m.Idx = 1
			return &m
		}))
	}
	var best *access
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if ix.Kind != catalog.IndexBTree || ix.Partial() || readsID(ix) {
			continue
		}
		if a := o.accessOf(ix, o.partConds(t, ix, rows)); a != nil && (best == nil || a.rows < best.rows) {
			best = a
		}
	}
	if best == nil {
		return nil, filterSel
	}
	sel := min(1, best.rows/best.total)
	var rest []plan.Expr
	for i, c := range cs {
		if !slices.Contains(best.exact, i) {
			rest = append(rest, c)
		}
	}
	cost := intersectCost + best.rows*entryCost
	if len(rest) > 0 {
		cost += cand * sel * indexRowCost
	}
	if best.rows > maxStepKeys || cost >= cand*indexRowCost {
		return nil, sel
	}
	return &plan.StepIndex{Table: t, Index: best.ix, Spans: best.spans, SQLNulls: best.sql, Residual: and(rest)}, sel
}

// readsID reports whether an index has a part under `id`, which a
// candidate's record view holds as its record id, not the stored field.
func readsID(ix *catalog.Index) bool {
	for _, p := range ix.Parts {
		if len(p.Path) > 0 && p.Path[0] == "id" {
			return true
		}
	}
	return false
}

// degree estimates the edges of an edge table per vertex.
func degree(edge, vertex *catalog.Table) float64 {
	e, ok1 := tableStats(edge)
	v, ok2 := tableStats(vertex)
	if !ok1 || !ok2 {
		return defaultDegree
	}
	return max(1, e/v)
}

// tableStats is the row count stored with a table's indexes, as
// indexStats reads it (ok false when none has statistics).
func tableStats(t *catalog.Table) (float64, bool) {
	if t == nil {
		return 0, false
	}
	for i := range t.Indexes {
		if _, err := strconv.ParseFloat(t.Indexes[i].Options[catalog.IndexStatRows], 64); err == nil {
			rows, _ := indexStats(&t.Indexes[i])
			return rows, true
		}
	}
	return 0, false
}

// estRows estimates the rows of a traversal's input.
func (o *optimizer) estRows(n plan.Node) float64 {
	switch n := n.(type) {
	case *plan.Unnest:
		// A constant list is its elements; another value is taken to be
		// one vertex.
		if c, ok := norm(n.X).(*plan.Const); ok && c.V.Kind() == value.KindList {
			return max(1, float64(len(c.V.AsList())))
		}
		return 1
	case *plan.Scan:
		if n.Span != nil && n.Span.Point != nil {
			return 1
		}
		rows, ok := tableStats(n.Table)
		if !ok {
			rows = defaultRows
		}
		if n.Filter == nil {
			return rows
		}
		if a := o.bestAccess(n.Table, conjuncts(n.Filter)); a != nil {
			return a.rows
		}
		return rows * filterSel
	case *plan.Project:
		return o.estRows(n.Input)
	case *plan.Filter:
		return o.estRows(n.Input) * filterSel
	case *plan.Limit:
		r := o.estRows(n.Input)
		if c, ok := constCount(n.Count); ok {
			r = min(r, max(c, 1))
		}
		return r
	}
	return defaultRows
}

func walkStepIndex(x *plan.StepIndex, nest, fnest int, d *Deps) {
	if x == nil {
		return
	}
	if x.Table != nil {
		d.Tables = append(d.Tables, x.Table.ID)
	}
	walkExpr(x.Residual, nest, fnest, d)
	for _, s := range x.Spans {
		walkExprs(s.Eq, nest, fnest, d)
		walkExpr(s.Lo, nest, fnest, d)
		walkExpr(s.Hi, nest, fnest, d)
	}
}

func mapStepIndex(x *plan.StepIndex, nest int, f colMapper) *plan.StepIndex {
	if x == nil {
		return nil
	}
	c := *x
	c.Residual = mapExpr(x.Residual, nest, f)
	c.Spans = mapSpans(x.Spans, nest, f)
	return &c
}
