// Package slotcache owns the memory layout the engine's shared in-memory
// caches have in common (the HNSW vectors of package vector, the
// adjacency of package graph): a direct-mapped table of atomic pointers
// to immutable entries under a byte budget. A lookup is one atomic load
// and takes no lock; a store replaces whatever its slot held, and may
// free room first with a CLOCK hand. What an entry is, how it is keyed
// and when it may be trusted stays with each cache.
//
// It imports nothing of the project.
package slotcache
