package lang

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Print renders a node as canonical ZQL source. For every tree that Parse
// produces, Parse(Print(tree)) yields the same tree again (positions aside).
//
// The canonical form puts each top-level statement on its own line and
// everything else on one line: blocks separate their statements with "; ".
// Parentheses appear only where precedence or the juxtaposition rules need
// them. Comments are not part of the tree and are not printed.
//
// A hand-built tree that Parse could not have produced (say, a prefix call
// with two arguments outside a pipeline stage) is printed in an equivalent
// form where one exists.
func Print(n Node) string {
	switch n := n.(type) {
	case nil:
		return ""
	case *Script:
		return printScript(n)
	case Stmt:
		return printStmt(n)
	case Expr:
		return printExpr(n, precLowest)
	case Pattern:
		return printPattern(n)
	case TypeExpr:
		return printType(n)
	case Clause:
		return printClause(n)
	case *FuncParam:
		return printParam(n)
	case *ObjectField:
		return printObjectField(n)
	case *MatchArm:
		return printArm(n)
	case *PathStep:
		return n.Dir.String() + " " + printExpr(n.Target, precArrow+1)
	case *TypeField:
		return printTypeField(n)
	case *FieldPat:
		return printFieldPat(n)
	}
	return ""
}

func printScript(s *Script) string {
	var b strings.Builder
	for i, st := range s.Stmts {
		text := printStmt(st)
		if i > 0 {
			// A line that starts with a continuation token would join the
			// previous statement; a semicolon keeps them apart.
			if startsContinuation(text) {
				b.WriteString(";")
			}
			b.WriteString("\n")
		}
		b.WriteString(text)
	}
	return b.String()
}

// startsContinuation reports whether text, placed first on a line, would
// continue the previous statement.
func startsContinuation(text string) bool {
	toks, _ := lex(text, false)
	p := &parser{src: text, toks: toks}
	return p.continues()
}

func printStmt(s Stmt) string {
	switch s := s.(type) {
	case *ExprStmt:
		return printTop(s.X)
	case *Let:
		var b strings.Builder
		b.WriteString("let ")
		b.WriteString(s.Name.Name)
		if s.Type != nil {
			b.WriteString(": ")
			b.WriteString(printType(s.Type))
		}
		b.WriteString(" = ")
		b.WriteString(printTop(s.Value))
		return b.String()
	case *FuncDecl:
		var b strings.Builder
		b.WriteString("function ")
		b.WriteString(s.Name.Name)
		b.WriteString("(")
		for i, prm := range s.Params {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(printParam(prm))
		}
		b.WriteString(")")
		if s.Result != nil {
			b.WriteString(" -> ")
			b.WriteString(printType(s.Result))
		}
		b.WriteString(" ")
		b.WriteString(printBody(s.Body))
		return b.String()
	case *Import:
		names := make([]string, len(s.Names))
		for i, n := range s.Names {
			names[i] = n.Name
		}
		return "import " + strings.Join(names, ", ")
	case *Use:
		return "use " + s.Kind.Name + "." + printSymbol(s.Name)
	case *Destroy:
		return "destroy " + s.Kind.Name + "." + printSymbol(s.Name)
	case *Transaction:
		return "transaction " + printBody(s.Body)
	}
	return ""
}

func printParam(p *FuncParam) string {
	s := p.Name.Name
	if p.Type != nil {
		s += ": " + printType(p.Type)
	}
	if p.Default != nil {
		s += " = " + printExpr(p.Default, precLowest)
	}
	return s
}

// printBody prints a block in a position where braces are always a block.
func printBody(b *Block) string {
	if len(b.Stmts) == 0 {
		return "{}"
	}
	parts := make([]string, len(b.Stmts))
	for i, st := range b.Stmts {
		parts[i] = printStmt(st)
	}
	return "{ " + strings.Join(parts, "; ") + " }"
}

// printBlockExpr prints a block in expression position, where §3's rule
// would read "{ x }" or "{}" as an object.
func printBlockExpr(b *Block) string {
	switch {
	case len(b.Stmts) == 0:
		return "{ ; }"
	case len(b.Stmts) == 1:
		if es, ok := b.Stmts[0].(*ExprStmt); ok {
			if _, ok := es.X.(*Ident); ok {
				return "{ " + printStmt(es) + "; }"
			}
		}
	}
	return printBody(b)
}

// printTop prints an expression at statement level, the only place where a
// pipeline stage may take comma-separated prefix arguments.
func printTop(e Expr) string {
	if pl, ok := e.(*Pipeline); ok {
		return printPipeline(pl, true)
	}
	return printExpr(e, precLowest)
}

// exprPrec is the binding power of the form a node prints as.
func exprPrec(e Expr) int {
	switch e := e.(type) {
	case *Pipeline:
		return precPipe
	case *Path, *Closure, *Ordered:
		return precArrow
	case *Call:
		switch e.Form {
		case CallPrefix:
			return precArrow
		case CallInfix:
			return precInfix
		}
	case *Binary:
		switch e.Op {
		case OpOr:
			return precOr
		case OpAnd:
			return precAnd
		case OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpIn:
			return precCmp
		case OpAdd, OpSub:
			return precAdd
		case OpMul, OpDiv, OpMod:
			return precMul
		case OpPow:
			return precPow
		}
	case *Unary:
		if e.Op == OpNot {
			return precNot
		}
		return precUnary
	case *Range:
		return precRange
	}
	return precPostfix
}

func printExpr(e Expr, prec int) string {
	s := printRaw(e)
	if exprPrec(e) < prec {
		return "(" + s + ")"
	}
	return s
}

// printArg prints an expression that is juxtaposed after a name: a prefix
// call's argument or a named infix call's right operand. It must begin with
// a token that starts an argument; a prefix argument must also not read as
// "name f b" (which is an infix call).
func printArg(e Expr, prec int, prefix bool) string {
	s := printExpr(e, prec)
	if strings.HasPrefix(s, "(") {
		return s
	}
	toks, _ := lex(" "+s, false)
	p := &parser{src: " " + s, toks: toks}
	if !p.argStart(0) || prefix && p.infixAt(0) {
		return "(" + s + ")"
	}
	return s
}

func printRaw(e Expr) string {
	switch e := e.(type) {
	case *IntLit:
		return printInt(e)
	case *FloatLit:
		return printFloat(e)
	case *StringLit:
		return quoteString(e.Value, '"')
	case *BoolLit:
		if e.Value {
			return "true"
		}
		return "false"
	case *NoneLit:
		return "none"
	case *RegexLit:
		return printRegex(e)
	case *SymbolLit:
		return printSymbol(e)
	case *Param:
		if e.Name != "" {
			return "$" + e.Name
		}
		return "$" + strconv.Itoa(e.Index)
	case *Ident:
		return e.Name
	case *NamespacedName:
		return e.Namespace + "::" + e.Name
	case *Dot:
		return "."
	case *Star:
		return "*"
	case *RecordID:
		return e.Table.Name + "." + printSymbol(e.Key)
	case *List:
		parts := make([]string, len(e.Elems))
		for i, x := range e.Elems {
			parts[i] = printExpr(x, precLowest)
			if i == 0 && leftSpineHasIn(x) {
				// "[x in xs]" would be a comprehension.
				parts[i] = "(" + parts[i] + ")"
			}
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *Tuple:
		parts := make([]string, len(e.Elems))
		for i, x := range e.Elems {
			parts[i] = printExpr(x, precLowest)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *Object:
		if len(e.Fields) == 0 {
			return "{}"
		}
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = printObjectField(f)
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case *Block:
		return printBlockExpr(e)
	case *Closure:
		parts := make([]string, len(e.Params))
		for i, prm := range e.Params {
			parts[i] = printParam(prm)
		}
		return "|" + strings.Join(parts, ", ") + "| " + printExpr(e.Body, precArrow)
	case *Comprehension:
		return printComprehension(e)
	case *Unary:
		if e.Op == OpNot {
			return "not " + printExpr(e.X, precNot)
		}
		return e.Op.String() + printExpr(e.X, precUnary)
	case *Binary:
		var xs, ys string
		switch p := exprPrec(e); {
		case p == precCmp:
			xs, ys = printExpr(e.X, precCmp+1), printExpr(e.Y, precCmp+1)
		case e.Op == OpPow:
			xs, ys = printExpr(e.X, precPow+1), printExpr(e.Y, precUnary)
		default:
			xs, ys = printExpr(e.X, p), printExpr(e.Y, p+1)
		}
		return xs + " " + e.Op.String() + " " + ys
	case *Range:
		lo, hi := printExpr(e.Lo, precRange+1), printExpr(e.Hi, precRange+1)
		op := ".."
		if e.Inclusive {
			op = "..="
		}
		if strings.HasSuffix(lo, ".") {
			lo += " "
		}
		return lo + op + hi
	case *Pipeline:
		return printPipeline(e, false)
	case *Ordered:
		dir := "asc"
		if e.Desc {
			dir = "desc"
		}
		if e.X == nil {
			return dir
		}
		return printOrderedX(e.X, false) + " " + dir
	case *Path:
		var b strings.Builder
		b.WriteString(printExpr(e.Head, precArrow+1))
		for _, st := range e.Steps {
			b.WriteString(" ")
			b.WriteString(st.Dir.String())
			b.WriteString(" ")
			b.WriteString(printExpr(st.Target, precArrow+1))
		}
		return b.String()
	case *Repeat:
		s := printExpr(e.X, precPostfix) + "{" + strconv.FormatInt(e.Min, 10)
		switch {
		case e.Max < 0:
			s += ".."
		case e.Max != e.Min:
			s += ".." + strconv.FormatInt(e.Max, 10)
		}
		return s + "}"
	case *FieldAccess:
		return printReceiver(e.X) + "." + e.Name
	case *Index:
		return printExpr(e.X, precPostfix) + "[" + printExpr(e.Index, precLowest) + "]"
	case *Call:
		return printCall(e)
	case *If:
		return printIf(e)
	case *Match:
		var b strings.Builder
		b.WriteString("match ")
		b.WriteString(printHeader(e.Subject))
		if len(e.Arms) == 0 {
			b.WriteString(" {}")
			return b.String()
		}
		b.WriteString(" { ")
		for i, a := range e.Arms {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(printArm(a))
		}
		b.WriteString(" }")
		return b.String()
	case *ObjectType:
		return printType(e)
	}
	return ""
}

// printReceiver prints the X of x.name or x.f(): "" for the implicit
// element (".name"), parentheses around numbers so "2.5" is not a float.
func printReceiver(x Expr) string {
	switch x.(type) {
	case *Dot:
		return ""
	case *IntLit, *FloatLit:
		return "(" + printRaw(x) + ")"
	}
	return printExpr(x, precPostfix)
}

// printHeader prints the condition of if or the subject of match, where a
// "{" would open the body: any brace gets the whole header parenthesized.
func printHeader(e Expr) string {
	s := printExpr(e, precLowest)
	if strings.ContainsRune(s, '{') {
		return "(" + s + ")"
	}
	return s
}

func printIf(e *If) string {
	s := "if " + printHeader(e.Cond) + " " + printBody(e.Then)
	switch el := e.Else.(type) {
	case *Block:
		s += " else " + printBody(el)
	case *If:
		s += " else " + printIf(el)
	}
	return s
}

func printArm(a *MatchArm) string {
	s := printPattern(a.Pattern)
	if a.Guard != nil {
		s += " if " + printExpr(a.Guard, precLowest)
	}
	return s + " => " + printExpr(a.Body, precLowest)
}

func printPipeline(pl *Pipeline, top bool) string {
	var in string
	if inner, ok := pl.Input.(*Pipeline); ok {
		in = printPipeline(inner, top)
	} else {
		in = printExpr(pl.Input, precPipe)
	}
	var stage string
	if c, ok := pl.Stage.(*Call); ok && c.Form == CallPrefix && (len(c.Args) == 1 || top) {
		stage = printPrefix(c, true)
	} else {
		stage = printExpr(pl.Stage, precArrow)
	}
	return in + " |> " + stage
}

// printPrefix prints "f a" (and, in a pipeline stage, "f a, b" and "f desc").
// Forms the parser would not read back fall back to "f(a, b)".
func printPrefix(c *Call, stage bool) string {
	plain := len(c.Args) == 0 || !stage && len(c.Args) != 1
	switch c.Fn.(type) {
	case *Ident, *NamespacedName:
	default:
		plain = true
	}
	if !plain && !stage {
		if o, ok := c.Args[0].(*Ordered); ok && o.X == nil {
			plain = true
		}
	}
	if plain {
		return printCall(&Call{Fn: c.Fn, Args: c.Args, Form: CallPlain})
	}
	parts := make([]string, len(c.Args))
	for i, a := range c.Args {
		if o, ok := a.(*Ordered); ok {
			if o.X == nil {
				parts[i] = printRaw(o)
			} else {
				parts[i] = printOrderedX(o.X, i == 0) + " " + printRaw(&Ordered{Desc: o.Desc})
			}
			continue
		}
		parts[i] = printArg(a, precArrow, i == 0)
	}
	return printExpr(c.Fn, precPostfix) + " " + strings.Join(parts, ", ")
}

// printOrderedX prints the key of "key desc". A prefix call at the key's
// right end would take the direction into its own argument, so such a key
// gets parentheses.
func printOrderedX(x Expr, firstPrefixArg bool) string {
	if endsInPrefixCall(x) {
		return "(" + printExpr(x, precLowest) + ")"
	}
	if firstPrefixArg {
		return printArg(x, precArrow, true)
	}
	return printExpr(x, precArrow)
}

// endsInPrefixCall reports whether e, printed without parentheses, ends
// with the argument of a prefix call.
func endsInPrefixCall(e Expr) bool {
	for {
		switch x := e.(type) {
		case *Call:
			switch x.Form {
			case CallPrefix:
				return true
			case CallInfix:
				if len(x.Args) != 2 {
					return false
				}
				e = x.Args[1]
			default:
				return false
			}
		case *Binary:
			e = x.Y
		case *Unary:
			e = x.X
		case *Range:
			e = x.Hi
		case *Closure:
			e = x.Body
		case *Path:
			if len(x.Steps) == 0 {
				return false
			}
			e = x.Steps[len(x.Steps)-1].Target
		case *Pipeline:
			e = x.Stage
		default:
			return false
		}
	}
}

func printCall(c *Call) string {
	switch c.Form {
	case CallPrefix:
		return printPrefix(c, false)
	case CallInfix:
		if len(c.Args) == 2 {
			if id, ok := c.Fn.(*Ident); ok {
				return printExpr(c.Args[0], precInfix) + " " + id.Name + " " + printArg(c.Args[1], precInfix+1, false)
			}
		}
	case CallMethod:
		if len(c.Args) >= 1 {
			if id, ok := c.Fn.(*Ident); ok {
				return printReceiver(c.Args[0]) + "." + id.Name + "(" + printArgs(c.Args[1:]) + ")"
			}
		}
	}
	fn := printExpr(c.Fn, precPostfix)
	if _, ok := c.Fn.(*FieldAccess); ok {
		// x.f(a) would be a method call.
		fn = "(" + fn + ")"
	}
	return fn + "(" + printArgs(c.Args) + ")"
}

func printArgs(args []Expr) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = printExpr(a, precLowest)
	}
	return strings.Join(parts, ", ")
}

func printComprehension(c *Comprehension) string {
	var b strings.Builder
	b.WriteString("[")
	clauses := c.Clauses
	if !c.Colon {
		b.WriteString(printExpr(c.Head, precInfix))
		b.WriteString(" in ")
		if len(clauses) > 0 {
			if g, ok := clauses[0].(*Generator); ok {
				b.WriteString(printExpr(g.Source, precLowest))
			}
			clauses = clauses[1:]
		}
	} else {
		h := printExpr(c.Head, precLowest)
		if leftSpineHasIn(c.Head) {
			h = "(" + h + ")"
		}
		b.WriteString(h)
		b.WriteString(" :")
	}
	for i, cl := range clauses {
		if i > 0 || !c.Colon {
			b.WriteString(",")
		}
		b.WriteString(" ")
		b.WriteString(printClause(cl))
	}
	b.WriteString("]")
	return b.String()
}

func printClause(c Clause) string {
	switch c := c.(type) {
	case *Generator:
		if c.Var == nil {
			return printExpr(c.Source, precLowest)
		}
		return c.Var.Name + " in " + printExpr(c.Source, precLowest)
	case *Cond:
		s := printExpr(c.X, precLowest)
		// "name in expr" as a clause is always a generator.
		toks, _ := lex(s, false)
		if len(toks) > 1 && toks[0].kind == tIdent && toks[1].kind == tIn {
			s = "(" + s + ")"
		}
		return s
	}
	return ""
}

// leftSpineHasIn reports whether e, printed and then parsed at the named
// infix level, would stop right before an "in": then a list's first element
// or a comprehension head would be misread as the [X in S] form.
func leftSpineHasIn(e Expr) bool {
	for {
		switch x := e.(type) {
		case *Binary:
			if exprPrec(x) >= precInfix {
				return false
			}
			if x.Op == OpIn {
				return true
			}
			e = x.X
		case *Pipeline:
			e = x.Input
		case *Path:
			e = x.Head
		default:
			return false
		}
	}
}

func printObjectField(f *ObjectField) string {
	if f.Value == nil {
		// Only a plain name can be a shorthand; Parse never makes another.
		return f.Key
	}
	k := printKey(f.Key)
	for _, seg := range f.Path {
		k += "." + printKey(seg)
	}
	return k + ": " + printExpr(f.Value, precLowest)
}

// printKey prints an object or type field key: bare when it lexes as a
// name or a keyword, quoted otherwise.
func printKey(k string) string {
	if isNameLike(k) {
		return k
	}
	return quoteString(k, '"')
}

// isNameLike reports whether s lexes as one identifier or keyword token.
func isNameLike(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	return true
}

func printInt(e *IntLit) string {
	s := strconv.FormatUint(e.Value, 10)
	if e.Suffix != "" {
		s += "_" + e.Suffix
	}
	return s
}

func printFloat(e *FloatLit) string {
	v := e.Value
	var s string
	switch {
	case math.IsInf(v, 1):
		s = "1e999" // not produced by Parse; keeps Print total
	case math.IsNaN(v):
		s = "0.0"
	default:
		s = strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
	}
	if e.Suffix != "" {
		s += "_" + e.Suffix
	}
	return s
}

// quoteString renders s as a literal closed by quote, escaping what the
// lexer would not read back verbatim.
func quoteString(s string, quote byte) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		case utf8.RuneError:
			b.WriteString(`\u{FFFD}`)
		default:
			switch {
			case r == rune(quote):
				b.WriteByte('\\')
				b.WriteRune(r)
			case r < 0x20 || r == 0x7f:
				b.WriteString(`\u{`)
				b.WriteString(strconv.FormatInt(int64(r), 16))
				b.WriteString(`}`)
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte(quote)
	return b.String()
}

func printSymbol(s *SymbolLit) string {
	switch s.Form {
	case SymbolName:
		if isNameLike(s.Name) {
			return "@" + s.Name
		}
	case SymbolNumber:
		return "@" + s.Name
	}
	return "@" + quoteString(s.Name, '`')
}

func printRegex(r *RegexLit) string {
	var b strings.Builder
	b.WriteString("!/")
	p := r.Pattern
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\' && i+1 < len(p):
			b.WriteString(p[i : i+2])
			i++
		case c == '/':
			b.WriteString(`\/`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString("/")
	b.WriteString(r.Flags)
	return b.String()
}

func printPattern(p Pattern) string {
	switch p := p.(type) {
	case *WildcardPat:
		return "_"
	case *BindPat:
		return p.Name
	case *LitPat:
		return printExpr(p.Value, precLowest)
	case *RangePat:
		op := ".."
		if p.Inclusive {
			op = "..="
		}
		if p.Hi == nil {
			return printExpr(p.Lo, precLowest) + op
		}
		return printExpr(p.Lo, precLowest) + op + printExpr(p.Hi, precLowest)
	case *ListPat:
		parts := make([]string, len(p.Elems))
		for i, e := range p.Elems {
			parts[i] = printPattern(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *RestPat:
		return ".." + p.Name
	case *ObjectPat:
		parts := make([]string, 0, len(p.Fields)+1)
		for _, f := range p.Fields {
			parts = append(parts, printFieldPat(f))
		}
		if p.Rest {
			parts = append(parts, "..")
		}
		if len(parts) == 0 {
			return "{}"
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case *TuplePat:
		parts := make([]string, len(p.Elems))
		for i, e := range p.Elems {
			parts[i] = printPattern(e)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return ""
}

func printFieldPat(f *FieldPat) string {
	if f.Pattern == nil {
		return f.Key
	}
	return printKey(f.Key) + ": " + printPattern(f.Pattern)
}

func printType(t TypeExpr) string {
	switch t := t.(type) {
	case *NamedType:
		if len(t.Args) == 0 {
			return t.Name
		}
		parts := make([]string, len(t.Args))
		for i, a := range t.Args {
			parts[i] = printType(a)
		}
		return t.Name + "(" + strings.Join(parts, ", ") + ")"
	case *IntLit:
		return printInt(t)
	case *ListType:
		return "[" + printType(t.Elem) + "]"
	case *OptionalType:
		if _, ok := t.Elem.(*OptionalType); ok {
			return "(" + printType(t.Elem) + ")?"
		}
		return printType(t.Elem) + "?"
	case *TupleType:
		parts := make([]string, len(t.Elems))
		for i, e := range t.Elems {
			parts[i] = printType(e)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *ObjectType:
		if len(t.Fields) == 0 {
			return "{}"
		}
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = printTypeField(f)
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return ""
}

func printTypeField(f *TypeField) string {
	s := printKey(f.Name) + ": " + printType(f.Type)
	if f.Default != nil {
		s += " = " + printExpr(f.Default, precLowest)
	}
	if f.Assert != nil {
		s += " assert " + printExpr(f.Assert, precLowest)
	}
	return s
}
