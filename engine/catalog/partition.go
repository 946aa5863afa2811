package catalog

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Partitioning strategies (PostgreSQL's pg_partitioned_table.partstrat).
const (
	PartitionRange = "r"
	PartitionList  = "l"
	PartitionHash  = "h"
)

// PartitionKey is what makes a table partitioned (PARTITION BY): the
// strategy and the key columns. Such a table is a catalog object only:
// it has no records, its rows are its partitions' (Table.Partitions).
type PartitionKey struct {
	Strategy string `json:"strategy"`
	// Columns are the key's columns, in order; "" for a part that is an
	// expression.
	Columns []string `json:"columns"`
	// Exprs are the SQL texts of the key's expression parts over the
	// table's columns, by position ("" for a column part); nil when every
	// part is a column.
	Exprs []string `json:"exprs,omitempty"`
	// ExprTypes are the expression parts' types as PostgreSQL OIDs, by
	// position (0 for a column part).
	ExprTypes []uint32 `json:"expr_types,omitempty"`
	// ExprColumns are the columns the expression parts read: ALTER TABLE
	// may not drop or retype them.
	ExprColumns []string `json:"expr_columns,omitempty"`
}

// Expr is the SQL text of key part i when it is an expression, "" when
// it is a column.
func (k *PartitionKey) Expr(i int) string {
	if i < len(k.Exprs) {
		return k.Exprs[i]
	}
	return ""
}

// PartName is key part i as PostgreSQL prints it (pg_get_partkeydef,
// error details): its column, or its expression, in parentheses of its
// own unless it is a function call.
func (k *PartitionKey) PartName(i int) string {
	x := k.Expr(i)
	switch {
	case x == "":
		return k.Columns[i]
	case strings.HasPrefix(x, "("):
		return "(" + x + ")"
	}
	return x
}

// HasExprs reports whether a part of the key is an expression.
func (k *PartitionKey) HasExprs() bool {
	return slices.ContainsFunc(k.Exprs, func(s string) bool { return s != "" })
}

// PartType is the type of key part i of table t: its column's, or its
// expression's; ok is false when t lacks the column.
func (k *PartitionKey) PartType(t *Table, i int) (typ value.Type, ok bool) {
	if k.Expr(i) != "" {
		if i >= len(k.ExprTypes) {
			return value.Type{}, false
		}
		return value.TypeOfOID(k.ExprTypes[i]), true
	}
	f, _, ok := t.FieldByName(k.Columns[i])
	if !ok {
		return value.Type{}, false
	}
	return f.Type, true
}

// Uses reports whether the key reads column col, as a part or in an
// expression part.
func (k *PartitionKey) Uses(col string) bool {
	return slices.Contains(k.Columns, col) || slices.Contains(k.ExprColumns, col)
}

// Datum kinds of a partition bound (PartitionDatum.Kind).
const (
	DatumValue    = ""
	DatumNull     = "null"
	DatumMinValue = "minvalue"
	DatumMaxValue = "maxvalue"
)

// PartitionDatum is one value of a partition bound: its key column's
// PostgreSQL text form, or NULL, MINVALUE or MAXVALUE. Texts rather
// than encoded values keep the descriptor readable and let pg_get_expr
// print the bound as it was given.
type PartitionDatum struct {
	Text string `json:"text,omitempty"`
	Kind string `json:"kind,omitempty"`
}

// PartitionBound is a partition's FOR VALUES clause (relpartbound).
type PartitionBound struct {
	Default bool `json:"default,omitempty"`
	// From and To bound a range partition, From included, To excluded:
	// one datum per key column, compared as rows.
	From []PartitionDatum `json:"from,omitempty"`
	To   []PartitionDatum `json:"to,omitempty"`
	// In lists a list partition's values (of its one key column).
	In []PartitionDatum `json:"in,omitempty"`
	// Modulus and Remainder place a hash partition.
	Modulus   int `json:"modulus,omitempty"`
	Remainder int `json:"remainder,omitempty"`
}

// Value is d as a value of type t (NULL, MINVALUE and MAXVALUE are
// value.None; callers look at Kind for them).
func (d PartitionDatum) Value(t value.Type) (value.Value, error) {
	if d.Kind != DatumValue {
		return value.None, nil
	}
	return value.ParseText(d.Text, t)
}

// SQL is d as PostgreSQL prints it in a bound of a key column of type
// t: NULL, MINVALUE, MAXVALUE, a number bare, other values quoted.
func (d PartitionDatum) SQL(t value.Type) string {
	switch d.Kind {
	case DatumNull:
		return "NULL"
	case DatumMinValue:
		return "MINVALUE"
	case DatumMaxValue:
		return "MAXVALUE"
	}
	if t.Kind == value.KindInt || t.Kind == value.KindFloat || t.Kind == value.KindDecimal {
		return d.Text
	}
	return "'" + strings.ReplaceAll(d.Text, "'", "''") + "'"
}

// BoundSQL is datums ds of a key of types typs as PostgreSQL prints
// them, (v, ...); a list bound's datums are all of typs[0].
func BoundSQL(ds []PartitionDatum, typs []value.Type) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.SQL(typs[min(i, len(typs)-1)])
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// IsPartition reports whether t is a partition of a partitioned table.
func (t *Table) IsPartition() bool { return t.PartitionOf != "" }

// Partitions is a partitioned table with its partitions' bounds as
// values of the key's types: what routes a row, checks a new bound for
// overlaps and prunes partitions from a plan. A key is one value per
// key column, in the key's order.
type Partitions struct {
	Parent *Table
	// Parts are the partitions, in Parent.Partitions' order; Default
	// the default partition (nil: none).
	Parts   []*Table
	Default *Table
	cols    []string
	typs    []value.Type
	bounds  []bound // of Parts
}

// rangeDatum is one column of a range bound as a value, or MINVALUE
// (inf -1) or MAXVALUE (inf +1), which sort below and above every
// value.
type rangeDatum struct {
	inf int
	v   value.Value
}

// bound is a partition's bound as values. lo/hi have a datum per key
// column (MINVALUE ones for an unbounded side).
type bound struct {
	def      bool
	lo, hi   []rangeDatum
	in       []value.Value
	inNull   bool
	mod, rem uint64
}

// PartitionsOf is parent's partitioning over parts (its partitions'
// descriptors, any order).
func PartitionsOf(parent *Table, parts []*Table) (*Partitions, error) {
	pk := parent.Partitioned
	if pk == nil || len(pk.Columns) == 0 {
		return nil, errs.New(errs.InternalError, "catalog: %q is not partitioned", parent.Name)
	}
	p := &Partitions{Parent: parent}
	for i, c := range pk.Columns {
		typ, ok := pk.PartType(parent, i)
		if !ok {
			return nil, errs.New(errs.UndefinedColumn, "column %q named in partition key does not exist", c)
		}
		p.cols, p.typs = append(p.cols, c), append(p.typs, typ)
	}
	for _, t := range parts {
		if t.Bound == nil {
			return nil, errs.New(errs.InternalError, "catalog: partition %q has no bound", t.Name)
		}
		b, err := p.compile(t.Bound)
		if err != nil {
			return nil, err
		}
		if b.def {
			p.Default = t
			continue
		}
		p.Parts, p.bounds = append(p.Parts, t), append(p.bounds, b)
	}
	return p, nil
}

// Columns are the key columns and their types ("" for an expression
// part, PartitionKey.Exprs).
func (p *Partitions) Columns() ([]string, []value.Type) { return p.cols, p.typs }

// rangeData is a range bound's datums as values of the key's types
// (a missing or malformed bound is unbounded).
func rangeData(ds []PartitionDatum, typs []value.Type, inf int) ([]rangeDatum, error) {
	out := make([]rangeDatum, len(typs))
	for i := range out {
		if i >= len(ds) {
			out[i].inf = inf
			continue
		}
		switch ds[i].Kind {
		case DatumMinValue:
			out[i].inf = -1
		case DatumMaxValue:
			out[i].inf = 1
		case DatumNull:
			out[i].inf = inf
		default:
			v, err := ds[i].Value(typs[i])
			if err != nil {
				return nil, err
			}
			out[i].v = v
		}
	}
	return out, nil
}

func (p *Partitions) compile(pb *PartitionBound) (bound, error) {
	b := bound{def: pb.Default, mod: uint64(pb.Modulus), rem: uint64(pb.Remainder)}
	var err error
	if len(pb.From) > 0 {
		if b.lo, err = rangeData(pb.From, p.typs, -1); err != nil {
			return b, err
		}
		if b.hi, err = rangeData(pb.To, p.typs, 1); err != nil {
			return b, err
		}
	}
	for _, d := range pb.In {
		if d.Kind == DatumNull {
			b.inNull = true
			continue
		}
		v, err := d.Value(p.typs[0])
		if err != nil {
			return b, err
		}
		b.in = append(b.in, v)
	}
	return b, nil
}

// RangeEmpty reports whether the range bound [from, to) of a key of
// types typs holds no key (PostgreSQL's "empty range bound").
func RangeEmpty(from, to []PartitionDatum, typs []value.Type) bool {
	lo, err1 := rangeData(from, typs, -1)
	hi, err2 := rangeData(to, typs, 1)
	return err1 == nil && err2 == nil && compareRange(lo, hi) >= 0
}

func compareDatum(a, b rangeDatum) int {
	switch {
	case a.inf != b.inf:
		return a.inf - b.inf
	case a.inf != 0:
		return 0
	}
	return value.Compare(a.v, b.v)
}

// compareRange compares two rows of range datums, column by column.
func compareRange(a, b []rangeDatum) int {
	for i := range min(len(a), len(b)) {
		if c := compareDatum(a[i], b[i]); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

func (p *Partitions) holds(b *bound, key []value.Value) bool {
	switch p.Parent.Partitioned.Strategy {
	case PartitionRange:
		if len(b.lo) != len(key) {
			return false
		}
		row := make([]rangeDatum, len(key))
		for i, v := range key {
			if v.IsNone() {
				return false // a NULL key goes to the default partition
			}
			row[i].v = v
		}
		return compareRange(row, b.lo) >= 0 && compareRange(row, b.hi) < 0
	case PartitionList:
		if len(key) != 1 {
			return false
		}
		if key[0].IsNone() {
			return b.inNull
		}
		return slices.ContainsFunc(b.in, func(x value.Value) bool { return value.Compare(key[0], x) == 0 })
	case PartitionHash:
		h, ok := PartitionHashOf(key, p.typs)
		return ok && b.mod > 0 && h%b.mod == b.rem
	}
	return false
}

// Route is the partition a row whose key columns hold key belongs in
// (nil: none, PostgreSQL's 23514).
func (p *Partitions) Route(key []value.Value) *Table {
	for i := range p.bounds {
		if p.holds(&p.bounds[i], key) {
			return p.Parts[i]
		}
	}
	return p.Default
}

// Holds reports whether the bound of partition t takes key (t's bound
// alone: a default partition takes what no other does, which only
// Route knows).
func (p *Partitions) Holds(t *Table, key []value.Value) (bool, error) {
	b, err := p.compile(t.Bound)
	if err != nil {
		return false, err
	}
	if b.def {
		r := p.Route(key)
		return r == nil || r == t, nil
	}
	return p.holds(&b, key), nil
}

// Overlap is the partition a new bound nb would overlap (nil: none), as
// PostgreSQL's check_new_partition_bound decides.
func (p *Partitions) Overlap(nb *PartitionBound) (*Table, error) {
	b, err := p.compile(nb)
	if err != nil {
		return nil, err
	}
	if b.def {
		return p.Default, nil
	}
	for i := range p.bounds {
		o := &p.bounds[i]
		switch p.Parent.Partitioned.Strategy {
		case PartitionRange:
			// [lo, hi) and [o.lo, o.hi) meet unless one ends before
			// the other starts.
			if compareRange(b.lo, o.hi) < 0 && compareRange(o.lo, b.hi) < 0 {
				return p.Parts[i], nil
			}
		case PartitionList:
			if b.inNull && o.inNull {
				return p.Parts[i], nil
			}
			for _, v := range b.in {
				if p.holds(o, []value.Value{v}) {
					return p.Parts[i], nil
				}
			}
		case PartitionHash:
			// Moduli must divide one another; two partitions overlap
			// when their remainders agree modulo the smaller modulus.
			small := min(b.mod, o.mod)
			if small == 0 {
				return nil, errs.New(errs.InternalError, "catalog: hash partition bound without a modulus")
			}
			if b.rem%small == o.rem%small {
				return p.Parts[i], nil
			}
		}
	}
	return nil, nil
}

// HashModulusError checks a new hash partition's modulus against the
// others' (PostgreSQL: each modulus must divide the next larger one);
// nil when it fits.
func (p *Partitions) HashModulusError(nb *PartitionBound) error {
	m := uint64(nb.Modulus)
	for i := range p.bounds {
		o := p.bounds[i].mod
		if o == 0 || m == 0 {
			continue
		}
		if m <= o && o%m != 0 {
			return errs.New(errs.InvalidObjectDefinition, "every hash partition modulus must be a factor of the next larger modulus").
				WithDetail("The new modulus %d is not a factor of %d, the modulus of existing partition %q.", m, o, p.Parts[i].Name)
		}
		if m > o && m%o != 0 {
			return errs.New(errs.InvalidObjectDefinition, "every hash partition modulus must be a factor of the next larger modulus").
				WithDetail("The new modulus %d is not divisible by %d, the modulus of existing partition %q.", m, o, p.Parts[i].Name)
		}
	}
	return nil
}

// KeyCond is a comparison `column op value` of key column Col (an
// index into the key's columns) with a value that is not NULL; Op is
// one of "=", "<", "<=", ">", ">=".
type KeyCond struct {
	Col int
	Op  string
	V   value.Value
}

// Excludes reports whether no row of partition t can satisfy all of
// conds: the pruning of partitions by conditions on the key. A range
// key prunes by a comparison of a column whose preceding columns are
// all fixed by equalities (a prefix of the key), a list key by its
// column's, a hash key (and the default partition) only by equalities
// on every column.
func (p *Partitions) Excludes(t *Table, conds []KeyCond) bool {
	eq := make([]value.Value, len(p.cols))
	known := make([]bool, len(p.cols))
	for _, c := range conds {
		if c.Col < 0 || c.Col >= len(p.cols) || !comparable(c.V, p.typs[c.Col]) {
			return false // not a key comparison Excludes may use: trust none
		}
		if c.Op == "=" && !known[c.Col] {
			eq[c.Col], known[c.Col] = c.V, true
		}
	}
	all := !slices.Contains(known, false)
	if t == p.Default {
		// The default partition holds only keys no other partition
		// takes: a key routed elsewhere excludes it.
		return all && p.Route(eq) != p.Default
	}
	i := slices.Index(p.Parts, t)
	if i < 0 {
		return false
	}
	b := &p.bounds[i]
	switch p.Parent.Partitioned.Strategy {
	case PartitionRange:
		for _, c := range conds {
			if !slices.Contains(known[:c.Col], false) && excludesRange(b, eq[:c.Col], c) {
				return true
			}
		}
	case PartitionList:
		for _, c := range conds {
			if excludesList(b, c) {
				return true
			}
		}
	case PartitionHash:
		return all && !p.holds(b, eq)
	}
	return false
}

// excludesRange reports whether no key whose first columns are prefix
// and whose next column satisfies c lies in b's range. The keys that do
// lie between two rows L and U of len(key)+1 datums (the extra one
// makes them fall between keys, never on one); b's range is [lo, hi),
// the rows lo and hi with a MINVALUE appended: the two sets meet only
// if U > lo and hi > L.
func excludesRange(b *bound, prefix []value.Value, c KeyCond) bool {
	n := len(b.lo)
	row := func(v value.Value, inf int) []rangeDatum {
		r := make([]rangeDatum, 0, n+1)
		for _, x := range prefix {
			r = append(r, rangeDatum{v: x})
		}
		if inf == 0 {
			r = append(r, rangeDatum{v: v})
		}
		return r
	}
	fill := func(r []rangeDatum, inf int) []rangeDatum {
		for len(r) < n+1 {
			r = append(r, rangeDatum{inf: inf})
		}
		return r
	}
	var lo, hi []rangeDatum
	switch c.Op {
	case "=":
		lo, hi = fill(row(c.V, 0), -1), fill(row(c.V, 0), 1)
	case "<":
		lo, hi = fill(row(c.V, -1), -1), fill(row(c.V, 0), -1)
	case "<=":
		lo, hi = fill(row(c.V, -1), -1), fill(row(c.V, 0), 1)
	case ">":
		lo, hi = fill(row(c.V, 0), 1), fill(row(c.V, 1), 1)
	case ">=":
		lo, hi = fill(row(c.V, 0), -1), fill(row(c.V, 1), 1)
	default:
		return false
	}
	blo := append(slices.Clip(b.lo), rangeDatum{inf: -1})
	bhi := append(slices.Clip(b.hi), rangeDatum{inf: -1})
	return compareRange(hi, blo) <= 0 || compareRange(bhi, lo) <= 0
}

// excludesList reports whether no value of list bound b satisfies c.
func excludesList(b *bound, c KeyCond) bool {
	for _, v := range b.in {
		cmp := value.Compare(v, c.V)
		switch {
		case c.Op == "=" && cmp == 0, c.Op == "<" && cmp < 0, c.Op == "<=" && cmp <= 0,
			c.Op == ">" && cmp > 0, c.Op == ">=" && cmp >= 0:
			return false
		}
	}
	return true
}

// comparable reports whether c compares with key values of type t as
// the key's own type would (numbers with numbers, otherwise one kind).
func comparable(c value.Value, t value.Type) bool {
	num := func(k value.Kind) bool { return k == value.KindInt || k == value.KindFloat || k == value.KindDecimal }
	return c.Kind() == t.Kind || num(c.Kind()) && num(t.Kind)
}

// ColumnNames are the columns of ix's plain column parts, in order (an
// expression or a jsonb path part names none).
func (ix *Index) ColumnNames() []string {
	var cols []string
	for _, p := range ix.Parts {
		if p.Expr == "" && len(p.Path) == 1 {
			cols = append(cols, p.Path[0])
		}
	}
	return cols
}

// PartitionIndex is index ix of a partitioned table as its partition
// has it: a new index (no id) named as PostgreSQL names it,
// partition_columns_key for a constraint's, partition_columns_idx for
// others.
func PartitionIndex(ix Index, partition string) Index {
	ix.ID, ix.Clustered = 0, false
	ix.Parts = slices.Clone(ix.Parts)
	suffix := "_idx"
	if ix.Constraint {
		suffix = "_key"
	}
	ix.Name = partition + "_" + strings.Join(ix.ColumnNames(), "_") + suffix
	return ix
}

// SameIndex reports whether a and b index the same parts the same way
// (with the same access method).
func SameIndex(a, b *Index) bool {
	return a.Kind == b.Kind && a.Method == b.Method && a.Unique == b.Unique && a.Deferrable == b.Deferrable && a.Where == b.Where &&
		slices.EqualFunc(a.Parts, b.Parts, func(x, y IndexPart) bool {
			return slices.Equal(x.Path, y.Path) && x.Expr == y.Expr && x.Desc == y.Desc && x.AsText == y.AsText
		})
}
