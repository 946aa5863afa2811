package catalog

import (
	"context"
	"fmt"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

func errNoNamespace(name string) error {
	return errs.New(errs.InvalidSchemaName, "namespace %q does not exist", name)
}

// Namespace finds a namespace by name (3F000 when missing).
func (c *Catalog) Namespace(ctx context.Context, txn kv.Txn, name string) (*Namespace, error) {
	b, ok, err := txn.Get(ctx, keys.NamespaceKey(nil, name))
	if err != nil {
		return nil, fmt.Errorf("catalog: read namespace %q: %w", name, err)
	}
	if !ok {
		return nil, errNoNamespace(name)
	}
	ns, err := c.namespaces.get(b, decodeNamespace)
	if err != nil {
		return nil, err
	}
	if ns.Name != name {
		return nil, errs.New(errs.DataCorrupted, "catalog: namespace entry %q holds namespace %q", name, ns.Name)
	}
	return ns, nil
}

// Namespaces lists every namespace in name order.
func (c *Catalog) Namespaces(ctx context.Context, txn kv.Txn) ([]*Namespace, error) {
	var out []*Namespace
	err := scanValues(ctx, txn, keys.NamespacesPrefix(nil), func(b []byte) error {
		ns, err := c.namespaces.get(b, decodeNamespace)
		if err != nil {
			return err
		}
		out = append(out, ns)
		return nil
	})
	return out, err
}

// CreateNamespace creates a namespace (42710 when it exists). An empty
// consistency means Strong.
func (c *Catalog) CreateNamespace(ctx context.Context, txn kv.Txn, name string, cons Consistency) (*Namespace, error) {
	if err := checkPathName("namespace", name); err != nil {
		return nil, err
	}
	switch cons {
	case "":
		cons = Strong
	case Strong, Eventual:
	default:
		return nil, errs.New(errs.InvalidParameterValue, "invalid consistency %q for namespace %q", cons, name).
			WithHint("Use strong or eventual.")
	}
	key := keys.NamespaceKey(nil, name)
	_, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read namespace %q: %w", name, err)
	}
	if ok {
		return nil, errs.New(errs.DuplicateObject, "namespace %q already exists", name)
	}
	id, err := nextID(ctx, txn, seqNamespace)
	if err != nil {
		return nil, err
	}
	ns := &Namespace{ID: id, Name: name, Consistency: cons}
	b, err := encodeNamespace(ns)
	if err != nil {
		return nil, err
	}
	if err := txn.Put(key, b); err != nil {
		return nil, fmt.Errorf("catalog: write namespace %q: %w", name, err)
	}
	return ns, nil
}

// DropNamespace drops an empty namespace (3F000 when missing). While it
// holds a database it refuses with 2BP01 naming the first one: dropping
// it would silently drop every database in it, and with the namespace
// gone nothing could reach them to look first. Like PostgreSQL's DROP
// SCHEMA without CASCADE, the databases are destroyed one by one first.
// The scan of its directory puts the whole directory in txn's read set,
// so a database created in it concurrently makes one of the two
// transactions fail with 40001.
func (c *Catalog) DropNamespace(ctx context.Context, txn kv.Txn, name string) error {
	ns, err := c.Namespace(ctx, txn, name)
	if err != nil {
		return err
	}
	var held []string
	err = scanValues(ctx, txn, keys.DatabaseNamesPrefix(nil, ns.ID), func(b []byte) error {
		db, err := c.databases.get(b, decodeDatabase)
		if err != nil {
			return err
		}
		held = append(held, db.Name)
		return nil
	})
	if err != nil {
		return err
	}
	if len(held) > 0 {
		e := errs.New(errs.DependentObjectsStillExist, "cannot destroy namespace %q because it holds database %q", name, held[0]).
			WithHint("Destroy its databases first, e.g. destroy db.@`%s/%s`.", name, held[0])
		if len(held) > 1 {
			e = e.WithDetail("Namespace %q holds %d databases.", name, len(held))
		}
		return e
	}
	// An empty namespace has no keys of its own under its data prefix;
	// clearing it anyway means nothing written there by mistake outlives
	// the namespace, whose id is never handed out again.
	start, end := keys.Span(keys.NamespacePrefix(nil, ns.ID))
	if err := clearRange(ctx, txn, start, end); err != nil {
		return err
	}
	if err := txn.Delete(keys.NamespaceKey(nil, name)); err != nil {
		return fmt.Errorf("catalog: delete namespace %q: %w", name, err)
	}
	return nil
}
