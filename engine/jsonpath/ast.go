package jsonpath

import (
	"regexp"

	"github.com/zerodb/zerodb/engine/value"
)

// Op is the kind of a path item (PostgreSQL's JsonPathItemType).
type Op uint8

const (
	OpNull Op = iota
	OpString
	OpNumeric
	OpBool
	OpVariable
	OpRoot    // $
	OpCurrent // @
	OpLast    // last, inside array subscripts
	// Predicates.
	OpAnd
	OpOr
	OpNot
	OpIsUnknown
	OpEqual
	OpNotEqual
	OpLess
	OpGreater
	OpLessOrEqual
	OpGreaterOrEqual
	OpExists
	OpStartsWith
	OpLikeRegex
	// Arithmetic.
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMod
	OpPlus  // unary +
	OpMinus // unary -
	// Accessors.
	OpKey      // ."key"
	OpAnyKey   // .*
	OpAnyArray // [*]
	OpIndexes  // [subscripts]
	OpAny      // .** and .**{m to n}
	OpFilter   // ?(predicate)
	OpType     // .type()
	OpSize     // .size()
	OpAbs      // .abs()
	OpFloor    // .floor()
	OpCeiling  // .ceiling()
	OpDouble   // .double()
	OpKeyValue // .keyvalue()
	OpDatetime // .datetime([template])
)

// Unbounded is a .** level written last (PostgreSQL's PG_UINT32_MAX).
const Unbounded = ^uint32(0)

// Item is one item of a path: an operator or a primary, followed by the
// accessors and methods chained after it (Next).
type Item struct {
	Op Op
	// Left and Right are the operands of binary operators; Left is also
	// the argument of unary operators, filters, exists and like_regex.
	Left, Right *Item
	// Next is the accessor applied to this item's results.
	Next *Item
	// Str is a key, a string literal, a variable's name, a like_regex
	// pattern or a datetime template.
	Str string
	// Num is a numeric literal (an int or a decimal).
	Num value.Value
	// Bool is a boolean literal; for OpDatetime, whether a template was
	// given.
	Bool bool
	// Subs are an OpIndexes' subscripts.
	Subs []Subscript
	// First and Last bound an OpAny's levels (Unbounded for last).
	First, Last uint32
	// Flags are a like_regex's flags in PostgreSQL's order (ismxq).
	Flags string
	re    *regexp.Regexp
}

// Subscript is one subscript of an array accessor: an index, or a range
// when To is set.
type Subscript struct {
	From, To *Item
}

// Path is a parsed jsonpath.
type Path struct {
	Strict bool
	Root   *Item
}

func (op Op) predicate() bool { return op >= OpAnd && op <= OpLikeRegex }

// opNames are the operators' and methods' names as PostgreSQL prints
// them (jspOperationName).
var opNames = [...]string{
	OpAnd: "&&", OpOr: "||", OpEqual: "==", OpNotEqual: "!=", OpLess: "<",
	OpGreater: ">", OpLessOrEqual: "<=", OpGreaterOrEqual: ">=",
	OpStartsWith: "starts with", OpLikeRegex: "like_regex",
	OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpMod: "%",
	OpPlus: "+", OpMinus: "-", OpType: "type", OpSize: "size", OpAbs: "abs",
	OpFloor: "floor", OpCeiling: "ceiling", OpDouble: "double",
	OpKeyValue: "keyvalue", OpDatetime: "datetime",
}

func (op Op) name() string {
	if int(op) < len(opNames) {
		return opNames[op]
	}
	return "?"
}

// priority is PostgreSQL's operationPriority: an operand of a lower or
// equal priority than its operator is printed in parentheses.
func (op Op) priority() int {
	switch op {
	case OpOr:
		return 0
	case OpAnd:
		return 1
	case OpEqual, OpNotEqual, OpLess, OpGreater, OpLessOrEqual, OpGreaterOrEqual, OpStartsWith:
		return 2
	case OpAdd, OpSub:
		return 3
	case OpMul, OpDiv, OpMod:
		return 4
	case OpPlus, OpMinus:
		return 5
	}
	return 6
}
