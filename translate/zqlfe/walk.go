package zqlfe

import "github.com/zerodb/zerodb/lang"

// eachChild calls fn for the direct children of a syntax node that are
// expressions, statements, clauses or patterns, in source order, until fn
// returns false.
func eachChild(n lang.Node, fn func(lang.Node) bool) {
	visit := func(ns ...lang.Node) bool {
		for _, c := range ns {
			if c == nil || isNilNode(c) {
				continue
			}
			if !fn(c) {
				return false
			}
		}
		return true
	}
	exprs := func(es []lang.Expr) bool {
		for _, e := range es {
			if !visit(e) {
				return false
			}
		}
		return true
	}
	switch n := n.(type) {
	case *lang.ExprStmt:
		visit(n.X)
	case *lang.Let:
		visit(n.Value)
	case *lang.FuncDecl:
		for _, p := range n.Params {
			if !visit(p.Default) {
				return
			}
		}
		visit(n.Body)
	case *lang.Transaction:
		visit(n.Body)
	case *lang.List:
		exprs(n.Elems)
	case *lang.Tuple:
		exprs(n.Elems)
	case *lang.Object:
		for _, f := range n.Fields {
			if !visit(f.Value) {
				return
			}
		}
	case *lang.Block:
		for _, s := range n.Stmts {
			if !visit(s) {
				return
			}
		}
	case *lang.Closure:
		visit(n.Body)
	case *lang.Comprehension:
		if !visit(n.Head) {
			return
		}
		for _, c := range n.Clauses {
			if !visit(c) {
				return
			}
		}
	case *lang.Generator:
		visit(n.Source)
	case *lang.Cond:
		visit(n.X)
	case *lang.Unary:
		visit(n.X)
	case *lang.Binary:
		visit(n.X, n.Y)
	case *lang.Range:
		visit(n.Lo, n.Hi)
	case *lang.Pipeline:
		visit(n.Input, n.Stage)
	case *lang.Ordered:
		visit(n.X)
	case *lang.Path:
		if !visit(n.Head) {
			return
		}
		for _, s := range n.Steps {
			if !visit(s.Target) {
				return
			}
		}
	case *lang.Repeat:
		visit(n.X)
	case *lang.FieldAccess:
		visit(n.X)
	case *lang.Index:
		visit(n.X, n.Index)
	case *lang.Call:
		if !visit(n.Fn) {
			return
		}
		exprs(n.Args)
	case *lang.If:
		visit(n.Cond, n.Then, n.Else)
	case *lang.Match:
		if !visit(n.Subject) {
			return
		}
		for _, a := range n.Arms {
			if !visit(a.Guard, a.Body) {
				return
			}
		}
	case *lang.ObjectType:
		for _, f := range n.Fields {
			if !visit(f.Default, f.Assert) {
				return
			}
		}
	}
}

// isNilNode reports whether n holds a nil pointer: the one child field of
// pointer type that is passed as a Node, If.Then, is never nil from the
// parser, but a tree built by hand may leave it so.
func isNilNode(n lang.Node) bool {
	b, ok := n.(*lang.Block)
	return ok && b == nil
}
