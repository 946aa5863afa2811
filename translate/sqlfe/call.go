package sqlfe

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// Procedures (CREATE PROCEDURE) are stored functions with
// Routine.Procedure set, run by CALL only. CALL name(args) is translated
// as the query of a call of a function returning the procedure's OUT
// and INOUT parameters: `SELECT name(args)` without any (its one row is
// dropped), `SELECT * FROM name(args)` with some (its one row is CALL's
// result, as in PostgreSQL). The call passes every parameter but
// TABLE's, the OUT ones too (PostgreSQL 14's rule); their arguments are
// checked against the parameters' types, then dropped: the body reads
// its input parameters only.

// TagCall is CALL's command tag.
const TagCall = "CALL"

// callStmt translates CALL name(args).
func (tr *translator) callStmt(cs *pg.CallStmt) (*plan.Statement, error) {
	fc := cs.GetFunccall()
	if fc == nil {
		return nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "CALL needs a procedure call")
	}
	p := tr.pos(fc.Location)
	name, ok := funcName(fc.Funcname)
	if !ok {
		return nil, unsupported(p, "procedures in schema "+fc.Funcname[0].GetString_().GetSval())
	}
	f, found, err := tr.userFunction(name)
	if err != nil {
		return nil, err
	}
	if !found || !f.IsProcedure() {
		sig, err := tr.callSignature(name, fc)
		if err != nil {
			return nil, err
		}
		if !found && !tr.builtinName(name) {
			return nil, errAt(errs.UndefinedFunction, p, "procedure %s does not exist", sig).
				WithHint("No procedure matches the given name and argument types. You might need to add explicit type casts.")
		}
		return nil, errAt(errs.WrongObjectType, p, "%s is not a procedure", sig).WithHint("To call a function, use SELECT.")
	}
	outs := f.OutParams()
	sel := &pg.SelectStmt{Op: pg.SetOperation_SETOP_NONE, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT}
	call := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}
	if len(outs) == 0 {
		sel.TargetList = []*pg.Node{pg.MakeResTargetNodeWithVal(call, fc.Location)}
	} else {
		sel.TargetList = []*pg.Node{pg.MakeResTargetNodeWithVal(pg.MakeColumnRefNode([]*pg.Node{{Node: &pg.Node_AStar{AStar: &pg.A_Star{}}}}, fc.Location), fc.Location)}
		sel.FromClause = []*pg.Node{{Node: &pg.Node_RangeFunction{RangeFunction: &pg.RangeFunction{
			Functions: []*pg.Node{pg.MakeListNode([]*pg.Node{call, {}})}}}}}
	}
	tr.calling = fc
	st, err := tr.withWrites(&pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}})
	if err != nil {
		return nil, err
	}
	// A procedure may write, and commit (the session's business).
	st.Kind, st.Tag, st.LockRows = plan.StmtWrite, TagCall, ""
	if len(outs) == 0 {
		st.ReturnsRows, st.Columns = false, nil
		return st, nil
	}
	for i := range st.Columns {
		if i < len(outs) && outs[i].Name != "" {
			st.Columns[i].Name = outs[i].Name
		}
	}
	st.CallOutputs = callOutputs(f, fc)
	return st, nil
}

// callOutputs is Statement.CallOutputs of a call fc of procedure f.
func callOutputs(f *catalog.Function, fc *pg.FuncCall) []int {
	params := f.CallArgs()
	var outs []int
	for k, q := range params {
		if !q.IsOut() {
			continue
		}
		at := -1
		for i, a := range fc.Args {
			na := a.GetNamedArgExpr()
			if na == nil && i == k || na != nil && q.Name != "" && na.Name == q.Name {
				at = i
			}
		}
		outs = append(outs, at)
	}
	return outs
}

// callSignature is name(argtypes) of a call as PostgreSQL's messages
// show it, named arguments as name => type.
func (tr *translator) callSignature(name string, fc *pg.FuncCall) (string, error) {
	var types []string
	for _, a := range fc.Args {
		prefix := ""
		if na := a.GetNamedArgExpr(); na != nil {
			prefix, a = na.Name+" => ", na.Arg
		}
		x, err := tr.expr(a, &exprCtx{})
		if err != nil {
			return "", err
		}
		types = append(types, prefix+typeName(x))
	}
	return name + "(" + strings.Join(types, ", ") + ")", nil
}

// notProcedureCall refuses a procedure called other than by CALL, as
// PostgreSQL does (42809).
func (tr *translator) notProcedureCall(fc *pg.FuncCall, f *catalog.Function, p int) error {
	if !f.IsProcedure() || fc == tr.calling {
		return nil
	}
	if len(fc.Args) > len(f.InParams()) {
		// Its OUT arguments match no function's.
		sig, err := tr.callSignature(f.Name, fc)
		if err != nil {
			return err
		}
		return errAt(errs.UndefinedFunction, p, "function %s does not exist", sig).WithHint(hintNoFunction)
	}
	return errAt(errs.WrongObjectType, p, "%s is a procedure", f.Signature()).WithHint("To call a procedure, use CALL.")
}

// noRoutine is noFunction for a call of f that matches it not: for a
// procedure, PostgreSQL's message names one.
func noRoutine(p int, f *catalog.Function, args []texpr) error {
	err := noFunction(p, f.Name, args)
	if !f.IsProcedure() {
		return err
	}
	e := errs.From(err)
	e.Message = "procedure" + strings.TrimPrefix(e.Message, "function")
	e.Hint = "No procedure matches the given name and argument types. You might need to add explicit type casts."
	return e
}
