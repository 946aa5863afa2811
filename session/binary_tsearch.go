package session

import (
	"bytes"
	"encoding/binary"

	"github.com/zerodb/zerodb/engine/tsearch"
	"github.com/zerodb/zerodb/engine/value"
)

// PostgreSQL's binary forms of tsvector and tsquery (tsvectorsend,
// tsqueryrecv): a tsvector is its lexeme count, then each lexeme as a
// NUL-terminated string, its position count and positions (uint16,
// weight in the top two bits); a tsquery is its node count, then the
// nodes in prefix order with an operator's right operand first.

// Node codes of the tsquery binary form.
const (
	tsqValue   = 1
	tsqOper    = 2
	tsqNot     = 1
	tsqAnd     = 2
	tsqOr      = 3
	tsqPhrase  = 4
	tsqMaxNode = 1 << 20
)

func appendTSVectorBinary(buf []byte, text string) ([]byte, error) {
	v, err := tsearch.ParseVector(text)
	if err != nil {
		return buf, err
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(v)))
	for _, l := range v {
		buf = append(append(buf, l.Word...), 0)
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(l.Pos)))
		for _, p := range l.Pos {
			buf = binary.BigEndian.AppendUint16(buf, uint16(p.Weight)<<14|p.N)
		}
	}
	return buf, nil
}

func appendTSQueryBinary(buf []byte, text string) ([]byte, error) {
	q, err := tsearch.ParseQuery(text, tsearch.SyntaxStandard, nil)
	if err != nil {
		return buf, err
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(q.NumNodes()))
	var walk func(n *tsearch.Node)
	walk = func(n *tsearch.Node) {
		if n == nil {
			return
		}
		switch n.Op {
		case tsearch.OpValue:
			prefix := byte(0)
			if n.Prefix {
				prefix = 1
			}
			buf = append(append(append(buf, tsqValue, n.Weights, prefix), n.Word...), 0)
			return
		case tsearch.OpNot:
			buf = append(buf, tsqOper, tsqNot)
		case tsearch.OpAnd:
			buf = append(buf, tsqOper, tsqAnd)
		case tsearch.OpOr:
			buf = append(buf, tsqOper, tsqOr)
		case tsearch.OpPhrase:
			buf = binary.BigEndian.AppendUint16(append(buf, tsqOper, tsqPhrase), n.Dist)
		}
		walk(n.R)
		walk(n.L)
	}
	walk(q.Root)
	return buf, nil
}

// binReader reads a binary value, failing once for good when it runs out.
type binReader struct {
	b   []byte
	bad bool
}

func (r *binReader) take(n int) []byte {
	if r.bad || len(r.b) < n {
		r.bad = true
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *binReader) u8() byte    { return r.take(1)[0] }
func (r *binReader) u16() uint16 { return binary.BigEndian.Uint16(r.take(2)) }
func (r *binReader) u32() uint32 { return binary.BigEndian.Uint32(r.take(4)) }

func (r *binReader) cstring() string {
	i := bytes.IndexByte(r.b, 0)
	if r.bad || i < 0 {
		r.bad = true
		return ""
	}
	s := string(r.b[:i])
	r.b = r.b[i+1:]
	return s
}

func decodeTSVectorBinary(raw []byte, param int) (value.Value, error) {
	r := &binReader{b: raw}
	n := r.u32()
	if n > uint32(len(raw)) {
		return value.None, badBinary(param)
	}
	v := make(tsearch.Vector, 0, n)
	for i := uint32(0); i < n && !r.bad; i++ {
		l := tsearch.Lexeme{Word: r.cstring()}
		if len(l.Word) > tsearch.MaxLexemeLen {
			return value.None, badBinary(param)
		}
		np := r.u16()
		for j := uint16(0); j < np && !r.bad; j++ {
			p := r.u16()
			if p&0x3fff == 0 {
				return value.None, badBinary(param)
			}
			l.Pos = append(l.Pos, tsearch.Pos{N: p & 0x3fff, Weight: tsearch.Weight(p >> 14)})
		}
		v = append(v, l)
	}
	if r.bad || len(r.b) != 0 {
		return value.None, badBinary(param)
	}
	return value.String(tsearch.Normalize(v).String()), nil
}

func decodeTSQueryBinary(raw []byte, param int) (value.Value, error) {
	r := &binReader{b: raw}
	n := r.u32()
	if n > tsqMaxNode || n > uint32(len(raw)) {
		return value.None, badBinary(param)
	}
	left := int(n)
	var node func(depth int) *tsearch.Node
	node = func(depth int) *tsearch.Node {
		if left == 0 || depth > 1000 || r.bad {
			r.bad = true
			return nil
		}
		left--
		switch r.u8() {
		case tsqValue:
			w, prefix := r.u8(), r.u8()
			word := r.cstring()
			if w > 0xf {
				r.bad = true
			}
			return &tsearch.Node{Op: tsearch.OpValue, Weights: w, Prefix: prefix != 0, Word: word}
		case tsqOper:
			x := &tsearch.Node{}
			switch r.u8() {
			case tsqNot:
				x.Op = tsearch.OpNot
				x.L = node(depth + 1)
				return x
			case tsqAnd:
				x.Op = tsearch.OpAnd
			case tsqOr:
				x.Op = tsearch.OpOr
			case tsqPhrase:
				x.Op, x.Dist = tsearch.OpPhrase, r.u16()
			default:
				r.bad = true
				return nil
			}
			x.R = node(depth + 1)
			x.L = node(depth + 1)
			return x
		}
		r.bad = true
		return nil
	}
	var q tsearch.Query
	if n > 0 {
		q.Root = node(0)
	}
	if r.bad || left != 0 || len(r.b) != 0 {
		return value.None, badBinary(param)
	}
	return value.String(q.String()), nil
}
