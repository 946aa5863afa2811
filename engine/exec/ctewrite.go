package exec

import (
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// withWritesIter runs a statement with data-modifying WITH queries
// (plan.WithWrites). Each write runs to completion when the iterator
// opens, in its own overlayTxn over the statement's transaction, and
// its rows are kept for the CTEScans; the main statement then runs in an
// overlay of its own when it writes (a query reads the transaction,
// which does not hold the WITH writes yet). The overlays are written
// into the transaction when the statement's rows are drained
// (finishWrites), before the foreign keys are checked.
type withWritesIter struct {
	r  *run
	n  *plan.WithWrites
	in iterator
}

func (it *withWritesIter) open(o outer) error {
	r := it.r
	if r.over != nil || len(r.overlays) > 0 {
		return errs.New(errs.FeatureNotSupported, "WITH clause containing a data-modifying statement must be at the top level")
	}
	base, err := r.txn()
	if err != nil {
		return err
	}
	if r.cteRows == nil {
		r.cteRows = make(map[int][][]value.Value, len(it.n.Writes))
	}
	for _, w := range it.n.Writes {
		ov := newOverlay(base)
		r.over = ov
		rows, err := it.drain(w.Node, o)
		r.over = nil
		if err != nil {
			return err
		}
		r.cteRows[w.ID] = rows
		r.overlays = append(r.overlays, ov)
	}
	if opt.Analyze(it.n.Input).Writes {
		ov := newOverlay(base)
		r.over = ov
		r.overlays = append(r.overlays, ov)
	}
	in, err := r.build(it.n.Input)
	if err != nil {
		return err
	}
	it.in = in
	return in.open(o)
}

// drain runs a write to completion and returns its rows.
func (it *withWritesIter) drain(n plan.Node, o outer) ([][]value.Value, error) {
	r := it.r
	w, err := r.build(n)
	if err != nil {
		return nil, err
	}
	defer w.close()
	if err := w.open(o); err != nil {
		return nil, err
	}
	var rows [][]value.Value
	var store rowStore
	for {
		row, err := w.next()
		if err != nil {
			return nil, err
		}
		if row == nil {
			return rows, nil
		}
		if err := r.tick(); err != nil {
			return nil, err
		}
		rows = append(rows, store.copy(row))
	}
}

func (it *withWritesIter) next() ([]value.Value, error) { return it.in.next() }

func (it *withWritesIter) close() {
	if it.in != nil {
		it.in.close()
	}
}

// finishWrites writes the statement's overlays into its transaction, in
// the order the parts ran.
func (r *run) finishWrites() error {
	r.over = nil
	if len(r.overlays) == 0 {
		return nil
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	written := make(map[string]bool)
	for _, ov := range r.overlays {
		if err := ov.applyTo(txn, written); err != nil {
			return err
		}
	}
	r.overlays = nil
	return nil
}

// cteScanIter yields the rows a data-modifying WITH query returned.
type cteScanIter struct {
	r    *run
	n    *plan.CTEScan
	rows [][]value.Value
	pos  int
}

func (it *cteScanIter) open(outer) error {
	rows, ok := it.r.cteRows[it.n.ID]
	if !ok {
		return internalf("WITH query %q read before it ran", it.n.Name)
	}
	it.rows, it.pos = rows, 0
	return nil
}

func (it *cteScanIter) next() ([]value.Value, error) {
	if it.pos >= len(it.rows) {
		return nil, nil
	}
	it.pos++
	return it.rows[it.pos-1], nil
}

func (it *cteScanIter) close() {}
