package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// preparedInsertIter runs an Insert's Prepare (the CREATE TABLE of CREATE
// TABLE AS, or the emptying of a materialized view by REFRESH) when
// opened, then writes the input's rows into the table as the catalog has
// it now: the translation could not know the new table's id.
type preparedInsertIter struct {
	r  *run
	n  *plan.Insert
	in iterator // the insert, once the table is ready; nil: nothing to write
}

func (it *preparedInsertIter) open(o outer) error {
	if it.in != nil {
		it.in.close()
		it.in = nil
	}
	r := it.r
	ddl := &ddlIter{r: r, n: it.n.Prepare}
	switch p := it.n.Prepare.(type) {
	case *plan.CreateTable:
		created, err := ddl.createTable(p)
		if err != nil || !created {
			return err // IF NOT EXISTS: the table is someone else's
		}
	case *plan.RefreshMatView:
		if err := r.refreshMatView(p); err != nil {
			return err
		}
	default:
		return internalf("unknown insert preparation %T", it.n.Prepare)
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, it.n.Table.Name)
	if err != nil {
		return err
	}
	ins := *it.n
	ins.Table, ins.Prepare = t, nil
	in, err := r.buildInsertInto(&ins)
	if err != nil {
		return err
	}
	if err := in.open(o); err != nil {
		in.close()
		return err
	}
	it.in = in
	return nil
}

func (it *preparedInsertIter) next() ([]value.Value, error) {
	if it.in == nil {
		return nil, nil
	}
	return it.in.next()
}

func (it *preparedInsertIter) close() {
	if it.in != nil {
		it.in.close()
		it.in = nil
	}
}

// notMatView refuses to write a materialized view's records other than
// by its CREATE and REFRESH (the SQL front end refuses such writes
// first; this keeps ZQL's out too).
func notMatView(t *catalog.Table) error {
	if t != nil && t.MatView != nil {
		return errs.New(errs.WrongObjectType, "cannot change materialized view %q", t.Name)
	}
	return nil
}

// refreshMatView empties a materialized view and records whether it is
// populated (the rows of a REFRESH with data are the Insert's that runs
// next).
func (r *run) refreshMatView(n *plan.RefreshMatView) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, n.Name)
	if err != nil {
		return err
	}
	if t.MatView == nil {
		return errs.New(errs.WrongObjectType, "%q is not a materialized view", n.Name)
	}
	if err := r.x.cat.TruncateTable(r.ctx, txn, db, t); err != nil {
		return err
	}
	r.countTruncate(t)
	if t.MatView.Populated == n.Populated {
		return nil
	}
	c := *t
	mv := *t.MatView
	mv.Populated = n.Populated
	c.MatView = &mv
	return r.x.cat.AlterTable(r.ctx, txn, db, &c)
}
