package sqlfe

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// TagExplain is EXPLAIN's command tag.
const TagExplain = "EXPLAIN"

// explain translates EXPLAIN [ANALYZE] [VERBOSE] stmt and EXPLAIN
// (ANALYZE [bool], COSTS ..., FORMAT TEXT) stmt of a query or a write.
// The plan printed is the optimized plan IR, the same for both languages.
func (tr *translator) explain(s *pg.ExplainStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	analyze, asJSON, err := explainOptions(s, p)
	if err != nil {
		return nil, err
	}
	if s.Query == nil {
		return nil, errAt(errs.SyntaxError, p, "EXPLAIN without a statement")
	}
	inner, err := tr.statement(s.Query)
	if err != nil {
		return nil, err
	}
	if inner.Kind != plan.StmtQuery && inner.Kind != plan.StmtWrite {
		return nil, unsupported(p, "EXPLAIN of "+stmtKindName(s.Query))
	}
	root := &plan.ExplainStmt{Input: inner.Root, Analyze: analyze, JSON: asJSON}
	return &plan.Statement{
		Kind:        plan.StmtQuery,
		Root:        root,
		Columns:     root.Columns(),
		Tag:         TagExplain,
		ReturnsRows: true,
		ParamTypes:  inner.ParamTypes,
		// EXPLAIN ANALYZE CREATE TEMP TABLE ... AS makes the table in
		// the temporary schema, as the statement alone would.
		Temp: inner.Temp,
	}, nil
}

// explainOptions reads EXPLAIN's options, refusing those zerodb does
// not print, and reports whether ANALYZE is on and FORMAT is JSON.
func explainOptions(s *pg.ExplainStmt, p int) (analyze, asJSON bool, err error) {
	for _, o := range s.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		on := true
		if d.Arg != nil {
			switch strings.ToLower(defElemText(d)) {
			case "false", "off", "0":
				on = false
			}
		}
		switch strings.ToLower(d.Defname) {
		case "analyze":
			analyze = on
		case "verbose", "costs", "buffers", "timing", "summary", "settings", "wal", "generic_plan", "serialize", "memory":
		case "format":
			switch f := strings.ToLower(defElemText(d)); f {
			case "text":
				asJSON = false
			case "json":
				asJSON = true
			case "xml", "yaml":
				return false, false, unsupported(p, "EXPLAIN (FORMAT "+strings.ToUpper(f)+")")
			default:
				return false, false, errAt(errs.InvalidParameterValue, p, "unrecognized value for EXPLAIN option \"format\": \"%s\"", f)
			}
		default:
			return false, false, errAt(errs.SyntaxError, p, "unrecognized EXPLAIN option %q", d.Defname)
		}
	}
	return analyze, asJSON, nil
}
