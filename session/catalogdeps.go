package session

import (
	"context"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Kinds of ZQL catalog objects a translation depends on.
const (
	objFunction = iota
	objEnum
	objType
	// objView is a SQL view (its definition as a string: views are not
	// cached, so no pointer stays the same); objViews is the list of all
	// of them (name "", for DROP's dependency checks).
	objView
	objViews
	// objMatViews is the list of the materialized views, by name and
	// query (for DROP's dependency checks, as objViews).
	objMatViews
)

// objectRef is a stored function, enum or named type a translation looked
// up, with what it found: the catalog's pointer for that stored version,
// or nil when there was none (a later definition of the name may shadow
// a builtin, so a miss is a dependency too).
type objectRef struct {
	kind int
	name string
	obj  any
}

// catalogObjects resolves a database's ZQL catalog objects through a
// transaction, for a statement's translation or an assert predicate, and
// records what it found so that a prepared plan can be checked against
// another transaction (objectsChanged), as its tables are.
type catalogObjects struct {
	db       *DB
	txn      kv.Txn
	database *catalog.Database
	// session finds views along its search_path (nil: database's own).
	session *Session
	deps    []objectRef
	// listed records that CatalogNames was called: a listing is no
	// dependency a descriptor check could refresh.
	listed bool
}

func (c *catalogObjects) StoredFunction(ctx context.Context, name string) (*catalog.Function, bool, error) {
	o, err := c.lookup(ctx, objFunction, name)
	f, _ := o.(*catalog.Function)
	return f, f != nil, err
}

func (c *catalogObjects) Enum(ctx context.Context, name string) (*catalog.Enum, bool, error) {
	o, err := c.lookup(ctx, objEnum, name)
	e, _ := o.(*catalog.Enum)
	return e, e != nil, err
}

func (c *catalogObjects) TypeDef(ctx context.Context, name string) (*catalog.TypeDef, bool, error) {
	o, err := c.lookup(ctx, objType, name)
	t, _ := o.(*catalog.TypeDef)
	return t, t != nil, err
}

func (c *catalogObjects) lookup(ctx context.Context, kind int, name string) (any, error) {
	o, err := c.db.object(ctx, c.txn, c.database, c.session, kind, name)
	if err != nil {
		return nil, err
	}
	for _, d := range c.deps {
		if d.kind == kind && d.name == name {
			return o, nil
		}
	}
	c.deps = append(c.deps, objectRef{kind: kind, name: name, obj: o})
	return o, nil
}

// object reads one catalog object: its pointer, or nil when the database
// has none of that name. s, when set, is the session whose search_path
// finds views.
func (db *DB) object(ctx context.Context, txn kv.Txn, d *catalog.Database, s *Session, kind int, name string) (any, error) {
	var (
		o       any
		err     error
		missing string
	)
	switch kind {
	case objFunction:
		var f *catalog.Function
		if s != nil {
			f, err = s.lookupFunction(ctx, txn, name)
		} else {
			f, err = db.cat.Function(ctx, txn, d, name)
		}
		if f != nil {
			o = f
		}
		missing = errs.UndefinedFunction
	case objEnum:
		// A type's name resolves along the session's search_path, as a
		// table's does.
		var e *catalog.Enum
		if s != nil {
			e, err = lookupNamed(ctx, s, txn, name, errs.UndefinedObject, db.cat.Enum)
		} else {
			e, err = db.cat.Enum(ctx, txn, d, name)
		}
		if e != nil {
			o = e
		}
		missing = errs.UndefinedObject
	case objView:
		// A view's name resolves along the session's search_path, as
		// a table's does (none outside a session: d's view).
		var v *catalog.View
		if s != nil {
			v, err = s.lookupView(ctx, txn, name)
		} else {
			v, err = db.cat.LookupView(ctx, txn, d, name)
		}
		if v != nil {
			o = viewSignature(v)
		}
		missing = errs.UndefinedTable
	case objViews:
		vs, verr := db.views(ctx, txn, d)
		var b strings.Builder
		for _, v := range vs {
			b.WriteString(strconv.Quote(v.Schema) + viewSignature(v.View))
		}
		o, err = b.String(), verr
	case objMatViews:
		ms, merr := db.matViews(ctx, txn, d)
		var b strings.Builder
		for _, m := range ms {
			b.WriteString(strconv.Quote(m.Schema) + strconv.Quote(m.Table.Name) + strconv.Quote(m.Table.MatView.Query) + ";")
		}
		o, err = b.String(), merr
	default:
		var t *catalog.TypeDef
		if s != nil {
			t, err = lookupNamed(ctx, s, txn, name, errs.UndefinedObject, db.cat.TypeDef)
		} else {
			t, err = db.cat.TypeDef(ctx, txn, d, name)
		}
		if t != nil {
			o = t
		}
		missing = errs.UndefinedObject
	}
	if err != nil {
		if errs.Code(err) == missing {
			return nil, nil
		}
		return nil, err
	}
	return o, nil
}

// viewSignature is what a translation reads of a view, as a comparable
// value.
func viewSignature(v *catalog.View) string {
	// Whose rights read the view's tables (its owner's, or with
	// security_invoker the reader's) decides whether a plan puts row
	// security policies on its scans, and the executor checks the
	// reader's privileges on the view a plan holds: a change of either
	// (ALTER VIEW, OWNER TO, GRANT, REVOKE) must translate again.
	var b strings.Builder
	b.WriteString(strconv.Quote(v.Name) + strconv.Quote(v.Query) + strconv.Quote(strings.Join(v.Columns, "\x00")))
	b.WriteString(strconv.FormatBool(v.SecurityInvoker) + strconv.Quote(v.OwnerName()))
	for _, a := range v.ACL {
		b.WriteString(strconv.Quote(a.String()))
	}
	b.WriteByte(';')
	return b.String()
}

// objectsChanged reports whether any object a translation depended on is
// defined differently (or no longer, or newly) in txn. Like the table
// check it reads the definitions in txn, so a concurrent redefinition
// conflicts with a write that used the old one.
func (s *Session) objectsChanged(ctx context.Context, txn kv.Txn, deps []objectRef) (bool, error) {
	for _, dep := range deps {
		o, err := s.db.object(ctx, txn, s.database, s, dep.kind, dep.name)
		if err != nil {
			return false, err
		}
		if o != dep.obj {
			return true, nil
		}
	}
	return false, nil
}
