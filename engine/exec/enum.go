package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// enumInUse is DROP TYPE's check: PostgreSQL refuses to drop an enum a
// column uses unless CASCADE, which would drop the columns; zerodb
// refuses both ways rather than drop data silently.
func (r *run) enumInUse(n *plan.DropObject) error {
	if !n.CheckUse {
		return nil
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	if _, err := r.x.cat.Enum(r.ctx, txn, db, n.Name); err != nil {
		return err
	}
	return r.typeInUse(n)
}

// typeInUse refuses to drop the enum or composite type a column uses
// (2BP01; CASCADE is 0A000): a column of any schema's table, or an
// attribute of any schema's composite type.
func (r *run) typeInUse(n *plan.DropObject) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	spaces, err := r.typeSpaces(txn)
	if err != nil {
		return err
	}
	qname := catalog.QualifiedType(db, n.Name)
	users, err := r.x.cat.TypeUsers(r.ctx, txn, spaces, qname)
	if err != nil {
		return err
	}
	var detail string
	if len(users) > 0 {
		u := users[0]
		detail = "column " + u.Column + " of table " + catalog.QualifiedType(u.DB, u.Table.Name) + " depends on type " + qname
	} else {
		types, attrs, err := r.x.cat.CompositeUsers(r.ctx, txn, spaces, qname)
		if err != nil || len(types) == 0 {
			return err
		}
		detail = "column " + attrs[0] + " of composite type " + types[0] + " depends on type " + qname
	}
	return errTypeInUse("TYPE", qname, detail, n.Cascade)
}

// errTypeInUse is DROP TYPE's (stmt "TYPE") and DROP DOMAIN's refusal
// of a type that detail says a column uses: 2BP01, or 0A000 for
// CASCADE, which would drop the column's data.
func errTypeInUse(stmt, name, detail string, cascade bool) error {
	if cascade {
		return errs.New(errs.FeatureNotSupported, "DROP %s ... CASCADE of a %s a column uses is not supported", stmt, strings.ToLower(stmt)).
			WithDetail("%s", detail).WithHint("Drop or retype the column first.")
	}
	return errs.New(errs.DependentObjectsStillExist, "cannot drop type %s because other objects depend on it", name).
		WithDetail("%s", detail).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
}

// typeSpaces are the database of the statement and all its schemas
// other than public, where the columns of a type of any of them may be.
func (r *run) typeSpaces(txn kv.Txn) ([]*catalog.Database, error) {
	db, err := r.database()
	if err != nil {
		return nil, err
	}
	if db.IsSchema() {
		if db, err = r.parentDatabase(txn, db); err != nil {
			return nil, err
		}
	}
	schemas, err := r.x.cat.Schemas(r.ctx, txn, db)
	if err != nil {
		return nil, err
	}
	return append([]*catalog.Database{db}, schemas...), nil
}

// alterEnum runs ALTER TYPE ... ADD VALUE, RENAME VALUE and RENAME TO.
// Labels are kept in declaration order (a label added BEFORE or AFTER
// another takes its place in that order), which is the enum's sort order.
func (r *run) alterEnum(n *plan.AlterEnum) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cat := r.x.cat
	e, err := cat.Enum(r.ctx, txn, db, n.Name)
	if err != nil && n.NewName != "" {
		if t, terr := cat.TypeDef(r.ctx, txn, db, n.Name); terr == nil && (t.Range != nil || t.MultirangeOf != "") {
			return r.renameRangeType(db, t, n.NewName)
		}
	}
	if err != nil {
		return err
	}
	spaces, err := r.typeSpaces(txn)
	if err != nil {
		return err
	}
	ne := *e
	ne.Variants = slices.Clone(e.Variants)
	notLabel := func(l string) error {
		return errs.New(errs.InvalidParameterValue, "%q is not an existing enum label", l)
	}
	switch {
	case n.Add != "":
		if slices.Contains(ne.Variants, n.Add) {
			if n.IfNotExists {
				return r.notices([]string{`enum label "` + n.Add + `" already exists, skipping`})
			}
			return errs.New(errs.DuplicateObject, "enum label %q already exists", n.Add)
		}
		at := len(ne.Variants)
		if n.Neighbor != "" {
			i := slices.Index(ne.Variants, n.Neighbor)
			if i < 0 {
				return notLabel(n.Neighbor)
			}
			at = i
			if n.After {
				at++
			}
		}
		ne.Variants = slices.Insert(ne.Variants, at, n.Add)
	case n.OldLabel != "":
		i := slices.Index(ne.Variants, n.OldLabel)
		if i < 0 {
			return notLabel(n.OldLabel)
		}
		if slices.Contains(ne.Variants, n.NewLabel) {
			return errs.New(errs.DuplicateObject, "enum label %q already exists", n.NewLabel)
		}
		users, err := r.relabelable(n, spaces)
		if err != nil {
			return err
		}
		ne.Variants[i] = n.NewLabel
		if err := cat.AlterEnum(r.ctx, txn, db, spaces, n.Name, &ne); err != nil {
			return err
		}
		return r.relabel(users, n.OldLabel, n.NewLabel)
	case n.NewName != "":
		ne.Name = n.NewName
	default:
		return errs.New(errs.InternalError, "ALTER TYPE without an action")
	}
	return cat.AlterEnum(r.ctx, txn, db, spaces, n.Name, &ne)
}

// enumColumns is a table of db whose columns Cols hold an enum's
// values.
type enumColumns struct {
	db    *catalog.Database
	table string
	cols  []string
}

// relabelable finds the columns of the enum a RENAME VALUE must rewrite:
// their stored values are the labels. It refuses (0A000) what it cannot
// rewrite: a primary key column (the label is the record's key) and
// SQL text that names the old label — a CHECK,
// an index's expression or predicate, a generated column, a view —
// which PostgreSQL keeps by the label's OID, zerodb as text that would
// name a label that no longer exists.
func (r *run) relabelable(n *plan.AlterEnum, spaces []*catalog.Database) ([]enumColumns, error) {
	db, err := r.database()
	if err != nil {
		return nil, err
	}
	qname := catalog.QualifiedType(db, n.Name)
	var out []enumColumns
	for _, sp := range spaces {
		cols, err := r.relabelableIn(n, sp, qname)
		if err != nil {
			return nil, err
		}
		out = append(out, cols...)
	}
	return out, nil
}

// relabelableIn is relabelable's search of one database or schema db
// for the columns of the enum qname (its QualifiedType name).
func (r *run) relabelableIn(n *plan.AlterEnum, db *catalog.Database, qname string) ([]enumColumns, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	cat := r.x.cat
	tables, err := cat.Tables(r.ctx, txn, db)
	if err != nil {
		return nil, err
	}
	quoted := "'" + strings.ReplaceAll(n.OldLabel, "'", "''") + "'"
	refuse := func(what string) error {
		return errs.New(errs.FeatureNotSupported, "cannot rename enum label %q: %s names it (zerodb keeps its text, which would name a missing label)", n.OldLabel, what).
			WithHint("Drop %s, rename the label, and make it again with the new one.", what)
	}
	var out []enumColumns
	for _, t := range tables {
		var cols []string
		for _, f := range t.Fields {
			switch {
			case f.Type.IsEnum() && f.Type.Name == qname:
				if slices.Contains(t.PrimaryKey, f.Name) {
					return nil, errs.New(errs.FeatureNotSupported, "cannot rename enum label %q: it may be a key of table %s, whose primary key is of type %s", n.OldLabel, t.Name, qname)
				}
				cols = append(cols, f.Name)
			case f.Type.Elem != nil && f.Type.Elem.IsEnum() && f.Type.Elem.Name == qname:
				cols = append(cols, f.Name)
			}
			if strings.Contains(f.Generated, quoted) {
				return nil, refuse("generated column " + f.Name + " of table " + t.Name)
			}
		}
		for _, c := range t.Checks {
			if strings.Contains(c.Expr, quoted) {
				return nil, refuse("check constraint " + c.Name)
			}
		}
		for _, ix := range t.Indexes {
			named := strings.Contains(ix.Where, quoted)
			for _, p := range ix.Parts {
				named = named || strings.Contains(p.Expr, quoted)
			}
			if named {
				return nil, refuse("index " + ix.Name)
			}
		}
		if t.MatView != nil && strings.Contains(t.MatView.Query, quoted) {
			return nil, refuse("materialized view " + t.Name)
		}
		if len(cols) > 0 {
			out = append(out, enumColumns{db: db, table: t.Name, cols: cols})
		}
	}
	views, err := cat.Views(r.ctx, txn, db)
	if err != nil {
		return nil, err
	}
	for _, v := range views {
		if strings.Contains(v.Query, quoted) {
			return nil, refuse("view " + v.Name)
		}
	}
	return out, nil
}

// relabel rewrites the records of the enum's columns and its arrays'
// (whose descriptors AlterEnum gave the new labels): old becomes new. It
// is ALTER COLUMN TYPE to the same type with a USING that maps the one
// label (array_replace's, of an array), so the columns' indexes are
// rebuilt as for any retyped column.
func (r *run) relabel(users []enumColumns, old, new string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	saved := r.env.Database
	defer func() { r.env.Database = saved }()
	for _, u := range users {
		// ALTER TABLE runs in the table's database or schema.
		r.env.Database = u.db
		t, err := r.x.cat.Table(r.ctx, txn, u.db, u.table)
		if err != nil {
			return err
		}
		alter := &plan.AlterTable{Name: u.table}
		for _, c := range u.cols {
			f, _, _ := t.FieldByName(c)
			col := &plan.Field{X: &plan.ColRef{Idx: 1, Name: u.table}, Name: c}
			var using plan.Expr = &plan.If{
				Cond: &plan.Binary{Op: plan.OpEq, L: col, R: &plan.Const{V: value.Symbol(old)}},
				Then: &plan.Const{V: value.Symbol(new)},
				Else: col,
			}
			if f.Type.Elem != nil {
				using = &plan.Call{Fn: "sql::array_replace", SQL: true,
					Args: []plan.Expr{col, &plan.Const{V: value.Symbol(old)}, &plan.Const{V: value.Symbol(new)}}}
			}
			alter.Actions = append(alter.Actions, plan.AlterAction{Kind: plan.AlterColumnType, Column: c, Field: *f, Using: using})
		}
		if err := r.alterTable(alter); err != nil {
			return err
		}
	}
	return nil
}

// replaceComposite stores t in place of the composite type of its name
// (ALTER TYPE ... ADD/DROP/ALTER/RENAME ATTRIBUTE), which no column or
// other composite type may use: their values and copies of the type
// would have to change with it.
func (r *run) replaceComposite(t *catalog.TypeDef) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	old, err := r.x.cat.TypeDef(r.ctx, txn, db, t.Name)
	if err != nil {
		return err
	}
	if err := r.typeInUse(&plan.DropObject{Name: t.Name, CheckUse: true}); err != nil {
		return errs.New(errs.FeatureNotSupported, "ALTER TYPE of the attributes of a composite type that is in use is not supported").
			WithDetail("%s", errs.From(err).Detail)
	}
	t.Owner = old.Owner
	return r.x.cat.PutTypeDef(r.ctx, txn, db, t)
}

// moveTarget is the schema (the database for "public") ALTER ... SET
// SCHEMA moves an object into, after typeSpaces' list of the database
// and its schemas: 3F000 when there is none of that name, 42501 without
// its CREATE privilege, as in PostgreSQL.
func (r *run) moveTarget(txn kv.Txn, schema string) (spaces []*catalog.Database, to *catalog.Database, err error) {
	if spaces, err = r.typeSpaces(txn); err != nil {
		return nil, nil, err
	}
	to = spaces[0]
	if schema == "public" {
		return spaces, to, nil
	}
	if to, err = r.x.cat.Schema(r.ctx, txn, to, schema); err != nil {
		return nil, nil, err
	}
	if rl := r.role(); rl != nil && !to.SchemaPrivileges().Has(rl.Privs, catalog.PrivCreate, catalog.SchemaPrivileges) {
		return nil, nil, errs.New(errs.InsufficientPrivilege, "permission denied for schema %s", to.Name)
	}
	return spaces, to, nil
}

// moveType runs ALTER TYPE / DOMAIN ... SET SCHEMA: the type's
// descriptor moves to the other schema (42710 when it has a type of that
// name, 3F000 when there is no such schema), and everything that names
// it by its catalog.QualifiedType name is renamed with it. Creating in
// the schema takes its CREATE privilege, as in PostgreSQL.
func (r *run) moveType(n *plan.MoveType) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cat := r.x.cat
	spaces, to, err := r.moveTarget(txn, n.Schema)
	if err != nil {
		return err
	}
	if to.ID == db.ID {
		return nil // already there, as PostgreSQL leaves it
	}
	e, eerr := cat.Enum(r.ctx, txn, db, n.Name)
	def, derr := cat.TypeDef(r.ctx, txn, db, n.Name)
	switch {
	case eerr != nil && derr != nil:
		return errs.From(derr)
	case n.Domain && (derr != nil || def.Domain == nil):
		return errs.New(errs.WrongObjectType, "%q is not a domain", n.Name)
	}
	if err := cat.CheckTypeNameFree(r.ctx, txn, to, n.Name); err != nil {
		return errs.New(errs.DuplicateObject, "type %q already exists in schema %q", n.Name, catalog.QualifiedSchema(to))
	}
	from, qto := catalog.QualifiedType(db, n.Name), catalog.QualifiedType(to, n.Name)
	if eerr == nil {
		if err := cat.DropEnum(r.ctx, txn, db, n.Name); err != nil {
			return err
		}
		ne := *e
		if err := cat.CreateEnum(r.ctx, txn, to, &ne); err != nil {
			return err
		}
	} else {
		if def.MultirangeOf != "" {
			// Its range type finds it in its own schema.
			return errs.New(errs.FeatureNotSupported, "ALTER TYPE ... SET SCHEMA of multirange type %s apart from its range type is not supported", n.Name).
				WithHint("Move type %s, which moves the multirange type as well.", def.MultirangeOf)
		}
		if err := cat.DropTypeDef(r.ctx, txn, db, n.Name); err != nil {
			return err
		}
		nd := *def
		if nd.Domain == nil && (nd.Type.IsComposite() || nd.Range != nil) {
			nd.Type.Name = qto
		}
		if err := cat.CreateTypeDef(r.ctx, txn, to, &nd); err != nil {
			return err
		}
		if def.Range != nil {
			// Its multirange goes with it.
			if err := r.moveMultirange(db, to, def.Range.Multirange, spaces); err != nil {
				return err
			}
		}
	}
	delete(r.domains, from)
	return cat.RenameTypes(r.ctx, txn, spaces, catalog.TypeMover(from, qto))
}

// moveMultirange moves the multirange type name of a range type of
// one's own from db to schema to, as its range type moves.
func (r *run) moveMultirange(db, to *catalog.Database, name string, spaces []*catalog.Database) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	cat := r.x.cat
	m, err := cat.TypeDef(r.ctx, txn, db, name)
	if err != nil {
		return err
	}
	if err := cat.CheckTypeNameFree(r.ctx, txn, to, name); err != nil {
		return errs.New(errs.DuplicateObject, "type %q already exists in schema %q", name, catalog.QualifiedSchema(to))
	}
	if err := cat.DropTypeDef(r.ctx, txn, db, name); err != nil {
		return err
	}
	nm := *m
	from := m.Type.Name
	nm.Type.Name = catalog.QualifiedType(to, name)
	if err := cat.CreateTypeDef(r.ctx, txn, to, &nm); err != nil {
		return err
	}
	return cat.RenameTypes(r.ctx, txn, spaces, catalog.TypeMover(from, nm.Type.Name))
}

// dropRangeType drops a range type of one's own and its multirange
// (DROP TYPE def of db): refused while a column uses either (2BP01, as
// typeInUse), and for the multirange alone, which its range type
// requires (PostgreSQL's dependency).
func (r *run) dropRangeType(n *plan.DropObject, db *catalog.Database, def *catalog.TypeDef) error {
	if def.MultirangeOf != "" {
		return errs.New(errs.DependentObjectsStillExist, "cannot drop type %s because type %s requires it", n.Name, def.MultirangeOf).
			WithHint("You can drop type %s instead.", def.MultirangeOf)
	}
	if err := r.typeInUse(n); err != nil {
		return err
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	if err := r.x.cat.DropTypeDef(r.ctx, txn, db, n.Name); err != nil {
		return err
	}
	return r.x.cat.DropTypeDef(r.ctx, txn, db, def.Range.Multirange)
}

// renameRangeType is ALTER TYPE ... RENAME TO of a range type of one's
// own or of its multirange (def, of db): the type's entry, the other's
// note of its name, and every column, type and function naming it.
// (PostgreSQL's constructor functions keep their names; zerodb's are the
// types', so they follow.)
func (r *run) renameRangeType(db *catalog.Database, def *catalog.TypeDef, to string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	cat := r.x.cat
	spaces, err := r.typeSpaces(txn)
	if err != nil {
		return err
	}
	nd := *def
	nd.Name = to
	nd.Type.Name = catalog.QualifiedType(db, to)
	if err := cat.CreateTypeDef(r.ctx, txn, db, &nd); err != nil {
		return err
	}
	if err := cat.DropTypeDef(r.ctx, txn, db, def.Name); err != nil {
		return err
	}
	if err := cat.RenameTypes(r.ctx, txn, spaces, catalog.TypeMover(def.Type.Name, nd.Type.Name)); err != nil {
		return err
	}
	// The other of the pair names this one.
	other := def.MultirangeOf
	if def.Range != nil {
		other = def.Range.Multirange
	}
	o, err := cat.TypeDef(r.ctx, txn, db, other)
	if err != nil {
		return err
	}
	no := *o
	if no.Range != nil {
		rd := *no.Range
		rd.Multirange = to
		no.Range = &rd
	} else {
		no.MultirangeOf = to
	}
	return cat.PutTypeDef(r.ctx, txn, db, &no)
}
