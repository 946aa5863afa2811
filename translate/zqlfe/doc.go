// Package zqlfe is the ZQL front end: it parses messages with lang and
// translates ZQL ASTs into plan.Statements, resolving names through a
// translate.Resolver.
//
// zqlfe may import lang, errs, translate and engine/{plan,value,catalog,
// builtin}; it must never import engine/exec, kv, session, pgwire or cmd.
package zqlfe
