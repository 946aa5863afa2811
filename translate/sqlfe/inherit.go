package sqlfe

import (
	"fmt"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Table inheritance (ARCHITECTURE.md, "Table inheritance"): a child is
// a table of its own that has its parents' columns first, their NOT
// NULL, defaults and CHECK constraints; a read of a parent is the
// plan.Append of the parent's scan and its descendants', as a
// partitioned table's read is of its partitions.

// inheritFrom gives new table t the columns and CHECK constraints of
// the parents rels names (CREATE TABLE ... INHERITS), merging columns
// of one name as PostgreSQL does; it returns the notices of the
// merges.
func (tr *translator) inheritFrom(t *catalog.Table, rels []*pg.Node, schema string, temp bool) ([]errs.Notice, error) {
	var notices []errs.Notice
	for _, n := range rels {
		rv := n.GetRangeVar()
		if rv == nil {
			return nil, unsupported(tr.stmt.stmtPos(), "this INHERITS item")
		}
		parent, err := tr.table(rv)
		if err != nil {
			return nil, err
		}
		p := tr.pos(rv.Location)
		switch {
		case parent.Partitioned != nil:
			return nil, errs.New(errs.WrongObjectType, "cannot inherit from partitioned table %q", parent.Name)
		case parent.PartitionOf != "":
			return nil, errs.New(errs.WrongObjectType, "cannot inherit from partition %q", parent.Name)
		case parent.MatView != nil:
			return nil, errs.New(errs.WrongObjectType, "inherited relation %q is not a table or foreign table", parent.Name)
		case parent.Temporary() && !temp:
			return nil, errs.New(errs.WrongObjectType, "cannot inherit from temporary relation %q", parent.Name)
		case !parent.Schemafull:
			return nil, unsupported(p, "inheriting from a schemaless table")
		case parent.Temporary() != temp || rv.Schemaname != schema:
			return nil, unsupported(p, "a child table in another schema than its parent")
		case slices.Contains(t.Inherits, parent.Name):
			return nil, errs.New(errs.DuplicateTable, "relation %q would be inherited from more than once", parent.Name)
		}
		t.Inherits = append(t.Inherits, parent.Name)
		for i := range parent.Fields {
			pf := &parent.Fields[i]
			f, _, ok := t.FieldByName(pf.Name)
			if !ok {
				t.Fields = append(t.Fields, inheritedField(pf))
				continue
			}
			notices = append(notices, notice("merging multiple inherited definitions of column %q", pf.Name))
			if !sameColumnType(f, pf) {
				return nil, errs.New(errs.DatatypeMismatch, "inherited column %q has a type conflict", pf.Name).
					WithDetail("%s versus %s", sqlTypeName(f.Type), sqlTypeName(pf.Type))
			}
			f.InhCount++
			f.Optional = f.Optional && pf.Optional
			if !f.HasDefault && pf.HasDefault {
				inheritDefault(f, pf)
			}
		}
		for _, c := range parent.Checks {
			if c.NoInherit {
				continue
			}
			if i := slices.IndexFunc(t.Checks, func(x catalog.Check) bool { return x.Name == c.Name }); i >= 0 {
				t.Checks[i].InhCount++
				continue
			}
			t.Checks = append(t.Checks, catalog.Check{Name: c.Name, Expr: c.Expr, NotValid: c.NotValid, InhCount: 1, NotLocal: true})
		}
	}
	return notices, nil
}

// inheritedField is parent column pf as a child has it: its type, NOT
// NULL and default; not its identity, comment or settings, which
// PostgreSQL does not pass on.
func inheritedField(pf *catalog.Field) catalog.Field {
	f := catalog.Field{Name: pf.Name, Type: pf.Type, Optional: pf.Optional, Generated: pf.Generated,
		Domain: pf.Domain, DomainArray: pf.DomainArray, InhCount: 1, NotLocal: true}
	inheritDefault(&f, pf)
	return f
}

// inheritDefault gives f the default of parent column pf (an identity
// column's sequence is its own, and stays the parent's).
func inheritDefault(f *catalog.Field, pf *catalog.Field) {
	if !pf.HasDefault || pf.Identity != catalog.IdentityNone {
		return
	}
	f.HasDefault, f.DefaultValue, f.DefaultFunc, f.DefaultShown = true, pf.DefaultValue, pf.DefaultFunc, pf.DefaultShown
	f.DefaultSeq, f.DefaultExpr = pf.DefaultSeq, pf.DefaultExpr
}

// sameColumnType reports whether columns a and b have one type, as
// inheritance requires of columns it merges.
func sameColumnType(a, b *catalog.Field) bool {
	return sqlTypeName(a.Type) == sqlTypeName(b.Type) && a.Domain == b.Domain && a.DomainArray == b.DomainArray
}

// mergeLocalColumn merges column f, defined by CREATE TABLE ... INHERITS
// itself, into inherited column into: the local definition's default
// and NOT NULL win, the position and type are the inherited ones.
func mergeLocalColumn(into *catalog.Field, f catalog.Field) error {
	if !sameColumnType(into, &f) {
		return errs.New(errs.DatatypeMismatch, "column %q has a type conflict", f.Name).
			WithDetail("%s versus %s", sqlTypeName(into.Type), sqlTypeName(f.Type))
	}
	into.NotLocal = false
	into.Optional = into.Optional && f.Optional
	if f.HasDefault {
		into.HasDefault, into.DefaultValue, into.DefaultFunc, into.DefaultShown = true, f.DefaultValue, f.DefaultFunc, f.DefaultShown
		into.DefaultSeq, into.DefaultExpr, into.Identity = f.DefaultSeq, f.DefaultExpr, f.Identity
	}
	if f.Generated != "" {
		into.Generated = f.Generated
	}
	into.Comment = f.Comment
	return nil
}

// inheritanceScan is the read of table t, which has children, that scan
// names: an Append of t's scan and its descendants', each read once.
func (tr *translator) inheritanceScan(scan *plan.Scan, p int) (plan.Node, error) {
	if scan.Table.RowSecurity {
		return nil, unsupported(p, "row security on tables with inheritance children")
	}
	n, err := translate.InheritanceScan(tr.ctx, tr.r, scan)
	if err != nil {
		return nil, withPos(err, p)
	}
	return n, nil
}

// dropChildren are the drops of the descendants of the tables drops
// drops that it does not drop itself, deepest first, with their "drop
// cascades to" notices: without cascade, PostgreSQL's 2BP01 when there
// are any.
func (tr *translator) dropChildren(drops []*plan.DropTable, cascade bool) ([]*plan.DropTable, []string, error) {
	var names, deps []string
	seen := make([]string, 0, len(drops))
	var queue []string
	for _, d := range drops {
		seen = append(seen, d.Name)
		queue = append(queue, d.Name)
	}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		t, err := tr.r.Table(tr.ctx, name)
		if err != nil {
			continue // the drop reports a missing table
		}
		for _, c := range t.Children {
			if slices.Contains(seen, c) {
				continue
			}
			seen = append(seen, c)
			names = append(names, c)
			deps = append(deps, "table "+qualified(tr.stmtSchema, c)+" depends on table "+qualified(tr.stmtSchema, name))
			queue = append(queue, c)
		}
	}
	if len(names) == 0 {
		return nil, nil, nil
	}
	if !cascade {
		return nil, nil, errs.New(codeDependentObjects, "cannot drop table %s because other objects depend on it", qualified(tr.stmtSchema, drops[0].Name)).
			WithDetail("%s", strings.Join(deps, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	out := make([]*plan.DropTable, len(names))
	notices := make([]string, len(names))
	for i, c := range names {
		out[len(names)-1-i] = &plan.DropTable{Name: c, Cascade: true}
		notices[i] = "drop cascades to table " + qualified(tr.stmtSchema, c)
	}
	return out, notices, nil
}

// inheritedWrite translates an UPDATE or DELETE of rv, when rv names a
// table with children and not ONLY it, as the UNION ALL of the same
// statement of each of the table and its descendants alone (one translates
// the statement of table rv): each write reads and writes one table's
// records, under the name and alias the statement gave. ok is false for
// the other writes.
func (tr *translator) inheritedWrite(rv *pg.RangeVar, with bool, returning []*pg.Node, one func(rv *pg.RangeVar, returning []*pg.Node) (*plan.Statement, error)) (st *plan.Statement, ok bool, err error) {
	if rv == nil || !rv.Inh {
		return nil, false, nil
	}
	t, err := tr.table(rv)
	if err != nil || len(t.Children) == 0 {
		return nil, false, nil
	}
	p := tr.pos(rv.Location)
	if with {
		return nil, true, unsupported(p, "WITH in an UPDATE or DELETE of a table with inheritance children")
	}
	ts, err := translate.Descendants(tr.ctx, tr.r, t)
	if err != nil {
		return nil, true, withPos(err, p)
	}
	alias := rv.Alias
	if alias == nil {
		alias = &pg.Alias{Aliasname: rv.Relname}
	}
	// A child's RETURNING * is the parent's columns of its rows.
	childReturning := parentColumns(returning, t, alias.Aliasname)
	for i, x := range append([]*catalog.Table{t}, ts...) {
		rv := &pg.RangeVar{Schemaname: rv.Schemaname, Relname: x.Name, Relpersistence: rv.Relpersistence, Alias: alias, Location: rv.Location}
		if i > 0 {
			returning = childReturning
		}
		one, err := one(rv, returning)
		if err != nil {
			return nil, true, err
		}
		if st == nil {
			st = one
			continue
		}
		st.Root = &plan.SetOp{Op: plan.Union, All: true, Left: st.Root, Right: one.Root, Cols: st.Root.Columns()}
	}
	return st, true, nil
}

// parentColumns is RETURNING list rs with each * (or alias.*) spelled
// out as the columns of parent t, qualified by alias.
func parentColumns(rs []*pg.Node, t *catalog.Table, alias string) []*pg.Node {
	var out []*pg.Node
	for _, n := range rs {
		cr := n.GetResTarget().GetVal().GetColumnRef()
		if cr == nil || len(cr.Fields) == 0 || cr.Fields[len(cr.Fields)-1].GetAStar() == nil ||
			len(cr.Fields) > 2 || len(cr.Fields) == 2 && cr.Fields[0].GetString_().GetSval() != alias {
			out = append(out, n)
			continue
		}
		for _, f := range t.Fields {
			out = append(out, resTargetOf(&pg.ColumnRef{Fields: []*pg.Node{pg.MakeStrNode(alias), pg.MakeStrNode(f.Name)}, Location: cr.Location}))
		}
	}
	return out
}

// inheritsColumn reports whether column col of t is inherited from a
// parent (table inheritance).
func inheritsColumn(t *catalog.Table, col string) bool {
	f, _, ok := t.FieldByName(col)
	return ok && f.InhCount > 0
}

// onlyInheritanceParent refuses ALTER TABLE ONLY command cmd of t, a
// table with inheritance children, where PostgreSQL does or where the
// children would have to change in ways zerodb does not make them.
func (tr *translator) onlyInheritanceParent(t *catalog.Table, cmd *pg.AlterTableCmd, only bool) error {
	if !only || len(t.Children) == 0 {
		return nil
	}
	switch cmd.Subtype {
	case pg.AlterTableType_AT_AddColumn:
		return errs.New(errs.InvalidTableDefinition, "column must be added to child tables too")
	case pg.AlterTableType_AT_AlterColumnType:
		return errs.New(errs.InvalidTableDefinition, "type of inherited column %q must be changed in child tables too", cmd.Name)
	}
	return nil
}

// alterInherit translates ALTER TABLE child INHERIT parent and NO
// INHERIT parent; ok is false for other ALTER TABLE statements.
func (tr *translator) alterInherit(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	for _, c := range a.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() != pg.AlterTableType_AT_AddInherit && cmd.GetSubtype() != pg.AlterTableType_AT_DropInherit {
			continue
		}
		p := tr.stmt.stmtPos()
		if len(a.Cmds) != 1 {
			return nil, true, unsupported(p, "INHERIT and NO INHERIT with other ALTER TABLE commands")
		}
		child, err := tr.table(a.Relation)
		if err != nil {
			return nil, true, err
		}
		prv := cmd.Def.GetRangeVar()
		if prv == nil {
			return nil, true, errAt(errs.SyntaxError, p, "missing parent table name")
		}
		parent, err := tr.table(prv)
		if err != nil {
			return nil, true, err
		}
		if prv.Schemaname != a.Relation.Schemaname || parent.Temporary() != child.Temporary() {
			return nil, true, unsupported(tr.pos(prv.Location), "a child table in another schema than its parent")
		}
		n := &plan.AlterInherit{Child: child.Name, Parent: parent.Name, Drop: cmd.Subtype == pg.AlterTableType_AT_DropInherit}
		return &plan.Statement{Kind: plan.StmtDDL, Root: n, Tag: TagAlterTable}, true, nil
	}
	return nil, false, nil
}

// droppedColumn is the column ALTER TABLE a drops when dropping one
// column is all it does.
func droppedColumn(a *pg.AlterTableStmt) (string, bool) {
	if len(a.Cmds) != 1 {
		return "", false
	}
	cmd := a.Cmds[0].GetAlterTableCmd()
	if cmd.GetSubtype() != pg.AlterTableType_AT_DropColumn {
		return "", false
	}
	return cmd.Name, true
}

// inheritedDropColumn translates ALTER TABLE [ONLY] t DROP COLUMN col of
// t, a table with inheritance children, as PostgreSQL runs it: a child
// whose column came from t alone (and is not its own too) loses it, and
// so on down; another keeps it, inherited once less, and with ONLY every
// child keeps it as its own.
func (tr *translator) inheritedDropColumn(a *pg.AlterTableStmt, t *catalog.Table, col string) (*plan.Statement, error) {
	st, err := tr.alterTableCmds(a)
	if err != nil {
		return nil, err
	}
	nodes, names := unpackAll(st)
	schema, only := a.Relation.Schemaname, !a.Relation.Inh
	counts, local, dropped := map[string]int{}, map[string]bool{}, map[string]bool{}
	var order []string
	var walk func(p *catalog.Table) error
	walk = func(p *catalog.Table) error {
		for _, name := range p.Children {
			c, err := tr.r.Table(tr.ctx, qualified(schema, name))
			if err != nil {
				return errs.From(err)
			}
			f, _, ok := c.FieldByName(col)
			if !ok || dropped[name] {
				continue
			}
			if _, seen := counts[name]; !seen {
				counts[name], local[name] = f.InhCount, !f.NotLocal
				order = append(order, name)
			}
			switch {
			case only:
				counts[name]--
				local[name] = true
			case counts[name] == 1 && !local[name]:
				dropped[name] = true
				if err := walk(c); err != nil {
					return err
				}
			default:
				counts[name]--
			}
		}
		return nil
	}
	if err := walk(t); err != nil {
		return nil, err
	}
	for _, name := range order {
		if dropped[name] {
			ca := proto.Clone(a).(*pg.AlterTableStmt)
			ca.Relation.Relname, ca.Relation.Inh = name, false
			cst, err := tr.alterTableCmds(ca)
			if err != nil {
				return nil, err
			}
			cn, cnames := unpackAll(cst)
			nodes, names = append(nodes, cn...), append(names, cnames...)
			continue
		}
		f := catalog.Field{InhCount: max(counts[name], 0), NotLocal: !local[name]}
		nodes = append(nodes, &plan.AlterTable{Name: name, Actions: []plan.AlterAction{{Kind: plan.AlterColumnInheritance, Column: col, Field: f}}})
		names = append(names, "")
	}
	return allOf(st.Tag, nodes, names), nil
}

// notice is a NOTICE of a DDL statement.
func notice(format string, args ...any) errs.Notice {
	return errs.Notice{Severity: "NOTICE", Code: errs.SuccessfulCompletion, Message: fmt.Sprintf(format, args...)}
}

// mergeAddedColumns turns the columns ALTER TABLE n of inheritance child
// part adds, inh times inherited, that part has already into that
// column inherited inh times more, as PostgreSQL merges them (42804 if
// the types differ); it returns PostgreSQL's notices of the merges.
func mergeAddedColumns(n *plan.AlterTable, part *catalog.Table, inh int) ([]string, error) {
	var notices []string
	for i := range n.Actions {
		a := &n.Actions[i]
		if a.Kind != plan.AlterAddColumn {
			continue
		}
		f, _, ok := part.FieldByName(a.Field.Name)
		if !ok {
			if inh > 1 {
				// Reached along several paths, as PostgreSQL's merge of
				// the second reports.
				notices = append(notices, fmt.Sprintf("merging definition of column %q for child %q", a.Field.Name, part.Name))
			}
			continue
		}
		if !sameColumnType(f, &a.Field) {
			return nil, errs.New(errs.DatatypeMismatch, "child table %q has different type for column %q", part.Name, f.Name)
		}
		*a = plan.AlterAction{Kind: plan.AlterColumnInheritance, Column: f.Name, Field: catalog.Field{InhCount: f.InhCount + inh, NotLocal: f.NotLocal}}
		notices = append(notices, fmt.Sprintf("merging definition of column %q for child %q", f.Name, part.Name))
	}
	return notices, nil
}
