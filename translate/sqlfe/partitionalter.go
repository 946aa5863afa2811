package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// ALTER TABLE of the columns and constraints of a partitioned table
// reaches each of its partitions, as in PostgreSQL: the statement is
// translated again for every partition (so a partition's CHECK texts,
// compiled checks and dependent views are its own), and what must stay
// one across the partitions (an added column, an inherited check's
// name) is taken from the partitioned table's translation. A partition
// may change only what it does not inherit.

// alterPartitioned translates ALTER TABLE a of t, a partitioned table
// or a partition; inherited is true for the translation of a partition
// that its partitioned table's statement reaches.
func (tr *translator) alterPartitioned(a *pg.AlterTableStmt, t *catalog.Table, inherited bool) (*plan.Statement, error) {
	if !inherited {
		for _, c := range a.Cmds {
			if err := tr.inheritedAlter(t, c.GetAlterTableCmd(), a.Relation.Schemaname, !a.Relation.Inh); err != nil {
				return nil, err
			}
		}
	}
	if col, ok := droppedColumn(a); ok && !inherited && t.Partitioned == nil && len(t.Children) > 0 {
		return tr.inheritedDropColumn(a, t, col)
	}
	st, err := tr.alterTableCmds(a)
	if err != nil || len(subTables(t)) == 0 || !a.Relation.Inh {
		return st, err
	}
	return tr.reachPartitions(st, t, a.Relation.Schemaname, func(part *catalog.Table) (*plan.Statement, error) {
		pa := proto.Clone(a).(*pg.AlterTableStmt)
		pa.Relation.Relname = part.Name
		// An inheritance parent reaches every descendant itself.
		pa.Relation.Inh = t.Partitioned != nil
		return tr.alterPartitioned(pa, part, true)
	})
}

// reachPartitions is statement st of partitioned table t followed by
// the statement each partition of t gets from translate, less what the
// executor already does for the partitions (their indexes) and with
// what must be the partitioned table's taken from st.
func (tr *translator) reachPartitions(st *plan.Statement, t *catalog.Table, schema string, translate func(*catalog.Table) (*plan.Statement, error)) (*plan.Statement, error) {
	nodes, names := unpackAll(st)
	var checks []*plan.AddCheck
	var fks []*plan.AddForeignKey
	var alters []*plan.AlterTable
	for _, n := range nodes {
		switch n := n.(type) {
		case *plan.AddCheck:
			checks = append(checks, n)
		case *plan.AddForeignKey:
			fks = append(fks, n)
		case *plan.AlterTable:
			alters = append(alters, n)
		}
	}
	parts, err := tr.subTables(t, schema)
	if err != nil {
		return nil, err
	}
	// Among the tables reached, an inheritance child's parents: how many
	// times it inherits what the statement adds.
	within := []string{t.Name}
	for _, part := range parts {
		within = append(within, part.Name)
	}
	for _, part := range parts {
		inh := 0
		if t.Partitioned == nil {
			for _, p := range part.Inherits {
				if slices.Contains(within, p) {
					inh++
				}
			}
		}
		pst, err := translate(part)
		if err != nil {
			return nil, err
		}
		pnodes, pnames := unpackAll(pst)
		nc, nf, na := 0, 0, 0
		for i, n := range pnodes {
			switch n := n.(type) {
			case *plan.CreateIndex, *plan.AddPrimaryKey:
				// CREATE INDEX and UNIQUE of a partitioned table make
				// the partitions' indexes; a primary key each partition
				// has already (partitionedKey).
				continue
			case *plan.AddCheck:
				if nc < len(checks) {
					if checks[nc].Check.NoInherit {
						nc++
						continue // the table's alone
					}
					// An inherited check has its table's name.
					n.Check.Name, n.Validate.Name = checks[nc].Check.Name, checks[nc].Check.Name
					if inh > 0 {
						n.Check.InhCount, n.Check.NotLocal = inh, true
					}
					nc++
				}
			case *plan.AddForeignKey:
				if nf < len(fks) {
					// So does an inherited foreign key.
					n.FK.Name = fks[nf].FK.Name
					nf++
				}
			case *plan.DropConstraint, *plan.ValidateConstraint:
				// A partition has the checks and foreign keys of its
				// table under their names; a unique constraint's index
				// the executor drops with the table's.
				if !fkNameTaken(part, namedConstraint(n)) {
					continue
				}
			case *plan.AlterTable:
				if na < len(alters) {
					inheritColumns(n, alters[na], inh)
					na++
				}
				if inh > 0 {
					merged, err := mergeAddedColumns(n, part, inh)
					if err != nil {
						return nil, err
					}
					if len(merged) > 0 {
						nodes, names = append(nodes, &plan.Skip{Notices: merged}), append(names, "")
					}
				}
			}
			nodes, names = append(nodes, pnodes[i]), append(names, pnames[i])
		}
	}
	return allOf(st.Tag, nodes, names), nil
}

// namedConstraint is the constraint a DROP or VALIDATE CONSTRAINT names.
func namedConstraint(n plan.Node) string {
	switch n := n.(type) {
	case *plan.DropConstraint:
		return n.Name
	case *plan.ValidateConstraint:
		return n.Name
	}
	return ""
}

// inheritColumns gives the columns a partition's ALTER TABLE n adds the
// definitions its partitioned table's from adds, and the identities it
// adds. A serial or identity column draws from the table's sequence,
// which the table's statement makes: the partition makes none. An
// inheritance child's added column is inherited inh times (0: a
// partition's), and is not its own.
func inheritColumns(n, from *plan.AlterTable, inh int) {
	for i := range n.Actions {
		a := &n.Actions[i]
		if i < len(from.Actions) && a.Kind == from.Actions[i].Kind && (a.Kind == plan.AlterAddColumn || a.Kind == plan.AlterAddIdentity) {
			a.Field, a.Sequence = from.Actions[i].Field, nil
			if inh > 0 && a.Kind == plan.AlterAddColumn {
				a.Field.InhCount, a.Field.NotLocal = inh, true
				if a.Field.Identity != catalog.IdentityNone {
					// An identity is not inherited.
					a.Field.Identity, a.Field.HasDefault, a.Field.DefaultSeq = catalog.IdentityNone, false, ""
				}
			}
		}
	}
}

// subTables are the names of the tables below t: its partitions, or
// its inheritance children.
func subTables(t *catalog.Table) []string {
	if t.Partitioned != nil {
		return t.Partitions
	}
	return t.Children
}

// subTables are the tables an ALTER TABLE of t (of schema) reaches
// itself: a partitioned table's partitions (each reaching its own), an
// inheritance parent's descendants, each once however many paths lead
// to it.
func (tr *translator) subTables(t *catalog.Table, schema string) ([]*catalog.Table, error) {
	if t.Partitioned == nil {
		ts, err := translate.Descendants(tr.ctx, tr.r, t)
		if err != nil {
			return nil, errs.From(err)
		}
		return ts, nil
	}
	out := make([]*catalog.Table, 0, len(t.Partitions))
	for _, name := range t.Partitions {
		part, err := tr.r.Table(tr.ctx, qualified(schema, name))
		if err != nil {
			return nil, errs.From(err)
		}
		out = append(out, part)
	}
	return out, nil
}

// unpackAll is the nodes and names of a DDL statement, as allOf put
// them together.
func unpackAll(st *plan.Statement) ([]plan.Node, []string) {
	if p, ok := st.Root.(*plan.Project); ok {
		if _, ok := p.Input.(*plan.Values); ok {
			nodes := make([]plan.Node, 0, len(p.Exprs))
			names := make([]string, 0, len(p.Exprs))
			for i, x := range p.Exprs {
				sq, ok := x.(*plan.Subquery)
				if !ok || sq.Mode != plan.SubExists {
					return []plan.Node{st.Root}, []string{""}
				}
				nodes, names = append(nodes, sq.Node), append(names, p.Cols[i].Name)
			}
			return nodes, names
		}
	}
	if st.Root == nil {
		return nil, nil
	}
	return []plan.Node{st.Root}, []string{""}
}

// errOnlyPartitioned is PostgreSQL's refusal of a change of only a
// partitioned table that its partitions would have to share.
func errOnlyPartitioned(format string, args ...any) *errs.Error {
	return errs.New(errs.InvalidTableDefinition, format, args...).WithHint("Do not specify the ONLY keyword.")
}

// inheritedAlter refuses ALTER TABLE command cmd of t as PostgreSQL
// does: a partition changing what it inherits, a partitioned table
// changed ONLY where its partitions would differ from it, its
// partition key's columns dropped or retyped.
func (tr *translator) inheritedAlter(t *catalog.Table, cmd *pg.AlterTableCmd, schema string, only bool) error {
	if cmd == nil {
		return nil
	}
	parents := t.Inherits
	if t.PartitionOf != "" {
		parents = []string{t.PartitionOf}
	}
	for _, name := range parents {
		parent, err := tr.r.Table(tr.ctx, qualified(schema, name))
		if err != nil {
			return errs.From(err)
		}
		switch cmd.Subtype {
		case pg.AlterTableType_AT_AddColumn:
			if t.PartitionOf != "" {
				return errs.New(errs.WrongObjectType, "cannot add column to a partition")
			}
		case pg.AlterTableType_AT_DropColumn:
			if _, _, ok := parent.FieldByName(cmd.Name); ok {
				return errs.New(errs.InvalidTableDefinition, "cannot drop inherited column %q", cmd.Name)
			}
		case pg.AlterTableType_AT_AlterColumnType:
			if _, _, ok := parent.FieldByName(cmd.Name); ok {
				return errs.New(errs.InvalidTableDefinition, "cannot alter inherited column %q", cmd.Name)
			}
		case pg.AlterTableType_AT_DropNotNull:
			// A primary key column is the executor's error, first in
			// PostgreSQL too.
			// PostgreSQL 15 lets an inheritance child drop it.
			if f, _, ok := parent.FieldByName(cmd.Name); ok && t.PartitionOf != "" && !f.Optional && !slices.Contains(t.PrimaryKey, cmd.Name) {
				return errs.New(errs.InvalidTableDefinition, "column %q is marked NOT NULL in parent table", cmd.Name)
			}
		case pg.AlterTableType_AT_DropConstraint:
			if fkNameTaken(parent, cmd.Name) {
				return errs.New(errs.InvalidTableDefinition, "cannot drop inherited constraint %q of relation %q", cmd.Name, t.Name)
			}
		}
	}
	if t.Partitioned == nil {
		return tr.onlyInheritanceParent(t, cmd, only)
	}
	switch cmd.Subtype {
	case pg.AlterTableType_AT_DropColumn, pg.AlterTableType_AT_AlterColumnType:
		if t.Partitioned.Uses(cmd.Name) {
			verb := "drop"
			if cmd.Subtype == pg.AlterTableType_AT_AlterColumnType {
				verb = "alter"
			}
			return errs.New(errs.InvalidTableDefinition, "cannot %s column %q because it is part of the partition key of relation %q", verb, cmd.Name, t.Name)
		}
	}
	if !only || len(t.Partitions) == 0 {
		return nil
	}
	switch cmd.Subtype {
	case pg.AlterTableType_AT_AddColumn:
		return errs.New(errs.InvalidTableDefinition, "column must be added to child tables too")
	case pg.AlterTableType_AT_DropColumn:
		return errOnlyPartitioned("cannot drop column from only the partitioned table when partitions exist")
	case pg.AlterTableType_AT_AlterColumnType:
		return errs.New(errs.InvalidTableDefinition, "type of inherited column %q must be changed in child tables too", cmd.Name)
	case pg.AlterTableType_AT_DropNotNull, pg.AlterTableType_AT_DropConstraint:
		return errOnlyPartitioned("cannot remove constraint from only the partitioned table when partitions exist")
	case pg.AlterTableType_AT_SetNotNull:
		for _, name := range t.Partitions {
			part, err := tr.r.Table(tr.ctx, qualified(schema, name))
			if err != nil {
				return errs.From(err)
			}
			if f, _, ok := part.FieldByName(cmd.Name); ok && f.Optional {
				return errOnlyPartitioned("constraint must be added to child tables too").
					WithDetail("Column %q of relation %q is not already NOT NULL.", cmd.Name, name)
			}
		}
	case pg.AlterTableType_AT_AddConstraint:
		if con := cmd.GetDef().GetConstraint(); con != nil && con.Contype == pg.ConstrType_CONSTR_CHECK {
			return errs.New(errs.InvalidTableDefinition, "constraint must be added to child tables too")
		}
	}
	return nil
}

// renamePartitioned translates RENAME COLUMN of partitioned table or
// partition t: a partition's columns are its table's (42P16), a
// partitioned table's rename reaches its partitions.
func (tr *translator) renamePartitioned(r *pg.RenameStmt, t *catalog.Table, inherited bool) (*plan.Statement, error) {
	switch {
	case inherited:
	case t.PartitionOf != "" || inheritsColumn(t, r.Subname):
		return nil, errs.New(errs.InvalidTableDefinition, "cannot rename inherited column %q", r.Subname)
	case !r.Relation.Inh && len(subTables(t)) > 0:
		return nil, errs.New(errs.InvalidTableDefinition, "inherited column %q must be renamed in child tables too", r.Subname)
	}
	st, err := tr.renameStmt(r)
	if err != nil || len(subTables(t)) == 0 || !r.Relation.Inh {
		return st, err
	}
	return tr.reachPartitions(st, t, r.Relation.Schemaname, func(part *catalog.Table) (*plan.Statement, error) {
		pr := proto.Clone(r).(*pg.RenameStmt)
		pr.Relation.Relname = part.Name
		pr.Relation.Inh = t.Partitioned != nil
		return tr.renamePartitioned(pr, part, true)
	})
}
