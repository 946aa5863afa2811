package keys

import "github.com/zerodb/zerodb/kv"

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
