package sqlfe

import (
	"context"
	"errors"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Command tag verbs of the statements sqlfe translates.
const (
	TagSelect           = "SELECT"
	TagInsert           = "INSERT"
	TagUpdate           = "UPDATE"
	TagDelete           = "DELETE"
	TagCreateTable      = "CREATE TABLE"
	TagDropTable        = "DROP TABLE"
	TagBegin            = "BEGIN"
	TagStartTransaction = "START TRANSACTION"
	TagCommit           = "COMMIT"
	TagRollback         = "ROLLBACK"
	TagSet              = "SET"
	TagReset            = "RESET"
	TagShow             = "SHOW"
)

// maxParams is the largest parameter number the extended protocol can
// bind (its counts are 16-bit).
const maxParams = 65535

// Translate turns one statement into the plan the session runs, looking
// up tables and functions through r.
//
// Besides queries, writes and DDL it translates transaction control
// (StmtBegin, StmtCommit, StmtRollback with PostgreSQL's tags; options
// such as ISOLATION LEVEL are accepted and ignored: transactions are
// serializable), SET (StmtSet with SettingName and SettingValue; RESET
// and SET ... TO DEFAULT set SettingDefault, RESET ALL has SettingName
// "all"; SET LOCAL is treated as SET) and SHOW:
// a StmtSet with Tag "SHOW", ReturnsRows set, SettingName the setting and
// Columns the one text column named after it (SHOW ALL: name, setting,
// description); the session supplies the row.
//
// Errors are *errs.Error with PostgreSQL's SQLSTATE and message and the
// 1-based character position in the message the statement came from.
func Translate(ctx context.Context, r translate.Resolver, s Stmt) (*plan.Statement, error) {
	return TranslateWith(ctx, r, s, TranslateOptions{})
}

// TranslateOptions change how TranslateWith reads a statement.
type TranslateOptions struct {
	// NormalizedLiterals is the number of parameters, $1 to $n, that
	// stand for the literals Normalize took out of the statement (the
	// Stmt is split from Normalized.Text, with Normalized.ParamTypes as
	// its ParamTypes). Each such parameter is used exactly once and is
	// translated as its literal would be in place: where the literal
	// would be read as, or folded into, a constant of some type, the
	// parameter gets that type (Statement.ParamTypes; a schemaless
	// field's loose type stays value.Any here rather than jsonb), so that
	// Literal.Value gives the parameter the value (or the error) the
	// constant would have had. Where a constant means more than its
	// value (ORDER BY 1, type modifiers, a literal compared to another
	// expression at translation time, ...) TranslateWith returns
	// ErrNotCacheable: the statement must be translated with its
	// literals.
	NormalizedLiterals int
}

// ErrNotCacheable is TranslateWith's answer for a normalized statement
// whose literals cannot become parameters (TranslateOptions).
var ErrNotCacheable = errors.New("sqlfe: a literal of this statement means more than its value")

// TranslateWith is Translate with options. When the translation of a
// normalized statement meets a place where a literal matters beyond its
// value, the error is ErrNotCacheable whatever else went wrong.
func TranslateWith(ctx context.Context, r translate.Resolver, s Stmt, opts TranslateOptions) (*plan.Statement, error) {
	if s.tree == nil || s.src == nil {
		return nil, errs.New(errs.InternalError, "sqlfe: Translate of a Stmt not made by Split")
	}
	tr := &translator{ctx: ctx, r: r, stmt: s, src: s.src, lits: opts.NormalizedLiterals}
	st, err := tr.statement(s.tree)
	if tr.noCache {
		return nil, ErrNotCacheable
	}
	if err != nil {
		return nil, err
	}
	if tr.bodyWrites && st.Kind == plan.StmtQuery {
		// A function it calls writes: the statement must run in a
		// read-write transaction.
		st.Kind = plan.StmtWrite
	}
	if _, fills := st.Root.(*plan.Insert); st.Kind != plan.StmtDDL || fills {
		// What runs, CREATE TABLE AS too, calls its functions; what
		// defines (a view, a function's body) calls nothing yet.
		st.Routines = tr.routines
	}
	st.Text = s.Text()
	st.ParamTypes = tr.paramTypes()
	return st, nil
}

// translator holds the state of one Translate call.
type translator struct {
	// checkMerges are the notices of the inherited CHECK constraints a
	// CREATE TABLE ... INHERITS restates (addCheck).
	checkMerges []errs.Notice
	// routines are the stored functions the statement calls
	// (plan.Statement.Routines); aggSupport counts the aggregate support
	// functions being compiled, whose calls are the aggregate's.
	routines   []*catalog.Function
	aggSupport int
	// plWrites: the statement calls a volatile PL/pgSQL function.
	plWrites bool
	// calling is the call of CALL's procedure (call.go): the one call
	// that may name a procedure.
	calling *pg.FuncCall
	// policyTables are the tables whose row security policies are being
	// translated, innermost last (a policy that reads its own table, or
	// one whose policy reads it, recurses: policy.go).
	policyTables []uint64
	// compositeSRFs are the set-returning calls of several columns that
	// liftSRF moved from a select list into FROM, whose rows are one
	// composite column there.
	compositeSRFs map[*pg.FuncCall]bool
	// mergeTwice are the calls a MERGE's translation made (merge.go).
	mergeTwice map[*pg.FuncCall]bool
	// insteadInput is the rows of the view an UPDATE or DELETE writes
	// through its INSTEAD OF triggers, as [NULL, object] (viewTarget).
	insteadInput plan.Node
	ctx          context.Context
	// typeDomain is the domain the last typeName resolved, "" when it
	// named no domain: columns and casts of a domain type need its name,
	// which the base type typeName returns does not carry.
	typeDomain string
	// typeDomainArray says the last typeName resolved the array type of
	// typeDomain (d[]), whose elements are the domain's values.
	typeDomainArray bool
	r               translate.Resolver
	stmt            Stmt
	src             *source
	// params[i] is what is known of $i+1's type.
	params []paramInfo
	// lits is TranslateOptions.NormalizedLiterals; noCache records that
	// one of them stands where a constant means more than its value.
	lits    int
	noCache bool
	// ctes are the WITH queries in scope, innermost last.
	ctes []*cte
	// raws are the untyped literals of translated queries' select lists.
	raws map[plan.Node]*rawOutput
	// views are the views being expanded, innermost last, which the
	// scans made meanwhile carry (plan.Scan.Views) for the executor's
	// privilege checks.
	views []*catalog.View
	// subDepth counts the subqueries (in expressions) being translated.
	subDepth int
	// correlatedSubs are the subqueries that read their outer row, with
	// what a grouped query needs to translate them again over its groups.
	correlatedSubs map[*plan.Subquery]*subLinkInfo
	// commonGrouping marks, for each branch of an expanded GROUPING SETS
	// query, which of its GROUP BY items every grouping set has: only
	// those carry a functional dependency (PostgreSQL's
	// groupClauseCommonVars).
	commonGrouping map[*pg.SelectStmt][]bool
	// topWith is the WITH clause of the statement itself, the only one
	// that may hold data-modifying queries; writes are those queries,
	// translated, which the statement's root runs first (cte.go).
	topWith *pg.WithClause
	writes  []plan.CTEWrite
	// into is the INTO clause of the SELECT INTO being translated (the
	// one place it is allowed).
	into *pg.IntoClause
	// shapeOnly: only the statement's columns matter, no row is read
	// (CREATE VIEW, WITH NO DATA, dependency checks), so a materialized
	// view without data may be named.
	shapeOnly bool
	// zoned is set once an expression translated depends on the session
	// time zone (zoneDependent): an index expression or predicate, which
	// every session must compute alike, may not.
	zoned bool
	// fnScope is the LANGUAGE sql function whose body is being
	// translated (nil: none); sqlFns the functions compiled for the
	// statement so far; bodyNesting counts the bodies being translated
	// inside one another; bodyWrites records that a body called writes
	// (sqlfunc.go).
	fnScope     *fnScope
	sqlFns      map[sqlFnKey]*sqlFn
	bodyNesting int
	bodyWrites  bool
	// creating is the function CREATE FUNCTION makes, while its body is
	// checked.
	creating *catalog.Function
	// stmtSchema is the schema other than public the DDL statement being
	// translated runs in ("" for public): withTarget's.
	stmtSchema string
	// nameSchemas are the schemas of the objects a DROP TABLE or a
	// GRANT or REVOKE of several schemas names, by position ("" for
	// public): ddlTarget's, for dropTable and grant.
	nameSchemas []string
	// readsTemp is set once a FROM item resolved to a temporary table:
	// what is stored for other sessions (a view) may not read one.
	readsTemp bool
	// stored counts the stored queries (views, a materialized view's)
	// being translated: their bare names are public's (storedName), as
	// in PostgreSQL, where they were bound when the view was made.
	stored int
	// binding is set while CREATE VIEW translates the query it stores:
	// each relation a bare name finds outside public gets its schema
	// written into the name (bindName).
	binding bool
}

type paramInfo struct {
	t   value.Type
	set bool
	// retyped: a normalized literal's parameter took the type a cast of
	// its constant would have been folded into (see cast).
	retyped bool
}

// literal reports whether e is the parameter of a normalized literal.
func (tr *translator) literal(e plan.Expr) (*plan.Param, bool) {
	p, ok := e.(*plan.Param)
	return p, ok && p.N > 0 && p.N <= tr.lits
}

// literalNode reports whether n is a normalized literal's parameter as
// the parse tree has it, maybe under unary minus signs (which the parser
// folds into a constant: ORDER BY -1 is a position).
func (tr *translator) literalNode(n *pg.Node) bool {
	switch x := n.GetNode().(type) {
	case *pg.Node_ParamRef:
		return x.ParamRef.Number > 0 && int(x.ParamRef.Number) <= tr.lits
	case *pg.Node_AExpr:
		a := x.AExpr
		return a.Kind == pg.A_Expr_Kind_AEXPR_OP && a.Lexpr == nil && opName(a.Name) == "-" && tr.literalNode(a.Rexpr)
	}
	return false
}

// uncacheable records that the statement's literals cannot be parameters
// and stops the translation.
func (tr *translator) uncacheable() error {
	tr.noCache = true
	return ErrNotCacheable
}

// pos converts a pg_query location (a byte offset) into a 1-based
// character position.
func (tr *translator) pos(loc int32) int { return tr.src.charPos(loc) }

func at(p int) plan.At { return plan.At{P: p} }

func (tr *translator) statement(n *pg.Node) (*plan.Statement, error) {
	switch x := n.Node.(type) {
	case *pg.Node_SelectStmt:
		// SELECT ... INTO makes a table, maybe in a schema.
		return tr.withTarget(n, func() (*plan.Statement, error) { return tr.withWrites(n) })
	case *pg.Node_InsertStmt, *pg.Node_UpdateStmt, *pg.Node_DeleteStmt:
		return tr.withWrites(n)
	case *pg.Node_MergeStmt:
		return tr.merge(x.MergeStmt)
	}
	st, err := tr.withTarget(n, func() (*plan.Statement, error) { return tr.statementOf(n) })
	if err == nil && st != nil && !st.Temp {
		err = tr.markTemp(st, n)
	}
	return st, err
}

// withWrites translates a query or a write whose WITH may hold
// data-modifying queries: they run first, once each (plan.WithWrites).
func (tr *translator) withWrites(n *pg.Node) (*plan.Statement, error) {
	switch x := n.Node.(type) {
	case *pg.Node_SelectStmt:
		tr.topWith = x.SelectStmt.WithClause
	case *pg.Node_InsertStmt:
		tr.topWith = x.InsertStmt.WithClause
	case *pg.Node_UpdateStmt:
		tr.topWith = x.UpdateStmt.WithClause
	case *pg.Node_DeleteStmt:
		tr.topWith = x.DeleteStmt.WithClause
	}
	tr.writes = nil
	st, err := tr.statementOf(n)
	if err == nil && tr.plWrites && st.Kind == plan.StmtQuery {
		// A volatile PL/pgSQL function may write: the query runs in a
		// read-write transaction from the start.
		st.Kind = plan.StmtWrite
	}
	if err != nil || len(tr.writes) == 0 {
		return st, err
	}
	st.Root = &plan.WithWrites{Writes: tr.writes, Input: st.Root}
	if st.Kind == plan.StmtQuery {
		st.Kind = plan.StmtWrite
	}
	return st, nil
}

func (tr *translator) statementOf(n *pg.Node) (*plan.Statement, error) {
	if st, ok, err := tr.statisticsStmt(n); ok {
		return st, err
	}
	switch x := n.Node.(type) {
	case *pg.Node_SelectStmt:
		if into := selectInto(x.SelectStmt); into != nil {
			return tr.intoTable(into, x.SelectStmt, false, false)
		}
		node, cols, err := tr.selectStmt(x.SelectStmt)
		if err != nil {
			return nil, err
		}
		node, cols = regOutput(node, cols)
		return &plan.Statement{Kind: plan.StmtQuery, Root: node, Columns: cols, Tag: TagSelect, ReturnsRows: true,
			LockRows: lockRows(x.SelectStmt)}, nil
	case *pg.Node_InsertStmt:
		return regReturning(tr.insertStmt(x.InsertStmt))
	case *pg.Node_UpdateStmt:
		return regReturning(tr.updateStmt(x.UpdateStmt))
	case *pg.Node_DeleteStmt:
		return regReturning(tr.deleteStmt(x.DeleteStmt))
	case *pg.Node_CreateStmt:
		return tr.createTable(x.CreateStmt)
	case *pg.Node_DropStmt:
		switch x.DropStmt.RemoveType {
		case pg.ObjectType_OBJECT_TABLE:
			return tr.dropTable(x.DropStmt)
		case pg.ObjectType_OBJECT_POLICY:
			return tr.dropPolicy(x.DropStmt)
		case pg.ObjectType_OBJECT_INDEX:
			return tr.dropIndex(x.DropStmt)
		case pg.ObjectType_OBJECT_VIEW:
			return tr.dropView(x.DropStmt)
		case pg.ObjectType_OBJECT_MATVIEW:
			return tr.dropMatView(x.DropStmt)
		case pg.ObjectType_OBJECT_SEQUENCE:
			return tr.dropSequence(x.DropStmt)
		case pg.ObjectType_OBJECT_TYPE:
			return tr.dropType(x.DropStmt)
		case pg.ObjectType_OBJECT_DOMAIN:
			return tr.dropDomain(x.DropStmt)
		case pg.ObjectType_OBJECT_TRIGGER:
			return tr.dropTrigger(x.DropStmt)
		case pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_AGGREGATE, pg.ObjectType_OBJECT_PROCEDURE, pg.ObjectType_OBJECT_ROUTINE:
			return tr.dropFunction(x.DropStmt)
		}
	case *pg.Node_CreateFunctionStmt:
		return tr.createFunction(x.CreateFunctionStmt)
	case *pg.Node_CallStmt:
		return tr.callStmt(x.CallStmt)
	case *pg.Node_AlterFunctionStmt:
		return tr.alterFunction(x.AlterFunctionStmt)
	case *pg.Node_DefineStmt:
		if x.DefineStmt.Kind == pg.ObjectType_OBJECT_AGGREGATE {
			return tr.createAggregate(x.DefineStmt)
		}
	case *pg.Node_CreateDomainStmt:
		return tr.createDomain(x.CreateDomainStmt)
	case *pg.Node_AlterDomainStmt:
		return tr.alterDomain(x.AlterDomainStmt)
	case *pg.Node_CreateEnumStmt:
		return tr.createEnum(x.CreateEnumStmt)
	case *pg.Node_CompositeTypeStmt:
		return tr.createComposite(x.CompositeTypeStmt)
	case *pg.Node_AlterEnumStmt:
		return tr.alterEnum(x.AlterEnumStmt)
	case *pg.Node_AlterObjectSchemaStmt:
		return tr.setSchema(x.AlterObjectSchemaStmt)
	case *pg.Node_AlterOwnerStmt:
		if x.AlterOwnerStmt.ObjectType == pg.ObjectType_OBJECT_LARGEOBJECT {
			return tr.largeObjectOwner(x.AlterOwnerStmt)
		}
		if x.AlterOwnerStmt.ObjectType == pg.ObjectType_OBJECT_TYPE {
			return tr.enumOwner(x.AlterOwnerStmt)
		}
		if x.AlterOwnerStmt.ObjectType == pg.ObjectType_OBJECT_DOMAIN {
			st, err := tr.enumOwner(x.AlterOwnerStmt)
			if err == nil {
				st.Tag = TagAlterDomain
				st.Root.(*plan.ChangeOwner).Kind = "domain"
			}
			return st, err
		}
	case *pg.Node_CreateSeqStmt:
		return tr.createSequence(x.CreateSeqStmt)
	case *pg.Node_AlterSeqStmt:
		return tr.alterSequence(x.AlterSeqStmt)
	case *pg.Node_ViewStmt:
		return tr.createView(x.ViewStmt)
	case *pg.Node_CreateTableAsStmt:
		return tr.createTableAs(x.CreateTableAsStmt)
	case *pg.Node_RefreshMatViewStmt:
		return tr.refreshMatView(x.RefreshMatViewStmt)
	case *pg.Node_IndexStmt:
		if isHNSW(x.IndexStmt) {
			return tr.createVectorIndex(x.IndexStmt)
		}
		return tr.createIndex(x.IndexStmt)
	case *pg.Node_ExplainStmt:
		return tr.explain(x.ExplainStmt)
	case *pg.Node_VacuumStmt:
		if !x.VacuumStmt.IsVacuumcmd {
			return tr.analyze(x.VacuumStmt)
		}
	case *pg.Node_ClusterStmt:
		return tr.cluster(x.ClusterStmt)
	case *pg.Node_ReindexStmt:
		return tr.reindex(x.ReindexStmt)
	case *pg.Node_AlterTableStmt:
		if x.AlterTableStmt.Objtype == pg.ObjectType_OBJECT_TYPE {
			return tr.alterComposite(x.AlterTableStmt)
		}
		if st, ok, err := tr.alterMissingTable(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		if st, ok, err := tr.changeOwner(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		if st, ok, err := tr.alterViewOptions(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		if st, ok, err := tr.alterRelOptions(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		if st, ok, err := tr.alterCluster(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		if st, ok, err := tr.rowSecurityStmt(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		if st, ok, err := tr.enableTrigger(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		if st, ok, err := tr.alterInherit(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		if st, ok, err := tr.alterPartitions(x.AlterTableStmt); ok || err != nil {
			return st, err
		}
		return tr.alterTableCmds(x.AlterTableStmt)
	case *pg.Node_RenameStmt:
		if x.RenameStmt.RenameType == pg.ObjectType_OBJECT_POLICY {
			return tr.renamePolicy(x.RenameStmt)
		}
		if r := x.RenameStmt; r.RenameType == pg.ObjectType_OBJECT_COLUMN && r.RelationType == pg.ObjectType_OBJECT_TABLE {
			if t, err := tr.table(r.Relation); err == nil && (t.Partitioned != nil || t.PartitionOf != "" || len(t.Children) > 0 || len(t.Inherits) > 0) {
				return tr.renamePartitioned(r, t, false)
			}
		}
		return tr.renameStmt(x.RenameStmt)
	case *pg.Node_CreatePolicyStmt:
		return tr.createPolicy(x.CreatePolicyStmt)
	case *pg.Node_AlterPolicyStmt:
		return tr.alterPolicy(x.AlterPolicyStmt)
	case *pg.Node_TransactionStmt:
		return tr.transaction(x.TransactionStmt)
	case *pg.Node_ConstraintsSetStmt:
		return tr.setConstraints(x.ConstraintsSetStmt), nil
	case *pg.Node_VariableSetStmt:
		return tr.set(x.VariableSetStmt)
	case *pg.Node_VariableShowStmt:
		return tr.show(x.VariableShowStmt), nil
	case *pg.Node_DiscardStmt:
		return discard(x.DiscardStmt)
	case *pg.Node_CheckPointStmt:
		return &plan.Statement{Kind: plan.StmtSet, Tag: "CHECKPOINT", SettingName: SettingCheckpoint}, nil
	case *pg.Node_ListenStmt:
		return notifyStmt("LISTEN", x.ListenStmt.Conditionname, ""), nil
	case *pg.Node_UnlistenStmt:
		return notifyStmt("UNLISTEN", x.UnlistenStmt.Conditionname, ""), nil
	case *pg.Node_NotifyStmt:
		return notifyStmt("NOTIFY", x.NotifyStmt.Conditionname, x.NotifyStmt.Payload), nil
	case *pg.Node_DeclareCursorStmt:
		return tr.declareCursor(x.DeclareCursorStmt)
	case *pg.Node_FetchStmt:
		return fetch(x.FetchStmt), nil
	case *pg.Node_ClosePortalStmt:
		return closeCursor(x.ClosePortalStmt), nil
	case *pg.Node_DoStmt:
		return tr.doStmt(x.DoStmt)
	case *pg.Node_CreateTrigStmt:
		return tr.createTrigger(x.CreateTrigStmt)
	case *pg.Node_CreateRangeStmt:
		return tr.createRange(x.CreateRangeStmt)
	}
	if st, ok, err := tr.utility(n); ok {
		return st, err
	}
	if st, ok, err := tr.roleStmt(n); ok {
		return st, err
	}
	return nil, unsupported(tr.stmt.stmtPos(), stmtKindName(n))
}

// notifyStmt is LISTEN, UNLISTEN or NOTIFY: session state (the
// session's listens, the transaction's notifications), so the session
// runs it as it runs a setting. UNLISTEN * has no channel name.
func notifyStmt(tag, channel, payload string) *plan.Statement {
	return &plan.Statement{Kind: plan.StmtSet, Tag: tag, Notify: &plan.Notify{Channel: channel, Payload: payload}}
}

// SettingDiscard is the SettingName of DISCARD statements, whose
// SettingValue says what they discard: all, plans, sequences or temp.
const SettingDiscard = "discard"

// SettingCheckpoint is the SettingName of CHECKPOINT, which the session
// runs as it runs DISCARD: it asks the store to write every commit to
// its tables, as PostgreSQL's writes every dirty page.
const SettingCheckpoint = "checkpoint"

// discard translates DISCARD ALL | PLANS | SEQUENCES | TEMP, which resets
// session state as RESET resets settings (the session runs it).
func discard(d *pg.DiscardStmt) (*plan.Statement, error) {
	what := map[pg.DiscardMode]string{pg.DiscardMode_DISCARD_ALL: "all", pg.DiscardMode_DISCARD_PLANS: "plans",
		pg.DiscardMode_DISCARD_SEQUENCES: "sequences", pg.DiscardMode_DISCARD_TEMP: "temp"}[d.Target]
	if what == "" {
		return nil, errs.New(errs.SyntaxError, "unrecognized DISCARD target")
	}
	return &plan.Statement{Kind: plan.StmtSet, Tag: "DISCARD " + strings.ToUpper(what), SettingName: SettingDiscard, SettingValue: what}, nil
}

func (tr *translator) transaction(t *pg.TransactionStmt) (*plan.Statement, error) {
	if t.Chain {
		return nil, unsupported(tr.stmt.stmtPos(), "AND CHAIN")
	}
	switch t.Kind {
	case pg.TransactionStmtKind_TRANS_STMT_BEGIN, pg.TransactionStmtKind_TRANS_STMT_START:
		modes, err := tr.txnModes(t.Options, false)
		if err != nil {
			return nil, err
		}
		tag := TagBegin
		if t.Kind == pg.TransactionStmtKind_TRANS_STMT_START {
			tag = TagStartTransaction
		}
		return &plan.Statement{Kind: plan.StmtBegin, Tag: tag, TxnModes: modes}, nil
	case pg.TransactionStmtKind_TRANS_STMT_COMMIT:
		return &plan.Statement{Kind: plan.StmtCommit, Tag: TagCommit}, nil
	case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		return &plan.Statement{Kind: plan.StmtRollback, Tag: TagRollback}, nil
	case pg.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		return &plan.Statement{Kind: plan.StmtSavepoint, Tag: "SAVEPOINT", Savepoint: t.SavepointName}, nil
	case pg.TransactionStmtKind_TRANS_STMT_RELEASE:
		return &plan.Statement{Kind: plan.StmtRelease, Tag: "RELEASE", Savepoint: t.SavepointName}, nil
	case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		return &plan.Statement{Kind: plan.StmtRollbackTo, Tag: "ROLLBACK", Savepoint: t.SavepointName}, nil
	}
	return nil, unsupported(tr.stmt.stmtPos(), stmtKindName(&pg.Node{Node: &pg.Node_TransactionStmt{TransactionStmt: t}}))
}

// set translates SET, RESET and SET ... TO DEFAULT. The value is rendered
// the way PostgreSQL flattens SET arguments: list items joined by ", ".
func (tr *translator) set(s *pg.VariableSetStmt) (*plan.Statement, error) {
	switch s.Kind {
	case pg.VariableSetKind_VAR_SET_VALUE:
		v, err := tr.settingValue(s.Args)
		if err != nil {
			return nil, err
		}
		return &plan.Statement{Kind: plan.StmtSet, Tag: TagSet, SettingName: s.Name, SettingValue: v, SettingLocal: s.IsLocal}, nil
	case pg.VariableSetKind_VAR_SET_DEFAULT, pg.VariableSetKind_VAR_RESET:
		tag := TagReset
		if s.Kind == pg.VariableSetKind_VAR_SET_DEFAULT {
			tag = TagSet
		}
		return &plan.Statement{Kind: plan.StmtSet, Tag: tag, SettingName: s.Name, SettingDefault: true, SettingLocal: s.IsLocal}, nil
	case pg.VariableSetKind_VAR_RESET_ALL:
		return &plan.Statement{Kind: plan.StmtSet, Tag: TagReset, SettingName: "all", SettingDefault: true}, nil
	case pg.VariableSetKind_VAR_SET_MULTI:
		if s.Name == "TRANSACTION SNAPSHOT" {
			if s.IsLocal {
				return nil, errs.New(errs.FeatureNotSupported, "SET LOCAL TRANSACTION SNAPSHOT is not implemented")
			}
			id, err := tr.settingValue(s.Args)
			if err != nil {
				return nil, err
			}
			return &plan.Statement{Kind: plan.StmtSet, Tag: TagSet, SettingName: "transaction",
				TxnModes: []plan.TxnMode{{Name: TxnSnapshot, Value: id}}}, nil
		}
		// SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION
		// ...: every option is applied, in order.
		modes, err := tr.txnModes(s.Args, s.Name == "SESSION CHARACTERISTICS")
		if err != nil {
			return nil, err
		}
		if len(modes) > 0 {
			return &plan.Statement{Kind: plan.StmtSet, Tag: TagSet, SettingName: strings.ToLower(s.Name), TxnModes: modes}, nil
		}
	}
	return nil, unsupported(tr.stmt.stmtPos(), "SET "+strings.ToUpper(s.Name))
}

// TxnSnapshot is the transaction mode of SET TRANSACTION SNAPSHOT id:
// the block reads the snapshot another transaction exported.
const TxnSnapshot = "transaction_snapshot"

// txnModes reads the DefElems of BEGIN's, START TRANSACTION's and SET
// TRANSACTION's options (transaction_isolation, transaction_read_only,
// transaction_deferrable); session makes them the default_ settings of
// SET SESSION CHARACTERISTICS AS TRANSACTION.
func (tr *translator) txnModes(opts []*pg.Node, session bool) ([]plan.TxnMode, error) {
	var modes []plan.TxnMode
	for _, a := range opts {
		d := a.GetDefElem()
		if d == nil {
			continue
		}
		v, err := tr.settingValue([]*pg.Node{d.Arg})
		if err != nil {
			return nil, err
		}
		name := d.Defname
		if name == "transaction_read_only" || name == "transaction_deferrable" {
			v = onOff(v)
		}
		if session {
			name = "default_" + name
		}
		modes = append(modes, plan.TxnMode{Name: name, Value: v})
	}
	return modes, nil
}

// lockRows names the row-locking clause of a SELECT as PostgreSQL's
// read-only error names it ("SELECT FOR UPDATE"), "" without one.
func lockRows(sel *pg.SelectStmt) string {
	if len(sel.LockingClause) == 0 {
		return ""
	}
	return "SELECT FOR " + lockStrength(sel.LockingClause[0].GetLockingClause()).String()
}

func onOff(v string) string {
	if v == "1" || v == "true" {
		return "on"
	}
	return "off"
}

func (tr *translator) settingValue(args []*pg.Node) (string, error) {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch x := a.Node.(type) {
		case *pg.Node_AConst:
			switch v := x.AConst.Val.(type) {
			case *pg.A_Const_Sval:
				parts = append(parts, v.Sval.Sval)
			case *pg.A_Const_Ival:
				parts = append(parts, strconv.Itoa(int(v.Ival.Ival)))
			case *pg.A_Const_Fval:
				parts = append(parts, v.Fval.Fval)
			case *pg.A_Const_Boolval:
				parts = append(parts, strconv.FormatBool(v.Boolval.Boolval))
			default:
				return "", unsupported(tr.pos(x.AConst.Location), "this SET value")
			}
		case *pg.Node_TypeCast:
			// SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE: the
			// interval as PostgreSQL flattens it, INTERVAL '02:00:00'
			// (value.LoadZone reads it).
			if c := x.TypeCast.Arg.GetAConst(); c != nil && c.GetSval() != nil {
				t, err := tr.typeName(x.TypeCast.TypeName)
				if err != nil {
					return "", err
				}
				if t.Kind != value.KindDuration {
					parts = append(parts, c.GetSval().Sval)
					continue
				}
				v, err := value.ParseText(c.GetSval().Sval, t)
				if err != nil {
					return "", withPos(err, tr.pos(c.Location))
				}
				parts = append(parts, "INTERVAL '"+value.CastText(v)+"'")
				continue
			}
			return "", unsupported(tr.pos(x.TypeCast.Location), "this SET value")
		default:
			return "", unsupported(tr.stmt.stmtPos(), "this SET value")
		}
	}
	return strings.Join(parts, ", "), nil
}

// showColumn is the column name SHOW reports for a setting: its name,
// spelled in mixed case for the few settings PostgreSQL spells so.
func showColumn(name string) string {
	switch name {
	case "datestyle":
		return "DateStyle"
	case "intervalstyle":
		return "IntervalStyle"
	case "timezone":
		return "TimeZone"
	}
	return name
}

func (tr *translator) show(s *pg.VariableShowStmt) *plan.Statement {
	st := &plan.Statement{Kind: plan.StmtSet, Tag: TagShow, ReturnsRows: true, SettingName: s.Name}
	if s.Name == "all" {
		st.Columns = []plan.Column{{Name: "name", Type: value.TypeText}, {Name: "setting", Type: value.TypeText}, {Name: "description", Type: value.TypeText}}
		return st
	}
	st.Columns = []plan.Column{{Name: showColumn(s.Name), Type: value.TypeText}}
	return st
}

// param translates $n. Its type is the one the client declared, else the
// one its first typed use gives it (see coerce), else text.
func (tr *translator) param(p *pg.ParamRef) (texpr, error) {
	n := int(p.Number)
	pos := tr.pos(p.Location)
	if x, ok, err := tr.functionParam(n, "", pos); ok {
		return x, err
	}
	if n < 1 || n > maxParams {
		return texpr{}, errAt(codeUndefinedParameter, pos, "there is no parameter $%d", n)
	}
	for len(tr.params) < n {
		i := len(tr.params)
		var pi paramInfo
		if i < len(tr.stmt.ParamTypes) && !unspecified(tr.stmt.ParamTypes[i]) {
			pi = paramInfo{t: tr.stmt.ParamTypes[i], set: true}
		}
		tr.params = append(tr.params, pi)
	}
	e := &plan.Param{At: at(pos), N: n}
	if pi := tr.params[n-1]; pi.set {
		return texpr{e: e, t: pi.t}, nil
	}
	return texpr{e: e, unknown: true}, nil
}

// unspecified reports a parameter type the client left open (OID 0): the
// zero Type, or value.Any.
func unspecified(t value.Type) bool { return t.Kind == value.KindNone || isLoose(t) }

// paramTypes lists the parameters' types for ParameterDescription.
func (tr *translator) paramTypes() []value.Type {
	n := max(len(tr.params), len(tr.stmt.ParamTypes))
	if n == 0 {
		return nil
	}
	out := make([]value.Type, n)
	for i := range out {
		switch {
		case i < len(tr.params) && tr.params[i].set:
			out[i] = tr.params[i].t
		case i < len(tr.stmt.ParamTypes) && !unspecified(tr.stmt.ParamTypes[i]):
			out[i] = tr.stmt.ParamTypes[i]
		default:
			out[i] = value.TypeText
		}
		if isLoose(out[i]) && i >= tr.lits {
			out[i] = value.TypeJSONB
		}
	}
	return out
}

// stmtKindName names a statement kind in "feature not supported" errors,
// after PostgreSQL's command tags.
func stmtKindName(n *pg.Node) string {
	switch x := n.Node.(type) {
	case *pg.Node_DropStmt:
		kind := strings.TrimPrefix(x.DropStmt.RemoveType.String(), "OBJECT_")
		return "DROP " + strings.ReplaceAll(kind, "_", " ")
	case *pg.Node_TransactionStmt:
		switch x.TransactionStmt.Kind {
		case pg.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
			return "SAVEPOINT"
		case pg.TransactionStmtKind_TRANS_STMT_RELEASE:
			return "RELEASE"
		case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
			return "ROLLBACK TO SAVEPOINT"
		case pg.TransactionStmtKind_TRANS_STMT_PREPARE:
			return "PREPARE TRANSACTION"
		case pg.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED:
			return "COMMIT PREPARED"
		case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
			return "ROLLBACK PREPARED"
		}
	case *pg.Node_CreateTableAsStmt:
		if x.CreateTableAsStmt.IsSelectInto {
			return "SELECT INTO"
		}
		return "CREATE TABLE AS"
	case *pg.Node_TruncateStmt:
		return "TRUNCATE TABLE"
	case *pg.Node_IndexStmt:
		return "CREATE INDEX"
	case *pg.Node_ViewStmt:
		return "CREATE VIEW"
	case *pg.Node_CreateSeqStmt:
		return "CREATE SEQUENCE"
	case *pg.Node_CreateFunctionStmt:
		if x.CreateFunctionStmt.IsProcedure {
			return "CREATE PROCEDURE"
		}
		return "CREATE FUNCTION"
	case *pg.Node_CallStmt:
		return "CALL"
	case *pg.Node_CopyStmt:
		return "COPY"
	case *pg.Node_ExplainStmt:
		return "EXPLAIN"
	case *pg.Node_PrepareStmt:
		return "PREPARE"
	case *pg.Node_ExecuteStmt:
		return "EXECUTE"
	case *pg.Node_DeallocateStmt:
		return "DEALLOCATE"
	case *pg.Node_DiscardStmt:
		return "DISCARD"
	case *pg.Node_CheckPointStmt:
		return "CHECKPOINT"
	case *pg.Node_DoStmt:
		return "DO"
	case *pg.Node_VacuumStmt:
		if x.VacuumStmt.IsVacuumcmd {
			return "VACUUM"
		}
		return "ANALYZE"
	case *pg.Node_LockStmt:
		return "LOCK TABLE"
	case *pg.Node_MergeStmt:
		return "MERGE"
	case *pg.Node_DefineStmt:
		kind := strings.TrimPrefix(x.DefineStmt.Kind.String(), "OBJECT_")
		return "CREATE " + strings.ReplaceAll(kind, "_", " ")
	}
	name := nodeTypeName(n)
	if tag, ok := irregularStmtTags[name]; ok {
		return tag
	}
	return splitCamel(name)
}

// irregularStmtTags are the command tags of the statement kinds whose
// pg_query node name abbreviates or reorders them (CreateTrigStmt,
// CreatePLangStmt, ...), so that splitCamel would not spell them.
var irregularStmtTags = map[string]string{
	"CreateTrig":             "CREATE TRIGGER",
	"CreateEventTrig":        "CREATE EVENT TRIGGER",
	"AlterEventTrig":         "ALTER EVENT TRIGGER",
	"CreatePLang":            "CREATE LANGUAGE",
	"CreateFdw":              "CREATE FOREIGN DATA WRAPPER",
	"AlterFdw":               "ALTER FOREIGN DATA WRAPPER",
	"CreateForeignTable":     "CREATE FOREIGN TABLE",
	"CreateOpClass":          "CREATE OPERATOR CLASS",
	"CreateOpFamily":         "CREATE OPERATOR FAMILY",
	"AlterOpFamily":          "ALTER OPERATOR FAMILY",
	"AlterTSDictionary":      "ALTER TEXT SEARCH DICTIONARY",
	"AlterTSConfiguration":   "ALTER TEXT SEARCH CONFIGURATION",
	"CreateAm":               "CREATE ACCESS METHOD",
	"CreateStats":            "CREATE STATISTICS",
	"AlterStats":             "ALTER STATISTICS",
	"AlterSeq":               "ALTER SEQUENCE",
	"Createdb":               "CREATE DATABASE",
	"Dropdb":                 "DROP DATABASE",
	"CompositeType":          "CREATE TYPE",
	"CreateEnum":             "CREATE TYPE",
	"CreateRange":            "CREATE TYPE",
	"Rule":                   "CREATE RULE",
	"SecLabel":               "SECURITY LABEL",
	"AlterDefaultPrivileges": "ALTER DEFAULT PRIVILEGES",
	"AlterObjectSchema":      "ALTER ... SET SCHEMA",
	"Call":                   "CALL",
	"CreateTableSpace":       "CREATE TABLESPACE",
	"DropTableSpace":         "DROP TABLESPACE",
	"AlterTableMoveAll":      "ALTER TABLE SET TABLESPACE",
	"AlterFunction":          "ALTER FUNCTION",
	"CreateConversion":       "CREATE CONVERSION",
	"CreateCast":             "CREATE CAST",
	"CreateTransform":        "CREATE TRANSFORM",
}

// nodeTypeName is the pg_query node type of n ("AlterTableStmt").
func nodeTypeName(n *pg.Node) string {
	if n == nil || n.Node == nil {
		return "empty statement"
	}
	name := string(n.ProtoReflect().WhichOneof(n.ProtoReflect().Descriptor().Oneofs().ByName("node")).Message().Name())
	return strings.TrimSuffix(name, "Stmt")
}

// splitCamel turns "AlterTable" into "ALTER TABLE".
func splitCamel(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}
