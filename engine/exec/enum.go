package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// enumInUse is DROP TYPE's check: PostgreSQL refuses to drop an enum a
// column uses unless CASCADE, which would drop the columns; zerodb
// refuses both ways rather than drop data silently.
func (r *run) enumInUse(n *plan.DropObject) error {
	if !n.CheckUse {
		return nil
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	if _, err := r.x.cat.Enum(r.ctx, txn, db, n.Name); err != nil {
		return err
	}
	tables, cols, err := r.x.cat.EnumUsers(r.ctx, txn, db, n.Name)
	if err != nil || len(tables) == 0 {
		return err
	}
	detail := "column " + cols[0] + " of table " + tables[0].Name + " depends on type " + n.Name
	if n.Cascade {
		return errs.New(errs.FeatureNotSupported, "DROP TYPE ... CASCADE of a type a column uses is not supported").
			WithDetail("%s", detail).WithHint("Drop or retype the column first.")
	}
	return errs.New(errs.DependentObjectsStillExist, "cannot drop type %s because other objects depend on it", n.Name).
		WithDetail("%s", detail).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
}

// alterEnum runs ALTER TYPE ... ADD VALUE, RENAME VALUE and RENAME TO.
// Labels are kept in declaration order (a label added BEFORE or AFTER
// another takes its place in that order), which is the enum's sort order.
func (r *run) alterEnum(n *plan.AlterEnum) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cat := r.x.cat
	e, err := cat.Enum(r.ctx, txn, db, n.Name)
	if err != nil {
		return err
	}
	ne := *e
	ne.Variants = slices.Clone(e.Variants)
	notLabel := func(l string) error {
		return errs.New(errs.InvalidParameterValue, "%q is not an existing enum label", l)
	}
	switch {
	case n.Add != "":
		if slices.Contains(ne.Variants, n.Add) {
			if n.IfNotExists {
				if r.env.Notices == nil {
					return nil
				}
				return r.env.Notices.Notice("NOTICE", errs.SuccessfulCompletion, `enum label "`+n.Add+`" already exists, skipping`)
			}
			return errs.New(errs.DuplicateObject, "enum label %q already exists", n.Add)
		}
		at := len(ne.Variants)
		if n.Neighbor != "" {
			i := slices.Index(ne.Variants, n.Neighbor)
			if i < 0 {
				return notLabel(n.Neighbor)
			}
			at = i
			if n.After {
				at++
			}
		}
		ne.Variants = slices.Insert(ne.Variants, at, n.Add)
	case n.OldLabel != "":
		i := slices.Index(ne.Variants, n.OldLabel)
		if i < 0 {
			return notLabel(n.OldLabel)
		}
		if slices.Contains(ne.Variants, n.NewLabel) {
			return errs.New(errs.DuplicateObject, "enum label %q already exists", n.NewLabel)
		}
		// Stored values are their labels: renaming one in use would need
		// every such record rewritten, which is not done yet.
		tables, cols, err := cat.EnumUsers(r.ctx, txn, db, n.Name)
		if err != nil {
			return err
		}
		if len(tables) > 0 {
			return errs.New(errs.FeatureNotSupported, "ALTER TYPE ... RENAME VALUE of an enum a column uses is not supported").
				WithDetail("column %s of table %s uses type %s", cols[0], tables[0].Name, n.Name)
		}
		ne.Variants[i] = n.NewLabel
	case n.NewName != "":
		ne.Name = n.NewName
	default:
		return errs.New(errs.InternalError, "ALTER TYPE without an action")
	}
	return cat.AlterEnum(r.ctx, txn, db, n.Name, &ne)
}
