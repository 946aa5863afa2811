package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// Explain renders a plan as an indented tree in the style of PostgreSQL's
// EXPLAIN: one line per node, its details on the lines below, children
// after an arrow. Subqueries inside expressions print as (SubPlan N) and
// their plans follow their node. The output is deterministic, so it serves
// golden tests as well as users.
//
//	Limit 10
//	  ->  Sort (top-k 10)
//	        keys: p.age DESC
//	        ->  Scan persons (range key > $1)
//	              filter: (p.age > $1)
func Explain(n Node) string {
	p := &explainer{}
	p.node(n, 0, 0)
	return p.b.String()
}

// ExplainExpr renders one expression the way Explain shows it.
func ExplainExpr(e Expr) string {
	p := &explainer{}
	return p.expr(e)
}

type explainer struct {
	b    strings.Builder
	subs int
	// pending collects the subplans met while rendering a node's lines.
	pending []subplan
	// annotate, when set, adds to each node's header (ExplainAnnotated).
	annotate func(Node) string
}

type subplan struct {
	n    int
	node Node
}

// node prints n whose header line starts at column indent (arrow marks a
// child); its detail lines go at propIndent.
func (p *explainer) node(n Node, indent int, depth int) {
	header, props, children := p.describe(n)
	if p.annotate != nil {
		header += p.annotate(n)
	}
	pad := strings.Repeat(" ", indent)
	propIndent := indent + 2
	if depth > 0 {
		p.b.WriteString(pad + "->  " + header + "\n")
		propIndent = indent + 6
	} else {
		p.b.WriteString(header + "\n")
	}
	ppad := strings.Repeat(" ", propIndent)
	for _, l := range props {
		p.b.WriteString(ppad + l + "\n")
	}
	subs := p.pending
	p.pending = nil
	for _, s := range subs {
		p.b.WriteString(ppad + "SubPlan " + strconv.Itoa(s.n) + "\n")
		p.node(s.node, propIndent+2, depth+1)
	}
	for _, c := range children {
		p.node(c, propIndent, depth+1)
	}
}

func (p *explainer) describe(n Node) (string, []string, []Node) {
	if h, props, children, ok := p.describeGraph(n); ok {
		return h, props, children
	}
	switch n := n.(type) {
	case nil:
		return "<nil>", nil, nil
	case *AttachPartition:
		if n.Detach {
			return "Detach Partition " + n.Name + " from " + n.Parent, nil, nil
		}
		return "Attach Partition " + n.Name + " to " + n.Parent, nil, nil
	case *Append:
		var props []string
		if len(n.Inputs) == 0 {
			props = []string{"partitions: none"}
		}
		return "Append " + tableName(n.Parent), props, n.Inputs
	case *Scan:
		h := "Scan " + tableName(n.Table)
		if n.Parallel {
			h = "Parallel " + h
		}
		if n.Alias != "" && (n.Table == nil || n.Alias != n.Table.Name) {
			h += " " + n.Alias
		}
		var det []string
		if s := n.Span; s != nil {
			switch {
			case s.Point != nil:
				det = append(det, "point get key = "+p.expr(s.Point))
			default:
				r := "range "
				if s.Lo != nil {
					op := "<"
					if s.LoInclusive {
						op = "<="
					}
					r += p.expr(s.Lo) + " " + op + " "
				}
				r += "key"
				if s.Hi != nil {
					op := "<"
					if s.HiInclusive {
						op = "<="
					}
					r += " " + op + " " + p.expr(s.Hi)
				}
				det = append(det, r)
			}
		}
		if n.Reverse {
			det = append(det, "reverse")
		}
		if n.CatalogKey != nil {
			det = append(det, "rows of relation "+n.Table.CatalogKey+" = "+p.expr(n.CatalogKey))
		}
		if len(det) > 0 {
			h += " (" + strings.Join(det, ", ") + ")"
		}
		var props []string
		if n.Filter != nil {
			props = append(props, "filter: "+p.expr(n.Filter))
		}
		if n.Limit != nil {
			props = append(props, "limit: "+p.expr(n.Limit))
		}
		return h, props, nil
	case *Values:
		rows := "rows"
		if len(n.Rows) == 1 {
			rows = "row"
		}
		props := make([]string, 0, len(n.Rows))
		for i, r := range n.Rows {
			if i == 8 {
				props = append(props, fmt.Sprintf("... %d more", len(n.Rows)-i))
				break
			}
			props = append(props, "("+p.exprList(r)+")")
		}
		return fmt.Sprintf("Values (%d %s)", len(n.Rows), rows), props, nil
	case *Unnest:
		return "Unnest " + p.expr(n.X), nil, nil
	case *Eval:
		return "Eval " + p.expr(n.X), nil, nil
	case *Filter:
		return "Filter", []string{"cond: " + p.expr(n.Cond)}, []Node{n.Input}
	case *LockRows:
		names := make([]string, len(n.Targets))
		for i, t := range n.Targets {
			names[i] = t.Table.Name
		}
		props := []string{"for " + strings.ToLower(n.Strength.String()) + " of: " + strings.Join(names, ", ")}
		switch n.Wait {
		case LockNoWait:
			props[0] += " nowait"
		case LockSkip:
			props[0] += " skip locked"
		}
		return "LockRows", props, []Node{n.Input}
	case *Project:
		parts := make([]string, len(n.Exprs))
		for i, x := range n.Exprs {
			s := p.expr(x)
			if i < len(n.Cols) && n.Cols[i].Name != "" && n.Cols[i].Name != s {
				s += " AS " + n.Cols[i].Name
			}
			parts[i] = s
		}
		return "Project", []string{"output: " + strings.Join(parts, ", ")}, []Node{n.Input}
	case *Join:
		return p.join(n)
	case *Aggregate:
		var props []string
		if len(n.GroupBy) > 0 {
			props = append(props, "group by: "+p.exprList(n.GroupBy))
		}
		aggs := make([]string, len(n.Aggs))
		for i, a := range n.Aggs {
			aggs[i] = p.agg(a)
		}
		if len(aggs) > 0 {
			props = append(props, "aggregates: "+strings.Join(aggs, ", "))
		}
		if n.Parallel {
			return "Parallel Aggregate", props, []Node{n.Input}
		}
		return "Aggregate", props, []Node{n.Input}
	case *Window:
		return "WindowAgg", p.window(n), []Node{n.Input}
	case *Sort:
		h := "Sort"
		if n.Limit != nil {
			h += " (top-k " + p.expr(n.Limit) + ")"
		}
		return h, []string{"keys: " + p.sortKeys(n.Keys)}, []Node{n.Input}
	case *Limit:
		h := "Limit"
		if n.Count != nil {
			h += " " + p.expr(n.Count)
		} else {
			h += " ALL"
		}
		if n.Offset != nil {
			h += " offset " + p.expr(n.Offset)
		}
		if len(n.Ties) > 0 {
			return h + " with ties", []string{"keys: " + p.sortKeys(n.Ties)}, []Node{n.Input}
		}
		return h, nil, []Node{n.Input}
	case *Distinct:
		return "Distinct", nil, []Node{n.Input}
	case *Reverse:
		return "Reverse", nil, []Node{n.Input}
	case *Insert:
		mode := map[InsertMode]string{InsertNew: "", InsertReplace: " (replace)", InsertIgnore: " (ignore existing)", InsertUpdate: " (update existing)"}[n.Mode]
		var props []string
		if n.Key != nil {
			props = append(props, "key: "+p.expr(n.Key))
		}
		props = append(props, "object: "+p.expr(n.Obj))
		if n.Update != nil {
			props = append(props, "on conflict set: "+p.expr(n.Update))
		}
		if n.UpdateWhere != nil {
			props = append(props, "on conflict where: "+p.expr(n.UpdateWhere))
		}
		props = append(props, checkProps(n.Checks)...)
		switch pre := n.Prepare.(type) {
		case *CreateTable:
			props = append([]string{"creates the table first"}, props...)
		case *RefreshMatView:
			props = append([]string{"empties materialized view " + pre.Name + " first"}, props...)
		}
		return "Insert into " + tableName(n.Table) + mode, props, []Node{n.Input}
	case *Update:
		return "Update " + tableName(n.Table), []string{
			fmt.Sprintf("key: #%d, object: #%d", n.KeyCol, n.ObjCol),
			"set: " + p.expr(n.Set),
		}, []Node{n.Input}
	case *Delete:
		return "Delete from " + tableName(n.Table), []string{fmt.Sprintf("key: #%d", n.KeyCol)}, []Node{n.Input}
	case *CreateTable:
		h := "Create Table " + tableName(n.Table)
		if n.IfNotExists {
			h += " (if not exists)"
		}
		return h, nil, nil
	case *DropTable:
		return "Drop Table " + n.Name + ifExists(n.IfExists), nil, nil
	case *AlterTable:
		return "Alter Table " + n.Name + ifExists(n.IfExists), alterProps(n), nil
	case *CreateDatabase:
		h := "Create Database " + n.Name
		if n.Namespace != "" {
			h = "Create Database " + n.Namespace + "/" + n.Name
		}
		if n.IfNotExists {
			h += " (if not exists)"
		}
		return h, nil, nil
	case *CreateNamespace:
		h := "Create Namespace " + n.Name
		if n.Consistency != "" {
			h += " (" + string(n.Consistency) + ")"
		}
		return h, nil, nil
	case *IndexScan:
		return p.indexScan(n)
	case *ExplainStmt:
		h := "Explain"
		if n.Analyze {
			h += " Analyze"
		}
		return h, nil, []Node{n.Input}
	case *CreateIndex:
		return p.createIndex(n)
	case *Analyze:
		return p.analyze(n)
	case *DropObject:
		return "Drop " + n.Kind + " " + n.Name + ifExists(n.IfExists), nil, nil
	case *Truncate:
		h := "Truncate " + strings.Join(n.Tables, ", ")
		if n.RestartIdentity {
			h += " (restart identity)"
		}
		return h, nil, nil
	case *CreateSequence:
		return "Create Sequence " + n.Seq.Name, nil, nil
	case *AlterSequence:
		return "Alter Sequence " + n.Name + ifExists(n.IfExists), nil, nil
	case *AddPrimaryKey:
		return "Add Primary Key " + n.Table + " (" + strings.Join(n.Key, ", ") + ")", nil, nil
	case *AddForeignKey:
		return "Add Foreign Key " + n.Table + " " + n.FK.Name + " (" + strings.Join(n.FK.Columns, ", ") + ") references " +
			n.FK.RefTable + " (" + strings.Join(n.FK.RefColumns, ", ") + ")", nil, nil
	case *DropConstraint:
		return "Drop Constraint " + n.Table + " " + n.Name + ifExists(n.IfExists), nil, nil
	case *CreateFunction:
		return p.createFunction(n)
	case *CreateEnum:
		if n.Enum == nil {
			return "Create Enum <nil>", nil, nil
		}
		vs := make([]string, len(n.Enum.Variants))
		for i, v := range n.Enum.Variants {
			vs[i] = "@" + v
		}
		return "Create Enum " + n.Enum.Name, []string{"variants: " + strings.Join(vs, ", ")}, nil
	case *VectorSearch:
		return p.vectorSearch(n)
	case *CreateVectorIndex:
		return p.createVectorIndex(n)
	case *SetOp, *RecursiveUnion, *WorkTable, *DistinctOn:
		return p.setOp(n)
	case *WithWrites, *CTEScan:
		return p.cteWrite(n)
	case *CreateView:
		return "Create View " + n.View.Name, []string{"query: " + n.View.Query}, nil
	case *CreateType:
		if n.Type == nil {
			return "Create Type <nil>", nil, nil
		}
		shape := n.Type.Type
		shape.Name = ""
		return "Create Type " + n.Type.Name, []string{"type: " + typeText(shape)}, nil
	}
	return fmt.Sprintf("%T", n), nil, nil
}

func ifExists(b bool) string {
	if b {
		return " (if exists)"
	}
	return ""
}

func tableName(t *catalog.Table) string {
	if t == nil {
		return "<nil>"
	}
	return t.Name
}

func (p *explainer) join(n *Join) (string, []string, []Node) {
	kind := map[JoinKind]string{
		InnerJoin: "", LeftJoin: " Left", RightJoin: " Right", FullJoin: " Full",
		CrossJoin: " Cross", SemiJoin: " Semi", AntiJoin: " Anti",
	}[n.Kind]
	var h string
	if n.Method == HashJoin {
		h = "Hash" + kind + " Join"
	} else {
		h = "Nested Loop" + kind + " Join"
		if n.Kind == InnerJoin {
			h = "Nested Loop"
		}
	}
	if n.Lateral {
		h += " (lateral)"
	}
	var props []string
	if n.Method == HashJoin && len(n.LeftKeys) > 0 {
		eq := "="
		if n.NullEqual {
			eq = "=="
		}
		conds := make([]string, len(n.LeftKeys))
		for i := range n.LeftKeys {
			r := "?"
			if i < len(n.RightKeys) {
				r = p.expr(n.RightKeys[i])
			}
			conds[i] = p.expr(n.LeftKeys[i]) + " " + eq + " " + r
		}
		props = append(props, "hash cond: "+strings.Join(conds, " AND "))
	}
	if n.On != nil {
		props = append(props, "join filter: "+p.expr(n.On))
	}
	switch n.Spine {
	case LeftSide:
		props = append(props, "build: right")
	case RightSide:
		props = append(props, "build: left")
	}
	return h, props, []Node{n.Left, n.Right}
}

func (p *explainer) agg(a Agg) string {
	name := map[AggFunc]string{
		AggCountStar: "count", AggCount: "count", AggSum: "sum", AggAvg: "avg",
		AggMin: "min", AggMax: "max", AggList: "list",
		AggBoolAnd: "bool_and", AggBoolOr: "bool_or", AggAnyValue: "any_value",
		AggStringAgg: "string_agg", AggJSONAgg: "jsonb_agg", AggJSONObjectAgg: "jsonb_object_agg",
		AggVarSamp: "var_samp", AggVarPop: "var_pop", AggStddevSamp: "stddev_samp", AggStddevPop: "stddev_pop",
		AggBitAnd: "bit_and", AggBitOr: "bit_or", AggBitXor: "bit_xor",
	}[a.Func]
	for n, f := range RegrAggs() {
		if f == a.Func {
			name = n
		}
	}
	if a.Func == AggCountStar {
		return "count(*)" + p.aggFilter(a)
	}
	arg := p.expr(a.Arg)
	if a.Arg2 != nil {
		arg += ", " + p.expr(a.Arg2)
	}
	if a.Distinct {
		arg = "DISTINCT " + arg
	}
	if len(a.Order) > 0 {
		arg += " ORDER BY " + p.sortKeys(a.Order)
	}
	return name + "(" + arg + ")" + p.aggFilter(a)
}

func (p *explainer) aggFilter(a Agg) string {
	if a.Filter == nil {
		return ""
	}
	return " FILTER (WHERE " + p.expr(a.Filter) + ")"
}

func (p *explainer) exprList(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = p.expr(e)
	}
	return strings.Join(parts, ", ")
}

var opNames = map[Op][2]string{ // [ZQL, SQL]
	OpAdd: {"+", "+"}, OpSub: {"-", "-"}, OpMul: {"*", "*"}, OpDiv: {"/", "/"},
	OpMod: {"%", "%"}, OpPow: {"^", "^"}, OpEq: {"==", "="}, OpNe: {"!=", "<>"},
	OpLt: {"<", "<"}, OpLe: {"<=", "<="}, OpGt: {">", ">"}, OpGe: {">=", ">="},
	OpAnd: {"and", "AND"}, OpOr: {"or", "OR"}, OpConcat: {"||", "||"},
	OpLike: {"LIKE", "LIKE"}, OpILike: {"ILIKE", "ILIKE"}, OpContains: {"contains", "contains"},
	OpIn: {"in", "in"}, OpMatches: {"matches", "~"},
}

func opName(op Op, sql bool) string {
	n, ok := opNames[op]
	if !ok {
		return "op" + strconv.Itoa(int(op))
	}
	if sql {
		return n[1]
	}
	return n[0]
}

// expr renders an expression in a compact, language-neutral notation.
func (p *explainer) expr(e Expr) string {
	switch e := e.(type) {
	case nil:
		return "<nil>"
	case *Const:
		return constString(e.V)
	case Const:
		return constString(e.V)
	case *ColRef:
		return colName(e)
	case ColRef:
		return colName(&e)
	case *Local:
		return localName(e)
	case Local:
		return localName(&e)
	case *Param:
		return paramName(e)
	case Param:
		return paramName(&e)
	case *SessionVar:
		return e.Name
	case SessionVar:
		return e.Name
	case *Field:
		return p.expr(e.X) + "." + e.Name
	case Field:
		return p.expr(e.X) + "." + e.Name
	case *Index:
		return p.expr(e.X) + "[" + p.expr(e.I) + "]"
	case Index:
		return p.expr(e.X) + "[" + p.expr(e.I) + "]"
	case *Binary:
		return "(" + p.expr(e.L) + " " + opName(e.Op, e.SQL) + " " + p.expr(e.R) + ")"
	case Binary:
		return p.expr(&e)
	case *Unary:
		return p.unary(e)
	case Unary:
		return p.unary(&e)
	case *Call:
		if len(e.Spread) > 0 && len(e.Args) > 0 {
			n := len(e.Args) - 1
			args := "VARIADIC " + p.expr(e.Args[n])
			if n > 0 {
				args = p.exprList(e.Args[:n]) + ", " + args
			}
			return e.Fn + "(" + args + ")"
		}
		return e.Fn + "(" + p.exprList(e.Args) + ")"
	case Call:
		return p.expr(&e)
	case *Apply:
		return p.expr(e.Fn) + "(" + p.exprList(e.Args) + ")"
	case Apply:
		return p.expr(&e)
	case *FuncRef:
		if e.Fn == nil {
			return "<nil function>"
		}
		return e.Fn.Name
	case *Closure:
		return "|" + strings.Join(e.Params, ", ") + "| " + p.expr(e.Body)
	case Closure:
		return p.expr(&e)
	case *Block:
		parts := make([]string, 0, len(e.Stmts)+1)
		for _, s := range e.Stmts {
			parts = append(parts, p.expr(s))
		}
		if e.Result != nil {
			parts = append(parts, p.expr(e.Result))
		}
		return "{ " + strings.Join(parts, "; ") + " }"
	case Block:
		return p.expr(&e)
	case *Let:
		return "let #" + strconv.Itoa(e.Slot) + " = " + p.expr(e.X)
	case Let:
		return p.expr(&e)
	case *SetSessionVar:
		return "let " + e.Name + " = " + p.expr(e.X)
	case SetSessionVar:
		return p.expr(&e)
	case *ObjectCons:
		parts := make([]string, 0, len(e.Vals)+1)
		if e.Spread != nil {
			parts = append(parts, "..."+p.expr(e.Spread))
		}
		for i, v := range e.Vals {
			name := "?"
			if i < len(e.Names) {
				name = e.Names[i]
			}
			parts = append(parts, name+": "+p.expr(v))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case ObjectCons:
		return p.expr(&e)
	case *ListCons:
		return "[" + p.exprList(e.Elems) + "]"
	case ListCons:
		return p.expr(&e)
	case *TupleCons:
		if e.Composite {
			return "ROW(" + p.exprList(e.Elems) + ")"
		}
		return "(" + p.exprList(e.Elems) + ")"
	case TupleCons:
		return p.expr(&e)
	case *RangeCons:
		s := ""
		if e.Lo != nil {
			s = p.expr(e.Lo)
		}
		if e.Inclusive {
			s += "..="
		} else {
			s += ".."
		}
		if e.Hi != nil {
			s += p.expr(e.Hi)
		}
		return s
	case RangeCons:
		return p.expr(&e)
	case *RecordIDCons:
		return e.Table + ".@(" + p.expr(e.Key) + ")"
	case RecordIDCons:
		return p.expr(&e)
	case *RecordView:
		return "record(" + e.Table + ", " + p.expr(e.Key) + ", " + p.expr(e.Obj) + ")"
	case RecordView:
		return p.expr(&e)
	case *If:
		s := "if(" + p.expr(e.Cond) + ", " + p.expr(e.Then)
		if e.Else != nil {
			s += ", " + p.expr(e.Else)
		}
		return s + ")"
	case If:
		return p.expr(&e)
	case *Cast:
		if e.Check {
			return "(" + p.expr(e.X) + ": " + e.To.String() + ")"
		}
		return p.expr(e.X) + "::" + e.To.String()
	case Cast:
		return p.expr(&e)
	case *Subquery:
		p.subs++
		p.pending = append(p.pending, subplan{n: p.subs, node: e.Node})
		mode := map[SubqueryMode]string{SubList: "list", SubScalar: "", SubExists: "exists", SubFirst: "first"}[e.Mode]
		return mode + "(SubPlan " + strconv.Itoa(p.subs) + ")"
	case Subquery:
		return p.expr(&e)
	case *Match:
		arms := make([]string, len(e.Arms))
		for i, a := range e.Arms {
			s := patternString(a.Pattern)
			if a.Guard != nil {
				s += " if " + p.expr(a.Guard)
			}
			arms[i] = s + " => " + p.expr(a.Body)
		}
		return "match " + p.expr(e.X) + " { " + strings.Join(arms, ", ") + " }"
	case Match:
		return p.expr(&e)
	}
	return fmt.Sprintf("<%T>", e)
}

func (p *explainer) unary(e *Unary) string {
	switch e.Op {
	case OpNeg:
		return "-" + p.expr(e.X)
	case OpNot:
		if e.SQL {
			return "(NOT " + p.expr(e.X) + ")"
		}
		return "(not " + p.expr(e.X) + ")"
	case OpIsNull:
		return "(" + p.expr(e.X) + " IS NULL)"
	case OpIsNotNull:
		return "(" + p.expr(e.X) + " IS NOT NULL)"
	}
	return opName(e.Op, e.SQL) + p.expr(e.X)
}

func constString(v value.Value) string {
	if v.Kind() == value.KindString {
		return strconv.Quote(v.AsString())
	}
	return v.String()
}

func colName(c *ColRef) string {
	name := c.Name
	if name == "" {
		name = "#" + strconv.Itoa(c.Idx)
	}
	return strings.Repeat("outer.", c.Depth) + name
}

func localName(l *Local) string {
	if l.Name != "" {
		return l.Name
	}
	return "local" + strconv.Itoa(l.Depth) + "." + strconv.Itoa(l.Slot)
}

func paramName(pr *Param) string {
	if pr.N > 0 {
		return "$" + strconv.Itoa(pr.N)
	}
	return "$" + pr.Name
}

func patternString(pt Pattern) string {
	switch pt := pt.(type) {
	case nil, PatWildcard, *PatWildcard:
		return "_"
	case PatLiteral:
		return constString(pt.V)
	case *PatLiteral:
		return constString(pt.V)
	case PatRange:
		return rangePattern(&pt)
	case *PatRange:
		return rangePattern(pt)
	case PatBind:
		return bindPattern(&pt)
	case *PatBind:
		return bindPattern(pt)
	case PatList:
		return listPattern(&pt)
	case *PatList:
		return listPattern(pt)
	case PatObject:
		return objectPattern(&pt)
	case *PatObject:
		return objectPattern(pt)
	}
	return "?"
}

func rangePattern(r *PatRange) string {
	s := ""
	if !r.Lo.IsNone() {
		s = constString(r.Lo)
	}
	if r.Inclusive {
		s += "..="
	} else {
		s += ".."
	}
	if !r.Hi.IsNone() {
		s += constString(r.Hi)
	}
	return s
}

func bindPattern(b *PatBind) string {
	s := "#" + strconv.Itoa(b.Slot)
	if b.Inner != nil {
		s += " @ " + patternString(b.Inner)
	}
	return s
}

func listPattern(l *PatList) string {
	parts := make([]string, 0, len(l.Elems)+1)
	for _, e := range l.Elems {
		parts = append(parts, patternString(e))
	}
	if l.HasRest {
		if l.RestSlot >= 0 {
			parts = append(parts, "..#"+strconv.Itoa(l.RestSlot))
		} else {
			parts = append(parts, "..")
		}
		for _, e := range l.After {
			parts = append(parts, patternString(e))
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func objectPattern(o *PatObject) string {
	parts := make([]string, len(o.Names))
	for i, n := range o.Names {
		if i < len(o.Pats) {
			parts[i] = n + ": " + patternString(o.Pats[i])
		} else {
			parts[i] = n
		}
	}
	if !o.Exact {
		parts = append(parts, "..")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func (p *explainer) sortKeys(ks []SortKey) string {
	keys := make([]string, len(ks))
	for i, k := range ks {
		s := p.expr(k.X)
		if k.Desc {
			s += " DESC"
		}
		// Only a placement that differs from PostgreSQL's default
		// (last ascending, first descending) is shown.
		if k.NullsFirst != k.Desc {
			if k.NullsFirst {
				s += " NULLS FIRST"
			} else {
				s += " NULLS LAST"
			}
		}
		keys[i] = s
	}
	return strings.Join(keys, ", ")
}
