package plan

import (
	"github.com/zerodb/zerodb/engine/value"
)

// Expr is a scalar expression of the plan IR. It is evaluated by the
// executor against an environment holding the current row (and the rows
// of enclosing queries, for correlated subqueries), a chain of local
// frames (let bindings and closure parameters), the statement's
// parameters and the session's variables.
//
// Both front ends build these; neither adds node kinds of its own.
type Expr interface {
	// Pos is the 1-based character position in the statement text the
	// expression came from (0 when synthesized), used for error carets.
	Pos() int
}

// At is embedded in every Expr to carry its position.
type At struct{ P int }

func (a At) Pos() int { return a.P }

// Const is a constant value.
type Const struct {
	At
	V value.Value
}

// ColRef reads column Idx of a row: Depth 0 is the row of the operator the
// expression belongs to, Depth 1 the row of the enclosing query (a
// correlated subquery), and so on.
type ColRef struct {
	At
	Idx   int
	Depth int
	Name  string // for EXPLAIN and errors only
}

// Local reads slot Slot of a local frame: Depth 0 is the innermost frame
// (the block or closure being evaluated), Depth 1 its parent, and so on.
type Local struct {
	At
	Depth int
	Slot  int
	Name  string // for EXPLAIN and errors only
}

// Param is a statement parameter: $1 (N=1, Name "") or $name (N=0).
type Param struct {
	At
	N    int
	Name string
}

// SessionVar reads a session-level `let` binding by name.
type SessionVar struct {
	At
	Name string
}

// Field reads a field of an object. When X is a record id, the record is
// fetched and its field read (links are followed through `.`, zql.md §5).
// A missing field, or a field of none, reads as none.
type Field struct {
	At
	X    Expr
	Name string
}

// Index reads element I of a list/tuple (0-based, negative from the end)
// or a field of an object by a string key.
type Index struct {
	At
	X, I Expr
	// SQL is jsonb's -> : a key of anything but an object, or an index
	// of anything but an array, is NULL rather than an error.
	SQL bool
}

// Op is a unary or binary operator.
type Op uint8

const (
	OpAdd Op = iota + 1 // numbers; string/list concatenation; object merge
	OpSub
	OpMul
	OpDiv // int / int truncates toward zero; by zero is 22012
	OpMod
	OpPow
	OpNeg // unary
	OpNot // unary
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAnd
	OpOr
	OpConcat   // SQL ||
	OpLike     // SQL LIKE
	OpILike    // SQL ILIKE
	OpContains // ZQL `a contains b`: list membership, substring, range membership, object has key
	OpIn       // `b in a` (ZQL membership, written in parentheses) = contains with swapped operands
	OpMatches  // regex match
	OpIsNull   // unary: SQL IS NULL / ZQL is_none
	OpIsNotNull
)

// Swapped is the comparison with its operands swapped (a < b is b > a);
// ok is false for an operator that is not a comparison.
func (op Op) Swapped() (swapped Op, ok bool) {
	switch op {
	case OpEq, OpNe:
		return op, true
	case OpLt:
		return OpGt, true
	case OpLe:
		return OpGe, true
	case OpGt:
		return OpLt, true
	case OpGe:
		return OpLe, true
	}
	return op, false
}

// Binary applies a binary operator. SQL selects SQL semantics: a none
// (NULL) operand makes comparisons and arithmetic none, and AND/OR use
// three-valued logic. Without it (ZQL), comparison is total (zql.md §2:
// none == none is true) and logic operators need booleans.
type Binary struct {
	At
	Op   Op
	L, R Expr
	SQL  bool
}

// Unary applies OpNeg, OpNot, OpIsNull or OpIsNotNull.
type Unary struct {
	At
	Op  Op
	X   Expr
	SQL bool
}

// Call calls a builtin function by its canonical name (engine/builtin).
// SQL marks SQL null semantics (strict functions return NULL on NULL input).
type Call struct {
	At
	Fn   string
	Args []Expr
	SQL  bool
	// Spread, when set, makes the last argument an array whose elements
	// (in storage order, however many dimensions) are the call's last
	// arguments instead, element i passed through the one-parameter
	// Closure Spread[i%len(Spread)]: SQL's VARIADIC array in a call of a
	// builtin that takes its arguments one by one. A NULL array makes the
	// call NULL.
	Spread []Expr
}

// Apply calls a function value (a closure or stored function) computed by
// Fn with Args.
type Apply struct {
	At
	Fn   Expr
	Args []Expr
}

// Closure makes a function value capturing the current environment. Its
// body runs in a new frame of NumSlots slots whose first len(Params) slots
// are the arguments.
type Closure struct {
	At
	Params   []string
	NumSlots int
	Body     Expr
}

// Block evaluates Stmts in a new frame of NumSlots slots, then yields
// Result (none when nil).
type Block struct {
	At
	NumSlots int
	Stmts    []Expr
	Result   Expr
}

// Let stores the value of X into slot Slot of the innermost frame and
// yields none.
type Let struct {
	At
	Slot int
	X    Expr
	Type *value.Type // checked when set (typed let)
}

// SetSessionVar binds a session-level `let`; yields none.
type SetSessionVar struct {
	At
	Name string
	X    Expr
	Type *value.Type
}

// ObjectCons builds an object. Names[i] is the name of Vals[i]. When
// Spread is set, its object's fields come first and named fields override.
type ObjectCons struct {
	At
	Names  []string
	Vals   []Expr
	Spread Expr
}

// ListCons builds a list.
type ListCons struct {
	At
	Elems []Expr
}

// TupleCons builds a tuple, or with Composite a SQL composite value
// (ROW(...), a table's whole row) of its elements.
type TupleCons struct {
	At
	Elems     []Expr
	Composite bool
}

// RangeCons builds lo..hi or lo..=hi.
type RangeCons struct {
	At
	Lo, Hi    Expr // nil = open
	Inclusive bool
}

// RecordIDCons builds table.@key from a computed key.
type RecordIDCons struct {
	At
	Table string
	Key   Expr
}

// If yields Then when Cond is exactly true, else Else (none when nil).
// SQL CASE is a chain of Ifs.
type If struct {
	At
	Cond, Then, Else Expr
}

// Cast converts X to type To with the errors PostgreSQL gives (22P02,
// 22003, 42846, ...). Check (instead of converting) only verifies that X
// has type To, for typed lets and function parameters (42804).
type Cast struct {
	At
	X     Expr
	To    value.Type
	Check bool
	// Assign makes it an assignment cast (INSERT and UPDATE values):
	// a string too long for varchar(n) fails instead of being cut.
	Assign bool
	// JSONText is jsonb's ->> (and #>>): a jsonb null becomes SQL NULL
	// where an explicit ::text gives "null".
	JSONText bool
	// From, when set, is X's static type, for a conversion to a string
	// type that a value alone cannot make: a composite's (or an array
	// of composites') text needs its fields' types.
	From *value.Type
}

// SubqueryMode says how a Subquery's stream becomes a value.
type SubqueryMode uint8

const (
	// SubList materializes the stream into a list (ZQL: a stream used as a
	// value). A one-column stream yields its values; wider rows yield tuples.
	SubList SubqueryMode = iota
	// SubScalar yields the single value of the single row (none for no row;
	// more than one row is SQLSTATE 21000).
	SubScalar
	// SubExists yields whether the stream has any row.
	SubExists
	// SubFirst yields the first row's first value, or none.
	SubFirst
)

// Subquery runs a plan node (with the current row as its outer row) and
// turns its stream into a value. Write nodes inside an expression (ZQL
// `persons.@a.update({...})` in a block) are Subqueries too.
type Subquery struct {
	At
	Node Node
	Mode SubqueryMode
}

// Match tries Arms in order; no arm matching is an error (SQLSTATE 20000).
type Match struct {
	At
	X        Expr
	Arms     []MatchArm
	NumSlots int // bindings made by patterns live in a new frame
}

// MatchArm is `pattern [if guard] => body`.
type MatchArm struct {
	Pattern Pattern
	Guard   Expr
	Body    Expr
}

// Pattern is a match pattern.
type Pattern interface{ pattern() }

// PatWildcard is `_`.
type PatWildcard struct{}

// PatLiteral matches a value equal to V (literals and symbols).
type PatLiteral struct{ V value.Value }

// PatRange matches lo..hi / lo..=hi.
type PatRange struct {
	Lo, Hi    value.Value
	Inclusive bool
}

// PatBind binds the value to a slot (and, when Inner is set, also matches Inner).
type PatBind struct {
	Slot  int
	Inner Pattern
}

// PatList matches a list: Elems element-wise; Rest (when RestSlot >= 0)
// binds the remainder (`[h, ..t]`); HasRest without a slot is `..`. With
// a rest, After matches the last elements (`[first, .., last]`,
// `[h, ..mid, t]`): the rest is what lies between Elems and After.
type PatList struct {
	Elems    []Pattern
	HasRest  bool
	RestSlot int // -1 when the rest is not bound
	After    []Pattern
}

// PatObject matches an object having the fields with matching values.
// When Exact is set the object may have no other field (ZQL `{ a, b }`,
// as opposed to `{ a, b, .. }`); a field holding none counts as absent.
type PatObject struct {
	Names []string
	Pats  []Pattern
	Exact bool
}

func (PatWildcard) pattern() {}
func (PatLiteral) pattern()  {}
func (PatRange) pattern()    {}
func (PatBind) pattern()     {}
func (PatList) pattern()     {}
func (PatObject) pattern()   {}
