package tsearch

import (
	"math"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// DefaultWeights are ts_rank's weights of D, C, B and A.
var DefaultWeights = [4]float32{0.1, 0.2, 0.4, 1.0}

// Normalization flags of ts_rank and ts_rank_cd.
const (
	NormLogLength  = 0x01
	NormLength     = 0x02
	NormExtDist    = 0x04
	NormUniq       = 0x08
	NormLogUniq    = 0x10
	NormRDivRPlus1 = 0x20
)

// Weights checks and completes a weights array (ts_rank's first
// argument): a negative weight takes the default, one above 1 is an
// error.
func Weights(ws []float32) ([4]float32, error) {
	var out [4]float32
	if len(ws) < 4 {
		return out, errs.New("2202E", "array of weight is too short")
	}
	for i := range out {
		out[i] = ws[i]
		if ws[i] < 0 {
			out[i] = DefaultWeights[i]
		}
		if out[i] > 1 {
			return out, errs.New(errs.InvalidParameterValue, "weight out of range")
		}
	}
	return out, nil
}

// operands are the query's operands sorted by word, one per word (the
// first of equal words).
func operands(q Query) []*Node {
	ops := q.Operands()
	slices.SortStableFunc(ops, func(a, b *Node) int { return strings.Compare(a.Word, b.Word) })
	return slices.CompactFunc(ops, func(a, b *Node) bool { return a.Word == b.Word })
}

// wordDistance is the weight of two words at distance d.
func wordDistance(d int) float32 {
	if d > 100 {
		return 1e-30
	}
	return float32(1.0 / (1.005 + 0.05*math.Exp(float64(float32(d))/1.5-2)))
}

// cntLength is the vector's length for normalization: its positions,
// a lexeme without positions counting one.
func cntLength(v Vector) int {
	n := 0
	for _, l := range v {
		n += max(1, len(l.Pos))
	}
	return n
}

// Rank is ts_rank. The arithmetic follows PostgreSQL's float4 and
// float8 steps so that the float4 results are the same.
func Rank(w [4]float32, v Vector, q Query, method int) float32 {
	if len(v) == 0 || q.Root == nil {
		return 0
	}
	var res float32
	if q.Root.Op == OpAnd || q.Root.Op == OpPhrase {
		res = rankAnd(w, v, q)
	} else {
		res = rankOr(w, v, q)
	}
	if res < 0 {
		res = 1e-20
	}
	if method&NormLogLength != 0 {
		res = float32(float64(res) / (math.Log(float64(cntLength(v)+1)) / math.Log(2.0)))
	}
	if method&NormLength != 0 {
		if n := cntLength(v); n > 0 {
			res /= float32(n)
		}
	}
	if method&NormUniq != 0 {
		res /= float32(len(v))
	}
	if method&NormLogUniq != 0 {
		res = float32(float64(res) / (math.Log(float64(len(v)+1)) / math.Log(2.0)))
	}
	if method&NormRDivRPlus1 != 0 {
		res /= res + 1
	}
	return res
}

// nullPos stands for the position of a lexeme without positions.
var nullPos = []Pos{{N: MaxPos}}

func rankAnd(w [4]float32, v Vector, q Query) float32 {
	items := operands(q)
	if len(items) < 2 {
		return rankOr(w, v, q)
	}
	pos := make([][]Pos, len(items))
	isNull := make([]bool, len(items))
	res := float32(-1.0)
	for i, it := range items {
		lo, hi := v.find(it)
		for _, l := range v[lo:hi] {
			pos[i], isNull[i] = l.Pos, len(l.Pos) == 0
			if isNull[i] {
				pos[i] = nullPos
			}
			for k := 0; k < i; k++ {
				if pos[k] == nil {
					continue
				}
				for _, a := range pos[i] {
					for _, b := range pos[k] {
						dist := int(a.N) - int(b.N)
						if dist < 0 {
							dist = -dist
						}
						if dist == 0 && !isNull[i] && !isNull[k] {
							continue
						}
						if dist == 0 {
							dist = MaxPos + 1
						}
						curw := float32(math.Sqrt(float64(w[a.Weight] * w[b.Weight] * wordDistance(dist))))
						if res < 0 {
							res = curw
						} else {
							res = float32(1.0 - (1.0-float64(res))*(1.0-float64(curw)))
						}
					}
				}
			}
		}
	}
	return res
}

func rankOr(w [4]float32, v Vector, q Query) float32 {
	items := operands(q)
	var res float32
	for _, it := range items {
		lo, hi := v.find(it)
		for _, l := range v[lo:hi] {
			ps := l.Pos
			if len(ps) == 0 {
				ps = []Pos{{N: 0}}
			}
			var resj float32
			wjm := float32(-1.0)
			jm := 0
			for j, p := range ps {
				resj += w[p.Weight] / float32((j+1)*(j+1))
				if w[p.Weight] > wjm {
					wjm, jm = w[p.Weight], j
				}
			}
			res = float32(float64(res) + float64(wjm+resj-wjm/float32((jm+1)*(jm+1)))/1.64493406685)
		}
	}
	if len(items) > 0 {
		res /= float32(len(items))
	}
	return res
}

// docEntry is a position of the document where query operands occur.
type docEntry struct {
	pos   Pos
	lex   int // index of the lexeme in the vector
	items []*Node
}

// docRep is ts_rank_cd's view of the document: the positions of the
// query's operands in order.
func docRep(v Vector, q Query) []docEntry {
	ops := q.Operands()
	var doc []docEntry
	for _, it := range ops {
		lo, hi := v.find(it)
		for li := lo; li < hi; li++ {
			for _, p := range v[li].Pos {
				if weightOK(it, p) {
					doc = append(doc, docEntry{pos: p, lex: li, items: []*Node{it}})
				}
			}
		}
	}
	slices.SortStableFunc(doc, func(a, b docEntry) int {
		if a.pos.N != b.pos.N {
			return int(a.pos.N) - int(b.pos.N)
		}
		if a.pos.Weight != b.pos.Weight {
			return int(a.pos.Weight) - int(b.pos.Weight)
		}
		return a.lex - b.lex
	})
	out := doc[:0]
	for _, d := range doc {
		if n := len(out); n > 0 && out[n-1].pos == d.pos && out[n-1].lex == d.lex {
			out[n-1].items = append(out[n-1].items, d.items...)
			continue
		}
		out = append(out, d)
	}
	return out
}

// coverState is which operands a stretch of the document has, and
// where.
type coverState map[*Node][]int

func (c coverState) add(e docEntry) {
	for _, it := range e.items {
		ps := c[it]
		if len(ps) == 0 || ps[len(ps)-1] != int(e.pos.N) {
			c[it] = append(ps, int(e.pos.N))
		}
	}
}

func (c coverState) source(n *Node, pos *[]int) ternary {
	ps, ok := c[n]
	if !ok {
		return tsNo
	}
	if pos != nil {
		sorted := slices.Clone(ps)
		slices.Sort(sorted)
		*pos = append(*pos, sorted...)
	}
	return tsYes
}

// RankCD is ts_rank_cd: cover density ranking.
func RankCD(w [4]float32, v Vector, q Query, method int) float32 {
	if q.Root == nil {
		return 0
	}
	var invws [4]float64
	for i := range invws {
		invws[i] = 1.0 / float64(w[i])
	}
	doc := docRep(v, q)
	if len(doc) == 0 {
		return 0
	}
	var wdoc, sumDist, prevExt float64
	nExtent := 0
	start := 0
	for {
		begin, end, p, qq, next, ok := cover(doc, q, start)
		if !ok {
			break
		}
		start = next
		var invSum float64
		for _, e := range doc[begin : end+1] {
			invSum += invws[e.pos.Weight]
		}
		cpos := float64(end-begin+1) / invSum
		noise := (qq - p) - (end - begin)
		if noise < 0 {
			noise = (end - begin) / 2
		}
		wdoc += cpos / float64(1+noise)
		cur := float64(qq+p) / 2.0
		if nExtent > 0 && cur > prevExt {
			sumDist += 1.0 / (cur - prevExt)
		}
		prevExt = cur
		nExtent++
	}
	if method&NormLogLength != 0 && len(v) > 0 {
		wdoc /= math.Log(float64(cntLength(v) + 1))
	}
	if method&NormLength != 0 {
		if n := cntLength(v); n > 0 {
			wdoc /= float64(n)
		}
	}
	if method&NormExtDist != 0 && nExtent > 0 && sumDist > 0 {
		wdoc /= float64(nExtent) / sumDist
	}
	if method&NormUniq != 0 && len(v) > 0 {
		wdoc /= float64(len(v))
	}
	if method&NormLogUniq != 0 && len(v) > 0 {
		wdoc /= math.Log(float64(len(v)+1)) / math.Log(2.0)
	}
	if method&NormRDivRPlus1 != 0 {
		wdoc /= wdoc + 1
	}
	return float32(wdoc)
}

// cover finds the next cover at or after doc[start]: the shortest
// stretch ending at the first place the query is satisfied (NOTs taken
// as true), then shrunk from the left while it is satisfied with NOTs
// checked. It returns the stretch's doc indexes and positions and where
// the next search starts.
func cover(doc []docEntry, q Query, start int) (begin, end, p, qq, next int, ok bool) {
	for start < len(doc) {
		st := coverState{}
		last := -1
		for i := start; i < len(doc); i++ {
			st.add(doc[i])
			if execute(q.Root, st.source, true) != tsNo {
				last = i
				break
			}
		}
		if last < 0 {
			return 0, 0, 0, 0, 0, false
		}
		end, qq = last, int(doc[last].pos.N)
		st = coverState{}
		p = math.MaxInt
		i := last
		for ; i >= start; i-- {
			st.add(doc[i])
			if execute(q.Root, st.source, false) != tsNo {
				if int(doc[i].pos.N) < p {
					begin, p = i, int(doc[i].pos.N)
				}
				break
			}
		}
		if p <= qq {
			return begin, end, p, qq, i + 1, true
		}
		start++
	}
	return 0, 0, 0, 0, 0, false
}
