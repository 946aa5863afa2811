package keys

import (
	"encoding/binary"

	"github.com/zerodb/zerodb/kv"
)

// GraphPrefix is the prefix of a database's graph adjacency entries: 'g'
// <vertex table id>, then the entries of that table's vertices, laid out
// by package graph.
func GraphPrefix(buf []byte, nsID, dbID, vertexTableID uint64) []byte {
	return kv.AppendUint64(append(DatabasePrefix(buf, nsID, dbID), tagGraph), vertexTableID)
}

// GraphSpan is the range of every adjacency entry of a database.
func GraphSpan(nsID, dbID uint64) (start, end []byte) {
	return Span(append(DatabasePrefix(nil, nsID, dbID), tagGraph))
}

// graphHead is the length of GraphPrefix: version, 'd', namespace id,
// database id, 'g', vertex table id.
const graphHead = 1 + 1 + 8 + 8 + 1 + 8

// GraphKeyVertex reports whether key lies under some database's
// GraphPrefix and, if so, where the vertex's key starts in it (the
// length of that prefix): what a cache of adjacency, which sees every
// written key of the store, needs to tell adjacency entries apart.
func GraphKeyVertex(key []byte) (offset int, ok bool) {
	if len(key) <= graphHead || key[0] != Version || key[1] != tagDatabase || key[graphHead-9] != tagGraph {
		return 0, false
	}
	return graphHead, true
}

// GraphVertexTable returns the id of the vertex table an adjacency
// entry's key (one under some database's GraphPrefix) lies under.
func GraphVertexTable(key []byte) (tableID uint64, ok bool) {
	if _, ok := GraphKeyVertex(key); !ok {
		return 0, false
	}
	return binary.BigEndian.Uint64(key[graphHead-8 : graphHead]), true
}
