package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// View is a SQL view: a named query expanded where it is used. Query is
// the SELECT's text (as deparsed when the view was made); Columns, when
// set, rename its result columns (CREATE VIEW v (a, b) AS ...). Views
// share the name space of tables, as PostgreSQL's relations do.
type View struct {
	Database uint64
	Name     string
	Query    string
	Columns  []string
	Privileges
}

const descView byte = 'W'

type viewDesc struct {
	Database uint64   `json:"database"`
	Name     string   `json:"name"`
	Query    string   `json:"query"`
	Columns  []string `json:"columns,omitempty"`
	Privileges
}

func errNoView(name string) error {
	return errs.New(errs.UndefinedTable, "view %q does not exist", name)
}

// View finds a view (42P01 when missing). A miss, the usual answer, is
// remembered per schema version (versionedTables).
func (c *Catalog) View(ctx context.Context, txn kv.Txn, db *Database, name string) (*View, error) {
	key := keys.ViewKey(nil, db.Namespace, db.ID, name)
	version := schemaVersion(txn, key)
	if _, missing := c.byName.get(version, key); missing {
		return nil, errNoView(name)
	}
	b, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read view %q: %w", name, err)
	}
	if !ok {
		c.byName.put(version, key, nil)
		return nil, errNoView(name)
	}
	var d viewDesc
	if err := decodeDesc(b, descView, "view", &d); err != nil {
		return nil, err
	}
	if d.Name != name || d.Database != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: view entry %q holds view %q of database %d", name, d.Name, d.Database)
	}
	return &View{Database: d.Database, Name: d.Name, Query: d.Query, Columns: d.Columns, Privileges: d.Privileges}, nil
}

// Views lists a database's views in name order.
func (c *Catalog) Views(ctx context.Context, txn kv.Txn, db *Database) ([]*View, error) {
	var out []*View
	err := scanValues(ctx, txn, keys.ViewsPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		var d viewDesc
		if err := decodeDesc(b, descView, "view", &d); err != nil {
			return err
		}
		out = append(out, &View{Database: d.Database, Name: d.Name, Query: d.Query, Columns: d.Columns, Privileges: d.Privileges})
		return nil
	})
	return out, err
}

// PutView stores a view (setting v.Database). Its name must not be taken
// by a table (42P07), nor by another view unless replace is set.
func (c *Catalog) PutView(ctx context.Context, txn kv.Txn, db *Database, v *View, replace bool) error {
	if v == nil {
		return errs.New(errs.InternalError, "catalog: PutView without a view")
	}
	if err := checkName("view", v.Name); err != nil {
		return err
	}
	if err := checkUTF8(v.Name, v.Query); err != nil {
		return err
	}
	if err := checkUTF8(v.Columns...); err != nil {
		return err
	}
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	if err := c.checkSchema(ctx, txn, db); err != nil {
		return err
	}
	key := keys.ViewKey(nil, db.Namespace, db.ID, v.Name)
	_, exists, err := txn.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("catalog: read view %q: %w", v.Name, err)
	}
	if exists && !replace {
		return errs.New(errs.DuplicateTable, "relation %q already exists", v.Name)
	}
	if !exists {
		// Tables, indexes and views share one name space.
		if err := c.checkRelationNameFree(ctx, txn, db, v.Name); err != nil {
			return err
		}
	}
	b, err := encodeDesc(descView, viewDesc{Database: db.ID, Name: v.Name, Query: v.Query, Columns: v.Columns, Privileges: v.Privileges})
	if err != nil {
		return err
	}
	if err := txn.Put(key, b); err != nil {
		return fmt.Errorf("catalog: write view %q: %w", v.Name, err)
	}
	v.Database = db.ID
	return nil
}

// DropView drops a view (42P01 when missing, 42809 when name is a table).
func (c *Catalog) DropView(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	err := c.dropEntry(ctx, txn, db, keys.ViewKey(nil, db.Namespace, db.ID, name), errNoView(name))
	if errs.Code(err) == errs.UndefinedTable {
		if t, terr := c.Table(ctx, txn, db, name); terr == nil {
			if t.MatView != nil {
				return errs.New(errs.WrongObjectType, "%q is not a view", name).WithHint("Use DROP MATERIALIZED VIEW to remove a materialized view.")
			}
			return errs.New(errs.WrongObjectType, "%q is not a view", name).WithHint("Use DROP TABLE to remove a table.")
		}
		if _, serr := c.Sequence(ctx, txn, db, name); serr == nil {
			return errs.New(errs.WrongObjectType, "%q is not a view", name).WithHint("Use DROP SEQUENCE to remove a sequence.")
		}
	}
	return err
}

// wrongRelationKind turns a table's 42P01 into PostgreSQL's 42809 when the
// name is a view ("x" is not a table; use DROP VIEW).
func (c *Catalog) wrongRelationKind(ctx context.Context, txn kv.Txn, db *Database, name string, err error, kind, other string) error {
	if errs.Code(err) != errs.UndefinedTable {
		return err
	}
	if _, ok, verr := txn.Get(ctx, keys.ViewKey(nil, db.Namespace, db.ID, name)); verr == nil && ok {
		return errs.New(errs.WrongObjectType, "%q is not a %s", name, kind).WithHint("Use DROP %s to remove a %s.", other, strings.ToLower(other))
	}
	return err
}

// checkViewNameFree is checkRelationNameFree's part for views.
func (c *Catalog) checkViewNameFree(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	_, ok, err := txn.Get(ctx, keys.ViewKey(nil, db.Namespace, db.ID, name))
	if err != nil {
		return fmt.Errorf("catalog: read view %q: %w", name, err)
	}
	if ok {
		return errs.New(errs.DuplicateTable, "relation %q already exists", name)
	}
	return nil
}
