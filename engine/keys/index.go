package keys

import (
	"github.com/zerodb/zerodb/engine/value"
)

// Ordered secondary index entries (catalog.IndexBTree) live under
// IndexPrefix(ns, db, index id):
//
//	unique index, no part none:  <prefix> <part 1> … <part n>              → <record key>
//	otherwise:                   <prefix> <part 1> … <part n> <record key> → <record key>
//
// Each part is AppendIndexPart of the value the part names in the record
// (a column, or a document path). The value of every entry is the
// record's key in the key encoding (value.AppendKey), so that
// TablePrefix + value is the record's kv key whatever the layout: a scan
// never decodes parts. A unique index keys its entries by the parts
// alone, so a second record with the same parts finds the entry and is
// refused (23505); a part that is none never conflicts (PostgreSQL's rule
// for NULL), so such entries take the non-unique layout, which the
// record key makes distinct. Two layouts cannot collide: a parts
// sequence with a none part is never equal to one without.
//
// Parts are ordered like value.Compare within a kind (numbers of every
// kind in one run, strings and symbols in one run, none first). A
// descending part is the byte complement of its encoding: the part
// encodings are self-delimiting, so no encoding is a prefix of another
// and complementing reverses their order exactly. Values that have no key
// encoding (objects, lists, vectors …) are indexed by their value
// encoding after the unorderedPart tag, which sorts after every key kind:
// equal values still meet, their order among themselves is arbitrary,
// and the optimizer never bounds a range by such a value.

// unorderedPart tags an index part whose value has no key encoding. It is
// above every first byte value.AppendKey produces.
const unorderedPart byte = 0xf0

// AppendIndexPart appends one part of an ordered index entry.
func AppendIndexPart(buf []byte, v value.Value, desc bool) []byte {
	start := len(buf)
	b, err := value.AppendKey(buf, v)
	if err != nil {
		b = value.Encode(append(buf[:start], unorderedPart), v)
		// The value encoding is not self-delimiting: frame it as bytes.
		enc := append([]byte(nil), b[start+1:]...)
		b, _ = value.AppendKey(b[:start+1], value.Bytes(enc))
	}
	if desc {
		for i := start; i < len(b); i++ {
			b[i] = ^b[i]
		}
	}
	return b
}

// IndexEntryKey appends the key of the index entry for a record whose
// encoded parts are parts (AppendIndexPart of each) and whose key is
// encodedKey (value.AppendKey of the record key). unique is the layout
// of a unique index entry with no part none.
func IndexEntryKey(buf []byte, nsID, dbID, indexID uint64, parts, encodedKey []byte, unique bool) []byte {
	buf = append(IndexPrefix(buf, nsID, dbID, indexID), parts...)
	if !unique {
		buf = append(buf, encodedKey...)
	}
	return buf
}
