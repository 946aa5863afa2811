package zqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// explainStatement translates explain::plan(stmt) and
// explain::analyze(stmt): the optimized plan of the statement as text,
// one row per line in a "QUERY PLAN" text column (as SQL's EXPLAIN),
// the second after running the statement, with each node's actual rows
// and time. ok is false for any other call.
func (t *translator) explainStatement(c *lang.Call) (*plan.Statement, bool, error) {
	fn, isNS := c.Fn.(*lang.NamespacedName)
	if !isNS || fn.Namespace != "explain" {
		return nil, false, nil
	}
	if fn.Name != "plan" && fn.Name != "analyze" {
		return nil, true, errAt(errs.UndefinedFunction, t.at(fn), "unknown function explain::%s (explain::plan and explain::analyze exist)", fn.Name)
	}
	if len(c.Args) != 1 {
		return nil, true, errAt(errs.UndefinedFunction, t.at(c), "explain::%s takes one statement, not %d arguments", fn.Name, len(c.Args))
	}
	inner, err := t.exprStatement(c.Args[0])
	if err != nil {
		return nil, true, err
	}
	if inner.Root == nil || inner.Kind == plan.StmtDDL {
		return nil, true, errAt(errs.FeatureNotSupported, t.at(c.Args[0]), "explain::%s explains queries and writes", fn.Name)
	}
	return &plan.Statement{
		Kind:        plan.StmtQuery,
		Root:        &plan.ExplainStmt{Input: inner.Root, Analyze: fn.Name == "analyze"},
		Columns:     []plan.Column{{Name: "QUERY PLAN", Type: value.TypeText}},
		Tag:         "EXPLAIN",
		ReturnsRows: true,
	}, true, nil
}
