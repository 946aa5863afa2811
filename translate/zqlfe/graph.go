package zqlfe

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// Graph paths (zql.md §9). A path whose two ends are concrete vertices
// (record ids, records, lists of them, names bound to them) and whose one
// middle step is a plain edge name (or an edge name called with a field
// object) creates edges (`->`, `<-`) or removes them (`-/>`): a LinkEdges
// node. Every other path is a traversal: a Traverse node over the head's
// vertices, one GraphStep per edge position. Positions alternate: vertex,
// edge, vertex, ...; a path that ends on an edge yields edge records.

// pathEnd is one element of a path with the arrows around it.
type pathElem struct {
	x           lang.Expr
	before      lang.ArrowDir // the arrow before it (unused for the head)
	after       lang.ArrowDir
	hasAfter    bool
	hasBefore   bool
	beforeArrow lang.Node
}

// isConcrete reports whether a path end names vertices by value rather
// than describing them (`*`, a table, a filter).
func (t *translator) isConcrete(e lang.Expr) (bool, error) {
	switch e := e.(type) {
	case *lang.Star:
		return false, nil
	case *lang.Index:
		if hasFreeDot(e.Index) {
			return false, nil
		}
	case *lang.Ident:
		if tb, err := t.tableNamed(e); err != nil || tb != nil {
			return false, err
		}
	}
	s, err := t.isStream(e)
	return !s, err
}

// linkShape returns the edge name and field object of a creating path's
// middle step, ok false when the step is not a plain edge name.
func linkShape(e lang.Expr) (name *lang.Ident, fields lang.Expr, ok bool) {
	switch e := e.(type) {
	case *lang.Ident:
		return e, nil, true
	case *lang.Call:
		if id, isID := e.Fn.(*lang.Ident); isID && len(e.Args) == 1 && e.Form != lang.CallMethod {
			return id, e.Args[0], true
		}
	}
	return nil, nil, false
}

// path translates a path used as a stream.
func (t *translator) path(p *lang.Path) (*stream, error) {
	link, err := t.isLink(p)
	if err != nil {
		return nil, err
	}
	if link {
		return t.linkEdges(p)
	}
	for _, s := range p.Steps {
		if s.Dir == lang.ArrowUnlink {
			return nil, errAt(errs.SyntaxError, t.at(s), "-/> removes edges: write vertices -/> edge -/> vertices, with records (or lists of them) at both ends")
		}
	}
	elems := make([]pathElem, 0, len(p.Steps)+1)
	elems = append(elems, pathElem{x: p.Head})
	for i, s := range p.Steps {
		elems[i].after, elems[i].hasAfter = s.Dir, true
		elems = append(elems, pathElem{x: s.Target, before: s.Dir, hasBefore: true, beforeArrow: s})
	}
	if _, star := p.Head.(*lang.Star); star {
		// * -> knows -> persons.@bob is persons.@bob <- knows <- *.
		last := elems[len(elems)-1].x
		if _, s := last.(*lang.Star); s {
			return nil, errAt(errs.SyntaxError, t.at(p), "a path cannot start and end with *: start it from vertices, a table or an edge table")
		}
		elems = reversePath(elems)
	}
	return t.traversal(p, elems)
}

func flip(d lang.ArrowDir) lang.ArrowDir {
	if d == lang.ArrowOut {
		return lang.ArrowIn
	}
	return lang.ArrowOut
}

func reversePath(es []pathElem) []pathElem {
	n := len(es)
	out := make([]pathElem, n)
	for j := range es {
		src := es[n-1-j]
		out[j] = pathElem{x: src.x}
	}
	for j := 1; j < n; j++ {
		// The arrow between out[j-1] and out[j] is the one between
		// es[n-j] and es[n-j-1], pointing the other way.
		d := flip(es[n-j].before)
		out[j].before, out[j].hasBefore, out[j].beforeArrow = d, true, es[n-j].beforeArrow
		out[j-1].after, out[j-1].hasAfter = d, true
	}
	return out
}

// isLink reports whether a path creates or removes edges.
func (t *translator) isLink(p *lang.Path) (bool, error) {
	if len(p.Steps) != 2 || p.Steps[0].Dir != p.Steps[1].Dir {
		return false, nil
	}
	if _, _, ok := linkShape(p.Steps[0].Target); !ok {
		return false, nil
	}
	for _, e := range []lang.Expr{p.Head, p.Steps[1].Target} {
		ok, err := t.isConcrete(e)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// linkEdges translates a creating or removing path.
func (t *translator) linkEdges(p *lang.Path) (*stream, error) {
	name, fieldsExpr, _ := linkShape(p.Steps[0].Target)
	pos := t.at(name)
	if err := t.noteWrite(t.at(p.Steps[0]), "an arrow chain"); err != nil {
		return nil, err
	}
	tb, err := t.tableMaybe(name.Name, pos)
	if err != nil {
		return nil, err
	}
	if tb != nil && tb.Edge == nil {
		return nil, errAt(errs.WrongObjectType, pos, "table %q is not an edge table", name.Name)
	}
	from, err := t.expr(p.Head)
	if err != nil {
		return nil, err
	}
	to, err := t.expr(p.Steps[1].Target)
	if err != nil {
		return nil, err
	}
	n := &plan.LinkEdges{At: at(pos), Edge: name.Name, From: from, To: to}
	switch p.Steps[0].Dir {
	case lang.ArrowIn:
		n.From, n.To = to, from
	case lang.ArrowUnlink:
		n.Remove = true
		if fieldsExpr != nil {
			return nil, errAt(errs.SyntaxError, t.at(fieldsExpr), "-/> removes edges: it takes no fields")
		}
	}
	if fieldsExpr != nil {
		if n.Fields, err = t.expr(fieldsExpr); err != nil {
			return nil, err
		}
	}
	t.writes = true
	return &stream{node: n, el: binding{kind: bindCol, level: t.level}}, nil
}

// traversal translates a traversing path, already oriented so that its
// head is where the walk starts.
func (t *translator) traversal(p *lang.Path, es []pathElem) (*stream, error) {
	n := &plan.Traverse{}
	i := 0 // es[i] is the current vertex position
	head := es[0].x
	if id, ok := head.(*lang.Ident); ok {
		tb, err := t.tableNamed(id)
		if err != nil {
			return nil, err
		}
		if tb != nil && tb.Edge != nil {
			// knows -> *: the vertices at the far end of every edge.
			field := "out"
			if es[0].after == lang.ArrowIn {
				field = "in"
			}
			s, err := t.scan(tb, nil, t.at(id))
			if err != nil {
				return nil, err
			}
			n.Input = t.project(s.node, t.field(t.objRef(&s.el, t.at(id)), field, t.at(id))).node
			// The next element is a vertex position: restrict in place.
			vs, err := t.vertexStep(es[1].x)
			if err != nil {
				return nil, err
			}
			vs.Min, vs.Max = 0, 0
			n.Steps = append(n.Steps, vs)
			i = 1
		}
	}
	if rid, ok := head.(*lang.RecordID); ok && n.Input == nil {
		// A normalized message's t.@$n: the plan cache's shape for
		// traversals from one vertex.
		x, ok, err := t.recordIDOfKeyParam(rid)
		if err != nil {
			return nil, err
		}
		if ok {
			n.Input = t.unnestExpr(x).node
		}
	}
	if n.Input == nil {
		ok, err := t.isStream(head)
		if err != nil {
			return nil, err
		}
		if ok {
			s, err := t.stream(head)
			if err != nil {
				return nil, err
			}
			n.Input = t.node(s, t.at(head))
		} else {
			if _, star := head.(*lang.Star); star {
				return nil, errAt(errs.SyntaxError, t.at(head), "a traversal needs a start: vertices, a table or an edge table")
			}
			x, err := t.expr(head)
			if err != nil {
				return nil, err
			}
			n.Input = t.unnestExpr(x).node
		}
	}
	for i+1 < len(es) {
		edge := es[i+1]
		step, err := t.edgeStep(edge)
		if err != nil {
			return nil, err
		}
		if i+2 < len(es) {
			vs, err := t.vertexStep(es[i+2].x)
			if err != nil {
				return nil, err
			}
			step.Tables, step.VertexFilter, step.VertexTable = vs.Tables, vs.VertexFilter, vs.VertexTable
		} else {
			n.Edges = true
			if step.Quantified {
				return nil, errAt(errs.SyntaxError, t.at(edge.x), "a path ending at a quantified edge step yields nothing to name: end it with a vertex (-> *)")
			}
		}
		n.Steps = append(n.Steps, step)
		i += 2
	}
	return &stream{node: n, el: binding{kind: bindCol, level: t.level}}, nil
}

// edgeStep translates an edge position: knows, knows{1..3}, knows[cond],
// knows{1..3}[cond], or * for edges of every table.
func (t *translator) edgeStep(e pathElem) (plan.GraphStep, error) {
	s := plan.GraphStep{Min: 1, Max: 1}
	switch {
	case !e.hasAfter || e.before == e.after:
		if e.before == lang.ArrowIn {
			s.Dir = plan.GraphIn
		}
	case e.before == lang.ArrowIn && e.after == lang.ArrowOut:
		s.Dir = plan.GraphBoth
	default:
		return s, errAt(errs.SyntaxError, t.at(e.x), "the arrows around an edge step point at each other: write -> e -> (out), <- e <- (in) or <- e -> (both ways)")
	}
	x := e.x
	var cond lang.Expr
	for {
		switch y := x.(type) {
		case *lang.Index:
			if cond != nil {
				return s, errAt(errs.SyntaxError, t.at(y), "an edge step takes one filter")
			}
			cond, x = y.Index, y.X
			continue
		case *lang.Repeat:
			if s.Quantified {
				return s, errAt(errs.SyntaxError, t.at(y), "an edge step takes one hop count")
			}
			if y.Max >= 0 && y.Max < y.Min {
				return s, errAt(errs.InvalidParameterValue, t.at(y), "hop count {%d..%d} is empty", y.Min, y.Max)
			}
			s.Quantified, s.Min, s.Max = true, int(y.Min), int(y.Max)
			x = y.X
			continue
		case *lang.Ident:
			tb, err := t.tableMaybe(y.Name, t.at(y))
			if err != nil {
				return s, err
			}
			if tb != nil && tb.Edge == nil {
				return s, errAt(errs.WrongObjectType, t.at(y), "table %q is not an edge table", y.Name)
			}
			s.Edge, s.EdgeTable = y.Name, tb
		case *lang.Star:
		default:
			return s, errAt(errs.SyntaxError, t.at(x), "an edge step is an edge table's name, optionally with {m..n} and [filter], not %s", lang.Print(x))
		}
		break
	}
	if cond != nil {
		f, err := t.stepFilter(cond)
		if err != nil {
			return s, err
		}
		s.EdgeFilter = f
	}
	return s, nil
}

// vertexStep translates a vertex position: *, a table, either with a
// [filter], or a concrete record id or list of them (a filter on the
// vertices reached).
func (t *translator) vertexStep(x lang.Expr) (plan.GraphStep, error) {
	var s plan.GraphStep
	var cond lang.Expr
	if ix, ok := x.(*lang.Index); ok && hasFreeDot(ix.Index) {
		cond, x = ix.Index, ix.X
	}
	switch y := x.(type) {
	case *lang.Star:
	case *lang.Ident:
		tb, err := t.tableNamed(y)
		if err != nil {
			return s, err
		}
		if tb != nil {
			s.Tables, s.VertexTable = []string{y.Name}, tb
			break
		}
		if t.lookup(y.Name) == nil && !t.hasSessionVar(y.Name) {
			return s, errAt(errs.UndefinedTable, t.at(y), "table %q does not exist", y.Name)
		}
		return t.concreteStep(x, cond)
	default:
		return t.concreteStep(x, cond)
	}
	if cond != nil {
		f, err := t.stepFilter(cond)
		if err != nil {
			return s, err
		}
		s.VertexFilter = f
	}
	return s, nil
}

// concreteStep is a vertex position naming vertices by value: a filter
// keeping the vertices reached that are among them (a list literal) or
// equal to it (any other expression).
func (t *translator) concreteStep(x, cond lang.Expr) (plan.GraphStep, error) {
	var s plan.GraphStep
	if cond != nil {
		return s, errAt(errs.SyntaxError, t.at(x), "a filtered vertex step is * or a table: *[cond], persons[cond]")
	}
	v, err := t.expr(x)
	if err != nil {
		return s, err
	}
	pos := t.at(x)
	el := binding{kind: bindCol, level: t.level}
	op := plan.OpEq
	if _, ok := x.(*lang.List); ok {
		op = plan.OpIn
	}
	s.VertexFilter, err = t.withElem(el, ".", func() (plan.Expr, error) {
		return &plan.Binary{At: at(pos), Op: op, L: t.ref(&el, pos), R: v}, nil
	})
	return s, err
}

// stepFilter translates a step's [cond] with `.` bound to the candidate,
// the only column of the row it is evaluated on.
func (t *translator) stepFilter(cond lang.Expr) (plan.Expr, error) {
	return t.withElem(binding{kind: bindCol, level: t.level}, ".", func() (plan.Expr, error) { return t.expr(cond) })
}

// graphCall translates shortest_path(from, to[, edge]) and
// neighbors(v[, edge]) as values: a list of record ids (none when there
// is no path).
func (t *translator) graphCall(cs *callSite) (plan.Expr, error) {
	name := t.fnName(cs)
	pos := t.at(cs.node)
	min, max := 1, 2
	if name == "shortest_path" {
		min, max = 2, 3
	}
	if len(cs.args) < min || len(cs.args) > max {
		return nil, errAt(errs.UndefinedFunction, t.fnPos(cs), "%s takes %d or %d arguments, not %d", name, min, max, len(cs.args))
	}
	edge := ""
	if len(cs.args) == max {
		a := cs.args[max-1]
		switch a := a.(type) {
		case *lang.Ident:
			edge = a.Name
		case *lang.SymbolLit:
			edge = a.Name
		case *lang.Star:
		default:
			return nil, errAt(errs.DatatypeMismatch, t.at(a), "the edge of %s is an edge table's name", name)
		}
		if edge != "" {
			tb, err := t.tableMaybe(edge, t.at(a))
			if err != nil {
				return nil, err
			}
			if tb != nil && tb.Edge == nil {
				return nil, errAt(errs.WrongObjectType, t.at(a), "table %q is not an edge table", edge)
			}
		}
	}
	t.level++
	defer func() { t.level-- }()
	args := make([]plan.Expr, min)
	for i := range args {
		x, err := t.argExpr(cs, i)
		if err != nil {
			return nil, err
		}
		args[i] = x
	}
	if name == "shortest_path" {
		n := &plan.ShortestPath{At: at(pos), From: args[0], To: args[1], Edge: edge}
		return &plan.Subquery{At: at(pos), Node: n, Mode: plan.SubFirst}, nil
	}
	n := &plan.Traverse{
		Input: t.unnestExpr(args[0]).node,
		Steps: []plan.GraphStep{{Dir: plan.GraphBoth, Edge: edge, Min: 1, Max: 1, Quantified: true}},
	}
	return &plan.Subquery{At: at(pos), Node: n, Mode: plan.SubList}, nil
}

// isGraphFunction reports whether a call names a graph function.
func isGraphFunction(name string) bool { return name == "shortest_path" || name == "neighbors" }

// createEdge translates edge::create(@e, { from: t, to: t, fields: {...} }):
// an edge table whose `in` and `out` must link records of from and to
// (each optional; `any` allows every table); with fields it is
// schemafull, declaring them besides in and out.
func (t *translator) createEdge(c *lang.Call) (*plan.Statement, error) {
	name, err := t.nameArg(c, "edge::create")
	if err != nil {
		return nil, err
	}
	if err := t.checkTableName(name, t.at(c.Args[0])); err != nil {
		return nil, err
	}
	tb := &catalog.Table{Name: name, CreatedBy: "zql", Edge: &catalog.EdgeSpec{}}
	switch len(c.Args) {
	case 1:
	case 2:
		spec, ok := c.Args[1].(*lang.ObjectType)
		if !ok {
			return nil, errAt(errs.DatatypeMismatch, t.at(c.Args[1]), "edge::create takes { from: table, to: table, fields: { ... } }")
		}
		for _, f := range spec.Fields {
			switch f.Name {
			case "from", "to":
				nt, ok := f.Type.(*lang.NamedType)
				if !ok || len(nt.Args) > 0 {
					return nil, errAt(errs.DatatypeMismatch, t.at(f), "%s of edge::create is a table name (or any)", f.Name)
				}
				if nt.Name == "any" {
					continue
				}
				if _, err := t.table(nt.Name, t.at(nt)); err != nil {
					return nil, err
				}
				if f.Name == "from" {
					tb.Edge.From = []string{nt.Name}
				} else {
					tb.Edge.To = []string{nt.Name}
				}
			case "fields":
				ot, ok := f.Type.(*lang.ObjectType)
				if !ok {
					return nil, errAt(errs.DatatypeMismatch, t.at(f), "fields of edge::create is a schema { field: type, ... }")
				}
				tb.Schemafull = true
				for _, ff := range ot.Fields {
					if ff.Name == "in" || ff.Name == "out" || ff.Name == "id" {
						return nil, errAt("42701", t.at(ff), "field %q of an edge is its own: declare only the edge's other fields", ff.Name)
					}
					if _, _, dup := tb.FieldByName(ff.Name); dup {
						return nil, errAt("42701", t.at(ff), "field %q is declared more than once", ff.Name)
					}
					cf, err := t.schemaField(ff)
					if err != nil {
						return nil, err
					}
					tb.Fields = append(tb.Fields, cf)
				}
			default:
				return nil, errAt(errs.UndefinedColumn, t.at(f), "edge::create takes from, to and fields, not %q", f.Name)
			}
		}
	default:
		return nil, errAt(errs.UndefinedFunction, t.at(c), "edge::create takes a name and a description, not %d arguments", len(c.Args))
	}
	if tb.Schemafull {
		ends := []catalog.Field{
			{Name: "in", Type: recordType(tb.Edge.From)},
			{Name: "out", Type: recordType(tb.Edge.To)},
		}
		tb.Fields = append(ends, tb.Fields...)
	}
	return ddl(&plan.CreateTable{Table: tb}, tagCreateTable), nil
}

func recordType(tables []string) value.Type {
	ty := value.Type{Kind: value.KindRecordID}
	if len(tables) == 1 {
		ty.Table = tables[0]
	}
	return ty
}
