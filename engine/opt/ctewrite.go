package opt

import "github.com/zerodb/zerodb/engine/plan"

// A SQL WITH's data-modifying queries (plan.WithWrites) are optimized,
// walked and mapped each on its own; nothing is pushed into or through
// them, and a CTEScan is a leaf reading rows the executor kept.

func (o *optimizer) cteWrite(n *plan.WithWrites) plan.Node {
	c := *n
	c.Writes = make([]plan.CTEWrite, len(n.Writes))
	for i, w := range n.Writes {
		w.Node = o.node(w.Node)
		c.Writes[i] = w
	}
	c.Input = o.node(n.Input)
	return &c
}

func walkCTEWrite(n *plan.WithWrites, nest, fnest int, d *Deps) {
	for _, w := range n.Writes {
		walkNode(w.Node, nest, fnest, d)
	}
	walkNode(n.Input, nest, fnest, d)
}

func mapCTEWrite(n *plan.WithWrites, nest int, f colMapper) plan.Node {
	c := *n
	c.Writes = make([]plan.CTEWrite, len(n.Writes))
	for i, w := range n.Writes {
		w.Node = mapNode(w.Node, nest, f)
		c.Writes[i] = w
	}
	c.Input = mapNode(n.Input, nest, f)
	return &c
}
