package exec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The DDL of foreign keys. Both sides live in descriptors: the
// constraint in the referencing table's ForeignKeys, the referencing
// table's name in the referenced table's ReferencedBy, each naming the
// other table as seen from its own schema (catalog.RelName); every
// change here writes both in the statement's transaction.

// resolveFK checks fk of child against its referenced table parent
// (child itself for a self-reference) and fills in RefColumns when the
// constraint named none (the primary key), as PostgreSQL's CREATE TABLE
// and ALTER TABLE ... ADD CONSTRAINT do.
func resolveFK(child, parent *catalog.Table, fk *catalog.ForeignKey) error {
	for _, c := range fk.Columns {
		if _, _, ok := child.FieldByName(c); !ok {
			return errs.New(errs.UndefinedColumn, "column %q referenced in foreign key constraint does not exist", c)
		}
	}
	if !parent.Schemafull {
		return errs.New(errs.FeatureNotSupported, "foreign keys referencing schemaless table %q", parent.Name)
	}
	if len(fk.RefColumns) == 0 {
		if slices.ContainsFunc(parent.Indexes, func(ix catalog.Index) bool { return ix.Primary }) {
			return errs.New(errs.ObjectNotInPrerequisite, "cannot use a deferrable primary key for referenced table %q", parent.Name)
		}
		if len(parent.PrimaryKey) == 0 {
			return errs.New(codeInvalidForeignKey, "there is no primary key for referenced table %q", parent.Name)
		}
		fk.RefColumns = slices.Clone(parent.PrimaryKey)
	}
	for _, c := range fk.RefColumns {
		if _, _, ok := parent.FieldByName(c); !ok {
			return errs.New(errs.UndefinedColumn, "column %q referenced in foreign key constraint does not exist", c)
		}
	}
	if len(fk.RefColumns) != len(fk.Columns) {
		return errs.New(codeInvalidForeignKey, "number of referencing and referenced columns for foreign key disagree")
	}
	if !sameSet(fk.RefColumns, parent.PrimaryKey) && uniqueIndexOn(parent, fk.RefColumns) == nil {
		if slices.ContainsFunc(parent.Indexes, func(ix catalog.Index) bool {
			return ix.Deferrable && ix.Unique && sameSet(plainParts(&ix), fk.RefColumns)
		}) {
			// Its index may hold duplicates until the check runs: a
			// child's parent would not be one record.
			return errs.New(errs.ObjectNotInPrerequisite, "cannot use a deferrable unique constraint for referenced table %q", parent.Name)
		}
		return errs.New(codeInvalidForeignKey, "there is no unique constraint matching given keys for referenced table %q", parent.Name)
	}
	for i, c := range fk.Columns {
		cf, _, _ := child.FieldByName(c)
		pf, _, _ := parent.FieldByName(fk.RefColumns[i])
		if !comparableTypes(cf.Type, pf.Type) {
			return errs.New(errs.DatatypeMismatch, "foreign key constraint %q cannot be implemented", fk.Name).
				WithDetail("Key columns %q and %q are of incompatible types: %s and %s.", c, pf.Name, cf.Type.SQLName(), pf.Type.SQLName())
		}
	}
	return nil
}

// comparableTypes reports whether a referencing column of type fk can
// reference a key of type pk: PostgreSQL wants an equality operator of
// the key's btree operator family or an implicit cast of fk to pk, so
// the integer widths mix, an integer references numeric or float keys,
// numeric a float key; other types must match in kind.
func comparableTypes(fk, pk value.Type) bool {
	switch {
	case fk.Kind == value.KindInt:
		return pk.Kind == value.KindInt || pk.Kind == value.KindDecimal || pk.Kind == value.KindFloat
	case fk.Kind == value.KindDecimal:
		return pk.Kind == value.KindDecimal || pk.Kind == value.KindFloat
	}
	return fk.Kind == pk.Kind && fk.Date == pk.Date && fk.WithTZ == pk.WithTZ
}

// createTableFKs resolves the foreign keys of a table CREATE TABLE just
// stored (as t) and records them on both sides. spec is the statement's
// table, whose unique indexes a self-reference may use.
func (r *run) createTableFKs(spec, t *catalog.Table) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	if t, err = r.x.cat.Table(r.ctx, txn, db, t.Name); err != nil {
		return err
	}
	nt := *t
	nt.ForeignKeys = slices.Clone(spec.ForeignKeys)
	var parents []string
	for i := range nt.ForeignKeys {
		fk := &nt.ForeignKeys[i]
		fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
		if err := r.fkRefSchema(&nt, fk); err != nil {
			return err
		}
		parent := &nt
		if fk.RefTable != nt.Name {
			if _, parent, err = r.fkLookup(&nt, fk.RefTable); err != nil {
				return err
			}
		}
		if err := resolveFK(&nt, parent, fk); err != nil {
			return err
		}
		if !slices.Contains(parents, fk.RefTable) {
			parents = append(parents, fk.RefTable)
		}
	}
	return r.storeFKs(&nt, parents, nil)
}

// storeFKs stores child (with its changed ForeignKeys) and adds child to
// the ReferencedBy of the tables in added, removes it from those in
// removed (when no key of child references them any more).
func (r *run) storeFKs(child *catalog.Table, added, removed []string) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	refs := func(name string) bool {
		return slices.ContainsFunc(child.ForeignKeys, func(fk catalog.ForeignKey) bool { return fk.RefTable == name })
	}
	edit := func(p *catalog.Table, name string) {
		self := catalog.RelName(p.Database, child)
		p.ReferencedBy = slices.DeleteFunc(slices.Clone(p.ReferencedBy), func(s string) bool { return s == self })
		if refs(name) {
			p.ReferencedBy = append(p.ReferencedBy, self)
		}
	}
	for _, name := range append(slices.Clone(added), removed...) {
		if name == child.Name {
			edit(child, name)
		}
	}
	if err := r.x.cat.AlterTable(r.ctx, txn, db, child); err != nil {
		return err
	}
	for _, name := range append(slices.Clone(added), removed...) {
		if name == child.Name {
			continue
		}
		pdb, p, err := r.fkLookup(child, name)
		if err != nil {
			if errs.Code(err) == errs.UndefinedTable && slices.Contains(removed, name) {
				continue // dropped by the same statement
			}
			return err
		}
		np := *p
		edit(&np, name)
		if err := r.x.cat.AlterTable(r.ctx, txn, pdb, &np); err != nil {
			return err
		}
	}
	return nil
}

// addForeignKey runs ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY: the
// rows the table has must satisfy it (23503 as an insert would), unless
// it is added NOT VALID.
func (r *run) addForeignKey(n *plan.AddForeignKey) error {
	_, _, t, err := r.txnTable(n.Table)
	if err != nil {
		return err
	}
	if !t.Schemafull {
		return errs.New(errs.FeatureNotSupported, "foreign keys of schemaless table %q", t.Name)
	}
	if t.ConstraintOrIndex(n.FK.Name) {
		return errs.New(errs.DuplicateObject, "constraint %q for relation %q already exists", n.FK.Name, t.Name)
	}
	fk := n.FK
	fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
	nt := *t
	if err := r.fkRefSchema(&nt, &fk); err != nil {
		return err
	}
	parent := &nt
	if fk.RefTable != t.Name {
		if _, parent, err = r.fkLookup(&nt, fk.RefTable); err != nil {
			return err
		}
	}
	if err := resolveFK(&nt, parent, &fk); err != nil {
		return err
	}
	if !fk.NotValid {
		if err := r.validateFK(&nt, parent, &fk); err != nil {
			return err
		}
	}
	nt.ForeignKeys = append(slices.Clone(t.ForeignKeys), fk)
	return r.storeFKs(&nt, []string{fk.RefTable}, nil)
}

// maxFoundKeys bounds validateFK's memory of the keys it found.
const maxFoundKeys = 1 << 16

// fkValidateBatch is how many child rows validateFK looks up together.
const fkValidateBatch = 4096

// validateFK checks every record of child against fk.
func (r *run) validateFK(child, parent *catalog.Table, fk *catalog.ForeignKey) error {
	// Many rows reference few keys (pgbench's accounts all name branch
	// 1): remember the keys found, so each is read once. Nothing is
	// written meanwhile, so a key found stays found. The others are
	// looked up a batch at a time, in key order (run.existing).
	found := make(map[string]bool)
	type pending struct {
		vals []value.Value
		id   string // the values' key encoding (found's key), "" if none
	}
	var (
		batch []pending
		ks    [][]byte
		kb    []byte
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		has, err := r.existing(ks)
		if err != nil {
			return err
		}
		for i, p := range batch {
			if !has[i] {
				return fkMissing(child, fk, p.vals)
			}
			if p.id != "" && len(found) < maxFoundKeys {
				found[p.id] = true
			}
		}
		batch, ks = batch[:0], ks[:0]
		return nil
	}
	err := r.eachRecord(child, func(_, obj value.Value) error {
		if obj.Kind() != value.KindObject {
			return nil
		}
		if fk.MatchFull && mixedNulls(obj, fk.Columns) {
			return fkMixedNulls(child, fk)
		}
		vals, ok := fkValues(obj, fk.Columns)
		if !ok {
			return nil
		}
		kb = kb[:0]
		var err error
		for _, v := range vals {
			if kb, err = value.AppendKey(kb, v); err != nil {
				break
			}
		}
		id := ""
		if err == nil {
			if found[string(kb)] {
				return nil
			}
			id = string(kb)
		}
		leaf, err := r.fkLeaf(parent, fk.RefColumns, vals)
		if err != nil {
			return err
		}
		if leaf == nil {
			return fkMissing(child, fk, vals)
		}
		key, ok, err := r.fkParentKey(leaf, fk.RefColumns, vals)
		if err != nil {
			return err
		}
		if !ok {
			return fkMissing(child, fk, vals)
		}
		batch, ks = append(batch, pending{vals, id}), append(ks, key)
		if len(batch) == fkValidateBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// validateConstraint runs ALTER TABLE ... VALIDATE CONSTRAINT: the rows
// of the table must satisfy the foreign key or CHECK constraint added NOT
// VALID, which is then stored as valid (a valid one is left as it is).
func (r *run) validateConstraint(n *plan.ValidateConstraint) error {
	txn, db, t, err := r.txnTable(n.Table)
	if err != nil {
		return err
	}
	nt := *t
	if i := slices.IndexFunc(t.ForeignKeys, func(fk catalog.ForeignKey) bool { return fk.Name == n.Name }); i >= 0 {
		fk := t.ForeignKeys[i]
		if !fk.NotValid {
			return nil
		}
		parent := t
		if fk.RefTable != t.Name {
			if _, parent, err = r.fkLookup(t, fk.RefTable); err != nil {
				return err
			}
		}
		if err := r.validateFK(t, parent, &fk); err != nil {
			return err
		}
		fk.NotValid = false
		nt.ForeignKeys = slices.Clone(t.ForeignKeys)
		nt.ForeignKeys[i] = fk
		return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
	}
	if i := slices.IndexFunc(t.Checks, func(c catalog.Check) bool { return c.Name == n.Name }); i >= 0 {
		if !t.Checks[i].NotValid {
			return nil
		}
		if n.Check == nil {
			return internalf("VALIDATE CONSTRAINT %q of %q without its condition", n.Name, t.Name)
		}
		if err := r.checkRecords(t, *n.Check); err != nil {
			return err
		}
		nt.Checks = slices.Clone(t.Checks)
		nt.Checks[i].NotValid = false
		return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
	}
	if t.ConstraintOrIndex(n.Name) {
		return errs.New(errs.WrongObjectType, "constraint %q of relation %q is not a foreign key or check constraint", n.Name, t.Name)
	}
	return errs.New(errs.UndefinedObject, "constraint %q of relation %q does not exist", n.Name, t.Name)
}

// dropConstraint runs ALTER TABLE ... DROP CONSTRAINT for a foreign key,
// a CHECK constraint or a UNIQUE constraint's index.
func (r *run) dropConstraint(n *plan.DropConstraint) error {
	txn, db, t, err := r.txnTable(n.Table)
	if err != nil {
		return err
	}
	nt := *t
	if i := slices.IndexFunc(t.ForeignKeys, func(fk catalog.ForeignKey) bool { return fk.Name == n.Name }); i >= 0 {
		nt.ForeignKeys = slices.Delete(slices.Clone(t.ForeignKeys), i, i+1)
		if len(nt.ForeignKeys) == 0 {
			nt.ForeignKeys = nil
		}
		return r.storeFKs(&nt, nil, []string{t.ForeignKeys[i].RefTable})
	}
	if i := slices.IndexFunc(t.Checks, func(c catalog.Check) bool { return c.Name == n.Name }); i >= 0 {
		nt.Checks = slices.Delete(slices.Clone(t.Checks), i, i+1)
		if len(nt.Checks) == 0 {
			nt.Checks = nil
		}
		return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
	}
	if i := slices.IndexFunc(t.Exclusions, func(ex catalog.Exclusion) bool { return ex.Name == n.Name }); i >= 0 {
		nt.Exclusions = slices.Delete(slices.Clone(t.Exclusions), i, i+1)
		if len(nt.Exclusions) == 0 {
			nt.Exclusions = nil
		}
		return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
	}
	if ix, ok := t.IndexByName(n.Name); ok && ix.Unique {
		if err := r.fkIndexInUse(t, ix); err != nil {
			return err
		}
		if t.Partitioned != nil {
			if err := r.dropPartitionIndexes(db, t, ix); err != nil {
				return err
			}
		}
		_, err := r.x.cat.DropIndex(r.ctx, txn, db, n.Name)
		return err
	}
	if len(t.PrimaryKey) > 0 && n.Name == t.PKeyConstraint() {
		return r.dropPrimaryKey(txn, db, t)
	}
	if n.IfExists {
		return r.notices([]string{fmt.Sprintf("constraint %q of relation %q does not exist, skipping", n.Name, t.Name)})
	}
	return errs.New(errs.UndefinedObject, "constraint %q of relation %q does not exist", n.Name, t.Name)
}

// fkIndexInUse refuses to drop a unique index of t that a foreign key
// referencing t relies on (2BP01, as PostgreSQL's dependency does).
func (r *run) fkIndexInUse(t *catalog.Table, ix *catalog.Index) error {
	cols := plainParts(ix)
	if cols == nil || sameSet(cols, t.PrimaryKey) {
		return nil
	}
	return r.fkColumnsInUse(t, cols, "index "+ix.Name, ix.Name)
}

// fkColumnsInUse refuses to drop what (an index or constraint of t, its
// index named index) when a foreign key references t's columns cols.
func (r *run) fkColumnsInUse(t *catalog.Table, cols []string, what, index string) error {
	for _, name := range t.ReferencedBy {
		child, err := r.fkTable(t, name)
		if err != nil {
			return err
		}
		for _, fk := range child.ForeignKeys {
			if fk.RefTable == catalog.RelName(child.Database, t) && sameSet(fk.RefColumns, cols) {
				return errs.New(codeDependentObjects, "cannot drop %s because other objects depend on it", what).
					WithDetail("constraint %s on table %s depends on index %s", fk.Name, child.Name, index).
					WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
			}
		}
	}
	return nil
}

// dropWith is plan.DropTable.With as the foreign key ends of db's
// tables name them (catalog.RelName): an entry "schema.name", a table of
// another schema a DROP TABLE of several schemas drops too, becomes the
// ForeignName of its schema, or its bare name in db.
func (r *run) dropWith(db *catalog.Database, with []string) ([]string, error) {
	var out []string
	for i, w := range with {
		schema, name, ok := strings.Cut(w, ".")
		if !ok {
			continue
		}
		sdb, err := r.objectSchema(schema)
		if errs.Code(err) == errs.InvalidSchemaName {
			continue // that drop reports it
		}
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = slices.Clone(with)
		}
		if out[i] = name; sdb.ID != db.ID {
			out[i] = catalog.ForeignName(sdb.ID, name)
		}
	}
	if out == nil {
		return with, nil
	}
	return out, nil
}

// fkDropTable prepares dropping table name: a table other tables
// reference needs CASCADE (which drops their constraints: cascaded are
// their "drop cascades to" notices) unless they are dropped by the same
// statement (with); the tables it references forget it.
func (r *run) fkDropTable(name string, cascade bool, with []string) (cascaded []string, err error) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, name)
	if err != nil || !hasFKs(t) {
		return nil, nil // the drop reports a missing table
	}
	var dependents []string // "constraint c on table t"
	var children []*catalog.Table
	var childDBs []*catalog.Database
	for _, c := range t.ReferencedBy {
		if c == name || slices.Contains(with, c) {
			continue
		}
		cdb, child, err := r.fkLookup(t, c)
		if err != nil {
			if errs.Code(err) == errs.UndefinedTable {
				continue
			}
			return nil, err
		}
		if cdb.ID == db.ID {
			if below, err := r.partitionBelow(db, child, name); err != nil || below {
				if err != nil {
					return nil, err
				}
				continue // dropped with it (a partitioned table referencing itself)
			}
		}
		children, childDBs = append(children, child), append(childDBs, cdb)
		var up *catalog.Table // child's table, when it references t too
		if child.PartitionOf != "" && cdb.ID == db.ID && slices.Contains(t.ReferencedBy, child.PartitionOf) {
			if up, err = r.parentOf(db, child); err != nil {
				return nil, err
			}
		}
		self := catalog.RelName(child.Database, t)
		for _, fk := range child.ForeignKeys {
			// A partition's copy of its table's key is the table's
			// constraint, which PostgreSQL names alone.
			if fk.RefTable == self && (up == nil || !slices.ContainsFunc(up.ForeignKeys, func(x catalog.ForeignKey) bool { return x.Name == fk.Name })) {
				dependents = append(dependents, "constraint "+fk.Name+" on table "+child.Name)
			}
		}
	}
	if len(dependents) > 0 && !cascade {
		details := make([]string, len(dependents))
		for i, d := range dependents {
			details[i] = d + " depends on table " + name
		}
		return nil, errs.New(codeDependentObjects, "cannot drop table %s because other objects depend on it", name).
			WithDetail("%s", strings.Join(details, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	for _, d := range dependents {
		cascaded = append(cascaded, "drop cascades to "+d)
	}
	for i, child := range children {
		nc := *child
		self := catalog.RelName(child.Database, t)
		nc.ForeignKeys = slices.DeleteFunc(slices.Clone(child.ForeignKeys), func(fk catalog.ForeignKey) bool { return fk.RefTable == self })
		if len(nc.ForeignKeys) == 0 {
			nc.ForeignKeys = nil
		}
		if err := r.x.cat.AlterTable(r.ctx, txn, childDBs[i], &nc); err != nil {
			return nil, err
		}
	}
	for _, fk := range t.ForeignKeys {
		if fk.RefTable == name || slices.Contains(with, fk.RefTable) {
			continue
		}
		pdb, p, err := r.fkLookup(t, fk.RefTable)
		if err != nil {
			if errs.Code(err) == errs.UndefinedTable {
				continue
			}
			return nil, err
		}
		np := *p
		self := catalog.RelName(p.Database, t)
		np.ReferencedBy = slices.DeleteFunc(slices.Clone(p.ReferencedBy), func(s string) bool { return s == self })
		if len(np.ReferencedBy) == 0 {
			np.ReferencedBy = nil
		}
		if err := r.x.cat.AlterTable(r.ctx, txn, pdb, &np); err != nil {
			return nil, err
		}
	}
	return cascaded, nil
}

// fkTruncate refuses to truncate a table other tables reference unless
// they are truncated too (0A000, as PostgreSQL).
func fkTruncate(t *catalog.Table, all []string) error {
	for _, c := range t.ReferencedBy {
		if !slices.Contains(all, c) {
			return errs.New(errs.FeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint").
				WithDetail("Table %q references %q.", catalog.RefBaseName(c), t.Name).
				WithHint("Truncate table %q at the same time, or use TRUNCATE ... CASCADE.", catalog.RefBaseName(c))
		}
	}
	return nil
}

// fkAlterColumns follows ALTER TABLE's dropped and renamed (moved)
// columns of t (nt, the table as the ALTER leaves it) into the foreign
// keys: a foreign key of t using a dropped column is dropped with it, as
// PostgreSQL does; a renamed column is renamed in t's keys and in those
// of the tables referencing it. (A referenced column is a primary key or
// unique index column, which ALTER TABLE does not drop.)
func (r *run) fkAlterColumns(nt *catalog.Table, drops []string, moved map[string]string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	rename := func(cols []string) []string {
		out := slices.Clone(cols)
		for i, c := range out {
			if to, ok := moved[c]; ok {
				out[i] = to
			}
		}
		return out
	}
	var kept []catalog.ForeignKey
	var gone []string
	for _, fk := range nt.ForeignKeys {
		if slices.ContainsFunc(fk.Columns, func(c string) bool { return slices.Contains(drops, c) }) ||
			fk.RefTable == nt.Name && slices.ContainsFunc(fk.RefColumns, func(c string) bool { return slices.Contains(drops, c) }) {
			gone = append(gone, fk.RefTable)
			continue
		}
		fk.Columns = rename(fk.Columns)
		if fk.RefTable == nt.Name {
			fk.RefColumns = rename(fk.RefColumns)
		}
		kept = append(kept, fk)
	}
	nt.ForeignKeys = kept
	refs := func(name string) bool {
		return slices.ContainsFunc(kept, func(fk catalog.ForeignKey) bool { return fk.RefTable == name })
	}
	for _, p := range gone {
		if refs(p) {
			continue
		}
		if p == nt.Name {
			nt.ReferencedBy = slices.DeleteFunc(slices.Clone(nt.ReferencedBy), func(s string) bool { return s == nt.Name })
			continue
		}
		pdb, parent, err := r.fkLookup(nt, p)
		if err != nil {
			return err
		}
		np := *parent
		self := catalog.RelName(parent.Database, nt)
		np.ReferencedBy = slices.DeleteFunc(slices.Clone(parent.ReferencedBy), func(s string) bool { return s == self })
		if err := r.x.cat.AlterTable(r.ctx, txn, pdb, &np); err != nil {
			return err
		}
	}
	if len(moved) == 0 {
		return nil
	}
	for _, name := range nt.ReferencedBy {
		if name == nt.Name {
			continue
		}
		cdb, child, err := r.fkLookup(nt, name)
		if err != nil {
			return err
		}
		nc := *child
		nc.ForeignKeys = slices.Clone(child.ForeignKeys)
		self := catalog.RelName(child.Database, nt)
		for i := range nc.ForeignKeys {
			if nc.ForeignKeys[i].RefTable == self {
				nc.ForeignKeys[i].RefColumns = rename(nc.ForeignKeys[i].RefColumns)
			}
		}
		if err := r.x.cat.AlterTable(r.ctx, txn, cdb, &nc); err != nil {
			return err
		}
	}
	return nil
}

// fkRenameTable makes the foreign keys on both sides of t, just renamed
// from old, name it by its new name.
func (r *run) fkRenameTable(t *catalog.Table, old string) error {
	was := *t
	was.Name = old
	return r.fkFollowTable(&was, t)
}

// fkFollowTable makes the foreign keys on both sides of table t, which
// was was (renamed, or moved to another schema), name it as it is now:
// t's own ends name the other tables as seen from t's schema now, and
// theirs name t.
func (r *run) fkFollowTable(was, t *catalog.Table) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	// rebase is a name t held, as seen from was's schema, as seen from
	// t's.
	rebase := func(ref string) string {
		if ref == was.Name {
			return t.Name
		}
		id, name, ok := catalog.SplitForeignName(ref)
		if !ok {
			id = was.Database
		}
		return catalog.RelName(t.Database, &catalog.Table{Database: id, Name: name})
	}
	ends := func(x *catalog.Table, rename func(string) string) *catalog.Table {
		nx := *x
		nx.ForeignKeys = slices.Clone(x.ForeignKeys)
		for i := range nx.ForeignKeys {
			nx.ForeignKeys[i].RefTable = rename(nx.ForeignKeys[i].RefTable)
		}
		nx.ReferencedBy = slices.Clone(x.ReferencedBy)
		for i := range nx.ReferencedBy {
			nx.ReferencedBy[i] = rename(nx.ReferencedBy[i])
		}
		return &nx
	}
	nt := ends(t, rebase)
	db, err := r.tableDatabase(nt)
	if err != nil {
		return err
	}
	if err := r.x.cat.AlterTable(r.ctx, txn, db, nt); err != nil {
		return err
	}
	others := slices.Clone(nt.ReferencedBy)
	for _, fk := range nt.ForeignKeys {
		others = append(others, fk.RefTable)
	}
	slices.Sort(others)
	for _, name := range slices.Compact(others) {
		if name == nt.Name {
			continue
		}
		odb, o, err := r.fkLookup(nt, name)
		if err != nil {
			return err
		}
		from, to := catalog.RelName(o.Database, was), catalog.RelName(o.Database, nt)
		no := ends(o, func(s string) string {
			if s == from {
				return to
			}
			return s
		})
		if err := r.x.cat.AlterTable(r.ctx, txn, odb, no); err != nil {
			return err
		}
	}
	return nil
}

// fkRefSchema turns the schema a REFERENCES named (fk.RefSchema, the
// front end's) into the name child's key stores: bare for a table of
// child's own schema, catalog.ForeignName for another's.
func (r *run) fkRefSchema(child *catalog.Table, fk *catalog.ForeignKey) error {
	if fk.RefSchema == "" {
		return nil
	}
	to, err := r.schemaNamed(fk.RefSchema)
	if err != nil {
		return err
	}
	fk.RefSchema = ""
	if to.ID != child.Database {
		fk.RefTable = catalog.ForeignName(to.ID, fk.RefTable)
	}
	return nil
}

// schemaNamed is the schema of the statement's database called name
// (the database itself for "public"; 3F000 when there is none).
func (r *run) schemaNamed(name string) (*catalog.Database, error) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, err
	}
	if name == "public" {
		return r.databaseByID(db.Base().ID)
	}
	return r.x.cat.Schema(r.ctx, txn, db.Base(), name)
}
