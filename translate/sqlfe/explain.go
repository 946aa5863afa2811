package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
)

// explain translates EXPLAIN (without ANALYZE) of a query or a write: the
// statement's plan, which the session optimizes and prints instead of
// running it.
func (tr *translator) explain(x *pg.ExplainStmt) (*plan.Statement, error) {
	for _, o := range x.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "analyze" {
			return nil, unsupported(tr.stmt.stmtPos(), "EXPLAIN ANALYZE")
		}
	}
	st, err := tr.statement(x.Query)
	if err != nil {
		return nil, err
	}
	if st.Root == nil || (st.Kind != plan.StmtQuery && st.Kind != plan.StmtWrite) {
		return nil, unsupported(tr.stmt.stmtPos(), "EXPLAIN of this statement")
	}
	return &plan.Statement{Kind: plan.StmtQuery, Root: st.Root, Columns: plan.ExplainColumns, Tag: "EXPLAIN",
		ReturnsRows: true, Explain: true, Text: st.Text, ParamTypes: st.ParamTypes}, nil
}
