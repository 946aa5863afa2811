// Package opt owns the optimizer: rewrites of the plan IR that both front
// ends share — filter push-down, primary-key point gets and key ranges,
// limit push-down, top-k sorts, hash-join selection.
//
// opt may import engine/plan, engine/value, engine/catalog and errs; it
// must never import the executor, kv or anything above engine/.
package opt
