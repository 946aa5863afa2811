package catalog

import (
	"context"
	"fmt"

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
}

const descView byte = 'W'

type viewDesc struct {
	Database uint64   `json:"database"`
	Name     string   `json:"name"`
	Query    string   `json:"query"`
	Columns  []string `json:"columns,omitempty"`
}

func errNoView(name string) error {
	return errs.New(errs.UndefinedTable, "view %q does not exist", name)
}

// View finds a view (42P01 when missing).
func (c *Catalog) View(ctx context.Context, txn kv.Txn, db *Database, name string) (*View, error) {
	b, ok, err := txn.Get(ctx, keys.ViewKey(nil, db.Namespace, db.ID, name))
	if err != nil {
		return nil, fmt.Errorf("catalog: read view %q: %w", name, err)
	}
	if !ok {
		return nil, errNoView(name)
	}
	var d viewDesc
	if err := decodeDesc(b, descView, "view", &d); err != nil {
		return nil, err
	}
	if d.Name != name || d.Database != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: view entry %q holds view %q of database %d", name, d.Name, d.Database)
	}
	return &View{Database: d.Database, Name: d.Name, Query: d.Query, Columns: d.Columns}, nil
}

// Views lists a database's views in name order.
func (c *Catalog) Views(ctx context.Context, txn kv.Txn, db *Database) ([]*View, error) {
	var out []*View
	err := scanValues(ctx, txn, keys.ViewsPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		var d viewDesc
		if err := decodeDesc(b, descView, "view", &d); err != nil {
			return err
		}
		out = append(out, &View{Database: d.Database, Name: d.Name, Query: d.Query, Columns: d.Columns})
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
	if _, err := c.Table(ctx, txn, db, v.Name); err == nil {
		return errs.New(errs.DuplicateTable, "relation %q already exists", v.Name)
	} else if errs.Code(err) != errs.UndefinedTable {
		return err
	}
	key := keys.ViewKey(nil, db.Namespace, db.ID, v.Name)
	if !replace {
		_, ok, err := txn.Get(ctx, key)
		if err != nil {
			return fmt.Errorf("catalog: read view %q: %w", v.Name, err)
		}
		if ok {
			return errs.New(errs.DuplicateTable, "relation %q already exists", v.Name)
		}
	}
	b, err := encodeDesc(descView, viewDesc{Database: db.ID, Name: v.Name, Query: v.Query, Columns: v.Columns})
	if err != nil {
		return err
	}
	if err := txn.Put(key, b); err != nil {
		return fmt.Errorf("catalog: write view %q: %w", v.Name, err)
	}
	v.Database = db.ID
	return nil
}

// DropView drops a view (42P01 when missing).
func (c *Catalog) DropView(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	return c.dropEntry(ctx, txn, db, keys.ViewKey(nil, db.Namespace, db.ID, name), errNoView(name))
}
