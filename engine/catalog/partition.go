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
// strategy and the key column. Such a table is a catalog object only:
// it has no records, its rows are its partitions' (Table.Partitions).
type PartitionKey struct {
	Strategy string `json:"strategy"`
	// Columns are the key's columns, in order (one for now).
	Columns []string `json:"columns"`
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
	// From and To bound a range partition, From included, To excluded.
	From []PartitionDatum `json:"from,omitempty"`
	To   []PartitionDatum `json:"to,omitempty"`
	// In lists a list partition's values.
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

// IsPartition reports whether t is a partition of a partitioned table.
func (t *Table) IsPartition() bool { return t.PartitionOf != "" }

// Partitions is a partitioned table with its partitions' bounds as
// values of the key's type: what routes a row, checks a new bound for
// overlaps and prunes partitions from a plan.
type Partitions struct {
	Parent *Table
	// Parts are the partitions, in Parent.Partitions' order; Default
	// the default partition (nil: none).
	Parts   []*Table
	Default *Table
	col     string
	typ     value.Type
	bounds  []bound // of Parts
}

// bound is a partition's bound as values. lo/hi are nil when the range
// is unbounded on that side (MINVALUE, MAXVALUE).
type bound struct {
	def      bool
	lo, hi   *value.Value
	in       []value.Value
	inNull   bool
	mod, rem uint64
	typ      value.Type
}

// PartitionsOf is parent's partitioning over parts (its partitions'
// descriptors, any order).
func PartitionsOf(parent *Table, parts []*Table) (*Partitions, error) {
	pk := parent.Partitioned
	if pk == nil || len(pk.Columns) != 1 {
		return nil, errs.New(errs.InternalError, "catalog: %q is not partitioned by one column", parent.Name)
	}
	f, _, ok := parent.FieldByName(pk.Columns[0])
	if !ok {
		return nil, errs.New(errs.UndefinedColumn, "column %q named in partition key does not exist", pk.Columns[0])
	}
	p := &Partitions{Parent: parent, col: f.Name, typ: f.Type}
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

// Column is the key column and its type.
func (p *Partitions) Column() (string, value.Type) { return p.col, p.typ }

func (p *Partitions) compile(pb *PartitionBound) (bound, error) {
	b := bound{def: pb.Default, mod: uint64(pb.Modulus), rem: uint64(pb.Remainder), typ: p.typ}
	end := func(ds []PartitionDatum) (*value.Value, error) {
		if len(ds) != 1 || ds[0].Kind == DatumMinValue || ds[0].Kind == DatumMaxValue {
			return nil, nil
		}
		v, err := ds[0].Value(p.typ)
		return &v, err
	}
	var err error
	if len(pb.From) > 0 {
		if b.lo, err = end(pb.From); err != nil {
			return b, err
		}
		if b.hi, err = end(pb.To); err != nil {
			return b, err
		}
	}
	for _, d := range pb.In {
		if d.Kind == DatumNull {
			b.inNull = true
			continue
		}
		v, err := d.Value(p.typ)
		if err != nil {
			return b, err
		}
		b.in = append(b.in, v)
	}
	return b, nil
}

func (b *bound) holds(strategy string, v value.Value) bool {
	switch strategy {
	case PartitionRange:
		if v.IsNone() {
			return false
		}
		return (b.lo == nil || value.Compare(v, *b.lo) >= 0) && (b.hi == nil || value.Compare(v, *b.hi) < 0)
	case PartitionList:
		if v.IsNone() {
			return b.inNull
		}
		for _, x := range b.in {
			if value.Compare(v, x) == 0 {
				return true
			}
		}
		return false
	case PartitionHash:
		h, ok := PartitionHashOf(v, b.typ)
		return ok && b.mod > 0 && h%b.mod == b.rem
	}
	return false
}

// Route is the partition a row whose key column holds v belongs in
// (nil: none, PostgreSQL's 23514).
func (p *Partitions) Route(v value.Value) *Table {
	for i := range p.bounds {
		if p.bounds[i].holds(p.Parent.Partitioned.Strategy, v) {
			return p.Parts[i]
		}
	}
	return p.Default
}

// Holds reports whether the bound of partition t takes key value v
// (t's bound alone: a default partition takes what no other does,
// which only Route knows).
func (p *Partitions) Holds(t *Table, v value.Value) (bool, error) {
	b, err := p.compile(t.Bound)
	if err != nil {
		return false, err
	}
	if b.def {
		return p.Route(v) == nil || p.Route(v) == t, nil
	}
	return b.holds(p.Parent.Partitioned.Strategy, v), nil
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
			if (b.hi == nil || o.lo == nil || value.Compare(*b.hi, *o.lo) > 0) &&
				(o.hi == nil || b.lo == nil || value.Compare(*o.hi, *b.lo) > 0) {
				return p.Parts[i], nil
			}
		case PartitionList:
			if b.inNull && o.inNull {
				return p.Parts[i], nil
			}
			for _, v := range b.in {
				if o.holds(PartitionList, v) {
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

// Excludes reports whether no row of partition t can satisfy `key op
// c`: the optimizer's pruning of partitions by a constant condition. op
// is one of "=", "<", "<=", ">", ">="; c is not NULL.
func (p *Partitions) Excludes(t *Table, op string, c value.Value) bool {
	strategy := p.Parent.Partitioned.Strategy
	i := slices.Index(p.Parts, t)
	if t == p.Default {
		// The default partition holds only keys no other partition
		// takes: an equality routed elsewhere excludes it.
		return op == "=" && p.Route(c) != p.Default
	}
	if i < 0 || !comparable(c, p.typ) {
		return false
	}
	b := &p.bounds[i]
	if false {
		return false
	}
	switch strategy {
	case PartitionRange:
		switch op {
		case "=":
			return !b.holds(strategy, c)
		case "<":
			return b.lo != nil && value.Compare(c, *b.lo) <= 0
		case "<=":
			return b.lo != nil && value.Compare(c, *b.lo) < 0
		case ">", ">=":
			return b.hi != nil && value.Compare(c, *b.hi) >= 0
		}
	case PartitionList:
		for _, v := range b.in {
			cmp := value.Compare(v, c)
			switch {
			case op == "=" && cmp == 0, op == "<" && cmp < 0, op == "<=" && cmp <= 0,
				op == ">" && cmp > 0, op == ">=" && cmp >= 0:
				return false
			}
		}
		return true
	case PartitionHash:
		return op == "=" && !b.holds(strategy, c)
	}
	return false
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
	ix.ID = 0
	ix.Parts = slices.Clone(ix.Parts)
	suffix := "_idx"
	if ix.Constraint {
		suffix = "_key"
	}
	ix.Name = partition + "_" + strings.Join(ix.ColumnNames(), "_") + suffix
	return ix
}

// SameIndex reports whether a and b index the same parts the same way.
func SameIndex(a, b *Index) bool {
	return a.Kind == b.Kind && a.Unique == b.Unique && a.Where == b.Where &&
		slices.EqualFunc(a.Parts, b.Parts, func(x, y IndexPart) bool {
			return slices.Equal(x.Path, y.Path) && x.Expr == y.Expr && x.Desc == y.Desc && x.AsText == y.AsText
		})
}
