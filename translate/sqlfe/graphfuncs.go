package sqlfe

import (
	"errors"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// Table functions of zerodb's other models in FROM:
//
//   - zql(text[, arg, ...]): runs a ZQL query (the text must be a
//     constant) and yields one row per element of its result, in one
//     jsonb column `result`: `SELECT result->>'name' FROM zql($$ [ p in
//     persons ] $$)`. The query's $1, $2, ... are the further arguments,
//     which may name columns of the items to the left. Only queries: a
//     ZQL write or DDL is 0A000.
//   - neighbors(table text, key, edge text): the vertices joined to the
//     record table.@key by an edge of the edge table `edge` (either
//     direction, each once; edge NULL or omitted: every edge table);
//   - shortest_path(table text, key, to_table text, to_key, edge text):
//     the vertices of one shortest path, with their position `step` from
//     0 (no rows when there is none).
//
// The graph functions yield the columns vertex (text, the record id as
// ZQL writes it: persons.@ann), "table" (text) and key (the record key,
// so `JOIN persons p ON p.id = n.key` joins a SQL table keyed by a
// column); shortest_path adds step (int8). Their arguments are constants
// or parameters.

// graphFromFunction translates a graph table function in FROM; ok is
// false when the function is not one of them.
//
// sc is the scope the arguments may name: the FROM items to the left, as
// PostgreSQL makes every function call in FROM lateral. lateral reports
// whether they do (the caller joins laterally).
func (tr *translator) graphFromFunction(rf *pg.RangeFunction, sc *scope) (n plan.Node, es []rangeEntry, lateral, ok bool, err error) {
	if len(rf.Functions) != 1 {
		return nil, nil, false, false, nil
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 {
		return nil, nil, false, false, nil
	}
	fc := items[0].GetFuncCall()
	if fc == nil {
		return nil, nil, false, false, nil
	}
	name, _ := funcName(fc.Funcname)
	p := tr.pos(fc.Location)
	ga := &graphArgs{ec: &exprCtx{sc: sc, clause: "functions in FROM"}}
	var cols []catalog.Field
	switch name {
	case "zql":
		n, err = tr.zqlFunction(fc, p, ga)
		cols = []catalog.Field{{Name: "result", Type: value.TypeJSONB}}
	case "neighbors":
		n, err = tr.neighborsFunction(fc, p, ga)
		cols = vertexColumns
	case "shortest_path":
		n, err = tr.shortestPathFunction(fc, p, ga)
		cols = append(append([]catalog.Field(nil), vertexColumns...), catalog.Field{Name: "step", Type: value.TypeInt8})
	default:
		return nil, nil, false, false, nil
	}
	if err != nil {
		return nil, nil, false, true, err
	}
	if rf.Ordinality || len(rf.Coldeflist) > 0 {
		return nil, nil, false, true, unsupported(p, "WITH ORDINALITY and column definitions of "+name)
	}
	alias := name
	if rf.Alias != nil {
		if len(rf.Alias.Colnames) > 0 {
			return nil, nil, false, true, unsupported(p, "column aliases in FROM")
		}
		alias = rf.Alias.Aliasname
	}
	t := &catalog.Table{Name: alias, Schemafull: true, CreatedBy: "sql", Fields: cols}
	return n, []rangeEntry{{name: alias, table: t, pos: p}}, ga.lateral, true, nil
}

var vertexColumns = []catalog.Field{
	{Name: "vertex", Type: value.TypeText},
	{Name: "table", Type: value.TypeText},
	{Name: "key", Type: value.Any},
}

// asRecords shapes the one-column rows of n as the [key, object] rows of
// a FROM entry whose object holds the named fields computed from the
// element.
func asRecords(n plan.Node, names []string, exprs []plan.Expr) plan.Node {
	return &plan.Project{
		Input: n,
		Exprs: []plan.Expr{&plan.Const{V: value.None}, &plan.ObjectCons{Names: names, Vals: exprs}},
		Cols:  []plan.Column{{Name: "key", Type: value.Any}, {Name: "object", Type: value.Any}},
	}
}

func (tr *translator) zqlFunction(fc *pg.FuncCall, p int, ga *graphArgs) (plan.Node, error) {
	if len(fc.Args) == 0 {
		return nil, errAt(errs.UndefinedFunction, p, "zql takes the text of a ZQL query, then the values of its $1, $2, ...")
	}
	c := fc.Args[0].GetAConst()
	if c == nil || c.GetSval() == nil {
		return nil, errAt(errs.FeatureNotSupported, p, "the argument of zql must be a string constant, such as $$ [ p in persons ] $$")
	}
	text := c.GetSval().Sval
	// ZQL positions count from the literal's first character.
	base := tr.pos(c.Location) + quoteLen(tr.src.text, int(c.Location)) - 1
	stmts, err := zqlfe.Split(text)
	if err != nil {
		return nil, shiftPos(err, base)
	}
	if len(stmts) != 1 {
		return nil, errAt(errs.SyntaxError, tr.pos(c.Location), "zql takes exactly one ZQL statement, not %d", len(stmts))
	}
	var st *plan.Statement
	if len(fc.Args) == 1 {
		st, err = zqlfe.Translate(tr.ctx, tr.r, stmts[0])
	} else {
		st, err = zqlfe.TranslateArgs(tr.ctx, tr.r, stmts[0], len(fc.Args)-1)
	}
	if err != nil {
		return nil, shiftPos(err, base)
	}
	if st.Kind != plan.StmtQuery || st.Root == nil {
		return nil, errAt(errs.FeatureNotSupported, tr.pos(c.Location), "zql runs queries only: write with ZQL itself")
	}
	root := st.Root
	if ev, ok := root.(*plan.Eval); ok {
		// A value: a list is one row per element, like on the wire.
		root = &plan.Unnest{X: ev.X, Col: plan.Column{Name: "result", Type: value.Any}}
	}
	if len(fc.Args) == 1 {
		return asRecords(root, []string{"result"}, []plan.Expr{&plan.ColRef{Idx: 0, Name: "result"}}), nil
	}
	// The arguments are a row the query runs under (its $n read it, see
	// zqlfe.TranslateArgs): computed once per row of the items to the
	// left when they name them.
	args := &plan.Project{Input: &plan.Values{Rows: [][]plan.Expr{{}}}}
	for i, a := range fc.Args[1:] {
		x, err := tr.expr(a, ga.ec)
		if err != nil {
			return nil, err
		}
		if refsRow(x.e) {
			ga.lateral = true
			x.e = outerRefs(x.e)
		}
		args.Exprs = append(args.Exprs, x.e)
		args.Cols = append(args.Cols, plan.Column{Name: "$" + strconv.Itoa(i+1), Type: x.t})
	}
	join := &plan.Join{Kind: plan.CrossJoin, Left: args, Right: root, Lateral: true}
	return asRecords(join, []string{"result"}, []plan.Expr{&plan.ColRef{Idx: len(args.Exprs), Name: "result"}}), nil
}

// quoteLen is the length of the opening quote of the string literal at
// byte offset off of text: 1 for '...', the whole $tag$ for dollar
// quotes, 2 for E'...'.
func quoteLen(text string, off int) int {
	if off < 0 || off >= len(text) {
		return 0
	}
	rest := text[off:]
	switch {
	case strings.HasPrefix(rest, "$"):
		if i := strings.IndexByte(rest[1:], '$'); i >= 0 {
			return i + 2
		}
	case len(rest) > 1 && (rest[0] == 'E' || rest[0] == 'e'):
		return 2
	}
	return 1
}

func shiftPos(err error, base int) error {
	var e *errs.Error
	if errors.As(err, &e) && e.Position > 0 {
		c := *e
		c.Position += base
		return &c
	}
	return err
}

// graphArgs translates the value arguments of one graph function call.
type graphArgs struct {
	ec      *exprCtx
	lateral bool // an argument names a FROM item to the left
}

// keyArg translates the key argument of a vertex of table tbl: any
// expression of a type a record key can have; an untyped literal or
// parameter takes the type of the table's key column, as PostgreSQL types
// one by its context. One naming the FROM items to the left reads them as
// the outer row of the lateral join the call becomes.
func (tr *translator) keyArg(ga *graphArgs, fn, tbl string, n *pg.Node, p int) (plan.Expr, error) {
	x, err := tr.expr(n, ga.ec)
	if err != nil {
		return nil, err
	}
	if x.unknown {
		if t, err := tr.r.Table(tr.ctx, tbl); err == nil && len(t.PrimaryKey) == 1 {
			if f, _, ok := t.FieldByName(t.PrimaryKey[0]); ok {
				if x, err = tr.coerce(x, f.Type); err != nil {
					return nil, err
				}
			}
		}
	}
	if !x.unknown && !keyType(x.t) {
		if own := tr.nodePos(n); own != tr.stmt.stmtPos() {
			p = own
		}
		return nil, errAt(errs.DatatypeMismatch, p, "the key argument of %s must be a number, text, uuid, boolean or timestamp, not %s", fn, typeName(x))
	}
	if refsRow(x.e) {
		ga.lateral = true
		return outerRefs(x.e), nil
	}
	return x.e, nil
}

// keyType reports whether values of t can be record keys (see
// exec.keyable).
func keyType(t value.Type) bool {
	switch t.Kind {
	case value.KindInt, value.KindFloat, value.KindDecimal, value.KindString, value.KindSymbol,
		value.KindUUID, value.KindBool, value.KindDatetime, value.KindTime, value.KindTimeTZ, value.KindAny:
		return true
	}
	return false
}

// tableArg is a table name argument: a string constant.
func tableArg(n *pg.Node, p int, what string) (string, error) {
	c := n.GetAConst()
	if c == nil || c.GetSval() == nil {
		return "", errAt(errs.FeatureNotSupported, p, "%s must be a string constant", what)
	}
	return c.GetSval().Sval, nil
}

// edgeArg is the optional edge table argument ("" = every edge table).
func (tr *translator) edgeArg(n *pg.Node, p int) (string, error) {
	if c := n.GetAConst(); c != nil && c.Isnull {
		return "", nil
	}
	name, err := tableArg(n, p, "the edge table")
	if err != nil {
		return "", err
	}
	t, err := tr.r.Table(tr.ctx, name)
	if err != nil {
		if e := errs.From(err); e.Code == errs.UndefinedTable {
			return name, nil // no such edges yet: no rows
		}
		return "", withPos(err, p)
	}
	if t.Edge == nil {
		return "", errAt(errs.WrongObjectType, p, "table %q is not an edge table", name)
	}
	return name, nil
}

// vertexArg is the vertex table.@key of arguments i (table) and i+1 (key).
func (tr *translator) vertexArg(ga *graphArgs, fc *pg.FuncCall, i, p int) (plan.Expr, error) {
	tbl, err := tableArg(fc.Args[i], p, "the vertex table")
	if err != nil {
		return nil, err
	}
	name, _ := funcName(fc.Funcname)
	k, err := tr.keyArg(ga, name, tbl, fc.Args[i+1], p)
	if err != nil {
		return nil, err
	}
	return &plan.RecordIDCons{At: at(p), Table: tbl, Key: k}, nil
}

// vertexFields are the vertex columns computed from a record id.
func vertexFields(x plan.Expr) ([]string, []plan.Expr) {
	return []string{"vertex", "table", "key"}, []plan.Expr{
		&plan.Cast{X: x, To: value.TypeText},
		&plan.Call{Fn: "table", Args: []plan.Expr{x}},
		&plan.Call{Fn: "key", Args: []plan.Expr{x}},
	}
}

func (tr *translator) neighborsFunction(fc *pg.FuncCall, p int, ga *graphArgs) (plan.Node, error) {
	if len(fc.Args) != 2 && len(fc.Args) != 3 {
		return nil, errAt(errs.UndefinedFunction, p, "neighbors takes (table, key) or (table, key, edge)")
	}
	v, err := tr.vertexArg(ga, fc, 0, p)
	if err != nil {
		return nil, err
	}
	edge := ""
	if len(fc.Args) == 3 {
		if edge, err = tr.edgeArg(fc.Args[2], p); err != nil {
			return nil, err
		}
	}
	n := &plan.Traverse{
		Input: &plan.Unnest{X: v, Col: plan.Column{Name: "start", Type: value.Any}},
		Steps: []plan.GraphStep{{Dir: plan.GraphBoth, Edge: edge, Min: 1, Max: 1, Quantified: true}},
	}
	names, exprs := vertexFields(&plan.ColRef{Idx: 0, Name: "vertex"})
	return asRecords(n, names, exprs), nil
}

func (tr *translator) shortestPathFunction(fc *pg.FuncCall, p int, ga *graphArgs) (plan.Node, error) {
	if len(fc.Args) != 4 && len(fc.Args) != 5 {
		return nil, errAt(errs.UndefinedFunction, p, "shortest_path takes (table, key, to_table, to_key) or (table, key, to_table, to_key, edge)")
	}
	from, err := tr.vertexArg(ga, fc, 0, p)
	if err != nil {
		return nil, err
	}
	to, err := tr.vertexArg(ga, fc, 2, p)
	if err != nil {
		return nil, err
	}
	edge := ""
	if len(fc.Args) == 5 {
		if edge, err = tr.edgeArg(fc.Args[4], p); err != nil {
			return nil, err
		}
	}
	path := &plan.ShortestPath{At: at(p), From: from, To: to, Edge: edge, Steps: true}
	names, exprs := vertexFields(&plan.ColRef{Idx: 0, Name: "vertex"})
	names = append(names, "step")
	exprs = append(exprs, &plan.ColRef{Idx: 1, Name: "step"})
	return asRecords(path, names, exprs), nil
}
