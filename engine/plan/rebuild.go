package plan

// RebuildExpr returns a copy of e (in pointer form) whose child
// expressions are fx(child) and whose subquery plans are fn(plan): the one
// structural walk that the optimizer's rewrites and the front ends'
// expression rewrites share.
func RebuildExpr(e Expr, fx func(Expr) Expr, fn func(Node) Node) Expr {
	sub := func(x Expr) Expr {
		if x == nil {
			return nil
		}
		return fx(x)
	}
	subs := func(xs []Expr) []Expr {
		if xs == nil {
			return nil
		}
		out := make([]Expr, len(xs))
		for i, x := range xs {
			out[i] = sub(x)
		}
		return out
	}
	switch e := Pointer(e).(type) {
	case nil:
		return nil
	case *Field:
		c := *e
		c.X = sub(e.X)
		return &c
	case *Index:
		c := *e
		c.X, c.I = sub(e.X), sub(e.I)
		return &c
	case *Binary:
		c := *e
		c.L, c.R = sub(e.L), sub(e.R)
		return &c
	case *Unary:
		c := *e
		c.X = sub(e.X)
		return &c
	case *Call:
		c := *e
		c.Args = subs(e.Args)
		return &c
	case *Apply:
		c := *e
		c.Fn, c.Args = sub(e.Fn), subs(e.Args)
		return &c
	case *Closure:
		c := *e
		c.Body = sub(e.Body)
		return &c
	case *Block:
		c := *e
		c.Stmts, c.Result = subs(e.Stmts), sub(e.Result)
		return &c
	case *Let:
		c := *e
		c.X = sub(e.X)
		return &c
	case *SetSessionVar:
		c := *e
		c.X = sub(e.X)
		return &c
	case *ObjectCons:
		c := *e
		c.Vals, c.Spread = subs(e.Vals), sub(e.Spread)
		return &c
	case *ListCons:
		c := *e
		c.Elems = subs(e.Elems)
		return &c
	case *TupleCons:
		c := *e
		c.Elems = subs(e.Elems)
		return &c
	case *RangeCons:
		c := *e
		c.Lo, c.Hi = sub(e.Lo), sub(e.Hi)
		return &c
	case *RecordIDCons:
		c := *e
		c.Key = sub(e.Key)
		return &c
	case *RecordView:
		c := *e
		c.Key, c.Obj = sub(e.Key), sub(e.Obj)
		return &c
	case *If:
		c := *e
		c.Cond, c.Then, c.Else = sub(e.Cond), sub(e.Then), sub(e.Else)
		return &c
	case *Cast:
		c := *e
		c.X = sub(e.X)
		return &c
	case *Subquery:
		c := *e
		c.Node = fn(e.Node)
		return &c
	case *Match:
		c := *e
		c.X = sub(e.X)
		c.Arms = make([]MatchArm, len(e.Arms))
		for i, a := range e.Arms {
			c.Arms[i] = MatchArm{Pattern: a.Pattern, Guard: sub(a.Guard), Body: sub(a.Body)}
		}
		return &c
	default:
		return e
	}
}
