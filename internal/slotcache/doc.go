// Package slotcache owns the memory layout the engine's shared in-memory
// caches have in common (the HNSW vectors of package vector, the
// adjacency of package graph): a two-way set-associative table of atomic
// pointers to immutable entries under a byte budget. A lookup is two
// atomic loads and takes no lock; a store takes an empty slot of its two
// or, when allowed, the one used less recently, and may free room first
// with a CLOCK hand. Two ways instead of one: in a direct-mapped table a
// sixth of the keys collide at the load a cache runs at, and each
// collision is a miss forever. What an entry is, how it is keyed
// and when it may be trusted stays with each cache.
//
// It imports nothing of the project.
package slotcache
