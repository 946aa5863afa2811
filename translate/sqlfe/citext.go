package sqlfe

import (
	"slices"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// The citext extension's type is text whose values compare
// case-insensitively (value.CIString). What its operators and
// overloaded functions change is decided here, as PostgreSQL's operator
// and function resolution decides it: citext converts to text
// implicitly, text to citext only by assignment, so an operator or
// function with a citext operand and a text one (not an unknown literal)
// is text's, case-sensitive.

// citextPair casts the citext side of a comparison whose other side is
// another string type to text: citext = text is text's =.
func (tr *translator) citextPair(l, r texpr, p int) (texpr, texpr, error) {
	if l.t.CIText == r.t.CIText || l.t.Array || r.t.Array || categoryOf(l.t) != catString || categoryOf(r.t) != catString {
		return l, r, nil
	}
	var err error
	if l.t.CIText {
		l, err = tr.cast(l, value.TypeText, p)
	} else {
		r, err = tr.cast(r, value.TypeText, p)
	}
	return l, r, err
}

// citextMatchOp is the operator a LIKE or regular expression match
// with a citext left operand is: its case-insensitive form.
func citextMatchOp(op string) string {
	switch op {
	case "~~", "!~~", "~", "!~":
		return op + "*"
	}
	return op
}

// citextOverloads lists the functions the extension overloads for a
// citext first argument, with the positions its overload takes citext
// at (the others take text or an integer).
var citextOverloads = map[string][]int{
	"regexp_match":          {0, 1},
	"regexp_matches":        {0, 1},
	"regexp_replace":        {0, 1},
	"regexp_split_to_array": {0, 1},
	"regexp_split_to_table": {0, 1},
	"strpos":                {0, 1},
	"replace":               {0, 1, 2},
	"split_part":            {0, 1},
	"translate":             {0, 1},
}

// citextArgType is the type unknown argument i of a call takes when the
// call may be the citext overload of name: citext at the overload's
// citext positions, once the first argument is a citext.
func citextArgType(name string, args []texpr, i int) (value.Type, bool) {
	pos, ok := citextOverloads[name]
	if !ok || i == 0 || len(args) == 0 || args[0].unknown || !args[0].t.CIText || args[0].t.Array {
		return value.Type{}, false
	}
	for _, k := range pos {
		if k == i {
			return value.TypeCIText, true
		}
	}
	return value.Type{}, false
}

// citextCall translates a call of a function the extension overloads
// when its arguments are the overload's: the regexp_ functions get the
// flag i before their own flags (the last of i and c wins), strpos and
// translate compare lower and upper cases as the extension's SQL
// definitions do, replace and split_part are builtins of their own.
func (tr *translator) citextCall(name string, args []texpr, p int) (texpr, bool, error) {
	if !citextOverload(name, args) {
		return texpr{}, false, nil
	}
	lower := func(x texpr) (texpr, error) { return tr.call("lower", []texpr{x}, p) }
	switch name {
	case "strpos":
		a, err := lower(args[0])
		if err != nil {
			return texpr{}, true, err
		}
		b, err := lower(args[1])
		if err != nil {
			return texpr{}, true, err
		}
		x, err := tr.call(name, []texpr{a, b}, p)
		return x, true, err
	case "replace", "split_part":
		x, err := tr.call("citext_"+name, args, p)
		return x, true, err
	case "translate":
		if len(args) != 3 {
			return texpr{}, false, nil
		}
		from, err := lower(args[1])
		if err != nil {
			return texpr{}, true, err
		}
		inner, err := tr.call(name, []texpr{args[0], from, args[2]}, p)
		if err != nil {
			return texpr{}, true, err
		}
		up, err := tr.call("upper", []texpr{args[1]}, p)
		if err != nil {
			return texpr{}, true, err
		}
		x, err := tr.call(name, []texpr{inner, up, args[2]}, p)
		return x, true, err
	}
	args, ok := citextRegexpArgs(name, args, p)
	if !ok {
		return texpr{}, false, nil
	}
	x, err := tr.call(name, args, p)
	return x, true, err
}

// citextRegexpArgs gives the arguments of a regexp_ function of a
// citext (checked by the caller) the flag i, before their own flags.
// ok=false: these arguments are not the citext overload's (a start
// position of regexp_replace).
func citextRegexpArgs(name string, args []texpr, p int) ([]texpr, bool) {
	flagsAt := 2
	if name == "regexp_replace" {
		flagsAt = 3
	}
	i := texpr{e: &plan.Const{At: at(p), V: value.String("i")}, t: value.TypeText}
	switch {
	case len(args) == flagsAt:
		return append(args, i), true
	case len(args) == flagsAt+1 && categoryOf(args[flagsAt].t) == catString:
		out := slices.Clone(args)
		out[flagsAt] = texpr{e: &plan.Binary{At: at(p), Op: plan.OpConcat, L: i.e, R: args[flagsAt].e, SQL: true}, t: value.TypeText}
		return out, true
	}
	return args, false
}

// citextOverload reports whether typed arguments are those of the
// citext overload of name (citext at each of its citext positions).
func citextOverload(name string, args []texpr) bool {
	pos, ok := citextOverloads[name]
	if !ok || len(args) < 2 {
		return false
	}
	for _, k := range pos {
		if k < len(args) && (args[k].unknown || !args[k].t.CIText || args[k].t.Array) {
			return false
		}
	}
	return true
}
