package lang

import (
	"strconv"
	"strings"
)

// Dump renders a node as an indented s-expression that shows the tree's
// structure (how a text was grouped), for tests and debugging. Positions
// are left out; see Node.Bounds.
func Dump(n Node) string {
	var b strings.Builder
	sexpOf(n).write(&b, 0)
	return b.String()
}

// sexp is an atom (head only, no list) or a list (head and kids).
type sexp struct {
	head string
	kids []sexp
	list bool
}

func atom(s string) sexp              { return sexp{head: s} }
func list(h string, k ...sexp) sexp   { return sexp{head: h, kids: k, list: true} }
func quote(s string) sexp             { return atom(strconv.Quote(s)) }
func listOf(h string, ns []sexp) sexp { return sexp{head: h, kids: ns, list: true} }

func optKid(h string, n Node) []sexp {
	if isNilNode(n) {
		return nil
	}
	return []sexp{list(h, sexpOf(n))}
}

func isNilNode(n Node) bool { return n == nil }

func (s sexp) flat() string {
	if !s.list {
		return s.head
	}
	parts := make([]string, 0, len(s.kids)+1)
	parts = append(parts, s.head)
	for _, k := range s.kids {
		parts = append(parts, k.flat())
	}
	return "(" + strings.Join(parts, " ") + ")"
}

// write prints s on one line when it fits, else one kid per line.
func (s sexp) write(b *strings.Builder, indent int) {
	const width = 88
	if f := s.flat(); !s.list || indent+len(f) <= width {
		b.WriteString(f)
		return
	}
	b.WriteString("(")
	b.WriteString(s.head)
	for _, k := range s.kids {
		b.WriteString("\n")
		b.WriteString(strings.Repeat("  ", indent/2+1))
		k.write(b, indent+2)
	}
	b.WriteString(")")
}

func exprs(h string, xs []Expr) sexp {
	out := make([]sexp, len(xs))
	for i, x := range xs {
		out[i] = sexpOf(x)
	}
	return listOf(h, out)
}

func sexpOf(n Node) sexp {
	if isNilNode(n) {
		return atom("nil")
	}
	switch n := n.(type) {
	case *Script:
		out := make([]sexp, len(n.Stmts))
		for i, s := range n.Stmts {
			out[i] = sexpOf(s)
		}
		return listOf("script", out)

	case *ExprStmt:
		return sexpOf(n.X)
	case *Let:
		kids := []sexp{atom(n.Name.Name)}
		if n.Type != nil {
			kids = append(kids, list("type", sexpOf(n.Type)))
		}
		return listOf("let", append(kids, sexpOf(n.Value)))
	case *FuncDecl:
		kids := []sexp{atom(n.Name.Name)}
		for _, p := range n.Params {
			kids = append(kids, sexpOf(p))
		}
		if n.Result != nil {
			kids = append(kids, list("returns", sexpOf(n.Result)))
		}
		return listOf("function", append(kids, sexpOf(n.Body)))
	case *FuncParam:
		kids := []sexp{atom(n.Name.Name)}
		if n.Type != nil {
			kids = append(kids, list("type", sexpOf(n.Type)))
		}
		kids = append(kids, optKid("default", n.Default)...)
		return listOf("param", kids)
	case *Import:
		kids := make([]sexp, len(n.Names))
		for i, id := range n.Names {
			kids[i] = atom(id.Name)
		}
		return listOf("import", kids)
	case *Use:
		return list("use", atom(n.Kind.Name), sexpOf(n.Name))
	case *Destroy:
		return list("destroy", atom(n.Kind.Name), sexpOf(n.Name))
	case *Transaction:
		return list("transaction", sexpOf(n.Body))

	case *IntLit:
		if n.Suffix != "" {
			return list("int", atom(strconv.FormatUint(n.Value, 10)), atom(n.Suffix))
		}
		return list("int", atom(strconv.FormatUint(n.Value, 10)))
	case *FloatLit:
		f := printFloat(&FloatLit{Value: n.Value})
		if n.Suffix != "" {
			return list("float", atom(f), atom(n.Suffix))
		}
		return list("float", atom(f))
	case *StringLit:
		return list("string", quote(n.Value))
	case *BoolLit:
		return list("bool", atom(strconv.FormatBool(n.Value)))
	case *NoneLit:
		return list("none")
	case *RegexLit:
		return list("regex", quote(n.Pattern), quote(n.Flags))
	case *SymbolLit:
		switch n.Form {
		case SymbolNumber:
			return list("symbol-number", atom(n.Name))
		case SymbolQuoted:
			return list("symbol-quoted", quote(n.Name))
		}
		return list("symbol", atom(n.Name))
	case *Param:
		if n.Name != "" {
			return list("param", atom("$"+n.Name))
		}
		return list("param", atom("$"+strconv.Itoa(n.Index)))
	case *Ident:
		return list("ident", atom(n.Name))
	case *NamespacedName:
		return list("ns", atom(n.Namespace), atom(n.Name))
	case *Dot:
		return list("dot")
	case *Star:
		return list("star")
	case *RecordID:
		return list("record", atom(n.Table.Name), sexpOf(n.Key))

	case *List:
		return exprs("list", n.Elems)
	case *Tuple:
		return exprs("tuple", n.Elems)
	case *Object:
		kids := make([]sexp, len(n.Fields))
		for i, f := range n.Fields {
			kids[i] = sexpOf(f)
		}
		return listOf("object", kids)
	case *ObjectField:
		if n.Value == nil {
			return list("field", quote(n.Key))
		}
		kids := []sexp{quote(n.Key)}
		for _, seg := range n.Path {
			kids = append(kids, quote(seg))
		}
		return listOf("field", append(kids, sexpOf(n.Value)))
	case *Block:
		kids := make([]sexp, len(n.Stmts))
		for i, s := range n.Stmts {
			kids[i] = sexpOf(s)
		}
		return listOf("block", kids)
	case *Closure:
		ps := make([]sexp, len(n.Params))
		for i, p := range n.Params {
			ps[i] = sexpOf(p)
		}
		return list("closure", listOf("params", ps), sexpOf(n.Body))
	case *Comprehension:
		form := "in-form"
		if n.Colon {
			form = "colon-form"
		}
		kids := []sexp{atom(form), list("head", sexpOf(n.Head))}
		for _, c := range n.Clauses {
			kids = append(kids, sexpOf(c))
		}
		return listOf("comprehension", kids)
	case *Generator:
		v := "."
		if n.Var != nil {
			v = n.Var.Name
		}
		return list("generator", atom(v), sexpOf(n.Source))
	case *Cond:
		return list("cond", sexpOf(n.X))

	case *Unary:
		return list("unary", atom(n.Op.String()), sexpOf(n.X))
	case *Binary:
		return list("binary", atom(n.Op.String()), sexpOf(n.X), sexpOf(n.Y))
	case *Range:
		op := ".."
		if n.Inclusive {
			op = "..="
		}
		return list("range", atom(op), sexpOf(n.Lo), sexpOf(n.Hi))
	case *Pipeline:
		return list("pipe", sexpOf(n.Input), sexpOf(n.Stage))
	case *Ordered:
		dir := "asc"
		if n.Desc {
			dir = "desc"
		}
		if n.X == nil {
			return list("ordered", atom(dir))
		}
		return list("ordered", atom(dir), sexpOf(n.X))
	case *Path:
		kids := []sexp{sexpOf(n.Head)}
		for _, s := range n.Steps {
			kids = append(kids, sexpOf(s))
		}
		return listOf("path", kids)
	case *PathStep:
		return list(n.Dir.String(), sexpOf(n.Target))
	case *Repeat:
		max := strconv.FormatInt(n.Max, 10)
		if n.Max < 0 {
			max = "inf"
		}
		return list("repeat", sexpOf(n.X), atom(strconv.FormatInt(n.Min, 10)), atom(max))

	case *FieldAccess:
		return list("field-access", sexpOf(n.X), atom(n.Name))
	case *Index:
		return list("index", sexpOf(n.X), sexpOf(n.Index))
	case *Call:
		kids := []sexp{atom(n.Form.String()), sexpOf(n.Fn)}
		for _, a := range n.Args {
			kids = append(kids, sexpOf(a))
		}
		return listOf("call", kids)

	case *If:
		kids := []sexp{sexpOf(n.Cond), sexpOf(n.Then)}
		kids = append(kids, optKid("else", n.Else)...)
		return listOf("if", kids)
	case *Match:
		kids := []sexp{sexpOf(n.Subject)}
		for _, a := range n.Arms {
			kids = append(kids, sexpOf(a))
		}
		return listOf("match", kids)
	case *MatchArm:
		kids := []sexp{sexpOf(n.Pattern)}
		kids = append(kids, optKid("guard", n.Guard)...)
		return listOf("arm", append(kids, sexpOf(n.Body)))

	case *WildcardPat:
		return list("p-wild")
	case *BindPat:
		return list("p-bind", atom(n.Name))
	case *LitPat:
		return list("p-lit", sexpOf(n.Value))
	case *RangePat:
		op := ".."
		if n.Inclusive {
			op = "..="
		}
		if n.Hi == nil {
			return list("p-range", atom(op), sexpOf(n.Lo))
		}
		return list("p-range", atom(op), sexpOf(n.Lo), sexpOf(n.Hi))
	case *ListPat:
		kids := make([]sexp, len(n.Elems))
		for i, e := range n.Elems {
			kids[i] = sexpOf(e)
		}
		return listOf("p-list", kids)
	case *RestPat:
		if n.Name == "" {
			return list("p-rest")
		}
		return list("p-rest", atom(n.Name))
	case *ObjectPat:
		kids := make([]sexp, 0, len(n.Fields)+1)
		for _, f := range n.Fields {
			kids = append(kids, sexpOf(f))
		}
		if n.Rest {
			kids = append(kids, list("p-rest"))
		}
		return listOf("p-object", kids)
	case *FieldPat:
		if n.Pattern == nil {
			return list("p-field", quote(n.Key))
		}
		return list("p-field", quote(n.Key), sexpOf(n.Pattern))
	case *TuplePat:
		kids := make([]sexp, len(n.Elems))
		for i, e := range n.Elems {
			kids[i] = sexpOf(e)
		}
		return listOf("p-tuple", kids)

	case *NamedType:
		kids := []sexp{atom(n.Name)}
		for _, a := range n.Args {
			kids = append(kids, sexpOf(a))
		}
		return listOf("t-named", kids)
	case *ListType:
		return list("t-list", sexpOf(n.Elem))
	case *OptionalType:
		return list("t-optional", sexpOf(n.Elem))
	case *TupleType:
		kids := make([]sexp, len(n.Elems))
		for i, e := range n.Elems {
			kids[i] = sexpOf(e)
		}
		return listOf("t-tuple", kids)
	case *ObjectType:
		kids := make([]sexp, len(n.Fields))
		for i, f := range n.Fields {
			kids[i] = sexpOf(f)
		}
		return listOf("t-object", kids)
	case *TypeField:
		kids := []sexp{quote(n.Name), sexpOf(n.Type)}
		kids = append(kids, optKid("default", n.Default)...)
		kids = append(kids, optKid("assert", n.Assert)...)
		return listOf("t-field", kids)
	}
	return atom("?")
}
