// Package value owns zerodb's value model (zql.md §2): the Value type and
// its kinds, static Types and their PostgreSQL OIDs, the total order and
// equality, hashing, JSON rendering (zql.md §12), PostgreSQL text output,
// the compact versioned on-disk encoding of values, and the
// order-preserving key encoding of key values.
//
// value may import kv (for key encoding primitives) and errs; it must
// never import any other zerodb package.
package value
