package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
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
		return ignoreIf(err, n.IfExists, errs.UndefinedTable)
	}
	if len(n.Actions) == 1 && n.Actions[0].Kind == plan.AlterRenameTable {
		renamed, err := cat.RenameTable(r.ctx, txn, db, n.Name, n.Actions[0].NewName)
		if err == nil && hasFKs(t) {
			err = r.fkRenameTable(renamed, n.Name)
		}
		return err
	}
	if !t.Schemafull {
		return errs.New(errs.FeatureNotSupported, "ALTER TABLE of schemaless table %q", t.Name)
	}
	nt := *t
	nt.Fields = slices.Clone(t.Fields)
	nt.PrimaryKey = slices.Clone(t.PrimaryKey)
	type rename struct{ from, to string }
	var drops, dropIndexes []string
	var renames []rename
	for _, a := range n.Actions {
		switch a.Kind {
		case plan.AlterAddColumn:
			if _, _, ok := nt.FieldByName(a.Field.Name); ok {
				if a.Missing {
					continue
				}
				return errs.New(errs.DuplicateColumn, "column %q of relation %q already exists", a.Field.Name, t.Name)
			}
			nt.Fields = append(nt.Fields, a.Field)
		case plan.AlterDropColumn, plan.AlterRenameColumn:
			_, i, ok := nt.FieldByName(a.Column)
			if !ok {
				if a.Missing {
					continue
				}
				return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
			}
			if a.Kind == plan.AlterDropColumn {
				if slices.Contains(nt.PrimaryKey, a.Column) {
					return errs.New(errs.FeatureNotSupported, "dropping primary key column %q of relation %q is not supported", a.Column, t.Name)
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
			// An index keeps reading the column under its new name (its
			// entries hold values, not names).
			nt.Indexes = slices.Clone(nt.Indexes)
			for k := range nt.Indexes {
				if indexUses(&nt.Indexes[k], a.Column) {
					nt.Indexes[k].Parts = slices.Clone(nt.Indexes[k].Parts)
					for j, p := range nt.Indexes[k].Parts {
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
			renames = append(renames, rename{a.Column, a.NewName})
		default:
			return errs.New(errs.FeatureNotSupported, "ALTER TABLE with RENAME TO and other changes")
		}
	}
	if n.SetChecks {
		nt.Checks = slices.Clone(n.Checks)
	}
	if len(nt.Fields) == 0 {
		return errs.New(errs.FeatureNotSupported, "a table without columns")
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
	if err := cat.AlterTable(r.ctx, txn, db, &nt); err != nil {
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
	// Rewrite every record: read them all first, then write.
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
		obj := v.AsObject().Clone()
		for _, d := range drops {
			obj.Delete(d)
		}
		for _, rn := range renames {
			if x, ok := obj.Get(rn.from); ok {
				obj.Delete(rn.from)
				obj.Set(rn.to, x)
			}
		}
		if obj, err = r.validate(&nt, obj); err != nil {
			if errs.Code(err) == errs.NotNullViolation {
				for _, f := range nt.Fields {
					if x, ok := obj.Get(f.Name); !f.Optional && (!ok || x.IsNone()) {
						return errs.New(errs.NotNullViolation, "column %q of relation %q contains null values", f.Name, t.Name)
					}
				}
			}
			return err
		}
		buf = value.Encode(buf[:0], value.ObjectOf(obj))
		if err := txn.Put(rc.k, buf); err != nil {
			return errs.From(err)
		}
	}
	return nil
}

// indexUses reports whether an index reads column c.
func indexUses(ix *catalog.Index, c string) bool {
	for _, p := range ix.Parts {
		if len(p.Path) > 0 && p.Path[0] == c {
			return true
		}
	}
	return false
}
