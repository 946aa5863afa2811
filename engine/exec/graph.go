package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/graph"
	"github.com/zerodb/zerodb/kv"
)

// maintainAdjacency keeps the graph adjacency entries (package graph) in
// step with a record write: a written, changed or removed edge record of
// an edge table links or unlinks its two ends; a removed record of any
// table, as a vertex, takes its edges with it.
func (r *run) maintainAdjacency(t *catalog.Table, key, old, new value.Value) error {
	if new.IsNone() && !old.IsNone() {
		if err := r.removeVertexEdges(t, key); err != nil {
			return err
		}
	}
	if t.Edge == nil {
		return nil
	}
	st, txn, err := r.graphTxn()
	if err != nil {
		return err
	}
	var oe, ne *graph.Edge
	if !old.IsNone() {
		if oe, err = r.edgeOf(t, key, old, false); err != nil {
			return err
		}
	}
	if !new.IsNone() {
		if ne, err = r.edgeOf(t, key, new, true); err != nil {
			return err
		}
	}
	if oe != nil {
		// A check queued for its earlier write may no longer hold.
		r.edgesRewritten = true
	}
	if oe != nil && ne != nil && value.Equal(oe.FromID, ne.FromID) && value.Equal(oe.ToID, ne.ToID) {
		return nil
	}
	if oe != nil {
		if err := st.Unlink(txn, oe); err != nil {
			return errs.From(err)
		}
	}
	if ne != nil {
		if err := st.Link(txn, ne); err != nil {
			return errs.From(err)
		}
	}
	return nil
}

// tracksAdjacency reports whether writes to t change adjacency entries
// (only edge tables, marked in their descriptor, do; a removed vertex's
// edges are found by the delete path with one seek, see
// removeVertexEdges).
func (r *run) tracksAdjacency(t *catalog.Table) bool { return t.Edge != nil }

// graphTxn is the current database's adjacency and the statement's
// transaction.
func (r *run) graphTxn() (graph.Store, kv.Txn, error) {
	st, err := r.graphStore()
	if err != nil {
		return st, nil, err
	}
	txn, err := r.txn()
	return st, txn, err
}

// graphReader reads the current database's adjacency in the statement's
// transaction; the caller closes it.
func (r *run) graphReader() (*graph.Reader, error) {
	st, txn, err := r.graphTxn()
	if err != nil {
		return nil, err
	}
	return st.Reader(r.ctx, txn), nil
}

func (r *run) graphStore() (graph.Store, error) {
	db, err := r.database()
	if err != nil {
		return graph.Store{}, err
	}
	return graph.Store{NS: db.Namespace, DB: db.ID, Cache: r.x.GraphCache}, nil
}

// vertexOf locates the vertex a record id names. The table must exist;
// ok is false when the key can never be one of its records.
func (r *run) vertexOf(id value.Value, pos int) (v graph.Vertex, ok bool, err error) {
	rid := id.AsRecordID()
	if id.Kind() != value.KindRecordID {
		return graph.Vertex{}, false, errAt(pos, errs.DatatypeMismatch, "%s is not a record id", id.String())
	}
	t, err := r.table(rid.Table, pos)
	if err != nil {
		return graph.Vertex{}, false, err
	}
	k, ok := normalizeKey(rid.Key, keyType(t))
	return graph.Vertex{Table: t.ID, Key: k}, ok, nil
}

// edgeOf reads the two ends of an edge record of edge table t. check
// enforces what a written edge must satisfy: both ends are record ids of
// records, of the tables the edge table allows, that exist at the end of
// the statement (queueEdgeCheck).
func (r *run) edgeOf(t *catalog.Table, key, obj value.Value, check bool) (*graph.Edge, error) {
	o := obj.AsObject()
	e := &graph.Edge{Table: t.ID, Key: key, ID: value.RecordIDOf(t.Name, key)}
	var written [2]value.Value // the ends as the record holds them, for errors
	for i, end := range [...]struct {
		field   string
		allowed []string
		id      *value.Value
		v       *graph.Vertex
	}{{"in", t.Edge.From, &e.FromID, &e.From}, {"out", t.Edge.To, &e.ToID, &e.To}} {
		var id value.Value
		if o != nil {
			id, _ = o.Get(end.field)
		}
		written[i] = id
		rid := id.AsRecordID()
		if id.Kind() != value.KindRecordID {
			if !check {
				return nil, nil
			}
			if id.IsNone() {
				return nil, errs.New(errs.NotNullViolation, "edge table %q: field %q must hold the record id of a vertex", t.Name, end.field)
			}
			return nil, errs.New(errs.DatatypeMismatch, "edge table %q: field %q holds %s, not a record id", t.Name, end.field, id.String())
		}
		if check && len(end.allowed) > 0 && !slices.Contains(end.allowed, rid.Table) {
			return nil, errs.New(errs.CheckViolation, "edge table %q: field %q must link a record of %v, not %s", t.Name, end.field, end.allowed, id.String())
		}
		v, ok, err := r.vertexOf(id, 0)
		if err != nil {
			return nil, err
		}
		if check && !ok {
			// No record of the table can have that key.
			return nil, missingVertex(t, id, end.field)
		}
		*end.id, *end.v = value.RecordIDOf(rid.Table, v.Key), v
	}
	if check {
		// That the ends exist is checked at the end of the statement
		// (edgecheck.go).
		if err := r.queueEdgeCheck(t, e, written); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// removeVertexEdges deletes the edges of a removed vertex in the same
// transaction. A record without edges costs one seek.
func (r *run) removeVertexEdges(t *catalog.Table, key value.Value) error {
	st, txn, err := r.graphTxn()
	if err != nil {
		return err
	}
	// Collect first: deleting an edge changes the range being read.
	var edges []value.Value
	if err := r.adjacencyProbe(st, txn, t.ID).Entries(graph.Vertex{Table: t.ID, Key: key}, func(eid, _ value.Value, _ graph.Dir) (bool, error) {
		edges = append(edges, eid)
		return true, nil
	}); err != nil {
		return err
	}
	for _, eid := range edges {
		if err := r.removeRecord(eid); err != nil {
			return err
		}
	}
	return nil
}

// adjProbe is a graph.EntriesProbe of the run (run.adjProbes).
type adjProbe struct {
	txn   kv.Txn
	table uint64
	probe *graph.EntriesProbe
}

// adjacencyProbe is the run's probe of table's vertices in txn: a
// statement removing many records seeks one iterator for their edges
// instead of building one per record.
func (r *run) adjacencyProbe(st graph.Store, txn kv.Txn, table uint64) *graph.EntriesProbe {
	for _, p := range r.adjProbes {
		if p.txn == txn && p.table == table {
			return p.probe
		}
	}
	p := st.NewEntriesProbe(r.ctx, txn, table)
	r.adjProbes = append(r.adjProbes, adjProbe{txn, table, p})
	return p
}

// closeAdjProbes closes the run's probes: at the end of the run.
func (r *run) closeAdjProbes() error {
	var err error
	for _, p := range r.adjProbes {
		if cerr := p.probe.Close(); err == nil {
			err = cerr
		}
	}
	r.adjProbes = r.adjProbes[:0]
	return err
}

// removeRecord deletes the record an id names, with everything derived
// from it (recordChanged); a record already gone is no error.
func (r *run) removeRecord(id value.Value) error {
	rid := id.AsRecordID()
	t, err := r.table(rid.Table, 0)
	if err != nil {
		return err
	}
	k, ok := normalizeKey(rid.Key, keyType(t))
	if !ok {
		return nil
	}
	old, err := r.fetchRecord(rid, 0)
	if err != nil || old.IsNone() {
		return err
	}
	kb, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	if kb, err = value.AppendKey(kb, k); err != nil {
		return errs.From(err)
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	if err := txn.Delete(kb); err != nil {
		return errs.From(err)
	}
	r.writes++
	r.countWrite(t, 0, 0, 1)
	return r.recordChanged(t, k, old, value.None, 0)
}

// dropGraph removes the adjacency a table being dropped leaves behind:
// an edge table's entries (they live under its vertices), or the edges of
// a vertex table's records (as if each record were removed). mustBeEdge
// (destroy edge.@x) makes anything but an existing edge table an error.
func (r *run) dropGraph(name string, mustBeEdge bool) error {
	t, err := r.table(name, 0)
	if err != nil {
		if errs.From(err).Code == errs.UndefinedTable && !mustBeEdge {
			return nil
		}
		return err
	}
	if mustBeEdge && t.Edge == nil {
		return errs.New(errs.WrongObjectType, "table %q is not an edge table", name)
	}
	r.tables = slices.DeleteFunc(r.tables, func(t *catalog.Table) bool { return t.Name == name })
	st, txn, err := r.graphTxn()
	if err != nil {
		return err
	}
	var doomed []value.Value
	if t.Edge != nil {
		prefix, err := r.tablePrefix(nil, t)
		if err != nil {
			return err
		}
		start, end := keys.Span(prefix)
		it := txn.Scan(r.ctx, start, end, false)
		var edges []*graph.Edge
		for it.Next() {
			k, err := keys.DecodeRecordKeyIn(prefix, it.Key())
			if err != nil {
				it.Close()
				return err
			}
			obj, err := decodeRecord(it.Value())
			if err != nil {
				it.Close()
				return err
			}
			e, err := r.edgeOf(t, k, obj, false)
			if err != nil {
				it.Close()
				return err
			}
			if e != nil {
				edges = append(edges, e)
			}
		}
		if err := it.Err(); err != nil {
			it.Close()
			return errs.From(err)
		}
		it.Close()
		for _, e := range edges {
			if err := st.Unlink(txn, e); err != nil {
				return errs.From(err)
			}
		}
		return nil
	}
	db, err := r.database()
	if err != nil {
		return err
	}
	start, end := keys.Span(keys.GraphPrefix(nil, db.Namespace, db.ID, t.ID))
	it := txn.Scan(r.ctx, start, end, false)
	for it.Next() {
		eid, err := graph.EntryEdge(it.Value())
		if err != nil {
			it.Close()
			return err
		}
		doomed = append(doomed, eid)
	}
	if err := it.Err(); err != nil {
		it.Close()
		return errs.From(err)
	}
	it.Close()
	for _, eid := range doomed {
		if err := r.removeRecord(eid); err != nil {
			return err
		}
	}
	return nil
}
