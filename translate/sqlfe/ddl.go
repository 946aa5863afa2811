package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// typeName resolves a type name as written in a column definition or a
// cast. char(n) is bpchar(n) (the grammar gives char without a length
// the length 1).
func (tr *translator) typeName(tn *pg.TypeName) (value.Type, error) {
	tr.typeDomain, tr.typeDomainArray = "", false
	if tn == nil {
		return value.Type{}, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "missing type name")
	}
	p := tr.pos(tn.Location)
	if tn.PctType || tn.Setof {
		return value.Type{}, unsupported(p, "%TYPE and SETOF")
	}
	// lookup is the name the catalog's types are looked up by: a bare
	// one along search_path, "schema.name" in that schema.
	var name, lookup string
	switch len(tn.Names) {
	case 1:
		name = tn.Names[0].GetString_().GetSval()
		lookup = name
	case 2:
		schema := tn.Names[0].GetString_().GetSval()
		name = tn.Names[1].GetString_().GetSval()
		switch {
		case schema == "pg_catalog":
			lookup = name
		case schema == "public":
			lookup = "public." + name
		default:
			if len(tn.ArrayBounds) == 0 {
				if err := tr.typeSchemaExists(schema, p); err != nil {
					return value.Type{}, err
				}
			}
			lookup = schema + "." + name
		}
	default:
		return value.Type{}, errAt(errs.SyntaxError, p, "improper qualified name (too many dotted names): %s", qualifiedName(tn.Names))
	}
	if len(tn.ArrayBounds) > 0 {
		elem := &pg.TypeName{Names: tn.Names, Typmods: tn.Typmods, Typemod: tn.Typemod, Location: tn.Location}
		t, err := tr.typeName(elem)
		if err != nil {
			return value.Type{}, err
		}
		tn.Names = elem.Names // bindType's
		// An array of a domain is an array of its base type whose
		// elements the domain checks.
		tr.typeDomainArray = tr.typeDomain != ""
		if t.JSONPath {
			// Its text form would skip the elements' check.
			return value.Type{}, unsupported(p, "type jsonpath[]")
		}
		if t.RegOID == value.OIDOid {
			// No array type is reported for it (it would show as jsonb).
			return value.Type{}, unsupported(p, "type oid[]")
		}
		return value.ArrayOf(t), nil
	}
	mods := make([]int, 0, len(tn.Typmods))
	for _, m := range tn.Typmods {
		iv := m.GetAConst().GetIval()
		if iv == nil && tr.lits > 0 {
			return value.Type{}, tr.uncacheable() // maybe a literal's parameter
		}
		if iv == nil {
			return value.Type{}, errAt(errs.SyntaxError, p, "type modifiers must be simple constants or identifiers")
		}
		mods = append(mods, int(iv.Ival))
	}
	noMods := func(t value.Type) (value.Type, error) {
		if len(mods) > 0 {
			return value.Type{}, errAt(errs.SyntaxError, p, "type modifier is not allowed for type %q", name)
		}
		return t, nil
	}
	switch name {
	case "int2", "smallint":
		return noMods(value.TypeInt2)
	case "int4", "int", "integer":
		return noMods(value.TypeInt4)
	case "int8", "bigint":
		return noMods(value.TypeInt8)
	case "float4", "real":
		return noMods(value.TypeFloat4)
	case "float8":
		return noMods(value.TypeFloat8)
	case "bool", "boolean":
		return noMods(value.TypeBool)
	case "text":
		return noMods(value.TypeText)
	case "citext":
		return noMods(value.TypeCIText)
	case "hstore":
		return noMods(value.TypeHstore)
	case "ltree":
		return noMods(value.TypeLtree)
	case "lquery":
		return noMods(value.TypeLquery)
	case "ltxtquery":
		return noMods(value.TypeLtxtquery)
	case "name":
		return noMods(value.TypeName)
	case "int2vector":
		return noMods(value.TypeInt2Vector)
	case "oidvector":
		return noMods(value.TypeOidVector)
	case "pg_lsn":
		return noMods(value.TypePgLSN)
	case "money":
		return noMods(value.TypeMoney)
	case "jsonb":
		return noMods(value.TypeJSONB)
	case "json":
		return noMods(value.TypeJSON)
	case "jsonpath":
		return noMods(value.TypeJSONPath)
	case "bytea":
		return noMods(value.TypeBytea)
	case "uuid":
		return noMods(value.TypeUUID)
	case "tsvector":
		return noMods(value.TypeTSVector)
	case "tsquery":
		return noMods(value.TypeTSQuery)
	case "regconfig":
		// A configuration's name: zerodb has no regconfig OIDs, so it is
		// text, checked when a function uses it.
		return noMods(value.TypeText)
	case "timestamp":
		return timestampType(mods, p, false)
	case "timestamptz":
		return timestampType(mods, p, true)
	case "interval":
		return intervalType(mods, p)
	case "varchar", "bpchar":
		t := value.TypeText
		t.BPChar = name == "bpchar"
		switch len(mods) {
		case 0:
			t.Varchar = name == "varchar"
		case 1:
			if mods[0] < 1 {
				return value.Type{}, errAt(errs.SyntaxError, p, "length for type %s must be at least 1", name)
			}
			t.MaxLen = mods[0]
		default:
			return value.Type{}, errAt(errs.SyntaxError, p, "invalid type modifier")
		}
		return t, nil
	case "vector":
		return vectorType(mods, p)
	case "numeric", "decimal":
		t := value.TypeNumeric
		switch len(mods) {
		case 0:
		case 1, 2:
			t.Precision = mods[0]
			if len(mods) == 2 {
				t.Scale = mods[1]
			}
			if t.Precision < 1 || t.Precision > 1000 {
				return value.Type{}, errAt(errs.SyntaxError, p, "NUMERIC precision %d must be between 1 and 1000", t.Precision)
			}
			if t.Scale < 0 || t.Scale > t.Precision {
				return value.Type{}, errAt(errs.SyntaxError, p, "NUMERIC scale %d must be between 0 and precision %d", t.Scale, t.Precision)
			}
		default:
			return value.Type{}, errAt(errs.SyntaxError, p, "invalid NUMERIC type modifier")
		}
		return t, nil
	case "date":
		return noMods(value.TypeDate)
	case "time":
		return timeType(mods, p, false)
	case "timetz":
		return timeType(mods, p, true)
	case "inet", "cidr", "macaddr", "macaddr8":
		k, _ := value.NetKindOfName(name)
		return noMods(k.Type())
	case "bit", "varbit":
		return bitType(name, mods, p)
	case "oid":
		return noMods(value.TypeOid)
	case "xml":
		return noMods(value.TypeXML)
	case "point", "line", "lseg", "box", "path", "polygon", "circle":
		k, _ := value.GeoKindOfName(name)
		return noMods(k.Type())
	case "regclass", "regtype", "char":
		return value.Type{}, unsupported(p, "type "+name)
	case "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange":
		k, _ := value.RangeKindOfName(name)
		return noMods(k.Type())
	case "int4multirange", "int8multirange", "nummultirange", "tsmultirange",
		"tstzmultirange", "datemultirange":
		k, _ := value.RangeKindOfMultirangeName(name)
		return noMods(k.MultirangeType())
	case "anyrange", "anymultirange":
		return value.Type{}, unsupportedRange(p, "type "+name)
	}
	if d, ok, err := tr.domainDef(lookup); err != nil || ok {
		if err == nil && len(mods) > 0 {
			err = errAt(errs.SyntaxError, p, "type modifier is not allowed for type %q", name)
		}
		if err == nil {
			tr.typeDomain, err = tr.typeRef(d.Database, d.Name)
		}
		if err != nil {
			return value.Type{}, err
		}
		tr.bindType(tn, tr.typeDomain)
		return d.Type, nil
	}
	if e, ok, err := tr.enumType(lookup); err != nil || ok {
		if err == nil && len(mods) > 0 {
			err = errAt(errs.SyntaxError, p, "type modifier is not allowed for type %q", name)
		}
		if err == nil {
			e, err = tr.enumOf(&e)
			tr.bindType(tn, e.Name)
		}
		return catalog.EnumType(&e), err
	}
	if t, ok, err := tr.compositeDef(lookup); err != nil || ok {
		if err == nil && len(mods) > 0 {
			err = errAt(errs.SyntaxError, p, "type modifier is not allowed for type %q", name)
		}
		tr.bindType(tn, t.Name)
		return t, err
	}
	if d, ok, err := tr.userRangeDef(lookup); err != nil || ok {
		if err == nil && len(mods) > 0 {
			err = errAt(errs.SyntaxError, p, "type modifier is not allowed for type %q", name)
		}
		if err != nil {
			return value.Type{}, err
		}
		tr.bindType(tn, d.Type.Name)
		return d.Type, nil
	}
	if t, ok := tr.tableType(lookup); ok {
		if len(mods) > 0 {
			return value.Type{}, errAt(errs.SyntaxError, p, "type modifier is not allowed for type %q", name)
		}
		return t, nil
	}
	if t, ok := tr.underscoreArrayType(tn, name, len(mods) > 0); ok {
		return t, nil
	}
	if lookup != name && !strings.HasPrefix(lookup, "public.") {
		return value.Type{}, errAt(errs.UndefinedObject, p, "type \"%s\" does not exist", lookup)
	}
	return value.Type{}, errAt(errs.UndefinedObject, p, "type %q does not exist", name)
}

// underscoreArrayType resolves _name, pg_type's name of the array type of
// name (_int4, _mood, _posint), that names no type of its own: ok false
// when name names no type either.
func (tr *translator) underscoreArrayType(tn *pg.TypeName, name string, mods bool) (value.Type, bool) {
	elem, ok := strings.CutPrefix(name, "_")
	if !ok || elem == "" || strings.HasPrefix(elem, "_") || mods || len(tn.ArrayBounds) > 0 {
		return value.Type{}, false
	}
	names := slices.Clone(tn.Names)
	names[len(names)-1] = pg.MakeStrNode(elem)
	arr := &pg.TypeName{Names: names, ArrayBounds: []*pg.Node{pg.MakeIntNode(-1)}, Location: tn.Location}
	t, err := tr.typeName(arr)
	if err != nil {
		return value.Type{}, false
	}
	if len(arr.Names) == 2 && len(tn.Names) == 1 {
		tn.Names = []*pg.Node{arr.Names[0], tn.Names[0]} // bindType's schema
	}
	return t, true
}

// timeType is time(p) or, withTZ, timetz(p): PostgreSQL warns and
// reduces a precision above 6 (anytime_typmod_check).
func timeType(mods []int, p int, withTZ bool) (value.Type, error) {
	t, name := value.TypeTime, "TIME"
	if withTZ {
		t, name = value.TypeTimeTZ, "TIME WITH TIME ZONE"
	}
	return withTimePrecision(t, name, mods, p)
}

// timestampType is timestamp(p) or, withTZ, timestamptz(p), whose
// values are rounded to p digits of the second as PostgreSQL does.
func timestampType(mods []int, p int, withTZ bool) (value.Type, error) {
	t, name := value.TypeTimestamp, "TIMESTAMP"
	if withTZ {
		t, name = value.TypeTimestampTZ, "TIMESTAMP WITH TIME ZONE"
	}
	return withTimePrecision(t, name, mods, p)
}

// withTimePrecision gives the time or timestamp type t the precision
// of its type modifiers (name is the type's, as PostgreSQL's messages
// spell it).
func withTimePrecision(t value.Type, name string, mods []int, p int) (value.Type, error) {
	switch {
	case len(mods) == 0:
		return t, nil
	case len(mods) > 1:
		return value.Type{}, errAt(errs.InvalidParameterValue, p, "invalid type modifier")
	case mods[0] < 0:
		return value.Type{}, errAt(errs.InvalidParameterValue, p, "%s(%d)%s precision must not be negative", name[:4], mods[0], name[4:])
	}
	t.TimePrec = int8(min(mods[0], value.MaxTimePrecision) + 1)
	return t, nil
}

func (tr *translator) createTable(cs *pg.CreateStmt) (*plan.Statement, error) {
	rv := cs.Relation
	if rv == nil {
		return nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "missing table name")
	}
	p := tr.pos(rv.Location)
	if err := tr.checkRelationSchema(rv); err != nil {
		return nil, err
	}
	temp, onCommit, err := tr.createPersistence(rv, cs.Oncommit)
	if err != nil {
		return nil, err
	}
	if err := createTableTablespaces(cs); err != nil {
		return nil, err
	}
	switch {
	case cs.Partbound != nil:
		return tr.partitionOf(cs, temp)
	case cs.OfTypename != nil:
		return nil, unsupported(p, "typed tables")
	}
	t := &catalog.Table{Name: rv.Relname, Schemafull: true, CreatedBy: "sql", OnCommit: onCommit}
	notices, err := tr.inheritFrom(t, cs.InhRelations, rv.Schemaname, temp)
	if err != nil {
		return nil, err
	}
	var pk []string
	pkPos := 0
	// deferredPK is a DEFERRABLE PRIMARY KEY's constraint (deferrablePK).
	var deferredPK *pg.Constraint
	pkName := "" // CONSTRAINT name PRIMARY KEY's name
	setPK := func(cols []string, cp int) error {
		if pk != nil {
			return errAt(errs.InvalidTableDefinition, cp, "multiple primary keys for table %q are not allowed", t.Name)
		}
		pk, pkPos = cols, cp
		return nil
	}
	// Foreign keys are translated once every column is known.
	type fkCon struct {
		c      *pg.Constraint
		column string
	}
	var fks []fkCon
	var excls []*pg.Constraint
	var seqs []*catalog.Sequence
	tr.checkMerges = nil
	local := 0 // the position of the column definition among them
	for _, elt := range cs.TableElts {
		switch x := elt.Node.(type) {
		case *pg.Node_ColumnDef:
			cd := ownColumnDef(x.ColumnDef)
			f, isPK, seq, err := tr.columnDefSeq(cd, t.Name)
			if err != nil {
				return nil, err
			}
			if seq != nil {
				seqs = append(seqs, seq)
			}
			if g, at, dup := t.FieldByName(f.Name); dup && g.NotLocal {
				if at == local {
					notices = append(notices, notice("merging column %q with inherited definition", f.Name))
				} else {
					m := notice("moving and merging column %q with inherited definition", f.Name)
					m.Detail = "User-specified column moved to the position of the inherited column."
					notices = append(notices, m)
				}
				if err := mergeLocalColumn(g, f); err != nil {
					return nil, err
				}
			} else if dup {
				return nil, errAt(codeDuplicateColumn, tr.pos(cd.Location), "column %q specified more than once", f.Name)
			} else {
				t.Fields = append(t.Fields, f)
			}
			local++
			for _, cn := range cd.Constraints {
				if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_UNIQUE {
					if err := tr.uniqueConstraint(t, c, f.Name); err != nil {
						return nil, err
					}
				}
				if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_CHECK {
					if err := tr.addCheck(t, c, f.Name); err != nil {
						return nil, err
					}
				}
				if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_FOREIGN {
					fks = append(fks, fkCon{c, f.Name})
				}
				if c := cn.GetConstraint(); c != nil && c.Contype == pg.ConstrType_CONSTR_PRIMARY {
					if t.PKeyOptions, err = pkeyRelOptions(c.Options); err != nil {
						return nil, err
					}
					pkName = c.Conname
				}
			}
			if isPK {
				if err := setPK([]string{f.Name}, tr.pos(cd.Location)); err != nil {
					return nil, err
				}
				for _, cn := range cd.Constraints {
					if c := cn.GetConstraint(); c.GetContype() == pg.ConstrType_CONSTR_PRIMARY && c.Deferrable {
						deferredPK = c
					}
				}
			}
		case *pg.Node_Constraint:
			c := x.Constraint
			cp := tr.pos(c.Location)
			if c.Contype == pg.ConstrType_CONSTR_UNIQUE {
				if err := tr.uniqueConstraint(t, c, ""); err != nil {
					return nil, err
				}
				continue
			}
			if c.Contype == pg.ConstrType_CONSTR_CHECK {
				if err := tr.addCheck(t, c, ""); err != nil {
					return nil, err
				}
				continue
			}
			if c.Contype == pg.ConstrType_CONSTR_FOREIGN {
				fks = append(fks, fkCon{c, ""})
				continue
			}
			if c.Contype == pg.ConstrType_CONSTR_EXCLUSION {
				excls = append(excls, c)
				continue
			}
			if c.Contype != pg.ConstrType_CONSTR_PRIMARY {
				return nil, unsupported(cp, constraintName(c.Contype))
			}
			cols := make([]string, 0, len(c.Keys))
			for _, k := range c.Keys {
				name := k.GetString_().GetSval()
				for _, seen := range cols {
					if seen == name {
						return nil, errAt(codeDuplicateColumn, cp, "column %q appears twice in primary key constraint", name)
					}
				}
				cols = append(cols, name)
			}
			if err := setPK(cols, cp); err != nil {
				return nil, err
			}
			if t.PKeyOptions, err = pkeyRelOptions(c.Options); err != nil {
				return nil, err
			}
			t.PKeyInclude = constraintInclude(c)
			pkName = c.Conname
			if c.Deferrable {
				deferredPK = c
			}
		case *pg.Node_TableLikeClause:
			likeSeqs, err := tr.tableLike(t, x.TableLikeClause, setPK)
			if err != nil {
				return nil, err
			}
			seqs = append(seqs, likeSeqs...)
		default:
			return nil, unsupported(p, "this table element")
		}
	}
	notices = append(notices, tr.checkMerges...)
	for _, c := range pk {
		f, _, ok := t.FieldByName(c)
		if !ok {
			return nil, errAt(errs.UndefinedColumn, pkPos, "column %q named in key does not exist", c)
		}
		if f.Type.Kind == value.KindGeo {
			return nil, noBtreeClass(f.Type, pkPos)
		}
		f.Optional = false // PRIMARY KEY implies NOT NULL
	}
	t.PrimaryKey = pk
	if len(pk) > 0 && pkName != "" {
		// CONSTRAINT name PRIMARY KEY: pg_dump of such a table restores
		// it by that name, and ALTER TABLE ... DROP CONSTRAINT names it.
		if pkName != t.Name+"_pkey" && t.ConstraintOrIndex(pkName) {
			return nil, errAt(errs.DuplicateTable, pkPos, "relation %q already exists", pkName)
		}
		t.NamePKey(pkName)
	}
	if deferredPK != nil {
		t.PrimaryKey, t.PKeyName = nil, "" // the index has the name
		ix := deferrablePK(t.Name, pk, deferredPK)
		ix.RelOptions, t.PKeyOptions = t.PKeyOptions, nil // the index stands for the key
		ix.Include, t.PKeyInclude = t.PKeyInclude, nil
		t.Indexes = append(t.Indexes, ix)
	}
	if slices.ContainsFunc(t.Indexes, func(ix catalog.Index) bool { return ix.Primary }) && len(t.PrimaryKey) > 0 {
		return nil, errAt(errs.InvalidTableDefinition, pkPos, "multiple primary keys for table %q are not allowed", t.Name)
	}
	if err := tr.checkIndexColumns(t, p); err != nil {
		return nil, err
	}
	if temp && len(fks) > 0 {
		return nil, unsupported(p, "FOREIGN KEY constraints on temporary tables")
	}
	for _, f := range fks {
		fk, err := tr.foreignKey(t, f.c, f.column)
		if err != nil {
			return nil, err
		}
		// A new table has no rows to leave unchecked: PostgreSQL marks
		// a NOT VALID key of CREATE TABLE valid.
		fk.NotValid = false
		t.ForeignKeys = append(t.ForeignKeys, fk)
	}
	var defs []*pg.ColumnDef
	for _, elt := range cs.TableElts {
		if cd := elt.GetColumnDef(); cd != nil {
			defs = append(defs, cd)
		}
	}
	if err := tr.checkGenerated(t, defs); err != nil {
		return nil, err
	}
	if err := tr.validateChecks(t, p); err != nil {
		return nil, err
	}
	if cs.Partspec != nil {
		if len(t.Inherits) > 0 {
			return nil, errAt(errs.WrongObjectType, p, "cannot create partitioned table as inheritance child")
		}
		if err := tr.partitionBy(t, cs.Partspec, temp, p); err != nil {
			return nil, err
		}
	}
	if t.RelOptions, err = tableRelOptions(cs.Options, cs.Partspec != nil, p); err != nil {
		return nil, err
	}
	for _, c := range excls {
		if err := tr.addExclusion(t, c); err != nil {
			return nil, err
		}
	}
	if err := noDeferrablePartitioned(t, p); err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Root: &plan.CreateTable{Table: t, IfNotExists: cs.IfNotExists, Sequences: seqs, Notices: notices}, Tag: TagCreateTable, Temp: temp}, nil
}

// deferrablePK is the index of table's DEFERRABLE PRIMARY KEY c on
// cols: the primary key cannot be the records' kv key, which two records
// cannot share even until the check runs, so the table keys its records
// as one without a primary key does, and this deferrable unique index,
// which the catalogs show as the primary key, holds the constraint.
func deferrablePK(table string, cols []string, c *pg.Constraint) catalog.Index {
	ix := catalog.Index{Name: c.Conname, Kind: catalog.IndexBTree, Unique: true, Constraint: true, Primary: true,
		Deferrable: true, InitiallyDeferred: c.Initdeferred}
	if ix.Name == "" {
		ix.Name = table + "_pkey"
	}
	for _, col := range cols {
		ix.Parts = append(ix.Parts, catalog.IndexPart{Path: []string{col}})
	}
	return ix
}

// noDeferrablePartitioned refuses a deferrable unique constraint of a
// partitioned table: its partitions' indexes are named apart from the
// constraint, which SET CONSTRAINTS names.
func noDeferrablePartitioned(t *catalog.Table, p int) error {
	if t.Partitioned == nil {
		return nil
	}
	for i := range t.Indexes {
		if t.Indexes[i].Deferrable {
			return unsupported(p, "DEFERRABLE unique and primary key constraints on partitioned tables")
		}
	}
	return nil
}

func constraintName(c pg.ConstrType) string {
	switch c {
	case pg.ConstrType_CONSTR_UNIQUE:
		return "UNIQUE constraints"
	case pg.ConstrType_CONSTR_CHECK:
		return "CHECK constraints"
	case pg.ConstrType_CONSTR_FOREIGN:
		return "FOREIGN KEY constraints"
	case pg.ConstrType_CONSTR_EXCLUSION:
		return "EXCLUDE constraints"
	case pg.ConstrType_CONSTR_IDENTITY:
		return "identity columns"
	case pg.ConstrType_CONSTR_GENERATED:
		return "generated columns"
	}
	return "this constraint"
}

// columnDefSeq translates a column definition; seq is the sequence a
// serial or identity column owns (nil for others).
func (tr *translator) columnDefSeq(cd *pg.ColumnDef, table string) (_ catalog.Field, _ bool, seq *catalog.Sequence, _ error) {
	p := tr.pos(cd.Location)
	if err := tr.foldConstraintAttrs(cd); err != nil {
		return catalog.Field{}, false, nil, err
	}
	ty, serial := serialType(cd.TypeName)
	var err error
	if !serial {
		if ty, err = tr.typeName(cd.TypeName); err != nil {
			return catalog.Field{}, false, nil, err
		}
		if err := noJSONPathColumn(ty, tr.pos(cd.TypeName.Location)); err != nil {
			return catalog.Field{}, false, nil, err
		}
	}
	if cd.CollClause != nil {
		return catalog.Field{}, false, nil, unsupported(tr.pos(cd.CollClause.Location), "COLLATE")
	}
	f := catalog.Field{Name: cd.Colname, Type: ty, Optional: !cd.IsNotNull}
	if !serial {
		f.Domain, f.DomainArray = tr.typeDomain, tr.typeDomainArray
	}
	isPK, sawNull, sawNotNull := false, false, cd.IsNotNull
	var def, identity, gen *pg.Constraint
	for _, cn := range cd.Constraints {
		c := cn.GetConstraint()
		if c == nil {
			continue
		}
		switch c.Contype {
		case pg.ConstrType_CONSTR_NULL:
			sawNull = true
		case pg.ConstrType_CONSTR_NOTNULL:
			sawNotNull = true
		case pg.ConstrType_CONSTR_PRIMARY:
			isPK = true
		case pg.ConstrType_CONSTR_UNIQUE:
			// createTable makes the unique index (uniqueConstraint).
		case pg.ConstrType_CONSTR_CHECK:
			// createTable adds it to the table (addCheck).
		case pg.ConstrType_CONSTR_FOREIGN:
			// createTable adds it to the table (foreignKey); ALTER TABLE
			// ADD COLUMN refuses it.
		case pg.ConstrType_CONSTR_DEFAULT:
			if def != nil || serial {
				return catalog.Field{}, false, nil, errAt(errs.SyntaxError, tr.pos(c.Location), "multiple default values specified for column %q of table %q", cd.Colname, table)
			}
			def = c
		case pg.ConstrType_CONSTR_IDENTITY:
			if identity != nil {
				return catalog.Field{}, false, nil, errAt(errs.SyntaxError, tr.pos(c.Location), "multiple identity specifications for column %q of table %q", cd.Colname, table)
			}
			identity, sawNotNull = c, true
		case pg.ConstrType_CONSTR_GENERATED:
			if gen != nil {
				return catalog.Field{}, false, nil, errAt(errs.SyntaxError, tr.pos(c.Location), "multiple generation clauses specified for column %q of table %q", cd.Colname, table)
			}
			gen = c
		default:
			return catalog.Field{}, false, nil, unsupported(tr.pos(c.Location), constraintName(c.Contype))
		}
	}
	if identity != nil && (def != nil || serial) {
		return catalog.Field{}, false, nil, errAt(errs.SyntaxError, tr.pos(identity.Location), "both default and identity specified for column %q of table %q", cd.Colname, table)
	}
	if sawNull && (sawNotNull || isPK) {
		return catalog.Field{}, false, nil, errAt(errs.SyntaxError, p, "conflicting NULL/NOT NULL declarations for column %q of table %q", cd.Colname, table)
	}
	f.Optional = !sawNotNull && !isPK && !serial
	if gen != nil {
		if err := tr.generatedColumn(&f, gen, def != nil || serial, identity != nil, table); err != nil {
			return catalog.Field{}, false, nil, err
		}
	}
	if def != nil {
		if err := tr.columnDefault(&f, def.RawExpr); err != nil {
			return catalog.Field{}, false, nil, err
		}
	}
	if serial || identity != nil {
		var opts []*pg.Node
		cp := p
		if identity != nil {
			opts, cp = identity.Options, tr.pos(identity.Location)
		}
		if seq, err = tr.columnSequence(&f, table, opts, identity != nil, cp); err != nil {
			return catalog.Field{}, false, nil, err
		}
		if identity != nil {
			f.Identity = catalog.IdentityByDefault
			if identity.GeneratedWhen == "a" {
				f.Identity = catalog.IdentityAlways
			}
		}
	}
	return f, isPK, seq, nil
}

// columnDefault folds a DEFAULT into a constant (converted to the column
// type now, so that a bad default fails CREATE TABLE as in PostgreSQL), a
// call of a function without arguments evaluated at write time
// (now()/current_timestamp, gen_random_uuid() and the like), a sequence's
// nextval, or else keeps the expression's SQL text, which the executor
// compiles and evaluates for each write (DefaultExpr).
func (tr *translator) columnDefault(f *catalog.Field, n *pg.Node) error {
	if err := tr.refuseInDefault(n); err != nil {
		return err
	}
	x, err := tr.expr(n, defaultCtx())
	if err != nil {
		return err
	}
	p := x.e.Pos()
	if !assignable(x, f.Type) {
		return errAt(errs.DatatypeMismatch, p, "column %q is of type %s but default expression is of type %s", f.Name, sqlTypeName(f.Type), typeName(x)).
			WithHint("You will need to rewrite or cast the expression.")
	}
	shown := shownDefault(n, x, f.Type)
	if x, err = tr.coerce(x, f.Type); err != nil {
		return err
	}
	e := x.e
	if c, ok := e.(*plan.Cast); ok {
		if in, ok := c.X.(*plan.Cast); ok && sameType(baseType(in.To), baseType(c.To)) {
			// A cast that only adds a modifier (localtime into a time(0)
			// column): the write converts to the column's type anyway.
			c = in
		}
		if _, isCall := c.X.(*plan.Call); isCall {
			e = c.X // the write converts the function's result to the column type
		}
	}
	if seq, ok := tr.nextvalDefault(e); ok {
		f.HasDefault, f.DefaultSeq = true, seq
		return nil
	}
	switch d := e.(type) {
	case *plan.Const:
		if !d.V.IsSQLNull() {
			f.HasDefault, f.DefaultValue, f.DefaultShown = true, d.V, shown
		}
		return nil
	case *plan.Call:
		if len(d.Args) == 0 {
			f.HasDefault, f.DefaultFunc, f.DefaultShown = true, d.Fn, shown
			return nil
		}
	}
	text, err := predicateText(n)
	if err != nil {
		return errAt(errs.SyntaxError, p, "cannot store default expression: %v", err)
	}
	if rn, err := (&rulePrinter{tr: tr, ec: defaultCtx()}).expr(n); err == nil && rn.text != "" {
		shown = rn.text // pg_get_expr's text, as ruleutils prints it
	} else {
		shown = text
	}
	f.HasDefault, f.DefaultExpr, f.DefaultShown = true, text, shown
	return nil
}

// dropTable translates DROP TABLE. Several tables are dropped by one
// statement, all or none: the plan evaluates one DropTable subquery per
// table inside a single row.
func (tr *translator) dropTable(ds *pg.DropStmt) (*plan.Statement, error) {
	if tr.nameSchemas != nil {
		return tr.dropTablesOfSchemas(ds)
	}
	drops := make([]*plan.DropTable, 0, len(ds.Objects))
	temps := 0
	for _, o := range ds.Objects {
		name, temp, err := tr.dropTableName(o)
		if err != nil {
			return nil, err
		}
		if temp {
			temps++
		} else if err := tr.dropKind(name, "table"); err != nil {
			return nil, err
		} else if _, err := tr.r.Table(tr.ctx, name); !ds.MissingOk && errs.Code(err) == errs.UndefinedTable && len(ds.Objects) > 1 {
			// PostgreSQL finds every table before it looks at what
			// depends on them.
			return nil, errs.New(errs.UndefinedTable, "table %q does not exist", name)
		}
		drops = append(drops, &plan.DropTable{Name: name, IfExists: ds.MissingOk, Cascade: ds.Behavior == pg.DropBehavior_DROP_CASCADE, Notify: true})
	}
	if temps > 0 {
		if temps < len(drops) {
			return nil, unsupported(tr.stmt.stmtPos(), "a statement on both temporary and permanent tables")
		}
		// No view of the database reads a temporary table: there is
		// nothing to cascade to.
		nodes := make([]plan.Node, len(drops))
		names := make([]string, len(drops))
		for i, d := range drops {
			nodes[i], names[i] = d, d.Name
		}
		st := allOf(TagDropTable, nodes, names)
		st.Temp = true
		return st, nil
	}
	children, childNotices, err := tr.dropChildren(drops, ds.Behavior == pg.DropBehavior_DROP_CASCADE)
	if err != nil {
		return nil, err
	}
	drops = append(children, drops...)
	for _, d := range drops {
		for _, o := range drops {
			if o != d {
				d.With = append(d.With, o.Name)
			}
		}
	}
	nodes := make([]plan.Node, len(drops))
	names := make([]string, len(drops))
	for i, d := range drops {
		nodes[i], names[i] = d, d.Name
	}
	views, viewNames, notices, err := tr.cascadeViews(dropping{relations: names}, "table "+qualified(tr.stmtSchema, names[len(children)]), ds.Behavior == pg.DropBehavior_DROP_CASCADE)
	if err != nil {
		return nil, err
	}
	for _, d := range drops[:len(drops)-1] {
		d.Hold = true
	}
	drops[len(drops)-1].Notices = append(childNotices, notices...)
	return allOf(TagDropTable, append(views, nodes...), append(viewNames, names...)), nil
}

// dropTablesOfSchemas is DROP TABLE of tables of several schemas
// (ddlTarget's nameSchemas), as dropRelationsOfSchemas drops views: each
// table also knows the others by their qualified names, so foreign keys
// between them need no CASCADE, as in PostgreSQL.
func (tr *translator) dropTablesOfSchemas(ds *pg.DropStmt) (*plan.Statement, error) {
	cascade := ds.Behavior == pg.DropBehavior_DROP_CASCADE
	var drops []*plan.DropTable
	st, err := tr.dropRelationsOfSchemas(ds, "table", TagDropTable, func(name, schema string) plan.Node {
		d := &plan.DropTable{Name: name, IfExists: ds.MissingOk, Cascade: cascade, Schema: schema, Notify: true}
		drops = append(drops, d)
		return d
	})
	if err != nil {
		return nil, err
	}
	for _, d := range drops {
		for _, o := range drops {
			switch {
			case o == d:
			case o.Schema == d.Schema:
				d.With = append(d.With, o.Name)
			default:
				d.With = append(d.With, o.Schema+"."+o.Name)
			}
		}
	}
	return st, nil
}

// allOf is the statement of DDL on several objects, all or none (a
// DROP of several, an ANALYZE of several schemas' tables): one subquery
// per object's node inside a single row.
func allOf(tag string, drops []plan.Node, names []string) *plan.Statement {
	st := &plan.Statement{Kind: plan.StmtDDL, Tag: tag}
	if len(drops) == 1 {
		st.Root = drops[0]
		return st
	}
	proj := &plan.Project{Input: &plan.Values{Rows: [][]plan.Expr{{}}}, Exprs: make([]plan.Expr, len(drops)), Cols: make([]plan.Column, len(drops))}
	for i, d := range drops {
		proj.Exprs[i] = &plan.Subquery{Node: d, Mode: plan.SubExists}
		proj.Cols[i] = plan.Column{Name: names[i], Type: value.TypeBool}
	}
	st.Root = proj
	return st
}

// foldConstraintAttrs moves the DEFERRABLE, NOT DEFERRABLE, INITIALLY
// DEFERRED and INITIALLY IMMEDIATE the parser leaves as nodes of their own
// after a column's constraint into that constraint, with PostgreSQL's
// errors (its transformConstraintAttrs).
//
// It rewrites cd, which must be the translation's own (ownColumnDef):
// parse trees are shared by the sessions translating the same text.
func (tr *translator) foldConstraintAttrs(cd *pg.ColumnDef) error {
	if !hasConstraintAttrs(cd) {
		return nil
	}
	var last *pg.Constraint
	sawDeferrability, sawInitially := false, false
	out := cd.Constraints[:0]
	for _, cn := range cd.Constraints {
		c := cn.GetConstraint()
		if c == nil {
			out = append(out, cn)
			continue
		}
		p := tr.pos(c.Location)
		switch c.Contype {
		case pg.ConstrType_CONSTR_ATTR_DEFERRABLE, pg.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE:
			clause := "DEFERRABLE"
			if c.Contype == pg.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE {
				clause = "NOT DEFERRABLE"
			}
			switch {
			case last == nil || !takesDeferrability(last.Contype):
				return errAt(errs.SyntaxError, p, "misplaced %s clause", clause)
			case sawDeferrability:
				return errAt(errs.SyntaxError, p, "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed")
			}
			sawDeferrability = true
			last.Deferrable = c.Contype == pg.ConstrType_CONSTR_ATTR_DEFERRABLE
			if last.Initdeferred && !last.Deferrable {
				return errAt(errs.SyntaxError, p, "constraint declared INITIALLY DEFERRED must be DEFERRABLE")
			}
		case pg.ConstrType_CONSTR_ATTR_DEFERRED, pg.ConstrType_CONSTR_ATTR_IMMEDIATE:
			clause := "INITIALLY DEFERRED"
			if c.Contype == pg.ConstrType_CONSTR_ATTR_IMMEDIATE {
				clause = "INITIALLY IMMEDIATE"
			}
			switch {
			case last == nil || !takesDeferrability(last.Contype):
				return errAt(errs.SyntaxError, p, "misplaced %s clause", clause)
			case sawInitially:
				return errAt(errs.SyntaxError, p, "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed")
			}
			sawInitially = true
			last.Initdeferred = c.Contype == pg.ConstrType_CONSTR_ATTR_DEFERRED
			if last.Initdeferred {
				if sawDeferrability && !last.Deferrable {
					return errAt(errs.SyntaxError, p, "constraint declared INITIALLY DEFERRED must be DEFERRABLE")
				}
				last.Deferrable = true // INITIALLY DEFERRED implies DEFERRABLE
			}
		default:
			last, sawDeferrability, sawInitially = c, false, false
			out = append(out, cn)
		}
	}
	cd.Constraints = out
	return nil
}

// hasConstraintAttrs reports whether cd's constraints hold attribute
// nodes for foldConstraintAttrs to fold.
func hasConstraintAttrs(cd *pg.ColumnDef) bool {
	for _, cn := range cd.Constraints {
		switch cn.GetConstraint().GetContype() {
		case pg.ConstrType_CONSTR_ATTR_DEFERRABLE, pg.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE,
			pg.ConstrType_CONSTR_ATTR_DEFERRED, pg.ConstrType_CONSTR_ATTR_IMMEDIATE:
			return true
		}
	}
	return false
}

// ownColumnDef is cd, or a copy of it when foldConstraintAttrs will
// rewrite it: the parse tree may be the DB's cached one (sqlfe.Cache),
// which other sessions translate at the same time.
func ownColumnDef(cd *pg.ColumnDef) *pg.ColumnDef {
	if !hasConstraintAttrs(cd) {
		return cd
	}
	return proto.Clone(cd).(*pg.ColumnDef)
}

// takesDeferrability reports whether a constraint of kind k may be
// DEFERRABLE.
func takesDeferrability(k pg.ConstrType) bool {
	switch k {
	case pg.ConstrType_CONSTR_FOREIGN, pg.ConstrType_CONSTR_PRIMARY, pg.ConstrType_CONSTR_UNIQUE, pg.ConstrType_CONSTR_EXCLUSION:
		return true
	}
	return false
}
