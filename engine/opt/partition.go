package opt

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
)

// Partition pruning: conditions pushed into an Append go into each of
// its partitions' scans, and a partition whose bound no row satisfying
// one of them can have is dropped. Only comparisons of the key column
// with constants prune (at plan time, so a plan cached for a statement
// with parameters keeps every partition).

func (o *optimizer) pushAppend(n *plan.Append, cs []plan.Expr) plan.Node {
	ps := appendPartitions(n)
	c := *n
	c.Inputs = nil
	for _, in := range n.Inputs {
		if s, ok := in.(*plan.Scan); ok && ps != nil && excluded(ps, s.Table, cs) {
			continue
		}
		c.Inputs = append(c.Inputs, o.filter(in, cs))
	}
	return &c
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
// with a constant in a way no row of partition t satisfies.
func excluded(ps *catalog.Partitions, t *catalog.Table, cs []plan.Expr) bool {
	col, _ := ps.Column()
	for _, c := range cs {
		b, ok := norm(c).(*plan.Binary)
		if !ok || !b.SQL {
			continue
		}
		op, k, x := b.Op, b.L, b.R
		if !partKeyRef(k, ps.Parent, col) {
			k, x = b.R, b.L
			op, _ = op.Swapped()
		}
		name, isCmp := opNames[op]
		kc, isConst := norm(x).(*plan.Const)
		if !isCmp || !isConst || kc.V.IsNone() || !partKeyRef(k, ps.Parent, col) {
			continue
		}
		if ps.Excludes(t, name, kc.V) {
			return true
		}
	}
	return false
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
