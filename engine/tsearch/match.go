package tsearch

import (
	"slices"
	"sort"
	"strings"
)

// ternary is PostgreSQL's TSTernaryValue: a lexeme without positions
// matches a phrase only maybe.
type ternary uint8

const (
	tsNo ternary = iota
	tsYes
	tsMaybe
)

// Match is tsvector @@ tsquery. The empty query matches nothing.
func Match(v Vector, q Query) bool {
	if q.Root == nil {
		return false
	}
	return execute(q.Root, v.operand, false) != tsNo
}

// source tells where an operand occurs: tsNo, tsYes with its positions
// (pos is nil when positions are not wanted), or tsMaybe when its
// lexeme has no positions.
type source func(n *Node, pos *[]int) ternary

// operand is the source of a vector.
func (v Vector) operand(n *Node, pos *[]int) ternary {
	lo, hi := v.find(n)
	found := false
	for _, l := range v[lo:hi] {
		if len(l.Pos) == 0 {
			if pos != nil {
				return tsMaybe
			}
			// A stripped lexeme matches whatever the weights asked
			// for, as in PostgreSQL.
			return tsYes
		}
		for _, p := range l.Pos {
			if weightOK(n, p) {
				if pos == nil {
					return tsYes
				}
				found = true
				*pos = append(*pos, int(p.N))
			}
		}
	}
	if !found {
		return tsNo
	}
	if hi-lo > 1 {
		slices.Sort(*pos)
		*pos = slices.Compact(*pos)
	}
	return tsYes
}

// find is the index range of the lexemes an operand names: the one equal
// to its word, or all that start with it when it is a prefix.
func (v Vector) find(n *Node) (lo, hi int) {
	lo = sort.Search(len(v), func(i int) bool { return v[i].Word >= n.Word })
	if !n.Prefix {
		if lo < len(v) && v[lo].Word == n.Word {
			return lo, lo + 1
		}
		return lo, lo
	}
	hi = lo
	for hi < len(v) && strings.HasPrefix(v[hi].Word, n.Word) {
		hi++
	}
	return lo, hi
}

// weightOK reports a position of a weight the operand admits.
func weightOK(n *Node, p Pos) bool {
	return n.Weights == 0 || n.Weights&(MaskD<<p.Weight) != 0
}

// execute is TS_execute: AND, OR and NOT of operands, phrases by
// position. skipNot takes every NOT as true (ts_rank_cd's first pass).
func execute(n *Node, src source, skipNot bool) ternary {
	switch n.Op {
	case OpValue:
		return src(n, nil)
	case OpNot:
		if skipNot {
			return tsYes
		}
		switch execute(n.L, src, skipNot) {
		case tsNo:
			return tsYes
		case tsYes:
			return tsNo
		}
		return tsMaybe
	case OpAnd, OpOr:
		// A no decides an AND, a yes an OR; else a maybe makes a maybe.
		decides, other := tsNo, tsYes
		if n.Op == OpOr {
			decides, other = tsYes, tsNo
		}
		l := execute(n.L, src, skipNot)
		if l == decides {
			return decides
		}
		r := execute(n.R, src, skipNot)
		if r == decides {
			return decides
		}
		if l == tsMaybe || r == tsMaybe {
			return tsMaybe
		}
		return other
	case OpPhrase:
		var d phraseData
		if phrase(n, src, skipNot, &d) == tsYes {
			return tsYes
		}
		return tsNo // a maybe of a phrase is a no, as in PostgreSQL's @@
	}
	return tsNo
}

// phraseData is where a phrase's subexpression matches: the positions
// of its last word (npos), or, negated, everywhere but there; width is
// how many positions the match spans before its last word.
type phraseData struct {
	pos    []int
	negate bool
	width  int
}

// Output selections of phraseOutput.
const (
	emitBoth = 1 << iota
	emitLOnly
	emitROnly
)

// phrase is TS_phrase_execute.
func phrase(n *Node, src source, skipNot bool, d *phraseData) ternary {
	switch n.Op {
	case OpValue:
		return src(n, &d.pos)
	case OpNot:
		if skipNot {
			d.negate = true
			return tsYes
		}
		switch phrase(n.L, src, skipNot, d) {
		case tsNo:
			d.negate = true
			return tsYes
		case tsYes:
			if len(d.pos) > 0 {
				d.negate = !d.negate
				return tsYes
			}
			if d.negate {
				d.negate = false
				return tsNo
			}
			return tsNo
		}
		return tsMaybe
	case OpPhrase, OpAnd:
		var l, r phraseData
		lm := phrase(n.L, src, skipNot, &l)
		if lm == tsNo {
			return tsNo
		}
		rm := phrase(n.R, src, skipNot, &r)
		if rm == tsNo {
			return tsNo
		}
		if lm == tsMaybe || rm == tsMaybe {
			return tsMaybe
		}
		var loff, roff int
		if n.Op == OpPhrase {
			loff = int(n.Dist) + r.width
			d.width = int(n.Dist) + l.width + r.width
		} else {
			w := max(l.width, r.width)
			loff, roff = w-l.width, w-r.width
			d.width = w
		}
		switch {
		case l.negate && r.negate:
			phraseOutput(d, &l, &r, emitBoth|emitLOnly|emitROnly, loff, roff)
			d.negate = true
			return tsYes
		case l.negate:
			return phraseOutput(d, &l, &r, emitROnly, loff, roff)
		case r.negate:
			return phraseOutput(d, &l, &r, emitLOnly, loff, roff)
		}
		return phraseOutput(d, &l, &r, emitBoth, loff, roff)
	case OpOr:
		var l, r phraseData
		lm := phrase(n.L, src, skipNot, &l)
		rm := phrase(n.R, src, skipNot, &r)
		if lm == tsNo && rm == tsNo {
			return tsNo
		}
		if lm == tsMaybe || rm == tsMaybe {
			return tsMaybe
		}
		if lm == tsNo {
			l.width = 0
		}
		if rm == tsNo {
			r.width = 0
		}
		w := max(l.width, r.width)
		loff, roff := w-l.width, w-r.width
		d.width = w
		switch {
		case l.negate && r.negate:
			phraseOutput(d, &l, &r, emitBoth, loff, roff)
			d.negate = true
			return tsYes
		case l.negate:
			phraseOutput(d, &l, &r, emitLOnly, loff, roff)
			d.negate = true
			return tsYes
		case r.negate:
			phraseOutput(d, &l, &r, emitROnly, loff, roff)
			d.negate = true
			return tsYes
		}
		return phraseOutput(d, &l, &r, emitBoth|emitLOnly|emitROnly, loff, roff)
	}
	return tsNo
}

// phraseOutput merges the positions of two sides (shifted by their
// offsets) into d, keeping those the emit selection asks for.
func phraseOutput(d, l, r *phraseData, emit, loff, roff int) ternary {
	const inf = int(^uint(0) >> 1)
	li, ri := 0, 0
	for li < len(l.pos) || ri < len(r.pos) {
		lp, rp := inf, inf
		if li < len(l.pos) {
			lp = l.pos[li] + loff
		} else if emit&emitROnly == 0 {
			break
		}
		if ri < len(r.pos) {
			rp = r.pos[ri] + roff
		} else if emit&emitLOnly == 0 {
			break
		}
		out := 0
		switch {
		case lp < rp:
			if emit&emitLOnly != 0 {
				out = lp
			}
			li++
		case lp == rp:
			if emit&emitBoth != 0 {
				out = rp
			}
			li++
			ri++
		default:
			if emit&emitROnly != 0 {
				out = rp
			}
			ri++
		}
		if out > 0 {
			d.pos = append(d.pos, out)
		}
	}
	if len(d.pos) > 0 {
		return tsYes
	}
	return tsNo
}
