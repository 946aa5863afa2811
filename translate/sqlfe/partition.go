package sqlfe

import (
	"regexp"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// Declarative partitioning (ARCHITECTURE.md, "Partitioned tables"): a
// partitioned table is a descriptor with a partition key and the names
// of its partitions; each partition is a table of its own with a bound.
// The front end translates PARTITION BY and PARTITION OF, reads of a
// partitioned table as a plan.Append of its partitions' scans, and
// leaves routing of written rows to the executor.

// partitionBy makes t partitioned by ps (CREATE TABLE ... PARTITION BY).
func (tr *translator) partitionBy(t *catalog.Table, ps *pg.PartitionSpec, temp bool, p int) error {
	pk := &catalog.PartitionKey{}
	switch ps.Strategy {
	case pg.PartitionStrategy_PARTITION_STRATEGY_RANGE:
		pk.Strategy = catalog.PartitionRange
	case pg.PartitionStrategy_PARTITION_STRATEGY_LIST:
		pk.Strategy = catalog.PartitionList
	case pg.PartitionStrategy_PARTITION_STRATEGY_HASH:
		pk.Strategy = catalog.PartitionHash
	default:
		return unsupported(p, "this partitioning strategy")
	}
	if pk.Strategy == catalog.PartitionList && len(ps.PartParams) > 1 {
		return errAt(errs.InvalidObjectDefinition, tr.pos(ps.Location), `cannot use "list" partition strategy with more than one column`)
	}
	for i, n := range ps.PartParams {
		pe := n.GetPartitionElem()
		if pe == nil {
			return unsupported(tr.pos(ps.Location), "this partition key")
		}
		ep := tr.pos(pe.Location)
		if len(pe.Collation) > 0 || len(pe.Opclass) > 0 {
			return unsupported(ep, "COLLATE and operator classes in a partition key")
		}
		var typ value.Type
		if pe.Expr != nil {
			x, err := tr.partKeyExpr(t, pk, i, pe.Expr)
			if err != nil {
				return err
			}
			typ = x
		} else {
			f, _, ok := t.FieldByName(pe.Name)
			if !ok {
				return errAt(errs.UndefinedColumn, ep, "column %q named in partition key does not exist", pe.Name)
			}
			typ = f.Type
		}
		what := "a column"
		if pe.Expr != nil {
			what = "an expression"
		}
		if pk.Strategy == catalog.PartitionHash && !catalog.HashableType(typ) {
			return unsupported(ep, "hash partitioning by "+what+" of type "+sqlTypeName(typ))
		}
		if typ.Kind == value.KindAny || typ.Kind == value.KindObject || typ.Kind == value.KindList {
			return unsupported(ep, "partitioning by "+what+" of type "+sqlTypeName(typ))
		}
		pk.Columns = append(pk.Columns, pe.Name)
	}
	if temp {
		return unsupported(p, "temporary partitioned tables")
	}
	if err := uniqueHasPartitionKey(t, "PRIMARY KEY", t.PrimaryKey, pk); err != nil {
		return withPos(err, p)
	}
	for i := range t.Indexes {
		if ix := &t.Indexes[i]; ix.Unique {
			if err := uniqueHasPartitionKey(t, "UNIQUE", ix.ColumnNames(), pk); err != nil {
				return withPos(err, p)
			}
		}
	}
	t.Partitioned = pk
	return nil
}

// uniqueHasPartitionKey is PostgreSQL's rule that a unique constraint of
// a partitioned table includes the partition key: each partition then
// enforces it alone. A key with expressions takes none.
func uniqueHasPartitionKey(t *catalog.Table, kind string, cols []string, pk *catalog.PartitionKey) error {
	if len(cols) == 0 && kind == "PRIMARY KEY" {
		return nil
	}
	if pk.HasExprs() {
		return errs.New(errs.FeatureNotSupported, "unsupported %s constraint with partition key definition", kind).
			WithDetail("%s constraints cannot be used when partition keys include expressions.", kind)
	}
	for _, c := range pk.Columns {
		if !slices.Contains(cols, c) {
			return errs.New(errs.FeatureNotSupported, "unique constraint on partitioned table must include all partitioning columns").
				WithDetail("%s constraint on table %q lacks column %q which is part of the partition key.", kind, t.Name, c)
		}
	}
	return nil
}

// extractText is the deparser's EXTRACT of a field, which PostgreSQL
// prints EXTRACT(field FROM x).
var extractText = regexp.MustCompile(`\bextract \('([a-z]+)' FROM `)

// partKeyExpr records expression e as part i of partition key pk of
// t: its stored text, type and the columns it reads, checked as an
// index expression is (immutable, not depending on the time zone). It
// returns the part's type.
func (tr *translator) partKeyExpr(t *catalog.Table, pk *catalog.PartitionKey, i int, e *pg.Node) (value.Type, error) {
	p := tr.nodePos(e)
	text, err := indexExprText(e)
	if err != nil {
		return value.Type{}, errAt(errs.SyntaxError, p, "cannot store partition key expression: %v", err)
	}
	// As PostgreSQL prints it (pg_get_partkeydef, which pg_dump reads).
	text = extractText.ReplaceAllString(text, "EXTRACT($1 FROM ")
	x, err := tr.indexExprTyped(t, e, "partition key expression")
	if err != nil {
		return value.Type{}, err
	}
	if x.unknown {
		x.t = value.TypeText
	}
	for len(pk.Exprs) < i {
		pk.Exprs, pk.ExprTypes = append(pk.Exprs, ""), append(pk.ExprTypes, 0)
	}
	pk.Exprs, pk.ExprTypes = append(pk.Exprs, text), append(pk.ExprTypes, x.t.OID())
	eachColumnRef(e.ProtoReflect(), func(cr *pg.ColumnRef) {
		if n := len(cr.Fields); n > 0 {
			if s := cr.Fields[n-1].GetString_(); s != nil && !slices.Contains(pk.ExprColumns, s.Sval) {
				pk.ExprColumns = append(pk.ExprColumns, s.Sval)
			}
		}
	})
	if value.TypeOfOID(x.t.OID()).Kind != x.t.Kind {
		return value.Type{}, unsupported(p, "partitioning by an expression of type "+sqlTypeName(x.t))
	}
	return value.TypeOfOID(x.t.OID()), nil
}

// partitionOf translates CREATE TABLE name PARTITION OF parent FOR
// VALUES ...: a table with the parent's columns, key and constraints.
func (tr *translator) partitionOf(cs *pg.CreateStmt, temp bool) (*plan.Statement, error) {
	rv := cs.Relation
	p := tr.pos(rv.Location)
	switch {
	case len(cs.InhRelations) != 1 || cs.Partbound == nil:
		return nil, unsupported(p, "INHERITS")
	case temp:
		return nil, unsupported(p, "temporary partitions")
	case len(cs.TableElts) > 0:
		return nil, unsupported(p, "column and constraint definitions in PARTITION OF")
	case rv.Schemaname != cs.InhRelations[0].GetRangeVar().GetSchemaname():
		return nil, unsupported(p, "a partition in another schema than its table")
	}
	prv := cs.InhRelations[0].GetRangeVar()
	parent, err := tr.table(prv)
	if err != nil {
		return nil, err
	}
	pp := tr.pos(prv.Location)
	if parent.Partitioned == nil {
		return nil, errAt(errs.WrongObjectType, pp, "table %q is not partitioned", parent.Name)
	}
	// The partition has its table's foreign keys under their names, as
	// in PostgreSQL: its rows are the ones written and checked.
	t := &catalog.Table{Name: rv.Relname, Schemafull: true, CreatedBy: "sql", PartitionOf: parent.Name,
		Fields: slices.Clone(parent.Fields), PrimaryKey: parent.PrimaryKey, Checks: parent.Checks,
		ForeignKeys: slices.Clone(parent.ForeignKeys)}
	if t.Bound, err = tr.partitionBound(parent, rv.Relname, cs.Partbound); err != nil {
		return nil, err
	}
	t.Indexes = partitionIndexes(parent, t.Name)
	if cs.Partspec != nil {
		// A sub-partitioned partition: the rows routed to it are
		// routed on by its own key.
		if err := tr.partitionBy(t, cs.Partspec, false, p); err != nil {
			return nil, err
		}
	}
	if t.RelOptions, err = tableRelOptions(cs.Options, cs.Partspec != nil, p); err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Root: &plan.CreateTable{Table: t, IfNotExists: cs.IfNotExists}, Tag: TagCreateTable}, nil
}

// partitionIndexes are the parent's indexes as a partition has them.
func partitionIndexes(parent *catalog.Table, name string) []catalog.Index {
	var out []catalog.Index
	for _, ix := range parent.Indexes {
		out = append(out, catalog.PartitionIndex(ix, name))
	}
	return out
}

// partitionBound translates FOR VALUES of partition name of parent.
func (tr *translator) partitionBound(parent *catalog.Table, name string, bs *pg.PartitionBoundSpec) (*catalog.PartitionBound, error) {
	p := tr.pos(bs.Location)
	if bs.IsDefault {
		if parent.Partitioned.Strategy == catalog.PartitionHash {
			return nil, errAt(errs.InvalidTableDefinition, p, "a hash-partitioned table may not have a default partition")
		}
		return &catalog.PartitionBound{Default: true}, nil
	}
	strategy := parent.Partitioned.Strategy
	if bs.Strategy != strategy {
		kind := map[string]string{catalog.PartitionRange: "range", catalog.PartitionList: "list", catalog.PartitionHash: "hash"}[strategy]
		return nil, errAt(errs.InvalidTableDefinition, p, "invalid bound specification for a %s partition", kind)
	}
	fields := make([]*catalog.Field, len(parent.Partitioned.Columns))
	typs := make([]value.Type, len(fields))
	for i, c := range parent.Partitioned.Columns {
		if x := parent.Partitioned.Expr(i); x != "" {
			typ, _ := parent.Partitioned.PartType(parent, i)
			fields[i], typs[i] = &catalog.Field{Name: x, Type: typ}, typ
			continue
		}
		f, _, ok := parent.FieldByName(c)
		if !ok {
			return nil, errAt(errs.UndefinedColumn, p, "column %q named in partition key does not exist", c)
		}
		fields[i], typs[i] = f, f.Type
	}
	b := &catalog.PartitionBound{}
	var err error
	switch strategy {
	case catalog.PartitionHash:
		if bs.Modulus <= 0 {
			return nil, errAt(errs.InvalidTableDefinition, p, "modulus for hash partition must be an integer value greater than zero")
		}
		if bs.Remainder < 0 {
			return nil, errAt(errs.InvalidTableDefinition, p, "remainder for hash partition must be an integer value greater than or equal to zero")
		}
		if bs.Remainder >= bs.Modulus {
			return nil, errAt(errs.InvalidTableDefinition, p, "remainder for hash partition must be less than modulus")
		}
		b.Modulus, b.Remainder = int(bs.Modulus), int(bs.Remainder)
	case catalog.PartitionList:
		for _, n := range bs.Listdatums {
			d, err := tr.boundDatum(n, fields[0], false)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(b.In, d) {
				b.In = append(b.In, d)
			}
		}
	case catalog.PartitionRange:
		if len(bs.Lowerdatums) != len(fields) {
			return nil, errAt(errs.InvalidTableDefinition, p, "FROM must specify exactly one value per partitioning column")
		}
		if len(bs.Upperdatums) != len(fields) {
			return nil, errAt(errs.InvalidTableDefinition, p, "TO must specify exactly one value per partitioning column")
		}
		if b.From, err = tr.boundDatums(bs.Lowerdatums, fields); err != nil {
			return nil, err
		}
		if b.To, err = tr.boundDatums(bs.Upperdatums, fields); err != nil {
			return nil, err
		}
		if catalog.RangeEmpty(b.From, b.To, typs) {
			return nil, errAt(errs.InvalidObjectDefinition, p, "empty range bound specified for partition %q", name).
				WithDetail("Specified lower bound %s is greater than or equal to upper bound %s.", catalog.BoundSQL(b.From, typs), catalog.BoundSQL(b.To, typs))
		}
	}
	return b, nil
}

// boundDatums are a range bound's datums, one per key column of
// fields; after a MINVALUE or MAXVALUE only the same may follow, as
// PostgreSQL requires.
func (tr *translator) boundDatums(ns []*pg.Node, fields []*catalog.Field) ([]catalog.PartitionDatum, error) {
	out := make([]catalog.PartitionDatum, len(ns))
	for i, n := range ns {
		d, err := tr.boundDatum(n, fields[i], true)
		if err != nil {
			return nil, err
		}
		if i > 0 && out[i-1].Kind != catalog.DatumValue && d.Kind != out[i-1].Kind {
			return nil, errAt(errs.DatatypeMismatch, tr.nodePos(n), "every bound following %s must also be %s",
				strings.ToUpper(out[i-1].Kind), strings.ToUpper(out[i-1].Kind))
		}
		out[i] = d
	}
	return out, nil
}

// boundDatum is one value of a bound: a constant of the key column's
// type (in its PostgreSQL text form), NULL in a list, MINVALUE or
// MAXVALUE in a range.
func (tr *translator) boundDatum(n *pg.Node, f *catalog.Field, inRange bool) (catalog.PartitionDatum, error) {
	p := tr.nodePos(n)
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && inRange {
		switch cr.Fields[0].GetString_().GetSval() {
		case "minvalue":
			return catalog.PartitionDatum{Kind: catalog.DatumMinValue}, nil
		case "maxvalue":
			return catalog.PartitionDatum{Kind: catalog.DatumMaxValue}, nil
		}
	}
	x, err := tr.expr(n, &exprCtx{clause: "partition bound"})
	if err != nil {
		return catalog.PartitionDatum{}, err
	}
	if x, err = tr.coerce(x, f.Type); err != nil {
		return catalog.PartitionDatum{}, err
	}
	v, ok := constValue(x.e, f.Type)
	if !ok {
		return catalog.PartitionDatum{}, unsupported(p, "partition bounds other than constants")
	}
	if v.IsSQLNull() {
		if inRange {
			return catalog.PartitionDatum{}, errAt(errs.DatatypeMismatch, p, "cannot use NULL in a range partition bound")
		}
		return catalog.PartitionDatum{Kind: catalog.DatumNull}, nil
	}
	b, err := value.AppendText(nil, v, f.Type)
	if err != nil {
		return catalog.PartitionDatum{}, withPos(err, p)
	}
	return catalog.PartitionDatum{Text: string(b)}, nil
}

// constValue is e's value when e is a constant, or a cast of one that
// folds, to type t.
func constValue(e plan.Expr, t value.Type) (value.Value, bool) {
	switch c := e.(type) {
	case *plan.Const:
		return c.V, true
	case *plan.Cast:
		inner, ok := constValue(c.X, c.To)
		if !ok {
			return value.None, false
		}
		v, folded, err := convertConst(inner, value.Any, t, nil)
		return v, folded && err == nil
	}
	return value.None, false
}

// partitionedScan is the read of a partitioned table that scan names: an
// Append of a scan of each partition, which the optimizer prunes.
func (tr *translator) partitionedScan(scan *plan.Scan, p int) (plan.Node, error) {
	if scan.Table.RowSecurity {
		return nil, unsupported(p, "row security on partitioned tables")
	}
	n, err := translate.PartitionedScan(tr.ctx, tr.r, scan)
	if err != nil {
		return nil, withPos(err, p)
	}
	return n, nil
}

// alterPartitions translates ALTER TABLE p ATTACH PARTITION t FOR
// VALUES ... and DETACH PARTITION t, and refuses the other changes of
// a partitioned table or a partition that would have to reach all of
// them (columns, constraints), which zerodb does not propagate; ok is
// false for the ALTER TABLE commands it leaves to others.
func (tr *translator) alterPartitions(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	p := tr.stmt.stmtPos()
	if a.Objtype == pg.ObjectType_OBJECT_INDEX && len(a.Cmds) == 1 && a.Cmds[0].GetAlterTableCmd().GetSubtype() == pg.AlterTableType_AT_AttachPartition {
		// ALTER INDEX parent_idx ATTACH PARTITION part_idx, which
		// pg_dump writes after the indexes of a partitioned table and
		// of its partitions: zerodb keeps no link between them (each
		// partition's index serves it alone), so there is nothing to do.
		return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER INDEX", Root: &plan.Values{}}, true, nil
	}
	for _, c := range a.Cmds {
		cmd := c.GetAlterTableCmd()
		switch cmd.GetSubtype() {
		case pg.AlterTableType_AT_AttachPartition, pg.AlterTableType_AT_DetachPartition, pg.AlterTableType_AT_DetachPartitionFinalize:
		default:
			continue
		}
		if len(a.Cmds) != 1 {
			return nil, true, unsupported(p, "ATTACH and DETACH PARTITION with other ALTER TABLE commands")
		}
		pc := cmd.Def.GetPartitionCmd()
		if pc == nil || pc.Name == nil {
			return nil, true, errAt(errs.SyntaxError, p, "missing partition name")
		}
		if pc.Concurrent || cmd.Subtype == pg.AlterTableType_AT_DetachPartitionFinalize {
			return nil, true, unsupported(p, "DETACH PARTITION CONCURRENTLY")
		}
		name, err := tr.alterName(a.Relation)
		if err != nil {
			return nil, true, err
		}
		parent, err := tr.table(a.Relation)
		if err != nil {
			return nil, true, err
		}
		if parent.Partitioned == nil {
			return nil, true, errAt(errs.WrongObjectType, tr.pos(a.Relation.Location), "table %q is not partitioned", name)
		}
		if pc.Name.Schemaname != a.Relation.Schemaname {
			return nil, true, unsupported(tr.pos(pc.Name.Location), "a partition in another schema than its table")
		}
		n := &plan.AttachPartition{Parent: name, Name: pc.Name.Relname, Detach: cmd.Subtype == pg.AlterTableType_AT_DetachPartition}
		if !n.Detach {
			if n.Bound, err = tr.partitionBound(parent, n.Name, pc.Bound); err != nil {
				return nil, true, err
			}
		}
		return &plan.Statement{Kind: plan.StmtDDL, Root: n, Tag: TagAlterTable}, true, nil
	}
	t, err := tr.table(a.Relation)
	if err != nil || (t.Partitioned == nil && t.PartitionOf == "" && len(t.Children) == 0 && len(t.Inherits) == 0) || a.Objtype != pg.ObjectType_OBJECT_TABLE {
		return nil, false, nil
	}
	if len(a.Cmds) == 1 {
		cmd := a.Cmds[0].GetAlterTableCmd()
		if con := cmd.GetDef().GetConstraint(); cmd.GetSubtype() == pg.AlterTableType_AT_AddConstraint && con != nil && con.Contype == pg.ConstrType_CONSTR_PRIMARY {
			// ALTER TABLE ONLY (pg_dump): the partitions' keys come by
			// themselves, with ALTER INDEX ... ATTACH PARTITION.
			if err := tr.partitionedKey(t, con, a.Relation.Inh); err != nil {
				return nil, true, err
			}
			return nil, false, nil
		}
	}
	st, err := tr.alterPartitioned(a, t, false)
	return st, true, err
}

// partitionedKey checks ADD PRIMARY KEY or UNIQUE of a partitioned
// table or a partition (what pg_dump writes after the partitions'
// data): on a partitioned table it must include the partition key.
// zerodb does not add a primary key to the partitions, so without ONLY
// (partitions) each must have it already; ONLY promises theirs.
func (tr *translator) partitionedKey(t *catalog.Table, con *pg.Constraint, partitions bool) error {
	if t.Partitioned == nil {
		return nil
	}
	kind := "PRIMARY KEY"
	if con.Contype == pg.ConstrType_CONSTR_UNIQUE {
		kind = "UNIQUE"
	}
	var cols []string
	for _, k := range con.Keys {
		cols = append(cols, k.GetString_().GetSval())
	}
	p := tr.pos(con.Location)
	if err := uniqueHasPartitionKey(t, kind, cols, t.Partitioned); err != nil {
		return withPos(err, p)
	}
	if !partitions || kind == "UNIQUE" {
		// A unique index is made on the partitions by the executor too.
		return nil
	}
	for _, name := range t.Partitions {
		part, err := tr.r.Table(tr.ctx, name)
		if err != nil {
			return withPos(err, p)
		}
		if !hasKey(part, cols, kind == "PRIMARY KEY") {
			return unsupported(p, "ADD "+kind+" to a partitioned table whose partition \""+name+"\" does not have it")
		}
	}
	return nil
}

// hasKey reports whether t has a primary key (pk) or a unique index of
// exactly cols.
func hasKey(t *catalog.Table, cols []string, pk bool) bool {
	if pk {
		return slices.Equal(t.PrimaryKey, cols)
	}
	for i := range t.Indexes {
		if ix := &t.Indexes[i]; ix.Unique && ix.Where == "" && len(ix.Parts) == len(cols) && slices.Equal(ix.ColumnNames(), cols) {
			return true
		}
	}
	return false
}
