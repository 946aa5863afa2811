package zqlfe

import (
	"math"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
	"github.com/zerodb/zerodb/translate"
)

// stream is a ZQL stream in relational form: node's rows (at row level
// el.level) carry the elements, described by el — a column, or the key and
// object columns of a record. Keeping records as [key, object] columns
// until a value is needed lets writes find their records and lets the
// optimizer see field conditions on scanned objects.
type stream struct {
	node plan.Node
	el   binding
}

// isStream decides whether an expression is a stream (package doc). It
// builds nothing, so a caller can choose the row level to build at.
func (t *translator) isStream(e lang.Expr) (bool, error) {
	switch e := e.(type) {
	case *lang.Ident:
		tb, err := t.tableNamed(e)
		return tb != nil, err
	case *lang.Comprehension, *lang.Path:
		return true, nil
	case *lang.Range:
		_, lo := e.Lo.(*lang.RecordID)
		_, hi := e.Hi.(*lang.RecordID)
		return lo && hi, nil
	case *lang.Pipeline:
		return t.isStreamCall(t.pipeCall(e))
	case *lang.Call:
		return t.isStreamCall(t.callSite(e))
	case *lang.FieldAccess:
		if _, ok := tupleIndex(e.Name); ok {
			return false, nil
		}
		return t.isStream(e.X)
	case *lang.Index:
		if !hasFreeDot(e.Index) {
			return false, nil
		}
		return t.isStream(e.X)
	}
	return false, nil
}

func (t *translator) isStreamCall(cs *callSite) (bool, error) {
	k, err := t.classify(cs)
	return k == callStage || k == callWriteMany, err
}

// tableNamed returns the table a bare name stands for, or nil when the
// name is bound to something else or names no table.
func (t *translator) tableNamed(id *lang.Ident) (*catalog.Table, error) {
	if t.lookup(id.Name) != nil || t.hasSessionVar(id.Name) {
		return nil, nil
	}
	return t.tableMaybe(id.Name, t.at(id))
}

// tableMaybe looks a table up; a missing table is nil, not an error.
func (t *translator) tableMaybe(name string, pos int) (*catalog.Table, error) {
	if tb, ok := t.tables[name]; ok {
		return tb, nil
	}
	tb, err := t.r.Table(t.ctx, name)
	if err != nil {
		if hasCode(err, errs.UndefinedTable) {
			tb = nil
		} else {
			return nil, withPos(err, pos)
		}
	}
	if t.tables == nil {
		t.tables = make(map[string]*catalog.Table)
	}
	t.tables[name] = tb
	return tb, nil
}

// table looks a table up; a missing table is 42P01 at pos.
func (t *translator) table(name string, pos int) (*catalog.Table, error) {
	tb, err := t.tableMaybe(name, pos)
	if err != nil {
		return nil, err
	}
	if tb == nil {
		return nil, errAt(errs.UndefinedTable, pos, "table %q does not exist", name)
	}
	return tb, nil
}

// stream builds a stream whose node lives at the current row level. The
// caller has checked isStream.
func (t *translator) stream(e lang.Expr) (*stream, error) {
	if err := t.ctx.Err(); err != nil {
		return nil, errs.From(err)
	}
	switch e := e.(type) {
	case *lang.Ident:
		tb, err := t.table(e.Name, t.at(e))
		if err != nil {
			return nil, err
		}
		return t.scan(tb, nil, t.at(e))
	case *lang.Comprehension:
		return t.comprehension(e)
	case *lang.Path:
		return t.path(e)
	case *lang.Range:
		return t.keyRange(e)
	case *lang.Pipeline:
		return t.callStream(t.pipeCall(e))
	case *lang.Call:
		return t.callStream(t.callSite(e))
	case *lang.FieldAccess:
		// persons.name: the field of every element.
		in, err := t.stream(e.X)
		if err != nil {
			return nil, err
		}
		if err := t.checkFieldRead(in.el.table, e); err != nil {
			return nil, err
		}
		pos := t.at(e)
		x := t.field(t.ref(&in.el, pos), e.Name, pos)
		return t.project(in.node, x), nil
	case *lang.Index:
		// persons[.age > 30]: the elements for which the condition holds.
		in, err := t.stream(e.X)
		if err != nil {
			return nil, err
		}
		cond, err := t.withElem(in.el, ".", func() (plan.Expr, error) { return t.expr(e.Index) })
		if err != nil {
			return nil, err
		}
		return &stream{node: &plan.Filter{Input: in.node, Cond: cond}, el: in.el}, nil
	}
	return nil, errAt(errs.InternalError, t.at(e), "zqlfe: %T is not a stream", e)
}

// node returns the stream as a node of one column holding the elements.
func (t *translator) node(s *stream, pos int) plan.Node {
	if s.el.kind == bindCol && s.el.col == 0 && len(s.node.Columns()) == 1 {
		return s.node
	}
	return &plan.Project{Input: s.node, Exprs: []plan.Expr{t.ref(&s.el, pos)}, Cols: []plan.Column{elemColumn()}}
}

func elemColumn() plan.Column { return plan.Column{Name: "result", Type: value.Any} }

// project makes a stream of x computed per row of n.
func (t *translator) project(n plan.Node, x plan.Expr) *stream {
	return &stream{
		node: &plan.Project{Input: n, Exprs: []plan.Expr{x}, Cols: []plan.Column{elemColumn()}},
		el:   binding{kind: bindCol, level: t.level},
	}
}

// scan is the stream of a table's records in key order; a partitioned
// table's are its partitions' records, one partition after another (an
// Append of their scans, which the optimizer prunes as SQL's).
func (t *translator) scan(tb *catalog.Table, span *plan.KeySpan, pos int) (*stream, error) {
	n, err := t.tableScan(tb, span, pos)
	if err != nil {
		return nil, err
	}
	return &stream{node: n, el: binding{kind: bindRecord, level: t.level, col: 0, obj: 1, table: tb}}, nil
}

func (t *translator) tableScan(tb *catalog.Table, span *plan.KeySpan, pos int) (plan.Node, error) {
	s := &plan.Scan{Table: tb, Alias: tb.Name, Span: span}
	if tb.Partitioned == nil {
		return s, nil
	}
	n, err := translate.PartitionedScan(t.ctx, t.r, s)
	if err != nil {
		return nil, withPos(err, pos)
	}
	return n, nil
}

// withElem translates with name bound to a stream's element.
func (t *translator) withElem(el binding, name string, fn func() (plan.Expr, error)) (plan.Expr, error) {
	t.pushScope()
	defer t.popScope()
	el.name = name
	t.bind(el)
	return fn()
}

// keyRange is t.@a..t.@m: a scan of a key range, in key order.
func (t *translator) keyRange(e *lang.Range) (*stream, error) {
	lo, hi := e.Lo.(*lang.RecordID), e.Hi.(*lang.RecordID)
	if lo.Table.Name != hi.Table.Name {
		return nil, errAt(errs.DatatypeMismatch, t.at(hi), "a key range needs both ends in one table, not %s and %s", lo.Table.Name, hi.Table.Name)
	}
	tb, err := t.table(lo.Table.Name, t.at(lo.Table))
	if err != nil {
		return nil, err
	}
	lk, err := t.convertKey(tb, t.literalKey(lo.Key), t.at(lo.Key))
	if err != nil {
		return nil, err
	}
	hk, err := t.convertKey(tb, t.literalKey(hi.Key), t.at(hi.Key))
	if err != nil {
		return nil, err
	}
	span := &plan.KeySpan{
		Lo: konst(t.at(lo), lk), LoInclusive: true,
		Hi: konst(t.at(hi), hk), HiInclusive: e.Inclusive,
	}
	return t.scan(tb, span, t.at(e))
}

// source is the stream a generator draws from: a table name is a scan (an
// unknown one is 42P01), a stream is itself, any other value is unnested
// (a list, a range, or one scalar element).
func (t *translator) source(e lang.Expr) (*stream, error) {
	if id, ok := e.(*lang.Ident); ok && t.lookup(id.Name) == nil && !t.hasSessionVar(id.Name) {
		tb, err := t.table(id.Name, t.at(id))
		if err != nil {
			return nil, err
		}
		return t.scan(tb, nil, t.at(id))
	}
	ok, err := t.isStream(e)
	if err != nil {
		return nil, err
	}
	if ok {
		return t.stream(e)
	}
	return t.unnest(e)
}

// unnest is the stream of the elements of a value.
func (t *translator) unnest(e lang.Expr) (*stream, error) {
	x, err := t.expr(e)
	if err != nil {
		return nil, err
	}
	return t.unnestExpr(x), nil
}

func (t *translator) unnestExpr(x plan.Expr) *stream {
	return &stream{
		node: &plan.Unnest{X: x, Col: plan.Column{Name: "elem", Type: value.Any}},
		el:   binding{kind: bindCol, level: t.level},
	}
}

// streamOrUnnest is the input of a stage: a stream, or the elements of a
// value (zql.md §7: stages apply to lists the same way).
func (t *translator) streamOrUnnest(e lang.Expr) (*stream, error) {
	ok, err := t.isStream(e)
	if err != nil {
		return nil, err
	}
	if ok {
		return t.stream(e)
	}
	return t.unnest(e)
}

// oneRow is a node of one empty row: the input of a comprehension that
// starts with a condition, and of single inserts.
func oneRow() plan.Node { return &plan.Values{Rows: [][]plan.Expr{{}}} }

// comprehension translates [X in S, ...] and [H : ...] (zql.md §6).
// Generators become a left-deep tree of joins (lateral when a source reads
// earlier generators), conditions Filters at the point they appear, the
// head a Project — unless the head is a generator's variable, whose
// element (a record with its key and object columns) the stream keeps.
func (t *translator) comprehension(c *lang.Comprehension) (*stream, error) {
	t.pushScope()
	defer t.popScope()
	var acc plan.Node
	var headEl *binding
	for i, cl := range c.Clauses {
		switch cl := cl.(type) {
		case *lang.Generator:
			var el binding
			if acc == nil {
				s, err := t.source(cl.Source)
				if err != nil {
					return nil, err
				}
				acc, el = s.node, s.el
			} else {
				var err error
				if acc, el, err = t.laterGenerator(acc, cl.Source); err != nil {
					return nil, err
				}
			}
			switch {
			case cl.Var != nil:
				el.name = cl.Var.Name
			case i == 0 && !c.Colon:
				// [X in S]: X names the element, or is the head with `.`
				// bound to it.
				switch h := c.Head.(type) {
				case *lang.Ident:
					el.name = h.Name
				default:
					el.name = "."
				}
			}
			t.bind(el)
			if i == 0 && !c.Colon {
				switch c.Head.(type) {
				case *lang.Ident, *lang.Dot:
					b := el
					headEl = &b
				}
			}
		case *lang.Cond:
			if acc == nil {
				acc = oneRow()
			}
			cond, err := t.expr(cl.X)
			if err != nil {
				return nil, err
			}
			acc = &plan.Filter{Input: acc, Cond: cond}
		}
	}
	if acc == nil {
		return nil, errAt(errs.SyntaxError, t.at(c), "a comprehension needs a generator")
	}
	if headEl == nil && c.Colon {
		// [p : p in persons, ...] keeps p's record like the in-form.
		if id, ok := c.Head.(*lang.Ident); ok {
			for i := len(t.scope.binds) - 1; i >= 0; i-- {
				if t.scope.binds[i].name == id.Name {
					b := t.scope.binds[i]
					headEl = &b
					break
				}
			}
		}
	}
	if headEl != nil {
		return &stream{node: acc, el: *headEl}, nil
	}
	head, err := t.expr(c.Head)
	if err != nil {
		return nil, err
	}
	return t.project(acc, head), nil
}

// laterGenerator joins a generator after the first. Its source is built one
// row level deeper, as the right side of a lateral join would be; when it
// read no enclosing row at all (minRef), it does not depend on earlier
// generators and the join is a plain one — the source is the same at
// either level then, having no column reference to shift.
func (t *translator) laterGenerator(left plan.Node, src lang.Expr) (plan.Node, binding, error) {
	level := t.level
	saved := t.minRef
	t.minRef = math.MaxInt
	t.level++
	s, err := t.source(src)
	t.level--
	lateral := t.minRef <= level
	t.minRef = min(saved, t.minRef)
	if err != nil {
		return nil, binding{}, err
	}
	nl := len(left.Columns())
	el := s.el
	el.level = level
	el.col += nl
	el.obj += nl
	return &plan.Join{Kind: plan.InnerJoin, Left: left, Right: s.node, Lateral: lateral}, el, nil
}

// hasFreeDot reports whether e uses the element `.` of its context: a
// pipeline stage argument that does is a per-element closure (zql.md §7).
// Stage arguments of nested pipelines and the insides of in-form
// comprehensions with a non-name head bind `.` anew and do not count.
func hasFreeDot(e lang.Node) bool {
	switch e := e.(type) {
	case nil:
		return false
	case *lang.Dot:
		return true
	case *lang.Pipeline:
		return hasFreeDot(e.Input)
	case *lang.Comprehension:
		if !e.Colon && len(e.Clauses) > 0 {
			if g, ok := e.Clauses[0].(*lang.Generator); ok && hasFreeDot(g.Source) {
				return true
			}
			if _, ok := e.Head.(*lang.Ident); !ok {
				return false
			}
			for _, c := range e.Clauses[1:] {
				if hasFreeDot(c) {
					return true
				}
			}
			return false
		}
	}
	found := false
	eachChild(e, func(c lang.Node) bool {
		found = hasFreeDot(c)
		return !found
	})
	return found
}
