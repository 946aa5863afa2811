package sqlfe

import (
	"cmp"
	"slices"
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// foreignKey translates a FOREIGN KEY constraint of table t: a column's
// REFERENCES (column names it) or a table constraint. The referenced
// table, its key and the column types are checked by the executor in
// the DDL's transaction (engine/exec/fkddl.go); an empty RefColumns
// means the referenced table's primary key.
func (tr *translator) foreignKey(t *catalog.Table, c *pg.Constraint, column string) (catalog.ForeignKey, error) {
	p := tr.pos(c.Location)
	switch {
	case c.FkMatchtype == "p":
		return catalog.ForeignKey{}, unsupported(p, "MATCH PARTIAL")
	case len(c.FkDelSetCols) > 0:
		return catalog.ForeignKey{}, unsupported(p, "ON DELETE SET NULL/DEFAULT with a column list")
	case c.Pktable == nil:
		return catalog.ForeignKey{}, errAt(errs.SyntaxError, p, "missing referenced table")
	}
	ref, refSchema, err := tr.fkRefName(c.Pktable)
	if err != nil {
		return catalog.ForeignKey{}, err
	}
	if t.Temporary() {
		// The executor looks referenced tables up in the writing
		// statement's database, which a temporary table's is not.
		return catalog.ForeignKey{}, unsupported(p, "FOREIGN KEY constraints on temporary tables")
	}
	if tr.isTemp(qualified(c.Pktable.Schemaname, ref)) {
		return catalog.ForeignKey{}, errs.New(errs.InvalidTableDefinition, "constraints on permanent tables may reference only permanent tables")
	}
	fk := catalog.ForeignKey{Name: c.Conname, RefTable: ref, RefSchema: refSchema, Deferrable: c.Deferrable, InitiallyDeferred: c.Initdeferred,
		MatchFull: c.FkMatchtype == "f", NotValid: c.SkipValidation}
	if column != "" {
		fk.Columns = []string{column}
	}
	for _, k := range c.FkAttrs {
		fk.Columns = append(fk.Columns, k.GetString_().GetSval())
	}
	for _, k := range c.PkAttrs {
		fk.RefColumns = append(fk.RefColumns, k.GetString_().GetSval())
	}
	for _, a := range []struct {
		code string
		to   *catalog.FKAction
	}{{c.FkDelAction, &fk.OnDelete}, {c.FkUpdAction, &fk.OnUpdate}} {
		switch catalog.FKAction(a.code) {
		case "", catalog.FKNoAction:
		case catalog.FKRestrict, catalog.FKCascade, catalog.FKSetNull, catalog.FKSetDefault:
			*a.to = catalog.FKAction(a.code)
		default:
			return catalog.ForeignKey{}, unsupported(p, "this foreign key action")
		}
	}
	for _, col := range fk.Columns {
		f, _, ok := t.FieldByName(col)
		if !ok {
			// PostgreSQL gives this error no position.
			return catalog.ForeignKey{}, errs.New(errs.UndefinedColumn, "column %q referenced in foreign key constraint does not exist", col)
		}
		if f.Generated != "" {
			// An action would write the generated column (SQL standard).
			switch {
			case fk.OnUpdate == catalog.FKSetNull || fk.OnUpdate == catalog.FKSetDefault || fk.OnUpdate == catalog.FKCascade:
				return catalog.ForeignKey{}, errs.New(errs.SyntaxError, "invalid ON UPDATE action for foreign key constraint containing generated column")
			case fk.OnDelete == catalog.FKSetNull || fk.OnDelete == catalog.FKSetDefault:
				return catalog.ForeignKey{}, errs.New(errs.SyntaxError, "invalid ON DELETE action for foreign key constraint containing generated column")
			}
		}
	}
	if fk.Name == "" {
		base := defaultIndexName(t.Name, fk.Columns, "fkey")
		fk.Name = base
		for i := 1; fkNameTaken(t, fk.Name); i++ {
			fk.Name = base + strconv.Itoa(i)
		}
	} else if fkNameTaken(t, fk.Name) {
		return catalog.ForeignKey{}, errs.New(errs.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", fk.Name, t.Name)
	}
	return fk, nil
}

// fkRefName is the table a REFERENCES names: in the statement's schema
// (refSchema ""), or in another schema of the database (refSchema, which
// the executor stores the key's end by: catalog.ForeignName).
func (tr *translator) fkRefName(rv *pg.RangeVar) (ref, refSchema string, err error) {
	schema := rv.Schemaname
	if schema == "" && tr.stmtSchema != "" {
		// A bare name is looked up as PostgreSQL does, along
		// search_path after the statement's schema: REFERENCES t of
		// a table made in schema s names public.t when s has no t.
		if sr, ok := tr.r.(translate.SchemaResolver); ok {
			if t, err := tr.r.Table(tr.ctx, rv.Relname); err == nil {
				if in, err := sr.TableSchema(tr.ctx, t); err == nil && in != tr.stmtSchema && in != tempSchema {
					return rv.Relname, cmp.Or(in, "public"), nil
				}
			}
		}
	}
	if schema == "" || schema == tempSchema || cmp.Or(tr.stmtSchema, "public") == schema || systemSchema(schema) {
		ref, err = tr.alterName(rv) // and its errors
		return ref, "", err
	}
	if rv.Catalogname != "" {
		return "", "", unsupported(tr.pos(rv.Location), "cross-database references")
	}
	if sr, ok := tr.r.(translate.SchemaResolver); !ok || schema != "public" && !sr.SchemaExists(tr.ctx, schema) {
		return "", "", errAt(errs.InvalidSchemaName, tr.pos(rv.Location), "schema %q does not exist", schema)
	}
	return rv.Relname, schema, nil
}

// fkNameTaken reports whether t has a constraint called name.
func fkNameTaken(t *catalog.Table, name string) bool {
	for _, fk := range t.ForeignKeys {
		if fk.Name == name {
			return true
		}
	}
	for _, ex := range t.Exclusions {
		if ex.Name == name {
			return true
		}
	}
	return hasCheck(t, name)
}

// alterConstraint translates ALTER TABLE t ADD CONSTRAINT ... FOREIGN
// KEY, UNIQUE or CHECK and ALTER TABLE t DROP CONSTRAINT name, several of
// them in one statement run all or none; a statement with other ALTER
// TABLE commands is left to the caller.
func (tr *translator) alterConstraint(as *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	if len(as.Cmds) == 0 || as.Objtype != pg.ObjectType_OBJECT_TABLE {
		return nil, false, nil
	}
	for _, c := range as.Cmds {
		cmd := c.GetAlterTableCmd()
		switch cmd.GetSubtype() {
		case pg.AlterTableType_AT_AddConstraint:
			con := cmd.GetDef().GetConstraint()
			if con == nil {
				return nil, false, nil
			}
			switch con.Contype {
			case pg.ConstrType_CONSTR_FOREIGN, pg.ConstrType_CONSTR_UNIQUE, pg.ConstrType_CONSTR_CHECK, pg.ConstrType_CONSTR_EXCLUSION:
			default:
				return nil, false, nil
			}
		case pg.AlterTableType_AT_DropConstraint, pg.AlterTableType_AT_ValidateConstraint:
		default:
			return nil, false, nil
		}
	}
	t, err := tr.table(as.Relation)
	if err != nil {
		return nil, true, err
	}
	// Names given by earlier commands of the statement are taken too.
	named := *t
	named.ForeignKeys = append([]catalog.ForeignKey(nil), t.ForeignKeys...)
	named.Checks = slices.Clone(t.Checks)
	named.Exclusions = slices.Clone(t.Exclusions)
	named.Indexes = slices.Clone(t.Indexes)
	nodes := make([]plan.Node, 0, len(as.Cmds))
	names := make([]string, 0, len(as.Cmds))
	for _, c := range as.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() == pg.AlterTableType_AT_DropConstraint {
			if cmd.Behavior == pg.DropBehavior_DROP_CASCADE {
				return nil, true, unsupported(tr.stmt.stmtPos(), "DROP CONSTRAINT ... CASCADE")
			}
			nodes = append(nodes, &plan.DropConstraint{Table: t.Name, Name: cmd.Name, IfExists: cmd.MissingOk})
			names = append(names, cmd.Name)
			continue
		}
		if cmd.GetSubtype() == pg.AlterTableType_AT_ValidateConstraint {
			n, err := tr.validateConstraint(&named, cmd.Name)
			if err != nil {
				return nil, true, err
			}
			nodes, names = append(nodes, n), append(names, cmd.Name)
			continue
		}
		con := cmd.GetDef().GetConstraint()
		switch con.Contype {
		case pg.ConstrType_CONSTR_UNIQUE:
			n, err := tr.addUnique(&named, con)
			if err != nil {
				return nil, true, err
			}
			n.Only = !as.Relation.Inh
			nodes, names = append(nodes, n), append(names, n.Index.Name)
			continue
		case pg.ConstrType_CONSTR_CHECK:
			n, err := tr.addCheckConstraint(&named, con)
			if err != nil {
				return nil, true, err
			}
			nodes, names = append(nodes, n), append(names, n.Check.Name)
			continue
		case pg.ConstrType_CONSTR_EXCLUSION:
			if err := tr.addExclusion(&named, con); err != nil {
				return nil, true, err
			}
			ex := named.Exclusions[len(named.Exclusions)-1]
			validate, err := tr.exclusionCheck(&named, ex, tr.pos(con.Location))
			if err != nil {
				return nil, true, err
			}
			nodes, names = append(nodes, &plan.AddCheck{Table: t.Name, Exclusion: &ex, Validate: validate}), append(names, ex.Name)
			continue
		}
		fk, err := tr.foreignKey(&named, con, "")
		if err != nil {
			return nil, true, err
		}
		named.ForeignKeys = append(named.ForeignKeys, fk)
		nodes = append(nodes, &plan.AddForeignKey{Table: t.Name, FK: fk})
		names = append(names, fk.Name)
	}
	return allOf(TagAlterTable, nodes, names), true, nil
}

// TagSetConstraints is SET CONSTRAINTS' command tag.
const TagSetConstraints = "SET CONSTRAINTS"

// setConstraints translates SET CONSTRAINTS { ALL | name, ... } {
// DEFERRED | IMMEDIATE }; the executor checks the names in the block's
// transaction (a schema-qualified name counts by its last part, since a
// database has one schema).
func (tr *translator) setConstraints(s *pg.ConstraintsSetStmt) *plan.Statement {
	n := &plan.SetConstraints{All: len(s.Constraints) == 0, Deferred: s.Deferred}
	for _, c := range s.Constraints {
		n.Names = append(n.Names, c.GetRangeVar().GetRelname())
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagSetConstraints, Root: n}
}

// addUnique translates ADD [CONSTRAINT name] UNIQUE (cols) of ALTER
// TABLE: a unique index, built and checked over the rows there are.
// named collects the constraints of the statement so far.
func (tr *translator) addUnique(named *catalog.Table, con *pg.Constraint) (*plan.CreateIndex, error) {
	if err := tr.uniqueConstraint(named, con, ""); err != nil {
		return nil, err
	}
	ix := named.Indexes[len(named.Indexes)-1]
	if err := noDeferrablePartitioned(named, tr.pos(con.Location)); err != nil {
		return nil, err
	}
	for _, part := range ix.Parts {
		if _, _, ok := named.FieldByName(part.Path[0]); !ok {
			return nil, errAt(errs.UndefinedColumn, tr.pos(con.Location), "column %q named in key does not exist", part.Path[0])
		}
	}
	for _, col := range ix.Include {
		if _, _, ok := named.FieldByName(col); !ok {
			return nil, errAt(errs.UndefinedColumn, tr.pos(con.Location), "column %q named in key does not exist", col)
		}
	}
	return &plan.CreateIndex{Table: named.Name, Index: ix, AutoName: con.Conname == ""}, nil
}

// validateConstraint translates VALIDATE CONSTRAINT name of ALTER TABLE:
// a foreign key or CHECK constraint added NOT VALID is checked over the
// rows there are (a CHECK constraint's condition compiled here, as the
// executor cannot parse SQL) and marked valid.
func (tr *translator) validateConstraint(named *catalog.Table, name string) (*plan.ValidateConstraint, error) {
	n := &plan.ValidateConstraint{Table: named.Name, Name: name}
	if i := slices.IndexFunc(named.Checks, func(c catalog.Check) bool { return c.Name == name }); i >= 0 {
		one := *named
		one.Checks = []catalog.Check{named.Checks[i]}
		compiled, err := tr.tableChecks(&one, rangeEntry{name: named.Name, table: &one, pos: tr.stmt.stmtPos()})
		if err != nil {
			return nil, err
		}
		n.Check = &compiled[0]
	}
	return n, nil
}

// addCheckConstraint translates ADD [CONSTRAINT name] CHECK (expr) of
// ALTER TABLE: the executor checks the rows there are with Validate
// before storing the constraint.
func (tr *translator) addCheckConstraint(named *catalog.Table, con *pg.Constraint) (*plan.AddCheck, error) {
	if err := tr.addCheck(named, con, ""); err != nil {
		return nil, err
	}
	c := named.Checks[len(named.Checks)-1]
	c.NotValid = con.SkipValidation
	one := *named
	one.Checks = []catalog.Check{c}
	compiled, err := tr.tableChecks(&one, rangeEntry{name: named.Name, table: &one, pos: tr.pos(con.Location)})
	if err != nil {
		return nil, err
	}
	return &plan.AddCheck{Table: named.Name, Check: c, Validate: compiled[0]}, nil
}
