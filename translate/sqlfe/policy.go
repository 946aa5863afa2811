package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// Row security: a table's policies (catalog.Policy) are stored as SQL
// text and become conditions where a statement reads or writes the
// table: a Filter over its scan (USING) and a plan.Check of the records
// it writes (WITH CHECK). Plans are shared by every role (the plan
// cache, prepared statements), so the conditions name no role: they
// call zerodb_rls_bypass and zerodb_rls_role, which ask the executing
// statement's role whether it bypasses the policies (a superuser, or
// the owner unless FORCE) and which policies apply to it. A node whose
// table's policies the translator applied is marked (RowSecurity); the
// executor refuses an unmarked read or write of a table with row
// security by a role subject to it (ZQL, graph walks, views: 0A000).

// Policy commands as CREATE POLICY's FOR names them.
const (
	policyAll    = "all"
	policySelect = "select"
	policyInsert = "insert"
	policyUpdate = "update"
	policyDelete = "delete"
)

// rowSecurityStmt translates ALTER TABLE t ENABLE|DISABLE|FORCE|NO FORCE
// ROW LEVEL SECURITY (ok is false for other ALTER TABLE statements).
func (tr *translator) rowSecurityStmt(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	n := &plan.SetRowSecurity{}
	for _, c := range a.Cmds {
		on, off := true, false
		switch c.GetAlterTableCmd().GetSubtype() {
		case pg.AlterTableType_AT_EnableRowSecurity:
			n.Enable = &on
		case pg.AlterTableType_AT_DisableRowSecurity:
			n.Enable = &off
		case pg.AlterTableType_AT_ForceRowSecurity:
			n.Force = &on
		case pg.AlterTableType_AT_NoForceRowSecurity:
			n.Force = &off
		default:
			if n.Enable != nil || n.Force != nil {
				return nil, true, unsupported(tr.stmt.stmtPos(), "ROW LEVEL SECURITY with other ALTER TABLE actions")
			}
			return nil, false, nil
		}
	}
	return tr.alterTableOf(a.Relation, n, &n.Table)
}

// alterTableOf is an ALTER TABLE statement of n, whose table (which
// table receives) is the one rv names; ok is true.
func (tr *translator) alterTableOf(rv *pg.RangeVar, n plan.Node, table *string) (_ *plan.Statement, ok bool, _ error) {
	t, err := tr.table(rv)
	if err != nil {
		return nil, true, err
	}
	*table = t.Name
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER TABLE", Root: n}, true, nil
}

// createPolicy translates CREATE POLICY, checking its expressions
// against the table.
func (tr *translator) createPolicy(c *pg.CreatePolicyStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	t, err := tr.table(c.Table)
	if err != nil {
		return nil, err
	}
	pol := catalog.Policy{Name: c.PolicyName, Restrictive: !c.Permissive, Command: c.CmdName}
	if pol.Command == "" {
		pol.Command = policyAll
	}
	if c.WithCheck != nil && (pol.Command == policySelect || pol.Command == policyDelete) {
		return nil, errAt(errs.SyntaxError, p, "WITH CHECK cannot be applied to SELECT or DELETE")
	}
	if c.Qual != nil && pol.Command == policyInsert {
		return nil, errAt(errs.SyntaxError, p, "only WITH CHECK expression allowed for INSERT")
	}
	if pol.Roles, err = policyRoles(c.Roles, p); err != nil {
		return nil, err
	}
	if pol.Using, err = tr.policyText(t, c.Qual, "USING"); err != nil {
		return nil, err
	}
	if pol.Check, err = tr.policyText(t, c.WithCheck, "WITH CHECK"); err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "CREATE POLICY", Root: &plan.CreatePolicy{Table: t.Name, Policy: pol}}, nil
}

// alterPolicy translates ALTER POLICY ... [TO roles] [USING] [WITH CHECK].
func (tr *translator) alterPolicy(a *pg.AlterPolicyStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	t, err := tr.table(a.Table)
	if err != nil {
		return nil, err
	}
	n := &plan.AlterPolicy{Table: t.Name, Name: a.PolicyName, SetRoles: len(a.Roles) > 0}
	if n.Roles, err = policyRoles(a.Roles, p); err != nil {
		return nil, err
	}
	for _, x := range []struct {
		n    *pg.Node
		what string
		dst  **string
	}{{a.Qual, "USING", &n.Using}, {a.WithCheck, "WITH CHECK", &n.Check}} {
		if x.n == nil {
			continue
		}
		text, err := tr.policyText(t, x.n, x.what)
		if err != nil {
			return nil, err
		}
		*x.dst = &text
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER POLICY", Root: n}, nil
}

// dropPolicy translates DROP POLICY [IF EXISTS] name ON t.
func (tr *translator) dropPolicy(d *pg.DropStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	if len(d.Objects) != 1 {
		return nil, unsupported(p, "DROP POLICY of several policies")
	}
	items := d.Objects[0].GetList().GetItems()
	if len(items) < 2 {
		return nil, errAt(errs.SyntaxError, p, "DROP POLICY needs a table")
	}
	name := items[len(items)-1].GetString_().GetSval()
	table := items[len(items)-2].GetString_().GetSval()
	if len(items) > 2 {
		if err := tr.inStatementSchema(items[0].GetString_().GetSval(), p); err != nil {
			return nil, err
		}
	}
	n := &plan.DropPolicy{Table: table, Name: name, IfExists: d.MissingOk}
	if t, err := tr.r.Table(tr.ctx, table); err == nil {
		n.Table = t.Name
	} else if errs.Code(err) != errs.UndefinedTable || !d.MissingOk {
		return nil, withPos(err, p)
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "DROP POLICY", Root: n}, nil
}

// renamePolicy translates ALTER POLICY name ON t RENAME TO new.
func (tr *translator) renamePolicy(r *pg.RenameStmt) (*plan.Statement, error) {
	t, err := tr.table(r.Relation)
	if err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER POLICY", Root: &plan.AlterPolicy{Table: t.Name, Name: r.Subname, NewName: r.Newname}}, nil
}

// policyRoles are the roles of a policy's TO list; PUBLIC (and no list)
// is none.
func policyRoles(specs []*pg.Node, p int) ([]string, error) {
	var out []string
	for _, n := range specs {
		spec := n.GetRoleSpec()
		if spec.GetRoletype() == pg.RoleSpecType_ROLESPEC_PUBLIC {
			return nil, nil
		}
		r, err := roleSpec(spec)
		if err != nil {
			return nil, err
		}
		if r.Name == "" {
			return nil, unsupported(p, "CURRENT_USER and SESSION_USER in a policy's roles")
		}
		out = append(out, r.Name)
	}
	return out, nil
}

// policyText is a policy expression as stored text, checked to be a
// condition over t's columns ("" for none).
func (tr *translator) policyText(t *catalog.Table, n *pg.Node, what string) (string, error) {
	if n == nil {
		return "", nil
	}
	p := tr.stmt.stmtPos()
	text, err := deparseExpr(n, p)
	if err != nil {
		return "", err
	}
	sc := &scope{entries: []rangeEntry{{name: t.Name, table: t, pos: p}}}
	_, err = tr.storedExpr("policy", text, p, func(n *pg.Node) (plan.Expr, error) {
		return tr.condition(n, &exprCtx{sc: sc, clause: "POLICY"}, what)
	})
	return text, err
}

// invokerViews reports whether a scan expanded from views reads with
// the statement's role's rights: every view is security_invoker (or
// there is none). Otherwise the last other view's owner reads it, whose
// policies a plan for every role cannot know (the executor refuses the
// read when they apply to that owner).
func invokerViews(views []*catalog.View) bool {
	for _, v := range views {
		if !v.SecurityInvoker {
			return false
		}
	}
	return true
}

// rowSecurityScan puts t's policies for cmds (all must hold: an UPDATE
// with WHERE reads what SELECT's policies show) on scan, a scan of t
// at statement position p. A table without row security, or a scan of a
// view's query (whose owner's rights the executor checks), is left as it
// is.
func (tr *translator) rowSecurityScan(scan *plan.Scan, p int, cmds ...string) (plan.Node, error) {
	t := scan.Table
	if t.Partitioned != nil {
		return tr.partitionedScan(scan, p)
	}
	if !t.RowSecurity || !invokerViews(scan.Views) {
		return scan, nil
	}
	scan.RowSecurity = true
	cond, err := tr.rowSecurityCond(t, p, false, cmds...)
	if err != nil {
		return nil, err
	}
	return &plan.Filter{Input: scan, Cond: cond}, nil
}

// rowSecurityChecks are the checks of the records a write of cmd makes
// in t: its policies' WITH CHECK (or USING).
func (tr *translator) rowSecurityChecks(t *catalog.Table, p int, cmd string) ([]plan.Check, error) {
	if !t.RowSecurity {
		return nil, nil
	}
	cond, err := tr.rowSecurityCond(t, p, true, cmd)
	if err != nil {
		return nil, err
	}
	return []plan.Check{{Name: t.Name, Cond: cond, Policy: true}}, nil
}

// rowSecurityCond translates the condition of t's policies for cmds
// (check: on new records) over the record row [key, object] of t, by
// the names of its columns.
func (tr *translator) rowSecurityCond(t *catalog.Table, p int, check bool, cmds ...string) (plan.Expr, error) {
	if slices.Contains(tr.policyTables, t.ID) {
		return nil, errAt(errs.InvalidObjectDefinition, p, "infinite recursion detected in policy for relation %q", t.Name)
	}
	tr.policyTables = append(tr.policyTables, t.ID)
	defer func() { tr.policyTables = tr.policyTables[:len(tr.policyTables)-1] }()
	text := rowSecurityText(t, check, cmds)
	sc := &scope{entries: []rangeEntry{{name: t.Name, table: t, pos: p}}}
	return tr.storedExpr("policy", text, p, func(n *pg.Node) (plan.Expr, error) {
		return tr.condition(n, &exprCtx{sc: sc, clause: "POLICY"}, "policy")
	})
}

// rowSecurityText is the condition t's policies make for cmds as SQL
// text, as PostgreSQL combines them: for each command, any permissive
// policy of the role and every restrictive one must pass (none
// permissive: nothing does), unless the role bypasses row security. A
// policy without an expression for the purpose adds nothing; a null is
// false.
func rowSecurityText(t *catalog.Table, check bool, cmds []string) string {
	var b strings.Builder
	b.WriteString("zerodb_rls_bypass(" + sqlLiteral(t.OwnerName()))
	if t.ForceRowSecurity {
		b.WriteString(", true) OR (")
	} else {
		b.WriteString(", false) OR (")
	}
	for i, cmd := range cmds {
		if i > 0 {
			b.WriteString(" AND ")
		}
		var permissive, restrictive []string
		for _, p := range t.Policies {
			if p.Command != policyAll && p.Command != cmd {
				continue
			}
			x := p.Using
			if check && p.Check != "" {
				x = p.Check
			}
			if x == "" {
				continue
			}
			x = "coalesce((" + x + "), false)"
			role := rolesCall(p.Roles)
			if p.Restrictive {
				if role != "" {
					x = "(NOT " + role + " OR " + x + ")"
				}
				restrictive = append(restrictive, x)
				continue
			}
			if role != "" {
				x = "(" + role + " AND " + x + ")"
			}
			permissive = append(permissive, x)
		}
		if len(permissive) == 0 {
			permissive = []string{"false"}
		}
		b.WriteString("((" + strings.Join(permissive, " OR ") + ")")
		for _, r := range restrictive {
			b.WriteString(" AND " + r)
		}
		b.WriteString(")")
	}
	b.WriteString(")")
	return b.String()
}

// rolesCall asks whether a policy of roles applies to the statement's
// role ("" for PUBLIC: always).
func rolesCall(roles []string) string {
	if len(roles) == 0 {
		return ""
	}
	quoted := make([]string, len(roles))
	for i, r := range slices.Sorted(slices.Values(roles)) {
		quoted[i] = sqlLiteral(r)
	}
	return "zerodb_rls_role(ARRAY[" + strings.Join(quoted, ", ") + "])"
}

// sqlLiteral is s as a SQL string literal.
func sqlLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// policyCommands are the policies' commands the records an UPDATE or
// DELETE (cmd) changes must pass: SELECT's too when its WHERE or
// RETURNING reads them, as PostgreSQL asks.
func policyCommands(cmd string, where *pg.Node, returning []*pg.Node) []string {
	if where != nil || len(returning) > 0 {
		return []string{cmd, policySelect}
	}
	return []string{cmd}
}

// writeChecks are the checks of the records a write of cmd makes in t:
// its CHECK constraints, then its row security policies.
func (tr *translator) writeChecks(t *catalog.Table, e rangeEntry, cmd string) ([]plan.Check, error) {
	checks, err := tr.tableChecks(t, e)
	if err != nil {
		return nil, err
	}
	policies, err := tr.rowSecurityChecks(t, e.pos, cmd)
	return append(checks, policies...), err
}
