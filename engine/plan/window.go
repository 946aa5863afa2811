package plan

import "strings"

// WindowFunc is one window function of a Window node: a ranking or value
// function (Name) or an aggregate (Agg) over a window of rows.
type WindowFunc struct {
	// Name is the function: row_number, rank, dense_rank, percent_rank,
	// cume_dist, ntile, lag, lead, first_value, last_value, nth_value; ""
	// when Agg is set.
	Name string
	Agg  *Agg
	Args []Expr
	// Partition splits the rows; Order orders each partition (rows with
	// equal Order keys are peers).
	Partition []Expr
	Order     []SortKey
	Frame     Frame
}

// FrameBoundKind is where a window frame starts or ends.
type FrameBoundKind uint8

const (
	UnboundedPreceding FrameBoundKind = iota
	OffsetPreceding
	CurrentRow
	OffsetFollowing
	UnboundedFollowing
)

// FrameBound is one end of a frame; Offset is the size of the Offset
// kinds (evaluated once per partition): a row count (ROWS), a count of
// peer groups (GROUPS), or a distance from the current row's ORDER BY
// value (RANGE: of the key's type, an interval for dates and times).
type FrameBound struct {
	Kind   FrameBoundKind
	Offset Expr
}

// FrameExclusion is what a frame leaves out of itself.
type FrameExclusion uint8

const (
	ExcludeNoOthers   FrameExclusion = iota
	ExcludeCurrentRow                // the current row
	ExcludeGroup                     // the current row and its peers
	ExcludeTies                      // the current row's peers, not itself
)

// Frame is the set of rows an aggregate or first_value/last_value/
// nth_value sees for the current row: ROWS counts rows, GROUPS counts peer
// groups, RANGE extends CURRENT ROW to the current row's peers and
// measures offsets on the one ORDER BY key. PostgreSQL's default is RANGE
// BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, which without ORDER BY is
// the whole partition (every row is a peer).
type Frame struct {
	Rows       bool
	Groups     bool
	Start, End FrameBound
	Exclude    FrameExclusion
}

// Window computes window functions: its rows are its input's columns
// followed by one column per function.
type Window struct {
	Input Node
	Funcs []WindowFunc
	Cols  []Column
}

// Columns implements Node.
func (n *Window) Columns() []Column { return n.Cols }

// Exprs lists every expression of f.
func (f *WindowFunc) Exprs() []Expr {
	out := append([]Expr(nil), f.Args...)
	if f.Agg != nil {
		out = append(out, f.Agg.Exprs()...)
	}
	out = append(out, f.Partition...)
	for _, k := range f.Order {
		out = append(out, k.X)
	}
	for _, b := range []FrameBound{f.Frame.Start, f.Frame.End} {
		if b.Offset != nil {
			out = append(out, b.Offset)
		}
	}
	return out
}

// MapExprs returns a copy of f with g applied to each of its expressions.
func (f WindowFunc) MapExprs(g func(Expr) Expr) WindowFunc {
	mapList := func(xs []Expr) []Expr {
		if xs == nil {
			return nil
		}
		out := make([]Expr, len(xs))
		for i, x := range xs {
			out[i] = g(x)
		}
		return out
	}
	f.Args, f.Partition = mapList(f.Args), mapList(f.Partition)
	if f.Agg != nil {
		a := f.Agg.MapExprs(g)
		f.Agg = &a
	}
	if f.Order != nil {
		keys := make([]SortKey, len(f.Order))
		for i, k := range f.Order {
			k.X = g(k.X)
			keys[i] = k
		}
		f.Order = keys
	}
	for _, b := range []*FrameBound{&f.Frame.Start, &f.Frame.End} {
		if b.Offset != nil {
			b.Offset = g(b.Offset)
		}
	}
	return f
}

func (p *explainer) window(n *Window) []string {
	props := make([]string, len(n.Funcs))
	for i, f := range n.Funcs {
		var s string
		if f.Agg != nil {
			s = p.agg(*f.Agg)
		} else {
			s = f.Name + "(" + p.exprList(f.Args) + ")"
		}
		var over []string
		if len(f.Partition) > 0 {
			over = append(over, "PARTITION BY "+p.exprList(f.Partition))
		}
		if len(f.Order) > 0 {
			over = append(over, "ORDER BY "+p.sortKeys(f.Order))
		}
		if fr := f.Frame; fr.Rows || fr.Groups || fr.Start.Kind != UnboundedPreceding || fr.End.Kind != CurrentRow || fr.Exclude != ExcludeNoOthers {
			kind := "RANGE"
			if fr.Rows {
				kind = "ROWS"
			} else if fr.Groups {
				kind = "GROUPS"
			}
			s := kind + " BETWEEN " + p.frameBound(fr.Start) + " AND " + p.frameBound(fr.End)
			switch fr.Exclude {
			case ExcludeCurrentRow:
				s += " EXCLUDE CURRENT ROW"
			case ExcludeGroup:
				s += " EXCLUDE GROUP"
			case ExcludeTies:
				s += " EXCLUDE TIES"
			}
			over = append(over, s)
		}
		props[i] = n.Cols[len(n.Cols)-len(n.Funcs)+i].Name + ": " + s + " OVER (" + strings.Join(over, " ") + ")"
	}
	return props
}

func (p *explainer) frameBound(b FrameBound) string {
	switch b.Kind {
	case UnboundedPreceding:
		return "UNBOUNDED PRECEDING"
	case OffsetPreceding:
		return p.expr(b.Offset) + " PRECEDING"
	case CurrentRow:
		return "CURRENT ROW"
	case OffsetFollowing:
		return p.expr(b.Offset) + " FOLLOWING"
	}
	return "UNBOUNDED FOLLOWING"
}
