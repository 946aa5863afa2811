// Package builtin owns the builtin function library shared by both front
// ends (zql.md §8 and the usual SQL scalar functions) and the Registry
// that host functions join.
//
// builtin may import engine/value and errs; it must never import the
// executor, plan, catalog, kv or anything above engine/.
package builtin
