package exec

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// Extended statistics objects are kept in their table's descriptor
// (catalog/statistics.go); each statement here rewrites it. Creating one
// takes the table's owner (checkDDL's check); altering, commenting on
// or dropping one its own owner, as in PostgreSQL.

// statisticsDDL runs CREATE, ALTER, COMMENT ON and DROP STATISTICS.
func (r *run) statisticsDDL(n plan.Node) error {
	switch n := n.(type) {
	case *plan.CreateStatistics:
		return r.createStatistics(n)
	case *plan.AlterStatistics:
		return r.alterStatistics(n)
	case *plan.DropStatistics:
		for i, name := range n.Names {
			if err := r.dropStatistic(name, n.Bare[i], n.IfExists); err != nil {
				return err
			}
		}
		return nil
	}
	return internalf("unknown statistics DDL node %T", n)
}

func (r *run) createStatistics(n *plan.CreateStatistics) error {
	txn, db, t, err := r.txnTable(n.Table)
	if err != nil {
		return err
	}
	taken, err := r.statisticNames()
	if err != nil {
		return err
	}
	st := n.Stat
	switch {
	case st.Name == "":
		st.Name = catalog.ChooseStatisticName(t.Name, n.Addition, taken)
	case taken(st.Name) && n.IfNotExists:
		return r.notices([]string{`statistics object "` + st.Name + `" already exists, skipping`})
	case taken(st.Name):
		return errs.New(errs.DuplicateObject, "statistics object %q already exists", st.Name)
	}
	if owner := r.creator(); owner != t.Owner {
		st.Owner = owner
	}
	nt := *t
	nt.Statistics = append(slices.Clone(t.Statistics), st)
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}

// statisticNames reports whether a statistics object name is taken in
// the statement's database.
func (r *run) statisticNames() (taken func(string) bool, err error) {
	_, _, tables, err := r.txnTables()
	if err != nil {
		return nil, err
	}
	return func(name string) bool {
		return slices.ContainsFunc(tables, func(t *catalog.Table) bool { return t.StatisticByName(name) >= 0 })
	}, nil
}

// nameStatistics names the statistics objects a new table t copies
// from another (CREATE TABLE ... LIKE ... INCLUDING STATISTICS), as
// PostgreSQL names them for t.
func (r *run) nameStatistics(t *catalog.Table) error {
	if !slices.ContainsFunc(t.Statistics, func(s catalog.Statistic) bool { return s.Name == "" }) {
		return nil
	}
	taken, err := r.statisticNames()
	if err != nil {
		return err
	}
	t.Statistics = slices.Clone(t.Statistics)
	for i := range t.Statistics {
		if st := &t.Statistics[i]; st.Name == "" {
			st.Name = catalog.ChooseStatisticName(t.Name, st.NameAddition(), func(name string) bool {
				return taken(name) || t.StatisticByName(name) >= 0
			})
		}
	}
	return nil
}

// statistic finds statistics object name for a change by its owner: in
// the statement's database or, for a bare name, the session's temporary
// schema (where PostgreSQL's search path looks first). It gives the
// database, a copy of the table to change and the object's index in
// it; ok is false when it is missing and ifExists skipped it.
func (r *run) statistic(name string, bare, ifExists bool) (db *catalog.Database, nt *catalog.Table, i int, ok bool, err error) {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, nil, -1, false, err
	}
	var t *catalog.Table
	if temp := r.env.Temp; bare && temp != nil && temp != db {
		if t, i, err = r.x.cat.FindStatistic(r.ctx, txn, temp, name); err == nil {
			db = temp
		}
	}
	if t == nil {
		t, i, err = r.x.cat.FindStatistic(r.ctx, txn, db, name)
	}
	if err != nil {
		return nil, nil, -1, false, r.skipMissing(err, ifExists, errs.UndefinedObject, "statistics object", name)
	}
	if who := r.role(); who != nil && !who.HasPrivsOf(t.Statistics[i].OwnerName(t)) {
		return nil, nil, -1, false, errNotOwner("statistics object", name)
	}
	c := *t
	c.Statistics = slices.Clone(t.Statistics)
	return db, &c, i, true, nil
}

func (r *run) dropStatistic(name string, bare, ifExists bool) error {
	db, nt, i, ok, err := r.statistic(name, bare, ifExists)
	if !ok {
		return err
	}
	nt.Statistics = slices.Delete(nt.Statistics, i, i+1)
	if len(nt.Statistics) == 0 {
		nt.Statistics = nil
	}
	return r.storeTable(db, nt)
}

func (r *run) alterStatistics(n *plan.AlterStatistics) error {
	db, nt, i, ok, err := r.statistic(n.Name, n.Bare, n.IfExists)
	if !ok {
		return err
	}
	st := &nt.Statistics[i]
	switch {
	case n.NewName != "":
		if n.NewName == st.Name {
			break
		}
		txn, err := r.txn()
		if err != nil {
			return err
		}
		if _, _, err := r.x.cat.FindStatistic(r.ctx, txn, db, n.NewName); err == nil {
			return errs.New(errs.DuplicateObject, "statistics object %q already exists in schema %q", n.NewName, catalog.QualifiedSchema(db))
		}
		st.Name = n.NewName
	case n.SetOwner:
		role, err := r.ownerRole(n.Owner)
		if err != nil {
			return err
		}
		st.Owner = role
		if role == nt.OwnerName() {
			st.Owner = ""
		}
	case n.Target != nil:
		target := *n.Target
		switch {
		case target < -1:
			return errs.New(errs.InvalidParameterValue, "statistics target %d is too low", target)
		case target == -1:
			st.Target = nil
		default:
			if target > maxStatisticsTarget {
				target = maxStatisticsTarget
				if err := r.warning("lowering statistics target to %d", target); err != nil {
					return err
				}
			}
			st.Target = &target
		}
	case n.Comment != nil:
		st.Comment = *n.Comment
	}
	return r.storeTable(db, nt)
}

// maxStatisticsTarget is PostgreSQL's highest statistics target.
const maxStatisticsTarget = 10000

// statisticsOwnedBy lists the statistics objects of d's tables that
// role owns other than through the table (DROP ROLE refuses them,
// RENAME renames the role in them).
func (r *run) statisticsOwnedBy(d *catalog.Database, role string) ([]roleObject, error) {
	txn, tables, err := r.tablesIn(d)
	if err != nil {
		return nil, err
	}
	var out []roleObject
	for _, t := range tables {
		for _, st := range t.Statistics {
			if st.Owner != role {
				continue
			}
			name, table := st.Name, t.Name
			out = append(out, roleObject{kind: "statistics object", name: name, owner: true, rename: func(to string) error {
				t, err := r.x.cat.Table(r.ctx, txn, d, table)
				if err != nil {
					return err
				}
				nt := *t
				nt.Statistics = slices.Clone(t.Statistics)
				if i := nt.StatisticByName(name); i >= 0 {
					nt.Statistics[i].Owner = to
				}
				return r.x.cat.AlterTable(r.ctx, txn, d, &nt)
			}})
		}
	}
	return out, nil
}

// storeTable stores t, a changed copy of a table of db.
func (r *run) storeTable(db *catalog.Database, t *catalog.Table) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, t)
}
