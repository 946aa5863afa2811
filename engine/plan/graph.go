package plan

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// GraphDir is the direction an edge step follows.
type GraphDir uint8

const (
	// GraphOut follows edges from their `in` to their `out` (->).
	GraphOut GraphDir = iota
	// GraphIn follows edges backwards (<-).
	GraphIn
	// GraphBoth follows edges either way (<- e ->).
	GraphBoth
)

func (d GraphDir) String() string {
	switch d {
	case GraphIn:
		return "<-"
	case GraphBoth:
		return "<->"
	}
	return "->"
}

// GraphStep is one edge step of a traversal and the vertex position
// after it. Expressions are evaluated with the candidate (the edge record
// for EdgeFilter, the vertex's record id for VertexFilter) as the row's
// only column; Depth 1 is the Traverse's outer row.
type GraphStep struct {
	Dir GraphDir
	// Edge is the edge table; "" follows edges of every table.
	Edge       string
	EdgeFilter Expr
	// Min and Max bound the hops (Max < 0: no bound). Quantified steps
	// ({m..n}) are a breadth-first search visiting each vertex once;
	// plain steps (Quantified false, Min = Max = 1) yield one vertex per
	// edge. Min = Max = 0 restricts the current vertices without moving.
	Min, Max   int
	Quantified bool
	// Tables restricts the vertices reached to these tables (nil: any).
	Tables       []string
	VertexFilter Expr
	// EdgeTable and VertexTable are the descriptors of Edge and of the
	// one table of Tables when the translator resolved them (nil
	// otherwise): the optimizer reads their indexes and statistics.
	EdgeTable, VertexTable *catalog.Table
	// EdgeIndex and VertexIndex, chosen by the optimizer, check the
	// step's filters against an index instead of each candidate's record
	// (see StepIndex). The filters stay: they are what the index reads
	// stand for, and what the executor falls back to.
	EdgeIndex, VertexIndex *StepIndex
}

// StepIndex is a semi-join of a traversal step against a secondary index:
// the keys of the records of Table in the index's Spans are read once (no
// record is fetched), and a candidate edge or vertex is kept only when it
// is a record of Table whose key is among them. Residual is the part of
// the step's filter the spans do not enforce exactly; it is evaluated,
// with a record read, only on the candidates kept (nil: none is read).
type StepIndex struct {
	Table    *catalog.Table
	Index    *catalog.Index
	Spans    []IndexSpan
	SQLNulls bool
	Residual Expr
}

// Traverse walks the graph from the vertices in column Col of each input
// row (a record id, or a record whose `id` is one) through Steps, and
// yields one row per vertex reached at the end ([record id]), or, when
// Edges is set, per edge of the last step ([edge record]).
type Traverse struct {
	Input Node
	Col   int
	Steps []GraphStep
	Edges bool
}

// LinkEdges creates (or, with Remove, removes) the edges of table Edge
// from every vertex of From to every vertex of To (each a record id, a
// record, or a list of them). Creating makes the edge table on first use
// and adds Fields (an object, or nil) to every edge. It yields the edge
// records written or removed.
type LinkEdges struct {
	At
	Edge     string
	From, To Expr
	Fields   Expr
	Remove   bool
}

// ShortestPath yields one row: the list of the record ids on one shortest
// path from From to To over edges of table Edge ("" = every edge table)
// in direction Dir, both ends included; none when there is no path. With
// Steps it yields one row per vertex instead: [record id, index from 0]
// (no rows when there is no path).
type ShortestPath struct {
	At
	From, To Expr
	Edge     string
	Dir      GraphDir
	Steps    bool
}

func (n *Traverse) Columns() []Column  { return []Column{{Name: "result", Type: value.Any}} }
func (n *LinkEdges) Columns() []Column { return []Column{{Name: "result", Type: value.Any}} }
func (n *ShortestPath) Columns() []Column {
	if n.Steps {
		return []Column{{Name: "vertex", Type: value.Any}, {Name: "step", Type: value.TypeInt8}}
	}
	return []Column{{Name: "result", Type: value.Any}}
}
