package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// SQL's ALTER TYPE and DROP TYPE of an enum. A column declared with an
// enum's type holds a copy of that type (EnumType: its name and labels),
// so that the executor checks and orders its values without a catalog
// read; every change to an enum's labels or name therefore rewrites the
// descriptors of the tables with such columns in the same transaction,
// which also makes every plan that read them translate afresh.

// UsesType reports whether t is the type of the enum, composite type,
// or range or multirange type of one's own name, or holds it: an array
// or list of it, a composite with a field of it, a range's multirange.
func UsesType(t value.Type, name string) bool {
	if (t.IsEnum() || t.IsComposite() || isUserRange(t)) && t.Name == name {
		return true
	}
	if t.IsComposite() {
		for _, f := range t.Fields {
			if UsesType(f.Type, name) {
				return true
			}
		}
	}
	return t.Elem != nil && UsesType(*t.Elem, name)
}

// retype is t with the enum name's type replaced by to.
func retype(t value.Type, name string, to value.Type) value.Type {
	if t.IsEnum() && t.Name == name {
		return to
	}
	if t.Elem != nil {
		e := retype(*t.Elem, name, to)
		t.Elem = &e
	}
	return t
}

// QualifiedType is how a column, a cast or a signature names the type
// name of db (value.Type.Name of an enum or composite, Field.Domain, a
// domain check's argument): bare for public's, "schema.name" for a
// schema's, so that two schemas' types of one name are two types (and
// hash to two OIDs). ResolveType finds it again.
func QualifiedType(db *Database, name string) string {
	if db.IsSchema() {
		return db.Name + "." + name
	}
	return name
}

// QualifiedSchema is the name of db as a schema: public for the
// database itself.
func QualifiedSchema(db *Database) string {
	if db.IsSchema() {
		return db.Name
	}
	return "public"
}

// ResolveType finds where the type a QualifiedType name names lives:
// "schema.name" is that schema's (42704 when there is no such schema),
// a bare name public's. db may be the database or any of its schemas.
func (c *Catalog) ResolveType(ctx context.Context, txn kv.Txn, db *Database, qname string) (*Database, string, error) {
	schema, name, ok := strings.Cut(qname, ".")
	if !ok {
		return db.Base(), qname, nil
	}
	s, err := c.Schema(ctx, txn, db.Base(), schema)
	if errs.Code(err) == errs.InvalidSchemaName {
		return nil, "", errNoType(qname)
	}
	return s, name, err
}

// TypeUser is a table with a column of a type (TypeUsers), and the
// database or schema it lives in.
type TypeUser struct {
	DB     *Database
	Table  *Table
	Column string // the first such column
}

// CompositeUsers lists the composite types of spaces (a database and
// its schemas) other than qname with an attribute of the enum's or
// composite type's type (its QualifiedType name), and for each the
// first such attribute.
func (c *Catalog) CompositeUsers(ctx context.Context, txn kv.Txn, spaces []*Database, qname string) (types, attrs []string, err error) {
	for _, db := range spaces {
		all, err := c.TypeDefs(ctx, txn, db)
		if err != nil {
			return nil, nil, err
		}
		for _, t := range all {
			if t.Domain != nil || !t.Type.IsComposite() || QualifiedType(db, t.Name) == qname {
				continue
			}
			for _, f := range t.Type.Fields {
				if UsesType(f.Type, qname) {
					types, attrs = append(types, QualifiedType(db, t.Name)), append(attrs, f.Name)
					break
				}
			}
		}
	}
	return types, attrs, nil
}

// TypeUsers lists the tables of spaces (a database and its schemas)
// with a column of the enum's or composite type's type (usesType of its
// QualifiedType name), in table name order per space.
func (c *Catalog) TypeUsers(ctx context.Context, txn kv.Txn, spaces []*Database, qname string) ([]TypeUser, error) {
	var out []TypeUser
	for _, db := range spaces {
		all, err := c.Tables(ctx, txn, db)
		if err != nil {
			return nil, err
		}
		for _, t := range all {
			for _, f := range t.Fields {
				if UsesType(f.Type, qname) {
					out = append(out, TypeUser{DB: db, Table: t, Column: f.Name})
					break
				}
			}
		}
	}
	return out, nil
}

// AlterEnum replaces the enum from of db (42704 when missing) with e,
// which may have another name (42710 when taken) and other labels, and
// gives the columns of from's type in spaces (db's database and its
// schemas) e's type. The caller has checked that the labels of stored
// values still exist.
func (c *Catalog) AlterEnum(ctx context.Context, txn kv.Txn, db *Database, spaces []*Database, from string, e *Enum) error {
	old, err := c.Enum(ctx, txn, db, from)
	if err != nil {
		return err
	}
	// A label renamed (same count, another name at a position): column
	// defaults of the old label take the new one.
	renamed := map[string]string{}
	if len(old.Variants) == len(e.Variants) {
		for i, v := range old.Variants {
			if v != e.Variants[i] {
				renamed[v] = e.Variants[i]
			}
		}
	}
	if err := checkEnum(e, "enum label", func(v string) error {
		return errs.New(errs.DuplicateObject, "enum label %q already exists", v)
	}); err != nil {
		return err
	}
	if e.Name != from {
		if err := c.checkTypeNameFree(ctx, txn, db, e.Name); err != nil {
			return err
		}
		if err := txn.Delete(keys.EnumKey(nil, db.Namespace, db.ID, from)); err != nil {
			return fmt.Errorf("catalog: delete enum %q: %w", from, err)
		}
	}
	stored := *e
	stored.Database = db.ID
	if err := putEntry(txn, keys.EnumKey(nil, db.Namespace, db.ID, e.Name), &stored, encodeEnum, "enum", e.Name); err != nil {
		return err
	}
	qfrom := QualifiedType(db, from)
	users, err := c.TypeUsers(ctx, txn, spaces, qfrom)
	if err != nil {
		return err
	}
	to := EnumType(&stored)
	to.Name = QualifiedType(db, stored.Name)
	for _, u := range users {
		t := u.Table
		nt := *t
		nt.Fields = make([]Field, len(t.Fields))
		for i, f := range t.Fields {
			if UsesType(f.Type, qfrom) && f.DefaultValue.Kind() == value.KindSymbol {
				if l, ok := renamed[f.DefaultValue.AsString()]; ok {
					f.DefaultValue = value.Symbol(l)
				}
			}
			f.Type = retype(f.Type, qfrom, to)
			nt.Fields[i] = f
		}
		if err := c.AlterTable(ctx, txn, u.DB, &nt); err != nil {
			return err
		}
	}
	return nil
}

// TypeRenamer maps the catalog.QualifiedType name of a type to the one
// it takes (ok false: the type keeps its name).
type TypeRenamer func(qname string) (to string, ok bool)

// SchemaRenamer is the TypeRenamer of ALTER SCHEMA old RENAME TO new:
// "old.x" becomes "new.x".
func SchemaRenamer(old, new string) TypeRenamer {
	return func(qname string) (string, bool) {
		if rest, ok := strings.CutPrefix(qname, old+"."); ok {
			return new + "." + rest, true
		}
		return qname, false
	}
}

// TypeMover is the TypeRenamer of a type that moves from one schema to
// another (ALTER TYPE ... SET SCHEMA): from becomes to.
func TypeMover(from, to string) TypeRenamer {
	return func(qname string) (string, bool) {
		if qname == from {
			return to, true
		}
		return qname, false
	}
}

// isUserRange reports the type of a range type of one's own or of its
// multirange, named by its Name.
func isUserRange(t value.Type) bool {
	return t.Kind == value.KindSQLRange && t.Range == value.RangeUser || t.IsMultirange() && t.Elem.Range == value.RangeUser
}

// renameType is t with its enum, composite and range types renamed by rn
// at any depth; changed says whether any was.
func renameType(t value.Type, rn TypeRenamer) (out value.Type, changed bool) {
	if t.IsEnum() || t.IsComposite() || isUserRange(t) {
		t.Name, changed = rn(t.Name)
	}
	if t.IsComposite() && len(t.Fields) > 0 {
		fields := make([]value.Field, len(t.Fields))
		fieldsChanged := false
		for i, f := range t.Fields {
			var c bool
			f.Type, c = renameType(f.Type, rn)
			fields[i], fieldsChanged = f, fieldsChanged || c
		}
		if fieldsChanged {
			t.Fields, changed = fields, true
		}
	}
	if t.Elem != nil {
		if e, c := renameType(*t.Elem, rn); c {
			t.Elem, changed = &e, true
		}
	}
	return t, changed
}

// renameTypeRef is a type's name as a column's domain or a function's
// signature holds it ("" for none; a signature's array type ends in
// []), renamed by rn.
func renameTypeRef(name string, rn TypeRenamer) (string, bool) {
	if name == "" {
		return "", false
	}
	base, isArray := strings.CutSuffix(name, "[]")
	to, ok := rn(base)
	switch {
	case !ok:
		return name, false
	case isArray:
		to += "[]"
	}
	return to, true
}

// RenameTypes renames, by rn, the types the columns (their types and
// domains), the composite types and domains, and the functions'
// signatures of spaces (the database and all its schemas) name: ALTER
// SCHEMA ... RENAME and ALTER TYPE ... SET SCHEMA change the
// QualifiedType name of types whose columns must keep them, as
// PostgreSQL's, bound to type OIDs, do.
func (c *Catalog) RenameTypes(ctx context.Context, txn kv.Txn, spaces []*Database, rn TypeRenamer) error {
	for _, db := range spaces {
		if err := c.renameTableTypes(ctx, txn, db, rn); err != nil {
			return err
		}
		defs, err := c.TypeDefs(ctx, txn, db)
		if err != nil {
			return err
		}
		for _, d := range defs {
			if nt, changed := renameType(d.Type, rn); changed {
				nd := *d
				nd.Type = nt
				if err := c.PutTypeDef(ctx, txn, db, &nd); err != nil {
					return err
				}
			}
		}
		fns, err := c.Functions(ctx, txn, db)
		if err != nil {
			return err
		}
		for _, f := range fns {
			if nf, changed := renameFunctionTypes(f, rn); changed {
				if err := c.PutFunction(ctx, txn, db, nf); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// renameTableTypes is RenameTypes of the columns of db's tables.
func (c *Catalog) renameTableTypes(ctx context.Context, txn kv.Txn, db *Database, rn TypeRenamer) error {
	tables, err := c.Tables(ctx, txn, db)
	if err != nil {
		return err
	}
	for _, t := range tables {
		nt, changed := *t, false
		nt.Fields = make([]Field, len(t.Fields))
		for i, f := range t.Fields {
			var c1, c2 bool
			f.Type, c1 = renameType(f.Type, rn)
			f.Domain, c2 = renameTypeRef(f.Domain, rn)
			nt.Fields[i], changed = f, changed || c1 || c2
		}
		if !changed {
			continue
		}
		if err := c.AlterTable(ctx, txn, db, &nt); err != nil {
			return err
		}
	}
	return nil
}

// renameFunctionTypes is f with the types of its signature renamed by
// rn (changed false: f names none).
func renameFunctionTypes(f *Function, rn TypeRenamer) (*Function, bool) {
	nf, changed := *f, false
	nf.Params = make([]FuncParam, len(f.Params))
	for i, p := range f.Params {
		var c bool
		if p.Type != nil {
			var t value.Type
			if t, c = renameType(*p.Type, rn); c {
				p.Type = &t
			}
		}
		var c2 bool
		p.TypeName, c2 = renameTypeRef(p.TypeName, rn)
		nf.Params[i], changed = p, changed || c || c2
	}
	if f.Result != nil {
		if t, c := renameType(*f.Result, rn); c {
			nf.Result, changed = &t, true
		}
	}
	if f.Routine != nil {
		if r, c := renameTypeRef(f.Routine.Returns, rn); c {
			nr := *f.Routine
			nr.Returns, nf.Routine, changed = r, &nr, true
		}
	}
	return &nf, changed
}
