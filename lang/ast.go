package lang

// Span is a node's byte range [Start, End) in the source.
type Span struct {
	Start, End int
}

// Pos returns the byte offset where the node starts.
func (s Span) Pos() int { return s.Start }

// Bounds returns the node's byte range.
func (s Span) Bounds() Span { return s }

// Node is any syntax tree node.
type Node interface {
	Pos() int
	Bounds() Span
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement: the unit a script is split into and run by.
type Stmt interface {
	Node
	stmtNode()
}

// Pattern is a match pattern.
type Pattern interface {
	Node
	patternNode()
}

// TypeExpr is a type in an annotation or a schema.
type TypeExpr interface {
	Node
	typeNode()
}

// Clause is one comma-separated part of a comprehension after its head.
type Clause interface {
	Node
	clauseNode()
}

// Script is a whole parsed source text.
type Script struct {
	Span
	Stmts []Stmt
}

// ---- statements ----

// ExprStmt is an expression used as a statement.
type ExprStmt struct {
	Span
	X Expr
}

// Let is `let name [: Type] = value`.
type Let struct {
	Span
	Name  *Ident
	Type  TypeExpr // nil when not annotated
	Value Expr
}

// FuncDecl is `function name(params) [-> Result] { body }`.
type FuncDecl struct {
	Span
	Name   *Ident
	Params []*FuncParam
	Result TypeExpr // nil when not declared
	Body   *Block
}

// FuncParam is a parameter of a function or a closure.
type FuncParam struct {
	Span
	Name    *Ident
	Type    TypeExpr // nil when not annotated
	Default Expr     // nil when none (closures never have one)
}

// Import is `import a, b`.
type Import struct {
	Span
	Names []*Ident
}

// Use is `use kind.@name`, e.g. use db.@shop.
type Use struct {
	Span
	Kind *Ident
	Name *SymbolLit
}

// Destroy is `destroy kind.@name`, e.g. destroy table.@persons. Kind may be
// the keyword "function".
type Destroy struct {
	Span
	Kind *Ident
	Name *SymbolLit
}

// Transaction is `transaction { ... }`.
type Transaction struct {
	Span
	Body *Block
}

// ---- literals and names ----

// IntLit is an integer literal. Value holds the magnitude (a leading minus
// is a Unary); range checks against Suffix belong to the translator. A float
// suffix (7_f64) is allowed and makes the value a float.
type IntLit struct {
	Span
	Value  uint64
	Suffix string // "", "i8" ... "u64", "f32", "f64"
}

// FloatLit is a float literal.
type FloatLit struct {
	Span
	Value  float64
	Suffix string // "", "f32", "f64"
}

// StringLit is a string literal with its escapes decoded.
type StringLit struct {
	Span
	Value string
}

// BoolLit is true or false.
type BoolLit struct {
	Span
	Value bool
}

// NoneLit is none.
type NoneLit struct {
	Span
}

// RegexLit is !/pattern/flags. Pattern holds "\/" as "/" and every other
// backslash pair verbatim.
type RegexLit struct {
	Span
	Pattern string
	Flags   string
}

// SymbolForm tells how a symbol was written.
type SymbolForm uint8

// Symbol forms.
const (
	SymbolName   SymbolForm = iota // @name
	SymbolNumber                   // @42, @0x1f (Name keeps the digits as written)
	SymbolQuoted                   // @`any text`
)

// SymbolLit is @name, @42 or @`text`.
type SymbolLit struct {
	Span
	Name string
	Form SymbolForm
}

// Param is a bound parameter: $name (Name set) or $1 (Index set, from 1).
type Param struct {
	Span
	Name  string
	Index int
}

// Ident is a name.
type Ident struct {
	Span
	Name string
}

// NamespacedName is ns::name, e.g. math::sqrt, persons::add, table::create.
type NamespacedName struct {
	Span
	Namespace string
	Name      string
}

// Dot is the implicit element "." of a comprehension head, a comprehension
// condition or a pipeline stage argument. ".name" is FieldAccess{X: Dot}.
type Dot struct {
	Span
}

// Star is "*", the any-vertex end of a graph path.
type Star struct {
	Span
}

// RecordID is table.@key (also kind.@name for catalog objects and
// enum.@variant).
type RecordID struct {
	Span
	Table *Ident
	Key   *SymbolLit
}

// ---- composite values ----

// List is [a, b, c].
type List struct {
	Span
	Elems []Expr
}

// Tuple is (a, b), (a,) or ().
type Tuple struct {
	Span
	Elems []Expr
}

// Object is { key: value, shorthand }.
type Object struct {
	Span
	Fields []*ObjectField
}

// ObjectField is one entry of an object literal. Value is nil for the
// shorthand { name }, which means name: name, or name: .name where "." is
// bound; the translator decides.
type ObjectField struct {
	Span
	Key string
	// Path is the rest of a nested key, { address.city: "Oslo" }: Key
	// "address", Path ["city"]. A field with a path always has a Value.
	Path  []string
	Value Expr
}

// Block is { stmt; stmt; expr }: it yields its last expression.
type Block struct {
	Span
	Stmts []Stmt
}

// Closure is |params| body.
type Closure struct {
	Span
	Params []*FuncParam
	Body   Expr
}

// Comprehension is a list comprehension.
//
// With Colon false it is [X in S, clauses...]: Clauses[0] is a Generator
// with a nil Var whose Source is S, and Head is X. When X is an *Ident it
// names each element; otherwise "." is bound to each element and X is
// evaluated per element.
//
// With Colon true it is [Head : clauses...].
type Comprehension struct {
	Span
	Head    Expr
	Colon   bool
	Clauses []Clause
}

// Generator is `name in source` inside a comprehension.
type Generator struct {
	Span
	Var    *Ident // nil for the first generator of the [X in S] form
	Source Expr
}

// Cond is a filter condition inside a comprehension.
type Cond struct {
	Span
	X Expr
}

// ---- operators ----

// Op is a unary or binary operator.
type Op uint8

// Operators.
const (
	OpInvalid Op = iota
	OpAdd        // +
	OpSub        // -
	OpMul        // *
	OpDiv        // /
	OpMod        // %
	OpPow        // ^
	OpEq         // ==
	OpNe         // !=
	OpLt         // <
	OpLe         // <=
	OpGt         // >
	OpGe         // >=
	OpIn         // in (membership)
	OpAnd        // and
	OpOr         // or
	OpNeg        // unary -
	OpPos        // unary +
	OpNot        // not
)

func (o Op) String() string {
	switch o {
	case OpAdd, OpPos:
		return "+"
	case OpSub, OpNeg:
		return "-"
	case OpMul:
		return "*"
	case OpDiv:
		return "/"
	case OpMod:
		return "%"
	case OpPow:
		return "^"
	case OpEq:
		return "=="
	case OpNe:
		return "!="
	case OpLt:
		return "<"
	case OpLe:
		return "<="
	case OpGt:
		return ">"
	case OpGe:
		return ">="
	case OpIn:
		return "in"
	case OpAnd:
		return "and"
	case OpOr:
		return "or"
	case OpNot:
		return "not"
	}
	return "?"
}

// Unary is -x, +x or not x.
type Unary struct {
	Span
	Op Op
	X  Expr
}

// Binary is x op y. OpPos is the operator's byte offset.
type Binary struct {
	Span
	Op    Op
	OpPos int
	X, Y  Expr
}

// Range is lo..hi or lo..=hi (also a key range persons.@a..persons.@m).
type Range struct {
	Span
	Lo, Hi    Expr
	Inclusive bool
}

// Pipeline is input |> stage. The stage is the function applied to the
// input: an Ident or NamespacedName (s |> f), or a Call whose arguments
// follow the input (s |> f(a, b), s |> f a, s |> order_by .a desc, .b).
type Pipeline struct {
	Span
	Input Expr
	Stage Expr
}

// Ordered is a sort key with a direction, allowed as a call argument:
// order_by .age desc. X is nil for a bare direction (order asc).
type Ordered struct {
	Span
	X    Expr
	Desc bool
}

// ArrowDir is the direction of one graph arrow.
type ArrowDir uint8

// Arrow directions.
const (
	ArrowOut    ArrowDir = iota // ->
	ArrowIn                     // <-
	ArrowUnlink                 // -/>
)

func (d ArrowDir) String() string {
	switch d {
	case ArrowIn:
		return "<-"
	case ArrowUnlink:
		return "-/>"
	}
	return "->"
}

// Path is a graph arrow chain: Head, then each step's arrow and target.
// Whether it creates edges, removes them or traverses is the translator's
// decision (zql.md §9).
type Path struct {
	Span
	Head  Expr
	Steps []*PathStep
}

// PathStep is one "-> target" of a Path.
type PathStep struct {
	Span
	Dir    ArrowDir
	Target Expr
}

// Repeat is an edge step with a hop count: knows{2}, knows{1..3} (both
// ends inclusive), knows{1..} (Max == -1).
type Repeat struct {
	Span
	X        Expr
	Min, Max int64
}

// ---- access and calls ----

// FieldAccess is x.name (also t.0 on tuples, and .name when X is a Dot).
type FieldAccess struct {
	Span
	X    Expr
	Name string
}

// Index is x[i]. On a graph step or a table it is a filter: knows[.since > 2018].
type Index struct {
	Span
	X     Expr
	Index Expr
}

// CallForm records how a call was written; all forms mean Fn(Args...).
type CallForm uint8

// Call forms.
const (
	CallPlain  CallForm = iota // f(a, b)
	CallMethod                 // a.f(b): Fn is an *Ident, Args[0] is the receiver a
	CallPrefix                 // f a: Fn is an *Ident or *NamespacedName
	CallInfix                  // a f b: Fn is an *Ident, Args are [a, b]
)

func (f CallForm) String() string {
	switch f {
	case CallMethod:
		return "method"
	case CallPrefix:
		return "prefix"
	case CallInfix:
		return "infix"
	}
	return "plain"
}

// Call is a function call in any of its written forms.
type Call struct {
	Span
	Fn   Expr
	Args []Expr
	Form CallForm
}

// ---- control flow ----

// If is if cond { ... } [else { ... } | else if ...].
type If struct {
	Span
	Cond Expr
	Then *Block
	Else Expr // nil, *Block or *If
}

// Match is match subject { arms }.
type Match struct {
	Span
	Subject Expr
	Arms    []*MatchArm
}

// MatchArm is pattern [if guard] => body.
type MatchArm struct {
	Span
	Pattern Pattern
	Guard   Expr // nil when absent
	Body    Expr
}

// ---- patterns ----

// WildcardPat is _.
type WildcardPat struct {
	Span
}

// BindPat binds the matched value to a name.
type BindPat struct {
	Span
	Name string
}

// LitPat matches a literal: IntLit, FloatLit, StringLit, BoolLit, NoneLit,
// SymbolLit, RegexLit, RecordID, Param, or a Unary minus of a number.
type LitPat struct {
	Span
	Value Expr
}

// RangePat is lo..hi, lo..=hi or the open lo.. over literals.
type RangePat struct {
	Span
	Lo        Expr
	Hi        Expr // nil for lo..
	Inclusive bool
}

// ListPat is [p1, p2, ..rest]; at most one element is a *RestPat.
type ListPat struct {
	Span
	Elems []Pattern
}

// RestPat is ..name or .. inside a list pattern.
type RestPat struct {
	Span
	Name string // "" for a bare ..
}

// ObjectPat is { key: pattern, key, .. }.
type ObjectPat struct {
	Span
	Fields []*FieldPat
	Rest   bool // a trailing .. allows other fields
}

// FieldPat is one entry of an object pattern. A nil Pattern binds the
// field to a variable of the same name.
type FieldPat struct {
	Span
	Key     string
	Pattern Pattern
}

// TuplePat is (p1, p2).
type TuplePat struct {
	Span
	Elems []Pattern
}

// ---- types ----

// NamedType is a type name with optional arguments: int, persons,
// record(cities), vector(384). An argument is a TypeExpr or an *IntLit.
type NamedType struct {
	Span
	Name string
	Args []TypeExpr
}

// ListType is [T].
type ListType struct {
	Span
	Elem TypeExpr
}

// OptionalType is T?.
type OptionalType struct {
	Span
	Elem TypeExpr
}

// TupleType is (T1, T2).
type TupleType struct {
	Span
	Elems []TypeExpr
}

// ObjectType is { name: T, ... }. It is also an expression: the schema
// argument of table::create, type::create and edge::create parses as one.
type ObjectType struct {
	Span
	Fields []*TypeField
}

// TypeField is one field of an object type: name: T [= default] [assert preds].
type TypeField struct {
	Span
	Name    string
	Type    TypeExpr
	Default Expr // nil when none
	Assert  Expr // nil when none; usually a List of predicates
}

func (*ExprStmt) stmtNode()    {}
func (*Let) stmtNode()         {}
func (*FuncDecl) stmtNode()    {}
func (*Import) stmtNode()      {}
func (*Use) stmtNode()         {}
func (*Destroy) stmtNode()     {}
func (*Transaction) stmtNode() {}

func (*IntLit) exprNode()         {}
func (*FloatLit) exprNode()       {}
func (*StringLit) exprNode()      {}
func (*BoolLit) exprNode()        {}
func (*NoneLit) exprNode()        {}
func (*RegexLit) exprNode()       {}
func (*SymbolLit) exprNode()      {}
func (*Param) exprNode()          {}
func (*Ident) exprNode()          {}
func (*NamespacedName) exprNode() {}
func (*Dot) exprNode()            {}
func (*Star) exprNode()           {}
func (*RecordID) exprNode()       {}
func (*List) exprNode()           {}
func (*Tuple) exprNode()          {}
func (*Object) exprNode()         {}
func (*Block) exprNode()          {}
func (*Closure) exprNode()        {}
func (*Comprehension) exprNode()  {}
func (*Unary) exprNode()          {}
func (*Binary) exprNode()         {}
func (*Range) exprNode()          {}
func (*Pipeline) exprNode()       {}
func (*Ordered) exprNode()        {}
func (*Path) exprNode()           {}
func (*Repeat) exprNode()         {}
func (*FieldAccess) exprNode()    {}
func (*Index) exprNode()          {}
func (*Call) exprNode()           {}
func (*If) exprNode()             {}
func (*Match) exprNode()          {}
func (*ObjectType) exprNode()     {}

func (*Generator) clauseNode() {}
func (*Cond) clauseNode()      {}

func (*WildcardPat) patternNode() {}
func (*BindPat) patternNode()     {}
func (*LitPat) patternNode()      {}
func (*RangePat) patternNode()    {}
func (*ListPat) patternNode()     {}
func (*RestPat) patternNode()     {}
func (*ObjectPat) patternNode()   {}
func (*TuplePat) patternNode()    {}

func (*NamedType) typeNode()    {}
func (*ListType) typeNode()     {}
func (*OptionalType) typeNode() {}
func (*TupleType) typeNode()    {}
func (*ObjectType) typeNode()   {}
func (*IntLit) typeNode()       {}
