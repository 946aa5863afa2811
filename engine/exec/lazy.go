package exec

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// A scan's pushed filter usually reads a few fields of the record
// (`p.age > 18`). lazyFilter rewrites such a filter so that it reads
// those fields from extra row columns, which the scan fills with
// value.DecodeField; only records that pass are decoded whole. A filter
// that uses the object in any other way (whole, in a subquery, in a
// closure) is left as it is.
type lazyFilter struct {
	cond   plan.Expr
	fields []string // column 2+i of the filter's row holds fields[i]
	// colField, when set, maps the columns of a pruned scan's rows to
	// the fields they hold (ok false: the key column, or not a field);
	// without it column 1 is the record's object.
	colField func(idx int) (name string, ok bool)
}

func newLazyFilter(cond plan.Expr) *lazyFilter {
	if cond == nil {
		return nil
	}
	lf := &lazyFilter{}
	out, ok := lf.rewrite(cond)
	if !ok || len(lf.fields) == 0 {
		return nil
	}
	lf.cond = out
	return lf
}

func (lf *lazyFilter) slot(name string) int {
	for i, f := range lf.fields {
		if f == name {
			return 2 + i
		}
	}
	lf.fields = append(lf.fields, name)
	return 1 + len(lf.fields)
}

func isObjCol(e plan.Expr) bool {
	switch c := e.(type) {
	case *plan.ColRef:
		return c.Depth == 0 && c.Idx == 1
	case plan.ColRef:
		return c.Depth == 0 && c.Idx == 1
	}
	return false
}

func (lf *lazyFilter) list(es []plan.Expr) ([]plan.Expr, bool) {
	out := make([]plan.Expr, len(es))
	for i, e := range es {
		var ok bool
		if out[i], ok = lf.rewrite(e); !ok {
			return nil, false
		}
	}
	return out, true
}

// rewrite returns e with Field{obj, name} replaced by column reads; ok is
// false when e needs the decoded object.
func (lf *lazyFilter) rewrite(e plan.Expr) (plan.Expr, bool) {
	switch e := plan.Pointer(e).(type) {
	case nil:
		return nil, true
	case *plan.Const, *plan.Param, *plan.SessionVar:
		return e, true
	case *plan.ColRef:
		if lf.colField != nil {
			if e.Depth != 0 {
				return e, true
			}
			if name, ok := lf.colField(e.Idx); ok {
				return &plan.ColRef{At: e.At, Idx: lf.slot(name), Name: name}, true
			}
			// Only the key column stays: the row the keys are computed
			// from holds the key at 0.
			return e, e.Idx == 0
		}
		return e, !isObjCol(e)
	case *plan.Field:
		if lf.colField != nil {
			x, ok := lf.rewrite(e.X)
			c := *e
			c.X = x
			return &c, ok
		}
		if isObjCol(e.X) {
			return &plan.ColRef{At: e.At, Idx: lf.slot(e.Name), Name: e.Name}, true
		}
		x, ok := lf.rewrite(e.X)
		c := *e
		c.X = x
		return &c, ok
	case *plan.Index:
		x, ok1 := lf.rewrite(e.X)
		i, ok2 := lf.rewrite(e.I)
		c := *e
		c.X, c.I = x, i
		return &c, ok1 && ok2
	case *plan.Binary:
		l, ok1 := lf.rewrite(e.L)
		r, ok2 := lf.rewrite(e.R)
		c := *e
		c.L, c.R = l, r
		return &c, ok1 && ok2
	case *plan.Unary:
		x, ok := lf.rewrite(e.X)
		c := *e
		c.X = x
		return &c, ok
	case *plan.Call:
		args, ok := lf.list(e.Args)
		c := *e
		c.Args = args
		return &c, ok
	case *plan.If:
		cond, ok1 := lf.rewrite(e.Cond)
		then, ok2 := lf.rewrite(e.Then)
		els, ok3 := lf.rewrite(e.Else)
		c := *e
		c.Cond, c.Then, c.Else = cond, then, els
		return &c, ok1 && ok2 && ok3
	case *plan.Cast:
		x, ok := lf.rewrite(e.X)
		c := *e
		c.X = x
		return &c, ok
	case *plan.ListCons:
		es, ok := lf.list(e.Elems)
		c := *e
		c.Elems = es
		return &c, ok
	case *plan.TupleCons:
		es, ok := lf.list(e.Elems)
		c := *e
		c.Elems = es
		return &c, ok
	case *plan.RangeCons:
		lo, ok1 := lf.rewrite(e.Lo)
		hi, ok2 := lf.rewrite(e.Hi)
		c := *e
		c.Lo, c.Hi = lo, hi
		return &c, ok1 && ok2
	}
	return e, false
}

// fill decodes the filter's fields of a stored record into row[2:].
func (lf *lazyFilter) fill(row []value.Value, raw []byte) error {
	for i, name := range lf.fields {
		v, _, err := value.DecodeField(raw, name)
		if err != nil {
			return err
		}
		row[2+i] = v
	}
	return nil
}
