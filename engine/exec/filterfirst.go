package exec

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// filterFirst decodes a pruned scan's records in two steps: the fields
// its pushed filter reads, then, for the records that pass, the others.
// A selective filter (`WHERE o.amount > 90` under EXISTS) then leaves
// most records' other fields undecoded; decoding was a third of such a
// scan.
type filterFirst struct {
	first, rest     []string // field names
	firstAt, restAt []int    // their columns in the scan's rows
	tmp             []value.Value
	decs            *value.Decimals // the scan's
}

// newFilterFirst returns the two steps of a pruned scan with a filter
// that reads some of its fields but not the key column, nil otherwise.
func newFilterFirst(n *plan.Scan, sh *scanShape) *filterFirst {
	if n.Filter == nil || n.Fields == nil {
		return nil
	}
	reads := make([]bool, sh.width)
	if !filterColumns(n.Filter, reads) || (sh.hasKey() && reads[0]) {
		return nil
	}
	ff := &filterFirst{decs: sh.decs}
	for i, f := range n.Fields {
		col := sh.base + i
		if reads[col] {
			ff.first, ff.firstAt = append(ff.first, f), append(ff.firstAt, col)
		} else {
			ff.rest, ff.restAt = append(ff.rest, f), append(ff.restAt, col)
		}
	}
	if len(ff.first) == 0 || len(ff.rest) == 0 {
		return nil
	}
	ff.tmp = make([]value.Value, max(len(ff.first), len(ff.rest)))
	return ff
}

// filterColumns marks in reads the columns of the row that e reads, and
// reports whether it knows them all: only plain expressions over
// columns, no subqueries, closures or other scopes.
func filterColumns(e plan.Expr, reads []bool) bool {
	ok := true
	var walk func(plan.Expr) plan.Expr
	walk = func(e plan.Expr) plan.Expr {
		switch x := plan.Pointer(e).(type) {
		case *plan.ColRef:
			if x.Depth == 0 {
				if x.Idx < 0 || x.Idx >= len(reads) {
					ok = false
				} else {
					reads[x.Idx] = true
				}
			}
			return e
		case *plan.Const, *plan.Param, *plan.SessionVar:
			return e
		case *plan.Field, *plan.Index, *plan.Binary, *plan.Unary, *plan.Call, *plan.If,
			*plan.Cast, *plan.ListCons, *plan.TupleCons, *plan.RangeCons:
		default:
			ok = false
			return e
		}
		return plan.RebuildExpr(e, walk, func(n plan.Node) plan.Node {
			ok = false
			return n
		})
	}
	walk(e)
	return ok
}

// decode decodes the record (key bytes kb, value vb) into s.row, the
// filter's fields first, and reports whether it passed the filter.
func (ff *filterFirst) decode(s *rangeScan, kb, vb []byte) (bool, error) {
	if err := ff.fill(s.row, vb, ff.first, ff.firstAt); err != nil {
		return false, err
	}
	ok, err := s.filter(s.row)
	if err != nil || !ok {
		return false, err
	}
	if err := ff.fill(s.row, vb, ff.rest, ff.restAt); err != nil {
		return false, err
	}
	return true, s.setKey(s.row, kb)
}

func (ff *filterFirst) fill(row []value.Value, vb []byte, names []string, at []int) error {
	tmp := ff.tmp[:len(names)]
	if err := ff.decs.DecodeFieldsInto(vb, names, tmp); err != nil {
		return errs.From(err)
	}
	for i, c := range at {
		row[c] = tmp[i]
	}
	return nil
}
