package opt

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// Partition pruning: conditions pushed into an Append go into each of
// its partitions' scans, and a partition whose bound no row satisfying
// one of them can have is dropped. Comparisons of the key column with
// constants prune here; with parameters (a prepared statement, or a
// cached plan, whose literals are parameters), the executor prunes the
// same way when the statement runs (PartitionPruned), from the
// partitioning the Append keeps. A key part that is an expression
// prunes only when the statement is planned: matching the conditions'
// expressions with it needs the front end's compiler (keyExpr).

// keyExprMatch reports whether e is key part expression src of ps's
// table (nil: no expression part matches anything).
type keyExprMatch func(ps *catalog.Partitions, src string, e plan.Expr) bool

func (o *optimizer) pushAppend(n *plan.Append, cs []plan.Expr) plan.Node {
	var above []plan.Expr
	if n.Tables != nil {
		// Conditions on the tableoid column the Append adds stay above
		// it: its inputs' rows have no such column.
		var below []plan.Expr
		for _, c := range cs {
			if cols, _ := colUse(c); slices.Contains(cols, 2) {
				above = append(above, c)
			} else {
				below = append(below, c)
			}
		}
		cs = below
	}
	ps := appendPartitions(n)
	c := *n
	c.Inputs = nil
	c.Partitions = ps
	for _, in := range n.Inputs {
		if t := inputTable(in); t != nil && ps != nil && excluded(ps, t, cs, constValue, o.isKeyExpr) {
			continue
		}
		c.Inputs = append(c.Inputs, o.filter(in, cs))
	}
	if len(above) > 0 {
		return &plan.Filter{Input: &c, Cond: and(above)}
	}
	return &c
}

// inputTable is the partition an input of an Append reads: a scan's
// table, or the partitioned table of a nested Append (a partition that
// is partitioned itself); nil for other nodes.
func inputTable(in plan.Node) *catalog.Table {
	switch in := in.(type) {
	case *plan.Scan:
		return in.Table
	case *plan.Append:
		return in.Parent
	}
	return nil
}

func constValue(x plan.Expr) (value.Value, bool) {
	c, ok := norm(x).(*plan.Const)
	if !ok {
		return value.None, false
	}
	return c.V, true
}

// PartitionPruned reports whether no row of partition t, an input of
// an Append with partitioning ps, can satisfy the conditions pushed
// into s (its filter and key span), val giving the values of the
// expressions it knows (constants, and parameters when the statement
// runs). s is t's scan, or for a partition partitioned itself a scan
// of one of its partitions: the conditions pushed into an Append reach
// every scan under it.
func PartitionPruned(ps *catalog.Partitions, t *catalog.Table, s *plan.Scan, val func(plan.Expr) (value.Value, bool)) bool {
	cs := conjuncts(s.Filter)
	if sp := s.Span; sp != nil {
		key := &plan.ColRef{}
		bound := func(op plan.Op, x plan.Expr) {
			if x != nil {
				cs = append(cs, &plan.Binary{Op: op, L: key, R: x, SQL: true})
			}
		}
		bound(plan.OpEq, sp.Point)
		bound(map[bool]plan.Op{true: plan.OpGe, false: plan.OpGt}[sp.LoInclusive], sp.Lo)
		bound(map[bool]plan.Op{true: plan.OpLe, false: plan.OpLt}[sp.HiInclusive], sp.Hi)
	}
	return excluded(ps, t, cs, val, nil)
}

// isKeyExpr is keyExprMatch through the optimizer's compiler of index
// expressions.
func (o *optimizer) isKeyExpr(ps *catalog.Partitions, src string, e plan.Expr) bool {
	return o.isIndexExpr(ps.Parent, src, e)
}

// FirstScan is the first Scan under an Append's input in (itself, or
// the first of a nested Append's, at any depth); nil when there is
// none.
func FirstScan(in plan.Node) *plan.Scan {
	switch in := in.(type) {
	case *plan.Scan:
		return in
	case *plan.Append:
		if len(in.Inputs) > 0 {
			return FirstScan(in.Inputs[0])
		}
	}
	return nil
}

// appendPartitions is the partitioning of n's parent over the
// partitions its inputs scan (nil when an input is not a plain scan or
// a bound does not parse).
func appendPartitions(n *plan.Append) *catalog.Partitions {
	parts := make([]*catalog.Table, 0, len(n.Inputs))
	for _, in := range n.Inputs {
		t := inputTable(in)
		if t == nil || t.Bound == nil {
			return nil
		}
		parts = append(parts, t)
	}
	ps, err := catalog.PartitionsOf(n.Parent, parts)
	if err != nil {
		return nil
	}
	return ps
}

var opNames = map[plan.Op]string{plan.OpEq: "=", plan.OpLt: "<", plan.OpLe: "<=", plan.OpGt: ">", plan.OpGe: ">="}

// excluded reports whether the conditions cs (a conjunction) compare
// the partition key with values val knows in a way no row of partition
// t satisfies. Comparisons of key columns are weighed together (a
// range key prunes by a prefix of its columns); an OR excludes t when
// each of its branches does, with the comparisons beside it (IN lists
// become ORs of equalities).
func excluded(ps *catalog.Partitions, t *catalog.Table, cs []plan.Expr, val func(plan.Expr) (value.Value, bool), keyExpr keyExprMatch) bool {
	var flat, ors []plan.Expr
	var conds []catalog.KeyCond
	for _, c := range cs {
		flat = append(flat, conjuncts(c)...)
	}
	for _, c := range flat {
		if b, ok := norm(c).(*plan.Binary); ok && b.SQL && b.Op == plan.OpOr {
			ors = append(ors, b)
			continue
		}
		if kc, ok := keyCond(ps, c, val, keyExpr); ok {
			conds = append(conds, kc)
		}
	}
	if len(conds) > 0 && ps.Excludes(t, conds) {
		return true
	}
	for _, or := range ors {
		if branchesExcluded(ps, t, or, conds, val, keyExpr) {
			return true
		}
	}
	return false
}

// branchesExcluded reports whether every branch of the OR c excludes t
// together with the key comparisons conds beside it.
func branchesExcluded(ps *catalog.Partitions, t *catalog.Table, c plan.Expr, conds []catalog.KeyCond, val func(plan.Expr) (value.Value, bool), keyExpr keyExprMatch) bool {
	if b, ok := norm(c).(*plan.Binary); ok && b.SQL && b.Op == plan.OpOr {
		return branchesExcluded(ps, t, b.L, conds, val, keyExpr) && branchesExcluded(ps, t, b.R, conds, val, keyExpr)
	}
	var flat []plan.Expr
	for _, x := range conjuncts(c) {
		if kc, ok := keyCond(ps, x, val, keyExpr); ok {
			conds = append(conds[:len(conds):len(conds)], kc)
			continue
		}
		flat = append(flat, x)
	}
	if ps.Excludes(t, conds) {
		return true
	}
	// An OR nested in the branch (x AND (y OR z)).
	for _, x := range flat {
		if b, ok := norm(x).(*plan.Binary); ok && b.SQL && b.Op == plan.OpOr && branchesExcluded(ps, t, b, conds, val, keyExpr) {
			return true
		}
	}
	return false
}

// keyCond is c as a comparison of a key column, or of a key expression
// keyExpr matches, with a value val knows (ok=false for other
// conditions).
func keyCond(ps *catalog.Partitions, c plan.Expr, val func(plan.Expr) (value.Value, bool), keyExpr keyExprMatch) (catalog.KeyCond, bool) {
	b, ok := norm(c).(*plan.Binary)
	if !ok || !b.SQL {
		return catalog.KeyCond{}, false
	}
	cols, _ := ps.Columns()
	for i, col := range cols {
		isKey := func(e plan.Expr) bool { return partKeyRef(e, ps.Parent, col) }
		if src := ps.Parent.Partitioned.Expr(i); src != "" {
			if keyExpr == nil {
				continue
			}
			isKey = func(e plan.Expr) bool { return keyExpr(ps, src, norm(e)) }
		}
		op, k, x := b.Op, b.L, b.R
		if !isKey(k) {
			k, x = b.R, b.L
			op, _ = op.Swapped()
		}
		name, isCmp := opNames[op]
		if !isCmp || !isKey(k) {
			continue
		}
		v, known := val(x)
		if !known || v.IsNone() {
			return catalog.KeyCond{}, false
		}
		return catalog.KeyCond{Col: i, Op: name, V: v}, true
	}
	return catalog.KeyCond{}, false
}

// partKeyRef reports whether e reads the partition key column col of
// the scan row [key, object] of a table like t: its field, or the key
// itself when col is t's one primary-key column.
func partKeyRef(e plan.Expr, t *catalog.Table, col string) bool {
	e = norm(e)
	if isCol(e, 0) {
		return len(t.PrimaryKey) == 1 && t.PrimaryKey[0] == col
	}
	f, ok := e.(*plan.Field)
	return ok && f.Name == col && isCol(norm(f.X), 1)
}
