package exec

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// insteadIter writes a view (catalog.Table.InsteadOf) the only way a
// view is written: by its INSTEAD OF row triggers, run for each input
// row in place of the write. Like an UPDATE's, the input is read whole
// before the first trigger runs, so that the triggers' writes do not
// change which rows it yields. It yields [NULL, row] for each row the
// triggers did not skip, row being the NEW the last trigger returned
// (OLD for a DELETE), as PostgreSQL's RETURNING and row count see it.
type insteadIter struct {
	writeBase
	t      *catalog.Table
	event  uint8
	obj    plan.Expr // NEW, evaluated on the input row (nil: DELETE)
	oldCol int       // the input's column holding OLD (-1: INSERT)
	// setCols are an UPDATE's SET columns (its statement triggers).
	setCols []string
}

func (it *insteadIter) open(o outer) error {
	if it.r.env.PL == nil {
		return errs.New(errs.FeatureNotSupported, "view %q has triggers, which cannot run here", it.t.Name)
	}
	// The view's statement triggers fire around the INSTEAD OF ones.
	return it.openInput(o, it.t, true, it.setCols, it.event)
}

func (it *insteadIter) next() ([]value.Value, error) {
	r := it.r
	for {
		row, err := it.nextRow()
		if row == nil || err != nil {
			return nil, err
		}
		old, nv := value.None, value.None
		if it.oldCol >= 0 {
			if it.oldCol >= len(row) {
				return nil, internalf("INSTEAD OF: the old row's column is out of range")
			}
			old = row[it.oldCol]
		}
		if it.obj != nil {
			sc := it.o.scope(row)
			v, err := r.eval(it.obj, &sc)
			if err != nil {
				return nil, err
			}
			nv = v
		}
		if it.event == catalog.TriggerDelete {
			// What a DELETE yields when no trigger skipped the row.
			nv = old
		}
		out, err := r.fireTriggers(it.t, true, it.event, nil, old, nv)
		if err != nil {
			return nil, err
		}
		if out.IsNone() {
			continue
		}
		r.writes++
		return it.emit(false, value.None, out, nil), nil
	}
}
