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
	if err := checkName("namespace", name); err != nil {
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

// DropNamespace drops a namespace with every database in it (3F000 when
// missing): ZQL's `destroy namespace.@x` drops what it contains.
func (c *Catalog) DropNamespace(ctx context.Context, txn kv.Txn, name string) error {
	ns, err := c.Namespace(ctx, txn, name)
	if err != nil {
		return err
	}
	// The databases' name entries and their data are two ranges: the
	// directory in the system keys and the namespace's data prefix.
	for _, prefix := range [][]byte{keys.DatabaseNamesPrefix(nil, ns.ID), keys.NamespacePrefix(nil, ns.ID)} {
		start, end := keys.Span(prefix)
		if err := clearRange(ctx, txn, start, end); err != nil {
			return err
		}
	}
	if err := txn.Delete(keys.NamespaceKey(nil, name)); err != nil {
		return fmt.Errorf("catalog: delete namespace %q: %w", name, err)
	}
	return nil
}
