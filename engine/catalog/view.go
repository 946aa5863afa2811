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

// View is a SQL view: a named query expanded where it is used. Query is
// the SELECT's text (as deparsed when the view was made); Columns, when
// set, rename its result columns (CREATE VIEW v (a, b) AS ...). Views
// share the name space of tables, as PostgreSQL's relations do.
type View struct {
	Database uint64
	Name     string
	Query    string
	Columns  []string
	// Shape is the view's result columns, named and typed as CREATE VIEW
	// found them (pg_attribute, information_schema.columns, psql \d): a
	// view's rows are known only by translating its query, which the
	// catalogs cannot do. nil for a view made before it was kept.
	Shape []ViewColumn
	// Triggers are the view's INSTEAD OF row triggers, in name order
	// (SetViewTriggers; CREATE OR REPLACE VIEW keeps them).
	Triggers []Trigger
	// Comment is COMMENT ON VIEW's text ("": none; CREATE OR REPLACE
	// VIEW keeps it).
	Comment string
	// SecurityInvoker (WITH (security_invoker)) reads the view's
	// relations with the rights, and under the row security policies,
	// of the role reading the view rather than its owner's.
	// SecurityBarrier (WITH (security_barrier)) is kept for the
	// catalogs: zerodb evaluates no user condition before a view's own.
	SecurityInvoker bool
	SecurityBarrier bool
	Privileges
}

// ViewColumn is a result column of a view.
type ViewColumn struct {
	Name string
	Type value.Type
}

const descView byte = 'W'

type viewDesc struct {
	Database uint64           `json:"database"`
	Name     string           `json:"name"`
	Query    string           `json:"query"`
	Columns  []string         `json:"columns,omitempty"`
	Shape    []viewColumnDesc `json:"shape,omitempty"`
	Triggers []Trigger        `json:"triggers,omitempty"`
	Comment  string           `json:"comment,omitempty"`
	Invoker  bool             `json:"security_invoker,omitempty"`
	Barrier  bool             `json:"security_barrier,omitempty"`
	Privileges
}

type viewColumnDesc struct {
	Name string   `json:"name"`
	Type typeDesc `json:"type"`
}

// viewDescOf is v's descriptor in db, with triggers.
func viewDescOf(db *Database, v *View, triggers []Trigger) (viewDesc, error) {
	d := viewDesc{Database: db.ID, Name: v.Name, Query: v.Query, Columns: v.Columns, Triggers: triggers, Comment: v.Comment, Invoker: v.SecurityInvoker, Barrier: v.SecurityBarrier, Privileges: v.Privileges}
	for _, c := range v.Shape {
		t, err := typeToDesc(c.Type)
		if err != nil {
			return viewDesc{}, fmt.Errorf("catalog: view %q column %q: %w", v.Name, c.Name, err)
		}
		d.Shape = append(d.Shape, viewColumnDesc{Name: c.Name, Type: t})
	}
	return d, nil
}

func (d *viewDesc) view() (*View, error) {
	v := &View{Database: d.Database, Name: d.Name, Query: d.Query, Columns: d.Columns, Triggers: d.Triggers, Comment: d.Comment, SecurityInvoker: d.Invoker, SecurityBarrier: d.Barrier, Privileges: d.Privileges}
	for i := range d.Shape {
		t, err := typeFromDesc(&d.Shape[i].Type)
		if err != nil {
			return nil, corrupt("view", fmt.Errorf("column %q: %w", d.Shape[i].Name, err))
		}
		v.Shape = append(v.Shape, ViewColumn{Name: d.Shape[i].Name, Type: t})
	}
	return v, nil
}

func errNoView(name string) error {
	return errs.New(errs.UndefinedTable, "view %q does not exist", name)
}

// View finds a view (42P01 when missing).
func (c *Catalog) View(ctx context.Context, txn kv.Txn, db *Database, name string) (*View, error) {
	v, err := c.LookupView(ctx, txn, db, name)
	if err == nil && v == nil {
		return nil, errNoView(name)
	}
	return v, err
}

// LookupView finds a view, nil when there is none. A miss, the usual
// answer (a prepared write's check that its table's name did not become
// a view's), is remembered per schema version (versionedTables) and
// costs no error value.
func (c *Catalog) LookupView(ctx context.Context, txn kv.Txn, db *Database, name string) (*View, error) {
	// Sized once: grown from nil the key took two allocations.
	key := keys.ViewKey(make([]byte, 0, 40+len(name)), db.Namespace, db.ID, name)
	version := schemaVersion(txn, key)
	if _, missing := c.byName.get(version, key); missing {
		return nil, nil
	}
	b, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read view %q: %w", name, err)
	}
	if !ok {
		c.byName.put(version, key, nil)
		return nil, nil
	}
	var d viewDesc
	if err := decodeDesc(b, descView, "view", &d); err != nil {
		return nil, err
	}
	if d.Name != name || d.Database != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: view entry %q holds view %q of database %d", name, d.Name, d.Database)
	}
	return d.view()
}

// Views lists a database's views in name order.
func (c *Catalog) Views(ctx context.Context, txn kv.Txn, db *Database) ([]*View, error) {
	var out []*View
	err := scanValues(ctx, txn, keys.ViewsPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		var d viewDesc
		if err := decodeDesc(b, descView, "view", &d); err != nil {
			return err
		}
		v, err := d.view()
		if err != nil {
			return err
		}
		out = append(out, v)
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
	old, exists, err := txn.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("catalog: read view %q: %w", v.Name, err)
	}
	if exists && !replace {
		return errs.New(errs.DuplicateTable, "relation %q already exists", v.Name)
	}
	triggers := v.Triggers
	if exists {
		// CREATE OR REPLACE VIEW keeps the view's triggers, as
		// PostgreSQL does.
		var d viewDesc
		if err := decodeDesc(old, descView, "view", &d); err != nil {
			return err
		}
		triggers = d.Triggers
		if v.Comment == "" {
			nv := *v
			nv.Comment = d.Comment
			v = &nv
		}
	}
	if !exists {
		// Tables, indexes and views share one name space.
		if err := c.checkRelationNameFree(ctx, txn, db, v.Name); err != nil {
			return err
		}
	}
	d, err := viewDescOf(db, v, triggers)
	if err != nil {
		return err
	}
	return c.putView(txn, key, d, v)
}

func (c *Catalog) putView(txn kv.Txn, key []byte, d viewDesc, v *View) error {
	b, err := encodeDesc(descView, d)
	if err != nil {
		return err
	}
	if err := txn.Put(key, b); err != nil {
		return fmt.Errorf("catalog: write view %q: %w", d.Name, err)
	}
	v.Database, v.Triggers = d.Database, d.Triggers
	return nil
}

// SetViewTriggers stores v (a view of db as View returned it) with
// triggers (CREATE and DROP TRIGGER of a view).
func (c *Catalog) SetViewTriggers(ctx context.Context, txn kv.Txn, db *Database, v *View, triggers []Trigger) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	key := keys.ViewKey(nil, db.Namespace, db.ID, v.Name)
	d, err := viewDescOf(db, v, triggers)
	if err != nil {
		return err
	}
	return c.putView(txn, key, d, v)
}

// CommentView sets a view's comment ("" removes it): COMMENT ON VIEW.
func (c *Catalog) CommentView(ctx context.Context, txn kv.Txn, db *Database, v *View, text string) error {
	if err := checkUTF8(text); err != nil {
		return err
	}
	nv := *v
	nv.Comment = text
	return c.RewriteView(ctx, txn, db, &nv)
}

// RewriteView stores v, a view of db as View found it with attributes
// changed that leave its query as it is (its comment, its options).
func (c *Catalog) RewriteView(ctx context.Context, txn kv.Txn, db *Database, nv *View) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	d, err := viewDescOf(db, nv, nv.Triggers)
	if err != nil {
		return err
	}
	return c.putView(txn, keys.ViewKey(nil, db.Namespace, db.ID, nv.Name), d, nv)
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
