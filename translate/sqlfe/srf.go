package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// A function in FROM (generate_series, unnest, jsonb_array_elements,
// jsonb_each, ...) becomes a range entry like a table's: its rows are
// [NULL key, object of the output columns], the object's shape a
// synthetic schemafull table, so that columns resolve as a table's do.
// Its arguments may name the columns of the FROM items before it: the
// entry is then the right side of a lateral join.

type srfColumn struct {
	name string
	t    value.Type
}

// rangeFunction translates a function in FROM; sc holds the FROM items
// to its left when hasLeft. lateral reports that the arguments use them.
func (tr *translator) rangeFunction(rf *pg.RangeFunction, sc *scope, hasLeft bool) (plan.Node, []rangeEntry, bool, error) {
	if hasLeft {
		// The arguments are translated one level in, as a LATERAL
		// subquery is: the items to the left and the enclosing queries
		// are then one level further out for the arguments and for any
		// subquery in them alike (unnest((SELECT array_agg(...) ...
		// WHERE c.attrelid = fk.confrelid)), pgcli's), and the function
		// is lateral when anything in its arguments reads them.
		sc = &scope{parent: sc, lvl: &level{}}
	}
	p := tr.stmt.stmtPos()
	if len(rf.Coldeflist) > 0 || len(rf.Functions) == 0 {
		return nil, nil, false, unsupported(p, "column definition lists")
	}
	// ROWS FROM (f(...), g(...)) runs the functions side by side: row i
	// holds the i-th row of each, NULLs for one that has ended.
	var calls []plan.Expr
	var cols []srfColumn
	lateral := false
	name := ""
	for _, fn := range rf.Functions {
		items := fn.GetList().GetItems()
		if len(items) == 0 || items[0].GetFuncCall() == nil {
			return nil, nil, false, unsupported(p, "this function in FROM")
		}
		if len(items) > 1 && items[1].GetList() != nil && len(items[1].GetList().Items) > 0 {
			return nil, nil, false, unsupported(p, "column definition lists")
		}
		fc := items[0].GetFuncCall()
		call, fcols, lat, err := tr.fromFunction(fc, sc)
		if err != nil {
			return nil, nil, false, err
		}
		if name == "" {
			name, _ = funcName(fc.Funcname)
		}
		lateral = lateral || lat
		calls = append(calls, &plan.Const{At: at(call.Pos()), V: value.Int(int64(len(fcols)))}, call)
		cols = append(cols, fcols...)
	}
	if hasLeft {
		lateral = sc.lvl.correlated
	}
	p = calls[1].Pos()
	var call plan.Expr = calls[1]
	// generate_series(a, b) of integers alone in FROM yields its rows
	// one at a time as an integer range that Unnest walks lazily:
	// generate_series(1, 100000000) costs no memory, where the list of
	// rows the general form builds would hold them all.
	builtinCall, _ := calls[1].(*plan.Call)
	series := len(rf.Functions) == 1 && !rf.Ordinality && name == "generate_series" && builtinCall != nil &&
		len(builtinCall.Args) == 2 && len(cols) == 1 && cols[0].t.Kind == value.KindInt && cols[0].t.Dims == 0
	if series {
		c := *builtinCall
		c.Fn = "sql::series_range"
		call = &c
	}
	if len(rf.Functions) > 1 {
		call = &plan.Call{At: at(p), Fn: "sql::srf_zip", Args: calls, SQL: true}
	}
	alias := name
	if rf.Alias != nil {
		alias = rf.Alias.Aliasname
		if len(rf.Functions) == 1 && len(cols) == 1 && cols[0].name == name && len(rf.Alias.Colnames) == 0 {
			// The column of a function returning a scalar (not a named
			// OUT column like jsonb_array_elements' value) takes the
			// table alias.
			cols[0].name = alias
		}
	}
	if rf.Ordinality {
		call = &plan.Call{At: at(p), Fn: "sql::srf_ordinality", Args: []plan.Expr{call}, SQL: true}
		cols = append(cols, srfColumn{name: "ordinality", t: value.TypeInt8})
	}
	if rf.Alias != nil {
		if len(rf.Alias.Colnames) > len(cols) {
			return nil, nil, false, errAt(errs.InvalidColumnReference, p, "table \"%s\" has %d columns available but %d columns specified", alias, len(cols), len(rf.Alias.Colnames))
		}
		for i, c := range rf.Alias.Colnames {
			cols[i].name = c.GetString_().GetSval()
		}
	}
	uniqueColumnNames(cols)
	t := &catalog.Table{Name: alias, Schemafull: true, Fields: make([]catalog.Field, len(cols))}
	obj := &plan.ObjectCons{At: at(p), Names: make([]string, len(cols)), Vals: make([]plan.Expr, len(cols))}
	row := &plan.ColRef{At: at(p), Idx: 0, Name: name}
	for i, c := range cols {
		t.Fields[i] = catalog.Field{Name: c.name, Type: c.t, Optional: true}
		obj.Names[i] = c.name
		obj.Vals[i] = &plan.Index{At: at(p), X: row, I: &plan.Const{At: at(p), V: value.Int(int64(i))}}
	}
	if series {
		obj.Vals[0] = row // the range's rows are the integers themselves
	}
	node := &plan.Project{
		Input: &plan.Unnest{X: call, Col: plan.Column{Name: name, Type: value.Any}},
		Exprs: []plan.Expr{&plan.Const{At: at(p)}, obj},
		Cols:  []plan.Column{{Name: "key", Type: value.Any}, {Name: alias, Type: value.Any}},
	}
	return node, []rangeEntry{{name: alias, table: t, pos: p}}, lateral, nil
}

// fromFunction translates one function call in FROM: the call giving
// its rows and their columns; lateral reports that the arguments use the
// FROM items to its left (references not yet made outer).
func (tr *translator) fromFunction(fc *pg.FuncCall, sc *scope) (plan.Expr, []srfColumn, bool, error) {
	p := tr.pos(fc.Location)
	name, ok := funcName(fc.Funcname)
	if !ok {
		return nil, nil, false, noFunction(p, qualifiedName(fc.Funcname), nil)
	}
	if fc.Over != nil || fc.AggStar || fc.AggDistinct || fc.AggFilter != nil || len(fc.AggOrder) > 0 {
		return nil, nil, false, unsupported(p, "this function call in FROM")
	}
	ec := &exprCtx{sc: sc, clause: "functions in FROM"}
	if f, found, err := tr.userFunction(name); err != nil || found {
		if err != nil {
			return nil, nil, false, err
		}
		tr.noteCall(f)
		call, cols, err := tr.sqlFunctionRows(fc, f, p, ec)
		if err != nil {
			return nil, nil, false, err
		}
		if tr.compositeSRFs[fc] {
			t, err := tr.rowType(f, p)
			if err != nil {
				return nil, nil, false, err
			}
			call = &plan.Call{At: at(p), Fn: "sql::srf_composite", Args: []plan.Expr{call}, SQL: true}
			cols = []srfColumn{{name: name, t: t}}
		}
		return call, cols, refsRow(call), nil
	}
	if !liftable(name) {
		// Any other function in FROM is one row of its value, in a
		// column named after it, as in PostgreSQL (to_tsquery(...) AS
		// q; TypeORM asks SELECT * FROM current_schema()).
		x, err := tr.funcCall(fc, ec)
		if err != nil {
			return nil, nil, false, err
		}
		return &plan.Call{At: at(p), Fn: "sql::srf_scalar", Args: []plan.Expr{x.e}, SQL: true}, []srfColumn{{name, x.t}}, refsRow(x.e), nil
	}
	callArgs := fc.Args
	if jsonPathFunc(name) {
		var err error
		if callArgs, err = namedJSONPathArgs(name, callArgs, p); err != nil {
			return nil, nil, false, err
		}
	}
	args := make([]texpr, len(callArgs))
	for i, a := range callArgs {
		x, err := tr.expr(a, ec)
		if err != nil {
			return nil, nil, false, err
		}
		args[i] = x
	}
	lateral := false
	for _, a := range args {
		if refsRow(a.e) {
			lateral = true
		}
	}
	cols, err := tr.srfSignature(name, args, p)
	if err != nil {
		return nil, nil, false, err
	}
	if citextOverload(name, args) {
		if ci, ok := citextRegexpArgs(name, args, p); ok {
			args = ci // regexp_matches and regexp_split_to_table of a citext
		}
	}
	es := make([]plan.Expr, len(args))
	for i, a := range args {
		es[i] = a.e
	}
	call := &plan.Call{At: at(p), Fn: "sql::srf_" + name, Args: es, SQL: true}
	if tr.compositeSRFs[fc] {
		// liftSRF moved it here from a select list: its rows are one
		// column of anonymous records.
		fields := make([]value.Field, len(cols))
		for i, c := range cols {
			fields[i] = value.Field{Name: c.name, Type: c.t}
		}
		call = &plan.Call{At: at(p), Fn: "sql::srf_composite", Args: []plan.Expr{call}, SQL: true}
		cols = []srfColumn{{name: name, t: value.CompositeType("", fields)}}
	}
	return call, cols, lateral, nil
}

// srfSignature coerces the arguments of a function in FROM and gives its
// output columns, with PostgreSQL's names and types.
func (tr *translator) srfSignature(name string, args []texpr, p int) ([]srfColumn, error) {
	var err error
	coerce := func(i int, t value.Type) {
		if err == nil && args[i].unknown {
			args[i], err = tr.coerce(args[i], t)
		}
	}
	switch name {
	case "generate_series":
		if len(args) < 2 || len(args) > 3 {
			break
		}
		vals := args[:2]
		t, cerr := commonType(vals, "generate_series")
		if cerr != nil {
			return nil, cerr
		}
		switch categoryOf(t) {
		case catNumber:
			if numRank(t) < 2 {
				t = value.TypeInt4
			}
			if numRank(t) > 4 {
				return nil, noFunction(p, name, args)
			}
			if len(args) == 3 {
				vals = args
				if t, cerr = commonType(vals, "generate_series"); cerr != nil {
					return nil, cerr
				}
				t = baseType(t)
				if numRank(t) < 2 {
					t = value.TypeInt4
				}
			}
			for i := range vals {
				if args[i], err = tr.coerce(args[i], t); err != nil {
					return nil, err
				}
			}
			return []srfColumn{{name, t}}, nil
		case catDatetime:
			if len(args) != 3 {
				break
			}
			t = baseType(t)
			if t.Date {
				// There is no generate_series of dates: PostgreSQL casts
				// them to timestamptz, the preferred datetime type.
				t = value.TypeTimestampTZ
			}
			coerce(0, t)
			coerce(1, t)
			coerce(2, value.TypeInterval)
			if err != nil {
				return nil, err
			}
			for i := range 2 {
				if args[i], err = tr.coerce(args[i], t); err != nil {
					return nil, err
				}
			}
			if categoryOf(args[2].t) != catInterval {
				break
			}
			return []srfColumn{{name, t}}, nil
		}
	case "pg_partition_ancestors":
		// psql's \d lists the foreign keys referencing a table through
		// it; a sysview function, as it reads the partitions' tables.
		if len(args) != 1 {
			break
		}
		if args[0].unknown {
			coerce(0, value.TypeText)
		}
		if err == nil && categoryOf(args[0].t) == catString {
			args[0], err = tr.call("regclass", []texpr{args[0]}, p)
		}
		if err != nil {
			return nil, err
		}
		if categoryOf(args[0].t) != catNumber {
			break
		}
		return []srfColumn{{"relid", args[0].t}}, nil
	case "pg_listening_channels":
		// The session's channels (a sysview function: it needs the
		// session).
		if len(args) != 0 {
			break
		}
		return []srfColumn{{name, value.TypeText}}, nil
	case "regexp_matches", "regexp_split_to_table", "string_to_table":
		if len(args) < 2 || len(args) > 3 {
			break
		}
		for i := range args {
			t, ok := citextArgType(name, args, i)
			if !ok {
				t = value.TypeText
			}
			coerce(i, t)
		}
		if err != nil {
			return nil, err
		}
		for _, a := range args {
			if categoryOf(a.t) != catString {
				return nil, noFunction(p, name, args)
			}
		}
		if name == "regexp_matches" {
			return []srfColumn{{name, value.ArrayOf(value.TypeText)}}, nil
		}
		return []srfColumn{{name, value.TypeText}}, nil
	case "pg_options_to_table":
		if len(args) != 1 {
			break
		}
		coerce(0, value.ArrayOf(value.TypeText))
		if err != nil {
			return nil, err
		}
		if isArray(args[0].t) {
			return []srfColumn{{"option_name", value.TypeText}, {"option_value", value.TypeText}}, nil
		}
	case "generate_subscripts":
		if len(args) < 2 || len(args) > 3 || !isArray(args[0].t) {
			break
		}
		coerce(1, value.TypeInt4)
		if len(args) == 3 {
			coerce(2, value.TypeBool)
		}
		if err != nil {
			return nil, err
		}
		if categoryOf(args[1].t) != catNumber || (len(args) == 3 && args[2].t.Kind != value.KindBool) {
			break
		}
		return []srfColumn{{name, value.TypeInt4}}, nil
	case "unnest":
		if len(args) == 1 && (isArray(args[0].t) || isMultirange(args[0])) {
			return []srfColumn{{name, *args[0].t.Elem}}, nil
		}
		// Several arrays (PostgreSQL takes them in FROM only): a column
		// each, all named unnest.
		cols := make([]srfColumn, 0, len(args))
		for _, a := range args {
			if !isArray(a.t) {
				return nil, noFunction(p, name, args)
			}
			cols = append(cols, srfColumn{name, *a.t.Elem})
		}
		if len(cols) > 1 {
			return cols, nil
		}
	case "jsonb_path_query", "jsonb_path_query_tz":
		if len(args) < 2 || len(args) > 4 {
			break
		}
		for i, t := range []value.Type{value.TypeJSONB, value.TypeJSONPath, value.TypeJSONB, value.TypeBool}[:len(args)] {
			coerce(i, t)
		}
		if err != nil {
			return nil, err
		}
		if !args[0].t.IsJSONB() || !args[1].t.JSONPath || len(args) > 2 && !args[2].t.IsJSONB() || len(args) > 3 && args[3].t.Kind != value.KindBool {
			break
		}
		return []srfColumn{{name, value.TypeJSONB}}, nil
	case "jsonb_array_elements", "jsonb_array_elements_text", "jsonb_each", "jsonb_each_text", "jsonb_object_keys":
		if len(args) != 1 {
			break
		}
		coerce(0, value.TypeJSONB)
		if err != nil {
			return nil, err
		}
		if categoryOf(args[0].t) != catJSON {
			break
		}
		switch name {
		case "jsonb_array_elements":
			return []srfColumn{{"value", value.TypeJSONB}}, nil
		case "jsonb_array_elements_text":
			return []srfColumn{{"value", value.TypeText}}, nil
		case "jsonb_each":
			return []srfColumn{{"key", value.TypeText}, {"value", value.TypeJSONB}}, nil
		case "jsonb_each_text":
			return []srfColumn{{"key", value.TypeText}, {"value", value.TypeText}}, nil
		}
		return []srfColumn{{name, value.TypeText}}, nil
	case "skeys", "svals", "each":
		if len(args) != 1 {
			break
		}
		coerce(0, value.TypeHstore)
		if err != nil {
			return nil, err
		}
		if !isHstore(args[0]) {
			break
		}
		switch name {
		case "each":
			return []srfColumn{{"key", value.TypeText}, {"value", value.TypeText}}, nil
		}
		return []srfColumn{{name, value.TypeText}}, nil
	case "json_array_elements", "json_array_elements_text", "json_each", "json_each_text", "json_object_keys":
		if len(args) != 1 {
			break
		}
		coerce(0, value.TypeJSON)
		if err != nil {
			return nil, err
		}
		if categoryOf(args[0].t) != catJSONText {
			break
		}
		switch name {
		case "json_array_elements":
			return []srfColumn{{"value", value.TypeJSON}}, nil
		case "json_array_elements_text":
			return []srfColumn{{"value", value.TypeText}}, nil
		case "json_each":
			return []srfColumn{{"key", value.TypeText}, {"value", value.TypeJSON}}, nil
		case "json_each_text":
			return []srfColumn{{"key", value.TypeText}, {"value", value.TypeText}}, nil
		}
		return []srfColumn{{name, value.TypeText}}, nil
	default:
		return nil, unsupported(p, "function "+name+" in FROM")
	}
	if err != nil {
		return nil, err
	}
	return nil, noFunction(p, name, args)
}

// refsRow reports whether e reads a column of the current row.
func refsRow(e plan.Expr) bool {
	found := false
	walkColRefs(e, func(c *plan.ColRef) *plan.ColRef {
		if c.Depth == 0 {
			found = true
		}
		return c
	})
	return found
}

// outerRefs makes e's references to the current row references to the
// outer row, as the right side of a lateral join sees its left row.
func outerRefs(e plan.Expr) plan.Expr {
	return walkColRefs(e, func(c *plan.ColRef) *plan.ColRef {
		out := *c
		out.Depth++
		return &out
	})
}

// walkColRefs rebuilds e with f applied to its column references.
func walkColRefs(e plan.Expr, f func(*plan.ColRef) *plan.ColRef) plan.Expr {
	return rewriteExpr(e, func(x plan.Expr) (plan.Expr, bool) {
		if c, ok := x.(*plan.ColRef); ok {
			return f(c), true
		}
		return nil, false
	})
}

// rewriteExpr rebuilds e, replacing each node for which f reports true
// by f's result (subquery plans are kept as they are).
func rewriteExpr(e plan.Expr, f func(plan.Expr) (plan.Expr, bool)) plan.Expr {
	if e == nil {
		return nil
	}
	if x, ok := f(e); ok {
		return x
	}
	return plan.RebuildExpr(e, func(x plan.Expr) plan.Expr { return rewriteExpr(x, f) }, func(n plan.Node) plan.Node { return n })
}

// uniqueColumnNames renames the columns whose name an earlier one has
// (unnest of several arrays, ROWS FROM (unnest(a), unnest(b)): all
// "unnest" in PostgreSQL) to name_2, name_3, ...: the row is an object
// of its columns by name, where a second "unnest" would hide the first.
func uniqueColumnNames(cols []srfColumn) {
	seen := make(map[string]bool, len(cols))
	for i := range cols {
		name := cols[i].name
		for k := 2; seen[name]; k++ {
			name = cols[i].name + "_" + strconv.Itoa(k)
		}
		cols[i].name = name
		seen[name] = true
	}
}
