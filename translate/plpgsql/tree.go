package plpgsql

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Function is a PL/pgSQL body as PostgreSQL's own PL/pgSQL parser reads
// it (pg_query.ParsePlPgSqlToJSON), decoded into the statements this
// package runs. It is made once per definition and may be run many times,
// by one goroutine at a time (its expressions keep their translations).
type Function struct {
	Vars  []*Var // the variables, one per distinct name
	Body  *Block
	Found *Var
	New   *Var // NEW and OLD of a trigger function, nil otherwise
	Old   *Var
	// Args are the variables of the arguments, in order ($1 is Args[0]).
	Args  []*Var
	Setof bool
	// cond: a trigger's WHEN condition (Condition), which returns a value.
	cond bool
	// needReturn: the function returns a value, so ending without RETURN
	// is an error; outs are its OUT parameters' variables.
	needReturn bool
	outs       []*Var
	// rowResult: the function returns rows of a composite type's fields
	// (RETURNS [SETOF] a table, a composite type, record), so RETURN
	// NEXT of a composite returns its fields.
	rowResult bool
	// returns names the row type of a function returning a table's or a
	// composite type's rows (resultRow resolves it once); scalarResult:
	// the function returns a value of another type.
	returns      string
	resultRow    *value.Type
	scalarResult bool
	// tg are a trigger function's TG_ variables, in tgVars' order.
	tg []*Var

	// byName finds a variable by its (lower-case) name.
	byName map[string]*Var
	// datums maps the parser's datum numbers to what they name.
	datums []datum
}

// tgVars are the variables of a trigger function's call (Run sets them in
// this order; TG_ARGV last).
var tgVars = [...]struct{ name, typ string }{{"tg_name", "text"}, {"tg_when", "text"}, {"tg_level", "text"},
	{"tg_op", "text"}, {"tg_table_name", "text"}, {"tg_relname", "text"}, {"tg_table_schema", "text"},
	{"tg_nargs", "integer"}, {"tg_argv", "text[]"}}

// Var is one named variable. PostgreSQL's parser does not report which
// block declares what, so variables of one name share one slot; a nested
// block's declaration re-initializes it on entry (see blocks in decode).
type Var struct {
	Name     string
	TypeName string // as declared; "" for a record
	Record   bool
	Const    bool
	NotNull  bool
	Default  *Expr
	slot     int
	declared bool // a DECLARE item (initialized by its block)
	line     int
	// typ is TypeName resolved (resolved), once per Function.
	typ      value.Type
	resolved bool
	// row is the composite type of a row variable (declared as a
	// table's row type or a CREATE TYPE ... AS composite), whose value
	// is a Record of rowCols that keeps its type; nil for a record
	// variable, which takes the shape of what it is assigned.
	row     *value.Type
	rowCols []Column
}

// datum is what a datum number stands for: a variable, a field of a
// record variable, or a row (a list of targets of an INTO).
type datum struct {
	v     *Var
	field string // recfield: the field of v
	row   []int  // row: target datum numbers
}

// Target is the left side of an assignment or one target of an INTO.
type Target struct {
	V     *Var
	Field string // "" for the whole variable
}

// Expr is one embedded SQL expression or statement. Query is its text as
// the parser gave it (an expression without SELECT for expressions).
type Expr struct {
	Query string
	// Expression: Query is a value expression (evaluated as SELECT Query).
	Expression bool
	Line       int
	cache      exprCache
}

// Stmt is one PL/pgSQL statement.
type Stmt interface{ line() int }

type stmtBase struct{ Line int }

func (s stmtBase) line() int { return s.Line }

// Block is BEGIN ... [EXCEPTION ...] END, with the variables its DECLARE
// initializes.
type Block struct {
	stmtBase
	Label    string
	Decls    []*Var
	Body     []Stmt
	Handlers []Handler
}

// Handler is one WHEN cond [OR cond] THEN of an EXCEPTION clause.
type Handler struct {
	Conds []string // condition names or SQLSTATEs, lower-case
	Body  []Stmt
}

type (
	Assign struct {
		stmtBase
		Target Target
		Value  *Expr
	}
	If struct {
		stmtBase
		Conds  []*Expr
		Bodies [][]Stmt
		Else   []Stmt
	}
	Case struct {
		stmtBase
		Subject *Expr // nil for a searched CASE
		Var     *Var  // the hidden variable the WHEN conditions read
		Conds   []*Expr
		Bodies  [][]Stmt
		HasElse bool
		Else    []Stmt
	}
	Loop struct {
		stmtBase
		Label string
		Cond  *Expr // WHILE's condition; nil for LOOP
		Body  []Stmt
	}
	ForInt struct {
		stmtBase
		Label              string
		Var                *Var
		Lower, Upper, Step *Expr
		Reverse            bool
		Body               []Stmt
	}
	ForQuery struct {
		stmtBase
		Label   string
		Targets []Target
		Query   *Expr
		Dynamic bool    // FOR ... IN EXECUTE: Query yields the text
		Params  []*Expr // USING
		Body    []Stmt
	}
	ForEach struct {
		stmtBase
		Label  string
		Target Target
		Slice  int
		Array  *Expr
		Body   []Stmt
	}
	Exit struct {
		stmtBase
		Continue bool
		Label    string
		Cond     *Expr
	}
	Return struct {
		stmtBase
		Value *Expr
	}
	ReturnNext struct {
		stmtBase
		Value *Expr
	}
	ReturnQuery struct {
		stmtBase
		Query   *Expr
		Dynamic *Expr
		Params  []*Expr
	}
	Raise struct {
		stmtBase
		Level   int    // elog level: 18 NOTICE, 17 INFO, 19 WARNING, 21 EXCEPTION, ...
		Cond    string // RAISE condition_name / SQLSTATE 'x'
		Message string
		Params  []*Expr
		Options []RaiseOption
	}
	ExecSQL struct {
		stmtBase
		SQL     *Expr
		Into    bool
		Strict  bool
		Targets []Target
	}
	DynExecute struct {
		stmtBase
		Query   *Expr
		Into    bool
		Strict  bool
		Targets []Target
		Params  []*Expr
	}
	Perform struct {
		stmtBase
		SQL *Expr
	}
	// CallProc is CALL of a procedure: its OUT and INOUT results go back
	// into the variables passed for them.
	CallProc struct {
		stmtBase
		SQL *Expr
	}
	// EndTxn is COMMIT or ROLLBACK [AND CHAIN] in a procedure or DO block.
	EndTxn struct {
		stmtBase
		Commit, Chain bool
	}
	GetDiag struct {
		stmtBase
		Items []DiagItem
	}
	Assert struct {
		stmtBase
		Cond, Message *Expr
	}
)

// RaiseOption is one USING option of RAISE.
type RaiseOption struct {
	Kind  int // PLpgSQL_raise_option_type: 0 ERRCODE, 1 MESSAGE, 2 DETAIL, 3 HINT, ...
	Value *Expr
}

// DiagItem is one target = ITEM of GET DIAGNOSTICS.
type DiagItem struct {
	Kind   string
	Target Target
}

// Elog levels of RAISE (PostgreSQL's elog.h).
const (
	levelDebug     = 14
	levelLog       = 15
	levelInfo      = 17
	levelNotice    = 18
	levelWarning   = 19
	levelException = 21
)

// The JSON of pg_query's PL/pgSQL dump: every node is an object with one
// key, its type.
type (
	jnode = map[string]json.RawMessage

	jfunction struct {
		NewVarno *int    `json:"new_varno"`
		OldVarno *int    `json:"old_varno"`
		Datums   []jnode `json:"datums"`
		Action   jnode   `json:"action"`
	}
	jexprNode struct {
		Expr *jexpr `json:"PLpgSQL_expr"`
	}
	jexpr struct {
		Query     string `json:"query"`
		ParseMode int    `json:"parseMode"`
	}
	jtype struct {
		Type struct {
			Typname string `json:"typname"`
		} `json:"PLpgSQL_type"`
	}
	jvar struct {
		Refname  string     `json:"refname"`
		Lineno   int        `json:"lineno"`
		Datatype *jtype     `json:"datatype"`
		Isconst  bool       `json:"isconst"`
		Notnull  bool       `json:"notnull"`
		Default  *jexprNode `json:"default_val"`
		Cursor   *jexprNode `json:"cursor_explicit_expr"`
	}
	jrec struct {
		Refname string `json:"refname"`
		Dno     int    `json:"dno"`
		Lineno  int    `json:"lineno"`
	}
	jrow struct {
		Refname string `json:"refname"`
		Lineno  int    `json:"lineno"`
		Fields  []struct {
			Name  string `json:"name"`
			Varno int    `json:"varno"`
		} `json:"fields"`
	}
	jrecfield struct {
		Fieldname   string `json:"fieldname"`
		Recparentno int    `json:"recparentno"`
	}
	jstmt struct {
		Lineno     int     `json:"lineno"`
		Label      string  `json:"label"`
		Body       []jnode `json:"body"`
		Exceptions *struct {
			Block struct {
				List []struct {
					Exc struct {
						Conditions []struct {
							Cond struct {
								Name string `json:"condname"`
							} `json:"PLpgSQL_condition"`
						} `json:"conditions"`
						Action []jnode `json:"action"`
					} `json:"PLpgSQL_exception"`
				} `json:"exc_list"`
			} `json:"PLpgSQL_exception_block"`
		} `json:"exceptions"`
		Varno    int        `json:"varno"`
		Expr     *jexprNode `json:"expr"`
		Cond     *jexprNode `json:"cond"`
		ThenBody []jnode    `json:"then_body"`
		Elsif    []struct {
			E struct {
				Cond  *jexprNode `json:"cond"`
				Stmts []jnode    `json:"stmts"`
			} `json:"PLpgSQL_if_elsif"`
		} `json:"elsif_list"`
		ElseBody []jnode    `json:"else_body"`
		TExpr    *jexprNode `json:"t_expr"`
		TVarno   int        `json:"t_varno"`
		Whens    []struct {
			W struct {
				Expr  *jexprNode `json:"expr"`
				Stmts []jnode    `json:"stmts"`
			} `json:"PLpgSQL_case_when"`
		} `json:"case_when_list"`
		HaveElse  bool            `json:"have_else"`
		ElseStmts []jnode         `json:"else_stmts"`
		Var       jnode           `json:"var"`
		Lower     *jexprNode      `json:"lower"`
		Upper     *jexprNode      `json:"upper"`
		Step      *jexprNode      `json:"step"`
		Reverse   bool            `json:"reverse"`
		Query     *jexprNode      `json:"query"`
		Dynquery  *jexprNode      `json:"dynquery"`
		Params    []jexprNode     `json:"params"`
		Slice     int             `json:"slice"`
		IsExit    bool            `json:"is_exit"`
		ElogLevel int             `json:"elog_level"`
		Condname  string          `json:"condname"`
		Message   json.RawMessage `json:"message"`
		Options   []struct {
			O struct {
				Type int        `json:"opt_type"`
				Expr *jexprNode `json:"expr"`
			} `json:"PLpgSQL_raise_option"`
		} `json:"options"`
		Sqlstmt   *jexprNode `json:"sqlstmt"`
		Chain     bool       `json:"chain"`
		Into      bool       `json:"into"`
		Strict    bool       `json:"strict"`
		Target    jnode      `json:"target"`
		DiagItems []struct {
			D struct {
				Kind   string `json:"kind"`
				Target int    `json:"target"`
			} `json:"PLpgSQL_diag_item"`
		} `json:"diag_items"`
		IsStacked bool `json:"is_stacked"`
	}
)

// Parse reads the PL/pgSQL function or DO block of one SQL statement
// (CREATE FUNCTION ... LANGUAGE plpgsql AS ..., or DO ...). Syntax errors
// are 42601; what this package cannot run is 0A000 naming it.
func Parse(sql string) (*Function, error) {
	if err := checkShape(sql); err != nil {
		return nil, err
	}
	out, err := pg.ParsePlPgSqlToJSON(sql)
	decls := map[string]rowDecl{}
	for range maxRowRewrites {
		var pe *pgparser.Error
		if err == nil || !errors.As(err, &pe) {
			break
		}
		m := notKnownVariable.FindStringSubmatch(pe.Message)
		if m == nil {
			break
		}
		text, ok := asRecord(sql, m[1], decls)
		if !ok || checkShape(text) != nil {
			break
		}
		sql = text
		out, err = pg.ParsePlPgSqlToJSON(sql)
	}
	if err != nil {
		var pe *pgparser.Error
		if errors.As(err, &pe) {
			code := errs.SyntaxError
			switch {
			case strings.Contains(pe.Message, "non-SETOF") || strings.Contains(pe.Message, "cannot have a parameter"):
				code = errs.DatatypeMismatch
			case strings.HasPrefix(pe.Message, "unrecognized exception condition"):
				code = errs.UndefinedObject
			case strings.HasSuffix(pe.Message, "is declared CONSTANT"):
				code = "22005"
			}
			return nil, errs.New(code, "%s", pe.Message)
		}
		return nil, errs.New(errs.SyntaxError, "%s", err.Error())
	}
	return decode(out, decls)
}

// checkShape makes sure sql is one DO or CREATE FUNCTION statement of
// LANGUAGE plpgsql with a body as a string: pg_query's PL/pgSQL entry
// point asserts as much in C, and a failed assertion aborts the process.
func checkShape(sql string) error {
	tree, err := pg.Parse(sql)
	if err != nil {
		return errs.New(errs.SyntaxError, "%s", err.Error())
	}
	if len(tree.Stmts) != 1 || tree.Stmts[0].Stmt == nil {
		return errs.New(errs.SyntaxError, "expected one DO or CREATE FUNCTION statement")
	}
	var opts []*pg.Node
	var isDo bool
	switch n := tree.Stmts[0].Stmt.Node.(type) {
	case *pg.Node_DoStmt:
		opts, isDo = n.DoStmt.Args, true
	case *pg.Node_CreateFunctionStmt:
		if n.CreateFunctionStmt.SqlBody != nil || len(n.CreateFunctionStmt.Funcname) == 0 {
			return errs.New(errs.InvalidFunctionDefinition, "a PL/pgSQL function needs a body as a string")
		}
		opts = n.CreateFunctionStmt.Options
	default:
		return errs.New(errs.SyntaxError, "expected one DO or CREATE FUNCTION statement")
	}
	body, lang := false, isDo
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			return errs.New(errs.SyntaxError, "unexpected option in a PL/pgSQL definition")
		}
		switch d.Defname {
		case "as":
			if isDo {
				body = d.Arg.GetString_() != nil
			} else {
				items := d.Arg.GetList().GetItems()
				body = len(items) == 1 && items[0].GetString_() != nil
			}
		case "language":
			lang = strings.EqualFold(d.Arg.GetString_().GetSval(), "plpgsql")
		}
	}
	if !body || !lang {
		return errs.New(errs.InvalidFunctionDefinition, "a PL/pgSQL definition needs LANGUAGE plpgsql and a body as a string")
	}
	return nil
}

// decode turns the parser's JSON into a Function.
func decode(out string, decls map[string]rowDecl) (_ *Function, err error) {
	var top []map[string]jfunction
	if err := json.Unmarshal([]byte(out), &top); err != nil {
		return nil, errs.New(errs.InternalError, "plpgsql: reading the parse tree: %v", err)
	}
	if len(top) != 1 {
		return nil, errs.New(errs.SyntaxError, "expected one PL/pgSQL function, got %d", len(top))
	}
	jf, ok := top[0]["PLpgSQL_function"]
	if !ok {
		return nil, errs.New(errs.SyntaxError, "expected a PL/pgSQL function")
	}
	d := &decoder{f: &Function{byName: map[string]*Var{}}, rowDecls: decls}
	if err := d.datums(jf.Datums); err != nil {
		return nil, err
	}
	f := d.f
	f.Found = f.byName["found"]
	for _, dt := range f.datums {
		if dt.v == f.Found {
			break
		}
		if dt.v != nil && dt.field == "" {
			f.Args = append(f.Args, dt.v)
		}
	}
	if jf.NewVarno != nil {
		if f.New, err = d.varOf(*jf.NewVarno); err != nil {
			return nil, err
		}
	}
	if jf.OldVarno != nil {
		if f.Old, err = d.varOf(*jf.OldVarno); err != nil {
			return nil, err
		}
	}
	if f.New != nil {
		// PostgreSQL's compiler declares these for a trigger function;
		// pg_query's leaves them out.
		for _, tv := range tgVars {
			f.tg = append(f.tg, d.addVar(&Var{Name: tv.name, TypeName: tv.typ}))
		}
	}
	st, err := d.stmt(jf.Action)
	if err != nil {
		return nil, err
	}
	b, ok := st.(*Block)
	if !ok {
		return nil, errs.New(errs.InternalError, "plpgsql: the function's action is not a block")
	}
	// PostgreSQL's compiler (as pg_query runs it, every function
	// "returning void") appends a RETURN to the body; ending without one
	// is the interpreter's to judge.
	if n := len(b.Body); n > 0 {
		if r, ok := b.Body[n-1].(*Return); ok && r.Line == 0 && r.Value == nil {
			b.Body = b.Body[:n-1]
		}
	}
	f.Body = b
	d.assignDecls()
	return f, nil
}

type decoder struct {
	f *Function
	// rowDecls are the declarations Parse made records' (rowvars.go).
	rowDecls map[string]rowDecl
	blocks   []*Block // in the order of their BEGIN lines (pre-order)
	// prevLine[i] is the line of the statement before blocks[i].
	prevLine []int
	lastLine int
}

func (d *decoder) datums(js []jnode) error {
	f := d.f
	f.datums = make([]datum, len(js))
	for i, jn := range js {
		for kind, raw := range jn {
			switch kind {
			case "PLpgSQL_var":
				var jv jvar
				if err := json.Unmarshal(raw, &jv); err != nil {
					return badTree(err)
				}
				if jv.Cursor != nil || jv.Datatype != nil && strings.EqualFold(strings.TrimSpace(jv.Datatype.Type.Typname), "refcursor") {
					return errs.New(errs.FeatureNotSupported, "PL/pgSQL cursor variables are not supported (%s)", jv.Refname)
				}
				v := &Var{Name: jv.Refname, Const: jv.Isconst, NotNull: jv.Notnull, line: jv.Lineno, declared: jv.Lineno > 0}
				if jv.Datatype != nil {
					v.TypeName = strings.TrimSpace(jv.Datatype.Type.Typname)
				}
				if jv.Default != nil && jv.Default.Expr != nil {
					v.Default = &Expr{Query: jv.Default.Expr.Query, Expression: true, Line: jv.Lineno}
				}
				f.datums[i] = datum{v: d.addVar(v)}
			case "PLpgSQL_rec":
				var jr jrec
				if err := json.Unmarshal(raw, &jr); err != nil {
					return badTree(err)
				}
				v := &Var{Name: jr.Refname, Record: true, line: jr.Lineno, declared: jr.Lineno > 0}
				if rd, ok := d.rowDecls[jr.Refname]; ok && v.declared {
					// A row variable Parse declared as a record.
					v.TypeName = rd.typeName
					if rd.def != "" {
						v.Default = &Expr{Query: rd.def, Expression: true, Line: jr.Lineno}
					}
				}
				f.datums[i] = datum{v: d.addVar(v)}
			case "PLpgSQL_row":
				var jr jrow
				if err := json.Unmarshal(raw, &jr); err != nil {
					return badTree(err)
				}
				row := make([]int, len(jr.Fields))
				for k, fl := range jr.Fields {
					row[k] = fl.Varno
				}
				f.datums[i] = datum{row: row}
			case "PLpgSQL_recfield":
				var jr jrecfield
				if err := json.Unmarshal(raw, &jr); err != nil {
					return badTree(err)
				}
				if jr.Recparentno < 0 || jr.Recparentno >= i || f.datums[jr.Recparentno].v == nil {
					return badTree(fmt.Errorf("record field of datum %d", jr.Recparentno))
				}
				f.datums[i] = datum{v: f.datums[jr.Recparentno].v, field: jr.Fieldname}
			default:
				return errs.New(errs.FeatureNotSupported, "PL/pgSQL %s is not supported", kind)
			}
		}
	}
	return nil
}

// addVar adds v, or returns the variable of its name already there when
// it is of the same kind (PostgreSQL's parser reports no scopes: a name
// is one variable here).
func (d *decoder) addVar(v *Var) *Var {
	name := v.Name
	if old, ok := d.f.byName[name]; ok {
		if v.declared && v.TypeName != "" && !strings.HasPrefix(v.Name, "__Case__") {
			// A re-declaration: its block sets its type and value on entry.
			nv := *v
			nv.slot = old.slot
			return &nv
		}
		return old
	}
	v.slot = len(d.f.Vars)
	d.f.Vars = append(d.f.Vars, v)
	d.f.byName[name] = v
	return v
}

func badTree(err error) error {
	return errs.New(errs.InternalError, "plpgsql: reading the parse tree: %v", err)
}

func (d *decoder) varOf(dno int) (*Var, error) {
	if dno < 0 || dno >= len(d.f.datums) || d.f.datums[dno].v == nil || d.f.datums[dno].field != "" {
		return nil, badTree(fmt.Errorf("datum %d is not a variable", dno))
	}
	return d.f.datums[dno].v, nil
}

func (d *decoder) target(dno int) (Target, error) {
	if dno < 0 || dno >= len(d.f.datums) || d.f.datums[dno].v == nil {
		return Target{}, badTree(fmt.Errorf("datum %d is not a target", dno))
	}
	dt := d.f.datums[dno]
	return Target{V: dt.v, Field: dt.field}, nil
}

// targets reads an INTO target or a FOR variable: a record, a variable or
// a row of variables.
func (d *decoder) targets(jn jnode) ([]Target, error) {
	for kind, raw := range jn {
		switch kind {
		case "PLpgSQL_row":
			var jr jrow
			if err := json.Unmarshal(raw, &jr); err != nil {
				return nil, badTree(err)
			}
			out := make([]Target, len(jr.Fields))
			for i, fl := range jr.Fields {
				t, err := d.target(fl.Varno)
				if err != nil {
					return nil, err
				}
				out[i] = t
			}
			return out, nil
		case "PLpgSQL_rec":
			var jr jrec
			if err := json.Unmarshal(raw, &jr); err != nil {
				return nil, badTree(err)
			}
			t, err := d.target(jr.Dno)
			if err != nil {
				return nil, err
			}
			return []Target{t}, nil
		case "PLpgSQL_var":
			var jv jvar
			if err := json.Unmarshal(raw, &jv); err != nil {
				return nil, badTree(err)
			}
			v, ok := d.f.byName[jv.Refname]
			if !ok {
				return nil, badTree(fmt.Errorf("unknown variable %q", jv.Refname))
			}
			return []Target{{V: v}}, nil
		}
	}
	return nil, badTree(errors.New("missing target"))
}

func expr(j *jexprNode, line int) *Expr {
	if j == nil || j.Expr == nil {
		return nil
	}
	// parseMode 0 is a whole statement; 2 an expression; 3 an assignment.
	return &Expr{Query: j.Expr.Query, Expression: j.Expr.ParseMode != 0, Line: line}
}

func (d *decoder) stmts(js []jnode) ([]Stmt, error) {
	out := make([]Stmt, 0, len(js))
	for _, jn := range js {
		s, err := d.stmt(jn)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (d *decoder) stmt(jn jnode) (Stmt, error) {
	if len(jn) != 1 {
		return nil, badTree(errors.New("a statement node must have one type"))
	}
	for kind, raw := range jn {
		var j jstmt
		if err := json.Unmarshal(raw, &j); err != nil {
			return nil, badTree(err)
		}
		base := stmtBase{Line: j.Lineno}
		if kind == "PLpgSQL_stmt_block" {
			b := &Block{stmtBase: base, Label: j.Label}
			d.blocks = append(d.blocks, b)
			d.prevLine = append(d.prevLine, d.lastLine)
			d.lastLine = j.Lineno
			var err error
			if b.Body, err = d.stmts(j.Body); err != nil {
				return nil, err
			}
			if j.Exceptions != nil {
				for _, e := range j.Exceptions.Block.List {
					h := Handler{}
					for _, c := range e.Exc.Conditions {
						name := strings.ToLower(c.Cond.Name)
						if _, ok := conditionCode(name); !ok && name != "others" {
							return nil, errs.New(errs.UndefinedObject, "unrecognized exception condition %q", c.Cond.Name)
						}
						h.Conds = append(h.Conds, name)
					}
					if h.Body, err = d.stmts(e.Exc.Action); err != nil {
						return nil, err
					}
					b.Handlers = append(b.Handlers, h)
				}
			}
			return b, nil
		}
		d.lastLine = max(d.lastLine, j.Lineno)
		return d.simple(kind, base, &j)
	}
	return nil, nil
}

func (d *decoder) simple(kind string, base stmtBase, j *jstmt) (Stmt, error) {
	line := j.Lineno
	var err error
	switch kind {
	case "PLpgSQL_stmt_assign":
		t, err := d.target(j.Varno)
		if err != nil {
			return nil, err
		}
		e := expr(j.Expr, line)
		if e == nil {
			return nil, badTree(errors.New("assignment without a value"))
		}
		if e.Query, err = assignedValue(e.Query, t.V.TypeName); err != nil {
			return nil, err
		}
		return &Assign{stmtBase: base, Target: t, Value: e}, nil
	case "PLpgSQL_stmt_if":
		s := &If{stmtBase: base}
		body, err := d.stmts(j.ThenBody)
		if err != nil {
			return nil, err
		}
		s.Conds, s.Bodies = append(s.Conds, expr(j.Cond, line)), append(s.Bodies, body)
		for _, e := range j.Elsif {
			body, err := d.stmts(e.E.Stmts)
			if err != nil {
				return nil, err
			}
			s.Conds, s.Bodies = append(s.Conds, expr(e.E.Cond, line)), append(s.Bodies, body)
		}
		s.Else, err = d.stmts(j.ElseBody)
		return s, err
	case "PLpgSQL_stmt_case":
		s := &Case{stmtBase: base, Subject: expr(j.TExpr, line), HasElse: j.HaveElse}
		if s.Subject != nil {
			if s.Var, err = d.varOf(j.TVarno); err != nil {
				return nil, err
			}
		}
		for _, w := range j.Whens {
			body, err := d.stmts(w.W.Stmts)
			if err != nil {
				return nil, err
			}
			s.Conds, s.Bodies = append(s.Conds, expr(w.W.Expr, line)), append(s.Bodies, body)
		}
		s.Else, err = d.stmts(j.ElseStmts)
		return s, err
	case "PLpgSQL_stmt_loop", "PLpgSQL_stmt_while":
		s := &Loop{stmtBase: base, Label: j.Label, Cond: expr(j.Cond, line)}
		s.Body, err = d.stmts(j.Body)
		return s, err
	case "PLpgSQL_stmt_fori":
		ts, err := d.targets(j.Var)
		if err != nil {
			return nil, err
		}
		s := &ForInt{stmtBase: base, Label: j.Label, Var: ts[0].V, Lower: expr(j.Lower, line), Upper: expr(j.Upper, line),
			Step: expr(j.Step, line), Reverse: j.Reverse}
		s.Body, err = d.stmts(j.Body)
		return s, err
	case "PLpgSQL_stmt_fors", "PLpgSQL_stmt_dynfors":
		ts, err := d.targets(j.Var)
		if err != nil {
			return nil, err
		}
		s := &ForQuery{stmtBase: base, Label: j.Label, Targets: ts, Query: expr(j.Query, line), Dynamic: kind == "PLpgSQL_stmt_dynfors"}
		for i := range j.Params {
			s.Params = append(s.Params, expr(&j.Params[i], line))
		}
		s.Body, err = d.stmts(j.Body)
		return s, err
	case "PLpgSQL_stmt_foreach_a":
		t, err := d.target(j.Varno)
		if err != nil {
			return nil, err
		}
		s := &ForEach{stmtBase: base, Label: j.Label, Target: t, Slice: j.Slice, Array: expr(j.Expr, line)}
		s.Body, err = d.stmts(j.Body)
		return s, err
	case "PLpgSQL_stmt_exit":
		return &Exit{stmtBase: base, Continue: !j.IsExit, Label: j.Label, Cond: expr(j.Cond, line)}, nil
	case "PLpgSQL_stmt_return":
		return &Return{stmtBase: base, Value: expr(j.Expr, line)}, nil
	case "PLpgSQL_stmt_return_next":
		return &ReturnNext{stmtBase: base, Value: expr(j.Expr, line)}, nil
	case "PLpgSQL_stmt_return_query":
		s := &ReturnQuery{stmtBase: base, Query: expr(j.Query, line), Dynamic: expr(j.Dynquery, line)}
		for i := range j.Params {
			s.Params = append(s.Params, expr(&j.Params[i], line))
		}
		return s, nil
	case "PLpgSQL_stmt_raise":
		s := &Raise{stmtBase: base, Level: j.ElogLevel, Cond: strings.ToLower(j.Condname)}
		if len(j.Message) > 0 {
			if err := json.Unmarshal(j.Message, &s.Message); err != nil {
				return nil, badTree(err)
			}
		}
		for i := range j.Params {
			s.Params = append(s.Params, expr(&j.Params[i], line))
		}
		for _, o := range j.Options {
			s.Options = append(s.Options, RaiseOption{Kind: o.O.Type, Value: expr(o.O.Expr, line)})
		}
		return s, nil
	case "PLpgSQL_stmt_assert":
		var m struct {
			Message *jexprNode `json:"message"`
		}
		_ = json.Unmarshal(j.Message, &m)
		s := &Assert{stmtBase: base, Cond: expr(j.Cond, line)}
		if len(j.Message) > 0 {
			var mn jexprNode
			if err := json.Unmarshal(j.Message, &mn); err != nil {
				return nil, badTree(err)
			}
			s.Message = expr(&mn, line)
		}
		return s, nil
	case "PLpgSQL_stmt_execsql":
		s := &ExecSQL{stmtBase: base, SQL: expr(j.Sqlstmt, line), Into: j.Into, Strict: j.Strict}
		if s.SQL == nil {
			return nil, badTree(errors.New("SQL statement without text"))
		}
		if j.Into {
			if s.Targets, err = d.targets(j.Target); err != nil {
				return nil, err
			}
		}
		return s, nil
	case "PLpgSQL_stmt_dynexecute":
		s := &DynExecute{stmtBase: base, Query: expr(j.Query, line), Into: j.Into, Strict: j.Strict}
		if j.Into {
			if s.Targets, err = d.targets(j.Target); err != nil {
				return nil, err
			}
		}
		for i := range j.Params {
			s.Params = append(s.Params, expr(&j.Params[i], line))
		}
		return s, nil
	case "PLpgSQL_stmt_perform":
		return &Perform{stmtBase: base, SQL: expr(j.Expr, line)}, nil
	case "PLpgSQL_stmt_call":
		if e := expr(j.Expr, line); e != nil {
			return &CallProc{stmtBase: base, SQL: e}, nil
		}
		return nil, badTree(errors.New("CALL without a statement"))
	case "PLpgSQL_stmt_commit", "PLpgSQL_stmt_rollback":
		return &EndTxn{stmtBase: base, Commit: kind == "PLpgSQL_stmt_commit", Chain: j.Chain}, nil
	case "PLpgSQL_stmt_getdiag":
		if j.IsStacked {
			return nil, errs.New(errs.FeatureNotSupported, "GET STACKED DIAGNOSTICS is not supported")
		}
		s := &GetDiag{stmtBase: base}
		for _, it := range j.DiagItems {
			if it.D.Kind != "ROW_COUNT" {
				return nil, errs.New(errs.FeatureNotSupported, "GET DIAGNOSTICS %s is not supported", it.D.Kind)
			}
			t, err := d.target(it.D.Target)
			if err != nil {
				return nil, err
			}
			s.Items = append(s.Items, DiagItem{Kind: it.D.Kind, Target: t})
		}
		return s, nil
	}
	name := strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(kind, "PLpgSQL_stmt_"), "_", " "))
	switch name {
	case "FORC", "OPEN", "FETCH", "CLOSE":
		name = "cursor statements (" + name + ")"
	}
	return nil, errs.New(errs.FeatureNotSupported, "PL/pgSQL %s is not supported", name)
}

// assignedValue is the value expression of an assignment's text
// ("x := a + 1", "NEW.c = 3"): what follows the target and := or =. An
// assignment to an element (x[i][j] := v) assigns the whole array with
// the element set: array_set(x, (v), (i), (j)); to a slice (x[1:2] :=
// v) with the slice set, from v as the target's type typ.
func assignedValue(q, typ string) (string, error) {
	i := 0
	for i < len(q) {
		c := q[i]
		switch {
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				return "", errs.New(errs.SyntaxError, "unterminated quoted identifier in %q", q)
			}
			i += j + 2
		case c == '[':
			return elementAssignment(q, i, typ)
		case c == ':' && i+1 < len(q) && q[i+1] == '=':
			return strings.TrimSpace(q[i+2:]), nil
		case c == '=':
			return strings.TrimSpace(q[i+1:]), nil
		default:
			i++
		}
	}
	return "", errs.New(errs.SyntaxError, "assignment without := in %q", q)
}

// elementAssignment rewrites q, an assignment whose target's subscripts
// start at q[at], as the assignment of the array with that element (or
// slice, of the array's type typ) set.
func elementAssignment(q string, at int, typ string) (string, error) {
	target := strings.TrimSpace(q[:at])
	var subs []string
	i := at
	for i < len(q) && q[i] == '[' {
		depth, j, quote := 0, i, byte(0)
		for ; j < len(q); j++ {
			c := q[j]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '\'' || c == '"':
				quote = c
			case c == '[':
				depth++
			case c == ']':
				depth--
			}
			if depth == 0 {
				break
			}
		}
		if j == len(q) {
			return "", errs.New(errs.SyntaxError, "unterminated array subscript in %q", q)
		}
		subs = append(subs, q[i+1:j])
		i = j + 1
		for i < len(q) && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
			i++
		}
	}
	var val string
	switch {
	case strings.HasPrefix(q[i:], ":="):
		val = q[i+2:]
	case strings.HasPrefix(q[i:], "="):
		val = q[i+1:]
	default:
		return "", errs.New(errs.FeatureNotSupported, "assignment to a field of an array element is not supported: %s", q)
	}
	val = "(" + strings.TrimSpace(val) + ")"
	if !slices.ContainsFunc(subs, func(s string) bool { return sliceColon(s) >= 0 }) {
		for k, s := range subs {
			subs[k] = "(" + s + ")"
		}
		return "array_set(" + target + ", " + val + ", " + strings.Join(subs, ", ") + ")", nil
	}
	// A slice: each subscript a pair of bounds (NULL when left out; a
	// lone i is 1:i, as in a fetch).
	var bounds []string
	for _, s := range subs {
		lo, hi := "1", s
		if c := sliceColon(s); c >= 0 {
			lo, hi = s[:c], s[c+1:]
		}
		for _, b := range []string{lo, hi} {
			if strings.TrimSpace(b) == "" {
				b = "NULL"
			}
			bounds = append(bounds, "("+b+")")
		}
	}
	if strings.HasSuffix(typ, "]") {
		// An untyped '{1,2}' reads as the array (a parameter's type
		// is its element's here: see Compile).
		val += "::" + typ
	}
	return "array_set_slice(" + target + ", " + val + ", " + strings.Join(bounds, ", ") + ")", nil
}

// sliceColon is the index of the colon of a subscript lo:hi (a lone
// colon, not a :: cast), -1 when there is none.
func sliceColon(sub string) int {
	for i := 0; i < len(sub); i++ {
		if sub[i] != ':' {
			continue
		}
		if i+1 < len(sub) && sub[i+1] == ':' {
			i++
			continue
		}
		return i
	}
	return -1
}

// assignDecls gives each block the declared variables it initializes:
// those declared between the statement before its BEGIN and its BEGIN
// (the parser reports declarations' lines, not their blocks). What no
// block claims is initialized with the outermost block.
func (d *decoder) assignDecls() {
	claimed := map[*Var]bool{}
	for i := len(d.blocks) - 1; i >= 0; i-- {
		b := d.blocks[i]
		for _, v := range d.allDeclared() {
			if !claimed[v] && v.line > d.prevLine[i] && v.line <= b.Line {
				b.Decls = append(b.Decls, v)
				claimed[v] = true
			}
		}
	}
	for _, v := range d.allDeclared() {
		if !claimed[v] {
			d.f.Body.Decls = append(d.f.Body.Decls, v)
		}
	}
}

// allDeclared lists the DECLAREd variables (re-declarations included) in
// declaration order.
func (d *decoder) allDeclared() []*Var {
	var out []*Var
	seen := map[*Var]bool{}
	for _, dt := range d.f.datums {
		v := dt.v
		if v == nil || dt.field != "" || seen[v] || !v.declared || strings.HasPrefix(v.Name, "__Case__") || isAuto(v.Name) {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// isAuto reports the variables the parser makes itself.
func isAuto(name string) bool {
	switch strings.ToLower(name) {
	case "found", "sqlstate", "sqlerrm", "new", "old":
		return true
	}
	return false
}
