package builtin

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The ltree extension's functions (value/ltree.go holds the types); the
// SQL front end resolves the operators onto them
// (translate/sqlfe/ltree.go).

func ltreeArg(name string, args []value.Value, i int) ([]string, error) {
	if args[i].Kind() != value.KindString {
		return nil, noSQLFunc(name, args)
	}
	return value.LtreeLabels(args[i].AsString()), nil
}

func ltreeOf(labels []string) value.Value { return value.String(strings.Join(labels, ".")) }

func errLtreePositions() error { return errs.New(errs.InvalidParameterValue, "invalid positions") }

// subltreeOf is inner_subltree: levels start to end (end past the last
// cut there).
func subltreeOf(labels []string, start, end int64) (value.Value, error) {
	if start < 0 || end < 0 || start >= int64(len(labels)) || start > end {
		return value.None, errLtreePositions()
	}
	end = min(end, int64(len(labels)))
	return ltreeOf(labels[start:end]), nil
}

// isAncestor reports whether a's labels begin b's (a @> b).
func isAncestor(a, b []string) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// lcaOf is lca_inner: the longest common proper ancestor of the paths,
// NULL for none or when one is empty.
func lcaOf(paths [][]string) value.Value {
	if len(paths) == 0 || len(paths[0]) == 0 {
		return value.None
	}
	a := paths[0]
	num := len(a) - 1
	for _, p := range paths[1:] {
		switch len(p) {
		case 0:
			return value.None
		case 1:
			num = 0
		default:
			n := min(num, len(p)-1)
			num = 0
			for i := 0; i < n && a[i] == p[i]; i++ {
				num = i + 1
			}
		}
	}
	return ltreeOf(a[:num])
}

func ltreeFuncs() []*Func {
	lt, i4, boolean := resultOf(value.TypeLtree), resultOf(value.TypeInt4), resultOf(value.TypeBool)
	ltreeLabels := func(name string, args []value.Value, idx ...int) ([][]string, error) {
		out := make([][]string, len(idx))
		for k, i := range idx {
			l, err := ltreeArg(name, args, i)
			if err != nil {
				return nil, err
			}
			out[k] = l
		}
		return out, nil
	}
	// ltreePair is a function of two ltrees' labels.
	ltreePair := func(fn, doc string, result func([]value.Type) value.Type, f func(a, b []string) value.Value, e Example) *Func {
		return sqlDef(fn, 2, 2, doc, result, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			ls, err := ltreeLabels(name, args, 0, 1)
			if err != nil {
				return value.None, err
			}
			return f(ls[0], ls[1]), nil
		}, e)
	}
	// anyOf is an operator of an ltree[]: whether any element e makes
	// test(e, q) true, q the other argument's text.
	anyOf := func(fn, doc string, test func(e []string, q string) (bool, error), e Example) *Func {
		return sqlDef(fn, 2, 2, doc, boolean, func(name string, _ *Context, args []value.Value) (value.Value, error) {
			a, q := 0, 1
			if args[0].Kind() != value.KindList {
				a, q = 1, 0
			}
			xs, err := arrayArg(name, args, a)
			if err != nil {
				return value.None, err
			}
			if args[q].Kind() != value.KindString && args[q].Kind() != value.KindList {
				return value.None, noSQLFunc(name, args)
			}
			for _, x := range xs {
				if x.IsSQLNull() {
					return value.None, errs.New(errs.NullValueNotAllowed, "array must not contain nulls")
				}
				ok, err := test(value.LtreeLabels(x.AsString()), value.CastText(args[q]))
				if err != nil || ok {
					return value.Bool(ok), err
				}
			}
			return value.Bool(false), nil
		}, e)
	}
	// firstOf is anyOf's element-returning form (?@> and the others):
	// the first element that satisfies test, NULL for none.
	firstOf := func(fn, doc string, test func(e []string, q string) (bool, error), e Example) *Func {
		f := anyOf(fn, doc, test, e)
		f.Result = lt
		any := f.Fn
		f.Fn = func(c *Context, args []value.Value) (value.Value, error) {
			xs, err := arrayArg(fn, args, 0)
			if err != nil {
				return value.None, err
			}
			for _, x := range xs {
				ok, err := any(c, []value.Value{value.List([]value.Value{x}), args[1]})
				if err != nil || ok.AsBool() {
					return x, err
				}
			}
			return value.None, nil
		}
		return f
	}
	lquery := func(e []string, q string) (bool, error) {
		levels, err := value.ParseLquery(q)
		return err == nil && value.MatchLquery(e, levels), err
	}
	arrayFuncs := []*Func{
		anyOf("_ltree_isparent", "_ltree_isparent(ltree[], ltree): whether an element is the path or an ancestor of it (ltree[] @> ltree, ltree <@ ltree[]).",
			func(e []string, q string) (bool, error) { return isAncestor(e, value.LtreeLabels(q)), nil }, ex(`true`, vl(vs("x"), vs("a")), vs("a.b"))),
		anyOf("_ltree_risparent", "_ltree_risparent(ltree[], ltree): whether an element is the path or below it (ltree[] <@ ltree, ltree @> ltree[]).",
			func(e []string, q string) (bool, error) { return isAncestor(value.LtreeLabels(q), e), nil }, ex(`true`, vl(vs("x"), vs("a.b")), vs("a"))),
		anyOf("_ltq_regex", "_ltq_regex(ltree[], lquery): whether an element matches the lquery (ltree[] ~ lquery).", lquery,
			ex(`true`, vl(vs("x"), vs("a.b")), vs("a.*"))),
		sqlDef("_lt_q_regex", 2, 2, "_lt_q_regex(ltree[], lquery[]): whether an element matches one of the lqueries (ltree[] ? lquery[]).", boolean,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				xs, err := arrayArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				qs, err := arrayArg(name, args, 1)
				if err != nil {
					return value.None, err
				}
				for _, x := range xs {
					if x.IsSQLNull() {
						return value.None, errs.New(errs.NullValueNotAllowed, "array must not contain nulls")
					}
					if ok, err := matchAnyLquery(value.LtreeLabels(x.AsString()), qs); err != nil || ok {
						return value.Bool(ok), err
					}
				}
				return value.Bool(false), nil
			}, ex(`true`, vl(vs("x"), vs("a.b")), vl(vs("a.*")))),
		anyOf("_ltxtq_exec", "_ltxtq_exec(ltree[], ltxtquery): whether an element satisfies the ltxtquery (ltree[] @ ltxtquery).",
			func(e []string, q string) (bool, error) {
				t, err := value.ParseLtxtquery(q)
				return err == nil && t.Match(e), err
			}, ex(`true`, vl(vs("x"), vs("a.b")), vs("b"))),
	}
	ltxt := func(e []string, q string) (bool, error) {
		t, err := value.ParseLtxtquery(q)
		return err == nil && t.Match(e), err
	}
	arrayFuncs = append(arrayFuncs,
		firstOf("_ltree_extract_isparent", "_ltree_extract_isparent(ltree[], ltree): the first element that is the path or an ancestor of it (ltree[] ?@> ltree); NULL for none.",
			func(e []string, q string) (bool, error) { return isAncestor(e, value.LtreeLabels(q)), nil }, ex(`"a"`, vl(vs("x"), vs("a")), vs("a.b"))),
		firstOf("_ltree_extract_risparent", "_ltree_extract_risparent(ltree[], ltree): the first element that is the path or below it (ltree[] ?<@ ltree); NULL for none.",
			func(e []string, q string) (bool, error) { return isAncestor(value.LtreeLabels(q), e), nil }, ex(`"a.b"`, vl(vs("x"), vs("a.b")), vs("a"))),
		firstOf("_ltq_extract_regex", "_ltq_extract_regex(ltree[], lquery): the first element that matches the lquery (ltree[] ?~ lquery); NULL for none.", lquery,
			ex(`"a.b"`, vl(vs("x"), vs("a.b")), vs("a.*"))),
		firstOf("_ltxtq_extract_exec", "_ltxtq_extract_exec(ltree[], ltxtquery): the first element that satisfies the ltxtquery (ltree[] ?@ ltxtquery); NULL for none.", ltxt,
			ex(`"a.b"`, vl(vs("x"), vs("a.b")), vs("b"))),
	)
	return append(arrayFuncs, []*Func{
		sqlDef("subltree", 3, 3, "subltree(ltree, start, end): the labels from position start (from 0) to end, end not included.", lt,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				l, err := ltreeArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				start, err := sqlInt(name, args, 1)
				if err != nil {
					return value.None, err
				}
				end, err := sqlInt(name, args, 2)
				if err != nil {
					return value.None, err
				}
				return subltreeOf(l, start, end)
			}, ex(`"b.c"`, vs("a.b.c.d"), vi4(1), vi4(3)), exErr(errs.InvalidParameterValue, vs("a.b"), vi4(2), vi4(1))),
		sqlDef("subpath", 2, 3, "subpath(ltree, offset [, len]): the labels from offset (negative: from the end) on, len of them (negative: all but that many at the end).", lt,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				l, err := ltreeArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				start, err := sqlInt(name, args, 1)
				if err != nil {
					return value.None, err
				}
				var n int64
				if len(args) == 3 {
					if n, err = sqlInt(name, args, 2); err != nil {
						return value.None, err
					}
				}
				levels := int64(len(l))
				end := start + n
				for range 2 { // twice, as PostgreSQL's subpath does
					if start < 0 {
						start = levels + start
						end = start + n
					}
				}
				switch {
				case n < 0:
					end = levels + n
				case n == 0 && len(args) == 3:
					end = start
				case n == 0:
					end = 0xffff
				}
				return subltreeOf(l, start, end)
			}, ex(`"b.c"`, vs("a.b.c.d"), vi4(1), vi4(2)), ex(`"c.d"`, vs("a.b.c.d"), vi4(-2))),
		sqlDef("nlevel", 1, 1, "nlevel(ltree): the number of labels.", i4,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				l, err := ltreeArg(name, args, 0)
				if err != nil {
					return value.None, err
				}
				return value.IntW(int64(len(l)), value.I32), nil
			}, ex(`3`, vs("a.b.c"))),
		sqlDef("index", 2, 3, "index(a, b [, offset]): the position of b's first occurrence in a, from offset on (negative: from the end); -1 if none.", i4,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				ls, err := ltreeLabels(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				a, b := ls[0], ls[1]
				var start int64
				if len(args) == 3 {
					if start, err = sqlInt(name, args, 2); err != nil {
						return value.None, err
					}
				}
				if start < 0 {
					if -start >= int64(len(a)) {
						start = 0
					} else {
						start += int64(len(a))
					}
				}
				if int64(len(a))-start < int64(len(b)) || len(a) == 0 || len(b) == 0 {
					return value.IntW(-1, value.I32), nil
				}
				for i := start; i <= int64(len(a)-len(b)); i++ {
					if isAncestor(b, a[i:]) {
						return value.IntW(i, value.I32), nil
					}
				}
				return value.IntW(-1, value.I32), nil
			}, ex(`1`, vs("a.b.c.b.c"), vs("b.c")), ex(`3`, vs("a.b.c.b.c"), vs("b.c"), vi4(-2))),
		sqlDef("text2ltree", 1, 1, "text2ltree(text): the text as an ltree.", lt,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				return value.ParseText(s[0], value.TypeLtree)
			}, ex(`"a.b"`, vs("a.b"))),
		sqlDef("ltree2text", 1, 1, "ltree2text(ltree): the ltree as text.", resultOf(value.TypeText),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				return value.String(s[0]), nil
			}, ex(`"a.b"`, vs("a.b"))),
		sqlDef("lca", 1, 8, "lca(ltree, ...) or lca(ltree[]): the longest common ancestor of the paths (of fewer levels than each); NULL when one is empty.", lt,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				xs := args
				if len(args) == 1 && args[0].Kind() == value.KindList {
					xs = args[0].AsList()
				}
				paths := make([][]string, 0, len(xs))
				for i := range xs {
					if xs[i].IsSQLNull() {
						return value.None, nil
					}
					l, err := ltreeArg(name, xs, i)
					if err != nil {
						return value.None, err
					}
					paths = append(paths, l)
				}
				return lcaOf(paths), nil
			}, ex(`"a.b"`, vs("a.b.c"), vs("a.b.d")), ex(`"a"`, vs("a.b"), vs("a.b"))),
		sqlDef("ltree_upper", 1, 1, "ltree_upper(ltree): the least string above every path at or below the ltree in ltree's order (above every path for the empty one); the optimizer's, for index ranges of <@.", lt,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				if s[0] == "" {
					return value.String("\xff"), nil // above any UTF-8
				}
				return value.String(s[0] + "/"), nil
			}, ex(`"a.b/"`, vs("a.b"))),
		ltreePair("ltree_isparent", "ltree_isparent(a, b): whether a is b or an ancestor of it (a @> b).", boolean,
			func(a, b []string) value.Value { return value.Bool(isAncestor(a, b)) }, ex(`true`, vs("a.b"), vs("a.b.c"))),
		ltreePair("ltree_risparent", "ltree_risparent(a, b): whether b is a or an ancestor of it (a <@ b).", boolean,
			func(a, b []string) value.Value { return value.Bool(isAncestor(b, a)) }, ex(`false`, vs("a.b"), vs("a.b.c"))),
		ltreePair("ltree_addltree", "ltree_addltree(a, b): the labels of a then b (a || b).", lt,
			func(a, b []string) value.Value { return ltreeOf(slices.Concat(a, b)) }, ex(`"a.b.c"`, vs("a.b"), vs("c"))),
		sqlDef("ltq_regex", 2, 2, "ltq_regex(ltree, lquery): whether the path matches the lquery (ltree ~ lquery).", boolean,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				q, err := value.ParseLquery(s[1])
				if err != nil {
					return value.None, err
				}
				return value.Bool(value.MatchLquery(value.LtreeLabels(s[0]), q)), nil
			}, ex(`true`, vs("a.b.c"), vs("a.*")), ex(`false`, vs("a.b.c"), vs("a.!b.c"))),
		sqlDef("lt_q_regex", 2, 2, "lt_q_regex(ltree, lquery[]): whether the path matches any of the lqueries (ltree ? lquery[]).", boolean,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				qs, err := arrayArg(name, args, 1)
				if err != nil {
					return value.None, err
				}
				ok, err := matchAnyLquery(value.LtreeLabels(s[0]), qs)
				return value.Bool(ok), err
			}, ex(`true`, vs("a.b.c"), vl(vs("x"), vs("*.c")))),
		sqlDef("ltxtq_exec", 2, 2, "ltxtq_exec(ltree, ltxtquery): whether the path's labels satisfy the ltxtquery (ltree @ ltxtquery).", boolean,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				q, err := value.ParseLtxtquery(s[1])
				if err != nil {
					return value.None, err
				}
				return value.Bool(q.Match(value.LtreeLabels(s[0]))), nil
			}, ex(`true`, vs("a.foo_bar.c"), vs("Bar%@ & !x"))),
	}...)
}

// matchAnyLquery reports whether the labels match one of the lqueries
// (ltree ? lquery[]), which may not be NULL.
func matchAnyLquery(labels []string, qs []value.Value) (bool, error) {
	for _, x := range qs {
		if x.IsSQLNull() {
			return false, errs.New(errs.NullValueNotAllowed, "array must not contain nulls")
		}
		q, err := value.ParseLquery(x.AsString())
		if err != nil {
			return false, err
		}
		if value.MatchLquery(labels, q) {
			return true, nil
		}
	}
	return false, nil
}
