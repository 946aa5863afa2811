package zqlfe

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// ddlStatement translates a catalog call at statement level
// (table::create, db::create, namespace::create); ok is false for any
// other call.
func (t *translator) ddlStatement(c *lang.Call) (*plan.Statement, bool, error) {
	fn, isNS := c.Fn.(*lang.NamespacedName)
	if !isNS || fn.Name != "create" || !isCatalogKind(fn.Namespace) {
		return nil, false, nil
	}
	if _, builtin := t.r.Function(fn.Namespace + "::" + fn.Name); builtin {
		return nil, false, nil
	}
	var st *plan.Statement
	var err error
	switch fn.Namespace {
	case "table":
		st, err = t.createTable(c)
	case "db":
		st, err = t.createDatabase(c)
	case "namespace":
		st, err = t.createNamespace(c)
	case "enum":
		st, err = t.createEnum(c)
	case "type":
		st, err = t.createType(c)
	case "index":
		if isHNSWCall(c) {
			st, err = t.createVectorIndex(c)
			break
		}
		st, err = t.createIndex(c)
	case "edge":
		st, err = t.createEdge(c)
	default:
		err = unsupported(t.at(fn), "%s::create", fn.Namespace)
	}
	return st, true, err
}

func ddl(root plan.Node, tag string) *plan.Statement {
	return &plan.Statement{Kind: plan.StmtDDL, Root: root, Tag: tag, ZQL: true}
}

// nameArg reads the @name first argument of a catalog call.
func (t *translator) nameArg(c *lang.Call, what string) (string, error) {
	if len(c.Args) == 0 {
		return "", errAt(errs.UndefinedFunction, t.at(c), "%s needs a name: %s(@name, ...)", what, what)
	}
	s, ok := c.Args[0].(*lang.SymbolLit)
	if !ok {
		return "", errAt(errs.DatatypeMismatch, t.at(c.Args[0]), "the name of %s is a symbol such as @name", what)
	}
	return s.Name, nil
}

// options reads an options object { key: value, ... } of constants.
func (t *translator) options(e lang.Expr, what string, allowed ...string) (map[string]value.Value, error) {
	o, ok := e.(*lang.Object)
	if !ok {
		return nil, errAt(errs.DatatypeMismatch, t.at(e), "the options of %s are an object { ... }", what)
	}
	out := make(map[string]value.Value, len(o.Fields))
	for _, f := range o.Fields {
		known := false
		for _, a := range allowed {
			known = known || a == f.Key
		}
		if !known {
			return nil, errAt(errs.InvalidParameterValue, t.at(f), "unknown option %q of %s (known: %s)", f.Key, what, strings.Join(allowed, ", "))
		}
		if f.Value == nil {
			return nil, errAt(errs.InvalidParameterValue, t.at(f), "option %q of %s needs a value", f.Key, what)
		}
		x, err := t.expr(f.Value)
		if err != nil {
			return nil, err
		}
		v, ok := constOf(x)
		if !ok {
			return nil, errAt(errs.InvalidParameterValue, t.at(f.Value), "option %q of %s must be a constant", f.Key, what)
		}
		out[f.Key] = v
	}
	return out, nil
}

// nameValue reads a symbol or string option.
func (t *translator) nameValue(v value.Value, pos int, what string) (string, error) {
	switch v.Kind() {
	case value.KindSymbol, value.KindString:
		return v.AsString(), nil
	}
	return "", errAt(errs.DatatypeMismatch, pos, "%s is a symbol such as @name, not %s", what, v.Kind())
}

// createDatabase is db::create(@name[, { namespace: @ns }]).
func (t *translator) createDatabase(c *lang.Call) (*plan.Statement, error) {
	name, err := t.nameArg(c, "db::create")
	if err != nil {
		return nil, err
	}
	n := &plan.CreateDatabase{Name: name}
	switch len(c.Args) {
	case 1:
	case 2:
		opts, err := t.options(c.Args[1], "db::create", "namespace")
		if err != nil {
			return nil, err
		}
		if v, ok := opts["namespace"]; ok {
			if n.Namespace, err = t.nameValue(v, t.at(c.Args[1]), "namespace"); err != nil {
				return nil, err
			}
		}
	default:
		return nil, errAt(errs.UndefinedFunction, t.at(c), "db::create takes a name and options, not %d arguments", len(c.Args))
	}
	return ddl(n, tagCreateDatabase), nil
}

// createNamespace is namespace::create(@name[, { consistency: @strong | @eventual }]).
func (t *translator) createNamespace(c *lang.Call) (*plan.Statement, error) {
	name, err := t.nameArg(c, "namespace::create")
	if err != nil {
		return nil, err
	}
	n := &plan.CreateNamespace{Name: name, Consistency: catalog.Strong}
	switch len(c.Args) {
	case 1:
	case 2:
		opts, err := t.options(c.Args[1], "namespace::create", "consistency")
		if err != nil {
			return nil, err
		}
		if v, ok := opts["consistency"]; ok {
			s, err := t.nameValue(v, t.at(c.Args[1]), "consistency")
			if err != nil {
				return nil, err
			}
			switch catalog.Consistency(s) {
			case catalog.Strong, catalog.Eventual:
				n.Consistency = catalog.Consistency(s)
			default:
				return nil, errAt(errs.InvalidParameterValue, t.at(c.Args[1]), "consistency is @strong or @eventual, not @%s", s)
			}
		}
	default:
		return nil, errAt(errs.UndefinedFunction, t.at(c), "namespace::create takes a name and options, not %d arguments", len(c.Args))
	}
	return ddl(n, tagCreateNamespace), nil
}

// createTable is table::create(@name) (schemaless) or
// table::create(@name, { field: type [= default] [assert [preds]], ... })
// (schemafull).
func (t *translator) createTable(c *lang.Call) (*plan.Statement, error) {
	name, err := t.nameArg(c, "table::create")
	if err != nil {
		return nil, err
	}
	tb := &catalog.Table{Name: name, CreatedBy: "zql"}
	if err := t.checkTableName(name, t.at(c.Args[0])); err != nil {
		return nil, err
	}
	switch len(c.Args) {
	case 1:
	case 2:
		schema, ok := c.Args[1].(*lang.ObjectType)
		if !ok {
			return nil, errAt(errs.DatatypeMismatch, t.at(c.Args[1]), "the schema of table::create is written { field: type, ... }")
		}
		tb.Schemafull = true
		tb.Fields = make([]catalog.Field, 0, len(schema.Fields))
		for _, f := range schema.Fields {
			if _, _, dup := tb.FieldByName(f.Name); dup {
				return nil, errAt("42701", t.at(f), "field %q is declared more than once", f.Name)
			}
			cf, err := t.schemaField(f)
			if err != nil {
				return nil, err
			}
			tb.Fields = append(tb.Fields, cf)
		}
	default:
		return nil, errAt(errs.UndefinedFunction, t.at(c), "table::create takes a name and a schema, not %d arguments", len(c.Args))
	}
	return ddl(&plan.CreateTable{Table: tb}, tagCreateTable), nil
}

func (t *translator) schemaField(f *lang.TypeField) (catalog.Field, error) {
	ty, err := t.typeOf(f.Type)
	if err != nil {
		return catalog.Field{}, err
	}
	cf := catalog.Field{Name: f.Name, Type: ty}
	if ty.Optional {
		cf.Optional = true
		cf.Type.Optional = false
	}
	if f.Default != nil {
		if err := t.fieldDefault(&cf, ty, f.Default); err != nil {
			return catalog.Field{}, err
		}
	}
	if f.Assert != nil {
		preds := []lang.Expr{f.Assert}
		if l, ok := f.Assert.(*lang.List); ok {
			preds = l.Elems
		}
		for _, p := range preds {
			// Compiled now so a mistake is reported with its position;
			// stored as text, compiled again by the executor's hook.
			if _, err := t.sub().predicate(p); err != nil {
				return catalog.Field{}, err
			}
			cf.Asserts = append(cf.Asserts, t.text(p))
		}
	}
	return cf, nil
}

// fieldDefault sets a field's default: a constant (checked against the
// field's type), or a call of a function without arguments (now(),
// uuid()) evaluated at each write.
func (t *translator) fieldDefault(cf *catalog.Field, ty value.Type, def lang.Expr) error {
	pos := t.at(def)
	x, err := t.sub().expr(def)
	if err != nil {
		return err
	}
	switch x := x.(type) {
	case *plan.Const:
		v, err := value.Check(x.V, ty)
		if err != nil {
			return withPos(err, pos)
		}
		cf.HasDefault, cf.DefaultValue = true, v
		return nil
	case *plan.Call:
		if len(x.Args) == 0 {
			cf.HasDefault, cf.DefaultFunc = true, x.Fn
			return nil
		}
	}
	return errAt(errs.FeatureNotSupported, pos, "a default must be a constant or a call of a function without arguments")
}

// sub is a translator for a separate expression (a default, an assert) at
// statement level, sharing the statement's source and lookups.
func (t *translator) sub() *translator {
	s := newTranslator(t.ctx, t.r, t.src)
	s.tables = t.tables
	s.sh = t.sh
	s.fn = t.fn
	return s
}

// destroyStatement is destroy kind.@name.
func (t *translator) destroyStatement(s *lang.Destroy) (*plan.Statement, error) {
	name := s.Name.Name
	switch kind := s.Kind.Name; kind {
	case "table":
		return ddl(&plan.DropTable{Name: name}, tagDropTable), nil
	case "db", "database":
		return ddl(&plan.DropObject{Kind: "db", Name: name}, "DROP DATABASE"), nil
	case "namespace", "ns":
		return ddl(&plan.DropObject{Kind: "namespace", Name: name}, "DROP NAMESPACE"), nil
	case "enum", "type", "index", "edge", "function":
		return ddl(&plan.DropObject{Kind: kind, Name: name}, "DROP "+strings.ToUpper(kind)), nil
	default:
		return nil, errAt(errs.SyntaxError, t.at(s.Kind), "unknown kind of object %q: destroy takes table, db, namespace, enum, type, index, edge or function", kind)
	}
}

// typeOf translates a type annotation or a schema field type.
func (t *translator) typeOf(te lang.TypeExpr) (value.Type, error) {
	pos := t.at(te)
	switch te := te.(type) {
	case *lang.NamedType:
		return t.namedType(te)
	case *lang.ListType:
		elem, err := t.typeOf(te.Elem)
		if err != nil {
			return value.Type{}, err
		}
		return value.Type{Kind: value.KindList, Elem: &elem}, nil
	case *lang.OptionalType:
		elem, err := t.typeOf(te.Elem)
		if err != nil {
			return value.Type{}, err
		}
		elem.Optional = true
		return elem, nil
	case *lang.TupleType:
		fields := make([]value.Field, len(te.Elems))
		for i, e := range te.Elems {
			ft, err := t.typeOf(e)
			if err != nil {
				return value.Type{}, err
			}
			fields[i] = value.Field{Name: strconv.Itoa(i), Type: ft}
		}
		return value.Type{Kind: value.KindTuple, Fields: fields}, nil
	case *lang.ObjectType:
		fields := make([]value.Field, 0, len(te.Fields))
		for _, f := range te.Fields {
			if f.Default != nil || f.Assert != nil {
				return value.Type{}, unsupported(t.at(f), "a default or an assert inside a nested object type")
			}
			ft, err := t.typeOf(f.Type)
			if err != nil {
				return value.Type{}, err
			}
			fields = append(fields, value.Field{Name: f.Name, Type: ft})
		}
		return value.Type{Kind: value.KindObject, Fields: fields}, nil
	case *lang.IntLit:
		return value.Type{}, errAt(errs.SyntaxError, pos, "a number is not a type")
	}
	return value.Type{}, errAt(errs.InternalError, pos, "zqlfe: unknown type %T", te)
}

func (t *translator) namedType(te *lang.NamedType) (value.Type, error) {
	pos := t.at(te)
	noArgs := func(ty value.Type) (value.Type, error) {
		if len(te.Args) > 0 {
			return value.Type{}, errAt(errs.SyntaxError, pos, "type %s takes no arguments", te.Name)
		}
		return ty, nil
	}
	if w, _, _, ok := intWidth(te.Name); ok && te.Name != "" {
		return noArgs(value.Type{Kind: value.KindInt, Width: w})
	}
	switch te.Name {
	case "int":
		return noArgs(value.Type{Kind: value.KindInt})
	case "float", "f64":
		return noArgs(value.Type{Kind: value.KindFloat, FloatBits: 64})
	case "f32":
		return noArgs(value.Type{Kind: value.KindFloat, FloatBits: 32})
	case "decimal":
		return noArgs(value.Type{Kind: value.KindDecimal})
	case "string":
		return noArgs(value.Type{Kind: value.KindString})
	case "bool":
		return noArgs(value.Type{Kind: value.KindBool})
	case "datetime":
		return noArgs(value.Type{Kind: value.KindDatetime, WithTZ: true})
	case "duration":
		return noArgs(value.Type{Kind: value.KindDuration})
	case "time":
		return noArgs(value.TypeTime)
	case "uuid":
		return noArgs(value.Type{Kind: value.KindUUID})
	case "bytes":
		return noArgs(value.Type{Kind: value.KindBytes})
	case "symbol":
		return noArgs(value.Type{Kind: value.KindSymbol})
	case "regex":
		return noArgs(value.Type{Kind: value.KindRegex})
	case "range":
		return noArgs(value.Type{Kind: value.KindRange})
	case "none":
		return noArgs(value.Type{Kind: value.KindNone})
	case "any":
		return noArgs(value.Any)
	case "object":
		return noArgs(value.Type{Kind: value.KindObject})
	case "list":
		return noArgs(value.Type{Kind: value.KindList})
	case "tuple":
		return noArgs(value.Type{Kind: value.KindTuple})
	case "record":
		ty := value.Type{Kind: value.KindRecordID}
		switch len(te.Args) {
		case 0:
		case 1:
			nt, ok := te.Args[0].(*lang.NamedType)
			if !ok || len(nt.Args) > 0 {
				return value.Type{}, errAt(errs.SyntaxError, t.at(te.Args[0]), "record(...) takes a table name")
			}
			ty.Table = nt.Name
		default:
			return value.Type{}, errAt(errs.SyntaxError, pos, "record(...) takes one table name")
		}
		return ty, nil
	case "vector":
		if len(te.Args) != 1 {
			return value.Type{}, errAt(errs.SyntaxError, pos, "vector(N) takes its number of dimensions")
		}
		n, ok := te.Args[0].(*lang.IntLit)
		if !ok || n.Value == 0 || n.Value > 1<<16 {
			return value.Type{}, errAt(errs.InvalidParameterValue, t.at(te.Args[0]), "the dimensions of vector(N) are a number from 1 to 65536")
		}
		return value.Type{Kind: value.KindVector, Dims: int(n.Value)}, nil
	}
	// A named type or an enum (type::create, enum::create); a table name
	// types a parameter holding one of its records (records are checked
	// by the schema when written, so the annotation admits any value).
	ty, ok, err := t.catalogType(te.Name, pos)
	if err != nil {
		return value.Type{}, err
	}
	if ok {
		return noArgs(ty)
	}
	return value.Type{}, errAt(errs.UndefinedObject, pos, "type %q does not exist", te.Name)
}
