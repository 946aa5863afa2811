package sqlfe

import (
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// MERGE (PostgreSQL 15) is translated as the one statement of writable
// CTEs it amounts to, over one snapshot:
//
//	WITH __merge_joined AS (
//	       SELECT s.*, t.pk AS __merge_k0, ...,
//	              CASE WHEN t.pk IS NOT NULL AND cond1 THEN 1 ... END AS __merge_action
//	       FROM source s LEFT JOIN target t ON join_condition),
//	     __merge_src AS (SELECT *, <matched rows acted on per target row> AS __merge_n
//	       FROM __merge_joined),
//	     __merge_1 AS (UPDATE target t SET ... FROM __merge_src s
//	       WHERE t.pk = s.__merge_k0 AND s.__merge_action = 1 AND <not twice> RETURNING 1),
//	     __merge_2 AS (DELETE FROM target t USING __merge_src s WHERE ... RETURNING 1),
//	     __merge_3 AS (INSERT INTO target (cols) SELECT values FROM __merge_src s
//	       WHERE s.__merge_action = 3 RETURNING 1)
//	SELECT 1 FROM __merge_1 UNION ALL SELECT 1 FROM __merge_2 ...
//
// Each source row takes the first WHEN clause whose kind (MATCHED or
// NOT MATCHED) and condition hold, as in PostgreSQL; the rows counted
// are the command tag's (MERGE n). The user's own expressions are the
// parse's nodes, so their errors point into the statement's text. A
// target row that two source rows would update or delete fails with
// PostgreSQL's 21000.
//
// Not supported (0A000): a target without a primary key (its rows have
// no key to join the actions on), WHEN NOT MATCHED BY SOURCE and
// RETURNING (PostgreSQL 17), INSERT DEFAULT VALUES and OVERRIDING.

const (
	mergeJoined = "__merge_joined"
	mergeSource = "__merge_src"
	mergeAction = "__merge_action"
	mergeTimes  = "__merge_n"
)

func (tr *translator) merge(m *pg.MergeStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	if len(m.ReturningList) > 0 {
		return nil, unsupported(p, "MERGE ... RETURNING")
	}
	t, err := tr.table(m.Relation)
	if err != nil {
		return nil, err
	}
	if len(t.PrimaryKey) == 0 {
		return nil, unsupported(tr.pos(m.Relation.Location), "MERGE into a table without a primary key")
	}
	tAlias := m.Relation.Relname
	if m.Relation.Alias != nil {
		tAlias = m.Relation.Alias.Aliasname
	}
	var sAlias string
	switch x := m.SourceRelation.Node.(type) {
	case *pg.Node_RangeVar:
		sAlias = x.RangeVar.Relname
		if x.RangeVar.Alias != nil {
			sAlias = x.RangeVar.Alias.Aliasname
		}
	case *pg.Node_RangeSubselect:
		if x.RangeSubselect.Alias != nil {
			sAlias = x.RangeSubselect.Alias.Aliasname
		}
	}
	if sAlias == "" {
		return nil, unsupported(p, "MERGE ... USING anything but a table or an aliased subquery")
	}
	col := func(rel, name string) *pg.Node {
		return pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(rel), pg.MakeStrNode(name)}, -1)
	}
	eq := func(l, r *pg.Node) *pg.Node {
		return pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode("=")}, l, r, -1)
	}
	and := func(args ...*pg.Node) *pg.Node {
		return pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, args, -1)
	}
	fromCTE := func(name string) *pg.Node {
		return pg.MakeFullRangeVarNode("", name, sAlias, -1)
	}
	keyName := func(i int) string { return "__merge_k" + strconv.Itoa(i) }
	target := func() *pg.RangeVar {
		r := m.Relation
		return &pg.RangeVar{Catalogname: r.Catalogname, Schemaname: r.Schemaname, Relname: r.Relname, Inh: r.Inh,
			Relpersistence: r.Relpersistence, Alias: r.Alias, Location: r.Location}
	}

	// The join, each source row's action, and its target row's key.
	joined := &pg.SelectStmt{Op: pg.SetOperation_SETOP_NONE, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
		TargetList: []*pg.Node{pg.MakeResTargetNodeWithVal(
			pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(sAlias), pg.MakeAStarNode()}, -1), -1)},
		FromClause: []*pg.Node{pg.MakeJoinExprNode(pg.JoinType_JOIN_LEFT, m.SourceRelation,
			&pg.Node{Node: &pg.Node_RangeVar{RangeVar: target()}}, m.JoinCondition)},
	}
	for i, k := range t.PrimaryKey {
		joined.TargetList = append(joined.TargetList, pg.MakeResTargetNodeWithNameAndVal(keyName(i), col(tAlias, k), -1))
	}
	matched := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: col(tAlias, t.PrimaryKey[0]), Nulltesttype: pg.NullTestType_IS_NOT_NULL}}}
	notMatched := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: col(tAlias, t.PrimaryKey[0]), Nulltesttype: pg.NullTestType_IS_NULL}}}
	var whens, acting []*pg.Node
	var writes []*pg.Node // CTEs of the actions
	var updates, deletes []mergeClause
	returning := func() []*pg.Node {
		return []*pg.Node{pg.MakeResTargetNodeWithVal(pg.MakeAConstIntNode(1, -1), -1)}
	}
	for i, n := range m.MergeWhenClauses {
		w := n.GetMergeWhenClause()
		k := int64(i + 1)
		var kind *pg.Node
		switch w.MatchKind {
		case pg.MergeMatchKind_MERGE_WHEN_MATCHED:
			kind = matched
		case pg.MergeMatchKind_MERGE_WHEN_NOT_MATCHED_BY_TARGET:
			kind = notMatched
		default:
			return nil, unsupported(p, "MERGE ... WHEN NOT MATCHED BY SOURCE")
		}
		cond := kind
		if w.Condition != nil {
			cond = and(kind, w.Condition)
		}
		whens = append(whens, pg.MakeCaseWhenNode(cond, pg.MakeAConstIntNode(k, -1), -1))
		switch w.CommandType {
		case pg.CmdType_CMD_NOTHING:
		case pg.CmdType_CMD_UPDATE:
			acting = append(acting, pg.MakeAConstIntNode(k, -1))
			updates = append(updates, mergeClause{k, w.TargetList})
		case pg.CmdType_CMD_DELETE:
			acting = append(acting, pg.MakeAConstIntNode(k, -1))
			deletes = append(deletes, mergeClause{k: k})
		case pg.CmdType_CMD_INSERT:
			ins, err := tr.mergeInsert(w, t.Fields, p)
			if err != nil {
				return nil, err
			}
			ins.Relation = pg.MakeSimpleRangeVar(m.Relation.Relname, m.Relation.Location)
			ins.Relation.Schemaname = m.Relation.Schemaname
			ins.SelectStmt.GetSelectStmt().FromClause = []*pg.Node{fromCTE(mergeSource)}
			ins.SelectStmt.GetSelectStmt().WhereClause = eq(col(sAlias, mergeAction), pg.MakeAConstIntNode(k, -1))
			ins.ReturningList = returning()
			writes = append(writes, cteNode("__merge_"+strconv.FormatInt(k, 10), &pg.Node{Node: &pg.Node_InsertStmt{InsertStmt: ins}}))
		default:
			return nil, unsupported(p, "this MERGE action")
		}
	}
	// The matched rows an UPDATE or DELETE clause took, each target row
	// once: a second time is PostgreSQL's 21000.
	matching := func(cs []mergeClause) *pg.Node {
		ks := make([]*pg.Node, len(cs))
		for i, c := range cs {
			ks[i] = pg.MakeAConstIntNode(c.k, -1)
		}
		conds := []*pg.Node{pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_IN, []*pg.Node{pg.MakeStrNode("=")},
			col(sAlias, mergeAction), pg.MakeListNode(ks), -1)}
		for j, c := range t.PrimaryKey {
			conds = append(conds, eq(col(tAlias, c), col(sAlias, keyName(j))))
		}
		once := pg.MakeCaseExprNode(nil, []*pg.Node{pg.MakeCaseWhenNode(
			pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode(">")}, col(sAlias, mergeTimes), pg.MakeAConstIntNode(1, -1), -1),
			tr.mergeTwiceCall(col(sAlias, mergeTimes)), -1)}, -1)
		once.GetCaseExpr().Defresult = pgBool(true)
		return and(append(conds, once)...)
	}
	// One UPDATE for all UPDATE clauses (and one DELETE for the DELETE
	// ones), so that statement triggers fire once per kind of action as
	// in PostgreSQL: each column any clause sets takes the value of the
	// row's clause, or keeps its own.
	for _, group := range mergeUpdateGroups(updates) {
		set := group[0].set
		if len(group) > 1 {
			set = mergeSetList(group, func(c string) *pg.Node { return col(tAlias, c) }, col(sAlias, mergeAction))
		}
		writes = append(writes, cteNode("__merge_"+strconv.FormatInt(group[0].k, 10), &pg.Node{Node: &pg.Node_UpdateStmt{UpdateStmt: &pg.UpdateStmt{
			Relation: target(), TargetList: set, FromClause: []*pg.Node{fromCTE(mergeSource)},
			WhereClause: matching(group), ReturningList: returning()}}}))
	}
	if len(deletes) > 0 {
		writes = append(writes, cteNode("__merge_"+strconv.FormatInt(deletes[0].k, 10), &pg.Node{Node: &pg.Node_DeleteStmt{DeleteStmt: &pg.DeleteStmt{
			Relation: target(), UsingClause: []*pg.Node{fromCTE(mergeSource)},
			WhereClause: matching(deletes), ReturningList: returning()}}}))
	}
	joined.TargetList = append(joined.TargetList, pg.MakeResTargetNodeWithNameAndVal(mergeAction,
		pg.MakeCaseExprNode(nil, whens, -1), -1))

	// How many source rows act on each target row, by UPDATE or DELETE.
	times := pg.MakeAConstIntNode(0, -1)
	if len(acting) > 0 {
		in := pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_IN, []*pg.Node{pg.MakeStrNode("=")},
			pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(mergeAction)}, -1), pg.MakeListNode(acting), -1)
		count := pg.MakeFuncCallNode([]*pg.Node{pg.MakeStrNode("count")}, nil, -1)
		fc := count.GetFuncCall()
		fc.AggStar = true
		fc.AggFilter = in
		fc.Over = &pg.WindowDef{FrameOptions: 1058}
		for i := range t.PrimaryKey {
			fc.Over.PartitionClause = append(fc.Over.PartitionClause, pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(keyName(i))}, -1))
		}
		times = count
	}
	src := &pg.SelectStmt{Op: pg.SetOperation_SETOP_NONE, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
		TargetList: []*pg.Node{
			pg.MakeResTargetNodeWithVal(pg.MakeColumnRefNode([]*pg.Node{pg.MakeAStarNode()}, -1), -1),
			pg.MakeResTargetNodeWithNameAndVal(mergeTimes, times, -1),
		},
		FromClause: []*pg.Node{pg.MakeSimpleRangeVarNode(mergeJoined, -1)},
	}

	// The statement's rows: one per row an action wrote.
	var root *pg.SelectStmt
	one := func(from string) *pg.SelectStmt {
		return &pg.SelectStmt{Op: pg.SetOperation_SETOP_NONE, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
			TargetList: []*pg.Node{pg.MakeResTargetNodeWithVal(pg.MakeAConstIntNode(1, -1), -1)},
			FromClause: []*pg.Node{pg.MakeSimpleRangeVarNode(from, -1)}}
	}
	for _, w := range writes {
		s := one(w.GetCommonTableExpr().Ctename)
		if root == nil {
			root = s
			continue
		}
		root = &pg.SelectStmt{Op: pg.SetOperation_SETOP_UNION, All: true, Larg: root, Rarg: s, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT}
	}
	if root == nil {
		root = one(mergeSource)
		root.WhereClause = pgBool(false)
	}
	with := &pg.WithClause{}
	if w := m.WithClause; w != nil {
		with = &pg.WithClause{Ctes: w.Ctes, Recursive: w.Recursive, Location: w.Location}
	}
	with.Ctes = append(append(append([]*pg.Node{}, with.Ctes...),
		cteNode(mergeJoined, &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: joined}}),
		cteNode(mergeSource, &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: src}})),
		writes...)
	root.WithClause = with
	st, err := tr.withWrites(&pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: root}})
	if err != nil {
		return nil, err
	}
	st.Kind, st.Tag, st.ReturnsRows, st.Columns = plan.StmtWrite, "MERGE", false, nil
	return st, nil
}

// cteNode is the common table expression name AS (query).
func cteNode(name string, query *pg.Node) *pg.Node {
	return &pg.Node{Node: &pg.Node_CommonTableExpr{CommonTableExpr: &pg.CommonTableExpr{
		Ctename: name, Ctequery: query, Ctematerialized: pg.CTEMaterialize_CTEMaterializeDefault}}}
}

// mergeInsert is the INSERT of a WHEN NOT MATCHED clause, its values a
// SELECT list: a DEFAULT among them leaves its column out of the column
// list, which gives it its default.
func (tr *translator) mergeInsert(w *pg.MergeWhenClause, fields []catalog.Field, p int) (*pg.InsertStmt, error) {
	if w.Override != pg.OverridingKind_OVERRIDING_NOT_SET && w.Override != pg.OverridingKind_OVERRIDING_KIND_UNDEFINED {
		return nil, unsupported(p, "MERGE ... INSERT OVERRIDING")
	}
	if len(w.Values) == 0 {
		return nil, unsupported(p, "MERGE ... INSERT DEFAULT VALUES")
	}
	cols := w.TargetList
	if len(cols) == 0 {
		for i := range w.Values {
			if i >= len(fields) {
				return nil, errAt(errs.SyntaxError, p, "INSERT has more expressions than target columns")
			}
			cols = append(cols, pg.MakeResTargetNodeWithName(fields[i].Name, -1))
		}
	}
	if len(cols) != len(w.Values) {
		return nil, errAt(errs.SyntaxError, p, "INSERT has more %s than target columns",
			map[bool]string{true: "expressions", false: "target columns"}[len(w.Values) > len(cols)])
	}
	sel := &pg.SelectStmt{Op: pg.SetOperation_SETOP_NONE, LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT}
	var keep []*pg.Node
	for i, v := range w.Values {
		if v.GetSetToDefault() != nil {
			continue
		}
		keep = append(keep, cols[i])
		sel.TargetList = append(sel.TargetList, pg.MakeResTargetNodeWithVal(v, -1))
	}
	if len(keep) == 0 {
		return nil, unsupported(p, "MERGE ... INSERT of DEFAULT only")
	}
	return &pg.InsertStmt{Cols: keep, SelectStmt: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}, Override: pg.OverridingKind_OVERRIDING_NOT_SET}, nil
}

// mergeTwiceCall is the call that fails a MERGE acting on a target row a
// second time; the function call node is known to the translator by its
// identity (funcCall), so no SQL text can call it.
func (tr *translator) mergeTwiceCall(arg *pg.Node) *pg.Node {
	n := pg.MakeFuncCallNode([]*pg.Node{pg.MakeStrNode(builtin.MergeTwiceFunc)}, []*pg.Node{arg}, -1)
	if tr.mergeTwice == nil {
		tr.mergeTwice = map[*pg.FuncCall]bool{}
	}
	tr.mergeTwice[n.GetFuncCall()] = true
	return n
}

// mergeTwice translates a call made by mergeTwiceCall.
func (tr *translator) mergeTwiceExpr(fc *pg.FuncCall, ec *exprCtx) (texpr, bool, error) {
	if !tr.mergeTwice[fc] {
		return texpr{}, false, nil
	}
	arg, err := tr.expr(fc.Args[0], ec)
	if err != nil {
		return texpr{}, true, err
	}
	return texpr{e: &plan.Call{Fn: "sql::" + builtin.MergeTwiceFunc, SQL: true, Args: []plan.Expr{arg.e}}, t: value.TypeBool}, true, nil
}

// mergeClause is an UPDATE clause's number and SET list, or a DELETE
// clause's number.
type mergeClause struct {
	k   int64
	set []*pg.Node
}

// mergeUpdateGroups groups UPDATE clauses into the statements that run
// them: all in one, unless a SET list assigns several columns at once or
// a part of one (a[1] = x), which stay statements of their own.
func mergeUpdateGroups(updates []mergeClause) [][]mergeClause {
	var plain []mergeClause
	var out [][]mergeClause
	for _, u := range updates {
		simple := true
		for _, n := range u.set {
			rt := n.GetResTarget()
			if rt == nil || len(rt.Indirection) > 0 || rt.Val.GetMultiAssignRef() != nil {
				simple = false
			}
		}
		if simple {
			plain = append(plain, u)
		} else {
			out = append(out, []mergeClause{u})
		}
	}
	if len(plain) > 0 {
		out = append([][]mergeClause{plain}, out...)
	}
	return out
}

// mergeSetList is the SET list of one UPDATE running several clauses:
// each column any of them sets becomes CASE action WHEN k THEN (clause
// k's value) ... ELSE (the column) END.
func mergeSetList(group []mergeClause, column func(string) *pg.Node, action *pg.Node) []*pg.Node {
	var names []string
	whens := map[string][]*pg.Node{}
	for _, c := range group {
		for _, n := range c.set {
			rt := n.GetResTarget()
			if _, ok := whens[rt.Name]; !ok {
				names = append(names, rt.Name)
			}
			whens[rt.Name] = append(whens[rt.Name], pg.MakeCaseWhenNode(pg.MakeAConstIntNode(c.k, -1), rt.Val, rt.Location))
		}
	}
	out := make([]*pg.Node, len(names))
	for i, name := range names {
		ce := pg.MakeCaseExprNode(action, whens[name], -1)
		ce.GetCaseExpr().Defresult = column(name)
		out[i] = pg.MakeResTargetNodeWithNameAndVal(name, ce, -1)
	}
	return out
}

// pgBool is a boolean literal of the parse tree.
func pgBool(b bool) *pg.Node {
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: b}}, Location: -1}}}
}
