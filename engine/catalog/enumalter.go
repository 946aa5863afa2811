package catalog

import (
	"context"
	"fmt"

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

// usesType reports whether t is the type of the enum or composite type
// name, or holds it: an array or list of it, a composite with a field
// of it.
func usesType(t value.Type, name string) bool {
	if (t.IsEnum() || t.IsComposite()) && t.Name == name {
		return true
	}
	if t.IsComposite() {
		for _, f := range t.Fields {
			if usesType(f.Type, name) {
				return true
			}
		}
	}
	return t.Elem != nil && usesType(*t.Elem, name)
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

// CompositeUsers lists the composite types (other than name) with an
// attribute of the enum's or composite type's type, and for each the
// first such attribute.
func (c *Catalog) CompositeUsers(ctx context.Context, txn kv.Txn, db *Database, name string) (types, attrs []string, err error) {
	all, err := c.TypeDefs(ctx, txn, db)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range all {
		if t.Domain != nil || !t.Type.IsComposite() || t.Name == name {
			continue
		}
		for _, f := range t.Type.Fields {
			if usesType(f.Type, name) {
				types, attrs = append(types, t.Name), append(attrs, f.Name)
				break
			}
		}
	}
	return types, attrs, nil
}

// TypeUsers lists the tables with a column of the enum's or composite
// type's type (usesType), and for each the first such column, in table
// name order.
func (c *Catalog) TypeUsers(ctx context.Context, txn kv.Txn, db *Database, name string) (tables []*Table, columns []string, err error) {
	all, err := c.Tables(ctx, txn, db)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range all {
		for _, f := range t.Fields {
			if usesType(f.Type, name) {
				tables = append(tables, t)
				columns = append(columns, f.Name)
				break
			}
		}
	}
	return tables, columns, nil
}

// AlterEnum replaces the enum from (42704 when missing) with e, which may
// have another name (42710 when taken) and other labels, and gives the
// columns of from's type e's type. The caller has checked that the
// labels of stored values still exist.
func (c *Catalog) AlterEnum(ctx context.Context, txn kv.Txn, db *Database, from string, e *Enum) error {
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
	users, _, err := c.TypeUsers(ctx, txn, db, from)
	if err != nil {
		return err
	}
	to := EnumType(&stored)
	for _, t := range users {
		nt := *t
		nt.Fields = make([]Field, len(t.Fields))
		for i, f := range t.Fields {
			if usesType(f.Type, from) && f.DefaultValue.Kind() == value.KindSymbol {
				if l, ok := renamed[f.DefaultValue.AsString()]; ok {
					f.DefaultValue = value.Symbol(l)
				}
			}
			f.Type = retype(f.Type, from, to)
			nt.Fields[i] = f
		}
		if err := c.AlterTable(ctx, txn, db, &nt); err != nil {
			return err
		}
	}
	return nil
}
