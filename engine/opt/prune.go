package opt

import (
	"math"
	"slices"
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// Column pruning. A scan yields [key, object] rows; most queries read a
// few fields of the object (`o.customer_id`, `o.amount`), and decoding the
// whole record for them is most of a join's or aggregate's cost. This last
// pass walks the plan from the root down, tracking what each node's parent
// reads of its columns, and sets Scan.Fields where an object column is
// read only field by field. Nodes it does not know stop the walk: their
// scans keep decoding whole records. ZQL's record view of a scan row
// (plan.RecordView of its key and object) counts as reads of them: its
// id reads the key, its other fields the object's.

// colNeed is what the plan above reads of one column.
type colNeed struct {
	whole  bool     // the value itself (compared, returned, passed on)
	fields []string // fields read from it, when not whole
	view   bool     // read through a record view (of it and the key before it)
	id     bool     // that view's id read (which reads the key)
}

// colNeeds maps a node's output column to what is read of it; an absent
// column is not read. A nil *colNeeds means every column is read whole.
type colNeeds struct{ cols map[int]*colNeed }

func newNeeds() *colNeeds { return &colNeeds{cols: map[int]*colNeed{}} }

func (cn *colNeeds) use(idx int, field string) {
	c := cn.cols[idx]
	if c == nil {
		c = &colNeed{}
		cn.cols[idx] = c
	}
	switch {
	case c.whole:
	case field == "":
		c.whole, c.fields = true, nil
	case !slices.Contains(c.fields, field):
		c.fields = append(c.fields, field)
	}
}

// markView records that object column idx is read through a record view
// (of it and the key column before it); id: the view's id is read, which
// reads the key column rather than the object.
func (cn *colNeeds) markView(idx int, id bool) {
	c := cn.cols[idx]
	if c == nil {
		c = &colNeed{}
		cn.cols[idx] = c
	}
	c.view = true
	c.id = c.id || id
}

// rowRecordView matches ZQL's view of a scan row's record, {id:
// table.@key, ...object} built from the row's key and object columns.
func rowRecordView(e plan.Expr) (rv *plan.RecordView, key, obj int, ok bool) {
	rv, ok = norm(e).(*plan.RecordView)
	if !ok {
		return nil, 0, 0, false
	}
	k, kok := norm(rv.Key).(*plan.ColRef)
	o, ook := norm(rv.Obj).(*plan.ColRef)
	if !kok || !ook || k.Depth != 0 || o.Depth != 0 || o.Idx != k.Idx+1 {
		return nil, 0, 0, false
	}
	return rv, k.Idx, o.Idx, true
}

// addExpr records what e, evaluated on the node's row, reads of it.
func (cn *colNeeds) addExpr(e plan.Expr) {
	if e == nil {
		return
	}
	var walk func(plan.Expr) plan.Expr
	walk = func(e plan.Expr) plan.Expr {
		switch x := norm(e).(type) {
		case *plan.ColRef:
			if x.Depth == 0 {
				cn.use(x.Idx, "")
			}
			return e
		case *plan.Field:
			if c, ok := norm(x.X).(*plan.ColRef); ok && c.Depth == 0 {
				cn.use(c.Idx, x.Name)
				return e
			}
			if _, key, obj, ok := rowRecordView(x.X); ok {
				// The view's id is made of the key; its other fields
				// are the object's.
				if x.Name == "id" {
					cn.use(key, "")
				} else {
					cn.use(obj, x.Name)
				}
				cn.markView(obj, x.Name == "id")
				return e
			}
		}
		return plan.RebuildExpr(e, walk, func(n plan.Node) plan.Node {
			// Inside a subquery this row is one level out: a
			// correlated subquery reads fields of it (c.id =
			// o.customer_id), other uses count as whole.
			mapNode(n, 1, outerReads{cn})
			return n
		})
	}
	walk(e)
}

// outerReads records what a subquery's plan reads of the row one level
// out (rel 0): fields of its columns, or columns whole.
type outerReads struct{ cn *colNeeds }

func (o outerReads) col(c *plan.ColRef, rel, _ int) plan.Expr {
	if rel == 0 {
		o.cn.use(c.Idx, "")
	}
	return nil
}

func (o outerReads) field(x *plan.Field, c *plan.ColRef, rel, _ int) plan.Expr {
	if rel != 0 {
		return nil
	}
	o.cn.use(c.Idx, x.Name)
	return x // not walked further: the read is recorded
}

func (cn *colNeeds) addExprs(es []plan.Expr) {
	for _, e := range es {
		cn.addExpr(e)
	}
}

// clone copies cn (nil stays nil: everything).
func (cn *colNeeds) clone() *colNeeds { return cn.split(0, math.MaxInt) }

// split returns the needs of columns [lo, hi) renumbered from 0.
func (cn *colNeeds) split(lo, hi int) *colNeeds {
	if cn == nil {
		return nil
	}
	out := newNeeds()
	for i, c := range cn.cols {
		if i >= lo && i < hi {
			cc := *c
			cc.fields = slices.Clone(c.fields)
			out.cols[i-lo] = &cc
		}
	}
	return out
}

// colMap tells where a node's columns are after pruning: old column i is
// column at[i] (at nil: columns kept their places), and each field read
// of a pruned object column is a column of its own.
type colMap struct {
	at     []int
	fields map[int]map[string]int // object column → field name → column
	// records are the object columns of pruned scans, whose key column
	// is the one before: a record view of the two reads them.
	records map[int]bool
}

func (m *colMap) idx(i int) int {
	if m == nil || m.at == nil || i < 0 || i >= len(m.at) {
		return i
	}
	return m.at[i]
}

// expr rewrites e, evaluated on a row of the mapped node, to read the
// new columns (subqueries inside see the row one level out).
// The plans of subqueries inside e are pruned first (their rows are read
// whole).
func (m *colMap) expr(e plan.Expr) plan.Expr {
	e = pruneSubqueries(e)
	if m == nil || e == nil {
		return e
	}
	return m.rewrite(e)
}

func (m *colMap) exprs(es []plan.Expr) []plan.Expr {
	if es == nil {
		return nil
	}
	out := make([]plan.Expr, len(es))
	for i, e := range es {
		out[i] = m.expr(e)
	}
	return out
}

// pruneSubqueries returns e with the plans of its subqueries pruned.
func pruneSubqueries(e plan.Expr) plan.Expr {
	if e == nil || !containsSubquery(e) {
		return e
	}
	return plan.RebuildExpr(e, pruneSubqueries, pruneScans)
}

func (m *colMap) rewrite(e plan.Expr) plan.Expr {
	switch x := norm(e).(type) {
	case nil:
		return nil
	case *plan.ColRef:
		if x.Depth != 0 {
			return e
		}
		c := *x
		c.Idx = m.idx(x.Idx)
		return &c
	case *plan.Field:
		if c, ok := norm(x.X).(*plan.ColRef); ok && c.Depth == 0 {
			if at, ok := m.fields[c.Idx][x.Name]; ok {
				// Named as EXPLAIN printed the field read.
				return &plan.ColRef{At: x.At, Idx: at, Name: c.Name + "." + x.Name}
			}
		}
		if rv, key, obj, ok := rowRecordView(x.X); ok && m.records[obj] {
			// A scan's key and object are none together (the right side
			// of an outer join), as the view then is.
			if x.Name == "id" {
				k := norm(rv.Key).(*plan.ColRef)
				return &plan.RecordIDCons{At: x.At, Table: rv.Table, Key: &plan.ColRef{At: k.At, Idx: m.idx(key), Name: k.Name}}
			}
			if at, ok := m.fields[obj][x.Name]; ok {
				o := norm(rv.Obj).(*plan.ColRef)
				return &plan.ColRef{At: x.At, Idx: at, Name: o.Name + "." + x.Name}
			}
		}
	}
	return plan.RebuildExpr(e, m.rewrite, func(n plan.Node) plan.Node {
		return mapNode(n, 1, outerRewrite{m})
	})
}

// outerRewrite moves a subquery's reads of the row one level out (rel 0)
// to the columns m says: a field read of a pruned object column becomes
// that field's column.
type outerRewrite struct{ m *colMap }

func (o outerRewrite) col(c *plan.ColRef, rel, _ int) plan.Expr {
	if rel != 0 {
		return nil
	}
	r := *c
	r.Idx = o.m.idx(c.Idx)
	return &r
}

func (o outerRewrite) field(x *plan.Field, c *plan.ColRef, rel, _ int) plan.Expr {
	if rel != 0 {
		return nil
	}
	if at, ok := o.m.fields[c.Idx][x.Name]; ok {
		// Named as EXPLAIN printed the field read.
		name := c.Name
		if name == "" {
			name = "#" + strconv.Itoa(c.Idx)
		}
		return &plan.ColRef{At: x.At, Depth: c.Depth, Idx: at, Name: name + "." + x.Name}
	}
	return nil
}

// pruneScans sets Scan.Fields throughout n, whose rows are all read
// whole, and rewrites the expressions above the pruned scans to read the
// fields' columns.
func pruneScans(n plan.Node) plan.Node {
	out, _ := prune(n, nil)
	return out
}

// prune returns n, or a copy of it with pruned scans below, and where its
// columns went; want is what its parent reads of its columns (nil: all,
// whole — then the columns stay where they were). Nodes are copied,
// never modified: a node may appear twice in a plan with different needs.
func prune(n plan.Node, want *colNeeds) (plan.Node, *colMap) {
	switch n := n.(type) {
	case *plan.Scan:
		return pruneScan(n, want)
	case *plan.Filter:
		w := want.clone()
		if w != nil {
			w.addExpr(n.Cond)
		}
		c := *n
		var m *colMap
		c.Input, m = prune(n.Input, w)
		c.Cond = m.expr(n.Cond)
		return &c, m
	case *plan.Project:
		w := newNeeds()
		w.addExprs(n.Exprs)
		c := *n
		var m *colMap
		c.Input, m = prune(n.Input, w)
		c.Exprs = m.exprs(n.Exprs)
		return splitObjects(mergeProjects(&c), want)
	case *plan.LockRows:
		w := want.clone()
		if w != nil {
			for _, t := range n.Targets {
				w.addExpr(t.Key)
			}
		}
		c := *n
		var m *colMap
		c.Input, m = prune(n.Input, w)
		c.Targets = mapLockTargets(n.Targets, m.expr)
		return &c, m
	case *plan.Sort:
		w := want.clone()
		if w != nil {
			for _, k := range n.Keys {
				w.addExpr(k.X)
			}
		}
		c := *n
		var m *colMap
		c.Input, m = prune(n.Input, w)
		c.Keys = make([]plan.SortKey, len(n.Keys))
		for i, k := range n.Keys {
			k.X = m.expr(k.X)
			c.Keys[i] = k
		}
		return &c, m
	case *plan.Limit:
		w := want
		if w != nil && len(n.Ties) > 0 {
			w = want.clone()
			for _, k := range n.Ties {
				w.addExpr(k.X)
			}
		}
		c := *n
		var m *colMap
		c.Input, m = prune(n.Input, w)
		c.Ties = mapSortKeys(n.Ties, m.expr)
		return &c, m
	case *plan.Reverse:
		c := *n
		var m *colMap
		c.Input, m = prune(n.Input, want)
		return &c, m
	case *plan.Distinct:
		// Rows are compared whole.
		c := *n
		c.Input, _ = prune(n.Input, nil)
		return &c, nil
	case *plan.Aggregate:
		w := newNeeds()
		w.addExprs(n.GroupBy)
		for i := range n.Aggs {
			w.addExprs(n.Aggs[i].Exprs())
		}
		c := *n
		var m *colMap
		c.Input, m = prune(n.Input, w)
		c.GroupBy = m.exprs(n.GroupBy)
		c.Aggs = make([]plan.Agg, len(n.Aggs))
		for i, a := range n.Aggs {
			c.Aggs[i] = a.MapExprs(m.expr)
		}
		return &c, nil
	case *plan.Join:
		return pruneJoin(n, want)
	case *plan.ExplainStmt:
		// EXPLAIN shows, and EXPLAIN ANALYZE runs, the plan its
		// statement would run, pruned as that is.
		c := *n
		c.Input, _ = prune(n.Input, nil)
		return &c, nil
	case *plan.Append:
		// Its inputs' rows must keep one shape: [key, object].
		c := *n
		c.Inputs = make([]plan.Node, len(n.Inputs))
		for i, in := range n.Inputs {
			c.Inputs[i], _ = prune(in, nil)
		}
		return &c, nil
	case *plan.SetOp:
		// Its rows are its inputs' rows, compared whole.
		c := *n
		c.Left, _ = prune(n.Left, nil)
		c.Right, _ = prune(n.Right, nil)
		return &c, nil
	}
	return n, nil
}

// splitObjects turns the object constructors among p's outputs that the
// parent reads only field by field into a column per field: the object is
// then never built. SQL's functions in FROM yield such objects, one per
// row (sqlfe's rangeFunction), of which a query reads the columns. Every
// field's value is still computed, so the rows and errors are the same;
// the object's own column becomes none. p is a copy the caller owns.
func splitObjects(p *plan.Project, want *colNeeds) (plan.Node, *colMap) {
	if want == nil {
		return p, nil
	}
	var m *colMap
	for i, e := range p.Exprs {
		need := want.cols[i]
		if need == nil || need.whole || need.view || len(need.fields) == 0 {
			continue
		}
		oc, ok := norm(e).(*plan.ObjectCons)
		if !ok || oc.Spread != nil || !splittable(oc, need.fields) {
			continue
		}
		if m == nil {
			m = &colMap{fields: map[int]map[string]int{}}
			p.Exprs, p.Cols = slices.Clone(p.Exprs), slices.Clone(p.Cols)
		}
		fs := make(map[string]int, len(oc.Names))
		for j, name := range oc.Names {
			fs[name] = len(p.Exprs)
			p.Exprs = append(p.Exprs, oc.Vals[j])
			p.Cols = append(p.Cols, plan.Column{Name: p.Cols[i].Name + "." + name, Type: value.Any})
		}
		m.fields[i] = fs
		p.Exprs[i] = &plan.Const{At: plan.At{P: e.Pos()}}
	}
	return p, m
}

// mergeProjects returns p, or a Project of p's input's input when p only
// picks columns of a Project below it (as the columns split by
// splitObjects are picked): one pass over each row instead of two. The
// columns it does not pick must be constants or column reads, and none
// is picked twice, so nothing is computed more or less often.
func mergeProjects(p *plan.Project) *plan.Project {
	in, ok := p.Input.(*plan.Project)
	if !ok {
		return p
	}
	picked := make([]bool, len(in.Exprs))
	exprs := make([]plan.Expr, len(p.Exprs))
	for i, e := range p.Exprs {
		c, ok := norm(e).(*plan.ColRef)
		if !ok || c.Depth != 0 || c.Idx < 0 || c.Idx >= len(in.Exprs) || picked[c.Idx] {
			return p
		}
		picked[c.Idx] = true
		exprs[i] = in.Exprs[c.Idx]
	}
	for i, e := range in.Exprs {
		if picked[i] {
			continue
		}
		switch x := norm(e).(type) {
		case *plan.Const:
		case *plan.ColRef:
			if x.Depth != 0 {
				return p
			}
		default:
			return p
		}
	}
	return &plan.Project{Input: in.Input, Exprs: exprs, Cols: p.Cols}
}

// splittable reports whether oc's fields have distinct names (a later one
// would replace an earlier one in the object) and include every field
// read (a missing one reads as none from the object).
func splittable(oc *plan.ObjectCons, read []string) bool {
	for i, name := range oc.Names {
		if slices.Contains(oc.Names[:i], name) {
			return false
		}
	}
	for _, f := range read {
		if !slices.Contains(oc.Names, f) {
			return false
		}
	}
	return len(oc.Names) == len(oc.Vals)
}

func pruneScan(n *plan.Scan, want *colNeeds) (plan.Node, *colMap) {
	if want == nil || n.Table == nil {
		return n, nil
	}
	w := want.clone()
	w.addExpr(n.Filter)
	obj := w.cols[1]
	if obj != nil && (obj.whole || obj.id && !recordKeys(n.Table)) {
		return n, nil
	}
	fields := []string{} // non-nil: no field at all is read
	if obj != nil && obj.fields != nil {
		fields = obj.fields
	}
	// A typed single-column key is reported as stored in the record,
	// with its exact SQL type (see exec's keyOf).
	if w.cols[0] != nil && len(n.Table.PrimaryKey) == 1 && !slices.Contains(fields, n.Table.PrimaryKey[0]) {
		fields = append(fields, n.Table.PrimaryKey[0])
	}
	c := *n
	c.Fields = fields
	base := c.FieldsBase()
	m := &colMap{at: []int{0, -1}, fields: map[int]map[string]int{1: {}}, records: map[int]bool{1: true}}
	for i, f := range fields {
		m.fields[1][f] = base + i
	}
	c.Filter = m.expr(n.Filter)
	return &c, m
}

// recordKeys reports whether t's keys are all valid in record ids, so
// that a record view's id can be made of the key column alone
// (plan.RecordIDCons refuses other keys, which the view takes): keys
// that are not typed columns were checked when written; a typed key
// column may have a type no record id takes (bytea).
func recordKeys(t *catalog.Table) bool {
	for _, k := range t.PrimaryKey {
		f, _, ok := t.FieldByName(k)
		if !ok || f.Type.Kind != value.KindAny && !f.Type.Kind.RecordKey() {
			return false
		}
	}
	return true
}

func pruneJoin(n *plan.Join, want *colNeeds) (plan.Node, *colMap) {
	nl, nr := len(n.Left.Columns()), len(n.Right.Columns())
	leftOnly := n.Kind == plan.SemiJoin || n.Kind == plan.AntiJoin
	var lw, rw *colNeeds
	switch {
	case want == nil:
		if !leftOnly {
			break
		}
		rw = newNeeds()
	default:
		lw = want.split(0, nl)
		if leftOnly {
			rw = newNeeds()
		} else {
			rw = want.split(nl, nl+nr)
		}
	}
	// The condition runs on the combined row.
	if lw != nil || rw != nil {
		on := newNeeds()
		on.addExpr(n.On)
		if lw != nil {
			lw = mergeNeeds(lw, on.split(0, nl))
			lw.addExprs(n.LeftKeys)
		}
		if rw != nil {
			rw = mergeNeeds(rw, on.split(nl, nl+nr))
			rw.addExprs(n.RightKeys)
		}
	}
	if n.Lateral {
		lw = nil // the right side reads the left row in ways not tracked here
	}
	c := *n
	var lm, rm *colMap
	c.Left, lm = prune(n.Left, lw)
	c.Right, rm = prune(n.Right, rw)
	if lm == nil && rm == nil {
		c.On = pruneSubqueries(n.On)
		c.Read = joinRead(n, want, nil, nl+nr)
		return &c, nil
	}
	// The combined row: the left columns, then the right ones after the
	// left side's new width.
	nl2 := len(c.Left.Columns())
	m := &colMap{at: make([]int, nl+nr), fields: map[int]map[string]int{}, records: map[int]bool{}}
	for i := 0; i < nl; i++ {
		m.at[i] = lm.idx(i)
	}
	for i := 0; i < nr; i++ {
		m.at[nl+i] = nl2 + rm.idx(i)
	}
	if lm != nil {
		for col, fs := range lm.fields {
			m.fields[col] = fs
		}
		for col := range lm.records {
			m.records[col] = true
		}
	}
	if rm != nil {
		for col, fs := range rm.fields {
			shifted := make(map[string]int, len(fs))
			for f, at := range fs {
				shifted[f] = nl2 + at
			}
			m.fields[nl+col] = shifted
		}
		for col := range rm.records {
			m.records[nl+col] = true
		}
	}
	c.On = m.expr(n.On)
	c.LeftKeys, c.RightKeys = lm.exprs(n.LeftKeys), rm.exprs(n.RightKeys)
	c.Read = joinRead(n, want, m, nl2+len(c.Right.Columns()))
	if leftOnly {
		return &c, lm
	}
	return &c, m
}

// joinRead is Join.Read: the columns of the pruned join's combined row
// (width wide; m maps n's columns to them) that n.On and the plan above
// (want) read, or nil when that is all of them or not known. A join's
// combined rows are mostly columns only its keys read (the key columns
// of a scan, the other side's foreign key): filling just the read ones
// halves the copying of a join between tables.
func joinRead(n *plan.Join, want *colNeeds, m *colMap, width int) []int {
	if want == nil || n.Lateral {
		return nil
	}
	need := want.clone()
	need.addExpr(n.On)
	read := make([]bool, width)
	mark := func(i int) bool {
		if i < 0 || i >= width {
			return false
		}
		read[i] = true
		return true
	}
	for i, c := range need.cols {
		fs := map[string]int(nil)
		if m != nil {
			fs = m.fields[i]
		}
		if c.whole || fs == nil {
			if !mark(m.idx(i)) {
				return nil
			}
			continue
		}
		for _, f := range c.fields {
			at, ok := fs[f]
			if !ok {
				at = m.idx(i)
			}
			if !mark(at) {
				return nil
			}
		}
	}
	out := []int{}
	for i, r := range read {
		if r {
			out = append(out, i)
		}
	}
	if len(out) == width {
		return nil
	}
	return out
}

// mergeNeeds adds b's needs to a (a is modified and returned).
func mergeNeeds(a, b *colNeeds) *colNeeds {
	for i, c := range b.cols {
		if c.whole {
			a.use(i, "")
		}
		for _, f := range c.fields {
			a.use(i, f)
		}
		if c.view {
			a.markView(i, c.id)
		}
	}
	return a
}
