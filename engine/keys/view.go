package keys

import "github.com/zerodb/zerodb/kv"

// ViewsPrefix is the prefix of a database's SQL view descriptors
// (ViewKey), in name order.
func ViewsPrefix(buf []byte, nsID, dbID uint64) []byte {
	return append(CatalogPrefix(buf, nsID, dbID), catView)
}

// ViewKey is the descriptor key of a view, by name.
func ViewKey(buf []byte, nsID, dbID uint64, name string) []byte {
	return kv.AppendString(ViewsPrefix(buf, nsID, dbID), name)
}
