// Package slotcache owns the memory layout the engine's shared in-memory
// caches have in common (the HNSW vectors of package vector, the
// adjacency of package graph): a set-associative table of atomic
// pointers to immutable entries under a byte budget. A key may live in
// any of the four slots of either of its two buckets; each slot keeps the
// hash of its entry beside the pointer, so a lookup reads one cache line
// of tags per bucket and loads only the entry whose hash matches — on a
// table of hundreds of MiB every entry loaded is a cache miss. Lookups
// take no lock; stores take one (they follow a read of the store, which
// costs far more) so a slot's tag and entry always belong together. A
// store takes an empty slot, preferring the first bucket, where a lookup
// looks first; when all eight are taken it moves one of their entries to
// its other bucket, or, when allowed, replaces the one used less
// recently; and it may free room first with a CLOCK hand. With two
// single slots per key instead, a table a third full turned a few per
// cent of the keys away, each a miss forever.
//
// It imports nothing of the project.
package slotcache
