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
	r      *run
	in     iterator
	t      *catalog.Table
	event  uint8
	obj    plan.Expr // NEW, evaluated on the input row (nil: DELETE)
	oldCol int       // the input's column holding OLD (-1: INSERT)
	o      outer
	rows   [][]value.Value
	store  rowStore
	pos    int
	filled bool
	out    [2]value.Value
}

func (it *insteadIter) open(o outer) error {
	it.o, it.rows, it.store, it.pos, it.filled = o, it.rows[:0], rowStore{}, 0, false
	if it.r.env.PL == nil {
		return errs.New(errs.FeatureNotSupported, "view %q has triggers, which cannot run here", it.t.Name)
	}
	return it.in.open(o)
}

func (it *insteadIter) close() { it.in.close() }

func (it *insteadIter) next() ([]value.Value, error) {
	r := it.r
	if !it.filled {
		it.filled = true
		for {
			row, err := it.in.next()
			if err != nil {
				return nil, err
			}
			if row == nil {
				break
			}
			if err := r.tick(); err != nil {
				return nil, err
			}
			it.rows = append(it.rows, it.store.copy(row))
		}
	}
	for it.pos < len(it.rows) {
		row := it.rows[it.pos]
		it.pos++
		if err := r.tick(); err != nil {
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
		out, err := r.fireInstead(it.t, it.event, old, nv)
		if err != nil {
			return nil, err
		}
		if out.IsNone() {
			continue
		}
		r.writes++
		it.out[0], it.out[1] = value.None, out
		return it.out[:], nil
	}
	return nil, nil
}

// fireInstead runs the INSTEAD OF triggers of view t for event in name
// order, each given the NEW the one before returned, as PostgreSQL; it
// returns value.None when one returned NULL (the row is not counted),
// else the last NEW (OLD for a DELETE).
func (r *run) fireInstead(t *catalog.Table, event uint8, old, nv value.Value) (value.Value, error) {
	for i := range t.Triggers {
		trig := &t.Triggers[i]
		if trig.Disabled || !trig.Instead || trig.Events&event == 0 {
			continue
		}
		out, err := r.env.PL.FireRow(r.ctx, r.env, t, trig, event, old, nv, nil)
		if err != nil {
			return value.None, err
		}
		if out.IsNone() {
			return value.None, nil
		}
		if event != catalog.TriggerDelete {
			nv = out
		}
	}
	if event == catalog.TriggerDelete {
		return old, nil
	}
	return nv, nil
}
