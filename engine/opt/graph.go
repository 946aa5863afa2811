package opt

import "github.com/zerodb/zerodb/engine/plan"

// graphNode optimizes the graph nodes (ok false for any other node).
func (o *optimizer) graphNode(n plan.Node) (plan.Node, bool) {
	switch n := n.(type) {
	case *plan.Traverse:
		c := *n
		c.Input = o.node(n.Input)
		c.Steps = make([]plan.GraphStep, len(n.Steps))
		for i, s := range n.Steps {
			s.EdgeFilter, s.VertexFilter = o.expr(s.EdgeFilter), o.expr(s.VertexFilter)
			c.Steps[i] = s
		}
		return &c, true
	case *plan.LinkEdges:
		c := *n
		c.From, c.To, c.Fields = o.expr(n.From), o.expr(n.To), o.expr(n.Fields)
		return &c, true
	case *plan.ShortestPath:
		c := *n
		c.From, c.To = o.expr(n.From), o.expr(n.To)
		return &c, true
	}
	return nil, false
}

// pushTraverse moves conditions on a traversal's output into its last
// step: a condition on the vertices reached becomes the step's vertex
// filter, one on the edges yielded its edge filter. Both see the element
// as their row's only column, as the Filter did, so nothing is rewritten;
// a plain step then keeps only the passing vertices of each expansion.
func (o *optimizer) pushTraverse(n *plan.Traverse, cs []plan.Expr) (plan.Node, []bool) {
	pushed := make([]bool, len(cs))
	below := o.movables(cs, pushed)
	last := len(n.Steps) - 1
	if len(below) == 0 || last < 0 || (n.Edges && n.Steps[last].Quantified) {
		return n, make([]bool, len(cs))
	}
	c := *n
	c.Steps = append([]plan.GraphStep(nil), n.Steps...)
	s := &c.Steps[last]
	if n.Edges {
		s.EdgeFilter = and(append(conjuncts(s.EdgeFilter), below...))
	} else {
		s.VertexFilter = and(append(conjuncts(s.VertexFilter), below...))
	}
	return &c, pushed
}

func walkGraph(n plan.Node, nest, fnest int, d *Deps) {
	switch n := n.(type) {
	case *plan.Traverse:
		walkNode(n.Input, nest, fnest, d)
		for _, s := range n.Steps {
			walkExpr(s.EdgeFilter, nest, fnest, d)
			walkExpr(s.VertexFilter, nest, fnest, d)
			walkStepIndex(s.EdgeIndex, nest, fnest, d)
			walkStepIndex(s.VertexIndex, nest, fnest, d)
		}
	case *plan.LinkEdges:
		d.Writes = true
		walkExpr(n.From, nest, fnest, d)
		walkExpr(n.To, nest, fnest, d)
		walkExpr(n.Fields, nest, fnest, d)
	case *plan.ShortestPath:
		walkExpr(n.From, nest, fnest, d)
		walkExpr(n.To, nest, fnest, d)
	}
}

// mapGraph is mapNode of the graph nodes.
func mapGraph(n plan.Node, nest int, f colMapper) plan.Node {
	switch n := n.(type) {
	case *plan.Traverse:
		c := *n
		c.Input = mapNode(n.Input, nest, f)
		c.Steps = make([]plan.GraphStep, len(n.Steps))
		for i, s := range n.Steps {
			s.EdgeFilter, s.VertexFilter = mapExpr(s.EdgeFilter, nest, f), mapExpr(s.VertexFilter, nest, f)
			s.EdgeIndex, s.VertexIndex = mapStepIndex(s.EdgeIndex, nest, f), mapStepIndex(s.VertexIndex, nest, f)
			c.Steps[i] = s
		}
		return &c
	case *plan.LinkEdges:
		c := *n
		c.From, c.To, c.Fields = mapExpr(n.From, nest, f), mapExpr(n.To, nest, f), mapExpr(n.Fields, nest, f)
		return &c
	case *plan.ShortestPath:
		c := *n
		c.From, c.To = mapExpr(n.From, nest, f), mapExpr(n.To, nest, f)
		return &c
	}
	return n
}
