package jsonpath

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"pgregory.net/rapid"
)

// FuzzJSONPath: parsing never panics, and a parsed path's print parses
// to a path that prints the same — except where PostgreSQL's own
// printer writes an accessor after an unparenthesized operator
// ("$.a * 2.type()"), which zerodb prints as PostgreSQL does.
func FuzzJSONPath(f *testing.F) {
	if data, err := os.ReadFile("testdata/print.cases"); err == nil {
		for _, s := range strings.Split(string(data), "\n") {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse(src)
		if err != nil {
			return
		}
		text := p.String()
		q, err := Parse(text)
		if err != nil {
			if !operatorWithNext(p.Root) {
				t.Fatalf("%q prints as %q, which does not parse: %v", src, text, err)
			}
			return
		}
		if again := q.String(); again != text {
			t.Fatalf("%q prints as %q, which prints as %q", src, text, again)
		}
		// Evaluation must not panic either.
		doc, _ := value.ParseJSONB(`{"a":[1,"x",{"b":null}],"c":{"d":2.5}}`)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, _ = Query(p, doc, Env{Ctx: ctx, Vars: doc, HasVars: true, Silent: true})
	})
}

// operatorWithNext reports an operator or predicate followed by an
// accessor, which PostgreSQL prints without parentheses inside a
// higher-priority operator.
func operatorWithNext(it *Item) bool {
	for ; it != nil; it = it.Next {
		if it.Next != nil && it.Op.priority() < 6 || it.Next != nil && it.Op.predicate() {
			return true
		}
		for _, x := range []*Item{it.Left, it.Right} {
			if operatorWithNext(x) {
				return true
			}
		}
		for _, s := range it.Subs {
			if operatorWithNext(s.From) || s.To != nil && operatorWithNext(s.To) {
				return true
			}
		}
	}
	return false
}

// TestPrintRoundTrip: random paths (without accessors after operators)
// print as text that parses back to the same print.
func TestPrintRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := &Path{Strict: rapid.Bool().Draw(t, "strict"), Root: genExpr(t, 0, false, false)}
		text := p.String()
		q, err := Parse(text)
		if err != nil {
			t.Fatalf("%q does not parse: %v", text, err)
		}
		if again := q.String(); again != text {
			t.Fatalf("%q prints as %q", text, again)
		}
	})
}

var genKeys = []string{"a", "b c", "é", "\"q\"", "tab\t", "last", "size", ""}

// genExpr draws an expression; inFilter allows @, inSub allows last.
func genExpr(t *rapid.T, depth int, inFilter, inSub bool) *Item {
	kinds := 6
	if depth > 3 {
		kinds = 3
	}
	switch rapid.IntRange(0, kinds-1).Draw(t, "kind") {
	case 0:
		return genPath(t, depth, inFilter, inSub)
	case 1:
		switch rapid.IntRange(0, 3).Draw(t, "lit") {
		case 0:
			return &Item{Op: OpNumeric, Num: value.Int(int64(rapid.IntRange(-5, 100).Draw(t, "n")))}
		case 1:
			return &Item{Op: OpString, Str: rapid.SampledFrom(genKeys).Draw(t, "s")}
		case 2:
			return &Item{Op: OpBool, Bool: rapid.Bool().Draw(t, "b")}
		}
		return &Item{Op: OpNull}
	case 2:
		return &Item{Op: OpVariable, Str: rapid.SampledFrom(genKeys).Draw(t, "var")}
	case 3, 4:
		op := rapid.SampledFrom([]Op{OpAdd, OpSub, OpMul, OpDiv, OpMod}).Draw(t, "op")
		return &Item{Op: op, Left: genExpr(t, depth+1, inFilter, inSub), Right: genExpr(t, depth+1, inFilter, inSub)}
	}
	x := genExpr(t, depth+1, inFilter, inSub)
	return makeUnary(rapid.SampledFrom([]Op{OpPlus, OpMinus}).Draw(t, "unary"), x)
}

func genPath(t *rapid.T, depth int, inFilter, inSub bool) *Item {
	starts := []Op{OpRoot, OpVariable}
	if inFilter {
		starts = append(starts, OpCurrent)
	}
	if inSub {
		starts = append(starts, OpLast)
	}
	head := &Item{Op: rapid.SampledFrom(starts).Draw(t, "start")}
	if head.Op == OpVariable {
		head.Str = rapid.SampledFrom(genKeys).Draw(t, "var")
	}
	tail := head
	for i := rapid.IntRange(0, 3).Draw(t, "accessors"); i > 0; i-- {
		var acc *Item
		switch rapid.IntRange(0, 6).Draw(t, "accessor") {
		case 0:
			acc = &Item{Op: OpKey, Str: rapid.SampledFrom(genKeys).Draw(t, "key")}
		case 1:
			acc = &Item{Op: rapid.SampledFrom([]Op{OpAnyKey, OpAnyArray, OpType, OpSize, OpAbs, OpFloor, OpCeiling, OpDouble, OpKeyValue}).Draw(t, "method")}
		case 2:
			first := uint32(rapid.IntRange(0, 3).Draw(t, "first"))
			acc = &Item{Op: OpAny, First: first, Last: rapid.SampledFrom([]uint32{first, first + 1, Unbounded}).Draw(t, "last")}
		case 3:
			if depth < 3 {
				acc = &Item{Op: OpIndexes, Subs: []Subscript{{From: genExpr(t, depth+1, inFilter, true)}}}
				if rapid.Bool().Draw(t, "range") {
					acc.Subs = append(acc.Subs, Subscript{From: genExpr(t, depth+1, inFilter, true), To: genExpr(t, depth+1, inFilter, true)})
				}
			}
		case 4:
			if depth < 3 {
				acc = &Item{Op: OpFilter, Left: genPredicate(t, depth+1, inSub)}
			}
		case 5:
			acc = &Item{Op: OpDatetime, Bool: rapid.Bool().Draw(t, "template")}
			if acc.Bool {
				acc.Str = "yyyy-mm-dd"
			}
		}
		if acc != nil {
			tail.Next = acc
			tail = acc
		}
	}
	return head
}

func genPredicate(t *rapid.T, depth int, inSub bool) *Item {
	if depth > 4 {
		return &Item{Op: OpEqual, Left: &Item{Op: OpCurrent}, Right: &Item{Op: OpNull}}
	}
	switch rapid.IntRange(0, 6).Draw(t, "pred") {
	case 0, 1:
		op := rapid.SampledFrom([]Op{OpEqual, OpNotEqual, OpLess, OpGreater, OpLessOrEqual, OpGreaterOrEqual}).Draw(t, "cmp")
		return &Item{Op: op, Left: genExpr(t, depth+1, true, inSub), Right: genExpr(t, depth+1, true, inSub)}
	case 2:
		return &Item{Op: rapid.SampledFrom([]Op{OpAnd, OpOr}).Draw(t, "bool"), Left: genPredicate(t, depth+1, inSub), Right: genPredicate(t, depth+1, inSub)}
	case 3:
		return &Item{Op: OpNot, Left: genPredicate(t, depth+1, inSub)}
	case 4:
		return &Item{Op: OpIsUnknown, Left: genPredicate(t, depth+1, inSub)}
	case 5:
		return &Item{Op: OpExists, Left: genPath(t, depth+1, true, inSub)}
	}
	it := &Item{Op: OpStartsWith, Left: genExpr(t, depth+1, true, inSub), Right: &Item{Op: OpString, Str: "x"}}
	if rapid.Bool().Draw(t, "regex") {
		it = &Item{Op: OpLikeRegex, Left: it.Left, Str: "^a.c"}
		if err := it.compileRegex(rapid.SampledFrom([]string{"", "i", "sm", "q"}).Draw(t, "flags")); err != nil {
			t.Fatal(err)
		}
	}
	return it
}
