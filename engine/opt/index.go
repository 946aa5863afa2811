package opt

import (
	"math"
	"slices"
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// Secondary indexes are chosen in a last pass over the optimized plan
// (useIndexes), once every condition has been pushed into the scans: a
// Scan without a primary-key span whose filter constrains the leading
// parts of an ordered index becomes an IndexScan, and a Sort with a limit
// on an indexed part over such a scan becomes an ordered IndexScan with
// that limit (no sort). The IndexScan keeps the scan's filter except the
// conditions its spans enforce exactly (exactOn), so a span only has to
// contain every row the rest of the filter admits.
//
// Costs are estimated from the statistics CREATE INDEX stores in the
// index's Options (the table's row count and the number of distinct part
// tuples, see exec/index.go); without them a table is assumed to have
// defaultRows rows with defaultDistinct distinct values per index. An
// equality on every part selects rows/distinct rows (one row for a unique
// index), an equality on a prefix of k of n parts rows/distinct^(k/n), a
// range on the next part a quarter of that (a tenth with both bounds);
// an IN list multiplies by its length. The cheapest index wins when
// reading through it (one point get per entry, counted as indexRowCost
// sequential rows) is cheaper than the full scan, or when it reads at
// most one row.

const (
	defaultRows     = 1000.0
	defaultDistinct = 100.0
	indexRowCost    = 3.0
	entryCost       = 0.3
	intersectCost   = 10.0
	// probeCost is a seek for one entry of an intersected index: about
	// half a record read, which also decodes the record. probeSetupCost
	// is the iterator the probes share.
	probeCost      = 1.5
	probeSetupCost = indexRowCost
	maxSpans       = 64
)

// useIndexes rewrites the relational nodes of n (not inside expressions'
// subqueries) to read through secondary indexes where that is cheaper.
func (o *optimizer) useIndexes(n plan.Node) plan.Node { return o.indexed(n, false) }

// indexed is useIndexes where unordered says whether the order of n's
// rows is irrelevant to its consumer (most aggregates, the inner side of
// a semi join). Elsewhere a Scan's key order is kept: ZQL streams
// a table in key order, and a Sort on the key may have been dropped for
// it, so an IndexScan replacing a Scan there yields in key order.
func (o *optimizer) indexed(n plan.Node, unordered bool) plan.Node {
	switch n := n.(type) {
	case *plan.ExplainStmt:
		c := *n
		c.Input = o.useIndexes(o.node(n.Input))
		return &c
	case *plan.Scan:
		if s := o.indexScan(n); s != nil {
			s.KeyOrder = !unordered
			s.Filter = o.indexedExpr(s.Filter)
			return s
		}
		if !containsSubquery(n.Filter) {
			return n
		}
		c := *n
		c.Filter = o.indexedExpr(n.Filter)
		return &c
	case *plan.Eval:
		c := *n
		c.X = o.indexedExpr(n.X)
		return &c
	case *plan.Traverse:
		return o.indexedTraverse(n, unordered, 0)
	case *plan.Filter:
		c := *n
		c.Input = o.indexed(n.Input, unordered)
		c.Cond = o.indexedExpr(n.Cond)
		return &c
	case *plan.LockRows:
		c := *n
		c.Input = o.indexed(n.Input, unordered)
		return &c
	case *plan.Project:
		c := *n
		c.Input = o.indexed(n.Input, unordered)
		c.Exprs = make([]plan.Expr, len(n.Exprs))
		for i, e := range n.Exprs {
			c.Exprs[i] = o.indexedExpr(e)
		}
		return &c
	case *plan.Join:
		c := *n
		c.Left = o.indexed(n.Left, unordered)
		if !n.Lateral && n.Method == plan.NestedLoop && len(n.RightKeys) > 0 {
			// An index nested-loop join already reads the right side by key.
			return &c
		}
		c.Right = o.indexed(n.Right, unordered || n.Kind == plan.SemiJoin || n.Kind == plan.AntiJoin)
		return &c
	case *plan.Aggregate:
		c := *n
		c.Input = o.indexed(n.Input, orderFree(n))
		if is, ok := c.Input.(*plan.IndexScan); ok && is.Filter == nil && countsOnly(n) {
			// count(*) over exact spans: the entries answer, the records
			// need not be read.
			k := *is
			k.KeysOnly = true
			c.Input = &k
		}
		return &c
	case *plan.Sort:
		if s := o.orderedIndexScan(n); s != nil {
			return s
		}
		// A stable sort keeps its input's order among equal keys.
		c := *n
		c.Input = o.indexed(n.Input, unordered)
		return &c
	case *plan.Limit:
		if t, ok := o.limitedTraverse(n); ok {
			return t
		}
		c := *n
		c.Input = o.indexed(n.Input, false)
		return &c
	case *plan.Distinct:
		c := *n
		c.Input = o.indexed(n.Input, unordered)
		return &c
	case *plan.Append:
		c := *n
		c.Inputs = make([]plan.Node, len(n.Inputs))
		for i, in := range n.Inputs {
			c.Inputs[i] = o.indexed(in, unordered)
		}
		return &c
	case *plan.Reverse:
		c := *n
		c.Input = o.indexed(n.Input, unordered)
		return &c
	case *plan.Insert:
		c := *n
		c.Input = o.indexed(n.Input, false)
		return &c
	case *plan.Update:
		c := *n
		c.Input = o.indexed(n.Input, false)
		return &c
	case *plan.Delete:
		c := *n
		c.Input = o.indexed(n.Input, false)
		return &c
	case *plan.WithWrites:
		c := *n
		c.Writes = make([]plan.CTEWrite, len(n.Writes))
		for i, w := range n.Writes {
			w.Node = o.indexed(w.Node, false)
			c.Writes[i] = w
		}
		c.Input = o.indexed(n.Input, false)
		return &c
	}
	return n
}

// indexedExpr applies useIndexes to the plans of the subqueries in e.
func (o *optimizer) indexedExpr(e plan.Expr) plan.Expr {
	if e == nil || !containsSubquery(e) {
		return e
	}
	if sq, ok := norm(e).(*plan.Subquery); ok {
		c := *sq
		c.Node = o.useIndexes(sq.Node)
		return &c
	}
	return plan.RebuildExpr(e, o.indexedExpr, o.useIndexes)
}

// countsOnly reports whether an aggregate only counts its input rows.
func countsOnly(a *plan.Aggregate) bool {
	if len(a.GroupBy) > 0 {
		return false
	}
	for _, g := range a.Aggs {
		if g.Func != plan.AggCountStar {
			return false
		}
	}
	return true
}

// orderFree reports whether an aggregate's result does not depend on the
// order of its input: no aggregate collects a list.
func orderFree(a *plan.Aggregate) bool {
	for _, g := range a.Aggs {
		if g.Func == plan.AggList {
			return false
		}
	}
	return true
}

// partCond is what a scan's filter says about one index part. The src
// fields are the conjuncts each condition came from when the span
// enforces that conjunct exactly (see exactOn), else -1.
type partCond struct {
	eq     []plan.Expr // alternatives (an IN list), each invariant
	lo, hi plan.Expr
	loIncl bool
	hiIncl bool

	eqSrc, loSrc, hiSrc int
	sql                 bool // the conditions have SQL semantics
	// eqUse, loUse and hiUse are the conjuncts the conditions came from,
	// exact or not (-1 for none).
	eqUse, loUse, hiUse int
}

// indexPath recognizes an expression over the scan row [key, object] that
// reads a stored path of the record: a field (SQL column, ZQL .f, also
// through the record view), nested fields and string subscripts (SQL ->),
// optionally as text (SQL ->> and ::text).
func indexPath(e plan.Expr) (path []string, asText bool, ok bool) {
	e = norm(e)
	if c, isCast := e.(*plan.Cast); isCast {
		if c.Check || c.To.Kind != value.KindString || c.To.Name != "" || c.To.MaxLen != 0 {
			return nil, false, false
		}
		p, t, ok := indexPath(c.X)
		if !ok || t {
			return nil, false, false
		}
		return p, true, true
	}
	var name string
	var x plan.Expr
	switch f := e.(type) {
	case *plan.Field:
		name, x = f.Name, f.X
	case *plan.Index:
		k, ok := norm(f.I).(*plan.Const)
		if !ok || (k.V.Kind() != value.KindString && k.V.Kind() != value.KindSymbol) {
			return nil, false, false
		}
		name, x = k.V.AsString(), f.X
	default:
		return nil, false, false
	}
	x = norm(x)
	if isCol(x, 1) {
		return []string{name}, false, true
	}
	if rv, ok := x.(*plan.RecordView); ok {
		if name == "id" || !isCol(rv.Key, 0) || !isCol(rv.Obj, 1) {
			return nil, false, false
		}
		return []string{name}, false, true
	}
	p, t, ok := indexPath(x)
	if !ok || t {
		return nil, false, false
	}
	return append(p, name), false, true
}

func samePart(p catalog.IndexPart, path []string, asText bool) bool {
	if p.AsText != asText || len(p.Path) != len(path) {
		return false
	}
	for i := range path {
		if p.Path[i] != path[i] {
			return false
		}
	}
	return true
}

// partConds collects, for each part of ix, the conditions of cs on it.
func (o *optimizer) partConds(t *catalog.Table, ix *catalog.Index, cs []plan.Expr) []partCond {
	out := make([]partCond, len(ix.Parts))
	for i := range out {
		out[i].eqSrc, out[i].loSrc, out[i].hiSrc = -1, -1, -1
		out[i].eqUse, out[i].loUse, out[i].hiUse = -1, -1, -1
	}
	for ci, c := range cs {
		if alts, part, ok := o.inList(t, ix, c); ok {
			if out[part].eq == nil || len(alts) < len(out[part].eq) {
				out[part].eq, out[part].eqSrc, out[part].eqUse = alts, -1, ci
				sql := norm(c).(*plan.Binary).SQL
				exact := true
				for _, a := range alts {
					exact = exact && exactOn(t, ix.Parts[part], a, sql)
				}
				if exact {
					out[part].eqSrc, out[part].sql = ci, sql
				}
			}
			continue
		}
		b, ok := norm(c).(*plan.Binary)
		if !ok {
			continue
		}
		op, l, r := b.Op, b.L, b.R
		switch op {
		case plan.OpEq:
		case plan.OpLt, plan.OpLe, plan.OpGt, plan.OpGe:
			if !ix.RangeScans() {
				continue
			}
		default:
			continue
		}
		part := o.partIndex(t, ix, l)
		if part < 0 || !o.invariant(r) {
			l, r = r, l
			op, _ = op.Swapped()
			part = o.partIndex(t, ix, l)
			if part < 0 || !o.invariant(r) {
				continue
			}
		}
		if !boundOK(r) {
			continue
		}
		pc := &out[part]
		src := -1
		if exactOn(t, ix.Parts[part], r, b.SQL) {
			src = ci
			pc.sql = b.SQL
		}
		switch op {
		case plan.OpEq:
			if !eqOK(r) {
				continue
			}
			pc.eq, pc.eqSrc, pc.eqUse = []plan.Expr{r}, src, ci
		case plan.OpGt, plan.OpGe:
			if pc.lo == nil {
				pc.lo, pc.loIncl, pc.loSrc, pc.loUse = r, op == plan.OpGe, src, ci
			}
		case plan.OpLt, plan.OpLe:
			if pc.hi == nil {
				pc.hi, pc.hiIncl, pc.hiSrc, pc.hiUse = r, op == plan.OpLe, src, ci
			}
		}
	}
	return out
}

// exactOn reports whether comparing index part p with x selects exactly
// the entries of the span it makes, so that the condition need not be
// checked again on the record: the part's values are all of one ordered
// kind (text for ->>, a typed column of an ordered kind) and x is a
// constant of that kind, or a SQL parameter (the executor converts it to
// the column's type, and a NULL one makes the span empty, see
// IndexScan.SQLNulls).
func exactOn(t *catalog.Table, p catalog.IndexPart, x plan.Expr, sql bool) bool {
	var kind value.Kind
	switch {
	case p.AsText:
		kind = value.KindString
	case len(p.Path) == 1 && orderedPart(t, p.Path, false):
		f, _, _ := t.FieldByName(p.Path[0])
		kind = f.Type.Kind
	default:
		return false
	}
	switch x := norm(x).(type) {
	case *plan.Const:
		if x.V.IsNone() {
			return false
		}
		k := x.V.Kind()
		return k == kind || (kind == value.KindInt && isNumberKind(k))
	case *plan.Param:
		return sql && x.N > 0
	}
	return false
}

// partIndex is the index of the part of ix that e reads, or -1.
func (o *optimizer) partIndex(t *catalog.Table, ix *catalog.Index, e plan.Expr) int {
	for i, p := range ix.Parts {
		if p.Expr != "" && o.isIndexExpr(t, p.Expr, e) {
			return i
		}
	}
	path, asText, ok := indexPath(e)
	if !ok {
		return -1
	}
	for i, p := range ix.Parts {
		if samePart(p, path, asText) {
			return i
		}
	}
	return -1
}

// eqOK refuses equality with none: SQL's = NULL is never true, and ZQL's
// == none would have to find records missing the path.
func eqOK(x plan.Expr) bool {
	c, ok := norm(x).(*plan.Const)
	return !ok || !c.V.IsNone()
}

// boundOK accepts an invariant value as a span bound when it is a
// parameter, a constant of a kind with a key encoding, or a computed
// value (the executor leaves a span open for a value it cannot encode).
func boundOK(x plan.Expr) bool {
	c, ok := norm(x).(*plan.Const)
	if !ok {
		return true
	}
	switch c.V.Kind() {
	case value.KindInt, value.KindFloat, value.KindDecimal, value.KindString, value.KindSymbol,
		value.KindBool, value.KindDatetime, value.KindTime, value.KindTimeTZ, value.KindDuration, value.KindUUID, value.KindBytes:
		return true
	}
	return false
}

// inList recognizes `part = a OR part = b ...` (SQL IN) with invariant
// alternatives.
func (o *optimizer) inList(t *catalog.Table, ix *catalog.Index, c plan.Expr) ([]plan.Expr, int, bool) {
	b, ok := norm(c).(*plan.Binary)
	if !ok || b.Op != plan.OpOr {
		return nil, -1, false
	}
	var alts []plan.Expr
	part := -1
	var walk func(e plan.Expr) bool
	walk = func(e plan.Expr) bool {
		b, ok := norm(e).(*plan.Binary)
		if !ok {
			return false
		}
		if b.Op == plan.OpOr {
			return walk(b.L) && walk(b.R)
		}
		if b.Op != plan.OpEq {
			return false
		}
		l, r := b.L, b.R
		p := o.partIndex(t, ix, l)
		if p < 0 || !o.invariant(r) {
			l, r = r, l
			p = o.partIndex(t, ix, l)
			if p < 0 || !o.invariant(r) {
				return false
			}
		}
		if (part >= 0 && p != part) || !boundOK(r) || !eqOK(r) {
			return false
		}
		part = p
		alts = append(alts, r)
		return len(alts) <= maxSpans
	}
	if !walk(c) {
		return nil, -1, false
	}
	return alts, part, true
}

// indexStats reads the statistics stored with an index. Counts taken on
// a table smaller than defaultRows (an index made with its table, say)
// say little about the table it grows into: they keep their rows per
// value but count as defaultRows rows.
func indexStats(ix *catalog.Index) (rows, distinct float64) {
	rows, distinct = defaultRows, defaultDistinct
	r, err1 := strconv.ParseFloat(ix.Options[catalog.IndexStatRows], 64)
	d, err2 := strconv.ParseFloat(ix.Options[catalog.IndexStatDistinct], 64)
	if err1 != nil || err2 != nil || r < 1 || d < 1 {
		return rows, distinct
	}
	if r < defaultRows {
		return defaultRows, max(1, d*defaultRows/r)
	}
	return r, d
}

// access is one way to read a table through an index.
type access struct {
	ix    *catalog.Index
	spans []plan.IndexSpan
	rows  float64 // estimated entries read
	total float64 // estimated rows of the table
	// exact are the conjuncts the spans enforce exactly; sql says they
	// have SQL semantics (a NULL value matches nothing).
	exact []int
	sql   bool
	// with is a second index whose entries the records must also be in
	// (index intersection); cost is then the estimated cost in record
	// reads, else rows*indexRowCost.
	with *access
	cost float64
	// uses are the conjuncts the spans come from.
	uses []int
}

// bestAccess finds the cheapest index access for conditions cs, or nil
// when none constrains a leading part.
func (o *optimizer) bestAccess(t *catalog.Table, cs []plan.Expr) *access {
	var all []*access
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if ix.Kind != catalog.IndexBTree || !o.predicateHolds(t, ix, cs) {
			continue
		}
		if a := o.accessOf(ix, o.partConds(t, ix, cs)); a != nil {
			all = append(all, a)
		}
	}
	var best *access
	for _, a := range all {
		if best == nil || a.rows < best.rows {
			best = a
		}
	}
	if best == nil {
		return nil
	}
	// Intersecting with a second index on other conditions reads the
	// first index's entries (a fraction entryCost of a record read each)
	// and only the records in both, assuming the conditions independent.
	// The executor checks the candidates against the second index by a
	// seek each when its spans fix all its parts (probeable), else it
	// reads all the second index's entries (plus intersectCost to
	// collect them).
	first := best
	cost := first.rows * indexRowCost
	for _, b := range all {
		if b == first || b.ix == first.ix || overlaps(b.uses, first.uses) {
			continue
		}
		both := first.rows * b.rows / first.total
		c := intersectCost + (first.rows+b.rows)*entryCost + both*indexRowCost
		if b.probeable() {
			c = probeSetupCost + first.rows*(entryCost+probeCost) + both*indexRowCost
		}
		if c < cost {
			cost = c
			x := *first
			x.with = b
			x.rows = max(1, both)
			x.cost = c
			best = &x
		}
	}
	return best
}

// probeable reports whether the executor checks candidates against a
// as an intersected index by one seek each (exec/intersect.go): a
// non-unique index whose spans are all equalities on every part.
func (a *access) probeable() bool {
	if a.ix.Unique {
		return false
	}
	for _, sp := range a.spans {
		if len(sp.Eq) != len(a.ix.Parts) || sp.Lo != nil || sp.Hi != nil {
			return false
		}
	}
	return true
}

func overlaps(a, b []int) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// accessOf builds the spans of ix from its part conditions: equalities on
// leading parts (IN lists multiply the spans), then a range on the next.
func (o *optimizer) accessOf(ix *catalog.Index, pcs []partCond) *access {
	rows, distinct := indexStats(ix)
	spans := []plan.IndexSpan{{}}
	k := 0
	for k < len(pcs) && pcs[k].eq != nil && len(spans)*len(pcs[k].eq) <= maxSpans {
		next := make([]plan.IndexSpan, 0, len(spans)*len(pcs[k].eq))
		for _, s := range spans {
			for _, v := range pcs[k].eq {
				eq := append(append([]plan.Expr(nil), s.Eq...), v)
				next = append(next, plan.IndexSpan{Eq: eq})
			}
		}
		spans = next
		k++
	}
	sel := 1.0
	if k > 0 {
		if k == len(ix.Parts) && ix.Unique {
			sel = 1 / rows
		} else {
			sel = 1 / math.Pow(distinct, float64(k)/float64(len(ix.Parts)))
		}
	}
	ranged := false
	if k < len(pcs) && (pcs[k].lo != nil || pcs[k].hi != nil) {
		ranged = true
		pc := pcs[k]
		for i := range spans {
			spans[i].Lo, spans[i].LoInclusive = pc.lo, pc.loIncl
			spans[i].Hi, spans[i].HiInclusive = pc.hi, pc.hiIncl
		}
		if pc.lo != nil && pc.hi != nil {
			sel *= 0.1
		} else {
			sel *= 0.25
		}
	}
	if k == 0 && !ranged {
		return nil
	}
	a := &access{ix: ix, spans: spans, rows: max(1, sel*rows*float64(len(spans))), total: rows}
	use := func(src, from int, sql bool) {
		if src >= 0 {
			a.exact = append(a.exact, src)
			a.sql = a.sql || sql
		}
		if from >= 0 {
			a.uses = append(a.uses, from)
		}
	}
	for j := 0; j < k; j++ {
		use(pcs[j].eqSrc, pcs[j].eqUse, pcs[j].sql)
	}
	if ranged {
		use(pcs[k].loSrc, pcs[k].loUse, pcs[k].sql)
		use(pcs[k].hiSrc, pcs[k].hiUse, pcs[k].sql)
	}
	return a
}

// residual is the filter an IndexScan of a still checks: the conjuncts
// of cs its spans (and those of an intersected index) do not enforce
// exactly.
func (a *access) residual(cs []plan.Expr) plan.Expr {
	var rest []plan.Expr
	for i, c := range cs {
		if !slices.Contains(a.exact, i) && (a.with == nil || !slices.Contains(a.with.exact, i)) {
			rest = append(rest, c)
		}
	}
	return and(rest)
}

func (a *access) readCost() float64 {
	if a.with != nil {
		return a.cost
	}
	return a.rows * indexRowCost
}

// indexScan turns a filtered Scan into an IndexScan when an index makes
// reading cheaper. Primary-key spans win: they read the records directly.
func (o *optimizer) indexScan(s *plan.Scan) *plan.IndexScan {
	if s.Filter == nil || s.Span != nil || len(s.Table.Indexes) == 0 {
		return nil
	}
	cs := conjuncts(s.Filter)
	a := o.bestAccess(s.Table, cs)
	if rs := o.rangeScan(s, cs); rs != nil && (a == nil || a.ix == rs.Index) {
		// Of a gist index, the range operator's bounds after the
		// equalities bestAccess reads.
		return rs
	}
	if a == nil {
		return o.ginScan(s, cs)
	}
	// A lookup of at most one row (a unique index) always pays.
	if a.rows > 1 && a.readCost() >= a.total {
		return nil
	}
	is := &plan.IndexScan{Table: s.Table, Alias: s.Alias, Views: s.Views, RowSecurity: s.RowSecurity, Index: a.ix, Spans: a.spans,
		Filter: a.residual(cs), Limit: s.Limit, SQLNulls: a.sql || (a.with != nil && a.with.sql)}
	if b := a.with; b != nil {
		is.Intersect = &plan.IndexIntersect{Index: b.ix, Spans: b.spans}
	}
	return is
}

// orderedIndexScan replaces a Sort with a limit of one key over a Scan
// (possibly under a Project) by an IndexScan in the index's order: the
// key must be an ascending part of an index right after the parts the
// filter fixes by equality, of a type whose key order is its value order.
// NullsLast puts the part's none entries where the sort wants them.
func (o *optimizer) orderedIndexScan(srt *plan.Sort) plan.Node {
	if srt.Limit == nil || len(srt.Keys) != 1 {
		return nil
	}
	key := srt.Keys[0]
	scan, proj := (*plan.Scan)(nil), (*plan.Project)(nil)
	x := key.X
	switch in := srt.Input.(type) {
	case *plan.Scan:
		scan = in
	case *plan.Project:
		s, ok := in.Input.(*plan.Scan)
		if !ok {
			return nil
		}
		sx, ok := o.substitute(key.X, in.Exprs)
		if !ok {
			return nil
		}
		scan, proj, x = s, in, sx
	default:
		return nil
	}
	if scan.Limit != nil || scan.Span != nil || len(scan.Table.Indexes) == 0 {
		return nil
	}
	path, asText, ok := indexPath(x)
	if !ok || !orderedPart(scan.Table, path, asText) {
		return nil
	}
	cs := conjuncts(scan.Filter)
	var best *access
	for i := range scan.Table.Indexes {
		ix := &scan.Table.Indexes[i]
		if !ix.Ordered() || !o.predicateHolds(scan.Table, ix, cs) {
			continue
		}
		pcs := o.partConds(scan.Table, ix, cs)
		k := 0
		for k < len(pcs) && len(pcs[k].eq) == 1 {
			k++
		}
		if k >= len(ix.Parts) || ix.Parts[k].Desc || !samePart(ix.Parts[k], path, asText) {
			continue
		}
		pcs[k].eq = nil
		// Only the single-valued equalities and a range on the sorted
		// part keep the index order.
		for j := k + 1; j < len(pcs); j++ {
			pcs[j] = partCond{}
		}
		for j := 0; j < k; j++ {
			pcs[j].lo, pcs[j].hi = nil, nil
		}
		a := o.accessOf(ix, pcs)
		if a == nil {
			a = &access{ix: ix, spans: nil}
		}
		if best == nil || len(a.spans) > len(best.spans) {
			best = a
		}
	}
	if best == nil {
		return nil
	}
	is := &plan.IndexScan{Table: scan.Table, Alias: scan.Alias, Views: scan.Views, RowSecurity: scan.RowSecurity, Index: best.ix, Spans: best.spans,
		Reverse: key.Desc, Filter: best.residual(cs), Limit: srt.Limit, SQLNulls: best.sql}
	// Ascending, the part's none entries come first in the index; read
	// them last when the sort wants them last (reversed: first).
	is.NullsLast = key.NullsFirst == key.Desc
	if proj == nil {
		return is
	}
	p := *proj
	p.Input = is
	return &p
}

// orderedPart reports whether the index order of a part is the value
// order of what it reads: a typed column of an ordered kind, or text.
func orderedPart(t *catalog.Table, path []string, asText bool) bool {
	if asText {
		return true
	}
	if len(path) != 1 {
		return false
	}
	f, _, ok := t.FieldByName(path[0])
	if !ok {
		return false
	}
	switch f.Type.Kind {
	case value.KindString:
		// An hstore's key is its canonical text, not hstore_cmp's order.
		return !f.Type.Hstore
	case value.KindInt, value.KindBool, value.KindDatetime, value.KindTime, value.KindTimeTZ, value.KindUUID:
		return true
	}
	return false
}

func walkIndexScan(n *plan.IndexScan, nest, fnest int, d *Deps) {
	if n.Table != nil {
		d.Tables = append(d.Tables, n.Table.ID)
	}
	walkExpr(n.Filter, nest, fnest, d)
	walkExpr(n.Limit, nest, fnest, d)
	spans := n.Spans
	if n.Intersect != nil {
		spans = append(slices.Clip(spans), n.Intersect.Spans...)
	}
	for _, s := range spans {
		walkExprs(s.Eq, nest, fnest, d)
		walkExpr(s.Lo, nest, fnest, d)
		walkExpr(s.Hi, nest, fnest, d)
	}
}

func mapIndexScan(n *plan.IndexScan, nest int, f colMapper) *plan.IndexScan {
	c := *n
	c.Filter, c.Limit = mapExpr(n.Filter, nest, f), mapExpr(n.Limit, nest, f)
	c.Spans = mapSpans(n.Spans, nest, f)
	if x := n.Intersect; x != nil {
		c.Intersect = &plan.IndexIntersect{Index: x.Index, Spans: mapSpans(x.Spans, nest, f)}
	}
	return &c
}

func mapSpans(spans []plan.IndexSpan, nest int, f colMapper) []plan.IndexSpan {
	out := make([]plan.IndexSpan, len(spans))
	for i, s := range spans {
		s.Eq = mapExprs(s.Eq, nest, f)
		s.Lo, s.Hi = mapExpr(s.Lo, nest, f), mapExpr(s.Hi, nest, f)
		out[i] = s
	}
	return out
}
