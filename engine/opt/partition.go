package opt

import (
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
// partitioning the Append keeps.

func (o *optimizer) pushAppend(n *plan.Append, cs []plan.Expr) plan.Node {
	ps := appendPartitions(n)
	c := *n
	c.Inputs = nil
	c.Partitions = ps
	for _, in := range n.Inputs {
		if s, ok := in.(*plan.Scan); ok && ps != nil && excluded(ps, s.Table, cs, constValue) {
			continue
		}
		c.Inputs = append(c.Inputs, o.filter(in, cs))
	}
	return &c
}

func constValue(x plan.Expr) (value.Value, bool) {
	c, ok := norm(x).(*plan.Const)
	if !ok {
		return value.None, false
	}
	return c.V, true
}

// PartitionPruned reports whether no row of the partition that input s
// of an Append with partitioning ps scans can satisfy the conditions
// pushed into s (its filter and key span), val giving the values of
// the expressions it knows (constants, and parameters when the
// statement runs).
func PartitionPruned(ps *catalog.Partitions, s *plan.Scan, val func(plan.Expr) (value.Value, bool)) bool {
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
	return excluded(ps, s.Table, cs, val)
}

// appendPartitions is the partitioning of n's parent over the
// partitions its inputs scan (nil when an input is not a plain scan or
// a bound does not parse).
func appendPartitions(n *plan.Append) *catalog.Partitions {
	parts := make([]*catalog.Table, 0, len(n.Inputs))
	for _, in := range n.Inputs {
		s, ok := in.(*plan.Scan)
		if !ok || s.Table.Bound == nil {
			return nil
		}
		parts = append(parts, s.Table)
	}
	ps, err := catalog.PartitionsOf(n.Parent, parts)
	if err != nil {
		return nil
	}
	return ps
}

var opNames = map[plan.Op]string{plan.OpEq: "=", plan.OpLt: "<", plan.OpLe: "<=", plan.OpGt: ">", plan.OpGe: ">="}

// excluded reports whether a conjunct of cs compares the partition key
// with a value val knows in a way no row of partition t satisfies.
func excluded(ps *catalog.Partitions, t *catalog.Table, cs []plan.Expr, val func(plan.Expr) (value.Value, bool)) bool {
	for _, c := range cs {
		if excludedBy(ps, t, c, val) {
			return true
		}
	}
	return false
}

// excludedBy is excluded for one condition: a comparison, or an AND or
// OR of them (IN lists become ORs of equalities).
func excludedBy(ps *catalog.Partitions, t *catalog.Table, c plan.Expr, val func(plan.Expr) (value.Value, bool)) bool {
	b, ok := norm(c).(*plan.Binary)
	if !ok || !b.SQL {
		return false
	}
	switch b.Op {
	case plan.OpOr:
		return excludedBy(ps, t, b.L, val) && excludedBy(ps, t, b.R, val)
	case plan.OpAnd:
		return excludedBy(ps, t, b.L, val) || excludedBy(ps, t, b.R, val)
	}
	col, _ := ps.Column()
	op, k, x := b.Op, b.L, b.R
	if !partKeyRef(k, ps.Parent, col) {
		k, x = b.R, b.L
		op, _ = op.Swapped()
	}
	name, isCmp := opNames[op]
	if !isCmp || !partKeyRef(k, ps.Parent, col) {
		return false
	}
	v, known := val(x)
	return known && !v.IsNone() && ps.Excludes(t, name, v)
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
