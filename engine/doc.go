// Package engine is the root of zerodb's database engine: values and types
// (engine/value), the catalog (engine/catalog), the key layout
// (engine/keys), the plan IR (engine/plan), builtin functions
// (engine/builtin), the optimizer (engine/opt) and the executor
// (engine/exec).
//
// Nothing under engine/ may import pgwire/, translate/, session/, lang/ or
// cmd/; engine/ reaches storage only through kv/.
package engine
