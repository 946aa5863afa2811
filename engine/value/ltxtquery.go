package value

import (
	"unicode/utf8"

	"github.com/zerodb/zerodb/errs"
)

// Ltxtquery is a parsed ltxtquery: a tree of words (LqVar) under !, &
// and |, built as PostgreSQL's makepol builds it, so that printing it
// gives ltxtquery_out's text.
type Ltxtquery struct {
	Op          byte // 0 for a word, else '!', '&' or '|'
	Word        LqVar
	Left, Right *Ltxtquery // Right alone under '!'
}

type ltxtToken struct {
	kind byte // 'v' a word, 'o' an operator, '(' , ')', 'e' the end
	op   byte
	word LqVar
}

// ParseLtxtquery reads ltxtquery text (ltxtquery_in).
func ParseLtxtquery(s string) (*Ltxtquery, error) {
	i, depth := 0, 0
	waitOperand := true
	next := func() (ltxtToken, error) {
		for {
			if waitOperand {
				if i >= len(s) {
					return ltxtToken{}, errs.New(errs.SyntaxError, "operand syntax error")
				}
				r, n := utf8.DecodeRuneInString(s[i:])
				switch {
				case r == '!':
					i++
					return ltxtToken{kind: 'o', op: '!'}, nil
				case r == '(':
					i++
					depth++
					return ltxtToken{kind: '('}, nil
				case isLtreeLabelRune(r):
					w := LqVar{}
					start := i
					for i < len(s) {
						r, n := utf8.DecodeRuneInString(s[i:])
						switch {
						case isLtreeLabelRune(r):
							if w.Fold || w.Prefix || w.Words {
								return ltxtToken{}, errs.New(errs.SyntaxError, "modifiers syntax error")
							}
							w.Label = s[start : i+n]
						case r == '%':
							w.Words = true
						case r == '@':
							w.Fold = true
						case r == '*':
							w.Prefix = true
						default:
							waitOperand = false
							return ltxtToken{kind: 'v', word: w}, nil
						}
						i += n
					}
					waitOperand = false
					return ltxtToken{kind: 'v', word: w}, nil
				case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
					i += n
				default:
					return ltxtToken{}, errs.New(errs.SyntaxError, "operand syntax error")
				}
				continue
			}
			if i >= len(s) {
				if depth != 0 {
					return ltxtToken{kind: 'x'}, nil
				}
				return ltxtToken{kind: 'e'}, nil
			}
			switch c := s[i]; c {
			case '&', '|':
				i++
				waitOperand = true
				return ltxtToken{kind: 'o', op: c}, nil
			case ')':
				i++
				depth--
				if depth < 0 {
					return ltxtToken{kind: 'x'}, nil
				}
				return ltxtToken{kind: ')'}, nil
			case ' ':
				i++
			default:
				return ltxtToken{kind: 'x'}, nil
			}
		}
	}
	// makepol: the query in postfix order.
	var post []ltxtToken
	var makepol func() error
	makepol = func() error {
		var stack []byte
		unwind := func() {
			for len(stack) > 0 && (stack[len(stack)-1] == '&' || stack[len(stack)-1] == '!') {
				post = append(post, ltxtToken{kind: 'o', op: stack[len(stack)-1]})
				stack = stack[:len(stack)-1]
			}
		}
		for {
			t, err := next()
			if err != nil {
				return err
			}
			switch t.kind {
			case 'v':
				post = append(post, t)
				unwind()
			case 'o':
				if len(stack) > 0 && t.op == '|' {
					post = append(post, t)
				} else {
					stack = append(stack, t.op)
				}
			case '(':
				if err := makepol(); err != nil {
					return err
				}
				unwind()
			case ')', 'e':
				for len(stack) > 0 {
					post = append(post, ltxtToken{kind: 'o', op: stack[len(stack)-1]})
					stack = stack[:len(stack)-1]
				}
				return nil
			default:
				return errs.New(errs.SyntaxError, "syntax error")
			}
		}
	}
	if err := makepol(); err != nil {
		return nil, err
	}
	var st []*Ltxtquery
	for _, t := range post {
		if t.kind == 'v' {
			st = append(st, &Ltxtquery{Word: t.word})
			continue
		}
		n := &Ltxtquery{Op: t.op}
		need := 2
		if t.op == '!' {
			need = 1
		}
		if len(st) < need {
			return nil, errs.New(errs.SyntaxError, "syntax error")
		}
		n.Right, st = st[len(st)-1], st[:len(st)-1]
		if need == 2 {
			n.Left, st = st[len(st)-1], st[:len(st)-1]
		}
		st = append(st, n)
	}
	if len(st) != 1 {
		return nil, errs.New(errs.SyntaxError, "syntax error")
	}
	return st[0], nil
}

// String is ltxtquery_out's text.
func (q *Ltxtquery) String() string { return string(q.appendInfix(nil, true)) }

func (q *Ltxtquery) appendInfix(b []byte, first bool) []byte {
	switch q.Op {
	case 0:
		b = append(b, q.Word.Label...)
		if q.Word.Words {
			b = append(b, '%')
		}
		if q.Word.Fold {
			b = append(b, '@')
		}
		if q.Word.Prefix {
			b = append(b, '*')
		}
		return b
	case '!':
		b = append(b, '!')
		if q.Right.Op != 0 {
			b = append(b, "( "...)
			b = q.Right.appendInfix(b, true)
			return append(b, " )"...)
		}
		return q.Right.appendInfix(b, false)
	}
	paren := q.Op == '|' && !first
	if paren {
		b = append(b, "( "...)
	}
	b = q.Left.appendInfix(b, false)
	b = append(b, ' ', q.Op, ' ')
	b = q.Right.appendInfix(b, false)
	if paren {
		b = append(b, " )"...)
	}
	return b
}

// Match reports whether the labels satisfy the query: a word holds
// when a label matches it.
func (q *Ltxtquery) Match(labels []string) bool {
	switch q.Op {
	case '!':
		return !q.Right.Match(labels)
	case '&':
		return q.Left.Match(labels) && q.Right.Match(labels)
	case '|':
		return q.Left.Match(labels) || q.Right.Match(labels)
	}
	for _, l := range labels {
		if q.Word.Matches(l) {
			return true
		}
	}
	return false
}
