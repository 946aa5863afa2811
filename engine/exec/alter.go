package exec

import (
	"maps"
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// alterTable applies ALTER TABLE to the stored descriptor and rewrites
// the table's records to the new shape: an added column takes its
// default (NOT NULL without one fails on a non-empty table, 23502), a
// dropped column is removed with the indexes that read it, a renamed one
// moves (its indexes follow).
func (r *run) alterTable(n *plan.AlterTable) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	db, err := r.database()
	if err != nil {
		return err
	}
	cat := r.x.cat
	t, err := cat.Table(r.ctx, txn, db, n.Name)
	if err != nil {
		if n.IfExists && errs.Code(err) == errs.UndefinedTable {
			return r.notice("relation %q does not exist, skipping", n.Name)
		}
		return errs.From(err)
	}
	if len(n.Actions) == 1 && n.Actions[0].Kind == plan.AlterRenameTable {
		renamed, err := cat.RenameTable(r.ctx, txn, db, n.Name, n.Actions[0].NewName)
		if err == nil {
			r.env.Deferred.renameTable(n.Name, renamed.Name)
		}
		if err == nil && hasFKs(t) {
			err = r.fkRenameTable(renamed, n.Name)
		}
		if err == nil && (t.Partitioned != nil || t.PartitionOf != "") {
			err = r.renamePartitionLinks(db, renamed, n.Name)
		}
		if err == nil && (len(t.Children) > 0 || len(t.Inherits) > 0) {
			err = r.renameInheritanceLinks(db, renamed, n.Name)
		}
		return err
	}
	if !t.Schemafull {
		return errs.New(errs.FeatureNotSupported, "ALTER TABLE of schemaless table %q", t.Name)
	}
	if err := r.checkWaitingOf(t); err != nil {
		return err
	}
	nt := *t
	nt.Fields = slices.Clone(t.Fields)
	nt.PrimaryKey = slices.Clone(t.PrimaryKey)
	type rename struct{ from, to string }
	var drops, dropIndexes []string
	var renames []rename
	// rewrite: the records change (a column added, dropped or renamed);
	// notNull: columns that must hold a value in every record now.
	rewrite := false
	var notNull []string
	var added []*catalog.Field      // ADD COLUMN: existing records get the default
	var addSeqs []*catalog.Sequence // owned by serial and identity columns added
	var retyped []plan.AlterAction  // ALTER COLUMN TYPE: each record's new value
	var rebuild []catalog.Index     // the indexes of retyped columns
	for _, a := range n.Actions {
		if a.Sequence == nil && a.Field.DefaultSeq != "" && t.PartitionOf != "" &&
			(a.Kind == plan.AlterAddColumn || a.Kind == plan.AlterAddIdentity) {
			if a.Field.DefaultSeq, err = r.tableSequenceOf(db, t, a.Field.Name); err != nil {
				return err
			}
		}
		if a.Kind == plan.AlterColumnType {
			if err := retypeField(&nt, t, a); err != nil {
				return err
			}
			retyped = append(retyped, a)
			for _, ix := range nt.Indexes {
				if indexUses(&ix, a.Column) && !slices.ContainsFunc(rebuild, func(r catalog.Index) bool { return r.Name == ix.Name }) {
					rebuild = append(rebuild, ix)
				}
			}
			rewrite = true
			continue
		}
		if a.Kind == plan.AlterDropExpression {
			f, _, ok := nt.FieldByName(a.Column)
			if !ok {
				return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
			}
			f.Generated = "" // the stored values stay
			continue
		}
		if a.Kind == plan.AlterReplicaIdentity {
			if err := r.setReplicaIdentity(&nt, a); err != nil {
				return err
			}
			continue
		}
		if a.Kind == plan.AlterColumnInheritance {
			f, _, ok := nt.FieldByName(a.Column)
			if !ok {
				return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
			}
			f.InhCount, f.NotLocal = a.Field.InhCount, a.Field.NotLocal
			continue
		}
		if a.Kind == plan.AlterColumnSettings {
			f, _, ok := nt.FieldByName(a.Column)
			if !ok {
				return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
			}
			if err := checkColumnSettings(f, a.Field.Settings); err != nil {
				return err
			}
			f.Settings = a.Field.Settings
			continue
		}
		if a.Kind == plan.AlterAddIdentity {
			f, _, ok := nt.FieldByName(a.Column)
			if !ok {
				return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
			}
			f.Identity, f.HasDefault, f.DefaultSeq = a.Field.Identity, true, a.Field.DefaultSeq
			if a.Sequence != nil {
				addSeqs = append(addSeqs, a.Sequence)
			}
			continue
		}
		switch a.Kind {
		case plan.AlterColumnDefault, plan.AlterSetNotNull, plan.AlterDropNotNull:
			f, _, ok := nt.FieldByName(a.Column)
			if !ok {
				return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
			}
			switch a.Kind {
			case plan.AlterColumnDefault:
				if f.Identity != catalog.IdentityNone {
					e := errs.New(errs.SyntaxError, "column %q of relation %q is an identity column", f.Name, t.Name)
					if !a.Field.HasDefault {
						e = e.WithHint("Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.")
					}
					return e
				}
				f.HasDefault, f.DefaultValue, f.DefaultFunc, f.DefaultShown = a.Field.HasDefault, a.Field.DefaultValue, a.Field.DefaultFunc, a.Field.DefaultShown
				f.DefaultSeq = a.Field.DefaultSeq // SET DEFAULT nextval('s'); "" after DROP DEFAULT
				f.DefaultExpr = a.Field.DefaultExpr
			case plan.AlterSetNotNull:
				if f.Optional {
					notNull = append(notNull, f.Name)
				}
				f.Optional = false
			case plan.AlterDropNotNull:
				if slices.Contains(nt.PrimaryKey, a.Column) {
					return errs.New(errs.InvalidTableDefinition, "column %q is in a primary key", a.Column)
				}
				if slices.Contains(replicaIdentityColumns(&nt), a.Column) {
					return errs.New(errs.InvalidTableDefinition, "column %q is in index used as replica identity", a.Column)
				}
				f.Optional = true
			}
			continue
		}
		rewrite = true
		switch a.Kind {
		case plan.AlterAddColumn:
			if _, _, ok := nt.FieldByName(a.Field.Name); ok {
				if a.Missing {
					continue
				}
				return errs.New(errs.DuplicateColumn, "column %q of relation %q already exists", a.Field.Name, t.Name)
			}
			nt.Fields = append(nt.Fields, a.Field)
			added = append(added, &a.Field)
			if a.Sequence != nil {
				addSeqs = append(addSeqs, a.Sequence)
			}
		case plan.AlterDropColumn, plan.AlterRenameColumn:
			_, i, ok := nt.FieldByName(a.Column)
			if !ok {
				if a.Missing {
					continue
				}
				if a.Kind == plan.AlterRenameColumn {
					// PostgreSQL's renameatt names no relation.
					return errs.New(errs.UndefinedColumn, "column %q does not exist", a.Column)
				}
				return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
			}
			if a.Kind == plan.AlterDropColumn {
				if slices.Contains(nt.PrimaryKey, a.Column) {
					return errs.New(errs.FeatureNotSupported, "dropping primary key column %q of relation %q is not supported", a.Column, t.Name)
				}
				if slices.Contains(nt.PKeyInclude, a.Column) {
					// PostgreSQL drops the primary key with it; zerodb
					// keys the rows by it, as for a key column.
					return errs.New(errs.FeatureNotSupported, "dropping column %q of relation %q, which its primary key includes, is not supported", a.Column, t.Name)
				}
				// PostgreSQL drops the indexes that read a dropped column.
				nt.Indexes = slices.DeleteFunc(slices.Clone(nt.Indexes), func(ix catalog.Index) bool {
					if indexUses(&ix, a.Column) {
						dropIndexes = append(dropIndexes, ix.Name)
						return true
					}
					return false
				})
				nt.Fields = slices.Delete(nt.Fields, i, i+1)
				drops = append(drops, a.Column)
				continue
			}
			if _, _, taken := nt.FieldByName(a.NewName); taken {
				return errs.New(errs.DuplicateColumn, "column %q of relation %q already exists", a.NewName, t.Name)
			}
			nt.Fields[i].Name = a.NewName
			// The generation expressions that read the column: the front
			// end renamed it in their text, as in index expressions'.
			for k := range nt.Fields {
				if g := nt.Fields[k].Generated; g != "" {
					if text, ok := a.IndexExprs[g]; ok {
						nt.Fields[k].Generated = text
					}
				}
			}
			// An index keeps reading the column under its new name (its
			// entries hold values, not names).
			nt.Indexes = slices.Clone(nt.Indexes)
			for k := range nt.Indexes {
				if ix := &nt.Indexes[k]; slices.Contains(ix.WhereCols, a.Column) {
					text, ok := a.IndexExprs[ix.Where]
					if !ok {
						return errs.New(errs.FeatureNotSupported, "renaming column %q, which the predicate of index %q reads", a.Column, ix.Name)
					}
					ix.Where = text
					ix.WhereCols = slices.Clone(ix.WhereCols)
					ix.WhereCols[slices.Index(ix.WhereCols, a.Column)] = a.NewName
				}
				if ix := &nt.Indexes[k]; slices.Contains(ix.Include, a.Column) {
					ix.Include = slices.Clone(ix.Include)
					ix.Include[slices.Index(ix.Include, a.Column)] = a.NewName
				}
				if indexUses(&nt.Indexes[k], a.Column) {
					nt.Indexes[k].Parts = slices.Clone(nt.Indexes[k].Parts)
					for j, p := range nt.Indexes[k].Parts {
						if p.Expr != "" && slices.Contains(p.Cols, a.Column) {
							// The stored text names the column: the front
							// end renamed it there.
							text, ok := a.IndexExprs[p.Expr]
							if !ok {
								return errs.New(errs.FeatureNotSupported, "renaming column %q, which the expression of index %q reads", a.Column, nt.Indexes[k].Name)
							}
							p.Expr = text
							p.Cols = slices.Clone(p.Cols)
							p.Cols[slices.Index(p.Cols, a.Column)] = a.NewName
							nt.Indexes[k].Parts[j] = p
							continue
						}
						if len(p.Path) > 0 && p.Path[0] == a.Column {
							p.Path = append([]string{a.NewName}, p.Path[1:]...)
							nt.Indexes[k].Parts[j] = p
						}
					}
				}
			}
			for k, c := range nt.PrimaryKey {
				if c == a.Column {
					nt.PrimaryKey[k] = a.NewName
				}
			}
			if i := slices.Index(nt.PKeyInclude, a.Column); i >= 0 {
				nt.PKeyInclude = slices.Clone(nt.PKeyInclude)
				nt.PKeyInclude[i] = a.NewName
			}
			if pk := nt.Partitioned; pk != nil && slices.Contains(pk.Columns, a.Column) {
				// The front end translates the statement for each
				// partition too, which renames the column there.
				c := *pk
				c.Columns = slices.Clone(pk.Columns)
				c.Columns[slices.Index(c.Columns, a.Column)] = a.NewName
				nt.Partitioned = &c
			}
			renames = append(renames, rename{a.Column, a.NewName})
		default:
			return errs.New(errs.FeatureNotSupported, "ALTER TABLE with RENAME TO and other changes")
		}
	}
	if n.SetExclusions {
		nt.Exclusions = slices.Clone(n.Exclusions)
	}
	if n.SetChecks {
		nt.Checks = slices.Clone(n.Checks)
	}
	if n.SetStatistics {
		nt.Statistics = slices.Clone(n.Statistics)
		if len(nt.Statistics) == 0 {
			nt.Statistics = nil
		}
	}
	if hasFKs(t) {
		moved := make(map[string]string, len(renames))
		for _, rn := range renames {
			moved[rn.from] = rn.to
		}
		if err := r.fkAlterColumns(&nt, drops, moved); err != nil {
			return err
		}
	}
	for _, name := range dropIndexes {
		// Each drop rewrites the stored descriptor; nt, written next,
		// already lacks these indexes.
		if _, err := cat.DropIndex(r.ctx, txn, db, name); err != nil {
			return err
		}
	}
	seqs, err := r.tableSequences(&nt, addSeqs)
	if err != nil {
		return err
	}
	for i, f := range added {
		// The added fields as stored: a serial one draws from the
		// sequence named just now.
		if sf, _, ok := nt.FieldByName(f.Name); ok {
			added[i] = sf
		}
	}
	if err := cat.AlterTable(r.ctx, txn, db, &nt); err != nil {
		return err
	}
	if err := r.createSequences(seqs); err != nil {
		return err
	}
	for _, d := range drops {
		// A dropped serial or identity column takes its sequence along.
		if err := r.dropOwnedSequences(t.Name, d, false); err != nil {
			return err
		}
	}
	for _, rn := range renames {
		// A renamed one keeps it.
		if err := r.renameSequenceOwner(t.Name, rn.from, rn.to); err != nil {
			return err
		}
	}
	if !rewrite && len(notNull) == 0 {
		return nil
	}
	// Rewrite (or only check) every record: read them all first, then
	// write.
	prefix, err := r.tablePrefix(nil, &nt)
	if err != nil {
		return err
	}
	type rec struct{ k, v []byte }
	var recs []rec
	it := txn.Scan(r.ctx, prefix, prefixEnd(prefix), false)
	for it.Next() {
		recs = append(recs, rec{append([]byte(nil), it.Key()...), append([]byte(nil), it.Value()...)})
	}
	if err := it.Err(); err != nil {
		it.Close()
		return errs.From(err)
	}
	if err := it.Close(); err != nil {
		return errs.From(err)
	}
	var buf []byte
	for _, rc := range recs {
		if err := r.tick(); err != nil {
			return err
		}
		v, err := value.Decode(rc.v)
		if err != nil {
			return errs.From(err)
		}
		if v.Kind() != value.KindObject {
			continue
		}
		var key value.Value
		if len(retyped) > 0 || len(n.Validate) > 0 {
			if key, err = keys.DecodeRecordKeyIn(prefix, rc.k); err != nil {
				return err
			}
			if kt := keyType(t); kt != nil {
				key, _ = normalizeKey(key, kt)
			}
		}
		if !rewrite {
			// Only SET NOT NULL: a record is checked as it is (validate
			// would fill in a default for a null).
			for _, c := range notNull {
				if x, ok := v.AsObject().Get(c); !ok || x.IsNone() {
					return errs.New(errs.NotNullViolation, "column %q of relation %q contains null values", c, t.Name)
				}
			}
			continue
		}
		obj := v.AsObject().Clone()
		if len(retyped) > 0 {
			// USING reads the record as it was.
			row := [2]value.Value{key, v}
			sc := scope{row: row[:]}
			for _, a := range retyped {
				x, err := r.eval(a.Using, &sc)
				if err != nil {
					return err
				}
				obj.Set(a.Column, x)
			}
		}
		for _, d := range drops {
			obj.Delete(d)
		}
		for _, rn := range renames {
			if x, ok := obj.Get(rn.from); ok {
				obj.Delete(rn.from)
				obj.Set(rn.to, x)
			}
		}
		for _, f := range added {
			if _, ok := obj.Get(f.Name); !ok && f.HasDefault {
				d, err := r.fieldDefault(nil, f)
				if err != nil {
					return err
				}
				obj.Set(f.Name, d)
			} else if !ok && f.Domain != "" && !f.DomainArray {
				// A new column of a domain takes the domain's default.
				d, err := r.domainDefault(f)
				if err != nil {
					return err
				}
				if !d.IsNone() {
					obj.Set(f.Name, d)
				}
			}
		}
		valid, err := r.validateRewritten(&nt, obj)
		if err == nil {
			var c *plan.Check
			if c, err = r.failingCheck(n.Validate, key, valid); err == nil && c != nil {
				return violatedBySomeRow(t, c.Name)
			}
		}
		if err != nil {
			if errs.Code(err) == errs.NotNullViolation {
				// The record as rewritten, before validation (which
				// yields nothing on an error).
				for _, f := range nt.Fields {
					if x, ok := obj.Get(f.Name); !f.Optional && (!ok || x.IsNone()) {
						return errs.New(errs.NotNullViolation, "column %q of relation %q contains null values", f.Name, t.Name)
					}
				}
			}
			return err
		}
		buf = value.Encode(buf[:0], value.ObjectOf(valid))
		if err := txn.Put(rc.k, buf); err != nil {
			return errs.From(err)
		}
	}
	// The entries of a retyped column's indexes hold the old values:
	// build those indexes again.
	for _, ix := range rebuild {
		if _, err := cat.DropIndex(r.ctx, txn, db, ix.Name); err != nil {
			return err
		}
		ix.ID, ix.Options = 0, ix.Settings()
		if err := ix.SetGINEntries(&nt); err != nil {
			return err
		}
		if _, err := r.makeIndex(txn, db, nt.Name, ix, false); err != nil {
			return err
		}
	}
	return nil
}

// retypeField gives the field of nt that a names the type a.Field has:
// a primary key column only between integer types (the record keys stay
// as they are), a column of a foreign key only to a type the key still
// compares (fkddl.go), and a constant default converted (42804 when it
// cannot be, as PostgreSQL says).
func retypeField(nt, t *catalog.Table, a plan.AlterAction) error {
	f, _, ok := nt.FieldByName(a.Column)
	if !ok {
		return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
	}
	to := a.Field.Type
	if slices.Contains(nt.PrimaryKey, a.Column) && (f.Type.Kind != value.KindInt || to.Kind != value.KindInt) {
		return errs.New(errs.FeatureNotSupported, "changing the type of primary key column %q to %s", a.Column, to.SQLName())
	}
	if fkUses(t, a.Column) && !(comparableTypes(f.Type, to) && comparableTypes(to, f.Type)) {
		return errs.New(errs.FeatureNotSupported, "changing the type of column %q, which a foreign key uses, to %s", a.Column, to.SQLName())
	}
	if f.HasDefault && f.DefaultFunc == "" && !f.DefaultValue.IsNone() {
		d, err := value.Convert(f.DefaultValue, to)
		if err != nil {
			return errs.New(errs.DatatypeMismatch, "default for column %q cannot be cast automatically to type %s", a.Column, to.SQLName())
		}
		f.DefaultValue = d
	}
	f.Type, f.Domain = to, a.Field.Domain
	return nil
}

// fkUses reports whether a foreign key of t, or one referencing t, has
// column c among its columns (a referencing key names t's columns in
// RefColumns, or t's primary key when they are empty).
func fkUses(t *catalog.Table, c string) bool {
	for _, fk := range t.ForeignKeys {
		if slices.Contains(fk.Columns, c) {
			return true
		}
	}
	return len(t.ReferencedBy) > 0 && (slices.Contains(t.PrimaryKey, c) || uniqueIndexUses(t, c))
}

func uniqueIndexUses(t *catalog.Table, c string) bool {
	for i := range t.Indexes {
		if t.Indexes[i].Unique && indexUses(&t.Indexes[i], c) {
			return true
		}
	}
	return false
}

// indexUses reports whether an index reads column c (in a key part, its
// INCLUDE or its predicate).
func indexUses(ix *catalog.Index, c string) bool {
	if slices.Contains(ix.WhereCols, c) || slices.Contains(ix.Include, c) {
		return true
	}
	for _, p := range ix.Parts {
		if len(p.Path) > 0 && p.Path[0] == c || slices.Contains(p.Cols, c) {
			return true
		}
	}
	return false
}

// commentMissing is PostgreSQL's error for COMMENT ON a view, index or
// sequence that the catalog did not find (err, 42P01): 42809 "is not
// what" when name is a relation of another kind, else 42P01 "relation
// does not exist". Other errors pass.
func (r *run) commentMissing(err error, what, name string) error {
	if errs.Code(err) != errs.UndefinedTable && errs.Code(err) != errs.UndefinedObject {
		return err
	}
	kind, _ := r.relation(name)
	if kind == "" {
		if txn, db, terr := r.txnDatabase(); terr == nil {
			if _, _, ierr := r.x.cat.FindIndex(r.ctx, txn, db, name); ierr == nil {
				kind = "index"
			}
		}
	}
	if kind != "" {
		return errs.New(errs.WrongObjectType, "%q is not %s", name, what)
	}
	return errs.New(errs.UndefinedTable, "relation %q does not exist", name)
}

// comment runs COMMENT ON TABLE, COLUMN, MATERIALIZED VIEW, VIEW, INDEX,
// SEQUENCE and FUNCTION.
func (r *run) comment(n *plan.Comment) error {
	if n.Kind == "large object" {
		return r.commentLargeObject(n)
	}
	if n.Kind == "schema" {
		// Its owner's, as ALTER SCHEMA (inSchema finds it: 3F000).
		return r.inSchema(n.Table, false, func() error {
			txn, s, err := r.txnDatabase()
			if err != nil {
				return err
			}
			if rs := r.role(); rs != nil && !rs.HasPrivsOf(s.OwnerName()) {
				return errNotOwner("schema", s.Name)
			}
			return r.x.cat.CommentSchema(r.ctx, txn, s, n.Text)
		})
	}
	switch n.Kind {
	case "database":
		// Its owner's, as ALTER DATABASE; "ns/db" names one of another
		// namespace, as DROP's does.
		txn, err := r.txn()
		if err != nil {
			return err
		}
		d, err := r.namedDatabase(txn, n.Table)
		if errs.Code(err) == errs.InvalidCatalogName && r.env.Notices != nil {
			// PostgreSQL only warns: pg_dumpall's output may comment on
			// a database another cluster had.
			return r.env.Notices.Notice(errs.Notice{Severity: "WARNING", Code: errs.InvalidCatalogName, Message: errs.From(err).Message})
		}
		if err == nil {
			err = r.requireDatabaseOwner(d, n.Table)
		}
		if err != nil {
			return err
		}
		return r.x.cat.CommentDatabase(r.ctx, txn, d, n.Text)
	case "constraint":
		txn, db, t, err := r.txnTable(n.Table)
		if err != nil {
			return err
		}
		if !t.HasConstraint(n.Column) {
			return errs.New(errs.UndefinedObject, "constraint %q for table %q does not exist", n.Column, t.Name)
		}
		nt := *t
		nt.ConstraintComments = maps.Clone(t.ConstraintComments)
		if nt.ConstraintComments == nil {
			nt.ConstraintComments = map[string]string{}
		}
		nt.ConstraintComments[n.Column] = n.Text
		return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
	case "trigger", "policy":
		txn, db, t, err := r.txnTable(n.Table)
		if err != nil {
			return err
		}
		nt := *t
		found := false
		if n.Kind == "trigger" {
			nt.Triggers = slices.Clone(t.Triggers)
			for i := range nt.Triggers {
				if nt.Triggers[i].Name == n.Column {
					nt.Triggers[i].Comment, found = n.Text, true
				}
			}
		} else {
			nt.Policies = slices.Clone(t.Policies)
			for i := range nt.Policies {
				if nt.Policies[i].Name == n.Column {
					nt.Policies[i].Comment, found = n.Text, true
				}
			}
		}
		if !found {
			return errs.New(errs.UndefinedObject, "%s %q for table %q does not exist", n.Kind, n.Column, t.Name)
		}
		return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
	case "type", "domain":
		txn, db, err := r.txnDatabase()
		if err != nil {
			return err
		}
		return r.x.cat.CommentType(r.ctx, txn, db, n.Table, n.Text, n.Kind == "domain")
	case "view", "index", "sequence":
		txn, db, err := r.txnDatabase()
		if err != nil {
			return err
		}
		switch n.Kind {
		case "view":
			v, err := r.x.cat.View(r.ctx, txn, db, n.Table)
			if err != nil {
				return r.commentMissing(err, "a view", n.Table)
			}
			return r.x.cat.CommentView(r.ctx, txn, db, v, n.Text)
		case "sequence":
			return r.commentMissing(r.x.cat.CommentSequence(r.ctx, txn, db, n.Table, n.Text), "a sequence", n.Table)
		}
		t, ix, err := r.x.cat.FindIndex(r.ctx, txn, db, n.Table)
		if err != nil {
			return r.commentMissing(err, "an index", n.Table)
		}
		nt := *t
		nt.Indexes = slices.Clone(t.Indexes)
		for i := range nt.Indexes {
			if nt.Indexes[i].ID == ix.ID {
				nt.Indexes[i].Comment = n.Text
			}
		}
		return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
	}
	if n.Function != "" {
		txn, db, err := r.txnDatabase()
		if err != nil {
			return err
		}
		f, err := r.x.cat.Function(r.ctx, txn, db, n.Function)
		if err != nil {
			return err
		}
		nf := *f
		nf.Comment = n.Text
		return r.x.cat.PutFunction(r.ctx, txn, db, &nf)
	}
	txn, db, t, err := r.txnTable(n.Table)
	if err != nil {
		return err
	}
	nt := *t
	if n.Column == "" {
		nt.Comment = n.Text
		return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
	}
	nt.Fields = slices.Clone(t.Fields)
	f, _, ok := nt.FieldByName(n.Column)
	if !ok {
		return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", n.Column, t.Name)
	}
	f.Comment = n.Text
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}

// setViewOptions runs ALTER VIEW ... SET | RESET (security_invoker,
// security_barrier).
func (r *run) setViewOptions(n *plan.SetViewOptions) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	v, err := r.x.cat.View(r.ctx, txn, db, n.View)
	if err != nil {
		if n.IfExists && errs.Code(err) == errs.UndefinedTable {
			return r.notice("relation %q does not exist, skipping", n.View)
		}
		return err
	}
	nv := *v
	if n.SetInvoker {
		nv.SecurityInvoker = n.Invoker
	}
	if n.SetBarrier {
		nv.SecurityBarrier = n.Barrier
	}
	return r.x.cat.RewriteView(r.ctx, txn, db, &nv)
}

// checkColumnSettings refuses settings a column's type cannot take, as
// PostgreSQL does: a storage other than PLAIN, or a compression method,
// for a type of fixed length.
func checkColumnSettings(f *catalog.Field, s *catalog.ColumnSettings) error {
	if s == nil || sysview.TypeStorage(f.Type) != 'p' {
		return nil
	}
	if s.Storage != 0 && s.Storage != 'p' {
		return errs.New(errs.FeatureNotSupported, "column data type %s can only have storage PLAIN", sysview.ColumnTypeName(f.Type))
	}
	if s.Compression != 0 {
		return errs.New(errs.FeatureNotSupported, "column data type %s does not support compression", sysview.ColumnTypeName(f.Type))
	}
	return nil
}
