package opt

import "github.com/zerodb/zerodb/engine/plan"

// The nodes of SQL's set operations, WITH RECURSIVE and DISTINCT ON are
// optimized, walked and mapped input by input; nothing is pushed through
// them.

func (o *optimizer) setOp(n plan.Node) plan.Node {
	switch n := n.(type) {
	case *plan.SetOp:
		c := *n
		c.Left, c.Right = o.node(n.Left), o.node(n.Right)
		return &c
	case *plan.RecursiveUnion:
		c := *n
		c.Init, c.Step = o.node(n.Init), o.node(n.Step)
		return &c
	case *plan.DistinctOn:
		c := *n
		c.Input, c.Keys = o.node(n.Input), o.exprs(n.Keys)
		return &c
	}
	return n
}

func walkSetOp(n plan.Node, nest, fnest int, d *Deps) {
	switch n := n.(type) {
	case *plan.SetOp:
		walkNode(n.Left, nest, fnest, d)
		walkNode(n.Right, nest, fnest, d)
	case *plan.RecursiveUnion:
		walkNode(n.Init, nest, fnest, d)
		walkNode(n.Step, nest, fnest, d)
	case *plan.DistinctOn:
		walkNode(n.Input, nest, fnest, d)
		walkExprs(n.Keys, nest, fnest, d)
	}
}

func mapSetOp(n plan.Node, nest int, f colMapper) plan.Node {
	switch n := n.(type) {
	case *plan.SetOp:
		c := *n
		c.Left, c.Right = mapNode(n.Left, nest, f), mapNode(n.Right, nest, f)
		return &c
	case *plan.RecursiveUnion:
		c := *n
		c.Init, c.Step = mapNode(n.Init, nest, f), mapNode(n.Step, nest, f)
		return &c
	case *plan.DistinctOn:
		c := *n
		c.Input, c.Keys = mapNode(n.Input, nest, f), mapExprs(n.Keys, nest, f)
		return &c
	}
	return n
}
