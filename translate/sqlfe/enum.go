package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// SQL enums are the catalog's enums (catalog.Enum), the same objects ZQL's
// enum::create makes: CREATE TYPE mood AS ENUM ('sad', 'ok') is
// enum::create(@mood, [@sad, @ok]), and each label is the name of the
// symbol that is its value, byte for byte (a label need not be a ZQL
// identifier; ZQL writes such a symbol quoted). The labels' order is the
// declaration order, which is how SQL compares and sorts them.

const (
	TagCreateType = "CREATE TYPE"
	TagAlterType  = "ALTER TYPE"
	TagDropType   = "DROP TYPE"
)

func (tr *translator) createEnum(s *pg.CreateEnumStmt) (*plan.Statement, error) {
	schema, name, err := tr.typeTarget(s.TypeName, true)
	if err != nil {
		return nil, err
	}
	e := &catalog.Enum{Name: name, Variants: []string{}}
	for _, v := range s.Vals {
		l := v.GetString_().GetSval()
		if err := tr.checkLabel(l); err != nil {
			return nil, err
		}
		if slices.Contains(e.Variants, l) {
			// PostgreSQL's unique index on pg_enum is what refuses it.
			return nil, errAt(errs.UniqueViolation, tr.stmt.stmtPos(), "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"").
				WithDetail("Key (enumtypid, enumlabel)=(%s) already exists.", l)
		}
		e.Variants = append(e.Variants, l)
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateType, Schema: schema, Root: &plan.CreateEnum{Enum: e}}, nil
}

// checkLabel applies PostgreSQL's limit on a label: NAMEDATALEN-1 bytes.
func (tr *translator) checkLabel(l string) error {
	if len(l) > 63 {
		return errAt(errs.InvalidName, tr.stmt.stmtPos(), "invalid enum label \"%s\"", l).
			WithDetail("Labels must be 63 bytes or less.")
	}
	return nil
}

func (tr *translator) alterEnum(s *pg.AlterEnumStmt) (*plan.Statement, error) {
	schema, name, err := tr.typeTarget(s.TypeName, false)
	if err != nil {
		return nil, err
	}
	n := &plan.AlterEnum{Name: name}
	if s.OldVal != "" {
		if err := tr.checkLabel(s.NewVal); err != nil {
			return nil, err
		}
		n.OldLabel, n.NewLabel = s.OldVal, s.NewVal
	} else {
		if err := tr.checkLabel(s.NewVal); err != nil {
			return nil, err
		}
		n.Add, n.IfNotExists, n.Neighbor, n.After = s.NewVal, s.SkipIfNewValExists, s.NewValNeighbor, s.NewValIsAfter
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterType, Schema: schema, Root: n}, nil
}

// renameEnum is ALTER TYPE name RENAME TO.
func (tr *translator) renameEnum(r *pg.RenameStmt) (*plan.Statement, error) {
	schema, name, err := tr.typeTarget(r.Object.GetList().GetItems(), false)
	if err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterType, Schema: schema, Root: &plan.AlterEnum{Name: name, NewName: r.Newname}}, nil
}

// enumOwner is ALTER TYPE name OWNER TO role, which pg_dump writes after
// CREATE TYPE: like the other OWNER TOs it checks that both exist and
// changes nothing, zerodb having no owners.
func (tr *translator) enumOwner(s *pg.AlterOwnerStmt) (*plan.Statement, error) {
	schema, name, err := tr.typeTarget(s.Object.GetList().GetItems(), false)
	if err != nil {
		return nil, err
	}
	role, err := newOwner(s.Newowner)
	if err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterType, Schema: schema, Root: &plan.ChangeOwner{Kind: "enum", Name: name, Role: role}}, nil
}

// newOwner is the role OWNER TO names: "" for the current user.
func newOwner(spec *pg.RoleSpec) (string, error) {
	switch spec.GetRoletype() {
	case pg.RoleSpecType_ROLESPEC_CSTRING:
		return spec.Rolename, nil
	case pg.RoleSpecType_ROLESPEC_PUBLIC:
		return "", errs.New(errs.ReservedName, "role name \"public\" is reserved")
	}
	return "", nil
}

func (tr *translator) dropType(ds *pg.DropStmt) (*plan.Statement, error) {
	var drops []plan.Node
	var names []string
	cascade := ds.Behavior == pg.DropBehavior_DROP_CASCADE
	for _, o := range ds.Objects {
		schema, name, err := tr.typeTarget(o.GetTypeName().GetNames(), false)
		if err != nil {
			return nil, err
		}
		var notices []string
		if cascade {
			var cols []plan.Node
			var tables []string
			if cols, tables, notices, err = tr.enumColumnDrops(schema, name); err != nil {
				return nil, err
			}
			drops, names = append(drops, cols...), append(names, tables...)
		}
		drops = append(drops, &plan.DropObject{Kind: "enum", Name: name, IfExists: ds.MissingOk,
			Cascade: cascade, CheckUse: true, Schema: schema, Notices: notices})
		names = append(names, name)
	}
	return allOf(TagDropType, drops, names), nil
}

// enumColumnDrops is what DROP TYPE ... CASCADE drops before the enum
// name of schema: its columns and its arrays' of the tables of the
// statement's schema, as ALTER TABLE ... DROP COLUMN ... CASCADE drops
// them (with the views that read them), and PostgreSQL's notice for each
// column. A column of another schema's table, of a partition or of a
// materialized view is left where it is: the executor then refuses to
// drop an enum still in use (0A000).
func (tr *translator) enumColumnDrops(schema, name string) (drops []plan.Node, tables, notices []string, err error) {
	lister, ok := tr.r.(translate.TableLister)
	if !ok {
		return nil, nil, nil, nil
	}
	lookup := name
	if schema != "" {
		lookup = schema + "." + name
	}
	uses, err := tr.typeUsedBy(lookup)
	if err != nil || uses == nil {
		return nil, nil, nil, err // a domain or composite type, or none
	}
	all, err := lister.Tables(tr.ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, st := range all {
		t := st.Table
		if st.Schema != tr.stmtSchema || t.PartitionOf != "" || t.MatView != nil {
			continue
		}
		var cmds []*pg.Node
		for _, f := range t.Fields {
			if !uses(f.Type) {
				continue
			}
			cmds = append(cmds, &pg.Node{Node: &pg.Node_AlterTableCmd{AlterTableCmd: &pg.AlterTableCmd{
				Subtype: pg.AlterTableType_AT_DropColumn, Name: f.Name, Behavior: pg.DropBehavior_DROP_CASCADE}}})
			notices = append(notices, "drop cascades to column "+f.Name+" of table "+t.Name)
		}
		if len(cmds) == 0 {
			continue
		}
		a := &pg.AlterTableStmt{Relation: &pg.RangeVar{Relname: t.Name, Inh: true, Location: -1}, Cmds: cmds, Objtype: pg.ObjectType_OBJECT_TABLE}
		st, ok, err := tr.alterPartitions(a)
		if !ok && err == nil {
			st, err = tr.alterTableCmds(a)
		}
		if err != nil {
			return nil, nil, nil, err
		}
		drops, tables = append(drops, st.Root), append(tables, t.Name)
	}
	return drops, tables, notices, nil
}

// typeUsedBy is the test of a column type that DROP TYPE ... CASCADE
// of the enum or range type of one's own lookup names drops the column
// of (nil when lookup names neither): the type, an array of it, a
// range's multirange.
func (tr *translator) typeUsedBy(lookup string) (func(value.Type) bool, error) {
	if d, ok, err := tr.userRangeDef(lookup); err != nil || ok && d.Range != nil {
		if err != nil {
			return nil, err
		}
		return func(t value.Type) bool { return catalog.UsesType(t, d.Type.Name) }, nil
	}
	e, ok, err := tr.enumType(lookup)
	if err != nil || !ok {
		return nil, err
	}
	if e, err = tr.enumOf(&e); err != nil {
		return nil, err
	}
	return func(t value.Type) bool {
		if t.Elem != nil {
			t = *t.Elem
		}
		return t.IsEnum() && t.Name == e.Name
	}, nil
}

// enumType finds the enum a SQL type name names (ok false when there is
// none, or the resolver sees no catalog objects).
func (tr *translator) enumType(name string) (catalog.Enum, bool, error) {
	cr, ok := tr.r.(translate.CatalogResolver)
	if !ok {
		return catalog.Enum{}, false, nil
	}
	e, ok, err := cr.Enum(tr.ctx, name)
	if err != nil || !ok {
		return catalog.Enum{}, false, err
	}
	return *e, true, nil
}

// enumLabels is the constant list of t's labels in order, the last
// argument of the sql::enum_* functions.
func enumLabels(t value.Type, p int) plan.Expr {
	ls := make([]value.Value, len(t.Fields))
	for i, f := range t.Fields {
		ls[i] = value.String(f.Name)
	}
	return &plan.Const{At: at(p), V: value.List(ls)}
}

// enumOrdered is an enum operand's position among its labels, which
// comparisons (other than = and <>) and sorts use: SQL orders an enum's
// values as they were declared.
func enumOrdered(e plan.Expr, t value.Type, p int) plan.Expr {
	return &plan.Call{At: at(p), Fn: "sql::enum_sort_key", Args: []plan.Expr{e, enumLabels(t, p)}, SQL: true}
}

// enumUnordered is enumOrdered's operand when e is one, else e.
func enumUnordered(e plan.Expr) plan.Expr {
	if c, ok := e.(*plan.Call); ok && c.Fn == "sql::enum_sort_key" {
		return c.Args[0]
	}
	return e
}

// enumAt is the value of enum type t at position e.
func enumAt(e plan.Expr, t value.Type, p int) plan.Expr {
	return &plan.Call{At: at(p), Fn: "sql::enum_label", Args: []plan.Expr{e, enumLabels(t, p)}, SQL: true}
}

// enumFunc reports PostgreSQL's functions of enums.
func enumFunc(name string) bool {
	return name == "enum_first" || name == "enum_last" || name == "enum_range"
}

// enumCall is enum_first, enum_last and enum_range, whose arguments only
// name the enum (their values matter only to enum_range's two-argument
// form): their results are constants of the enum's labels.
func (tr *translator) enumCall(name string, args []texpr, p int) (texpr, bool, error) {
	if !enumFunc(name) {
		return texpr{}, false, nil
	}
	if len(args) == 0 || len(args) > 2 || len(args) == 2 && name != "enum_range" {
		return texpr{}, true, noFunction(p, name, args)
	}
	// An untyped NULL or literal takes the other argument's enum type
	// (enum_range(NULL, 'b'::mood)), as PostgreSQL's anyenum does.
	t := args[0].t
	if args[0].unknown && len(args) == 2 {
		t = args[1].t
	}
	for i, a := range args {
		if a.unknown && t.IsEnum() && !args[len(args)-1-i].unknown {
			var err error
			if args[i], err = tr.coerce(a, t); err != nil {
				return texpr{}, true, err
			}
			continue
		}
		if a.unknown || !a.t.IsEnum() || !sameType(a.t, t) {
			return texpr{}, true, noFunction(p, name, args)
		}
	}
	n := len(t.Fields)
	switch {
	case name == "enum_range" && len(args) == 2:
		return texpr{e: &plan.Call{At: at(p), Fn: "sql::enum_range_between", Args: []plan.Expr{args[0].e, args[1].e, enumLabels(t, p)}, SQL: true}, t: value.ArrayOf(t)}, true, nil
	case name == "enum_range":
		ls := make([]value.Value, n)
		for i, f := range t.Fields {
			ls[i] = value.Symbol(f.Name)
		}
		return texpr{e: &plan.Const{At: at(p), V: value.List(ls)}, t: value.ArrayOf(t)}, true, nil
	case n == 0:
		return texpr{e: &plan.Const{At: at(p)}, t: t}, true, nil
	case name == "enum_first":
		return texpr{e: &plan.Const{At: at(p), V: value.Symbol(t.Fields[0].Name)}, t: t}, true, nil
	}
	return texpr{e: &plan.Const{At: at(p), V: value.Symbol(t.Fields[n-1].Name)}, t: t}, true, nil
}

// enumsAsLabels casts the enum arguments of the JSON functions and
// aggregates to text: in JSON an enum's value is its label as a string
// (PostgreSQL's), where ZQL's JSON writes a symbol as "@label".
func (tr *translator) enumsAsLabels(name string, args []texpr, p int) ([]texpr, error) {
	if !strings.HasPrefix(name, "json") && !strings.HasPrefix(name, "to_json") {
		return args, nil
	}
	var out []texpr
	for i, a := range args {
		if a.unknown || !a.t.IsEnum() {
			continue
		}
		if out == nil {
			out = slices.Clone(args)
		}
		x, err := tr.cast(a, value.TypeText, p)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	if out == nil {
		return args, nil
	}
	return out, nil
}
