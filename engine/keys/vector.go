package keys

import "github.com/zerodb/zerodb/kv"

// VectorIndexPrefix is the prefix of every key of one vector index of a
// database: 'v' <index id>. Package vector lays its keys out below it.
func VectorIndexPrefix(buf []byte, nsID, dbID, indexID uint64) []byte {
	return kv.AppendUint64(append(DatabasePrefix(buf, nsID, dbID), tagVector), indexID)
}

// VectorIndexSpan is the range of every key of one vector index.
func VectorIndexSpan(nsID, dbID, indexID uint64) (start, end []byte) {
	return Span(VectorIndexPrefix(nil, nsID, dbID, indexID))
}
