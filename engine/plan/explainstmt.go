package plan

import "github.com/zerodb/zerodb/engine/value"

// ExplainStmt yields the plan of Input as text, one row per line (SQL
// EXPLAIN, ZQL explain). With Analyze the executor runs Input to the end
// first (discarding its rows, keeping its writes) and each node's line
// says how many rows it yielded and how long it took, inclusive of its
// inputs, as PostgreSQL's EXPLAIN ANALYZE does.
type ExplainStmt struct {
	Input   Node
	Analyze bool
	// JSON: FORMAT JSON, one row holding the plan as ExplainJSON writes
	// it, instead of a row per line.
	JSON bool
}

func (n *ExplainStmt) Columns() []Column {
	if n.JSON {
		return []Column{{Name: "QUERY PLAN", Type: value.TypeJSON}}
	}
	return []Column{{Name: "QUERY PLAN", Type: value.TypeText}}
}

// ExplainAnnotated renders a plan like Explain, appending annotate(node)
// to each node's header line (EXPLAIN ANALYZE's actual rows and time).
func ExplainAnnotated(n Node, annotate func(Node) string) string {
	p := &explainer{annotate: annotate}
	p.node(n, 0, 0)
	return p.b.String()
}
