package plan

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind uint8

const (
	Union SetOpKind = iota
	Intersect
	Except
)

// SetOp combines two inputs of the same width. Without All, duplicate
// rows are removed from the result (rows compare with none equal to
// none, as SQL's set operations do); with All, INTERSECT keeps a row
// min(m, n) times and EXCEPT max(m-n, 0) times. UNION ALL yields Left's
// rows then Right's, streaming.
type SetOp struct {
	Op          SetOpKind
	All         bool
	Left, Right Node
	Cols        []Column
}

// RecursiveUnion runs WITH RECURSIVE: Init's rows are the first working
// table; Step, which reads the working table through Work, runs again on
// the rows the previous round produced until it produces none. Without
// All, rows already produced are dropped (and do not feed the next round).
type RecursiveUnion struct {
	Init, Step Node
	All        bool
	Work       *WorkTable
	Cols       []Column
}

// WorkTable reads the rows of the current round of the RecursiveUnion
// that owns it (identified by pointer).
type WorkTable struct {
	Name string
	Cols []Column
}

// DistinctOn keeps the first row of each run of rows with equal Keys
// (its input is sorted on them first: SQL's DISTINCT ON).
type DistinctOn struct {
	Input Node
	Keys  []Expr
}

func (n *SetOp) Columns() []Column          { return n.Cols }
func (n *RecursiveUnion) Columns() []Column { return n.Cols }
func (n *WorkTable) Columns() []Column      { return n.Cols }
func (n *DistinctOn) Columns() []Column     { return n.Input.Columns() }

func (p *explainer) setOp(n Node) (string, []string, []Node) {
	switch n := n.(type) {
	case *SetOp:
		h := [...]string{Union: "Union", Intersect: "Intersect", Except: "Except"}[n.Op]
		if n.All {
			h += " All"
		}
		return h, nil, []Node{n.Left, n.Right}
	case *RecursiveUnion:
		h := "Recursive Union " + n.Work.Name
		if n.All {
			h += " All"
		}
		return h, nil, []Node{n.Init, n.Step}
	case *WorkTable:
		return "Work Table " + n.Name, nil, nil
	case *DistinctOn:
		return "Distinct On " + p.exprList(n.Keys), nil, []Node{n.Input}
	}
	return "", nil, nil
}
