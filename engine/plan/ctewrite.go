package plan

import (
	"strconv"
	"strings"
)

// WithWrites runs the data-modifying statements of a SQL WITH (INSERT,
// UPDATE, DELETE) and then Input, the main statement, as PostgreSQL
// does: each write runs exactly once, to completion, before Input
// starts, whether or not anything reads its rows; they and Input all
// see the records as they were before the statement (none sees the
// others' writes), and their writes take effect together when Input is
// done. CTEScans in Input (or in a later write) read the rows a write
// returned, by its ID.
type WithWrites struct {
	Writes []CTEWrite
	Input  Node
}

// CTEWrite is one data-modifying WITH query: Node is the write (with a
// Project of its RETURNING list over it when it has one).
type CTEWrite struct {
	ID   int
	Name string
	Node Node
}

// CTEScan reads the rows the data-modifying WITH query ID returned.
type CTEScan struct {
	ID   int
	Name string
	Cols []Column
}

func (n *WithWrites) Columns() []Column { return n.Input.Columns() }
func (n *CTEScan) Columns() []Column    { return n.Cols }

func (p *explainer) cteWrite(n Node) (string, []string, []Node) {
	switch n := n.(type) {
	case *WithWrites:
		kids := make([]Node, 0, len(n.Writes)+1)
		names := make([]string, len(n.Writes))
		for i, w := range n.Writes {
			kids = append(kids, w.Node)
			names[i] = w.Name + " (" + strconv.Itoa(w.ID) + ")"
		}
		return "With Writes", []string{"writes: " + strings.Join(names, ", ")}, append(kids, n.Input)
	case *CTEScan:
		return "CTE Scan " + n.Name + " (" + strconv.Itoa(n.ID) + ")", nil, nil
	}
	return "", nil, nil
}
