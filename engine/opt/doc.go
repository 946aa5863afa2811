// Package opt owns the optimizer: rewrites of the plan IR that both front
// ends share — filter push-down, primary-key point gets and key ranges,
// limit push-down, top-k sorts, hash-join selection.
//
// Optimize never modifies its input (plans are cached by prepared
// statements); it returns a rewritten copy. Every rule preserves results
// under both languages' semantics: conditions are only split, merged and
// moved as filter conjuncts (a row passes when each is exactly true), and
// ones that write, bind variables or call impure builtins stay where they
// are. See OptimizeWith for the list of rules.
//
// opt may import engine/plan, engine/value, engine/catalog and errs; it
// must never import the executor, kv or anything above engine/.
package opt
