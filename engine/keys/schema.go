package keys

// IsSchema reports whether key is one a statement's translation can
// depend on: a database's catalog entries (tables, functions, enums,
// types, views) and the system entries (users, namespaces, database
// names), but not the id sequences, which every CREATE advances without
// changing anything already translated. Caches of translations watch
// these keys (kv.Options.Watched).
func IsSchema(key []byte) bool {
	if len(key) < 3 || key[0] != Version {
		return false
	}
	switch key[1] {
	case tagSystem:
		return key[2] != sysSequence
	case tagDatabase:
		// Version, tag, namespace id, database id, part tag; a key that
		// is the database's prefix alone is no record either.
		const part = 2 + 8 + 8
		return len(key) == part || len(key) > part && key[part] == tagCatalog
	}
	return false
}
