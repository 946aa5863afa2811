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
		var ok bool
		if kind, ok = catalog.IndexRelOptKind(ix); !ok {
			return errs.New(errs.FeatureNotSupported, "ALTER INDEX ... SET of an hnsw index is not supported")
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
	if n.Alter && t.Partitioned != nil {
		return errs.New(errs.FeatureNotSupported, "cannot mark index clustered in partitioned table")
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
		case ix.AccessMethod() != string(catalog.IndexBTree) && ix.AccessMethod() != catalog.MethodGiST:
			// PostgreSQL's amclusterable: btree and gist.
			return errs.New(errs.FeatureNotSupported, "cannot cluster on index %q because access method does not support clustering", name)
		}
	}
	if t.Partitioned != nil {
		// PostgreSQL 15 clusters each partition by its index of the
		// same definition, and marks those, not the partitioned one.
		ix, _ := t.IndexByName(name)
		return r.clusterPartitions(db, t, ix)
	}
	if clusteredIndex(t) == name {
		return nil
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, withClustered(t, name))
}

// clusterPartitions marks, in every partition of t (and theirs), the
// index made for t's index ix clustered.
func (r *run) clusterPartitions(db *catalog.Database, t *catalog.Table, ix *catalog.Index) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	for _, name := range t.Partitions {
		p, err := r.x.cat.Table(r.ctx, txn, db, name)
		if err != nil {
			return err
		}
		if p.Partitioned != nil {
			if err := r.clusterPartitions(db, p, ix); err != nil {
				return err
			}
			continue
		}
		for i := range p.Indexes {
			if ix != nil && catalog.SameIndex(&p.Indexes[i], ix) {
				if err := r.x.cat.AlterTable(r.ctx, txn, db, withClustered(p, p.Indexes[i].Name)); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
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

// reindex runs REINDEX: the entries of the ordered and gin indexes of the
// index, table (its partitions' too), schema or database named are
// deleted and written again from the records, as CREATE INDEX's backfill
// writes them. A primary key is the records' own keys and an EXCLUDE
// constraint has no entries, so neither has anything to rebuild; an hnsw
// index is kept as it is. System catalogs are views computed from the
// catalog: REINDEX SYSTEM has nothing to do. In a schema or a database a
// role rebuilds the indexes of the tables it owns.
func (r *run) reindex(n *plan.Reindex) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	switch n.Kind {
	case "index":
		t, ix, err := r.x.cat.FindIndexOrPKey(r.ctx, txn, db, n.Name)
		if err != nil {
			if errs.Code(err) == errs.UndefinedTable && r.isRelation(n.Name) {
				return errs.New(errs.WrongObjectType, "%q is not an index", n.Name)
			}
			return err
		}
		if ix == nil {
			return nil // a primary key's
		}
		return r.reindexTable(db, t, ix)
	case "table":
		t, err := r.x.cat.Table(r.ctx, txn, db, n.Name)
		if err != nil {
			if errs.Code(err) == errs.UndefinedTable && r.isRelation(n.Name) {
				return errs.New(errs.WrongObjectType, "%q is not a table or materialized view", n.Name)
			}
			return err
		}
		if len(t.PrimaryKey) == 0 && len(t.Indexes) == 0 && len(t.Exclusions) == 0 && t.Partitioned == nil {
			if n.Concurrently {
				return r.notice("table %q has no indexes that can be reindexed concurrently", t.Name)
			}
			return r.notice("table %q has no indexes to reindex", t.Name)
		}
		return r.reindexTable(db, t, nil)
	case "schema":
		s, err := r.schemaNamed(n.Name)
		if err != nil {
			return err
		}
		return r.reindexSchema(s)
	case "database", "system":
		base := db.Base()
		if n.Name != base.Name {
			return errs.New(errs.FeatureNotSupported, "can only reindex the currently open database")
		}
		if n.Kind == "system" {
			return nil
		}
		if n.Concurrently {
			if err := r.warning("cannot reindex system catalogs concurrently, skipping all"); err != nil {
				return err
			}
		}
		schemas, err := r.x.cat.Schemas(r.ctx, txn, base)
		if err != nil {
			return err
		}
		for _, s := range append([]*catalog.Database{base}, schemas...) {
			if err := r.reindexSchema(s); err != nil {
				return err
			}
		}
		return nil
	}
	return internalf("REINDEX of %q", n.Kind)
}

// reindexSchema rebuilds the indexes of the tables of schema s the role
// owns.
func (r *run) reindexSchema(s *catalog.Database) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	tables, err := r.x.cat.Tables(r.ctx, txn, s)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if role := r.role(); role != nil && !role.HasPrivsOf(t.OwnerName()) {
			continue
		}
		if err := r.reindexTable(s, t, nil); err != nil {
			return err
		}
	}
	return nil
}

// reindexTable writes the entries of t's index only (every one for nil)
// again, and of the same indexes of its partitions.
func (r *run) reindexTable(db *catalog.Database, t *catalog.Table, only *catalog.Index) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	var rebuilt []*catalog.Index
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if only != nil && ix.ID != only.ID || ix.Kind == catalog.IndexHNSW {
			continue
		}
		if err := r.x.cat.ClearIndex(r.ctx, txn, db, ix); err != nil {
			return err
		}
		filled, err := r.backfillIndex(t, ix)
		if err != nil {
			return err
		}
		rebuilt = append(rebuilt, filled)
	}
	if t.Partitioned != nil && only == nil {
		for _, name := range t.Partitions {
			p, err := r.x.cat.Table(r.ctx, txn, db, name)
			if err != nil {
				return err
			}
			if err := r.reindexTable(db, p, nil); err != nil {
				return err
			}
		}
	}
	if len(rebuilt) == 0 {
		return nil
	}
	return r.storeIndexes(db, t, rebuilt...)
}

// setReplicaIdentity applies ALTER TABLE ... REPLICA IDENTITY to nt (the
// table being altered): its choice, and for USING INDEX the mark of the
// index, which must be able to identify a row as PostgreSQL requires
// (unique, immediate, on plain NOT NULL columns, not partial).
func (r *run) setReplicaIdentity(nt *catalog.Table, a plan.AlterAction) error {
	nt.Indexes = slices.Clone(nt.Indexes)
	nt.PKeyReplicaIdentity = false
	for i := range nt.Indexes {
		nt.Indexes[i].ReplicaIdentity = false
	}
	nt.ReplicaIdentity = a.ReplicaIdentity
	if a.ReplicaIdentity != 'i' {
		return nil
	}
	name := a.ReplicaIndex
	if len(nt.PrimaryKey) > 0 && nt.PKeyConstraint() == name {
		nt.PKeyReplicaIdentity = true
		return nil
	}
	at := slices.IndexFunc(nt.Indexes, func(ix catalog.Index) bool { return ix.Name == name })
	if at < 0 {
		if r.isIndex(name) {
			return errs.New(errs.WrongObjectType, "%q is not an index for table %q", name, nt.Name)
		}
		return errs.New(errs.UndefinedObject, "index %q for table %q does not exist", name, nt.Name)
	}
	ix := &nt.Indexes[at]
	switch {
	case !ix.Unique:
		return errs.New(errs.WrongObjectType, "cannot use non-unique index %q as replica identity", name)
	case ix.Deferrable:
		return errs.New(errs.FeatureNotSupported, "cannot use non-immediate index %q as replica identity", name)
	}
	for _, p := range ix.Parts {
		if p.Expr != "" || p.AsText || len(p.Path) != 1 {
			return errs.New(errs.FeatureNotSupported, "cannot use expression index %q as replica identity", name)
		}
	}
	if ix.Partial() {
		return errs.New(errs.FeatureNotSupported, "cannot use partial index %q as replica identity", name)
	}
	for _, p := range ix.Parts {
		if f, _, ok := nt.FieldByName(p.Path[0]); ok && f.Optional {
			return errs.New(errs.WrongObjectType, "index %q cannot be used as replica identity because column %q is nullable", name, f.Name)
		}
	}
	ix.ReplicaIdentity = true
	return nil
}

// replicaIdentityColumns are the columns of t's REPLICA IDENTITY USING
// INDEX index (none without one).
func replicaIdentityColumns(t *catalog.Table) []string {
	if t.ReplicaIdentity != 'i' {
		return nil
	}
	if t.PKeyReplicaIdentity {
		return t.PrimaryKey
	}
	for _, ix := range t.Indexes {
		if ix.ReplicaIdentity {
			cols := make([]string, 0, len(ix.Parts))
			for _, p := range ix.Parts {
				cols = append(cols, p.Path[0])
			}
			return cols
		}
	}
	return nil
}
