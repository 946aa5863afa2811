package plan

import (
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Node is a relational operator of the plan IR: a stream of rows, each row
// a []value.Value with one value per Column. Nodes never hold state; the
// executor builds iterators from them.
type Node interface {
	Columns() []Column
}

// Column describes one column of a node's rows.
type Column struct {
	Name string
	Type value.Type
	// Table and AttrNum identify a base-table column for RowDescription
	// (0 when the column is computed).
	TableID uint64
	AttrNum int16
}

// KeySpan restricts a Scan to part of a table's primary key space. Key
// expressions are evaluated once per scan (they may use parameters and
// outer rows, never the scanned row).
type KeySpan struct {
	// Point, when set, makes the scan a point get of that key.
	Point Expr
	// Lo and Hi bound a key range (nil = unbounded on that side).
	Lo, Hi                   Expr
	LoInclusive, HiInclusive bool
}

// Scan reads records of a table in key order (reversed when Reverse).
// Each row is [key, object]: the record's key and its stored fields
// (zql.md's record view with `id` first is built by RecordView).
type Scan struct {
	Table   *catalog.Table
	Alias   string
	Span    *KeySpan // nil = the whole table
	Reverse bool
	// Filter, pushed down by the optimizer, is evaluated on each [key,
	// object] row inside the scan.
	Filter Expr
	// Limit, pushed down by the optimizer, stops the scan after this many
	// rows passed Filter.
	Limit Expr
	// CatalogKey, set by the optimizer on a scan of a virtual catalog
	// relation with a catalog.Table.CatalogKey that Filter compares
	// with a value the scan's rows do not change (attrelid = $1), is
	// that value: the executor makes only that relation's rows. Filter
	// keeps the comparison.
	CatalogKey Expr
	// Fields, set by the optimizer when the plan reads the object only
	// field by field, names the fields it reads (Filter's included). The
	// scan then yields [key, Fields[0], Fields[1], ...]: the fields are
	// columns of their own (none when absent), there is no object column,
	// the rest of each record is skipped undecoded, and the plan's
	// expressions read the columns. For a table with a typed
	// single-column key, Fields holds the key column whenever the plan
	// reads the key; without it the rows have no key column (FieldsBase).
	// nil: [key, object].
	Fields []string
	// Parallel, set by the optimizer, marks the scan that the workers of
	// a parallel Aggregate above it share: each takes the next batch of
	// records from one cursor (Aggregate.Parallel).
	Parallel bool
	// Views are the views the scan was expanded from, outermost first:
	// their owners' rights, not the statement's role's, are checked on
	// the table (exec/privilege.go).
	Views []*catalog.View
	// RowSecurity marks a scan the SQL front end put the table's row
	// security policies over (sqlfe/policy.go).
	RowSecurity bool
}

// RecordView builds the ZQL view of a record: an object whose first field
// `id` is the record id Table.@Key, followed by the stored fields of Obj.
type RecordView struct {
	At
	Table string
	Key   Expr
	Obj   Expr
}

// Values yields literal rows.
type Values struct {
	Rows [][]Expr
	Cols []Column
}

// Unnest yields one row per element of the list, range or stream value of
// X (none yields no rows, any other scalar one row). X may refer to outer
// rows (Depth 1) when Unnest is the right side of a lateral Join.
type Unnest struct {
	X   Expr
	Col Column
}

// Filter keeps the rows for which Cond is exactly true.
type Filter struct {
	Input Node
	Cond  Expr
}

// Project computes new rows from each input row.
type Project struct {
	Input Node
	Exprs []Expr
	Cols  []Column
}

// JoinKind is the kind of a join.
type JoinKind uint8

const (
	InnerJoin JoinKind = iota
	LeftJoin
	RightJoin
	FullJoin
	CrossJoin
	SemiJoin
	AntiJoin
)

// JoinMethod is how the executor runs a join. The optimizer chooses it.
type JoinMethod uint8

const (
	NestedLoop JoinMethod = iota
	HashJoin
)

// Join combines rows of Left and Right; output rows are Left's columns
// followed by Right's (Semi/Anti joins: Left's only). On is evaluated on
// the combined row. When Lateral is set, Right is re-run for every Left
// row, which it sees as its outer row (Depth 1): ZQL nested generators
// and correlated sources. For HashJoin, LeftKeys[i] (on the left row) equals
// RightKeys[i] (on the right row) for every i, and On holds the rest.
type Join struct {
	Kind      JoinKind
	Method    JoinMethod
	Left      Node
	Right     Node
	On        Expr
	Lateral   bool
	LeftKeys  []Expr
	RightKeys []Expr
	// NullEqual makes none hash-join keys equal each other (ZQL ==, a
	// total equality); without it (SQL =) a row whose key is none never
	// matches.
	NullEqual bool
	// Read, set by the optimizer's column pruning, lists (ascending) the
	// columns of the combined row that On and the plan above read; the
	// executor fills only those, the others are none. nil: all of them.
	Read []int
	// Spine, set by the optimizer on a hash join of a parallel
	// aggregate's spine (Aggregate.Parallel), is the side that leads to
	// the spine's scan, which the workers probe with; the other side is
	// built once. NoSide elsewhere: the executor picks the side to build
	// as the rows come.
	Spine Side
}

// Side is a side of a Join.
type Side uint8

const (
	NoSide Side = iota
	LeftSide
	RightSide
)

// AggFunc is an aggregate function.
type AggFunc uint8

const (
	AggCountStar AggFunc = iota
	AggCount             // non-none values
	AggSum
	AggAvg
	AggMin
	AggMax
	AggList // collects the values into a list (ZQL group_by items, array_agg)
	// AggBoolAnd and AggBoolOr are SQL's bool_and (every) and bool_or over
	// the non-none values; none when there are none.
	AggBoolAnd
	AggBoolOr
	// AggAnyValue is the value of the group's first row. SQL uses it for
	// a column functionally dependent on the group keys (its table's
	// primary key is grouped): every row of the group has the same value.
	AggAnyValue
	// SQL's bit_and, bit_or and bit_xor of integers: the bitwise and, or
	// and exclusive or of the non-none values, none when there are none.
	AggBitAnd
	AggBitOr
	AggBitXor
	// The aggregates from here on keep their state in aggMore (exec).
	AggStringAgg     // SQL string_agg(Arg, Arg2): Arg2 is the delimiter
	AggJSONAgg       // SQL jsonb_agg: a list including nones (JSON nulls)
	AggJSONObjectAgg // SQL jsonb_object_agg(Arg, Arg2): key Arg, value Arg2
	// SQL's var_samp (variance), var_pop, stddev_samp (stddev) and
	// stddev_pop: numeric over integers and numeric, double precision over
	// floats, as PostgreSQL computes them.
	AggVarSamp
	AggVarPop
	AggStddevSamp
	AggStddevPop
	// SQL's two-argument statistics of (Arg, Arg2) = (Y, X) pairs, both
	// double precision, rows with a NULL skipped: corr, covar_pop,
	// covar_samp and the regr_ family (regr_count is bigint, the others
	// double precision).
	AggCorr
	AggCovarPop
	AggCovarSamp
	AggRegrAvgX
	AggRegrAvgY
	AggRegrCount
	AggRegrIntercept
	AggRegrR2
	AggRegrSlope
	AggRegrSxx
	AggRegrSxy
	AggRegrSyy
)

// RegrAggs are the SQL names of the two-argument statistics aggregates.
func RegrAggs() map[string]AggFunc {
	return map[string]AggFunc{
		"corr": AggCorr, "covar_pop": AggCovarPop, "covar_samp": AggCovarSamp,
		"regr_avgx": AggRegrAvgX, "regr_avgy": AggRegrAvgY, "regr_count": AggRegrCount,
		"regr_intercept": AggRegrIntercept, "regr_r2": AggRegrR2, "regr_slope": AggRegrSlope,
		"regr_sxx": AggRegrSxx, "regr_sxy": AggRegrSxy, "regr_syy": AggRegrSyy,
	}
}

// Agg is one aggregate of an Aggregate node.
type Agg struct {
	Func     AggFunc
	Arg      Expr // nil for AggCountStar
	Distinct bool
	// Arg2 is the second argument of the two-argument aggregates.
	Arg2 Expr
	// Filter (FILTER (WHERE ...)) skips the rows where it is not true.
	Filter Expr
	// Order (ORDER BY inside the call) feeds the values in this order.
	Order []SortKey
	// SQL selects PostgreSQL result types and null rules (sum of int4 is
	// int8, sum of int8 is numeric, avg of ints is numeric, sum of no rows
	// is NULL); ZQL sums of ints stay ints and the sum of nothing is 0.
	SQL bool
}

// Aggregate groups its input by GroupBy and computes Aggs per group. Rows
// are the group key values followed by the aggregate values, in group key
// order. With no GroupBy there is exactly one row, even for no input.
//
// Parallel, set by the optimizer, runs the aggregate's input in several
// goroutines (workers), PostgreSQL's partial aggregation under a Gather.
// The input is then a spine of Filters, Projects and hash Joins down to
// the Scan marked Parallel: each join's other side is built once,
// before the workers start, and probed by all of them; each worker
// reads batches of the shared scan, runs them up the spine and keeps
// partial aggregates, merged at the end. The optimizer makes such plans
// only where the result cannot tell (no float sums, no order-dependent
// aggregates, group keys and min/max of types whose equal values look
// alike).
type Aggregate struct {
	Input    Node
	GroupBy  []Expr
	Aggs     []Agg
	Cols     []Column
	Parallel bool
}

// SortKey is one key of a Sort.
type SortKey struct {
	X    Expr
	Desc bool
	// NullsFirst follows PostgreSQL's default when the front end does not
	// say: nulls sort as larger than everything (last ascending, first
	// descending). ZQL's total order puts none first ascending.
	NullsFirst bool
}

// Sort orders its input (a stable sort). When Limit is set the executor
// keeps only the top Limit rows (a top-k heap) instead of sorting all.
type Sort struct {
	Input Node
	Keys  []SortKey
	Limit Expr
}

// Limit skips Offset rows then yields at most Count (nil = no bound).
type Limit struct {
	Input  Node
	Count  Expr
	Offset Expr
	// Ties, when set, are the sort keys of FETCH FIRST ... WITH TIES
	// (its input's order): the rows after the Count-th that equal it on
	// all of them are yielded too. They read the input's rows.
	Ties []SortKey
}

// Distinct drops rows equal to an earlier row (first occurrence wins).
type Distinct struct {
	Input Node
}

// Reverse yields its input backwards.
type Reverse struct {
	Input Node
}

// InsertMode says what an Insert does when the key exists.
type InsertMode uint8

const (
	// InsertNew fails with 23505 when the key exists (SQL INSERT, ZQL add).
	InsertNew InsertMode = iota
	// InsertReplace overwrites an existing record (ZQL put).
	InsertReplace
	// InsertIgnore skips rows whose key exists (ON CONFLICT DO NOTHING).
	InsertIgnore
	// InsertUpdate rewrites the existing record with Insert.Update (ON
	// CONFLICT DO UPDATE).
	InsertUpdate
)

// Insert writes one record per input row. Obj (evaluated on the input
// row) is the object to store; Key is the record key, or nil to take it
// from the table's primary key columns of Obj, or to generate one. The
// executor validates the object against a schemafull table (types,
// required fields, defaults, asserts, unknown fields) before writing.
// Rows yielded are [key, object] of the records as written.
type Insert struct {
	Table *catalog.Table
	Input Node
	Key   Expr
	Obj   Expr
	Mode  InsertMode
	// Update and UpdateWhere (InsertUpdate) are evaluated on the row
	// [key, existing object, key, proposed object]: Update gives the new
	// object, and the record is left alone where UpdateWhere is not true.
	Update      Expr
	UpdateWhere Expr
	// UpdateCols are the columns DO UPDATE's SET names (the UPDATE OF
	// columns its UPDATE triggers fire for).
	UpdateCols []string
	// Arbiter names the unique index whose conflicts InsertIgnore and
	// InsertUpdate handle (ON CONFLICT (cols) or ON CONFLICT ON
	// CONSTRAINT); "" is the primary key. A conflict on another unique
	// index or the primary key is still 23505, unless AnyConflict
	// (ON CONFLICT DO NOTHING without a target) skips every one.
	Arbiter     string
	AnyConflict bool
	// Checks are the table's CHECK constraints, on the row [key, object]
	// of each record written.
	Checks []Check
	// Prepare, when set, is DDL the executor runs first, in the same
	// statement, after which it writes into the table of Table's name as
	// the catalog then has it: a CreateTable (CREATE TABLE AS, SELECT
	// INTO, CREATE MATERIALIZED VIEW: Table is the table as translated,
	// without the ids the catalog assigns) or a RefreshMatView. A
	// CreateTable skipped by IF NOT EXISTS writes nothing.
	Prepare Node
	// Returning marks a write whose rows RETURNING reads: the role
	// needs SELECT on the table too.
	Returning bool
	// RowSecurity marks a write the SQL front end applied the table's
	// row security policies to (Checks, and its input's scan).
	RowSecurity bool
}

// Check is a CHECK constraint: the write fails (23514) where Cond is
// false. A Policy check is the table's row security (WITH CHECK): the
// write fails (42501) where Cond is not true.
type Check struct {
	Name   string
	Cond   Expr
	Policy bool
	// Exclusion, when set, makes the check an EXCLUDE constraint's
	// (Cond is then nil): the write fails (23P01) when a stored record
	// of the table conflicts with the written one.
	Exclusion *ExclusionCheck
}

// ExclusionCheck is how an EXCLUDE constraint (catalog.Exclusion) checks
// a written record against the stored ones.
type ExclusionCheck struct {
	// Applies is the constraint's WHERE over the written record's row
	// [key, object] (nil: every record is constrained).
	Applies Expr
	// Conflict is over the row [key, stored object, key, written
	// object]: true when every element's operator holds between the two
	// and the stored record satisfies the WHERE.
	Conflict Expr
	// Equal are the plain columns of elements WITH =: only stored
	// records with the written record's values there can conflict, so
	// the executor looks for candidates through an index on them when
	// the table has one.
	Equal []string
	// Ranged is the first element of a plain range column WITH && or
	// -|- (nil: none): the executor reads the candidates through an
	// ordered index of the Equal columns and then that column (a gist
	// index's layout, catalog.Index.Method), by the bound of their
	// lower bounds, when the table has one.
	Ranged *ExclusionRange
	// Elems are the element expressions over [key, object] and Columns
	// their text ("room, during"), for the error's detail.
	Elems   []Expr
	Types   []value.Type
	Columns string
	// Deferrable, InitiallyDeferred are the constraint's: a deferrable
	// one checks the written record at the end of the statement or at
	// COMMIT.
	Deferrable, InitiallyDeferred bool
}

// ExclusionRange is an EXCLUDE constraint's element `Column WITH Op` of
// a column of ranges of Kind (Op as value.RangeIndexBound names it).
type ExclusionRange struct {
	Column, Op string
	Kind       value.RangeKind
}

// Update rewrites the record of each input row: KeyCol and ObjCol are the
// columns holding the record's key and current object, Set computes the new
// object from the input row. Yields [key, new object].
type Update struct {
	Table  *catalog.Table
	Input  Node
	KeyCol int
	ObjCol int
	Set    Expr
	Checks []Check
	// SetCols are the columns SQL's SET names: an UPDATE OF trigger
	// fires when one of its columns is among them, as in PostgreSQL.
	// nil (ZQL) fires it when one of its columns' values changes.
	SetCols []string
	// WithInput appends the input row to each output row, for a
	// RETURNING that reads the FROM items of UPDATE ... FROM.
	WithInput bool
	// Returning marks a write whose rows RETURNING reads: the role
	// needs SELECT on the table too.
	Returning bool
	// RowSecurity: as Insert's.
	RowSecurity bool
}

// Delete removes the record of each input row; yields [key, old object],
// followed by the input row when WithInput (a RETURNING that reads the
// USING items of DELETE ... USING).
type Delete struct {
	Table     *catalog.Table
	Input     Node
	KeyCol    int
	ObjCol    int
	WithInput bool
	// Returning marks a write whose rows RETURNING reads: the role
	// needs SELECT on the table too.
	Returning bool
	// RowSecurity: as Insert's.
	RowSecurity bool
}

// CreateTable creates a table (Table's IDs are assigned by the catalog).
type CreateTable struct {
	Table       *catalog.Table
	IfNotExists bool
	// Sequences are made with the table and owned by its serial and
	// identity columns (OwnedTable and OwnedColumn set). Each Name is
	// the name PostgreSQL starts from (table_column_seq); the executor
	// takes the first free one and points the column's DefaultSeq at it.
	Sequences []*catalog.Sequence
	// Notices are sent as the table is made: the merges of columns and
	// CHECK constraints of one name CREATE TABLE ... INHERITS made.
	Notices []errs.Notice
}

// AlterInherit is ALTER TABLE Child INHERIT Parent, or NO INHERIT
// (Drop): it makes Child an inheritance child of Parent, whose columns
// and CHECK constraints Child must have already, or no longer one.
type AlterInherit struct {
	Child, Parent string
	Drop          bool
}

func (n *AlterInherit) Columns() []Column { return zeroCols }

// DropTable drops a table and all its records. A table other tables'
// foreign keys reference is only dropped with Cascade (which drops those
// constraints) or when the referencing tables are among With, the other
// tables the same statement drops.
type DropTable struct {
	Name     string
	IfExists bool
	Cascade  bool
	// With are the other tables the statement drops: bare names of the
	// statement's schema, "schema.name" of another (a DROP TABLE of
	// several schemas, whose every table has its Schema).
	With []string
	// MatView: DROP MATERIALIZED VIEW (Name must be one; DROP TABLE
	// refuses one).
	MatView bool
	// Schema names the schema the table is in when it is not the
	// statement's ("public" for the database's): a materialized view
	// that DROP ... CASCADE drops as a dependent, or a table of a DROP
	// TABLE of several schemas.
	Schema string
	// Named marks a materialized view the statement names, in a DROP
	// MATERIALIZED VIEW of several schemas: the role must use its
	// schema, unlike for the ones DROP ... CASCADE drops as dependents.
	Named bool
	// Notify has the drop send "drop cascades to ..." notices: Notices,
	// of the views DROP ... CASCADE dropped before it, with those of the
	// foreign keys it drops. DROP TABLE's; DROP SCHEMA gathers its
	// tables' drops' into its own notice.
	Notify  bool
	Notices []string
	// Hold keeps the drop's notices for the statement's next drop that
	// Notifies: DROP TABLE a, b sends one notice, as PostgreSQL does.
	Hold bool
}

// CreateDatabase creates a database in a namespace ("" = the session's).
type CreateDatabase struct {
	Namespace   string
	Name        string
	IfNotExists bool
	// Owner is SQL's OWNER role ("": the current user).
	Owner string
}

// CreateNamespace creates a namespace.
type CreateNamespace struct {
	Name        string
	Consistency catalog.Consistency
	IfNotExists bool
}

// DropObject drops a database, namespace or other catalog object by kind.
type DropObject struct {
	Kind     string // "db", "namespace", ...
	Name     string
	IfExists bool
	Cascade  bool // DROP SEQUENCE ... CASCADE drops the defaults using it
	// CheckUse refuses to drop an enum a column uses (SQL's DROP TYPE,
	// 2BP01); ZQL's enum::drop leaves such columns their copy of it.
	CheckUse bool
	// Schema names the schema a view is in when it is not the
	// statement's ("public" for the database's; DropTable's Schema).
	Schema string
	// Named marks an object the statement names, in a statement on
	// objects of several schemas: the role must use its schema, unlike
	// the views DROP ... CASCADE drops as dependents.
	Named bool
	// Missing is the notice of IF EXISTS when a function is missing
	// ("": the usual one).
	Missing string
	// Notices are sent as the object is dropped: DROP TYPE ... CASCADE's
	// "drop cascades to column c of table t" for the columns the
	// statement dropped before it.
	Notices []string
}

// Eval yields one row with the value of X (a ZQL expression statement
// whose value is not a stream).
type Eval struct {
	X Expr
}

var zeroCols []Column

func (n *Scan) Columns() []Column {
	key := Column{Name: "key", Type: value.Any, TableID: n.Table.ID}
	if n.Fields == nil {
		return []Column{key, {Name: n.Table.Name, Type: value.Any, TableID: n.Table.ID}}
	}
	var cols []Column
	if n.FieldsBase() == 1 {
		cols = append(cols, key)
	}
	for _, f := range n.Fields {
		cols = append(cols, Column{Name: f, Type: value.Any, TableID: n.Table.ID})
	}
	return cols
}

// FieldsBase is the column of Fields[0] in the rows of a scan with
// Fields: 1 after the key column, or 0 when the rows have none — the key
// is a typed column, stored in the record too, that is not among Fields
// (the optimizer adds it whenever the plan reads the key column).
func (n *Scan) FieldsBase() int {
	t := n.Table
	if len(t.PrimaryKey) != 1 || slices.Contains(n.Fields, t.PrimaryKey[0]) {
		return 1
	}
	if f, _, ok := t.FieldByName(t.PrimaryKey[0]); !ok || f.Type.Kind == value.KindAny {
		return 1
	}
	return 0
}
func (n *Values) Columns() []Column    { return n.Cols }
func (n *Unnest) Columns() []Column    { return []Column{n.Col} }
func (n *Filter) Columns() []Column    { return n.Input.Columns() }
func (n *Project) Columns() []Column   { return n.Cols }
func (n *Aggregate) Columns() []Column { return n.Cols }
func (n *Sort) Columns() []Column      { return n.Input.Columns() }
func (n *Limit) Columns() []Column     { return n.Input.Columns() }
func (n *Distinct) Columns() []Column  { return n.Input.Columns() }
func (n *Reverse) Columns() []Column   { return n.Input.Columns() }
func (n *Join) Columns() []Column {
	if n.Kind == SemiJoin || n.Kind == AntiJoin {
		return n.Left.Columns()
	}
	l, r := n.Left.Columns(), n.Right.Columns()
	out := make([]Column, 0, len(l)+len(r))
	return append(append(out, l...), r...)
}
func (n *Insert) Columns() []Column          { return recordCols(n.Table) }
func (n *Update) Columns() []Column          { return withInput(n.Table, n.WithInput, n.Input) }
func (n *Delete) Columns() []Column          { return withInput(n.Table, n.WithInput, n.Input) }
func (n *CreateTable) Columns() []Column     { return zeroCols }
func (n *DropTable) Columns() []Column       { return zeroCols }
func (n *CreateDatabase) Columns() []Column  { return zeroCols }
func (n *CreateNamespace) Columns() []Column { return zeroCols }
func (n *DropObject) Columns() []Column      { return zeroCols }
func (n *Eval) Columns() []Column            { return []Column{{Name: "result", Type: value.Any}} }

func withInput(t *catalog.Table, with bool, in Node) []Column {
	if !with {
		return recordCols(t)
	}
	return append(recordCols(t), in.Columns()...)
}

func recordCols(t *catalog.Table) []Column {
	return []Column{{Name: "key", Type: value.Any, TableID: t.ID}, {Name: t.Name, Type: value.Any, TableID: t.ID}}
}
