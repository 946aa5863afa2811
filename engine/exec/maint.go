package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// setRelOptions runs ALTER TABLE | INDEX | MATERIALIZED VIEW ... SET and
// RESET of storage parameters: checked against the relation found (a
// table's, a materialized view's, or its index's access method's), then
// merged into the ones it has as PostgreSQL merges them.
func (r *run) setRelOptions(n *plan.SetRelOptions) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	t, terr := r.x.cat.Table(r.ctx, txn, db, n.Name)
	var ix *catalog.Index
	pkey := false
	if terr != nil {
		if errs.Code(terr) != errs.UndefinedTable {
			return terr
		}
		if t, ix, err = r.x.cat.FindIndexOrPKey(r.ctx, txn, db, n.Name); err != nil {
			if n.IfExists && errs.Code(err) == errs.UndefinedTable {
				return r.notice("relation %q does not exist, skipping", n.Name)
			}
			return err
		}
		pkey = ix == nil
	}
	isIndex := ix != nil || pkey
	switch {
	case n.Kind == "index" && !isIndex:
		return errs.New(errs.WrongObjectType, "%q is not an index", n.Name)
	case n.Kind == "matview" && (isIndex || t.MatView == nil):
		return errs.New(errs.WrongObjectType, "%q is not a materialized view", n.Name)
	}
	kind, withToast := catalog.RelOptHeap, true
	switch {
	case isIndex:
		withToast = false
		if kind, err = indexRelOptKind(ix); err != nil {
			return err
		}
	case t.Partitioned != nil:
		kind, withToast = 0, false // PostgreSQL 15's partitioned tables take none
	}
	set, err := catalog.ValidateRelOptions(n.Set, kind, withToast)
	if err != nil {
		return err
	}
	nt := *t
	switch {
	case pkey:
		nt.PKeyOptions = catalog.MergeRelOptions(t.PKeyOptions, set, n.Reset)
	case ix != nil:
		nt.Indexes = slices.Clone(t.Indexes)
		for i := range nt.Indexes {
			if x := &nt.Indexes[i]; x.ID == ix.ID {
				x.RelOptions = catalog.MergeRelOptions(x.RelOptions, set, n.Reset)
			}
		}
	default:
		nt.RelOptions = catalog.MergeRelOptions(t.RelOptions, set, n.Reset)
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}

// indexRelOptKind is the kind of storage parameters an index takes (a
// primary key's, ix nil, is a btree).
func indexRelOptKind(ix *catalog.Index) (catalog.RelOptKind, error) {
	if ix == nil {
		return catalog.RelOptBTree, nil
	}
	switch ix.Kind {
	case catalog.IndexGIN:
		return catalog.RelOptGIN, nil
	case catalog.IndexTrgm:
		if ix.Options[catalog.IndexTrgmMethod] == "gist" {
			return catalog.RelOptGiST, nil
		}
		return catalog.RelOptGIN, nil
	case catalog.IndexHNSW:
		return 0, errs.New(errs.FeatureNotSupported, "ALTER INDEX ... SET of an hnsw index is not supported")
	}
	return catalog.RelOptBTree, nil
}

// cluster runs CLUSTER and ALTER TABLE ... CLUSTER ON | SET WITHOUT
// CLUSTER. zerodb keeps every table's records in primary-key order and
// rewrites nothing: CLUSTER only records the index it names
// (pg_index.indisclustered), as PostgreSQL does for the next CLUSTER and
// for pg_dump.
func (r *run) cluster(n *plan.Cluster) error {
	if n.Table == "" {
		return nil // every table by its clustered index: nothing to reorder
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, n.Table)
	if errs.Code(err) == errs.UndefinedTable && r.isRelation(n.Table) {
		return errs.New(errs.WrongObjectType, "%q is not a table or materialized view", n.Table)
	}
	if err != nil {
		return err
	}
	if n.Without {
		return r.x.cat.AlterTable(r.ctx, txn, db, withClustered(t, ""))
	}
	name := n.Index
	if name == "" {
		if name = clusteredIndex(t); name == "" {
			return errs.New(errs.UndefinedObject, "there is no previously clustered index for table %q", t.Name)
		}
	}
	if len(t.PrimaryKey) == 0 || t.PKeyConstraint() != name {
		ix, ok := t.IndexByName(name)
		switch {
		case !ok && r.isIndex(name):
			return errs.New(errs.WrongObjectType, "%q is not an index for table %q", name, t.Name)
		case !ok && r.isRelation(name):
			return errs.New(errs.WrongObjectType, "%q is not an index", name)
		case !ok:
			return errs.New(errs.UndefinedObject, "index %q for table %q does not exist", name, t.Name)
		case ix.Partial():
			return errs.New(errs.FeatureNotSupported, "cannot cluster on partial index %q", name)
		case ix.Kind != catalog.IndexBTree:
			return errs.New(errs.FeatureNotSupported, "cannot cluster on index %q because access method does not support clustering", name)
		}
	}
	if t.Partitioned != nil && !n.Recluster {
		return errs.New(errs.FeatureNotSupported, "cannot cluster a partitioned table")
	}
	if clusteredIndex(t) == name {
		return nil
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, withClustered(t, name))
}

// isRelation reports whether name is a relation: a table, a view, a
// sequence or an index.
func (r *run) isRelation(name string) bool {
	kind, _ := r.relation(name)
	return kind != "" || r.isIndex(name)
}

// isIndex reports whether name is an index (a primary key's too).
func (r *run) isIndex(name string) bool {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return false
	}
	_, _, err = r.x.cat.FindIndexOrPKey(r.ctx, txn, db, name)
	return err == nil
}

// clusteredIndex is the name of t's clustered index ("": none).
func clusteredIndex(t *catalog.Table) string {
	if t.PKeyClustered && len(t.PrimaryKey) > 0 {
		return t.PKeyConstraint()
	}
	for i := range t.Indexes {
		if t.Indexes[i].Clustered {
			return t.Indexes[i].Name
		}
	}
	return ""
}

// withClustered is a copy of t with index name (its primary key's, or
// none for "") marked clustered and the others not.
func withClustered(t *catalog.Table, name string) *catalog.Table {
	nt := *t
	nt.PKeyClustered = name != "" && len(t.PrimaryKey) > 0 && t.PKeyConstraint() == name
	nt.Indexes = slices.Clone(t.Indexes)
	for i := range nt.Indexes {
		nt.Indexes[i].Clustered = nt.Indexes[i].Name == name
	}
	return &nt
}
