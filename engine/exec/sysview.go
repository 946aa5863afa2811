package exec

import (
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// sysEnv is the statement's environment as package sysview reads it,
// one per run (a rerun starts afresh) while its transaction and database
// stay: it keeps what it read of the catalog, which a cast to regclass or
// pg_get_indexdef in each row of a catalog query would otherwise read
// again, every relation of every schema each time.
func (r *run) sysEnv() *sysview.Env {
	if r.sys != nil && r.sys.Txn == r.env.Txn && r.sys.Database == r.env.Database && r.sys.Temp == r.env.Temp {
		return r.sys
	}
	r.sys = &sysview.Env{Ctx: r.ctx, Txn: r.env.Txn, Cat: r.x.cat, Reg: r.x.reg,
		Namespace: r.env.Namespace, Database: r.env.Database, Temp: r.env.Temp, Session: r.env.Session, Role: r.env.Role, ReadOnly: r.env.ReadOnly,
		ViewRelations: r.x.ViewRelations, ZQLNames: r.x.ZQLNames, ExprColumns: r.x.ExprColumns,
		ParseTypeName: r.x.ParseTypeName, RuleExpr: r.x.RuleExpr, Stats: r.x.Stats, KeepRelations: true}
	return r.sys
}

// virtualScan scans a virtual relation (sysview). Its rows are computed
// on the first open and kept for the statement: the inner side of a
// nested-loop join is opened once per outer row, and the rows cannot
// change within the statement's transaction.
type virtualScan struct {
	r      *run
	n      *plan.Scan
	o      outer
	rows   [][2]value.Value
	loaded bool
	// keyed marks rows made for the one relation of OID key
	// (plan.Scan.CatalogKey).
	keyed bool
	key   int64
	i     int
	lim   int64
	count int64
	row   [2]value.Value
	frow  []value.Value // a row of fields as columns
}

func (s *virtualScan) open(o outer) error {
	s.o, s.i, s.count = o, 0, 0
	lim, err := s.r.rowCount(s.n.Limit, o, false)
	if err != nil {
		return err
	}
	s.lim = lim
	if s.n.Span != nil {
		return internalf("a key span on virtual relation %q", s.n.Table.Name)
	}
	key, keyed := s.catalogKey(o)
	if !s.loaded || keyed != s.keyed || key != s.key {
		if _, err := s.r.txn(); err != nil {
			return err
		}
		var rows [][2]value.Value
		var err error
		if keyed {
			rows, err = sysview.RowsOf(s.r.sysEnv(), s.n.Table, key)
		} else {
			rows, err = s.r.virtualRows(s.n.Table)
		}
		if err != nil {
			return err
		}
		s.rows, s.loaded, s.keyed, s.key = rows, true, keyed, key
	}
	return nil
}

// catalogKey is the relation OID the scan's rows are limited to
// (plan.Scan.CatalogKey), keyed=false when there is none: a value that
// is no integer (NULL, an error) leaves every row to the filter, which
// keeps the comparison and decides as it would have.
func (s *virtualScan) catalogKey(o outer) (key int64, keyed bool) {
	if s.n.CatalogKey == nil {
		return 0, false
	}
	sc := o.scope(nil)
	v, err := s.r.eval(s.n.CatalogKey, &sc)
	if err != nil || v.Kind() != value.KindInt {
		return 0, false
	}
	return v.AsInt(), true
}

func (s *virtualScan) close() {}

func (s *virtualScan) next() ([]value.Value, error) {
	for s.i < len(s.rows) && (s.lim < 0 || s.count < s.lim) {
		k := s.i
		if s.n.Reverse {
			k = len(s.rows) - 1 - s.i
		}
		s.i++
		s.row = s.rows[k]
		row := s.row[:]
		if s.n.Fields != nil {
			// The plan reads the fields as columns (plan.Scan.Fields).
			base := s.n.FieldsBase()
			if s.frow == nil {
				s.frow = make([]value.Value, base+len(s.n.Fields))
			}
			s.frow[0] = row[0] // overwritten by a field when base is 0
			for i, f := range s.n.Fields {
				s.frow[base+i], _ = row[1].AsObject().Get(f)
			}
			row = s.frow
		}
		ok, err := s.r.scanFilter(s.n, s.o, row)
		if err != nil {
			return nil, err
		}
		if ok {
			s.count++
			return row, nil
		}
	}
	return nil, nil
}

// virtualRows are the rows of a virtual relation or a transition table.
func (r *run) virtualRows(t *catalog.Table) ([][2]value.Value, error) {
	if !t.Transition {
		return sysview.Rows(r.sysEnv(), t)
	}
	if r.env.Transition == nil {
		return nil, internalf("transition table %q outside its trigger", t.Name)
	}
	return r.env.Transition.tableRows(t.Name)
}

// checkWritable rejects writes to the virtual relations, as PostgreSQL
// rejects them to its system catalogs, and to transition tables.
func checkWritable(t *catalog.Table) error {
	if t.Transition {
		return errs.New(errs.FeatureNotSupported, "relation %q cannot be the target of a modifying statement", t.Name)
	}
	if sysview.IsSequenceRelation(t) {
		return errs.New(errs.WrongObjectType, "cannot change sequence %q", t.Name)
	}
	if sysview.IsVirtual(t) {
		return errs.New(errs.InsufficientPrivilege, "permission denied: %q is a system catalog", t.Name)
	}
	return nil
}

// sysFunc finds the sysview function a SQL call names.
func sysFunc(fn string) (*sysview.Func, bool) {
	name, ok := strings.CutPrefix(fn, "sql::")
	if !ok {
		return nil, false
	}
	return sysview.LookupFunc(name)
}

// evalSysCall calls a sysview function (the builtin registry had none of
// that name).
func (r *run) evalSysCall(c *plan.Call, f *sysview.Func, sc *scope) (value.Value, error) {
	if len(c.Args) < f.MinArgs || (f.MaxArgs >= 0 && len(c.Args) > f.MaxArgs) {
		return value.None, errAt(c.P, errs.UndefinedFunction, "function %s does not take %d arguments", c.Fn, len(c.Args))
	}
	args := make([]value.Value, 0, len(c.Args))
	for _, a := range c.Args {
		v, err := r.eval(a, sc)
		if err != nil {
			return value.None, err
		}
		if f.Strict && v.IsNone() {
			return value.None, nil
		}
		args = append(args, v)
	}
	v, err := f.Fn(r.sysEnv(), args)
	if err != nil {
		if errs.Code(err) == errs.QueryCanceled {
			// A cancelled statement, not an error of this call.
			return value.None, err
		}
		return value.None, atPos(err, c.P)
	}
	return v, nil
}
