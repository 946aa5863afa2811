package zqlfe

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
	"github.com/zerodb/zerodb/translate"
)

// recordIDOf is the record id t.@k as a value. When the table exists the
// key is brought to its key type; must makes a missing table 42P01 (other
// uses of a record id may name an enum variant or a record of a table yet
// to be made).
func (t *translator) recordIDOf(rid *lang.RecordID, must bool) (plan.Expr, error) {
	if x, ok, err := t.enumValue(rid); ok || err != nil {
		return x, err
	}
	var tb *catalog.Table
	var err error
	if must {
		tb, err = t.table(rid.Table.Name, t.at(rid.Table))
	} else {
		tb, err = t.tableMaybe(rid.Table.Name, t.at(rid.Table))
	}
	if err != nil {
		return nil, err
	}
	key := t.literalKey(rid.Key)
	if tb != nil {
		if key, err = t.convertKey(tb, key, t.at(rid.Key)); err != nil {
			return nil, err
		}
	}
	return konst(t.at(rid), value.RecordIDOf(rid.Table.Name, key)), nil
}

func (t *translator) recordIDValue(rid *lang.RecordID) (plan.Expr, error) {
	return t.recordIDOf(rid, false)
}

// readRecord reads the record t.@k: a point get yielding its record view,
// or none.
func (t *translator) readRecord(rid *lang.RecordID) (plan.Expr, error) {
	if x, ok, err := t.enumValue(rid); ok || err != nil {
		return x, err
	}
	pos := t.at(rid)
	t.level++
	s, err := t.target(rid)
	var n plan.Node
	if err == nil {
		n = t.node(s, pos)
	}
	t.level--
	if err != nil {
		return nil, err
	}
	return &plan.Subquery{At: at(pos), Node: n, Mode: plan.SubFirst}, nil
}

// partitionedWrite refuses a write of the records of a partitioned
// table, which ZQL does not route to its partitions.
func partitionedWrite(in *stream, pos int) error {
	if tb := in.el.table; tb != nil && tb.Partitioned != nil {
		return errAt(errs.FeatureNotSupported, pos, "ZQL writes to the records of partitioned table %q are not supported (use SQL UPDATE or DELETE)", tb.Name)
	}
	return nil
}

// target is the one-record stream a write of one record works on: a point
// scan of a record id literal, or of the record a name is bound to.
func (t *translator) target(e lang.Expr) (*stream, error) {
	pos := t.at(e)
	var b *binding
	switch e := e.(type) {
	case *lang.RecordID:
		tb, err := t.table(e.Table.Name, t.at(e.Table))
		if err != nil {
			return nil, err
		}
		key, err := t.convertKey(tb, t.literalKey(e.Key), t.at(e.Key))
		if err != nil {
			return nil, err
		}
		return t.scan(tb, &plan.KeySpan{Point: konst(t.at(e.Key), key)}, pos)
	case *lang.Ident:
		b = t.lookup(e.Name)
	case *lang.Dot:
		b = t.lookup(".")
	}
	var tb *catalog.Table
	var x plan.Expr
	switch {
	case b != nil && b.kind == bindRecord:
		return t.scan(b.table, &plan.KeySpan{Point: t.keyRef(b, pos)}, pos)
	case b != nil:
		tb, x = b.table, t.ref(b, pos)
	default:
		tb = t.staticTable(e)
		var err error
		if x, err = t.expr(e); err != nil {
			return nil, err
		}
	}
	if tb == nil {
		return nil, errAt(errs.InternalError, pos, "zqlfe: not a record target")
	}
	// A value holding a record or its id: its key is key(x.id).
	id := &plan.Field{At: at(pos), X: x, Name: "id"}
	if f, ok := t.r.Function("key"); ok {
		return t.scan(tb, &plan.KeySpan{Point: &plan.Call{At: at(pos), Fn: f.Name, Args: []plan.Expr{id}}}, pos)
	}
	// Without the key builtin, find the record by its id (a scan).
	s, err := t.scan(tb, nil, pos)
	if err != nil {
		return nil, err
	}
	rv := t.ref(&s.el, pos)
	s.node = &plan.Filter{Input: s.node, Cond: &plan.Binary{At: at(pos), Op: plan.OpEq, L: &plan.Field{At: at(pos), X: rv, Name: "id"}, R: id}}
	return s, nil
}

// writeOne builds a write of one record (t::add(@k, {...}), t::add({...}),
// t::put, r.update(...), r.replace(...), remove r) as a node of one column
// yielding the record view written (or removed).
func (t *translator) writeOne(cs *callSite) (plan.Node, error) {
	pos := t.at(cs.node)
	if err := t.noteWrite(t.fnPos(cs), t.fnName(cs)); err != nil {
		return nil, err
	}
	var s *stream
	var err error
	switch fn := cs.fn.(type) {
	case *lang.NamespacedName:
		s, err = t.insert(cs)
	case *lang.Ident:
		var in *stream
		if in, err = t.target(cs.args[0]); err != nil {
			return nil, err
		}
		if err := partitionedWrite(in, t.at(cs.args[0])); err != nil {
			return nil, err
		}
		switch fn.Name {
		case "remove":
			s = t.delete(in)
		default:
			s, err = t.update(in, cs.args[1], fn.Name == "replace")
		}
	}
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errAt(errs.InternalError, pos, "zqlfe: unknown write")
	}
	return t.node(s, pos), nil
}

// writeMany builds a write of a stream of records.
func (t *translator) writeMany(cs *callSite) (*stream, error) {
	if err := t.noteWrite(t.fnPos(cs), t.fnName(cs)); err != nil {
		return nil, err
	}
	fn, ok := cs.fn.(*lang.Ident)
	if !ok {
		return t.insert(cs)
	}
	in, err := t.streamOrUnnest(cs.args[0])
	if err != nil {
		return nil, err
	}
	if in.el.kind != bindRecord {
		return nil, errAt(errs.DatatypeMismatch, t.at(cs.args[0]),
			"%s needs records of a table: a table, a comprehension over one, a record id, or a name bound to a record", fn.Name)
	}
	if err := partitionedWrite(in, t.at(cs.args[0])); err != nil {
		return nil, err
	}
	if fn.Name == "remove" {
		return t.delete(in), nil
	}
	return t.update(in, cs.args[1], fn.Name == "replace")
}

func (t *translator) delete(in *stream) *stream {
	t.writes = true
	tb := in.el.table
	return &stream{
		node: &plan.Delete{Table: tb, Input: in.node, KeyCol: in.el.col, ObjCol: in.el.obj},
		el:   binding{kind: bindRecord, level: t.level, col: 0, obj: 1, table: tb},
	}
}

// update rewrites each record of in: update merges the patch into the
// stored object, replace stores the patch instead (keeping the primary-key
// column of a SQL table).
func (t *translator) update(in *stream, patch lang.Expr, replace bool) (*stream, error) {
	set, err := t.patchSet(in.el, patch, replace)
	if err != nil {
		return nil, err
	}
	t.writes = true
	tb := in.el.table
	checks, err := t.tableChecks(tb, t.at(patch))
	if err != nil {
		return nil, err
	}
	return &stream{
		node: &plan.Update{Table: tb, Input: in.node, KeyCol: in.el.col, ObjCol: in.el.obj, Set: set, Checks: checks},
		el:   binding{kind: bindRecord, level: t.level, col: 0, obj: 1, table: tb},
	}, nil
}

// patchSet computes the new stored object of an update. `.` (or the
// parameter of a closure patch) is the record being updated.
func (t *translator) patchSet(el binding, patch lang.Expr, replace bool) (plan.Expr, error) {
	pos := t.at(patch)
	name, body := ".", patch
	if c, ok := patch.(*lang.Closure); ok && len(c.Params) == 1 && c.Params[0].Type == nil {
		name, body = c.Params[0].Name.Name, c.Body
	}
	return t.withElem(el, name, func() (plan.Expr, error) {
		if o, ok := body.(*lang.Object); ok && !replace {
			// A nested key merges into the field it names rather than
			// replacing it: { address.city: "Oslo" } keeps address.zip.
			names, vals, err := t.pathFields(o, t.objRef(&el, pos))
			if err != nil {
				return nil, err
			}
			if err := t.checkPatch(el.table, o, names, vals); err != nil {
				return nil, err
			}
			return &plan.ObjectCons{At: at(pos), Names: names, Vals: vals, Spread: t.objRef(&el, pos)}, nil
		}
		x, err := t.expr(body)
		if err != nil {
			return nil, err
		}
		if replace {
			if err := t.checkRecord(el.table, x, body, true); err != nil {
				return nil, err
			}
		}
		if !replace {
			return &plan.Binary{At: at(pos), Op: plan.OpAdd, L: t.objRef(&el, pos), R: x}, nil
		}
		if tb := el.table; len(tb.PrimaryKey) == 1 {
			pk := &plan.ObjectCons{At: at(pos), Names: []string{tb.PrimaryKey[0]}, Vals: []plan.Expr{t.keyRef(&el, pos)}}
			return &plan.Binary{At: at(pos), Op: plan.OpAdd, L: pk, R: x}, nil
		}
		return x, nil
	})
}

// insert builds t::add / t::put: a record with a key, one without (a
// generated key, or the primary key of a SQL table), or many.
func (t *translator) insert(cs *callSite) (*stream, error) {
	fn := cs.fn.(*lang.NamespacedName)
	tb, err := t.table(fn.Namespace, t.at(fn))
	if err != nil {
		return nil, err
	}
	ins := &plan.Insert{Table: tb, Mode: plan.InsertNew}
	if fn.Name == "put" {
		ins.Mode = plan.InsertReplace
	}
	switch len(cs.args) {
	case 1:
		switch a := cs.args[0].(type) {
		case *lang.Object:
			ins.Input = oneRow()
			if ins.Obj, err = t.expr(a); err != nil {
				return nil, err
			}
			if err := t.checkRecord(tb, ins.Obj, a, true); err != nil {
				return nil, err
			}
		case *lang.List:
			rows := make([][]plan.Expr, len(a.Elems))
			for i, e := range a.Elems {
				x, err := t.expr(e)
				if err != nil {
					return nil, err
				}
				if v, ok := constOf(x); ok && v.Kind() != value.KindObject {
					return nil, errAt(errs.DatatypeMismatch, t.at(e), "a record is an object, not %s", v.Kind())
				}
				if err := t.checkRecord(tb, x, e, true); err != nil {
					return nil, err
				}
				rows[i] = []plan.Expr{x}
			}
			ins.Input = &plan.Values{Rows: rows, Cols: []plan.Column{{Name: "obj", Type: value.Any}}}
			ins.Obj = &plan.ColRef{At: at(t.at(a)), Idx: 0, Name: "obj"}
		default:
			// A stream of objects, or a value holding an object or a list
			// of them (Unnest yields one row for a lone object).
			in, err := t.insertSource(a)
			if err != nil {
				return nil, err
			}
			ins.Input, ins.Obj = in.node, t.ref(&in.el, t.at(a))
		}
	case 2:
		if ins.Key, err = t.keyExpr(tb, cs.args[0]); err != nil {
			return nil, err
		}
		ins.Input = oneRow()
		if ins.Obj, err = t.expr(cs.args[1]); err != nil {
			return nil, err
		}
		if v, ok := constOf(ins.Obj); ok && v.Kind() != value.KindObject {
			return nil, errAt(errs.DatatypeMismatch, t.at(cs.args[1]), "a record is an object, not %s", v.Kind())
		}
		if ins.Obj, err = t.fillKey(tb, ins.Key, ins.Obj, t.at(cs.args[1])); err != nil {
			return nil, err
		}
		if err := t.checkRecord(tb, ins.Obj, cs.args[1], true); err != nil {
			return nil, err
		}
	default:
		return nil, errAt(errs.UndefinedFunction, t.fnPos(cs), "%s::%s takes a record (or a list of them), or a key and a record, not %d arguments",
			fn.Namespace, fn.Name, len(cs.args))
	}
	if ins.Checks, err = t.tableChecks(tb, t.at(fn)); err != nil {
		return nil, err
	}
	t.writes = true
	return &stream{node: ins, el: binding{kind: bindRecord, level: t.level, col: 0, obj: 1, table: tb}}, nil
}

// tableChecks are the conditions of tb's CHECK and EXCLUDE constraints
// (a SQL table's, SQL text the resolver compiles) that a record a ZQL write
// stores must pass, as SQL's INSERT and UPDATE check them. Without a
// resolver that compiles them the write is refused, never unchecked.
func (t *translator) tableChecks(tb *catalog.Table, pos int) ([]plan.Check, error) {
	if len(tb.Checks) == 0 && len(tb.Exclusions) == 0 {
		return nil, nil
	}
	cr, ok := t.r.(translate.CheckResolver)
	if !ok {
		return nil, errAt(errs.FeatureNotSupported, pos, "table %q has CHECK or EXCLUDE constraints, which cannot be checked here", tb.Name)
	}
	checks, err := cr.TableChecks(t.ctx, tb)
	if err != nil {
		return nil, withPos(err, pos)
	}
	return checks, nil
}

// fillKey sets the primary-key column of a record written with an explicit
// key into a table keyed by one column (a SQL table): `users::add(@7,
// { name: "S" })` stores id 7. A constant object that says otherwise is
// an error; a computed one is overridden by the key.
func (t *translator) fillKey(tb *catalog.Table, key, obj plan.Expr, pos int) (plan.Expr, error) {
	if len(tb.PrimaryKey) != 1 {
		return obj, nil
	}
	col := tb.PrimaryKey[0]
	k, kok := constOf(key)
	if o, ok := constOf(obj); ok && kok {
		if v, has := o.AsObject().Get(col); has && !v.IsNone() && !value.Equal(v, k) {
			return nil, errAt(errs.InvalidParameterValue, pos, "field %s = %s does not match the record key %s", col, v, k)
		}
		c := o.AsObject().Clone()
		c.Set(col, k)
		return konst(obj.Pos(), value.ObjectOf(c)), nil
	}
	return &plan.ObjectCons{At: at(obj.Pos()), Names: []string{col}, Vals: []plan.Expr{key}, Spread: obj}, nil
}

// insertSource is the input of t::add(x) when x is not a literal: a
// stream, or a value unnested (a constant must be an object or a list).
func (t *translator) insertSource(a lang.Expr) (*stream, error) {
	ok, err := t.isStream(a)
	if err != nil {
		return nil, err
	}
	if ok {
		return t.stream(a)
	}
	x, err := t.expr(a)
	if err != nil {
		return nil, err
	}
	if v, ok := constOf(x); ok && v.Kind() != value.KindObject && v.Kind() != value.KindList {
		return nil, errAt(errs.DatatypeMismatch, t.at(a), "a record is an object, not %s", v.Kind())
	}
	return t.unnestExpr(x), nil
}

// keyExpr is the key argument of t::add(key, ...): a constant key is
// brought to the table's key type.
func (t *translator) keyExpr(tb *catalog.Table, a lang.Expr) (plan.Expr, error) {
	pos := t.at(a)
	if s, ok := a.(*lang.SymbolLit); ok {
		k, err := t.convertKey(tb, t.literalKey(s), pos)
		if err != nil {
			return nil, err
		}
		return konst(pos, k), nil
	}
	x, err := t.expr(a)
	if err != nil {
		return nil, err
	}
	if v, ok := constOf(x); ok {
		k, err := t.convertKey(tb, v, pos)
		if err != nil {
			return nil, err
		}
		return konst(pos, k), nil
	}
	return x, nil
}

// staticTable is the table of the record (or record id) an expression
// yields, when it is evident from the text: a let of it can then be
// written through (`let a = persons.@ann; a.update({...})`). Each level
// recurses once, so a chain of writes costs linear time.
func (t *translator) staticTable(e lang.Expr) *catalog.Table {
	switch e := e.(type) {
	case *lang.RecordID:
		tb, _ := t.tableMaybe(e.Table.Name, t.at(e))
		return tb
	case *lang.Ident:
		if b := t.lookup(e.Name); b != nil {
			return b.table
		}
	case *lang.Dot:
		if b := t.lookup("."); b != nil {
			return b.table
		}
	case *lang.Call:
		return t.writeTable(t.callSite(e))
	case *lang.Pipeline:
		return t.writeTable(t.pipeCall(e))
	}
	return nil
}

// writeTable is the table a write of one record writes to (nil for any
// other call); it mirrors classify's callWriteOne.
func (t *translator) writeTable(cs *callSite) *catalog.Table {
	switch fn := cs.fn.(type) {
	case *lang.NamespacedName:
		if fn.Name != "add" && fn.Name != "put" {
			return nil
		}
		if _, builtin := t.r.Function(fn.Namespace + "::" + fn.Name); builtin {
			return nil
		}
		if len(cs.args) == 1 {
			if _, ok := cs.args[0].(*lang.Object); !ok {
				return nil
			}
		}
		tb, _ := t.tableMaybe(fn.Namespace, t.at(fn))
		return tb
	case *lang.Ident:
		if t.lookup(fn.Name) != nil {
			return nil
		}
		switch {
		case fn.Name == "remove" && len(cs.args) == 1,
			(fn.Name == "update" || fn.Name == "replace") && len(cs.args) == 2:
			return t.staticTable(cs.args[0])
		}
	}
	return nil
}
