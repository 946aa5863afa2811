package jsonpath

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Env is what an evaluation takes besides the path and the document.
type Env struct {
	// Vars is the vars argument, an object of the $name variables;
	// HasVars says it was given (the @? and @@ operators give none, and
	// their variables are then null).
	Vars    value.Value
	HasVars bool
	// Ctx cancels a long evaluation (nested .** can take exponential
	// time); nil never cancels.
	Ctx context.Context
	// Silent suppresses the errors PostgreSQL's silent argument does:
	// structural and evaluation errors, not a missing variable.
	Silent bool
}

// Query is jsonb_path_query: the items the path yields, in order. In
// silent mode an error ends the evaluation without failing; what was
// found before it is returned.
func Query(p *Path, doc value.Value, env Env) ([]value.Value, error) {
	var found []value.Value
	if _, err := run(p, doc, env, &found); err != nil {
		return nil, err
	}
	for i, v := range found {
		found[i] = outputItem(v)
	}
	return found, nil
}

// Exists is jsonb_path_exists: whether the path yields an item; SQL
// NULL (value.None) when a silent evaluation failed.
func Exists(p *Path, doc value.Value, env Env) (value.Value, error) {
	r, err := run(p, doc, env, nil)
	switch {
	case err != nil:
		return value.None, err
	case r == resError:
		return value.None, nil
	}
	return value.Bool(r == resOK), nil
}

// Match is jsonb_path_match: the path's single boolean result, SQL NULL
// for a single null (or, silently, anything else).
func Match(p *Path, doc value.Value, env Env) (value.Value, error) {
	found, err := Query(p, doc, env)
	if err != nil {
		return value.None, err
	}
	if len(found) == 1 {
		switch v := found[0]; v.Kind() {
		case value.KindBool:
			return v, nil
		case value.KindNone:
			return value.None, nil
		}
	}
	if env.Silent {
		return value.None, nil
	}
	return value.None, errs.New(errs.SingletonSQLJSONItemRequired, "single boolean result is expected")
}

type res uint8

const (
	resNotFound res = iota
	resOK
	resError
)

// tri is SQL/JSON's three-valued logic of predicates.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// base is the container .keyvalue() measures an object's id from, and
// that container's own id (0 the document, 1 the vars, then one per
// object .keyvalue() made).
type base struct {
	doc value.Value
	id  int64
}

type ctx struct {
	env     Env
	root    value.Value
	current value.Value
	lax     bool
	// ignoreStructural is set in lax mode and inside .** : missing keys,
	// accessors applied to the wrong type and subscripts out of bounds
	// are then no errors.
	ignoreStructural bool
	// throw is unset where an error must become unknown (predicates'
	// operands) or while silent.
	throw     bool
	arraySize int // the innermost array's size, for last; -1 outside subscripts
	base      base
	lastID    int64
	steps     uint
}

func run(p *Path, doc value.Value, env Env, found *[]value.Value) (res, error) {
	if env.HasVars && env.Vars.Kind() != value.KindObject {
		return resError, errs.New(errs.InvalidParameterValue, "\"vars\" argument is not an object").
			WithDetail("Jsonpath parameters should be encoded as key-value pairs of \"vars\" object.")
	}
	doc = norm(doc)
	c := &ctx{env: env, root: doc, current: doc, lax: !p.Strict, ignoreStructural: !p.Strict,
		throw: !env.Silent, arraySize: -1, lastID: 1}
	if env.HasVars {
		c.lastID = 2
	}
	if !c.lax && found == nil {
		// Strict mode must see every item to know that none fails.
		var vals []value.Value
		r, err := c.item(p.Root, doc, &vals)
		if err != nil || r == resError {
			return r, err
		}
		if len(vals) == 0 {
			return resNotFound, nil
		}
		return resOK, nil
	}
	return c.item(p.Root, doc, found)
}

// fail is an evaluation error: returned when errors are thrown, or else
// the item's result is an error that the caller handles.
func (c *ctx) fail(code, format string, args ...any) (res, error) {
	if c.throw {
		return resError, errs.New(code, format, args...)
	}
	return resError, nil
}

// failWith is fail for an error made elsewhere (arithmetic).
func (c *ctx) failWith(err error) (res, error) {
	if c.throw {
		return resError, err
	}
	return resError, nil
}

// norm is a document's value as the evaluator sees it: SQL NULL inside
// containers is JSON null, infinite floats are strings (to_jsonb shows
// them so), and kinds jsonb does not have (ZQL's) are their SQL text.
func norm(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindNone:
		return value.JSONNull
	case value.KindBool, value.KindInt, value.KindDecimal, value.KindString, value.KindList, value.KindTuple, value.KindObject:
		return v
	case value.KindFloat:
		if f := v.AsFloat(); math.IsNaN(f) || math.IsInf(f, 0) {
			return value.String(value.CastText(v))
		}
		return v
	}
	if s := value.SQLJSON(v, nil); s.Kind() == value.KindString {
		return s
	}
	return value.String(value.CastText(v))
}

func isArray(v value.Value) bool  { return v.Kind() == value.KindList || v.Kind() == value.KindTuple }
func isObject(v value.Value) bool { return v.Kind() == value.KindObject }
func isContainer(v value.Value) bool {
	return isArray(v) || isObject(v)
}

func isNumber(v value.Value) bool {
	switch v.Kind() {
	case value.KindInt, value.KindDecimal:
		return true
	case value.KindFloat:
		f := v.AsFloat()
		return !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return false
}

func decimalOf(v value.Value) *apd.Decimal {
	switch v.Kind() {
	case value.KindInt:
		if v.Width() == value.U64 {
			d, _, _ := apd.NewFromString(strconv.FormatUint(v.AsUint64(), 10))
			return d
		}
		return apd.New(v.AsInt(), 0)
	case value.KindFloat:
		return value.DecimalFromFloat(v.AsFloat(), int(v.FloatBits()))
	}
	return v.AsDecimal()
}

// next passes v to the item after the current one, or adds it to the
// found items at the end of the chain.
func (c *ctx) next(n *Item, v value.Value, found *[]value.Value) (res, error) {
	if n == nil {
		if found != nil {
			*found = append(*found, v)
		}
		return resOK, nil
	}
	return c.item(n, v, found)
}

func (c *ctx) item(it *Item, v value.Value, found *[]value.Value) (res, error) {
	return c.itemOpt(it, v, found, c.lax)
}

// checkCancel looks at the context every 1024 items.
func (c *ctx) checkCancel() error {
	c.steps++
	if c.steps%1024 != 0 || c.env.Ctx == nil {
		return nil
	}
	if err := c.env.Ctx.Err(); err != nil {
		return errs.From(err)
	}
	return nil
}

// itemOpt is PostgreSQL's executeItemOptUnwrapTarget: unwrap says an
// array target is unwrapped (lax mode's accessors apply to its
// elements).
func (c *ctx) itemOpt(it *Item, jb value.Value, found *[]value.Value, unwrap bool) (res, error) {
	if err := c.checkCancel(); err != nil {
		return resError, err
	}
	switch it.Op {
	case OpAnd, OpOr, OpNot, OpIsUnknown, OpEqual, OpNotEqual, OpLess, OpGreater, OpLessOrEqual,
		OpGreaterOrEqual, OpExists, OpStartsWith, OpLikeRegex:
		st, err := c.boolItem(it, jb)
		if err != nil {
			return resError, err
		}
		if it.Next == nil && found == nil {
			return resOK, nil
		}
		v := value.JSONNull
		if st != triUnknown {
			v = value.Bool(st == triTrue)
		}
		return c.next(it.Next, v, found)
	case OpAdd, OpSub, OpMul, OpDiv, OpMod:
		return c.binaryArith(it, jb, found)
	case OpPlus, OpMinus:
		return c.unaryArith(it, jb, found)
	case OpAnyArray:
		switch {
		case isArray(jb):
			return c.anyItem(it.Next, jb, found, 1, 1, 1, false, c.lax)
		case c.lax:
			return c.next(it.Next, jb, found)
		case !c.ignoreStructural:
			return c.fail(errs.SQLJSONArrayNotFound, "jsonpath wildcard array accessor can only be applied to an array")
		}
		return resNotFound, nil
	case OpIndexes:
		return c.indexes(it, jb, found)
	case OpLast:
		if c.arraySize < 0 {
			return resError, errs.New(errs.InternalError, "evaluating jsonpath LAST outside of array subscript")
		}
		if it.Next == nil && found == nil {
			return resOK, nil
		}
		return c.next(it.Next, value.Int(int64(c.arraySize-1)), found)
	case OpKey:
		switch {
		case isObject(jb):
			if v, ok := jb.AsObject().Get(it.Str); ok {
				return c.next(it.Next, norm(v), found)
			}
			if !c.ignoreStructural {
				return c.fail(errs.SQLJSONMemberNotFound, "JSON object does not contain key \"%s\"", it.Str)
			}
		case unwrap && isArray(jb):
			return c.anyItem(it, jb, found, 1, 1, 1, false, false)
		case !c.ignoreStructural:
			return c.fail(errs.SQLJSONMemberNotFound, "jsonpath member accessor can only be applied to an object")
		}
		return resNotFound, nil
	case OpAnyKey:
		switch {
		case isObject(jb):
			return c.anyItem(it.Next, jb, found, 1, 1, 1, false, c.lax)
		case unwrap && isArray(jb):
			return c.anyItem(it, jb, found, 1, 1, 1, false, false)
		case !c.ignoreStructural:
			return c.fail(errs.SQLJSONObjectNotFound, "jsonpath wildcard member accessor can only be applied to an object")
		}
		return resNotFound, nil
	case OpAny:
		r := resNotFound
		if it.First == 0 {
			// Level 0: the item itself.
			saved := c.ignoreStructural
			c.ignoreStructural = true
			var err error
			r, err = c.next(it.Next, jb, found)
			c.ignoreStructural = saved
			if err != nil {
				return resError, err
			}
			if r == resOK && found == nil {
				return r, nil
			}
		}
		if isContainer(jb) {
			return c.anyItem(it.Next, jb, found, 1, it.First, it.Last, true, c.lax)
		}
		return r, nil
	case OpRoot:
		saved := c.base
		c.base = base{doc: c.root}
		r, err := c.next(it.Next, c.root, found)
		c.base = saved
		return r, err
	case OpCurrent:
		return c.next(it.Next, c.current, found)
	case OpNull, OpBool, OpNumeric, OpString:
		if it.Next == nil && found == nil {
			return resOK, nil
		}
		return c.next(it.Next, literal(it), found)
	case OpVariable:
		v, err := c.variable(it.Str)
		if err != nil {
			return resError, err
		}
		saved := c.base
		c.base = base{doc: c.env.Vars, id: 1}
		r, err := c.next(it.Next, v, found)
		c.base = saved
		return r, err
	case OpFilter:
		if unwrap && isArray(jb) {
			return c.anyItem(it, jb, found, 1, 1, 1, false, false)
		}
		saved := c.current
		c.current = jb
		st, err := c.boolItem(it.Left, jb)
		c.current = saved
		if err != nil {
			return resError, err
		}
		if st != triTrue {
			return resNotFound, nil
		}
		return c.next(it.Next, jb, found)
	case OpType:
		name := datetimeType(jb)
		if name == "" {
			name = value.JSONTypeName(jb)
		}
		return c.next(it.Next, value.String(name), found)
	case OpSize:
		size := 1
		switch {
		case isArray(jb):
			size = len(jb.AsList())
		case !c.lax:
			if !c.ignoreStructural {
				return c.fail(errs.SQLJSONArrayNotFound, "jsonpath item method .%s() can only be applied to an array", it.Op.name())
			}
			return resNotFound, nil
		}
		return c.next(it.Next, value.Int(int64(size)), found)
	case OpAbs, OpFloor, OpCeiling:
		return c.numericMethod(it, jb, found, unwrap)
	case OpDouble:
		return c.double(it, jb, found, unwrap)
	case OpKeyValue:
		return c.keyValue(it, jb, found, unwrap)
	case OpDatetime:
		return c.datetime(it, jb, found, unwrap)
	}
	return resError, errs.New(errs.InternalError, "unknown jsonpath item %d", it.Op)
}

func literal(it *Item) value.Value {
	switch it.Op {
	case OpBool:
		return value.Bool(it.Bool)
	case OpNumeric:
		return it.Num
	case OpString:
		return value.String(it.Str)
	}
	return value.JSONNull
}

// variable is $name's value: a field of vars, null when there are no
// vars at all (the operators), an error (always thrown) when missing.
func (c *ctx) variable(name string) (value.Value, error) {
	if !c.env.HasVars {
		return value.JSONNull, nil
	}
	if v, ok := c.env.Vars.AsObject().Get(name); ok {
		return norm(v), nil
	}
	return value.None, errs.New(errs.UndefinedObject, "could not find jsonpath variable \"%s\"", name)
}

// anyItem is PostgreSQL's executeAnyItem: it applies it (or, when nil,
// takes) the children of a container at levels first to last, depth
// first; level counts from 1 for the container's own children.
func (c *ctx) anyItem(it *Item, jb value.Value, found *[]value.Value, level, first, last uint32, ignoreStructural, unwrapNext bool) (res, error) {
	r := resNotFound
	if level > last {
		return r, nil
	}
	var vals []value.Value
	var obj *value.Object
	if isObject(jb) {
		obj = jb.AsObject()
	} else {
		vals = jb.AsList()
	}
	n := len(vals)
	if obj != nil {
		n = obj.Len()
	}
	for i := 0; i < n; i++ {
		var v value.Value
		if obj != nil {
			_, v = obj.At(i)
		} else {
			v = vals[i]
		}
		v = norm(v)
		if level >= first || (first == Unbounded && last == Unbounded && !isContainer(v)) {
			switch {
			case it != nil:
				saved := c.ignoreStructural
				if ignoreStructural {
					c.ignoreStructural = true
				}
				var err error
				r, err = c.itemOpt(it, v, found, unwrapNext)
				c.ignoreStructural = saved
				if err != nil {
					return resError, err
				}
				if r == resError || r == resOK && found == nil {
					return r, nil
				}
			case found != nil:
				*found = append(*found, v)
			default:
				return resOK, nil
			}
		}
		if level < last && isContainer(v) {
			var err error
			r, err = c.anyItem(it, v, found, level+1, first, last, ignoreStructural, unwrapNext)
			if err != nil {
				return resError, err
			}
			if r == resError || r == resOK && found == nil {
				return r, nil
			}
		}
	}
	return r, nil
}

func (c *ctx) indexes(it *Item, jb value.Value, found *[]value.Value) (res, error) {
	if !isArray(jb) && !c.lax {
		if !c.ignoreStructural {
			return c.fail(errs.SQLJSONArrayNotFound, "jsonpath array accessor can only be applied to an array")
		}
		return resNotFound, nil
	}
	saved := c.arraySize
	defer func() { c.arraySize = saved }()
	var elems []value.Value
	size, singleton := 1, true
	if isArray(jb) {
		elems = jb.AsList()
		size, singleton = len(elems), false
	}
	c.arraySize = size
	r := resNotFound
	for _, s := range it.Subs {
		from, r1, err := c.arrayIndex(s.From, jb)
		if err != nil || r1 == resError {
			return resError, err
		}
		to := from
		if s.To != nil {
			if to, r1, err = c.arrayIndex(s.To, jb); err != nil || r1 == resError {
				return resError, err
			}
		}
		if !c.ignoreStructural && (from < 0 || from > to || to >= size) {
			return c.fail(errs.InvalidSQLJSONSubscript, "jsonpath array subscript is out of bounds")
		}
		from = max(from, 0)
		to = min(to, size-1)
		r = resNotFound
		for i := from; i <= to; i++ {
			v := jb
			if !singleton {
				v = norm(elems[i])
			}
			if it.Next == nil && found == nil {
				return resOK, nil
			}
			if r, err = c.next(it.Next, v, found); err != nil {
				return resError, err
			}
			if r == resError || r == resOK && found == nil {
				return r, nil
			}
		}
	}
	return r, nil
}

// arrayIndex evaluates a subscript: one number, truncated to an int4.
func (c *ctx) arrayIndex(it *Item, jb value.Value) (int, res, error) {
	var found []value.Value
	r, err := c.item(it, jb, &found)
	if err != nil || r == resError {
		return 0, resError, err
	}
	if len(found) != 1 || !isNumber(found[0]) {
		r, err := c.fail(errs.InvalidSQLJSONSubscript, "jsonpath array subscript is not a single numeric value")
		return 0, r, err
	}
	// numeric_trunc, then an int4.
	t, err := value.TruncDecimal(decimalOf(found[0]), 0)
	if err != nil {
		return 0, resError, err
	}
	i, err := t.Int64()
	if err != nil || i < math.MinInt32 || i > math.MaxInt32 {
		r, err := c.fail(errs.InvalidSQLJSONSubscript, "jsonpath array subscript is out of integer range")
		return 0, r, err
	}
	return int(i), resOK, nil
}

// noThrow runs f with errors suppressed (they become its result).
func (c *ctx) noThrow(f func() (res, error)) (res, error) {
	saved := c.throw
	c.throw = false
	r, err := f()
	c.throw = saved
	return r, err
}

// itemUnwrapResult is PostgreSQL's executeItemOptUnwrapResult: in lax
// mode with unwrap, arrays among the results are replaced by their
// elements.
func (c *ctx) itemUnwrapResult(it *Item, jb value.Value, unwrap bool, found *[]value.Value) (res, error) {
	if !unwrap || !c.lax {
		return c.item(it, jb, found)
	}
	var seq []value.Value
	r, err := c.item(it, jb, &seq)
	if err != nil || r == resError {
		return r, err
	}
	for _, v := range seq {
		if isArray(v) {
			for _, e := range v.AsList() {
				*found = append(*found, norm(e))
			}
		} else {
			*found = append(*found, v)
		}
	}
	return resOK, nil
}

func (c *ctx) boolItem(it *Item, jb value.Value) (tri, error) {
	switch it.Op {
	case OpAnd:
		l, err := c.boolItem(it.Left, jb)
		if err != nil || l == triFalse {
			return l, err
		}
		r, err := c.boolItem(it.Right, jb)
		if r == triTrue {
			return l, err
		}
		return r, err
	case OpOr:
		l, err := c.boolItem(it.Left, jb)
		if err != nil || l == triTrue {
			return l, err
		}
		r, err := c.boolItem(it.Right, jb)
		if r == triFalse {
			return l, err
		}
		return r, err
	case OpNot:
		st, err := c.boolItem(it.Left, jb)
		switch st {
		case triTrue:
			return triFalse, err
		case triFalse:
			return triTrue, err
		}
		return st, err
	case OpIsUnknown:
		st, err := c.boolItem(it.Left, jb)
		return triOf(st == triUnknown), err
	case OpEqual, OpNotEqual, OpLess, OpGreater, OpLessOrEqual, OpGreaterOrEqual:
		return c.predicate(it, jb, true, func(l, r value.Value) (tri, error) { return compare(it.Op, l, r) })
	case OpStartsWith:
		return c.predicate(it, jb, false, func(l, r value.Value) (tri, error) {
			if l.Kind() != value.KindString || r.Kind() != value.KindString {
				return triUnknown, nil
			}
			return triOf(strings.HasPrefix(l.AsString(), r.AsString())), nil
		})
	case OpLikeRegex:
		return c.predicate(it, jb, false, func(l, _ value.Value) (tri, error) {
			if l.Kind() != value.KindString {
				return triUnknown, nil
			}
			return triOf(it.re.MatchString(l.AsString())), nil
		})
	case OpExists:
		if !c.lax {
			var vals []value.Value
			r, err := c.noThrow(func() (res, error) { return c.itemUnwrapResult(it.Left, jb, false, &vals) })
			if err != nil || r == resError {
				return triUnknown, err
			}
			return triOf(len(vals) > 0), nil
		}
		r, err := c.noThrow(func() (res, error) { return c.itemUnwrapResult(it.Left, jb, false, nil) })
		if err != nil || r == resError {
			return triUnknown, err
		}
		return triOf(r == resOK), nil
	}
	return triUnknown, errs.New(errs.InternalError, "invalid boolean jsonpath item %d", it.Op)
}

// predicate is PostgreSQL's executePredicate: the left operand's items
// (unwrapped) against the right's; in lax mode any true pair is true,
// in strict mode any unknown pair is unknown.
func (c *ctx) predicate(it *Item, jb value.Value, unwrapRight bool, f func(l, r value.Value) (tri, error)) (tri, error) {
	var lseq, rseq []value.Value
	r, err := c.noThrow(func() (res, error) { return c.itemUnwrapResult(it.Left, jb, true, &lseq) })
	if err != nil || r == resError {
		return triUnknown, err
	}
	// like_regex keeps its pattern, not a right operand.
	hasRight := it.Op != OpLikeRegex
	if hasRight {
		r, err := c.noThrow(func() (res, error) { return c.itemUnwrapResult(it.Right, jb, unwrapRight, &rseq) })
		if err != nil || r == resError {
			return triUnknown, err
		}
	} else {
		rseq = []value.Value{value.None}
	}
	sawError, sawTrue := false, false
	for _, l := range lseq {
		for _, rv := range rseq {
			st, err := f(l, rv)
			if err != nil {
				return triUnknown, err
			}
			switch st {
			case triUnknown:
				if !c.lax {
					return triUnknown, nil
				}
				sawError = true
			case triTrue:
				if c.lax {
					return triTrue, nil
				}
				sawTrue = true
			}
		}
	}
	switch {
	case sawTrue:
		return triTrue, nil
	case sawError:
		return triUnknown, nil
	}
	return triFalse, nil
}

// compare is PostgreSQL's compareItems: null equals only null (and is
// unequal to everything else), other items of different types and
// containers are not comparable, strings compare by code point.
func compare(op Op, a, b value.Value) (tri, error) {
	ta, tb := itemType(a), itemType(b)
	if ta != tb {
		if ta == "null" || tb == "null" {
			return triOf(op == OpNotEqual), nil
		}
		return triUnknown, nil
	}
	var cmp int
	switch ta {
	case "null":
	case "boolean":
		switch x, y := a.AsBool(), b.AsBool(); {
		case x == y:
		case x:
			cmp = 1
		default:
			cmp = -1
		}
	case "number":
		cmp = decimalOf(a).Cmp(decimalOf(b))
	case "string":
		cmp = strings.Compare(a.AsString(), b.AsString())
	case "datetime":
		n, ok, err := compareDatetimes(a, b)
		if err != nil || !ok {
			return triUnknown, err
		}
		cmp = n
	default:
		return triUnknown, nil
	}
	switch op {
	case OpEqual:
		return triOf(cmp == 0), nil
	case OpNotEqual:
		return triOf(cmp != 0), nil
	case OpLess:
		return triOf(cmp < 0), nil
	case OpGreater:
		return triOf(cmp > 0), nil
	case OpLessOrEqual:
		return triOf(cmp <= 0), nil
	}
	return triOf(cmp >= 0), nil
}

// itemType is an item's type for comparisons: its JSON type, or
// datetime.
func itemType(v value.Value) string {
	if datetimeType(v) != "" {
		return "datetime"
	}
	return value.JSONTypeName(v)
}

var arithOps = map[Op]value.ArithOp{OpAdd: value.Add, OpSub: value.Sub, OpMul: value.Mul, OpDiv: value.Div, OpMod: value.Mod}

func (c *ctx) binaryArith(it *Item, jb value.Value, found *[]value.Value) (res, error) {
	var lseq, rseq []value.Value
	// PostgreSQL unwraps the operands of every arithmetic operator, not
	// only the multiplicative ones the standard names.
	if r, err := c.itemUnwrapResult(it.Left, jb, true, &lseq); err != nil || r == resError {
		return r, err
	}
	if r, err := c.itemUnwrapResult(it.Right, jb, true, &rseq); err != nil || r == resError {
		return r, err
	}
	if len(lseq) != 1 || !isNumber(lseq[0]) {
		return c.fail(errs.SingletonSQLJSONItemRequired, "left operand of jsonpath operator %s is not a single numeric value", it.Op.name())
	}
	if len(rseq) != 1 || !isNumber(rseq[0]) {
		return c.fail(errs.SingletonSQLJSONItemRequired, "right operand of jsonpath operator %s is not a single numeric value", it.Op.name())
	}
	v, err := value.Arith(arithOps[it.Op], value.Decimal(decimalOf(lseq[0])), value.Decimal(decimalOf(rseq[0])))
	if err != nil {
		return c.failWith(err)
	}
	if it.Next == nil && found == nil {
		return resOK, nil
	}
	return c.next(it.Next, v, found)
}

func (c *ctx) unaryArith(it *Item, jb value.Value, found *[]value.Value) (res, error) {
	var seq []value.Value
	if r, err := c.itemUnwrapResult(it.Left, jb, true, &seq); err != nil || r == resError {
		return r, err
	}
	r := resNotFound
	for _, v := range seq {
		if !isNumber(v) {
			if found == nil && it.Next == nil {
				continue
			}
			return c.fail(errs.SQLJSONNumberNotFound, "operand of unary jsonpath operator %s is not a numeric value", it.Op.name())
		}
		if found == nil && it.Next == nil {
			return resOK, nil
		}
		if it.Op == OpMinus {
			d := new(apd.Decimal).Neg(decimalOf(v))
			if d.IsZero() {
				d.Negative = false
			}
			v = value.Decimal(d)
		}
		r2, err := c.next(it.Next, v, found)
		if err != nil || r2 == resError {
			return r2, err
		}
		if r2 == resOK {
			if found == nil {
				return resOK, nil
			}
			r = resOK
		}
	}
	return r, nil
}

func (c *ctx) numericMethod(it *Item, jb value.Value, found *[]value.Value, unwrap bool) (res, error) {
	if unwrap && isArray(jb) {
		return c.anyItem(it, jb, found, 1, 1, 1, false, false)
	}
	if !isNumber(jb) {
		return c.fail(errs.NonNumericSQLJSONItem, "jsonpath item method .%s() can only be applied to a numeric value", it.Op.name())
	}
	d := decimalOf(jb)
	var out *apd.Decimal
	var err error
	switch it.Op {
	case OpAbs:
		out = new(apd.Decimal).Abs(d)
	case OpFloor:
		out, err = value.FloorDecimal(d)
	default:
		out, err = value.CeilDecimal(d)
	}
	if err != nil {
		return c.failWith(err)
	}
	if out.IsZero() {
		out.Negative = false
	}
	return c.next(it.Next, value.Decimal(out), found)
}

// double is .double(): a number stays as it is if a double holds it, a
// string becomes the number it reads as (at a double's 15 digits).
func (c *ctx) double(it *Item, jb value.Value, found *[]value.Value, unwrap bool) (res, error) {
	if unwrap && isArray(jb) {
		return c.anyItem(it, jb, found, 1, 1, 1, false, false)
	}
	name := it.Op.name()
	switch {
	case isNumber(jb):
		f, err := strconv.ParseFloat(string(value.AppendJSON(nil, jb)), 64)
		if err != nil || math.IsInf(f, 0) {
			return c.fail(errs.NonNumericSQLJSONItem, "numeric argument of jsonpath item method .%s() is out of range for type double precision", name)
		}
	case jb.Kind() == value.KindString:
		s := strings.TrimSpace(jb.AsString())
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(s, "_xXpP") {
			return c.fail(errs.NonNumericSQLJSONItem, "string argument of jsonpath item method .%s() is not a valid representation of a double precision number", name)
		}
		// float8_numeric: the double printed with 15 significant digits.
		n, err := value.ParseJSONB(strconv.FormatFloat(f, 'g', 15, 64))
		if err != nil {
			return c.failWith(err)
		}
		jb = n
	default:
		return c.fail(errs.NonNumericSQLJSONItem, "jsonpath item method .%s() can only be applied to a string or numeric value", name)
	}
	return c.next(it.Next, jb, found)
}

// keyValue is .keyvalue(): an object's fields as {"id", "key", "value"}
// objects, id telling the object apart (keyvalueid.go).
func (c *ctx) keyValue(it *Item, jb value.Value, found *[]value.Value, unwrap bool) (res, error) {
	if unwrap && isArray(jb) {
		return c.anyItem(it, jb, found, 1, 1, 1, false, false)
	}
	if !isObject(jb) {
		return c.fail(errs.SQLJSONObjectNotFound, "jsonpath item method .%s() can only be applied to an object", it.Op.name())
	}
	o := jb.AsObject()
	if o.Len() == 0 {
		return resNotFound, nil
	}
	id := objectOffset(c.base.doc, o) + c.base.id*10_000_000_000
	names := []string{"id", "key", "value"}
	r := resNotFound
	for i := 0; i < o.Len(); i++ {
		k, v := o.At(i)
		kv := value.JSONBObject(names, []value.Value{value.Int(id), value.String(k), norm(v)})
		saved := c.base
		c.base = base{doc: kv, id: c.lastID}
		c.lastID++
		var err error
		r, err = c.next(it.Next, kv, found)
		c.base = saved
		if err != nil || r == resError {
			return r, err
		}
		if r == resOK && found == nil {
			break
		}
	}
	return r, nil
}
