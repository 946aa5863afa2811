package graph

import (
	"context"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Expander lists the neighbours of a vertex (a record id) for one step
// of a traversal; fn returning false stops the listing.
type Expander func(v value.Value, fn func(other value.Value) (bool, error)) error

// VertexKey is the identity of a vertex in visited sets: its record id's
// key encoding.
func VertexKey(buf []byte, v value.Value) (string, error) {
	b, err := value.AppendKey(buf, v)
	if err != nil {
		return "", errs.Wrap(errs.InvalidParameterValue, err, "graph: vertex "+v.String())
	}
	return string(b), nil
}

// BFS is a breadth-first search from one vertex that yields, on demand,
// every vertex whose distance d from the start satisfies Min ≤ d ≤ Max
// (Max < 0: no bound), each once, nearest first. The start has distance
// 0; a vertex is visited once, at its shortest distance, so a vertex
// nearer than Min is never yielded. Pulling one vertex at a time lets a
// LIMIT stop the search early; memory is the visited set and one level.
type BFS struct {
	Min, Max int
	expand   Expander
	visited  map[string]struct{}
	frontier []value.Value // the vertices at depth
	next     []value.Value // the vertices at depth+1 found so far
	pos      int           // frontier[pos] is expanded next
	depth    int
	pending  []value.Value // found, not yet yielded
	started  bool
}

// NewBFS starts a search from start.
func NewBFS(start value.Value, min, max int, expand Expander) *BFS {
	return &BFS{Min: min, Max: max, expand: expand, frontier: []value.Value{start}}
}

// Next yields the next vertex; ok is false when there is none.
func (b *BFS) Next(ctx context.Context) (v value.Value, ok bool, err error) {
	if !b.started {
		b.started = true
		k, err := VertexKey(nil, b.frontier[0])
		if err != nil {
			return value.None, false, err
		}
		b.visited = map[string]struct{}{k: {}}
		if b.Min <= 0 {
			b.pending = append(b.pending, b.frontier[0])
		}
	}
	var kb []byte
	for {
		if len(b.pending) > 0 {
			v = b.pending[0]
			b.pending = b.pending[1:]
			return v, true, nil
		}
		if b.Max >= 0 && b.depth >= b.Max {
			return value.None, false, nil
		}
		if b.pos == len(b.frontier) {
			if len(b.next) == 0 {
				return value.None, false, nil
			}
			b.frontier, b.next, b.pos = b.next, b.frontier[:0], 0
			b.depth++
			continue
		}
		if err := ctx.Err(); err != nil {
			return value.None, false, errs.From(err)
		}
		u := b.frontier[b.pos]
		b.pos++
		emit := b.depth+1 >= b.Min
		err := b.expand(u, func(o value.Value) (bool, error) {
			var err error
			kb, err = value.AppendKey(kb[:0], o)
			if err != nil {
				return false, errs.Wrap(errs.InvalidParameterValue, err, "graph: vertex "+o.String())
			}
			if _, seen := b.visited[string(kb)]; seen {
				return true, nil
			}
			b.visited[string(kb)] = struct{}{}
			b.next = append(b.next, o)
			if emit {
				b.pending = append(b.pending, o)
			}
			return true, nil
		})
		if err != nil {
			return value.None, false, err
		}
	}
}

// ShortestPath finds one shortest path from `from` to `to` by a
// breadth-first search from both ends, always growing the smaller
// frontier by one level: fwd lists a vertex's successors, bwd its
// predecessors. It yields the vertices of the path, both ends included,
// or ok=false when `to` cannot be reached. maxLen (< 0: none) bounds the
// number of edges.
func ShortestPath(ctx context.Context, from, to value.Value, fwd, bwd Expander, maxLen int) (path []value.Value, ok bool, err error) {
	fk, err := VertexKey(nil, from)
	if err != nil {
		return nil, false, err
	}
	tk, err := VertexKey(nil, to)
	if err != nil {
		return nil, false, err
	}
	if fk == tk {
		return []value.Value{from}, true, nil
	}
	type node struct {
		v      value.Value
		parent string // "" at the root
	}
	seen := [2]map[string]node{{fk: {v: from}}, {tk: {v: to}}}
	frontier := [2][]string{{fk}, {tk}}
	expanders := [2]Expander{fwd, bwd}
	for length := 0; maxLen < 0 || length < maxLen; length++ {
		if len(frontier[0]) == 0 || len(frontier[1]) == 0 {
			return nil, false, nil
		}
		side := 0
		if len(frontier[1]) < len(frontier[0]) {
			side = 1
		}
		var next []string
		meet := ""
		for _, uk := range frontier[side] {
			if err := ctx.Err(); err != nil {
				return nil, false, errs.From(err)
			}
			err := expanders[side](seen[side][uk].v, func(o value.Value) (bool, error) {
				ok, err := VertexKey(nil, o)
				if err != nil {
					return false, err
				}
				if _, dup := seen[side][ok]; dup {
					return true, nil
				}
				seen[side][ok] = node{v: o, parent: uk}
				if _, met := seen[1-side][ok]; met {
					meet = ok
					return false, nil
				}
				next = append(next, ok)
				return true, nil
			})
			if err != nil {
				return nil, false, err
			}
			if meet != "" {
				break
			}
		}
		if meet != "" {
			// Walk from the meeting vertex back to each root.
			var head []value.Value
			for k := meet; k != ""; k = seen[0][k].parent {
				head = append(head, seen[0][k].v)
			}
			for i, j := 0, len(head)-1; i < j; i, j = i+1, j-1 {
				head[i], head[j] = head[j], head[i]
			}
			for k := seen[1][meet].parent; k != ""; k = seen[1][k].parent {
				head = append(head, seen[1][k].v)
			}
			return head, true, nil
		}
		frontier[side] = next
	}
	return nil, false, nil
}
