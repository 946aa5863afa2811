package jsonpath

import (
	"strconv"

	"github.com/zerodb/zerodb/engine/value"
)

// String is the path's canonical text, as PostgreSQL's jsonpath_out
// prints it: keys and variables quoted, operators spaced, operands in
// parentheses by priority, "strict " before a strict path.
func (p *Path) String() string {
	var b []byte
	if p.Strict {
		b = append(b, "strict "...)
	}
	return string(appendItem(b, p.Root, false, true))
}

func appendQuoted(b []byte, s string) []byte { return value.AppendJSON(b, value.String(s)) }

// appendItem is PostgreSQL's printJsonPathItem: inKey says the item
// follows another (an accessor prints its dot), brackets that an
// operator must be parenthesized.
func appendItem(b []byte, it *Item, inKey, brackets bool) []byte {
	paren := func(open bool) {
		if brackets {
			if open {
				b = append(b, '(')
			} else {
				b = append(b, ')')
			}
		}
	}
	operand := func(x *Item, parent Op) {
		b = appendItem(b, x, false, x.Op.priority() <= parent.priority())
	}
	switch it.Op {
	case OpNull:
		b = append(b, "null"...)
	case OpString:
		b = appendQuoted(b, it.Str)
	case OpNumeric:
		if it.Next != nil {
			b = append(b, '(')
		}
		b = value.AppendJSON(b, it.Num)
		if it.Next != nil {
			b = append(b, ')')
		}
	case OpBool:
		b = strconv.AppendBool(b, it.Bool)
	case OpVariable:
		b = append(b, '$')
		b = appendQuoted(b, it.Str)
	case OpRoot:
		b = append(b, '$')
	case OpCurrent:
		b = append(b, '@')
	case OpLast:
		b = append(b, "last"...)
	case OpAnd, OpOr, OpEqual, OpNotEqual, OpLess, OpGreater, OpLessOrEqual, OpGreaterOrEqual, OpStartsWith,
		OpAdd, OpSub, OpMul, OpDiv, OpMod:
		paren(true)
		operand(it.Left, it.Op)
		b = append(b, ' ')
		b = append(b, it.Op.name()...)
		b = append(b, ' ')
		operand(it.Right, it.Op)
		paren(false)
	case OpLikeRegex:
		paren(true)
		operand(it.Left, it.Op)
		b = append(b, " like_regex "...)
		b = appendQuoted(b, it.Str)
		if it.Flags != "" {
			b = append(b, " flag \""...)
			b = append(b, it.Flags...)
			b = append(b, '"')
		}
		paren(false)
	case OpPlus, OpMinus:
		paren(true)
		b = append(b, it.Op.name()...)
		operand(it.Left, it.Op)
		paren(false)
	case OpFilter:
		b = append(b, "?("...)
		b = appendItem(b, it.Left, false, false)
		b = append(b, ')')
	case OpNot:
		b = append(b, "!("...)
		b = appendItem(b, it.Left, false, false)
		b = append(b, ')')
	case OpIsUnknown:
		b = append(b, '(')
		b = appendItem(b, it.Left, false, false)
		b = append(b, ") is unknown"...)
	case OpExists:
		b = append(b, "exists ("...)
		b = appendItem(b, it.Left, false, false)
		b = append(b, ')')
	case OpAnyArray:
		b = append(b, "[*]"...)
	case OpAnyKey:
		if inKey {
			b = append(b, '.')
		}
		b = append(b, '*')
	case OpIndexes:
		b = append(b, '[')
		for i, s := range it.Subs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendItem(b, s.From, false, false)
			if s.To != nil {
				b = append(b, " to "...)
				b = appendItem(b, s.To, false, false)
			}
		}
		b = append(b, ']')
	case OpAny:
		if inKey {
			b = append(b, '.')
		}
		b = appendAnyBounds(b, it.First, it.Last)
	case OpKey:
		if inKey {
			b = append(b, '.')
		}
		b = appendQuoted(b, it.Str)
	case OpType, OpSize, OpAbs, OpFloor, OpCeiling, OpDouble, OpKeyValue:
		b = append(b, '.')
		b = append(b, it.Op.name()...)
		b = append(b, "()"...)
	case OpDatetime:
		b = append(b, ".datetime("...)
		if it.Bool {
			b = appendQuoted(b, it.Str)
		}
		b = append(b, ')')
	}
	if it.Next != nil {
		b = appendItem(b, it.Next, true, true)
	}
	return b
}

func appendLevel(b []byte, n uint32) []byte {
	if n == Unbounded {
		return append(b, "last"...)
	}
	return strconv.AppendUint(b, uint64(n), 10)
}

func appendAnyBounds(b []byte, first, last uint32) []byte {
	switch {
	case first == 0 && last == Unbounded:
		return append(b, "**"...)
	case first == last:
		b = append(b, "**{"...)
		b = appendLevel(b, first)
		return append(b, '}')
	}
	b = append(b, "**{"...)
	b = appendLevel(b, first)
	b = append(b, " to "...)
	b = appendLevel(b, last)
	return append(b, '}')
}
