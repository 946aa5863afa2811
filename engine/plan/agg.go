package plan

// Exprs lists the expressions of an aggregate (argument, second argument,
// filter, order keys), the nil ones left out.
func (a *Agg) Exprs() []Expr {
	var out []Expr
	for _, x := range []Expr{a.Arg, a.Arg2, a.Filter} {
		if x != nil {
			out = append(out, x)
		}
	}
	for _, k := range a.Order {
		out = append(out, k.X)
	}
	return out
}

// MapExprs returns a copy of a with f applied to each of its expressions.
func (a Agg) MapExprs(f func(Expr) Expr) Agg {
	mapOne := func(x Expr) Expr {
		if x == nil {
			return nil
		}
		return f(x)
	}
	a.Arg, a.Arg2, a.Filter = mapOne(a.Arg), mapOne(a.Arg2), mapOne(a.Filter)
	if a.Order != nil {
		keys := make([]SortKey, len(a.Order))
		for i, k := range a.Order {
			k.X = f(k.X)
			keys[i] = k
		}
		a.Order = keys
	}
	return a
}
