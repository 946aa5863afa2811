package plan

import (
	"fmt"
	"strings"
)

// describeGraph describes the graph nodes for EXPLAIN (ok false for any
// other node).
func (p *explainer) describeGraph(n Node) (string, []string, []Node, bool) {
	switch n := n.(type) {
	case *Traverse:
		var props []string
		for i, s := range n.Steps {
			props = append(props, fmt.Sprintf("step %d: %s", i+1, p.graphStep(&s)))
			props = append(props, p.stepIndex("edges", s.EdgeIndex)...)
			props = append(props, p.stepIndex("vertices", s.VertexIndex)...)
		}
		h := "Traverse"
		if n.Edges {
			h += " (edges)"
		}
		if n.Col != 0 {
			h += fmt.Sprintf(" from #%d", n.Col)
		}
		return h, props, []Node{n.Input}, true
	case *LinkEdges:
		h := "Link Edges " + n.Edge
		if n.Remove {
			h = "Unlink Edges " + n.Edge
		}
		props := []string{"from: " + p.expr(n.From), "to: " + p.expr(n.To)}
		if n.Fields != nil {
			props = append(props, "fields: "+p.expr(n.Fields))
		}
		return h, props, nil, true
	case *ShortestPath:
		edge := n.Edge
		if edge == "" {
			edge = "*"
		}
		return "Shortest Path " + n.Dir.String() + " " + edge + " " + n.Dir.String(),
			[]string{"from: " + p.expr(n.From), "to: " + p.expr(n.To)}, nil, true
	}
	return "", nil, nil, false
}

func (p *explainer) graphStep(s *GraphStep) string {
	var b strings.Builder
	edge := s.Edge
	if edge == "" {
		edge = "*"
	}
	left, right := "->", "->"
	switch s.Dir {
	case GraphIn:
		left, right = "<-", "<-"
	case GraphBoth:
		left = "<-"
	}
	if s.Min == 0 && s.Max == 0 && !s.Quantified {
		b.WriteString("vertices")
	} else {
		b.WriteString(left + " " + edge)
		if s.Quantified {
			if s.Max < 0 {
				fmt.Fprintf(&b, "{%d..} (bfs)", s.Min)
			} else {
				fmt.Fprintf(&b, "{%d..%d} (bfs)", s.Min, s.Max)
			}
		}
		if s.EdgeFilter != nil {
			b.WriteString("[" + p.expr(s.EdgeFilter) + "]")
		}
		b.WriteString(" " + right)
	}
	if len(s.Tables) > 0 {
		b.WriteString(" " + strings.Join(s.Tables, "|"))
	} else {
		b.WriteString(" *")
	}
	if s.VertexFilter != nil {
		b.WriteString("[" + p.expr(s.VertexFilter) + "]")
	}
	return b.String()
}

// stepIndex describes a step's index semi-join: which index, its spans,
// and the filter still checked on the records it keeps.
func (p *explainer) stepIndex(what string, x *StepIndex) []string {
	if x == nil {
		return nil
	}
	props := []string{"  " + what + " in index " + indexName(x.Index) + " on " + tableName(x.Table)}
	if x.Index != nil {
		for _, s := range x.Spans {
			props = append(props, "    index cond: "+p.indexSpan(x.Index, s))
		}
	}
	if x.Residual != nil {
		props = append(props, "    recheck: "+p.expr(x.Residual))
	}
	return props
}
