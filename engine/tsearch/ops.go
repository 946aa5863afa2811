package tsearch

// Concat is tsvector || tsvector: b's positions come after a's last one
// (clamped to MaxPos), and a lexeme in both keeps the positions of both.
func Concat(a, b Vector) Vector {
	maxPos := 0
	for _, l := range a {
		for _, p := range l.Pos {
			maxPos = max(maxPos, int(p.N))
		}
	}
	out := make(Vector, 0, len(a)+len(b))
	for _, l := range a {
		out = append(out, Lexeme{Word: l.Word, Pos: append([]Pos(nil), l.Pos...)})
	}
	for _, l := range b {
		ps := make([]Pos, len(l.Pos))
		for i, p := range l.Pos {
			ps[i] = Pos{N: uint16(min(int(p.N)+maxPos, MaxPos)), Weight: p.Weight}
		}
		out = append(out, Lexeme{Word: l.Word, Pos: ps})
	}
	return Normalize(out)
}

// NumNodes is numnode(tsquery): operands and operators.
func (q Query) NumNodes() int { return q.Root.count() }

func (n *Node) count() int {
	if n == nil {
		return 0
	}
	return 1 + n.L.count() + n.R.count()
}

// Tree is querytree(tsquery): the query without its NOT branches, which
// an index cannot answer; T when nothing is left.
func (q Query) Tree() string {
	if q.Root == nil {
		return ""
	}
	t := withoutNot(q.Root)
	if t == nil {
		return "T"
	}
	return Query{Root: t}.String()
}

func withoutNot(n *Node) *Node {
	switch n.Op {
	case OpValue:
		return n
	case OpNot:
		return nil
	}
	l, r := withoutNot(n.L), withoutNot(n.R)
	switch {
	case l == nil:
		return r
	case r == nil:
		return l
	}
	c := *n
	c.L, c.R = l, r
	return &c
}

// Combine is tsquery && tsquery, || and tsquery_phrase: an empty side
// gives the other.
func Combine(op Op, a, b Query, dist uint16) Query {
	switch {
	case a.Root == nil:
		return b
	case b.Root == nil:
		return a
	}
	return Query{Root: &Node{Op: op, Dist: dist, L: a.Root, R: b.Root}}
}

// Negate is !! tsquery.
func Negate(q Query) Query {
	if q.Root == nil {
		return q
	}
	return Query{Root: &Node{Op: OpNot, L: q.Root}}
}

// IndexKey is the lexeme a gin index reads for the query: one that every
// vector the query matches contains (an operand, not a prefix, that no
// OR or NOT is above), the longest such as the likely rarest; "" when
// there is none, for which the index yields every record.
func (q Query) IndexKey() string {
	best := ""
	var walk func(n *Node)
	walk = func(n *Node) {
		switch n.Op {
		case OpValue:
			if !n.Prefix && (len(n.Word) > len(best) || len(n.Word) == len(best) && n.Word < best) {
				best = n.Word
			}
		case OpAnd, OpPhrase:
			walk(n.L)
			walk(n.R)
		}
	}
	if q.Root != nil {
		walk(q.Root)
	}
	return best
}
