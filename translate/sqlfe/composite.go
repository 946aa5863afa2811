package sqlfe

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Composite values (value.KindComposite): row constructors and whole-row
// references are rowTexprs (json.go), whose static type names the fields;
// field selection (x).f reads a field by its position, (x).* expands
// them in a select list. A whole row's field is its column expression
// itself, so (t).a costs what t.a costs.

// fieldSelect is (x).name.
func (tr *translator) fieldSelect(x texpr, name string, p int) (texpr, error) {
	if !x.t.IsComposite() || x.unknown {
		return texpr{}, errAt(errs.WrongObjectType, p, "column notation .%s applied to type %s, which is not a composite type", name, typeName(x))
	}
	i := fieldIndex(x.t, name)
	if i < 0 {
		if x.t.Name == "" {
			return texpr{}, errAt(errs.UndefinedColumn, p, "could not identify column \"%s\" in record data type", name)
		}
		return texpr{}, errAt(errs.UndefinedColumn, p, "column \"%s\" not found in data type %s", name, x.t.Name)
	}
	return fieldOf(x, i, p), nil
}

// fieldIndex is the position of field name in composite type t (-1: none).
func fieldIndex(t value.Type, name string) int {
	for i, f := range t.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// fieldOf is field i of composite x.
func fieldOf(x texpr, i, p int) texpr {
	if x.row != nil && i < len(x.row.cols) {
		return x.row.cols[i]
	}
	return texpr{e: &plan.Index{At: at(p), X: x.e, I: &plan.Const{At: at(p), V: value.Int(int64(i))}}, t: x.t.Fields[i].Type}
}

// starIndirection reports a select list item (x).*, whose fields are
// the item's columns.
func starIndirection(n *pg.Node) (*pg.A_Indirection, bool) {
	ind := n.GetAIndirection()
	if ind == nil || len(ind.Indirection) == 0 || ind.Indirection[len(ind.Indirection)-1].GetAStar() == nil {
		return nil, false
	}
	return ind, true
}

// expandFields translates (x).* in a select list: one item per field.
func (tr *translator) expandFields(ind *pg.A_Indirection, ec *exprCtx, p int) ([]selItem, error) {
	inner := &pg.A_Indirection{Arg: ind.Arg, Indirection: ind.Indirection[:len(ind.Indirection)-1]}
	var x texpr
	var err error
	if len(inner.Indirection) == 0 {
		x, err = tr.expr(inner.Arg, ec)
	} else {
		x, err = tr.indirection(inner, ec)
	}
	if err != nil {
		return nil, err
	}
	if !x.t.IsComposite() || x.unknown {
		return nil, errAt(errs.WrongObjectType, p, "type %s is not composite", typeName(x))
	}
	items := make([]selItem, len(x.t.Fields))
	for i, f := range x.t.Fields {
		items[i] = selItem{name: f.Name, x: fieldOf(x, i, p), p: p}
	}
	return items, nil
}

// hasComposite reports a composite type or an array of one.
func hasComposite(t value.Type) bool {
	return t.IsComposite() || t.Array && t.Elem != nil && t.Elem.IsComposite()
}

// castComposite is a cast from or to a composite type (ok false for
// others): to a string type its text, written with its fields' types;
// between composites field by field, a row constructor's fields by the
// translator's casts.
func (tr *translator) castComposite(x texpr, t value.Type, p int) (texpr, bool, error) {
	if x.unknown || (!hasComposite(x.t) && !t.IsComposite()) {
		return texpr{}, false, nil
	}
	switch {
	case t.Kind == value.KindString && !t.JSON && hasComposite(x.t):
		tr.zoned = true // a field may be a timestamptz
		from := x.t
		return texpr{e: &plan.Cast{At: at(p), X: x.e, To: t, From: &from}, t: t}, true, nil
	case !t.IsComposite() || !x.t.IsComposite():
		if categoryOf(x.t) == catString {
			return texpr{}, false, nil // record_in
		}
		return texpr{}, true, errAt(errs.CannotCoerce, p, "cannot cast type %s to %s", typeName(x), sqlTypeName(t))
	case sameComposite(x.t, t) || t.Fields == nil:
		return texpr{e: x.e, t: t, row: x.row}, true, nil
	case len(x.t.Fields) != len(t.Fields):
		detail := "Input has too many columns."
		if len(x.t.Fields) < len(t.Fields) {
			detail = "Input has too few columns."
		}
		return texpr{}, true, errAt(errs.CannotCoerce, p, "cannot cast type %s to %s", typeName(x), sqlTypeName(t)).WithDetail("%s", detail)
	case x.row == nil:
		return texpr{e: &plan.Cast{At: at(p), X: x.e, To: t}, t: t}, true, nil
	}
	r := &rowVal{present: x.row.present, typeName: t.Name}
	for i, c := range x.row.cols {
		c, err := tr.cast(c, t.Fields[i].Type, p)
		if err != nil {
			return texpr{}, true, err
		}
		r.names = append(r.names, t.Fields[i].Name)
		r.cols = append(r.cols, c)
	}
	y := rowTexpr(r, p)
	y.t = t
	return y, true, nil
}

// nullTest is x IS [NOT] NULL of a composite x: PostgreSQL tests its
// fields (a row of NULLs IS NULL; IS NOT NULL wants no NULL field).
func nullTest(x texpr, not bool, p int) texpr {
	return texpr{e: &plan.Call{At: at(p), Fn: "sql::row_is_null", SQL: true,
		Args: []plan.Expr{x.e, &plan.Const{At: at(p), V: value.Bool(not)}}}, t: value.TypeBool}
}

// rowComparison translates a comparison of two row constructors, which
// PostgreSQL makes field by field with the SQL standard's NULLs: = is
// every pair equal, <> some pair unequal, and < <= > >= decided by the
// first pair that is unequal or NULL (a NULL there makes it NULL). ok
// is false when the operands are not both row constructors.
func (tr *translator) rowComparison(a *pg.A_Expr, op string, p int, ec *exprCtx) (texpr, bool, error) {
	lr, rr := a.Lexpr.GetRowExpr(), a.Rexpr.GetRowExpr()
	if lr == nil || rr == nil {
		return texpr{}, false, nil
	}
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
	default:
		return texpr{}, false, nil
	}
	ls, err := tr.rowArgs(lr, ec)
	if err != nil {
		return texpr{}, true, err
	}
	rs, err := tr.rowArgs(rr, ec)
	if err != nil {
		return texpr{}, true, err
	}
	if len(ls) != len(rs) {
		return texpr{}, true, errAt(errs.SyntaxError, p, "unequal number of entries in row expressions")
	}
	if len(ls) == 0 {
		return texpr{}, true, unsupported(p, "comparison of empty rows")
	}
	pair := func(i int, op string) (plan.Expr, error) {
		x, err := tr.binaryOp(op, ls[i], rs[i], p)
		if err != nil {
			return nil, err
		}
		if categoryOf(x.t) != catBool {
			return nil, errAt(errs.DatatypeMismatch, p, "row comparison operator must yield type boolean, not type %s", typeName(x))
		}
		return x.e, nil
	}
	bin := func(o plan.Op, l, r plan.Expr) plan.Expr {
		return &plan.Binary{At: at(p), Op: o, L: l, R: r, SQL: true}
	}
	var out plan.Expr
	switch op {
	case "=", "<>", "!=":
		join := plan.OpAnd
		if op != "=" {
			join = plan.OpOr
		}
		for i := range ls {
			e, err := pair(i, op)
			if err != nil {
				return texpr{}, true, err
			}
			if out == nil {
				out = e
			} else {
				out = bin(join, out, e)
			}
		}
	default:
		// From the last pair back: (a < b) OR (a = b AND rest), the last
		// pair with the operator itself.
		strict := op[:1]
		for i := len(ls) - 1; i >= 0; i-- {
			if out == nil {
				if out, err = pair(i, op); err != nil {
					return texpr{}, true, err
				}
				continue
			}
			lt, err := pair(i, strict)
			if err != nil {
				return texpr{}, true, err
			}
			eq, err := pair(i, "=")
			if err != nil {
				return texpr{}, true, err
			}
			out = bin(plan.OpOr, lt, bin(plan.OpAnd, eq, out))
		}
	}
	return texpr{e: out, t: value.TypeBool}, true, nil
}

// tableRowType is the row type of table t: a composite named after it
// with its columns (ok false for tables without one: schemaless tables
// and those whose key is a column of its own, made in ZQL).
func tableRowType(t *catalog.Table) (value.Type, bool) {
	if t == nil || !t.Schemafull || hasKeyColumn(t) {
		return value.Type{}, false
	}
	fields := make([]value.Field, len(t.Fields))
	for i, f := range t.Fields {
		ty := f.Type
		ty.Optional = false
		fields[i] = value.Field{Name: f.Name, Type: ty}
	}
	return value.CompositeType(t.Name, fields), true
}

// tableType is the row type of the table name as a type name (ok false
// when no table has that name).
func (tr *translator) tableType(name string) (value.Type, bool) {
	if tr.r == nil {
		// PREPARE's parameter types are read without a catalog.
		return value.Type{}, false
	}
	t, err := tr.r.Table(tr.ctx, name)
	if err != nil {
		return value.Type{}, false
	}
	return tableRowType(t)
}

// compositeComparison checks two composite operands of a comparison as
// PostgreSQL's record_eq and record_cmp do: the same number of fields,
// of the same types (42804 otherwise; PostgreSQL finds out when it
// compares, zerodb when it translates).
func compositeComparison(l, r value.Type, p int) error {
	if sameComposite(l, r) || l.Fields == nil || r.Fields == nil {
		return nil
	}
	for i := 0; i < len(l.Fields) && i < len(r.Fields); i++ {
		a, b := l.Fields[i].Type, r.Fields[i].Type
		if a.OID() != b.OID() {
			return errAt(errs.DatatypeMismatch, p, "cannot compare dissimilar column types %s and %s at record column %d", sqlTypeName(a), sqlTypeName(b), i+1)
		}
	}
	if len(l.Fields) != len(r.Fields) {
		return errAt(errs.DatatypeMismatch, p, "cannot compare record types with different numbers of columns")
	}
	return nil
}

// createComposite is CREATE TYPE name AS (field type, ...): a named type
// of the catalog (catalog.TypeDef without a domain) whose type is the
// composite. Its name is a type's, which a table's row type has too.
func (tr *translator) createComposite(s *pg.CompositeTypeStmt) (*plan.Statement, error) {
	p := tr.pos(s.Typevar.GetLocation())
	schema, name, err := tr.compositeName(s.Typevar, true)
	if err != nil {
		return nil, err
	}
	// A schema's composite type is named with its schema wherever a
	// copy of it goes (typeschema.go).
	qname := qualified(schema, name)
	if _, err := tr.r.Table(tr.ctx, qname); err == nil {
		return nil, errAt(errs.DuplicateObject, p, "type \"%s\" already exists", name)
	}
	fields := make([]value.Field, 0, len(s.Coldeflist))
	for _, n := range s.Coldeflist {
		cd := n.GetColumnDef()
		if cd == nil {
			return nil, errAt(errs.SyntaxError, p, "invalid attribute definition")
		}
		if fieldIndex(value.Type{Fields: fields}, cd.Colname) >= 0 {
			return nil, errAt(errs.DuplicateColumn, tr.pos(cd.Location), "column \"%s\" specified more than once", cd.Colname)
		}
		t, err := tr.attributeType(cd, qname)
		if err != nil {
			return nil, err
		}
		fields = append(fields, value.Field{Name: cd.Colname, Type: t})
	}
	def := &catalog.TypeDef{Name: name, Type: value.CompositeType(qname, fields)}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateType, Schema: schema, Root: &plan.CreateType{Type: def}}, nil
}

// compositeDef finds the composite type a type name names (ok false when
// there is none).
func (tr *translator) compositeDef(name string) (value.Type, bool, error) {
	cr, ok := tr.r.(translate.CatalogResolver)
	if !ok {
		return value.Type{}, false, nil
	}
	t, ok, err := cr.TypeDef(tr.ctx, name)
	if err != nil || !ok || t.Domain != nil || !t.Type.IsComposite() {
		return value.Type{}, false, err
	}
	return t.Type, true, nil
}

// setField translates UPDATE's SET c.f = x (and c.f.g = x): the column
// c becomes its value with the field replaced; several fields of one
// column are set one after the other, as in PostgreSQL. targets and
// vals are the SET list so far.
func (tr *translator) setField(t *catalog.Table, rt *pg.ResTarget, ec *exprCtx, targets *[]target, vals *[]plan.Expr) error {
	p := tr.pos(rt.Location)
	path := make([]string, 0, len(rt.Indirection))
	var subs []*pg.A_Indices
	for _, n := range rt.Indirection {
		if idx := n.GetAIndices(); idx != nil && len(path) == 0 {
			subs = append(subs, idx)
			continue
		}
		f := n.GetString_()
		if f == nil || subs != nil {
			return unsupported(p, "assignment to fields of array elements")
		}
		path = append(path, f.Sval)
	}
	tg, err := tr.columnTarget(t, rt.Name, p)
	if err != nil {
		return err
	}
	at := slices.IndexFunc(*targets, func(o target) bool { return o.name == tg.name })
	var cur texpr
	switch {
	case at >= 0 && !(*targets)[at].fields:
		return errAt(errs.SyntaxError, p, "multiple assignments to same column %q", tg.name)
	case at >= 0:
		cur = texpr{e: (*vals)[at], t: tg.t}
	default:
		if cur, err = tr.columnRef(&pg.ColumnRef{Fields: []*pg.Node{pg.MakeStrNode(rt.Name)}, Location: rt.Location}, ec.sc); err != nil {
			return err
		}
	}
	x, err := tr.expr(rt.Val, ec)
	if err != nil {
		return err
	}
	var v plan.Expr
	if subs != nil {
		v, err = tr.withElement(cur, rt.Name, subs, x, p, ec)
	} else {
		v, err = tr.withField(cur, path, x, p)
	}
	if err != nil {
		return err
	}
	if at >= 0 {
		(*vals)[at] = v
		return nil
	}
	tg.fields = true
	*targets = append(*targets, tg)
	*vals = append(*vals, v)
	return nil
}

// withElement is array cur with the element at subscripts subs set to
// x (SET a[i][j] = x), or the slice they name to array x (SET a[1:2] =
// x).
func (tr *translator) withElement(cur texpr, col string, subs []*pg.A_Indices, x texpr, p int, ec *exprCtx) (plan.Expr, error) {
	if !isArray(cur.t) {
		return nil, errAt(errs.DatatypeMismatch, p, "cannot subscript type %s because it does not support subscripting", typeName(cur))
	}
	idx, slice, err := tr.subscripts(subs, p, ec)
	if err != nil {
		return nil, err
	}
	// SET a[i][j] = x takes an element, SET a[lo:hi] = src an array.
	fn, want := "sql::array_set", *cur.t.Elem
	if slice {
		fn, want = "sql::array_set_slice", baseType(cur.t)
	}
	if !assignable(x, want) {
		return nil, errAt(errs.DatatypeMismatch, x.e.Pos(), "subscripted assignment to \"%s\" requires type %s but expression is of type %s", col, sqlTypeName(want), typeName(x)).
			WithHint("You will need to rewrite or cast the expression.")
	}
	v, err := tr.assign(x, target{name: col, t: want})
	if err != nil {
		return nil, err
	}
	return &plan.Call{At: at(p), Fn: fn, SQL: true, Args: append([]plan.Expr{cur.e, v}, idx...)}, nil
}

// withField is composite cur with the field at path set to x (a NULL
// cur is a row of NULLs first).
func (tr *translator) withField(cur texpr, path []string, x texpr, p int) (plan.Expr, error) {
	if !cur.t.IsComposite() {
		return nil, errAt(errs.DatatypeMismatch, p, "cannot assign to field \"%s\" of column \"%s\" because its type %s is not a composite type", path[0], path[0], typeName(cur))
	}
	i := fieldIndex(cur.t, path[0])
	if i < 0 {
		return nil, errAt(errs.UndefinedColumn, p, "cannot assign to field \"%s\" of column because there is no such column in data type %s", path[0], typeName(cur))
	}
	f := cur.t.Fields[i]
	var v plan.Expr
	var err error
	if len(path) > 1 {
		v, err = tr.withField(fieldOf(cur, i, p), path[1:], x, p)
	} else {
		v, err = tr.assign(x, target{name: f.Name, t: f.Type})
	}
	if err != nil {
		return nil, err
	}
	return &plan.Call{At: at(p), Fn: "sql::composite_with", SQL: true, Args: []plan.Expr{
		cur.e, &plan.Const{At: at(p), V: value.Int(int64(len(cur.t.Fields)))}, &plan.Const{At: at(p), V: value.Int(int64(i))}, v}}, nil
}

// fnRowAlias names the FROM item of compositeCall; only a quoted
// identifier could spell it.
const fnRowAlias = "?fnrow"

// compositeCall translates a call of a function returning one row of
// several columns (a table's row type, OUT parameters) as a value: the
// scalar subquery (SELECT r FROM f(args) AS r), whose whole row is the
// composite (NULL when the function returns no row), of the table's
// row type when it returns one.
func (tr *translator) compositeCall(fc *pg.FuncCall, f *catalog.Function, ec *exprCtx) (texpr, error) {
	sel := &pg.SelectStmt{
		Op:          pg.SetOperation_SETOP_NONE,
		LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
		TargetList:  []*pg.Node{pg.MakeResTargetNodeWithVal(pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(fnRowAlias)}, fc.Location), fc.Location)},
		FromClause: []*pg.Node{{Node: &pg.Node_RangeFunction{RangeFunction: &pg.RangeFunction{
			Functions: []*pg.Node{pg.MakeListNode([]*pg.Node{{Node: &pg.Node_FuncCall{FuncCall: fc}}, {}})},
			Alias:     &pg.Alias{Aliasname: fnRowAlias},
		}}}},
	}
	x, err := tr.expr(&pg.Node{Node: &pg.Node_SubLink{SubLink: &pg.SubLink{SubLinkType: pg.SubLinkType_EXPR_SUBLINK,
		Subselect: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}, Location: fc.Location}}}, ec)
	if err != nil {
		return texpr{}, err
	}
	if f.Routine.Kind == catalog.ReturnRow && x.t.IsComposite() {
		x.t.Name = f.Routine.Returns
	}
	return x, nil
}

// sqlParamType is the type of parameter q of f: its declared type, or
// for a LANGUAGE sql function's parameter of a table's row type, that
// composite (nil when there is none).
func (tr *translator) sqlParamType(f *catalog.Function, q catalog.FuncParam) *value.Type {
	if q.Type != nil || f.Lang() != catalog.LangSQL && f.Lang() != catalog.LangPLpgSQL {
		return q.Type
	}
	if t, ok := tr.tableType(q.TypeName); ok {
		return &t
	}
	return nil
}

// compositeToAlter is the composite type ALTER TYPE rv names: 42P01 when
// there is none and 42809 for a table, in PostgreSQL's words (its
// composite types are relations).
//
// schema and name say where it is, as typeTarget's.
func (tr *translator) compositeToAlter(rv *pg.RangeVar) (t value.Type, schema, name string, err error) {
	p := tr.pos(rv.GetLocation())
	if schema, name, err = tr.compositeName(rv, false); err != nil {
		return value.Type{}, "", "", err
	}
	qname := qualified(schema, name)
	t, ok, err := tr.compositeDef(qname)
	switch {
	case err != nil:
		return value.Type{}, "", "", err
	case ok:
		t.Fields = slices.Clone(t.Fields)
		return t, schema, name, nil
	}
	if _, err := tr.r.Table(tr.ctx, qname); err == nil {
		return value.Type{}, "", "", errAt(errs.WrongObjectType, p, "\"%s\" is not a composite type", name)
	}
	return value.Type{}, "", "", errAt(errs.UndefinedTable, p, "relation \"%s\" does not exist", qname)
}

// alterComposite translates ALTER TYPE name ADD ATTRIBUTE, DROP
// ATTRIBUTE [IF EXISTS] and ALTER ATTRIBUTE ... TYPE of a composite
// type (the executor refuses a type in use).
func (tr *translator) alterComposite(a *pg.AlterTableStmt) (*plan.Statement, error) {
	t, schema, name, err := tr.compositeToAlter(a.Relation)
	if err != nil {
		return nil, err
	}
	p := tr.stmt.stmtPos()
	for _, c := range a.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd == nil {
			return nil, unsupported(p, "this ALTER TYPE command")
		}
		switch cmd.Subtype {
		case pg.AlterTableType_AT_AddColumn:
			cd := cmd.Def.GetColumnDef()
			if fieldIndex(t, cd.GetColname()) >= 0 {
				return nil, errAt(errs.DuplicateColumn, p, "column \"%s\" of relation \"%s\" already exists", cd.GetColname(), t.Name)
			}
			ft, err := tr.attributeType(cd, t.Name)
			if err != nil {
				return nil, err
			}
			t.Fields = append(t.Fields, value.Field{Name: cd.Colname, Type: ft})
		case pg.AlterTableType_AT_DropColumn:
			i := fieldIndex(t, cmd.Name)
			if i < 0 {
				if cmd.MissingOk {
					continue
				}
				return nil, errAt(errs.UndefinedColumn, p, "column \"%s\" of relation \"%s\" does not exist", cmd.Name, t.Name)
			}
			t.Fields = slices.Delete(t.Fields, i, i+1)
		case pg.AlterTableType_AT_AlterColumnType:
			i := fieldIndex(t, cmd.Name)
			if i < 0 {
				return nil, errAt(errs.UndefinedColumn, p, "column \"%s\" of relation \"%s\" does not exist", cmd.Name, t.Name)
			}
			ft, err := tr.attributeType(cmd.Def.GetColumnDef(), t.Name)
			if err != nil {
				return nil, err
			}
			t.Fields[i].Type = ft
		default:
			return nil, unsupported(p, "this ALTER TYPE command")
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterType, Schema: schema, Root: &plan.CreateType{Type: &catalog.TypeDef{Name: name, Type: t}, Replace: true}}, nil
}

// renameAttribute translates ALTER TYPE name RENAME ATTRIBUTE a TO b.
func (tr *translator) renameAttribute(r *pg.RenameStmt) (*plan.Statement, error) {
	t, schema, name, err := tr.compositeToAlter(r.Relation)
	if err != nil {
		return nil, err
	}
	p := tr.stmt.stmtPos()
	i := fieldIndex(t, r.Subname)
	switch {
	case i < 0:
		return nil, errAt(errs.UndefinedColumn, p, "column \"%s\" does not exist", r.Subname)
	case fieldIndex(t, r.Newname) >= 0:
		return nil, errAt(errs.DuplicateColumn, p, "column \"%s\" of relation \"%s\" already exists", r.Newname, t.Name)
	}
	t.Fields[i].Name = r.Newname
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterType, Schema: schema, Root: &plan.CreateType{Type: &catalog.TypeDef{Name: name, Type: t}, Replace: true}}, nil
}

// attributeType is the type of attribute cd of composite type name.
func (tr *translator) attributeType(cd *pg.ColumnDef, name string) (value.Type, error) {
	if cd == nil {
		return value.Type{}, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "invalid attribute definition")
	}
	t, err := tr.typeName(cd.TypeName)
	if err != nil {
		return value.Type{}, err
	}
	if tr.typeDomain != "" {
		return value.Type{}, unsupported(tr.pos(cd.Location), "attributes of a domain type in a composite type")
	}
	if usesComposite(t, name) {
		return value.Type{}, errAt(errs.InvalidObjectDefinition, tr.pos(cd.Location), "composite type %s cannot be made a member of itself", name)
	}
	return t, nil
}

// usesComposite reports whether t is, or holds, the composite type name.
func usesComposite(t value.Type, name string) bool {
	if t.IsComposite() && t.Name == name {
		return true
	}
	for _, f := range t.Fields {
		if t.IsComposite() && usesComposite(f.Type, name) {
			return true
		}
	}
	return t.Elem != nil && usesComposite(*t.Elem, name)
}

// compositeName is the schema and name of the composite type CREATE
// (creates) and ALTER TYPE name as a relation, as typeTarget's.
func (tr *translator) compositeName(rv *pg.RangeVar, creates bool) (schema, name string, err error) {
	names := []*pg.Node{pg.MakeStrNode(rv.GetRelname())}
	if rv.GetSchemaname() != "" {
		names = append([]*pg.Node{pg.MakeStrNode(rv.Schemaname)}, names...)
	}
	if rv.GetCatalogname() != "" {
		names = append([]*pg.Node{pg.MakeStrNode(rv.Catalogname)}, names...)
	}
	return tr.typeTarget(names, creates)
}
