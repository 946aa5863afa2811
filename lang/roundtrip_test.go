package lang

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// normalize clears positions and turns empty slices into nil, so that trees
// can be compared for structure alone.
func normalize(n any) {
	normalizeValue(reflect.ValueOf(n))
}

var spanType = reflect.TypeOf(Span{})

func normalizeValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			normalizeValue(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			switch {
			case f.Type() == spanType:
				f.Set(reflect.Zero(spanType))
			case v.Type().Field(i).Name == "OpPos":
				f.SetInt(0)
			default:
				normalizeValue(f)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if v.CanSet() {
				v.Set(reflect.Zero(v.Type()))
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			normalizeValue(v.Index(i))
		}
	}
}

func sameTree(a, b Node) bool {
	normalize(a)
	normalize(b)
	return reflect.DeepEqual(a, b)
}

// checkRoundTrip parses Print(s) and requires the same tree back.
func checkRoundTrip(t fataler, s *Script) {
	t.Helper()
	text := Print(s)
	back, err := Parse(text)
	if err != nil {
		t.Fatalf("printed text does not parse: %v\n--- text:\n%s\n--- tree:\n%s", err, text, Dump(s))
	}
	if !sameTree(s, back) {
		t.Fatalf("round trip changed the tree\n--- text:\n%s\n--- want:\n%s\n--- got:\n%s", text, Dump(s), Dump(back))
	}
	if again := Print(back); again != text {
		t.Fatalf("Print is not stable:\n%s\n%s", text, again)
	}
}

// ---- random trees ----
//
// The generator builds only trees that Parse can produce: for instance a
// prefix call takes several arguments only as a pipeline stage at
// statement level, a Star stands only at the ends of a Path, and an
// ObjectType only as the schema argument of table::create.

type gen struct {
	t *rapid.T
}

var (
	plainNames = []string{"a", "b", "x", "y", "xs", "foo", "persons", "knows", "f", "g", "mod", "contains", "_", "_x1", "map", "order_by", "limit"}
	anyNames   = append(append([]string{}, plainNames...), "in", "let", "desc", "none", "match", "function")
	namespaces = []string{"math", "persons", "db", "str"}
	suffixes   = []string{"", "", "", "i8", "u16", "i32", "u64", "f32", "f64"}
	infixNames = []string{"mod", "contains", "matches", "f", "max"}
)

func (g gen) pick(label string, from []string) string {
	return rapid.SampledFrom(from).Draw(g.t, label)
}

func (g gen) bool(label string) bool { return rapid.Bool().Draw(g.t, label) }

func (g gen) n(label string, max int) int { return rapid.IntRange(0, max).Draw(g.t, label) }

func (g gen) ident() *Ident { return &Ident{Name: g.pick("ident", plainNames)} }

func (g gen) literal() Expr {
	switch g.n("lit", 9) {
	case 0:
		return &IntLit{Value: rapid.Uint64().Draw(g.t, "u"), Suffix: g.pick("suffix", suffixes)}
	case 1:
		f := rapid.Float64Range(0, 1e300).Draw(g.t, "f")
		suf := rapid.SampledFrom([]string{"", "f32", "f64"}).Draw(g.t, "fsuffix")
		return &FloatLit{Value: f, Suffix: suf}
	case 2:
		return &StringLit{Value: rapid.String().Draw(g.t, "s")}
	case 3:
		return &BoolLit{Value: g.bool("b")}
	case 4:
		return &NoneLit{}
	case 5:
		return g.regex()
	case 6:
		return g.symbol()
	case 7:
		if g.bool("named") {
			return &Param{Name: g.pick("pname", anyNames)}
		}
		return &Param{Index: rapid.IntRange(1, 65535).Draw(g.t, "pidx")}
	case 8:
		if g.n("fnref", 5) == 0 {
			// function.@name: the keyword as the kind of a catalog object.
			return &RecordID{Table: &Ident{Name: "function"}, Key: g.symbol()}
		}
		return &RecordID{Table: g.ident(), Key: g.symbol()}
	default:
		return &IntLit{Value: uint64(g.n("small", 20))}
	}
}

func (g gen) regex() *RegexLit {
	parts := rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b", ".", "*", "/", `\d`, `\\`, "^", "$", "é", `\.`}), 0, 6).Draw(g.t, "re")
	var flags strings.Builder
	for _, f := range "imsx" {
		if g.bool("flag") {
			flags.WriteRune(f)
		}
	}
	return &RegexLit{Pattern: strings.Join(parts, ""), Flags: flags.String()}
}

func (g gen) symbol() *SymbolLit {
	switch g.n("symform", 2) {
	case 0:
		return &SymbolLit{Name: g.pick("symname", anyNames), Form: SymbolName}
	case 1:
		v := rapid.Uint64().Draw(g.t, "symnum")
		if g.bool("hex") {
			return &SymbolLit{Name: fmt.Sprintf("0x%x", v), Form: SymbolNumber}
		}
		return &SymbolLit{Name: fmt.Sprint(v), Form: SymbolNumber}
	default:
		return &SymbolLit{Name: rapid.StringN(1, 8, -1).Draw(g.t, "symq"), Form: SymbolQuoted}
	}
}

func (g gen) name() Expr {
	if g.bool("ns") {
		return &NamespacedName{Namespace: g.pick("nsn", namespaces), Name: g.pick("nsname", plainNames)}
	}
	return g.ident()
}

func (g gen) exprs(label string, d, max int) []Expr {
	n := g.n(label, max)
	var out []Expr
	for i := 0; i < n; i++ {
		out = append(out, g.expr(d-1))
	}
	return out
}

// arg is a call argument: any expression, sometimes with a direction.
func (g gen) arg(d int, bareOK bool) Expr {
	switch g.n("argkind", 6) {
	case 0:
		return &Ordered{X: g.expr(d - 1), Desc: g.bool("desc")}
	case 1:
		if bareOK {
			return &Ordered{Desc: g.bool("desc")}
		}
	}
	return g.expr(d - 1)
}

func (g gen) expr(d int) Expr {
	if d <= 0 {
		if g.bool("leafname") {
			return g.name()
		}
		return g.literal()
	}
	switch g.n("expr", 31) {
	case 0:
		return g.literal()
	case 1:
		return g.name()
	case 2:
		return &Dot{}
	case 3:
		return &FieldAccess{X: &Dot{}, Name: g.pick("fname", anyNames)}
	case 4:
		return &List{Elems: g.exprs("list", d, 3)}
	case 5:
		return &Tuple{Elems: g.exprs("tuple", d, 3)}
	case 6:
		return g.object(d)
	case 7:
		return g.block(d)
	case 8:
		c := &Closure{Body: g.expr(d - 1)}
		for i := g.n("cparams", 2); i > 0; i-- {
			p := &FuncParam{Name: g.ident()}
			if g.bool("ctyped") {
				p.Type = g.typ(d - 1)
			}
			c.Params = append(c.Params, p)
		}
		return c
	case 9:
		return g.comprehension(d)
	case 10:
		op := rapid.SampledFrom([]Op{OpNeg, OpPos, OpNot}).Draw(g.t, "unop")
		return &Unary{Op: op, X: g.expr(d - 1)}
	case 11, 12:
		op := rapid.SampledFrom([]Op{OpAdd, OpSub, OpMul, OpDiv, OpMod, OpPow, OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpIn, OpAnd, OpOr}).Draw(g.t, "binop")
		return &Binary{Op: op, X: g.expr(d - 1), Y: g.expr(d - 1)}
	case 13:
		return &Range{Lo: g.expr(d - 1), Hi: g.expr(d - 1), Inclusive: g.bool("incl")}
	case 14:
		return g.pipeline(d, false)
	case 15:
		return g.path(d)
	case 16:
		x := g.expr(d - 1)
		name := g.pick("field", anyNames)
		if _, isDot := x.(*Dot); !isDot && g.bool("numfield") {
			name = fmt.Sprint(g.n("fieldnum", 12))
		}
		return &FieldAccess{X: x, Name: name}
	case 17:
		return &Index{X: g.expr(d - 1), Index: g.expr(d - 1)}
	case 18:
		args := []Expr{}
		for i := g.n("nargs", 3); i > 0; i-- {
			args = append(args, g.arg(d, true))
		}
		return &Call{Fn: g.expr(d - 1), Args: args, Form: CallPlain}
	case 19:
		args := []Expr{g.expr(d - 1)}
		for i := g.n("nmargs", 2); i > 0; i-- {
			args = append(args, g.arg(d, true))
		}
		return &Call{Fn: &Ident{Name: g.pick("method", anyNames)}, Args: args, Form: CallMethod}
	case 20:
		return &Call{Fn: g.name(), Args: []Expr{g.arg(d, false)}, Form: CallPrefix}
	case 21:
		return &Call{Fn: &Ident{Name: g.pick("infix", infixNames)}, Args: []Expr{g.expr(d - 1), g.expr(d - 1)}, Form: CallInfix}
	case 22:
		return g.ifExpr(d)
	case 23:
		m := &Match{Subject: g.expr(d - 1)}
		for i := g.n("arms", 3); i > 0; i-- {
			arm := &MatchArm{Pattern: g.pattern(d - 1), Body: g.expr(d - 1)}
			if g.n("guard", 3) == 0 {
				arm.Guard = g.expr(d - 1)
			}
			m.Arms = append(m.Arms, arm)
		}
		return m
	case 24:
		ns := g.pick("schemans", []string{"table", "type", "edge"})
		args := []Expr{g.symbol(), g.objectType(d - 1)}
		if g.bool("schema3") {
			args = append(args, g.object(d-1))
		}
		return &Call{Fn: &NamespacedName{Namespace: ns, Name: "create"}, Args: args, Form: CallPlain}
	default:
		return g.literal()
	}
}

func (g gen) object(d int) *Object {
	o := &Object{}
	for i := g.n("fields", 3); i > 0; i-- {
		if g.n("shorthand", 3) == 0 {
			o.Fields = append(o.Fields, &ObjectField{Key: g.pick("short", plainNames)})
			continue
		}
		key := g.pick("key", anyNames)
		if g.n("strkey", 3) == 0 {
			key = rapid.String().Draw(g.t, "skey")
		}
		f := &ObjectField{Key: key, Value: g.expr(d - 1)}
		for j := g.n("pathlen", 3); j > 0; j-- {
			f.Path = append(f.Path, g.pick("seg", anyNames))
		}
		o.Fields = append(o.Fields, f)
	}
	return o
}

func (g gen) block(d int) *Block {
	b := &Block{}
	for i := g.n("stmts", 3); i > 0; i-- {
		b.Stmts = append(b.Stmts, g.stmt(d-1, false))
	}
	return b
}

func (g gen) ifExpr(d int) *If {
	n := &If{Cond: g.expr(d - 1), Then: g.block(d - 1)}
	switch g.n("else", 2) {
	case 1:
		n.Else = g.block(d - 1)
	case 2:
		n.Else = g.ifExpr(d - 1)
	}
	return n
}

func (g gen) comprehension(d int) *Comprehension {
	c := &Comprehension{Head: g.expr(d - 1), Colon: g.bool("colon")}
	if !c.Colon {
		c.Clauses = append(c.Clauses, &Generator{Source: g.expr(d - 1)})
	}
	n := g.n("clauses", 3)
	if c.Colon && n == 0 {
		n = 1
	}
	for ; n > 0; n-- {
		if g.bool("gen") {
			c.Clauses = append(c.Clauses, &Generator{Var: g.ident(), Source: g.expr(d - 1)})
		} else {
			c.Clauses = append(c.Clauses, &Cond{X: g.expr(d - 1)})
		}
	}
	return c
}

// pipeline makes input |> stage; top allows the statement-level stage forms.
func (g gen) pipeline(d int, top bool) *Pipeline {
	var in Expr
	if g.bool("chain") {
		in = g.pipeline(d-1, top)
	} else {
		in = g.expr(d - 1)
	}
	var stage Expr
	switch g.n("stage", 4) {
	case 0:
		stage = g.name()
	case 1:
		c := &Call{Fn: g.name(), Args: []Expr{g.arg(d, top)}, Form: CallPrefix}
		if top {
			for i := g.n("moreargs", 2); i > 0; i-- {
				c.Args = append(c.Args, g.arg(d, true))
			}
		}
		stage = c
	case 2:
		stage = &Call{Fn: g.name(), Args: g.exprs("sargs", d, 3), Form: CallPlain}
	default:
		stage = g.expr(d - 1)
	}
	return &Pipeline{Input: in, Stage: stage}
}

func (g gen) pathEnd(d int) Expr {
	if g.n("star", 3) == 0 {
		return &Star{}
	}
	return g.expr(d - 1)
}

func (g gen) path(d int) *Path {
	p := &Path{Head: g.pathEnd(d)}
	for i := g.n("steps", 2) + 1; i > 0; i-- {
		st := &PathStep{Dir: rapid.SampledFrom([]ArrowDir{ArrowOut, ArrowIn, ArrowUnlink}).Draw(g.t, "dir")}
		switch g.n("target", 4) {
		case 0:
			min := int64(g.n("min", 5))
			max := min + int64(g.n("span", 3))
			if g.bool("unbounded") {
				max = -1
			}
			var x Expr = &Repeat{X: g.ident(), Min: min, Max: max}
			if g.bool("filter") {
				x = &Index{X: x, Index: g.expr(d - 1)}
			}
			st.Target = x
		default:
			st.Target = g.pathEnd(d)
		}
		p.Steps = append(p.Steps, st)
	}
	return p
}

func (g gen) patLiteral() Expr {
	switch g.n("patlit", 3) {
	case 0:
		return &Unary{Op: OpNeg, X: &IntLit{Value: uint64(g.n("negint", 100))}}
	case 1:
		return &Unary{Op: OpNeg, X: &FloatLit{Value: rapid.Float64Range(0, 1e10).Draw(g.t, "negf")}}
	}
	return g.literal()
}

func (g gen) pattern(d int) Pattern {
	if d <= 0 {
		return &BindPat{Name: "x"}
	}
	switch g.n("pat", 7) {
	case 0:
		return &WildcardPat{}
	case 1:
		name := g.pick("bind", plainNames)
		if name == "_" {
			return &WildcardPat{}
		}
		return &BindPat{Name: name}
	case 2:
		return &LitPat{Value: g.patLiteral()}
	case 3:
		if g.n("openrange", 3) == 0 {
			return &RangePat{Lo: g.patLiteral()}
		}
		return &RangePat{Lo: g.patLiteral(), Hi: g.patLiteral(), Inclusive: g.bool("pincl")}
	case 4:
		lp := &ListPat{}
		rest := false
		for i := g.n("pelems", 3); i > 0; i-- {
			if !rest && g.n("rest", 3) == 0 {
				rest = true
				name := g.pick("restname", plainNames)
				if g.bool("anonrest") {
					name = ""
				}
				lp.Elems = append(lp.Elems, &RestPat{Name: name})
				continue
			}
			lp.Elems = append(lp.Elems, g.pattern(d-1))
		}
		return lp
	case 5:
		op := &ObjectPat{Rest: g.bool("prest")}
		for i := g.n("pfields", 2); i > 0; i-- {
			if g.bool("pshort") {
				op.Fields = append(op.Fields, &FieldPat{Key: g.pick("pkey", plainNames)})
				continue
			}
			op.Fields = append(op.Fields, &FieldPat{Key: g.pick("pkey2", anyNames), Pattern: g.pattern(d - 1)})
		}
		return op
	case 6:
		tp := &TuplePat{}
		for i := g.n("ptuple", 3); i > 0; i-- {
			tp.Elems = append(tp.Elems, g.pattern(d-1))
		}
		return tp
	}
	return &WildcardPat{}
}

func (g gen) typ(d int) TypeExpr {
	if d <= 0 {
		return &NamedType{Name: "int"}
	}
	var t TypeExpr
	switch g.n("type", 4) {
	case 0:
		nt := &NamedType{Name: g.pick("tname", []string{"int", "string", "persons", "record", "vector", "none"})}
		for i := g.n("targs", 2); i > 0; i-- {
			if g.bool("intarg") {
				nt.Args = append(nt.Args, &IntLit{Value: uint64(g.n("targ", 1000))})
			} else {
				nt.Args = append(nt.Args, g.typ(d-1))
			}
		}
		t = nt
	case 1:
		t = &ListType{Elem: g.typ(d - 1)}
	case 2:
		tt := &TupleType{}
		for i := g.n("ttuple", 3); i > 0; i-- {
			tt.Elems = append(tt.Elems, g.typ(d-1))
		}
		t = tt
	case 3:
		t = g.objectType(d - 1)
	default:
		t = &NamedType{Name: "string"}
	}
	if g.n("opt", 3) == 0 {
		t = &OptionalType{Elem: t}
	}
	return t
}

func (g gen) objectType(d int) *ObjectType {
	ot := &ObjectType{}
	for i := g.n("tfields", 3); i > 0; i-- {
		f := &TypeField{Name: g.pick("tfname", anyNames), Type: g.typ(d - 1)}
		if g.n("tdefault", 2) == 0 {
			f.Default = g.expr(d - 1)
		}
		if g.n("tassert", 2) == 0 {
			f.Assert = &List{Elems: []Expr{g.ident()}}
		}
		ot.Fields = append(ot.Fields, f)
	}
	return ot
}

func (g gen) stmt(d int, topLevel bool) Stmt {
	switch g.n("stmt", 9) {
	case 0:
		l := &Let{Name: g.ident(), Value: g.topExpr(d)}
		if g.bool("ltyped") {
			l.Type = g.typ(d - 1)
		}
		return l
	case 1:
		fd := &FuncDecl{Name: g.ident(), Body: g.block(d - 1)}
		for i := g.n("fparams", 2); i > 0; i-- {
			p := &FuncParam{Name: g.ident()}
			if g.bool("ptyped") {
				p.Type = g.typ(d - 1)
			}
			if g.bool("pdefault") {
				p.Default = g.expr(d - 1)
			}
			fd.Params = append(fd.Params, p)
		}
		if g.bool("result") {
			fd.Result = g.typ(d - 1)
		}
		return fd
	case 2:
		im := &Import{Names: []*Ident{g.ident()}}
		if g.bool("import2") {
			im.Names = append(im.Names, g.ident())
		}
		return im
	case 3:
		return &Use{Kind: &Ident{Name: g.pick("ukind", []string{"db", "namespace"})}, Name: g.symbol()}
	case 4:
		return &Destroy{Kind: &Ident{Name: g.pick("dkind", []string{"table", "db", "function", "index"})}, Name: g.symbol()}
	case 5:
		return &Transaction{Body: g.block(d - 1)}
	}
	return &ExprStmt{X: g.topExpr(d)}
}

func (g gen) topExpr(d int) Expr {
	if g.n("toppipe", 3) == 0 {
		return g.pipeline(d, true)
	}
	return g.expr(d)
}

func (g gen) script(d int) *Script {
	s := &Script{}
	for i := g.n("script", 4) + 1; i > 0; i-- {
		s.Stmts = append(s.Stmts, g.stmt(d, true))
	}
	return s
}

func TestRoundTripRandomTrees(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		g := gen{rt}
		s := g.script(rapid.IntRange(1, 5).Draw(rt, "depth"))
		checkRoundTrip(rt, s)
	})
}

// fataler is the part of testing.TB that *rapid.T also has.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}
